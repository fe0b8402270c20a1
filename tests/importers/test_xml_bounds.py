"""Issue 31 item 5: XML and OFX exports are untrusted: depth, element count and entities bounded.

A Flex Query XML nested 30,000 levels deep (214 KB) once took 3.6 GB. Now nesting past
``MAX_DEPTH`` levels and more than ``MAX_ELEMENTS`` elements are refused at the element that
passes the limit (file, line, column), before the tree grows, and entity declarations are
refused before parsing (docs/importers.md, "Limits of XML and OFX files"). The deep files go
through the CLI in a subprocess whose peak memory (``ru_maxrss`` of the wrapper's only child)
must stay far below 1 GB; no timing is asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from trimtab.errors import Problem
from trimtab.importers.formats import extract
from trimtab.importers.records import Extract
from trimtab.importers.text.bounds import MAX_DEPTH, MAX_ELEMENTS
from trimtab.importers.text.csvread import parse_export

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
BASE = DATA / "base_household.yaml"
FLEX_SAMPLE = DATA / "ibkr" / "flex-query.xml"

FLEX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'  # line 1
    '<FlexQueryResponse queryName="q" type="AF"><FlexStatements count="1">'  # line 2: 2 levels
    '<FlexStatement accountId="U1234567" fromDate="2026-10-26" toDate="2026-11-24">\n'  # 3 levels
)
FLEX_TAIL = "\n</FlexStatement></FlexStatements></FlexQueryResponse>\n"
OFX_HEAD = (
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
    "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX>\n"  # <OFX> on line 11
)
OFX_TAIL = "\n</OFX>\n"
PEAK_LIMIT_KB = 300 * 1024
"""Peak memory allowed to the import of a hostile file: Python and trimtab take ~40 MB."""


def deep_flex(levels: int) -> str:
    """A Flex query whose FlexStatement holds ``levels`` nested ``<a>`` on line 3."""
    return FLEX_HEAD + "<a>" * levels + "</a>" * levels + FLEX_TAIL


def deep_ofx(levels: int) -> str:
    """An OFX 1.x file whose ``<OFX>`` holds ``levels`` nested aggregates on line 12."""
    return OFX_HEAD + "<AGG>" * levels + "</AGG>" * levels + OFX_TAIL


def read(text: str, name: str) -> Extract:
    export = parse_export(text.encode("utf-8"), name)
    assert not isinstance(export, Problem), str(export)
    found = extract(export)
    assert found is not None, "not recognised"
    return found


def kinds(found: Extract) -> list[tuple[str, int, int]]:
    return [(p.kind, p.source.line, p.source.column) for p in found.problems]


# --- through the CLI, with the memory it takes ---------------------------------------------


WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=300)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": done.returncode, "stdout": done.stdout, "peak_kb": peak}))
"""


def import_measured(export: Path, into: Path) -> tuple[int, dict[str, object], int]:
    """``trimtab import EXPORT --into INTO --json`` in a child process of a wrapper process:
    the exit code, the JSON document and the child's peak resident memory (KB)."""
    command = [sys.executable, "-m", "trimtab", "import", str(export), "--into", str(into)]
    wrapper = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command, "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    outcome = json.loads(wrapper.stdout)
    return outcome["rc"], json.loads(outcome["stdout"]), outcome["peak_kb"]


@pytest.mark.parametrize(
    ("name", "text", "line", "column"),
    [
        # FlexQueryResponse, FlexStatements, FlexStatement are 3 levels; the 62nd <a> is level
        # 65 = MAX_DEPTH + 1: it starts after 61 × 3 characters of <a>, at column 184.
        pytest.param("deep.xml", deep_flex(30_000), 3, 61 * 3 + 1, id="flex-xml"),
        # <OFX> is level 1; the 64th <AGG> is level 65: after 63 × 5 characters, column 316.
        pytest.param("deep.qfx", deep_ofx(30_000), 12, 63 * 5 + 1, id="ofx-sgml"),
    ],
)
def test_a_30000_deep_file_is_refused_at_its_line_in_little_memory(
    tmp_path: Path, name: str, text: str, line: int, column: int
) -> None:
    export = tmp_path / name
    export.write_text(text)
    assert 200_000 < export.stat().st_size < 400_000  # the size of the file
    into = tmp_path / "h.yaml"
    into.write_bytes(BASE.read_bytes())

    rc, document, peak_kb = import_measured(export, into)

    assert rc == 2
    problems = document["problems"]
    assert isinstance(problems, list)
    found = [(p["kind"], Path(p["file"]).name, p["line"], p["column"]) for p in problems]
    assert found == [("nesting_too_deep", name, line, column)]
    assert into.read_bytes() == BASE.read_bytes()
    assert peak_kb < PEAK_LIMIT_KB, f"peak memory {peak_kb} KB"


