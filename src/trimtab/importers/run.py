"""``trimtab import SOURCE... --into FILE [--account-map MAP]``, as one pure-ish function.

:func:`run_import` reads the exports, the account map and the household file, and returns the
new text of the household file with every problem found; it writes nothing. The CLI prints
the problems and, when there is no error, writes the text with ``output.atomic_write``; on an
error it writes nothing and exits 2.

Steps: read each export and sniff its format (:mod:`trimtab.importers.formats`); read the
account map; read the household file (or start from :mod:`trimtab.importers.template`);
put the extracts together (:mod:`trimtab.importers.resolve`); merge them into the text
(:mod:`trimtab.importers.merge`); parse the new text back, check it against the
``trimtab.household/1`` schema and that it holds what was imported; with the full check of
``trimtab validate`` (given by the CLI), the merged household is validated as that command
would, and what the import would break is reported. Missing advisor sections
(``tax``, ``targets``) and a ``tax.year`` that is no longer the year of ``as_of`` are
warnings; so are owners of a new account not in ``owners``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.nodes import MappingNode

from trimtab.errors import InternalError, Problem, Severity, errors_only
from trimtab.importers.account_map import AccountMapDocument, read_account_map
from trimtab.importers.accounts import Resolver
from trimtab.importers.changes import AccountChanges, HoldingChange, account_changes
from trimtab.importers.formats import DESCRIPTIONS, describe, importer_for
from trimtab.importers.formats.plugins import load_warnings, third_party
from trimtab.importers.household_check import HouseholdCheck, new_problems
from trimtab.importers.merge import merge
from trimtab.importers.number_bounds import number_problems
from trimtab.importers.plain import same
from trimtab.importers.records import Extract, Format
from trimtab.importers.resolve import FileFacts, Imported, combine
from trimtab.importers.template import template
from trimtab.importers.text.csvread import file_problem, read_export
from trimtab.importers.text.yamltext import compose, is_block
from trimtab.load.characters import not_utf8_problem
from trimtab.load.document import HouseholdDocument
from trimtab.load.schema_problems import problems_from_validation
from trimtab.load.tree import Tree, parse_tree
from trimtab.rules.securities import master_by_symbol
from trimtab.source import Source

ADVISOR_SECTIONS = ("tax", "targets")
"""Required sections the import never fills: missing, they are warnings, not errors."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceSummary:
    """What one export gave.

    file: the path as given.
    format: its sniffed format (None: not recognised).
    accounts: account numbers it showed.
    holdings, lots, trades: how many of each it gave.
    """

    file: str
    format: Format | str | None
    accounts: tuple[str, ...]
    holdings: int
    lots: int
    trades: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountSummary:
    """What the import did to one account.

    id, number, type: the household account.
    type_from: ``file``, ``account map``, ``export metadata`` or ``account name``.
    export_name: the account's name in the export ('' when none).
    added: True for an account new to the file.
    cash: its new cash (None: not replaced).
    holdings: its number of holdings (None: not replaced: the exports state no positions).
    changes: holdings added, changed (old → new shares) and removed, lots added, cash before
        and after.
    skipped: (why, how many) of its export rows that were not imported.
    """

    id: str
    number: str
    type: str
    type_from: str
    export_name: str
    added: bool
    cash: Decimal | None
    holdings: int | None
    changes: AccountChanges = field(default_factory=AccountChanges)
    skipped: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportSummary:
    """What an import did.

    into: the household file.
    created: True when the file did not exist and was started from the template.
    changed: True when the new text differs from the file's.
    as_of: the new as_of (None: unchanged).
    sources: one entry per export.
    accounts: one entry per imported account.
    prices: how many prices were imported.
    transactions: how many rows ``transactions`` has after the import (None: untouched).
    """

    into: str
    created: bool = False
    changed: bool = False
    as_of: dt.date | None = None
    sources: tuple[SourceSummary, ...] = ()
    accounts: tuple[AccountSummary, ...] = ()
    prices: int = 0
    transactions: int | None = None

    def lines(self) -> tuple[str, ...]:
        """The summary in words, one line each, for the console."""
        out = [
            f"{s.file}: {describe(s.format) if s.format else 'not recognised'}"
            for s in self.sources
        ]
        for a in self.accounts:
            verb = "added" if a.added else "updated"
            what = f"{a.holdings} holdings" if a.holdings is not None else "transactions only"
            named = f" `{a.export_name}`" if a.type_from == "account name" else ""
            source = f"{a.type} from the {a.type_from}{named}"
            out.append(f"{verb} {a.id} ({a.number}, {source}): {what}")
            out.extend(f"  {line}" for line in _change_lines(a))
        out.append(f"{self.prices} prices; as_of {self.as_of or 'unchanged'}")
        state = "created" if self.created else ("changed" if self.changed else "unchanged")
        out.append(f"{self.into}: {state}")
        return tuple(out)


