"""The ``mcp`` SDK lives in trimtab/mcp_server/ only, and the CLI loads it only for ``mcp``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "trimtab"


def imported(node: ast.AST) -> list[str]:
    """The top-level packages an import statement names."""
    if isinstance(node, ast.Import):
        return [a.name.split(".")[0] for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module.split(".")[0]]
    return []


def imports_mcp(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any("mcp" in imported(node) for node in ast.walk(tree))


def test_only_the_mcp_server_package_imports_the_sdk() -> None:
    users = {p.relative_to(SRC).parts[0] for p in SRC.rglob("*.py") if imports_mcp(p)}
    assert users == {"mcp_server"}


def test_the_cli_loads_the_sdk_only_for_the_mcp_command() -> None:
    code = "import sys, trimtab.cli; print('mcp' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"