# --- the limits, at their edges ------------------------------------------------------------


def test_flex_nesting_at_the_limit_is_read_and_one_more_level_is_not() -> None:
    at_limit = read(deep_flex(MAX_DEPTH - 3), "flex.xml")
    assert "nesting_too_deep" not in {p.kind for p in at_limit.problems}
    past = read(deep_flex(MAX_DEPTH - 2), "flex.xml")
    # the last <a> is level MAX_DEPTH + 1, after (MAX_DEPTH - 3) <a> of 3 characters
    assert kinds(past) == [("nesting_too_deep", 3, (MAX_DEPTH - 3) * 3 + 1)]


def test_ofx_nesting_at_the_limit_is_read_and_one_more_level_is_not() -> None:
    at_limit = read(deep_ofx(MAX_DEPTH - 1), "x.qfx")
    assert "nesting_too_deep" not in {p.kind for p in at_limit.problems}
    past = read(deep_ofx(MAX_DEPTH), "x.qfx")
    assert kinds(past) == [("nesting_too_deep", 12, (MAX_DEPTH - 1) * 5 + 1)]


def test_ofx_data_elements_without_end_tags_do_not_nest() -> None:
    # 1,000 SGML data elements (no end tags) side by side are 1,000 elements at one level.
    text = OFX_HEAD + "<AGG>" + "<FITID>1\n" * 1000 + "</AGG>" + OFX_TAIL
    assert "nesting_too_deep" not in {p.kind for p in read(text, "x.qfx").problems}


def test_a_flex_file_with_too_many_elements_is_refused_at_the_first_one_past() -> None:
    # 3 elements on line 2, then one <a/> a line from line 3: element 3 + k is on line 2 + k,
    # so element MAX_ELEMENTS + 1 (k = MAX_ELEMENTS - 2) is on line MAX_ELEMENTS.
    text = FLEX_HEAD + "<a/>\n" * MAX_ELEMENTS + FLEX_TAIL
    assert kinds(read(text, "flex.xml")) == [("too_many_elements", MAX_ELEMENTS, 1)]


def test_an_ofx_file_with_too_many_elements_is_refused_at_the_first_one_past() -> None:
    # <OFX> (line 11) and <AGG> (line 12) are 2 elements; then one <FITID> a line from line 13:
    # element 2 + k is on line 12 + k, so element MAX_ELEMENTS + 1 is on line MAX_ELEMENTS + 11.
    text = OFX_HEAD + "<AGG>\n" + "<FITID>1\n" * MAX_ELEMENTS + "</AGG>" + OFX_TAIL
    assert kinds(read(text, "x.qfx")) == [("too_many_elements", MAX_ELEMENTS + 11, 1)]


# --- entities ------------------------------------------------------------------------------

LAUGHS = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">\n' for i in range(1, 10))


def test_a_billion_laughs_flex_file_is_refused_before_parsing() -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE FlexQueryResponse [\n<!ENTITY lol0 "lol">\n'
        + LAUGHS
        + ']>\n<FlexQueryResponse><FlexStatements><FlexStatement accountId="&lol9;"/>'
        "</FlexStatements></FlexQueryResponse>\n"
    )
    found = read(text, "laughs.xml")
    assert kinds(found) == [("xml_syntax", 3, 1)]  # the first <!ENTITY, on line 3
    assert "entities" in found.problems[0].message


def test_a_billion_laughs_ofx_file_is_refused_before_parsing() -> None:
    text = (
        '<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n<!DOCTYPE OFX [\n'
        '<!ENTITY lol0 "lol">\n' + LAUGHS + "]>\n<OFX><AGG><TAG>&lol9;</TAG></AGG></OFX>\n"
    )
    found = read(text, "laughs.ofx")
    assert kinds(found) == [("ofx_syntax", 4, 1)]
    assert "entities" in found.problems[0].message


def test_an_external_dtd_is_not_fetched() -> None:
    # expat reads no external DTD: a DOCTYPE pointing at an endless file changes nothing.
    sample = FLEX_SAMPLE.read_text()
    text = sample.replace("?>\n", '?>\n<!DOCTYPE FlexQueryResponse SYSTEM "/dev/zero">\n', 1)
    plain, with_doctype = read(sample, "flex.xml"), read(text, "flex.xml")

    def held(found: Extract) -> list[tuple[str, str, object]]:
        return [
            (a.account.number, h.symbol, h.quantity)
            for a in found.accounts
            for h in a.holdings or ()
        ]

    assert held(with_doctype) == held(plain) != []
    assert {p.kind for p in with_doctype.problems} == {p.kind for p in plain.problems}
