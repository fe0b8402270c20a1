"""``trimtab serve``: a local web app over a book folder and the run journal (docs/web.md).

The book page (every household's status, largest breach, the proposed plan's tax, its last
run), a household's page (drift chart, trades with their rationale, tax, wash-sale calendar,
asset location, history), the review (approve or reject with a note; the plan's files; a
what-if checked by ``trimtab check``) and a re-plan with its progress.

:mod:`trimtab.web.app` (routes) and :mod:`trimtab.web.security` (the safety rules) are the only
modules that import Starlette; :mod:`.book_view`, :mod:`.actions` and :mod:`.jobs` are plain
Python over the book folder, the journal and the book runner. Nothing is imported here, so
``import trimtab.web`` costs nothing.
"""
