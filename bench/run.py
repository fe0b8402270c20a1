"""`make bench`: time the plan engine on seeded households of three sizes and print tables.

Within a 5-minute budget on a 2-core machine (``--budget``, 270 s by default, counted from the
start of ``main``):

1. Stages. For each size (small, medium, large; bench/households.py), ``--households-per-size``
   seeded households (20; seeds 1..N, ``replace(SIZES[size], seed=k, name=f"{size}-{k}")``,
   written to out/bench/seeded/ untimed). Each household is loaded and planned once, stage by
   stage, called as the pipeline calls them:

       load             trimtab.load_household(path)                         (file -> household)
       inputs           trimtab.optimize.inputs.plan_inputs(household, mode)
       model (LP build) trimtab.optimize.model.build_model(inputs)  (on its own: solve builds it)
       solve            trimtab.optimize.engine.solve_household(inputs) (LP solves + rounding)
       decode           trimtab.optimize.decode.decode(solved.inputs, solved.model, solution.x)
       location review  trimtab.optimize.location.location_review(household)
       exact tax        trimtab.tax.whatif.what_if on the plan's engine trades
       explain          build_report(household, inputs, decoded, status, location=review)
                        minus the exact tax of the same household
       JSON             plan_document(report, "0" * 64), then render_json(document)
       total            trimtab.pipeline.plan_household on a fresh copy of the household
                        (``dataclasses.replace``: a new identity, so nothing the stages figured
                        per household object is reused), timed on its own

   Median and p90 (nearest rank) in milliseconds over the households that planned; one that
   raises InfeasibleError or whose solve is not optimal counts as failed. One untimed warm-up
   (the canonical small household) comes first. `large` runs last (step 5) and stops when the
   next household would overrun the budget; the table says how many ran and why.
2. Default vs exact. For each small household (``--gap-sizes``; medium is off by default: the
   exact solver may take 20 s a medium household), trimtab.optimize.plan.optimize with the
   default solver and with SolverKind.EXACT, each plan priced by
   trimtab.optimize.engine.exact_objective: the gap lp − exact in dollars.
3. Whole-process CLI: `trimtab plan examples/household.yaml --json` and `trimtab drift
   examples/household.yaml` (the venv's executable, output to /dev/null), one warm-up then
   ``--cli-runs`` (10) runs each: median and p90 wall time.
4. Asset location (bench/location.py) over ``--households`` (200) generated households.
5. The book (bench/book.py): `trimtab.book.run_book` on 200 generated medium households with
   2 local worker processes, end to end with every household's files; ``--book-full`` runs the
   issue's 10,000 households with 1 and then 2 workers instead (about an hour or more),
   ``--book-households N`` another size, and ``--only book`` runs this section alone. It runs
   before the large households, which get what is left of the budget.
6. The large households, then the peak memory of the process (getrusage maxrss).

6a. Large inputs (bench/inputs.py, issue 31): load + validate of a household, an export
   import and a trade-list check at 1×, 10× and 100× the large household (or refused past a
   limit of trimtab.load.limits), CPU time and peak memory each in a fresh process (about a
   minute; ``--only inputs`` runs it alone). It runs before the large households.

Then the tables, a table "against the targets", the location section and the wall time.
Progress goes to standard error. ``--only plan`` or ``--only location`` runs one section;
``--profile SIZE`` prints cProfile's top functions of one plan instead.
Run against another checkout of trimtab with ``PYTHONPATH=<checkout>/src``.

    python bench/run.py [SIZE ...] [--households-per-size N] [--large-households N]
                        [--budget SECONDS] [--gap-sizes SIZE ...] [--cli-runs N]
                        [--only plan|location|book|inputs] [--book-full] [--households N]
                        [--seed S]
                        [--profile SIZE]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import io
import math
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TypeVar

# As the `trimtab` command does (trimtab.__main__): numpy's BLAS on one thread. The plan does no
# linear algebra that needs more, and a thread per core would spin after each call, taking CPU
# from the solve (about a tenth of a large plan's solve stage on this 2-core machine).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import inputs  # after the BLAS setting: bench/inputs.py imports numpy
import location
from households import OUT, SIZES, write

import book
import trimtab
from trimtab import load_household
from trimtab.errors import InfeasibleError
from trimtab.explain.location_review import location_review
from trimtab.explain.plan import build_report, drafts, engine_trade
from trimtab.gc_pause import collector_paused
from trimtab.model.enums import SolverKind
from trimtab.optimize.decode import decode
from trimtab.optimize.engine import exact_objective, solve_household
from trimtab.optimize.inputs import plan_inputs
from trimtab.optimize.model import build_model
from trimtab.optimize.plan import optimize
from trimtab.pipeline import plan_household
from trimtab.report.json.encode import render_json
from trimtab.report.json.plan import plan_document
from trimtab.tax.whatif import what_if

X = TypeVar("X")

ROOT = Path(__file__).resolve().parent.parent
SEEDED = OUT / "seeded"
EXAMPLE = "examples/household.yaml"
STAGES: tuple[tuple[str, str], ...] = (
    ("load", "load (file -> household)"),
    ("inputs", "inputs"),
    ("model", "  model (LP build, in solve)"),
    ("solve", "solve (solve_household)"),
    ("decode", "decode"),
    ("location", "location review"),
    ("whatif", "exact tax (what_if)"),
    ("explain", "explain (report - exact tax)"),
    ("json", "JSON (document + render)"),
    ("total", "total (plan_household)"),
)
SECTIONS = ("plan", "location", "book", "inputs")
HOUSEHOLDS_PER_SIZE = 20
BUDGET_SECONDS = 270.0
LOCATION_HOUSEHOLDS = 200
CLI_RUNS = 10
GAP_FLOOR = 5.0  # dollars
GAP_SHARE = 0.005  # of |exact|
EXACT_SLOW = "medium"  # the exact solver may take 20 s a household of this size
Shape = tuple[int, int, int, int, int]  # LP columns, rows, nonzeros, sell units, buy candidates


class Failed(Exception):
    """A household without a plan: InfeasibleError, or a solve that is not optimal."""


@dataclass(slots=True)
class SizeRun:
    """The households of one size: seconds per stage of those that planned, and the others."""

    size: str
    asked: int
    seconds: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k, _ in STAGES})
    attempted: int = 0
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    trades: list[int] = field(default_factory=list)
    model: list[Shape] = field(default_factory=list)
    stopped: str = ""  # why fewer than asked ran
    wall: float = 0.0
    peak_mb: float = 0.0

    @property
    def planned(self) -> int:
        return len(self.seconds["total"])


@dataclass(slots=True)
class GapRun:
    """Default vs exact solver on the households of one size."""

    size: str
    households: int = 0
    failed: list[str] = field(default_factory=list)  # InfeasibleError from either solver
    unpriced: list[str] = field(default_factory=list)  # exact_objective None for a plan
    lp_breaks: int = 0  # the default plan breaks an exact row
    exact_breaks: int = 0  # the exact engine's own plan, decoded, breaks an exact row
    gaps: list[float] = field(default_factory=list)
    within: int = 0
    proven: int = 0
    proven_within: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    lp_seconds: list[float] = field(default_factory=list)
    exact_seconds: list[float] = field(default_factory=list)


@dataclass(slots=True)
class CliRun:
    """Wall seconds of one command line, run as a subprocess."""

    words: tuple[str, ...]
    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


# --- timing ----------------------------------------------------------------------------------


def _clock(fn: Callable[[], X]) -> tuple[X, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def seeded(name: str, k: int) -> Path:
    """The file of the ``k``-th seeded household of size ``name`` (written, untimed)."""
    return write(dataclasses.replace(SIZES[name], seed=k, name=f"{name}-{k}"), SEEDED)


def time_household(path: Path) -> tuple[dict[str, float], str, int, Shape]:
    """Every stage of one household once: seconds per stage, the status, trades, model size."""
    household, t_load = _clock(lambda: load_household(path))
    with collector_paused():  # as plan_household runs them (trimtab.gc_pause)
        mode = household.settings.mode
        inputs, t_inputs = _clock(lambda: plan_inputs(household, mode))
        model, t_model = _clock(lambda: build_model(inputs))
        solved, t_solve = _clock(lambda: solve_household(inputs))
        status = solved.solution.status
        if not solved.solution.optimal:
            raise Failed(f"the solve is not optimal ({status})")
        decoded, t_decode = _clock(lambda: decode(solved.inputs, solved.model, solved.solution.x))
        review, t_review = _clock(lambda: location_review(household))
        report, t_report = _clock(
            lambda: build_report(household, inputs, decoded, status, location=review)
        )
        items = drafts(inputs, decoded)
        engine = [engine_trade(inputs, household, f"P{i + 1}", d) for i, d in enumerate(items)]
        _, t_whatif = _clock(lambda: what_if(household, engine))
        _, t_json = _clock(lambda: render_json(plan_document(report, "0" * 64)))
    fresh = dataclasses.replace(household)
    try:
        _, t_total = _clock(lambda: plan_household(fresh))
    except InfeasibleError as e:
        raise Failed(f"plan_household: {e}") from e
    seconds = {
        "load": t_load,
        "inputs": t_inputs,
        "model": t_model,
        "solve": t_solve,
        "decode": t_decode,
        "location": t_review,
        "whatif": t_whatif,
        "explain": max(0.0, t_report - t_whatif),
        "json": t_json,
        "total": t_total,
    }
    shape: Shape = (
        int(model.cost.size),
        int(model.rows.matrix.shape[0]),
        int(model.rows.matrix.nnz),
        int(model.layout.units),
        int(model.layout.buys),
    )
    return seconds, status, len(report.plan.trades), shape


def bench_size(name: str, count: int, deadline: float | None, start: float) -> SizeRun:
    """Time ``count`` seeded households of ``name``; with a deadline, stop before overrunning."""
    run = SizeRun(size=name, asked=count)
    began = time.perf_counter()
    slowest = 0.0
    for k in range(1, count + 1):
        now = time.perf_counter()
        if deadline is not None and k > 1 and now + slowest > deadline:
            run.stopped = (
                f"budget: {k - 1} of {count} households fit (one takes up to {slowest:.0f} s, "
                f"{max(0.0, deadline - now):.0f} s of the budget were left)"
            )
            break
        run.attempted += 1
        label = f"{name}-{k}"
        try:
            seconds, status, trades, shape = time_household(seeded(name, k))
        except Failed as e:
            run.failed.append(f"{label}: {e}")
        except Exception as e:  # a bug, reported in the table rather than losing the run
            run.errors.append(f"{label}: {type(e).__name__}: {str(e)[:200]}")
        else:
            for stage, s in seconds.items():
                run.seconds[stage].append(s)
            run.statuses[status] += 1
            run.trades.append(trades)
            run.model.append(shape)
        slowest = max(slowest, time.perf_counter() - now)
        progress(f"{name}: {k}/{count}", start)
    print(file=sys.stderr)
    run.wall = time.perf_counter() - began
    run.peak_mb = peak_rss_mb()
    return run


def warm_up() -> None:
    """One untimed plan of the canonical small household, stage by stage and whole."""
    with contextlib.suppress(Failed):
        time_household(write(SIZES["small"], OUT))


def gap_size(name: str, count: int, start: float) -> GapRun:
    """Default vs exact solver on the seeded households of ``name``, priced by the exact model."""
    run = GapRun(size=name)
    for k in range(1, count + 1):
        run.households += 1
        household = load_household(seeded(name, k))
        mode = household.settings.mode
        try:
            begin = time.perf_counter()
            o_lp = optimize(household, mode)
            middle = time.perf_counter()
            o_ex = optimize(household, mode, solver=SolverKind.EXACT)
            t_lp, t_ex = middle - begin, time.perf_counter() - middle
        except InfeasibleError as e:
            run.failed.append(f"{name}-{k}: {e}")
            progress(f"gap {name}: {k}/{count}", start)
            continue
        run.lp_seconds.append(t_lp)
        run.exact_seconds.append(t_ex)
        run.statuses[o_ex.status] += 1
        lp = exact_objective(o_lp.inputs, o_lp.decoded.sells, o_lp.decoded.buys)
        ex = exact_objective(o_ex.inputs, o_ex.decoded.sells, o_ex.decoded.buys)
        proven = o_ex.status == "Optimal"
        run.proven += proven
        if lp is None or ex is None:
            run.lp_breaks += lp is None
            run.exact_breaks += ex is None
            which = " and ".join(
                w for w, o in (("the default", lp), ("the exact engine's own", ex)) if o is None
            )
            run.unpriced.append(f"{name}-{k}: exact_objective is None for {which} plan")
        else:
            gap = lp - ex
            ok = abs(gap) <= max(GAP_FLOOR, GAP_SHARE * abs(ex))
            run.gaps.append(gap)
            run.within += ok
            run.proven_within += ok and proven
        progress(f"gap {name}: {k}/{count}", start)
    print(file=sys.stderr)
    return run


def time_cli(words: Sequence[str], runs: int, start: float) -> CliRun:
    """One warm-up, then ``runs`` timed runs of the venv's `trimtab WORDS` from the checkout.

    Python caches compiled modules (``__pycache__``) on a user's machine; a sandbox that sets
    PYTHONDONTWRITEBYTECODE would compile every trimtab module from source on every run
    (~40 ms a command here). The runs keep that cache as a user's do: the warm-up writes it.
    """
    exe = Path(sys.executable).parent / "trimtab"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = CliRun(words=tuple(words))
    for n in range(runs + 1):
        begin = time.perf_counter()
        done = subprocess.run(
            [str(exe), *words],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
            env=env,
        )
        seconds = time.perf_counter() - begin
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
            run.failures.append(f"exit {done.returncode}: {' '.join(tail)[:200]}")
        elif n > 0:
            run.seconds.append(seconds)
        progress(f"cli {' '.join(words[:1])}: {n}/{runs}", start)
    print(file=sys.stderr)
    return run


def progress(text: str, start: float) -> None:
    elapsed = time.perf_counter() - start
    print(f"\r  {text}  ({elapsed:.0f} s)   ", end="", file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- statistics and output -------------------------------------------------------------------


def p90(values: Sequence[float]) -> float:
    """The 90th percentile, nearest rank: the smallest value with 90 % of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _ms(seconds: Sequence[float]) -> tuple[str, str]:
    if not seconds:
        return "-", "-"
    return f"{1000 * statistics.median(seconds):,.1f}", f"{1000 * p90(seconds):,.1f}"


