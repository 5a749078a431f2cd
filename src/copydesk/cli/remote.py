"""`copydesk check` through a running `copydesk serve` (issue 13): the server has the
model loaded and the archive read, so the pre-commit hook answers in a fraction of the
time a fresh process needs to load them.

The server used is the one `--server URL` names, else the one `.copydesk/server.json`
of this repository names (`copydesk serve` writes it, with its token, and removes it when
it stops). The server checks the same files, with the same rules, as this process would
(server/remote.py) and answers with what to print and write; it refuses what it cannot
answer exactly. Whenever it does not answer (gone, still loading, another folder, other
rules), one line says so on stderr and the check runs in this process: the output is the
same either way.

This module imports nothing of the pipeline (no spaCy, pandas or pydantic): a check
through a server costs a fresh process its imports of the command line only.
"""
from __future__ import annotations

import http.client
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import typer

from ..model import Finding
from ..workspace import git_root
from .check import Checked, Outcome
from .output import _fail, _said_skipped

# .copydesk/server.json at the top of the repository (cache.CACHE_DIR, server/security.py's
# SERVER_FILE: not imported from there, which would pull in the rules and the server)
SERVER_RECORD = Path(".copydesk") / "server.json"
TOKEN_VARIABLE = "COPYDESK_TOKEN"
PROBE_TIMEOUT_S = 2.0  # a server that does not say "ready" in this time is not waited for
CHECK_TIMEOUT_S = 300.0  # the server's own --time-limit (60 s by default) answers first


class Unusable(Exception):
    """Why the server cannot do this check: one line."""


@dataclass(frozen=True)
class Endpoint:
    url: str  # http://HOST:PORT/
    token: str


def check_through_server(server: str | None, asked: Checked) -> Outcome | None:
    """The check done by the server `server` names (a URL), else by the one this
    repository's server.json names. None when there is none, or it cannot answer (said
    on stderr): then the caller checks in its own process."""
    top = git_root(asked.paths or asked.changed or []) or Path.cwd()
    try:
        endpoint = find_endpoint(server, top)
    except Unusable as exc:
        typer.echo(f"copydesk: cannot use the server: {exc}; checking here", err=True)
        return None
    if endpoint is None:
        return None
    try:
        status = call(endpoint, "GET", "api/status", timeout=PROBE_TIMEOUT_S)
        if status.get("phase") != "ready":
            raise Unusable(f"its archive is {status.get('phase', 'not ready')} ({status.get('step', '')})")
        answer = call(endpoint, "POST", "api/check-files", request_body(asked), timeout=CHECK_TIMEOUT_S)
        outcome = outcome_of(answer)
    except Unusable as exc:
        typer.echo(f"copydesk: the server at {endpoint.url} did not check: {exc}; checking here", err=True)
        return None
    _said_skipped(answer["problems"], answer["warnings"])
    if not answer["articles"] and answer["problems"]:
        raise _fail("no readable article in the given paths")
    return outcome


def find_endpoint(server: str | None, top: Path) -> Endpoint | None:
    """The server to ask and its token: `server` (a URL, its token from its ?token=, from
    $COPYDESK_TOKEN or from server.json), else the one server.json names, else None."""
    record = _read_record(top / SERVER_RECORD)
    if server is None:
        if record is None:
            return None
        return Endpoint(str(record["url"]), str(record["token"]))
    parts = urlsplit(server)
    if parts.scheme != "http" or not parts.hostname:
        raise Unusable(f"{server}: give the address copydesk serve printed (http://HOST:PORT/)")
    token = (parse_qs(parts.query).get("token") or [""])[0] or os.environ.get(TOKEN_VARIABLE) or (record or {}).get("token")
    if not token:
        raise Unusable(f"no token for {server}: add ?token=TOKEN, set ${TOKEN_VARIABLE}, or run it in this repository")
    return Endpoint(f"http://{parts.netloc}{parts.path.rstrip('/')}/", str(token))


def _read_record(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none, or half-written by a server starting now: check here
    return record if isinstance(record, dict) and record.get("url") and record.get("token") else None


def request_body(asked: Checked) -> dict[str, Any]:
    return {
        "cwd": os.getcwd(),
        "paths": asked.paths,
        "changed": asked.changed,
        "rules": [str(d) for d in asked.rules_dirs or ()],
        "model": asked.model,
        "baseline": str(asked.baseline) if asked.baseline else None,
        "format": asked.report.value if asked.report else None,
    }


def outcome_of(answer: dict[str, Any]) -> Outcome:
    try:
        findings = [Finding(**row) for row in answer["findings"]]
        return Outcome(findings, int(answer["total"]), int(answer["read"]), answer["report"])
    except (KeyError, TypeError, ValueError) as exc:
        raise Unusable(f"an answer copydesk cannot read ({exc})") from None


def call(endpoint: Endpoint, method: str, path: str, body: dict[str, Any] | None = None, timeout: float = PROBE_TIMEOUT_S) -> Any:
    """One request to the server with its token; its JSON answer, or Unusable."""
    parts = urlsplit(endpoint.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port or 80, timeout=timeout)
    headers = {"Authorization": f"Bearer {endpoint.token}", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, parts.path + path, body=json.dumps(body).encode() if body is not None else None, headers=headers)
        response = connection.getresponse()
        data = response.read()
    except (OSError, http.client.HTTPException) as exc:
        raise Unusable(f"no answer ({exc.strerror if isinstance(exc, OSError) and exc.strerror else exc or type(exc).__name__})") from None
    finally:
        connection.close()
    try:
        answer = json.loads(data)
    except ValueError:
        raise Unusable(f"HTTP {response.status}, not JSON") from None
    if response.status != 200:
        why = answer.get("error") if isinstance(answer, dict) else None
        raise Unusable(f"HTTP {response.status}: {why or response.reason}")
    return answer
