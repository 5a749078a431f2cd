"""Findings an editor has already dealt with: inline markers and a baseline file.

Inline markers, in an HTML comment (Markdown, HTML) or alone on a line (plain text):

    <!-- copydesk-disable name-variant -->     off from here (all rules when none named)
    <!-- copydesk-enable name-variant -->      on again
    <!-- copydesk-disable-next-line -->        off on the next line
    Text ... <!-- copydesk-disable-line -->    off on this line

A baseline is a JSON file of the findings present when it was written; a check with
`--baseline FILE` reports only findings not in it. Findings are matched by rule, file,
found, expected and entity (not line: editing above a finding must not make it new),
as many times as the baseline holds each.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_atomically
from .model import Article, Finding, Suppression
from .rules import RULE_NAMES
from .workspace import workspace

_ACTIONS = "disable-next-line|disable-line|disable|enable"
_IN_COMMENT = re.compile(rf"<!--\s*copydesk-({_ACTIONS})\b([^>]*?)\s*-->")
_ALONE = re.compile(rf"^[ \t]*copydesk-({_ACTIONS})\b([^\n]*?)[ \t]*$", re.M)
END_OF_FILE = 1 << 30


@dataclass(frozen=True)
class Marker:
    action: str
    rules: frozenset[str]  # the known rules it names; empty: all, unless `named`
    named: bool  # it names rules (maybe only unknown ones, which turn nothing off)
    line: int
    start: int  # offset of the marker in the text
    end: int


def find_markers(text: str, path: str) -> tuple[list[Marker], list[str]]:
    """Every marker in `text` with the problems found in them ("FILE:LINE: ...")."""
    markers: list[Marker] = []
    problems: list[str] = []
    for pattern in (_IN_COMMENT, _ALONE):
        for m in pattern.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            names = frozenset(n for n in re.split(r"[\s,]+", m.group(2)) if n)
            for unknown in sorted(names - set(RULE_NAMES)):
                problems.append(
                    f"{path}:{line}: unknown rule '{unknown}' in copydesk-{m.group(1)} (rules: {', '.join(RULE_NAMES)})"
                )
            markers.append(Marker(m.group(1), names & set(RULE_NAMES), bool(names), line, m.start(), m.end()))
    unique = {(mk.line, mk.start): mk for mk in markers}  # a comment marker alone on a line matches both patterns
    ordered = sorted(unique.values(), key=lambda mk: mk.start)
    return [mk for i, mk in enumerate(ordered) if i == 0 or mk.start >= ordered[i - 1].end], problems


def suppressions(markers: Sequence[Marker]) -> tuple[Suppression, ...]:
    out: list[Suppression] = []
    open_since: dict[str, int] = {}  # rule -> line its disable began
    for mk in markers:
        if mk.named and not mk.rules:
            continue  # names only unknown rules (already warned about): turns nothing off
        rules = mk.rules or frozenset(RULE_NAMES)
        if mk.action == "disable-line":
            out.append(Suppression(rules, mk.line, mk.line))
        elif mk.action == "disable-next-line":
            out.append(Suppression(rules, mk.line + 1, mk.line + 1))
        elif mk.action == "disable":
            for rule in rules:
                open_since.setdefault(rule, mk.line)
        else:  # enable
            for rule in rules:
                if rule in open_since:
                    out.append(Suppression(frozenset({rule}), open_since.pop(rule), mk.line))
    out += [Suppression(frozenset({rule}), first, END_OF_FILE) for rule, first in open_since.items()]
    return tuple(out)


def unsuppressed(findings: Iterable[Finding], articles: dict[str, Article]) -> list[Finding]:
    """The findings no inline marker in their article turns off."""
    kept = []
    for f in findings:
        article = articles.get(f.file)
        if article is None or not any(s.covers(f.rule, f.line) for s in article.suppressions):
            kept.append(f)
    return kept


# -- baseline -------------------------------------------------------------------------------

BASELINE_VERSION = 1
_FIELDS = ("rule", "file", "found", "expected", "entity")


class BaselineError(Exception):
    """The baseline file cannot be used; the message names it."""


def fingerprint(f: Finding, top: Path) -> tuple[str, ...]:
    return (f.rule, baseline_path(f.file, top), f.found, f.expected, f.entity)


def baseline_path(path: str, top: Path) -> str:
    """The file as a baseline names it: relative to `top`, the top of the workspace (its
    git repository, else the current folder; see workspace.Workspace.top), so `check
    articles` and `check /abs/.../articles` agree."""
    return os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")


def _top(top: Path | None) -> Path:
    """`top`, or when the caller has no workspace, that of the current folder."""
    return top if top is not None else workspace([]).top


def write_baseline(findings: Sequence[Finding], path: Path, top: Path | None = None) -> None:
    top = _top(top)
    write_baseline_counts(Counter(fingerprint(f, top) for f in findings), path)


def write_baseline_counts(counts: Counter[tuple[str, ...]], path: Path) -> None:
    """A baseline of these fingerprints (`fingerprint`), each accepted `count` times; also
    what the server's "accept" writes back after adding one."""
    rows = [dict(zip(_FIELDS, key, strict=True), count=n) for key, n in sorted(counts.items()) if n > 0]
    write_atomically(path, json.dumps({"copydesk_baseline": BASELINE_VERSION, "findings": rows}, indent=1) + "\n")


def read_baseline(path: Path) -> Counter[tuple[str, ...]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise BaselineError(f"{path}{f':{line}' if line else ''}: not a copydesk baseline (invalid JSON)") from None
    if not isinstance(data, dict) or data.get("copydesk_baseline") != BASELINE_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a copydesk baseline (write one with --write-baseline)")
    counts: Counter[tuple[str, ...]] = Counter()
    for i, row in enumerate(data["findings"]):
        count = row.get("count", 1) if isinstance(row, dict) else None
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in _FIELDS) or type(count) is not int or count < 1:
            raise BaselineError(f"{path}: findings[{i}]: expected {', '.join(_FIELDS)} as text and a count of 1 or more")
        counts[tuple(row[k] for k in _FIELDS)] += row.get("count", 1)
    return counts


def new_findings(
    findings: Sequence[Finding], baseline: Counter[tuple[str, ...]], top: Path | None = None
) -> list[Finding]:
    """The findings beyond those the baseline holds; of several alike, the later ones are new."""
    top = _top(top)
    left = Counter(baseline)
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = fingerprint(f, top)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(f)
    return out
