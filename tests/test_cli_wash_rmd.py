"""Wash sales and RMDs in `trimtab check` and `trimtab tax`, on the example household.

Example household (examples/household.yaml, as_of 2026-11-24): married filing jointly 2026,
ordinary taxable income 210,000 (schedule tax 35,624), qualified dividends 4,200, realized long
3,400, carryforward in long 1,200 (line 15 without trades: 2,200), state 5%. luis-401k buys $900
of FXAIX (S&P 500) every 14 days, next 2026-11-28, priced 234.75: 900 ÷ 234.75 = 3.833866 shares
a purchase, on 2026-10-31, 11-14, 11-28, 12-12, 12-26, … IVV (S&P 500 too) lot L6: 20 shares
bought 2026-01-15 for 14,400.00, priced 682.15. Every JSON document is validated against its
schema.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from trimtab.cli import app

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
WASH_401K = DATA / "trades" / "wash_401k.yaml"
WASH_REBUY = DATA / "trades" / "wash_rebuy.yaml"

# FXAIX purchases within 30 days of 2026-11-24 (window 2026-10-25 … 2026-12-24)
FXAIX_DATES = ["2026-10-31", "2026-11-14", "2026-11-28", "2026-12-12"]


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def document(name: str, *args: str) -> dict[str, Any]:
    """Run a command with --json and validate its document against `trimtab schema NAME`."""
    doc: dict[str, Any] = json.loads(run(*args, "--json").stdout)
    schema: dict[str, Any] = json.loads(run("schema", name).stdout)
    jsonschema.validate(doc, schema)
    assert doc["format"] == f"trimtab.{name}/1"
    return doc


def check(example_path: Path, trades: Path) -> dict[str, Any]:
    return document("check", "check", str(example_path), "--trades", str(trades))


def tax(path: Path, *extra: str) -> dict[str, Any]:
    return document("tax", "tax", str(path), *extra)


def variant(example_path: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the example household with one piece of text replaced."""
    text = example_path.read_text()
    assert text.count(old) == 1
    path = tmp_path / "household.yaml"
    path.write_text(text.replace(old, new))
    return path


# --- trimtab check: a loss washed for good through the 401(k)'s recurring purchase ---------


def test_check_reports_the_401k_wash_as_permanent(example_path: Path) -> None:
    doc = check(example_path, WASH_401K)
    [row] = doc["realized"]
    # Loss 20 × 682.15 = 13,643.00 − 14,400.00 = −757.00 on 20 shares. The 401(k) bought or
    # will buy 4 × 900 ÷ 234.75 = 15.335463 FXAIX shares within 30 days: 15.335463 of the 20
    # sold shares are replaced, 757.00 × 15.335463 ÷ 20 = 580.447284 → 580.45 disallowed, all
    # lost for good (a 401(k) purchase, plan_purchase_washes_permanently on by default).
    assert (row["trade"], row["lot_id"], row["gain"], row["term"]) == (
        "S1",
        "L6",
        "-757.00",
        "short",
    )
    assert (row["wash"], row["wash_disallowed"], row["wash_permanent"]) == (
        "permanent",
        "580.45",
        "580.45",
    )
    # Each purchase: 3.833866 shares take 757.00 × 3.833866 ÷ 20 = 145.111821 → 145.11
    assert row["replacements"] == [
        {
            "kind": "recurring",
            "id": f"recurring[0]@{day}",
            "account": "luis-401k",
            "symbol": "FXAIX",
            "date": day,
            "quantity": "3.833866",
            "disallowed": "145.11",
            "permanent": True,
            "estimated": True,
        }
        for day in FXAIX_DATES
    ]


