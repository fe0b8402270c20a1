"""Read a trade list: ``trimtab.trades/1`` YAML, or the trades of a ``trimtab.plan/1`` JSON.

:func:`read_trades` never raises for user mistakes: it returns the trades (or None) and every
problem found, each naming file, line, column and field. JSON is read with the YAML parser
(YAML is a superset of JSON), which keeps line numbers; JSON the YAML parser refuses (tabs in
the indentation) is read with ``json`` and its problems point at line 1.

A plan's trades become trades with date = the household's ``as_of``, ids ``P1``, ``P2``… in plan
order, the lots of ``lots[].lot_id``, and ``amount`` = net proceeds (``amount −
transaction_cost``) for a sell and total cost (``amount + transaction_cost``) for a buy.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from trimtab.errors import Problem
from trimtab.load.bounds import with_bounds
from trimtab.load.limits import trade_list_limits
from trimtab.load.schema_problems import problems_from_validation
from trimtab.load.trades_document import (
    PLAN_FORMAT,
    TRADES_FORMAT,
    PlanDocument,
    PlanTradeDoc,
    TradeDoc,
    TradesDocument,
)
from trimtab.load.tree import Tree, read_tree
from trimtab.model.enums import TradeAction
from trimtab.model.trade import Trade
from trimtab.source import Source

M = TypeVar("M", bound=BaseModel)
TradesResult = tuple[tuple[Trade, ...] | None, tuple[Problem, ...]]


def read_trades(path: str | Path, *, as_of: date) -> TradesResult:
    """The trades of ``path`` (None when it has mistakes) and the problems found."""
    tree = read_document(path)
    if isinstance(tree, Problem):
        return None, (tree,)
    if not isinstance(tree.data, dict):
        return None, (_document_problem(tree, "not_a_mapping", "the file is not a mapping"),)
    fmt = tree.data.get("format")
    if fmt == PLAN_FORMAT:
        return _plan_trades(tree, as_of)
    if fmt is not None and fmt != TRADES_FORMAT:
        return None, (_format_problem(tree, fmt),)
    return _trades(tree)


def read_document(path: str | Path) -> Tree | Problem:
    """A YAML or JSON file as a :class:`Tree`; a Problem when it cannot be read or parsed."""
    tree = read_tree(path)
    if isinstance(tree, Problem) and tree.kind == "yaml_syntax":
        return _json_tree(path) or tree
    return tree


def _json_tree(path: str | Path) -> Tree | None:
    """Plain JSON (no line numbers); None when it is not JSON either, or repeats a key."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=_unique_keys)
        if not _all_text(data):
            return None  # a lone surrogate (`"\\ud800"`): the YAML reader's problem stands
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return Tree(file=str(path), data=data, positions={(): (1, 1)})


def _all_text(node: Any) -> bool:
    """Every string of ``node`` (keys too) encodes as UTF-8: it holds no lone surrogate."""
    if isinstance(node, dict):
        return all(_all_text(k) and _all_text(v) for k, v in node.items())
    if isinstance(node, list):
        return all(_all_text(item) for item in node)
    if isinstance(node, str) and not node.isascii():
        try:
            node.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) < len(keys):
        raise ValueError("a key is repeated")
    return dict(pairs)


def _validated(model: type[M], tree: Tree) -> tuple[M | None, tuple[Problem, ...]]:
    """The document, or None and its problems (numbers beyond their bounds included)."""
    if too_many := trade_list_limits(tree):
        return None, too_many
    try:
        doc = model.model_validate(tree.data)
    except ValidationError as exc:
        return None, with_bounds(tree, problems_from_validation(tree, exc))
    bounds = with_bounds(tree, ())
    return (None, bounds) if bounds else (doc, ())


def _trades(tree: Tree) -> TradesResult:
    doc, problems = _validated(TradesDocument, tree)
    if doc is None:
        return None, problems
    return tuple(_trade(t, tree, i) for i, t in enumerate(doc.trades)), ()


def _trade(t: TradeDoc, tree: Tree, i: int) -> Trade:
    return Trade(
        id=t.id,
        date=t.date,
        account=t.account,
        action=t.action,
        symbol=t.symbol.upper(),
        quantity=t.quantity,
        price=t.price,
        amount=t.amount,
        lots=tuple(t.lots),
        source=tree.source(("trades", i)),
    )


def _plan_trades(tree: Tree, as_of: date) -> TradesResult:
    doc, problems = _validated(PlanDocument, tree)
    if doc is None:
        return None, problems
    return tuple(_plan_trade(t, tree, i, as_of) for i, t in enumerate(doc.trades)), ()


def _plan_trade(t: PlanTradeDoc, tree: Tree, i: int, as_of: date) -> Trade:
    sign = -1 if t.action is TradeAction.SELL else 1
    return Trade(
        id=f"P{i + 1}",
        date=as_of,
        account=t.account,
        action=t.action,
        symbol=t.symbol.upper(),
        quantity=t.quantity,
        price=t.price,
        amount=t.amount + sign * t.transaction_cost,
        lots=tuple(lot.lot_id for lot in t.lots),
        source=tree.source(("trades", i)),
    )


def _document_problem(tree: Tree, kind: str, message: str) -> Problem:
    return Problem(
        source=Source(file=tree.file, line=1, column=1),
        field="(document)",
        kind=kind,
        message=message,
        expected=f"a mapping with `format: {TRADES_FORMAT}` and `trades`",
    )


def _format_problem(tree: Tree, fmt: Any) -> Problem:
    return Problem(
        source=tree.source(("format",)),
        field="format",
        kind="unknown_value",
        message=f"`{fmt}` is not a trade list format",
        expected=f"{TRADES_FORMAT} (or {PLAN_FORMAT})",
    )
