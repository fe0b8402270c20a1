"""The shipped securities master: what each common fund is, and which funds are identical.

The rule
--------
A loss on a sale is disallowed when "substantially identical" stock or securities are bought
within 30 days before or after it (IRC §1091; Pub. 550, "Wash Sales"). Pub. 550 says only
that all the facts and circumstances decide, and no ruling covers two different funds that
track one index (see ../shared/reference/tax-rules.md §1.6). trimtab takes the conservative
reading recommended there, as a design choice and not as law:

* Two securities with the same **index** are substantially identical: share classes of one
  fund (VOO and VFIAX) and funds of different issuers on one index (VOO, IVV, SPY) alike.
  Index names are compared after folding case and collapsing spaces (:func:`index_key`).
* A security with an empty index (a stock, an actively managed fund) is identical only to
  itself: its key is ``symbol:<SYMBOL>``.
* Securities with different indexes are not substantially identical.

A **harvest partner** is what to buy after selling at a loss, to stay invested without a
wash sale: a fund of the same asset class that tracks a *different* index
(:func:`default_harvest_partners`). A row may name its partners; otherwise they are derived:
the same primary asset class (largest weight), the same set of classes with each weight
within ``MIX_TOLERANCE`` of the sold fund's, the same mandate tags of ``MATCHED_TAGS``
(a REIT fund's partner is a REIT fund, a municipal fund's partner is municipal), never a
single stock, cheapest first, at most ``MAX_PARTNERS``.

Worked example
--------------
100 VOO bought at $500 are sold at $480: the loss is 100 x ($500 - $480) = $2,000.
Buying 100 IVV ten days later: index_key(VOO) = index_key(IVV) = "s&p 500 index", so the
purchase is a replacement, the $2,000 loss is disallowed and added to the basis of the IVV
lot (100 x $481 + $2,000 = $50,100). Buying SCHX instead ("dow jones u.s. large-cap total
stock market index") keeps the $2,000 loss. For mixes, VT (53/10/28/9 in US large, US
small/mid, international developed, emerging) and ACWI (57/6/28/9) differ by at most 4
points, within the 10-point tolerance, so each may replace the other; AOR (40 % bonds) and
AOM (60 % bonds) differ by 20 points, so neither is a default partner of the other.

The master is shipped data, not user input: a malformed file raises ``DataError``
(:mod:`trimtab.rules.shipped`, a ``ValueError``) naming the row and field. Rows not checked against
the issuer's page carry ``unverified: true``. The file format is documented in docs/securities.md.

The YAML is the source of truth, with a citation on every row; a run reads its compiled form,
``securities.json`` beside it (the parsed rows, written by :func:`compile_master`), once per
process: a few milliseconds instead of a YAML parse. The compiled form names the digest of the
YAML it was made from; when the YAML has changed since, the run parses the YAML instead, and
tests/rules/test_securities_master.py fails until the compiled form is made again::

    .venv/bin/python -c 'from trimtab.rules.securities import compile_shipped; \
        print(compile_shipped(), end="")' > src/trimtab/data/securities.json
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import types
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from trimtab.model.enums import AssetClass, SecurityType
from trimtab.model.security import ClassWeight, Security
from trimtab.rules.shipped import DataError, shipped_text

FORMAT = "trimtab.securities/1"
"""The value of the master file's ``format`` key."""

MASTER_FILE = "securities.yaml"
"""The shipped file, in the ``trimtab/data`` folder."""

COMPILED_FILE = "securities.json"
"""Its compiled form, beside it (see the module docstring)."""

COMPILED_FORMAT = "trimtab.securities-compiled/1"
"""The value of the compiled form's ``format`` key."""

MATCHED_TAGS: frozenset[str] = frozenset(
    {
        "esg",
        "fossil_fuel_free",
        "municipal",
        "state_municipal",
        "reit",
        "sector_energy",
        "sector_technology",
        "sector_financials",
        "sector_health_care",
        "dividend",
        "growth",
        "value",
        "factor",
        "regional",
        "target_date",
        "balanced",
        "treasury",
        "corporate",
        "international",
        "short_term",
        "long_term",
        "total_market",
        "commodities",
        "gold",
        "leveraged",
    }
)

