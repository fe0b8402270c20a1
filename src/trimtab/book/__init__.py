"""Book runs: every household of an advisor's book, on local processes or a Dask cluster."""
