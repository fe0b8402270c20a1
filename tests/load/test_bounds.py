"""Number bounds (issue 22, item 7): beyond them a located problem, never InvalidOperation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trimtab.load.bounds import MAX_AMOUNT, MAX_PRICE, MAX_QUANTITY, bound_for, number_problems
from trimtab.load.tree import Tree, parse_tree


def _tree(text: str) -> Tree:
    tree = parse_tree(text, "f.yaml")
    assert isinstance(tree, Tree)
    return tree


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        (("accounts", 0, "holdings", 0, "quantity"), MAX_QUANTITY),
        (("trades", 3, "quantity"), MAX_QUANTITY),
        (("prices", "VTI"), MAX_PRICE),
        (("trades", 0, "price"), MAX_PRICE),
        (("accounts", 0, "cash"), MAX_AMOUNT),
        (("tax", "ordinary_taxable_income"), MAX_AMOUNT),
        (("prices_note", 0, "x"), MAX_AMOUNT),
    ],
)
def test_the_bound_goes_by_the_field(path: tuple[str | int, ...], bound: Decimal) -> None:
    assert bound_for(path)[0] == bound


def test_numbers_at_their_bounds_pass_and_past_them_are_located() -> None:
    tree = _tree(
        "prices: {VTI: 10000000, BND: 10000000.01}\n"  # $1e7 passes, a cent more does not
        "holdings:\n"
        "  - {quantity: 10000000000}\n"  # 1e10 shares pass
        "  - {quantity: -1e24}\n"  # the bound is on the absolute value
        "cash: 1e30\n"
        "rate: .nan\n"  # not finite: the document model words it
        "flag: true\n"  # a bool is not a number
    )
    found = [(p.kind, p.source.line, p.source.column, p.field) for p in number_problems(tree)]
    assert found == [
        ("number_too_large", 1, 25, "prices.BND"),
        ("number_too_large", 4, 6, "holdings[1].quantity"),
        ("number_too_large", 5, 1, "cash"),
    ]


def test_the_message_gives_the_number_and_the_bound() -> None:
    [problem] = number_problems(_tree("quantity: 1e24\n"))
    assert problem.message == "1E+24 is beyond the bound of 10,000,000,000 shares"
    assert problem.expected == "at most 10,000,000,000 shares in absolute value"
