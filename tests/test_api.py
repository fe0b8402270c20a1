"""The Python API (issue 24): safe options, readable errors, public writers, notebook tables,
and docs/api.md's example, run as written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest

import trimtab
from trimtab.model.enums import Mode

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


@pytest.fixture(scope="module")
def household() -> trimtab.Household:
    return trimtab.load_household(ROOT / "examples" / "household.yaml")


@pytest.fixture(scope="module")
def report(household: trimtab.Household) -> object:
    return trimtab.plan_household(household, trimtab.PlanOptions(mode="target"))


def test_import_trimtab_loads_no_pydantic_numpy_or_pipeline() -> None:
    code = (
        "import sys, trimtab; trimtab.Mode; trimtab.PlanOptions.__name__;"
        "print(sorted(m for m in ('pydantic', 'numpy', 'highspy', 'trimtab.pipeline',"
        " 'trimtab.report.excel') if m in sys.modules))"
    )
    before = "import sys, trimtab; print([m for m in ('pydantic', 'numpy', 'trimtab.pipeline')"
    before += " if m in sys.modules])"
    proc = subprocess.run(
        [sys.executable, "-c", before], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "[]"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # PlanOptions lives in the pipeline (which loads pydantic to read files); never numpy
    assert "numpy" not in proc.stdout and "highspy" not in proc.stdout


def test_every_public_name_resolves() -> None:
    for name in trimtab.__all__:
        assert getattr(trimtab, name) is not None, name


# --- PlanOptions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given", ["target", "TARGET", " target ", Mode.TARGET, trimtab.Mode.TARGET]
)
def test_plan_options_accept_text_or_the_enum(given: object) -> None:
    options = trimtab.PlanOptions(mode=given)  # type: ignore[arg-type]
    assert options.mode is Mode.TARGET


def test_plan_options_convert_every_field() -> None:
    options = trimtab.PlanOptions(relief_method="hifo", solver="exact")  # type: ignore[arg-type]
    assert options.relief_method is trimtab.ReliefMethod.HIFO
    assert options.solver is trimtab.SolverKind.EXACT


def test_a_wrong_mode_is_a_clear_value_error() -> None:
    with pytest.raises(
        ValueError, match=re.escape("PlanOptions.mode: 'tarket' is not a Mode")
    ) as caught:
        trimtab.PlanOptions(mode="tarket")  # type: ignore[arg-type]
    assert "did you mean 'target'?" in str(caught.value)
    assert "'band'" in str(caught.value)


def test_a_wrong_type_is_a_clear_value_error() -> None:
    with pytest.raises(
        ValueError, match=re.escape("PlanOptions.relief_method: 3 is not a ReliefMethod")
    ):
        trimtab.PlanOptions(relief_method=3)  # type: ignore[arg-type]


def test_mode_target_runs_target_mode(report: object, household: trimtab.Household) -> None:
    # the example's own settings say band: the option must win, and be what runs
    assert household.settings.mode is Mode.BAND
    target = report.plan  # type: ignore[attr-defined]
    band = trimtab.plan_household(household, trimtab.PlanOptions(mode="band")).plan
    assert target.mode is Mode.TARGET and band.mode is Mode.BAND
    # target mode trades toward the targets themselves, so it trades more than band mode
    assert sum(t.amount for t in target.trades) > sum(t.amount for t in band.trades)


# --- InputError ------------------------------------------------------------------------------


def test_input_error_text_lists_its_problems(tmp_path: Path) -> None:
    text = MINIMAL.read_text().replace("harvest_min_loss: 500", "mode: tarket")
    text = text.replace("cash: 1000", "cash: 12,500")
    path = tmp_path / "h.yaml"
    path.write_text(text)
    with pytest.raises(trimtab.InputError) as caught:
        trimtab.load_household(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == "2 input problems:"
    assert lines[1] == (
        f"{path}:12:3: settings.mode: `tarket` is not a known mode; did you mean `target`? "
        "(expected one of target, band, cash, harvest, location)"
    )
    assert lines[2] == (
        f"{path}:17:5: accounts[0].cash: `12,500` is not a number; write it as 12500, "
        "without `,` (expected a number)"
    )
    assert [(p.kind, p.source.line, p.field) for p in caught.value.problems] == [
        ("unknown_value", 12, "settings.mode"),
        ("not_a_number", 17, "accounts[0].cash"),
    ]


def test_one_problem_is_one_problem() -> None:
    problem = trimtab.Problem(
        source=trimtab.Source(file="h.yaml", line=3, column=1),
        field="as_of",
        kind="not_a_date",
        message="`x` is not a date",
    )
    assert str(trimtab.InputError((problem,))) == (
        "1 input problem:\nh.yaml:3:1: as_of: `x` is not a date"
    )


# --- writers ---------------------------------------------------------------------------------


def test_write_outputs_writes_what_plan_out_writes(report: object, tmp_path: Path) -> None:
    written = trimtab.write_outputs(report, tmp_path / "out", trade_files=["generic"])  # type: ignore[arg-type]
    names = [p.name for p in written.written]
    assert names[:4] == ["plan.json", "plan.xlsx", "report.html", "review.html"]
    assert "trades-generic.csv" in names
    document = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert document["format"] == "trimtab.plan/1" and document["mode"] == "target"
    assert re.fullmatch("[0-9a-f]{64}", document["input_sha256"])


def test_write_outputs_refuses_a_file_and_an_unknown_kind(report: object, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("notes\n")
    with pytest.raises(ValueError, match="is a file, not a folder"):
        trimtab.write_outputs(report, readme)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'schwabb' is not a TradeFileKind; did you mean"):
        trimtab.write_outputs(report, tmp_path / "out", trade_files=["schwabb"])  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_to_document_of_a_plan_is_the_plan_json(report: object) -> None:
    document = trimtab.to_document(report, input_sha256="0" * 64)
    assert document["format"] == "trimtab.plan/1"
    assert document["input_sha256"] == "0" * 64
    assert len(document["trades"]) == len(report.plan.trades)  # type: ignore[attr-defined]


def test_to_document_of_the_other_results(household: trimtab.Household) -> None:
    assert trimtab.to_document(trimtab.tax_overview(household), household)["format"] == (
        "trimtab.tax/1"
    )
    assert trimtab.to_document(trimtab.drift_table(household), household)["format"] == (
        "trimtab.drift/1"
    )
    assert trimtab.to_document(trimtab.location_overview(household), household)["format"] == (
        "trimtab.location/1"
    )
    with pytest.raises(TypeError, match="needs its household"):
        trimtab.to_document(trimtab.drift_table(household))
    with pytest.raises(TypeError, match="no document for a str"):
        trimtab.to_document("plan", household)


# --- notebook --------------------------------------------------------------------------------


def test_drift_and_plan_show_as_html(report: object, household: trimtab.Household) -> None:
    drift_html = trimtab.drift_table(household)._repr_html_()
    assert drift_html.startswith("<table><caption>Drift</caption>")
    # us_large_cap: 33.9902…% of the household, 35 target → -1.0098 drift, shown to the cent
    assert '<td style="text-align:right">-1.01</td>' in drift_html
    plan_html = report._repr_html_()  # type: ignore[attr-defined]
    assert "Drift before / after" in plan_html and "(target)" in plan_html
    assert plan_html.count("<tr>") == 1 + 9 + 1 + len(report.plan.trades)  # type: ignore[attr-defined]


def test_to_dataframe_without_pandas_says_how_to_install(
    household: trimtab.Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    with pytest.raises(ImportError, match="pip install pandas"):
        trimtab.drift_table(household).to_dataframe()


def test_to_dataframe_hands_exact_records_to_pandas(
    report: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    got: list[list[dict[str, object]]] = []
    frame = types.SimpleNamespace(from_records=lambda records: got.append(records) or "frame")
    monkeypatch.setitem(sys.modules, "pandas", types.SimpleNamespace(DataFrame=frame))
    assert report.to_dataframe() == "frame"  # type: ignore[attr-defined]
    first = got[0][0]
    trade = report.plan.trades[0]  # type: ignore[attr-defined]
    assert first["id"] == trade.id and first["amount"] == trade.amount
    assert isinstance(first["amount"], Decimal)


# --- docs/api.md -----------------------------------------------------------------------------


def test_the_api_guide_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    guide = (ROOT / "docs" / "api.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", guide, flags=re.DOTALL)
    assert len(blocks) >= 4
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "household.yaml", tmp_path / "examples" / "household.yaml")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile("\n".join(blocks), "docs/api.md", "exec"), namespace)
    assert (tmp_path / "rivera-out" / "plan.json").exists()
    assert (tmp_path / "rivera-out" / "trades-generic.csv").exists()
    assert namespace["document"]["format"] == "trimtab.plan/1"  # type: ignore[index]
