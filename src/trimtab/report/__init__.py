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

json/ (the ``--json`` documents and their schemas, ``trimtab schema NAME``):
  documents             trimtab.problems/1, trimtab.state/1, trimtab.drift/1, trimtab.securities/1
  plan, plan_schema     trimtab.plan/1 and its schema
  tax, rmd, wash        trimtab.check/1 and trimtab.tax/1, with their RMD and wash parts
  location              trimtab.location/1 and the plan's location part
  concentration         the ``concentration`` field of the state, drift and plan documents
  imports               trimtab.import/1
  book                  trimtab.book/1
  journal_schema        the schema of trimtab.journal/1
  schemas, schema_parts the schemas of every document read and printed, and their shared pieces

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
