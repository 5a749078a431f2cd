"""A house list from open data: officeholders read from a Wikidata query's exported
result (SPARQL JSON or CSV), or from a newsroom's own spreadsheet, written as a rules/
file of the `entities` kind (docs/house-import.md).

Nothing here goes to the network: the user runs the query and downloads the result.
A row the importer cannot use is reported (FILE:LINE) and skipped; an export it cannot
read at all raises ExportError (exit code 2). A position is mapped to a copydesk title
through the `positions` and `titles` rules, never guessed.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from .house import canonical_title
from .patterns import TitleLexicon
from .rules import HouseEntity, HouseRole, RuleSet, TermDate

# The variables the ready queries bind (docs/house-import.md), read by these names.
WIKIDATA_VARS = ("person", "personLabel", "personAltLabel", "position", "positionLabel", "of", "ofLabel", "start", "end")
WIKIDATA_REQUIRED = ("person", "personLabel", "positionLabel")
# A newsroom spreadsheet: one row per term (or per person without one).
CSV_COLUMNS = ("name", "kind", "aliases", "title", "of", "from", "to")

_QID = re.compile(r"(?:^|/)(Q\d+)$")
_XSD = "http://www.w3.org/2001/XMLSchema#"


class ExportError(Exception):
    """The export cannot be read at all; the message is one line naming the file (and line)."""


@dataclass(frozen=True)
class Cell:
    value: str
    datatype: str | None = None
    blank: bool = False  # Wikidata's "unknown value": a blank node, not a value


@dataclass(frozen=True)
class Row:
    where: str  # "FILE:LINE"
    cells: dict[str, Cell]

    def text(self, name: str) -> str:
        cell = self.cells.get(name)
        return " ".join(cell.value.split()) if cell is not None and not cell.blank else ""


@dataclass
class Imported:
    """People read from an export, and one line for each thing left out."""

    people: list[HouseEntity] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    terms: int = 0


@dataclass(frozen=True)
class MappedRole:
    title: str
    of: str | None


# -- reading Wikidata's result formats -------------------------------------------------------


def read_wikidata(path: Path) -> list[Row]:
    """The rows of a SPARQL result exported from query.wikidata.org: JSON (.json, or a
    file starting with "{") or CSV."""
    text = _read_text(path)
    if path.suffix.lower() == ".json" or (path.suffix.lower() != ".csv" and text.lstrip().startswith("{")):
        return _sparql_json_rows(path, text)
    return _sparql_csv_rows(path, text)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ExportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ExportError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _sparql_json_rows(path: Path, text: str) -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError(f"{path}:{exc.lineno}: not a SPARQL JSON result: {exc.msg}") from None
    head = data.get("head") if isinstance(data, dict) else None
    results = data.get("results") if isinstance(data, dict) else None
    variables = head.get("vars") if isinstance(head, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(variables, list) or not isinstance(bindings, list):
        raise ExportError(f"{path}:1: not a SPARQL JSON result: it needs head.vars and results.bindings")
    _require_vars(path, 1, [str(v) for v in variables])
    lines = _binding_lines(text, len(bindings))
    rows = []
    for i, binding in enumerate(bindings):
        where = f"{path}:{lines[i]}" if lines else f"{path}: result {i + 1}"
        rows.append(Row(where, _json_cells(where, binding)))
    return rows


def _json_cells(where: str, binding: object) -> dict[str, Cell]:
    if not isinstance(binding, dict):
        raise ExportError(f"{where}: a result is not an object of variables")
    cells = {}
    for name, cell in binding.items():
        if not isinstance(cell, dict) or not isinstance(cell.get("value"), str):
            raise ExportError(f"{where}: ?{name} has no value (a SPARQL JSON cell is {{type, value}})")
        datatype = cell.get("datatype")
        cells[name] = Cell(cell["value"], datatype if isinstance(datatype, str) else None, cell.get("type") == "bnode")
    return cells


def _binding_lines(text: str, count: int) -> list[int]:
    """The line each result starts on: json.loads keeps no positions, so the bindings
    array is walked again with raw_decode. [] when that walk does not agree."""
    found = re.search(r'"bindings"\s*:\s*\[', text)
    if not found:
        return []
    decoder = json.JSONDecoder()
    pos, lines = found.end(), []
    line, counted_to = 1, 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        line += text.count("\n", counted_to, pos)
        counted_to = pos
        lines.append(line)
        try:
            _, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            return []
    return lines if len(lines) == count else []


def _sparql_csv_rows(path: Path, text: str) -> list[Row]:
    records = list(_csv_records(path, text))
    if not records:
        raise ExportError(f"{path}:1: empty: a SPARQL CSV result starts with a header of variable names")
    _, header = records[0]
    header = [h.strip() for h in header]
    _require_vars(path, 1, header)
    rows = []
    for line, values in records[1:]:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise ExportError(f"{path}:{line}: {len(values)} fields where the header has {len(header)}")
        # SPARQL CSV has no types: an empty field is unbound, an IRI or literal is text
        rows.append(Row(f"{path}:{line}", {h: Cell(v) for h, v in zip(header, values, strict=True) if v != ""}))
    return rows


def _csv_records(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of each CSV record; a quoted field may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for values in reader:
            yield line, values
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ExportError(f"{path}:{reader.line_num}: not CSV: {exc}") from None


def _require_vars(path: Path, line: int, names: list[str]) -> None:
    missing = [v for v in WIKIDATA_REQUIRED if v not in names]
    if missing:
        raise ExportError(
            f"{path}:{line}: the result binds no {', '.join('?' + m for m in missing)}; the importer reads "
            f"{', '.join(WIKIDATA_VARS)} (docs/house-import.md has ready queries)"
        )


# -- from Wikidata rows to house entries -----------------------------------------------------


def import_wikidata(rows: list[Row], rules: RuleSet) -> Imported:
    """One house entry per Wikidata person, with every term whose position maps to a title."""
    mapper = PositionMapper(rules)
    out = Imported()
    people: dict[str, _Draft] = {}
    unmapped: dict[tuple[str, str], list[tuple[str, str, str]]] = {}  # (label, owner) -> (where, name, position)
    for row in rows:
        qid, name = _qid(row.text("person")), row.text("personLabel")
        if not qid:
            out.problems.append(f"{row.where}: ?person is not a Wikidata item ('{row.text('person')}'); row skipped")
            continue
        if not name or _QID.fullmatch(name):
            out.problems.append(f"{row.where}: {qid} has no label in the query's language; row skipped")
            continue
        draft = people.setdefault(qid, _Draft(qid, name, row.where))
        draft.aliases += [a.strip() for a in row.text("personAltLabel").split(", ") if a.strip()]
        label, owner = row.text("positionLabel"), row.text("ofLabel")
        if not label:
            continue  # a person with no position in this row: names only
        mapped = mapper.map(label, owner)
        if mapped is None:
            unmapped.setdefault((label, owner), []).append((row.where, name, _qid(row.text("position")) or "no id"))
            continue
        role = _role(row, mapped, out.problems)
        if role is not None and role not in draft.roles:
            draft.roles.append(role)
    for (label, owner), places in unmapped.items():
        where, name, position = places[0]
        owned = f" of {owner}" if owner else ""
        others = f" and {len(places) - 1} more" if len(places) > 1 else ""
        out.problems.append(
            f"{where}: position '{label}' ({position}){owned} maps to no title; {len(places)} term(s) not imported "
            f"({name}{others}): add it to `positions` in rules/ (docs/house-import.md)"
        )
    out.people = _entries(people.values(), out.problems)
    out.terms = sum(len(p.roles) for p in out.people)
    return out


@dataclass
class _Draft:
    id: str | None
    name: str
    where: str
    kind: str = "person"
    aliases: list[str] = field(default_factory=list)
    roles: list[HouseRole] = field(default_factory=list)


def _qid(text: str) -> str | None:
    found = _QID.search(text.strip())
    return found.group(1) if found else None


def _role(row: Row, mapped: MappedRole, problems: list[str]) -> HouseRole | None:
    dates = {}
    for var, key in (("start", "from"), ("end", "to")):
        cell = row.cells.get(var)
        if cell is None:
            continue  # unbound: an open-ended term (or a start nobody recorded)
        if cell.blank:
            problems.append(f"{row.where}: ?{var} is Wikidata's 'unknown value'; term skipped")
            return None
        try:
            dates[key] = wikidata_date(cell)
        except ValueError as exc:
            problems.append(f"{row.where}: ?{var}: {exc}; term skipped")
            return None
    try:
        return HouseRole.model_validate({"title": mapped.title, "of": mapped.of, **dates})
    except ValidationError as exc:
        problems.append(f"{row.where}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}; term skipped")
        return None


def wikidata_date(cell: Cell) -> TermDate:
    """A date at the precision the query gives it: xsd:gYear "2019", xsd:gYearMonth
    "2019-05", xsd:date or a plain "2019-05-14", or an xsd:dateTime, taken as its day
    (the ready queries turn a year- or month-precision date into gYear or gYearMonth:
    Wikidata writes a year-only date as 1 January of it)."""
    value = cell.value.strip()
    if not value:
        raise ValueError("no date (the ready queries leave one coarser than a year empty)")
    if value.startswith("-"):
        raise ValueError(f"'{value}' is before year 1")
    if cell.datatype == _XSD + "dateTime" or "T" in value:
        value = value.split("T", 1)[0]
    return TermDate.parse(value)


def _entries(drafts: Iterable[_Draft], problems: list[str]) -> list[HouseEntity]:
    """House entries, one per name (a rule file's key): a namesake after the first is
    reported, not merged into another person."""
    out: dict[str, HouseEntity] = {}
    firsts: dict[str, _Draft] = {}
    for d in drafts:
        key = entity_key(d.name)
        if key in firsts:
            first = firsts[key]
            problems.append(
                f"{d.where}: '{d.name}' ({d.id or 'this row'}) has the name of {first.id or 'an earlier row'} "
                f"({first.where}); a house list holds one entry per name: not imported"
            )
            continue
        firsts[key] = d
        seen = {key}
        aliases = []
        for alias in d.aliases:
            if entity_key(alias) not in seen:
                seen.add(entity_key(alias))
                aliases.append(alias)
        roles = sorted(d.roles, key=lambda r: (r.start.first if r.start else _EARLIEST, r.title))
        out[key] = HouseEntity.model_validate(
            {"name": d.name, "id": d.id, "kind": d.kind, "aliases": aliases, "roles": [r.model_dump(by_alias=True) for r in roles]}
        )
    return list(out.values())


_EARLIEST = TermDate(1).first


def entity_key(name: str) -> str:
    """A house entry's key in a rule file (rules._KEYED): case and spacing ignored."""
    return " ".join(name.casefold().split())


# -- positions to titles -------------------------------------------------------------------


class PositionMapper:
    """A position's label ("Minister of Foreign Affairs of the People's Republic of
    China") and its country or body ("People's Republic of China") to a copydesk role
    (foreign minister, of China), through the `positions` table, then the titles and
    their synonyms. None when neither knows it: the caller reports it."""

    def __init__(self, rules: RuleSet) -> None:
        self.lexicon = TitleLexicon.from_rules(rules)
        self.table = {p.position.casefold(): p for p in rules.positions}
        self.names: dict[str, list[str]] = {}  # country -> its name and aliases, longest first
        for country in rules.countries:
            forms = {country.name.casefold(), *(a.casefold() for a in country.aliases)}
            self.names[country.name] = sorted(forms, key=len, reverse=True)

    def map(self, label: str, owner: str = "") -> MappedRole | None:
        owner = " ".join(owner.split())
        country = self.lexicon.country(owner) if owner else None
        owners = self.names.get(country, []) if country else []
        if owner:
            owners = [owner.casefold(), *owners]
        default_of = country or owner or None
        for phrase in _title_phrases(label, owners):
            found = self._lookup(phrase)
            if found is not None:
                return MappedRole(found.title, found.of or default_of)
        if owner:
            return None  # the export says whose it is: a label naming more is for the table
        # no owner in the export: "<title> of <body>" ("President of the Senate")
        phrase = " ".join(label.casefold().split())
        for cut in re.finditer(r" of ", phrase):
            found = self._lookup(phrase[: cut.start()])
            if found is not None:
                body = re.sub(r"^the\s+", "", " ".join(label.split()[len(phrase[: cut.end()].split()):]), flags=re.I)
                return MappedRole(found.title, found.of or self.lexicon.country(body) or body or None)
        return None

    def _lookup(self, phrase: str) -> MappedRole | None:
        row = self.table.get(phrase)
        if row is not None:
            return MappedRole(canonical_title(self.lexicon, row.title), row.of)
        title = self.lexicon.phrases.get(phrase)
        return MappedRole(title, None) if title else None


def _title_phrases(label: str, owners: list[str]) -> list[str]:
    """The label whole, then less the country or body it names, at its end ("... of
    the People's Republic of China") or its start ("United States Secretary of State")."""
    phrase = " ".join(label.casefold().split())
    out = [phrase]
    for owner in owners:
        for tail in (f" of the {owner}", f" of {owner}"):
            if phrase.endswith(tail) and len(phrase) > len(tail):
                out.append(phrase[: -len(tail)])
        for head in (f"{owner} ", f"{owner}'s "):
            if phrase.startswith(head) and len(phrase) > len(head):
                out.append(phrase[len(head):])
    return out


# -- a newsroom's own spreadsheet ------------------------------------------------------------


def read_house_csv(path: Path, rules: RuleSet) -> Imported:
    """A spreadsheet with the columns name, kind, aliases (separated by ";"), title, of,
    from, to: one row per term, or per entity without one. Titles go through the same
    mapping as Wikidata's positions, and are kept as written when it knows none."""
    text = _read_text(path)
    records = _csv_records(path, text)
    first = next(records, None)
    if first is None:
        raise ExportError(f"{path}:1: empty: the first line names the columns ({', '.join(CSV_COLUMNS)})")
    header = [h.strip().casefold() for h in first[1]]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if "name" not in header or unknown:
        problem = f"unknown column(s) {', '.join(repr(u) for u in unknown)}" if unknown else "no 'name' column"
        raise ExportError(f"{path}:1: {problem}; the columns are {', '.join(CSV_COLUMNS)}")
    mapper = PositionMapper(rules)
    out = Imported()
    drafts: dict[str, _Draft] = {}
    for line, values in records:
        if not any(v.strip() for v in values):
            continue
        where = f"{path}:{line}"
        if len(values) != len(header):
            out.problems.append(f"{where}: {len(values)} fields where the header has {len(header)}; row skipped")
            continue
        row = Row(where, {h: Cell(v) for h, v in zip(header, values, strict=True) if v.strip()})
        trouble = _add_csv_row(row, drafts, mapper)
        if trouble:
            out.problems.append(f"{where}: {trouble}; row skipped")
    out.people = _entries(drafts.values(), out.problems)
    out.terms = sum(len(p.roles) for p in out.people)
    return out


def _add_csv_row(row: Row, drafts: dict[str, _Draft], mapper: PositionMapper) -> str | None:
    """Adds one spreadsheet row to its entity; the problem with it, if any."""
    name, kind = row.text("name"), row.text("kind").casefold() or "person"
    if not name:
        return "no name"
    if kind not in ("person", "org"):
        return f"kind is '{kind}': person or org"
    draft = drafts.get(entity_key(name))
    if draft is not None and draft.kind != kind:
        return f"kind '{kind}' differs from '{draft.kind}' in {draft.where}"
    dates = {key: row.text(key) for key in ("from", "to") if row.text(key)}
    title, of = row.text("title"), row.text("of") or None
    if dates and not title:
        return "a term (from, to) needs a title"
    role = None
    if title:
        mapped = mapper.map(title, of or "")
        title, of = (mapped.title, mapped.of) if mapped else (title, of)
        try:
            role = HouseRole.model_validate({"title": title, "of": of, **dates})
        except ValidationError as exc:
            err = exc.errors()[0]
            field_name = ".".join(str(p) for p in err["loc"]) or "role"
            return f"{field_name}: {err['msg'].removeprefix('Value error, ')}"
    if draft is None:
        draft = drafts[entity_key(name)] = _Draft(None, name, row.where, kind)
    draft.aliases += [a.strip() for a in row.text("aliases").split(";") if a.strip()]
    if role is not None and role not in draft.roles:
        draft.roles.append(role)
    return None


# -- merging into a house list and writing it ------------------------------------------------


@dataclass
class Merge:
    entities: list[HouseEntity]
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)  # one line each: what and why

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.unchanged)} unchanged, "
            f"{len(self.left_alone)} left alone"
        )


