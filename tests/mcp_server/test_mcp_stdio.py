"""``trimtab mcp`` over stdio, started by the SDK's stdio client as an assistant would start it:
the tools are listed, each answers with the bytes ``trimtab COMMAND --json`` prints in a
subprocess, a bad household is a structured error naming its line, and a path outside
``--root`` is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, TextContent

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".venv" / "bin" / "trimtab"
EXAMPLE = "examples/household.yaml"  # relative: to the root on the server, to cwd on the CLI
TRADES = "examples/trades.yaml"
BAD = "tests/data/bad/targets_sum.yaml"

# (tool, its arguments, the same command on the command line)
CASES = [
    ("validate", {"household": EXAMPLE}, ["validate", EXAMPLE, "--json"]),
    ("state", {"household": EXAMPLE}, ["state", EXAMPLE, "--json"]),
    ("drift", {"household": EXAMPLE}, ["drift", EXAMPLE, "--json"]),
    ("tax", {"household": EXAMPLE}, ["tax", EXAMPLE, "--json"]),
    ("location", {"household": EXAMPLE}, ["location", EXAMPLE, "--json"]),
    (
        "check",
        {"household": EXAMPLE, "trades": TRADES},
        ["check", EXAMPLE, "--trades", TRADES, "--json"],
    ),
    ("plan", {"household": EXAMPLE}, ["plan", EXAMPLE, "--json"]),
    ("securities", {"query": "bond"}, ["securities", "bond", "--json"]),
]


def command() -> list[str]:
    """The console script when the venv has it, else ``python -m trimtab``."""
    return [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "trimtab"]


def cli_json(*args: str) -> bytes:
    """What ``trimtab ARGS`` prints on standard output, run in a subprocess from the root."""
    return subprocess.run([*command(), *args], cwd=ROOT, capture_output=True, check=False).stdout


def text(result: CallToolResult) -> str:
    content = result.content[0]
    assert isinstance(content, TextContent)
    return content.text


def session(calls: list[tuple[str, dict[str, Any]]]) -> tuple[set[str], list[CallToolResult]]:
    """Start ``trimtab mcp --root .`` in ROOT over stdio; list the tools, then make ``calls``.

    The root as given (``.``) keeps relative paths as written, so the documents name the files
    as the CLI run in ROOT does."""
    program, *args = command()
    server = StdioServerParameters(command=program, args=[*args, "mcp", "--root", "."], cwd=ROOT)

    async def run() -> tuple[set[str], list[CallToolResult]]:
        async with Client(server, read_timeout_seconds=300) as client:
            listed = await client.list_tools()
            results = [await client.call_tool(tool, arguments) for tool, arguments in calls]
            return {t.name for t in listed.tools}, results

    return anyio.run(run)


def test_over_stdio_each_tool_answers_as_the_cli_in_a_subprocess(tmp_path: Path) -> None:
    outside = tmp_path / "household.yaml"
    outside.write_bytes((ROOT / EXAMPLE).read_bytes())
    calls = [(tool, arguments) for tool, arguments, _ in CASES]
    calls += [("drift", {"household": BAD}), ("drift", {"household": str(outside)})]
    names, results = session(calls)

    assert names == {"validate", "state", "drift", "tax", "check", "plan", "location", "securities"}
    for (tool, _, args), result in zip(CASES, results, strict=False):
        assert not result.is_error, (tool, text(result))
        assert text(result).encode("utf-8") == cli_json(*args), tool

    bad, refused = results[len(CASES) :]
    assert bad.is_error and bad.structured_content is not None
    problem = bad.structured_content["problems"][0]
    # tests/data/bad/targets_sum.yaml line 8, column 3: `targets:` add up to 90
    assert (problem["file"], problem["line"], problem["column"], problem["field"]) == (
        BAD,
        8,
        3,
        "targets",
    )
    assert refused.is_error and refused.structured_content is not None
    assert refused.structured_content["problems"][0]["kind"] == "outside_root"
