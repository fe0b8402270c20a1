"""Analysis of a household (Decimal, no solver): valuation, state, drift, location."""
