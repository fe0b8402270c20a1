"""Book runs: every household of an advisor's book, on local processes or a Dask cluster.

:func:`run_book` plans each household as ``trimtab plan FILE --out DIR/<key> --json`` would
(byte for byte), a failure being that household's result, and writes the book's drift monitor,
totals and block trade files (docs/book.md). Dask is imported only by
:mod:`trimtab.book.cluster`, and only when a book runs on a cluster.
"""

from trimtab.book.runner import BookRun, book_files, run_book
from trimtab.book.work import BookOptions

__all__ = ["BookOptions", "BookRun", "book_files", "run_book"]
