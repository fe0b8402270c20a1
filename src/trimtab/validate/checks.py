"""One small check per rule of the household file; each returns Problems, none raises.

The checks run on the built model, so every record they look at carries the
Source (file, line, column) of its place in the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Protocol

from trimtab.errors import Problem, Severity
from trimtab.model.enums import AccountType, LotOrigin, SecurityType, TradeAction
from trimtab.model.household import Account, Holding, Household, Lot
from trimtab.rules.securities import known_tags
from trimtab.rules.tax_year import shipped_tax_years
from trimtab.source import Source

Check = Callable[[Household], Iterator[Problem]]


class _AccountRow(Protocol):
    """A section row that names an account (transactions, recurring, cash flows, orders)."""

    @property
    def account(self) -> str: ...
    @property
    def source(self) -> Source: ...


class _Row(Protocol):
    """A section row that names an account and a symbol (transactions, recurring, orders…)."""

    @property
    def account(self) -> str: ...
    @property
    def symbol(self) -> str: ...
    @property
    def source(self) -> Source: ...


HUNDRED = Decimal(100)


def _problem(
    source: Source,
    field: str,
    kind: str,
    message: str,
    expected: str = "",
    severity: Severity = Severity.ERROR,
) -> Problem:
    return Problem(
        source=source, field=field, kind=kind, message=message, expected=expected, severity=severity
    )


def _holdings(h: Household) -> Iterator[tuple[int, Account, int, Holding]]:
    for i, account in enumerate(h.accounts):
        for j, holding in enumerate(account.holdings):
            yield i, account, j, holding


def targets_sum_to_100(h: Household) -> Iterator[Problem]:
    """IPS targets are percent points of the whole household: they must add up to 100."""
    total = sum((t.percent for t in h.targets), Decimal(0))
    if total != HUNDRED:
        source = h.targets[0].source if h.targets else Source(file=h.file, line=1, column=1)
        yield _problem(source, "targets", "targets_sum", f"targets add up to {total}", "100")


def tax_year_is_shipped(h: Household) -> Iterator[Problem]:
    """The tax year needs shipped tax data, and must be the year of `as_of`."""
    years = shipped_tax_years()
    if h.tax.year not in years:
        yield _problem(
            h.tax.source,
            "tax.year",
            "tax_year_not_shipped",
            f"no tax data is shipped for {h.tax.year}",
            "one of " + ", ".join(str(y) for y in years),
        )
    if h.tax.year != h.as_of.year:
        yield _problem(
            h.tax.source,
            "tax.year",
            "tax_year_mismatch",
            f"tax year {h.tax.year} is not the year of as_of ({h.as_of})",
            str(h.as_of.year),
        )


def ids_are_unique(h: Household) -> Iterator[Problem]:
    """Owner ids, account ids and lot ids are unique in the household."""
    yield from _duplicates("owners", [(o.id, o.source) for o in h.owners])
    yield from _duplicates("accounts", [(a.id, a.source) for a in h.accounts])
    lots = [(lot.id, lot.source) for _, _, _, hd in _holdings(h) for lot in hd.lots]
    yield from _duplicates("lots", lots)


def _duplicates(what: str, items: list[tuple[str, Source]]) -> Iterator[Problem]:
    counts = Counter([i for i, _ in items])
    if len(counts) == len(items):
        return  # all unique, the common case
    for ident, source in items:
        if counts[ident] > 1:
            yield _problem(
                source,
                source.field + ".id",
                "duplicate_id",
                f"the id `{ident}` is used more than once in {what}",
                "a unique id",
            )


def owners_are_known(h: Household) -> Iterator[Problem]:
    """Every owner named by an account is in `owners`."""
    known = {o.id for o in h.owners}
    for i, account in enumerate(h.accounts):
        for k, owner in enumerate(account.owners):
            if owner not in known:
                yield _problem(
                    account.source,
                    f"accounts[{i}].owners[{k}]",
                    "unknown_owner",
                    f"owner `{owner}` is not in `owners`",
                    _one_of(sorted(known)),
                )


def account_references_are_known(h: Household) -> Iterator[Problem]:
    """Transactions, recurring purchases, cash flows, orders and restrictions name real accounts."""
    known = {a.id for a in h.accounts}
    sections: tuple[tuple[str, tuple[_AccountRow, ...]], ...] = (
        ("transactions", h.transactions),
        ("recurring", h.recurring),
        ("cash_flows", h.cash_flows),
        ("orders", h.orders),
    )
    for name, rows in sections:
        for i, row in enumerate(rows):
            if row.account not in known:
                yield _unknown_account(row.source, f"{name}[{i}].account", row.account, known)
    for i, r in enumerate(h.restrictions):
        if r.account and r.account not in known:
            yield _unknown_account(r.source, f"restrictions[{i}].account", r.account, known)


def _unknown_account(source: Source, field: str, account: str, known: set[str]) -> Problem:
    return _problem(
        source,
        field,
        "unknown_account",
        f"account `{account}` is not in `accounts`",
        _one_of(sorted(known)),
    )


def _one_of(names: list[str]) -> str:
    return "one of " + ", ".join(names) if names else "a defined id"


def holdings_agree_with_lots(h: Household) -> Iterator[Problem]:
    """A holding's quantity equals the sum of its lots; a holding needs a quantity or lots."""
    for i, _, j, hd in _holdings(h):
        field = f"accounts[{i}].holdings[{j}]"
        lots = sum((lot.quantity for lot in hd.lots), Decimal(0))
        if not hd.lots and hd.quantity <= 0:
            yield _problem(
                hd.source,
                field + ".quantity",
                "missing_quantity",
                f"holding {hd.symbol} has neither quantity nor lots",
                "quantity > 0 or a list of lots",
            )
        elif hd.lots and lots != hd.quantity:
            yield _problem(
                hd.source,
                field + ".quantity",
                "lots_quantity_mismatch",
                f"holding {hd.symbol} says {hd.quantity} shares but its lots add up to {lots}",
                f"{lots}",
            )


