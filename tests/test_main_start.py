"""The console script's process set-up (trimtab.__main__.run): the collector is off while the
CLI's modules are imported, their objects are frozen out of its sight, and it runs with raised
thresholds for the command (docs/performance.md, drift's start-up)."""

from __future__ import annotations

import gc
import sys
import types
from typing import Any

import pytest

from trimtab.__main__ import RUN_GC_THRESHOLDS, run


class _Probe(types.ModuleType):
    """Stands in for trimtab.cli: notes the collector's state when ``main`` is taken from it
    (the end of the import) and when the command runs."""

    def __init__(self) -> None:
        super().__init__("trimtab.cli")
        self.seen: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name != "main":
            raise AttributeError(name)
        self.seen["enabled_while_importing"] = gc.isenabled()
        return self.command

    def command(self) -> None:
        self.seen["enabled"] = gc.isenabled()
        self.seen["thresholds"] = gc.get_threshold()
        self.seen["frozen"] = gc.get_freeze_count()


def test_run_imports_with_the_collector_off_then_freezes_and_raises_thresholds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    probe = _Probe()
    monkeypatch.setitem(sys.modules, "trimtab.cli", probe)
    before = gc.get_threshold()
    try:
        gc.unfreeze()
        run()
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
        gc.enable()
    assert probe.seen["enabled_while_importing"] is False
    assert probe.seen["enabled"] is True
    assert probe.seen["thresholds"] == RUN_GC_THRESHOLDS
    assert probe.seen["frozen"] > 0  # every object alive at the end of the imports
