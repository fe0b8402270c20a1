"""Large inputs stay linear and bounded (issue 31, item 7): `make bench BENCH_ARGS="--only inputs"`.

Three inputs at 1×, 10× and 100× the `large` benchmark household (bench/households.py: 20
accounts, 200 securities, 20,000 lots), or the largest that fits under trimtab's size limits
(src/trimtab/load/limits.py, docs/household-format.md "Limits"):

    household   the large household's accounts repeated k times (ids ``<id>-<n>``, lot ids
                renumbered): k × 20 accounts and k × 20,000 lots, 200 prices; timed as
                ``trimtab validate FILE --json`` (load + validate)
    export      a Fidelity positions export of those accounts and a trimtab lot CSV of their
                lots (k × 20,000 rows), imported into a new household file: ``trimtab import
                POSITIONS LOTS --into NEW --json`` (sniff, read, merge, check, render, write)
    trades      a trade list of k × 1,000 trades for the large household (a sell of one lot
                each for the first ones, buys after): ``trimtab check HOUSEHOLD --trades FILE
                --json`` (the console's tables are left out: rich draws them at about 2.5 ms a
                trade)

Each command runs in-process through typer's CliRunner.

Each case runs in a fresh process (``multiprocessing``, spawn) so that its peak memory
(getrusage maxrss) is its own; the table gives the input's size, the CPU seconds of the case
(time.process_time, the machine is shared), the wall seconds, ms of CPU a row, and the peak
memory. Linear time shows as a flat "ms/row" column, and as a "marginal" (CPU between
two sizes over the rows between them) close to it: the marginal leaves out what every size
pays once (the trade list's household, 20,000 lots, is read at every size). A size past a
limit is not run: the table names the limit it passes (tests/load/test_limits.py holds the
answer, a located problem and exit 2).

    python bench/inputs.py [--sizes 1 10 100] [--out DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import resource
import sys
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from households import (
    AS_OF,
    OUT,
    SIZES,
    Account,
    Generated,
    Lot,
    Position,
    generate,
    money,
    render,
    shares,
)

from trimtab.model.enums import AccountType

SCALES = (1, 10, 100)
TRADES_PER_SCALE = 1_000
KINDS = ("household", "export", "trades")
FOLDER = OUT / "inputs"


# --- the inputs ---------------------------------------------------------------------------


def scaled(k: int) -> Generated:
    """The large household with its accounts repeated ``k`` times (new account and lot ids)."""
    base = generate(SIZES["large"])
    if k == 1:
        return base
    accounts: list[Account] = []
    lot_id = 1
    for n in range(1, k + 1):
        for a in base.accounts:
            positions = []
            for p in a.positions:
                lots = tuple(
                    dataclasses.replace(x, id=f"L{lot_id + i}") for i, x in enumerate(p.lots)
                )
                lot_id += len(lots)
                positions.append(dataclasses.replace(p, lots=lots))
            accounts.append(dataclasses.replace(a, id=f"{a.id}-{n}", positions=tuple(positions)))
    return dataclasses.replace(base, accounts=tuple(accounts))


def household_file(k: int, folder: Path) -> Path:
    """The household of :func:`scaled` as a file."""
    return _write(folder / f"household-x{k}.yaml", render(scaled(k)))


_FIDELITY_NAMES = {
    AccountType.TAXABLE: "Individual - TOD",
    AccountType.TRADITIONAL_IRA: "Traditional IRA",
    AccountType.ROTH_IRA: "ROTH IRA",
    AccountType.K401: "401(k)",
    AccountType.HSA: "Health Savings Account",
    AccountType.SEP_IRA: "SEP-IRA",
}


def export_files(k: int, folder: Path) -> tuple[Path, Path]:
    """A Fidelity positions export and a lot CSV of the household of :func:`scaled`."""
    g = scaled(k)
    numbers = {a.id: f"Z{100_000_000 + i}" for i, a in enumerate(g.accounts)}
    rows = [
        "Account Number,Account Name,Symbol,Description,Quantity,Last Price,Current Value,"
        "Cost Basis,Type"
    ]
    lots = ["account,symbol,acquired,quantity,cost"]
    for a in g.accounts:
        number, name = numbers[a.id], _FIDELITY_NAMES[a.type]
        for p in a.positions:
            cents = g.prices[p.symbol]
            value = p.milli * cents // 1000
            rows.append(
                f"{number},{name},{p.symbol},{p.symbol} FUND,{shares(p.milli)},"
                f'${money(cents)},"${money(value)}",,Cash'
            )
            lots += [_lot_row(number, p, x) for x in p.lots]
        rows.append(
            f'{number},{name},SPAXX**,HELD IN MONEY MARKET,,,"${money(a.cash_cents)}",,Cash'
        )
    stamp = AS_OF.strftime("%m/%d/%Y")
    rows += ["", f'"Date downloaded {stamp} 2:26 PM ET"']
    positions = _write(folder / f"Portfolio_Positions_x{k}.csv", "\n".join(rows) + "\n")
    return positions, _write(folder / f"lots-x{k}.csv", "\n".join(lots) + "\n")


def _lot_row(number: str, p: Position, x: Lot) -> str:
    return f"{number},{p.symbol},{x.acquired.isoformat()},{shares(x.milli)},{money(x.cost_cents)}"


def trades_file(k: int, folder: Path) -> Path:
    """``k`` × 1,000 trades for the large household: one-lot sells first, then buys."""
    g = scaled(1)
    sells = [
        (a, p, x)
        for a in g.accounts
        if a.type is AccountType.TAXABLE
        for p in a.positions
        for x in p.lots
    ]
    others = [(a, p) for a in g.accounts if not a.menu for p in a.positions]
    lines = ["format: trimtab.trades/1", "trades:"]
    for n in range(k * TRADES_PER_SCALE):
        day = AS_OF.isoformat()
        if n < len(sells) // 2:
            a, p, x = sells[n * 2]
            lines.append(
                f"  - {{id: T{n + 1}, date: {day}, account: {a.id}, action: sell, "
                f"symbol: {p.symbol}, quantity: {shares(x.milli)}, "
                f"price: {money(g.prices[p.symbol])}, lots: [{x.id}]}}"
            )
        else:
            a, p = others[n % len(others)]
            lines.append(
                f"  - {{id: T{n + 1}, date: {day}, account: {a.id}, action: buy, "
                f"symbol: {p.symbol}, quantity: 1, price: {money(g.prices[p.symbol])}}}"
            )
    return _write(folder / f"trades-x{k}.yaml", "\n".join(lines) + "\n")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


# --- the section ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """One input at one scale: what it is, how many rows, its files, the command timed."""

    kind: str
    scale: int
    rows: int
    unit: str
    size: int  # bytes of the files read
    args: tuple[str, ...]
    refused: str = ""  # past a limit: which one (then it is not run)


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    """What one case measured in its own process."""

    exit_code: int
    cpu: float
    wall: float
    peak_mb: float
    base_mb: float
    answer: str


def cases(scales: Sequence[int], folder: Path) -> list[Case]:
    """The cases of ``scales``: files written for those under the limits, in kind order."""
    from trimtab.load.limits import HOUSEHOLD_LIMITS, MAX_EXPORT_ROWS, TRADE_LIMITS

    most_lots = next(x.most for x in HOUSEHOLD_LIMITS if x.what == "lots")
    most_trades = TRADE_LIMITS[0].most
    lots = SIZES["large"].lots
    base = household_file(1, folder)
    out: list[Case] = []
    for k in scales:
        refused = f"{k * lots:,} lots > {most_lots:,}" if k * lots > most_lots else ""
        path = household_file(k, folder) if not refused else base
        out.append(_case("household", k, k * lots, "lots", [path], refused, "validate", str(path)))
    for k in scales:
        rows = k * lots
        refused = f"{rows:,} rows > {MAX_EXPORT_ROWS:,}" if rows > MAX_EXPORT_ROWS else ""
        refused = refused or (f"{rows:,} lots > {most_lots:,}" if rows > most_lots else "")
        files = list(export_files(k, folder)) if not refused else []
        into = folder / f"imported-x{k}.yaml"
        words = ["import", *map(str, files), "--into", str(into)]
        out.append(_case("export", k, rows, "lot rows", files, refused, *words))
    for k in scales:
        n = k * TRADES_PER_SCALE
        refused = f"{n:,} trades > {most_trades:,}" if n > most_trades else ""
        path = trades_file(k, folder) if not refused else base
        words = ["check", str(base), "--trades", str(path)]
        out.append(_case("trades", k, n, "trades", [path, base], refused, *words))
    return out


def _case(
    kind: str, k: int, rows: int, unit: str, files: list[Path], refused: str, *words: str
) -> Case:
    size = sum(f.stat().st_size for f in files) if not refused else 0
    return Case(
        kind=kind,
        scale=k,
        rows=rows,
        unit=unit,
        size=size,
        args=(*words, "--json"),
        refused=refused,
    )


def measure(args: tuple[str, ...]) -> Timing:
    """Run one command in this (fresh) process: CPU and wall seconds, peak memory."""
    from typer.testing import CliRunner

    import trimtab.cli
    import trimtab.importers
    import trimtab.importers.run
    import trimtab.pipeline  # imported before the clock starts, like the others

    for path in args:
        if path.endswith(".yaml") and Path(path).name.startswith("imported-"):
            Path(path).unlink(missing_ok=True)  # import into a new household file each time
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu, wall = time.process_time(), time.perf_counter()
    result = CliRunner().invoke(trimtab.cli.app, list(args))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = result.output.strip().splitlines()
    answer = "" if result.exit_code == 0 else (lines[-1] if lines else repr(result.exception))
    return Timing(
        exit_code=result.exit_code, cpu=cpu, wall=wall, peak_mb=peak, base_mb=base, answer=answer
    )


def _in_child(args: tuple[str, ...]) -> Timing:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(measure, (args,))


def section(scales: Sequence[int] = SCALES, folder: Path = FOLDER) -> str:
    """Write the inputs, time each case in its own process, and return the table."""
    began = time.perf_counter()
    todo = cases(scales, folder)
    written = time.perf_counter() - began
    rows: list[list[str]] = []
    notes: list[str] = []
    per_row: dict[str, float] = {}
    bases: list[float] = []
    last: dict[str, tuple[int, float]] = {}
    for case in todo:
        print(f"inputs: {case.kind} x{case.scale}", file=sys.stderr)
        label = [case.kind, f"{case.scale}×", f"{case.rows:,} {case.unit}"]
        if case.refused:
            rows.append([*label, "-", "refused", "-", "-", "-", "-", "-", case.refused])
            continue
        t = _in_child(case.args)
        bases.append(t.base_mb)
        first = per_row.setdefault(case.kind, t.cpu / case.rows)
        previous = last.get(case.kind)
        marginal = (
            f"{1000 * (t.cpu - previous[1]) / (case.rows - previous[0]):,.3f}"
            if previous and case.rows > previous[0]
            else "-"
        )
        last[case.kind] = (case.rows, t.cpu)
        rows.append(
            [
                *label,
                f"{case.size / 1e6:,.1f}",
                f"{t.cpu:,.2f}",
                f"{t.wall:,.2f}",
                f"{1000 * t.cpu / case.rows:,.3f}",
                marginal,
                f"{t.cpu / case.rows / first:,.2f}",
                f"{t.peak_mb:,.0f}",
                "ok" if t.exit_code == 0 else f"exit {t.exit_code}",
            ]
        )
        if t.exit_code != 0:
            notes.append(f"{case.kind} x{case.scale}: {t.answer[:200]}")
    header = [
        "input",
        "scale",
        "rows",
        "MB",
        "CPU s",
        "wall s",
        "ms/row",
        "marginal",
        "vs 1×",
        "peak MB",
        "result",
    ]
    notes = [
        "CPU s: time.process_time of the command (trimtab imported before the clock); ms/row: "
        "CPU per lot or trade; marginal: ms per row between this size and the one above; "
        "vs 1×: ms/row over 1×'s (flat = linear); peak MB: the process's maxrss (about "
        f"{min(bases, default=0):,.0f} MB of it Python and trimtab imported); refused: past a "
        "limit of src/trimtab/load/limits.py, not run",
        *notes,
        f"(inputs section: {time.perf_counter() - began:.1f} s, {written:.1f} s of it writing "
        "the files)",
    ]
    text = [
        "large inputs (bench/inputs.py): load + validate a household, import an export, check "
        "a trade list, each `--json` in a fresh process; 1× is the `large` benchmark household "
        "(20 accounts, 200 securities, 20,000 lots) and 1,000 trades",
        _grid(header, rows),
        *(textwrap.fill(n, width=100, subsequent_indent="  ") for n in notes),
    ]
    return "\n".join(text)


def _grid(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, *rows]
    widths = [max(len(r[i]) for r in lines) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *map(line, rows)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SCALES), metavar="K")
    parser.add_argument("--out", type=Path, default=FOLDER, help=f"folder ({FOLDER})")
    args = parser.parse_args(argv)
    print(section(args.sizes, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
