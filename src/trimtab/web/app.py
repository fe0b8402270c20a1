"""``trimtab serve``: the book, its households and their plans in the browser (docs/web.md).

Starlette routes over server-rendered Jinja2 pages; htmx (vendored in ``static/``, no build
step) swaps parts of a page: the book's table as you search, sort and filter; the what-if
result; the re-plan's progress. Every page also works as plain links and forms.

=======================================  ==================================================
GET  /                                   the book: every household, its status and last run
GET  /household/{key}                    drift chart, trades, tax, wash calendar, location,
                                         review, what-if, re-plan and run history
GET  /household/{key}/files/{name}       a file of the household's folder (trade files, …)
POST /household/{key}/approve | reject   the journal step, with the user and the note
POST /household/{key}/record             record the folder's plan in the journal
POST /household/{key}/whatif             ``trimtab check`` of the plan with one trade edited
POST /household/{key}/run                re-plan in the background; GET: its progress
=======================================  ==================================================

Work that reads or writes files or the journal runs in Starlette's thread pool. The safety
rules (loopback, token, CSRF, headers) are :mod:`trimtab.web.security`'s.
"""

from __future__ import annotations

import hmac
import time
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from trimtab.errors import InputError, JournalError
from trimtab.journal import Run, list_runs
from trimtab.model.enums import Mode, ReliefMethod, SolverKind
from trimtab.report.format import dollars
from trimtab.report.html import allocation_chart
from trimtab.web import actions
from trimtab.web.book_view import (
    SORTS,
    STATUSES,
    BookRow,
    book_rows,
    chart_points,
    household_row,
    plan_files,
    read_book,
    read_plan,
    run_of_plan,
    select_rows,
)
from trimtab.web.jobs import Replans, Stage
from trimtab.web.security import GuardMiddleware, checked_form
from trimtab.web.serve import ServeConfig


