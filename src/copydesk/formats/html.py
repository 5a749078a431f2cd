"""Findings as one self-contained HTML page for editors.

Findings are grouped by entity, each mention shown in its sentence with the found text
marked and the expected form beside it; a filter by severity and rule; counts per
article. Everything from the articles goes through Jinja's autoescaping, and the page's
Content-Security-Policy lets only its own inline script run (by hash): article text is
shown, never executed. No network: styles and script are inline.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..model import SEVERITY_RANK, Article, Finding

if TYPE_CHECKING:
    import jinja2

HERE = Path(__file__).parent
SEVERITIES = ("error", "warning", "info")
CONTEXT_CHARS = 240  # at most this much of a sentence on either side of a mention
# A stop after one of these (or after an initial, "John F. Kennedy") ends no sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr prof gen col lt sgt capt rev hon gov sen rep no vs inc corp co ltd mt ft".split()
)
_SENTENCE_END = re.compile(r"(?P<stop>[.!?][\"'\u201d\u2019)\]]*)\s+|\n[ \t]*\n")
_LAST_WORD = re.compile(r"(\w+)$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Row:
    """One finding as the page shows it: where, its sentence cut around the found text."""

    finding: Finding
    before: str
    found: str
    after: str

    @property
    def why(self) -> str:
        """The weights that added up to the finding, when it has them."""
        return weights_line(self.finding.evidence)


def weights_line(evidence: Mapping[str, object]) -> str:
    """ "edit +4.0 (swapped letters), names +3.0, agree +0.5, company -2.1 = 5.4": the
    match weights of a name-variant finding, as the page shows them."""
    weights = evidence.get("weights")
    if not isinstance(weights, Mapping) or not weights:
        return ""
    parts = []
    for name, value in weights.items():
        part = f"{name} {float(value):+.1f}"
        if name == "edit" and evidence.get("kind"):
            part += f" ({evidence['kind']})"
        if name == "company" and "shared_context" in evidence and not evidence.get("same_article"):
            part += f" ({evidence['shared_context']} shared names)"
        parts.append(part)
    return f"weights: {', '.join(parts)} = {float(evidence.get('weight', sum(weights.values()))):.1f}"  # type: ignore[arg-type]


@dataclass(frozen=True)
class Group:
    rule: str
    entity: str
    severity: str  # the worst of its rows
    rows: tuple[Row, ...]

    @property
    def files(self) -> int:
        return len({r.finding.file for r in self.rows})


def render_html(findings: Sequence[Finding], articles: Mapping[str, Article], checked: int) -> str:
    script = _asset("report.js")
    return _template().render(
        version=__version__,
        checked=checked,
        total=len(findings),
        by_severity=Counter(f.severity for f in findings),
        severities=SEVERITIES,
        rules=sorted({f.rule for f in findings}),
        by_rule=Counter(f.rule for f in findings),
        groups=group_rows(findings, articles),
        per_article=per_article(findings),
        style=_asset("report.css"),
        script=script,
        script_hash=base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii"),
    )


def group_rows(findings: Sequence[Finding], articles: Mapping[str, Article]) -> list[Group]:
    """Findings by (rule, entity), the worst groups first, as the terminal summary orders them."""
    by_entity: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        by_entity[(f.rule, f.entity)].append(f)
    groups = [
        Group(rule, entity, max((f.severity for f in fs), key=SEVERITY_RANK.__getitem__),
              tuple(in_sentence(f, articles.get(f.file)) for f in sorted(fs, key=Finding.sort_key)))
        for (rule, entity), fs in by_entity.items()
    ]
    return sorted(groups, key=lambda g: (-SEVERITY_RANK[g.severity], g.rule, g.entity))


def per_article(findings: Sequence[Finding]) -> list[tuple[str, Counter[str]]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for f in findings:
        counts[f.file][f.severity] += 1
    return sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))


def in_sentence(f: Finding, article: Article | None) -> Row:
    """The finding with the sentence around it; the found text alone when the article
    is not at hand (a finding from a baseline-filtered or scoped run still shows)."""
    start = find_offset(article, f.line, f.column, f.found) if article else None
    if article is None or start is None:
        return Row(f, "", _one_line(f.found), "")
    end = start + len(f.found)
    lo, hi = sentence_bounds(article.text, start, end)
    before = _one_line(article.text[lo:start]).lstrip()
    after = _one_line(article.text[end:hi]).rstrip()
    if lo == max(0, start - CONTEXT_CHARS) and lo > 0:
        before = "\u2026" + before
    if hi == min(len(article.text), end + CONTEXT_CHARS) and hi < len(article.text):
        after += "\u2026"
    return Row(f, before, _one_line(f.found), after)


def find_offset(article: Article, line: int, column: int, found: str) -> int | None:
    """Where in `article.text` the finding at (line, column) of the file starts: the
    inverse of `Article.position`, checked against the found text (the nearest
    occurrence of it when the position does not hold it)."""
    guess = article.offset(line, column)
    if guess is not None and article.text.startswith(found, guess):
        return guess
    hits = [m.start() for m in re.finditer(re.escape(found), article.text)] if found else []
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h - (guess or 0)))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(lo, hi) of the sentence holding text[start:end], at most CONTEXT_CHARS either side."""
    lo = max(0, start - CONTEXT_CHARS)
    for m in _SENTENCE_END.finditer(text, lo, start):
        if not _after_abbreviation(text, m):
            lo = m.end()
    hi = min(len(text), end + CONTEXT_CHARS)
    for m in _SENTENCE_END.finditer(text, end, hi):
        if not _after_abbreviation(text, m):
            hi = m.end("stop") if m.group("stop") else m.start()
            break
    return lo, hi


def _after_abbreviation(text: str, stop: re.Match[str]) -> bool:
    if not stop.group("stop") or not stop.group("stop").startswith("."):
        return False
    word = _LAST_WORD.search(text, max(0, stop.start() - 12), stop.start())
    return word is not None and (word.group(1).lower() in ABBREVIATIONS or (len(word.group(1)) == 1 and word.group(1).isupper()))


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text)


@cache
def _asset(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_asset("report.html.j2"))
