"""Settings precedence: defaults < firm file < household file < command-line flags."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from trimtab import check_household, load_household
from trimtab.model import Mode, SecurityType, TaxBudgetKind


def _household(tmp_path: Path, settings: str) -> Path:
    text = (Path(__file__).parent.parent / "data" / "minimal.yaml").read_text()
    text = text.replace("settings:\n  harvest_min_loss: 500\n", settings)
    path = tmp_path / "h.yaml"
    path.write_text(text)
    return path


def test_defaults_when_nothing_is_set(tmp_path: Path) -> None:
    s = load_household(_household(tmp_path, "")).settings
    assert s.mode is Mode.BAND and s.band_buffer == Decimal("0.5") and s.harvest is True
    assert s.harvest_min_loss == 500 and s.harvest_min_pct == 5 and s.min_trade == 100
    assert dict(s.spread_bps)[SecurityType.ETF] == 2 and dict(s.spread_bps)[SecurityType.STOCK] == 5
    assert s.breakeven_horizon_years == 10  # issue 21 item 3: tax is spent only where it pays


def test_a_zero_breakeven_horizon_turns_it_off(tmp_path: Path) -> None:
    path = _household(tmp_path, "settings:\n  breakeven_horizon_years: 0\n")
    assert load_household(path).settings.breakeven_horizon_years is None


def test_household_overrides_firm_and_flags_override_both(tmp_path: Path) -> None:
    firm = tmp_path / "firm.yaml"
    firm.write_text(
        "format: trimtab.settings/1\nmode: target\nharvest_min_loss: 250\n"
        "spread_bps: {etf: 3}\ncommission_per_trade: 4.95\n"
    )
    path = _household(tmp_path, "settings:\n  harvest_min_loss: 800\n  spread_bps: {stock: 7}\n")
    s = load_household(path, settings_file=firm, overrides={"mode": "cash"}).settings
    assert s.harvest_min_loss == 800  # household beats firm
    assert s.commission_per_trade == Decimal("4.95")  # firm beats default
    assert s.mode is Mode.CASH  # flag beats firm
    spreads = dict(s.spread_bps)
    assert spreads[SecurityType.ETF] == 3 and spreads[SecurityType.STOCK] == 7  # merged per key


def test_switches_accept_on_and_off(tmp_path: Path) -> None:
    path = _household(
        tmp_path,
        "settings:\n  harvest: off\n  no_short_term_gains: on\n"
        "  tax_budget: {kind: tax, amount: 2500}\n",
    )
    s = load_household(path).settings
    assert s.harvest is False and s.no_short_term_gains is True
    assert s.tax_budget is not None and s.tax_budget.kind is TaxBudgetKind.TAX


def test_unknown_key_in_the_firm_file_names_file_and_line(tmp_path: Path) -> None:
    firm = tmp_path / "firm.yaml"
    firm.write_text("mode: band\nharvest_minimum: 10\n")
    _, problems = check_household(_household(tmp_path, ""), settings_file=firm)
    assert [(p.kind, p.source.file, p.source.line, p.field) for p in problems] == [
        ("unknown_setting", str(firm), 2, "harvest_minimum")
    ]


def test_a_bad_flag_is_a_problem(tmp_path: Path) -> None:
    _, problems = check_household(_household(tmp_path, ""), overrides={"mode": "yolo"})
    assert [(p.kind, p.field) for p in problems] == [("unknown_value", "mode")]
