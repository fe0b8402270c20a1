"""Stable plans (issue 21 item 7, docs/optimizer.md "Stable plans"): of choices equal in every
real cost, the plan trades in the account that trades anyway, then in the household's order of
accounts, and buys the fund the account holds, so a 0.1 % price move changes amounts, not which
funds and accounts trade. Half-spread 2 bp a side; band mode stops half the width inside."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned

TWO_IRAS = """\
  - id: ira1
    type: traditional_ira
    owners: [pat]
    holdings: [{{symbol: IVV, quantity: 80}}, {{symbol: BND, quantity: 100}}]
  - id: ira2
    type: traditional_ira
    owners: [pat]
{cash}    holdings: [{{symbol: IVV, quantity: 80}}, {{symbol: BND, quantity: 100}}]
"""


def _trades(tmp_path: Path, ivv: str, cash: str = ""):  # type: ignore[no-untyped-def]
    h = household(
        tmp_path,
        TWO_IRAS.format(cash=cash),
        prices=f"{{IVV: {ivv}, BND: 75, AGG: 100, SCHZ: 25}}",
    )
    return [(t.account, t.action.value, t.symbol, t.quantity) for t in planned(h).plan.trades]


def test_of_two_equal_iras_the_first_trades_whatever_the_price(tmp_path: Path) -> None:
    # Two IRAs alike: 80 IVV and 100 BND each. At IVV 500: 95,000, large 80,000 = 84 %,
    # targets 50/50. Either IRA (or both) could sell the IVV and buy the bonds at the same
    # cost; neither trades anyway, so the first in the household's order does, and buys the
    # BND it holds (AGG and SCHZ would open positions). Value after costs 95,000 − 6.10 −
    # 6.03 = 94,987.87: large ≤ 52.5 % = 49,868.63 → IVV ≤ 99.74 shares → sell ≥ 60.26: 61
    # (30,500, net 30,493.90); bonds ≥ 47.5 % = 45,119.24 → 15,000 + 75 m → m ≥ 401.6: 402
    # BND (30,156.03 with spread).
    assert _trades(tmp_path, "500") == [
        ("ira1", "sell", "IVV", Decimal(61)),
        ("ira1", "buy", "BND", Decimal(402)),
    ]
    # IVV 0.1 % dearer, 500.50: 95,080, after costs 95,080 − 6.11 − 6.05 = 95,067.84: large ≤
    # 49,910.62 → IVV ≤ 99.72 → sell ≥ 60.28: 61 (30,530.50, net 30,524.39); bonds ≥
    # 45,157.22 → m ≥ 402.1: 403 BND (30,231.05). The amounts move, the trades stay in ira1.
    assert _trades(tmp_path, "500.5") == [
        ("ira1", "sell", "IVV", Decimal(61)),
        ("ira1", "buy", "BND", Decimal(403)),
    ]


def test_the_account_that_trades_anyway_goes_first(tmp_path: Path) -> None:
    # The same IRAs with 600 of cash in ira2, which it must invest anyway: ira2 trades.
    # 95,600, after costs 95,600 − 6.00 − 6.09 = 95,587.91: large ≤ 52.5 % = 50,183.65 → IVV
    # ≤ 100.37 → sell ≥ 59.6: 60 (30,000, net 29,994); bonds ≥ 47.5 % = 45,404.26 → m ≥ 405.4:
    # 406 BND (30,456.09 ≤ 29,994 + 600; 137.91 of cash left, inside its ±1 point band).
    cash = "    cash: 600\n"
    assert _trades(tmp_path, "500", cash) == [
        ("ira2", "sell", "IVV", Decimal(60)),
        ("ira2", "buy", "BND", Decimal(406)),
    ]
    # at 500.50: 95,680, after costs 95,667.90: large ≤ 50,225.65 → sell ≥ 59.65: 60; bonds ≥
    # 45,442.25 → m ≥ 405.9: 406. The same trades, amounts a hair larger.
    assert _trades(tmp_path, "500.5", cash) == [
        ("ira2", "sell", "IVV", Decimal(60)),
        ("ira2", "buy", "BND", Decimal(406)),
    ]
