"""report.html and review.html read back: the scenario household, a parsed page with its tables,
headless Chromium, and a screenshot's pixels (Pillow)."""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image

# 2026, single filer, ordinary taxable income $90,000, no state: a long-term gain is taxed at
# 15 % (above the 0 % top of $49,450), a short-term gain at 22 %. The optimizer's
# asset-location term is switched off (location_weight: 0) so the trades below stand alone.
# The scenario runs with the breakeven horizon off: its figures were worked by hand before
# issue 21 item 3 (a default horizon of 10 years trims its last IVV shares, whose $45 of tax
# 10 years of their benefit do not pay back: tests/optimize/test_plan_pays_back.py), and with
# cash going to work off (issue 21 item 2, on by default: its BND would be bought up to the
# target, not the band).
SCENARIO = """\
format: trimtab.household/1
name: "<script>alert(1)</script>"
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners: [{id: pat, birth_date: 1970-01-01}]
targets: {us_large_cap: 50, ig_bonds: 50}
prices: {IVV: 500, BND: 75}
settings: {location_weight: 0, breakeven_horizon_years: 0, invest_cash: off}
securities:
  BND: {name: 'Bonds & "Notes" <Fund>'}
accounts:
  - id: 'Pat & Sam "joint"'
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots:
          - {id: LT, acquired: 2020-01-06, quantity: 60, cost: 24000}
          - {id: ST, acquired: 2026-03-02, quantity: 60, cost: 24000}
          - {id: LOSS, acquired: 2025-03-03, quantity: 20, cost: 11000}
      - {symbol: BND, lots: [{id: B1, acquired: 2020-01-06, quantity: 400, cost: 30000}]}
"""


class Page(HTMLParser):
    """The parts of report.html the tests look at, read with the stdlib parser."""

    def __init__(self, html: bytes) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[str] = []
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self.tables: list[Table] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []
        self._table: Table | None = None
        self._in_head = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_style = False
        self.feed(html.decode("utf-8"))
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        self.attrs += [(tag, k, v) for k, v in values.items()]
        if tag in ("section", "header") and "id" in values:
            self.sections.append(values["id"])
            self._open.append(values["id"])
        elif tag == "table":
            self._table = Table(section=self._open[-1], css=values.get("class", ""))
            self.tables.append(self._table)
        elif tag in ("thead", "tbody"):
            self._in_head = tag == "thead"
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("section", "header"):
            self._open.pop()
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join(" ".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            (self._table.head if self._in_head else self._table.body).append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._open and data.strip():
            self.texts.setdefault(self._open[-1], []).append(" ".join(data.split()))

    def table(self, section: str, css: str | None = None) -> Table:
        """The only table of a section (or the one with this class)."""
        (found,) = [
            t for t in self.tables if t.section == section and (css is None or t.css == css)
        ]
        return found

    def text(self, section: str) -> str:
        """The text of a section, each piece's whitespace collapsed, pieces joined by a space."""
        return " ".join(self.texts.get(section, []))


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium not installed under CI: .ci/run installs it with apt")
        pytest.skip("Chromium not installed: apt-get install chromium (.ci/run does this under CI)")
    return found


def _png_pixels(data: bytes) -> npt.NDArray[np.uint8]:
    """The pixels (height × width × channels, RGB or RGBA) of a PNG, decoded by Pillow; the
    client report's and the web app's screenshot tests use it too."""
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        rgb = image if image.mode in ("RGB", "RGBA") else image.convert("RGBA")
        return np.asarray(rgb, dtype=np.uint8)


@dataclass
class Table:
    """One table of the page: the section it is in, its class and its rows of cell texts."""

    section: str
    css: str
    head: list[list[str]] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)
