"""`copydesk fix`: the findings that name their right form, turned into edits of the files.

check -> findings -> fixable ones -> changes (byte spans of the original file) -> written.

A change replaces only the bytes of the mention it fixes: the file is decoded as ingest
decodes it (BOM, UTF-8/16/32, an HTML page's declared charset), the finding's line and
column are found in that text (for HTML, in the page's source, where ingest anchored its
text lines), the found text is checked to be there, and the new text is encoded the same
way. Everything else in the file, bytes included, stays as it was. Files are written
atomically (a temporary file beside them, then a rename), with their permissions kept,
and only when they still hold the bytes the changes were computed on.
"""
from __future__ import annotations

import codecs
import difflib
import html
import html.entities
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .ingest import _SEP, _TAGS, _declared_charset, leads_outside
from .model import Article, Finding
from .patterns import HONORIFICS

FIXABLE_RULES = ("name-variant", "role-conflict", "substitution")
_HTML_SUFFIXES = (".html", ".htm")
# BOMs and the codec that reads what follows them (UTF-32's BOM starts with UTF-16-LE's)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF8, "utf-8"),
)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


# -- which findings, and what they become -------------------------------------------------


def fixable(f: Finding, articles: Mapping[str, Article]) -> bool:
    """A finding that says what to write: a name-variant with an expected form (never
    one of spellings none clearly right: those have none), a substitution, and a
    role-conflict where the house list names the holder for the article's date."""
    if not f.expected or f.rule not in FIXABLE_RULES:
        return False
    if f.rule == "role-conflict":
        article = articles.get(f.file)
        return bool(f.evidence.get("house")) and article is not None and article.date is not None
    return True


def replacement(f: Finding) -> str:
    """The text to write in place of `f.found`: the expected form, cut to its surname
    for a surname-only mention, after the mention's honorific, before its possessive,
    in capitals when the mention is in capitals, with the mention's apostrophes."""
    if f.rule == "substitution":
        return _cased(f.found, f.expected)
    found, suffix = _split_possessive(f.found)
    words = found.split()
    prefix = []
    while len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        prefix.append(words.pop(0))
    core = " ".join(words)
    expected, _ = _split_possessive(f.expected)
    if len(words) == 1 and len(expected.split()) > 1 and "-" not in words[0]:
        expected = expected.split()[-1]  # "Gang" for "Qin Gang" (name-variant's expected is cut already)
    new = _with_apostrophes_of(core, _cased(core, expected))
    return " ".join([*prefix, new]) + suffix if prefix else new + suffix


def _split_possessive(text: str) -> tuple[str, str]:
    m = _POSSESSIVE.search(text)
    return (text[: m.start()], m.group()) if m else (text, "")


def _with_apostrophes_of(found: str, expected: str) -> str:
    """A story that writes "O’Roarke" with a typographer's apostrophe gets "O’Rourke",
    not the archive's "O'Rourke": the fix keeps the story's typography."""
    for written, other in (("’", "'"), ("'", "’")):
        if written in found and other not in found:
            return expected.replace(other, written)
    return expected


