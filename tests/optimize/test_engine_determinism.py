"""The same household gives byte-identical plan JSON whatever the machine's load (issue 18).

The default engine has no time limit anywhere (LPs, a branch and bound bounded by a count of
LPs, a rounding model bounded by a count of nodes), so a busy machine can only make a plan
slower, never different. The test plans a generated household of six accounts and 120 lots
twice in fresh processes: once on a quiet machine, once while two other processes burn every
core, and compares the bytes.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers.generated import generated

TRIMTAB = Path(sys.executable).with_name("trimtab")


def _burn(seconds: float) -> None:
    end = time.monotonic() + seconds
    x = 0
    while time.monotonic() < end:
        x = (x * 31 + 7) % 1_000_003


@contextmanager
def _busy_machine() -> Iterator[None]:
    burners = [
        multiprocessing.get_context("spawn").Process(target=_burn, args=(120.0,))
        for _ in range(max(2, multiprocessing.cpu_count()))
    ]
    for p in burners:
        p.start()
    try:
        yield
    finally:
        for p in burners:
            p.terminate()
            p.join()


def _plan_json(path: Path) -> bytes:
    done = subprocess.run(
        [str(TRIMTAB), "plan", str(path), "--json"], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_the_same_plan_bytes_on_a_quiet_and_on_a_busy_machine(tmp_path: Path) -> None:
    household = generated(tmp_path, 3)  # six accounts, 16 securities, 120 taxable lots
    quiet = _plan_json(Path(household.file))
    with _busy_machine():
        busy = _plan_json(Path(household.file))
    assert b'"trades"' in quiet
    assert busy == quiet
