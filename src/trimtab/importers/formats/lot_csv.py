"""trimtab's own lot CSV: open lots typed or exported from a spreadsheet (docs/importers.md).

For custodians whose lot-level downloads could not be confirmed from public examples
(Fidelity, Vanguard: custodian-formats.md §2b, §3), the lots of a positions export come from a
plain CSV any spreadsheet can write. Layout: a header row naming at least ``account``,
``symbol``, ``acquired``, ``quantity``, ``cost`` (any order, any case), then one row per open
lot:

* ``account``: the account number as the positions export shows it (``X12345678``,
  ``12345678``; masked numbers match as elsewhere);
* ``symbol``: the ticker; ``acquired``: the trade date (``2024-03-15`` or ``03/15/2024``);
* ``quantity``: shares (> 0); ``cost``: the lot's total cost basis (≥ 0; ``$`` and thousands
  separators are read);
* optional ``wash_adjustment``: a disallowed wash-sale loss the custodian already added to
  ``cost``; optional ``holding_start``: the holding period's start the custodian moved back
  for it. Both are written to the household file once its lots take those fields.

The lots of one account and symbol must add up to the position's shares in a positions export
of the same import (as a Schwab lot details file must). Blank rows are skipped.
"""

from __future__ import annotations

from trimtab.errors import Problem
from trimtab.importers.formats.common import (
    date_cell,
    first_record,
    number_cell,
    problem,
    required_date,
    required_number,
    wrong_format,
)
from trimtab.importers.records import AccountRef, ExportLot, ExportLots, Extract, Format
from trimtab.importers.text.csvread import (
    Columns,
    ColumnSpec,
    ExportText,
    Record,
    aliases,
    bind,
    fold,
)

HEADER = ("account", "symbol", "acquired", "quantity", "cost")

SPEC = ColumnSpec(
    required={name: aliases(name) for name in HEADER},
    optional={
        "wash_adjustment": aliases("wash_adjustment", "wash adjustment"),
        "holding_start": aliases("holding_start", "holding start"),
    },
)


def is_lot_csv(export: ExportText) -> bool:
    """The first line with text is a header naming the five lot columns (any order)."""
    first = first_record(export)
    return first is not None and set(HEADER) <= {fold(c) for c in first.cells}


def read_lot_csv(export: ExportText) -> Extract:
    """The lots of a lot CSV, grouped by account and symbol in file order."""
    records = [r for r in export.records if not r.blank]
    if not records:
        wrong = wrong_format(export, "lot CSV")
        return Extract(file=export.file, format=Format.LOT_CSV, problems=(wrong,))
    columns = bind(export, records[0], SPEC)
    if isinstance(columns, Problem):
        return Extract(file=export.file, format=Format.LOT_CSV, problems=(columns,))
    problems: list[Problem] = []
    groups: dict[tuple[str, str], tuple[AccountRef, list[ExportLot]]] = {}
    for record in records[1:]:
        number = columns.get(record, "account").strip()
        symbol = columns.get(record, "symbol").strip().upper()
        for column, value in (("account", number), ("symbol", symbol)):
            if not value:
                problems.append(_missing(export, columns, record, column))
        lot = _lot(export, columns, record, problems)
        if lot is None or not number or not symbol:
            continue
        ref = AccountRef(number=number, name="", source=columns.place(export, record, "account"))
        groups.setdefault((number, symbol), (ref, []))[1].append(lot)
    return Extract(
        file=export.file,
        format=Format.LOT_CSV,
        lots=tuple(
            ExportLots(account=ref, symbol=symbol, lots=tuple(lots))
            for (_, symbol), (ref, lots) in groups.items()
        ),
        problems=tuple(problems),
    )


def _missing(export: ExportText, columns: Columns, record: Record, column: str) -> Problem:
    return problem(
        columns.place(export, record, column), "missing_value", f"`{column}` is empty", "a value"
    )


def _lot(
    export: ExportText, columns: Columns, record: Record, problems: list[Problem]
) -> ExportLot | None:
    acquired = required_date(export, columns, record, "acquired", problems)
    quantity = required_number(export, columns, record, "quantity", problems)
    cost = required_number(export, columns, record, "cost", problems)
    wash = number_cell(export, columns, record, "wash_adjustment", problems)
    start = date_cell(export, columns, record, "holding_start", problems)
    if acquired is None or quantity is None or cost is None:
        return None
    if quantity <= 0 or cost < 0 or (wash is not None and wash < 0):
        column = "quantity" if quantity <= 0 else ("cost" if cost < 0 else "wash_adjustment")
        problems.append(
            problem(
                columns.place(export, record, column),
                "not_positive",
                f"a lot of {quantity} shares costing {cost}"
                + ("" if wash is None else f" with a wash adjustment of {wash}"),
                "a quantity > 0, a cost ≥ 0 and a wash adjustment ≥ 0",
            )
        )
        return None
    return ExportLot(
        acquired=acquired,
        quantity=quantity,
        cost=cost,
        source=columns.place(export, record, "acquired"),
        wash_adjustment=wash,
        holding_start=start,
    )