# What a fund holds, as opposed to how it picks or weights it: a plan replaces a harvested
# fund only by one with the same of these (and the same primary class). Style and screen
# tags (total_market, value, growth, dividend, factor, esg, active, ...) are not among them.
SUB_ASSET_TAGS: frozenset[str] = frozenset(
    {
        "reit",
        "gold",
        "commodities",
        "municipal",
        "state_municipal",
        "treasury",
        "corporate",
        "short_term",
        "long_term",
        "international",
        "regional",
        "target_date",
        "balanced",
        "sector_energy",
        "sector_technology",
        "sector_financials",
        "sector_health_care",
        "leveraged",
    }
)
"""Mandate tags a derived harvest partner must share exactly (``active`` and
``high_turnover`` describe the manager, not the exposure, so they need not match)."""

MIX_TOLERANCE = Decimal("0.10")
"""Largest difference in any class weight between a mixed fund and its derived partner."""

MAX_PARTNERS = 5
"""At most this many derived harvest partners."""

_TOP_KEYS = frozenset({"format", "tags", "securities"})
_REQUIRED_KEYS = frozenset(
    {
        "name",
        "type",
        "asset_class",
        "whole_shares",
        "expense_ratio",
        "index",
        "source",
        "as_of",
        "unverified",
    }
)
_OPTIONAL_KEYS = frozenset({"tags", "harvest_partners"})
_SYMBOL = re.compile(r"^[A-Z][A-Z0-9.\-]*$")
_TAG = re.compile(r"^[a-z][a-z0-9_]*$")
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True, kw_only=True)
class Master:
    """A parsed securities master file.

    securities: every row, sorted by symbol.
    tags: the documented tag list, tag -> meaning, in file order.
    """

    securities: tuple[Security, ...]
    tags: Mapping[str, str]


# --- public access -------------------------------------------------------------------


def load_master() -> tuple[Security, ...]:
    """Every security of the shipped master, sorted by symbol (read once, then cached)."""
    return _shipped().securities


@functools.cache
def master_by_symbol() -> Mapping[str, Security]:
    """The shipped master as a read-only mapping, symbol -> security."""
    return types.MappingProxyType({s.symbol: s for s in load_master()})


def known_tags() -> Mapping[str, str]:
    """The documented tag list of the shipped master: tag -> meaning."""
    return _shipped().tags


def index_key(security: Security) -> str:
    """The wash-sale identity of a security: equal keys mean substantially identical.

    The index name with case folded and runs of white space collapsed, or
    ``symbol:<SYMBOL>`` when the index is empty (stocks, actively managed funds).
    """
    name = " ".join(security.index.split()).casefold()
    return name if name else f"symbol:{security.symbol.upper()}"


def identical_groups(securities: Iterable[Security]) -> tuple[tuple[str, ...], ...]:
    """Groups of two or more symbols sharing an index key; each group and the list sorted."""
    by_key: defaultdict[str, set[str]] = defaultdict(set)
    for security in securities:
        by_key[index_key(security)].add(security.symbol)
    return tuple(sorted(tuple(sorted(g)) for g in by_key.values() if len(g) >= 2))


def default_harvest_partners(symbol: str, securities: Mapping[str, Security]) -> tuple[str, ...]:
    """What to buy after selling ``symbol`` at a loss without buying a substantially
    identical security.

    The row's explicit ``harvest_partners`` when it has any; otherwise every non-stock of
    ``securities`` with a different index key, the same primary class, the same set of
    classes with weights within MIX_TOLERANCE, and the same MATCHED_TAGS; cheapest expense
    ratio first (unknown last), then by symbol; at most MAX_PARTNERS.

    Raises KeyError when ``symbol`` is not in ``securities``.
    """
    sold = securities.get(symbol)
    if sold is None:
        raise KeyError(f"{symbol}: not in the securities master")
    if sold.harvest_partners:
        return sold.harvest_partners
    partners = sorted(
        (other for other in securities.values() if _can_replace(sold, other)),
        key=_cost_order,
    )
    return tuple(p.symbol for p in partners[:MAX_PARTNERS])


