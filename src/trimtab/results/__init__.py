"""Results as plain records, below the renderers (issue 30, move 1): what report/ renders is
built by optimize/ and explain/ but defined here, so report/ imports neither of them.

- ``plan``: :class:`~trimtab.results.plan.PlanReport`, the plan and everything around it.
- ``location``: :class:`~trimtab.results.location.LocationReview` and its rows.
- ``tax``: :class:`~trimtab.results.tax.TaxOverview`, what ``trimtab tax`` reports.

The old import paths (``trimtab.explain.plan.PlanReport``, ``trimtab.optimize.location.
LocationReview``, ``trimtab.pipeline.TaxOverview``) still work.
"""
