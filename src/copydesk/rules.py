"""The YAML rule set: load, validate and layer rule files (docs/rules.md).

A rules folder holds YAML files; each file is a mapping whose top-level keys are rule
kinds (`settings`, `severity`, `titles`, `countries`, `entities`, `substitutions`,
`positions`, `ignore`). Folders are layered in order: the built-in defaults, the checked
repository's `rules/`, then each `--rules DIR`; files in a folder in name order. A later
file overrides: `settings` and `severity` key by key, named items (a title, a country,
an entity, a substitution) by name; the `ignore` lists accumulate. Every file is
validated on load: an error names the file, the line and the field.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from .model import Severity


class RuleError(Exception):
    """A rule file is unusable; the message is one line: 'FILE:LINE: field: problem'."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KindThresholds(_Strict):
    """When two spellings of one name part are variants, for one kind of entity."""

    # A two-edit pair is a variant at or above this similarity (rapidfuzz normalised
    # Indel ratio, 0-100), or when both sound alike; one edit always is.
    token_similarity: float = Field(88.0, ge=50, le=100)
    # Shortest name part that may be a misspelling of another.
    min_token_length: int = Field(4, ge=2, le=20)
    # Most edits (Damerau-Levenshtein) between two spellings of one part.
    max_edits: int = Field(2, ge=1, le=3)
    # Variants of more than one edit must sound alike (metaphone), whatever their ratio.
    require_same_sound: bool = False


class NameVariantSettings(_Strict):
    person: KindThresholds = KindThresholds(min_token_length=3)
    org: KindThresholds = KindThresholds(min_token_length=5)
    # Two spellings are one name when the weights of their evidence add up to this
    # (log2 odds; evidence.py): the edit, whether both are real names, the rarity of
    # the agreeing parts, the company their articles keep, one article holding both.
    min_weight: float = Field(2.0, ge=-20, le=40)
    # A name written with a hyphen for a space, joined, or with a particle dropped
    # ("Kilroy Silk" / "Kilroy-Silk", "Assad" / "al-Assad"): house style, not a slip.
    form_severity: Literal["error", "warning", "info"] = "warning"
    # The canonical spelling must be in at least this many times more articles than a
    # variant to be taken as right; otherwise every spelling is flagged.
    dominance: float = Field(1.0, ge=1.0, le=100)
    labels: tuple[Literal["PERSON", "ORG"], ...] = ("PERSON", "ORG")

    def for_label(self, label: str) -> KindThresholds:
        return self.org if label == "ORG" else self.person


class RoleConflictSettings(_Strict):
    same_time_days: int = Field(31, ge=0)  # dates this close: an error
    max_gap_days: int = Field(400, ge=0)  # dates further apart: not reported


class Settings(_Strict):
    model: str = "en_core_web_sm"
    # Larger article files are skipped with a message (ingest.MAX_ARTICLE_BYTES says why).
    max_article_mb: float = Field(2.0, gt=0, le=1024)
    # Articles detected (language.py) in another language are skipped; [] checks all.
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = ["en"]
    language_confidence: float = Field(0.9, ge=0, le=1)
    name_variant: NameVariantSettings = NameVariantSettings()
    role_conflict: RoleConflictSettings = RoleConflictSettings()

    @property
    def max_article_bytes(self) -> int:
        return int(self.max_article_mb * 1024 * 1024)


class Title(_Strict):
    title: str
    synonyms: tuple[str, ...] = ()
    # One holder per qualifier at a time ("prime minister" of a country); titles many
    # people hold at once ("minister", "senator") set this to false.
    one_holder: bool = True

    @field_validator("title", "synonyms")
    @classmethod
    def _lower(cls, v: Any) -> Any:
        return v.lower().strip() if isinstance(v, str) else tuple(s.lower().strip() for s in v)


class Country(_Strict):
    name: str
    aliases: tuple[str, ...] = ()  # adjectives, abbreviations, capitals: "Chinese", "PRC", "Beijing"
    part_of: str | None = None  # the state a nation belongs to: England's is the United Kingdom
    # a union of states whose offices its members' nationals hold: its titles say nothing
    # of the holder's own country (a European commissioner is also Italy's politician)
    union: bool = False