def _cased(found: str, expected: str) -> str:
    """A mention in capitals ("KOWALCZIK" in a headline) stays in capitals."""
    letters = [ch for ch in found if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return expected.upper()
    return expected


# -- the file as bytes and text -----------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A file's bytes decoded the way ingest decodes them, with line breaks kept as
    they are ("\\r" too), so a character offset here is one in Article.text."""

    bom: bytes
    codec: str
    text: str

    def byte_offset(self, offset: int) -> int:
        return len(self.bom) + len(self.text[:offset].encode(self.codec))

    def encode(self, text: str, markup: bool) -> bytes:
        # in HTML a character the page's charset lacks is written as a reference
        return text.encode(self.codec, errors="xmlcharrefreplace" if markup else "strict")

    def offset(self, line: int, column: int) -> int | None:
        starts = _line_starts(self.text)
        if not 0 < line <= len(starts):
            return None
        offset = starts[line - 1] + column - 1
        return offset if offset <= len(self.text) else None


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def decode_source(raw: bytes, is_html: bool) -> Source | None:
    """The file as text, when it decodes and encodes back to exactly its bytes."""
    bom, codec = next(((b, c) for b, c in _BOMS if raw.startswith(b)), (b"", "utf-8"))
    candidates = [codec]
    if is_html and not bom and (declared := _declared_charset(raw)):
        candidates.append(declared)
    for name in candidates:
        try:
            text = raw[len(bom):].decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if text.encode(name) == raw[len(bom):]:
            return Source(bom, name, text)
    return None


# -- changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Bytes start..end of the original file become `new`."""

    start: int
    end: int
    new: bytes


@dataclass(frozen=True)
class Change:
    """One finding fixed: the spans of the file it rewrites."""

    finding: Finding
    new_text: str
    spans: tuple[Span, ...]

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end


@dataclass
class FilePlan:
    """The changes to one file, computed on `original`, its bytes when they were read."""

    path: str  # as the report names it
    target: str  # the real file written (a link inside the paths is written through)
    original: bytes
    source: Source
    changes: list[Change] = field(default_factory=list)

    def patched(self, changes: Iterable[Change]) -> bytes:
        out, at = [], 0
        for span in sorted((s for c in changes for s in c.spans), key=lambda s: s.start):
            out += [self.original[at:span.start], span.new]
            at = span.end
        out.append(self.original[at:])
        return b"".join(out)

    def diff(self, changes: Sequence[Change], context: int = 3) -> str:
        """A unified diff of the file with `changes` applied."""
        before = self.source.text
        after = self.patched(changes)[len(self.source.bom):].decode(self.source.codec)
        lines = difflib.unified_diff(
            _display_lines(before), _display_lines(after), f"a/{self.path}", f"b/{self.path}", n=context
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _display_lines(text: str) -> list[str]:
    return [line.rstrip("\r\n") + "\n" for line in text.splitlines(keepends=True)]


@dataclass
class Plan:
    files: list[FilePlan]
    notes: list[str]  # one line for each fixable finding or file left alone, and why

    @property
    def changes(self) -> int:
        return sum(len(p.changes) for p in self.files)


def plan_fixes(
    findings: Sequence[Finding],
    articles: Mapping[str, Article],
    writable: Writable,
    checked: Mapping[str, tuple[int, ...]],
) -> Plan:
    """The changes that fix `findings` (those `fixable`), file by file. `checked` holds
    each file's stat_key from before the check: a file changed since is left alone."""
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        if fixable(f, articles):
            by_file.setdefault(f.file, []).append(f)
    plans: list[FilePlan] = []
    notes: list[str] = []
    targets: set[str] = set()
    for path, file_findings in sorted(by_file.items()):
        if (why := writable.refusal(path)) is not None:
            notes.append(f"{path}: {why}: left untouched")
            continue
        target = os.path.realpath(path)
        if target in targets:
            continue  # a link to a file already planned: the same text, the same changes
        targets.add(target)
        try:
            before = checked.get(path)
            with open(target, "rb") as fh:
                raw = fh.read()
            if before is None or stat_key(target) != before:
                notes.append(f"{path}: changed since it was checked: left untouched")
                continue
        except OSError as exc:
            notes.append(f"{path}: cannot read: {exc.strerror or exc}: left untouched")
            continue
        is_html = path.lower().endswith(_HTML_SUFFIXES)
        source = decode_source(raw, is_html)
        if source is None:
            notes.append(f"{path}: its encoding cannot be written back byte for byte: left untouched")
            continue
        plan = FilePlan(path, target, raw, source)
        for f in sorted(file_findings, key=Finding.sort_key):
            change = _change(f, source, is_html)
            if isinstance(change, str):
                notes.append(f"{path}:{f.line}:{f.column}: '{f.found}' not fixed: {change}")
            elif change is not None:
                _add(plan, change, notes)
        if plan.changes:
            plans.append(plan)
    return Plan(plans, notes)


def _add(plan: FilePlan, change: Change, notes: list[str]) -> None:
    """Add a change unless it overlaps one already there (the same fix twice is one)."""
    for other in plan.changes:
        if change.start < other.end and other.start < change.end:
            if change.spans != other.spans:
                f = change.finding
                notes.append(
                    f"{plan.path}:{f.line}:{f.column}: '{f.found}' not fixed: overlaps the {other.finding.rule} fix "
                    f"'{other.new_text}'; run fix again"
                )
            return
    plan.changes.append(change)
    plan.changes.sort(key=lambda c: c.start)


def _change(f: Finding, source: Source, is_html: bool) -> Change | str | None:
    """The change fixing `f`; a reason when it cannot be made; None when the text is
    already right."""
    new_text = replacement(f)
    if new_text == f.found:
        return None
    offset = source.offset(f.line, f.column)
    if offset is None:
        return "its line is not in the file"
    if is_html:
        return _html_change(f, new_text, source, offset)
    if source.text[offset:offset + len(f.found)] != f.found:
        return "the file does not hold that text there"  # e.g. a name broken over a CRLF line break
    span = Span(source.byte_offset(offset), source.byte_offset(offset + len(f.found)), source.encode(new_text, False))
    return Change(f, new_text, (span,))


def _html_change(f: Finding, new_text: str, source: Source, offset: int) -> Change | str:
    """In a page, the mention's words are found in the source where ingest anchored
    them (tags between words, character references inside them), and each word that
    changes is replaced there: the markup around and between the words stays."""
    old_words, new_words = f.found.split(), new_text.split()
    m = _source_regex(tuple(old_words)).match(source.text, offset)
    if m is None:
        return "not found at that place in the page's source"
    if len(old_words) == len(new_words):
        spans = []
        for i, (old, new) in enumerate(zip(old_words, new_words, strict=True), start=1):
            if old == new:
                continue
            if "<" in m.group(i):
                return f"markup inside the word '{old}' in the source"
            spans.append(_html_span(source, m.start(i), m.end(i), new))
        return Change(f, new_text, tuple(spans))
    if "<" in m.group():
        return "markup between its words in the source, and the new form has another number of words"
    return Change(f, new_text, (_html_span(source, m.start(), m.end(), new_text),))


def _html_span(source: Source, start: int, end: int, text: str) -> Span:
    return Span(source.byte_offset(start), source.byte_offset(end), source.encode(html.escape(text, quote=False), True))


@lru_cache(maxsize=1024)
def _source_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """The words as a page's source may write them (ingest's separators and tags)."""
    return re.compile(_SEP.join(f"({_word_pattern(w)})" for w in words))


def _word_pattern(word: str) -> str:
    guard = r"(?<!\w)" if word[0].isalnum() else ""
    return guard + _TAGS.join(_char_pattern(ch) for ch in word)


@lru_cache(maxsize=4096)
def _char_pattern(ch: str) -> str:
    """A character, or a character reference to it (for letters too: "Mar&iacute;a")."""
    cp = ord(ch)
    forms = [re.escape(ch), f"&#0*{cp};", f"(?i:&#x0*{cp:x};)"]
    if name := html.entities.codepoint2name.get(cp):
        forms.append(f"&{name};")
    if ch == "'":
        forms.append("&apos;")
    return "(?:" + "|".join(forms) + ")"


# -- where fix may write ------------------------------------------------------------------


@dataclass(frozen=True)
class Writable:
    """The files fix may write: under the folders, or one of the files, the user gave,
    reached without a symbolic link that leads out of them."""

    folders: tuple[str, ...]  # real paths
    files: tuple[str, ...]  # real paths of the folders holding them + their names

    @classmethod
    def of(cls, paths: Sequence[str]) -> Writable:
        folders, files = [], []
        for p in paths:
            if os.path.isdir(p):
                folders.append(os.path.realpath(p))
            else:  # a file (or a glob): its own name in its real folder, not where a link leads
                files.append(os.path.join(os.path.realpath(os.path.dirname(p) or os.curdir), os.path.basename(p)))
                folders.extend(os.path.realpath(r) for r in _glob_folder(p))
        return cls(tuple(folders), tuple(files))

    def refusal(self, path: str) -> str | None:
        """Why `path` may not be written, or None."""
        if not os.path.isfile(path):
            return "not a regular file"
        target = os.path.realpath(path)
        if any(leads_outside(path, folder) is None for folder in self.folders):
            return None
        if target in self.files:
            return None
        if os.path.islink(path) or any(os.path.islink(p) for p in _parents(path)):
            return f"a symbolic link to {target}, outside the paths given"
        return "outside the paths given"


def _glob_folder(pattern: str) -> list[str]:
    import glob

    if not glob.has_magic(pattern):
        return []
    literal = []
    for part in re.split(r"[\\/]", pattern):
        if glob.has_magic(part):
            break
        literal.append(part)
    return [os.sep.join(literal) or (os.sep if literal else os.curdir)]


def _parents(path: str) -> list[str]:
    out, head = [], os.path.dirname(os.path.abspath(path))
    while head and head != os.path.dirname(head):
        out.append(head)
        head = os.path.dirname(head)
    return out


def stat_key(path: str) -> tuple[int, ...]:
    """What says a file is unchanged: its inode, size and modification time."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def stat_keys(paths: Iterable[str]) -> dict[str, tuple[int, ...]]:
    keys = {}
    for p in paths:
        with suppress(OSError):
            keys[p] = stat_key(os.path.realpath(p))
    return keys


# -- writing ------------------------------------------------------------------------------


def write_changes(plan: FilePlan, changes: Sequence[Change]) -> str | None:
    """Write the file with `changes`, atomically, keeping its permissions; None when
    written, else why not (the file changed since it was read, or cannot be written)."""
    try:
        with open(plan.target, "rb") as fh:
            if fh.read() != plan.original:
                return f"{plan.path}: changed since it was checked: left untouched"
        before = os.stat(plan.target)
    except OSError as exc:
        return f"{plan.path}: cannot read: {exc.strerror or exc}: left untouched"
    with _signals_held():
        return _replace(plan, plan.patched(changes), before)


def _replace(plan: FilePlan, data: bytes, before: os.stat_result) -> str | None:
    folder, name = os.path.split(plan.target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".copydesk-fix", dir=folder)
    except OSError as exc:
        return f"{plan.path}: cannot write: {exc.strerror or exc}: left untouched"
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(before.st_mode))
        if hasattr(os, "chown"):
            with suppress(PermissionError):  # another owner's file: it becomes ours, as any editor's save makes it
                os.chown(tmp, before.st_uid, before.st_gid)
        os.replace(tmp, plan.target)  # the one step that changes the file: all or nothing
    except OSError as exc:
        _remove(tmp)
        return f"{plan.path}: cannot write: {exc.strerror or exc}: left untouched"
    except BaseException:  # anything else: the file stays as it was, the temporary file goes
        _remove(tmp)
        raise
    return None


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C (and SIGTERM) wait while one file is written: it lands after the rename or
    before the temporary file exists, never between, where it would leave that file
    behind. The handlers are swapped, not the signals blocked: a signal that arrived just
    before would still run the old handler at the next bytecode, inside the write."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous: dict[signal.Signals, Any] = {}
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, lambda n, _frame: received.append(n))
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            signal.raise_signal(received[0])  # now, with the file whole


def _remove(path: str) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)
