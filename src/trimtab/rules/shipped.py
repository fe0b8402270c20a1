"""The one reader of the shipped data files (``trimtab/data/…``) and their one error.

Every rule module reads its file here: :func:`read_shipped` (a YAML file's data) or
:func:`shipped_text` (a file's text, for the securities master, compiled to JSON), and raises
:class:`DataError` naming the file (:func:`shipped_name`) and the key when the file is malformed.

YAML is read with libyaml, PyYAML's C parser. Shipped files are ours, not user input, and a
run reads several of them (tax year, RMD table, market and tax-efficiency assumptions): libyaml
reads each in under a millisecond where ruamel.yaml's pure-Python parser took ten. The types
are YAML's safe ones (int, float, str, bool, None, date, list, dict). libyaml resolves plain
scalars by YAML 1.1 (``yes`` and ``on`` are booleans there, ``1e3`` is text), so
tests/rules/test_shipped_yaml.py proves that every shipped file reads here exactly as with
ruamel.yaml's YAML 1.2 safe loader, and that no file repeats a key (PyYAML keeps the last of
two silently).
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataError(ValueError):
    """A shipped data file is malformed: not valid YAML, or a section, key or number missing
    or wrong. The message names the file (``trimtab/data/…``) and the key, e.g.
    ``trimtab/data/tax/federal/2026.yaml: brackets.single[2].from: bracket starts must strictly
    ascend``."""


def data_dir() -> Traversable:
    """The folder of the shipped data files."""
    return resources.files("trimtab") / "data"


def shipped_name(path: str) -> str:
    """How messages name the shipped file ``path`` (relative to the data folder)."""
    return f"trimtab/data/{path}"


def shipped_text(path: str) -> str:
    """The text of the shipped file ``path`` (relative to the data folder, ``/``-separated)."""
    return data_dir().joinpath(*path.split("/")).read_text(encoding="utf-8")


def read_shipped(path: str) -> Any:
    """The data of the shipped YAML file ``path``; DataError when it does not parse."""
    return load_shipped_yaml(shipped_text(path), shipped_name(path))


def load_shipped_yaml(text: str, where: str = "(text)") -> Any:
    """The data of one YAML document; DataError naming ``where``, the line and the column
    when it does not parse."""
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise DataError(f"{where}: not valid YAML: {error}") from error
