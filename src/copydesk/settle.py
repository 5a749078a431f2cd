"""Settling a finding: the editor's three answers from the check page, each a change of
rules or of the baseline, never of an article (docs/serve.md, "Settling a finding").

- *this spelling is right*: the house list gets an entry of that name with the other
  spellings as `misspellings` (or the entry holding it is extended; an entry whose name
  the editor overrules is renamed, its old name becoming a misspelling);
- *these are different people*: each spelling becomes a house entry of its own, and two
  house entries are never taken for one name (resolve.py);
- *accept*: the finding goes into the baseline (suppress.py's format).

Rule files are edited round-trip (ruamel.yaml: comments, key order and quoting kept),
the result is loaded with the project's own rule loader, layered as a check layers it,
before anything is written, and written atomically. An edit that would not load, or
would not have its effect (a later layer defines the same name), is refused with one line.
"""
from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .atomic import write_atomically
from .house import HouseList
from .house_import import entity_key
from .model import Finding
from .rules import HouseEntity, RuleError, RuleSet, default_rules_dir, load_rules, rule_files

HOUSE_FILE = "house.yaml"  # created in the repository's rules/ when no file there has `entities`
Kind = Literal["person", "org"]
# indentations (mapping, sequence, dash offset) tried for re-emitting a file unchanged:
# the project's own style first
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1), (3, 3, 1))


class SettleError(Exception):
    """A settle that cannot be done: one line saying why (and which file)."""


@dataclass(frozen=True)
class RuleLayers:
    """The rule folders a check uses over the built-in ones: the repository's `rules/`
    (which may not exist yet) and each `--rules` folder over it."""

    repository: Path
    extra: tuple[Path, ...] = ()

    def load(self, repository: Path | None = None) -> RuleSet:
        """The layered rule set; RuleError when a file is invalid."""
        folder = repository or self.repository
        return load_rules(([folder] if folder.is_dir() else []) + list(self.extra))

    def current(self) -> RuleSet:
        """The rule set as it is before an edit; SettleError (one line) when invalid."""
        try:
            return self.load()
        except RuleError as exc:
            raise SettleError(f"the rules are invalid already: {exc}") from None


@dataclass(frozen=True)
class Settled:
    path: Path  # the file written
    message: str  # what changed, one line
    rules: RuleSet | None = None  # the rule set with the change (None for the baseline)


# -- this spelling is right ---------------------------------------------------------------


def spelling_is_right(layers: RuleLayers, right: str, wrong: Sequence[str], kind: Kind = "person") -> Settled:
    """`right` is the house spelling; each of `wrong` a misspelling of it."""
    right = _clean(right)
    if not right:
        raise SettleError("no spelling given")
    rules = layers.current()
    house = HouseList(rules)
    held = house.match(right)
    # the entry this spelling is the name, an alias, a misspelling or a near spelling of
    entry = held.entity if held is not None else None
    wrong = [w for w in _unique(map(_clean, wrong)) if entity_key(w) != entity_key(right)]
    for w in list(wrong):
        other = house.match(w)
        if other is not None and other.how == "right" and other.entity is entry:
            wrong.remove(w)  # an alias of the entry is right too
        elif other is not None and other.how == "right":
            raise SettleError(
                f"'{w}' is the house list's own spelling of '{other.entity.name}' ({_origin(rules, other.entity)}): "
                "two entries are two people; edit that entry to change it"
            )
    if entry is None:
        new = HouseEntity(name=right, kind=kind, misspellings=tuple(wrong))
        done = f"'{right}' added to the house list" + _with_misspellings(wrong)
        return _write_entry(layers, rules, None, new, done, {right: "right", **dict.fromkeys(wrong, "misspelt")})
    forms = {entity_key(f) for f in (entry.name, *entry.aliases)}
    if entity_key(right) in forms:  # already right: the other spellings are its misspellings
        added = [w for w in wrong if entity_key(w) not in {entity_key(m) for m in entry.misspellings}]
        if not added:
            raise SettleError(f"'{right}' already has {_quoted(wrong) or 'no other spelling'} as misspellings ({_origin(rules, entry)})")
        new = entry.model_copy(update={"misspellings": (*entry.misspellings, *added)})
        done = f"'{entry.name}' in the house list" + _with_misspellings(added)
    else:  # the house list spelt this person otherwise: the editor overrules it
        old = [m for m in (entry.name, *entry.misspellings, *wrong) if entity_key(m) not in (entity_key(right), *map(entity_key, entry.aliases))]
        new = entry.model_copy(update={"name": right, "misspellings": tuple(_unique(old))})
        done = f"house entry '{entry.name}' renamed '{right}'; '{entry.name}' is now a misspelling"
        wrong = [*wrong, entry.name]
    expect = {right: "right", **dict.fromkeys(wrong, "misspelt")}
    return _write_entry(layers, rules, entry, new, done, expect)


