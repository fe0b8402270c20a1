"""The commented household file ``trimtab import`` starts when ``--into`` does not exist yet.

The import fills ``as_of``, ``prices``, ``accounts`` and ``transactions``; the advisor's
sections (``tax``, ``owners``, ``targets``, ``bands``) are left commented out, to fill in. Until
they are, the import reports them as warnings and ``trimtab validate`` as errors.
"""

from __future__ import annotations

import datetime as dt

TEMPLATE = """\
# A household file started by `trimtab import` (docs/household-format.md, docs/importers.md).
# A later import replaces, for each imported account, its cash and holdings; the prices of the
# imported symbols; the transactions of the accounts a history export covers; and as_of.
# Everything else is kept as you write it, comments included.
format: trimtab.household/1
# name: The Example household
as_of: {as_of}

# --- To fill in: the advisor's sections. Uncomment, complete, then `trimtab validate`. ---
#
# tax:
#   year: {year}                      # the year of as_of
#   filing_status: married_joint       # single, married_joint, married_separate,
#                                      # head_of_household, qualifying_surviving_spouse
#   ordinary_taxable_income: 0         # after deductions, excluding capital gains
#   qualified_dividends: 0
#   state_rate: 0                      # a fraction: 0.05 = 5 %
#
# owners:                              # the people of the return (for RMDs: birth dates)
#   - {{id: owner1, birth_date: 1960-01-01}}
#
# targets:                             # percent of the household by asset class, adding to 100
#   us_large_cap: 40
#   intl_developed: 20
#   ig_bonds: 40
#
# bands: {{absolute: 5, relative: 25, min_width: 1}}

prices: {{}}

accounts: []

transactions: []
"""


def template(as_of: dt.date) -> str:
    """The text of a new household file dated ``as_of``."""
    return TEMPLATE.format(as_of=as_of.isoformat(), year=as_of.year)
