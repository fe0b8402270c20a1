"""Typed access to the shipped RMD rules: Uniform Lifetime Table, applicable ages, account types.

The data live in ``trimtab/data/rmd/uniform_lifetime.yaml`` (format ``trimtab.rmd/1``), three
sections, each with a ``source`` naming the regulation or statute its numbers come from::

    uniform_lifetime  age attained in the year -> distribution period  Treas. Reg. §1.401(a)(9)-9(c)
    applicable_age    birth-date ranges -> the age RMDs start at       IRC §401(a)(9)(C)(v)
    account_types     which types owe RMDs, and how they aggregate     IRC §401(a)(9), §408A(c)(5)

Loading validates the file and raises :class:`~trimtab.rules.shipped.DataError` (a ``ValueError``)
naming the file and the key when: a section or its ``source`` is missing, the table's ages are not
contiguous integers or its periods do not strictly descend (or are not positive), the birth-date
ranges do not ascend (or an open range is not last), an applicable age is not a whole number of
months, or an account type is unknown or not classified exactly once.

Example: ``load_rmd_rules().uniform_lifetime.period_for(73)`` is ``Decimal('26.5')``, and
``load_rmd_rules().applicable_ages.for_birth(date(1960, 1, 1)).age`` is ``Decimal('75')``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType

from trimtab.model.enums import AccountType
from trimtab.money import to_decimal
from trimtab.rules.shipped import DataError, read_shipped, shipped_name

FORMAT = "trimtab.rmd/1"
SECTIONS = ("uniform_lifetime", "applicable_age", "account_types")
PATH = "rmd/uniform_lifetime.yaml"
ORIGIN = shipped_name(PATH)
MONTHS = 12


class Aggregation(StrEnum):
    """How the RMDs of one owner's accounts of a type may be combined.

    OWNER_IRAS: totalled over the owner's traditional, SEP and SIMPLE IRAs and taken from any
        of them (Treas. Reg. §1.408-8 Q&A-9).
    ACCOUNT: each account pays its own (401(k), 457(b); 403(b) as trimtab treats it).
    """

    OWNER_IRAS = "owner_iras"
    ACCOUNT = "account"


@dataclass(frozen=True, slots=True, kw_only=True)
class DistributionPeriod:
    """One row of the Uniform Lifetime Table.

    age: the owner's age on the birthday in the distribution year.
    period: the distribution period (the divisor of the prior year-end balance).
    """

    age: int
    period: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class UniformLifetimeTable:
    """The Uniform Lifetime Table, Treas. Reg. §1.401(a)(9)-9(c).

    periods: one row per age, ages contiguous and ascending, periods strictly descending; the
        last row stands for that age and older ("120+").
    first_year: the first distribution year the table applies to (2022).
    source: where the numbers come from.
    """

    periods: tuple[DistributionPeriod, ...]
    first_year: int
    source: str

    @property
    def first_age(self) -> int:
        """The youngest age in the table (72)."""
        return self.periods[0].age

    @property
    def last_age(self) -> int:
        """The oldest age in the table (120), which also covers every older age."""
        return self.periods[-1].age

    def period_for(self, age: int) -> Decimal | None:
        """The distribution period for ``age``: None below the first age, the last row's above."""
        if age < self.first_age:
            return None
        return self.periods[min(age, self.last_age) - self.first_age].period


@dataclass(frozen=True, slots=True, kw_only=True)
class ApplicableAge:
    """The applicable age of the owners born in one range of dates.

    born_before: the range ends the day before this date (None: open-ended, the last range);
        it starts where the previous range ends.
    months: the applicable age in months (70½ is 846, 73 is 876).
    """

    born_before: dt.date | None
    months: int

    @property
    def age(self) -> Decimal:
        """The applicable age in years (Decimal('70.5') for 70½)."""
        return Decimal(self.months) / MONTHS

    def year_attained(self, birth_date: dt.date) -> int:
        """The calendar year the owner attains this age: the first distribution year.

        Only the month matters: 70½ is reached six calendar months after the 70th birthday,
        and adding whole months never moves a date across a year other than by its month.
        """
        index = birth_date.year * MONTHS + (birth_date.month - 1) + self.months
        return index // MONTHS


