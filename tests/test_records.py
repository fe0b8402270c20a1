"""trimtab.records.builder: the record it builds is the one the dataclass's __init__ builds."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from trimtab.analysis.state import LotState
from trimtab.model.enums import LotOrigin
from trimtab.optimize.units import SellUnit, new_sell_unit
from trimtab.records import builder


def test_a_built_lot_state_equals_the_one_init_builds() -> None:
    # 120 VTI at $331.40 bought for $17,880.00: value 39,768.00, gain 21,888.00
    fields = {
        "lot_id": "L1",
        "acquired": date(2019, 3, 4),
        "origin": LotOrigin.PURCHASE,
        "holding_period_start": date(2019, 3, 4),
        "quantity": Decimal(120),
        "cost": Decimal("17880.00"),
        "market_value": Decimal("39768.00"),
        "unrealized_gain": Decimal("21888.00"),
        "long_term": True,
        "days_to_long_term": 0,
        "wash_adjustment": Decimal(0),
    }
    built = builder(LotState)(**fields)
    assert built == LotState(**fields)
    assert hash(built) == hash(LotState(**fields))
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.cost = Decimal(0)  # type: ignore[misc]


def test_a_built_sell_unit_needs_every_field_by_name() -> None:
    fields = {f.name: f.default for f in dataclasses.fields(SellUnit)} | {
        "account": "brokerage",
        "symbol": "VTI",
        "lot_ids": ("L1",),
        "quantity": Decimal(120),
        "held": Decimal(120),
        "price": Decimal("331.40"),
        "tax_per_share": Decimal(0),
        "short_gain": False,
        "defer_per_share": Decimal(0),
        "taxed": True,
        "whole": False,
    }
    assert new_sell_unit(**fields) == SellUnit(**fields)
    del fields["relief_order"]
    with pytest.raises(TypeError):
        new_sell_unit(**fields)


def test_a_record_without_slots_is_refused() -> None:
    @dataclass(frozen=True)
    class Loose:
        x: int

    with pytest.raises(TypeError):
        builder(Loose)
