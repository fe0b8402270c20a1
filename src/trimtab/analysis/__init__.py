"""Analysis of a household (Decimal, no solver): valuation, state, drift, location, and what
its restrictions allow (`restrictions`: may a holding be sold, a fund be bought, where)."""