def _change_lines(a: AccountSummary) -> list[str]:
    """The changes of one account in words: holdings, lots, cash, skipped rows."""
    c = a.changes
    out: list[str] = []
    if a.holdings is None:
        out.append("holdings left as they are (the exports state no positions)")
    parts = [
        ("added", ", ".join(f"{h.symbol} {h.after}" for h in c.added)),
        ("changed", ", ".join(_changed(h) for h in c.changed)),
        ("removed", ", ".join(f"{h.symbol} {h.before}" for h in c.removed)),
    ]
    said = [f"{name}: {text}" for name, text in parts if text]
    if said:
        out.append("holdings " + "; ".join(said))
    if c.lots_added:
        out.append(f"lots added: {c.lots_added}")
    if c.cash_after is not None and c.cash_before != c.cash_after:
        out.append(f"cash {_money(c.cash_before)} → {_money(c.cash_after)}")
    if a.skipped:
        out.append("rows skipped: " + "; ".join(f"{n} {why}" for why, n in a.skipped))
    return out


def _changed(h: HoldingChange) -> str:
    return f"{h.symbol} {h.before} → {h.after}"


def _money(value: Decimal | None) -> str:
    return "none" if value is None else f"{value:,.2f}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """The outcome of :func:`run_import`.

    text: the new household file text; None when an error stopped the import.
    problems: every problem, errors and warnings, each naming file, line and column.
    summary: what was imported.
    """

    text: str | None
    problems: tuple[Problem, ...]
    summary: ImportSummary

    @property
    def ok(self) -> bool:
        """True when there is no error (the text may be written)."""
        return self.text is not None and not errors_only(self.problems)


@dataclass(frozen=True, slots=True, kw_only=True)
class _File:
    """The household file before the import."""

    text: str
    tree: Tree
    created: bool


def run_import(
    sources: Sequence[Path],
    into: Path,
    account_map: Path | None = None,
    *,
    check: HouseholdCheck | None = None,
) -> ImportResult:
    """Import the exports ``sources`` into the household file ``into``; write nothing.

    ``check``: the full check of ``trimtab validate`` (the CLI gives it); with it, the merged
    text is checked as the file will be, and what the import would break is reported
    (:mod:`trimtab.importers.household_check`).
    """
    summary = ImportSummary(into=str(into))
    mapping, problems = _account_map(account_map)
    extracts, read_problems = _extracts(sources)
    problems += read_problems
    summary = _with_sources(summary, sources, extracts)
    current = _household_file(into)
    if isinstance(current, tuple):
        return ImportResult(text=None, problems=problems + current, summary=summary)
    problems += _file_problems(current)
    facts = _facts(current)
    household = combine(extracts, facts, Resolver.of(mapping, facts.accounts))
    problems += household.problems
    if errors_only(problems):
        return ImportResult(text=None, problems=problems, summary=summary)
    return _merged(into, current, household, problems, summary, check)


def _merged(
    into: Path,
    current: _File | None,
    household: Imported,
    problems: tuple[Problem, ...],
    summary: ImportSummary,
    check: HouseholdCheck | None = None,
) -> ImportResult:
    start = current if current is not None else _started(into, household)
    if isinstance(start, Problem):
        return ImportResult(text=None, problems=(*problems, start), summary=summary)
    root = compose(start.text) if start.text.strip() else None
    if not isinstance(root, MappingNode) or not is_block(root):
        layout = _layout_problem(str(into))
        return ImportResult(text=None, problems=(*problems, layout), summary=summary)
    data = start.tree.data if isinstance(start.tree.data, dict) else {}
    text = merge(start.text, data, root, household)
    checked = _check(text, str(into), household)
    summary = _with_accounts(summary, household, start, text)
    all_problems = problems + checked
    if check is not None and not errors_only(all_problems):
        before = () if start.created else check(str(into), start.text)
        all_problems += new_problems(before, check(str(into), text), all_problems)
    return ImportResult(
        text=None if errors_only(all_problems) else text, problems=all_problems, summary=summary
    )


# --- reading -------------------------------------------------------------------------------


def _account_map(path: Path | None) -> tuple[AccountMapDocument | None, tuple[Problem, ...]]:
    if path is None:
        return None, ()
    return read_account_map(path)


def _extracts(sources: Sequence[Path]) -> tuple[list[Extract], tuple[Problem, ...]]:
    extracts: list[Extract] = []
    found = third_party()
    problems: list[Problem] = list(load_warnings(found))
    for path in sources:
        export = read_export(path)
        if isinstance(export, Problem):
            problems.append(export)
            continue
        reader = importer_for(export, found.importers)
        if reader is None:
            problems.append(export.split_problem or _unknown_format(str(path)))
            continue
        extract = reader(export)
        extracts.append(extract)
        problems.extend((*extract.problems, *number_problems(extract)))
    return extracts, tuple(problems)


def _unknown_format(file: str) -> Problem:
    return Problem(
        source=Source(file=file, line=1, column=1),
        field="(file)",
        kind="unknown_format",
        message="not an export trimtab reads (the format is told from the first lines)",
        expected="one of: " + "; ".join(DESCRIPTIONS.values()) + " (docs/importers.md)",
    )


def _household_file(into: Path) -> _File | tuple[Problem, ...] | None:
    """The current file; None when there is none yet (or it is empty); Problems if unreadable."""
    try:
        data = into.read_bytes()
        text = data.decode("utf-8")  # line ends as they are: CRLF stays CRLF
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:  # located: line and column of the first bad byte
        return (not_utf8_problem(str(into), data, exc),)
    except OSError as exc:
        return (file_problem(str(into), "file_unreadable", f"cannot read the file: {exc}", ""),)
    if not text.strip():
        return None
    tree = parse_tree(text, str(into))
    if isinstance(tree, Problem):
        return (tree,)
    return _File(text=text, tree=tree, created=False)


def _started(into: Path, household: Imported) -> _File | Problem:
    if household.as_of is None:
        return Problem(
            source=Source(file=str(into), line=0, column=0),
            field="as_of",
            kind="missing_as_of",
            message="a new household file needs a positions export to date it",
            expected="a positions export among the sources",
        )
    text = template(household.as_of)
    tree = parse_tree(text, str(into))
    if isinstance(tree, Problem):  # the template is ours: it parses
        raise InternalError(f"the household template does not parse: {tree}")
    return _File(text=text, tree=tree, created=True)


def _layout_problem(file: str) -> Problem:
    return Problem(
        source=Source(file=file, line=1, column=1),
        field="(document)",
        kind="unsupported_layout",
        message="the household file is not a block mapping; the import cannot edit it in place",
        expected="top-level keys each on their own line (docs/household-format.md)",
    )


def _facts(current: _File | None) -> FileFacts:
    data: Mapping[str, Any] = {}
    if current is not None and isinstance(current.tree.data, dict):
        data = current.tree.data
    accounts = data.get("accounts")
    rows = data.get("transactions")
    prices = data.get("prices")
    securities = data.get("securities")
    return FileFacts(
        accounts=tuple(accounts) if isinstance(accounts, list) else (),
        transactions=tuple(rows) if isinstance(rows, list) else (),
        as_of=_date(data.get("as_of")),
        prices=frozenset(str(s).upper() for s in prices)
        if isinstance(prices, dict)
        else frozenset(),
        known=frozenset(master_by_symbol())
        | (
            frozenset(str(s).upper() for s in securities)
            if isinstance(securities, dict)
            else frozenset()
        ),
    )


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


# --- checking ------------------------------------------------------------------------------


IMPORTED_SECTIONS = ("as_of", "accounts")
"""Sections the import itself fills: missing or empty before it, they are no problem."""


def _file_problems(current: _File | None) -> tuple[Problem, ...]:
    """Structural problems the household file already has: they stop the import."""
    if current is None:
        return ()
    problems = _schema_problems(current.tree)
    return tuple(
        p for p in problems if not _advisor_missing(p) and p.field not in IMPORTED_SECTIONS
    )


def _schema_problems(tree: Tree) -> tuple[Problem, ...]:
    if not isinstance(tree.data, dict):
        return (_layout_problem(tree.file),)
    try:
        HouseholdDocument.model_validate(tree.data)
    except ValidationError as exc:
        return problems_from_validation(tree, exc)
    return ()


def _advisor_missing(problem: Problem) -> bool:
    return problem.kind == "missing_field" and problem.field in ADVISOR_SECTIONS


def _check(text: str, file: str, household: Imported) -> tuple[Problem, ...]:
    """Parse the new text back: schema problems, advisor warnings, and that it holds the import."""
    tree = parse_tree(text, file)
    if isinstance(tree, Problem) or not isinstance(tree.data, dict):
        raise InternalError(f"the merged household file does not parse: {tree}")
    _holds_import(tree.data, household)
    problems = [_as_warning(p) if _advisor_missing(p) else p for p in _schema_problems(tree)]
    problems.extend(_stale_tax_year(tree))
    problems.extend(_unknown_owners(tree, household))
    return tuple(problems)


def _as_warning(problem: Problem) -> Problem:
    return Problem(
        source=problem.source,
        field=problem.field,
        kind="advisor_section_missing",
        message=f"`{problem.field}` is still to be filled in (the import does not write it)",
        expected="the advisor's section; see the commented template at the top of the file",
        severity=Severity.WARNING,
    )


def _stale_tax_year(tree: Tree) -> tuple[Problem, ...]:
    tax = tree.data.get("tax")
    as_of = _date(tree.data.get("as_of"))
    if not isinstance(tax, dict) or as_of is None or "year" not in tax:
        return ()
    if str(tax["year"]) == str(as_of.year):
        return ()
    return (
        Problem(
            source=tree.source(("tax", "year")),
            field="tax.year",
            kind="tax_year_stale",
            message=f"tax year {tax['year']} is no longer the year of as_of ({as_of})",
            expected=str(as_of.year),
            severity=Severity.WARNING,
        ),
    )


def _unknown_owners(tree: Tree, household: Imported) -> tuple[Problem, ...]:
    owners = tree.data.get("owners")
    known = (
        {str(o.get("id")) for o in owners if isinstance(o, dict)}
        if isinstance(owners, list)
        else set()
    )
    out: list[Problem] = []
    for account in household.accounts:
        for owner in account.identity.owners:
            if account.identity.index is None and owner not in known:
                out.append(
                    Problem(
                        source=tree.source(("owners",)),
                        field="owners",
                        kind="unknown_owner",
                        message=f"owner `{owner}` of new account {account.identity.id} is not "
                        "in `owners`",
                        expected=f"`owners: [{{id: {owner}, birth_date: …}}]`",
                        severity=Severity.WARNING,
                    )
                )
    return tuple(out)


def _holds_import(data: Mapping[str, Any], household: Imported) -> None:
    """The merged text must read back as what was imported; anything else is a bug."""
    accounts = {str(a.get("id")): a for a in data.get("accounts") or () if isinstance(a, dict)}
    for imported in household.accounts:
        written = accounts.get(imported.identity.id)
        if written is None:
            raise InternalError(f"account {imported.identity.id} is missing after the merge")
        if imported.cash is not None and not same(written.get("cash", 0), imported.cash):
            raise InternalError(f"account {imported.identity.id}: cash did not merge")
        if imported.holdings is not None and not same(
            written.get("holdings") or [], list(imported.holdings)
        ):
            raise InternalError(f"account {imported.identity.id}: holdings did not merge")
    prices = {str(k).upper(): v for k, v in (data.get("prices") or {}).items()}
    for symbol, price in household.prices:
        if not same(prices.get(symbol), price):
            raise InternalError(f"price of {symbol} did not merge")
    if household.transactions is not None and not same(
        data.get("transactions") or [], list(household.transactions)
    ):
        raise InternalError("transactions did not merge")


# --- summary -------------------------------------------------------------------------------


def _with_sources(
    summary: ImportSummary, sources: Sequence[Path], extracts: Sequence[Extract]
) -> ImportSummary:
    by_file = {e.file: e for e in extracts}
    rows = tuple(_source_summary(str(p), by_file.get(str(p))) for p in sources)
    return ImportSummary(into=summary.into, sources=rows)


def _source_summary(file: str, e: Extract | None) -> SourceSummary:
    if e is None:
        return SourceSummary(file=file, format=None, accounts=(), holdings=0, lots=0, trades=0)
    numbers = [a.account.number for a in e.accounts] + [r.number for r in e.covered]
    numbers += [f.account.number for f in e.lots]
    return SourceSummary(
        file=file,
        format=e.format,
        accounts=tuple(dict.fromkeys(numbers)),
        holdings=sum(len(a.holdings or ()) for a in e.accounts),
        lots=sum(len(f.lots) for f in e.lots),
        trades=len(e.trades),
    )


def _with_accounts(
    summary: ImportSummary, household: Imported, start: _File, text: str
) -> ImportSummary:
    old = start.tree.data.get("accounts") if isinstance(start.tree.data, dict) else None
    olds = old if isinstance(old, list) and not start.created else []

    def before(index: int | None) -> Mapping[str, Any] | None:
        record = olds[index] if index is not None and index < len(olds) else None
        return record if isinstance(record, dict) else None

    accounts = tuple(
        AccountSummary(
            id=a.identity.id,
            number=a.identity.number,
            type=a.identity.type.value,
            type_from=a.identity.type_from,
            export_name=a.export_name,
            added=a.identity.index is None,
            cash=a.cash,
            holdings=None if a.holdings is None else len(a.holdings),
            changes=account_changes(before(a.identity.index), a),
            skipped=tuple((why, n) for i, why, n in household.skipped if i == a.identity.id),
        )
        for a in household.accounts
    )
    return ImportSummary(
        into=summary.into,
        created=start.created,
        changed=start.created or text != start.text,
        as_of=household.as_of,
        sources=summary.sources,
        accounts=accounts,
        prices=len(household.prices),
        transactions=None if household.transactions is None else len(household.transactions),
    )
