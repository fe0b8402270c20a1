"""No plan sells and buys back one security in one account (the exact model's `no_round_trip`).

A 401(k) holds VOO ($500) and cash; its buy menu is FXAIX and VOO; the targets are large cap
50 / bonds 50 (bands 45–55), so bonds are out of reach. Half-spread: VOO 2 bp ($0.10 a share),
FXAIX (a mutual fund) none; the objective adds the churn tie-break of 1e-4 a dollar traded, so a
VOO share traded costs $0.15 in the objective.

Why the LP-first engine made a round trip (before the fix): the band rows divide by the
household's value *after* the trades' costs C (X_k + h_k C − e⁺_k ≤ h_k V), so a dollar spent
on costs out of an overweight class counts as (1 − h_large) + l_bonds ≈ 0.95 dollars less
outside the bands, and the drift weight λ = 2 pays $1.90 for it while it costs $1.50 (a VOO
round trip of $5,000 each way spends $1 of half-spread and $0.50 of churn). With cash held at
its edge by the LP's aimed band (no room to take a sale's proceeds), the cheapest "move" left
was to sell 200 VOO and buy 199.92 back: $40 of half-spreads, $37.80 less outside, $15.60
lower in the LP's objective. Rounded, that was P1 sell 200 VOO, P2 buy 199 VOO ($39.90 of costs
to move one share to cash), a plan the exact model rejects (its `no_round_trip` row), so
`exact_objective` priced it None. The engine now drops one side of each round trip (the
smaller) and re-solves (:func:`trimtab.optimize.engine._round_trips`).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers.generated import SHAPES, generated
from trimtab import load_household
from trimtab.model.enums import SolverKind
from trimtab.model.household import Household
from trimtab.optimize.engine import exact_objective
from trimtab.optimize.plan import Optimized, optimize
from trimtab.pipeline import PlanOptions, plan_household

MENU = """\
format: trimtab.household/1
name: A menu without bonds
as_of: 2026-11-24
tax: {{year: 2026, filing_status: single, ordinary_taxable_income: 90000}}
owners:
  - {{id: pat, birth_date: 1980-01-01}}
targets:
  us_large_cap: 50
  ig_bonds: 50
prices: {{VOO: 500, BND: 75, FXAIX: 200}}
settings: {{invest_cash: {invest_cash}}}
accounts:
  - id: k401
    type: 401k
    owners: [pat]
    cash: {cash}
    buy_menu: [FXAIX, VOO]
    holdings:
      - {{symbol: VOO, quantity: {voo}}}
