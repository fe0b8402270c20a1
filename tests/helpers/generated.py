"""Seeded generated households for engine tests: the benchmark's generator (bench/households.py)
at sizes a test can afford, written to a temporary folder and loaded."""

from __future__ import annotations

import sys
from pathlib import Path

from trimtab import load_household
from trimtab.model.enums import AccountType
from trimtab.model.household import Household

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import households as generator  # bench/ is not a package: on the path above

T, IRA, ROTH = AccountType.TAXABLE, AccountType.TRADITIONAL_IRA, AccountType.ROTH_IRA
K401, HSA = AccountType.K401, AccountType.HSA

SHAPES = (
    ("s3", (T, IRA, ROTH), 10, 24, 400_000),
    ("s4", (T, IRA, ROTH, T), 10, 40, 900_000),
    ("s5", (T, K401, IRA, ROTH, HSA), 12, 48, 1_500_000),
    ("m6", (T, IRA, ROTH, T, K401, HSA), 16, 120, 2_500_000),
)
"""(name, account types, securities, taxable lots, value): small and medium-small shapes."""


def generated(tmp_path: Path, index: int) -> Household:
    """The household of seed ``index`` (shape by ``index`` modulo the shapes)."""
    name, accounts, securities, lots, value = SHAPES[index % len(SHAPES)]
    size = generator.Size(
        name=f"{name}-{index}",
        accounts=accounts,
        securities=securities,
        lots=lots,
        value=value,
        seed=1000 + index,
    )
    return load_household(generator.write(size, tmp_path))
