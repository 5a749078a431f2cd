"""The HTTP API and the page, on the warm archive (FastAPI: its OpenAPI schema is at
/openapi.json). The checks run in worker threads, off the event loop, each under a time
limit: a slow draft does not stall the other users, and its caller gets 504."""
from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..formats.html import find_offset
from ..model import Article, Finding
from ..report import json_records
from .archive import DraftError, DraftResult, WarmArchive
from .browse import FindingFilter, add_browse_routes
from .explain import explanations
from .page import page
from .remote import add_remote_routes
from .security import Guard, GuardMiddleware
from .settling import Settling, add_settle_routes

if TYPE_CHECKING:
    from ..pipeline import CheckResult


class DraftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The draft: the whole file's text.")
    name: str = Field("draft.txt", max_length=255, description="Its file name; the suffix decides the reader (.txt, .md, .html).")
    date: str | None = Field(None, max_length=64, description="Its date (YYYY-MM-DD) when the text does not give one.")


def create_app(
    archive: WarmArchive,
    guard: Guard,
    time_limit: float,
    workers: int = 2,
    settling: Settling | None = None,
    on_startup: Callable[[], object] | None = None,
) -> FastAPI:
    """The app; `on_startup` runs once the server has started (serve starts loading the
    archive there: the server's own imports are done by then, not made in one thread
    while the loading thread imports spaCy in another)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if on_startup is not None:
            on_startup()
        yield

    app = FastAPI(title="copydesk", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan)  # no CDN-loaded docs page
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="copydesk-check")
    app.add_middleware(GuardMiddleware, guard=guard)
    entities_of: dict[str, Any] = {}  # the entity rows of the snapshot last asked about

    def not_ready() -> JSONResponse | None:
        """The answer while the archive is not (or could not be) loaded: never "no findings"."""
        if archive.ready:
            return None
        state = archive.state
        why = f"the archive could not be loaded: {state.error}" if state.phase == "failed" else "the archive is still loading"
        return JSONResponse({**status_json(archive), "error": why}, status_code=503)

    async def off_the_loop(work: Any, *args: Any) -> Any:
        return await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(pool, work, *args), time_limit)

    @app.get("/api/status", summary="Loading progress, then the archive's size")
    async def status() -> dict[str, Any]:
        return status_json(archive)

    @app.post("/api/check", summary="Check a draft against the archive (as `copydesk check --changed` does)")
    async def check(request: DraftRequest) -> Any:
        if (waiting := not_ready()) is not None:
            return waiting
        try:
            result: DraftResult = await off_the_loop(archive.check_draft, request.text, request.name, request.date)
        except DraftError as exc:
            return JSONResponse({"error": str(exc)}, status_code=413 if "max_article_mb" in str(exc) else 422)
        except TimeoutError:
            return JSONResponse({"error": f"the check took longer than {time_limit:g} s and was given up"}, status_code=504)
        return draft_json(result, request.text)

    @app.get("/api/findings", summary="Every current finding of the archive (the JSON report's rows), or those the filters keep")
    async def findings(wanted: Annotated[FindingFilter, Depends()]) -> Any:
        if (waiting := not_ready()) is not None:
            return waiting
        result = archive.result
        return {"articles": len(result.articles), "findings": json_records(wanted.keep(result.findings))}

    @app.get("/api/entities", summary="Every resolved entity of the archive (what `copydesk entities` lists)")
    async def entities() -> Any:
        if (waiting := not_ready()) is not None:
            return waiting
        snapshot = archive.snapshot  # a reload swaps it: its entities are worked out anew
        if entities_of.get("snapshot") is snapshot:
            rows = entities_of["rows"]
        else:
            rows = await off_the_loop(entity_records, snapshot.result)
            entities_of.update(snapshot=snapshot, rows=rows)
        return {"articles": len(snapshot.result.articles), "entities": rows}

    add_browse_routes(app, archive, not_ready)  # the archive page and the reader view (browse.py)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def check_page() -> HTMLResponse:
        html, policy = page()
        return HTMLResponse(html, headers={"content-security-policy": policy})

    if settling is not None:
        add_settle_routes(app, archive, settling)  # POST /api/settle (settling.py)
    add_remote_routes(app, archive, off_the_loop)  # copydesk check --server, the hook (server/remote.py)
    app.router.on_shutdown.append(lambda: pool.shutdown(wait=False, cancel_futures=True))
    return app


def status_json(archive: WarmArchive) -> dict[str, Any]:
    ready = archive.ready
    return {
        **archive.state.as_json(),
        "refreshes": archive.refreshes,
        "archive": {
            "paths": archive.paths,
            "articles": len(archive.result.articles) if ready else None,
            "skipped": archive.problems if ready else None,
        },
    }


def draft_json(result: DraftResult, text: str) -> dict[str, Any]:
    """The draft's findings as the JSON report's rows, each with `offset`: where its found
    text starts in the submitted text (None if it cannot be placed), for marking it, and
    the evidence to show beside it (explain.py)."""
    submitted = Article(result.article.path, text)
    rows = json_records(result.findings)
    for row, f, why in zip(rows, result.findings, explanations(result.findings, result.resolution), strict=True):
        row["offset"] = _submitted_offset(result.article, submitted, f)
        row["related"] = [p for p in f.related if p != result.article.path]  # archive articles, for the reader view
        row.update(why)  # spellings, why, notes: the evidence beside the finding (explain.py)
    return {
        "draft": {"name": result.article.path, "date": result.article.date.isoformat() if result.article.date else None},
        "archive": {"articles": result.archive_articles},
        "findings": rows,
    }


def _submitted_offset(article: Article, submitted: Article, f: Finding) -> int | None:
    if f.file != article.path:
        return None  # a finding elsewhere in the archive that rests on the draft
    return find_offset(submitted, f.line, f.column, f.found)


def entity_records(result: CheckResult) -> list[dict[str, Any]]:
    from ..entities import entity_rows

    rows = entity_rows(result.resolution.entities, result.articles, result.findings)
    return [dataclasses.asdict(r) for r in rows]
