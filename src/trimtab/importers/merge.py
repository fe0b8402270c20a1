"""Merge an import into the household file's text, keeping every byte it does not replace.

What is replaced (issue "Importers 1", docs/importers.md "Merge rules"):

* ``as_of``, by the latest positions export's date;
* in ``prices``, the price of each imported symbol (other prices stay; new symbols are added
  after the last price);
* for each account of a positions export, its ``cash`` and ``holdings``; a new account is added
  after the last account;
* in ``transactions``, the rows of the accounts a history export covers.

Everything else — targets, bands, restrictions, settings, account fields such as ``min_cash``,
``relief_method``, ``buy_menu``, ``tradable``, ``prior_year_end_value``, comments — is not
touched. A value that does not change is not re-written; a holding, lot or transaction row the
file already had is carried over as its old text (comments and number spellings included).
So importing the same files twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from trimtab.importers import emit
from trimtab.importers.emit import Verbatim, Writer
from trimtab.importers.plain import same
from trimtab.importers.resolve import Imported, ImportedAccount
from trimtab.importers.text.yamltext import (
    Edit,
    after_colon,
    apply_edits,
    column,
    content_end,
    dash,
    entries,
    get,
    is_block,
    item_spans,
    items,
    line_end,
    line_start,
    line_stop,
    newline,
    path_nodes,
    reindent,
    start,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    """The household file being merged into.

    text: its text.
    data: the same document as plain data (:mod:`trimtab.load.tree`).
    root: its ruamel.yaml node tree (a block mapping).
    nl: its line end.
    verbatim: an old record's text, moved to a new indentation.
    """

    text: str
    data: Mapping[str, Any]
    root: MappingNode
    nl: str
    verbatim: Verbatim


def merge(text: str, data: Mapping[str, Any], root: MappingNode, household: Imported) -> str:
    """The new text of the household file."""
    doc = _prepare(text, data, root)
    edits = [
        *_as_of(doc, household.as_of),
        *_prices(doc, household.prices),
        *_accounts(doc, household.accounts),
        *_transactions(doc, household.transactions),
    ]
    return apply_edits(text, edits)


def _prepare(text: str, data: Mapping[str, Any], root: MappingNode) -> Text:
    nodes = path_nodes(data, root)
    spans = _item_spans(text, root)

    def verbatim(record: object, indent: int) -> str | None:
        node = nodes.get(id(record))
        span = spans.get(id(node)) if node is not None else None
        if node is None or span is None:
            return None
        old = text[span[0] : span[1]]
        old = old if old.endswith("\n") else old + newline(text)
        return reindent(old, indent - column(text, dash(text, node)))

    return Text(text=text, data=data, root=root, nl=newline(text), verbatim=verbatim)


def _item_spans(text: str, node: Node) -> dict[int, tuple[int, int]]:
    """``id()`` of every item node of every block sequence -> its span."""
    out: dict[int, tuple[int, int]] = {}
    if isinstance(node, SequenceNode) and is_block(node):
        for item, span in zip(items(node), item_spans(text, node), strict=True):
            out[id(item)] = span
    children = [v for _, v in entries(node)] if isinstance(node, MappingNode) else items(node)
    for child in children:
        out.update(_item_spans(text, child))
    return out


# --- scalars and whole values -------------------------------------------------------------


def _set_scalar(doc: Text, key: ScalarNode, value: Node, new: str) -> list[Edit]:
    """Replace a scalar value (or fill an empty one)."""
    if isinstance(value, ScalarNode) and value.value == "":
        at = after_colon(doc.text, key)
        return [Edit(start=at, end=at, text=" " + new)]
    return [Edit(start=start(value), end=content_end(value), text=new)]


def _set_block(doc: Text, key: ScalarNode, value: Node, body: str) -> list[Edit]:
    """Replace a value (empty, flow or block) with block lines ``body`` (or ``[]``/``{}``)."""
    at = after_colon(doc.text, key)
    end = at if isinstance(value, ScalarNode) and value.value == "" else content_end(value)
    if is_block(value):
        end = line_stop(doc.text, end)
    if not body:
        empty = " {}" if isinstance(value, MappingNode) else " []"
        return [Edit(start=at, end=end, text=empty)]
    return [Edit(start=at, end=end, text=doc.nl + body.removesuffix(doc.nl))]


def _end_of(doc: Text, node: Node) -> int:
    """The offset after the last line of a node's content."""
    return line_end(doc.text, content_end(node))


def _append_at_end(doc: Text, block: str) -> Edit:
    """Text added at the end of the file (after a line end)."""
    lead = "" if doc.text.endswith("\n") or not doc.text else doc.nl
    return Edit(start=len(doc.text), end=len(doc.text), text=lead + block)


def _section_before(doc: Text, later: Sequence[str], block: str) -> Edit:
    """A new top-level section, before the first of ``later`` sections that exists."""
    for name in later:
        found = get(doc.root, name)
        if found is not None:
            at = line_start(doc.text, start(found[0]))
            return Edit(start=at, end=at, text=block + doc.nl)
    return _append_at_end(doc, block)


