"""Plan stability (issue 21 item 7): how much of a plan's turnover a 0.1 % price move shifts.

For each seeded household (``SIZES[size]`` with seeds 1..N, as `make bench` writes them, under
``out/bench/stability/``), the plan is made, then made again with one held symbol's price
raised by 0.1 % (two symbols a household, drawn from ``random.Random(name)``). The share of
turnover that moves is Σ |Δ dollars| over every (symbol, account, side) of the two plans,
divided by the two plans' turnover together: 0 when only amounts change by nothing, 1 when
the two plans share no (symbol, account, side). A 0.1 % price move should change amounts,
not the shape of the plan (docs/optimizer.md, "Stable plans").

    python bench/stability.py [--size small|medium] [--households N]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
from decimal import Decimal

from households import OUT, SIZES, write

from trimtab import Household, load_household
from trimtab.errors import InfeasibleError
from trimtab.pipeline import plan_household

MOVE = Decimal("1.001")


def turnover(h: Household) -> dict[tuple[str, str, str], float]:
    """Dollars traded of each (symbol, account, side) in the plan of ``h``."""
    out: dict[tuple[str, str, str], float] = {}
    for t in plan_household(h).plan.trades:
        key = (t.symbol, t.account, t.action.value)
        out[key] = out.get(key, 0.0) + float(t.amount)
    return out


def moved(a: dict[tuple[str, str, str], float], b: dict[tuple[str, str, str], float]) -> float:
    """The share of the turnover of ``a`` and ``b`` that differs (module docstring)."""
    total = sum(a.values()) + sum(b.values())
    keys = set(a) | set(b)
    return sum(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in keys) / total if total else 0.0


def with_price(h: Household, symbol: str) -> Household:
    """``h`` with ``symbol``'s price moved by :data:`MOVE`."""
    prices = tuple(
        dataclasses.replace(p, price=(p.price * MOVE).quantize(Decimal("0.0001")))
        if p.symbol == symbol
        else p
        for p in h.prices
    )
    return dataclasses.replace(h, prices=prices)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="medium", choices=("small", "medium"))
    parser.add_argument("--households", type=int, default=20)
    args = parser.parse_args()
    shares = []
    for k in range(1, args.households + 1):
        name = f"{args.size}-{k}"
        path = write(dataclasses.replace(SIZES[args.size], seed=k, name=name), OUT / "stability")
        h = load_household(path)
        try:
            before = turnover(h)
        except InfeasibleError:
            continue
        held = sorted({x.symbol for a in h.accounts for x in a.holdings})
        for symbol in random.Random(name).sample(held, min(2, len(held))):
            try:
                share = moved(before, turnover(with_price(h, symbol)))
            except InfeasibleError:
                continue
            shares.append(share)
            print(f"{name:12} {symbol:6} {share:7.2%}", flush=True)
    shares.sort()
    print(
        f"{len(shares)} moves: median {statistics.median(shares):.2%}, "
        f"90th percentile {shares[int(0.9 * (len(shares) - 1))]:.2%}, worst {shares[-1]:.2%}"
    )


if __name__ == "__main__":
    main()
