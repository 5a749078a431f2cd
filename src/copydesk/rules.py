"""The YAML rule set: load, validate and layer rule files.

A rules folder holds YAML files; each file is a mapping whose top-level keys are
sections (`settings`, `boilerplate`, `titles`, `countries`, `entities`, `ignore`).
Files are read in name order, folders in the order given (built-in defaults first);
list sections accumulate, `settings` keys override earlier values. Every file is
validated on load: an error names the file, the line and the field.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Sequence

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator


class RuleError(Exception):
    """A rule file is unusable; the message is one line: 'FILE:LINE: field: problem'."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NameVariantSettings(_Strict):
    # A token pair counts as a spelling variant at or above this similarity
    # (rapidfuzz normalised Indel ratio, 0-100), besides the edit-distance rules.
    token_similarity: float = Field(88.0, ge=50, le=100)
    # Shortest name token that may be a misspelling of another.
    min_token_length: int = Field(4, ge=2, le=20)
    # Cross-article variants need the two spellings' articles to share this many
    # other names (people or organisations): different people with look-alike names
    # rarely keep the same company.
    min_shared_context: int = Field(2, ge=0, le=100)
    # The canonical spelling must be in at least this many times more articles than a
    # variant to be taken as right; otherwise every spelling is flagged.
    dominance: float = Field(1.0, ge=1.0, le=100)
    labels: tuple[Literal["PERSON", "ORG"], ...] = ("PERSON", "ORG")


class RoleConflictSettings(_Strict):
    same_time_days: int = Field(31, ge=0)  # dates this close: an error
    max_gap_days: int = Field(400, ge=0)  # dates further apart: not reported


class Settings(_Strict):
    model: str = "en_core_web_sm"
    name_variant: NameVariantSettings = NameVariantSettings()
    role_conflict: RoleConflictSettings = RoleConflictSettings()


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


class HouseRole(_Strict):
    title: str
    of: str | None = None
    start: dt.date | None = Field(None, alias="from")
    end: dt.date | None = Field(None, alias="to")


class HouseEntity(_Strict):
    name: str
    kind: Literal["person", "org"] = "person"
    aliases: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    roles: tuple[HouseRole, ...] = ()


class Ignore(_Strict):
    entities: tuple[str, ...] = ()  # names never flagged (case-insensitive)
    paths: tuple[str, ...] = ()  # glob patterns of files not checked


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
    return pattern


class RuleFile(_Strict):
    settings: dict[str, Any] | None = None
    boilerplate: tuple[Annotated[str, AfterValidator(_compiles)], ...] = ()
    titles: tuple[Title, ...] = ()
    countries: tuple[Country, ...] = ()
    entities: tuple[HouseEntity, ...] = ()
    ignore: Ignore = Ignore()



@dataclass
class RuleSet:
    """All rule files merged, ready for the stages."""

    settings: Settings = field(default_factory=Settings)
    boilerplate: list[re.Pattern[str]] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    entities: list[HouseEntity] = field(default_factory=list)
    ignore_entities: set[str] = field(default_factory=set)
    ignore_paths: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def default_rules_dir() -> Path:
    """The built-in rules: inside the installed package, or rules/ of a source checkout."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_rules(extra_dirs: Sequence[str | Path] = (), with_defaults: bool = True) -> RuleSet:
    dirs = [default_rules_dir()] if with_defaults else []
    dirs += [Path(d) for d in extra_dirs]
    rules = RuleSet()
    merged_settings: dict[str, Any] = {}
    settings_source: list[tuple[Path, yaml.Node]] = []
    for folder in dirs:
        for path in rule_files(folder):
            node, parsed = _parse(path)
            _apply(rules, parsed, merged_settings)
            if parsed.settings is not None:
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


def _parse(path: Path) -> tuple[yaml.Node | None, RuleFile]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(f"{where}: invalid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: a rule file must be a mapping of sections, got {type(data).__name__}")
    try:
        parsed = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise RuleError(_validation_message(path, node, exc)) from None
    try:
        Settings.model_validate(parsed.settings or {})  # each file's settings alone, so an error names its file
    except ValidationError as exc:
        raise RuleError(_validation_message(path, node, exc, prefix=("settings",))) from None
    return node, parsed


def _apply(rules: RuleSet, parsed: RuleFile, merged_settings: dict[str, Any]) -> None:
    if parsed.settings:
        _deep_update(merged_settings, parsed.settings)
    rules.boilerplate += [re.compile(p, re.IGNORECASE) for p in parsed.boilerplate]
    rules.titles += parsed.titles
    rules.countries += parsed.countries
    rules.entities += parsed.entities
    rules.ignore_entities |= {name.casefold() for name in parsed.ignore.entities}
    rules.ignore_paths += parsed.ignore.paths


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
    problem = err["msg"]
    if err["type"] == "extra_forbidden":
        problem = "unknown key"
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
                return pair[0].start_mark.line + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
        else:
            break
        line = node.start_mark.line + 1
    return line
