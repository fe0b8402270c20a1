"""beancount v3 ledgers: lots held at cost, cash and prices (custodian-formats.md §6).

The only module that imports ``beancount`` (STYLE.md 10). The ledger goes through beancount's
own loading steps, as ``bean-check`` runs them: parse (``beancount.parser``), book
(``booking.book``: the accounts' booking methods, ``{}`` reductions), the loader's built-in
transformations (``loader.run_transformations``: ``pad`` directives fill their account up to
the next ``balance``, then every ``balance`` assertion is checked) and validation
(``ops.validation``). Only the ``plugin`` directives the ledger names are left out: they name
Python modules, and trimtab never imports a module named in an input file. A ledger with
``plugin`` lines is read without them (a warning); one with ``include`` lines is an error (the
included files are not read, so the holdings would be incomplete). A ``balance`` assertion that
fails is an error, as it is for ``bean-check``: so the imported cash and lots are the ones the
ledger's own assertions state.

Which accounts. A household account is an ``open`` directive with metadata
``account_number: "XXXX-1234"`` (the number the account map and the household file match) or
``trimtab_type: "roth_ira"`` (the account type, one of household-format.md's); its
sub-accounts (``Assets:Schwab:Brokerage:VTI``) count as part of it. Without
``account_number`` the beancount account name is the number. The type comes from the account
map, else ``trimtab_type``, else the words of the account name (``Assets:Vanguard:Roth IRA``
cannot be written; ``RothIRA`` states nothing). Assets accounts holding securities that are not
marked are warnings (``unmarked_account``).

What is read, at ``as_of``, the date of the ledger's last dated entry:

* the balance of each household account and its sub-accounts after booking and padding
  (``beancount.core.realization``; each beancount account counts for the household account
  whose name is its longest prefix): positions in USD are its ``cash``;
  positions held at a USD cost are lots, ``acquired`` the cost date (``{200.00 USD,
  2021-03-04}``, or the transaction's date when the lot gives none), ``quantity`` the units
  and ``cost`` units × per-unit cost. A commodity with positions not held at cost has no
  lots (``basis: unknown`` in a taxable account). Worked example: ``30 VTI {200.00 USD,
  2021-03-04}``, then ``-10 VTI {}`` FIFO and ``5 VTI {332.00 USD}`` on 2026-11-10 leave two
  lots: 20 VTI acquired 2021-03-04 costing 20 × 200.00 = 4000.00, and 5 VTI acquired
  2026-11-10 costing 5 × 332.00 = 1660.00;
* prices: the USD price of each held commodity at ``as_of`` in beancount's price map
  (``beancount.core.prices``: the latest ``price`` directive on or before ``as_of``);
* trades: postings of a commodity held at cost in a household account, a buy at its per-unit
  cost or a sell at its ``@`` price (a sell without a price is a warning); the 60-day window of
  every history export applies.

Problems name the ledger's line: the directive, the posting, or beancount's own error.

Sources: beancount documentation "Beancount Language Syntax" and "How Inventories Work";
jbms/beancount-import ``testdata/source/schwab_csv/test_lots/journal.beancount`` (account
metadata naming an export account).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from beancount import loader
from beancount.core import data, prices, realization
from beancount.core.inventory import Inventory
from beancount.ops import validation
from beancount.parser import booking, parser

from trimtab.errors import Problem, errors_only
from trimtab.importers.formats.common import (
    not_a_holding,
    note_skips,
    problem,
    short_position,
    unknown_instrument,
    warning,
)
from trimtab.importers.records import (
    AccountRef,
    ExportAccount,
    ExportHolding,
    ExportLot,
    ExportLots,
    ExportTrade,
    Extract,
    Format,
    SkippedRow,
)
from trimtab.importers.text.csvread import ExportText
from trimtab.model.enums import AccountType, TradeAction
from trimtab.source import Source

CASH = "USD"
NUMBER_KEY = "account_number"
TYPE_KEY = "trimtab_type"
DIRECTIVE_START = (
    "option ",
    "plugin ",
    "include ",
    "pushtag ",
)


def is_beancount(export: ExportText) -> bool:
    """A ledger: its first statement is an ``option``/``plugin``/``include`` line or a dated
    beancount directive (``2020-01-01 open …``)."""
    for line in export.text[:8192].splitlines():
        body = line.strip()
        if not body or body.startswith((";", "*", "#")):
            continue
        return body.startswith(DIRECTIVE_START) or _dated_directive(body)
    return False


def _dated_directive(body: str) -> bool:
    words = body.split()
    if len(words) < 2 or len(words[0]) != 10:
        return False
    try:
        dt.date.fromisoformat(words[0])
    except ValueError:
        return False
    return words[1] in {"open", "commodity", "price", "balance", "*", "!", "txn", "custom"}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Ledger:
    """The parsed, booked ledger.

    export: the file.
    entries: the booked directives, in date order.
    accounts: household account name -> its reference.
    """

    export: ExportText
    entries: tuple[Any, ...]
    accounts: Mapping[str, AccountRef]

    def place(self, meta: Mapping[str, Any] | None, field: str) -> Source:
        line = meta.get("lineno", 0) if meta else 0
        return self.export.source(line if isinstance(line, int) else 0, 1, field)

    def owner(self, account: str) -> str | None:
        """The household account a beancount account belongs to (itself or an ancestor)."""
        for name in self.accounts:
            if account == name or account.startswith(name + ":"):
                return name
        return None


def read_beancount(export: ExportText) -> Extract:
    """The accounts, lots, cash, prices and trades of a beancount ledger."""
    problems: list[Problem] = []
    entries = _parse(export, problems)
    if entries is None:
        return Extract(file=export.file, format=Format.BEANCOUNT, problems=tuple(problems))
    ledger = _Ledger(
        export=export, entries=tuple(entries), accounts=MappingProxyType(_accounts(export, entries))
    )
    problems.extend(_account_type_problems(ledger))
    as_of: dt.date | None = max((e.date for e in entries if hasattr(e, "date")), default=None)
    if as_of is None or not ledger.accounts:
        problems.append(_nothing(export))
    if as_of is None or errors_only(tuple(problems)):
        return Extract(file=export.file, format=Format.BEANCOUNT, problems=tuple(problems))
    skipped: list[SkippedRow] = []
    accounts, lots = _holdings(ledger, as_of, problems, skipped)
    problems.extend(_unmarked(ledger))
    return Extract(
        file=export.file,
        format=Format.BEANCOUNT,
        as_of=as_of,
        as_of_source=_last_entry(ledger, as_of),
        accounts=accounts,
        lots=lots,
        covered=tuple(ledger.accounts.values()),
        trades=_trades(ledger, as_of, problems),
        problems=tuple(problems),
        skipped=tuple(skipped),
    )


def _parse(export: ExportText, problems: list[Problem]) -> list[Any] | None:
    """Parsed and booked entries; beancount's errors as Problems (None when any is fatal)."""
    try:
        entries, errors, options = parser.parse_string(export.text, report_filename=export.file)
        problems.extend(_options(export, options))
        safe = {**options, "plugin": [], "plugin_processing_mode": "default", "documents": []}
        entries.sort(key=data.entry_sortkey)
        booked, booking_errors = booking.book(entries, safe)  # type: ignore[no-untyped-call]
        done, transform_errors = loader.run_transformations(booked, [], safe, None)
        invalid = validation.validate(done, safe)  # type: ignore[no-untyped-call]
    except Exception as exc:  # beancount itself failing: translated at the boundary
        problems.append(
            problem(export.source(1, 1, "(ledger)"), "beancount_error", f"cannot parse: {exc}")
        )
        return None
    problems.extend(_errors(export, [*errors, *booking_errors, *transform_errors, *invalid]))
    if errors_only(tuple(problems)):
        return None
    return sorted(done, key=data.entry_sortkey)


