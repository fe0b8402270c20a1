"""A small book for the book runner's tests: good households, and one broken, one infeasible
and one crashing household (the crash comes from crash_preload.py in the workers)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "household.yaml"
PRELOAD = str(Path(__file__).resolve().parent.parent / "book" / "crash_preload.py")
sys.path.insert(0, str(ROOT / "bench"))

import households as generator  # noqa: E402  (bench/ is not a package: on the path above)

from trimtab.model.enums import AccountType  # noqa: E402

T, IRA, ROTH = AccountType.TAXABLE, AccountType.TRADITIONAL_IRA, AccountType.ROTH_IRA

INFEASIBLE = """\
format: trimtab.household/1
name: Infeasible household
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners: [{id: pat, birth_date: 1970-01-01}]
targets: {us_large_cap: 50, ig_bonds: 50}
prices: {IVV: 500, BND: 75}
accounts:
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: BND, quantity: 400}]
cash_flows:
  - {account: ira, kind: withdrawal, amount: 35000}
"""
"""BND 400 × 75 = 30,000 sells for 29,994.00: a 35,000 withdrawal is 5,006.00 short."""


def generated(folder: Path, index: int) -> Path:
    """A small generated household (3 accounts, 10 securities, 24 lots) of seed 2000+index."""
    size = generator.Size(
        name=f"g{index}",
        accounts=(T, IRA, ROTH),
        securities=10,
        lots=24,
        value=400_000,
        seed=2000 + index,
    )
    return generator.write(size, folder)


def good_households(folder: Path, count: int) -> list[Path]:
    """The example household and ``count - 1`` generated ones."""
    folder.mkdir(parents=True, exist_ok=True)
    example = folder / "rivera.yaml"
    example.write_bytes(EXAMPLE.read_bytes())
    return [example, *(generated(folder, i) for i in range(1, count))]


def bad_households(folder: Path) -> dict[str, Path]:
    """One broken, one infeasible and one crashing household, by what is wrong."""
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / "broken.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    broken.write_text(text.replace("as_of: 2026-11-24", "as_of: someday", 1), encoding="utf-8")
    infeasible = folder / "infeasible.yaml"
    infeasible.write_text(INFEASIBLE, encoding="utf-8")
    crash = folder / "crash.yaml"
    source = generated(folder / "scratch", 99).read_text(encoding="utf-8")
    crash.write_text(source.replace("name: Benchmark g99", "name: Crash household", 1))
    return {"input": broken, "infeasible": infeasible, "internal": crash}
