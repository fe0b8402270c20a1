"""The only code that writes output files: write to a temporary file, then rename.

A failure at any point, a ``kill -9`` included, leaves either the old file or the new one
whole, never half a file: the data go to a temporary file in the same folder, are flushed to
the disk, and only then replace the target in one ``os.replace`` (a rename, atomic on POSIX).
A temporary file left by a killed process is named ``.<name>.<random>.tmp``.

A target that is a symbolic link is refused (an input problem, exit 2): replacing it would
break the link and writing through it could reach a file outside the output folder.

:func:`import_lock` serializes imports into one household file: an import holds an exclusive
lock on ``.<name>.lock`` beside it from reading the file to writing it, so a second import
waits for the first and then reads what the first wrote (no update is lost). The lock is an
``flock``: the system releases it when its process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from trimtab.errors import InputError, Problem
from trimtab.source import Source

LOCK_WAIT_SECONDS = 120.0
"""How long an import waits for another import into the same household before giving up."""


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + ``os.replace``)."""
    target = Path(path)
    if target.is_symlink():
        raise InputError((_symlink_problem(target),))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, _mode(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return target


def _mode(target: Path) -> int:
    """The file's mode: the old file's when replacing one, else 0666 less the umask (as `open`
    would create it), not mkstemp's private 0600."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry of the renamed file to the disk (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _symlink_problem(target: Path) -> Problem:
    return Problem(
        source=Source(file=str(target), line=0, column=0),
        field="(output)",
        kind="output_is_a_link",
        message=f"the output file is a symbolic link (to {os.readlink(target)}); "
        "trimtab writes no file through a link",
        expected="a regular file or a new name (remove the link, or write elsewhere)",
    )


def lock_path(household: str | Path) -> Path:
    """The lock file of imports into ``household``: ``.<name>.lock`` beside it."""
    target = Path(household)
    return target.with_name(f".{target.name}.lock")


@contextmanager
def import_lock(
    household: str | Path,
    *,
    wait: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[Path]:
    """Hold the import lock of ``household`` for the ``with`` block.

    When another import holds it, ``on_wait`` gets one message ("another import is running
    into …") and the lock is tried again every tenth of a second for ``wait`` seconds; then an
    InputError (exit 2) says the same. The lock file is removed when the block ends (one a
    killed import left behind is taken over: the system released its lock).
    """
    path = lock_path(household)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(path, Path(household), wait, on_wait)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        path.unlink(missing_ok=True)  # while locked: a waiting import then retries anew
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(
    path: Path, household: Path, wait: float, on_wait: Callable[[str], None] | None
) -> int:
    """A descriptor of ``path`` holding its lock; the file it locked is still at ``path``."""
    deadline = time.monotonic() + wait
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        got = _try_lock(fd, path)
        if got is True:
            return fd
        if got is False:  # the file was removed under us: open the new one at once
            os.close(fd)
            continue
        message = _running_message(fd, household)
        os.close(fd)
        if time.monotonic() >= deadline:
            raise InputError((_lock_problem(path, message),))
        if not told and on_wait is not None:
            on_wait(f"trimtab: {message}; waiting for it to finish")
            told = True
        time.sleep(0.1)


def _try_lock(fd: int, path: Path) -> bool | None:
    """Lock ``fd``: True when locked and still the file at ``path``; False when the holder
    before removed it between our open and our lock (unlocked again); None when held."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return None
    try:
        same = os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        same = False
    if not same:
        fcntl.flock(fd, fcntl.LOCK_UN)
    return same


def _running_message(fd: int, household: Path) -> str:
    """``another import is running into X (process N)``, the process as its lock file says."""
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        pid = ""
    return f"another import is running into {household}" + (
        f" (process {pid})" if pid.isdigit() else ""
    )


def _lock_problem(path: Path, message: str) -> Problem:
    return Problem(
        source=Source(file=str(path), line=0, column=0),
        field="(lock)",
        kind="import_running",
        message=message,
        expected="one import at a time into a household file: run this one again when it ends",
    )
