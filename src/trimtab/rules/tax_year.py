"""Typed access to the shipped federal tax parameters: one :class:`TaxYear` per tax year.

The numbers live in ``trimtab/data/tax/federal/<year>.yaml`` (format ``trimtab.tax/1``), one
section per parameter, each section with a ``source`` naming the Rev. Proc. page or the IRC
section the numbers come from, and named keys per filing status (never positional vectors)::

    ordinary_brackets:          rate and start of each bracket          IRC §1(j)(2); Rev. Proc.
    capital_gains_thresholds:   0% and 15% tops for LTCG and QDs          IRC §1(h), §1(j)(5)
    niit:                       3.8% rate and MAGI thresholds             IRC §1411
    capital_loss_limit:         $3,000 ($1,500 MFS)                       IRC §1211(b)
    standard_deduction:         informational                             IRC §63(c)

Loading validates the file and raises :class:`~trimtab.rules.shipped.DataError` (a ``ValueError``)
naming the file and the key when: a section or its ``source`` is missing, a filing status is
missing or unknown, a number is not a non-negative number, the first bracket does not start at 0,
bracket starts or rates do not strictly ascend, or the 0% top is not below the 15% top. A year that
is not shipped raises ``ValueError`` listing the years that are.

Example: ``load_tax_year(2026).brackets(FilingStatus.SINGLE)[1]`` is
``Bracket(rate=Decimal('0.12'), start=Decimal('12400'))`` (Rev. Proc. 2025-32 §4.01, Table 3).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import TypeVar

from trimtab.model.enums import FilingStatus
from trimtab.money import to_decimal
from trimtab.rules.shipped import DataError, data_dir, read_shipped, shipped_name

FORMAT = "trimtab.tax/1"
SECTIONS = (
    "ordinary_brackets",
    "capital_gains_thresholds",
    "niit",
    "capital_loss_limit",
    "standard_deduction",
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Bracket:
    """One bracket of an ordinary rate schedule.

    rate: the marginal rate, as a fraction (0.22 for 22%).
    start: the taxable income where the rate starts; the rate applies above it, up to the
        next bracket's start.
    """

    rate: Decimal
    start: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxYear:
    """The federal parameters of one tax year; use the accessor methods with a filing status.

    year: the tax year.
    ordinary_brackets: per status, the brackets in ascending order (IRC §1(j)(2)).
    zero_rate_tops: per status, taxable income up to which LTCG/QDs are taxed at 0%.
    fifteen_rate_tops: per status, taxable income up to which LTCG/QDs are taxed at 15%.
    niit_rate: the net investment income tax rate (IRC §1411(a)(1)).
    niit_thresholds: per status, the MAGI threshold of the NIIT (IRC §1411(b)).
    loss_limits: per status, the net capital loss deductible in a year (IRC §1211(b)).
    standard_deductions: per status, the basic standard deduction (informational).
    sources: per section name, the source of its numbers.
    """

    year: int
    ordinary_brackets: Mapping[FilingStatus, tuple[Bracket, ...]] = field(repr=False)
    zero_rate_tops: Mapping[FilingStatus, Decimal] = field(repr=False)
    fifteen_rate_tops: Mapping[FilingStatus, Decimal] = field(repr=False)
    niit_rate: Decimal
    niit_thresholds: Mapping[FilingStatus, Decimal] = field(repr=False)
    loss_limits: Mapping[FilingStatus, Decimal] = field(repr=False)
    standard_deductions: Mapping[FilingStatus, Decimal] = field(repr=False)
    sources: Mapping[str, str] = field(repr=False)

    def __hash__(self) -> int:
        # The mappings are read-only proxies, which do not hash; equal years share the year.
        return hash(self.year)

    def brackets(self, status: FilingStatus) -> tuple[Bracket, ...]:
        """The ordinary rate schedule of ``status``, lowest bracket first."""
        return self.ordinary_brackets[status]

    def zero_rate_top(self, status: FilingStatus) -> Decimal:
        """Taxable income up to which long-term gains and qualified dividends are taxed at 0%."""
        return self.zero_rate_tops[status]

    def fifteen_rate_top(self, status: FilingStatus) -> Decimal:
        """Taxable income up to which they are taxed at 15% (20% above)."""
        return self.fifteen_rate_tops[status]

    def niit_threshold(self, status: FilingStatus) -> Decimal:
        """MAGI above which the net investment income tax applies."""
        return self.niit_thresholds[status]

    def loss_limit(self, status: FilingStatus) -> Decimal:
        """The most net capital loss deductible against other income this year."""
        return self.loss_limits[status]

    def standard_deduction(self, status: FilingStatus) -> Decimal:
        """The basic standard deduction (without the age/blindness additions)."""
        return self.standard_deductions[status]


def _federal_dir() -> Traversable:
    return data_dir() / "tax" / "federal"


def shipped_tax_years() -> tuple[int, ...]:
    """The tax years with a shipped parameter file, ascending."""
    names = (entry.name.removesuffix(".yaml") for entry in _federal_dir().iterdir())
    return tuple(sorted(int(name) for name in names if name.isdigit()))


@functools.cache
def load_tax_year(year: int) -> TaxYear:
    """The validated parameters of ``year``; ``ValueError`` when that year is not shipped."""
    shipped = shipped_tax_years()
    if year not in shipped:
        listed = ", ".join(str(y) for y in shipped)
        raise ValueError(f"no federal tax data for {year}; trimtab ships {listed}")
    path = f"tax/federal/{year}.yaml"
    return parse_tax_year(read_shipped(path), origin=shipped_name(path), expected_year=year)


def parse_tax_year(document: object, *, origin: str, expected_year: int | None = None) -> TaxYear:
    """Validate a parsed tax-parameter document and build its :class:`TaxYear`.

    origin: the file name to put in error messages.
    expected_year: the year the file name promises; the document's ``year`` must match it.
    """
    root = _mapping(document, origin)
    year = _header_year(root, origin, expected_year)
    sections = {name: _section(root, name, origin) for name in SECTIONS}

    def per_status(name: str, convert: Callable[[object, str], T]) -> Mapping[FilingStatus, T]:
        return _per_status(sections[name], f"{origin}: {name}", convert)

    thresholds = per_status("capital_gains_thresholds", _thresholds)
    niit_rate, niit_thresholds = _niit(sections["niit"], f"{origin}: niit")
    return TaxYear(
        year=year,
        ordinary_brackets=per_status("ordinary_brackets", _brackets),
        zero_rate_tops=MappingProxyType({s: zero for s, (zero, _) in thresholds.items()}),
        fifteen_rate_tops=MappingProxyType({s: top for s, (_, top) in thresholds.items()}),
        niit_rate=niit_rate,
        niit_thresholds=niit_thresholds,
        loss_limits=per_status("capital_loss_limit", _amount),
        standard_deductions=per_status("standard_deduction", _amount),
        sources=MappingProxyType({name: _source(sections[name]) for name in SECTIONS}),
    )


def _header_year(root: Mapping[str, object], origin: str, expected_year: int | None) -> int:
    """Check ``format`` and ``year``; the year, which must match the file name."""
    if root.get("format") != FORMAT:
        raise DataError(f"{origin}: format: expected {FORMAT!r}, got {root.get('format')!r}")
    year = root.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise DataError(f"{origin}: year: expected an integer year, got {year!r}")
    if expected_year is not None and year != expected_year:
        raise DataError(f"{origin}: year: {year} does not match the file name ({expected_year})")
    return year


def _section(root: Mapping[str, object], name: str, origin: str) -> Mapping[str, object]:
    """A top-level section, which must be a mapping with a non-empty ``source``."""
    if name not in root:
        raise DataError(f"{origin}: {name}: missing section")
    section = _mapping(root[name], f"{origin}: {name}")
    source = section.get("source")
    if not isinstance(source, str) or not source.strip():
        raise DataError(f"{origin}: {name}.source: every section must name its source")
    return section


def _source(section: Mapping[str, object]) -> str:
    return str(section["source"])


def _mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise DataError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _per_status(
    section: Mapping[str, object], where: str, convert: Callable[[object, str], T]
) -> Mapping[FilingStatus, T]:
    """One value per filing status, keyed by the status names; every status is required."""
    known = {status.value for status in FilingStatus} | {"source"}
    unknown = sorted(set(section) - known)
    if unknown:
        raise DataError(f"{where}.{unknown[0]}: not a filing status")
    missing = [status.value for status in FilingStatus if status.value not in section]
    if missing:
        raise DataError(f"{where}.{missing[0]}: missing filing status")
    values = {
        status: convert(section[status.value], f"{where}.{status.value}") for status in FilingStatus
    }
    return MappingProxyType(values)


def _amount(value: object, where: str) -> Decimal:
    """A non-negative dollar amount (or rate) written as a YAML number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DataError(f"{where}: expected a number, got {value!r}")
    try:
        number = to_decimal(value)
    except InvalidOperation as error:
        raise DataError(f"{where}: expected a number, got {value!r}") from error
    if not number.is_finite() or number < 0:
        raise DataError(f"{where}: expected a non-negative number, got {value!r}")
    return number


