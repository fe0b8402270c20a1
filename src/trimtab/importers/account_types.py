"""The account type told from an export's account name, when the name says it plainly.

Custodians name accounts by their registration (Fidelity's ``Account Name`` column, Schwab's
account line): ``ROTH IRA``, ``Rollover IRA``, ``Individual - TOD``, ``Health Savings
Account``, ``Roth Contributory IRA``, ``JOINT WROS``. The rules below are tried in order and
the first match wins, so the specific comes first: ``Individual 401(k)`` is a 401(k), not an
individual taxable account, and ``Inherited Roth IRA`` is inherited. A name no rule matches
(``Intelligent``, a nickname, ``529``, ``UTMA``, a trust) tells nothing: trimtab never guesses;
the import asks for an account-map entry instead (docs/importers.md).

Worked example: ``Individual - TOD`` folds to ``individual - tod``; the rules for inherited,
Roth, SEP, SIMPLE, 401(k), 403(b), 457(b), HSA and IRA do not match; ``\\bindividual\\b``
does, so the account is taxable.
"""

from __future__ import annotations

import re

from trimtab.model.enums import AccountType

RULES: tuple[tuple[re.Pattern[str], AccountType], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"\b(inherited|beneficiary)\b.*\bira\b|\bbda\b", AccountType.INHERITED_IRA),
        (r"\broth\b.*\b401\s*\(?k\)?", AccountType.ROTH_401K),
        (r"\broth\b.*\bira\b", AccountType.ROTH_IRA),
        (r"\bsep\b.*\bira\b|\bsep-ira\b", AccountType.SEP_IRA),
        (r"\bsimple\b.*\bira\b|\bsimple-ira\b", AccountType.SIMPLE_IRA),
        (r"\b401\s*\(?k\)?", AccountType.K401),
        (r"\b403\s*\(?b\)?", AccountType.B403),
        (r"\b457\s*\(?b\)?", AccountType.B457),
        (r"\bhsa\b|\bhealth savings\b", AccountType.HSA),
        (r"\b(traditional|rollover|contributory)\b.*\bira\b|^ira\b", AccountType.TRADITIONAL_IRA),
        (r"\b(individual|joint|jtwros|tod|tenants|brokerage)\b", AccountType.TAXABLE),
    )
)
"""(pattern on the folded name, type), tried in order."""


def type_from_name(name: str) -> AccountType | None:
    """The account type a name states, or None when it does not state one."""
    folded = " ".join(name.lower().split())
    for pattern, kind in RULES:
        if pattern.search(folded):
            return kind
    return None
