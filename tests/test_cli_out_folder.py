"""`plan --out` and `book --out` never mix runs (issue 31, item 1).

A run writes its whole set of files into a hidden staging folder, then renames them into place
and records them in ``.trimtab-run.json``; files of the previous run it did not write are
removed, files trimtab did not write are never touched, and a run killed or failing while it
writes leaves the previous set byte-identical. Through the CLI in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from trimtab.output import RUN_MANIFEST, write_run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "household.yaml"

# Runs the real CLI with output._stage patched: after `after` staged files the process either
# kills itself (SIGKILL: nothing runs after it) or raises OSError (a failing writer, exit 70).
LAUNCH = """
import os, signal, sys
import trimtab.output as output
how, after = sys.argv[1], int(sys.argv[2])
real, count = output._stage, [0]
def stage(staged, target, data):
    count[0] += 1
    if count[0] > after:
        if how == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise OSError(28, "No space left on device")
    return real(staged, target, data)
output._stage = stage
sys.argv = ["trimtab", *sys.argv[3:]]
from trimtab.cli import main
main()
"""


def trimtab(
    *args: str | Path, hook: tuple[str, int] | None = None
) -> subprocess.CompletedProcess[str]:
    words = [str(a) for a in args]
    command = (
        [sys.executable, "-c", LAUNCH, hook[0], str(hook[1]), *words]
        if hook
        else [sys.executable, "-m", "trimtab", *words]
    )
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry of the folder (hidden ones too) and its bytes; a folder maps to b'<dir>'."""
    return {p.name: (b"<dir>" if p.is_dir() else p.read_bytes()) for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files of `plan --out D --trade-file schwab --trade-file generic`, with a file of
    the user's beside them (mine.txt), as a snapshot to copy into each test's folder."""
    folder = tmp_path_factory.mktemp("first") / "out"
    folder.mkdir()
    (folder / "mine.txt").write_bytes(b"the user's own notes\n")
    done = trimtab(
        "plan", EXAMPLE, "--out", folder, "--trade-file", "schwab", "--trade-file", "generic"
    )
    assert done.returncode == 0, done.stderr
    return snapshot(folder)


def restore(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_the_first_run_records_what_it_wrote(first_run: dict[str, bytes]) -> None:
    manifest = json.loads(first_run[RUN_MANIFEST])
    assert manifest["schema"] == "trimtab.out-run/1"
    assert "trades-schwab.csv" in manifest["files"]
    assert "mine.txt" not in manifest["files"]  # trimtab did not write it
    # no staging folder stays after a run
    assert not [n for n in first_run if n.startswith(".trimtab-run.") and n.endswith(".tmp")]


def test_a_run_without_the_trade_file_removes_the_old_csv_and_keeps_the_users_file(
    tmp_path: Path, first_run: dict[str, bytes]
) -> None:
    folder = restore(tmp_path / "out", first_run)
    done = trimtab("plan", EXAMPLE, "--out", folder)
    assert done.returncode == 0, done.stderr
    names = {p.name for p in folder.iterdir()}
    assert names == {
        RUN_MANIFEST,
        "mine.txt",
        "plan.json",
        "plan.xlsx",
        "report.html",
        "review.html",
    }
    assert (folder / "mine.txt").read_bytes() == b"the user's own notes\n"
    assert f"removed {folder / 'trades-schwab.csv'} (of the previous run)" in done.stderr


def test_a_changed_file_of_the_previous_run_is_kept_with_a_warning(
    tmp_path: Path, first_run: dict[str, bytes]
) -> None:
    folder = restore(tmp_path / "out", first_run)
    (folder / "trades-schwab.csv").write_bytes(b"edited by hand\n")
    done = trimtab("plan", EXAMPLE, "--out", folder)
    assert done.returncode == 0, done.stderr
    assert (folder / "trades-schwab.csv").read_bytes() == b"edited by hand\n"
    assert f"warning: {folder / 'trades-schwab.csv'}:0:0: (output):" in done.stderr
    assert not (folder / "trades-generic.csv").exists()  # unchanged: removed


@pytest.mark.parametrize("how", ["kill", "fail"])
@pytest.mark.parametrize("after", [0, 2])
def test_a_run_killed_or_failing_mid_write_leaves_the_previous_set_byte_identical(
    tmp_path: Path, first_run: dict[str, bytes], how: str, after: int
) -> None:
    folder = restore(tmp_path / "out", first_run)
    done = trimtab("plan", EXAMPLE, "--out", folder, hook=(how, after))
    assert done.returncode == (-9 if how == "kill" else 2), done.stderr
    if how == "fail":  # a full disk is said plainly, not as an internal error
        assert f"{folder}:0:0: (output): cannot write the outputs: No space left on device" in (
            done.stderr
        )
    left = snapshot(folder)
    staging = [n for n in left if n.startswith(".trimtab-run.") and n.endswith(".tmp")]
    assert len(staging) == (1 if how == "kill" else 0)  # a failure cleans up; a kill cannot
    assert {n: d for n, d in left.items() if n not in staging} == first_run
    # the next run finishes the job: the killed run's staging folder is gone, the set is new
    again = trimtab("plan", EXAMPLE, "--out", folder)
    assert again.returncode == 0, again.stderr
    assert {p.name for p in folder.iterdir()} == {
        RUN_MANIFEST,
        "mine.txt",
        "plan.json",
        "plan.xlsx",
        "report.html",
        "review.html",
    }


def test_a_folder_in_the_way_is_refused_before_anything_is_written(
    tmp_path: Path, first_run: dict[str, bytes]
) -> None:
    folder = restore(tmp_path / "out", first_run)
    (folder / "review.html").unlink()
    (folder / "review.html").mkdir()
    before = snapshot(folder)
    done = trimtab("plan", EXAMPLE, "--out", folder)
    assert done.returncode == 2, done.stderr
    assert f"{folder / 'review.html'}:0:0: (output): the output file's name is taken" in done.stderr
    assert snapshot(folder) == before


def test_write_run_never_removes_a_file_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_bytes(b"the user's")  # same name pattern, not in any manifest
    write_run(tmp_path, [("a.csv", b"1"), ("c.csv", b"3")])
    done = write_run(tmp_path, [("a.csv", b"2")])
    assert done.removed == (tmp_path / "c.csv",)
    assert sorted(p.name for p in tmp_path.iterdir()) == [RUN_MANIFEST, "a.csv", "b.csv"]
    assert (tmp_path / "a.csv").read_bytes() == b"2"


def test_a_corrupt_manifest_removes_nothing(tmp_path: Path) -> None:
    write_run(tmp_path, [("a.csv", b"1"), ("c.csv", b"3")])
    (tmp_path / RUN_MANIFEST).write_bytes(b"not json")
    done = write_run(tmp_path, [("a.csv", b"2")])
    assert done.removed == ()
    assert (tmp_path / "c.csv").read_bytes() == b"3"


def test_book_household_folders_never_mix_runs(tmp_path: Path) -> None:
    from trimtab.book import BookOptions, run_book
    from trimtab.model.enums import TradeFileKind

    out = tmp_path / "book"
    schwab = (TradeFileKind("schwab"),)
    first = run_book([str(EXAMPLE)], BookOptions(out_dir=str(out), trade_files=schwab), local=True)
    key = first.summary.results[0].key
    (out / key / "mine.txt").write_bytes(b"x")
    assert (out / key / "trades-schwab.csv").exists()
    run_book([str(EXAMPLE)], BookOptions(out_dir=str(out)), local=True)
    names = {p.name for p in (out / key).iterdir()}
    assert names == {
        RUN_MANIFEST,
        "mine.txt",
        "plan.json",
        "plan.xlsx",
        "report.html",
        "review.html",
    }
    assert (out / RUN_MANIFEST).exists()  # the book's own files are one run too
