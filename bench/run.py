"""`make bench`: time the plan engine on the benchmark households and print a table.

For each size (bench/households.py writes and checks the files; loading is not timed) one
warm-up run, then ``--runs`` timed runs (``--large-runs`` for `large`: fewer are allowed only
when one run takes over 30 s, and the table says so) of each stage, called as the pipeline
calls them:

    inputs      trimtab.optimize.inputs.plan_inputs(household, mode)
    model       trimtab.optimize.model.build_model(inputs)
    assembly    inputs + model
    solve       trimtab.optimize.plan.solve_staged(inputs, model)            (HiGHS: LP, then MILP)
    decode      trimtab.optimize.decode.decode(inputs, model, solution.x)
    report      trimtab.explain.plan.build_report(household, inputs, decoded, status)
    what_if     trimtab.tax.whatif.what_if on the report's engine trades   (exact tax alone)
    explain     report − what_if of the same run (the rest of the report)
    total       trimtab.pipeline.plan_household(household)                 (timed on its own)

Medians and minimums in milliseconds, the peak memory of the process after each size (sizes
run in order in one process, so a size's figure includes the sizes before it and its loading),
then the model's size. ``--profile SIZE`` prints cProfile's top functions of one plan instead.
Then the asset-location section (bench/location.py): the review's estimated gain over
``--households`` generated households (1,000, seed ``--seed``), against the published range.
``--only plan`` or ``--only location`` runs one section.
Run against another checkout of trimtab with ``PYTHONPATH=<checkout>/src``.

    python bench/run.py [SIZE ...] [--runs N] [--large-runs N] [--profile SIZE]
                        [--only plan|location] [--households N] [--seed S]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import platform
import pstats
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import location
from households import OUT, SIZES, write

import trimtab
from trimtab import Household, load_household
from trimtab.explain.plan import build_report, drafts, engine_trade
from trimtab.optimize.decode import decode
from trimtab.optimize.inputs import plan_inputs
from trimtab.optimize.model import Model, build_model
from trimtab.optimize.plan import solve_staged
from trimtab.pipeline import plan_household
from trimtab.tax.whatif import what_if

STAGES = (
    "inputs",
    "model",
    "assembly",
    "solve",
    "decode",
    "report",
    "what_if",
    "explain",
    "total",
)
SECTIONS = ("plan", "location")
SLOW_RUN_SECONDS = 30.0
FEW_RUNS = 3


@dataclass(slots=True)
class Timings:
    """Seconds per stage over the runs of one size, and what the last run produced."""

    size: str
    seconds: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STAGES})
    model: Model | None = None
    status: str = ""
    trades: int = 0
    note: str = ""
    peak_mb: float = 0.0

    @property
    def runs(self) -> int:
        return len(self.seconds["total"])


def _clock(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def one_run(household: Household, into: Timings | None) -> float:
    """Time every stage once (recorded in ``into`` unless None); the total's seconds."""
    mode = household.settings.mode
    inputs, t_inputs = _clock(lambda: plan_inputs(household, mode))
    model, t_model = _clock(lambda: build_model(inputs))
    solution, t_solve = _clock(lambda: solve_staged(inputs, model))
    if not solution.optimal:
        raise SystemExit(f"{household.name}: no plan, the solver says {solution.status}")
    decoded, t_decode = _clock(lambda: decode(inputs, model, solution.x))
    report, t_report = _clock(lambda: build_report(household, inputs, decoded, solution.status))
    items = drafts(inputs, decoded)
    engine = [engine_trade(inputs, household, f"P{i + 1}", d) for i, d in enumerate(items)]
    _, t_whatif = _clock(lambda: what_if(household, engine))
    _, t_total = _clock(lambda: plan_household(household))
    if into is not None:
        for stage, seconds in (
            ("inputs", t_inputs),
            ("model", t_model),
            ("assembly", t_inputs + t_model),
            ("solve", t_solve),
            ("decode", t_decode),
            ("report", t_report),
            ("what_if", t_whatif),
            ("explain", max(0.0, t_report - t_whatif)),
            ("total", t_total),
        ):
            into.seconds[stage].append(seconds)
        into.model, into.status, into.trades = model, solution.status, len(report.plan.trades)
    return t_total


