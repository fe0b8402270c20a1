"""Seeded households with many lots in substantially identical groups across accounts.

The shape where an index can differ from a scan: several funds per index (VOO, IVV and SPLG
track the S&P 500; VTI and ITOT the total market; BND and AGG the aggregate bond index), each
held in several taxable and tax-advantaged accounts and in a child's account outside the
return, lots bought on every day around `as_of` (so windows overlap), gifts and inheritances,
recent buys (some the same purchase as a held lot) and loss sales, payroll purchases on a
schedule and an undated dividend reinvestment.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from trimtab.model.enums import (
    AccountType,
    AssetClass,
    FilingStatus,
    LotOrigin,
    ReliefMethod,
    SecurityType,
    TradeAction,
)
from trimtab.model.household import (
    Account,
    BandRule,
    Bands,
    Holding,
    Household,
    Lot,
    Owner,
    Price,
    RecurringPurchase,
    Target,
    TaxProfile,
    Transaction,
)
from trimtab.model.security import ClassWeight, Security
from trimtab.model.settings import Settings

AS_OF = dt.date(2026, 11, 24)

FUNDS = {  # symbol: (index, class, price)
    "VOO": ("S&P 500", AssetClass.US_LARGE_CAP, "500"),
    "IVV": ("S&P 500", AssetClass.US_LARGE_CAP, "550"),
    "SPLG": ("S&P 500", AssetClass.US_LARGE_CAP, "65.25"),
    "VTI": ("CRSP US Total Market", AssetClass.US_LARGE_CAP, "250"),
    "ITOT": ("CRSP US Total Market", AssetClass.US_LARGE_CAP, "110"),
    "VEA": ("FTSE Developed", AssetClass.INTL_DEVELOPED, "50"),
    "BND": ("US Aggregate", AssetClass.IG_BONDS, "72.5"),
    "AGG": ("US Aggregate", AssetClass.IG_BONDS, "98"),
    "VNQ": ("", AssetClass.ALTERNATIVES, "90"),
}
ACCOUNTS = (
    ("joint", AccountType.TAXABLE, None, False),
    ("trust", AccountType.TAXABLE, ReliefMethod.HIFO, False),
    ("spec", AccountType.TAXABLE, ReliefMethod.SPECIFIC_ID, False),
    ("ira", AccountType.TRADITIONAL_IRA, None, False),
    ("roth", AccountType.ROTH_IRA, None, False),
    ("k401", AccountType.K401, None, False),
    ("utma", AccountType.TAXABLE, None, True),
)


def _security(symbol: str) -> Security:
    index, cls, _ = FUNDS[symbol]
    if symbol == "VNQ":  # a mixed fund: two classes
        classes = (
            ClassWeight(asset_class=AssetClass.ALTERNATIVES, weight=Decimal("0.75")),
            ClassWeight(asset_class=AssetClass.US_LARGE_CAP, weight=Decimal("0.25")),
        )
    else:
        classes = (ClassWeight(asset_class=cls, weight=Decimal(1)),)
    return Security(
        symbol=symbol,
        name=f"{symbol} Fund",
        type=SecurityType.ETF,
        classes=classes,
        whole_shares=symbol != "VTI",
        index=index,
    )


def _lot(rng: random.Random, lot_id: str, price: Decimal) -> Lot:
    days = rng.choice((rng.randint(0, 45), rng.randint(0, 1200)))
    acquired = AS_OF - dt.timedelta(days=days)
    quantity = Decimal(rng.randint(1, 40)) / (1 if rng.random() < 0.8 else 4)
    per_share = price * Decimal(rng.randint(70, 130)) / 100
    cost = (quantity * per_share).quantize(Decimal("0.01"))
    kind = rng.random()
    if kind < 0.05:
        return Lot(
            id=lot_id, acquired=acquired, quantity=quantity, cost=cost, origin=LotOrigin.INHERITANCE
        )
    if kind < 0.12:
        donor = acquired - dt.timedelta(days=rng.randint(1, 900))
        fmv = (cost * Decimal(rng.randint(60, 140)) / 100).quantize(Decimal("0.01"))
        return Lot(
            id=lot_id,
            acquired=acquired,
            quantity=quantity,
            cost=cost,
            origin=LotOrigin.GIFT,
            donor_acquired=donor,
            fmv_at_gift=fmv,
        )
    return Lot(id=lot_id, acquired=acquired, quantity=quantity, cost=cost)


def _account(
    rng: random.Random, row: tuple[str, AccountType, ReliefMethod | None, bool], lots_each: int
) -> Account:
    account_id, kind, relief, separate = row
    holdings = []
    for symbol in sorted(rng.sample(sorted(FUNDS), 6)):
        price = Decimal(FUNDS[symbol][2])
        lots = tuple(_lot(rng, f"{account_id}-{symbol}-{n}", price) for n in range(lots_each))
        holdings.append(
            Holding(symbol=symbol, quantity=sum((x.quantity for x in lots), Decimal(0)), lots=lots)
        )
    return Account(
        id=account_id,
        type=kind,
        owners=("ann",),
        cash=Decimal(1000),
        relief_method=relief,
        holdings=tuple(holdings),
        separate_taxpayer=separate,
    )


def _transactions(rng: random.Random, accounts: tuple[Account, ...]) -> tuple[Transaction, ...]:
    out = []
    for account in accounts:
        for holding in account.holdings[:3]:
            lot = holding.lots[0]  # the same purchase as a held lot (counted once)
            out.append(
                Transaction(
                    date=lot.acquired,
                    account=account.id,
                    action=TradeAction.BUY,
                    symbol=holding.symbol,
                    quantity=lot.quantity,
                    price=Decimal(10),
                )
            )
            day = AS_OF - dt.timedelta(days=rng.randint(0, 40))
            price = Decimal(FUNDS[holding.symbol][2])
            out.append(
                Transaction(
                    date=day,
                    account=account.id,
                    action=TradeAction.BUY,
                    symbol=holding.symbol,
                    quantity=Decimal(rng.randint(1, 9)),
                    price=price,
                )
            )
            out.append(
                Transaction(
                    date=day,
                    account=account.id,
                    action=TradeAction.SELL,
                    symbol=holding.symbol,
                    quantity=Decimal(3),
                    price=price,
                    cost=price * 4,
                    acquired=day - dt.timedelta(days=400),
                )
            )
    return tuple(out)


def many_lots(seed: int, lots_each: int = 12) -> Household:
    """A household of seven accounts, six funds each, ``lots_each`` lots a holding."""
    rng = random.Random(seed)
    accounts = tuple(_account(rng, row, lots_each) for row in ACCOUNTS)
    return Household(
        file=f"many-lots-{seed}.yaml",
        name=f"many lots {seed}",
        as_of=AS_OF,
        tax=TaxProfile(
            year=2026,
            filing_status=FilingStatus.MARRIED_JOINT,
            ordinary_taxable_income=Decimal(180000),
            state_rate=Decimal("0.05"),
        ),
        owners=(Owner(id="ann", birth_date=dt.date(1960, 5, 1)),),
        targets=(
            Target(asset_class=AssetClass.US_LARGE_CAP, percent=Decimal(55)),
            Target(asset_class=AssetClass.INTL_DEVELOPED, percent=Decimal(15)),
            Target(asset_class=AssetClass.IG_BONDS, percent=Decimal(25)),
            Target(asset_class=AssetClass.ALTERNATIVES, percent=Decimal(5)),
        ),
        bands=Bands(
            default=BandRule(absolute=Decimal(5), relative=Decimal(25), min_width=Decimal(1))
        ),
        prices=tuple(Price(symbol=s, price=Decimal(p)) for s, (_, _, p) in FUNDS.items()),
        settings=Settings(harvest_min_loss=Decimal(20), harvest_min_pct=Decimal(1)),
        accounts=accounts,
        securities=tuple(_security(s) for s in sorted(FUNDS)),
        transactions=_transactions(rng, accounts),
        recurring=(
            RecurringPurchase(
                account="k401",
                symbol="IVV",
                amount=Decimal(900),
                every_days=14,
                next=AS_OF + dt.timedelta(days=3),
            ),
            RecurringPurchase(account="roth", symbol="BND", dividend_reinvestment=True),
            RecurringPurchase(
                account="utma",
                symbol="VOO",
                amount=Decimal(50),
                every_days=7,
                next=AS_OF + dt.timedelta(days=1),
            ),
        ),
        identical_groups=(("VEA", "VNQ"),),
    )
