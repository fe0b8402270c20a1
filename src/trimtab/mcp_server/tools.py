"""The MCP tools: each command's JSON document, exactly as ``trimtab COMMAND --json`` prints it.

A tool takes the household by path (``household``) or as the file's text (``household_yaml``,
loaded from memory under the name ``<household_yaml>``, written nowhere). A result's first text
block is the document's bytes as the CLI prints them (:func:`trimtab.commands.render`), and its
structured content the same document. Input problems come back as a tool error whose structured
content is a ``trimtab.problems/1`` document (each problem with file, line, column and field)
and whose text lists them as ``file:line:col: field: message (expected …)``: never a traceback.
A path outside the server's roots is such a problem too (:mod:`trimtab.mcp_server.roots`).

Example: ``drift(household="examples/household.yaml")`` answers with the bytes of
``trimtab drift examples/household.yaml --json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from trimtab import commands
from trimtab.errors import InfeasibleError, InputError, Problem, Severity, TrimtabError
from trimtab.load.tree import Tree, parse_tree, read_tree
from trimtab.mcp_server.roots import Roots, refused
from trimtab.model.enums import Mode, ReliefMethod, TradeFileKind
from trimtab.model.household import Household
from trimtab.pipeline import PlanOptions, check_household

YAML_NAME = "<household_yaml>"
"""The file name the problems of a ``household_yaml`` text carry."""
ARGUMENTS = "<arguments>"
"""The file name of a problem with the arguments themselves (not with a file)."""

HouseholdArg = Annotated[
    str | None,
    Field(description="The household file (trimtab.household/1 YAML): a path inside the roots."),
]
HouseholdYamlArg = Annotated[
    str | None,
    Field(description="The household file's text, instead of `household` (read from memory)."),
]
SettingsArg = Annotated[
    str | None,
    Field(description="Firm-wide settings defaults (YAML): a path inside the roots."),
]
ReliefArg = Annotated[
    ReliefMethod | None,
    Field(description="Relief method for every account this run (sells naming lots keep them)."),
]

READ_ONLY = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Given:
    """A household as a tool was given it.

    name: what the documents call it: the path as joined to the root, or ``<household_yaml>``.
    path: the file to read (None for a text).
    text: the file's text (None for a path).
    settings: the firm-wide settings file, if any.
    """

    name: str
    path: Path | None
    text: str | None
    settings: Path | None

    def load(self, mode: Mode | None = None) -> tuple[Household | None, tuple[Problem, ...]]:
        """Load and validate, as the CLI does (``--mode`` overrides the settings' mode)."""
        return check_household(
            self.path or Path(self.name),
            settings_file=self.settings,
            overrides={"mode": mode.value} if mode else None,
            text=self.text,
        )

    def digest(self) -> str:
        """The SHA-256 of the household file's bytes (of the text, UTF-8, for a text)."""
        data = self.text.encode("utf-8") if self.text is not None else self._bytes()
        return commands.input_sha256(data)

    def _bytes(self) -> bytes:
        assert self.path is not None  # a Given has a path or a text
        return self.path.read_bytes()


def document_result(document: dict[str, Any], *, error: bool = False) -> CallToolResult:
    """A document as the CLI prints it (the text block) and as structured content."""
    text = commands.render(document).decode("utf-8")
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=document, is_error=error
    )


def problems_result(name: str, problems: tuple[Problem, ...]) -> CallToolResult:
    """A tool error: the problems as ``file:line:col`` lines and as a problems document."""
    document = commands.validate(name, problems)
    lines = "\n".join(str(p) for p in problems)
    return CallToolResult(
        content=[
            TextContent(type="text", text=lines),
            TextContent(type="text", text=commands.render(document).decode("utf-8")),
        ],
        structured_content=document,
        is_error=True,
    )