def test_check_estimate_counts_only_the_deductible_part_of_the_401k_wash(
    example_path: Path,
) -> None:
    doc = check(example_path, WASH_401K)
    # Deductible: −757.00 + 580.447284 = −176.552716 → line 7 = −176.55. Line 15 stays 2,200;
    # net capital gain 2,200 − 176.552716 = 2,023.447284; preferential (2,023.447284 + 4,200)
    # × 15% = 933.517093 → 933.52; income tax 35,624 + 933.517093 = 36,557.52; state 5% ×
    # 2,023.447284 = 101.172364 → 101.17; total 36,658.689457 → 36,658.69.
    estimate = doc["estimate"]
    assert (estimate["net_short_term"], estimate["net_long_term"]) == ("-176.55", "2200.00")
    assert (estimate["preferential_tax"], estimate["income_tax"]) == ("933.52", "36557.52")
    assert (estimate["state"], estimate["total"]) == ("101.17", "36658.69")
    # Marginal: 176.552716 less gain at 15% = −26.482907 → −26.48 and at 5% = −8.827636 →
    # −8.83: −35.310543 → −35.31 (without the wash it would be 757 × 20% = −151.40).
    marginal = doc["marginal"]
    assert (marginal["income_tax"], marginal["state"], marginal["total"]) == (
        "-26.48",
        "-8.83",
        "-35.31",
    )


def test_check_a_permanent_wash_adds_no_basis(example_path: Path) -> None:
    doc = check(example_path, WASH_401K)
    assert {lot["wash_adjustment"] for lot in doc["lots_after"]} == {"0.00"}
    assert not [lot for lot in doc["lots_after"] if lot["symbol"] == "IVV"]  # L6 sold out
    fxaix = [lot for lot in doc["lots_after"] if lot["symbol"] == "FXAIX"]
    assert [(lot["lot_id"], lot["quantity"]) for lot in fxaix] == [
        ("luis-401k/FXAIX", "340.532000")
    ]


def test_check_calendar_and_recurring_warnings(example_path: Path) -> None:
    doc = check(example_path, WASH_401K)
    # VNQ sold at a loss 2026-11-05 (transactions: 40 × 90.80 = 3,632 − 3,900 = −268):
    # no buy until 11-05 + 30 = 12-05. IVV sold 2026-11-24: no S&P 500 fund until 12-24.
    assert doc["wash_sale_calendar"] == [
        {"symbols": ["VGSLX", "VNQ"], "sold_on": "2026-11-05", "no_buy_until": "2026-12-05"},
        {
            "symbols": ["FXAIX", "IVV", "SPLG", "SPY", "SWPPX", "VFIAX", "VINIX", "VOO"],
            "sold_on": "2026-11-24",
            "no_buy_until": "2026-12-24",
        },
    ]
    # the 401(k) purchases from as_of on that fall on or before 12-24: 11-28 and 12-12
    recurring = [w for w in doc["warnings"] if w["kind"] == "wash_recurring"]
    assert [(w["line"], w["field"]) for w in recurring] == [(172, "recurring[0]")] * 2
    assert ["2026-11-28" in recurring[0]["message"], "2026-12-12" in recurring[1]["message"]] == [
        True,
        True,
    ]


def test_check_console_shows_the_wash(example_path: Path) -> None:
    result = run("check", str(example_path), "--trades", str(WASH_401K))
    for text in (
        "Wash sales of the losses realized",
        "Wash-sale replacements",
        "Wash-sale calendar",
    ):
        assert text in result.stdout
    for figure in ("permanent", "580.45", "-176.55", "145.11", "2026-12-24"):
        assert figure in result.stdout
    assert "recurring purchase of FXAIX in luis-401k on 2026-11-28" in result.stderr


# --- trimtab check: a deferred wash through a taxable rebuy ----------------------------------