def merge(existing: list[HouseEntity], imported: list[HouseEntity], elsewhere: dict[str, str] | None = None) -> Merge:
    """Fold `imported` into `existing`: an entry of the same id is updated (name, aliases
    and terms from the import; its aliases and misspellings kept), else one of the same
    name is left alone (an entry without an id was written by hand; one with another id
    is a namesake), else the import is added. `elsewhere`: names (entity_key) defined in
    other rule files, with where: left alone too, as a later file would replace them."""
    out = list(existing)
    by_id = {e.id: i for i, e in enumerate(existing) if e.id}
    by_name = {entity_key(e.name): i for i, e in enumerate(existing)}
    result = Merge(out)
    for new in imported:
        key = entity_key(new.name)
        if new.id and new.id in by_id:
            i = by_id[new.id]
            updated = _updated(out[i], new, by_name)
            (result.unchanged if updated == out[i] else result.changed).append(new.name)
            out[i] = updated
        elif key in by_name:
            old = out[by_name[key]]
            why = "written by hand" if not old.id else f"another person, {old.id}"
            result.left_alone.append(f"{new.name} ({new.id or 'imported'}): the list's entry of that name is {why}")
        elif elsewhere and key in elsewhere:
            result.left_alone.append(f"{new.name} ({new.id or 'imported'}): defined in {elsewhere[key]}")
        else:
            by_name[key] = len(out)
            if new.id:
                by_id[new.id] = len(out)
            out.append(new)
            result.added.append(new.name)
    return result


