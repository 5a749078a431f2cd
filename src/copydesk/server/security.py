"""What keeps the server to the editor who started it.

- a random token, written with the address and pid to `.copydesk/server.json` of the
  repository (private to its owner, never committed: .copydesk/ is git-ignored), and
  required on every request: `Authorization: Bearer TOKEN`, or the cookie a page sets
  when opened through the printed address (`/?token=TOKEN`, or `/archive?token=TOKEN`).
  There is no way to turn it off, so a bind to another address than 127.0.0.1 is never
  open;
- the Host header must name the bound address (or localhost, for a loopback bind): a
  DNS-rebinding page's requests carry its own host name and are refused;
- a POST from a page of another origin is refused (no cross-site writes);
- a request body over the cap (settings.max_article_mb, plus room for the JSON around the
  text) is refused with 413 before it is read whole.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import os
import secrets
import socket
import tempfile
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "copydesk_token"
PAGES = frozenset({"/", "/archive"})  # opened with ?token=TOKEN, each sets the cookie
SERVER_FILE = "server.json"
JSON_ROOM = 64 * 1024  # the JSON around an article's text: name, date, escapes of a few quotes


def new_token() -> str:
    return secrets.token_urlsafe(32)


def server_file(top: Path) -> Path:
    from ..cache import CACHE_DIR

    return top / CACHE_DIR / SERVER_FILE


def write_server_file(path: Path, host: str, port: int, token: str) -> None:
    """server.json, readable by its owner only (it holds the token), written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"host": host, "port": port, "pid": os.getpid(), "token": token, "url": f"http://{url_host(host)}:{port}/"}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, indent=2)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_server_file(path: Path) -> None:
    """Removed at shutdown, if it is still this process's (another server may have taken over)."""
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values a request may carry: the bound address, and for a loopback
    bind its usual names; for a bind to every address, this machine's names too."""
    names = {host}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "::1"}
    if host in ("0.0.0.0", "::"):
        names |= {"localhost", "127.0.0.1", "::1", socket.gethostname(), socket.getfqdn()}
    return frozenset(f"{url_host(n)}:{port}".lower() for n in names)


@dataclass(frozen=True)
class Guard:
    token: str
    hosts: frozenset[str]
    max_body: int  # bytes


class GuardMiddleware:
    """The checks above, before any route runs (pure ASGI: the body is counted as it comes)."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host", "").lower() not in self.guard.hosts:
            await _refuse(send, 400, "this server answers only to its own address (Host header refused)")
            return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and not self._same_origin(headers):
            await _refuse(send, 403, "cross-origin request refused")
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given_in_url = (query.get("token") or [""])[0]
        if scope["path"] in PAGES and given_in_url and self._valid(given_in_url):
            await _set_cookie_and_reload(send, given_in_url, scope["path"])  # the token leaves the address bar
            return
        if not self._valid(_bearer(headers) or _cookie(headers)):
            await _refuse(send, 401, "a token is required: see .copydesk/server.json, or open the address copydesk serve printed")
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.guard.max_body):
            await _refuse(send, 413, f"request body over {self.guard.max_body} bytes (settings.max_article_mb)")
            return
        body = await _read_body(receive, self.guard.max_body)
        if body is None:
            await _refuse(send, 413, f"request body over {self.guard.max_body} bytes (settings.max_article_mb)")
            return
        await self.app(scope, _replay(body), _with_security_headers(send))

    def _valid(self, token: str) -> bool:
        return bool(token) and hmac.compare_digest(token.encode(), self.guard.token.encode())

    def _same_origin(self, headers: dict[str, str]) -> bool:
        """A browser says where a request comes from (Origin, Sec-Fetch-Site); a client
        that says nothing (curl, the hook) is no page of another site."""
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return False
        origin = headers.get("origin")
        if origin is None:
            return True
        scheme, _, rest = origin.partition("://")
        return scheme == "http" and rest.lower() in self.guard.hosts


def _bearer(headers: dict[str, str]) -> str:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _cookie(headers: dict[str, str]) -> str:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # noqa: BLE001 - a malformed cookie header is no token
        return ""
    return jar[COOKIE].value if COOKIE in jar else ""


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it passes `limit`."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _with_security_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
        await send(message)

    return sending


async def _refuse(send: Send, status: int, why: str) -> None:
    body = json.dumps({"error": why}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


async def _set_cookie_and_reload(send: Send, token: str, page: str) -> None:
    """The page again, without the query (a fragment such as the reader view's #read=
    stays: a browser keeps it across the redirect)."""
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode()
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", page.encode("latin-1")), (b"set-cookie", cookie), (b"content-length", b"0"), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": b""})


# on every answer: nothing sniffed, no referrer (an address may hold the token), no framing
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]