def test_check_a_taxable_rebuy_defers_the_loss_into_a_split_lot(example_path: Path) -> None:
    doc = check(example_path, WASH_REBUY)
    [row] = doc["realized"]
    # L8: 150 × 51.90 = 7,785.00 − 8,250.00 = −465.00, long-term (held since 2021-06-01).
    # B1 buys 200 VWO 7 days later in joint-taxable: all 150 sold shares are replaced, the
    # whole 465.00 is disallowed and deferred into B1's basis.
    assert (row["gain"], row["term"], row["wash"]) == ("-465.00", "long", "deferred")
    assert (row["wash_disallowed"], row["wash_permanent"]) == ("465.00", "0.00")
    assert row["replacements"] == [
        {
            "kind": "trade",
            "id": "B1",
            "account": "joint-taxable",
            "symbol": "VWO",
            "date": "2026-12-01",
            "quantity": "150.000000",
            "disallowed": "465.00",
            "permanent": False,
            "estimated": False,
        }
    ]
    vwo = [
        lot
        for lot in doc["lots_after"]
        if (lot["account"], lot["symbol"]) == ("joint-taxable", "VWO")
    ]
    # B1 splits: B1.S1/L8 the 150 washed shares, cost 150/200 × 10,400.00 = 7,800.00 + 465.00 =
    # 8,265.00; the sold shares were held 2021-06-01 → 2026-11-24 = 2,002 days (1,826 for the
    # five years with 2024-02-29, + 176), so B1.S1/L8 is held from 2026-12-01 − 2,002 days =
    # 2021-06-08 (sum convention): long-term already. B1.rest: the other 50 shares, 2,600.00.
    # Basis is conserved: 8,265.00 + 2,600.00 = 10,400.00 + 465.00.
    assert vwo == [
        {
            "account": "joint-taxable",
            "symbol": "VWO",
            "lot_id": "B1.S1/L8",
            "acquired": "2026-12-01",
            "holding_period_start": "2021-06-08",
            "quantity": "150.000000",
            "cost": "8265.00",
            "wash_adjustment": "465.00",
        },
        {
            "account": "joint-taxable",
            "symbol": "VWO",
            "lot_id": "B1.rest",
            "acquired": "2026-12-01",
            "holding_period_start": "2026-12-01",
            "quantity": "50.000000",
            "cost": "2600.00",
            "wash_adjustment": "0.00",
        },
    ]
    assert sum(Decimal(lot["cost"]) for lot in vwo) == Decimal("10400.00") + Decimal("465.00")
    # Nothing is deducted this year: the estimate is the one without the trades.
    assert doc["estimate"] == doc["without"]
    assert doc["marginal"]["total"] == "0.00"


def test_check_console_shows_the_adjusted_lots(example_path: Path) -> None:
    result = run("check", str(example_path), "--trades", str(WASH_REBUY))
    for text in ("B1.S1/L8", "2021-06-08", "8,265.00", "deferred", "Wash adj. $"):
        assert text in result.stdout


def test_the_demo_trade_list_shows_the_401k_wash(example_path: Path) -> None:
    doc = check(example_path, EXAMPLES / "trades.yaml")
    assert [(r["trade"], r["wash"], r["wash_disallowed"]) for r in doc["realized"]] == [
        ("H1", "permanent", "580.45")  # the same sale as wash_401k.yaml
    ]
    # SCHB (Dow Jones U.S. Broad Stock Market) is not substantially identical to IVV
    schb = [lot for lot in doc["lots_after"] if lot["symbol"] == "SCHB"]
    assert [(lot["lot_id"], lot["cost"], lot["wash_adjustment"]) for lot in schb] == [
        ("H2", "13642.65", "0.00")  # 497 × 27.45
    ]


# --- trimtab tax: the calendar, the harvest marks, the RMDs ----------------------------------


def test_tax_calendar_of_the_example(example_path: Path) -> None:
    doc = tax(example_path)
    # VNQ sold 2026-11-05 at a loss (3,632 − 3,900 = −268): no VNQ or VGSLX until 12-05
    assert doc["wash_sale_calendar"] == [
        {"symbols": ["VGSLX", "VNQ"], "sold_on": "2026-11-05", "no_buy_until": "2026-12-05"}
    ]
    # no recurring purchase of VNQ: no wash warning; no RMD warning either
    assert [w["kind"] for w in doc["warnings"]] == ["basis_unknown"]


def test_tax_marks_the_ivv_harvest_permanent_because_of_the_401k(example_path: Path) -> None:
    doc = tax(example_path)
    ivv, vea = doc["harvestable"]
    # IVV L6 sold today: 15.335463 FXAIX shares bought in the 401(k) within 30 days replace
    # 15.335463 of 20 shares: 757.00 × 15.335463 ÷ 20 = 580.45, lost for good.
    assert (ivv["lot_id"], ivv["loss"]) == ("L6", "757.00")
    assert (ivv["wash_if_sold_today"], ivv["wash_disallowed_if_sold_today"]) == (
        "permanent",
        "580.45",
    )
    assert ivv["wash_reason"] == (
        "sold today, 15.335463 of its 20 shares would be replaced within 30 days by the "
        "recurring purchases of FXAIX in luis-401k on 2026-10-31, 2026-11-14, 2026-11-28 and "
        "2026-12-12: $580.45 of the $757.00 loss would be disallowed and lost for good (a "
        "replacement bought in an IRA or an employer plan, Rev. Rul. 2008-5)"
    )
    # VEA L7 (loss 830.00 on 200 shares): luis-ira bought 50 VEA on 2026-11-10, 14 days ago:
    # 830.00 × 50 ÷ 200 = 207.50, lost for good (an IRA purchase, Rev. Rul. 2008-5).
    assert (vea["lot_id"], vea["wash_if_sold_today"], vea["wash_disallowed_if_sold_today"]) == (
        "L7",
        "permanent",
        "207.50",
    )
    assert "the recent buy of VEA in luis-ira on 2026-11-10" in vea["wash_reason"]


