"""Required minimum distributions: what each retirement account must still pay out this year.

Rule. An owner's first distribution year is the calendar year they attain the applicable age:
70½ if born before 1 July 1949, 72 if born from then to the end of 1950, 73 if born 1951–1959
and 75 if born 1960 or later (IRC §401(a)(9)(C)(v), SECURE 2.0 §107). For that year and every
later one, each traditional, SEP and SIMPLE IRA, 401(k), 403(b) and 457(b) owes

    required = value on 31 December of the prior year ÷ distribution period,

the period read from the Uniform Lifetime Table (Treas. Reg. §1.401(a)(9)-9(c)) for the age the
owner attains on 31 December of the tax year. Roth IRAs owe nothing during the owner's life
(IRC §408A(c)(5)); designated Roth accounts owe nothing from 2024 (IRC §402A(d)(5), SECURE 2.0
§325). The first year's RMD may wait until 1 April of the next year (the required beginning
date); every other RMD is due by 31 December. Which types owe, the table and the applicable ages
are data: :mod:`trimtab.rules.rmd_table`.

What counts as taken: the account's ``distributions_this_year`` plus the pending ``cash_flows``
of kind withdrawal or rmd from that account dated in the tax year or undated. A pending
withdrawal dated in the next year is not counted, even when it would fall before a first-year
1 April deadline (the amount shown is then larger than the law requires, never smaller).

Aggregation. The RMDs of one owner's traditional, SEP and SIMPLE IRAs are totalled and may be
taken from any one or more of them (Treas. Reg. §1.408-8 Q&A-9); each 401(k), 403(b) and 457(b)
pays its own (trimtab does not use the permitted totalling of 403(b)s, which never asks for too
little). An IRA row shows its own ``required`` and ``already_withdrawn``; its ``remaining`` is
that IRA's share of the owner's aggregate remaining, split by :func:`split_remaining`:

    each IRA starts from its own shortfall, max(0, required − withdrawn); the surplus of the IRAs
    that paid more than their own RMD, Σ max(0, withdrawn − required), is then taken off the
    shortfalls in the order the accounts appear in the household file.

So the rows' ``remaining`` add up exactly to the aggregate remaining,
max(0, Σ required − Σ withdrawn), and an IRA already drawn on is not asked for more.

Amounts are exact Decimal quotients (to Decimal's 28 significant digits); nothing is rounded
here. Reports round to cents half-up at output, as custodians and IRS worksheets show RMDs in
whole cents, so a rounded row may differ from the exact figure by half a cent and the rounded
rows of an IRA group from the rounded total by a cent or so.

Worked example (tax year 2025). Ana was born 2 April 1952: applicable age 73, attained in 2025,
so 2025 is her first distribution year and its RMD may wait until 1 April 2026. On 31 December
2025 she is 73: period 26.5. Her traditional IRA was worth $182,000 on 31 December 2024 and her
SEP IRA $40,000:

    traditional IRA  182,000 ÷ 26.5 = 6,867.9245…  → 6,867.92
    SEP IRA           40,000 ÷ 26.5 = 1,509.4339…  → 1,509.43
    aggregate        222,000 ÷ 26.5 = 8,377.3584…  → 8,377.36

She has already taken $2,000 from the SEP IRA. Its own shortfall is 0 and its surplus
2,000 − 1,509.4339… = 490.5660…, which comes off the traditional IRA: remaining
6,867.9245… − 490.5660… = 6,377.3584… → 6,377.36 there and 0 in the SEP IRA; the aggregate
remaining is 8,377.3584… − 2,000 = 6,377.36, the same.

Not modelled, each named in a warning where it applies: inherited IRAs (beneficiary rules); the
Joint and Last Survivor Table (Reg. §1.401(a)(9)-9(d)) used when the sole beneficiary is a spouse
more than 10 years younger (the Uniform table gives a larger RMD, so the amount shown is never too
small). Not modelled and not warned: the still-working exception of employer plans (not for 5%
owners or IRAs), the cap of an RMD at the balance on the day it is paid, rollovers and transfers
in transit at year end, and accounts of another taxpayer (``separate_taxpayer``), which get no row.

A missed RMD costs an excise tax of 25% of the shortfall, 10% if corrected in time (IRC §4974(a),
(e), as amended by SECURE 2.0 §302).

Authorities: IRC §401(a)(9), §408(a)(6), §408A(c)(5), §402A(d)(5), §4974; Treas. Reg.
§1.401(a)(9)-5 (amount and timing), §1.401(a)(9)-9 (tables), §1.408-8 Q&A-9 (IRA aggregation);
SECURE 2.0 Act (P.L. 117-328, Div. T) §107, §302, §325. Digest: docs/tax-rules.md §5.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from trimtab.errors import InternalError, Problem
from trimtab.model.enums import CashFlowKind
from trimtab.model.household import Account, Household, Owner
from trimtab.rules.rmd_table import (
    AccountRule,
    Aggregation,
    RmdRules,
    UniformLifetimeTable,
    load_rmd_rules,
)

ZERO = Decimal(0)
WITHDRAWALS = frozenset({CashFlowKind.WITHDRAWAL, CashFlowKind.RMD})
SPOUSE_AGE_GAP = 10  # years; the Uniform table assumes a beneficiary 10 years younger


@dataclass(frozen=True, slots=True, kw_only=True)
class RmdRow:
    """The RMD of one account for the tax year.

    account: the account id.
    owner: the owner id (the account's first owner; '' when none is named).
    required: this account's own RMD, prior year-end value ÷ distribution period (0 when none is
        due, or when it cannot be computed; a warning then says why).
    already_withdrawn: distributions this year plus pending withdrawals and RMDs of the year.
    remaining: what the plan must still distribute from this account; for IRAs this account's
        share of the owner's aggregate remaining (see :func:`split_remaining`).
    aggregated_with: the other IRAs of the same owner whose RMDs combine with this one.
    deadline: 1 April of the next year in the first distribution year, else 31 December (also
        when nothing is due).
    first_year: the tax year is the owner's first distribution year.
    age: the owner's age on 31 December of the tax year (None without a birth date).
    distribution_period: the divisor used (None when no RMD is due).
    """

    account: str
    owner: str
    required: Decimal
    already_withdrawn: Decimal
    remaining: Decimal
    aggregated_with: tuple[str, ...]
    deadline: date
    first_year: bool
    age: int | None = None
    distribution_period: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RmdReport:
    """The household's RMDs for one tax year.

    year: the tax year.
    rows: one row per account of a type that can owe an RMD that year, in file order.
    warnings: Problems of severity WARNING: what could not be computed or is not modelled.
    """

    year: int
    rows: tuple[RmdRow, ...]
    warnings: tuple[Problem, ...]

    @property
    def total_required(self) -> Decimal:
        """The sum of the rows' RMDs."""
        return sum((row.required for row in self.rows), ZERO)

    @property
    def total_remaining(self) -> Decimal:
        """What the plan must still distribute, over all accounts."""
        return sum((row.remaining for row in self.rows), ZERO)

    def row(self, account_id: str) -> RmdRow | None:
        """The row of one account, None when it owes no RMD of any kind."""
        return next((row for row in self.rows if row.account == account_id), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Schedule:
    """When an owner's RMD for the year is due; age None when the birth date is unknown."""

    age: int | None
    due: bool
    first_year: bool
    deadline: date


@dataclass(frozen=True, slots=True, kw_only=True)
class _Due:
    """One account's own figures, before the IRA aggregation."""

    index: int
    account: Account
    rule: AccountRule
    owner_id: str
    owner: Owner | None
    schedule: _Schedule
    period: Decimal | None
    required: Decimal
    withdrawn: Decimal

    @property
    def group(self) -> tuple[str, str]:
        """The accounts whose RMDs combine: the owner's IRAs, or the account alone."""
        if self.rule.aggregation is Aggregation.OWNER_IRAS and self.owner_id:
            return (Aggregation.OWNER_IRAS.value, self.owner_id)
        return (Aggregation.ACCOUNT.value, f"{self.index}")


def required_distributions(household: Household, rules: RmdRules | None = None) -> RmdReport:
    """The RMD of every account that can owe one in ``household.tax.year``, and the warnings.

    rules: the RMD rules (the shipped ones by default).
    Raises ``ValueError`` for a tax year before the shipped table applies (2022).
    """
    rules = rules or load_rmd_rules()
    year = household.tax.year
    _check_year(rules.uniform_lifetime, year)
    dues = tuple(_account_due(household, i, a, r, rules) for i, a, r in _owing(household, rules))
    rows = _rows(dues)
    warnings = (
        *_not_modelled_warnings(household, rules),
        *(w for due in dues for w in _account_warnings(household, due)),
        *_first_year_warnings(dues, rows, year),
        *_joint_table_warnings(household, dues, year),
    )
    return RmdReport(year=year, rows=rows, warnings=tuple(warnings))


def split_remaining(
    required: tuple[Decimal, ...], withdrawn: tuple[Decimal, ...]
) -> tuple[Decimal, ...]:
    """Split the aggregate remaining of an IRA group across its accounts (file order).

    Each account starts from its own shortfall, max(0, required − withdrawn); the pooled surplus
    of the accounts that paid more than their own, Σ max(0, withdrawn − required), is taken off
    the shortfalls in order. The result adds up to max(0, Σ required − Σ withdrawn) exactly.

    >>> split_remaining((Decimal(100), Decimal(50)), (Decimal(0), Decimal(80)))
    (Decimal('70'), Decimal('0'))
    """
    surplus = sum((max(ZERO, w - r) for r, w in zip(required, withdrawn, strict=True)), ZERO)
    remaining: list[Decimal] = []
    for r, w in zip(required, withdrawn, strict=True):
        shortfall = max(ZERO, r - w)
        used = min(shortfall, surplus)
        surplus -= used
        remaining.append(shortfall - used)
    return tuple(remaining)


def _check_year(table: UniformLifetimeTable, year: int) -> None:
    if year < table.first_year:
        raise ValueError(
            f"the shipped Uniform Lifetime Table applies from {table.first_year}; "
            f"tax year {year} is earlier"
        )


def _owing(household: Household, rules: RmdRules) -> Iterator[tuple[int, Account, AccountRule]]:
    """The accounts of this return whose type can owe an RMD this year, with their rule."""
    for i, account in enumerate(household.accounts):
        rule = rules.account_types.rule_for(account.type, household.tax.year)
        if rule is not None and account.of_this_return:
            yield i, account, rule


def _account_due(
    household: Household, index: int, account: Account, rule: AccountRule, rules: RmdRules
) -> _Due:
    owner_id = account.owners[0] if account.owners else ""
    owner = next((o for o in household.owners if o.id == owner_id), None)
    schedule = _schedule(owner, rules, household.tax.year)
    period = _period(schedule, rules.uniform_lifetime)
    value = account.prior_year_end_value
    required = value / period if period is not None and value is not None else ZERO
    return _Due(
        index=index,
        account=account,
        rule=rule,
        owner_id=owner_id,
        owner=owner,
        schedule=schedule,
        period=period,
        required=required,
        withdrawn=_withdrawn(household, account),
    )


def _schedule(owner: Owner | None, rules: RmdRules, year: int) -> _Schedule:
    """Age on 31 December, whether an RMD is due, whether it is the first, and its deadline."""
    year_end = date(year, 12, 31)
    if owner is None or owner.birth_date is None:
        return _Schedule(age=None, due=False, first_year=False, deadline=year_end)
    birth = owner.birth_date
    first = rules.applicable_ages.for_birth(birth).year_attained(birth)
    first_year = year == first
    return _Schedule(
        age=year - birth.year,
        due=year >= first,
        first_year=first_year,
        deadline=date(year + 1, 4, 1) if first_year else year_end,
    )


def _period(schedule: _Schedule, table: UniformLifetimeTable) -> Decimal | None:
    """The distribution period when an RMD is due, else None."""
    if not schedule.due or schedule.age is None:
        return None
    period = table.period_for(schedule.age)
    if period is None:  # every applicable age reaches the table's first age by 2022
        raise InternalError(f"no distribution period for age {schedule.age}")
    return period


def _withdrawn(household: Household, account: Account) -> Decimal:
    """Distributions this year plus pending withdrawals and RMDs dated in the year or undated."""
    year = household.tax.year
    pending = sum(
        (
            flow.amount
            for flow in household.cash_flows
            if flow.account == account.id
            and flow.kind in WITHDRAWALS
            and (flow.date is None or flow.date.year == year)
        ),
        ZERO,
    )
    return account.distributions_this_year + pending


def _rows(dues: tuple[_Due, ...]) -> tuple[RmdRow, ...]:
    """One row per account, with ``remaining`` split inside each aggregation group."""
    groups: dict[tuple[str, str], list[_Due]] = {}
    for due in dues:
        groups.setdefault(due.group, []).append(due)
    remaining: dict[int, Decimal] = {}
    for members in groups.values():
        shares = split_remaining(
            tuple(d.required for d in members), tuple(d.withdrawn for d in members)
        )
        remaining.update(zip((d.index for d in members), shares, strict=True))
    return tuple(_row(due, remaining[due.index], groups[due.group]) for due in dues)


def _row(due: _Due, remaining: Decimal, group: list[_Due]) -> RmdRow:
    return RmdRow(
        account=due.account.id,
        owner=due.owner_id,
        required=due.required,
        already_withdrawn=due.withdrawn,
        remaining=remaining,
        aggregated_with=tuple(d.account.id for d in group if d.index != due.index),
        deadline=due.schedule.deadline,
        first_year=due.schedule.first_year,
        age=due.schedule.age,
        distribution_period=due.period,
    )


# --- Warnings: Problems of severity WARNING at the account's place in the file.


def _warning(account: Account, field: str, kind: str, message: str, expected: str = "") -> Problem:
    return Problem.warning(account.source, field, kind, message, expected)


def _not_modelled_warnings(household: Household, rules: RmdRules) -> Iterator[Problem]:
    """Inherited IRAs: the beneficiary's RMD rules are not modelled; they get no row."""
    for i, account in enumerate(household.accounts):
        if account.type in rules.account_types.not_modelled and account.of_this_return:
            yield _warning(
                account,
                f"accounts[{i}].type",
                "rmd_not_modelled",
                f"{account.id}: the RMD rules of {account.type.value} accounts (beneficiary rules) "
                "are not modelled; no RMD is computed for it",
            )


def _account_warnings(household: Household, due: _Due) -> Iterator[Problem]:
    """What keeps one account's RMD from being computed as the law asks."""
    yield from _owner_warnings(due)
    if due.schedule.due and due.account.prior_year_end_value is None:
        year = household.tax.year
        yield _warning(
            due.account,
            f"accounts[{due.index}].prior_year_end_value",
            "rmd_no_prior_year_end_value",
            f"{due.account.id}: an RMD is due for {year} but prior_year_end_value is not "
            "given; it is shown as 0",
            f"the account's value on 31 December {year - 1}",
        )


def _owner_warnings(due: _Due) -> Iterator[Problem]:
    """The owner is missing, one of several, or without a birth date."""
    account, at = due.account, f"accounts[{due.index}]"
    if not due.owner_id:
        yield _warning(
            account,
            f"{at}.owners",
            "rmd_no_owner",
            f"{account.id}: no owner is named, so its RMD cannot be computed",
            "the owner's id",
        )
    elif len(account.owners) > 1:
        yield _warning(
            account,
            f"{at}.owners",
            "rmd_several_owners",
            f"{account.id}: {account.type.value} accounts have one owner; the RMD uses the first, "
            f"`{due.owner_id}`",
            "one owner",
        )
    if due.owner_id and due.schedule.age is None:
        yield _warning(
            account,
            f"{at}.owners[0]",
            "rmd_no_birth_date",
            f"{account.id}: owner `{due.owner_id}` has no birth_date, so whether an RMD is due "
            "is unknown; it is shown as 0",
            f"a birth_date for `{due.owner_id}` in owners",
        )


def _first_year_warnings(
    dues: tuple[_Due, ...], rows: tuple[RmdRow, ...], year: int
) -> Iterator[Problem]:
    """A first-year RMD still to take may wait until 1 April, at the price of two in one year."""
    for due, row in zip(dues, rows, strict=True):
        if row.first_year and row.remaining > 0:
            yield _warning(
                due.account,
                f"accounts[{due.index}]",
                "rmd_first_year",
                f"{row.account}: {year} is `{row.owner}`'s first RMD year; its RMD may wait "
                f"until {row.deadline.isoformat()}, but then the {year} and {year + 1} RMDs "
                f"are both paid, and taxed, in {year + 1}",
            )


def _joint_table_warnings(
    household: Household, dues: tuple[_Due, ...], year: int
) -> Iterator[Problem]:
    """Another owner of the return more than 10 years younger: the Joint Life table may apply."""
    for due in dues:
        age = due.schedule.age
        if not due.schedule.due or age is None:
            continue
        for other in household.owners:
            if other.id == due.owner_id or other.birth_date is None:
                continue
            other_age = year - other.birth_date.year
            if age - other_age > SPOUSE_AGE_GAP:
                yield _joint_table_warning(due, other.id, other_age, year)


def _joint_table_warning(due: _Due, other: str, other_age: int, year: int) -> Problem:
    return _warning(
        due.account,
        f"accounts[{due.index}]",
        "rmd_joint_life_table",
        f"{due.account.id}: `{other}` is more than 10 years younger than `{due.owner_id}` "
        f"({other_age} and {due.schedule.age} on 31 December {year}); if `{other}` is the "
        "spouse and sole beneficiary, the Joint and Last Survivor Table applies and gives a "
        "smaller RMD. It is not modelled: the Uniform Lifetime Table's larger RMD is shown",
    )