def _errors(export: ExportText, errors: Iterable[Any]) -> list[Problem]:
    out = []
    for error in errors:
        source = getattr(error, "source", None) or {}
        line = source.get("lineno", 0) if isinstance(source, dict) else 0
        out.append(
            problem(
                export.source(line if isinstance(line, int) else 0, 1, "(ledger)"),
                "beancount_error",
                " ".join(str(getattr(error, "message", error)).split()),
                "a ledger that bean-check accepts",
            )
        )
    return out


def _options(export: ExportText, options: Mapping[str, Any]) -> list[Problem]:
    out = [
        warning(
            _line_of(export, f'plugin "{name}"', "plugin"),
            "plugin_not_run",
            f"plugin `{name}` is not run: trimtab never imports a module a file names",
            "a ledger whose holdings do not depend on plugins",
        )
        for name, _config in options.get("plugin") or ()
    ]
    out += [
        problem(
            _line_of(export, f'include "{name}"', "include"),
            "include_not_read",
            f"`include {name}` is not followed: the holdings would be incomplete",
            "one ledger file (or `bean-query` output written to one file)",
        )
        for name in options.get("include") or ()
    ]
    return out


def _line_of(export: ExportText, needle: str, field: str) -> Source:
    for number, line in enumerate(export.text.splitlines(), start=1):
        if line.strip().startswith(needle):
            return export.source(number, 1, field)
    return export.source(1, 1, field)


def _nothing(export: ExportText) -> Problem:
    return problem(
        export.source(1, 1, "(ledger)"),
        "no_accounts",
        f"no `open` directive has `{NUMBER_KEY}` or `{TYPE_KEY}` metadata: no household account",
        f'`  {NUMBER_KEY}: "XXXX-1234"` or `  {TYPE_KEY}: "roth_ira"` under an open directive',
    )


