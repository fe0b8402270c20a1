"""Typed access to shipped data and its checks; every file is read by :mod:`.shipped`.

shipped         the one reader of ``trimtab/data/…`` and its one error, DataError
tax_year        federal tax parameters of each shipped year (data/tax/federal/YEAR.yaml)
rmd_table       the RMD rules: Uniform Lifetime Table, applicable ages, account types
securities      the securities master (data/securities.yaml, read through its compiled JSON)
lookup          securities found by a free-text query (``trimtab securities QUERY``)
markets         capital-market assumptions: volatility, correlation, risk aversion
tax_efficiency  per-class yields and tax shares for asset location, with tag overrides
"""
