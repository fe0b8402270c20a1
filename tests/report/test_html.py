"""The advisor's review page, review.html: structure, figures, escaping, no network, bytes,
screenshot (the client's report.html: test_client_report.py).

The page is read back with the standard library's HTML parser; the screenshot test renders it
with headless Chromium (Debian's ``chromium``) and decodes the PNG with Pillow.
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

import trimtab
from helpers.html_pages import SCENARIO, Page, _chromium, _png_pixels
from trimtab.explain.plan import PlanReport
from trimtab.model.enums import TradeReason
from trimtab.money import round_money
from trimtab.pipeline import plan_household
from trimtab.report.format import money
from trimtab.report.html import REASON_LABELS, LocationView, review_html
from trimtab.report.words import account_labels

HASH = "ab" * 32
SECTIONS = [
    "header",
    "summary",
    "allocation",
    "drift",
    "trades",
    "tax",
    "location",
    "wash-sales",
    "assumptions",
    "disclaimer",
]
NAME = "<script>alert(1)</script>"
ACCOUNT = 'Pat & Sam "joint"'
BOND_NAME = 'Bonds & "Notes" <Fund>'
SOLD_TAX = "long-term gain $596.40"


def _pairs(rows: list[list[str]]) -> dict[str, str]:
    """A two-column table as a mapping of its first cell to its second."""
    return {row[0]: row[1] for row in rows}


@pytest.fixture(scope="module")
def example() -> PlanReport:
    root = Path(__file__).resolve().parents[2]
    return plan_household(trimtab.load_household(root / "examples" / "household.yaml"))


@pytest.fixture(scope="module")
def example_page(example: PlanReport) -> Page:
    return Page(review_html(example, HASH))


@pytest.fixture(scope="module")
def scenario_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "household.yaml"
    path.write_text(SCENARIO)
    return path


@pytest.fixture(scope="module")
def scenario(scenario_path: Path) -> PlanReport:
    return plan_household(trimtab.load_household(scenario_path))


@pytest.fixture(scope="module")
def scenario_html(scenario: PlanReport) -> bytes:
    return review_html(scenario, HASH)


@pytest.fixture(scope="module")
def page(scenario_html: bytes) -> Page:
    return Page(scenario_html)


# --- structure ---------------------------------------------------------------------------------


def test_sections_in_order(example_page: Page, page: Page) -> None:
    assert example_page.sections == SECTIONS
    assert page.sections == SECTIONS


def test_one_trade_row_per_plan_trade(example: PlanReport, example_page: Page) -> None:
    rows = example_page.table("trades").body
    assert example.plan.trades, "the example plan trades"
    assert len(rows) == len(example.plan.trades)
    labels = account_labels(example.household)
    # the account's id, and under it its name ("Ana's IRA", from the file's `name`)
    assert [r[:3] for r in rows] == [
        [t.id, f"{t.account} {labels[t.account]}", t.action.value.capitalize()]
        for t in example.plan.trades
    ]
    assert rows[0][1] == "joint-taxable Joint brokerage"
    assert rows[3][1] == "ana-ira Ana's IRA"
    assert [r[3].split()[0] for r in rows] == [t.symbol for t in example.plan.trades]
    assert [r[-1] for r in rows] == [" ".join(t.rationale.split()) for t in example.plan.trades]


def test_drift_rows_mark_out_of_band_in_words(example: PlanReport, example_page: Page) -> None:
    rows = example_page.table("drift").body
    assert [r[0] for r in rows] == [d.asset_class.label for d in example.drift_before.rows]
    for row, d in zip(rows, example.drift_before.rows, strict=True):
        assert row[6] == ("Outside band" if d.outside else "Inside")
    assert any(d.outside for d in example.drift_before.rows)


def test_wash_sale_calendar_of_the_example(example_page: Page) -> None:
    # VNQ was sold at a loss on 2026-11-05 (the example's transactions): no VNQ or VGSLX (the
    # same index) through 2026-12-05, thirty days later; the plan's own loss sales of VEA (P1)
    # and VWO (P2) today, 2026-11-24: their groups through 2026-12-24
    assert example_page.table("wash-sales").body == [
        ["VGSLX, VNQ", "2026-11-05", "2026-12-05"],
        ["VEA, VTMGX", "2026-11-24", "2026-12-24"],
        ["VEMAX, VWO", "2026-11-24", "2026-12-24"],
    ]


def test_assumptions_carry_the_hash_and_settings(example: PlanReport, example_page: Page) -> None:
    facts = _pairs(example_page.table("assumptions", "facts").body)
    assert facts["Household file SHA-256"] == HASH
    assert facts["Tax year"] == "2026"
    assert facts["Filing status"] == "married joint"
    # the marginal rates of the next $1,000, as the plan carries them (fractions), in percent
    # (the optimizer prices the plan's gains on the exact tax curves, docs/optimizer.md)
    assert facts["Marginal rate on short-term gains (the next $1,000)"] == (
        f"{round_money(example.short_rate * 100)}%"
    )
    assert facts["Marginal rate on long-term gains (the next $1,000)"] == (
        f"{round_money(example.long_rate * 100)}%"
    )
    assert facts["State rate on gains"] == "5.00%"  # state_rate: 0.05 in the example
    settings = _pairs(example_page.table("assumptions", "settings").body)
    assert settings["harvest_min_loss"] == "500"  # the example's own setting
    assert settings["no_short_term_gains"] == "no"


def test_disclaimer_says_it_is_a_proposal(example_page: Page) -> None:
    text = example_page.text("disclaimer")
    assert "This is a proposal for review, not advice to trade" in text
    assert "estimates" in text


def test_every_trade_reason_has_a_label() -> None:
    assert set(REASON_LABELS) == set(TradeReason)


# --- figures of a scenario checked by hand ------------------------------------------------------


def test_scenario_trades(scenario: PlanReport, page: Page) -> None:
    # IVV 140 × 500 = 70,000 and BND 400 × 75 = 30,000: large 70 %, bonds 30 %, targets 50/50
    # with width 5: both outside. Band mode stops half the width inside: large ≤ 52.5 % →
    # n ≥ 35 IVV sold; bonds ≥ 47.5 % → m ≥ 234 BND bought. Cash: 500 × n × (1 − 0.0002) ≥
    # 234 × 75 × 1.0002 = 17,553.51 → n = 36 (17,996.40). Cheapest lots: all 20 of LOSS
    # (cost 550 a share: a loss), then 16 of LT (15 % on 100 a share; ST would cost 22 %).
    # Costs: 2 bps of 18,000 = 3.60 and of 17,550 = 3.51.
    assert [(t.symbol, t.quantity) for t in scenario.plan.trades] == [
        ("IVV", Decimal(36)),
        ("BND", Decimal(234)),
    ]
    assert [(lot.lot_id, lot.quantity) for lot in scenario.plan.trades[0].lots] == [
        ("LOSS", Decimal(20)),
        ("LT", Decimal(16)),
    ]
    rows = page.table("trades").body
    # no `name` in the file: the account is named by its one owner and its type
    named = f"{ACCOUNT} Pat's brokerage account"
    assert [[*r[:3], *r[4:10]] for r in rows] == [
        ["P1", named, "Sell", "36", "$500.00", "$18,000.00", "$3.60", "Rebalance", SOLD_TAX],
        ["P2", named, "Buy", "234", "$75.00", "$17,550.00", "$3.51", "Rebalance", "none"],
    ]
    assert rows[1][3] == f"BND {BOND_NAME}"


def test_scenario_tax(page: Page) -> None:
    # proceeds 500 × 0.9998 = 499.90 a share. LOSS (bought 2025-03-03: long-term) 20 ×
    # (499.90 − 550) = −1,002.00; LT 16 × (499.90 − 400) = +1,598.40; net long-term 596.40,
    # taxed at 15 % = 89.46; no short-term sale, no wash sale, no state tax
    assert page.table("tax", "terms").body == [
        ["Short-term", "$0.00", "$0.00", "$0.00"],
        ["Long-term", "$1,598.40", "−$1,002.00", "$596.40"],
    ]
    wash = page.table("tax", "facts wash").body
    assert [r[1] for r in wash] == ["$0.00", "$0.00", "$0.00"]
    estimate = {r[0]: r[1:] for r in page.table("tax", "estimate").body}
    assert estimate["Net long-term gain (Schedule D line 15)"][2] == "$596.40"
    assert estimate["State tax on the gains"] == ["$0.00", "$0.00", "$0.00"]
    assert estimate["Total"][2] == "$89.46"


def test_scenario_summary_and_drift(page: Page) -> None:
    # after: IVV 104 × 500 = 52,000; BND 634 × 75 = 47,550; cash 17,996.40 − 17,553.51 =
    # 442.89; total 99,992.89 (100,000 less the 7.11 of costs). Large 52,000 / 99,992.89 =
    # 52.0037 % → 52.00 %; bonds 47,550 / 99,992.89 = 47.5534 % → 47.55 %
    facts = _pairs(page.table("summary").body)
    expected = {
        "Total value before the plan": "$100,000.00",
        "Total value after the plan": "$99,992.89",
        "Trades proposed": "2",
        "Change in estimated 2026 tax": "$89.46",
        "Transaction costs (estimated)": "$7.11",
    }
    assert {k: facts[k] for k in expected} == expected
    assert "The trades add $89.46 to your estimated 2026 tax" in page.text("summary")
    drift = {r[0]: r for r in page.table("drift").body}
    large, bonds = drift["US Large Cap Equity"], drift["Investment Grade Bonds"]
    assert large[1:3] == ["50.00%", "45.00% – 55.00%"]
    # before: 70,000 − 0.5 × 100,000 = 20,000 over, 20 points above the band's 55 %
    assert large[3:7] == ["70.00%", "+20.00", "$20,000.00", "Outside band"]
    # after: 52,000 − 0.5 × 99,992.89 = 2,003.555 over → $2,003.56 (half up)
    assert large[7:11] == ["52.00%", "+2.00", "$2,003.56", "Inside"]
    assert bonds[3] == "30.00%" and bonds[7] == "47.55%"
    # no cash before the plan; 442.89 / 99,992.89 = 0.44 % after: a row with no 'before' side
    assert drift["Cash"][3:8] == ["—", "—", "—", "—", "0.44%"]


def test_scenario_wash_calendar(page: Page) -> None:
    # LOSS sold at a loss on the as-of date 2026-11-24: nothing substantially identical to IVV
    # (the S&P 500 funds) through 2026-12-24
    ((symbols, sold, until),) = page.table("wash-sales").body
    assert "IVV" in symbols.split(", ") and "VOO" in symbols.split(", ")
    assert (sold, until) == ("2026-11-24", "2026-12-24")


def test_chart_has_three_bars_per_class(scenario: PlanReport, scenario_html: bytes) -> None:
    svg = scenario_html.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    # large cap and bonds on both sides, cash after the plan only
    classes = len(
        {r.asset_class for r in (*scenario.drift_before.rows, *scenario.drift_after.rows)}
    )
    assert classes == 3
    assert svg.count('<g class="class-group">') == classes
    for kind in ("target", "before", "after"):
        # one bar per class, plus the legend's swatch
        assert svg.count(f'<rect class="bar-{kind}"') == classes + 1
    assert "after 52.00%" in svg and "before 70.00%" in svg
    # the largest share is 70 %: above 60 % the axis runs in steps of 20, up to 80 %
    assert re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg) == [
        "0%",
        "20%",
        "40%",
        "60%",
        "80%",
    ]


def test_a_plan_without_trades(tmp_path: Path) -> None:
    # IRA: IVV 100 × 500 = 50,000 and BND 640 × 75 = 48,000: large 51.02 %, bonds 48.98 %,
    # both inside their 45–55 % bands, no cash flow: nothing to do
    text = SCENARIO.split("accounts:", 1)[0] + (
        "accounts:\n"
        "  - {id: ira, type: traditional_ira, owners: [pat],\n"
        "     holdings: [{symbol: IVV, quantity: 100}, {symbol: BND, quantity: 640}]}\n"
    )
    path = tmp_path / "household.yaml"
    path.write_text(text)
    report = plan_household(trimtab.load_household(path))
    assert report.plan.trades == ()
    quiet = Page(review_html(report, HASH))
    assert quiet.sections == SECTIONS
    assert "No trades are proposed." in quiet.text("trades")
    assert "The plan proposes no trades." in quiet.text("summary")
    assert "Being closer to the target mix" not in quiet.text("summary")
    assert _pairs(quiet.table("summary").body)["Tax and costs paid back in"] == (
        "nothing to pay back"
    )
    assert "No wash-sale window is open." in quiet.text("wash-sales")
    assert [t.section for t in quiet.tables].count("trades") == 0


# --- escaping -----------------------------------------------------------------------------------


def test_names_are_escaped(scenario_html: bytes, page: Page) -> None:
    text = scenario_html.decode()
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Pat &amp; Sam &#34;joint&#34;" in text
    assert "Bonds &amp; &#34;Notes&#34; &lt;Fund&gt;" in text
    assert "script" not in page.tags
    assert page.text("header").startswith(f"Plan review: {NAME}")


def test_location_section_shows_the_plans_review(scenario: PlanReport) -> None:
    # the section states the review's figures and lists one row per move to the best location
    review = scenario.location
    located = Page(review_html(scenario, HASH))
    assert f"would save ${money(review.gain_dollars)} a year" in located.text("location")
    tables = [t for t in located.tables if t.section == "location"]
    assert [len(t.body) for t in tables] == ([len(review.moves)] if review.moves else [])


def test_location_section_shows_a_view_escaped(scenario: PlanReport) -> None:
    view = LocationView(
        summary=("Bonds belong <in> the IRA & stocks in taxable.",),
        columns=("Security", "Now in", "Better in"),
        rows=(("BND", ACCOUNT, "ira"),),
    )
    html = review_html(scenario, HASH, view)
    located = Page(html)
    assert located.text("location").startswith(
        "Asset location Bonds belong <in> the IRA & stocks in taxable."
    )
    assert located.table("location").body == [["BND", ACCOUNT, "ira"]]
    assert b"Bonds belong &lt;in&gt; the IRA &amp; stocks" in html


def test_location_of_an_unknown_type_is_refused(scenario: PlanReport) -> None:
    with pytest.raises(TypeError, match="asset-location review of type dict"):
        review_html(scenario, HASH, {"rows": []})


# --- self-contained -----------------------------------------------------------------------------

URL = re.compile(r"https?:", re.IGNORECASE)
LINKING = {"src", "href", "xlink:href", "srcset", "action", "formaction", "poster", "data"}


@pytest.mark.parametrize("which", ["example", "scenario"])
def test_no_network_url(which: str, example_page: Page, page: Page) -> None:
    p = example_page if which == "example" else page
    assert [v for _, k, v in p.attrs if k in LINKING and URL.search(v)] == []
    styles = [v for _, k, v in p.attrs if k == "style"] + p.styles
    assert [s for s in styles if "url(" in s] == []
    # stronger than the issue asks: nothing on the page links or loads at all
    assert [(t, k) for t, k, _ in p.attrs if k in LINKING] == []
    assert p.tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed", "a"})
    csp = [v for t, k, v in p.attrs if t == "meta" and k == "content" and "default-src" in v]
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]


def test_no_url_text_anywhere(scenario_html: bytes) -> None:
    assert URL.search(scenario_html.decode()) is None


def test_print_css(scenario_html: bytes) -> None:
    text = scenario_html.decode()
    assert "@media print" in text
    assert "break-inside: avoid" in text and "@font-face" not in text


# --- bytes --------------------------------------------------------------------------------------


def test_same_plan_same_bytes(scenario: PlanReport, scenario_path: Path) -> None:
    again = plan_household(trimtab.load_household(scenario_path))
    assert review_html(scenario, HASH) == review_html(again, HASH)


def test_utf8_document(scenario_html: bytes) -> None:
    assert scenario_html.startswith(b"<!DOCTYPE html>\n")
    assert b'<meta charset="utf-8">' in scenario_html
    scenario_html.decode("utf-8")


# --- screenshot ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_screenshot_is_not_blank(example: PlanReport, tmp_path: Path) -> None:
    chromium = _chromium()
    page, shot = tmp_path / "report.html", tmp_path / "report.png"
    page.write_bytes(review_html(example, HASH))
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1200,2000",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    pixels = _png_pixels(shot.read_bytes())[:, :, :3]
    assert pixels.shape == (2000, 1200, 3)
    colours, counts = np.unique(pixels.reshape(-1, 3), axis=0, return_counts=True)
    # a blank page is one colour; the report has text, rules, table borders and three bar fills
    assert len(colours) > 50
    background = counts.max() / counts.sum()
    assert background < 0.97, f"{background:.1%} of the page is one colour"
    # the after bars' dark blue (#1f4e79) is on the page, so the chart was drawn
    assert ((pixels == (0x1F, 0x4E, 0x79)).all(axis=2)).sum() > 1000
