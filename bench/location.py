"""`make bench`, location section: the asset-location review over generated households.

Issue 11 asks how much our review says a household gains by moving its classes between accounts
(``location_review(household).gain_bp``: the yearly drag of the current location minus that of
the best one, in basis points of the value in scope), next to the published range of automated
asset location: 0.10 %–0.82 % a year, 0.48 % for a typical customer (Betterment's
Tax-Coordinated Portfolio study, which compares against the same allocation in every account).

Each household is drawn from its own ``random.Random(f"location-{seed}-{index}")`` and written
as a `trimtab.household/1` file under ``out/bench/location/`` (loading is timed apart from the
review):

    accounts   one of MIXES: taxable only, taxable + IRA, + Roth, + 401(k) with a four-fund
               menu, + HSA, or IRA + Roth with no taxable account; sizes at random, the
               household's value log-uniform between $100,000 and $5,000,000
    tax        filing status; ordinary taxable income log-uniform, $20,000–$1,200,000 (every
               bracket); state rate 0 (a fifth of them) or 1 %–10 %
    targets    an equity share of 30 %–90 % spread over the nine classes (jittered, some
               classes left out); the holdings are the targets exactly (no drift)
    placement  PRO_RATA: every account holds the same mix (as far as a 401(k) menu allows);
               RANDOM: each account a random mix (both with the same account sizes and class
               totals, by iterative proportional fitting)

One fund per class (VOO, VB, VEA, VWO, BND, HYG, SCHP, VNQ, whose `reit` tag repeats its
class's figures; cash as account cash, no minimum), so the class figures of the shipped
tax-efficiency data apply; one or two lots per taxable holding (the review needs no more).

Besides ``gain_bp`` (20-year horizon), variants of the measure on the same households: the
review at 30 years (``location_years: 30``); the review's measure with a taxable account never
sold (its drag the yearly tax T alone, no tax on the gain at the horizon); and the after-tax
wealth at the horizon, W = Σ amount × V(class, account type) with V the model's own after-tax
value of a dollar, of our best location and of the location with the most W (an LP over the
same cells), as the annualized gain (W_best / W_now)^(1/N) − 1. A reference household shaped
like the study's typical customer closes the section, under the shipped figures and two other
capital-market assumptions (ASSUMPTIONS).

    python bench/location.py [--households N] [--seed S] [--out DIR]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import numpy as np
import scipy.sparse as sp
from households import AS_OF, OUT, make_lots, menu, money, price_cents, shares, shares_milli

from trimtab import Household, load_household
from trimtab.analysis.location import (
    TREATMENT,
    LocationRates,
    Treatment,
    after_tax_value,
    drag,
    efficiency,
    yearly_tax,
)
from trimtab.explain.location_review import location_review
from trimtab.model.enums import AccountType, AssetClass, FilingStatus
from trimtab.optimize.solve import solve_lp
from trimtab.results.location import LocationAmount, LocationReview
from trimtab.rules.securities import load_master

LOCATION_OUT = OUT / "location"
HOUSEHOLDS = 1_000
SEED = 0
LONG_HORIZON = 30
PUBLISHED = "0.10 %–0.82 % a year (10–82 bp), average 0.48 % (48 bp): Betterment TCP study"

T, IRA, ROTH, K401, HSA = (
    AccountType.TAXABLE,
    AccountType.TRADITIONAL_IRA,
    AccountType.ROTH_IRA,
    AccountType.K401,
    AccountType.HSA,
)

MIXES: tuple[tuple[str, tuple[AccountType, ...], int], ...] = (
    ("taxable only", (T,), 1),
    ("taxable + IRA", (T, IRA), 3),
    ("taxable + Roth", (T, ROTH), 2),
    ("taxable + IRA + Roth", (T, IRA, ROTH), 4),
    ("taxable + 401(k) + Roth", (T, K401, ROTH), 3),
    ("taxable + IRA + Roth + 401(k)", (T, IRA, ROTH, K401), 3),
    ("taxable + IRA + Roth + 401(k) + HSA", (T, IRA, ROTH, K401, HSA), 2),
    ("IRA + Roth", (IRA, ROTH), 2),
)
"""Account mixes: name, account types, weight of the draw."""

FUNDS: dict[AssetClass, str] = {
    AssetClass.US_LARGE_CAP: "VOO",
    AssetClass.US_SMALL_MID_CAP: "VB",
    AssetClass.INTL_DEVELOPED: "VEA",
    AssetClass.EMERGING_MARKETS: "VWO",
    AssetClass.IG_BONDS: "BND",
    AssetClass.HIGH_YIELD: "HYG",
    AssetClass.TIPS: "SCHP",
    AssetClass.ALTERNATIVES: "VNQ",
}
"""The fund of each class (the shipped data's representative ones); cash is account cash."""

EQUITY: dict[AssetClass, int] = {
    AssetClass.US_LARGE_CAP: 35,
    AssetClass.US_SMALL_MID_CAP: 8,
    AssetClass.INTL_DEVELOPED: 15,
    AssetClass.EMERGING_MARKETS: 5,
    AssetClass.ALTERNATIVES: 4,
}
FIXED: dict[AssetClass, int] = {
    AssetClass.IG_BONDS: 22,
    AssetClass.HIGH_YIELD: 3,
    AssetClass.TIPS: 5,
    AssetClass.CASH: 3,
}
"""Relative weights inside the equity and fixed-income shares (bench/households.py TARGETS)."""

OPTIONAL = (
    AssetClass.EMERGING_MARKETS,
    AssetClass.ALTERNATIVES,
    AssetClass.HIGH_YIELD,
    AssetClass.TIPS,
)
"""Classes a household may leave out (each with probability 0.3)."""

FILING: tuple[tuple[FilingStatus, int], ...] = (
    (FilingStatus.SINGLE, 4),
    (FilingStatus.MARRIED_JOINT, 5),
    (FilingStatus.HEAD_OF_HOUSEHOLD, 1),
    (FilingStatus.MARRIED_SEPARATE, 1),
)
"""Filing statuses and the weights of the draw."""


class Placement(StrEnum):
    """How the classes sit in the accounts now."""

    PRO_RATA = "pro-rata"
    RANDOM = "random"


# --- drawing a household -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Draw:
    """The choices behind one generated household.

    index: its number. mix: the name of its account mix. kinds: account types, in file order.
    placement: pro-rata or random. filing: filing status. income: ordinary taxable income,
    dollars. state_rate: thousandths (50 = 5 %). targets: percent per class (sum 100).
    cells: dollars per (account index, class) now. prices: cents per symbol.
    menu: the 401(k)'s buy menu. assumptions: (class, figures) written under
    ``tax_efficiency.classes``, e.g. ``{expected_return: 0.025}`` (the reference's variants).
    """

    index: int
    mix: str
    kinds: tuple[AccountType, ...]
    placement: Placement
    filing: FilingStatus
    income: int
    state_rate: int
    targets: tuple[tuple[AssetClass, int], ...]
    cells: tuple[tuple[int, AssetClass, int], ...]
    prices: tuple[tuple[str, int], ...]
    menu: tuple[str, ...]
    assumptions: tuple[tuple[AssetClass, str], ...] = ()

    @property
    def both(self) -> bool:
        """A taxable account and a tax-advantaged one."""
        return T in self.kinds and any(k is not T for k in self.kinds)


def _apportion(weights: dict[AssetClass, float], total: int) -> dict[AssetClass, int]:
    """``total`` whole points in proportion to ``weights`` (largest remainder)."""
    scale = total / sum(weights.values())
    exact = {c: w * scale for c, w in weights.items()}
    out = {c: math.floor(v) for c, v in exact.items()}
    short = total - sum(out.values())
    for c in sorted(exact, key=lambda c: out[c] - exact[c])[:short]:
        out[c] += 1
    return out


def draw_targets(rng: random.Random, equity: int) -> dict[AssetClass, int]:
    """Targets with ``equity`` percent in equity classes: jittered weights, some left out."""
    dropped = {c for c in OPTIONAL if rng.random() < 0.3}
    parts = []
    for group, share in ((EQUITY, equity), (FIXED, 100 - equity)):
        weights = {c: w * rng.uniform(0.5, 1.5) for c, w in group.items() if c not in dropped}
        parts.append(_apportion(weights, share))
    out = {c: p for part in parts for c, p in part.items() if p > 0}
    return {c: out[c] for c in AssetClass if c in out}


def draw_sizes(
    rng: random.Random, kinds: tuple[AccountType, ...], value: int, menu_share: float
) -> list[float]:
    """Account values summing to ``value``; an HSA small, a 401(k) no bigger than its menu's
    classes allow (80 % of their total)."""
    weights = [rng.gammavariate(1.5, 1.0) * (0.15 if k is HSA else 1.0) for k in kinds]
    total = sum(weights)
    shares_ = [w / total for w in weights]
    for i, k in enumerate(kinds):
        if k is K401 and shares_[i] > 0.8 * menu_share and len(kinds) > 1:
            excess = shares_[i] - 0.8 * menu_share
            shares_[i] -= excess
            others = [j for j in range(len(kinds)) if j != i]
            for j in others:
                shares_[j] += excess / len(others)
    return [s * value for s in shares_]


def fit(seed: list[list[float]], rows: list[float], columns: list[float]) -> list[list[float]]:
    """Iterative proportional fitting: ``seed`` scaled to the row and column sums given
    (zeros stay zero)."""
    m = [list(r) for r in seed]
    for _ in range(2_000):
        for i, want in enumerate(rows):
            have = sum(m[i])
            m[i] = [v * want / have if have else 0.0 for v in m[i]]
        worst = 0.0
        for j, want in enumerate(columns):
            have = sum(r[j] for r in m)
            worst = max(worst, abs(have - want) / max(want, 1.0))
            for r in m:
                r[j] = r[j] * want / have if have else 0.0
        if worst < 1e-9:
            break
    return m


def draw_cells(
    rng: random.Random,
    kinds: tuple[AccountType, ...],
    sizes: list[float],
    targets: dict[AssetClass, int],
    placement: Placement,
    menu_classes: set[AssetClass],
) -> tuple[tuple[int, AssetClass, int], ...]:
    """Dollars of each class in each account, with the account sizes and class totals given."""
    value = sum(sizes)
    classes = list(targets)
    totals = [targets[c] / 100 * value for c in classes]
    seed = [
        [
            0.0
            if k is K401 and c not in menu_classes
            else (1.0 if placement is Placement.PRO_RATA else rng.lognormvariate(0.0, 1.5))
            for c in classes
        ]
        for k in kinds
    ]
    matrix = fit(seed, sizes, totals)
    return tuple(
        (i, c, round(v))
        for i, row in enumerate(matrix)
        for c, v in zip(classes, row, strict=True)
        if v >= 50
    )


def draw(seed: int, index: int) -> Draw:
    """The household ``index`` of ``seed`` (the same every time)."""
    rng = random.Random(f"location-{seed}-{index}")
    mix, kinds, _ = rng.choices(MIXES, weights=[w for *_, w in MIXES])[0]
    placement = rng.choice(tuple(Placement))
    filing = rng.choices([f for f, _ in FILING], weights=[w for _, w in FILING])[0]
    income = round(math.exp(rng.uniform(math.log(20_000), math.log(1_200_000))), -2)
    state = 0 if rng.random() < 0.2 else rng.randint(10, 100)
    targets = draw_targets(rng, rng.randint(30, 90))
    master = {s.symbol: s for s in load_master()}
    securities = tuple(master[FUNDS[c]] for c in targets if c in FUNDS)
    prices = tuple((s.symbol, price_cents(rng, s)) for s in securities)
    fund_menu = menu(rng, securities) if K401 in kinds else ()
    menu_classes = {c for c, s in FUNDS.items() if s in fund_menu}
    value = round(math.exp(rng.uniform(math.log(100_000), math.log(5_000_000))))
    menu_share = sum(p for c, p in targets.items() if c in menu_classes) / 100
    sizes = draw_sizes(rng, kinds, value, menu_share)
    cells = draw_cells(rng, kinds, sizes, targets, placement, menu_classes)
    return Draw(
        index=index,
        mix=mix,
        kinds=kinds,
        placement=placement,
        filing=filing,
        income=int(income),
        state_rate=state,
        targets=tuple(targets.items()),
        cells=cells,
        prices=prices,
        menu=fund_menu,
    )


# --- the household file --------------------------------------------------------------------


def _ids(kinds: tuple[AccountType, ...]) -> list[str]:
    seen: dict[AccountType, int] = {}
    out = []
    for kind in kinds:
        seen[kind] = seen.get(kind, 0) + 1
        out.append(f"{kind.value.replace('_', '-')}-{seen[kind]}")
    return out


def render(d: Draw) -> str:
    """The `trimtab.household/1` file of ``d``."""
    married = d.filing is FilingStatus.MARRIED_JOINT
    taxable = sum(v for i, c, v in d.cells if d.kinds[i] is T and c is not AssetClass.CASH)
    lines = [
        f"# Location benchmark household {d.index}: written by bench/location.py; do not edit.",
        "format: trimtab.household/1",
        f'name: "Location benchmark {d.index} ({d.mix}, {d.placement.value})"',
        f"as_of: {AS_OF.isoformat()}",
        "",
        "tax:",
        f"  year: {AS_OF.year}",
        f"  filing_status: {d.filing.value}",
        f"  ordinary_taxable_income: {d.income}",
        f"  qualified_dividends: {taxable // 100}",
        f"  state_rate: {d.state_rate / 1000:.3f}",
        "",
        "owners:",
        "  - {id: pat, birth_date: 1968-05-02}",
        *(["  - {id: sam, birth_date: 1971-09-17}"] if married else []),
        "",
        "targets:",
        *(f"  {c.value}: {p}" for c, p in d.targets),
        "",
        "prices:",
        *(f"  {s}: {money(c)}" for s, c in d.prices),
    ]
    if d.assumptions:
        lines += ["", "tax_efficiency:", "  classes:"]
        lines += [f"    {c.value}: {figures}" for c, figures in d.assumptions]
    lines += ["", "accounts:"]
    rng = random.Random(f"lots-{d.index}")
    for i, (kind, aid) in enumerate(zip(d.kinds, _ids(d.kinds), strict=True)):
        owner = "pat" if not married or i % 2 == 0 else "sam"
        owners = "[pat, sam]" if married and kind is T else f"[{owner}]"
        lines += _account(d, rng, i, aid, owners)
    return "\n".join(lines) + "\n"


def _account(d: Draw, rng: random.Random, i: int, aid: str, owners: str) -> list[str]:
    kind = d.kinds[i]
    prices = dict(d.prices)
    mine = [(c, v) for j, c, v in d.cells if j == i]
    cash = sum(v for c, v in mine if c is AssetClass.CASH)
    out = [f"  - id: {aid}", f"    type: {kind.value}", f"    owners: {owners}"]
    out.append(f"    cash: {money(cash * 100)}")
    if kind is T:
        out.append("    relief_method: specific_id")
    if kind is K401:
        out.append(f"    buy_menu: [{', '.join(d.menu)}]")
    held = [(FUNDS[c], v) for c, v in mine if c is not AssetClass.CASH]
    out.append("    holdings:" if held else "    holdings: []")
    for n, (symbol, dollars) in enumerate(held):
        milli = shares_milli(dollars, prices[symbol], True)
        if kind is not T:
            out.append(f"      - {{symbol: {symbol}, quantity: {shares(milli)}}}")
            continue
        lots = make_lots(rng, 100 * i + 10 * n + 1, milli, rng.randint(1, 2), prices[symbol], True)
        out += [f"      - symbol: {symbol}", "        lots:"]
        out += [
            f"          - {{id: {x.id}, acquired: {x.acquired.isoformat()}, "
            f"quantity: {shares(x.milli)}, cost: {money(x.cost_cents)}}}"
            for x in lots
        ]
    return out


def write(d: Draw, out: Path) -> Path:
    """Write the household of ``d`` under ``out`` (temp file, then replace); its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"household-{d.index:04d}.yaml"
    text = render(d)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


# --- the measures --------------------------------------------------------------------------


PerCell = dict[tuple[AssetClass, AccountType], float]


def after_tax_values(household: Household, rates: LocationRates) -> PerCell:
    """V: a dollar's after-tax value at the horizon, per (class, account type) of the household."""
    kinds = {a.type for a in household.accounts if a.of_this_return}
    return {
        (c, k): float(after_tax_value(efficiency(household, None, c), TREATMENT[k], rates))
        for c in AssetClass
        for k in kinds
    }


def drags_held(household: Household, rates: LocationRates) -> PerCell:
    """The model's yearly drag, except that a taxable account is never sold (its gains escape
    tax at a step-up): there the drag is the yearly tax T alone."""
    kinds = {a.type for a in household.accounts if a.of_this_return}
    out = {}
    for c in AssetClass:
        e = efficiency(household, None, c)
        for k in kinds:
            taxable = TREATMENT[k] is Treatment.TAXABLE
            out[(c, k)] = float(yearly_tax(e, rates) if taxable else drag(e, TREATMENT[k], rates))
    return out


def total(household: Household, rows: Sequence[LocationAmount], per: PerCell) -> float:
    """Σ amount × figure of a location: W when the figure is V, the yearly drag when it is d."""
    kind = {a.id: a.type for a in household.accounts}
    return sum(float(r.amount) * per[(r.asset_class, kind[r.account])] for r in rows)


def _allowed(household: Household) -> list[tuple[AssetClass, str, AccountType]]:
    """The cells the review may use: any class, but only the menu's classes (and cash) in an
    account with a buy menu."""
    out = []
    for a in household.accounts:
        if not a.of_this_return:
            continue
        menu_classes = {
            s.classes[0].asset_class
            for s in (household.security(m) for m in a.buy_menu)
            if s is not None
        }
        for c in AssetClass:
            if not a.buy_menu or c in menu_classes or c is AssetClass.CASH:
                out.append((c, a.id, a.type))
    return out


def least(household: Household, current: Sequence[LocationAmount], per: PerCell) -> float:
    """The least Σ amount × figure of any location with the current account sizes and class
    totals (an LP over the cells the review may use)."""
    cells = _allowed(household)
    accounts = list(dict.fromkeys(a for _, a, _ in cells))
    classes = list(AssetClass)
    rows = [accounts.index(a) for _, a, _ in cells] + [
        len(accounts) + classes.index(c) for c, _, _ in cells
    ]
    n = len(cells)
    matrix = sp.csr_matrix(
        (np.ones(2 * n), (rows, list(range(n)) * 2)), shape=(len(accounts) + len(classes), n)
    )
    target = np.zeros(len(accounts) + len(classes))
    for r in current:
        target[accounts.index(r.account)] += float(r.amount)
        target[len(accounts) + classes.index(r.asset_class)] += float(r.amount)
    cost = np.array([per[(c, k)] for c, _, k in cells])
    solution = solve_lp(cost, matrix, (target, target), (np.zeros(n), np.full(n, np.inf)))
    if not solution.optimal:
        raise SystemExit(f"{household.name}: the variant's LP failed: {solution.status}")
    return solution.objective


def annualized_bp(better: float, now: float, years: int) -> float:
    """(better / now)^(1/N) − 1, in basis points."""
    return ((better / now) ** (1 / years) - 1) * 10_000 if now > 0 else 0.0


def wealth_bp(household: Household, review: LocationReview) -> tuple[float, float]:
    """The annualized gain in W at the review's horizon of the review's best location, and of
    the location with the most W."""
    values = after_tax_values(household, review.rates)
    now = total(household, review.current, values)
    most = -least(household, review.current, {k: -v for k, v in values.items()})
    years = review.rates.years
    ours = annualized_bp(total(household, review.best, values), now, years)
    return ours, annualized_bp(most, now, years)


def held_bp(household: Household, review: LocationReview) -> float:
    """The review's gain with the drags of :func:`drags_held`, in bp of the value."""
    per = drags_held(household, review.rates)
    gain = total(household, review.current, per) - least(household, review.current, per)
    return gain / float(review.total) * 10_000 if review.total else 0.0


# --- one household, all households ---------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """One household's figures, bp a year.

    gain_bp: the review's gain. gain_long_bp: at the 30-year horizon. held_bp: with a taxable
    account never sold. wealth_ours_bp / wealth_best_bp: the annualized gain in after-tax
    wealth at 20 years of our best location / of the wealth-maximising one; wealth_long_bp:
    the latter at 30 years. ordinary_rate: the marginal rate on interest (t_o, a fraction).
    value: dollars in scope. load_ms / review_ms: loading the file, the review.
    """

    draw: Draw
    value: float
    ordinary_rate: float
    gain_bp: float
    gain_long_bp: float
    held_bp: float
    wealth_ours_bp: float
    wealth_best_bp: float
    wealth_long_bp: float
    load_ms: float
    review_ms: float


X = TypeVar("X")


def _timed(fn: Callable[[], X]) -> tuple[X, float]:
    start = time.perf_counter()
    out = fn()
    return out, 1000 * (time.perf_counter() - start)


def measure(d: Draw, out: Path) -> Result:
    """Write, load and review household ``d``, and its variants."""
    household, load_ms = _timed(lambda: load_household(write(d, out)))
    review, review_ms = _timed(lambda: location_review(household))
    longer = replace(household, settings=replace(household.settings, location_years=LONG_HORIZON))
    review_long = location_review(longer)
    for r in (review, review_long):
        if r.status != "Optimal":
            raise SystemExit(f"{household.name}: the review's LP says {r.status}")
    wealth_ours, wealth_best = wealth_bp(household, review)
    return Result(
        draw=d,
        value=float(review.total),
        ordinary_rate=float(review.rates.ordinary),
        gain_bp=float(review.gain_bp),
        gain_long_bp=float(review_long.gain_bp),
        held_bp=held_bp(household, review),
        wealth_ours_bp=wealth_ours,
        wealth_best_bp=wealth_best,
        wealth_long_bp=wealth_bp(longer, review_long)[1],
        load_ms=load_ms,
        review_ms=review_ms,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """The results of a run, its reference household and its wall time (seconds)."""

    seed: int
    out: Path
    results: tuple[Result, ...]
    reference: tuple[Result, ...]
    seconds: float


def run(households: int = HOUSEHOLDS, seed: int = SEED, out: Path = LOCATION_OUT) -> Run:
    """Measure ``households`` generated households and the reference one."""
    start = time.perf_counter()
    results = []
    for index in range(households):
        results.append(measure(draw(seed, index), out))
        if index % 50 == 49:
            print(f"  location: {index + 1}/{households}", end="\r", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return Run(
        seed=seed,
        out=out,
        results=tuple(results),
        reference=tuple(
            measure(reference(9_000 + n, a), out) for n, (_, a) in enumerate(ASSUMPTIONS)
        ),
        seconds=time.perf_counter() - start,
    )


LOW_BONDS = ((AssetClass.IG_BONDS, "{expected_return: 0.025, income_yield: 0.025}"),)
WIDE_GAP = (
    *LOW_BONDS,
    (AssetClass.US_LARGE_CAP, "{expected_return: 0.082}"),
    (AssetClass.US_SMALL_MID_CAP, "{expected_return: 0.085}"),
    (AssetClass.INTL_DEVELOPED, "{expected_return: 0.089}"),
    (AssetClass.EMERGING_MARKETS, "{expected_return: 0.090}"),
)
ASSUMPTIONS: tuple[tuple[str, tuple[tuple[AssetClass, str], ...]], ...] = (
    ("shipped figures", ()),
    ("bonds 2.5 %", LOW_BONDS),
    ("bonds 2.5 %, equity +1.5 pp", WIDE_GAP),
)
"""The reference household's capital-market assumptions: the shipped tax-efficiency figures;
investment-grade bonds returning and yielding 2.5 % (rates of the study's time); and that with
every equity class returning 1.5 points more."""


def reference(index: int, assumptions: tuple[tuple[AssetClass, str], ...]) -> Draw:
    """A household shaped like the study's typical customer: single, California (9.3 %),
    $120,000 of income (24 % bracket), $40,000 each in taxable, traditional IRA and Roth,
    70 % stocks / 30 % bonds in every account."""
    targets = {
        AssetClass.US_LARGE_CAP: 38,
        AssetClass.US_SMALL_MID_CAP: 9,
        AssetClass.INTL_DEVELOPED: 17,
        AssetClass.EMERGING_MARKETS: 6,
        AssetClass.IG_BONDS: 30,
    }
    kinds = (T, IRA, ROTH)
    master = {s.symbol: s for s in load_master()}
    prices = tuple(
        (FUNDS[c], price_cents(random.Random(c.value), master[FUNDS[c]])) for c in targets
    )
    cells = draw_cells(random.Random(0), kinds, [40_000.0] * 3, targets, Placement.PRO_RATA, set())
    return Draw(
        index=index,
        mix="reference: taxable + IRA + Roth",
        kinds=kinds,
        placement=Placement.PRO_RATA,
        filing=FilingStatus.SINGLE,
        income=120_000,
        state_rate=93,
        targets=tuple(targets.items()),
        cells=cells,
        prices=prices,
        menu=(),
        assumptions=assumptions,
    )


# --- the report ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Stats:
    """count, median, p10, p90 and mean of some figures."""

    count: int
    median: float
    p10: float
    p90: float
    mean: float


def stats(values: Sequence[float]) -> Stats:
    """The summary of ``values`` (p10 / p90 by linear interpolation)."""
    if not values:
        return Stats(count=0, median=math.nan, p10=math.nan, p90=math.nan, mean=math.nan)
    deciles = (
        statistics.quantiles(values, n=10, method="inclusive")
        if len(values) > 1
        else [values[0]] * 9
    )
    return Stats(
        count=len(values),
        median=statistics.median(values),
        p10=deciles[0],
        p90=deciles[8],
        mean=statistics.fmean(values),
    )


def _row(label: str, s: Stats) -> list[str]:
    return [label, f"{s.count:,}", *(f"{v:,.1f}" for v in (s.median, s.p10, s.p90, s.mean))]


HEAD = ["median", "p10", "p90", "mean"]

GROUPS: tuple[tuple[str, Callable[[Result], bool]], ...] = (
    ("all households", lambda r: True),
    ("placement: pro-rata", lambda r: r.draw.placement is Placement.PRO_RATA),
    ("placement: random", lambda r: r.draw.placement is Placement.RANDOM),
    ("taxable + tax-advantaged", lambda r: r.draw.both),
    ("not both", lambda r: not r.draw.both),
    (
        "pro-rata, taxable + tax-adv.",
        lambda r: r.draw.placement is Placement.PRO_RATA and r.draw.both,
    ),
    ("random, taxable + tax-adv.", lambda r: r.draw.placement is Placement.RANDOM and r.draw.both),
)


def gain_table(results: Sequence[Result]) -> str:
    """gain_bp by group."""
    rows = [_row(name, stats([r.gain_bp for r in results if keep(r)])) for name, keep in GROUPS]
    return grid(["gain, bp/yr", "n", *HEAD], rows)


def mix_table(results: Sequence[Result]) -> str:
    """gain_bp by account mix and placement."""
    rows = []
    for name, _, _ in MIXES:
        chosen = [r for r in results if r.draw.mix == name]
        for placement in Placement:
            gains = [r.gain_bp for r in chosen if r.draw.placement is placement]
            rows.append(_row(f"{name}, {placement.value}", stats(gains)))
    return grid(["gain by account mix, bp/yr", "n", *HEAD], rows)


MEASURES: tuple[tuple[str, Callable[[Result], float]], ...] = (
    ("review gain, 20 years (ours)", lambda r: r.gain_bp),
    (f"review gain, {LONG_HORIZON} years", lambda r: r.gain_long_bp),
    ("review gain, taxable never sold", lambda r: r.held_bp),
    ("wealth at 20 y, our best location", lambda r: r.wealth_ours_bp),
    ("wealth at 20 y, wealth-optimal", lambda r: r.wealth_best_bp),
    (f"wealth at {LONG_HORIZON} y, wealth-optimal", lambda r: r.wealth_long_bp),
)
"""The review's measure and its variants (module docstring)."""

RATES = ((0.0, 0.20), (0.20, 0.30), (0.30, 0.40), (0.40, 1.0))
"""Bins of the marginal rate on interest, t_o (federal + NIIT + state)."""


def rate_table(results: Sequence[Result]) -> str:
    """gain_bp of households with a taxable and a tax-advantaged account by marginal rate."""
    rows = []
    for low, high in RATES:
        chosen = [r for r in results if r.draw.both and low <= r.ordinary_rate < high]
        for placement in Placement:
            gains = [r.gain_bp for r in chosen if r.draw.placement is placement]
            label = f"t_o {100 * low:.0f}–{100 * high:.0f} %, {placement.value}"
            rows.append(_row(label, stats(gains)))
    return grid(["taxable + tax-adv. by rate, bp/yr", "n", *HEAD], rows)


def variant_table(results: Sequence[Result]) -> str:
    """The measures over pro-rata households with a taxable and a tax-advantaged account."""
    chosen = [r for r in results if r.draw.placement is Placement.PRO_RATA and r.draw.both]
    rows = [_row(name, stats([of(r) for r in chosen])) for name, of in MEASURES]
    return grid(["pro-rata, taxable + tax-adv.: bp/yr", "n", *HEAD], rows)


MEDIAN_GROUPS: tuple[tuple[str, Callable[[Result], bool]], ...] = (
    GROUPS[0],
    GROUPS[5],
    GROUPS[6],
    (
        "IRA + Roth, pro-rata",
        lambda r: r.draw.mix == "IRA + Roth" and r.draw.placement is Placement.PRO_RATA,
    ),
)


def variant_medians(results: Sequence[Result]) -> str:
    """The median of each measure by group."""
    groups = [[r for r in results if keep(r)] for _, keep in MEDIAN_GROUPS]
    rows = [
        [name, *(f"{stats([of(r) for r in g]).median:,.1f}" for g in groups)]
        for name, of in MEASURES
    ]
    return grid(["medians, bp/yr", *(name for name, _ in MEDIAN_GROUPS)], rows)


def reference_table(results: Sequence[Result]) -> str:
    """The reference household's measures under each set of assumptions."""
    rows = [[name, *(f"{of(r):,.1f}" for r in results)] for name, of in MEASURES]
    header = ["reference (single, CA, $120k, 3 × $40k, 70/30), bp/yr"]
    return grid([*header, *(name for name, _ in ASSUMPTIONS)], rows)


def timing(results: Sequence[Result], seconds: float) -> str:
    """Medians of the review and of loading, and the wall time."""
    review = stats([r.review_ms for r in results])
    load = stats([r.load_ms for r in results])
    return (
        f"location_review: median {review.median:.1f} ms, p90 {review.p90:.1f} ms a household; "
        f"loading the file: median {load.median:.1f} ms; the whole section "
        f"({len(results):,} households, each reviewed twice, plus three small LPs): {seconds:.0f} s"
    )


def grid(header: list[str], rows: list[list[str]]) -> str:
    """A plain text table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([cells[0].ljust(widths[0]), *rest])

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def report(result: Run) -> str:
    """The section's text."""
    results = result.results
    return "\n\n".join(
        [
            f"asset-location review: {len(results):,} households from bench/location.py "
            f"(seed {result.seed}, {result.out}/)",
            gain_table(results),
            f"published: {PUBLISHED}",
            mix_table(results),
            rate_table(results),
            variant_table(results),
            variant_medians(results),
            reference_table(result.reference),
            timing(results, result.seconds),
        ]
    )


def section(households: int = HOUSEHOLDS, seed: int = SEED) -> str:
    """Run the section and return its text (bench/run.py prints it)."""
    return report(run(households, seed))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the location section and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=HOUSEHOLDS, help="how many (1,000)")
    parser.add_argument("--seed", type=int, default=SEED, help="the generator's seed (0)")
    parser.add_argument("--out", type=Path, default=LOCATION_OUT, help=f"({LOCATION_OUT})")
    args = parser.parse_args(argv)
    if args.households < 1:
        parser.error("--households must be at least 1")
    print(report(run(args.households, args.seed, args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
