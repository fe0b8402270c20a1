"""The household rebalancing model on HiGHS: the only place with floats and a solver.

Flow: :mod:`.inputs` (the household as index sets and arrays) -> :mod:`.model` (objective
terms and constraint families as named sparse blocks) -> :mod:`.solve` (HiGHS) ->
:mod:`.decode` (Decimal shares). The notation is in docs/optimizer.md.
"""