def lots_are_dated_and_complete(h: Household) -> Iterator[Problem]:
    """Lots are acquired on or before `as_of`; gift lots carry the donor's date and value."""
    for i, _, j, hd in _holdings(h):
        for k, lot in enumerate(hd.lots):
            if lot.acquired > h.as_of:
                yield _problem(
                    lot.source,
                    f"accounts[{i}].holdings[{j}].lots[{k}].acquired",
                    "lot_after_as_of",
                    f"lot {lot.id} acquired {lot.acquired}, after as_of {h.as_of}",
                    f"a date on or before {h.as_of}",
                )
            if lot.origin is LotOrigin.GIFT:  # only gifts have more to check
                yield from _gift_fields(lot_field=f"accounts[{i}].holdings[{j}].lots[{k}]", lot=lot)


def _gift_fields(*, lot_field: str, lot: Lot) -> Iterator[Problem]:
    if lot.origin is not LotOrigin.GIFT:
        return
    if lot.donor_acquired is None:
        yield _problem(
            lot.source,
            lot_field + ".donor_acquired",
            "gift_incomplete",
            f"gift lot {lot.id} has no donor_acquired",
            "the donor's acquisition date",
        )
    elif lot.donor_acquired > lot.acquired:
        yield _problem(
            lot.source,
            lot_field + ".donor_acquired",
            "gift_dates",
            f"gift lot {lot.id}: donor acquired after the gift",
            f"a date on or before {lot.acquired}",
        )
    if lot.fmv_at_gift is None:
        yield _problem(
            lot.source,
            lot_field + ".fmv_at_gift",
            "gift_incomplete",
            f"gift lot {lot.id} has no fmv_at_gift",
            "the market value at the gift",
        )


def taxable_holdings_have_lots(h: Household) -> Iterator[Problem]:
    """Taxable holdings need lots; `basis: unknown` is allowed, with a warning."""
    for i, account, j, hd in _holdings(h):
        if not account.taxed or hd.lots:
            continue
        field = f"accounts[{i}].holdings[{j}]"
        if hd.basis_unknown:
            yield _problem(
                hd.source,
                field + ".basis",
                "basis_unknown",
                f"{hd.symbol} in {account.id} has no lots: tax-aware selling of it is blocked",
                "lots with acquired, quantity and cost",
                Severity.WARNING,
            )
        else:
            yield _problem(
                hd.source,
                field + ".lots",
                "missing_lots",
                f"taxable holding {hd.symbol} in {account.id} has no lots",
                "lots (acquired, quantity, cost), or `basis: unknown`",
            )


def symbols_are_known(h: Household) -> Iterator[Problem]:
    """Every held, bought or named symbol is in the securities master or the file's `securities`."""
    known = {s.symbol for s in h.securities}
    hint = "a symbol of the securities master, or an entry under `securities:` with its asset_class"
    for i, _, j, hd in _holdings(h):
        if hd.symbol not in known:
            yield _problem(
                hd.source,
                f"accounts[{i}].holdings[{j}].symbol",
                "unknown_symbol",
                f"{hd.symbol} is not a known security; classify it with "
                f"`securities: {{{hd.symbol}: {{asset_class: …}}}}`",
                hint,
            )
    for i, account in enumerate(h.accounts):
        for k, symbol in enumerate(account.buy_menu):
            if symbol not in known:
                yield _problem(
                    account.source,
                    f"accounts[{i}].buy_menu[{k}]",
                    "unknown_symbol",
                    f"buy menu entry {symbol} is not a known security",
                    hint,
                )
    rows: tuple[tuple[str, tuple[_Row, ...]], ...] = (
        ("recurring", h.recurring),
        ("orders", h.orders),
        ("transactions", h.transactions),
    )
    for name, items in rows:
        for i, row in enumerate(items):
            if row.symbol not in known:
                yield _problem(
                    row.source,
                    f"{name}[{i}].symbol",
                    "unknown_symbol",
                    f"{row.symbol} is not a known security",
                    hint,
                )


