"""Tax rules on lots and returns: pure functions of immutable inputs, Decimal throughout.

holding   the holding period: one-year anniversary, long or short term, gifts and inheritance
netting   Schedule D netting, the $3,000 loss limit and carryovers by character
federal   ordinary and capital-gain tax (QDCG worksheet), NIIT, and the per-household estimate

Each module's docstring states its rule, works an example by hand and names the authority;
docs/tax-rules.md collects them with the approximations chosen.
"""
