"""Shared fixtures: paths to the example and the test data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "household.yaml"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def example_path() -> Path:
    """The bundled example household."""
    return EXAMPLE


# A bounded, derandomized profile keeps `make test` within budget and repeatable; plans solve a
# MILP per example, so no per-example deadline.
settings.register_profile("ci", deadline=None, derandomize=True, max_examples=60)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
