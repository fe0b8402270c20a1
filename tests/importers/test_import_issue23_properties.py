"""Hypothesis: a statement without positions never changes holdings, nor does a second import.

Households are generated with any holdings (quantities or lots) in the OFX account; statements
with any buys and sells, with or without a position list, with or without a balance. Holdings
are compared by meaning (the file read back as data).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trimtab.importers import run_import
from trimtab.load import read_tree

CUSIPS = {"VTI": "922908769", "BND": "921937835", "VXUS": "921909768"}
HEAD = """\
OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261124120000\
<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<INVSTMTRS><DTASOF>20261124160000<CURDEF>USD
<INVACCTFROM><BROKERID>vanguard.com<ACCTID>55501234</INVACCTFROM>
"""
TAIL = """\
</INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>
<SECLISTMSGSRSV1><SECLIST>
{securities}
</SECLIST></SECLISTMSGSRSV1>
</OFX>
"""
HOUSEHOLD = """\
format: trimtab.household/1
as_of: 2026-11-24
tax: {{year: 2026, filing_status: single, ordinary_taxable_income: 90000}}
owners: [{{id: ana}}]
targets: {{us_large_cap: 60, ig_bonds: 40}}
prices: {{VTI: 331.40, BND: 72.60, VXUS: 61.10}}
accounts:
  - id: ana-ofx
    number: "55501234"
    type: taxable
    owners: [ana]
    cash: 100
    holdings:
{holdings}
  - {{id: ana-other, number: "999", type: roth_ira, owners: [ana], cash: 5,
     holdings: [{{symbol: VTI, quantity: 3}}]}}
transactions: []
"""

symbols = st.sampled_from(sorted(CUSIPS))
units = st.integers(min_value=1, max_value=500).map(Decimal)
days = st.integers(min_value=1, max_value=28)


@st.composite
def holdings(draw: st.DrawFn) -> str:
    chosen = draw(st.lists(symbols, min_size=0, max_size=3, unique=True))
    lines: list[str] = []
    for symbol in chosen:
        if draw(st.booleans()):
            lines.append(f"      - {{symbol: {symbol}, quantity: {draw(units)}, basis: unknown}}")
            continue
        lots = draw(st.lists(st.tuples(units, days), min_size=1, max_size=3))
        lines.append(f"      - symbol: {symbol}")
        lines.append("        lots:")
        lines += [
            f"          - {{acquired: 2024-03-{d:02d}, quantity: {q}, cost: {q * 50}}}"
            for q, d in lots
        ]
    return "\n".join(lines) if lines else "      []"


@st.composite
def transaction(draw: st.DrawFn, n: int) -> str:
    symbol = draw(symbols)
    quantity = draw(units)
    day = draw(days)
    fields = (
        f"<INVTRAN><FITID>F{n}<DTTRADE>202611{day:02d}</INVTRAN>"
        f"<SECID><UNIQUEID>{CUSIPS[symbol]}<UNIQUEIDTYPE>CUSIP</SECID>"
    )
    if draw(st.booleans()):
        return (
            f"<BUYSTOCK><INVBUY>{fields}<UNITS>{quantity}<UNITPRICE>50<TOTAL>-{quantity * 50}"
            "<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVBUY><BUYTYPE>BUY</BUYSTOCK>"
        )
    return (
        f"<SELLSTOCK><INVSELL>{fields}<UNITS>-{quantity}<UNITPRICE>50<TOTAL>{quantity * 50}"
        "<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVSELL><SELLTYPE>SELL</SELLSTOCK>"
    )


@st.composite
def statements(draw: st.DrawFn, positions: bool) -> str:
    count = draw(st.integers(min_value=0, max_value=4))
    rows = [draw(transaction(i)) for i in range(count)]
    body = (
        "<INVTRANLIST><DTSTART>20261001<DTEND>20261124\n" + "\n".join(rows) + "\n</INVTRANLIST>\n"
    )
    if positions:
        held = draw(st.lists(symbols, max_size=3, unique=True))
        body += "<INVPOSLIST>\n"
        body += "".join(
            f"<POSSTOCK><INVPOS><SECID><UNIQUEID>{CUSIPS[s]}<UNIQUEIDTYPE>CUSIP</SECID>"
            f"<HELDINACCT>CASH<POSTYPE>LONG<UNITS>{draw(units)}<UNITPRICE>50<MKTVAL>1"
            "<DTPRICEASOF>20261124</INVPOS></POSSTOCK>\n"
            for s in held
        )
        body += "</INVPOSLIST>\n"
    if draw(st.booleans()):
        body += f"<INVBAL><AVAILCASH>{draw(units)}<MARGINBALANCE>0<SHORTBALANCE>0</INVBAL>\n"
    securities = "\n".join(
        f"<STOCKINFO><SECINFO><SECID><UNIQUEID>{c}<UNIQUEIDTYPE>CUSIP</SECID>"
        f"<SECNAME>{s} fund<TICKER>{s}</SECINFO></STOCKINFO>"
        for s, c in CUSIPS.items()
    )
    return HEAD + body + TAIL.format(securities=securities)


def _holdings(path: Path) -> dict[str, Any]:
    tree = read_tree(path)
    assert not isinstance(tree, Exception) and isinstance(tree.data, dict)
    return {a["id"]: a.get("holdings") or [] for a in tree.data["accounts"]}


def _import(directory: Path, household: Path, statement: str) -> str:
    source = directory / "statement.qfx"
    source.write_text(statement)
    result = run_import([source], household, None)
    assert result.ok and result.text is not None, [str(p) for p in result.problems]
    household.write_text(result.text)
    return result.text


SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(held=holdings(), statement=statements(positions=False))
def test_a_statement_without_positions_never_changes_holdings(held: str, statement: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        household = directory / "household.yaml"
        household.write_text(HOUSEHOLD.format(holdings=held))
        before = _holdings(household)
        _import(directory, household, statement)
        assert _holdings(household) == before


@SETTINGS
@given(held=holdings(), statement=statements(positions=True))
def test_the_same_statement_imported_twice_changes_nothing_the_second_time(
    held: str, statement: str
) -> None:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        household = directory / "household.yaml"
        household.write_text(HOUSEHOLD.format(holdings=held))
        first = _import(directory, household, statement)
        once = _holdings(household)
        assert once["ana-other"] == [{"symbol": "VTI", "quantity": 3}]
        assert _import(directory, household, statement) == first
        assert _holdings(household) == once
