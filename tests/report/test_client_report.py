"""The client's report.html: plain words, branding, phone widths, print, and `plan --pdf`.

The pages are read back with the standard library's HTML parser (test_html.Page); the browser
tests render report.html and review.html with headless Chromium (Debian's ``chromium``) at a
desktop width (1280 px) and a phone width (390 px), and print the client's page to PDF to count
its Letter pages. Under CI=true a missing Chromium fails these tests; elsewhere it skips them.
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from typer.testing import CliRunner

import trimtab
from helpers.html_pages import SCENARIO, Page, _chromium, _png_pixels
from trimtab.cli import app
from trimtab.explain.plan import PlanReport
from trimtab.load import read_household
from trimtab.pipeline import plan_household
from trimtab.report.html import CSP, CSP_WITH_LOGO, NARROW, plan_html, review_html
from trimtab.report.pdf import HEADLESS_FLAGS, PdfUnavailable, html_to_pdf

ROOT = Path(__file__).resolve().parents[2]
HASH = "cd" * 32
CLIENT_SECTIONS = [
    "header",
    "summary",
    "allocation",
    "trades",
    "tax",
    "cash-flows",
    "location",
    "wash-sales",
    "disclaimer",
]
# a 1 × 1 PNG (a white pixel): signature, IHDR, IDAT, IEND
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8ffff3f0005fe02fea7d6a4a50000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def example() -> PlanReport:
    return plan_household(trimtab.load_household(ROOT / "examples" / "household.yaml"))


@pytest.fixture(scope="module")
def client(example: PlanReport) -> bytes:
    return plan_html(example)


@pytest.fixture(scope="module")
def page(client: bytes) -> Page:
    return Page(client)


# --- words, not codes ----------------------------------------------------------------------------


def test_sections_in_order(page: Page) -> None:
    assert page.sections == CLIENT_SECTIONS


def test_no_internal_codes(example: PlanReport, client: bytes) -> None:
    text = client.decode()
    body = text.split("<body>", 1)[1]
    # account ids, type codes, modes, solver words, notes' references, the input's hash
    for code in ("ana-ira", "luis-401k", "joint-taxable", "traditional_ira", "roth_ira"):
        assert code not in body, code
    for word in ("Mode", "Solver", "SHA-256", "recurring[", "snake", "harvest_min_loss"):
        assert word not in body, word
    assert HASH not in text and example.plan.mode.value not in Page(client).text("header")


def test_trades_name_accounts_as_people_say_them(example: PlanReport, page: Page) -> None:
    rows, trades = page.table("trades").body, example.plan.trades
    assert len(rows) == len(trades)
    # P1 harvests VEA lot L7 in joint-taxable ("Joint brokerage" in the file): 200 × 57.85 =
    # 11,570.00; loss 12,400.00 − (11,570.00 − 2.31 cost) = 832.31, of which the 50 shares
    # Luis's IRA bought on 2026-11-10 wash 832.31 × 50 / 200 = 208.0775 → 208.08 for good
    assert rows[0] == [
        "Joint brokerage",
        "Sell VEA Vanguard FTSE Developed Markets ETF",
        "200",
        "$11,570.00",
        "Long-term loss $832.31; wash sale: $208.08 of the loss disallowed (lost for good)",
        "Sells at a loss to lower your tax; the money stays invested.",
    ]
    # P3 sells 69 HYG in ana-ira ("Ana's IRA"), an RMD in a traditional IRA: 69 × 80.70 =
    # 5,568.30 (the rest of the RMD and withdrawal is 69 VTIP, P4)
    assert rows[2][:5] == [
        "Ana's IRA",
        "Sell HYG iShares iBoxx $ High Yield Corporate Bond ETF",
        "69",
        "$5,568.30",
        "None: tax-deferred account",
    ]
    assert rows[2][5].startswith("Raises the cash for the required minimum distribution")
    accounts = [r[0] for r in rows]
    assert set(accounts) == {  # Luis's IRA does not trade in this plan
        "Ana's IRA",
        "Ana's Roth IRA",
        "Luis's 401(k)",
        "Joint brokerage",
    }
    # a Roth's sale is tax-free; shares as the security trades them (P7: fractional fund)
    roth = next(r for r in rows if r[0] == "Ana's Roth IRA" and r[1].startswith("Sell"))
    assert roth[4] == "None: tax-free account"
    # as the security trades them: whole ETF shares without decimals, a fund's fraction kept
    shown = [format(t.quantity.quantize(Decimal("0.000001")).normalize(), "f") for t in trades]
    assert [r[2] for r in rows] == shown
    assert rows[0][2] == "200" and "." in rows[5][2]  # P6 sells a fraction of FXNAX, a fund


def test_a_rebalance_says_why_in_words(example: PlanReport, page: Page) -> None:
    # P5 sells VB: US Small/Mid Cap is 8.36 % of the household before (44,359.17 of
    # 530,617.89), above its 8 % target
    row = page.table("trades").body[4]
    assert row[:2] == ["Ana's Roth IRA", "Sell VB Vanguard Small-Cap ETF"]
    assert row[5] == "US Small/Mid Cap is 8.36% of your accounts, above its 8.00% target."


def test_tax_in_dollars(page: Page) -> None:
    rows = {r[0]: r[1:] for r in page.table("tax").body}
    assert list(rows) == [
        "Federal income tax",
        "Net investment income tax",
        "State tax",
        "Total",
    ]
    # the plan's long-term losses, 832.31 + 466.56 − 208.08 washed = 1,090.79, offset the
    # year's net long-term gain of 2,200 (3,400 − 1,200 carryforward), taxed at 15 % federal
    # and 5 % state: 163.6185 → −$163.62, 54.5395 → −$54.54; MAGI 216,400 is under the NIIT's
    # 250,000, so no NIIT either way
    assert [r[2] for r in rows.values()] == ["−$163.62", "$0.00", "−$54.54", "−$218.16"]
    assert all(v.lstrip("−").startswith("$") for r in rows.values() for v in r)


def test_cash_flows_and_rmd_in_sentences(page: Page) -> None:
    # the example's pending flows, and Ana's RMD: 182,000 / 25.5 (age 74, Uniform Lifetime
    # Table) = 7,137.25, less the 5,000 withdrawal already due = 2,137.25 left
    assert page.text("cash-flows").split(" Money in and out ", 1)[-1] == (
        "Money in and out Contribution of $10,000.00 into Joint brokerage on December 1, 2026. "
        "Withdrawal of $5,000.00 from Ana's IRA on December 5, 2026. "
        "Ana's required minimum distribution from Ana's IRA: $7,137.25 for 2026; $2,137.25 is "
        "left to take by December 31, 2026."
    )


def test_wash_sale_window_in_words(page: Page) -> None:
    # VNQ sold at a loss on 2026-11-05: no purchase through 2026-12-05, so not before 12-06
    assert "VGSLX or VNQ: not before December 6, 2026 (sold at a loss on November 5, 2026)." in (
        page.text("wash-sales")
    )


def test_unnamed_accounts_are_named_by_owner_and_type(tmp_path: Path) -> None:
    path = tmp_path / "household.yaml"
    path.write_text(SCENARIO)
    report = plan_household(trimtab.load_household(path))
    rows = Page(plan_html(report)).table("trades").body
    assert {r[0] for r in rows} == {"Pat's brokerage account"}


# --- branding -------------------------------------------------------------------------------------


def _branded(tmp_path: Path, logo: bytes, extra: str = "") -> Path:
    (tmp_path / "logo.png").write_bytes(logo)
    text = SCENARIO.replace(
        "settings: {location_weight: 0, breakeven_horizon_years: 0, invest_cash: off}",
        "settings:\n"
        "  location_weight: 0\n"
        "  breakeven_horizon_years: 0\n"
        "  invest_cash: off\n"
        "  firm_name: Harbor & Pine Advisors\n"
        "  firm_logo: logo.png\n"
        '  disclosure: "Advisory services by Harbor & Pine.\\n\\nPast results are no guide."\n'
        + extra,
    )
    path = tmp_path / "household.yaml"
    path.write_text(text)
    return path


def test_firm_name_logo_and_disclosure(tmp_path: Path) -> None:
    report = plan_household(trimtab.load_household(_branded(tmp_path, PIXEL)))
    for html in (plan_html(report), review_html(report, HASH)):
        page = Page(html)
        assert page.text("header").startswith("Harbor & Pine Advisors")
        images = [v for t, k, v in page.attrs if t == "img" and k == "src"]
        assert images == [
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1Pe"
            "AAAADElEQVQI12P4//8/AAX+Av6n1qSlAAAAAElFTkSuQmCC"
        ]
        csp = [v for t, k, v in page.attrs if t == "meta" and k == "content" and "src" in v]
        assert csp == [CSP_WITH_LOGO]
        assert not re.search(rb"https?:", html)
    text = Page(plan_html(report)).text("disclaimer")
    assert text.endswith("Advisory services by Harbor & Pine. Past results are no guide.")


def test_no_logo_keeps_the_strict_policy(page: Page) -> None:
    assert [v for t, k, v in page.attrs if t == "meta" and "src" in v] == [CSP]
    assert "img" not in page.tags


def test_a_logo_that_is_not_an_image_is_a_problem(tmp_path: Path) -> None:
    household, problems = read_household(_branded(tmp_path, b"GIF89a not allowed"))
    assert household is None
    # settings.firm_logo is on line 13 of the branded file (settings: 8, location_weight 9,
    # breakeven_horizon_years 10, invest_cash 11, firm_name 12)
    assert [(p.kind, p.source.line, p.field) for p in problems] == [
        ("logo_format", 13, "settings.firm_logo")
    ]


def test_a_missing_logo_is_a_problem(tmp_path: Path) -> None:
    path = _branded(tmp_path, PIXEL)
    (tmp_path / "logo.png").unlink()
    household, problems = read_household(path)
    assert household is None
    assert [(p.kind, p.field) for p in problems] == [("logo_unreadable", "settings.firm_logo")]


# --- the narrow chart's text size, from the SVG ---------------------------------------------------

PHONE = 390
PHONE_PADDING = 12  # body padding below 600 px (page.css.j2)


def _svg(html: bytes, kind: str) -> ElementTree.Element:
    text = html.decode()
    start = text.index(f'<svg class="chart chart-{kind}"')
    end = text.index("</svg>", start) + len("</svg>")
    return ElementTree.fromstring(text[start:end])


def test_narrow_chart_text_is_at_least_11_px_at_390(client: bytes) -> None:
    svg = _svg(client, "narrow")
    width = float(svg.attrib["width"])
    assert svg.attrib["viewBox"] == f"0 0 {svg.attrib['width']} {svg.attrib['height']}"
    # drawn at its own width unless the column is narrower (max-width: 100 %): at 390 px the
    # column is 390 − 2 × 12 = 366 px ≥ 340, so the scale is 1 and each font-size is its px
    scale = min(1.0, (PHONE - 2 * PHONE_PADDING) / width)
    assert width == float(NARROW.width) == 340 and scale == 1.0
    texts = list(svg.iter("{http://www.w3.org/2000/svg}text")) or list(svg.iter("text"))
    assert len(texts) > 30
    sizes = {float(t.attrib["font-size"]) * scale for t in texts}
    assert min(sizes) >= 11, sizes
    # the wide chart at 390 px would have drawn 12 px text at 366 / 900 of its size: 4.9 px
    wide = _svg(client, "wide")
    assert float(wide.attrib["width"]) * 11 / 12 > PHONE  # so it is hidden on phones


# --- Chromium: screenshots at two widths, and the printed page count ------------------------------


def _shoot(chromium: str, page: Path, width: int, tmp_path: Path) -> np.ndarray:
    shot = tmp_path / f"{page.stem}-{width}.png"
    command = [
        chromium,
        *HEADLESS_FLAGS,
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / f'profile-{page.stem}-{width}'}",
        f"--screenshot={shot}",
        f"--window-size={width},2400",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    pixels = _png_pixels(shot.read_bytes())[:, :, :3]
    assert pixels.shape == (2400, width, 3)
    return pixels


def _not_blank(pixels: np.ndarray) -> None:
    colours, counts = np.unique(pixels.reshape(-1, 3), axis=0, return_counts=True)
    assert len(colours) > 50
    assert counts.max() / counts.sum() < 0.97


DARK_BLUE = (0x1F, 0x4E, 0x79)  # the "after" bars


@pytest.mark.slow
@pytest.mark.parametrize("which", ["report", "review"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot(example: PlanReport, tmp_path: Path, which: str, width: int) -> None:
    chromium = _chromium()
    page = tmp_path / f"{which}.html"
    page.write_bytes(plan_html(example) if which == "report" else review_html(example, HASH))
    pixels = _shoot(chromium, page, width, tmp_path)
    _not_blank(pixels)
    # the chart was drawn (its after bars), in the narrow drawing at 390 px
    blue = (pixels == DARK_BLUE).all(axis=2)
    assert blue.sum() > 500
    if width == 390:
        # the chart's bars (rows of dark blue narrower than the header's full-width rule) start
        # at the left margin and end well inside the screen: the narrow drawing, not cut off
        bars = blue[(blue.sum(axis=1) > 0) & (blue.sum(axis=1) < 0.9 * (width - 24))]
        columns = np.nonzero(bars.any(axis=0))[0]
        assert len(bars) > 50
        assert columns.min() < 40 and columns.max() < width - 60


def _pages(pdf: bytes) -> int:
    """The number of pages of a PDF: its /Type /Page objects (not /Pages)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.slow
