"""Turn a checked household document into the immutable model, with a Source on each record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from decimal import Decimal

from trimtab.errors import Problem
from trimtab.load.document import (
    AccountDoc,
    BandClassDoc,
    EfficiencyDoc,
    HoldingDoc,
    HouseholdDocument,
    RestrictionDoc,
    SecurityDoc,
)
from trimtab.load.tree import PathKey, Tree, field_name
from trimtab.model.efficiency import EfficiencyOverride
from trimtab.model.enums import AssetClass, RestrictionKind, SecurityType
from trimtab.model.household import (
    Account,
    BandRule,
    Bands,
    CashFlow,
    Holding,
    Household,
    Lot,
    Order,
    Owner,
    Price,
    RecurringPurchase,
    Restriction,
    Target,
    TaxProfile,
    Transaction,
)
from trimtab.model.security import ClassWeight, Security
from trimtab.model.settings import Settings
from trimtab.source import Source

HUNDRED = Decimal(100)


def build_household(
    doc: HouseholdDocument,
    tree: Tree,
    settings: Settings,
    master: Mapping[str, Security],
) -> tuple[Household, tuple[Problem, ...]]:
    """The model of ``doc``, and the problems found while building it (unclassifiable symbols)."""
    securities, problems = _securities(doc, tree, master)
    problems += _named_symbols_known(doc, tree, {s.symbol for s in securities})
    household = Household(
        file=tree.file,
        name=doc.name,
        as_of=doc.as_of,
        tax=_tax(doc, tree),
        owners=tuple(
            Owner(
                id=o.id,
                birth_date=o.birth_date,
                name=o.name or "",
                source=tree.source(("owners", i)),
            )
            for i, o in enumerate(doc.owners)
        ),
        targets=tuple(
            Target(asset_class=c, percent=p, source=tree.source(("targets", c.value)))
            for c, p in doc.targets.items()
        ),
        bands=_bands(doc, tree),
        prices=tuple(
            Price(symbol=s.upper(), price=p, source=tree.source(("prices", s)))
            for s, p in doc.prices.items()
        ),
        settings=settings,
        accounts=_accounts(doc, tree),
        securities=securities,
        transactions=_transactions(doc, tree),
        recurring=tuple(
            RecurringPurchase(
                account=r.account,
                symbol=r.symbol.upper(),
                amount=r.amount,
                every_days=r.every_days,
                next=r.next,
                dividend_reinvestment=r.dividend_reinvestment,
                source=tree.source(("recurring", i)),
            )
            for i, r in enumerate(doc.recurring)
        ),
        cash_flows=tuple(
            CashFlow(
                account=c.account,
                kind=c.kind,
                amount=c.amount,
                date=c.date,
                source=tree.source(("cash_flows", i)),
            )
            for i, c in enumerate(doc.cash_flows)
        ),
        orders=tuple(
            Order(
                account=o.account,
                action=o.action,
                symbol=o.symbol.upper(),
                quantity=o.quantity,
                amount=o.amount,
                lots=tuple(o.lots),
                source=tree.source(("orders", i)),
            )
            for i, o in enumerate(doc.orders)
        ),
        restrictions=tuple(
            _restriction(r, tree, ("restrictions", i)) for i, r in enumerate(doc.restrictions)
        ),
        identical_groups=tuple(tuple(s.upper() for s in g) for g in doc.identical_groups),
        harvest_partners=tuple(
            (s.upper(), tuple(p.upper() for p in ps)) for s, ps in doc.harvest_partners.items()
        ),
        class_efficiency=tuple(
            (c, _efficiency(e, tree, ("tax_efficiency", "classes", c.value)))
            for c, e in doc.tax_efficiency.classes.items()
        ),
        security_efficiency=tuple(
            (s.upper(), _efficiency(e, tree, ("tax_efficiency", "securities", s)))
            for s, e in doc.tax_efficiency.securities.items()
        ),
    )
    return household, problems


def _efficiency(e: EfficiencyDoc, tree: Tree, path: PathKey) -> EfficiencyOverride:
    """An override of the tax-efficiency figures, noted with its file line."""
    source = tree.source(path)
    where = f"{source.file}:{source.line}"
    return EfficiencyOverride(
        expected_return=e.expected_return,
        income_yield=e.income_yield,
        qualified_share=e.qualified_share,
        exempt_share=e.exempt_share,
        state_exempt=e.state_exempt,
        capital_gain_distributions=e.capital_gain_distributions,
        note=f"household file {where}" + (f" ({e.source})" if e.source else ""),
        source=source,
    )


def _tax(doc: HouseholdDocument, tree: Tree) -> TaxProfile:
    t = doc.tax
    return TaxProfile(
        year=t.year,
        filing_status=t.filing_status,
        ordinary_taxable_income=t.ordinary_taxable_income,
        qualified_dividends=t.qualified_dividends,
        state_rate=t.state_rate,
        carryforward_short=t.carryforward.short,
        carryforward_long=t.carryforward.long,
        realized_short=t.realized_this_year.short,
        realized_long=t.realized_this_year.long,
        realized_through=t.realized_this_year.through,
        magi=t.magi,
        source=tree.source(("tax",)),
    )


def _bands(doc: HouseholdDocument, tree: Tree) -> Bands:
    b = doc.bands
    default = BandRule(absolute=b.absolute, relative=b.relative, min_width=b.min_width)
    return Bands(
        default=default,
        classes=tuple((c, _override(default, o)) for c, o in b.classes.items()),
        source=tree.source(("bands",)),
    )


def _override(default: BandRule, o: BandClassDoc) -> BandRule:
    return BandRule(
        absolute=default.absolute if o.absolute is None else o.absolute,
        relative=default.relative if o.relative is None else o.relative,
        min_width=default.min_width if o.min_width is None else o.min_width,
    )


def _accounts(doc: HouseholdDocument, tree: Tree) -> tuple[Account, ...]:
    return tuple(_account(a, tree, ("accounts", i)) for i, a in enumerate(doc.accounts))


def _account(a: AccountDoc, tree: Tree, path: PathKey) -> Account:
    return Account(
        id=a.id,
        number=a.number or a.account_number or "",
        name=a.name or "",
        custodian=a.custodian,
        type=a.type,
        owners=tuple(a.owners),
        cash=a.cash,
        min_cash=a.min_cash,
        relief_method=a.relief_method,
        holdings=tuple(
            _holding(a.id, h, tree, (*path, "holdings", j)) for j, h in enumerate(a.holdings)
        ),
        separate_taxpayer=a.separate_taxpayer,
        tradable=a.tradable,
        prior_year_end_value=a.prior_year_end_value,
        distributions_this_year=a.distributions_this_year,
        buy_menu=tuple(s.upper() for s in a.buy_menu or ()),
        discretionary=a.discretionary,
        source=tree.source(path),
    )


def _holding(account: str, h: HoldingDoc, tree: Tree, path: PathKey) -> Holding:
    symbol = h.symbol.upper()
    seen: Counter[str] = Counter()
    lots = []
    lots_path = (*path, "lots")
    lots_field = field_name(lots_path)  # each lot's Source.field: field_name, built once
    positions = tree.positions
    for k, lot in enumerate(h.lots or ()):
        at = positions.get((*lots_path, k))
        source = (
            tree.source((*lots_path, k))
            if at is None
            else Source(file=tree.file, line=at[0], column=at[1], field=f"{lots_field}[{k}]")
        )
        day = lot.acquired.isoformat()
        seen[day] += 1
        lots.append(
            Lot(
                id=lot.id or f"{account}/{symbol}/{day}/{seen[day]}",
                acquired=lot.acquired,
                quantity=lot.quantity,
                cost=lot.cost,
                origin=lot.origin,
                donor_acquired=lot.donor_acquired,
                fmv_at_gift=lot.fmv_at_gift,
                wash_adjustment=lot.wash_adjustment,
                holding_start=lot.holding_start,
                source=source,
            )
        )
    quantity = h.quantity if h.quantity is not None else sum((x.quantity for x in lots), Decimal(0))
    return Holding(
        symbol=symbol,
        quantity=quantity,
        lots=tuple(lots),
        basis_unknown=h.basis == "unknown",
        source=tree.source(path),
    )


def _transactions(doc: HouseholdDocument, tree: Tree) -> tuple[Transaction, ...]:
    return tuple(
        Transaction(
            date=t.date,
            account=t.account,
            action=t.action,
            symbol=t.symbol.upper(),
            quantity=t.quantity,
            price=t.price,
            cost=t.cost,
            acquired=t.acquired,
            source=tree.source(("transactions", i)),
        )
        for i, t in enumerate(doc.transactions)
    )


def _restriction(r: RestrictionDoc, tree: Tree, path: PathKey) -> Restriction:
    return Restriction(
        kind=_restriction_kind(r),
        symbol=(r.symbol or "").upper(),
        account=r.account or "",
        tag=r.exclude_tag or "",
        amount=r.max_sell_per_year,
        until=r.no_sell_until,
        reason=r.reason,
        source=tree.source(path),
    )


def _restriction_kind(r: RestrictionDoc) -> RestrictionKind:
    """The one kind key the row sets (the document checked there is exactly one)."""
    if r.exclude_tag is not None:
        return RestrictionKind.EXCLUDE_TAG
    if r.max_sell_per_year is not None:
        return RestrictionKind.MAX_SELL_PER_YEAR
    if r.no_sell_until is not None:
        return RestrictionKind.NO_SELL_UNTIL
    return RestrictionKind.NO_SELL if r.no_sell else RestrictionKind.NO_BUY


def _securities(
    doc: HouseholdDocument, tree: Tree, master: Mapping[str, Security]
) -> tuple[tuple[Security, ...], tuple[Problem, ...]]:
    merged = dict(master)
    problems: list[Problem] = []
    for symbol, override in doc.securities.items():
        key = symbol.upper()
        base = merged.get(key)
        security = _merge_security(key, base, override)
        if security is None:
            problems.append(
                Problem(
                    source=tree.source(("securities", symbol)),
                    field=f"securities.{symbol}.asset_class",
                    kind="unclassified_security",
                    message=f"{key} is not in the securities master and has no asset_class",
                    expected="asset_class: one of the nine classes, or a mix in percent",
                )
            )
            continue
        merged[key] = security
    return tuple(merged[s] for s in sorted(merged)), tuple(problems)


def _merge_security(symbol: str, base: Security | None, o: SecurityDoc) -> Security | None:
    classes = _class_weights(o.asset_class) if o.asset_class is not None else None
    if base is None:
        if classes is None:
            return None
        base = Security(
            symbol=symbol,
            type=o.type or SecurityType.STOCK,
            classes=classes,
            source="household file",
        )
    return Security(
        symbol=symbol,
        name=base.name if o.name is None else o.name,
        type=base.type if o.type is None else o.type,
        classes=base.classes if classes is None else classes,
        whole_shares=base.whole_shares if o.whole_shares is None else o.whole_shares,
        expense_ratio=base.expense_ratio if o.expense_ratio is None else o.expense_ratio,
        index=base.index if o.index is None else o.index,
        tags=base.tags if o.tags is None else tuple(o.tags),
        harvest_partners=(
            base.harvest_partners
            if o.harvest_partners is None
            else tuple(p.upper() for p in o.harvest_partners)
        ),
        source="household file" if base.source == "" else base.source,
        as_of=base.as_of,
        unverified=base.unverified,
    )


def _class_weights(value: AssetClass | Mapping[AssetClass, Decimal]) -> tuple[ClassWeight, ...]:
    if isinstance(value, AssetClass):
        return (ClassWeight(asset_class=value, weight=Decimal(1)),)
    return tuple(ClassWeight(asset_class=c, weight=w / HUNDRED) for c, w in value.items())


def _named_symbols_known(
    doc: HouseholdDocument, tree: Tree, known: set[str]
) -> tuple[Problem, ...]:
    """Symbols in `identical_groups`, `harvest_partners` and `tax_efficiency.securities` must
    be known securities."""
    places: list[tuple[str, PathKey]] = [
        (symbol, ("identical_groups", g, k))
        for g, group in enumerate(doc.identical_groups)
        for k, symbol in enumerate(group)
    ]
    for symbol, partners in doc.harvest_partners.items():
        places.append((symbol, ("harvest_partners", symbol)))
        places.extend((p, ("harvest_partners", symbol, k)) for k, p in enumerate(partners))
    places += [(s, ("tax_efficiency", "securities", s)) for s in doc.tax_efficiency.securities]
    return tuple(
        Problem(
            source=tree.source(path),
            field=tree.source(path).field,
            kind="unknown_symbol",
            message=f"{symbol.upper()} is not a known security",
            expected="a symbol of the securities master, or an entry under `securities:`",
        )
        for symbol, path in places
        if symbol.upper() not in known
    )