def grid(header: list[str], rows: list[list[str]], *, over: list[str] | None = None) -> str:
    """A plain-text table: the first column left-aligned, the others right-aligned.

    over: a line above the header (e.g. the size each pair of columns belongs to).
    """
    lines = [header, *rows, *([over] if over else [])]
    widths = [max(len(r[i]) for r in lines) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([*([line(over)] if over else []), line(header), rule, *map(line, rows)])


def runs_text(r: SizeRun) -> str:
    if r.stopped.startswith("budget"):
        return f"{r.attempted} (budget)"
    return f"{r.attempted}"


def stage_table(results: Sequence[SizeRun]) -> str:
    """Stages by size: median and p90 in milliseconds."""
    over = [""]
    header = ["stage, ms"]
    for r in results:
        over += [r.size, ""]
        header += ["median", "p90"]
    rows = [[label, *(c for r in results for c in _ms(r.seconds[key]))] for key, label in STAGES]

    def per(label: str, of: Callable[[SizeRun], str]) -> list[str]:
        return [label, *(c for r in results for c in (of(r), ""))]

    rows += [
        per("households run", runs_text),
        per("  planned (timed)", lambda r: str(r.planned)),
        per("  failed (no plan)", lambda r: str(len(r.failed))),
        per("  errors", lambda r: str(len(r.errors))),
        per("solve status", lambda r: ", ".join(f"{s} {n}" for s, n in r.statuses.items())),
        per("trades, median", lambda r: f"{statistics.median(r.trades):g}" if r.trades else "-"),
        per("wall, s (all stages)", lambda r: f"{r.wall:,.1f}"),
        per("peak RSS so far, MB", lambda r: f"{r.peak_mb:,.0f}"),
    ]
    # status names can be long: keep them on their own column width
    return grid(header, rows, over=over)


def model_table(results: Sequence[SizeRun]) -> str:
    """The LP model's size per household size: medians over the households that planned."""
    header = ["LP model (build_model), median", *(r.size for r in results)]
    labels = ("columns", "rows", "nonzeros", "  sell units", "  buy candidates")
    rows = [
        [
            label,
            *(
                f"{statistics.median(m[i] for m in r.model):,.0f}" if r.model else "-"
                for r in results
            ),
        ]
        for i, label in enumerate(labels)
    ]
    return grid(header, rows)


def gap_table(runs: Sequence[GapRun], skipped: Sequence[str]) -> str:
    """Default vs exact: the gap of the default plan over the exact one, priced alike."""
    header = ["default vs exact (lp - exact, $)", *(g.size for g in runs)]

    def money(values: Sequence[float], how: Callable[[Sequence[float]], float]) -> str:
        return f"{how(values):,.2f}" if values else "-"

    rows = [
        ["households", *(str(g.households) for g in runs)],
        ["  no plan (InfeasibleError)", *(str(len(g.failed)) for g in runs)],
        ["  default plan breaks an exact row", *(str(g.lp_breaks) for g in runs)],
        ["  exact plan breaks an exact row", *(str(g.exact_breaks) for g in runs)],
        ["  priced (both objectives)", *(str(len(g.gaps)) for g in runs)],
        ["gap, median", *(money(g.gaps, statistics.median) for g in runs)],
        ["gap, max", *(money(g.gaps, max) for g in runs)],
        ["gap, min", *(money(g.gaps, min) for g in runs)],
        [
            f"within max(${GAP_FLOOR:g}, {100 * GAP_SHARE:g} % of |exact|)",
            *(f"{g.within}/{len(g.gaps)}" for g in runs),
        ],
        ["exact status Optimal (proven)", *(f"{g.proven}/{g.households}" for g in runs)],
        ["  proven and within (of proven)", *(f"{g.proven_within}/{g.proven}" for g in runs)],
        [
            "exact statuses",
            *(", ".join(f"{s} {n}" for s, n in g.statuses.items()) or "-" for g in runs),
        ],
        ["optimize, default, ms: median", *(_ms(g.lp_seconds)[0] for g in runs)],
        ["optimize, exact, ms: median", *(_ms(g.exact_seconds)[0] for g in runs)],
        ["optimize, exact, ms: p90", *(_ms(g.exact_seconds)[1] for g in runs)],
    ]
    text = grid(header, rows) if runs else "default vs exact: not run"
    notes = [*skipped, *(f"{x}" for g in runs for x in [*g.failed, *g.unpriced][:5])]
    wrapped = (textwrap.fill(s, width=100, subsequent_indent="  ") for s in notes)
    return "\n".join([text, *wrapped])


def cli_table(runs: Sequence[CliRun]) -> str:
    """Wall time of whole trimtab processes."""
    header = ["command (wall, ms)", "median", "p90", "runs", "failed"]
    rows = [
        ["trimtab " + " ".join(c.words), *_ms(c.seconds), str(len(c.seconds)), str(len(c.failures))]
        for c in runs
    ]
    return grid(header, rows)


@dataclass(frozen=True, slots=True)
class Target:
    what: str
    limit: float  # seconds, or MB
    unit: str  # "ms", "s" or "MB"
    measured: float | None


def _amount(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{1000 * value:,.1f} ms"
    if unit == "s":
        return f"{value:,.2f} s"
    return f"{value:,.0f} MB"


def targets(
    results: Sequence[SizeRun], clis: Sequence[CliRun], large_peak: float | None
) -> list[Target]:
    """The targets of issue 8 ("Speed"), with what this run measured (None: not measured)."""
    by = {r.size: r for r in results}

    def stat(size: str, stage: str, how: Callable[[Sequence[float]], float]) -> float | None:
        r = by.get(size)
        return how(r.seconds[stage]) if r and r.seconds[stage] else None

    def cli(words: tuple[str, ...]) -> float | None:
        c = next((c for c in clis if c.words == words), None)
        return statistics.median(c.seconds) if c and c.seconds else None

    median = statistics.median
    return [
        Target("medium plan_household, median", 0.050, "ms", stat("medium", "total", median)),
        Target("medium solve, median", 0.015, "ms", stat("medium", "solve", median)),
        Target("medium plan_household, p90", 0.100, "ms", stat("medium", "total", p90)),
        Target(
            "medium file -> loaded household, median", 0.050, "ms", stat("medium", "load", median)
        ),
        Target("large plan_household, median", 1.0, "s", stat("large", "total", median)),
        Target("peak memory after large (maxrss)", 500.0, "MB", large_peak),
        Target("large file -> loaded household, median", 1.5, "s", stat("large", "load", median)),
        Target(f"trimtab plan {EXAMPLE} --json, median wall", 0.5, "s", cli(PLAN_CLI)),
        Target(f"trimtab drift {EXAMPLE}, median wall", 0.3, "s", cli(DRIFT_CLI)),
    ]


def target_table(rows: Sequence[Target]) -> str:
    header = ["against the targets", "target", "measured", "met?"]
    body = [
        [
            t.what,
            "<= " + _amount(t.limit, t.unit),
            "-" if t.measured is None else _amount(t.measured, t.unit),
            "not measured" if t.measured is None else "met" if t.measured <= t.limit else "MISSED",
        ]
        for t in rows
    ]
    return grid(header, body)


PLAN_CLI = ("plan", EXAMPLE, "--json")
DRIFT_CLI = ("drift", EXAMPLE)


def machine() -> str:
    """Where the numbers come from: CPU, cores, load, Python, HiGHS, and the trimtab imported."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, load average {load}; Python "
        f"{platform.python_version()}, highspy {metadata.version('highspy')}; "
        f"trimtab from {Path(trimtab.__file__).parent}"
    )


def profile(name: str, top: int) -> str:
    """cProfile of one plan_household of ``name`` (after a warm-up): the top functions."""
    household = load_household(write(SIZES[name], OUT))
    plan_household(household)
    profiler = cProfile.Profile()
    profiler.runcall(plan_household, dataclasses.replace(household))
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return text.getvalue()


# --- main ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sections asked for and print their tables."""
    start = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", metavar="SIZE", help=", ".join(SIZES))
    parser.add_argument(
        "--households-per-size",
        type=int,
        default=HOUSEHOLDS_PER_SIZE,
        metavar="N",
        help=f"seeded households timed per size ({HOUSEHOLDS_PER_SIZE})",
    )
    parser.add_argument(
        "--large-households",
        type=int,
        default=None,
        metavar="N",
        help="households of `large` (default: --households-per-size, as many as the budget fits)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=BUDGET_SECONDS,
        metavar="SECONDS",
        help=f"wall-time budget the large households must fit in ({BUDGET_SECONDS:.0f}; 0: none)",
    )
    parser.add_argument(
        "--gap-sizes",
        nargs="*",
        default=["small"],
        metavar="SIZE",
        help="sizes of the default-vs-exact comparison (small; none when given empty)",
    )
    parser.add_argument(
        "--cli-runs",
        type=int,
        default=CLI_RUNS,
        help=f"timed runs per command ({CLI_RUNS}; 0: skip)",
    )
    parser.add_argument("--profile", metavar="SIZE", help="cProfile one plan of SIZE instead")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    parser.add_argument("--only", choices=SECTIONS, help="run one section (default: all)")
    parser.add_argument(
        "--book-households",
        type=int,
        default=book.BOOK_HOUSEHOLDS,
        metavar="N",
        help=f"households of the book section's 2-worker book ({book.BOOK_HOUSEHOLDS:,})",
    )
    parser.add_argument(
        "--book-full",
        action="store_true",
        help="the book section at 10,000 households with 1 and 2 workers (about an hour; "
        "default: 200 households, 2 workers)",
    )
    parser.add_argument(
        "--households",
        type=int,
        default=LOCATION_HOUSEHOLDS,
        help=f"households of the location section ({LOCATION_HOUSEHOLDS:,})",
    )
    parser.add_argument(
        "--seed", type=int, default=location.SEED, help="the location section's seed (0)"
    )
    args = parser.parse_args(argv)
    unknown = [s for s in [*args.sizes, *args.gap_sizes, args.profile or "small"] if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)} (expected {', '.join(SIZES)})")
    if args.households_per_size < 1 or (args.large_households or 1) < 1:
        parser.error("--households-per-size and --large-households must be at least 1")
    if args.households < 1:
        parser.error("--households must be at least 1")
    if args.profile:
        print(profile(args.profile, args.top))
        return 0

    deadline = start + args.budget if args.budget > 0 else None
    sizes = [s for s in SIZES if s in (args.sizes or SIZES)]
    plan = args.only in (None, "plan")
    results: list[SizeRun] = []
    gaps: list[GapRun] = []
    clis: list[CliRun] = []
    location_text = ""
    location_seconds = 0.0
    large_peak: float | None = None
    if plan:
        print("warm-up", file=sys.stderr)
        warm_up()
        for name in (s for s in sizes if s != "large"):
            results.append(bench_size(name, args.households_per_size, None, start))
        for name in (s for s in SIZES if s in args.gap_sizes):
            gaps.append(gap_size(name, args.households_per_size, start))
        if args.cli_runs > 0:
            clis = [time_cli(w, args.cli_runs, start) for w in (PLAN_CLI, DRIFT_CLI)]
    if args.only in (None, "location"):
        location_text, location_seconds = _clock(
            lambda: location.section(args.households, args.seed)
        )
    book_text = ""
    if args.only in (None, "book"):
        book_text = book.section(args.book_full, args.book_households)
    inputs_text = ""
    if args.only in (None, "inputs"):
        inputs_text = inputs.section()
    if plan and "large" in sizes:
        count = args.large_households or args.households_per_size
        large = bench_size("large", count, deadline, start)
        if not large.stopped and count < args.households_per_size:
            large.stopped = f"asked: {count} households (--large-households)"
        results.append(large)
        large_peak = large.peak_mb

    if plan:
        print_plan(args, results, gaps, clis, large_peak, deadline is not None)
    if location_text:
        print(f"\n{location_text}")
        print(f"(location section: {location_seconds:.1f} s)")
    if book_text:
        print(f"\n{book_text}")
    if inputs_text:
        print(f"\n{inputs_text}")
    print(f"\nbench wall time: {time.perf_counter() - start:.1f} s (from the start of main)")
    return 0


def print_plan(
    args: argparse.Namespace,
    results: Sequence[SizeRun],
    gaps: Sequence[GapRun],
    clis: Sequence[CliRun],
    large_peak: float | None,
    budgeted: bool,
) -> None:
    """The plan section's tables and notes."""
    print(
        f"\ntrimtab plan engine: seeded households of bench/households.py ({SEEDED}/, "
        f"`<size>-<k>`, seeds 1..{args.households_per_size})"
    )
    print(machine())
    print(
        "ms per household; median and p90 (nearest rank) over the households that planned; "
        "each stage timed once per household, the collector paused as plan_household pauses it\n"
    )
    if results:
        print(stage_table(results))
        print()
        print(model_table(results))
    notes = []
    for r in results:
        if r.stopped:
            notes.append(f"{r.size}: runs: {r.attempted} households ({r.stopped})")
        notes += [f"{r.size}: failed: {f}" for f in r.failed[:5]]
        notes += [f"{r.size}: error: {e}" for e in r.errors[:5]]
    if any(r.size == "large" for r in results):
        notes.append(
            "peak RSS is the whole process's (getrusage maxrss): every size run before, the "
            "location section, and the households the per-household memo keeps"
        )
    notes.append(
        "total runs plan_household on a fresh copy of the household, so it redoes what the "
        "stages figured; stages are timed on the same household object in pipeline order"
    )
    print("\nnotes:")
    for n in notes:
        print(textwrap.fill(n, width=100, initial_indent="  ", subsequent_indent="    "))

    skipped = []
    if EXACT_SLOW not in args.gap_sizes:
        skipped.append(
            f"{EXACT_SLOW}: not compared (the exact solver can take up to 20 s a {EXACT_SLOW} "
            f"household, {args.households_per_size} of them would not fit the 5-minute "
            f"budget; add it with --gap-sizes small {EXACT_SLOW}); large: not compared"
        )
    print()
    print(gap_table(gaps, skipped))
    if clis:
        print()
        print(cli_table(clis))
        for c in clis:
            for f in c.failures[:3]:
                print(f"  trimtab {' '.join(c.words)}: {f}")
    print()
    print(target_table(targets(results, clis, large_peak)))
    if not budgeted:
        print("(no budget: --budget 0)")


if __name__ == "__main__":
    sys.exit(main())
