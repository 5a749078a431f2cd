"""`POST /api/settle`: the check page's three answers to a finding (settle.py does the
editing). The finding is named by its fields as the API gave them; the server finds it
again in its own state (the archive's, or the draft's checked anew), so the spellings
written into the rules are the ones copydesk saw, not ones a client sends. After the
edit the archive is checked again with the new rules, and the page checks its draft again.
"""
from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ..model import Entity, Finding
from ..normalize import name_key
from ..settle import Kind, RuleLayers, Settled, SettleError, accept, different_people, spelling_is_right
from ..suppress import BaselineError
from .archive import DRAFT_FOLDER, DraftError, WarmArchive

NAMES_RULE = "name-variant"  # the only rule whose findings a house entry settles


@dataclass(frozen=True)
class Settling:
    """Where settling writes: the rule layers (the repository's rules/ is edited) and the
    baseline file, whose paths are relative to `top`."""

    layers: RuleLayers
    baseline: Path
    top: Path


class FindingRef(BaseModel):
    """A finding as the API gave it (its other fields are ignored)."""

    model_config = ConfigDict(extra="ignore")

    rule: str
    file: str
    line: int
    column: int
    found: str


class DraftRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    name: str = Field("draft.txt", max_length=255)
    date: str | None = Field(None, max_length=64)


class SettleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["right", "distinct", "accept"] = Field(
        description="right: a spelling is the house spelling; distinct: the spellings are different people; accept: into the baseline"
    )
    finding: FindingRef
    spelling: Literal["found", "expected"] = Field(
        "expected", description="For `right`: which of the finding's spellings is right (its found text or its expected form)."
    )
    draft: DraftRef | None = Field(None, description="The draft as checked, when the finding is in it (its file is '(draft)/NAME').")


class Unsettled(Exception):
    """A request that names no current finding (HTTP 409): one line."""


def add_settle_routes(app: FastAPI, archive: WarmArchive, settling: Settling) -> None:
    lock = threading.Lock()  # one rule edit at a time: each reads the files the last one wrote

    def run(request: SettleRequest) -> dict[str, Any]:
        with lock:
            done = settle(archive, settling, request)
            if done.rules is not None:
                archive.recheck(done.rules)
            else:
                archive.recheck(archive.rules)  # the baseline changed
        return {
            "action": request.action,
            "file": _shown(done.path, settling.top),
            "message": done.message.replace(str(settling.top) + "/", ""),
            "archive": {"findings": len(archive.result.findings)},
        }

    @app.post("/api/settle", summary="Settle a finding: teach the house list, or accept it into the baseline")
    async def settle_finding(request: SettleRequest) -> Any:
        if not archive.ready:
            return JSONResponse({"error": "the archive is still loading"}, status_code=503)
        try:
            return await asyncio.to_thread(run, request)
        except Unsettled as exc:
            return JSONResponse({"error": str(exc)}, status_code=409)
        except (SettleError, DraftError, BaselineError) as exc:  # BaselineError: a broken baseline, read again after the edit
            return JSONResponse({"error": str(exc).replace(str(settling.top) + "/", "")}, status_code=422)


def settle(archive: WarmArchive, settling: Settling, request: SettleRequest) -> Settled:
    """Find the finding again, then write what the editor said."""
    ref = request.finding
    in_draft = ref.file.startswith(DRAFT_FOLDER + "/")
    if in_draft and request.action == "accept":
        raise SettleError(
            "a finding in the draft cannot go into the baseline, which names archive files: "
            f"mark its line with <!-- copydesk-disable-next-line {ref.rule} --> instead"
        )
    finding, entity = _find(archive, request)
    if request.action == "accept":
        return accept(finding, settling.baseline, settling.top)
    if finding.rule != NAMES_RULE or entity is None:
        raise SettleError(f"only a {NAMES_RULE} finding is settled in the house list; this one can be accepted")
    spellings = _full_spellings(entity)
    own = _spelling_of(entity, finding) or finding.found
    if own not in spellings:
        raise SettleError(f"'{own}' is a name part alone: settle the finding on the full name")
    kind: Kind = "org" if entity.label == "ORG" else "person"
    if request.action == "right":
        right = own if request.spelling == "found" or not finding.expected else finding.entity
        if request.spelling == "expected" and not finding.expected:
            raise SettleError("this finding has no expected form: say which spelling is right on its own finding")
        return spelling_is_right(settling.layers, right, [s for s in spellings if s != right], kind)
    # different people: this spelling and the one it was taken for (or, when nothing was
    # expected, every spelling of the name)
    other = finding.entity if finding.expected and finding.entity != own else None
    return different_people(settling.layers, [own, other] if other else spellings, kind)


def _find(archive: WarmArchive, request: SettleRequest) -> tuple[Finding, Entity | None]:
    ref = request.finding
    if ref.file.startswith(DRAFT_FOLDER + "/"):
        if request.draft is None:
            raise SettleError("a finding in the draft needs the draft (text, name, date) it was found in")
        d = request.draft
        checked = archive.check_draft(d.text, d.name, d.date)
        findings, resolution = checked.findings, checked.resolution
    else:
        findings, resolution = archive.result.findings, archive.result.resolution
    key = (ref.rule, ref.file, ref.line, ref.column, ref.found)
    finding = next((f for f in findings if (f.rule, f.file, f.line, f.column, f.found) == key), None)
    if finding is None:
        raise Unsettled(f"no such finding now ({ref.rule} '{ref.found}' at {ref.file}:{ref.line}:{ref.column}): check again")
    entities = resolution.entities if resolution is not None else []
    entity = next((e for e in entities if _spelling_of(e, finding) is not None), None)
    return finding, entity


def _spelling_of(entity: Entity, f: Finding) -> str | None:
    """The entity's spelling the finding's mention belongs to."""
    for spelling, mentions in entity.spellings.items():
        if any(m.article == f.file and m.line == f.line and m.column == f.column for m in mentions):
            return spelling
    return None


def _full_spellings(entity: Entity) -> list[str]:
    """The spellings that are whole names (a surname alone is no house entry)."""
    return [s for s in entity.spellings if entity.label != "PERSON" or name_key(s, entity.label).is_full]


def _shown(path: Path, top: Path) -> str:
    try:
        return str(path.resolve().relative_to(top.resolve()))
    except ValueError:
        return str(path)
