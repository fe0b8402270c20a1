"""The JSON documents (``--json``), each module one document with its schema beside its
builder where it has one of its own (docs/reports.md)."""