def _last_entry(ledger: _Ledger, as_of: dt.date) -> Source:
    last = [e for e in ledger.entries if getattr(e, "date", None) == as_of]
    return ledger.place(last[-1].meta if last else None, "(date)")


# --- accounts ------------------------------------------------------------------------------


def _accounts(export: ExportText, entries: Sequence[Any]) -> dict[str, AccountRef]:
    """Household accounts: ``open`` directives with trimtab's metadata, longest names first."""
    out: dict[str, AccountRef] = {}
    for entry in entries:
        if not isinstance(entry, data.Open):
            continue
        meta = entry.meta or {}
        if NUMBER_KEY not in meta and TYPE_KEY not in meta:
            continue
        stated = _stated_type(meta.get(TYPE_KEY))
        line = meta.get("lineno", 0)
        out[entry.account] = AccountRef(
            number=str(meta.get(NUMBER_KEY) or entry.account),
            name=" ".join(entry.account.split(":")[1:]),
            source=export.source(line if isinstance(line, int) else 0, 1, "open"),
            stated=stated,
        )
    return dict(sorted(out.items(), key=lambda item: -len(item[0])))


def _stated_type(value: Any) -> AccountType | None:
    try:
        return AccountType(str(value)) if value is not None else None
    except ValueError:
        return None


def _account_type_problems(ledger: _Ledger) -> list[Problem]:
    out = []
    for entry in ledger.entries:
        meta = getattr(entry, "meta", None) or {}
        if not isinstance(entry, data.Open) or TYPE_KEY not in meta:
            continue
        if _stated_type(meta[TYPE_KEY]) is None:
            out.append(
                problem(
                    ledger.place(_meta_line(meta, TYPE_KEY), TYPE_KEY),
                    "unknown_account_type",
                    f"`{meta[TYPE_KEY]}` is not an account type",
                    ", ".join(t.value for t in AccountType),
                )
            )
    return out


