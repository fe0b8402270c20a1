"""The assistant interface: trimtab as an MCP server (`trimtab mcp`, the official `mcp` SDK).

- :mod:`~trimtab.mcp_server.roots`: the safety policy (the folders it may read, whether it may
  write), no SDK.
- :mod:`~trimtab.mcp_server.tools`: one tool per command, answering with the command's JSON
  document from :mod:`trimtab.commands` (the CLI's ``--json`` bytes), problems as tool errors.
- :mod:`~trimtab.mcp_server.catalog`: the resources (schemas, docs, the tax rules' data).
- :mod:`~trimtab.mcp_server.prompts`: the review of the brief's six steps; the client letter.
- :mod:`~trimtab.mcp_server.server`: assembles them on ``MCPServer``; stdio or streamable HTTP.

The SDK is imported here only (tests/mcp_server/test_mcp_confined.py), and the CLI imports this
package only inside the ``mcp`` command. docs/assistant.md tells how to register the server.
"""
