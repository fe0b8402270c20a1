"""The web app's plain functions: the book's rows, search, sort and filter, and the what-if list."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trimtab.model.enums import AssetClass
from trimtab.web.actions import ActionError, whatif_trades
from trimtab.web.book_view import STATUSES, BookRow, book_rows, chart_points, select_rows

BOOK = {
    "format": "trimtab.book/1",
    "households": [
        {"key": "b", "name": "Bea", "file": "b.yaml", "status": "failed", "max_breach": "0",
         "planned": False, "tax": "0.00", "trades": 0, "message": "no such file"},
        {"key": "a", "name": "Al", "file": "a.yaml", "status": "outside", "max_breach": "4.5",
         "planned": True, "tax": "-120.50", "trades": 3},
        {"key": "c", "name": "Cy", "file": "c.yaml", "status": "inside", "max_breach": "0",
         "planned": True, "tax": "10.00", "trades": 0},
    ],
}  # fmt: skip


def test_rows_keep_the_book_order_and_read_the_figures() -> None:
    rows = book_rows(BOOK, ())
    assert [r.key for r in rows] == ["b", "a", "c"]
    assert rows[0].tax is None  # failed: nothing planned, no tax shown
    assert rows[1].tax == Decimal("-120.50") and rows[1].breach == Decimal("4.5")
    assert rows[1].last_run is None


def test_search_filter_and_sort() -> None:
    rows = book_rows(BOOK, ())
    assert [r.key for r in select_rows(rows, query="A.YAML", desc=False)] == ["a"]
    assert [r.key for r in select_rows(rows, status="inside", desc=False)] == ["c"]
    # tax descending: 10.00, −120.50, then the unplanned household last
    assert [r.key for r in select_rows(rows, sort="tax", desc=True)] == ["c", "a", "b"]
    assert [r.key for r in select_rows(rows, sort="name", desc=False)] == ["a", "b", "c"]
    assert [r.key for r in select_rows(rows, sort="status", desc=False)] == ["b", "a", "c"]


def _row(i: int, status: str, name: str) -> BookRow:
    return BookRow(
        key=f"k{i}", name=name, file=f"{name}.yaml", as_of="", status=status, message="",
        breach=Decimal(i % 7), tax=None if i % 3 == 0 else Decimal(i), trades=i, need=i,
    )  # fmt: skip


@given(
    st.lists(st.tuples(st.sampled_from(STATUSES), st.text(max_size=6)), max_size=25),
    st.text(max_size=3),
    st.sampled_from(("", *STATUSES)),
    st.sampled_from(("need", "name", "status", "breach", "tax", "run")),
    st.booleans(),
)
def test_selection_is_a_sorted_filtered_subset(
    items: list[tuple[str, str]], query: str, status: str, sort: str, desc: bool
) -> None:
    rows = tuple(_row(i, s, n) for i, (s, n) in enumerate(items))
    chosen = select_rows(rows, query=query, status=status, sort=sort, desc=desc)
    assert set(chosen) <= set(rows)
    assert all(not status or r.status == status for r in chosen)
    assert all(query.strip().lower() in (r.name + r.key + r.file).lower() for r in chosen)
    left_out = [r for r in rows if r not in chosen]
    assert all(
        (status and r.status != status)
        or not any(query.strip().lower() in t.lower() for t in (r.name, r.key, r.file))
        for r in left_out
    )


def test_chart_points_from_the_plan_drift() -> None:
    plan = {
        "drift": {
            "before": [{"asset_class": "ig_bonds", "target_pct": "40", "current_pct": "55.5"}],
            "after": [
                {"asset_class": "ig_bonds", "target_pct": "40", "current_pct": "41"},
                {"asset_class": "us_large_cap", "target_pct": "60", "current_pct": "59"},
            ],
        }
    }
    # classes in AssetClass order; a class missing before counts 0 % there
    assert chart_points(plan) == [
        (AssetClass.US_LARGE_CAP, (Decimal(60), Decimal(0), Decimal(59))),
        (AssetClass.IG_BONDS, (Decimal(40), Decimal("55.5"), Decimal(41))),
    ]


PLAN = {
    "as_of": "2026-11-24",
    "trades": [
        {"id": "P1", "account": "tx", "action": "sell", "symbol": "VTI", "quantity": "10.000000",
         "price": "300.00", "price_exact": "300.004", "lots": [{"lot_id": "L1"}]},
        {"id": "P2", "account": "tx", "action": "buy", "symbol": "BND", "quantity": "40.000000",
         "price": "75.00", "lots": []},
    ],
}  # fmt: skip


def test_whatif_edits_one_trade_and_keeps_the_others() -> None:
    trades = whatif_trades(PLAN, "P1", "4", "L2, L1")["trades"]
    assert trades[0] == {
        "id": "P1", "date": "2026-11-24", "account": "tx", "action": "sell", "symbol": "VTI",
        "quantity": "4", "price": "300.004", "lots": ["L2", "L1"],
    }  # fmt: skip
    assert trades[1]["quantity"] == "40.000000" and "lots" not in trades[1]
    assert whatif_trades(PLAN, "P1", "4", "")["trades"][0]["lots"] == ["L1"]  # the plan's own


@pytest.mark.parametrize(
    ("trade", "shares", "lots", "message"),
    [
        ("P9", "1", "", "the plan has no trade 'P9'"),
        ("P1", "0", "", "shares: must be more than 0"),
        ("P1", "NaN", "", "shares: must be more than 0"),
        ("P1", "1", "L1}, x: {", "is not a lot id"),
    ],
)
def test_whatif_refuses(trade: str, shares: str, lots: str, message: str) -> None:
    with pytest.raises(ActionError, match=message.replace("(", r"\(")):
        whatif_trades(PLAN, trade, shares, lots)
