"""The bundled example household loads, is valid, and its values are what a hand count says."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from trimtab import check_household, load_household
from trimtab.analysis.valuation import account_value, household_value
from trimtab.errors import Severity
from trimtab.model import AccountType, AssetClass, LotOrigin


def test_example_is_valid_with_only_the_expected_warning(example_path: Path) -> None:
    household, problems = check_household(example_path)
    assert household is not None
    # the child's UTMA holds VT with `basis: unknown`: a warning, not an error
    assert [(p.kind, p.severity) for p in problems] == [("basis_unknown", Severity.WARNING)]


def test_example_has_what_the_demo_promises(example_path: Path) -> None:
    h = load_household(example_path)
    types = [a.type for a in h.accounts]
    assert types.count(AccountType.TRADITIONAL_IRA) == 2
    assert AccountType.ROTH_IRA in types and AccountType.K401 in types
    assert {t.asset_class for t in h.targets} == set(AssetClass)
    taxable = h.account("joint-taxable")
    assert taxable is not None
    origins = {lot.origin for hd in taxable.holdings for lot in hd.lots}
    assert origins == {LotOrigin.PURCHASE, LotOrigin.INHERITANCE, LotOrigin.GIFT}


def test_joint_taxable_value_by_hand(example_path: Path) -> None:
    h = load_household(example_path)
    taxable = h.account("joint-taxable")
    assert taxable is not None
    # VTI  210 × 331.40 = 69,594.00     IVV  20 × 682.15 = 13,643.00
    # VEA  200 × 57.85  = 11,570.00     VWO 150 × 51.90  =  7,785.00
    # VTEB 300 × 50.95  = 15,285.00     AAPL 100 × 262.30 = 26,230.00
    # securities 144,107.00 + cash 12,500.00 = 156,607.00
    assert account_value(h, taxable) == Decimal("156607.00")


def test_household_value_by_hand(example_path: Path) -> None:
    h = load_household(example_path)
    # joint-taxable 156,607.00
    # ana-ira  BND 1000×73.95=73,950 + HYG 300×80.70=24,210 + VNQ 250×91.60=22,900
    #          + VTIP 400×49.95=19,980 + cash 800                     = 141,840.00
    # luis-ira BND 300×73.95=22,185 + VEA 50×57.85=2,892.50 + SCHP 500×26.85=13,425
    #          + cash 300                                             =  38,802.50
    # ana-roth VB 120×259.80=31,176 + VWO 200×51.90=10,380 + cash 150 =  41,706.00
    # luis-401k FXAIX 340.532×234.75=79,939.887 + FXNAX 3000×10.68=32,040
    #          + FSPSX 600×55.20=33,120                               = 145,099.887
    # kids-utma VT 50×131.25                                          =   6,562.50
    # total                                                           = 530,617.887
    assert household_value(h) == Decimal("530617.887")


def test_lot_ids_are_derived_when_absent(tmp_path: Path) -> None:
    text = (Path(__file__).parent.parent / "data" / "minimal.yaml").read_text()
    text = text.replace("{id: A1, ", "{")
    path = tmp_path / "h.yaml"
    path.write_text(text)
    h = load_household(path)
    lot = h.accounts[0].holdings[0].lots[0]
    assert lot.id == "brokerage/VTI/2020-01-02/1"


def test_a_long_number_in_the_household_file_keeps_every_digit(
    example_path: Path, tmp_path: Path
) -> None:
    # issue 30: 1234567890.123456789 has 19 significant digits; read through a binary float
    # it became 1234567890.1234567. The account's cash is the text's number, to the last digit.
    text = example_path.read_text().replace("    cash: 12500\n", "    cash: 1234567890.123456789\n")
    path = tmp_path / "h.yaml"
    path.write_text(text)
    h = load_household(path)
    taxable = h.account("joint-taxable")
    assert taxable is not None
    assert taxable.cash == Decimal("1234567890.123456789")
