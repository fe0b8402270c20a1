"""atomic_write: the whole file or nothing, never half a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trimtab.output import atomic_write


def test_writes_the_bytes(tmp_path: Path) -> None:
    target = atomic_write(tmp_path / "sub" / "plan.json", b"{}\n")
    assert target.read_bytes() == b"{}\n"


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.json"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_a_new_file_gets_the_usual_permissions_not_mkstemps_private_ones(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        target = atomic_write(tmp_path / "plan.xlsx", b"x")
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644