@dataclass(frozen=True, slots=True, kw_only=True)
class ApplicableAges:
    """The applicable age by date of birth, IRC §401(a)(9)(C)(v).

    steps: ranges of birth dates in ascending order, the last one open-ended.
    source: where the ages come from.
    """

    steps: tuple[ApplicableAge, ...]
    source: str

    def for_birth(self, birth_date: dt.date) -> ApplicableAge:
        """The applicable age of an owner born on ``birth_date``."""
        for step in self.steps:
            if step.born_before is None or birth_date < step.born_before:
                return step
        raise AssertionError("the validated data end with an open range")  # pragma: no cover


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountRule:
    """How one account type owes RMDs.

    type: the account type.
    aggregation: how the owner's accounts of this kind may be combined.
    last_year: the last distribution year an RMD is owed (None: every year).
    """

    type: AccountType
    aggregation: Aggregation
    last_year: int | None = None

    def owes_in(self, year: int) -> bool:
        """True when an account of this type can owe a lifetime RMD for ``year``."""
        return self.last_year is None or year <= self.last_year


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountRules:
    """Which account types owe lifetime RMDs.

    owe: the types that owe (or owed until ``last_year``) and their aggregation.
    exempt: the types that never owe a lifetime RMD.
    not_modelled: the types whose RMD rules trimtab does not model (inherited IRAs).
    source: where the classification comes from.
    """

    owe: tuple[AccountRule, ...]
    exempt: tuple[AccountType, ...]
    not_modelled: tuple[AccountType, ...]
    source: str

    def rule_for(self, account_type: AccountType, year: int) -> AccountRule | None:
        """The rule of ``account_type`` when it can owe an RMD for ``year``, else None."""
        for rule in self.owe:
            if rule.type is account_type and rule.owes_in(year):
                return rule
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class RmdRules:
    """The shipped RMD rules.

    uniform_lifetime: the distribution periods.
    applicable_ages: the age RMDs start at, by birth date.
    account_types: which accounts owe them and how they aggregate.
    """

    uniform_lifetime: UniformLifetimeTable
    applicable_ages: ApplicableAges
    account_types: AccountRules

    @property
    def sources(self) -> Mapping[str, str]:
        """Section name -> its source."""
        return MappingProxyType(
            {
                "uniform_lifetime": self.uniform_lifetime.source,
                "applicable_age": self.applicable_ages.source,
                "account_types": self.account_types.source,
            }
        )


@functools.cache
def load_rmd_rules() -> RmdRules:
    """The validated shipped RMD rules (read once)."""
    return parse_rmd_rules(read_shipped(PATH), origin=ORIGIN)


def parse_rmd_rules(document: object, *, origin: str) -> RmdRules:
    """Validate a parsed RMD document and build its :class:`RmdRules`.

    origin: the file name to put in error messages.
    """
    root = _mapping(document, origin)
    if root.get("format") != FORMAT:
        raise DataError(f"{origin}: format: expected {FORMAT!r}, got {root.get('format')!r}")
    unknown = sorted(str(key) for key in root if key not in {"format", *SECTIONS})
    if unknown:
        raise DataError(f"{origin}: {unknown[0]}: not a known section")
    sections = {name: _section(root, name, origin) for name in SECTIONS}
    return RmdRules(
        uniform_lifetime=_uniform_lifetime(sections["uniform_lifetime"], f"{origin}: "),
        applicable_ages=_applicable_ages(sections["applicable_age"], f"{origin}: "),
        account_types=_account_rules(sections["account_types"], f"{origin}: "),
    )


# --- Generic readers: each names the place of a mistake.


def _mapping(value: object, where: str) -> Mapping[object, object]:
    if not isinstance(value, Mapping):
        raise DataError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _section(root: Mapping[object, object], name: str, origin: str) -> Mapping[object, object]:
    """A top-level section: a mapping with a non-empty ``source``."""
    if name not in root:
        raise DataError(f"{origin}: {name}: missing section")
    section = _mapping(root[name], f"{origin}: {name}")
    source = section.get("source")
    if not isinstance(source, str) or not source.strip():
        raise DataError(f"{origin}: {name}.source: every section must name its source")
    return section


def _keys(section: Mapping[object, object], allowed: set[str], where: str) -> None:
    unknown = sorted(str(key) for key in section if key not in allowed)
    if unknown:
        raise DataError(f"{where}.{unknown[0]}: not a known key")


