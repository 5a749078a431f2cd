"""Why a draft's finding was made, as the check page shows it beside the finding: the
spellings of its name with their counts and articles (what the message sums up, as
data), the match weights in the HTML report's words, and the rest of the evidence (the
house entry, the other holder of a role and their dates) in short lines."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..formats.html import weights_line
from ..model import Entity, Finding, Place

if TYPE_CHECKING:
    from ..resolve import Resolution


def explanations(findings: Sequence[Finding], resolution: Resolution | None) -> list[dict[str, Any]]:
    """For each finding: {"spellings": [...], "why": "weights: ...", "notes": [...]}."""
    entities = _entities_at({f.place for f in findings if f.rule == "name-variant"},
                            resolution.entities if resolution else [])
    return [
        {
            "spellings": spelling_rows(entity, f.place) if (entity := entities.get(f.place)) else [],
            "why": weights_line(f.evidence),
            "notes": evidence_notes(f.evidence),
        }
        for f in findings
    ]


def _entities_at(places: set[Place], entities: Iterable[Entity]) -> dict[Place, Entity]:
    """The entity each place's mention was resolved into (one pass over the mentions)."""
    found: dict[Place, Entity] = {}
    if not places:
        return found
    for entity in entities:
        for m in entity.mentions:
            if m.place in places:
                found[m.place] = entity
    return found


def spelling_rows(entity: Entity, place: Place) -> list[dict[str, Any]]:
    """The entity's spellings, most mentioned first (ties by name, as the message orders
    them), each with its mention count, its articles, and whether the finding is one of
    its mentions."""
    rows = []
    for spelling, mentions in sorted(entity.spellings.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        rows.append({
            "spelling": spelling,
            "mentions": len(mentions),
            "articles": sorted({m.article for m in mentions}),
            "found": any(m.place == place for m in mentions),
        })
    return rows


def evidence_notes(evidence: Mapping[str, Any]) -> list[str]:
    """The evidence besides the weights, one short line each."""
    notes = []
    house = evidence.get("house")
    if isinstance(house, str):
        notes.append(f"house list: '{house}'")
    elif house is True:
        notes.append("the house list names this role's holder")
    if evidence.get("other_holder"):
        notes.append(f"other holder: '{evidence['other_holder']}' in {evidence.get('other')} "
                     f"({evidence.get('other_articles', 0)} article(s), {evidence.get('other_period', 'undated')})")
    if evidence.get("holder_country"):
        notes.append(f"the holder's titles are {evidence['holder_country']}'s in "
                     f"{evidence.get('holder_country_articles', 0)} other article(s)")
    if "holder_articles" in evidence:
        notes.append(f"this holder has the role in {evidence['holder_articles']} article(s)")
    if evidence.get("holder_elsewhere"):
        notes.append(f"this holder is {evidence['holder_elsewhere']} elsewhere")
    return notes