@dataclass(frozen=True)
class TermDate:
    """A term's first or last day at the precision the source gives: a year ("2019"),
    a month ("2019-05") or a day ("2019-05-14"). A year is the whole year, not 1 January."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        if self.day is not None:
            return self.first
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def isoformat(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}" if self.day is None else self.first.isoformat()

    def __str__(self) -> str:
        return self.isoformat()

    @classmethod
    def parse(cls, value: object) -> TermDate:
        """From a date, a year number, or text YYYY, YYYY-MM or YYYY-MM-DD."""
        if isinstance(value, TermDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"a date is YYYY, YYYY-MM or YYYY-MM-DD, got {type(value).__name__}")
        m = _TERM_DATE.fullmatch(value.strip())
        if not m:
            raise ValueError(f"'{value}' is not a date: YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in m.groups())
        try:
            dt.date(year, month or 1, day or 1)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a date: {exc}") from None
        return cls(year, month, day)  # type: ignore[arg-type]


_TERM_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# in a rule file: a date at its precision, written back the same way
TermDateField = Annotated[TermDate, BeforeValidator(TermDate.parse), PlainSerializer(str, return_type=str)]


class HouseRole(_Strict):
    title: str
    of: str | None = None  # a country (or one of its aliases) or an organisation
    start: TermDateField | None = Field(None, alias="from")
    end: TermDateField | None = Field(None, alias="to")

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: TermDate | None, info: ValidationInfo) -> TermDate | None:
        start = info.data.get("start")
        if start and end and end.last < start.first:
            raise ValueError(f"'to' ({end}) is before 'from' ({start})")
        return end

    def covers(self, day: dt.date) -> bool:
        """May the term include `day`? (A term from 2019 may have begun on any day of it.)"""
        return (self.start is None or self.start.first <= day) and (self.end is None or day <= self.end.last)

    def surely_covers(self, day: dt.date) -> bool:
        """Does the term include `day` whichever day of a year or month it began and ended?"""
        return (self.start is None or self.start.last <= day) and (self.end is None or day <= self.end.first)


class HouseEntity(_Strict):
    name: str
    # where the entry came from, so a later import updates it: Wikidata's "Q42"
    id: Annotated[str, Field(pattern=r"^\S+$")] | None = None
    kind: Literal["person", "org"] = "person"
    aliases: tuple[str, ...] = ()  # other right forms: "Xi" for "Xi Jinping", "BBC"
    misspellings: tuple[str, ...] = ()  # known wrong forms, always flagged
    roles: tuple[HouseRole, ...] = ()

    @property
    def label(self) -> str:
        return "ORG" if self.kind == "org" else "PERSON"


class Position(_Strict):
    """A position as a source names it ("Secretary of State for Foreign and Commonwealth
    Affairs") and the copydesk title it is, for `copydesk house import` (house_import.py)."""

    position: str
    title: str
    of: str | None = None  # the country or body, when the position's label names it

    @field_validator("position", "title")
    @classmethod
    def _plain(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("is empty")
        return " ".join(v.split())


class Substitution(_Strict):
    """House style: `find` is always written `replace` (Vale's substitution rules)."""

    # (regex before find, so find's validator knows which it is)
    regex: bool = False  # `find` is a regular expression; `replace` may use \\1
    find: str
    replace: str
    ignore_case: bool = False
    severity: Severity = "warning"
    message: str | None = None

    @field_validator("find")
    @classmethod
    def _usable(cls, find: str, info: ValidationInfo) -> str:
        if not find.strip():
            raise ValueError("find is empty")
        if info.data.get("regex"):
            _compiles(find)
            if re.fullmatch(find, ""):
                raise ValueError(f"regular expression '{find}' matches empty text")
        return find

    def pattern(self) -> re.Pattern[str]:
        # a literal phrase may be wrapped over lines: "Foreign\nOffice"
        body = self.find if self.regex else r"\s+".join(re.escape(w) for w in self.find.split())
        # whole words only: "Kiev" must not match inside "Kievan"
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE if self.ignore_case else 0)


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regular expression '{pattern}': {exc}") from None
    return pattern


class Ignore(_Strict):
    # Lines that are site furniture, not article text (case-insensitive regular
    # expressions, each searched in one line): blanked before extraction.
    lines: tuple[Annotated[str, AfterValidator(_compiles)], ...] = ()
    entities: tuple[str, ...] = ()  # names never flagged (case-insensitive)
    paths: tuple[str, ...] = ()  # glob patterns of files not checked


# The rule kinds a severity override may name; each is a module in copydesk.checks.
RULE_NAMES: tuple[str, ...] = ("name-variant", "role-conflict", "substitution")
SeverityOverride = Literal["error", "warning", "info", "off"]


class RuleFile(_Strict):
    settings: dict[str, Any] | None = None
    severity: dict[Literal[RULE_NAMES], SeverityOverride] = {}  # type: ignore[valid-type]
    titles: tuple[Title, ...] = ()
    countries: tuple[Country, ...] = ()
    entities: tuple[HouseEntity, ...] = ()
    substitutions: tuple[Substitution, ...] = ()
    positions: tuple[Position, ...] = ()
    ignore: Ignore = Ignore()


SECTIONS: tuple[str, ...] = tuple(RuleFile.model_fields)
# List sections whose items have a name; a later file's item replaces an earlier one of
# that name, and one file may not name an item twice.
_KEYED: dict[str, Callable[[Any], str]] = {
    "titles": lambda t: t.title,
    "countries": lambda c: c.name.casefold(),
    "entities": lambda e: " ".join(e.name.casefold().split()),
    "substitutions": lambda s: s.find,
    "positions": lambda p: p.position.casefold(),
}


_ITEM = {"titles": "title", "countries": "country", "entities": "entity", "substitutions": "substitution", "positions": "position"}


@dataclass
class RuleSet:
    """All rule files merged, ready for the stages."""

    settings: Settings = field(default_factory=Settings)
    severity: dict[str, SeverityOverride] = field(default_factory=dict)  # rule -> override ("off" drops it)
    boilerplate: list[re.Pattern[str]] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    entities: list[HouseEntity] = field(default_factory=list)
    substitutions: list[Substitution] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    ignore_entities: set[str] = field(default_factory=set)
    ignore_paths: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # (section, item name) -> "FILE:LINE" where the active item is defined
    origins: dict[tuple[str, str], str] = field(default_factory=dict)

    def severity_of(self, rule: str) -> SeverityOverride | None:
        """The override for `rule` ("off" when disabled), or None to keep its own."""
        return self.severity.get(rule)


def default_rules_dir() -> Path:
    """The built-in rules: inside the installed package, or rules/ of a source checkout."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_rules(extra_dirs: Sequence[str | Path] = (), with_defaults: bool = True) -> RuleSet:
    """The rule set of the built-in defaults (unless `with_defaults` is false) with
    each folder of `extra_dirs` layered over them, in order."""
    dirs = [default_rules_dir()] if with_defaults else []
    dirs += [Path(d) for d in extra_dirs]
    rules = RuleSet()
    merged_settings: dict[str, Any] = {}
    settings_source: list[tuple[Path, yaml.Node]] = []
    for folder in dirs:
        for path in rule_files(folder):
            node, parsed = parse_rule_file(path)
            _apply(rules, parsed, merged_settings, path, node)
            if parsed.settings is not None and node is not None:
                settings_source.append((path, node))
            rules.sources.append(str(path))
    try:
        rules.settings = Settings.model_validate(merged_settings)
    except ValidationError as exc:
        path, node = settings_source[-1] if settings_source else (Path("settings"), None)
        raise RuleError(_validation_message(path, node, exc, prefix=("settings",))) from None
    return rules


def rule_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise RuleError(f"{folder}: rules folder not found")
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


# libyaml's parser when PyYAML has it: a house list of 10,000 people parses in seconds,
# not a minute (the constructor and resolvers stay PyYAML's, so the rules below hold)
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RuleLoader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML that leaves dates as text, so a bad one ("2023-13-40") is a validation
    error with its field and line rather than a crash in the YAML reader; and where only
    true/false are booleans, so `substitution: off` means the severity "off" (YAML 1.2)."""


_BOOL = "tag:yaml.org,2002:bool"
_RuleLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp", _BOOL)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_RuleLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _compose_and_load(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for lines) and the data, parsing the text once."""
    loader = _RuleLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_expansion(node, limit=_EXPANSION_PER_CHAR * len(text) + 1000)
        try:
            return node, _plain(node, loader)
        except _Unusual:
            return node, loader.construct_document(node)
    finally:
        loader.dispose()


# A rule file's values, aliases expanded, are at most this many per character of it:
# a few hundred bytes of nested aliases ("a billion laughs") stand for billions.
_EXPANSION_PER_CHAR = 4


class _AliasBomb(yaml.YAMLError):
    def __init__(self, node: yaml.Node) -> None:
        super().__init__()
        self.problem = "its aliases expand to far more values than the file holds"
        self.problem_mark = node.start_mark


def _check_expansion(root: yaml.Node, limit: int) -> None:
    """Count the node tree's values as the data will hold them (an alias's node once
    per use), stopping at `limit`."""
    count, todo = 0, [root]
    while todo:
        node = todo.pop()
        count += 1
        if count > limit:
            raise _AliasBomb(node)
        if isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend(n for pair in node.value for n in pair)


class _Unusual(Exception):
    """A node the plain walk leaves to PyYAML's constructor (a merge key, a set, ...)."""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_PLAIN_SCALARS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null", _BOOL}


def _plain(node: yaml.Node, loader: Any) -> Any:
    """The data of a node tree of maps, lists and plain scalars, built directly: a
    quarter of the time PyYAML's generic constructor takes on a 10,000-person house list."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        if node.tag in _PLAIN_SCALARS:
            return loader.construct_object(node)
        raise _Unusual(node.tag)
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_plain(item, loader) for item in node.value]
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        out = {}
        for key, value in node.value:
            if key.tag != _STR and key.tag not in _PLAIN_SCALARS:
                raise _Unusual(key.tag)  # a merge key ("<<") among them
            out[_plain(key, loader)] = _plain(value, loader)
        return out
    raise _Unusual(node.tag)


def parse_rule_file(path: Path) -> tuple[yaml.Node | None, RuleFile]:
    """One rule file, validated alone; RuleError on the first problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    try:
        node, data = _compose_and_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None and mark.line >= len(text.splitlines()) and isinstance(exc, yaml.MarkedYAMLError) and exc.context_mark:
            mark = exc.context_mark  # ran off the end: name where the open bracket or quote began
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(f"{where}: invalid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: a rule file must be a mapping of rule kinds, got {type(data).__name__}")
    _check_duplicate_keys(path, node)
    try:
        parsed = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise RuleError(_validation_message(path, node, exc)) from None
    try:
        Settings.model_validate(parsed.settings or {})  # each file's settings alone, so an error names its file
    except ValidationError as exc:
        raise RuleError(_validation_message(path, node, exc, prefix=("settings",))) from None
    _check_duplicate_items(path, node, parsed)
    return node, parsed


def _check_duplicate_keys(path: Path, node: yaml.Node | None) -> None:
    """YAML keeps the last of two equal keys silently; a rule file may not have them."""
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key, value in node.value:
            if key.value in seen:
                raise RuleError(f"{path}:{key.start_mark.line + 1}: {key.value}: duplicate key")
            seen.add(key.value)
            _check_duplicate_keys(path, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(path, item)


def _check_duplicate_items(path: Path, node: yaml.Node | None, parsed: RuleFile) -> None:
    for section, name_of in _KEYED.items():
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(parsed, section)):
            name = name_of(item)
            if name in seen:
                line = _line_of(node, (section, str(i)))
                raise RuleError(
                    f"{path}:{line}: {section}.{i}: duplicate {_ITEM[section]} '{name}' (first at item {seen[name]})"
                )
            seen[name] = i
    ids: dict[str, int] = {}
    for i, entity in enumerate(parsed.entities):
        if entity.id is not None and entity.id in ids:
            line = _line_of(node, ("entities", str(i), "id"))
            raise RuleError(f"{path}:{line}: entities.{i}.id: duplicate id '{entity.id}' (first at item {ids[entity.id]})")
        if entity.id is not None:
            ids[entity.id] = i


def _apply(rules: RuleSet, parsed: RuleFile, merged_settings: dict[str, Any], path: Path, node: yaml.Node | None) -> None:
    if parsed.settings:
        _deep_update(merged_settings, parsed.settings)
        for key in _leaf_keys(parsed.settings):
            rules.origins[("settings", ".".join(key))] = f"{path}:{_line_of(node, ('settings', *key))}"
    for rule, level in parsed.severity.items():
        rules.severity[rule] = level
        rules.origins[("severity", rule)] = f"{path}:{_line_of(node, ('severity', rule))}"
    for section, name_of in _KEYED.items():
        current: list[Any] = getattr(rules, section)
        by_name = {name_of(old): old for old in current}  # a dict: 10,000 entries stay linear
        for i, item in enumerate(getattr(parsed, section)):
            name = name_of(item)
            by_name.pop(name, None)  # a later file overrides: its item goes last
            by_name[name] = item
            rules.origins[(section, name)] = f"{path}:{_line_of(node, (section, str(i)))}"
        current[:] = by_name.values()
    for kind in ("lines", "entities", "paths"):
        for i, value in enumerate(getattr(parsed.ignore, kind)):
            rules.origins.setdefault((f"ignore.{kind}", value), f"{path}:{_line_of(node, ('ignore', kind, str(i)))}")
    rules.boilerplate += [re.compile(p, re.IGNORECASE) for p in parsed.ignore.lines]
    rules.ignore_entities |= {name.casefold() for name in parsed.ignore.entities}
    rules.ignore_paths += parsed.ignore.paths


def _leaf_keys(tree: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for key, value in tree.items():
        out += _leaf_keys(value, (*prefix, key)) if isinstance(value, dict) else [(*prefix, key)]
    return out


def _deep_update(into: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _deep_update(into[key], value)
        else:
            into[key] = value


def _validation_message(
    path: Path, node: yaml.Node | None, exc: ValidationError, prefix: tuple[str, ...] = ()
) -> str:
    """The first validation error as 'FILE:LINE: field: problem'."""
    err = exc.errors()[0]
    loc = prefix + tuple(str(p) for p in err["loc"])
    line = _line_of(node, loc, key_line=err["type"] == "extra_forbidden")
    where = f"{path}:{line}" if line else str(path)
    fieldname = ".".join(loc) or "(file)"
    problem = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        problem = "unknown key"
        if len(loc) == 1:
            problem = f"unknown rule kind; expected one of: {', '.join(SECTIONS)}"
    elif err["type"] == "literal_error" and loc[:1] == ("severity",) and len(loc) == 3 and loc[-1] == "[key]":
        problem = f"unknown rule; expected one of: {', '.join(RULE_NAMES)}"
        fieldname = ".".join(loc[:2])
    return f"{where}: {fieldname}: {problem}"


def _line_of(node: yaml.Node | None, loc: tuple[str, ...], key_line: bool = False) -> int | None:
    """Line (1-based) of the YAML node at `loc` (of its key, with `key_line`), or of the
    deepest node found on the way."""
    line = node.start_mark.line + 1 if node is not None else None
    for depth, part in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
            if pair is None:
                return line
            if key_line and depth == len(loc) - 1:
                return int(pair[0].start_mark.line) + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
        else:
            break
        line = node.start_mark.line + 1
    return line


# -- the active rules, for `copydesk rules list` ----------------------------------------------

_OWN_SEVERITY = {"name-variant": "error/warning", "role-conflict": "error/warning", "substitution": "per item"}


def active_rules(rules: RuleSet, everything: bool = False) -> list[tuple[str, str, str, str]]:
    """(kind, name, severity, source) for every active rule; countries and ignored lines
    as one count per file unless `everything`."""
    rows = [("KIND", "NAME", "SEVERITY", "SOURCE")]
    for name in RULE_NAMES:
        rows.append(("rule", name, rules.severity.get(name, _OWN_SEVERITY[name]),
                     rules.origins.get(("severity", name), "built-in")))
    for key in _leaf_keys(rules.settings.model_dump()):
        value = rules.settings.model_dump()
        for part in key:
            value = value[part]
        shown = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else value
        rows.append(("setting", f"{'.'.join(key)} = {shown}", "", rules.origins.get(("settings", ".".join(key)), "default")))
    for sub in rules.substitutions:
        rows.append(("substitution", f"{sub.find} -> {sub.replace}", rules.severity.get("substitution", sub.severity),
                     rules.origins[("substitutions", sub.find)]))
    for entity in rules.entities:
        detail = f"{entity.kind}, {len(entity.aliases)} aliases, {len(entity.misspellings)} misspellings, {len(entity.roles)} roles"
        rows.append(("house entity", f"{entity.name} ({detail})", "error/warning", rules.origins[("entities", _KEYED["entities"](entity))]))
    for title in rules.titles:
        name = title.title + (f" = {', '.join(title.synonyms)}" if title.synonyms else "")
        rows.append(("title", name, "" if title.one_holder else "(many holders)", rules.origins[("titles", title.title)]))
    listed = [("country", c.name, rules.origins[("countries", c.name.casefold())]) for c in rules.countries]
    listed += [(kind, value, origin) for (kind, value), origin in rules.origins.items()
               if kind in ("ignore.lines", "ignore.entities", "ignore.paths")]
    counted: dict[tuple[str, str], int] = {}
    for kind, name, origin in listed:
        if kind in ("country", "ignore.lines") and not everything:
            key = (kind, origin.rsplit(":", 1)[0])
            counted[key] = counted.get(key, 0) + 1
        else:
            rows.append((kind, _shorten(name), "", origin))
    rows += [(kind, f"{n} entries", "", source) for (kind, source), n in counted.items()]
    return rows


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