def _meta_line(meta: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """The metadata line of ``key``: beancount gives the directive's line; keys follow it."""
    keys = [k for k in meta if k not in ("filename", "lineno")]
    offset = keys.index(key) + 1 if key in keys else 0
    line = meta.get("lineno", 0)
    return {"lineno": line + offset if isinstance(line, int) else 0}


def _unmarked(ledger: _Ledger) -> list[Problem]:
    """Assets accounts holding securities that no household account covers."""
    seen: dict[str, Any] = {}
    for entry in ledger.entries:
        for posting in getattr(entry, "postings", ()) or ():
            units = posting.units
            if (
                posting.account.startswith("Assets:")
                and units is not None
                and units.currency != CASH
                and ledger.owner(posting.account) is None
            ):
                seen.setdefault(posting.account, posting.meta)
    return [
        warning(
            ledger.place(meta, "posting"),
            "unmarked_account",
            f"{account} holds securities but its open directive has no `{NUMBER_KEY}` or "
            f"`{TYPE_KEY}`: not imported",
            f'`  {NUMBER_KEY}: "…"` under its open directive, to import it',
        )
        for account, meta in seen.items()
    ]


# --- holdings ------------------------------------------------------------------------------


def _holdings(
    ledger: _Ledger, as_of: dt.date, problems: list[Problem], skipped: list[SkippedRow]
) -> tuple[tuple[ExportAccount, ...], tuple[ExportLots, ...]]:
    inventories: dict[str, Inventory] = {name: Inventory() for name in ledger.accounts}
    dated = [e for e in ledger.entries if getattr(e, "date", as_of) <= as_of]
    root = realization.realize(dated)  # type: ignore[no-untyped-call]
    for real in realization.iter_children(root):  # type: ignore[no-untyped-call]
        owner = ledger.owner(real.account)
        if owner is not None:
            inventories[owner].add_inventory(real.balance)  # type: ignore[no-untyped-call]
    first: dict[tuple[str, str], Any] = {}
    for entry in dated:
        for posting in getattr(entry, "postings", ()) or ():
            owner = ledger.owner(posting.account)
            if owner is not None and posting.units is not None:
                first.setdefault((owner, posting.units.currency), posting.meta)
    quotes = _prices(ledger, as_of)
    accounts, lot_files = [], []
    for name, ref in ledger.accounts.items():
        found: list[Problem] = []
        account, lots = _account(ledger, ref, name, inventories[name], quotes, first, found)
        note_skips(ref, found, problems, skipped)
        accounts.append(account)
        lot_files.extend(lots)
    accounts.sort(key=lambda a: a.account.source.line)
    return tuple(accounts), tuple(lot_files)


def _prices(ledger: _Ledger, as_of: dt.date) -> dict[str, Decimal]:
    """Commodity -> its USD price at ``as_of``, from beancount's own price map
    (``beancount.core.prices``: the latest price on or before the date)."""
    price_map = prices.build_price_map(ledger.entries)  # type: ignore[no-untyped-call]
    out: dict[str, Decimal] = {}
    for base, quote in list(price_map):
        if quote != CASH or base == CASH:
            continue
        _, number = prices.get_price(price_map, (base, quote), as_of)  # type: ignore[no-untyped-call]
        if isinstance(number, Decimal):
            out[base] = number
    return out


def _account(
    ledger: _Ledger,
    ref: AccountRef,
    name: str,
    inventory: Inventory,
    prices: Mapping[str, Decimal],
    first: Mapping[tuple[str, str], Any],
    problems: list[Problem],
) -> tuple[ExportAccount, list[ExportLots]]:
    by_currency: dict[str, list[Any]] = {}
    for position in inventory:
        by_currency.setdefault(position.units.currency, []).append(position)
    cash = sum((p.units.number for p in by_currency.pop(CASH, [])), Decimal(0))
    if cash < 0:
        problems.append(_negative_cash(ledger, ref, cash))
        cash = Decimal(0)
    holdings: list[ExportHolding] = []
    lot_files: list[ExportLots] = []
    for currency, positions in by_currency.items():
        place = ledger.place(first.get((name, currency)), "posting")
        holding = _holding(currency, positions, prices, place, problems)
        if holding is None:
            continue
        holdings.append(holding)
        lots = _lots(currency, positions, ref, place)
        lot_files.extend(() if lots is None else (lots,))
    return ExportAccount(account=ref, cash=cash, holdings=tuple(holdings)), lot_files


def _negative_cash(ledger: _Ledger, ref: AccountRef, cash: Decimal) -> Problem:
    return problem(
        ref.source,
        "negative_cash",
        f"{ref.number} holds {cash} USD at as_of: a debit balance cannot be imported",
        "cash ≥ 0",
    )


def _holding(
    currency: str,
    positions: Sequence[Any],
    prices: Mapping[str, Decimal],
    place: Source,
    problems: list[Problem],
) -> ExportHolding | None:
    units = sum((p.units.number for p in positions), Decimal(0))
    why = not_a_holding(currency)
    if why or any(p.cost is not None and p.cost.currency != CASH for p in positions):
        problems.append(
            unknown_instrument(
                place,
                currency,
                why or "held at a cost not in USD",
                expected="securities with a ticker, held at a USD cost",
            )
        )
        return None
    if units <= 0:
        if units < 0:
            problems.append(short_position(place, currency, units))
        return None
    return ExportHolding(symbol=currency, quantity=units, price=prices.get(currency), source=place)


def _lots(
    currency: str, positions: Sequence[Any], ref: AccountRef, place: Source
) -> ExportLots | None:
    """The lots of a commodity, when every position of it is held at cost."""
    if any(p.cost is None or p.cost.date is None or p.units.number <= 0 for p in positions):
        return None
    lots = tuple(
        ExportLot(
            acquired=p.cost.date,
            quantity=p.units.number,
            cost=p.units.number * p.cost.number,
            source=place,
        )
        for p in sorted(positions, key=lambda p: (p.cost.date, p.cost.number))
    )
    return ExportLots(account=ref, symbol=currency, lots=lots)


# --- trades --------------------------------------------------------------------------------


def _trades(ledger: _Ledger, as_of: dt.date, problems: list[Problem]) -> tuple[ExportTrade, ...]:
    out: list[ExportTrade] = []
    for entry in ledger.entries:
        if not isinstance(entry, data.Transaction) or entry.date > as_of:
            continue
        for posting in entry.postings:
            owner = ledger.owner(posting.account)
            if owner is None or posting.cost is None or posting.units is None:
                continue
            trade = _trade(ledger, entry.date, posting, ledger.accounts[owner], problems)
            out.extend(() if trade is None else (trade,))
    return tuple(out)


def _trade(
    ledger: _Ledger, date: dt.date, posting: Any, account: AccountRef, problems: list[Problem]
) -> ExportTrade | None:
    units = posting.units.number
    place = ledger.place(posting.meta, "posting")
    if units > 0:
        action, price = TradeAction.BUY, posting.cost.number
    else:
        action = TradeAction.SELL
        price = posting.price.number if posting.price is not None else None
    if price is None or price <= 0:
        problems.append(
            warning(
                place,
                "not_a_trade",
                f"a reduction of {units} {posting.units.currency} without an `@` price: not "
                "imported as a sell",
                "`-5 VTI {} @ 330.00 USD`",
            )
        )
        return None
    return ExportTrade(
        account=account,
        date=date,
        action=action,
        symbol=posting.units.currency,
        quantity=abs(units),
        price=price,
        source=place,
    )
