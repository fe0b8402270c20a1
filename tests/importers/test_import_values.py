"""Cells as exports write them, headers by name, account types from names, masked numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from trimtab.errors import Problem
from trimtab.importers.account_map import account_map_schema, read_account_map
from trimtab.importers.account_types import type_from_name
from trimtab.importers.accounts import same_number
from trimtab.importers.emit import scalar
from trimtab.importers.formats import IMPORTERS, sniff
from trimtab.importers.records import Format
from trimtab.importers.text.csvread import ExportText, header_keys, parse_export
from trimtab.importers.text.values import Invalid, date_at_end, parse_date, parse_number
from trimtab.load import read_tree
from trimtab.model.enums import AccountType

DATA = Path(__file__).resolve().parent.parent / "data" / "import"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$1,234.56", Decimal("1234.56")),
        ("-$1.00", Decimal("-1.00")),
        ("$-1.00", Decimal("-1.00")),
        ("(12.50)", Decimal("-12.50")),
        ("($1,000.00)", Decimal("-1000.00")),
        ("+$11,945.20", Decimal("11945.20")),
        ("$3830.00", Decimal("3830.00")),
        ("9,999.99", Decimal("9999.99")),
        ("$12.00 ", Decimal("12.00")),
        ("-341", Decimal("-341")),
        ("0.000", Decimal("0.000")),
        ("$73.7789", Decimal("73.7789")),
        ("--", None),
        ("N/A", None),
        ("n/a", None),
        ("", None),
    ],
)
def test_money_and_quantities_read_exactly(text: str, value: Decimal | None) -> None:
    assert parse_number(text) == value


def test_percents_read_with_their_sign() -> None:
    assert parse_number("+2.3%", percent=True) == Decimal("2.3")
    assert parse_number("-2.9%", percent=True) == Decimal("-2.9")


@pytest.mark.parametrize("text", ["abc", "1,23", "1e5", "$$1", "+-1", "12.5.1", "NaN", "1,2345"])
def test_what_is_not_a_number_says_so(text: str) -> None:
    assert isinstance(parse_number(text), Invalid)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("09/24/2020 13:42:07", dt.date(2020, 9, 24)),
        ("04/17/2023 as of 04/15/2023", dt.date(2023, 4, 15)),
        ("9/23/2020", dt.date(2020, 9, 23)),
        ("2025/05/04", dt.date(2025, 5, 4)),
        ("2025-05-04", dt.date(2025, 5, 4)),
        ("Apr-22-2026", dt.date(2026, 4, 22)),
        ("--", None),
    ],
)
def test_dates_in_every_export_format(text: str, value: dt.date | None) -> None:
    assert parse_date(text) == value


@pytest.mark.parametrize("text", ["13/45/2020", "02/30/2026", "yesterday", "2026"])
def test_what_is_not_a_date_says_so(text: str) -> None:
    assert isinstance(parse_date(text), Invalid)


def test_titles_end_with_their_date() -> None:
    assert date_at_end("Positions for account X as of 02:45 AM ET, 09/25/2020") == dt.date(
        2020, 9, 25
    )
    assert date_at_end("Transactions  for account X as of 11/15/2020 18:00:21 ET") == dt.date(
        2020, 11, 15
    )
    assert date_at_end("Positions for account X as of noon") is None


def test_headers_answer_to_their_short_and_long_names() -> None:
    assert header_keys("Qty (Quantity)") == {"qty (quantity)", "qty", "quantity"}
    assert header_keys(" Account  number ") == {"account number"}
    assert "price" not in header_keys("Price Chng $ (Price Change $)")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("ROTH IRA", AccountType.ROTH_IRA),
        ("Roth Contributory IRA", AccountType.ROTH_IRA),
        ("Rollover IRA", AccountType.TRADITIONAL_IRA),
        ("Traditional IRA", AccountType.TRADITIONAL_IRA),
        ("IRA Account", AccountType.TRADITIONAL_IRA),
        ("Individual - TOD", AccountType.TAXABLE),
        ("JOINT WROS", AccountType.TAXABLE),
        ("Brokerage", AccountType.TAXABLE),
        ("Health Savings Account", AccountType.HSA),
        ("HSA", AccountType.HSA),
        ("Individual 401(k)", AccountType.K401),
        ("Roth 401(k)", AccountType.ROTH_401K),
        ("SEP-IRA", AccountType.SEP_IRA),
        ("SIMPLE IRA", AccountType.SIMPLE_IRA),
        ("Inherited Roth IRA", AccountType.INHERITED_IRA),
        ("403(b)", AccountType.B403),
        ("Intelligent", None),
        ("BrokerageLink", None),
        ("529", None),
        ("UTMA", None),
        ("AAAA", None),
        ("", None),
    ],
)
def test_account_types_are_told_only_from_plain_names(name: str, kind: AccountType | None) -> None:
    assert type_from_name(name) is kind


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("XXXX-4321", "XXXX-4321", True),
        ("XXX321", "XXXX-4321", True),
        ("...123", "XXXX-0123", True),
        ("xxxx-4321", "XXXX-4321", True),
        ("XX21", "XXXX-4321", False),  # two visible digits tell too little
        ("239000001", "239000002", False),
        ("239000001", "39000001", False),  # unmasked numbers match only when equal
        ("XXXX-4321", "XXXX-5321", False),
    ],
)
def test_masked_numbers_match_on_their_visible_digits(a: str, b: str, same: bool) -> None:
    assert same_number(a, b) is same


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("2176.80"), "2176.80"),
        (dt.date(2026, 11, 24), "2026-11-24"),
        ("VTI", "VTI"),
        ("yes", '"yes"'),
        ("1e3", '"1e3"'),
        ("a: b", '"a: b"'),
        ("XXXX-4321", "XXXX-4321"),
    ],
)
def test_values_are_written_so_yaml_reads_them_back(value: object, text: str) -> None:
    assert scalar(value) == text
    assert scalar("XXXX-4321", "number") == '"XXXX-4321"'


def test_the_format_is_told_from_the_content_not_the_name() -> None:
    text = b'"Positions for account Individual XXXX-4321 as of 02:45 AM ET, 11/24/2026"\r\n'
    export = parse_export(text, "History_for_Account_X1.csv")
    assert isinstance(export, ExportText)
    assert sniff(export) is Format.SCHWAB_POSITIONS


def test_sentence_case_fidelity_headers_are_read() -> None:
    header = (
        "Account number,Account name,Symbol,Description,Quantity,Last price,Last price change,"
        "Current value,Today's gain/loss dollar,Today's gain/loss percent,Total gain/loss dollar,"
        "Total gain/loss percent,Percent of account,Cost basis total,Average cost basis,Type\n"
        "X1,ROTH IRA,VTI,VANGUARD TOTAL STOCK,3,$331.40,,$994.20,,,,,,,,Cash,\n"
        "\n"
        '"Date downloaded Apr-22-2026 9:29 p.m ET"\n'
    )
    export = parse_export(header.encode(), "positions.csv")
    assert isinstance(export, ExportText)
    assert sniff(export) is Format.FIDELITY_POSITIONS
    read = IMPORTERS[Format.FIDELITY_POSITIONS](export)
    assert read.problems == ()
    assert read.as_of == dt.date(2026, 4, 22)
    (account,) = read.accounts
    assert (account.account.number, account.account.name) == ("X1", "ROTH IRA")
    assert [(h.symbol, h.quantity, h.price) for h in account.holdings] == [
        ("VTI", Decimal(3), Decimal("331.40"))
    ]


def test_the_account_map_schema_describes_the_sample_map() -> None:
    schema = account_map_schema()
    assert schema["title"] == "trimtab.account-map/1"
    assert set(schema["properties"]) == {"format", "accounts"}
    tree = read_tree(DATA / "account-map.yaml")
    assert not isinstance(tree, Problem)
    jsonschema.validate(tree.data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format": "trimtab.account-map/1", "accounts": [{"id": "x"}]}, schema)


def test_the_sample_map_reads_without_problems() -> None:
    document, problems = read_account_map(DATA / "account-map.yaml")
    assert problems == ()
    assert document is not None
    assert [(e.match, e.id, e.type) for e in document.accounts] == [
        ("XXXX-4321", "ana-intelligent", AccountType.TAXABLE)
    ]
