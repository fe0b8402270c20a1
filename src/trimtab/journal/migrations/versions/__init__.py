"""The journal's schema revisions, oldest first: 0001 the entries, 0002 the trade index."""
