"""The asset-location review as Rich tables (``trimtab location`` and step 4 of the plan)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from trimtab.model.enums import AssetClass
from trimtab.money import ZERO
from trimtab.report.format import bp_str, money

if TYPE_CHECKING:
    from trimtab.results.location import LocationReview


def location_summary(
    review: LocationReview, after_drag: Decimal | None = None, saved: Decimal | None = None
) -> Text:
    """The review's figures in a sentence or two; with ``after_drag``, the drag after a plan
    and what its placement ``saved`` (the plan's :attr:`location_saved`)."""
    text = (
        f"Yearly tax drag of the current location ${money(review.current_drag)}, of the best "
        f"${money(review.best_drag)}: the best location gains ${money(review.gain_dollars)} "
        f"({bp_str(review.gain_bp)} bp) a year of the household's wealth, over "
        f"{review.rates.years} years at the target mix's expected return of "
        f"{review.rates.growth * 100:.2f} %, with withdrawals taxed at "
        f"{review.rates.retirement * 100:.1f} %."
    )
    if after_drag is not None:
        placed = review.current_drag - after_drag if saved is None else saved
        text += (
            f" After this plan the drag is ${money(after_drag)}; where the plan holds its "
            f"assets saves ${money(placed)} a year of it."
        )
    return Text(text)


def location_table(review: LocationReview) -> Table:
    """Each class: current and best dollars per account, and the rationale."""
    accounts = list(dict.fromkeys(r.account for r in (*review.current, *review.best)))
    table = Table(title="Asset location: now → best", title_justify="left")
    table.add_column("Asset class")
    for account in accounts:
        table.add_column(account, justify="right")
    now = {(r.asset_class, r.account): r.amount for r in review.current}
    best = {(r.asset_class, r.account): r.amount for r in review.best}
    for cls in AssetClass:
        if not any(k is cls for k, _ in (*now, *best)):
            continue
        cells = []
        for account in accounts:
            a, b = now.get((cls, account), ZERO), best.get((cls, account), ZERO)
            cells.append("" if a == b == 0 else f"{money(a)} → {money(b)}")
        table.add_row(cls.label, *cells)
    return table


def moves_table(review: LocationReview) -> Table:
    """The moves from the current location to the best one."""
    table = Table(title="Moves to the best location", title_justify="left")
    for name in ("Asset class", "From", "To", "Amount", "Free", "Realized gain"):
        table.add_column(name, justify="right" if name in ("Amount", "Realized gain") else "left")
    for m in review.moves:
        table.add_row(
            m.asset_class.label,
            m.from_account,
            m.to_account,
            money(m.amount),
            "yes" if m.free else "no: realizes a gain",
            money(m.realized_gain),
        )
    return table


def drag_view(review: LocationReview) -> Table:
    """The yearly drag (bp) of each class in each account type of the household."""
    kinds = list(dict.fromkeys(d.account_type for d in review.drag))
    table = Table(title="Yearly tax drag, basis points", title_justify="left")
    table.add_column("Asset class / fund")
    for kind in kinds:
        table.add_column(kind.value, justify="right")
    rows: dict[tuple[AssetClass, str], dict[str, str]] = {}
    for d in review.drag:
        rows.setdefault((d.asset_class, d.symbol), {})[d.account_type.value] = bp_str(d.bp_per_year)
    for (cls, symbol), values in rows.items():
        name = cls.label if not symbol else f"  {symbol} ({cls.label})"
        table.add_row(name, *(values.get(k.value, "") for k in kinds))
    return table


def location_view(
    review: LocationReview, after_drag: Decimal | None = None, saved: Decimal | None = None
) -> Group:
    """Everything of the review: summary, now → best, moves, rationale and the drag table."""
    parts: list[RenderableType] = [
        location_summary(review, after_drag, saved),
        location_table(review),
    ]
    if review.moves:
        parts.append(moves_table(review))
    parts += [Text(f"• {text}") for _, text in review.rationale]
    parts.append(drag_view(review))
    return Group(*parts)