def _environment() -> jinja2.Environment:
    """The pages' templates (autoescaped), with the report's chart macro beside them."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("trimtab.web", "templates"),
                jinja2.PackageLoader("trimtab.report", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dollars"] = lambda v: dollars(Decimal(v))
    return env


class Pages:
    """The app's handlers over one book, journal and set of re-plans."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.env = _environment()
        self.replans = Replans()

    # --- helpers -------------------------------------------------------------------------------

    def render(
        self, request: Request, name: str, view: dict[str, Any], *, code: int = 200
    ) -> HTMLResponse:
        """A page (or part of one) with the session's CSRF token and the app's user."""
        common = {"csrf": self.config.guard.csrf(request.state.session), "user": self.config.user}
        html = self.env.get_template(name).render({**common, **view})
        return HTMLResponse(html, status_code=code)

    def runs(self, household: str | None = None) -> tuple[Run, ...]:
        """The journal's runs, all or one household's (an unreadable journal: 503)."""
        try:
            return list_runs(self.config.journal, household=household)
        except JournalError as exc:
            raise HTTPException(503, str(exc)) from None

    def rows(self, runs: tuple[Run, ...] = ()) -> tuple[BookRow, ...]:
        """The book's rows with their newest runs among ``runs``."""
        try:
            return book_rows(read_book(self.config.book), runs)
        except InputError as exc:
            raise HTTPException(500, exc.problems[0].message) from None

    def row(self, key: str) -> tuple[BookRow, tuple[Run, ...]]:
        """One household's row and its runs (404 when the book has no such key)."""
        row = household_row(self.rows(), key)
        if row is None:
            raise HTTPException(404, f"no household {key!r} in the book")
        return row, self.runs(row.name)

    def back(self, key: str, **message: str) -> RedirectResponse:
        """To the household's page, with a message (done or error) signed by the app: a link
        made elsewhere cannot put words on the page."""
        signed = {**message, "sig": self._flash_sig(message)} if message else {}
        query = f"?{urlencode(signed)}" if signed else ""
        return RedirectResponse(f"/household/{key}{query}", status_code=303)

    def _flash_sig(self, message: dict[str, str]) -> str:
        return self.config.guard.csrf("flash:" + urlencode(sorted(message.items())))

    def _flash(self, request: Request) -> dict[str, str]:
        """The page's signed message ({} when none or not signed by this app)."""
        q = request.query_params
        message = {k: q[k] for k in ("done", "error") if k in q}
        given = q.get("sig", "")
        if message and given and hmac.compare_digest(given, self._flash_sig(message)):
            return message
        return {}

    # --- the book ------------------------------------------------------------------------------

    def book(self, request: Request) -> Response:
        q = request.query_params
        sort = q.get("sort", "need") if q.get("sort") in SORTS else "need"
        desc = q.get("dir", "desc" if sort in ("breach", "tax", "run") else "asc") == "desc"
        rows = self.rows(self.runs())
        chosen = select_rows(
            rows, query=q.get("q", ""), status=q.get("status", ""), sort=sort, desc=desc
        )
        view = {
            "rows": chosen,
            "total": len(rows),
            "q": q.get("q", ""),
            "status": q.get("status", ""),
            "statuses": STATUSES,
            "sort": sort,
            "desc": desc,
            "sort_links": self._sort_links(q.get("q", ""), q.get("status", ""), sort, desc),
            "book_dir": str(self.config.book),
        }
        partial = request.headers.get("hx-request") == "true"
        return self.render(request, "book_table.html.j2" if partial else "book.html.j2", view)

    @staticmethod
    def _sort_links(query: str, status: str, sort: str, desc: bool) -> dict[str, str]:
        links = {}
        for name in SORTS:
            direction = "asc" if name == sort and desc else "desc"
            if name != sort and name in ("need", "name", "status"):
                direction = "asc"
            links[name] = "/?" + urlencode(
                {"q": query, "status": status, "sort": name, "dir": direction}
            )
        return links

    # --- a household ---------------------------------------------------------------------------

    def household(self, request: Request) -> Response:
        key = request.path_params["key"]
        row, runs = self.row(key)
        plan = read_plan(self.config.book, key)
        view = {
            "row": row,
            "plan": plan,
            "chart": None if plan is None else allocation_chart(chart_points(plan)),
            "review": run_of_plan(runs, plan),
            "runs": tuple(reversed(runs)),
            "files": plan_files(self.config.book, key),
            "progress": self.replans.get(key),
            "modes": [m.value for m in Mode],
            "reliefs": [r.value for r in ReliefMethod],
            "solvers": [s.value for s in SolverKind],
            "done": "",
            "error": "",
            **self._flash(request),
        }
        return self.render(request, "household.html.j2", view)

    def download(self, request: Request) -> Response:
        key, name = request.path_params["key"], request.path_params["name"]
        self.row(key)
        if name not in plan_files(self.config.book, key):
            raise HTTPException(404, f"no file {name!r} for {key!r}")
        return FileResponse(self.config.book / key / name, filename=name)

    async def _form(self, request: Request) -> FormData:
        return await checked_form(request, self.config.guard)

    def _user(self, form: FormData) -> str:
        return str(form.get("user") or "").strip() or self.config.user

    async def step(self, request: Request) -> Response:
        """Approve or reject the run under review."""
        form = await self._form(request)
        key, kind = request.path_params["key"], request.path_params["step"]
        step = {"approve": actions.approve_run, "reject": actions.reject_run}.get(kind)
        if step is None:
            raise HTTPException(404)
        try:
            run = int(str(form.get("run", "")))
        except ValueError:
            raise HTTPException(400, "which run?") from None
        _, runs = await run_in_threadpool(self.row, key)
        if run not in {r.number for r in runs}:
            return self.back(key, error=f"run {run} is not a run of this household")
        try:
            done = await run_in_threadpool(
                step,
                self.config.journal,
                run,
                user=self._user(form),
                note=str(form.get("note") or ""),
            )
        except actions.ActionError as exc:
            return self.back(key, error=str(exc))
        return self.back(key, done=f"run {done.number}: {done.status.value}")

    async def record(self, request: Request) -> Response:
        form = await self._form(request)
        key = request.path_params["key"]
        row, _ = await run_in_threadpool(self.row, key)
        try:
            run = await run_in_threadpool(
                actions.record_plan,
                self.config.journal,
                self.config.book,
                row,
                user=self._user(form),
            )
        except actions.ActionError as exc:
            return self.back(key, error=str(exc))
        return self.back(key, done=f"recorded run {run.number}")

    async def whatif(self, request: Request) -> Response:
        form = await self._form(request)
        key = request.path_params["key"]
        row, runs = await run_in_threadpool(self.row, key)
        values = {k: str(form.get(k) or "") for k in ("trade", "shares", "lots")}
        try:
            check = await run_in_threadpool(
                actions.what_if, self.config.book, row, runs, *values.values()
            )
        except actions.ActionError as exc:
            return self.render(
                request, "whatif.html.j2", {"check": None, "error": str(exc), **values}
            )
        return self.render(request, "whatif.html.j2", {"check": check, "error": "", **values})

    # --- re-plan -------------------------------------------------------------------------------

    async def start_run(self, request: Request) -> Response:
        form = await self._form(request)
        key = request.path_params["key"]
        row, _ = await run_in_threadpool(self.row, key)
        try:
            choices = actions.Choices.parse(
                *(str(form.get(k) or "") for k in ("mode", "relief_method", "solver"))
            )
        except actions.ActionError as exc:
            return self.back(key, error=str(exc))
        user = self._user(form)
        self.replans.start(key, lambda stage: self._replan(row, choices, user, stage))
        if request.headers.get("hx-request") == "true":
            return self.progress(request)
        return self.back(key)

    def _replan(self, row: BookRow, choices: actions.Choices, user: str, stage: Stage) -> int:
        """Plan the household again, then record the plan (runs in a worker thread)."""
        stage("planning")
        started = time.perf_counter()
        failure = actions.replan(self.config.book, row, choices)
        if failure:
            raise actions.ActionError(failure)
        seconds = time.perf_counter() - started
        stage("recording")
        run = actions.record_plan(
            self.config.journal,
            self.config.book,
            row,
            user=user,
            options=choices.journal_options(),
            seconds=seconds,
        )
        return run.number

    def progress(self, request: Request) -> Response:
        key = request.path_params["key"]
        self.row(key)
        view = {"key": key, "progress": self.replans.get(key)}
        return self.render(request, "progress.html.j2", view)


def _error_page(pages: Pages) -> Any:
    async def handler(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
        if not hasattr(request.state, "session"):
            return HTMLResponse(str(detail), status_code=status)
        return pages.render(request, "error.html.j2", {"message": detail}, code=status)

    return handler


def create_app(config: ServeConfig) -> Starlette:
    """The web app over one book folder and journal (see the module)."""
    pages = Pages(config)
    key = "/household/{key}"
    routes = [
        Route("/", pages.book),
        Route(key, pages.household),
        Route(key + "/files/{name}", pages.download),
        Route(key + "/record", pages.record, methods=["POST"]),
        Route(key + "/whatif", pages.whatif, methods=["POST"]),
        Route(key + "/run", pages.start_run, methods=["POST"]),
        Route(key + "/run", pages.progress, methods=["GET"]),
        Route(key + "/{step:str}", pages.step, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("trimtab.web", "static")]), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(GuardMiddleware, guard=config.guard)],
        exception_handlers={HTTPException: _error_page(pages)},
    )


def serve(config: ServeConfig, *, host: str, port: int) -> None:
    """Serve the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
