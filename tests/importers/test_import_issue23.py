"""Issue 23: nothing silently lost or refused on real exports.

Each test imports a sample of tests/data/import/issue23/ (the shape of a real export, every
value invented; shapes in docs/importers.md) into base_household.yaml, whose accounts carry the
samples' numbers and whose as_of is 2026-11-24 (so the history window starts 2026-09-25).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema

from trimtab.errors import errors_only
from trimtab.importers import run_import
from trimtab.importers.run import AccountSummary, ImportResult
from trimtab.load import read_tree
from trimtab.report.json.imports import import_document, import_schema

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
SAMPLES = DATA / "issue23"
BASE = DATA / "base_household.yaml"
OFX_LINE = '- {id: ana-ofx, number: "55501234", type: taxable, owners: [ana]}'
IBKR_LINE = '- {id: ana-ibkr, number: "U1234567", type: taxable, owners: [ana]}'
# ana-ofx holds 10 VTI and $100 before the import; ana-ibkr 7 VEA and $250.
HELD_OFX = (
    '- {id: ana-ofx, number: "55501234", type: taxable, owners: [ana], cash: 100,\n'
    "     holdings: [{symbol: VTI, quantity: 10, basis: unknown}]}"
)
HELD_IBKR = (
    '- {id: ana-ibkr, number: "U1234567", type: taxable, owners: [ana], cash: 250,\n'
    "     holdings: [{symbol: VEA, quantity: 7, basis: unknown}]}"
)


def household(tmp_path: Path) -> Path:
    into = tmp_path / "household.yaml"
    text = BASE.read_text().replace(OFX_LINE, HELD_OFX).replace(IBKR_LINE, HELD_IBKR)
    into.write_text(text)
    return into


def imported(tmp_path: Path, *names: str) -> tuple[ImportResult, Path]:
    into = household(tmp_path)
    sources = [p if (p := SAMPLES / n).exists() else DATA / n for n in names]
    result = run_import(sources, into, None)
    assert result.ok, [str(p) for p in errors_only(result.problems)]
    assert result.text is not None
    into.write_text(result.text)
    return result, into


def account(path: Path, account_id: str) -> dict[str, Any]:
    tree = read_tree(path)
    assert not isinstance(tree, Exception) and isinstance(tree.data, dict)
    found: dict[str, Any] = next(a for a in tree.data["accounts"] if a["id"] == account_id)
    return found


def summary_of(result: ImportResult, account_id: str) -> AccountSummary:
    return next(a for a in result.summary.accounts if a.id == account_id)


def valid_document(result: ImportResult) -> dict[str, Any]:
    document = json.loads(json.dumps(import_document(result)))
    jsonschema.validate(document, import_schema())
    return document


# --- 1. a statement without a position list never empties an account --------------------------


def test_an_ofx_download_without_invposlist_leaves_holdings_and_cash_as_they_are(
    tmp_path: Path,
) -> None:
    result, into = imported(tmp_path, "OfxDownload-transfer.qfx")
    after = account(into, "ana-ofx")
    assert [(h["symbol"], h["quantity"]) for h in after["holdings"]] == [("VTI", 10)]
    assert after["cash"] == 100  # no INVBAL either: the cash is not stated
    warned = [p for p in result.problems if p.kind == "positions_not_stated"]
    assert [(p.source.line, p.field) for p in warned] == [(20, "INVACCTFROM.ACCTID")]
    s = summary_of(result, "ana-ofx")
    assert s.holdings is None and not s.changes.removed
    assert "holdings left as they are (the exports state no positions)" in "\n".join(
        result.summary.lines()
    )
    document = valid_document(result)
    row = next(a for a in document["accounts"] if a["id"] == "ana-ofx")
    assert row["positions_stated"] is False and row["holdings_removed"] == []
    assert result.summary.as_of is None  # a file without positions does not date the household


def test_only_an_explicitly_empty_invposlist_empties_and_the_summary_lists_the_removal(
    tmp_path: Path,
) -> None:
    result, into = imported(tmp_path, "OfxDownload-closed.qfx")
    assert account(into, "ana-ofx").get("holdings", []) == []
    s = summary_of(result, "ana-ofx")
    assert [(h.symbol, h.before, h.after) for h in s.changes.removed] == [
        ("VTI", Decimal(10), None)
    ]
    # cash: $100 in the file, AVAILCASH 3421.10 in the statement.
    assert (s.changes.cash_before, s.changes.cash_after) == (Decimal(100), Decimal("3421.10"))
    lines = result.summary.lines()
    assert "  holdings removed: VTI 10" in lines
    assert "  cash 100.00 → 3,421.10" in lines
    row = next(a for a in valid_document(result)["accounts"] if a["id"] == "ana-ofx")
    assert row["holdings_removed"] == [{"symbol": "VTI", "quantity": "10.000000"}]
    assert (row["cash_before"], row["cash"]) == ("100.00", "3421.10")


def test_a_flex_query_without_open_positions_keeps_holdings_and_merges_its_trades(
    tmp_path: Path,
) -> None:
    # Also item 4: the trades carry `dateTime` and no `tradeDate`.
    result, into = imported(tmp_path, "flex-trades-only.xml")
    after = account(into, "ana-ibkr")
    assert [(h["symbol"], h["quantity"]) for h in after["holdings"]] == [("VEA", 7)]
    assert after["cash"] == 250
    tree = read_tree(into)
    assert not isinstance(tree, Exception)
    rows = [
        (str(t["date"]), t["action"], t["symbol"], t["quantity"]) for t in tree.data["transactions"]
    ]
    assert rows == [("2026-11-03", "sell", "VXUS", 20), ("2026-11-10", "buy", "VTI", 10)]
    # the third trade (2023-05-01, 0 shares at 0) is before the window: skipped unchecked.
    assert summary_of(result, "ana-ibkr").skipped == (
        ("dated before the history window (60 days before as_of 2026-11-24)", 1),
    )
    assert [p.kind for p in result.problems] == ["positions_not_stated"]


def test_an_empty_open_positions_container_empties_the_account(tmp_path: Path) -> None:
    flex = (SAMPLES / "flex-trades-only.xml").read_text()
    empty = tmp_path / "flex-empty.xml"
    empty.write_text(flex.replace("<Trades>", "<OpenPositions/>\n<Trades>", 1))
    into = household(tmp_path)
    result = run_import([empty], into, None)
    assert result.ok and result.text is not None
    s = summary_of(result, "ana-ibkr")
    assert [(h.symbol, h.before) for h in s.changes.removed] == [("VEA", Decimal(7))]
    # no CashReport: an account stating its positions with no cash line has cash 0.
    assert s.changes.cash_after == 0


# --- 2. one odd row never blocks a whole file -------------------------------------------------


def test_old_rows_are_skipped_before_checking_and_a_zero_share_row_is_a_warning(
    tmp_path: Path,
) -> None:
    # Rows of OfxDownload-old-rows.csv (as_of 2026-11-24, window from 2026-09-25):
    #   11/20/2026 Buy 10 VTI at 330            -> imported
    #   11/18/2026 Buy 0.00000 VMFXX at 1.0     -> warning zero_shares, skipped
    #   11/16/2026 Dividend                      -> cash only, skipped
    #   05/12/2023 Buy 0.00000 VMFXX at 1.0     -> before the window: skipped, not checked
    #   05/11/2023 Buy 30 VTI, Share Price empty -> before the window: skipped, not checked
    result, into = imported(tmp_path, "OfxDownload-old-rows.csv")
    assert [(p.kind, p.source.line) for p in result.problems if p.kind == "zero_shares"] == [
        ("zero_shares", 9)
    ]
    assert not [p for p in result.problems if p.source.line in (11, 12)]
    held = {h["symbol"]: h["quantity"] for h in account(into, "ana-vanguard")["holdings"]}
    assert held == {"VMFXX": Decimal("2500.13"), "VTI": 40}
    assert dict(summary_of(result, "ana-vanguard").skipped) == {
        "zero shares": 1,
        "cash only, not a buy or sell": 1,
        "dated before the history window (60 days before as_of 2026-11-24)": 2,
    }
    row = next(a for a in valid_document(result)["accounts"] if a["id"] == "ana-vanguard")
    assert {"reason": "zero shares", "rows": 1} in row["skipped"]


def test_a_malformed_row_inside_the_window_still_refuses_the_file(tmp_path: Path) -> None:
    text = (SAMPLES / "OfxDownload-old-rows.csv").read_text()
    moved = tmp_path / "OfxDownload.csv"
    moved.write_text(text.replace("05/11/2023,05/12/2023", "11/11/2026,11/12/2026"))
    result = run_import([moved], household(tmp_path), None)
    assert [(p.kind, p.source.line, p.field) for p in errors_only(result.problems)] == [
        ("missing_value", 12, "Share Price")
    ]
    assert result.text is None


# --- 3. beancount: pad, balance and booking as beancount does them ------------------------------


def test_a_padded_beancount_ledger_imports_the_cash_its_balance_assertion_states(
    tmp_path: Path,
) -> None:
    # Brokerage (FIFO): without the pad, cash = 18200 deposit - 11200 (40 VTI at 280)
    # - 3000 (10 VTI at 300) + 4800 (sell 15 at 320) + 65.43 dividend = 8,865.43; the pad of
    # 2026-01-02 fills it up to the balance assertion of 40,138.45 (pad of 31,273.02).
    # FIFO sells the 2026-03-03 lot first: 25 VTI at 280 (7000.00) and 10 at 300 (3000.00).
    # Roth (HIFO): 2000 - 700 - 750 + 370 = 920.00; HIFO sells 5 of the 75.00 lot, leaving
    # 10 BND at 70 (700.00) and 5 at 75 (375.00).
    result, into = imported(tmp_path, "padded.beancount")
    tod = account(into, "ana-tod")
    assert tod["cash"] == Decimal("40138.45")
    assert [
        (str(lot["acquired"]), lot["quantity"], lot["cost"]) for lot in tod["holdings"][0]["lots"]
    ] == [("2026-03-03", 25, Decimal("7000.00")), ("2026-06-01", 10, Decimal("3000.00"))]
    roth = account(into, "ana-roth")
    assert roth["cash"] == Decimal("920.00")
    assert [
        (str(lot["acquired"]), lot["quantity"], lot["cost"]) for lot in roth["holdings"][0]["lots"]
    ] == [("2026-02-02", 10, Decimal("700.00")), ("2026-04-01", 5, Decimal("375.00"))]
    assert summary_of(result, "ana-tod").changes.lots_added == 2


def test_a_failing_balance_assertion_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = (SAMPLES / "padded.beancount").read_text()
    wrong = tmp_path / "wrong.beancount"
    wrong.write_text(
        text.replace("Assets:Fidelity:Roth 920.00 USD", "Assets:Fidelity:Roth 1.00 USD")
    )
    result = run_import([wrong], household(tmp_path), None)
    errors = errors_only(result.problems)
    line = text.splitlines().index("2026-11-24 balance Assets:Fidelity:Roth 920.00 USD") + 1
    assert [(p.kind, p.source.line) for p in errors] == [("beancount_error", line)]
    assert "Balance failed" in errors[0].message
    assert result.text is None


# --- 5. lots for Fidelity and Vanguard households ------------------------------------------------


def test_a_lot_csv_gives_a_fidelity_position_its_lots_with_custodian_wash_fields(
    tmp_path: Path,
) -> None:
    result, into = imported(
        tmp_path, "fidelity/Portfolio_Positions_Nov-24-2026.csv", "Fidelity_lots.csv"
    )
    lots = account(into, "ana-tod")["holdings"][0]["lots"]
    # 120 + 80 = the 200 VEA of the positions export.
    assert [(str(x["acquired"]), x["quantity"], x["cost"]) for x in lots] == [
        ("2021-03-15", 120, Decimal("6000.00")),
        ("2026-11-02", 80, Decimal("4400.00")),
    ]
    assert lots[1]["wash_adjustment"] == Decimal("35.50")
    assert str(lots[1]["holding_start"]) == "2025-06-01"
    assert not [p for p in result.problems if p.kind == "basis_unknown" and "VEA" in p.message]
    # item 6: position rows not imported are counted too (the option and Pending Activity).
    assert dict(summary_of(result, "ana-tod").skipped) == {
        "pending activity, not settled cash": 1,
        "not a stock, ETF or fund": 1,
    }
    assert {p.kind for p in result.problems} >= {"pending_activity", "unknown_instrument"}


def test_lot_csv_lots_that_do_not_add_up_are_an_error(tmp_path: Path) -> None:
    lots = tmp_path / "lots.csv"
    lots.write_text((SAMPLES / "Fidelity_lots.csv").read_text().replace(",80,", ",79,"))
    positions = DATA / "fidelity" / "Portfolio_Positions_Nov-24-2026.csv"
    result = run_import([positions, lots], household(tmp_path), None)
    assert [p.kind for p in errors_only(result.problems)] == ["lots_quantity_mismatch"]


def test_a_lot_csv_row_without_a_date_names_its_cell(tmp_path: Path) -> None:
    lots = tmp_path / "lots.csv"
    lots.write_text((SAMPLES / "Fidelity_lots.csv").read_text().replace("2021-03-15", ""))
    positions = DATA / "fidelity" / "Portfolio_Positions_Nov-24-2026.csv"
    result = run_import([positions, lots], household(tmp_path), None)
    found = [
        (p.kind, p.source.line, p.source.column, p.field) for p in errors_only(result.problems)
    ]
    assert ("missing_value", 2, 3, "acquired") in found


def test_ofx_buys_that_cover_a_position_become_its_lots(tmp_path: Path) -> None:
    # VTI: buys of 20 (2025-06-10, TOTAL -5800.00) and 5 (2026-11-05, TOTAL -1651.00 = 5 x 330
    # + 1.00 commission) make the 25 units of INVPOSLIST. BND: 50 bought, 10 sold: a sell moved
    # its shares, so no lots are worked out (basis unknown, with its warning).
    result, into = imported(tmp_path, "OfxDownload-buys.qfx")
    held = {h["symbol"]: h for h in account(into, "ana-ofx")["holdings"]}
    assert [(str(x["acquired"]), x["quantity"], x["cost"]) for x in held["VTI"]["lots"]] == [
        ("2025-06-10", 20, Decimal("5800.00")),
        ("2026-11-05", 5, Decimal("1651.00")),
    ]
    assert held["BND"]["basis"] == "unknown" and held["BND"]["quantity"] == 40
    assert [p.kind for p in result.problems if "BND" in p.message] == ["basis_unknown"]
    s = summary_of(result, "ana-ofx")
    assert [(h.symbol, h.before, h.after) for h in s.changes.changed] == [
        ("VTI", Decimal(10), Decimal(25))
    ]
    assert [(h.symbol, h.after) for h in s.changes.added] == [("BND", Decimal(40))]
    assert s.changes.lots_added == 2
    assert "  holdings added: BND 40; changed: VTI 10 → 25" in result.summary.lines()


def test_a_statement_without_positions_beside_one_with_positions_is_no_duplicate(
    tmp_path: Path,
) -> None:
    # Both files are of ana-ofx: the one with INVPOSLIST gives the holdings; the transfer
    # download neither empties them nor counts as a second positions export.
    result, into = imported(tmp_path, "OfxDownload-transfer.qfx", "OfxDownload-buys.qfx")
    held = {h["symbol"] for h in account(into, "ana-ofx")["holdings"]}
    assert held == {"VTI", "BND"}
    assert not [p for p in result.problems if p.kind == "positions_not_stated"]
    assert summary_of(result, "ana-ofx").changes.cash_after == Decimal("150.00")


def test_a_lot_csv_alone_puts_lots_on_the_household_files_holding_of_the_same_shares(
    tmp_path: Path,
) -> None:
    # ana-tod already holds 200 VEA (basis unknown) and 5 VTI; the lot CSV's 120 + 80 = 200.
    into = household(tmp_path)
    into.write_text(
        into.read_text().replace(
            '- {id: ana-tod, number: "239000001", type: taxable, owners: [ana]}',
            '- {id: ana-tod, number: "239000001", type: taxable, owners: [ana], cash: 9,\n'
            "     holdings: [{symbol: VEA, quantity: 200, basis: unknown},"
            " {symbol: VTI, quantity: 5, basis: unknown}]}",
        )
    )
    result = run_import([SAMPLES / "Fidelity_lots.csv"], into, None)
    assert result.ok and result.text is not None, [str(p) for p in result.problems]
    into.write_text(result.text)
    held = {h["symbol"]: h for h in account(into, "ana-tod")["holdings"]}
    assert [x["quantity"] for x in held["VEA"]["lots"]] == [120, 80]
    assert held["VTI"] == {"symbol": "VTI", "quantity": 5, "basis": "unknown"}
    assert account(into, "ana-tod")["cash"] == 9
    assert summary_of(result, "ana-tod").changes.lots_added == 2
    again = run_import([SAMPLES / "Fidelity_lots.csv"], into, None)
    assert again.text == result.text  # a second import changes nothing


def test_a_lot_csv_alone_whose_shares_the_file_does_not_hold_is_an_error(tmp_path: Path) -> None:
    result = run_import([SAMPLES / "Fidelity_lots.csv"], household(tmp_path), None)
    assert [p.kind for p in errors_only(result.problems)] == ["lots_without_position"]
    assert "nor a holding of 200 shares of it in the household file" in (
        errors_only(result.problems)[0].message
    )


def test_a_household_account_spelled_with_account_number_is_matched(tmp_path: Path) -> None:
    # `account_number` is the household format's other spelling of `number`.
    into = household(tmp_path)
    into.write_text(
        into.read_text().replace(
            'id: ana-tod, number: "239000001"', 'id: ana-tod, account_number: "239000001"'
        )
    )
    result = run_import(
        [SAMPLES / "Fidelity_lots.csv", DATA / "fidelity" / "Portfolio_Positions_Nov-24-2026.csv"],
        into,
        None,
    )
    assert result.ok, [str(p) for p in result.problems]
    assert not summary_of(result, "ana-tod").added
    assert [a.id for a in result.summary.accounts if a.added] == []
