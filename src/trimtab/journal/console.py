"""The journal on the terminal (rich): the list of runs and one run in full."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from trimtab.journal.runs import Run
from trimtab.journal.verify import Verification


def runs_table(runs: tuple[Run, ...]) -> Table:
    """One row per run: number, household, when, who, status, trades."""
    table = Table(title="Run journal", box=box.SIMPLE_HEAD)
    for name, justify in (
        ("Run", "right"),
        ("Household", "left"),
        ("Recorded (UTC)", "left"),
        ("User", "left"),
        ("As of", "left"),
        ("Status", "left"),
        ("Trades", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for run in runs:
        table.add_row(
            str(run.number),
            run.household,
            run.recorded_at[:19].replace("T", " "),
            run.user,
            str(run.plan.get("as_of", "")),
            run.status.value,
            str(len(run.trades)),
        )
    return table


def run_view(run: Run) -> Group:
    """A run: its facts, its trades with their rationale and fills, its workflow steps."""
    facts = Text(
        f"Run {run.number}: {run.household}, as of {run.plan.get('as_of')}, recorded "
        f"{run.recorded_at} by {run.user}; {run.status.value}; trimtab "
        f"{run.plan.get('trimtab_version')}, tax year {run.plan.get('tax_year')}, solver "
        f"{run.plan.get('solver_status')}; input sha256 {run.body.get('input', {}).get('sha256')}"
    )
    trades = Table(title="Trades", box=box.SIMPLE_HEAD)
    for name in (
        "Trade",
        "Account",
        "Action",
        "Symbol",
        "Quantity",
        "Price",
        "Executed",
        "Rationale",
    ):
        trades.add_column(name)
    for t in run.trades:
        trades.add_row(
            t["id"],
            t["account"],
            t["action"],
            t["symbol"],
            t["quantity"],
            t["price"],
            str(run.filled(t["id"])),
            t["rationale"],
        )
    events = Table(title="Workflow", box=box.SIMPLE_HEAD)
    for name in ("Step", "At (UTC)", "User", "Note", "Fills"):
        events.add_column(name)
    for e in run.events:
        fills = "; ".join(f"{f.trade} {f.quantity} @ {f.price} on {f.date}" for f in e.fills)
        events.add_row(e.kind.value, e.at[:19].replace("T", " "), e.user, e.note, fills)
    return Group(facts, trades, events)


def verification_text(result: Verification) -> Text:
    """What ``verify`` found, one line per break, then the count and the head hash."""
    lines = [f"BROKEN: {b.message}" for b in result.breaks]
    state = "intact" if result.ok else f"{len(result.breaks)} problem(s)"
    lines.append(f"{result.entries} entries, {state}; head {result.head or '(empty)'}")
    return Text("\n".join(lines))
