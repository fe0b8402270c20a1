"""Each command's result as its versioned JSON document (CLI, MCP server, books)."""
