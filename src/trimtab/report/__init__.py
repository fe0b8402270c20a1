"""Renderers by medium: what trimtab prints and writes, from the results of trimtab.results
(built by explain/ and optimize/, which report/ does not import).

format                  how every renderer writes a number: money, dollars, shares, bp, settings

console/ (rich):
  common                problems, the household summary, state and drift; the Console
  plan                  the plan in the six report steps, each under its numbered heading
  tax                   ``trimtab check`` and ``trimtab tax``
  location              the asset-location review (``trimtab location``, step 4 of the plan)
  concentration         concentrated single stocks (``state``, ``drift``, ``plan``)
  fit, terminal         tables that fit the terminal; user text with control characters escaped

json/ (the ``--json`` documents, each module one document and its schema, ``trimtab schema NAME``):
  problems              trimtab.problems/1, and the problem object of every document's warnings
  state, drift          trimtab.state/1 and trimtab.drift/1
  securities            trimtab.securities/1
  plan                  trimtab.plan/1
  check, tax            trimtab.check/1 and trimtab.tax/1
  tax_parts, rmd, wash  the pieces the tax documents share: estimate, open lot, RMD and wash rows
  location              trimtab.location/1 and the plan's location part
  concentration         the ``concentration`` field of the state, drift and plan documents
  imports               trimtab.import/1
  book                  trimtab.book/1
  journal_schema        the schema of trimtab.journal/1
  schemas, schema_parts the registry of every document's schema, and their shared pieces
  encode                a document's bytes: what ``--json`` prints and every JSON file holds

Files:
  plan_files            the set ``plan --out`` writes for one plan (the book writes the same)
  excel                 plan.xlsx, the plan workbook (XlsxWriter)
  html, templates/      report.html for the client and review.html for the advisor (Jinja2)
  pdf                   report.pdf, the client report printed by headless Chromium
  trade_files           custodian trade files: trimtab's CSV, IBKR's basket, one per custodian
  book_records          the records of a book run; block_trades: its block orders
  book_excel, book_html book.xlsx and book.html, the book's drift monitor and block orders
  words                 the names the client report and the workbook show for trimtab's codes

docs/reports.md describes what each shows.
"""