def _updated(old: HouseEntity, new: HouseEntity, by_name: dict[str, int]) -> HouseEntity:
    name = new.name
    if entity_key(name) != entity_key(old.name) and entity_key(name) in by_name:
        name = old.name  # renamed at the source to a name the list already holds: keep the old one
    forms = {entity_key(name)}
    aliases = []
    for alias in (*new.aliases, *old.aliases, old.name):
        if entity_key(alias) not in forms:
            forms.add(entity_key(alias))
            aliases.append(alias)
    return old.model_copy(update={"name": name, "aliases": tuple(aliases), "roles": new.roles})


def render_house_list(entities: list[HouseEntity], source: str) -> str:
    """A rules/ file of the `entities` kind; each term one line."""
    out = [
        f"# House list written by `copydesk house import` from {source}: {len(entities)} entries.",
        "# An entry with an `id` is the import's: `copydesk house import ... --merge` updates it",
        "# (keeping its misspellings). An entry without one is the newsroom's, never changed.",
        "# Dates are at the source's precision: 2019 is some day of 2019, 2019-05 of May 2019.",
        "entities:" if entities else "entities: []",
    ]
    for entity in entities:
        entry = entity.model_dump(by_alias=True, exclude_defaults=True, exclude={"roles"})
        out.extend(f"{'  - ' if i == 0 else '    '}{key}: {_dump(value, flow=True)}" for i, (key, value) in enumerate(entry.items()))
        if entity.roles:
            out.append("    roles:")
            out.extend(f"      - {_dump(role.model_dump(by_alias=True, exclude_none=True), flow=True)}" for role in entity.roles)
    return "\n".join(out) + "\n"


# libyaml's emitter when PyYAML has it: 10,000 entries in a second, not fifteen
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# a date needs no quotes in a rule file (the rules' loader reads it as text)
_QUOTED_DATE = re.compile(r"\b(from|to): '(\d{4}(?:-\d{2}){0,2})'")


def _dump(data: object, flow: bool) -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=100000)
    text = text.rstrip("\n").removesuffix("\n...")  # a lone scalar ends its document
    return _QUOTED_DATE.sub(r"\1: \2", text)


def house_entities_of(path: Path) -> list[HouseEntity]:
    """The entries of a rule file to merge into; ExportError when it holds more than
    `entities` (the file is rewritten whole) or is invalid."""
    from .rules import RuleError, parse_rule_file

    try:
        _, parsed = parse_rule_file(path)
    except RuleError as exc:
        raise ExportError(str(exc)) from None
    others = sorted(s for s in parsed.model_fields_set if s != "entities")
    if others:
        raise ExportError(f"{path}: holds {', '.join(others)} besides entities; merge into a file of entities only")
    return list(parsed.entities)

