"""The assistant interface: trimtab as an MCP server (`trimtab mcp`, the official `mcp` SDK)."""
