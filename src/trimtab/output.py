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

:func:`write_run` writes the whole set of files of one run (``plan --out``, a book household's
folder, the book's own files) so that a folder never mixes two runs: see its docstring.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
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


RUN_MANIFEST = ".trimtab-run.json"
"""The hidden file, in a folder :func:`write_run` wrote, naming the files of the last run."""
RUN_MANIFEST_SCHEMA = "trimtab.out-run/1"
_STAGING_PREFIX = ".trimtab-run."


@dataclass(frozen=True, slots=True, kw_only=True)
class WrittenRun:
    """What :func:`write_run` did.

    written: the files of this run, in the order given.
    removed: files of the previous run that this run did not write, removed.
    kept: files of the previous run that this run did not write but that were changed since
        (kept: trimtab removes no file it did not write as it is); ``warnings`` names them.
    warnings: one warning per kept file.
    """

    written: tuple[Path, ...]
    removed: tuple[Path, ...]
    kept: tuple[Path, ...]
    warnings: tuple[Problem, ...]


def write_run(folder: str | Path, files: Sequence[tuple[str, bytes]]) -> WrittenRun:
    """Write one run's whole set of ``files`` (name, bytes) into ``folder``; never a mix of runs.

    1. Every target is checked first: a name that is a symbolic link or a folder is refused
       (an InputError, exit 2), before anything is written.
    2. Every file is written and flushed to the disk in a hidden staging folder inside
       ``folder`` (``.trimtab-run.<pid>.<random>.tmp``). A failure or a kill up to here leaves
       the previous run's files exactly as they were (the staging folder is removed on a
       failure; one a killed run left behind is removed by the next run). An OSError here (a
       full disk) is an InputError ``output_unwritable`` (exit 2).
    3. The staged files are renamed into place (``os.replace``: each one atomic), then the
       manifest :data:`RUN_MANIFEST` naming them and their SHA-256.
    4. The previous run's files (its manifest) that this run did not write are removed, unless
       changed since trimtab wrote them (then kept, with a warning). A file trimtab did not
       write (not in the manifest) is never touched, whatever its name.
    """
    target = Path(folder)
    contents = dict(files)  # a name given twice: its last contents
    names = list(contents)
    problems = _target_problems(target, (*names, RUN_MANIFEST))
    if problems:
        raise InputError(problems)
    target.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(target)
    _remove_stale_staging(target)
    staging = Path(
        tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}.", suffix=".tmp", dir=target)
    )
    try:
        digests = {
            name: _stage(staging / name, target / name, data) for name, data in contents.items()
        }
        manifest = {"schema": RUN_MANIFEST_SCHEMA, "files": digests}
        _stage(staging / RUN_MANIFEST, target / RUN_MANIFEST, _manifest_bytes(manifest))
        _sync_folder(staging)
    except OSError as exc:  # a full disk, a quota: the user's to fix, exit 2, nothing changed
        _remove_tree(staging)
        raise InputError((_unwritable_problem(target, exc),)) from exc
    except BaseException:
        _remove_tree(staging)
        raise
    for name in (*names, RUN_MANIFEST):  # the commit: a few renames
        os.replace(staging / name, target / name)
    _remove_tree(staging)
    _sync_folder(target)
    removed, kept = _remove_previous(target, previous, set(names))
    return WrittenRun(
        written=tuple(target / name for name in names),
        removed=removed,
        kept=kept,
        warnings=tuple(_kept_problem(path) for path in kept),
    )


def _target_problems(folder: Path, names: Sequence[str]) -> tuple[Problem, ...]:
    """A name that is not a plain file name, or whose target is a link or a folder."""
    problems = []
    for name in names:
        path = folder / name
        if Path(name).name != name or name in ("", ".", ".."):
            raise ValueError(f"write_run: {name!r} is not a file name")
        if path.is_symlink():
            problems.append(_symlink_problem(path))
        elif path.is_dir():
            problems.append(_folder_problem(path))
    return tuple(problems)


def _stage(staged: Path, target: Path, data: bytes) -> str:
    """Write ``data`` to ``staged`` (with the mode ``target`` has or would get), flushed to the
    disk; its SHA-256."""
    import hashlib  # OpenSSL: only the commands that write a run need it

    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, _mode(target))
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return hashlib.sha256(data).hexdigest()


def _manifest_bytes(manifest: Mapping[str, object]) -> bytes:
    import json

    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _read_manifest(folder: Path) -> dict[str, str]:
    """The files (name -> SHA-256) the previous run's manifest names; {} when none is readable."""
    import json

    path = folder / RUN_MANIFEST
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("schema") != RUN_MANIFEST_SCHEMA:
        return {}
    files = document.get("files")
    if not isinstance(files, dict):
        return {}
    return {
        name: digest
        for name, digest in files.items()
        if isinstance(name, str) and isinstance(digest, str) and Path(name).name == name
    }


def _remove_previous(
    folder: Path, previous: dict[str, str], written: set[str]
) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """Remove the previous run's files this run did not write and that are as it wrote them;
    (removed, kept because changed)."""
    import hashlib

    removed: list[Path] = []
    kept: list[Path] = []
    for name, digest in sorted(previous.items()):
        path = folder / name
        if name in written or name == RUN_MANIFEST or path.is_symlink() or not path.is_file():
            continue
        try:
            same = hashlib.sha256(path.read_bytes()).hexdigest() == digest
            if same:
                path.unlink()
        except OSError:
            same = False
        (removed if same else kept).append(path)
    if removed:
        _sync_folder(folder)
    return tuple(removed), tuple(kept)


def _remove_stale_staging(folder: Path) -> None:
    """Remove staging folders that killed runs left in ``folder`` (their process is gone)."""
    for entry in folder.glob(f"{_STAGING_PREFIX}*.tmp"):
        pid = entry.name.removeprefix(_STAGING_PREFIX).split(".", 1)[0]
        if entry.is_dir() and not entry.is_symlink() and pid.isdigit() and not _alive(int(pid)):
            _remove_tree(entry)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _folder_problem(target: Path) -> Problem:
    return Problem(
        source=Source(file=str(target), line=0, column=0),
        field="(output)",
        kind="output_is_a_folder",
        message="the output file's name is taken by a folder; trimtab replaces no folder",
        expected="a regular file or a new name (move the folder, or write elsewhere)",
    )


def _unwritable_problem(folder: Path, exc: OSError) -> Problem:
    return Problem(
        source=Source(file=str(folder), line=0, column=0),
        field="(output)",
        kind="output_unwritable",
        message=f"cannot write the outputs: {exc.strerror or exc}; "
        "the previous run's files are as they were",
        expected="room and permission to write in the folder",
    )


def _kept_problem(path: Path) -> Problem:
    return Problem.warning(
        source=Source(file=str(path), line=0, column=0),
        field="(output)",
        kind="output_kept",
        message="a file of the previous run that this run did not write was changed since "
        "trimtab wrote it, so it is kept; it is not part of this run",
        expected="remove it if it is no longer needed",
    )