# -- these are different people ----------------------------------------------------------------


def different_people(layers: RuleLayers, names: Sequence[str], kind: Kind = "person") -> Settled:
    """Each of `names` a house entry of its own: right by definition, and never taken for
    one another (resolve.py keeps two entries' spellings apart)."""
    names = _unique(map(_clean, names))
    if len(names) < 2:
        raise SettleError("different people need two spellings")
    rules = layers.current()
    house = HouseList(rules)
    holders: dict[str, HouseEntity] = {}
    for name in names:
        m = house.match(name)
        if m is not None and m.how == "right":
            if any(e is m.entity for e in holders.values()):
                raise SettleError(
                    f"{_quoted(names)} are right forms of one house entry, '{m.entity.name}' ({_origin(rules, m.entity)}): "
                    "remove one from its aliases first"
                )
            holders[name] = m.entity
    edits: list[tuple[HouseEntity | None, HouseEntity]] = []
    for name in names:
        if name in holders:
            continue
        m = house.match(name)
        if m is not None and m.how == "misspelt":  # listed as another's misspelling: no longer
            keep = tuple(s for s in m.entity.misspellings if entity_key(s) != entity_key(name))
            edits.append((m.entity, m.entity.model_copy(update={"misspellings": keep})))
        edits.append((None, HouseEntity(name=name, kind=kind)))
    if not edits:
        raise SettleError(f"{_quoted(names)} are already house entries of their own")
    added = [new.name for old, new in edits if old is None]
    done = f"{_quoted(added)} added to the house list as {'people' if kind == 'person' else 'organisations'} of their own"
    return _write_entries(layers, rules, edits, done, dict.fromkeys(names, "right"), distinct=names)


# -- accept: the baseline -----------------------------------------------------------------------


def accept(finding: Finding, baseline: Path, top: Path) -> Settled:
    """Add `finding` to the baseline file (made if missing): a check with that baseline
    no longer reports it."""
    from .suppress import BaselineError, fingerprint, read_baseline, write_baseline_counts

    try:
        counts = read_baseline(baseline) if baseline.exists() else Counter[tuple[str, ...]]()
    except BaselineError as exc:
        raise SettleError(str(exc)) from None
    counts[fingerprint(finding, top)] += 1
    try:
        write_baseline_counts(counts, baseline)
    except OSError as exc:
        raise SettleError(f"{baseline}: cannot write: {exc.strerror or exc}") from None
    return Settled(baseline, f"'{finding.found}' ({finding.rule}) in {finding.file} accepted into {baseline.name}")


# -- writing an entry ---------------------------------------------------------------------------


def _write_entry(
    layers: RuleLayers, rules: RuleSet, old: HouseEntity | None, new: HouseEntity, done: str, expect: dict[str, str]
) -> Settled:
    return _write_entries(layers, rules, [(old, new)], done, expect)


