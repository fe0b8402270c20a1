"""The web app's safety rules (docs/web.md#safety): where it listens, who may use it, and
which posts it takes.

- **Loopback by default.** :func:`bind_problem` refuses a host that is not loopback unless
  ``--allow-remote`` is given, and then a token is required (given, or made and printed).
- **A token** (remote only): every request carries it, as the ``trimtab_token`` cookie (set
  when the page is first opened with ``?token=…``) or ``Authorization: Bearer …``; else 401.
- **The Host header** of a loopback app must name a loopback host (no DNS rebinding).
- **CSRF**: every browser gets a random session cookie (``HttpOnly``, ``SameSite=Strict``);
  every form carries ``csrf`` = HMAC-SHA256(app secret, session) and htmx sends it as the
  ``X-CSRF-Token`` header (a signed double submit). A post without it, or with another
  session's, is refused with 403 (:func:`checked_form`).
- **Headers**: a Content-Security-Policy that allows scripts, styles and images from the app
  only (no inline script: a household name such as ``<script>`` could not run even if it were
  not escaped, and it is: Jinja autoescape), no framing, no referrer, no sniffing.

This module and :mod:`trimtab.web.app` are the only ones importing Starlette.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

SESSION_COOKIE = "trimtab_session"
TOKEN_COOKIE = "trimtab_token"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine only."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def bind_problem(host: str, allow_remote: bool) -> str:
    """Why the app may not listen on ``host`` ('' when it may)."""
    if is_loopback(host) or allow_remote:
        return ""
    return (
        f"--host {host} is reachable from other machines: add --allow-remote to mean it "
        "(every request then needs the token: --token, or the one printed)"
    )


def new_token() -> str:
    """A fresh random access token (for ``--allow-remote`` without ``--token``)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True, slots=True, kw_only=True)
class Guard:
    """One app's secrets. secret: signs the CSRF tokens (random per start). token: the access
    token (None on loopback without one). loopback: whether the Host header is checked."""

    secret: bytes
    token: str | None
    loopback: bool

    def csrf(self, session: str) -> str:
        """The CSRF token of a session."""
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: str, given: str) -> bool:
        """Whether ``given`` is this session's CSRF token (constant time)."""
        return bool(session and given) and hmac.compare_digest(self.csrf(session), given)

    def token_ok(self, given: str) -> bool:
        """Whether ``given`` is the access token (always, when there is none)."""
        if self.token is None:
            return True
        return bool(given) and hmac.compare_digest(self.token.encode(), given.encode())


def _host_name(request: Request) -> str:
    host = request.headers.get("host", "")
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _given_token(request: Request) -> str:
    bearer = request.headers.get("authorization", "")
    if bearer.lower().startswith("bearer "):
        return bearer[7:].strip()
    return request.cookies.get(TOKEN_COOKIE, "")


class GuardMiddleware(BaseHTTPMiddleware):
    """Host check, access token, session cookie and security headers on every response."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        super().__init__(app)
        self.guard = guard

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await self._checked(request, call_next)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _checked(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if self.guard.loopback and not is_loopback(_host_name(request)):
            return PlainTextResponse("trimtab serve: this app answers on loopback only", 400)
        query_token = request.query_params.get("token", "")
        if query_token and self.guard.token_ok(query_token):
            return self._token_cookie(request, query_token)
        if not self.guard.token_ok(_given_token(request)):
            return PlainTextResponse("trimtab serve: open the URL with the token printed", 401)
        session = request.cookies.get(SESSION_COOKIE, "")
        fresh = not session
        request.state.session = secrets.token_urlsafe(24) if fresh else session
        response = await call_next(request)
        if fresh:
            _cookie(response, SESSION_COOKIE, request.state.session)
        return response

    def _token_cookie(self, request: Request, token: str) -> Response:
        """Remember the token in a cookie and drop it from the address bar."""
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
        response = RedirectResponse(target, status_code=303)
        _cookie(response, TOKEN_COOKIE, token)
        return response


def _cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/")


async def checked_form(request: Request, guard: Guard) -> FormData:
    """The posted form when it carries this session's CSRF token; else HTTP 403."""
    form = await request.form()
    given = request.headers.get(CSRF_HEADER) or str(form.get(CSRF_FIELD) or "")
    if not guard.csrf_ok(request.cookies.get(SESSION_COOKIE, ""), given):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    return form
