"""`trimtab schema household` describes the file: the example passes, a broken copy fails."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from trimtab.cli import app
from trimtab.load import read_tree


def _json_ready(node: Any) -> Any:
    """YAML data as a JSON document would carry it: dates as ISO strings, decimals as numbers."""
    if isinstance(node, dict):
        return {k: _json_ready(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_json_ready(v) for v in node]
    if isinstance(node, date):
        return node.isoformat()
    if isinstance(node, Decimal):
        return float(node)
    return node


def _schema(name: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.output)
    return schema


def _example(example_path: Path) -> Any:
    tree = read_tree(example_path)
    assert not hasattr(tree, "kind")
    return _json_ready(tree.data)  # type: ignore[union-attr]


def test_schema_accepts_the_example(example_path: Path) -> None:
    jsonschema.validate(_example(example_path), _schema("household"))


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("accounts"),
        lambda d: d["accounts"][0].update(type="brokerage"),
        lambda d: d["targets"].update(gold=5),
        lambda d: d.update(format="trimtab.household/9"),
        lambda d: d["accounts"][0]["holdings"][0]["lots"][0].update(quantity=-1),
        lambda d: d.update(unexpected_section=1),
    ],
    ids=["no-accounts", "bad-type", "bad-class", "bad-format", "negative-qty", "extra-key"],
)
def test_schema_rejects_a_broken_copy(example_path: Path, breakage: Any) -> None:
    doc = _example(example_path)
    breakage(doc)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, _schema("household"))


def test_problems_schema_describes_validate_json(example_path: Path) -> None:
    bad = Path(__file__).parent / "data" / "bad" / "several_mistakes.yaml"
    result = CliRunner().invoke(app, ["validate", str(bad), "--json"])
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, _schema("problems"))
    assert doc["format"] == "trimtab.problems/1"
    assert doc["errors"] == 5 and doc["ok"] is False


def test_unknown_schema_name_is_an_input_problem() -> None:
    result = CliRunner().invoke(app, ["schema", "nonsense"])
    assert result.exit_code == 2
