"""Browsing the archive: the archive page (`GET /archive`: every current finding,
filterable, and the entities table with search) and the reader view's data
(`GET /api/article?path=...`: one archive article's text as ingest read it, with its
mentions and findings placed by offset for marking).

Only articles of the loaded archive are opened, and only while their file still lies
under the served paths: a path with a `..` part, or one that leads elsewhere (an absolute
path, a symbolic link to outside) once links are resolved, is refused with 403 before
anything is looked up; any other path that is not an article of the archive gets 404.
The text served is the loaded snapshot's; no file is read for a request.
"""
from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse

from .. import __version__
from ..formats.html import _asset as report_asset, find_offset
from ..ingest.files import _glob_root, file_identity, leads_outside
from ..report import json_records
from .archive import PerSnapshot
from .page import _asset, script_policy

if TYPE_CHECKING:
    from ..model import Finding
    from ..pipeline import CheckResult
    from .archive import WarmArchive

MAX_PATH_CHARS = 4096  # PATH_MAX: no article's path is longer
_PARTS = re.compile(r"[\\/]")


class Refused(Exception):
    """A path the reader view will not open: `status` 403 (outside the served paths) or
    404 (not an article of the archive), and one line saying so."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status


def served_roots(paths: Sequence[str]) -> list[str]:
    """The real paths (links resolved) under which the served articles lie: each served
    folder or file, and for a glob the folder it searches under."""
    roots = []
    for arg in paths:
        root = arg if os.path.lexists(arg) or not glob.has_magic(arg) else _glob_root(arg)
        roots.append(os.path.realpath(root))
    return roots


def locate(requested: str, paths: Sequence[str], by_identity: dict[str, str]) -> str:
    """The archive's own path for the `requested` one, or Refused. Where the path leads is
    checked before the archive is asked, so a path outside gets 403 whether or not a file
    is there, and nothing about it is read."""
    if not requested or "\0" in requested or len(requested) > MAX_PATH_CHARS:
        raise Refused(404, "no such article in the archive")
    if ".." in _PARTS.split(requested):
        raise Refused(403, f"{requested}: outside the served paths ('..' is not followed)")
    try:
        inside = any(leads_outside(requested, root) is None for root in served_roots(paths))
    except (OSError, ValueError):
        inside = False
    if not inside:
        raise Refused(403, f"{requested}: outside the served paths")
    found = by_identity.get(file_identity(requested))
    if found is None:
        raise Refused(404, f"{requested}: not an article of the served archive")
    return found


@dataclass
class FindingFilter:
    """`GET /api/findings`' filters: a finding is kept when it matches each filter given,
    and a filter given several times matches any of its values."""

    severity: list[str] = Query([], description="error, warning or info")
    rule: list[str] = Query([], description="name-variant, role-conflict, substitution")
    entity: list[str] = Query([], description="the entity's name as the findings give it (case ignored)")
    file: list[str] = Query([], description="the article's path (as the findings give it, or any path to the same file)")

    def keep(self, findings: Sequence[Finding]) -> list[Finding]:
        entities = {e.casefold() for e in self.entity}
        files = {file_identity(f) for f in self.file}
        return [
            f for f in findings
            if (not self.severity or f.severity in self.severity) and (not self.rule or f.rule in self.rule)
            and (not entities or f.entity.casefold() in entities) and (not files or file_identity(f.file) in files)
        ]


@dataclass(frozen=True)
class ArchiveIndex:
    """What the reader view looks up in one snapshot, built once for it."""

    by_identity: dict[str, str]  # file_identity -> the archive's path
    findings_of: dict[str, list[Finding]]  # path -> its findings
    entity_at: dict[str, dict[int, str]]  # path -> mention start -> canonical name

    @classmethod
    def build(cls, result: CheckResult) -> ArchiveIndex:
        findings_of: dict[str, list[Finding]] = {}
        for f in result.findings:
            findings_of.setdefault(f.file, []).append(f)
        entity_at: dict[str, dict[int, str]] = {}
        for entity in result.resolution.entities:
            for m in entity.mentions:
                entity_at.setdefault(m.article, {})[m.start] = entity.canonical
        return cls({file_identity(p): p for p in result.articles}, findings_of, entity_at)


def article_json(result: CheckResult, index: ArchiveIndex, path: str, labels: Collection[str]) -> dict[str, Any]:
    """The article as the reader view shows it: its mentions of people and organisations
    (`labels`, or any that belongs to an entity; not the places kept for roles) and its
    findings. Offsets count characters (code points) of `text`; each finding also lists
    the other articles it rests on (`related`)."""
    article = result.articles[path]
    entities = index.entity_at.get(path, {})
    mentions = [
        {"start": m.start, "end": m.end, "text": m.text, "label": m.label, "entity": entities.get(m.start),
         "role": m.role.text if m.role else None}
        for m in sorted(result.mentions.get(path, ()), key=lambda m: (m.start, m.end))
        if m.label in labels or m.start in entities
    ]
    findings = sorted(index.findings_of.get(path, ()), key=lambda f: f.sort_key())
    rows = json_records(findings)
    for row, f in zip(rows, findings, strict=True):
        row["offset"] = find_offset(article, f.line, f.column, f.found)
        row["related"] = [p for p in f.related if p != path]
    return {
        "path": path,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "byline": list(article.byline),
        "text": article.text,
        "mentions": mentions,
        "findings": rows,
    }


def add_browse_routes(app: FastAPI, archive: WarmArchive, not_ready: Callable[[], JSONResponse | None]) -> None:
    """The archive page and the reader view's API, on `app`."""
    indexes = PerSnapshot(lambda snapshot: ArchiveIndex.build(snapshot.result))

    # a plain function: FastAPI runs it in a worker thread, off the event loop
    @app.get("/api/article", summary="One archive article's text with its mentions and findings (the reader view)")
    def article(path: str = Query(..., description="The article's path as the findings give it.")) -> Any:
        if (waiting := not_ready()) is not None:
            return waiting
        snapshot = archive.snapshot  # one snapshot for the whole answer
        index = indexes.of(snapshot)
        try:
            found = locate(path, archive.paths, index.by_identity)
        except Refused as refused:
            return JSONResponse({"error": str(refused)}, status_code=refused.status)
        return article_json(snapshot.result, index, found, archive.rules.settings.name_variant.labels)

    @app.get("/archive", response_class=HTMLResponse, include_in_schema=False)
    async def archive_page() -> HTMLResponse:
        html, policy = browse_page()
        return HTMLResponse(html, headers={"content-security-policy": policy})


@lru_cache(maxsize=1)
def browse_page() -> tuple[str, str]:
    """(the archive page's HTML, its Content-Security-Policy): as strict as the check page's."""
    import jinja2

    script = _asset("archive.js")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    html = env.from_string(_asset("archive.html.j2")).render(
        version=__version__, style=report_asset("report.css") + _asset("page.css") + _asset("archive.css"), script=script
    )
    return html, script_policy(script)
