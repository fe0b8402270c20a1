"""A writer process for the concurrency tests: records the same plan N times into a journal.

python journal_writer.py URL N NAME            N runs, user NAME
python journal_writer.py URL 1 NAME --hang M   one run that stops inside its transaction,
                                               after its entry is written and before its
                                               trades, having created the file M; it waits
                                               there until it is killed
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from trimtab import commands, journal
from trimtab.journal import store
from trimtab.pipeline import check_household

HOUSEHOLD = Path(__file__).resolve().parent / "data" / "overweight.yaml"


def main(url: str, count: int, user: str, hang: str | None) -> None:
    household, _ = check_household(HOUSEHOLD)
    assert household is not None
    text = HOUSEHOLD.read_text()
    run = commands.plan(household, input_sha256=commands.input_sha256(text.encode()))
    if hang is not None:
        _hang_before_trades(Path(hang))
    with journal.open_journal(url) as j:
        for _ in range(count):
            journal.record_run(j, run.report, run.document, text, user=user)


def _hang_before_trades(marker: Path) -> None:
    """Make the trade index insert wait forever once the entry row is in (uncommitted)."""
    insert = store.trades.insert

    def stuck() -> object:
        marker.write_text("inside the transaction")
        while True:
            time.sleep(1)
        return insert()

    store.trades.insert = stuck  # type: ignore[method-assign]


if __name__ == "__main__":
    args = sys.argv[1:]
    hang_at = args[4] if len(args) > 4 and args[3] == "--hang" else None
    main(args[0], int(args[1]), args[2], hang_at)