def bench_size(name: str, runs: int, large_runs: int | None) -> Timings:
    """Warm up once, then time ``runs`` runs (for `large`, fewer when one run is slow)."""
    household = load_household(write(SIZES[name], OUT))
    timings = Timings(size=name)
    warm = one_run(household, None)
    if name == "large" and large_runs is not None:
        runs = large_runs
    elif name == "large" and warm > SLOW_RUN_SECONDS:
        runs = FEW_RUNS
    if runs < 20 and warm > SLOW_RUN_SECONDS:
        timings.note = f"{runs} runs: one run took {warm:.0f} s (> {SLOW_RUN_SECONDS:.0f} s)"
    elif runs < 20:
        timings.note = f"{runs} runs (fewer than 20: asked for on the command line)"
    for n in range(runs):
        one_run(household, timings)
        print(f"  {name}: run {n + 1}/{runs}", end="\r", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    timings.peak_mb = peak_rss_mb()
    return timings


# --- output --------------------------------------------------------------------------------


def _ms(seconds: list[float]) -> str:
    if not seconds:
        return "-"
    return f"{1000 * statistics.median(seconds):,.1f} ({1000 * min(seconds):,.1f})"


def _short(status: str) -> str:
    """``Time limit reached (feasible plan, MIP gap 0.47%)`` as ``time limit, gap 0.47%``."""
    if status.startswith("Time limit") and "gap" in status:
        return "time limit, gap " + status.rsplit(" ", 1)[-1].rstrip(")")
    return status


def time_table(results: Sequence[Timings]) -> str:
    """Stages by size: median (min) in milliseconds."""
    header = ["stage, ms: median (min)", *(t.size for t in results)]
    rows = [[stage, *(_ms(t.seconds[stage]) for t in results)] for stage in STAGES]
    rows.append(["runs", *(str(t.runs) for t in results)])
    rows.append(["solver status", *(_short(t.status) for t in results)])
    rows.append(["trades", *(str(t.trades) for t in results)])
    rows.append(["peak RSS, MB (so far)", *(f"{t.peak_mb:,.0f}" for t in results)])
    return _grid(header, rows)


def model_table(results: Sequence[Timings]) -> str:
    """The model's size per household size."""
    header = ["model", *(t.size for t in results)]
    rows = []
    for label, of in (
        ("columns", lambda m: m.cost.size),
        ("rows", lambda m: m.rows.matrix.shape[0]),
        ("nonzeros", lambda m: m.rows.matrix.nnz),
        ("integer columns", lambda m: int(m.integer.sum())),
        ("  sell units", lambda m: m.layout.units),
        ("  buy candidates", lambda m: m.layout.buys),
        ("  sell groups", lambda m: len(m.layout.sell_groups)),
        ("  whole-share groups", lambda m: len(m.layout.integer_groups)),
    ):
        rows.append([label, *(f"{of(t.model):,}" if t.model else "-" for t in results)])
    return _grid(header, rows)


def _grid(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def machine() -> str:
    """Where the numbers come from: CPU, cores, Python, HiGHS, and the trimtab imported."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"highspy {metadata.version('highspy')}; trimtab from {Path(trimtab.__file__).parent}"
    )


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def profile(name: str, top: int) -> str:
    """cProfile of one plan_household of ``name`` (after a warm-up): the top functions."""
    household = load_household(write(SIZES[name], OUT))
    plan_household(household)
    profiler = cProfile.Profile()
    profiler.runcall(plan_household, household)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return text.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sections asked for and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", metavar="SIZE", help=", ".join(SIZES))
    parser.add_argument("--runs", type=int, default=20, help="timed runs per size (20)")
    parser.add_argument(
        "--large-runs",
        type=int,
        default=None,
        help=f"timed runs of `large` (default: --runs, or {FEW_RUNS} when one run > 30 s)",
    )
    parser.add_argument("--profile", metavar="SIZE", help="cProfile one run of SIZE instead")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    parser.add_argument("--only", choices=SECTIONS, help="run one section (default: both)")
    parser.add_argument(
        "--households",
        type=int,
        default=location.HOUSEHOLDS,
        help=f"households of the location section ({location.HOUSEHOLDS:,})",
    )
    parser.add_argument(
        "--seed", type=int, default=location.SEED, help="the location section's seed (0)"
    )
    args = parser.parse_args(argv)
    unknown = [s for s in [*args.sizes, args.profile or "small"] if s not in SIZES]
    if unknown or args.runs < 1:
        parser.error(f"unknown size {', '.join(unknown)} (expected {', '.join(SIZES)})")
    if args.households < 1:
        parser.error("--households must be at least 1")
    if args.profile:
        print(profile(args.profile, args.top))
        return 0
    if args.only != "location":
        plan_section(args)
    if args.only != "plan":
        print(f"\n{location.section(args.households, args.seed)}")
    return 0


def plan_section(args: argparse.Namespace) -> None:
    """Time the sizes named (all by default) and print the tables."""
    results = [bench_size(name, args.runs, args.large_runs) for name in args.sizes or SIZES]
    print(f"\ntrimtab plan engine, households from bench/households.py ({OUT}/)")
    print(f"{machine()}\n")
    print(time_table(results))
    print()
    print(model_table(results))
    notes = [f"{t.size}: {t.note}" for t in results if t.note]
    notes += [
        f"{t.size}: the solve stopped at HiGHS's time limit ({t.status})"
        for t in results
        if "time limit" in t.status.lower()
    ]
    print(*(["", "notes:", *notes] if notes else []), sep="\n")


if __name__ == "__main__":
    sys.exit(main())