def test_tax_harvest_is_not_washed_when_plan_purchases_are_out_of_scope(
    example_path: Path, tmp_path: Path
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("format: trimtab.settings/1\nplan_purchase_washes_permanently: off\n")
    doc = tax(example_path, "--settings", str(settings))
    ivv = doc["harvestable"][0]
    assert (ivv["wash_if_sold_today"], ivv["wash_disallowed_if_sold_today"]) == ("none", "0.00")
    # the window: 2026-11-24 ± 30 days
    assert ivv["wash_reason"] == (
        "no purchase of IVV or a substantially identical security in any account of the return "
        "from 2026-10-25 to 2026-12-24: the loss would be allowed"
    )


def test_tax_recent_loss_takes_the_401k_purchases_first(example_path: Path, tmp_path: Path) -> None:
    # A recent IVV loss sale on 2026-11-20 (5 × 680.00 = 3,400 − 3,600 = −200).
    marker = "transactions:   # recent trades, at least the last 30 days, for wash sales\n"
    sale = (
        "  - {date: 2026-11-20, account: joint-taxable, action: sell, symbol: IVV, quantity: 5,"
        " price: 680.00, cost: 3600.00, acquired: 2026-01-15}\n"
    )
    doc = tax(variant(example_path, tmp_path, marker, marker + sale))
    # calendar: S&P 500 funds until 11-20 + 30 = 12-20 (VNQ's entry comes first, 12-05)
    assert doc["wash_sale_calendar"][1] == {
        "symbols": ["FXAIX", "IVV", "SPLG", "SPY", "SWPPX", "VFIAX", "VINIX", "VOO"],
        "sold_on": "2026-11-20",
        "no_buy_until": "2026-12-20",
    }
    # the FXAIX purchases from as_of to 12-20: 11-28 and 12-12, one warning each
    recurring = [w["message"] for w in doc["warnings"] if w["kind"] == "wash_recurring"]
    assert len(recurring) == 2
    assert "on 2026-11-28 falls on or before 2026-12-20" in recurring[0]
    assert "on 2026-12-12 falls on or before 2026-12-20" in recurring[1]
    # Matching in order of sale: the 11-20 sale's 5 shares take 3.833866 of 10-31 and
    # 1.166134 of 11-14; L6 sold today keeps 15.335463 − 5 = 10.335463 shares:
    # 757.00 × 10.335463 ÷ 20 = 391.197284 → 391.20 lost for good.
    ivv = doc["harvestable"][0]
    assert (ivv["wash_if_sold_today"], ivv["wash_disallowed_if_sold_today"]) == (
        "permanent",
        "391.20",
    )


def test_tax_rmd_rows_of_the_example(example_path: Path) -> None:
    doc = tax(example_path)
    # ana, born 1952-04-02, is 74 on 2026-12-31 (applicable age 73, first year 2025): period
    # 25.5; 182,000 ÷ 25.5 = 7,137.254902 → 7,137.25. The pending 5,000 withdrawal of
    # 2026-12-05 counts: 7,137.254902 − 5,000 = 2,137.254902 → 2,137.25 left, by 12-31.
    # luis, born 1962 (applicable age 75, in 2037), is 64: his IRA and 401(k) owe 0.
    # ana-roth (a Roth IRA) and the taxable accounts get no row.
    assert doc["rmd"] == [
        {
            "account": "ana-ira",
            "owner": "ana",
            "required": "7137.25",
            "already_withdrawn": "5000.00",
            "remaining": "2137.25",
            "aggregated_with": [],
            "deadline": "2026-12-31",
        },
        *(
            {
                "account": account,
                "owner": "luis",
                "required": "0.00",
                "already_withdrawn": "0.00",
                "remaining": "0.00",
                "aggregated_with": [],
                "deadline": "2026-12-31",
            }
            for account in ("luis-ira", "luis-401k")
        ),
    ]


def test_tax_rmd_warnings_are_reported(example_path: Path, tmp_path: Path) -> None:
    path = variant(
        example_path, tmp_path, "    prior_year_end_value: 182000        # for her RMD\n", ""
    )
    doc = tax(path)
    # ana owes an RMD but her IRA's prior year-end value is missing: shown as 0, with a warning
    assert doc["rmd"][0]["required"] == "0.00"
    warning = [w for w in doc["warnings"] if w["kind"] == "rmd_no_prior_year_end_value"]
    assert [(w["severity"], w["field"]) for w in warning] == [
        ("warning", "accounts[1].prior_year_end_value")
    ]


def test_tax_console_shows_calendar_harvest_marks_and_rmds(example_path: Path) -> None:
    result = run("tax", str(example_path))
    for text in (
        "Wash if sold today",
        "Harvestable losses: the wash check of a sale today",
        "Wash-sale calendar",
        "2026-12-05",
        "Required minimum distributions 2026",
        "7,137.25",
        "2,137.25",
        "580.45",
        "207.50",
    ):
        assert text in result.stdout


def test_tax_reason_of_a_harvest_washed_partly_for_good_and_partly_deferred(
    example_path: Path, tmp_path: Path
) -> None:
    # A recent buy of 5 IVV in joint-taxable on 2026-11-12, 12 days ago.
    marker = "transactions:   # recent trades, at least the last 30 days, for wash sales\n"
    buy = (
        "  - {date: 2026-11-12, account: joint-taxable, action: buy, symbol: IVV, quantity: 5,"
        " price: 670.00}\n"
    )
    doc = tax(variant(example_path, tmp_path, marker, marker + buy))
    ivv = doc["harvestable"][0]
    # Replacements in order of acquisition until the 20 sold shares are used up: FXAIX 10-31
    # (3.833866), IVV 11-12 (5), FXAIX 11-14 and 11-28 (3.833866 each), FXAIX 12-12 (the last
    # 20 − 16.501597 = 3.498403). All 757.00 is disallowed: the IVV buy takes 5 × 757 ÷ 20 =
    # 189.25 into its basis (taxable), the 15 FXAIX shares 15 × 37.85 = 567.75 for good.
    assert (ivv["wash_if_sold_today"], ivv["wash_disallowed_if_sold_today"]) == (
        "permanent",
        "757.00",
    )
    assert ivv["wash_reason"] == (
        "sold today, 20 of its 20 shares would be replaced within 30 days by the recurring "
        "purchases of FXAIX in luis-401k on 2026-10-31, 2026-11-14, 2026-11-28 and 2026-12-12 "
        "(15 shares); the recent buy of IVV in joint-taxable on 2026-11-12 (5 shares): $757.00 "
        "of the $757.00 loss would be disallowed: $567.75 lost for good (a replacement bought in "
        "an IRA or an employer plan, Rev. Rul. 2008-5) and $189.25 added to the replacement's "
        "basis"
    )


def test_the_new_fields_are_required_and_closed(example_path: Path) -> None:
    check_doc = check(example_path, WASH_401K)
    tax_doc = tax(example_path)
    breakages = [
        ("check", check_doc, lambda d: d["realized"][0].pop("wash_disallowed")),
        ("check", check_doc, lambda d: d["realized"][0]["replacements"][0].pop("disallowed")),
        ("check", check_doc, lambda d: d["realized"][0].update(wash="washed")),
        ("check", check_doc, lambda d: d["lots_after"][0].pop("wash_adjustment")),
        ("check", check_doc, lambda d: d.pop("wash_sale_calendar")),
        ("tax", tax_doc, lambda d: d["harvestable"][0].pop("wash_reason")),
        ("tax", tax_doc, lambda d: d["wash_sale_calendar"][0].update(extra=1)),
        ("tax", tax_doc, lambda d: d["rmd"][0].pop("remaining")),
        ("tax", tax_doc, lambda d: d.pop("rmd")),
    ]
    for name, doc, breakage in breakages:
        broken = json.loads(json.dumps(doc))
        breakage(broken)
        schema = json.loads(run("schema", name).stdout)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