def _integer(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise DataError(f"{where}: expected an integer, got {value!r}")
    return value


def _positive(value: object, where: str) -> Decimal:
    """A positive number written as a YAML number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(f"{where}: expected a number, got {value!r}")
    try:
        number = to_decimal(value)
    except InvalidOperation as error:  # pragma: no cover - YAML numbers always convert
        raise DataError(f"{where}: expected a number, got {value!r}") from error
    if not number.is_finite() or number <= 0:
        raise DataError(f"{where}: expected a positive number, got {value!r}")
    return number


# --- uniform_lifetime


def _uniform_lifetime(section: Mapping[object, object], at: str) -> UniformLifetimeTable:
    where = f"{at}uniform_lifetime"
    _keys(section, {"source", "first_year", "periods"}, where)
    periods = _mapping(section.get("periods"), f"{where}.periods")
    if not periods:
        raise DataError(f"{where}.periods: expected at least one age")
    rows = tuple(
        DistributionPeriod(
            age=_integer(age, f"{where}.periods.{age}"),
            period=_positive(value, f"{where}.periods.{age}"),
        )
        for age, value in periods.items()
    )
    _check_periods(rows, f"{where}.periods")
    return UniformLifetimeTable(
        periods=rows,
        first_year=_integer(section.get("first_year"), f"{where}.first_year"),
        source=str(section["source"]),
    )


def _check_periods(rows: tuple[DistributionPeriod, ...], where: str) -> None:
    """Ages ascend by exactly one; distribution periods strictly descend."""
    for lower, upper in itertools.pairwise(rows):
        if upper.age != lower.age + 1:
            raise DataError(f"{where}.{upper.age}: ages must be contiguous after {lower.age}")
        if upper.period >= lower.period:
            raise DataError(f"{where}.{upper.age}: distribution periods must strictly descend")


# --- applicable_age


def _applicable_ages(section: Mapping[object, object], at: str) -> ApplicableAges:
    where = f"{at}applicable_age"
    _keys(section, {"source", "by_birth"}, where)
    items = section.get("by_birth")
    if not isinstance(items, list) or not items:
        raise DataError(f"{where}.by_birth: expected a non-empty list of birth-date ranges")
    steps = tuple(_applicable_age(item, f"{where}.by_birth[{i}]") for i, item in enumerate(items))
    _check_steps(steps, f"{where}.by_birth")
    return ApplicableAges(steps=steps, source=str(section["source"]))


def _applicable_age(value: object, where: str) -> ApplicableAge:
    item = _mapping(value, where)
    if set(item) != {"born_before", "age"}:
        raise DataError(f"{where}: expected exactly the keys 'born_before' and 'age'")
    born_before = item["born_before"]
    if born_before is not None and not isinstance(born_before, dt.date):
        raise DataError(f"{where}.born_before: expected a date or null, got {born_before!r}")
    months = _positive(item["age"], f"{where}.age") * MONTHS
    if months != months.to_integral_value():
        raise DataError(f"{where}.age: expected a whole number of months, got {item['age']!r}")
    return ApplicableAge(born_before=born_before, months=int(months))


def _check_steps(steps: tuple[ApplicableAge, ...], where: str) -> None:
    """Range ends strictly ascend, only the last range is open, ages do not go down."""
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        if (step.born_before is None) != last:
            raise DataError(f"{where}[{i}].born_before: only the last range is open (null)")
    for i, (lower, upper) in enumerate(itertools.pairwise(steps), start=1):
        lower_end, upper_end = lower.born_before, upper.born_before
        if lower_end is not None and upper_end is not None and upper_end <= lower_end:
            raise DataError(f"{where}[{i}].born_before: range ends must ascend")
        if upper.months < lower.months:
            raise DataError(f"{where}[{i}].age: applicable ages must not go down")


# --- account_types


def _account_rules(section: Mapping[object, object], at: str) -> AccountRules:
    where = f"{at}account_types"
    _keys(section, {"source", "owe", "exempt", "not_modelled"}, where)
    owe = _mapping(section.get("owe"), f"{where}.owe")
    rules = tuple(_account_rule(name, value, f"{where}.owe.{name}") for name, value in owe.items())
    exempt = _type_list(section.get("exempt"), f"{where}.exempt")
    not_modelled = _type_list(section.get("not_modelled"), f"{where}.not_modelled")
    _check_classified((*(r.type for r in rules), *exempt, *not_modelled), where)
    return AccountRules(
        owe=rules, exempt=exempt, not_modelled=not_modelled, source=str(section["source"])
    )


def _account_type(name: object, where: str) -> AccountType:
    try:
        return AccountType(str(name))
    except ValueError as error:
        raise DataError(f"{where}: not an account type") from error


def _account_rule(name: object, value: object, where: str) -> AccountRule:
    item = _mapping(value, where)
    _keys(item, {"aggregation", "last_year"}, where)
    try:
        aggregation = Aggregation(str(item.get("aggregation")))
    except ValueError as error:
        expected = " or ".join(repr(a.value) for a in Aggregation)
        raise DataError(f"{where}.aggregation: expected {expected}") from error
    last = item.get("last_year")
    return AccountRule(
        type=_account_type(name, where),
        aggregation=aggregation,
        last_year=None if last is None else _integer(last, f"{where}.last_year"),
    )


def _type_list(value: object, where: str) -> tuple[AccountType, ...]:
    if not isinstance(value, list):
        raise DataError(f"{where}: expected a list of account types")
    return tuple(_account_type(name, f"{where}[{i}]") for i, name in enumerate(value))


def _check_classified(types: tuple[AccountType, ...], where: str) -> None:
    """Every account type appears exactly once among owe, exempt and not_modelled."""
    for account_type in AccountType:
        count = types.count(account_type)
        if count != 1:
            state = "not classified" if count == 0 else "classified more than once"
            raise DataError(f"{where}: {account_type.value}: {state}")