def parse_master(text: str, origin: str = MASTER_FILE) -> Master:
    """Parse a securities master file; raise ValueError naming the row and field if malformed.

    ruamel.yaml reads it (YAML 1.2, a repeated key refused): this runs when the master is
    compiled, not on every run, so its import waits until then.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        document = YAML(typ="safe").load(text)
    except YAMLError as error:
        raise DataError(f"{origin}: not valid YAML: {error}") from error
    top = _mapping(document, origin, "document")
    _check_keys(top, _TOP_KEYS, _TOP_KEYS, origin, "document")
    if top["format"] != FORMAT:
        raise DataError(f"{origin}: format: is {top['format']!r}, expected {FORMAT!r}")
    tags = _parse_tags(top["tags"], origin)
    rows = _mapping(top["securities"], origin, "securities")
    securities = tuple(
        _parse_row(symbol, row, tags, origin) for symbol, row in sorted(rows.items())
    )
    _check_partners(securities, origin)
    return Master(securities=securities, tags=types.MappingProxyType(tags))


# --- harvest partners ----------------------------------------------------------------


def replacements(sold: Security, securities: Mapping[str, Security]) -> frozenset[str]:
    """Every symbol that may replace ``sold`` after a loss sale in a plan: its explicit
    ``harvest_partners`` when it has any (a single-state municipal fund's, a target-date
    vintage's), otherwise every non-stock on another index with the same primary class and
    the same sub-asset (:data:`SUB_ASSET_TAGS`): gold by gold, a REIT fund by a REIT fund, a
    short-term Treasury fund by a short-term Treasury fund, while a total-market fund may
    replace an S&P 500 fund (a style tag such as `total_market` or `value` is no sub-asset).
    The gold trusts, all on one index, have no replacement at all."""
    if sold.harvest_partners:
        return frozenset(sold.harvest_partners)
    return frozenset(o.symbol for o in securities.values() if same_sub_asset(sold, o))


def replacements_by_symbol(
    symbols: Iterable[str], securities: Mapping[str, Security]
) -> dict[str, frozenset[str]]:
    """:func:`replacements` of each of ``symbols`` (those in ``securities``), with the
    securities grouped by :func:`sub_asset` once rather than compared pair by pair."""
    groups: defaultdict[tuple[AssetClass, frozenset[str]], list[Security]] = defaultdict(list)
    for other in securities.values():
        if other.type is not SecurityType.STOCK:
            groups[sub_asset(other)].append(other)
    out: dict[str, frozenset[str]] = {}
    for symbol in symbols:
        sold = securities.get(symbol)
        if sold is None:
            continue
        if sold.harvest_partners:
            out[symbol] = frozenset(sold.harvest_partners)
            continue
        key = index_key(sold)
        out[symbol] = frozenset(
            o.symbol
            for o in groups.get(sub_asset(sold), ())
            if o.symbol != symbol and index_key(o) != key
        )
    return out


def same_sub_asset(sold: Security, other: Security) -> bool:
    """``other`` holds what ``sold`` held on another index (the plan's replacement rule)."""
    return (
        other.symbol != sold.symbol
        and other.type is not SecurityType.STOCK
        and index_key(other) != index_key(sold)
        and sub_asset(other) == sub_asset(sold)
    )


def sub_asset(security: Security) -> tuple[AssetClass, frozenset[str]]:
    """What a security holds, for the replacement rule: its primary class and its
    :data:`SUB_ASSET_TAGS`."""
    return security.main_class, frozenset(security.tags) & SUB_ASSET_TAGS


def _can_replace(sold: Security, other: Security) -> bool:
    """True when ``other`` may be bought after a loss sale of ``sold`` (see the module rule)."""
    return (
        other.symbol != sold.symbol
        and other.type is not SecurityType.STOCK
        and index_key(other) != index_key(sold)
        and other.main_class is sold.main_class
        and _same_mix(sold, other)
        and _mandate(other) == _mandate(sold)
    )


def _same_mix(a: Security, b: Security) -> bool:
    """Same set of classes, each weight within MIX_TOLERANCE."""
    weights_a = {cw.asset_class: cw.weight for cw in a.classes}
    weights_b = {cw.asset_class: cw.weight for cw in b.classes}
    if weights_a.keys() != weights_b.keys():
        return False
    return all(abs(weights_a[c] - weights_b[c]) <= MIX_TOLERANCE for c in weights_a)


def _mandate(security: Security) -> frozenset[str]:
    return frozenset(security.tags) & MATCHED_TAGS


def _cost_order(security: Security) -> tuple[bool, Decimal, str]:
    ratio = security.expense_ratio
    return (ratio is None, ratio if ratio is not None else Decimal(0), security.symbol)


# --- the compiled form ---------------------------------------------------------------


def compile_master(master: Master, yaml_text: str) -> str:
    """The compiled form of ``master``, parsed from ``yaml_text``: JSON, one line per row."""
    head = {"format": COMPILED_FORMAT, "yaml_sha256": _digest(yaml_text), "tags": dict(master.tags)}
    lines = [f" {_json(key)}: {_json(value)}," for key, value in head.items()]
    rows = ",\n".join(f"  {_json(_row_json(s))}" for s in master.securities)
    return "{\n" + "\n".join(lines) + '\n "securities": [\n' + rows + "\n ]\n}\n"


def read_compiled(text: str, yaml_text: str) -> Master | None:
    """The master of a compiled form; None when it was not made from ``yaml_text``."""
    document = json.loads(text)
    if document.get("format") != COMPILED_FORMAT:
        return None
    if document.get("yaml_sha256") != _digest(yaml_text):
        return None
    return Master(
        securities=tuple(_row_of_json(row) for row in document["securities"]),
        tags=types.MappingProxyType(dict(document["tags"])),
    )


def compile_shipped() -> str:
    """The compiled form of the shipped YAML (what ``securities.json`` must hold)."""
    yaml_text = shipped_text(MASTER_FILE)
    return compile_master(parse_master(yaml_text), yaml_text)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row_json(s: Security) -> dict[str, Any]:
    return {
        "symbol": s.symbol,
        "name": s.name,
        "type": s.type.value,
        "classes": [[c.asset_class.value, str(c.weight)] for c in s.classes],
        "whole_shares": s.whole_shares,
        "expense_ratio": None if s.expense_ratio is None else str(s.expense_ratio),
        "index": s.index,
        "tags": list(s.tags),
        "harvest_partners": list(s.harvest_partners),
        "source": s.source,
        "as_of": None if s.as_of is None else s.as_of.isoformat(),
        "unverified": s.unverified,
    }


def _row_of_json(row: dict[str, Any]) -> Security:
    ratio, as_of = row["expense_ratio"], row["as_of"]
    return Security(
        symbol=row["symbol"],
        name=row["name"],
        type=SecurityType(row["type"]),
        classes=tuple(
            ClassWeight(asset_class=AssetClass(c), weight=Decimal(w)) for c, w in row["classes"]
        ),
        whole_shares=row["whole_shares"],
        expense_ratio=None if ratio is None else Decimal(ratio),
        index=row["index"],
        tags=tuple(row["tags"]),
        harvest_partners=tuple(row["harvest_partners"]),
        source=row["source"],
        as_of=None if as_of is None else date.fromisoformat(as_of),
        unverified=row["unverified"],
    )


# --- parsing -------------------------------------------------------------------------


@functools.cache
def _shipped() -> Master:
    """The shipped master: its compiled form, or the YAML when that form is stale."""
    yaml_text = shipped_text(MASTER_FILE)
    compiled = read_compiled(shipped_text(COMPILED_FILE), yaml_text)
    return compiled if compiled is not None else parse_master(yaml_text)


def _mapping(value: Any, origin: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise DataError(f"{origin}: {where}: expected a mapping with text keys")
    return value


def _check_keys(
    row: Mapping[str, Any],
    required: frozenset[str],
    allowed: frozenset[str],
    origin: str,
    where: str,
) -> None:
    missing = sorted(required - row.keys())
    if missing:
        raise DataError(f"{origin}: {where}: missing key(s) {', '.join(missing)}")
    unknown = sorted(row.keys() - allowed)
    if unknown:
        expected = ", ".join(sorted(allowed))
        raise DataError(
            f"{origin}: {where}: unknown key(s) {', '.join(unknown)} (expected {expected})"
        )


def _parse_tags(value: Any, origin: str) -> dict[str, str]:
    tags = _mapping(value, origin, "tags")
    for tag, meaning in tags.items():
        if not _TAG.match(tag):
            raise DataError(f"{origin}: tags.{tag}: a tag is lower case letters, digits, '_'")
        if not isinstance(meaning, str) or not meaning.strip():
            raise DataError(f"{origin}: tags.{tag}: expected its meaning as text")
    return dict(tags)


def _parse_row(symbol: str, value: Any, tags: Mapping[str, str], origin: str) -> Security:
    where = f"securities.{symbol}"
    if not _SYMBOL.match(symbol):
        raise DataError(f"{origin}: {where}: a symbol is upper case letters, digits, '.', '-'")
    row = _mapping(value, origin, where)
    _check_keys(row, _REQUIRED_KEYS, _REQUIRED_KEYS | _OPTIONAL_KEYS, origin, where)
    partners = _symbols(row.get("harvest_partners", []), origin, f"{where}.harvest_partners")
    if symbol in partners:
        raise DataError(f"{origin}: {where}.harvest_partners: names the security itself")
    return Security(
        symbol=symbol,
        name=_text(row["name"], origin, f"{where}.name", empty=False),
        type=_security_type(row["type"], origin, f"{where}.type"),
        classes=_classes(row["asset_class"], origin, f"{where}.asset_class"),
        whole_shares=_flag(row["whole_shares"], origin, f"{where}.whole_shares"),
        expense_ratio=_ratio(row["expense_ratio"], origin, f"{where}.expense_ratio"),
        index=_text(row["index"], origin, f"{where}.index", empty=True),
        tags=_tags(row.get("tags", []), tags, origin, f"{where}.tags"),
        harvest_partners=partners,
        source=_text(row["source"], origin, f"{where}.source", empty=False),
        as_of=_date(row["as_of"], origin, f"{where}.as_of"),
        unverified=_flag(row["unverified"], origin, f"{where}.unverified"),
    )


def _text(value: Any, origin: str, where: str, *, empty: bool) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise DataError(f"{origin}: {where}: expected {'text' if empty else 'non-empty text'}")
    return value.strip()


def _flag(value: Any, origin: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise DataError(f"{origin}: {where}: expected true or false, got {value!r}")
    return value


def _number(value: Any, origin: str, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(f"{origin}: {where}: expected a number, got {value!r}")
    return Decimal(str(value))


def _security_type(value: Any, origin: str, where: str) -> SecurityType:
    try:
        return SecurityType(value)
    except ValueError:
        expected = ", ".join(t.value for t in SecurityType)
        raise DataError(
            f"{origin}: {where}: {value!r} is not a type (expected {expected})"
        ) from None


def _asset_class(value: Any, origin: str, where: str) -> AssetClass:
    try:
        return AssetClass(value)
    except ValueError:
        expected = ", ".join(c.value for c in AssetClass)
        raise DataError(
            f"{origin}: {where}: {value!r} is not an asset class (expected {expected})"
        ) from None


def _classes(value: Any, origin: str, where: str) -> tuple[ClassWeight, ...]:
    """One class name (weight 1), or percent points per class summing to exactly 100."""
    if isinstance(value, str):
        return (ClassWeight(asset_class=_asset_class(value, origin, where), weight=Decimal(1)),)
    points = {
        _asset_class(name, origin, f"{where}.{name}"): _number(p, origin, f"{where}.{name}")
        for name, p in _mapping(value, origin, where).items()
    }
    if not points or any(p <= 0 for p in points.values()):
        raise DataError(f"{origin}: {where}: expected positive percent points per class")
    total = sum(points.values(), Decimal(0))
    if total != _HUNDRED:
        raise DataError(f"{origin}: {where}: percent points sum to {total}, expected 100")
    order = list(AssetClass)
    return tuple(
        ClassWeight(asset_class=c, weight=points[c] / _HUNDRED)
        for c in sorted(points, key=order.index)
    )


def _ratio(value: Any, origin: str, where: str) -> Decimal | None:
    if value is None:
        return None
    ratio = _number(value, origin, where)
    if not Decimal(0) <= ratio < Decimal("0.05"):
        raise DataError(
            f"{origin}: {where}: {ratio} is not a yearly fraction "
            f"(expected 0 <= ratio < 0.05, e.g. 0.0003 for 0.03 %)"
        )
    return ratio


def _date(value: Any, origin: str, where: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise DataError(f"{origin}: {where}: expected a date YYYY-MM-DD, got {value!r}")
    return value


def _words(value: Any, origin: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"{origin}: {where}: expected a list of words")
    if len(set(value)) != len(value):
        raise DataError(f"{origin}: {where}: lists a word twice")
    return tuple(value)


def _tags(value: Any, known: Mapping[str, str], origin: str, where: str) -> tuple[str, ...]:
    tags = _words(value, origin, where)
    unknown = sorted(set(tags) - known.keys())
    if unknown:
        raise DataError(f"{origin}: {where}: {', '.join(unknown)} not in the tag list")
    return tags


def _symbols(value: Any, origin: str, where: str) -> tuple[str, ...]:
    symbols = _words(value, origin, where)
    for symbol in symbols:
        if not _SYMBOL.match(symbol):
            raise DataError(f"{origin}: {where}: {symbol!r} is not a symbol")
    return symbols


def _check_partners(securities: tuple[Security, ...], origin: str) -> None:
    symbols = {s.symbol for s in securities}
    for security in securities:
        unknown = sorted(set(security.harvest_partners) - symbols)
        if unknown:
            raise DataError(
                f"{origin}: securities.{security.symbol}.harvest_partners: "
                f"{', '.join(unknown)} not in the master"
            )
