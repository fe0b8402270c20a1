"""Explain a plan: positions after, exact tax, rationale per trade, and invariant checks."""
