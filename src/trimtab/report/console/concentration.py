"""Concentrated single stocks on the console (``trimtab state``, ``drift`` and ``plan``).

One line per stock above the limit, coloured as out of band beside words that say the same:
``Concentrated: ACME 25.00 % of the household ($250,000.00), limit 10.00 %: selling 1,501 shares
brings it to 9.99 %, realizing $10,054.95 long-term; tax $2,010.99``. Nothing when none is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from rich.text import Text

from trimtab.analysis.concentration import Concentration
from trimtab.money import dollars_text, percent_text
from trimtab.report.console.common import OUT_OF_BAND
from trimtab.report.format import shares


def _realized(c: Concentration) -> str:
    parts = [
        f"{dollars_text(gain)} {term}"
        for gain, term in ((c.short_term_gain, "short-term"), (c.long_term_gain, "long-term"))
        if gain
    ]
    return ", realizing " + " and ".join(parts) if parts else ""


def concentration_lines(
    found: Iterable[Concentration], after: Mapping[str, Decimal] | None = None
) -> list[Text]:
    """A line per concentrated stock; ``after``: its percent after the plan, by symbol."""
    lines = []
    for c in found:
        line = Text("Concentrated: ")
        line.append(
            f"{c.symbol} {percent_text(c.percent)} % of the household",
            style=OUT_OF_BAND,
        )
        line.append(
            f" ({dollars_text(c.value)}), limit {percent_text(c.limit)} %: selling "
            f"{shares(c.shares_to_sell)} shares brings it to "
            f"{percent_text(c.percent_after)} %{_realized(c)}; "
            f"tax {dollars_text(c.tax_to_reduce)}"
        )
        if after is not None and c.symbol in after:
            line.append(f" (after this plan: {percent_text(after[c.symbol])} %)")
        lines.append(line)
    return lines
