"""`copydesk check --server` and the pre-commit hook through a running server (issue 13):
`POST /api/check-files` checks files on disk as `copydesk check [--changed FILE]...` run
in the caller's folder would, and answers with what that command prints and writes.

The check is the pipeline's own `check_paths`, with the server's loaded model and, as
its cache, the warm archive (`WarmCache`): an article whose file still has the size and
modification time it had when the archive read it comes from memory; any other (a file
edited since, one the watcher has not reloaded yet, one outside the served paths) is read
from disk now, through the extraction cache, as the command would read it.

The server answers only what it can answer exactly; anything else gets 409 and the
client checks in its own process:
- the caller's folder must be the server's (paths, and the report's file names, are
  relative to it);
- the rules must be those the command would load (the repository's `rules/` and the
  caller's `--rules`, as they are on disk now) and the model the same;
- every file named (articles, folders, globs, --rules, --baseline) must be inside the
  repository the server serves, its links resolved: the token opens no other file.
"""
from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ..cache import ExtractionCache
from ..ingest import file_identity
from ..model import Article, Mention
from ..names import CachedMentions

if TYPE_CHECKING:
    from ..rules import RuleSet
    from .archive import Snapshot, WarmArchive

OffTheLoop = Callable[..., Awaitable[Any]]
WAIT_STEP_S = 0.05  # how often a check waiting behind a reload looks in the cache


class Refused(Exception):
    """Why this server cannot give the answer the command would: the client checks in process."""


class FilesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cwd: str = Field(description="The caller's folder; it must be the server's.")
    paths: list[str] = Field(description="The archive: files, folders or globs, as given to `copydesk check`.")
    changed: list[str] | None = Field(None, description="The changed articles (`--changed`); null: check the whole archive.")
    rules: list[str] = Field([], description="The caller's --rules folders.")
    model: str | None = Field(None, description="The caller's --model.")
    baseline: str | None = Field(None, description="The caller's --baseline file.")
    format: str | None = Field(None, description="The report format to render (csv, json, html, sarif, github), or null for none.")


def file_stats(paths: Sequence[str]) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of each file that can be statted, by file_identity (what the
    extraction cache compares too)."""
    return {file_identity(p): st for p in paths if (st := _stat(p)) is not None}


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class SnapshotIndex:
    """A snapshot's articles by file identity and by text digest: built once per snapshot
    (an archive of 2,000 articles takes a few milliseconds)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        articles = snapshot.result.articles
        self.by_identity = {file_identity(p): p for p in articles}
        self.by_digest = {articles[p].digest: p for p in articles}


class WarmCache(ExtractionCache):
    """The extraction cache with the warm archive in front: what the snapshot holds, for
    the same file (ingested) or the same text (extracted, recovered), comes from memory;
    the rest from the cache file, and new results go to it."""

    def __init__(self, index: SnapshotIndex, base: ExtractionCache) -> None:
        super().__init__(base.path, base.fingerprint, base.warn)
        self.index = index
        self.same_file: dict[str, str] = {}  # path -> the snapshot's path of that file, unchanged since

    def held_now(self, path: str) -> str | None:
        """The snapshot's path of this file, if it holds the file as it is now."""
        key = file_identity(path)
        held = self.index.by_identity.get(key)
        return held if held is not None and self.index.snapshot.stats.get(key) == _stat(path) else None

    def ingested(self, paths: Sequence[str]) -> dict[str, Article]:
        out, rest = {}, []
        for path in paths:
            if (held := self.held_now(path)) is not None:
                article = self.index.snapshot.result.articles[held]
                out[path] = article if held == path else dataclasses.replace(article, path=path)
                self.same_file[path] = held
            else:
                rest.append(path)
        return out | (super().ingested(rest) if rest else {})

    def extracted_surnames(self, articles: Sequence[Article]) -> dict[str, set[str]]:
        surnames = self.index.snapshot.surnames
        held = self._held(articles, surnames)
        rest = [a for a in articles if a.path not in held]
        self.hits += len(held)
        out = {a.path: surnames[held[a.path]] for a in articles if a.path in held}
        return out | (super().extracted_surnames(rest) if rest else {})

    def extracted(self, articles: Sequence[Article]) -> dict[str, list[Mention]]:
        raw = self.index.snapshot.raw
        held = self._held(articles, raw)
        rest = [a for a in articles if a.path not in held]
        out = {p: _as(raw[q], p, q) for p, q in held.items()}
        return out | (super().extracted(rest) if rest else {})

    def recovered_lazily(self, articles: Sequence[Article]) -> dict[str, tuple[dict[str, bool], CachedMentions]]:
        snapshot = self.index.snapshot
        held = self._held(articles, snapshot.asked)
        rest = [a for a in articles if a.path not in held]
        out = {p: (snapshot.asked[q], _held_mentions(snapshot, p, q)) for p, q in held.items()}
        return out | (super().recovered_lazily(rest) if rest else {})

    def _held(self, articles: Sequence[Article], table: Mapping[str, object]) -> dict[str, str]:
        """For each article the snapshot holds a row of `table` for (same text): its path there."""
        out = {}
        for a in articles:
            # the same file first: articles with the same text (copies) each keep their own
            held = self.same_file.get(a.path) or self.index.by_digest.get(a.digest)
            if held is not None and held in table:
                out[a.path] = held
        return out


