"""Problems (user mistakes, as values) and the exception tree (real failures).

User mistakes never raise: each stage returns :class:`Problem` records so one run
reports every mistake at once, printed as ``file:line:col: field: message (expected …)``.

Real failures form one tree::

    TrimtabError                  base of everything trimtab raises on purpose
    ├── InputError                input problems stopped the run (exit 2); carries the Problems
    ├── InfeasibleError           no plan satisfies every constraint (exit 3)
    ├── BookError                 some households of a book failed (exit 4)
    ├── JournalError              the run journal cannot be opened, read or written (exit 2)
    └── InternalError             a bug or a broken invariant (exit 70)

Foreign exceptions (YAML, pydantic, OS) are translated into Problems or these
errors at the boundary where they occur.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from trimtab.source import Source


class ExitCode(IntEnum):
    """Process exit codes, documented in docs/cli.md."""

    OK = 0
    INPUT_PROBLEMS = 2
    INFEASIBLE = 3
    BOOK_PARTIAL = 4
    INTERNAL = 70


class Severity(StrEnum):
    """How bad a problem is: errors stop the run, warnings are reported and the run goes on."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One mistake (or warning) in the input.

    source: where it is (file, line, column).
    field: the dotted field path, e.g. ``accounts[1].holdings[0].quantity``.
    kind: a stable machine-readable name, e.g. ``targets_sum``, ``unknown_symbol``.
    message: what is wrong, in words.
    expected: what was expected instead ('' when nothing useful can be said).
    severity: error or warning.
    """

    source: Source
    field: str
    kind: str
    message: str
    expected: str = ""
    severity: Severity = Severity.ERROR

    @classmethod
    def warning(
        cls, source: Source, field: str, kind: str, message: str, expected: str = ""
    ) -> Problem:
        """A warning: reported, never stopping the run."""
        return cls(
            source=source,
            field=field,
            kind=kind,
            message=message,
            expected=expected,
            severity=Severity.WARNING,
        )

    def __str__(self) -> str:
        """One line ``file:line:col: field: message (expected …)``; control characters of the
        user's text in it (a name, a file name) are shown escaped (:func:`printable`)."""
        text = f"{self.source}: {self.field}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        if self.severity is Severity.WARNING:
            text = "warning: " + text
        return printable(text)


_NAMED_CONTROLS = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROL_ESCAPES = {
    code: _NAMED_CONTROLS.get(chr(code), f"\\x{code:02x}")
    for code in (*range(0x20), *range(0x7F, 0xA0))
}
"""C0 controls (NUL, ESC, line breaks, ...), DEL and the C1 controls, each as its escape."""


def printable(text: str) -> str:
    """``text`` with every terminal control character shown escaped, never sent raw: C0
    (``\\x00``-``\\x1f``; ``\\n``, ``\\r``, ``\\t`` by name), DEL (``\\x7f``) and C1
    (``\\x80``-``\\x9f``). Example: ``printable("a\\x1b[2Jb")`` is ``a\\x1b[2Jb`` with
    a backslash, so an escape sequence in a household name cannot clear the screen."""
    return text.translate(_CONTROL_ESCAPES)


def errors_only(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The problems that stop a run."""
    return tuple(p for p in problems if p.severity is Severity.ERROR)


class TrimtabError(Exception):
    """Base of the errors trimtab raises on purpose."""

    exit_code: ExitCode = ExitCode.INTERNAL


class InputError(TrimtabError):
    """The input has problems; the run stopped before doing anything."""

    exit_code = ExitCode.INPUT_PROBLEMS

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__(problems_message(problems))


def problems_message(problems: tuple[Problem, ...]) -> str:
    """The text of an :class:`InputError`: a count, then one ``file:line:col: field: message``
    line per problem (errors first, then warnings)."""
    errors = errors_only(problems)
    count = len(errors) or len(problems)
    head = f"{count} input problem" + ("" if count == 1 else "s")
    ordered = (*errors, *(p for p in problems if p.severity is not Severity.ERROR))
    return head + (":\n" + "\n".join(str(p) for p in ordered) if ordered else "")


class InfeasibleError(TrimtabError):
    """No plan satisfies every constraint."""

    exit_code = ExitCode.INFEASIBLE


class BookError(TrimtabError):
    """Some households of a book failed."""

    exit_code = ExitCode.BOOK_PARTIAL


class JournalError(TrimtabError):
    """The run journal cannot be opened, read or written (locked, corrupt, wrong URL, server
    down), or a journal command names a run or a transition that does not exist."""

    exit_code = ExitCode.INPUT_PROBLEMS


class InternalError(TrimtabError):
    """A bug or a broken invariant."""

    exit_code = ExitCode.INTERNAL
