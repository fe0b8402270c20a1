"""Results as plain tables for a notebook: HTML (``_repr_html_``) and pandas DataFrames.

A result gives its rows as records (one mapping per row, column name -> value, Decimals kept
exact); :func:`html_table` renders them for Jupyter and :func:`dataframe` hands them to
pandas, which trimtab does not depend on: it is imported here, on the call, and a missing
pandas is an ImportError that says how to install it.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trimtab.analysis.drift import Drift
    from trimtab.model.plan import PlannedTrade

Record = Mapping[str, object]
CENT = Decimal("0.01")

PANDAS_HINT = (
    "to_dataframe() needs pandas, which trimtab does not install: `pip install pandas` "
    "(the results themselves need nothing more)"
)


def dataframe(records: Sequence[Record]) -> Any:
    """A pandas DataFrame of ``records`` (ImportError with the install hint without pandas)."""
    try:
        pandas = importlib.import_module("pandas")  # optional: not a dependency
    except ImportError as exc:
        raise ImportError(PANDAS_HINT) from exc
    return pandas.DataFrame.from_records([dict(r) for r in records])


def html_table(caption: str, records: Sequence[Record]) -> str:
    """An HTML table of ``records``: a caption, one header row, numbers aligned right."""
    columns = list(records[0]) if records else []
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(c, r.get(c)) for c in columns) + "</tr>" for r in records)
    return (
        f"<table><caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _cell(column: str, value: object) -> str:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return f'<td style="text-align:right">{html.escape(_number(column, value))}</td>'
    return f"<td>{html.escape('' if value is None else str(value))}</td>"


def _number(column: str, value: Decimal | int) -> str:
    """Thousands separated; shares as exact as given, every other figure to the cent (half up,
    as the console rounds): the record keeps the exact value."""
    if isinstance(value, int) or column == "quantity":
        return f"{value:,}"
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,}"


def drift_records(drift: Drift) -> tuple[Record, ...]:
    """One record per asset class: target, current, drift, dollars over/under, band, status."""
    return tuple(
        {
            "asset_class": row.asset_class.value,
            "target_pct": row.target_pct,
            "current_pct": row.current_pct,
            "drift_pct": row.drift_pct,
            "over_under": row.over_under,
            "low_pct": row.low_pct,
            "high_pct": row.high_pct,
            "outside": row.outside,
        }
        for row in drift.rows
    )


def trade_records(trades: Sequence[PlannedTrade]) -> tuple[Record, ...]:
    """One record per planned trade: what, where, how much, why, and what it realizes."""
    return tuple(
        {
            "id": t.id,
            "account": t.account,
            "action": t.action.value,
            "symbol": t.symbol,
            "quantity": t.quantity,
            "price": t.price,
            "amount": t.amount,
            "transaction_cost": t.transaction_cost,
            "reason": t.reason.value,
            "short_term_gain": t.short_term_gain,
            "long_term_gain": t.long_term_gain,
            "wash_disallowed": t.wash_disallowed,
        }
        for t in trades
    )


def before_after_records(before: Drift, after: Drift) -> tuple[Record, ...]:
    """One record per asset class: target, percent before and after the plan, the band."""
    after_by_class = {row.asset_class: row for row in after.rows}
    return tuple(
        {
            "asset_class": row.asset_class.value,
            "target_pct": row.target_pct,
            "before_pct": row.current_pct,
            "after_pct": after_by_class[row.asset_class].current_pct
            if row.asset_class in after_by_class
            else None,
            "low_pct": row.low_pct,
            "high_pct": row.high_pct,
        }
        for row in before.rows
    )
