"""The account map, ``trimtab.account-map/1``: which export account is which household account.

Exports name accounts by number (often masked: ``XXXX-4321``, ``...123``) and, sometimes, by a
name from which the account type can be told (``ROTH IRA``, ``Individual - TOD``); see
:mod:`trimtab.importers.account_types`. The map says the rest::

    format: trimtab.account-map/1
    accounts:
      - {match: "XXXX-4321", id: joint-taxable, type: taxable, owners: [ana, luis]}
      - {match: "239000001", id: ana-roth, type: roth_ira, owners: [ana]}

``match`` is the account number as the export shows it; it also fills the household account's
``number``. ``id`` is the household's name for the account; ``type`` (optional when the export's
account name tells it) and ``owners`` fill a new account. The file is documented in
docs/importers.md; ``trimtab schema account-map`` prints :func:`account_map_schema`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from trimtab.errors import Problem
from trimtab.load.limits import account_map_limits
from trimtab.load.schema_problems import problems_from_validation
from trimtab.load.tree import Tree, read_tree
from trimtab.model.enums import AccountType
from trimtab.source import Source

ACCOUNT_MAP_FORMAT = "trimtab.account-map/1"


def _number_text(value: Any) -> Any:
    """An account number must be text: unquoted digits lose leading zeros in YAML."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f'quote the account number: match: "{value}"')
    return value


AccountNumber = Annotated[str, BeforeValidator(_number_text), Field(min_length=1)]
Ident = Annotated[str, Field(min_length=1)]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AccountMapEntry(_Doc):
    """One export account and the household account it is."""

    match: AccountNumber = Field(
        description="the account number as the export shows it (masked or not); "
        "also the household account's `number`"
    )
    id: Ident = Field(description="the household's id of the account")
    type: AccountType | None = Field(
        default=None, description="the account type; needed when the export's name does not tell"
    )
    owners: list[Ident] = Field(default=[], description="owner ids, for a new account")


class AccountMapDocument(_Doc):
    """An account map, format ``trimtab.account-map/1``."""

    format: Literal["trimtab.account-map/1"]
    accounts: list[AccountMapEntry] = []


def account_map_schema() -> dict[str, Any]:
    """The JSON Schema of the account map (``trimtab schema account-map``)."""
    schema = AccountMapDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = ACCOUNT_MAP_FORMAT
    return schema


def read_account_map(path: Path) -> tuple[AccountMapDocument | None, tuple[Problem, ...]]:
    """The map of ``path`` (None when it has errors) and every problem found in it."""
    tree = read_tree(path)
    if isinstance(tree, Problem):
        return None, (tree,)
    if not isinstance(tree.data, dict):
        return None, (_not_a_mapping(tree),)
    if too_many := account_map_limits(tree):
        return None, too_many
    try:
        document = AccountMapDocument.model_validate(tree.data)
    except ValidationError as exc:
        return None, problems_from_validation(tree, exc)
    duplicates = _duplicates(document, tree)
    return (None if duplicates else document), duplicates


def _not_a_mapping(tree: Tree) -> Problem:
    return Problem(
        source=Source(file=tree.file, line=1, column=1),
        field="(document)",
        kind="not_a_mapping",
        message="the account map is not a YAML mapping",
        expected=f"a mapping with `format: {ACCOUNT_MAP_FORMAT}` and `accounts`",
    )


def _duplicates(document: AccountMapDocument, tree: Tree) -> tuple[Problem, ...]:
    """Each ``match`` and each ``id`` appears once."""
    out: list[Problem] = []
    for key in ("match", "id"):
        counts = Counter(getattr(e, key) for e in document.accounts)
        for i, entry in enumerate(document.accounts):
            if counts[getattr(entry, key)] > 1:
                out.append(_duplicate(tree, i, key, str(getattr(entry, key))))
    return tuple(out)


def _duplicate(tree: Tree, index: int, key: str, value: str) -> Problem:
    path = ("accounts", index, key)
    return Problem(
        source=tree.source(path),
        field=f"accounts[{index}].{key}",
        kind="duplicate_id" if key == "id" else "duplicate_match",
        message=f"`{value}` appears in more than one entry",
        expected=f"a unique `{key}`",
    )
