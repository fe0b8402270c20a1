"""The MCP prompts: the brief's workflow and the client letter, as instructions to an assistant.

``review_household`` walks the brief's six steps in order (current state, drift, trade
recommendations, asset location, implementation, output), each through the tool that computes
it, with the brief's important notes; ``explain_plan`` turns a plan into words a client can
follow. Both name the household by path; the assistant passes it on to the tools.
"""

from __future__ import annotations

REVIEW_STEPS = (
    (
        "Current state",
        "Call `state`. For each account give its type (taxable, IRA, Roth, 401k), the "
        "holdings at market value, and for taxable accounts the cost basis and the unrealized "
        "gain or loss per position (short and long term).",
    ),
    (
        "Drift analysis",
        "Call `drift`. Show the table Asset Class | Target % | Current % | Drift | $ Over/Under "
        "and flag every class outside its band. Small drift inside the bands is fine: say so "
        "rather than trading for its own sake.",
    ),
    (
        "Trade recommendations",
        "Call `tax` for the harvestable losses, the wash-sale calendar and pending RMDs, then "
        "`plan`. List the trades as Account | Action | Security | Shares/$ | Reason | Tax "
        "Impact. Check that the plan prefers tax-advantaged accounts, avoids large short-term "
        "gains, harvests losses where it can, respects the 30-day wash-sale window across all "
        "accounts, and uses pending contributions before selling.",
    ),
    (
        "Asset location review",
        "Call `location`. Say which assets sit in the wrong kind of account (bonds and REITs "
        "belong in tax-deferred accounts, the highest-growth assets in Roth, tax-efficient "
        "equity and loss-harvesting candidates in taxable) and what moving them is worth a year.",
    ),
    (
        "Implementation",
        "From the plan: the trades by account, the estimated transaction costs, the estimated "
        "tax impact (realized short- and long-term gains and losses, disallowed wash losses), "
        "and the net effect on drift. Compare the tax cost with the benefit (the breakeven).",
    ),
    (
        "Output",
        "Give the drift table, the recommended trade list, the tax impact summary and the "
        "before/after allocation. If the server allows writing, `plan` with `out` writes the "
        "Excel trade list and the HTML report.",
    ),
)

NOTES = (
    "Don't rebalance for rebalancing's sake: small drift within bands is fine.",
    "Tax costs can outweigh rebalancing benefits in taxable accounts: state the breakeven.",
    "Consider pending cash flows (contributions, withdrawals, RMDs) before trading.",
    "Check client-specific restrictions (ESG, concentrated stock, lockups) in the household file.",
    "Give the rationale of every trade, for the compliance record.",
    "Wash-sale rules apply across accounts: coordinate trades across the household.",
    "Report only numbers the tools returned; if a tool returns problems, show them with their "
    "file, line and field and stop until they are fixed (run `validate`).",
)


def review_household(household: str) -> str:
    """The brief's six steps for the household file ``household``."""
    steps = "\n".join(
        f"{number}. **{title}.** {text}"
        for number, (title, text) in enumerate(REVIEW_STEPS, start=1)
    )
    notes = "\n".join(f"- {note}" for note in NOTES)
    return (
        f"Review the household in `{household}` with the trimtab tools, in these six steps, in "
        f"order. Pass `household: {household}` to every tool.\n\n"
        f"{steps}\n\nImportant notes:\n{notes}\n"
    )


def explain_plan(household: str, mode: str = "") -> str:
    """A letter to the client explaining the plan of ``household`` (in ``mode``, if given)."""
    how = f" with `mode: {mode}`" if mode else ""
    return (
        f"Call the trimtab `plan` tool for `household: {household}`{how}, then explain the plan "
        "to the client in plain words, without jargon, as a short letter:\n\n"
        "1. Why we are trading now (or why not): which asset classes drifted outside their "
        "bands and by how much, and the cash flows due.\n"
        "2. Each trade: the account, buy or sell, the security, the amount, and its reason in "
        "one sentence (the plan's rationale), saying why it is done in that account.\n"
        "3. The tax impact: gains and losses realized (short and long term), any loss "
        "disallowed by a wash sale, and the estimated federal and state tax; why the lots sold "
        "were chosen.\n"
        "4. What it costs (transaction costs) and what it is worth (the breakeven), and the "
        "allocation before and after.\n"
        "5. What the client should not do in the next 30 days (the wash-sale calendar) and any "
        "warnings the plan gives.\n\n"
        "Use only the numbers the plan returned; round dollars to whole dollars in the text. "
        "If the tool returns problems instead of a plan, explain what must be fixed in the "
        "household file (file, line and field) rather than guessing.\n"
    )