def _write_entries(
    layers: RuleLayers,
    rules: RuleSet,
    edits: Sequence[tuple[HouseEntity | None, HouseEntity]],
    done: str,
    expect: dict[str, str],
    distinct: Sequence[str] = (),
) -> Settled:
    """Each (old, new): `old`'s item replaced by `new` in the file defining it, or, for a
    new entry or one of the built-in rules (which are never edited), `new` added to the
    repository's house file. One file per settle: every edit lands in the same one."""
    targets = {_target_file(layers, rules, old) for old, _ in edits}
    if len(targets) != 1:
        raise SettleError(f"the change would edit several rule files ({', '.join(sorted(map(str, targets)))}); edit them by hand")
    (path,) = targets
    doc = _Document.open(path)
    for old, new in edits:
        doc.put_entry(old if old is not None and _defined_in(rules, old, path) else None, new)
    text = doc.text()
    with _probe(layers, path, text) as probe_rules:
        _check_effect(probe_rules, expect, distinct, path)
    try:
        write_atomically(path, text)
    except OSError as exc:
        raise SettleError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return Settled(path, f"{path}: {done}", layers.load())


def _target_file(layers: RuleLayers, rules: RuleSet, old: HouseEntity | None) -> Path:
    if old is not None:
        defined = _origin_file(rules, old)
        if defined is not None and not _is_built_in(defined):
            return defined
    folder = layers.repository
    if _is_built_in(folder):
        raise SettleError(f"{folder}: the built-in rules are not edited; check articles of a repository with its own rules/")
    for path in rule_files(folder) if folder.is_dir() else []:
        if _Document.open(path).has("entities"):
            return path
    return folder / HOUSE_FILE


def _defined_in(rules: RuleSet, entry: HouseEntity, path: Path) -> bool:
    defined = _origin_file(rules, entry)
    return defined is not None and defined.resolve() == path.resolve()


@contextmanager
def _probe(layers: RuleLayers, path: Path, text: str) -> Iterator[RuleSet]:
    """The rule set as it would be with `text` in `path`: the repository's folder copied
    with the file replaced, loaded by the project's loader; a problem is one line naming
    the real file."""
    in_repository = path.parent.resolve() == layers.repository.resolve()
    with tempfile.TemporaryDirectory(prefix="copydesk-settle-") as tmp:
        copy = Path(tmp) / "rules"
        source = path.parent
        copy.mkdir()
        for other in rule_files(source) if source.is_dir() else []:
            shutil.copyfile(other, copy / other.name)
        (copy / path.name).write_text(text, encoding="utf-8")
        try:
            if in_repository:
                probe = layers.load(copy)
            else:  # a --rules folder
                extra = tuple(copy if d.resolve() == source.resolve() else d for d in layers.extra)
                probe = RuleLayers(layers.repository, extra).load()
        except RuleError as exc:
            raise SettleError(f"refused, the rules would be invalid: {str(exc).replace(str(copy), str(source))}") from None
        yield probe


def _check_effect(rules: RuleSet, expect: dict[str, str], distinct: Sequence[str], path: Path) -> None:
    """Does the edited rule set say what the editor said? (A later layer may define the
    same name and win.)"""
    house = HouseList(rules)
    entries = {}
    for name, how in expect.items():
        m = house.match(name)
        if m is None or m.how != how:
            now = "not in the house list" if m is None else f"{m.how} for '{m.entity.name}' ({_origin(rules, m.entity)})"
            raise SettleError(f"refused: after the edit of {path}, '{name}' would still be {now}")
        entries[name] = m.entity
    if distinct and len({id(entries[n]) for n in distinct}) < len(distinct):
        raise SettleError(f"refused: after the edit of {path}, {_quoted(distinct)} would still be one house entry")


# -- the rule file, round trip ------------------------------------------------------------------


