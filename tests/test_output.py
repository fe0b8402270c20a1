"""atomic_write: the whole file or nothing, never half a file; no writing through a link; one
import at a time into a household file (issue 22, item 10)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trimtab.errors import InputError
from trimtab.output import atomic_write, import_lock, lock_path


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


# --- issue 22, item 10: links, kill -9 mid-write, one import at a time ------------------------


def test_a_symbolic_link_is_refused_and_neither_it_nor_its_target_changes(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"precious")
    out = tmp_path / "out"
    out.mkdir()
    link = out / "plan.json"
    link.symlink_to(outside)
    with pytest.raises(InputError) as caught:
        atomic_write(link, b"{}")
    [problem] = caught.value.problems
    assert (problem.kind, problem.field) == ("output_is_a_link", "(output)")
    assert "symbolic link" in problem.message
    assert outside.read_bytes() == b"precious"
    assert link.is_symlink()
    assert [p.name for p in out.iterdir()] == ["plan.json"]  # no temporary file left


WRITER = """
import sys
from trimtab.output import atomic_write

target, size = sys.argv[1], int(sys.argv[2])
payloads = (b"A" * size, b"B" * size)
print("ready", flush=True)
n = 0
while True:
    atomic_write(target, payloads[n % 2])
    n += 1
"""


def test_kill_9_at_random_points_leaves_the_old_file_or_a_whole_new_one(tmp_path: Path) -> None:
    # A child rewrites an 8 MB file over and over, alternating two payloads; it is killed with
    # SIGKILL at random points (a fixed seed). Each time, the target holds the old bytes or
    # one payload whole, never a mix or a part.
    size = 8 << 20
    target = tmp_path / "plan.xlsx"
    old = b"old contents"
    whole = {old, b"A" * size, b"B" * size}
    rng = random.Random(22)
    for _ in range(6):
        target.write_bytes(old)
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(size)], stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.4))  # where the kill lands, not an assertion on time
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert target.read_bytes() in whole
        for leftover in tmp_path.glob(".plan.xlsx.*.tmp"):  # a killed writer's temporary file
            leftover.unlink()


def test_a_second_import_lock_waits_then_says_another_import_is_running(tmp_path: Path) -> None:
    household = tmp_path / "h.yaml"
    told: list[str] = []
    with import_lock(household) as held:
        assert held == tmp_path / ".h.yaml.lock"
        with (
            pytest.raises(InputError) as caught,
            import_lock(household, wait=0.3, on_wait=told.append),
        ):
            pass
    [problem] = caught.value.problems
    assert problem.kind == "import_running"
    assert problem.message == f"another import is running into {household} (process {os.getpid()})"
    assert told == [f"trimtab: {problem.message}; waiting for it to finish"]
    assert list(tmp_path.iterdir()) == []  # the lock file goes with the lock


def test_a_lock_file_left_by_a_killed_import_is_taken_over(tmp_path: Path) -> None:
    household = tmp_path / "h.yaml"
    lock_path(household).write_text("99999\n")  # kill -9 left it; nobody holds its lock
    with import_lock(household, wait=0):
        assert lock_path(household).read_text() == f"{os.getpid()}\n"
    assert not lock_path(household).exists()


IMPORTS = Path(__file__).parent / "data" / "import"
JOINT = IMPORTS / "schwab" / "Joint-Positions-2026-11-24.csv"
ROLLOVER = IMPORTS / "schwab" / "Rollover-Positions-2026-11-24.CSV"


def _import(export: Path, into: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "trimtab", "import", str(export), "--into", str(into)]
    command += ["--account-map", str(IMPORTS / "account-map.yaml")]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _serial(tmp_path: Path, name: str, first: Path, second: Path) -> bytes:
    into = tmp_path / name
    shutil.copy(IMPORTS / "household_before.yaml", into)
    for export in (first, second):
        child = _import(export, into)
        child.communicate()
        assert child.returncode == 0
    return into.read_bytes()


def test_two_imports_into_one_household_take_turns_and_both_land(tmp_path: Path) -> None:
    # The test holds the lock; both imports start, each says it waits for another import; the
    # lock is let go; both finish, one after the other, so the file holds both updates: it is
    # what the two imports give run one after the other, in one order or the other.
    into = tmp_path / "h.yaml"
    shutil.copy(IMPORTS / "household_before.yaml", into)
    with import_lock(into):
        children = [_import(JOINT, into), _import(ROLLOVER, into)]
        for child in children:
            assert child.stderr is not None
            first_line = child.stderr.readline().decode()
            assert first_line.startswith(f"trimtab: another import is running into {into}")
    for child in children:
        child.communicate()
        assert child.returncode == 0
    both = {
        _serial(tmp_path, "ab.yaml", JOINT, ROLLOVER),
        _serial(tmp_path, "ba.yaml", ROLLOVER, JOINT),
    }
    assert into.read_bytes() in both
    assert not lock_path(into).exists()
