"""The bad-input corpus: each file plants mistakes and lists them as `# expect: kind line field`.

Each run must report exactly the listed errors (kind, line and field), no more, no less,
and never raise.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from trimtab import check_household
from trimtab.errors import errors_only

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
FILES = sorted(BAD.glob("*.yaml"))


def expectations(path: Path) -> Counter[tuple[str, int, str]]:
    """The `# expect:` lines of a corpus file."""
    out: Counter[tuple[str, int, str]] = Counter()
    for line in path.read_text().splitlines():
        if line.startswith("# expect: "):
            parts = line.removeprefix("# expect: ").split(" ", 2)
            out[(parts[0], int(parts[1]), parts[2] if len(parts) > 2 else "")] += 1
    return out


def test_the_corpus_is_large_enough() -> None:
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bad_file_reports_exactly_its_planted_mistakes(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} lists no expected problem"
    household, problems = check_household(path)
    assert household is None
    got = Counter((p.kind, p.source.line, p.field) for p in errors_only(problems))
    assert got == expected
    assert all(p.source.file == str(path) for p in problems)


def test_several_planted_mistakes_are_all_reported_in_one_run() -> None:
    path = BAD / "several_mistakes.yaml"
    _, problems = check_household(path)
    assert len(errors_only(problems)) == 5 == sum(expectations(path).values())