"""


def _household(tmp_path: Path, cash: int, voo: int, invest_cash: str = "on") -> Household:
    path = tmp_path / "h.yaml"
    path.write_text(MENU.format(cash=cash, voo=voo, invest_cash=invest_cash), encoding="utf-8")
    return load_household(path)


def _trades(h: Household, solver: SolverKind) -> list[tuple[str, str, str, Decimal]]:
    report = plan_household(h, PlanOptions(solver=solver))
    return [(t.account, t.action.value, t.symbol, t.quantity) for t in report.plan.trades]


def _round_trips(o: Optimized) -> set[tuple[str, str]]:
    sold = {(u.account, u.symbol) for u, q in o.decoded.sells if q > 0}
    return sold & {(b.account, b.symbol) for b, q in o.decoded.buys if q > 0}


def test_a_class_over_its_band_with_no_buyable_partner_is_sold_to_cash(tmp_path: Path) -> None:
    h = _household(tmp_path, cash=1000, voo=200, invest_cash="off")
    # With cash going to work off (the scenario predates it; the default below): V = 1,000 +
    # 200 × 500 = 101,000. Large cap 100,000 (99.0 %) is outside: it aims at the band less its
    # buffer, 52.5 % of the value after costs; bonds 0 aim at 47.5 %; cash
    # 1,000 (0.99 %) is inside 0–1 %, a dollar inside its edge. Selling n VOO costs 0.10 n:
    #   large over  100,000 − 500 n − 0.525 (101,000 − 0.10 n) = 46,975 − 499.9475 n
    #   cash over   1,000 + 499.90 n − (0.01 (101,000 − 0.10 n) − 1) = 499.901 n − 9
    #   bonds under 0.475 (101,000 − 0.10 n)                        = 47,975 − 0.0475 n
    # sum 94,941 − 0.094 n: each share is λ × 0.094 = $0.188 less drift for $0.15 of costs,
    # until large cap reaches its aimed edge at n = 46,975 / 499.9475 = 93.96. The 94th share
    # would take only $479.88 off large cap and add $499.90 to cash: 93 shares.
    assert _trades(h, SolverKind.LP) == [("k401", "sell", "VOO", Decimal(93))]
    assert _trades(h, SolverKind.EXACT) == [("k401", "sell", "VOO", Decimal(93))]
    # Value after 101,000 − 9.30 = 100,990.70: VOO left 107 × 500 = 53,500 (52.98 %, inside
    # its band), cash 1,000 + 93 × 499.90 = 47,490.70 (47.02 %); no VOO is bought back.
    o = optimize(h, h.settings.mode)
    assert not _round_trips(o)
    assert exact_objective(o.inputs, o.decoded.sells, o.decoded.buys) is not None
    # With `invest_cash` on (the default) cash, whose target is 0, above its band costs λ − 2ι
    # and ι more above its target: 1.99 a dollar, a cent less than large cap over its band. So
    # large cap is brought onto its aimed edge exactly, 93.96 shares' worth, which whole VOO
    # shares reach only with the fractional fund: sell 95 VOO and buy back 2.600062 FXAIX
    # (95 × 500 − 2.600062 × 200 = 46,979.99 of large cap sold, 93.96 × 500); it keeps $20.10
    # less cash above its band than 94 VOO would ($40 at 1.99) for one more VOO sold ($0.15)
    # and the FXAIX buy (its churn $0.05). Two funds, no round trip of one.
    default = _household(tmp_path, cash=1000, voo=200)
    for solver in (SolverKind.LP, SolverKind.EXACT):
        assert _trades(default, solver) == [
            ("k401", "sell", "VOO", Decimal(95)),
            ("k401", "buy", "FXAIX", Decimal("2.600062")),
        ]


def test_cash_over_its_band_with_no_buyable_partner_keeps_the_drift_guard(
    tmp_path: Path,
) -> None:
    h = _household(tmp_path, cash=50000, voo=100, invest_cash="off")
    # V = 50,000 + 100 × 500 = 100,000. Cash 50 % is outside 0–1 %, large cap 50 % inside
    # 45–55 %, bonds 0. Before the drift guard both engines bought 98 VOO (cash into its band,
    # large cap to 99 %: a dollar moved from cash over to large cap over saved drift dollars
    # net of the costs); before the no-round-trip rule, sell 100 VOO and buy 198 back.
    # The drift guard (issue 21 item 3) holds the plan to the drift cost it started from: with
    # bonds at 0 (target 50 %) and cash at 50 %, d = (0, −0.5, +0.5) and a dollar share x of V
    # moved from cash into large cap changes dᵀΣd by x² (Σ_LL + Σ_CC − 2 Σ_LC) − x (Σ_CC +
    # Σ_LB − Σ_LC − Σ_BC) = 0.02476036 x² − 0.00089051 x (Σ_LL 0.024649, Σ_CC 0.000036, Σ_LB
    # 0.00084623, Σ_LC −0.00003768, Σ_BC 0.0000294): the first 3.6 % of large cap lowers it
    # (large cap moves with the missing bonds a little), more raises it. The guard cuts at
    # half its $0.50 a year: ½ × 3 × 100,000 × Δ = 0.25, Δ = 0.0000016667, x = (0.00089051 +
    # √(0.00089051² + 4 × 0.02476036 × 0.0000016667)) / (2 × 0.02476036) = 0.037749:
    # $3,774.9 of FXAIX (a fund: no spread, fractional) = 18.874 shares. Cash stays above its
    # band: more equity in place of the missing bonds would be more risk, not less.
    # Both engines end there, 3,774.84 more large cap, but through a swap: sell the 100 VOO
    # (49,990.00 net of its 2 bp) and buy 268.874214 FXAIX (53,774.84). The swap's $10 of
    # half-spread shrinks cash above its band, which the objective prices at λ − 2ι = 1.9 a
    # dollar: a known flaw of pricing cash above its band by the dollar (noted in docs/
    # optimizer.md), not a round trip of one security (the rule below still holds).
    assert _trades(h, SolverKind.LP) == [
        ("k401", "sell", "VOO", Decimal(100)),
        ("k401", "buy", "FXAIX", Decimal("268.874214")),
    ]
    assert _trades(h, SolverKind.EXACT) == [
        ("k401", "sell", "VOO", Decimal(100)),
        ("k401", "buy", "FXAIX", Decimal("268.874214")),
    ]
    o = optimize(h, h.settings.mode)
    assert not _round_trips(o)
    assert exact_objective(o.inputs, o.decoded.sells, o.decoded.buys) is not None
    # With `invest_cash` on (the default) cash above its band and its target costs λ − ι =
    # 1.99 a dollar: the swap's $10 of half-spread, taken off cash above its band, is worth
    # $19.90, no longer more than the $10 and the churn of $100,000 traded ($10). Both engines
    # buy the guard's 18.874161 FXAIX ($3,774.83) straight from cash, as derived above.
    default = _household(tmp_path, cash=50000, voo=100)
    for solver in (SolverKind.LP, SolverKind.EXACT):
        assert _trades(default, solver) == [("k401", "buy", "FXAIX", Decimal("18.874161"))]


SMALL = 3  # generated.SHAPES' three small shapes (the fourth is medium-small)
assert len(SHAPES) == SMALL + 1


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.integers(min_value=0, max_value=3000))
@example(214)  # sold the 12 STIP bought on 11-11 (a partial wash's replacement) and bought 131
@example(625)  # sold and bought SPIP in one taxable account
@example(233)  # the rounding model shrank a $501.36 money-market sale to $16.34 (minimum $100)
@example(389)  # the LP's rounds ran out with a $1.51 buy, which the plan kept
def test_no_plan_sells_and_buys_one_position(seed: int) -> None:
    # Generated households of 3 to 5 accounts (tests/helpers/generated.py), the small shapes:
    # no (account, symbol) is both bought and sold (none has an order), and the exact model
    # can price the default plan: it breaks none of its rows (a minimum trade, say).
    index = seed + seed // SMALL  # skips the medium-small shape (index % 4 == 3)
    with tempfile.TemporaryDirectory() as tmp:
        h = generated(Path(tmp), index)
        o = optimize(h, h.settings.mode)
        assert not _round_trips(o), index
        assert exact_objective(o.inputs, o.decoded.sells, o.decoded.buys) is not None, index