def prices_are_given(h: Household) -> Iterator[Problem]:
    """Every held or buyable symbol has a price (money-market funds default to $1.00)."""
    priced = {p.symbol for p in h.prices}
    money_market = {s.symbol for s in h.securities if s.type is SecurityType.MONEY_MARKET}
    known = {s.symbol for s in h.securities}  # unknown symbols are reported once, elsewhere
    for symbol, source, field in _needed_prices(h):
        if symbol in known and symbol not in priced and symbol not in money_market:
            yield _problem(
                source,
                field,
                "missing_price",
                f"no price for {symbol}",
                f"`prices: {{{symbol}: …}}`",
            )


def _needed_prices(h: Household) -> Iterator[tuple[str, Source, str]]:
    seen: set[str] = set()
    candidates: list[tuple[str, Source, str]] = []
    for i, _, j, hd in _holdings(h):
        candidates.append((hd.symbol, hd.source, f"accounts[{i}].holdings[{j}]"))
    for i, account in enumerate(h.accounts):
        for k, symbol in enumerate(account.buy_menu):
            candidates.append((symbol, account.source, f"accounts[{i}].buy_menu[{k}]"))
    for i, r in enumerate(h.recurring):
        candidates.append((r.symbol, r.source, f"recurring[{i}]"))
    for i, o in enumerate(h.orders):
        candidates.append((o.symbol, o.source, f"orders[{i}]"))
    for symbol, source, field in candidates:
        if symbol not in seen:
            seen.add(symbol)
            yield symbol, source, field


def recurring_has_dates(h: Household) -> Iterator[Problem]:
    """A recurring purchase needs `next` and `amount`, except dividend reinvestment."""
    for i, r in enumerate(h.recurring):
        if r.dividend_reinvestment:
            continue
        if r.next is None:
            yield _problem(
                r.source,
                f"recurring[{i}].next",
                "recurring_without_next",
                "a recurring purchase other than dividend reinvestment needs `next`",
                "the date of the next purchase",
            )
        if r.amount is None:
            yield _problem(
                r.source,
                f"recurring[{i}].amount",
                "recurring_without_amount",
                "a recurring purchase other than dividend reinvestment needs `amount`",
                "dollars per purchase",
            )


def restriction_tags_are_known(h: Household) -> Iterator[Problem]:
    """An `exclude_tag` restriction names a tag of the documented tag list."""
    tags = known_tags()
    for i, r in enumerate(h.restrictions):
        if r.tag and r.tag not in tags:
            yield _problem(
                r.source,
                f"restrictions[{i}].exclude_tag",
                "unknown_tag",
                f"`{r.tag}` is not a known tag",
                _one_of(sorted(tags)),
            )


def orders_name_real_lots(h: Household) -> Iterator[Problem]:
    """An order's lots are lots of that symbol in that account; only sells name lots."""
    for i, order in enumerate(h.orders):
        account = h.account(order.account)
        if account is None or not order.lots:
            continue
        if order.action is TradeAction.BUY:
            yield _problem(
                order.source,
                f"orders[{i}].lots",
                "lots_on_buy",
                "a buy order cannot name lots",
                "no `lots` on a buy",
            )
            continue
        held = {lot.id for hd in account.holdings if hd.symbol == order.symbol for lot in hd.lots}
        for k, lot_id in enumerate(order.lots):
            if lot_id not in held:
                yield _problem(
                    order.source,
                    f"orders[{i}].lots[{k}]",
                    "unknown_lot",
                    f"lot `{lot_id}` is not a lot of {order.symbol} in {account.id}",
                    _one_of(sorted(held)),
                )


def unmodelled_accounts_warned(h: Household) -> Iterator[Problem]:
    """Inherited IRAs are counted and traded, but their RMD rules are not modelled."""
    for i, account in enumerate(h.accounts):
        if account.type is AccountType.INHERITED_IRA:
            yield _problem(
                account.source,
                f"accounts[{i}].type",
                "inherited_ira",
                f"{account.id}: the RMD rules of inherited IRAs are not modelled",
                "",
                Severity.WARNING,
            )


CHECKS: tuple[Check, ...] = (
    targets_sum_to_100,
    tax_year_is_shipped,
    ids_are_unique,
    owners_are_known,
    account_references_are_known,
    holdings_agree_with_lots,
    lots_are_dated_and_complete,
    taxable_holdings_have_lots,
    symbols_are_known,
    prices_are_given,
    recurring_has_dates,
    restriction_tags_are_known,
    orders_name_real_lots,
    unmodelled_accounts_warned,
)