# --- as_of ---------------------------------------------------------------------------------


def _as_of(doc: Text, as_of: dt.date | None) -> list[Edit]:
    if as_of is None:
        return []
    found = get(doc.root, "as_of")
    if found is None:
        anchor = get(doc.root, "format")
        at = _end_of(doc, anchor[1]) if anchor else line_start(doc.text, start(doc.root))
        return [Edit(start=at, end=at, text=f"as_of: {as_of.isoformat()}{doc.nl}")]
    key, value = found
    if isinstance(value, ScalarNode) and same(value.value, as_of):
        return []
    return _set_scalar(doc, key, value, as_of.isoformat())


# --- prices --------------------------------------------------------------------------------


def _prices(doc: Text, prices: Sequence[tuple[str, Decimal]]) -> list[Edit]:
    if not prices:
        return []
    found = get(doc.root, "prices")
    if found is None:
        lines = "".join(emit.mapping_entry(s, p, 2, doc.nl) for s, p in prices)
        return [_section_before(doc, ("accounts",), f"prices:{doc.nl}{lines}")]
    key, value = found
    if isinstance(value, MappingNode) and is_block(value):
        return _update_prices(doc, value, prices)
    old = doc.data.get("prices")
    merged = {str(s).upper(): p for s, p in old.items()} if isinstance(old, dict) else {}
    merged.update(prices)
    indent = column(doc.text, start(key)) + 2
    body = "".join(emit.mapping_entry(s, p, indent, doc.nl) for s, p in merged.items())
    return _set_block(doc, key, value, body)


def _update_prices(
    doc: Text, mapping: MappingNode, prices: Sequence[tuple[str, Decimal]]
) -> list[Edit]:
    have = {str(k.value).upper(): (k, v) for k, v in entries(mapping)}
    indent = column(doc.text, start(mapping))
    edits: list[Edit] = []
    added: list[str] = []
    for symbol, price in prices:
        if symbol not in have:
            added.append(emit.mapping_entry(symbol, price, indent, doc.nl))
            continue
        key, value = have[symbol]
        if not (isinstance(value, ScalarNode) and same(_number(value.value), price)):
            edits.extend(_set_scalar(doc, key, value, emit.scalar(price)))
    if added:
        at = _end_of(doc, mapping)
        edits.append(Edit(start=at, end=at, text="".join(added)))
    return edits


