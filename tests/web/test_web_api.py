"""The web app through Starlette's TestClient: pages, review, what-if, re-plan and safety."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from starlette.routing import Route
from starlette.testclient import TestClient
from typer.testing import CliRunner

from helpers.web_book import BASE, XSS_NAME, Served, make_config
from trimtab.cli import app as cli_app
from trimtab.journal import list_runs
from trimtab.report.format import dollars
from trimtab.web.app import create_app
from trimtab.web.security import bind_problem, is_loopback
from trimtab.web.serve import prepare

RIVERA = "/household/rivera"


def _record(served: Served, key: str = "rivera") -> int:
    """Record the folder's plan of ``key`` through the page; the run's number."""
    response = served.client.post(
        f"/household/{key}/record", data={"csrf": served.csrf(f"/household/{key}")}
    )
    assert response.status_code == 200  # followed the 303 back to the household
    runs = list_runs(served.journal)
    return runs[-1].number


# --- the book page -----------------------------------------------------------------------------


def test_book_lists_every_household_with_status_breach_and_tax(served: Served) -> None:
    page = served.client.get("/").text
    assert "Rivera household" in page
    # the example: intl developed at 9.3137 % against 15 % with a 3.75-point band:
    # 15 − 3.75 − 9.3137 = 1.9363 points beyond the edge → "1.94 pts"
    assert "1.94 pts" in page
    assert 'badge-outside">outside' in page
    assert "not in the journal" in page  # nothing recorded yet
    assert "2 of 2 shown" in page


def test_book_search_and_filter_and_htmx_partial(served: Served) -> None:
    found = served.client.get("/?q=RIVERA").text
    assert "1 of 2 shown" in found and "Rivera household" in found
    none = served.client.get("/?status=failed").text
    assert "No household matches." in none
    partial = served.client.get("/?q=xss", headers={"HX-Request": "true"}).text
    assert partial.lstrip().startswith('<div id="book-table">')
    assert "<html" not in partial and "1 of 2 shown" in partial


def test_book_sorts_by_name_both_ways(served: Served) -> None:
    up = served.client.get("/?sort=name&dir=asc").text
    down = served.client.get("/?sort=name&dir=desc").text
    # "&lt;script&gt;…" sorts before "rivera household" ("<" is 0x3C, before letters)
    assert up.index("&lt;script&gt;") < up.index("Rivera household")
    assert down.index("Rivera household") < down.index("&lt;script&gt;")


def test_book_shows_the_last_run_once_recorded(served: Served) -> None:
    number = _record(served)
    page = served.client.get("/").text
    assert f"run {number}: proposed" in page


# --- a household ---------------------------------------------------------------------------------


def _plan(served: Served) -> dict[str, Any]:
    plan: dict[str, Any] = json.loads((served.book / "rivera" / "plan.json").read_bytes())
    return plan


def test_household_page_has_chart_trades_tax_wash_location_history(served: Served) -> None:
    page = served.client.get(RIVERA).text
    plan = _plan(served)
    assert '<svg class="chart chart-wide"' in page
    # before the plan: VEA and friends are 49,420.00 of 530,617.89 = 9.31 % (target 15 %)
    assert "International Developed: target 15.00%, before 9.31%, after" in page
    for trade in plan["trades"]:
        assert str(escape(trade["rationale"])) in page
    # VNQ sold at a loss on 2026-11-05 (the file's transactions): no purchase of its group
    # until 30 days later, 2026-12-05
    assert "<td>VGSLX, VNQ</td><td>2026-11-05</td><td>2026-12-05</td>" in page
    tax = dollars(Decimal(plan["tax"]["marginal"]["total"]))
    assert f'id="plan-tax">{tax}<' in page
    assert "US Small/Mid Cap: more tax drag" in page  # the asset-location rationale
    assert "No run of this household in the journal." in page
    assert "Record it for review" in page


def test_a_household_without_a_plan_still_has_its_page(served: Served) -> None:
    (served.book / "rivera" / "plan.json").unlink()
    page = served.client.get(RIVERA)
    assert page.status_code == 200
    assert "No proposed plan in the book folder" in page.text and 'id="replan"' in page.text


def test_unknown_household_is_404(served: Served) -> None:
    assert served.client.get("/household/nobody").status_code == 404


def test_download_only_the_household_files(served: Served) -> None:
    workbook = served.client.get(RIVERA + "/files/plan.xlsx")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    trades = served.client.get(RIVERA + "/files/trades-generic.csv")
    assert trades.status_code == 200 and b"HYG" in trades.content
    for name in ("..%2Fbook.json", "book.json", "nothing.csv"):
        assert served.client.get(f"{RIVERA}/files/{name}").status_code == 404


# --- review ------------------------------------------------------------------------------------


def test_approve_is_written_to_the_journal_with_user_and_note(served: Served) -> None:
    number = _record(served)
    response = served.client.post(
        RIVERA + "/approve",
        data={"csrf": served.csrf(RIVERA), "run": str(number), "note": "ok", "user": "lead"},
    )
    assert response.status_code == 200
    assert f"run {number}: approved" in response.text
    (run,) = list_runs(served.journal, run=number)
    assert run.status.value == "approved"
    assert (run.events[0].user, run.events[0].note) == ("lead", "ok")


def test_a_run_of_another_household_is_not_approved_here(served: Served) -> None:
    number = _record(served, "xss")
    data = {"csrf": served.csrf(RIVERA), "run": str(number)}
    response = served.client.post(RIVERA + "/approve", data=data)
    assert f"run {number} is not a run of this household" in response.text
    assert list_runs(served.journal, run=number)[0].status.value == "proposed"


def test_an_unsigned_message_is_not_shown(served: Served) -> None:
    page = served.client.get(RIVERA + "?error=Call+us+at+555").text
    assert "Call us at 555" not in page


def test_reject_needs_a_note_and_leaves_the_run_proposed(served: Served) -> None:
    number = _record(served)
    response = served.client.post(
        RIVERA + "/reject", data={"csrf": served.csrf(RIVERA), "run": str(number), "note": ""}
    )
    assert "a rejection needs a note" in response.text
    assert list_runs(served.journal, run=number)[0].status.value == "proposed"
    served.client.post(
        RIVERA + "/reject",
        data={"csrf": served.csrf(RIVERA), "run": str(number), "note": "too much turnover"},
    )
    (run,) = list_runs(served.journal, run=number)
    assert run.status.value == "rejected" and run.events[0].user == "ana"  # the app's user


def test_whatif_shows_what_trimtab_check_says(served: Served) -> None:
    first = _plan(served)["trades"][0]
    response = served.client.post(
        RIVERA + "/whatif",
        data={"csrf": served.csrf(RIVERA), "trade": first["id"], "shares": "10", "lots": ""},
    )
    assert response.status_code == 200
    assert f"What-if: {first['id']} at 10 shares" in response.text
    written = served.book / "rivera" / "whatif-trades.json"
    edited = json.loads(written.read_bytes())["trades"][0]
    assert (edited["id"], edited["quantity"]) == (first["id"], "10")
    # the same trade list through the command line gives the tax the page shows
    result = CliRunner().invoke(
        cli_app, ["check", "households/rivera.yaml", "--trades", str(written), "--json"]
    )
    assert result.exit_code == 0, result.output
    check = json.loads(result.stdout)
    total = dollars(Decimal(check["marginal"]["total"]))
    assert f'class="whatif-tax">{total}<' in response.text
    row = f"<td>{first['id']}</td><td>{first['account']}</td><td>{first['action']}</td>"
    assert row in response.text


@pytest.mark.parametrize(
    ("shares", "lots", "message"),
    [
        ("-3", "", "shares: must be more than 0"),
        ("ten", "", "is not a number"),
        ("5", "L1; rm -rf", "is not a lot id"),
    ],
)
def test_whatif_refuses_bad_values(served: Served, shares: str, lots: str, message: str) -> None:
    data = {"csrf": served.csrf(RIVERA), "trade": "P1", "shares": shares, "lots": lots}
    assert message in served.client.post(RIVERA + "/whatif", data=data).text


# --- re-plan -----------------------------------------------------------------------------------


def test_replan_runs_in_the_background_and_records_the_run(served: Served) -> None:
    data = {"csrf": served.csrf(RIVERA), "mode": "target", "relief_method": "", "solver": "lp"}
    started = served.client.post(RIVERA + "/run", data=data, headers={"HX-Request": "true"})
    assert 'id="progress"' in started.text
    for _ in range(600):  # polls as the page does, until the re-plan is finished
        progress = served.client.get(RIVERA + "/run").text
        if "Re-planned" in progress or "failed" in progress:
            break
        time.sleep(0.1)
    assert "Re-planned in" in progress, progress
    (run,) = list_runs(served.journal)
    assert run.body["options"]["mode"] == "target" and run.user == "ana"
    assert run.plan["mode"] == "target"
    page = served.client.get(RIVERA).text
    assert f'id="review-run">{run.number}<' in page  # the new files are the plan under review


def _files(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_forms_write_only_the_journal_and_the_book_folder(served: Served, tmp_path: Path) -> None:
    before = _files(tmp_path)
    number = _record(served)
    csrf = served.csrf(RIVERA)
    served.client.post(RIVERA + "/whatif", data={"csrf": csrf, "trade": "P1", "shares": "1"})
    served.client.post(RIVERA + "/approve", data={"csrf": csrf, "run": str(number)})
    served.client.post(RIVERA + "/run", data={"csrf": csrf, "mode": "band", "solver": "lp"})
    for _ in range(600):
        if "Re-planned" in served.client.get(RIVERA + "/run").text:
            break
        time.sleep(0.1)
    after = _files(tmp_path)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed
    outside = {n for n in changed if not n.startswith(("book/rivera/", "journal.sqlite3"))}
    assert outside == set()
    assert "book/rivera/whatif-trades.json" in changed and "book/rivera/plan.json" in changed


def test_replan_refuses_an_unknown_mode(served: Served) -> None:
    data = {"csrf": served.csrf(RIVERA), "mode": "yolo", "relief_method": "", "solver": "lp"}
    assert (
        "&#39;yolo&#39; is not a valid Mode" in served.client.post(RIVERA + "/run", data=data).text
    )


# --- safety ------------------------------------------------------------------------------------


def test_xss_household_name_is_escaped(served: Served) -> None:
    for page in (served.client.get("/").text, served.client.get("/household/xss").text):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert XSS_NAME not in page
    csp = served.client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


POSTS = ["/record", "/whatif", "/run", "/approve", "/reject"]


@pytest.mark.parametrize("action", POSTS)
def test_every_form_post_without_the_csrf_token_is_403(served: Served, action: str) -> None:
    served.client.get(RIVERA)  # a session cookie, as a browser has
    data = {"run": "1", "note": "x", "trade": "P1", "shares": "1", "mode": "band"}
    assert served.client.post(RIVERA + action, data=data).status_code == 403
    wrong = {**data, "csrf": "0" * 64}
    assert served.client.post(RIVERA + action, data=wrong).status_code == 403
    assert list_runs(served.journal) == ()


def test_the_csrf_test_covers_every_post_route(served: Served) -> None:
    app = create_app(served.config)
    posts = {
        r.path.removeprefix("/household/{key}")
        for r in app.routes
        if isinstance(r, Route) and "POST" in (r.methods or ())
    }
    assert posts == {"/record", "/whatif", "/run", "/{step:str}"}  # approve and reject


def test_a_token_from_another_session_is_refused(served: Served) -> None:
    other = TestClient(create_app(served.config), base_url=BASE)
    token = Served(other, served.book, served.journal, served.config).csrf(RIVERA)
    served.client.get(RIVERA)
    response = served.client.post(RIVERA + "/record", data={"csrf": token})
    assert response.status_code == 403


def test_security_headers_and_loopback_host_only(served: Served) -> None:
    headers = served.client.get("/").headers
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    rebound = served.client.get("/", headers={"Host": "evil.example:8000"})
    assert rebound.status_code == 400


def test_remote_needs_the_token(served: Served) -> None:
    config = make_config(served.book, served.journal, token="s3cret")
    client = TestClient(create_app(config), base_url="http://192.0.2.10")
    assert client.get("/").status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    first = client.get("/?token=s3cret&q=riv", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/?q=riv"
    assert client.get("/").status_code == 200  # the cookie now carries it
    assert (
        TestClient(create_app(config), base_url="http://192.0.2.10")
        .get("/?token=wrong")
        .status_code
        == 401
    )


@pytest.mark.parametrize(
    ("host", "allow", "refused"),
    [
        ("127.0.0.1", False, False),
        ("localhost", False, False),
        ("::1", False, False),
        ("0.0.0.0", False, True),
        ("192.168.1.5", False, True),
        ("0.0.0.0", True, False),
    ],
)
def test_bind_rules(host: str, allow: bool, refused: bool) -> None:
    assert bool(bind_problem(host, allow)) is refused
    assert is_loopback(host) is (host in ("127.0.0.1", "localhost", "::1"))


def test_serve_refuses_a_remote_host_without_allow_remote(served: Served, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli_app,
        [
            "serve",
            "--journal",
            str(tmp_path / "j.sqlite3"),
            "--book",
            str(served.book),
            "--host",
            "0.0.0.0",
        ],
    )
    assert result.exit_code == 2 and "--allow-remote" in result.output


def test_allow_remote_makes_a_token_and_prints_it(served: Served, tmp_path: Path) -> None:
    ready = prepare(
        str(tmp_path / "j.sqlite3"),
        served.book,
        host="0.0.0.0",
        allow_remote=True,
        token=None,
        user="ana",
    )
    token = ready.config.guard.token
    assert token and len(token) >= 32 and not ready.config.guard.loopback
    assert ready.url("0.0.0.0", 8000) == f"http://0.0.0.0:8000/?token={token}"
    ready.config.journal.close()
    given = prepare(
        str(tmp_path / "j.sqlite3"), served.book, host="::", allow_remote=True, token="t0k",
        user=None,
    )  # fmt: skip
    assert given.url("::", 8000) == "http://[::]:8000/?token=t0k"
    given.config.journal.close()


def test_serve_refuses_a_folder_without_book_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli_app, ["serve", "--journal", str(tmp_path / "j.sqlite3"), "--book", str(tmp_path)]
    )
    assert result.exit_code == 2 and "book.json" in result.output


def test_static_assets_are_served_from_the_package(served: Served) -> None:
    htmx = served.client.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and b"htmx" in htmx.content[:200]
    assert served.client.get("/static/htmx.LICENSE.txt").status_code == 200
    assert served.client.get("/static/app.css").status_code == 200
