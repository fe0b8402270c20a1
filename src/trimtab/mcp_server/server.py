"""The MCP server of ``trimtab mcp``: the tools, resources and prompts on the official SDK.

:func:`build_server` assembles an ``MCPServer`` for a :class:`~trimtab.mcp_server.roots.Roots`
policy (tests connect to it in-process with ``mcp.Client``); :func:`serve` runs it over stdio
(what desktop assistants start) or over streamable HTTP on 127.0.0.1 (``--http``), where the
SDK's DNS-rebinding protection admits only local hosts and origins.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.resources import FunctionResource
from mcp.types import ToolAnnotations
from pydantic import Field

from trimtab import __version__
from trimtab.mcp_server import catalog, prompts
from trimtab.mcp_server.roots import Roots
from trimtab.mcp_server.tools import READ_ONLY, Toolbox, tool_names

HTTP_HOST = "127.0.0.1"
DEFAULT_PORT = 8765

INSTRUCTIONS = """\
trimtab: tax-aware rebalancing of a household's accounts. Each tool takes the household file
by path (`household`, inside the folders the server was started with) or as its text
(`household_yaml`), and returns the versioned JSON document that `trimtab COMMAND --json`
prints (format trimtab.NAME/1; schemas at trimtab://schema/NAME). Input problems come back as a
tool error listing file:line:col, field and message. Start with `validate`; the prompt
`review_household` walks the six steps of a review. The server reads only inside its roots and
writes nothing unless started with --allow-write (then `plan` with `out`)."""

TITLES = {
    "validate": "Validate a household file",
    "state": "Current state of the accounts",
    "drift": "Drift against the targets and bands",
    "tax": "Tax view: gains, harvests, wash sales, RMDs",
    "check": "What-if of a trade list",
    "plan": "Tax-aware rebalancing plan",
    "location": "Asset-location review",
    "securities": "Search the securities master",
}

HouseholdPath = Annotated[
    str, Field(description="The household file (trimtab.household/1 YAML), a path.")
]


def build_server(roots: Roots) -> MCPServer[Any]:
    """The trimtab MCP server reading inside ``roots``."""
    server: MCPServer[Any] = MCPServer(
        name="trimtab",
        title="trimtab",
        version=__version__,
        instructions=INSTRUCTIONS,
        log_level="WARNING",
    )
    _add_tools(server, Toolbox(roots))
    for entry in catalog.entries():
        server.add_resource(
            FunctionResource(
                uri=entry.uri,
                name=entry.name,
                description=entry.description,
                mime_type=entry.mime_type,
                fn=entry.read,
            )
        )
    _add_prompts(server)
    return server


def _add_tools(server: MCPServer[Any], toolbox: Toolbox) -> None:
    writes = toolbox.roots.allow_write
    for name in tool_names():
        annotations = READ_ONLY
        if name == "plan" and writes:  # writes its files into `out` when asked to
            annotations = ToolAnnotations(
                read_only_hint=False,
                destructive_hint=False,
                idempotent_hint=True,
                open_world_hint=False,
            )
        tool = getattr(toolbox, name)
        server.add_tool(
            tool,
            name=name,
            title=TITLES[name],
            description=inspect.getdoc(tool),
            annotations=annotations,
            structured_output=False,
        )


def _add_prompts(server: MCPServer[Any]) -> None:
    @server.prompt(
        name="review_household",
        title="Review this household",
        description="The six steps of a rebalancing review, in order, through the tools.",
    )
    def review_household(household: HouseholdPath) -> str:
        return prompts.review_household(household)

    @server.prompt(
        name="explain_plan",
        title="Explain this plan to the client",
        description="Plan the household, then explain the plan to the client in plain words.",
    )
    def explain_plan(
        household: HouseholdPath,
        mode: Annotated[
            str, Field(description="target | band | cash | harvest | location (optional).")
        ] = "",
    ) -> str:
        return prompts.explain_plan(household, mode)


def serve(roots: Roots, *, http: bool = False, port: int = DEFAULT_PORT) -> None:
    """Run the server until its client goes away: stdio, or streamable HTTP on 127.0.0.1."""
    server = build_server(roots)
    if http:
        server.run("streamable-http", host=HTTP_HOST, port=port)
    else:
        server.run("stdio")
