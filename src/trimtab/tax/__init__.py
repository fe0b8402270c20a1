"""Tax rules on lots and returns: pure functions of immutable inputs, Decimal throughout.

holding       the holding period: one-year anniversary, long or short term, gifts and inheritance
netting       Schedule D netting, the $3,000 loss limit and carryovers by character
federal       ordinary and capital-gain tax (QDCG worksheet), NIIT, and the per-household estimate
basis         basis and gain of shares sold, the gift dual-basis rule
lots          open lots as plain records (what relief methods choose from, what trades leave)
relief        lot relief methods as a table: fifo, lifo, hifo, specific_id, min_tax, average
realize       apply a list of trades to the lots: realized rows, lots after, marginal tax
estimate      the household's estimate for its tax year, and the difference of two estimates
curve         the tax of a plan's gains as exact piecewise-linear curves, for the optimizer
memo          figures of the household alone, computed once per household object
harvest       harvestable losses: lots whose sale would realize a loss above the thresholds
harvest_wash  whether harvesting a lot today would be a wash sale
held          held lots with recent wash sales in their basis and holding period (read by everyone)
identity      substantially identical securities: which symbols are one for wash sales
wash/         wash sales across the household: scope, match (replacements to loss sales),
              adjust (basis and holding period), calendar (no-buy dates), boundary (a loss
              washed by next year's purchase), records
whatif        a trade list applied with its wash sales, in date order (check and plan)
rmd           required minimum distributions still owed this year, per account

Each module's docstring states its rule, works an example by hand and names the authority;
docs/tax-rules.md collects them with the approximations chosen.
"""