def _rate(value: object, where: str) -> Decimal:
    """A rate as a fraction, 0 <= rate < 1."""
    rate = _amount(value, where)
    if rate >= 1:
        raise DataError(f"{where}: a rate is a fraction below 1, got {value!r}")
    return rate


def _brackets(value: object, where: str) -> tuple[Bracket, ...]:
    """An ordinary rate schedule: a list of ``{rate, from}``; checked by :func:`_check_brackets`."""
    if not isinstance(value, list) or not value:
        raise DataError(f"{where}: expected a non-empty list of brackets")
    brackets = tuple(_bracket(item, f"{where}[{i}]") for i, item in enumerate(value))
    _check_brackets(brackets, where)
    return brackets


def _bracket(value: object, where: str) -> Bracket:
    item = _mapping(value, where)
    if set(item) != {"rate", "from"}:
        raise DataError(f"{where}: expected exactly the keys 'rate' and 'from'")
    rate = _rate(item["rate"], f"{where}.rate")
    return Bracket(rate=rate, start=_amount(item["from"], f"{where}.from"))


def _check_brackets(brackets: tuple[Bracket, ...], where: str) -> None:
    """The first bracket starts at 0; starts and rates strictly ascend."""
    if brackets[0].start != 0:
        raise DataError(f"{where}[0].from: the first bracket must start at 0")
    for i, (lower, upper) in enumerate(itertools.pairwise(brackets), start=1):
        if upper.start <= lower.start:
            raise DataError(f"{where}[{i}].from: bracket starts must strictly ascend")
        if upper.rate <= lower.rate:
            raise DataError(f"{where}[{i}].rate: bracket rates must strictly ascend")


def _thresholds(value: object, where: str) -> tuple[Decimal, Decimal]:
    """``{zero_rate_up_to, fifteen_rate_up_to}`` as (0% top, 15% top); the first is the lower."""
    item = _mapping(value, where)
    if set(item) != {"zero_rate_up_to", "fifteen_rate_up_to"}:
        raise DataError(f"{where}: expected the keys 'zero_rate_up_to' and 'fifteen_rate_up_to'")
    zero = _amount(item["zero_rate_up_to"], f"{where}.zero_rate_up_to")
    fifteen = _amount(item["fifteen_rate_up_to"], f"{where}.fifteen_rate_up_to")
    if zero >= fifteen:
        raise DataError(f"{where}: the 0% top must be below the 15% top")
    return zero, fifteen


def _niit(
    section: Mapping[str, object], where: str
) -> tuple[Decimal, Mapping[FilingStatus, Decimal]]:
    """The NIIT rate and its per-status MAGI thresholds."""
    rate = _rate(section.get("rate"), f"{where}.rate")
    thresholds = _mapping(section.get("thresholds"), f"{where}.thresholds")
    return rate, _per_status(thresholds, f"{where}.thresholds", _amount)
