"""How every renderer writes a number (issue 30, move 5): one module, one convention per use.

- ``money``: a table cell's dollars, '1,234.50' (the column says $), '-1,234.50' negative;
- ``dollars``: dollars in words, on the pages and in sentences, '$1,234.50', '−$1,234.50' (a
  typographic minus before the sign: :func:`trimtab.money.dollars_text`, which explain/'s
  sentences use too);
- ``shares``: '1,501', '424.936906' (six places at most, trailing zeros dropped);
- ``plain_shares``: shares in a file a machine reads, '69', '12.5' (no separators);
- ``bp_str``: basis points, two places, '14.87';
- ``setting_text``: a setting in words: yes/no, — for none, ``key: value`` pairs.

All round half-up from the exact Decimal, at output only. A bare number in a table column
(``money``) keeps an ASCII minus; every dollar amount written with its sign uses the one
convention of ``dollars``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from trimtab.money import dollars_text, round_money, round_shares, shares_text

BP_PLACES = Decimal("0.01")


def money(value: Decimal) -> str:
    """Dollars with thousands separators and cents, rounded half-up: '1,234.50'."""
    return f"{round_money(value):,.2f}"


def dollars(value: Decimal) -> str:
    """$1,234.50, or −$1,234.50 for a negative amount (rounded half-up to cents first)."""
    return dollars_text(value)


def shares(value: Decimal) -> str:
    """Shares with thousands separators, up to six places, trailing zeros dropped."""
    return shares_text(value)


def bp_str(value: Decimal) -> str:
    """Basis points, two places, half-up."""
    return str(value.quantize(BP_PLACES, rounding=ROUND_HALF_UP))


def plain_shares(quantity: Decimal) -> str:
    """Shares rounded half-up to six places without trailing zeros: ``69``, ``12.5``."""
    return format(round_shares(quantity).normalize(), "f")


def setting_text(value: object) -> str:
    """A setting of :func:`settings_json` in words: yes/no, — for none, ``key: value`` pairs."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
