"""Hypothesis: the merge works on household files written in any of YAML's usual styles.

Households are generated with 2- or 4-space indents, LF or CRLF, block or flow accounts,
holdings, prices and transactions, sections present, empty or absent, keys in any order, and
comment lines. For each, importing the Intelligent sample (positions, lots, history) must
succeed, read back as what was imported (the import checks that itself and raises otherwise),
keep the advisor's lines, and give the same bytes when repeated.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trimtab.importers import run_import

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
SOURCES = [
    DATA / "schwab" / "Intelligent-Positions-2026-11-24.CSV",
    DATA / "schwab" / "lots" / "SCHA.csv",
    DATA / "schwab" / "Intelligent_Transactions_20261124-180120.CSV",
]
MAP = DATA / "account-map.yaml"
ADVISOR = [
    "tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}",
    "targets:",
    "  us_large_cap: 60   # a comment the import keeps",
    "  ig_bonds: 40",
]


@st.composite
def households(draw: st.DrawFn) -> str:
    indent = " " * draw(st.sampled_from([2, 4]))
    lines = ["# a household in some style", "format: trimtab.household/1"]
    if draw(st.booleans()):
        lines.append("as_of: 2026-10-01   # kept comment")
    lines += ["owners: [{id: ana}]", *ADVISOR]
    lines += draw(prices(indent))
    lines += ["accounts:", *draw(account(indent)), *draw(other_account(indent))]
    lines += draw(transactions(indent))
    lines.append("restrictions: [{symbol: SCHA, no_buy: true}]")
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    return nl.join(lines) + (nl if draw(st.booleans()) else "")


def prices(indent: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from(
        [
            [],
            ["prices: {}"],
            ["prices: {SCHA: 26.5, VTI: 300}"],
            ["prices:", f"{indent}SCHA: 26.5   # old", f"{indent}VTI: 300"],
            ["prices:", f"{indent}# only a comment here", f"{indent}VTI: 300"],
        ]
    )


@st.composite
def account(draw: st.DrawFn, indent: str) -> list[str]:
    fields = draw(
        st.permutations(
            [
                'number: "XXXX-4321"',
                "type: taxable",
                "min_cash: 100   # advisor's",
                draw(st.sampled_from(["cash: 300", "cash: 250.00", None])),
                draw(holdings(indent)),
            ]
        )
    )
    present = [f for f in fields if f is not None]
    if draw(st.booleans()) and all("\n" not in f for f in present):
        flat = [f.split("   #")[0] for f in present if not f.startswith("holdings:")]
        return [f"{indent}- {{id: ana-intelligent, {', '.join(flat)}}}"]
    pad = indent + "  "
    out = [f"{indent}- id: ana-intelligent"]
    for f in present:
        out += [pad + line for line in f.split("\n")]
    return out


def holdings(indent: str) -> st.SearchStrategy[str | None]:
    return st.sampled_from(
        [
            None,
            "holdings: []",
            "holdings: [{symbol: SCHZ, basis: unknown, quantity: 40}]",
            f"holdings:\n{indent}- {{symbol: SCHZ, basis: unknown, quantity: 40}}   # same",
            f"holdings:\n{indent}# a comment\n{indent}- symbol: SCHA\n{indent}  lots:\n"
            f"{indent}    - {{id: K, acquired: 2025-09-24, quantity: 20, cost: 500.00}}\n"
            f"{indent}- {{symbol: VTI, basis: unknown, quantity: 1}}",
        ]
    )


def other_account(indent: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from(
        [
            [],
            [f"{indent}- {{id: ira, type: roth_ira, holdings: [{{symbol: VTI, quantity: 3}}]}}"],
            ["", f"{indent}- id: ira   # untouched", f"{indent}  type: roth_ira"],
        ]
    )


def transactions(indent: str) -> st.SearchStrategy[list[str]]:
    row = "{date: 2026-11-05, account: ana-intelligent, action: sell, symbol: SCHB, quantity: 15,"
    return st.sampled_from(
        [
            [],
            ["transactions: []"],
            ["transactions:", f"{indent}- {row}", f"{indent}   price: 27.10, cost: 1}}   # kept"],
            [
                "transactions:",
                f"{indent}- {{date: 2026-10-02, account: ira, action: buy,"
                " symbol: VTI, quantity: 1, price: 300}",
            ],
        ]
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households())
def test_any_style_merges_keeps_the_advisor_lines_and_is_idempotent(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        into = Path(folder) / "household.yaml"
        into.write_bytes(text.encode())
        first = run_import(SOURCES, into, MAP)
        assert first.ok, [str(p) for p in first.problems]
        assert first.text is not None
        for line in [*ADVISOR, "restrictions: [{symbol: SCHA, no_buy: true}]"]:
            assert line in first.text
        into.write_bytes(first.text.encode())
        again = run_import(SOURCES, into, MAP)
        assert again.text == first.text
        nl = "\r\n" if "\r\n" in text else "\n"
        assert first.text.count(nl) == first.text.count("\n")
