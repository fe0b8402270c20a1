"""The MCP server in-process (the SDK's ``mcp.Client``): every tool answers with the bytes the
CLI's ``--json`` prints, problems come back as structured tool errors with file:line:col, paths
outside the roots are refused, and the resources and prompts are listed and read."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from mcp import Client
from mcp.types import CallToolResult, TextContent
from typer.testing import CliRunner

from trimtab.cli import app
from trimtab.mcp_server.roots import Roots
from trimtab.mcp_server.server import build_server
from trimtab.report.json.schemas import SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "household.yaml")
TRADES = str(ROOT / "examples" / "trades.yaml")
BAD = ROOT / "tests" / "data" / "bad" / "targets_sum.yaml"
TOOLS = {"validate", "state", "drift", "tax", "check", "plan", "location", "securities"}

T = TypeVar("T")


def with_client(roots: Roots, use: Callable[[Client], Awaitable[T]]) -> T:
    """Run ``use`` against a fresh server for ``roots``, connected in-process."""

    async def session() -> T:
        async with Client(build_server(roots)) as client:
            return await use(client)

    return anyio.run(session)


def call(tool: str, arguments: dict[str, Any], roots: Roots | None = None) -> CallToolResult:
    return with_client(roots or Roots.of((ROOT,)), lambda c: c.call_tool(tool, arguments))


def text(result: CallToolResult, block: int = 0) -> str:
    content = result.content[block]
    assert isinstance(content, TextContent)
    return content.text


def cli_json(*args: str) -> bytes:
    """What ``trimtab ARGS`` prints on standard output."""
    return CliRunner().invoke(app, list(args)).stdout_bytes


# (tool, its arguments, the same command on the command line)
CASES = [
    ("validate", {"household": EXAMPLE}, ["validate", EXAMPLE, "--json"]),
    ("state", {"household": EXAMPLE}, ["state", EXAMPLE, "--json"]),
    ("drift", {"household": EXAMPLE}, ["drift", EXAMPLE, "--json"]),
    ("tax", {"household": EXAMPLE}, ["tax", EXAMPLE, "--json"]),
    ("location", {"household": EXAMPLE}, ["location", EXAMPLE, "--json"]),
    (
        "check",
        {"household": EXAMPLE, "trades": TRADES, "relief_method": "hifo"},
        ["check", EXAMPLE, "--trades", TRADES, "--relief-method", "hifo", "--json"],
    ),
    ("plan", {"household": EXAMPLE}, ["plan", EXAMPLE, "--json"]),
    ("plan", {"household": EXAMPLE, "mode": "band"}, ["plan", EXAMPLE, "--mode", "band", "--json"]),
    ("securities", {"query": "vanguard"}, ["securities", "vanguard", "--json"]),
    ("securities", {}, ["securities", "--json"]),
]


def test_the_tools_are_listed_with_their_arguments() -> None:
    listed = with_client(Roots.of((ROOT,)), lambda c: c.list_tools())
    tools = {t.name: t for t in listed.tools}
    assert set(tools) == TOOLS
    assert {"household", "household_yaml", "settings"} <= set(
        tools["state"].input_schema["properties"]
    )
    assert tools["check"].input_schema["required"] == ["trades"]
    assert {"mode", "settings", "out"} <= set(tools["plan"].input_schema["properties"])
    assert tools["plan"].title == "Tax-aware rebalancing plan"
    assert (tools["drift"].description or "").startswith("Drift (brief step 2)")
    # read-only server: no tool says it writes; with --allow-write, plan does
    assert all(t.annotations and t.annotations.read_only_hint for t in tools.values())
    writer = with_client(Roots.of((ROOT,), allow_write=True), lambda c: c.list_tools())
    writes = {t.name for t in writer.tools if t.annotations and not t.annotations.read_only_hint}
    assert writes == {"plan"}


@pytest.mark.parametrize(
    ("tool", "arguments", "command"), CASES, ids=[" ".join(c[2]) for c in CASES]
)
def test_each_tool_answers_with_the_cli_json_byte_for_byte(
    tool: str, arguments: dict[str, Any], command: list[str]
) -> None:
    result = call(tool, arguments)
    expected = cli_json(*command)
    assert not result.is_error, text(result)
    assert text(result).encode("utf-8") == expected
    assert result.structured_content == json.loads(expected)


def test_a_relative_path_is_read_inside_the_root() -> None:
    # relative to the first root: names the same file as EXAMPLE, in the same words
    result = call("drift", {"household": "examples/household.yaml"})
    assert text(result).encode("utf-8") == cli_json("drift", EXAMPLE, "--json")


@pytest.mark.parametrize("tool", ["validate", "state", "drift", "tax", "location", "plan"])
def test_the_household_as_text_gives_the_same_document(tool: str) -> None:
    # read from memory as `<household_yaml>`: the documents that name the file name it so
    # (validate's file, the warnings' sources, ...), and plan's input_sha256 is the text's
    yaml = Path(EXAMPLE).read_bytes().decode("utf-8")
    result = call(tool, {"household_yaml": yaml})
    assert not result.is_error, text(result)
    expected = cli_json(tool, EXAMPLE, "--json").decode("utf-8")
    assert text(result) == expected.replace(EXAMPLE, "<household_yaml>")


def test_a_bad_household_is_a_structured_error_naming_the_line() -> None:
    result = call("state", {"household": str(BAD)})
    assert result.is_error
    document = result.structured_content
    assert document is not None and document["format"] == "trimtab.problems/1"
    problem = document["problems"][0]
    # tests/data/bad/targets_sum.yaml line 8: `targets:` (60 + 30 = 90, not 100)
    assert (problem["file"], problem["line"], problem["column"], problem["field"]) == (
        str(BAD),
        8,
        3,
        "targets",
    )
    assert text(result).startswith(f"{BAD}:8:3: targets: targets add up to 90")
    assert "Traceback" not in text(result) + text(result, 1)


def test_a_bad_household_as_text_names_the_line_in_the_text() -> None:
    result = call("drift", {"household_yaml": BAD.read_text(encoding="utf-8")})
    assert result.is_error and result.structured_content is not None
    problem = result.structured_content["problems"][0]
    assert (problem["file"], problem["line"], problem["field"]) == (
        "<household_yaml>",
        8,
        "targets",
    )


def test_validate_of_a_bad_household_is_the_cli_document_and_an_error() -> None:
    result = call("validate", {"household": str(BAD)})
    assert result.is_error  # the CLI exits 2
    assert text(result).encode("utf-8") == cli_json("validate", str(BAD), "--json")


def test_a_yaml_syntax_error_is_a_problem_not_a_traceback() -> None:
    result = call("tax", {"household_yaml": "format: [unclosed\n"})
    assert result.is_error and result.structured_content is not None
    assert result.structured_content["problems"][0]["file"] == "<household_yaml>"


def test_a_bad_trade_list_is_a_structured_error_of_the_trades_file(tmp_path: Path) -> None:
    trades = tmp_path / "trades.yaml"
    trades.write_text("format: trimtab.trades/1\ntrades:\n  - {id: X}\n", encoding="utf-8")
    result = call(
        "check", {"household": EXAMPLE, "trades": str(trades)}, Roots.of((ROOT, tmp_path))
    )
    assert result.is_error and result.structured_content is not None
    problems = result.structured_content["problems"]
    assert {p["file"] for p in problems} == {str(trades)}
    assert all(p["line"] == 3 for p in problems)  # the trade's line


@pytest.mark.parametrize(
    ("tool", "argument"),
    [("state", "household"), ("check", "trades"), ("plan", "settings")],
)
def test_a_path_outside_the_roots_is_refused(tool: str, argument: str, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("format: trimtab.household/1\n", encoding="utf-8")
    arguments = (
        {"household": EXAMPLE, "trades": TRADES} if tool == "check" else {"household": EXAMPLE}
    )
    result = call(tool, {**arguments, argument: str(outside)})
    assert result.is_error and result.structured_content is not None
    problem = result.structured_content["problems"][0]
    assert (problem["kind"], problem["field"], problem["file"]) == (
        "outside_root",
        argument,
        str(outside),
    )


def test_a_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "household.yaml").symlink_to(EXAMPLE)  # inside by name, outside once resolved
    result = call("drift", {"household": "household.yaml"}, Roots.of((root,)))
    assert result.is_error and result.structured_content is not None
    assert result.structured_content["problems"][0]["kind"] == "outside_root"


def test_household_and_household_yaml_exactly_one() -> None:
    for arguments in ({}, {"household": EXAMPLE, "household_yaml": "format: x\n"}):
        result = call("drift", arguments)
        assert result.is_error and result.structured_content is not None
        assert result.structured_content["problems"][0]["kind"] == "arguments"


def test_plan_writes_nothing_without_allow_write(tmp_path: Path) -> None:
    result = call(
        "plan", {"household": EXAMPLE, "out": str(tmp_path / "out")}, Roots.of((ROOT, tmp_path))
    )
    assert result.is_error and result.structured_content is not None
    assert result.structured_content["problems"][0]["kind"] == "write_not_allowed"
    assert not (tmp_path / "out").exists()


def test_plan_with_allow_write_writes_the_cli_files_inside_the_root(tmp_path: Path) -> None:
    roots = Roots.of((ROOT, tmp_path), allow_write=True)
    tool_out, cli_out = tmp_path / "tool", tmp_path / "cli"
    result = call("plan", {"household": EXAMPLE, "out": str(tool_out)}, roots)
    assert not result.is_error, text(result)
    CliRunner().invoke(app, ["plan", EXAMPLE, "--out", str(cli_out)])
    assert sorted(p.name for p in tool_out.iterdir()) == sorted(p.name for p in cli_out.iterdir())
    assert (tool_out / "plan.json").read_bytes() == (cli_out / "plan.json").read_bytes()
    assert f"wrote {tool_out / 'plan.json'}" in text(result, 1)
    outside = call("plan", {"household": EXAMPLE, "out": "/tmp/../elsewhere"}, roots)
    assert outside.is_error
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    blocked = call("plan", {"household": EXAMPLE, "out": str(tmp_path / "a-file")}, roots)
    assert blocked.is_error and blocked.structured_content is not None
    assert blocked.structured_content["problems"][0]["kind"] == "out_unwritable"


def test_the_resources_are_the_schemas_docs_and_tax_rules() -> None:
    async def read_all(client: Client) -> dict[str, str]:
        listed = await client.list_resources()
        found = {}
        for resource in listed.resources:
            read = await client.read_resource(resource.uri)
            content = read.contents[0]
            found[str(resource.uri)] = content.text if hasattr(content, "text") else ""
        return found

    found = with_client(Roots.of((ROOT,)), read_all)
    for name in SCHEMAS:  # each schema as `trimtab schema NAME` prints it
        assert found[f"trimtab://schema/{name}"].encode("utf-8") == cli_json("schema", name)
    assert found["trimtab://docs/household-format.md"] == (
        ROOT / "docs/household-format.md"
    ).read_text(encoding="utf-8")
    rules = found["trimtab://rules/tax/federal/2026.yaml"]
    assert "Rev. Proc. 2025-32" in rules and "source:" in rules
    assert "trimtab://rules/rmd/uniform_lifetime.yaml" in found


def test_the_prompts_review_in_the_brief_s_six_steps_and_explain_the_plan() -> None:
    async def prompts(client: Client) -> tuple[list[str], str, str]:
        listed = await client.list_prompts()
        review = await client.get_prompt("review_household", {"household": "smith.yaml"})
        explain = await client.get_prompt(
            "explain_plan", {"household": "smith.yaml", "mode": "band"}
        )
        texts = []
        for got in (review, explain):
            content = got.messages[0].content
            assert isinstance(content, TextContent)
            texts.append(content.text)
        return [p.name for p in listed.prompts], texts[0], texts[1]

    names, review, explain = with_client(Roots.of((ROOT,)), prompts)
    assert names == ["review_household", "explain_plan"]
    steps = [
        "Current state",
        "Drift analysis",
        "Trade recommendations",
        "Asset location review",
        "Implementation",
        "Output",
    ]
    at = [review.index(f"{n}. **{step}.**") for n, step in enumerate(steps, start=1)]
    assert at == sorted(at)  # in the brief's order
    assert "`household: smith.yaml`" in review
    assert "`plan`" in explain and "`mode: band`" in explain


def test_a_logo_outside_the_roots_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # the loader reads `settings.firm_logo` relative to the household file: a way out of the root
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    text_of = Path(EXAMPLE).read_text(encoding="utf-8")
    for logo, refused in (("../logo.png", True), ("logo.png", False)):
        household = root / "household.yaml"
        household.write_text(
            text_of.replace("settings:\n", f"settings:\n  firm_logo: {logo}\n", 1),
            encoding="utf-8",
        )
        result = call("drift", {"household": str(household)}, Roots.of((root,)))
        assert result.is_error is refused, text(result)
        if refused:
            assert result.structured_content is not None
            problem = result.structured_content["problems"][0]
            # the example's `settings:` is on line 67, the inserted firm_logo on 68
            assert (problem["kind"], problem["line"], problem["field"]) == (
                "outside_root",
                68,
                "settings.firm_logo",
            )


def test_the_mcp_command_refuses_a_root_that_is_not_a_folder() -> None:
    result = CliRunner().invoke(app, ["mcp", "--root", "/nonexistent-trimtab-root"])
    assert result.exit_code == 2
    assert "/nonexistent-trimtab-root is not a folder" in result.output
