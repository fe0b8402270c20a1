"""Read a shipped data file (YAML) with libyaml, PyYAML's C parser.

Shipped files are ours, not user input, and a run reads several of them (tax year, RMD table,
market and tax-efficiency assumptions): libyaml reads each in under a millisecond where
ruamel.yaml's pure-Python parser took ten. The types are YAML's safe ones (int, float, str,
bool, None, date, list, dict). libyaml resolves plain scalars by YAML 1.1 (``yes`` and ``on``
are booleans there, ``1e3`` is text), so tests/rules/test_shipped_yaml.py proves that every
shipped file reads here exactly as with ruamel.yaml's YAML 1.2 safe loader, and that no file
repeats a key (PyYAML keeps the last of two silently).
"""

from __future__ import annotations

from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ShippedYamlError(ValueError):
    """A shipped file is not valid YAML; the message says where (line and column)."""


def load_shipped_yaml(text: str) -> Any:
    """The data of one YAML document; ShippedYamlError when it does not parse."""
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise ShippedYamlError(str(error)) from error
