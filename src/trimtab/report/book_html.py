"""``book.html``: the book's drift monitor (sorted by need), totals and block orders (Jinja2).

A self-contained page (inline CSS, no script); every value is formatted here and escaped by
the template (autoescape), so a household name from the input cannot inject markup.
"""

from __future__ import annotations

from trimtab.money import round_percent
from trimtab.report.block_trades import block_orders
from trimtab.report.book_records import BookSummary, HouseholdResult
from trimtab.report.format import dollars, plain_shares
from trimtab.report.html import template_environment

Cell = tuple[str, bool]  # text, numeric (right-aligned)

MONITOR_COLUMNS = (
    "Household",
    "Folder",
    "Status",
    "Largest breach (points)",
    "Classes outside",
    "Cash due",
    "RMD due",
    "Harvestable",
    "Trades",
    "Turnover",
    "Tax",
    "Costs",
    "Message",
)
ORDER_COLUMNS = (
    "Order",
    "Custodian",
    "Action",
    "Symbol",
    "Order shares",
    "Household",
    "Account",
    "Shares",
    "Reference price",
)


def _monitor_row(r: HouseholdResult) -> dict[str, object]:
    m = r.monitor
    status = r.status.value + (f" ({r.failure.value})" if r.failure else "")
    cells: list[Cell] = [
        (r.name or r.file, False),
        (r.key, False),
        (status, False),
        (f"{round_percent(m.max_breach):.2f}", True),
        (", ".join(m.classes_outside), False),
        (dollars(m.cash_due), True),
        (dollars(m.rmd_due), True),
        (dollars(m.harvestable), True),
        (str(len(r.trades)), True),
        (dollars(r.turnover), True),
        (dollars(r.tax), True),
        (dollars(r.costs), True),
        (r.message, False),
    ]
    return {"status": r.status.value, "cells": cells}


def _totals(summary: BookSummary) -> list[tuple[str, str]]:
    t = summary.totals
    rows = [
        ("Households", f"{t.households:,}"),
        ("Failed", f"{t.failed:,}"),
        ("Planned", f"{t.planned:,}"),
    ]
    rows += [(f"Status: {s.value}", f"{n:,}") for s, n in t.by_status]
    rows += [
        ("Trades", f"{t.trades:,}"),
        ("Turnover", dollars(t.turnover)),
        ("Tax (estimated)", dollars(t.tax)),
        ("Transaction costs", dollars(t.costs)),
    ]
    return rows


def _order_rows(summary: BookSummary) -> list[list[Cell]]:
    return [
        [
            (o.id, False),
            (o.custodian or "(none)", False),
            (o.action.value, False),
            (o.symbol, False),
            (plain_shares(o.quantity), True),
            (a.household, False),
            (a.trade.account, False),
            (plain_shares(a.quantity), True),
            (dollars(a.trade.price), True),
        ]
        for o in block_orders(summary)
        for a in o.allocations
    ]


def book_html(summary: BookSummary) -> bytes:
    """The ``book.html`` page of a book run, as UTF-8 bytes."""
    t = summary.totals
    kind = "Drift check" if summary.monitor_only else "Book run"
    counts = ", ".join(f"{n:,} {s.value.replace('_', ' ')}" for s, n in t.by_status if n)
    headline = f"{t.households:,} households: {counts or 'none'}."
    page = (
        template_environment()
        .get_template("book.html.j2")
        .render(
            title=f"trimtab: {kind}",
            headline=headline,
            totals=_totals(summary),
            monitor_columns=MONITOR_COLUMNS,
            monitor_rows=[_monitor_row(r) for r in summary.by_need],
            order_columns=ORDER_COLUMNS,
            order_rows=_order_rows(summary),
        )
    )
    return page.encode("utf-8")
