"""`copydesk entities`: every resolved entity as a table, what an editor starts a house
list from: canonical name, kind, spellings with their mention counts, articles, roles.

Written as CSV (spreadsheet-safe, like the report) or as a rules/ house list in YAML
(`entities` rule kind, docs/rules.md) that `copydesk rules validate` accepts: the
canonical name and kind as data; the spellings name-variant flags as wrong forms go
under `misspellings`; the roles seen stay comments, since a role without the dates of
its term would claim it for all time.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import yaml

from .model import Article, Entity, Finding, Place
from .report import frame_to_csv

CSV_COLUMNS = ("name", "kind", "mentions", "articles", "spellings", "roles", "misspellings", "files")
KINDS = {"PERSON": "person", "ORG": "org"}


@dataclass(frozen=True)
class RoleSeen:
    """A title given to an entity: in how many articles, between which dates."""

    title: str
    of: str | None
    articles: int
    first: dt.date | None
    last: dt.date | None

    def describe(self) -> str:
        name = f"{self.title} of {self.of}" if self.of else self.title
        dates = f", {self.first} to {self.last}" if self.first and self.last and self.first != self.last else (
            f", {self.first}" if self.first else "")
        return f"{name} ({self.articles} article(s){dates})"


@dataclass(frozen=True)
class EntityRow:
    name: str
    kind: str
    mentions: int
    spellings: tuple[tuple[str, int], ...]  # most mentioned first
    files: tuple[str, ...]
    roles: tuple[RoleSeen, ...]
    misspellings: tuple[str, ...]  # spellings name-variant flags, expecting `name`


def entity_rows(entities: Sequence[Entity], articles: Mapping[str, Article], findings: Sequence[Finding]) -> list[EntityRow]:
    """One row per entity, the most mentioned first."""
    flagged = {f.place: f.expected for f in findings if f.rule == "name-variant"}
    rows = [_row(e, articles, flagged) for e in entities]
    return sorted(rows, key=lambda r: (-r.mentions, -len(r.files), r.name.casefold()))


def _row(entity: Entity, articles: Mapping[str, Article], flagged: Mapping[Place, str]) -> EntityRow:
    counts: Counter[str] = Counter()
    for spelling, ms in entity.spellings.items():
        counts[one_line(spelling)] += len(ms)  # a name wrapped over two lines is the same spelling
    name = one_line(entity.canonical)
    mentions = entity.mentions
    wrong = {
        one_line(s) for s, ms in entity.spellings.items()
        if any(flagged.get(m.place) == entity.canonical for m in ms)
    } - {name}
    return EntityRow(
        name=name,
        kind=KINDS.get(entity.label, entity.label.lower()),
        mentions=len(mentions),
        spellings=tuple(sorted(counts.items(), key=lambda sc: (-sc[1], sc[0]))),
        files=tuple(sorted({m.article for m in mentions})),
        roles=_roles(entity, articles),
        misspellings=tuple(sorted(wrong)),
    )


def _roles(entity: Entity, articles: Mapping[str, Article]) -> tuple[RoleSeen, ...]:
    seen: dict[tuple[str, str | None], set[str]] = {}
    for m in entity.mentions:
        if m.role is not None and m.role.current:
            seen.setdefault((m.role.title, m.role.qualifier), set()).add(m.article)
    roles = []
    for (title, of), files in seen.items():
        dates = sorted(d for d in (articles[p].date if p in articles else None for p in files) if d)
        roles.append(RoleSeen(title, of, len(files), dates[0] if dates else None, dates[-1] if dates else None))
    return tuple(sorted(roles, key=lambda r: (-r.articles, r.title, r.of or "")))


# -- CSV and terminal ---------------------------------------------------------------------


def render_csv(rows: Sequence[EntityRow]) -> str:
    import pandas as pd

    records = [
        {
            "name": r.name,
            "kind": r.kind,
            "mentions": r.mentions,
            "articles": len(r.files),
            "spellings": "; ".join(f"{s} ({n})" for s, n in r.spellings),
            "roles": "; ".join(role.describe() for role in r.roles),
            "misspellings": "; ".join(r.misspellings),
            "files": "; ".join(r.files),
        }
        for r in rows
    ]
    return frame_to_csv(pd.DataFrame(records, columns=list(CSV_COLUMNS)))


def table(rows: Sequence[EntityRow], n_articles: int, limit: int = 20, width: int = 100) -> str:
    """The biggest entities as a short terminal table."""
    head = f"copydesk: {len(rows)} entities in {n_articles} article(s)"
    if not rows:
        return head + "."
    shown = rows[:limit]
    name_w = min(max(len(r.name) for r in shown), 32)
    lines = [head + (f", the {len(shown)} most mentioned:" if len(rows) > limit else ":"),
             f"  {'name':<{name_w}}  {'kind':<6} {'mentions':>8} {'articles':>8}  spellings"]
    for r in shown:
        spellings = ", ".join(f"{s} ({n})" for s, n in r.spellings)
        line = f"  {_cut(r.name, name_w):<{name_w}}  {r.kind:<6} {r.mentions:>8} {len(r.files):>8}  {spellings}"
        lines.append(_cut(line, width))
    if len(rows) > limit:
        lines.append(f"  ... and {len(rows) - limit} more (see the file)")
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


# -- YAML house list ----------------------------------------------------------------------


def render_yaml(rows: Sequence[EntityRow], n_articles: int) -> str:
    """A rules/ file of the `entities` kind. Two entities of one name (the house list's
    key: case and spacing ignored) keep the more mentioned, which comes first."""
    out = [
        f"# A house list started by `copydesk entities` from {n_articles} article(s): {len(rows)} entities,",
        "# the most mentioned first. Review it before use: keep the names the newsroom means,",
        "# check each 'misspellings' entry (the spellings copydesk flagged), and turn a role",
        "# seen into a term by uncommenting it and adding its dates (from, to).",
        "entities:",
    ]
    taken: set[str] = set()
    for r in rows:
        key = " ".join(r.name.casefold().split())
        if key in taken or not key:
            continue
        taken.add(key)
        out.extend(_yaml_entry(r))
    if not taken:
        out[-1] = "entities: []"
    return "\n".join(out) + "\n"


def _yaml_entry(r: EntityRow) -> list[str]:
    spellings = ", ".join(f"{s} {n}" for s, n in r.spellings)
    lines = ["", f"  # {one_line(f'{r.mentions} mention(s) in {len(r.files)} article(s); spellings: {spellings}')}"]
    entry: dict[str, object] = {"name": r.name, "kind": r.kind}
    if r.misspellings:
        entry["misspellings"] = list(r.misspellings)
    dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    lines.extend("  " + line for line in dumped.rstrip("\n").split("\n"))
    if r.roles:
        lines.append("    # roles:")
        for role in r.roles:
            item = {"title": role.title, **({"of": role.of} if role.of else {})}
            flow = yaml.safe_dump(item, allow_unicode=True, sort_keys=False, default_flow_style=True, width=1000).strip()
            lines.append(f"    #   - {flow}  # {one_line(role.describe())}")
    return lines


def one_line(text: str) -> str:
    """Text with its runs of white space (line breaks too) made single spaces."""
    return re.sub(r"\s+", " ", text).strip()
