"""The asset-location review as a plain record (issue 30, move 1): built by
:func:`trimtab.optimize.location.location_review`, read by the renderers of report/."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from trimtab.analysis.location import DragRow, LocationRates
from trimtab.model.enums import AssetClass


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationAmount:
    """Dollars of one class in one account."""

    asset_class: AssetClass
    account: str
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationMove:
    """Dollars of a class to move from one account to another.

    free: no gain is realized (the class leaves a tax-advantaged account, or leaves a taxable
        account from lots at a loss or no gain).
    realized_gain: the gain realized by selling it from the taxable account's lots, least gain
        first (0 for tax-advantaged accounts).
    """

    asset_class: AssetClass
    from_account: str
    to_account: str
    amount: Decimal
    free: bool
    realized_gain: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationReview:
    """The review of a household's asset location.

    total: the value in scope. current_drag / best_drag: yearly drag in dollars.
    gain_dollars / gain_bp: best over current, a year (dollars, basis points of total).
    rationale: (class, sentence) for every class held or targeted.
    """

    rates: LocationRates
    total: Decimal
    current: tuple[LocationAmount, ...]
    best: tuple[LocationAmount, ...]
    current_drag: Decimal
    best_drag: Decimal
    gain_dollars: Decimal
    gain_bp: Decimal
    moves: tuple[LocationMove, ...]
    drag: tuple[DragRow, ...]
    rationale: tuple[tuple[AssetClass, str], ...]
    status: str
