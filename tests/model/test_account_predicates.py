"""An account says whether it is taxed on this return and whether it is taxed at all (issue 30,
move 2): one spelling for the fact the wash rule, the tax estimate, the state's unrealized
gains, the location model and the optimizer's sale costs all ask."""

from __future__ import annotations

from trimtab.model.enums import AccountType
from trimtab.model.household import Account


def test_a_brokerage_account_of_this_return_is_taxed_here() -> None:
    a = Account(id="joint", type=AccountType.TAXABLE)
    assert (a.of_this_return, a.taxed, a.taxed_here) == (True, True, True)


def test_a_childs_utma_is_taxed_but_on_another_return() -> None:
    # a separate taxpayer's taxable account: its gains are the child's tax, not this return's;
    # it is outside the wash rule and the location model, inside the allocation
    a = Account(id="kids-utma", type=AccountType.TAXABLE, separate_taxpayer=True)
    assert (a.of_this_return, a.taxed, a.taxed_here) == (False, True, False)


def test_tax_advantaged_accounts_are_not_taxed_on_sale() -> None:
    for kind in (
        AccountType.TRADITIONAL_IRA,
        AccountType.ROTH_IRA,
        AccountType.K401,
        AccountType.HSA,
    ):
        a = Account(id="sheltered", type=kind)
        assert (a.of_this_return, a.taxed, a.taxed_here) == (True, False, False), kind
