"""Typed access to shipped data (securities master, tax years) and its checks."""
