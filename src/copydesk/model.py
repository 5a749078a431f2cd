"""Plain data passed between the pipeline's stages.

ingest -> Article, extract -> Mention, resolve -> Entity, check -> Finding.
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Anchor:
    """`text[offset]` is the character at `line`, `column` (1-based) of the original file."""

    offset: int
    line: int
    column: int


@dataclass(frozen=True)
class Suppression:
    """An inline marker's effect: `rules` (all when empty) are off on lines first..last."""

    rules: frozenset[str]
    first: int
    last: int  # inclusive; a very large number for "to the end of the file"

    def covers(self, rule: str, line: int) -> bool:
        return self.first <= line <= self.last and (not self.rules or rule in self.rules)


@dataclass
class Article:
    """One article as read from disk.

    `text` is what the later stages analyse. For plain text and Markdown it is the file's
    own text with front matter and boilerplate lines blanked out (replaced by spaces, line
    breaks kept), so offsets in `text` are offsets in the file. Readers that rebuild the
    text (HTML) give `anchors`: one per kept line, mapping offsets back to the file.
    """

    path: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    byline: tuple[str, ...] = ()
    anchors: tuple[Anchor, ...] | None = None
    suppressions: tuple[Suppression, ...] = ()  # from copydesk-disable markers
    warnings: tuple[str, ...] = ()  # problems that did not stop the read ("FILE:LINE: ...")

    @cached_property
    def digest(self) -> str:
        """A hash of what the extractor sees: the text and where its lines come from
        (the cache's key; computed once, though every cached stage asks for it)."""
        h = hashlib.sha256(self.text.encode("utf-8", "surrogatepass"))
        if self.anchors:
            h.update(repr([(a.offset, a.line, a.column) for a in self.anchors]).encode())
        return h.hexdigest()

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        return starts

    @cached_property
    def _anchor_offsets(self) -> list[int]:
        return [a.offset for a in self.anchors or ()]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original file of `text[offset]`."""
        if self.anchors:
            i = max(bisect.bisect_right(self._anchor_offsets, offset) - 1, 0)
            anchor = self.anchors[i]
            return anchor.line, anchor.column + (offset - anchor.offset)
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def offset(self, line: int, column: int) -> int | None:
        """The inverse of `position`: where (line, column) of the file is in `text`, if
        the text keeps that line."""
        if self.anchors:  # rebuilt text (HTML): the last anchor of that line at or before the column
            before = [a for a in self.anchors if a.line == line and a.column <= column]
            return before[-1].offset + column - before[-1].column if before else None
        starts = self._line_starts
        return starts[line - 1] + column - 1 if 0 < line <= len(starts) else None


@dataclass(frozen=True, slots=True)
class Role:
    """A title given to a person in one mention: "Chinese Foreign Minister Chen Gang"."""

    title: str  # canonical title, lower case: "foreign minister"
    qualifier: str | None  # country or body the title belongs to: "China"
    text: str  # the title as written: "Chinese Foreign Minister"
    start: int  # where the title phrase starts in the article text
    # False for a title held at another time ("former", "incoming", "then-"): no claim
    # on the role, but still a statement of whose country's titles the person held
    current: bool = True


# Shared int objects for offsets, lines and columns: an archive holds millions of
# mentions, and an int of its own costs a mention 28 bytes where a shared one costs none.
_SHARED_INTS = tuple(range(1 << 16))


def _shared(n: int) -> int:
    return _SHARED_INTS[n] if 0 <= n < len(_SHARED_INTS) else n


# Sources of a name a credit line or an author's bio gives: the article's writers, not
# people in the story.
CREDIT_SOURCES = frozenset({"credit", "bio"})


Place = tuple[str, int, int]  # a file, and a line and column in it (1-based)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where an article names a person or an organisation.

    Stored compactly (an archive of 10^5 articles holds millions): the strings are
    interned, since names, labels and sources repeat, and the numbers are shared ints,
    so a mention costs about its object and nothing more."""

    article: str  # Article.path
    start: int
    end: int
    line: int
    column: int
    text: str  # exact text in the file
    label: str  # "PERSON" or "ORG"
    source: str  # how it was found: "ner", "title", "credit", "bio", "recovered"
    role: Role | None = None

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        # unpickled (from a worker process) through the constructor: compact again
        return Mention, (self.article, self.start, self.end, self.line, self.column, self.text, self.label, self.source, self.role)

    def __post_init__(self) -> None:
        # written out, not looped over the field names: the hook reads 50,000 from the cache
        put, intern = object.__setattr__, sys.intern
        put(self, "article", intern(self.article))
        put(self, "text", intern(self.text))
        put(self, "label", intern(self.label))
        put(self, "source", intern(self.source))
        put(self, "start", _shared(self.start))
        put(self, "end", _shared(self.end))
        put(self, "line", _shared(self.line))
        put(self, "column", _shared(self.column))

    @property
    def place(self) -> Place:
        """Where the mention is, as a finding on it says: its file, line and column."""
        return (self.article, self.line, self.column)


@dataclass
class Entity:
    """A group of spellings that name one person or organisation."""

    canonical: str
    label: str
    spellings: dict[str, list[Mention]] = field(default_factory=dict)
    # spelling -> why it was attached to the canonical spelling (scores, rule)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def mentions(self) -> list[Mention]:
        return [m for ms in self.spellings.values() for m in ms]


@dataclass(frozen=True)
class Finding:
    """One flagged mention: a row of the report (the CSV contract in DESIGN.md)."""

    rule: str
    severity: Severity
    file: str
    line: int
    column: int
    found: str
    expected: str
    entity: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # the other articles the finding rests on (the right spelling's, the other holder's):
    # a check of changed articles reports findings elsewhere that involve them
    related: tuple[str, ...] = field(default=(), compare=False, hash=False)

    @classmethod
    def on(cls, m: Mention, rule: str, severity: Severity, **rest: Any) -> Finding:
        """A finding on mention `m`: its file, line, column and text."""
        return cls(rule=rule, severity=severity, file=m.article, line=m.line, column=m.column, found=m.text, **rest)

    @property
    def place(self) -> Place:
        """Its file, line and column: a mention's place (Mention.place) is a finding's."""
        return (self.file, self.line, self.column)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule)


def exception_line(exc: BaseException) -> str:
    """An unexpected error in one line: its type and the first line of its message."""
    why = next(iter(str(exc).splitlines()), "")
    return f"{type(exc).__name__}: {why}" if why else type(exc).__name__


def failure(path: str, what: str, exc: Exception) -> str:
    """One line for an article an unexpected error made copydesk skip."""
    return f"{path}: {what} ({exception_line(exc)})"


REPORT_COLUMNS: tuple[str, ...] = (
    "rule", "severity", "file", "line", "column", "found", "expected", "entity", "message",
)
