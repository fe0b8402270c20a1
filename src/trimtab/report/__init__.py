"""Renderers: console (rich), JSON documents, and later Excel, HTML and trade files."""