def _as(mentions: list[Mention], path: str, held: str) -> list[Mention]:
    """The snapshot's own list when the path is the same (so the scope index can tell it
    unchanged), else its mentions under this path."""
    return mentions if path == held else [dataclasses.replace(m, article=path) for m in mentions]


def _held_mentions(snapshot: Snapshot, path: str, held: str) -> CachedMentions:
    """The snapshot's mentions of the article at `held`, as those of `path` (_as)."""
    mentions = snapshot.result.mentions[held]
    return CachedMentions(snapshot.names[held], lambda: _as(mentions, path, held))


def _same_mentions(snapshot: Snapshot, mentions: Mapping[str, list[Mention]]) -> bool:
    """Are these the snapshot's very mentions (every file as the server holds it), so its
    weights are theirs? A check of files on disk weighs anything else anew, as `copydesk
    check` does, so both print the same."""
    held = snapshot.result.mentions
    return mentions.keys() == held.keys() and all(ms is held[p] for p, ms in mentions.items())


def inside_only(top: Path, paths: Sequence[str]) -> None:
    """Refused unless every path, its links resolved, is inside the repository the server
    serves: whoever holds the token reads no other file through the server (a check in
    its own process reads what its user can)."""
    real_top = os.path.realpath(top)
    real_folders: dict[str, str] = {}  # a hook names 2,000 files in a few folders: each resolved once
    for path in paths:
        folder, name = os.path.split(path)
        if name in ("", ".", "..") or ".." in path.split(os.sep) or os.path.islink(path):
            real = os.path.realpath(path)
        else:
            if folder not in real_folders:
                real_folders[folder] = os.path.realpath(folder or os.curdir)
            real = os.path.join(real_folders[folder], name)
        if real != real_top and not real.startswith(real_top.rstrip(os.sep) + os.sep):  # both normalised
            raise Refused(f"{path}: outside the repository the server serves")


def same_rules(archive: WarmArchive, request: FilesRequest) -> RuleSet:
    """The rules the command would load, when they are the server's; else Refused."""
    from ..rules import RuleError, load_rules
    from ..workspace import workspace

    where = workspace(request.paths or request.changed or [], cwd=Path(request.cwd))
    try:
        rules = load_rules(([where.rules_dir] if where.rules_dir else []) + list(request.rules))
    except RuleError as exc:
        raise Refused(str(exc)) from None
    if rules != archive.rules:
        raise Refused("the server's rules are not the ones this check would use (other --rules, or rule files changed since it started)")
    if (request.model or rules.settings.model) != archive.model_name:
        raise Refused(f"the server uses the model {archive.model_name}")
    return rules


