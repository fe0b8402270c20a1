"""Hypothesis: whatever bytes an export holds, the readers return Problems, never an exception.

Three levels: arbitrary bytes through the CSV reader, the sniffers and every importer; the
samples with cells replaced, lines dropped or duplicated, and the file cut short; and whole
imports of such mutated samples into a household file, which must either return problems or
a text that reads back as what was imported (the merge's own check raises InternalError
otherwise).
"""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trimtab.importers import IMPORTERS, Extract, sniff
from trimtab.importers.text.csvread import ExportText, parse_export
from trimtab.importers.text.values import Invalid, parse_number

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
FORMATS = ("schwab", "fidelity", "vanguard", "ibkr", "ofx", "beancount")
SAMPLES = [
    p
    for folder in FORMATS
    for p in sorted((DATA / folder).rglob("*"))
    if p.is_file() and p.suffix != ".yaml"
]
BASE = DATA / "base_household.yaml"

TRICKY = st.sampled_from(
    [
        "",
        "--",
        "N/A",
        "n/a",
        "$",
        "-",
        "(12.50)",
        "-$1.00",
        "$-1.00",
        "+2.3%",
        "1e9",
        "NaN",
        "Infinity",
        "9" * 40,
        "0",
        "-0",
        "Account Total",
        "Positions Total",
        "Cash & Cash Investments",
        "Pending Activity",
        "SPAXX**",
        "Total",
        "Transactions Total",
        "Symbol",
        "Run Date",
        "02/30/2026",
        "11/24/2026 as of",
        "as of 11/24/2026",
        '"',
        "\x00",
        "\r",
        "yes",
        "VTI",
        " -ABC270115C20",
        "912810SP4",
        "Date downloaded",
    ]
)


def run_all(data: bytes, name: str = "export.csv") -> None:
    export = parse_export(data, name)
    if not isinstance(export, ExportText):
        return
    fmt = sniff(export)
    for reader in IMPORTERS.values() if fmt is None else (IMPORTERS[fmt],):
        assert isinstance(reader(export), Extract)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
@example(b"\xef\xbb\xbf")
@example(b'"Positions for account X as of 1/1/2026"\r\n\r\n"Symbol"')
@example(b'"A Lot Details for B as of 1/1/2026"\n')
@example(b"Account Number,Symbol,Current Value\n,,\n")
@example(b"Run Date,Action\n")
def test_any_bytes_give_problems_not_exceptions(data: bytes) -> None:
    run_all(data)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Path, bytes]:
    path = draw(st.sampled_from(SAMPLES))
    lines = path.read_bytes().split(b"\n")
    how = draw(st.sampled_from(["cell", "drop", "repeat", "cut"]))
    at = draw(st.integers(0, len(lines) - 1))
    if how == "drop":
        del lines[at]
    elif how == "repeat":
        lines.insert(at, lines[at])
    elif how == "cut":
        lines = lines[:at]
    else:
        cells = lines[at].split(b",")
        k = draw(st.integers(0, len(cells) - 1))
        text = draw(st.one_of(TRICKY, st.text(max_size=12)))
        cells[k] = b'"' + text.replace('"', '""').encode() + b'"'
        lines[at] = b",".join(cells)
    return path, b"\n".join(lines)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_samples_give_problems_not_exceptions(case: tuple[Path, bytes]) -> None:
    path, data = case
    run_all(data, path.name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_importing_mutated_samples_never_breaks_the_household_file(
    case: tuple[Path, bytes],
) -> None:
    from trimtab.importers import run_import

    path, data = case
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / path.name
        export.write_bytes(data)
        into = Path(folder) / "household.yaml"
        shutil.copy(BASE, into)
        result = run_import([export], into, DATA / "account-map.yaml")
    assert result.text is not None or result.problems


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.sampled_from(["plain", "dollar", "parentheses", "dollar-minus"]),
)
def test_money_as_exports_write_it_reads_back_exactly(value: Decimal, style: str) -> None:
    magnitude = f"{abs(value):,.2f}"
    sign = "-" if value < 0 else ""
    text = {
        "plain": f"{sign}{magnitude}",
        "dollar": f"{sign}${magnitude}",
        "dollar-minus": f"${sign}{magnitude}",
        "parentheses": f"(${magnitude})" if value < 0 else f"${magnitude}",
    }[style]
    parsed = parse_number(text)
    assert not isinstance(parsed, Invalid)
    assert parsed == value