class _Document:
    """A rule file as ruamel.yaml's round-trip tree, re-emitted in the file's own indentation."""

    def __init__(self, path: Path, data: Any, indent: tuple[int, int, int]) -> None:
        self.path, self.data, self.indent = path, data, indent

    @classmethod
    def open(cls, path: Path) -> _Document:
        if not path.exists():
            return cls(path, _map(), _INDENTS[0])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SettleError(f"{path}: cannot read rule file: {exc}") from None
        from ruamel.yaml.error import YAMLError

        for indent in _INDENTS:  # the first that writes the file back as it is
            try:
                data = _yaml(indent).load(text)
            except YAMLError as exc:
                raise SettleError(f"{path}: invalid YAML: {str(exc).splitlines()[0]}") from None
            if _dump(_yaml(indent), data) == text:
                break
        else:
            indent = _INDENTS[0]
            data = _yaml(indent).load(text)
        if data is None:
            data = _map()
        if not hasattr(data, "get"):
            raise SettleError(f"{path}:1: a rule file must be a mapping of rule kinds")
        return cls(path, data, indent)

    def has(self, section: str) -> bool:
        return section in self.data

    def put_entry(self, old: HouseEntity | None, new: HouseEntity) -> None:
        """Replace `old`'s item (found by name) with `new`'s fields, keeping the item's
        comments and key order; or add `new` at the end of `entities`."""
        from ruamel.yaml.comments import CommentedSeq

        entries = self.data.get("entities")
        if entries is None:
            entries = self.data["entities"] = CommentedSeq()
        entries.fa.set_block_style()  # `entities: []` of a starter file grows into a block list
        fields = _entry_fields(new)
        item = None
        if old is not None:
            item = next((i for i in entries if hasattr(i, "get") and entity_key(str(i.get("name", ""))) == entity_key(old.name)), None)
        if item is None:
            # entries kept apart by blank lines (a comment before an item) get one more
            spaced = any(i > 0 and before[1] for i, before in entries.ca.items.items())
            entries.append(_map(fields))
            if spaced:
                entries.yaml_set_comment_before_after_key(len(entries) - 1, before="\n")
            return
        # only the fields that change are touched: the others keep their form and comments
        for name, info in HouseEntity.model_fields.items():
            key = info.alias or name
            if getattr(old, name) == getattr(new, name):
                continue
            if key in fields:
                item[key] = fields[key]
            elif key in item:
                del item[key]

    def text(self) -> str:
        return _dump(_yaml(self.indent), self.data)


def _entry_fields(entry: HouseEntity) -> dict[str, Any]:
    """The entry as a rule file writes it: name first, lists of names and each role in
    flow style, as the built-in house list does."""
    from ruamel.yaml.comments import CommentedSeq

    data = entry.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "roles":
            out[key] = CommentedSeq(_flow(_map({k: _date(v) for k, v in role.items()})) for role in value)
        elif isinstance(value, list):
            out[key] = _flow(CommentedSeq(value))
        else:
            out[key] = value
    return out


def _date(value: Any) -> Any:
    """A term's day as a date, which YAML writes bare (as text it would be quoted)."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date.fromisoformat(value)
    return value


def _flow(node: Any) -> Any:
    node.fa.set_flow_style()
    return node


def _map(fields: dict[str, Any] | None = None) -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(fields or {})


def _yaml(indent: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1 << 16  # never re-wrap a long line
    y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return y


def _dump(y: Any, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


# -- small helpers ------------------------------------------------------------------------------


def _origin_file(rules: RuleSet, entry: HouseEntity) -> Path | None:
    origin = rules.origins.get(("entities", entity_key(entry.name)))
    return Path(origin.rsplit(":", 1)[0]) if origin else None


def _origin(rules: RuleSet, entry: HouseEntity) -> str:
    return rules.origins.get(("entities", entity_key(entry.name)), "the house list")


def _is_built_in(path: Path) -> bool:
    built_in = default_rules_dir().resolve()
    where = path.resolve()
    return where == built_in or built_in in where.parents


def _clean(name: str) -> str:
    return " ".join(name.split())


def _unique(names: Any) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        if name:
            seen.setdefault(entity_key(name), name)
    return list(seen.values())


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _with_misspellings(wrong: Sequence[str]) -> str:
    return f" with misspellings {_quoted(wrong)}" if wrong else ""
