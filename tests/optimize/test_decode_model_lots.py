"""Decoding keeps the lots the model chose (trimtab.optimize.decode; issue 20, the property
test of tests/optimize/test_plan_tax_curve.py, seed 33).

The model prices a plan's net gain and its short-term part on the year's tax curves, so its
choice among a position's lots is not the order of their linear tax a share. Decoding used to
refill the position's shares cheapest first at the linear rates, and the exact tax of the
decoded plan was no longer the model's (−1,539.88 against −1,521.18 at seed 33).
"""

from __future__ import annotations

from decimal import Decimal

from trimtab.optimize.decode import _fill_group
from trimtab.optimize.units import SellUnit


def _lot(lot_id: str, shares: int, gain: str, rate: str, long_term: bool) -> SellUnit:
    g = Decimal(gain)
    return SellUnit(
        account="taxable-2",
        symbol="HYG",
        lot_ids=(lot_id,),
        quantity=Decimal(shares),
        held=Decimal(shares),
        price=Decimal(80),
        tax_per_share=Decimal(0),
        short_gain=False,
        defer_per_share=Decimal(0),
        taxed=True,
        whole=True,
        loss=True,
        gain_per_share=g,
        net_tax_per_share=g * Decimal(rate),
        long_term=long_term,
    )


def test_the_lots_the_model_sold_whole_are_sold_whole() -> None:
    # Seed 33's HYG (MFS, 260,000 of income): L24 9 shares at −79.13 a share long-term,
    # L25 9 at −134.35 long-term, L28 5 at −52.94 short-term. Linear tax a share: L25
    # −134.35 × 23.8 % = −31.98, L28 −52.94 × 40.8 % = −21.60, L24 −79.13 × 23.8 % = −18.83.
    # The model sold L24 and L25 whole and 2 of L28 (its short-term loss is worth less on the
    # year's curves there); 20 shares in all. Cheapest first at the linear rates took L25 9,
    # L28 5, L24 6 instead: 3 more short-term and 3 fewer long-term loss shares than priced.
    units = [
        _lot("L24", 9, "-79.13", "0.238", True),
        _lot("L25", 9, "-134.35", "0.238", True),
        _lot("L28", 5, "-52.94", "0.408", False),
    ]
    taken = _fill_group(units, [0, 1, 2], [8.9999999, 9.0, 2.0000001])
    assert taken == {0: Decimal(9), 1: Decimal(9), 2: Decimal(2)}
    # the order the trade names them in: whole lots first, the partial lot last
    assert list(taken) == [1, 0, 2]


def test_a_total_rounded_up_goes_to_the_lot_the_model_sold_in_part() -> None:
    # 11.6 shares in all (L25 9, L28 2.6): whole shares round the total to 12; L25 whole
    # first, then L28 3 (the model's partial lot), and L24 (not sold by the model) untouched.
    units = [
        _lot("L24", 9, "-79.13", "0.238", True),
        _lot("L25", 9, "-134.35", "0.238", True),
        _lot("L28", 5, "-52.94", "0.408", False),
    ]
    assert _fill_group(units, [0, 1, 2], [0.0, 9.0, 2.6]) == {1: Decimal(9), 2: Decimal(3)}


def test_two_lots_sold_in_part_are_filled_the_way_the_curves_price_least() -> None:
    # Seed 42 of the tax-curve property test (married filing jointly, 30,000 of income): the
    # model held the year's net loss at the $3,000 limit selling 22.844763 shares of AVEM L5
    # (a short-term gain of $62.18 a share, 12 % ordinary: $7.46 of linear tax a share) and
    # 0.155237 of L8 (long-term, $177.50 a share at 0 %: none). 23 whole shares; a trade sells
    # at most one lot in part. Linear order: L8 first, 23 × 177.50 = 4,082.50 of gain, the
    # year's net past the limit (exact tax −62.14 against the model's −510.00). Priced on the
    # curves (here, past the limit, every dollar of gain a dollar of cost), L5 first:
    # 23 × 62.18 = 1,430.14 of gain, the model's −3,000 to within a share.
    units = [
        _lot("L5", 26, "62.18", "0.12", False),
        _lot("L8", 30, "177.50", "0", True),
    ]
    values = [22.844763, 0.155237]
    assert _fill_group(units, [0, 1], values) == {1: Decimal(23)}

    def gain(fill: dict[int, Decimal]) -> float:
        return float(sum(units[i].gain_per_share * q for i, q in fill.items()))

    assert _fill_group(units, [0, 1], values, gain) == {0: Decimal(23)}