def check_files(archive: WarmArchive, request: FilesRequest) -> dict[str, Any]:
    """What `copydesk check` with these paths prints and writes: the findings (after the
    baseline), how many there were before it, the articles read, the skipped articles and
    warnings, and the report's text when one was asked for."""
    from ..pipeline import check_paths
    from ..report import ReportFormat, json_records, render
    from ..suppress import BaselineError, new_findings, read_baseline
    from ..workspace import workspace

    served, asked = workspace(archive.paths).top, workspace(request.paths or request.changed or [], cwd=Path(request.cwd)).top
    if served != asked:
        raise Refused(f"the server serves the repository {served}, not {asked}")
    try:
        here = os.path.samefile(request.cwd, os.getcwd())
    except OSError:
        here = False
    if not here:  # the paths, and the file names in the findings, are relative to it
        raise Refused(f"the server runs in {os.getcwd()}, not in {request.cwd}")
    inside_only(served, [*request.paths, *(request.changed or []), *request.rules, *([request.baseline] if request.baseline else [])])
    rules = same_rules(archive, request)
    try:
        accepted = read_baseline(Path(request.baseline)) if request.baseline else None
        fmt = ReportFormat(request.format) if request.format else None
    except (BaselineError, ValueError) as exc:
        raise Refused(str(exc)) from None
    base = archive.open_cache() if archive.open_cache else None
    if base is None:
        raise Refused("the server keeps no extraction cache")
    snapshot = archive.snapshot  # the newest: a reload under way swaps it in when it is whole
    with archive.model_when_needed() as nlp:  # spaCy only for a file neither held nor cached
        cache = WarmCache(archive.files.of(snapshot), base)
        try:
            wait_for_extraction(archive, cache, rules, [*request.paths, *(request.changed or [])])
            result = check_paths(
                request.paths, rules, nlp, cache=cache, changed=request.changed,
                scope_index=lambda mentions: snapshot.index.updated(snapshot.result.mentions, mentions, rules.settings.name_variant),
                weights=lambda mentions: snapshot.weights if _same_mentions(snapshot, mentions) else None,
            )
        finally:
            cache.close()
    findings = result.findings if accepted is None else new_findings(result.findings, accepted, asked)
    return {
        "findings": json_records(findings),
        "total": len(result.findings),
        "read": result.read,
        "articles": len(result.articles),
        "problems": result.problems,
        "warnings": result.warnings,
        "report": render(findings, fmt, result.articles, result.read) if fmt else None,
    }


def wait_for_extraction(archive: WarmArchive, cache: WarmCache, rules: RuleSet, paths: Sequence[str]) -> None:
    """While a reload holds the model (the watcher saw an article saved, the hook runs
    right after): wait until it has put the edited files' extraction in the cache, not
    for the whole reload to end; then the check needs no spaCy. Returns at once when no
    file needs spaCy or the model is free."""
    from ..ingest import discover
    from ..pipeline import read_articles

    if not archive.model_busy:
        return
    files, _ = discover(paths, excludes=rules.ignore_paths)
    unheld = [p for p in files if cache.held_now(p) is None]
    if not unheld:
        return
    articles = list(read_articles(unheld, rules, cache)[0].values())
    while archive.model_busy and len(cache.extracted_surnames(articles)) < len(articles):
        time.sleep(WAIT_STEP_S)


def add_remote_routes(app: FastAPI, archive: WarmArchive, off_the_loop: OffTheLoop) -> None:
    """POST /api/check-files, run off the event loop under the server's time limit, and
    GET /api/check-files: how many it answered and refused."""
    counts = {"answered": 0, "refused": 0}

    @app.post("/api/check-files", summary="Check files on disk as `copydesk check` run in the server's folder would")
    async def check_files_route(request: FilesRequest) -> Any:
        if not archive.ready:
            counts["refused"] += 1
            return JSONResponse({"error": "the archive is not loaded", "phase": archive.state.phase}, status_code=503)
        try:
            answer = await off_the_loop(check_files, archive, request)
        except Refused as exc:
            counts["refused"] += 1
            return JSONResponse({"error": str(exc)}, status_code=409)
        except TimeoutError:
            counts["refused"] += 1
            return JSONResponse({"error": "the check took longer than the server's time limit"}, status_code=504)
        counts["answered"] += 1
        return answer

    @app.get("/api/check-files", summary="How many checks of files this server answered, and refused")
    async def check_files_counts() -> dict[str, int]:
        return counts
