"""Third-party importers: an entry point of group ``trimtab.importers`` is found and used.

Each test installs a tiny distribution into a folder put on ``sys.path``: a ``.dist-info``
with ``METADATA`` and ``entry_points.txt``, and the module the entry point names. That is
what ``pip install`` leaves behind, so ``importlib.metadata`` finds it exactly as it would a
real plugin. The importer reads an invented "Example Bank" CSV.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trimtab.cli import app
from trimtab.errors import errors_only
from trimtab.importers import ImportResult, run_import

DATA = Path(__file__).resolve().parent.parent / "data" / "import"

PLUGIN = '''
"""An Example Bank positions importer (a third-party plugin, as docs/importers.md shows)."""
from decimal import Decimal

from trimtab.importers.text.csvread import ExportText
from trimtab.importers.records import AccountRef, ExportAccount, ExportHolding, Extract

NAME = "examplebank-positions"


class _Importer:
    name = NAME
    description = "Example Bank positions CSV"

    @staticmethod
    def sniff(export: ExportText) -> bool:
        first = next((r for r in export.records if not r.blank), None)
        return first is not None and first.first == "EXAMPLE BANK POSITIONS"

    @staticmethod
    def read(export: ExportText) -> Extract:
        title, *rows = [r for r in export.records if not r.blank]
        account = AccountRef(number=title.cell(1), name="Joint", source=export.source(title.line))
        holdings = tuple(
            ExportHolding(
                symbol=r.cell(0),
                quantity=Decimal(r.cell(1)),
                price=Decimal(r.cell(2)),
                source=export.source(r.line, 1, "symbol"),
            )
            for r in rows
        )
        return Extract(
            file=export.file,
            format=NAME,
            as_of=None,
            accounts=(ExportAccount(account=account, cash=Decimal(r"{cash}"), holdings=holdings),),
        )


IMPORTER = _Importer()
'''


def install(site: Path, entry: str, module: str, source: str) -> None:
    """Write a distribution ``examplebank-trimtab`` with one entry point into ``site``."""
    (site / f"{module}.py").write_text(source)
    info = site / "examplebank_trimtab-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: examplebank-trimtab\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text(f"[trimtab.importers]\n{entry}\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    yield folder
    for name in [m for m in sys.modules if m.startswith("examplebank_")]:
        del sys.modules[name]


HOUSEHOLD = DATA / "vanguard" / "household_before.yaml"


def _import_example_bank(tmp_path: Path) -> ImportResult:
    """An Example Bank export of 300 VTIAX imported into the Vanguard sample household."""
    export = tmp_path / "positions.csv"
    export.write_text("EXAMPLE BANK POSITIONS,87654321\nVTIAX,300,36.20\n")
    into = tmp_path / "household.yaml"
    into.write_text(HOUSEHOLD.read_text())
    result = run_import([export], into)
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_an_installed_entry_point_importer_is_found_and_used(site: Path, tmp_path: Path) -> None:
    install(
        site,
        "examplebank = examplebank_importer:IMPORTER",
        "examplebank_importer",
        PLUGIN.replace("{cash}", "150.25"),
    )
    result = _import_example_bank(tmp_path)
    assert result.summary.sources[0].format == "examplebank-positions"
    assert "- {symbol: VTIAX, quantity: 300}" in (result.text or "")
    assert "cash: 150.25" in (result.text or "")
    lines = result.summary.lines()
    assert lines[0].endswith(
        "Example Bank positions CSV (examplebank-trimtab (entry point examplebank))"
    )


def test_a_plugin_written_against_the_old_csvread_path_still_imports(
    site: Path, tmp_path: Path
) -> None:
    # docs/importers.md showed `from trimtab.importers.csvread import ExportText` before the
    # CSV reader moved to trimtab.importers.text; that path must keep naming the same class.
    old = PLUGIN.replace("{cash}", "0").replace(
        "trimtab.importers.text.csvread", "trimtab.importers.csvread"
    )
    assert "trimtab.importers.csvread import ExportText" in old
    install(site, "examplebank = examplebank_old:IMPORTER", "examplebank_old", old)
    result = _import_example_bank(tmp_path)
    assert "- {symbol: VTIAX, quantity: 300}" in (result.text or "")


def test_list_formats_shows_built_in_and_third_party_importers(site: Path) -> None:
    install(
        site,
        "examplebank = examplebank_listed:IMPORTER",
        "examplebank_listed",
        PLUGIN.replace("{cash}", "0"),
    )
    done = CliRunner().invoke(app, ["import", "--list-formats"])
    assert done.exit_code == 0, done.output
    names = [line.split()[0] for line in done.output.splitlines()]
    assert names == [
        "schwab-positions",
        "schwab-lot-details",
        "schwab-history",
        "fidelity-positions",
        "fidelity-history",
        "vanguard-download",
        "ibkr-flex-query",
        "ofx",
        "beancount",
        "lot-csv",
        "examplebank-positions",
    ]
    assert "(examplebank-trimtab (entry point examplebank))" in done.output


def test_an_entry_point_that_does_not_load_is_listed_and_warned_not_raised(
    site: Path, tmp_path: Path
) -> None:
    install(site, "broken = examplebank_missing:IMPORTER", "examplebank_other", "X = 1\n")
    done = CliRunner().invoke(app, ["import", "--list-formats"])
    assert done.exit_code == 0, done.output
    assert "broken" in done.output and "not usable: does not load" in done.output
    into = tmp_path / "household.yaml"
    into.write_text(HOUSEHOLD.read_text())
    result = run_import([DATA / "vanguard" / "OfxDownload-2025.csv"], into)
    assert result.ok
    assert [(p.kind, p.field) for p in result.problems if p.kind == "importer_not_loaded"] == [
        ("importer_not_loaded", "(entry point)")
    ]


def test_an_importer_that_raises_is_an_error_naming_the_file(site: Path, tmp_path: Path) -> None:
    source = PLUGIN.replace("{cash}", "not a number")  # Decimal("not a number") raises
    install(site, "examplebank = examplebank_raising:IMPORTER", "examplebank_raising", source)
    export = tmp_path / "positions.csv"
    export.write_text("EXAMPLE BANK POSITIONS,87654321\nVTIAX,300,36.20\n")
    result = run_import([export], tmp_path / "household.yaml")
    errors = errors_only(result.problems)
    assert [(p.kind, p.source.file, p.source.line) for p in errors] == [
        ("importer_failed", str(export), 0)
    ]
    assert "InvalidOperation" in errors[0].message


def test_a_module_named_in_an_export_is_never_imported(tmp_path: Path) -> None:
    export = tmp_path / "positions.csv"
    export.write_text("EXAMPLE BANK POSITIONS,87654321\nimporter = os:system\n")
    result = run_import([export], tmp_path / "household.yaml")
    assert [p.kind for p in errors_only(result.problems)] == ["unknown_format"]
    assert "examplebank_importer" not in sys.modules
