"""Helpers the tests share: households, plans, pages and samples (issue 30, move 7: no test
module imports another)."""