def _number(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


# --- accounts ------------------------------------------------------------------------------


def account_record(account: ImportedAccount) -> dict[str, Any]:
    """A new account as plain household data."""
    identity = account.identity
    record: dict[str, Any] = {"id": identity.id}
    if identity.number:
        record["number"] = identity.number
    record["type"] = identity.type.value
    if identity.owners:
        record["owners"] = list(identity.owners)
    if account.cash is not None:
        record["cash"] = account.cash
    if account.holdings is not None:
        record["holdings"] = list(account.holdings)
    return record


def _accounts(doc: Text, accounts: Sequence[ImportedAccount]) -> list[Edit]:
    if not accounts:
        return []
    found = get(doc.root, "accounts")
    if found is None:
        body = "".join(
            emit.account_item(account_record(a), 2, doc.nl, doc.verbatim) for a in accounts
        )
        return [_section_before(doc, ("transactions",), f"accounts:{doc.nl}{body}")]
    key, value = found
    if not (isinstance(value, SequenceNode) and is_block(value)):
        return _rebuild_accounts(doc, key, value, accounts)
    edits: list[Edit] = []
    nodes = items(value)
    for account in accounts:
        index = account.identity.index
        if index is not None and index < len(nodes):
            edits.extend(_update_account(doc, nodes[index], index, account))
    edits.extend(_new_accounts(doc, value, [a for a in accounts if a.identity.index is None]))
    return edits


def _new_accounts(doc: Text, seq: SequenceNode, new: Sequence[ImportedAccount]) -> list[Edit]:
    if not new:
        return []
    indent = column(doc.text, dash(doc.text, items(seq)[0]))
    gap = doc.nl if _spaced(doc, seq) else ""
    body = "".join(
        gap + emit.account_item(account_record(a), indent, doc.nl, doc.verbatim) for a in new
    )
    at = _end_of(doc, seq)
    return [Edit(start=at, end=at, text=body)]


def _spaced(doc: Text, seq: SequenceNode) -> bool:
    """True when the items of a sequence are separated by blank lines (or there is one item)."""
    spans = item_spans(doc.text, seq)
    if len(spans) < 2:
        return True
    gap = doc.text[spans[0][1] : line_start(doc.text, dash(doc.text, items(seq)[1]))]
    return any(not line.strip() for line in gap.splitlines())


def _rebuild_accounts(
    doc: Text, key: ScalarNode, value: Node, accounts: Sequence[ImportedAccount]
) -> list[Edit]:
    """``accounts`` written in flow style (or empty): write the whole list as block."""
    old = doc.data.get("accounts")
    records = [dict(a) if isinstance(a, dict) else {} for a in old] if isinstance(old, list) else []
    for account in accounts:
        index = account.identity.index
        if index is not None and index < len(records):
            records[index].update(_replaced_fields(account))
        else:
            records.append(account_record(account))
    indent = column(doc.text, start(key)) + 2
    body = "".join(emit.account_item(r, indent, doc.nl, doc.verbatim) for r in records)
    return _set_block(doc, key, value, body)


def _replaced_fields(account: ImportedAccount) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if account.cash is not None:
        fields["cash"] = account.cash
    if account.holdings is not None:
        fields["holdings"] = list(account.holdings)
    return fields


def _update_account(doc: Text, node: Node, index: int, account: ImportedAccount) -> list[Edit]:
    old = _old_account(doc, index)
    if isinstance(node, MappingNode) and is_block(node):
        return [*_cash(doc, node, account), *_holdings(doc, node, old, account)]
    if _keeps(old, account):
        return []  # a flow-style account the import leaves as it is keeps its text
    record = {**old, **_replaced_fields(account)}
    indent = column(doc.text, dash(doc.text, node))
    begin = line_start(doc.text, dash(doc.text, node))
    text = emit.account_item(record, indent, doc.nl, doc.verbatim)
    return [Edit(start=begin, end=_end_of(doc, node), text=text)]


def _keeps(old: Mapping[str, Any], account: ImportedAccount) -> bool:
    """True when the import changes neither the account's cash nor its holdings."""
    cash = account.cash is None or same(_number(str(old.get("cash", 0))), account.cash)
    holdings = account.holdings is None or _unchanged(old.get("holdings"), account.holdings)
    return cash and holdings


def _old_account(doc: Text, index: int) -> dict[str, Any]:
    old = doc.data.get("accounts")
    if isinstance(old, list) and index < len(old) and isinstance(old[index], dict):
        record: dict[str, Any] = old[index]
        return record
    return {}


def _cash(doc: Text, node: MappingNode, account: ImportedAccount) -> list[Edit]:
    if account.cash is None:
        return []
    found = get(node, "cash")
    if found is not None:
        key, value = found
        if isinstance(value, ScalarNode) and same(_number(value.value), account.cash):
            return []
        return _set_scalar(doc, key, value, emit.scalar(account.cash))
    if account.cash == 0:
        return []
    pad = column(doc.text, start(node))
    holdings = get(node, "holdings")
    at = line_start(doc.text, start(holdings[0])) if holdings else _end_of(doc, node)
    return [Edit(start=at, end=at, text=emit.mapping_entry("cash", account.cash, pad, doc.nl))]


def _holdings(
    doc: Text, node: MappingNode, old: Mapping[str, Any], account: ImportedAccount
) -> list[Edit]:
    new = account.holdings
    before = old.get("holdings")
    if new is None or _unchanged(before, new):
        return []
    found = get(node, "holdings")
    if found is None:
        if not new:
            return []
        pad = column(doc.text, start(node))
        body = emit.items(list(new), pad + 2, doc.nl, doc.verbatim, emit.holding_item)
        at = _end_of(doc, node)
        return [Edit(start=at, end=at, text=f"{' ' * pad}holdings:{doc.nl}{body}")]
    return _replace_list(doc, found[0], found[1], list(new), emit.holding_item)


def _unchanged(before: Any, new: Sequence[Any]) -> bool:
    """True when the new list is the file's own records, all of them, in order."""
    return (
        isinstance(before, list)
        and len(before) == len(new)
        and all(a is b for a, b in zip(before, new, strict=True))
    )


def _replace_list(
    doc: Text, key: ScalarNode, value: Node, records: list[Any], write: Writer
) -> list[Edit]:
    """Replace a list's items (block) or its whole value (flow, empty) with ``records``."""
    if isinstance(value, SequenceNode) and is_block(value) and records:
        first = items(value)[0]
        indent = column(doc.text, dash(doc.text, first))
        begin = line_start(doc.text, dash(doc.text, first))
        body = emit.items(records, indent, doc.nl, doc.verbatim, write)
        return [Edit(start=begin, end=_end_of(doc, value), text=body)]
    indent = column(doc.text, start(key)) + 2
    body = emit.items(records, indent, doc.nl, doc.verbatim, write)
    return _set_block(doc, key, value, body)


# --- transactions ----------------------------------------------------------------------------


def _transactions(doc: Text, rows: Sequence[Any] | None) -> list[Edit]:
    if rows is None:
        return []
    before = doc.data.get("transactions")
    if _unchanged(before, rows) or (not rows and not before):
        return []
    found = get(doc.root, "transactions")
    if found is None:
        body = emit.items(list(rows), 2, doc.nl, doc.verbatim, emit.lot_item)
        return [_append_at_end(doc, f"transactions:{doc.nl}{body}")]
    return _replace_list(doc, found[0], found[1], list(rows), emit.lot_item)