def _warnings(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    return tuple(p for p in problems if p.severity is Severity.WARNING)


class Toolbox:
    """The tools of one server, reading only inside its roots (see the module docstring)."""

    def __init__(self, roots: Roots) -> None:
        self.roots = roots

    def given(
        self, household: str | None, household_yaml: str | None, settings: str | None
    ) -> Given | CallToolResult:
        """The household the arguments name, or the tool error saying why not."""
        if (household is None) == (household_yaml is None):
            problem = refused(
                ARGUMENTS,
                "household",
                "arguments",
                "give the household by path or by text",
                "one of `household` (a path) and `household_yaml` (the file's text)",
            )
            return problems_result(ARGUMENTS, (problem,))
        settings_path = self._path(settings, "settings")
        if isinstance(settings_path, CallToolResult):
            return settings_path
        if household_yaml is not None:
            return Given(name=YAML_NAME, path=None, text=household_yaml, settings=settings_path)
        path = self._path(household, "household")
        if isinstance(path, CallToolResult):
            return path
        assert path is not None  # household is not None here
        return Given(name=str(path), path=path, text=None, settings=settings_path)

    def _path(self, given: str | None, argument: str) -> Path | CallToolResult | None:
        """The path an argument names (None when not given), or the refusal."""
        if given is None:
            return None
        path = self.roots.path(given, argument)
        if isinstance(path, Problem):
            return problems_result(given, (path,))
        return path

    def _household(
        self,
        household: str | None,
        household_yaml: str | None,
        settings: str | None,
        mode: Mode | None = None,
    ) -> tuple[Given, Household, tuple[Problem, ...]] | CallToolResult:
        """A valid household and its warnings, or the tool error listing every problem."""
        given = self.given(household, household_yaml, settings)
        if isinstance(given, CallToolResult):
            return given
        loaded, problems = self._load(given, mode)
        if loaded is None:
            return problems_result(given.name, problems)
        return given, loaded, _warnings(problems)

    def _load(
        self, given: Given, mode: Mode | None = None
    ) -> tuple[Household | None, tuple[Problem, ...]]:
        """Load and validate, unless the files name a logo outside the roots (then that)."""
        outside = self._logos_outside(given)
        return (None, outside) if outside else given.load(mode)

    def _logos_outside(self, given: Given) -> tuple[Problem, ...]:
        """The ``firm_logo`` images that the household or settings file names outside the roots
        (the loader reads them, relative to the file that names them)."""
        household = (
            read_tree(given.path or given.name)
            if given.text is None
            else parse_tree(given.text, given.name)
        )
        found = self._logo_outside(household, ("settings", "firm_logo"))
        if given.settings is not None:
            found += self._logo_outside(read_tree(given.settings), ("firm_logo",))
        return found

    def _logo_outside(self, tree: Tree | Problem, key: tuple[str, ...]) -> tuple[Problem, ...]:
        if isinstance(tree, Problem):
            return ()  # the loader reports it
        value: Any = tree.data
        for part in key:
            value = value.get(part) if isinstance(value, dict) else None
        if (
            not isinstance(value, str)
            or not value
            or self.roots.inside(Path(tree.file).parent / value)
        ):
            return ()
        return (
            Problem(
                source=tree.source(key),
                field=".".join(key),
                kind="outside_root",
                message=f"the logo {value} is outside the folders this server may read",
                expected="a logo inside the roots (--root)",
            ),
        )

    def validate(
        self,
        household: HouseholdArg = None,
        household_yaml: HouseholdYamlArg = None,
        settings: SettingsArg = None,
    ) -> CallToolResult:
        """Check a household file: every problem with file, line, column and field.

        Returns the trimtab.problems/1 document of `trimtab validate FILE --json` (a tool
        error when the file has errors)."""
        given = self.given(household, household_yaml, settings)
        if isinstance(given, CallToolResult):
            return given
        _, problems = self._load(given)
        document = commands.validate(given.name, problems)
        return document_result(document, error=not document["ok"])

    def state(
        self,
        household: HouseholdArg = None,
        household_yaml: HouseholdYamlArg = None,
        settings: SettingsArg = None,
    ) -> CallToolResult:
        """Current state (brief step 1): value, cost and unrealized gain per lot, holding and
        account. Returns the trimtab.state/1 document of `trimtab state FILE --json`."""
        loaded = self._household(household, household_yaml, settings)
        if isinstance(loaded, CallToolResult):
            return loaded
        return document_result(commands.state(loaded[1]))

    def drift(
        self,
        household: HouseholdArg = None,
        household_yaml: HouseholdYamlArg = None,
        settings: SettingsArg = None,
    ) -> CallToolResult:
        """Drift (brief step 2): target vs current % per asset class, $ over/under, the bands.
        Returns the trimtab.drift/1 document of `trimtab drift FILE --json`."""
        loaded = self._household(household, household_yaml, settings)
        if isinstance(loaded, CallToolResult):
            return loaded
        return document_result(commands.drift(loaded[1]))

    def tax(
        self,
        household: HouseholdArg = None,
        household_yaml: HouseholdYamlArg = None,
        settings: SettingsArg = None,
    ) -> CallToolResult:
        """Tax view: unrealized gains, harvestable losses, the wash-sale calendar, RMDs and the
        year's estimate. Returns the trimtab.tax/1 document of `trimtab tax FILE --json`."""
        loaded = self._household(household, household_yaml, settings)
        if isinstance(loaded, CallToolResult):
            return loaded
        _, found, warnings = loaded
        return document_result(commands.tax(found, warnings))

    def location(
        self,
        household: HouseholdArg = None,
        household_yaml: HouseholdYamlArg = None,
        settings: SettingsArg = None,
    ) -> CallToolResult:
        """Asset-location review (brief step 4): yearly tax drag now and at the best location,
        and the moves. Returns the trimtab.location/1 document of `trimtab location FILE --json`."""
        loaded = self._household(household, household_yaml, settings)
        if isinstance(loaded, CallToolResult):
            return loaded
        return document_result(commands.location(loaded[1]))

    def check(
        self,
        trades: Annotated[
            str,
            Field(description="The trade list (trimtab.trades/1 YAML or a trimtab.plan/1 JSON)."),
        ],
        household: HouseholdArg = None,
        household_yaml: HouseholdYamlArg = None,
        settings: SettingsArg = None,
        relief_method: ReliefArg = None,
    ) -> CallToolResult:
        """What-if of a trade list: lots sold, gains, wash sales, lots after, and the tax with
        and without. Returns the trimtab.check/1 document of
        `trimtab check FILE --trades TRADES --json`."""
        trades_path = self._path(trades, "trades")
        if isinstance(trades_path, CallToolResult):
            return trades_path
        assert trades_path is not None
        loaded = self._household(household, household_yaml, settings)
        if isinstance(loaded, CallToolResult):
            return loaded
        _, found, warnings = loaded
        try:
            document = commands.check(
                found, trades_path, warnings=warnings, relief_method=relief_method
            )
        except InputError as exc:
            return problems_result(str(trades_path), exc.problems)
        return document_result(document)

    def plan(
        self,
        household: HouseholdArg = None,
        household_yaml: HouseholdYamlArg = None,
        mode: Annotated[
            Mode | None,
            Field(description="What the plan aims for (default: the household's settings)."),
        ] = None,
        settings: SettingsArg = None,
        relief_method: ReliefArg = None,
        out: Annotated[
            str | None,
            Field(
                description="Also write plan.json, plan.xlsx and the reports into this folder "
                "(inside the roots; only on a server started with --allow-write)."
            ),
        ] = None,
        trade_files: Annotated[
            list[TradeFileKind] | None,
            Field(description="Also write these custodian trade files into `out`."),
        ] = None,
    ) -> CallToolResult:
        """The tax-aware rebalancing plan (brief steps 3, 5 and 6): trades with their rationale
        and lots, the tax impact, costs, before/after drift, wash-sale calendar, breakeven.
        Returns the trimtab.plan/1 document of `trimtab plan FILE --json`."""
        out_dir = self._output(out, trade_files)
        if isinstance(out_dir, CallToolResult):
            return out_dir
        loaded = self._household(household, household_yaml, settings, mode)
        if isinstance(loaded, CallToolResult):
            return loaded
        given, found, _ = loaded
        try:
            run = commands.plan(
                found,
                input_sha256=given.digest(),
                options=PlanOptions(relief_method=relief_method),
            )
        except (InfeasibleError, OSError) as exc:
            return problems_result(given.name, (_failure(given.name, exc),))
        result = document_result(run.document)
        if out_dir is not None:
            try:
                written = commands.write_plan(out_dir, run, trade_files or ())
            except InputError as exc:  # a link or folder in the way, a full disk (write_run)
                return problems_result(str(out_dir), exc.problems)
            except OSError as exc:  # no permission
                problem = refused(str(out_dir), "out", "out_unwritable", f"cannot write: {exc}")
                return problems_result(str(out_dir), (problem,))
            notes = [str(p) for p in written.warnings] + [f"wrote {p}" for p in written.written]
            result.content.append(TextContent(type="text", text="\n".join(notes)))
        return result

    def _output(
        self, out: str | None, trade_files: list[TradeFileKind] | None
    ) -> Path | CallToolResult | None:
        """The folder plan writes into (None: none), or why it may not."""
        if out is None:
            if not trade_files:
                return None
            problem = refused(
                ARGUMENTS, "trade_files", "arguments", "trade files are written into `out`", "`out`"
            )
            return problems_result(ARGUMENTS, (problem,))
        folder = self.roots.output(out, "out")
        if isinstance(folder, Problem):
            return problems_result(out, (folder,))
        return folder

    def securities(
        self,
        query: Annotated[
            str, Field(description="Words to find in symbol, name, index, tags ('' for all).")
        ] = "",
    ) -> CallToolResult:
        """Search the shipped securities master (asset class, tax efficiency, identical groups,
        harvest partners). Returns the trimtab.securities/1 document of
        `trimtab securities QUERY --json`."""
        return document_result(commands.securities(query))


def _failure(name: str, exc: TrimtabError | OSError) -> Problem:
    """A plan that could not be made, as a problem of the household."""
    if isinstance(exc, OSError):
        return refused(name, "household", "file_unreadable", f"cannot read the file: {exc}")
    return refused(
        name, "(plan)", "infeasible", str(exc), "a household whose constraints can all be met"
    )


def tool_names() -> tuple[str, ...]:
    """The tools, in the order they are listed."""
    return ("validate", "state", "drift", "tax", "check", "plan", "location", "securities")
