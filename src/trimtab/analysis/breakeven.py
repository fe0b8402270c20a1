"""Breakeven of a rebalance: the yearly benefit of less drift against its tax and costs.

Rule. Drift from the target mix costs risk the household did not choose. With class weights w
(fractions), targets w*, the annual covariance Σ of the classes and risk aversion γ, the
risk-adjusted cost of drift is ½·γ·V·(w − w*)ᵀΣ(w − w*) dollars a year for a household worth V
(the certainty-equivalent loss of a mean-variance investor). A rebalance is worth its tax and
costs when they are paid back within the horizon:

    annual_benefit = ½·γ·V·[dᵀΣd before − dᵀΣd after],   payback_years = (tax + costs) / benefit

Worked example: V = 100,000, γ = 3, one class 10 points over target funded by cash (d = +0.10
on large cap, −0.10 on cash), σ_large = 0.157, σ_cash = 0.006, ρ = −0.04: dᵀΣd = 0.01·0.024649
+ 0.01·0.000036 − 2·0.01·(−0.04·0.157·0.006) = 0.00024760; cost = ½·3·100,000·0.0002476 =
$37.14 a year, all of it saved by going back to target. A realized long-term gain is partly a
prepayment of tax the household would owe later anyway; treating it as a cost, as here, is
conservative.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from trimtab.analysis.drift import Drift
from trimtab.model.enums import AssetClass
from trimtab.money import HUNDRED, ZERO
from trimtab.rules.markets import Markets

HALF = Decimal("0.5")


@dataclass(frozen=True, slots=True, kw_only=True)
class Breakeven:
    """The plan's breakeven: yearly benefit, tax and costs, payback, and the horizon setting."""

    annual_benefit: Decimal
    tax_and_costs: Decimal
    horizon_years: Decimal | None

    @property
    def payback_years(self) -> Decimal | None:
        """tax_and_costs ÷ annual_benefit (None when there is no benefit; 0 when the plan's
        tax and costs are negative: a plan that saves more tax than it costs pays back at once)."""
        if self.annual_benefit <= 0:
            return None
        return max(ZERO, self.tax_and_costs / self.annual_benefit)


def drift_variance(drift: Drift, markets: Markets) -> Decimal:
    """dᵀΣd with d the class drifts as fractions, in AssetClass order."""
    d = {r.asset_class: r.drift_pct / HUNDRED for r in drift.rows}
    v = [d.get(c, ZERO) for c in AssetClass]
    return sum(
        (v[i] * markets.covariance[i][j] * v[j] for i in range(len(v)) for j in range(len(v))),
        ZERO,
    )


def drift_cost(drift: Drift, markets: Markets, gamma: Decimal) -> Decimal:
    """½·γ·V·dᵀΣd: the yearly risk-adjusted cost of the drift, in dollars."""
    return HALF * gamma * drift.total_value * drift_variance(drift, markets)


def breakeven(
    before: Drift,
    after: Drift,
    markets: Markets,
    gamma: Decimal,
    tax_and_costs: Decimal,
    horizon: Decimal | None,
) -> Breakeven:
    """The breakeven of a plan that moves the household from ``before`` to ``after``."""
    benefit = drift_cost(before, markets, gamma) - drift_cost(after, markets, gamma)
    return Breakeven(annual_benefit=benefit, tax_and_costs=tax_and_costs, horizon_years=horizon)
