"""Issue 21 item 5: the location review's words never contradict its own result.

The review said "municipal bonds ... belong in the taxable account" for the example household
and then moved the taxable account's bonds (its muni fund VTEB, $15,285) to luis-401k: large cap
saves more in the taxable account (94 bp a year of drag against 167 in a 401(k)) than the munis
do. The sentence now says what the review does with them.
"""

from __future__ import annotations

from pathlib import Path

from trimtab import load_household
from trimtab.explain.location_review import location_review
from trimtab.model.enums import AccountType, AssetClass


def _bond_words(path: Path) -> tuple[str, bool]:
    """The review's Investment Grade Bonds sentence, and whether its best location keeps any of
    the class in a taxable account."""
    h = load_household(path)
    review = location_review(h)
    kinds = {a.id: a.type for a in h.accounts}
    kept = any(
        r.asset_class is AssetClass.IG_BONDS
        and kinds[r.account] is AccountType.TAXABLE
        and r.amount > 0
        for r in review.best
    )
    return dict(review.rationale)[AssetClass.IG_BONDS], kept


def test_the_example_sells_its_munis_and_says_so(example_path: Path) -> None:
    words, kept = _bond_words(example_path)
    assert not kept
    assert "belong in the taxable account" not in words
    assert words.startswith(
        "Investment Grade Bonds: municipal bonds pay tax-exempt interest and are never held in "
        "an IRA, but the taxable account saves more with other classes: the best location "
        "holds no bonds there (its municipal fund is sold)"
    )


def test_munis_kept_in_taxable_are_said_to_belong_there(tmp_path: Path) -> None:
    # One taxable account: the review has nowhere else to put anything.
    path = tmp_path / "h.yaml"
    path.write_text(
        """\
format: trimtab.household/1
name: Munis at home
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 200000}
owners: [{id: pat, birth_date: 1970-01-01}]
targets: {us_large_cap: 60, ig_bonds: 40}
prices: {VOO: 500, VTEB: 50}
accounts:
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: VOO
        lots: [{id: L1, acquired: 2020-01-10, quantity: 120, cost: 300}]
      - symbol: VTEB
        lots: [{id: M1, acquired: 2020-01-10, quantity: 800, cost: 50}]
""",
        encoding="utf-8",
    )
    words, kept = _bond_words(path)
    assert kept
    assert words.startswith(
        "Investment Grade Bonds: municipal bonds pay tax-exempt interest and belong in the "
        "taxable account, never in an IRA"
    )
