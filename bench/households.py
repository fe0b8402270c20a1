"""Deterministic benchmark households: `trimtab.household/1` files of three sizes.

Each size fixes the number of accounts, securities and taxable lots (issue 8, "Speed"):

    small    3 accounts,  10 securities,     50 lots
    medium   8 accounts,  40 securities,  1,000 lots
    large   20 accounts, 200 securities, 20,000 lots

Everything comes from one seeded ``random.Random`` per size and fixed dates (as_of 2026-11-24,
tax year 2026), so a size always writes the same bytes. Securities are symbols of the shipped
master, one of each asset class first; every chosen security is held somewhere and priced (all
priced symbols are buy candidates). Lots live in taxable accounts only; tax-advantaged holdings
give a quantity. Holdings are sized from a drifted mix (too much US large cap, too few bonds),
so that some classes sit outside their bands and a `band` plan trades.

    python bench/households.py [--out DIR] [SIZE ...]   # writes DIR/household-SIZE.yaml
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trimtab import check_household
from trimtab.errors import errors_only
from trimtab.model.enums import AccountType, AssetClass, SecurityType
from trimtab.model.security import Security
from trimtab.rules.securities import load_master

AS_OF = dt.date(2026, 11, 24)
FIRST_LOT = dt.date(2010, 1, 4)
OUT = Path("out/bench")

TARGETS: dict[AssetClass, int] = {
    AssetClass.US_LARGE_CAP: 35,
    AssetClass.US_SMALL_MID_CAP: 8,
    AssetClass.INTL_DEVELOPED: 15,
    AssetClass.EMERGING_MARKETS: 5,
    AssetClass.IG_BONDS: 22,
    AssetClass.HIGH_YIELD: 3,
    AssetClass.TIPS: 5,
    AssetClass.ALTERNATIVES: 4,
    AssetClass.CASH: 3,
}
"""The IPS targets (percent, summing to 100)."""

DRIFTED: dict[AssetClass, int] = {
    AssetClass.US_LARGE_CAP: 44,  # +9 points: outside its 5-point band
    AssetClass.US_SMALL_MID_CAP: 9,
    AssetClass.INTL_DEVELOPED: 13,
    AssetClass.EMERGING_MARKETS: 5,
    AssetClass.IG_BONDS: 15,  # −7 points: outside its 5-point band
    AssetClass.HIGH_YIELD: 3,
    AssetClass.TIPS: 5,
    AssetClass.ALTERNATIVES: 4,
    AssetClass.CASH: 2,
}
"""The mix the holdings are sized from (before cash and mixed funds blur it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Size:
    """One benchmark size.

    name: small, medium or large. accounts: account types, in file order.
    securities: distinct symbols held and priced. lots: taxable lots in all.
    value: rough household value in dollars. seed: the generator's seed.
    """

    name: str
    accounts: tuple[AccountType, ...]
    securities: int
    lots: int
    value: int
    seed: int


T, IRA, ROTH, K401, HSA, SEP = (
    AccountType.TAXABLE,
    AccountType.TRADITIONAL_IRA,
    AccountType.ROTH_IRA,
    AccountType.K401,
    AccountType.HSA,
    AccountType.SEP_IRA,
)

SIZES: dict[str, Size] = {
    s.name: s
    for s in (
        Size(
            name="small", accounts=(T, IRA, ROTH), securities=10, lots=50, value=1_500_000, seed=1
        ),
        Size(
            name="medium",
            accounts=(T, IRA, ROTH, T, K401, IRA, HSA, T),
            securities=40,
            lots=1_000,
            value=6_000_000,
            seed=2,
        ),
        Size(
            name="large",
            accounts=(
                *(T, IRA, ROTH, T, K401, IRA, HSA, T, SEP, T),
                *(ROTH, T, K401, IRA, T, ROTH, T, K401, IRA, T),
            ),
            securities=200,
            lots=20_000,
            value=60_000_000,
            seed=3,
        ),
    )
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Lot:
    """A taxable lot: quantity in thousandths of a share, cost in cents."""

    id: str
    acquired: dt.date
    milli: int
    cost_cents: int
    inherited: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """A holding: its symbol, its quantity (thousandths of a share) and its lots (taxable)."""

    symbol: str
    milli: int
    lots: tuple[Lot, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """A generated account (ids like `taxable-1`); ``menu`` is a 401(k)'s buy menu."""

    id: str
    type: AccountType
    owner: str
    cash_cents: int
    menu: tuple[str, ...]
    positions: tuple[Position, ...]


# --- securities and prices -------------------------------------------------------------


def choose_securities(rng: random.Random, n: int) -> tuple[Security, ...]:
    """``n`` securities of the master: one single-class fund per asset class, then any."""
    master = [s for s in load_master() if "sector_energy" not in s.tags]
    chosen: list[Security] = []
    for cls in AssetClass:
        pool = [s for s in master if not s.is_mixed and s.classes[0].asset_class is cls]
        pool = [s for s in pool if s.type is not SecurityType.STOCK]
        chosen.append(rng.choice(pool))
    rest = [s for s in master if s not in chosen]
    chosen += rng.sample(rest, n - len(chosen))
    return tuple(sorted(chosen, key=lambda s: s.symbol))


def price_cents(rng: random.Random, security: Security) -> int:
    """A made-up price in cents: $1.00 for money-market funds."""
    if security.type is SecurityType.MONEY_MARKET:
        return 100
    if security.type is SecurityType.MUTUAL_FUND:
        return rng.randint(1_000, 30_000)
    return rng.randint(2_000, 60_000)


# --- accounts and holdings ---------------------------------------------------------------


def account_ids(size: Size) -> tuple[str, ...]:
    """`<type>-<n>` with n counting accounts of that type from 1."""
    seen: dict[AccountType, int] = {}
    out = []
    for kind in size.accounts:
        seen[kind] = seen.get(kind, 0) + 1
        out.append(f"{kind.value.replace('_', '-')}-{seen[kind]}")
    return tuple(out)


def assign_symbols(
    rng: random.Random, size: Size, securities: tuple[Security, ...]
) -> dict[int, list[Security]]:
    """Which securities each account holds: each security somewhere, then extras at random.

    Stocks stay in taxable accounts; a 401(k) holds its menu (chosen later) only.
    """
    free = [i for i, k in enumerate(size.accounts) if k is not K401]
    taxable = [i for i, k in enumerate(size.accounts) if k is T]
    held: dict[int, list[Security]] = {i: [] for i in free}
    for n, s in enumerate(securities):
        homes = taxable if s.type is SecurityType.STOCK else free
        held[homes[n % len(homes)]].append(s)
    per_account = max(3, 2 * len(securities) // len(free))
    for i in free:
        pool = [
            s
            for s in securities
            if s not in held[i] and (i in taxable or s.type is not SecurityType.STOCK)
        ]
        extra = max(0, min(len(pool), per_account - len(held[i])))
        held[i] += rng.sample(pool, extra)
        held[i].sort(key=lambda s: s.symbol)
    return held


def menu(rng: random.Random, securities: tuple[Security, ...]) -> tuple[str, ...]:
    """A 401(k) menu: a mutual fund or ETF of each of four classes, when available."""
    out = []
    for cls in (
        AssetClass.US_LARGE_CAP,
        AssetClass.INTL_DEVELOPED,
        AssetClass.IG_BONDS,
        AssetClass.US_SMALL_MID_CAP,
    ):
        pool = [
            s
            for s in securities
            if s.main_class is cls and s.type is not SecurityType.STOCK and not s.is_mixed
        ]
        if pool:
            out.append(rng.choice(pool).symbol)
    return tuple(sorted(set(out)))


def holding_value(rng: random.Random, size: Size, security: Security, count: int) -> int:
    """Dollars of one holding: its class's drifted share, spread over the class's holdings."""
    share = DRIFTED[security.main_class] / 100 * size.value / max(count, 1)
    return max(1_000, round(share * rng.uniform(0.5, 1.5)))


def shares_milli(dollars: int, cents: int, whole: bool) -> int:
    """Thousandths of a share worth about ``dollars`` (whole shares rounded, at least one)."""
    milli = round(dollars * 100_000 / cents)
    return max(1, round(milli / 1000)) * 1000 if whole else max(1, milli)


# --- lots ----------------------------------------------------------------------------------


def lot_counts(rng: random.Random, holdings: int, lots: int) -> list[int]:
    """``lots`` split over ``holdings`` taxable holdings, each at least one."""
    counts = [1] * holdings
    for _ in range(lots - holdings):
        counts[rng.randrange(holdings)] += 1
    return counts


def acquired(rng: random.Random) -> dt.date:
    """A trade date on or before as_of: a fifth in the last year (short-term), most older."""
    first = FIRST_LOT if rng.random() > 0.2 else AS_OF - dt.timedelta(days=364)
    return first + dt.timedelta(days=rng.randrange((AS_OF - first).days + 1))


def basis_factor(rng: random.Random, when: dt.date) -> float:
    """Cost per share over today's price: old lots mostly gains, recent lots either way."""
    years = (AS_OF - when).days / 365.25
    if years < 2:
        return rng.uniform(0.8, 1.25)
    return rng.uniform(0.35, 1.1) ** min(years / 4, 2)


def make_lots(
    rng: random.Random, first_id: int, milli: int, count: int, cents: int, whole: bool
) -> tuple[Lot, ...]:
    """``count`` lots adding up to about ``milli`` thousandths of a share."""
    weights = [rng.random() + 0.2 for _ in range(count)]
    total = sum(weights)
    out = []
    for n, w in enumerate(weights):
        part = max(1, round(milli * w / total))
        part = max(1, round(part / 1000)) * 1000 if whole else part
        when = acquired(rng)
        cost = round(part * cents * basis_factor(rng, when) / 1000)
        out.append(
            Lot(
                id=f"L{first_id + n}",
                acquired=when,
                milli=part,
                cost_cents=max(1, cost),
                inherited=rng.random() < 0.01 and when < AS_OF - dt.timedelta(days=400),
            )
        )
    return tuple(out)


# --- the household -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Generated:
    """A generated household: its securities with prices (cents), accounts, and size."""

    size: Size
    securities: tuple[Security, ...]
    prices: dict[str, int]
    accounts: tuple[Account, ...]


def generate(size: Size, *, rmd_cash: bool = True) -> Generated:
    """The household of ``size`` (the same every time).

    rmd_cash: Ana's IRAs hold cash for her RMD (about 5 % of the account). Without it the RMD
    is raised by sales, which trips the engine's rounding (bench/README.md).
    """
    rng = random.Random(size.seed)
    securities = choose_securities(rng, size.securities)
    prices = {s.symbol: price_cents(rng, s) for s in securities}
    held = assign_symbols(rng, size, securities)
    menus = {i: menu(rng, securities) for i, k in enumerate(size.accounts) if k is K401}
    by_symbol = {s.symbol: s for s in securities}
    for i, symbols in menus.items():
        held[i] = [by_symbol[s] for s in symbols]
    counts = _class_counts(held)
    taxable = [(i, s) for i, k in enumerate(size.accounts) if k is T for s in held[i]]
    lots = dict(zip(taxable, lot_counts(rng, len(taxable), size.lots), strict=True))
    accounts = []
    next_lot = 1
    for i, (kind, aid) in enumerate(zip(size.accounts, account_ids(size), strict=True)):
        positions = []
        for s in held[i]:
            dollars = holding_value(rng, size, s, counts[s.main_class])
            milli = shares_milli(dollars, prices[s.symbol], s.whole_shares)
            made = ()
            if kind is T:
                made = make_lots(
                    rng, next_lot, milli, lots[(i, s)], prices[s.symbol], s.whole_shares
                )
                next_lot += len(made)
                milli = sum(x.milli for x in made)
            positions.append(Position(symbol=s.symbol, milli=milli, lots=made))
        accounts.append(
            Account(
                id=aid,
                type=kind,
                owner=_owner(kind, i),
                cash_cents=_cash(rng, kind, _rmd_cash(i, kind, positions, prices, rmd_cash)),
                menu=menus.get(i, ()),
                positions=tuple(positions),
            )
        )
    return Generated(size=size, securities=securities, prices=prices, accounts=tuple(accounts))


def _class_counts(held: dict[int, list[Security]]) -> dict[AssetClass, int]:
    counts = dict.fromkeys(AssetClass, 0)
    for symbols in held.values():
        for s in symbols:
            counts[s.main_class] += 1
    return counts


def _owner(kind: AccountType, index: int) -> str:
    """Ana (past her RMD age) owns the even-numbered IRAs; Luis the rest; taxable is joint."""
    if kind is T:
        return "joint"
    return "ana" if kind in (IRA, SEP) and index % 2 == 1 else "luis"


def _rmd_cash(
    index: int, kind: AccountType, positions: list[Position], prices: dict[str, int], on: bool
) -> int:
    """Cents an RMD-paying IRA keeps in cash: 5 % of its holdings (0 when ``on`` is False)."""
    if not on or _owner(kind, index) != "ana" or kind not in (IRA, SEP):
        return 0
    return sum(p.milli * prices[p.symbol] for p in positions) // 20_000


def _cash(rng: random.Random, kind: AccountType, floor: int) -> int:
    if floor:
        return floor + rng.randint(10_000, 300_000)
    if kind is K401:
        return 0
    if kind is T:
        return rng.randint(200_000, 2_000_000)
    return rng.randint(10_000, 300_000)


# --- YAML ----------------------------------------------------------------------------------


def money(cents: int) -> str:
    """Cents as a dollar amount with two decimals."""
    return f"{cents // 100}.{cents % 100:02d}"


def shares(milli: int) -> str:
    """Thousandths of a share as a decimal quantity (no trailing zeros)."""
    whole, frac = divmod(milli, 1000)
    return f"{whole}.{frac:03d}".rstrip("0").rstrip(".")


def render(g: Generated) -> str:
    """The household file of ``g``."""
    lines = [
        f"# Benchmark household `{g.size.name}`: written by bench/households.py (seed "
        f"{g.size.seed}); do not edit.",
        "format: trimtab.household/1",
        f"name: Benchmark {g.size.name}",
        f"as_of: {AS_OF.isoformat()}",
        "",
        "tax:",
        f"  year: {AS_OF.year}",
        "  filing_status: married_joint",
        "  ordinary_taxable_income: 260000",
        "  qualified_dividends: 9000",
        "  state_rate: 0.05",
        "  carryforward: {short: 0, long: 2500}",
        "  realized_this_year: {short: 1500, long: 12000}",
        "",
        "owners:",
        "  - {id: ana, birth_date: 1951-03-14}",
        "  - {id: luis, birth_date: 1963-10-02}",
        "",
        "targets:",
        *(f"  {c.value}: {p}" for c, p in TARGETS.items()),
        "",
        "bands: {absolute: 5, relative: 25, min_width: 1}",
        "",
        "prices:",
        *(f"  {s}: {money(c)}" for s, c in sorted(g.prices.items())),
        "",
        "accounts:",
    ]
    for a in g.accounts:
        lines += _account_lines(g, a)
    lines += _flow_lines(g)
    return "\n".join(lines) + "\n"


def _account_lines(g: Generated, a: Account) -> list[str]:
    owners = "[ana, luis]" if a.owner == "joint" else f"[{a.owner}]"
    out = [f"  - id: {a.id}", f"    type: {a.type.value}", f"    owners: {owners}"]
    out.append(f"    cash: {money(a.cash_cents)}")
    if a.type is T:
        out += ["    min_cash: 1000", "    relief_method: specific_id"]
    if a.type in (IRA, SEP):
        value = sum(p.milli * g.prices[p.symbol] for p in a.positions) // 100_000
        out.append(f"    prior_year_end_value: {value}")
    if a.menu:
        out.append(f"    buy_menu: [{', '.join(a.menu)}]")
    out.append("    holdings:")
    for p in a.positions:
        if not p.lots:
            out.append(f"      - {{symbol: {p.symbol}, quantity: {shares(p.milli)}}}")
            continue
        out += [f"      - symbol: {p.symbol}", "        lots:"]
        out += [f"          - {_lot(x)}" for x in p.lots]
    return out


def _lot(x: Lot) -> str:
    origin = ", origin: inheritance" if x.inherited else ""
    return (
        f"{{id: {x.id}, acquired: {x.acquired.isoformat()}, quantity: {shares(x.milli)}, "
        f"cost: {money(x.cost_cents)}{origin}}}"
    )


def _flow_lines(g: Generated) -> list[str]:
    """Recent buys (wash-sale work), 401(k) payroll purchases, a contribution, a restriction."""
    taxable = [a for a in g.accounts if a.type is T]
    recent = [(a, a.positions[n % len(a.positions)]) for n, a in enumerate(taxable) if a.positions]
    out = ["", "transactions:"]
    for n, (a, p) in enumerate(recent):
        day = AS_OF - dt.timedelta(days=3 + 4 * (n % 6))
        out.append(
            f"  - {{date: {day.isoformat()}, account: {a.id}, action: buy, symbol: {p.symbol}, "
            f"quantity: 1, price: {money(g.prices[p.symbol])}}}"
        )
    out += ["", "recurring:"]
    for a in g.accounts:
        if a.menu:
            out.append(
                f"  - {{account: {a.id}, symbol: {a.menu[0]}, amount: 1200, every_days: 14, "
                "next: 2026-11-28}"
            )
    out.append(
        f"  - {{account: {taxable[0].id}, symbol: {taxable[0].positions[0].symbol}, "
        "dividend_reinvestment: true, every_days: 91, next: 2026-12-22}"
    )
    out += [
        "",
        "cash_flows:",
        f"  - {{account: {taxable[0].id}, kind: contribution, amount: 25000, date: 2026-12-01}}",
        "",
        "restrictions:",
        '  - {exclude_tag: sector_energy, reason: "client\'s ESG preference"}',
    ]
    return out


# --- writing -------------------------------------------------------------------------------


def write(size: Size, out: Path = OUT, *, rmd_cash: bool = True) -> Path:
    """Write the household of ``size`` under ``out``; its path."""
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if rmd_cash else "-rmd-from-sales"
    path = out / f"household-{size.name}{suffix}.yaml"
    text = render(generate(size, rmd_cash=rmd_cash))
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Write the households of the sizes named (all by default) and check each one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", metavar="SIZE", help=", ".join(SIZES))
    parser.add_argument("--out", type=Path, default=OUT, help=f"directory (default {OUT})")
    parser.add_argument(
        "--rmd-from-sales",
        action="store_true",
        help="no RMD cash in Ana's IRAs (writes household-SIZE-rmd-from-sales.yaml)",
    )
    args = parser.parse_args(argv)
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)} (expected {', '.join(SIZES)})")
    failed = False
    for name in args.sizes or SIZES:
        path = write(SIZES[name], args.out, rmd_cash=not args.rmd_from_sales)
        household, problems = check_household(path)
        errors = errors_only(problems)
        print(f"{path}: {len(errors)} errors, {len(problems) - len(errors)} warnings")
        for p in problems[:20]:
            print(f"  {p}")
        failed = failed or household is None
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