def test_printed_example_is_at_most_three_letter_pages(client: bytes) -> None:
    _chromium()
    pdf = html_to_pdf(client)
    assert pdf.startswith(b"%PDF")
    # Letter (612 × 792 pt) is Chromium's default paper; the page's own @page margins
    assert b"/MediaBox [0 0 612 792]" in pdf
    assert 1 <= _pages(pdf) <= 3


@pytest.mark.slow
def test_plan_pdf_writes_report_pdf(tmp_path: Path) -> None:
    _chromium()
    out = tmp_path / "out"
    example = ROOT / "examples" / "household.yaml"
    result = CliRunner().invoke(app, ["plan", str(example), "--out", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and 1 <= _pages(pdf) <= 3
    assert (out / "review.html").is_file() and (out / "report.html").is_file()


def test_plan_pdf_without_chromium_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("trimtab.report.pdf.find_chromium", lambda: None)
    out = tmp_path / "out"
    example = ROOT / "examples" / "household.yaml"
    result = CliRunner().invoke(app, ["plan", str(example), "--out", str(out), "--pdf"])
    assert isinstance(result.exception, PdfUnavailable)
    assert "--pdf needs headless Chromium" in str(result.exception)
    assert result.exception.exit_code == 2
    assert not out.exists(), "nothing is written"


def test_plan_pdf_needs_out(tmp_path: Path) -> None:
    example = ROOT / "examples" / "household.yaml"
    result = CliRunner().invoke(app, ["plan", str(example), "--pdf"])
    assert result.exit_code == 2
    assert "--pdf writes report.pdf into the --out folder" in result.output


def test_html_to_pdf_without_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("trimtab.report.pdf.find_chromium", lambda: None)
    with pytest.raises(PdfUnavailable, match="apt-get install chromium"):
        html_to_pdf(b"<!DOCTYPE html><p>x</p>")
