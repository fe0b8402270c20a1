"""The console (rich): the renderers of what the commands print (docs/reports.md)."""
