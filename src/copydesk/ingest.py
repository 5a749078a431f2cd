"""Find article files and read them into `Article`s.

Three readers, chosen by suffix: plain text (also any unknown suffix), Markdown and HTML.
Plain text and Markdown keep the file's own characters, with front matter and boilerplate
blanked to spaces, so an offset in `Article.text` is an offset in the file. HTML is reduced
to its main text, and `Article.anchors` maps that text back to lines and columns of the file.
Every problem with an input file is raised as `ArticleError` with a one-line message.
"""
from __future__ import annotations

import bisect
import codecs
import dataclasses
import datetime as dt
import errno
import fnmatch
import glob
import html
import html.entities
import itertools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import yaml

from copydesk.language import foreign
from copydesk.model import Anchor, Article
from copydesk.suppress import find_markers, suppressions

if TYPE_CHECKING:
    from copydesk.rules import RuleSet

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_HTML_SUFFIXES = (".html", ".htm")
_HEADER_LINES = 15  # dates, titles and bylines are only looked for this near the top
_BYLINE_SEARCH_LINES = 40  # a page's visible lines (navigation included) searched for its byline
_MAX_TITLE = 200
# Larger files are skipped (settings.max_article_mb): an article is 5-100 KB, a scraped
# page a few hundred; a file of many MB is a dump or a mistake, and would hold spaCy for
# minutes and gigabytes.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024  # the default of settings.max_article_mb

# The boilerplate patterns themselves are data: rules/boilerplate.yaml.


class ArticleError(Exception):
    """A file that cannot be read as an article; the message is one line naming the file."""


def compile_boilerplate(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    """Compile boilerplate regexes the way the rules are meant: case-insensitive."""
    return [re.compile(p, re.IGNORECASE) for p in patterns]


# --------------------------------------------------------------------------- discover


def discover(paths: Sequence[str], excludes: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """Expand command-line files and folders into article paths, plus one-line problems.

    Folders are walked recursively (hidden folders and files skipped, symlink loops cut),
    keeping only ARTICLE_SUFFIXES; a file named explicitly is kept whatever its suffix.
    Paths keep the form the user gave. A path that does not exist but has glob characters
    is expanded ("articles/**/*.md"). `excludes` are fnmatch globs tried on the path and on
    its last component, so "*/drafts/*" and "drafts" both work.
    """
    found: dict[str, str] = {}  # absolute path -> path as given, to drop "./a" vs "a"
    problems: list[str] = []
    for arg in _expand_globs(paths, problems):
        if _excluded(arg, excludes):
            continue
        if os.path.isdir(arg):
            for path in _walk(arg, excludes, problems):
                found.setdefault(file_identity(path), path)
        elif os.path.isfile(arg):
            found.setdefault(file_identity(arg), arg)
        elif os.path.islink(arg):
            problems.append(f"{arg}: {_dangling(arg)}")
        elif os.path.lexists(arg):
            problems.append(f"{arg}: not a regular file or folder")
        else:
            problems.append(f"{arg}: no such file or directory")
    return sorted(found.values()), problems


def file_identity(path: str) -> str:
    """One name per file however its path is written ("./a", "a", "/abs/a")."""
    return os.path.normcase(os.path.abspath(path))


def _expand_globs(paths: Sequence[str], problems: list[str]) -> list[str]:
    out: list[str] = []
    for arg in paths:
        if os.path.lexists(arg) or not glob.has_magic(arg):
            out.append(arg)
            continue
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            problems.append(f"{arg}: no file matches")
        # "**" follows folder links: keep what they lead to inside the pattern's folder
        inside = os.path.realpath(_glob_root(arg))
        for match in matches:
            if (target := leads_outside(match, inside)) is None:
                out.append(match)
            else:
                problems.append(f"{match}: leads to {target}, outside {inside}: not followed")
    return out


def leads_outside(path: str, folder: str) -> str | None:
    """Where `path` really leads (links resolved), when that is outside `folder` (a real
    path); None when it stays inside."""
    target = os.path.realpath(path)
    return target if os.path.commonpath([target, folder]) != folder else None


def _glob_root(pattern: str) -> str:
    """The folder a glob searches under: its parts before the first with a wildcard."""
    literal = list(itertools.takewhile(lambda part: not glob.has_magic(part), re.split(r"[\\/]", pattern)))
    return os.sep.join(literal) or (os.sep if literal else os.curdir)  # [""]: "/*.md"


def _excluded(path: str, excludes: Sequence[str]) -> bool:
    candidates = {path, os.path.normpath(path), os.path.basename(os.path.normpath(path))}
    return any(fnmatch.fnmatch(c, pat) for pat in excludes for c in candidates)


def _walk(top: str, excludes: Sequence[str], problems: list[str]) -> Iterator[str]:
    """Article files under `top`. Symbolic links are followed only to files and folders
    inside `top` (a repository copydesk does not control must not make it read, and
    report, files from elsewhere), and a folder reached twice is not walked again."""
    seen: set[tuple[int, int]] = set()  # (device, inode) of folders visited: stops loops
    inside = os.path.realpath(top)

    def on_error(err: OSError) -> None:
        problems.append(f"{err.filename}: {_reason(err)}")

    for root, dirs, files in os.walk(top, onerror=on_error, followlinks=True):
        try:
            st = os.stat(root)
        except OSError as err:
            problems.append(f"{root}: {_reason(err)}")
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        kept = []
        for d in sorted(dirs):
            path = os.path.join(root, d)
            if d.startswith(".") or _excluded(path, excludes):
                continue
            if os.path.islink(path) and (why := _link_problem(path, inside, seen)):
                problems.append(f"{path}: {why}")
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.startswith(".") or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            if _excluded(path, excludes):
                continue
            if os.path.islink(path) and (why := _link_problem(path, inside, seen)):
                problems.append(f"{path}: {why}")
            elif os.path.isfile(path):
                yield path


def _link_problem(link: str, inside: str, seen: set[tuple[int, int]]) -> str | None:
    """Why the symbolic link `link` (met while walking the folder `inside`) is not
    followed, or None when it leads to a file or folder inside that folder."""
    try:
        st = os.stat(link)
    except OSError:
        return _dangling(link)
    if (target := leads_outside(link, inside)) is not None:
        return f"symbolic link to {target}, outside the checked folder {inside}: not followed"
    if os.path.isdir(link) and (st.st_dev, st.st_ino) in seen:
        return "symbolic link to a folder already checked (a loop): not followed"
    return None


def _dangling(link: str) -> str:
    try:
        os.stat(link)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop: not followed"
    return "broken symbolic link"


def _reason(err: OSError) -> str:
    text = err.strerror or str(err)
    return text[:1].lower() + text[1:]


# --------------------------------------------------------------------------- read_article


def read_checked(path: str, rules: RuleSet) -> Article:
    """read_article with the rules' settings; an article in a language the rules do not
    check (settings.languages) is skipped too: the model would take its words for names."""
    article = read_article(path, rules.boilerplate, rules.settings.max_article_bytes)
    settings = rules.settings
    if why := foreign(article.text, settings.languages, settings.language_confidence):
        raise ArticleError(f"{path}: {why}")
    return article


def read_article(
    path: str, boilerplate: Sequence[re.Pattern[str]], max_bytes: int = MAX_ARTICLE_BYTES
) -> Article:
    """Read one file with the reader its suffix calls for; bad input raises ArticleError."""
    raw = _read_bytes(path, max_bytes)
    suffix = os.path.splitext(path)[1].lower()
    if suffix in _HTML_SUFFIXES:
        article = _read_html(path, raw, boilerplate)
        article = _with_markers(article, raw.decode("utf-8", errors="replace"), blank=False)
    else:
        text = _decode(path, raw)
        read = _read_markdown if suffix in _MARKDOWN_SUFFIXES else _read_plain
        article = _with_markers(read(path, text, boilerplate), text, blank=True)
    if not article.text.strip():
        # read, and nothing to check: said once, so an empty file is not taken for a checked one
        return dataclasses.replace(article, warnings=(*article.warnings, f"{path}: no text to check"))
    return article


def _with_markers(article: Article, source: str, blank: bool) -> Article:
    """The article with its copydesk-disable markers read from the file's `source`; with
    `blank` (the text keeps the file's offsets), the markers are hidden from extraction."""
    markers, problems = find_markers(source, article.path)
    if not markers:
        return article  # (a marker with problems is still a marker)
    text = article.text
    if blank:
        for mk in markers:
            text = text[: mk.start] + _blank(text[mk.start : mk.end]) + text[mk.end :]
    return dataclasses.replace(article, text=text, suppressions=suppressions(markers), warnings=tuple(problems))


def _read_bytes(path: str, max_bytes: int) -> bytes:
    if os.path.isdir(path):
        raise ArticleError(f"{path}: is a directory, not an article")
    try:
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)  # never more: the file may be huge, or growing
    except OSError as err:
        raise ArticleError(f"{path}: cannot read: {_reason(err)}") from None
    if len(raw) > max_bytes:
        raise ArticleError(
            f"{path}: larger than {_amount(max_bytes)} ({_amount(_size(path, len(raw)))}):"
            " not an article (settings.max_article_mb)"
        )
    return raw


def _amount(n: int) -> str:
    """'2 MB', '50.3 MB'; under a megabyte, bytes."""
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def _size(path: str, at_least: int) -> int:
    try:
        return max(os.stat(path).st_size, at_least)
    except OSError:
        return at_least


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with UTF-16-LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(path: str, raw: bytes, fallback: str | None = None) -> str:
    """Bytes -> text. "\\r" becomes a space, so offsets and line numbers stay the file's."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).replace("\r", " ")
            except UnicodeDecodeError:
                raise ArticleError(f"{path}: not {encoding.upper()} text despite its BOM") from None
    if b"\0" in raw:
        raise ArticleError(f"{path}: binary file, not an article")
    try:
        return raw.decode("utf-8-sig").replace("\r", " ")
    except UnicodeDecodeError as err:
        if fallback:
            try:
                return raw.decode(fallback).replace("\r", " ")
            except (UnicodeDecodeError, LookupError):
                pass
        line = raw.count(b"\n", 0, err.start) + 1
        raise ArticleError(
            f"{path}: not UTF-8 text (byte 0x{raw[err.start]:02X} at line {line})"
        ) from None


def _blank(s: str) -> str:
    """Spaces in place of every character but line breaks: hides text, keeps offsets."""
    return re.sub(r"[^\n]", " ", s)


# Photo-caption furniture: the words of a page's caption widgets, not of the story. Left
# in, they join the photographer's name ("Enlarge this image toggle caption Jane Doe").
# The credit itself ("Jane Doe/AP", "Photo: Jane Doe/Reuters") is kept: extract.py reads
# it as a credit.
_CAPTION_FURNITURE = re.compile(
    r"\b(?:enlarge this image|(?:toggle|hide|show) caption|(?:image|media|photo) caption"
    r"|image source|expand image|click to enlarge)\b[ \t]*[:,]?"
    r"|(?:(?<=/)|(?<=\bvia )|(?<=source, )|(?<=source: ))[ \t]*getty[ \t]+images\b",
    re.IGNORECASE,
)


def _blank_captions(text: str) -> str:
    """Caption furniture blanked to spaces (offsets unchanged)."""
    return _CAPTION_FURNITURE.sub(lambda m: _blank(m.group()), text)


def _is_boilerplate(line: str, boilerplate: Sequence[re.Pattern[str]]) -> bool:
    return bool(line.strip()) and any(p.search(line) for p in boilerplate)


def _blank_boilerplate(text: str, boilerplate: Sequence[re.Pattern[str]]) -> str:
    patterns = _line_patterns(text, boilerplate)
    lines = text.split("\n")
    return "\n".join(" " * len(ln) if _is_boilerplate(ln, patterns) else ln for ln in lines)


def _line_patterns(text: str, boilerplate: Sequence[re.Pattern[str]]) -> list[re.Pattern[str]]:
    """The patterns worth trying on each line of `text`, fewest first: the ones anchored
    at a line's start as one alternation, and of the others only those that one search
    of the whole text finds (most lines are long paragraphs, where a search per line per
    pattern is what costs)."""
    anchored = tuple(p.pattern for p in boilerplate if p.pattern.startswith("^"))
    loose = [p for p in boilerplate if not p.pattern.startswith("^")]
    if loose and not any(p.search(text) for p in _alternation(tuple(p.pattern for p in loose))):
        loose = []  # usual case: one search of the text for all of them
    return [*_alternation(anchored), *(p for p in loose if p.search(text))]


@lru_cache(maxsize=16)
def _alternation(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
    if not patterns:
        return []
    try:
        return [re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)]
    except re.error:  # a pattern that compiles only alone (a global inline flag)
        return [re.compile(p, re.IGNORECASE) for p in patterns]


# --------------------------------------------------------------------------- plain text


def _read_plain(path: str, text: str, boilerplate: Sequence[re.Pattern[str]]) -> Article:
    text = _blank_captions(_blank_boilerplate(text, boilerplate))
    head = _header_lines(text)
    return Article(
        path=path, text=text, date=find_date(head), title=_find_title(head),
        byline=_find_byline(head), anchors=None,
    )


# --------------------------------------------------------------------------- Markdown

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\n]|\([^()\n]*\))*\)")  # "[text](url)" -> "(url)"
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
_URL = re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>|\bhttps?://[^\s<>()\[\]]+")


def _read_markdown(path: str, text: str, boilerplate: Sequence[re.Pattern[str]]) -> Article:
    meta, text = _split_front_matter(path, text)
    for pattern in (_HTML_COMMENT, _LINK_TARGET, _LINK_DEFINITION, _URL):
        text = pattern.sub(lambda m: _blank(m.group()), text)
    text = _blank_captions(_blank_boilerplate(text, boilerplate))
    head = _header_lines(text)
    title = meta.get("title")
    byline = _names_from_field(meta)
    return Article(
        path=path,
        text=text,
        date=_front_matter_date(path, meta) or find_date(head),
        title=str(title).strip() if title is not None else _find_title(head, markdown=True),
        byline=byline or _find_byline(head),
        anchors=None,
    )


def _split_front_matter(path: str, text: str) -> tuple[dict[str, Any], str]:
    """Parse a leading `---` ... `---` YAML block; return it and the text with it blanked."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise ArticleError(f"{path}:1: bad front matter: no closing '---' line")
    block = "\n".join(lines[1:end])
    try:
        meta = _load_front_matter(path, block)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 2 if mark else 1  # the block starts on the file's line 2
        reason = (err.problem or err.context or "invalid YAML").strip()
        raise ArticleError(f"{path}:{line}: bad front matter: {reason}") from None
    except (yaml.YAMLError, ValueError, TypeError) as err:
        # ValueError: e.g. "date: 2024-13-45" fails in PyYAML's timestamp constructor
        reason = str(err).splitlines()[0] if str(err) else "invalid YAML"
        raise ArticleError(f"{path}:1: bad front matter: {reason}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ArticleError(f"{path}:2: bad front matter: expected 'key: value' lines")
    return meta, "\n".join([*_front_matter_text(lines[: end + 1]), *lines[end + 1 :]])


# The front matter's author field: the byline of a Markdown article. Its names stay in
# the text, as a byline, so a reporter credited there is checked as one credited in
# the body is ("author: Jane Doe" reads "By      Jane Doe", at the same offsets).
_AUTHOR_FIELD = re.compile(r"^(?:authors?|byline)[ \t]*:[ \t]*", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[ \t]*-[ \t]+")
_QUOTES_AND_BRACKETS = re.compile(r"[\"'\[\]]")


def _front_matter_text(lines: list[str]) -> list[str]:
    """The front matter's lines blanked, but for the names of its author field, which
    read as a byline (one per line for a list of authors)."""
    out: list[str] = []
    in_authors = False
    for ln in lines:
        field = _AUTHOR_FIELD.match(ln)
        item = _LIST_ITEM.match(ln) if in_authors else None
        if field:
            value = ln[field.end():]
            in_authors = not value.strip()
            out.append(_as_byline(ln, field.end()) if value.strip() and ":" not in value else _blank(ln))
        elif item and ":" not in ln:
            out.append(_as_byline(ln, item.end()))
        else:
            in_authors = in_authors and bool(item)
            out.append(_blank(ln))
    return out


def _as_byline(line: str, value_at: int) -> str:
    """The line with the field's value kept as a byline and all else blanked: "By"
    written over the key when the value does not start with it and there is room."""
    value = _QUOTES_AND_BRACKETS.sub(" ", line[value_at:])
    if re.match(r"\s*by\s", value, re.IGNORECASE) or value_at < 3:
        return " " * value_at + value
    return "By" + " " * (value_at - 2) + value


def _load_front_matter(path: str, block: str) -> Any:
    """The front matter's YAML, refused when it uses aliases: a few hundred bytes of
    nested aliases ("a billion laughs") stand for billions of values."""
    for event in yaml.parse(block, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 2 if event.start_mark else 1  # the block starts on line 2
            raise ArticleError(f"{path}:{line}: bad front matter: YAML aliases (*{event.anchor}) are not read")
    return yaml.safe_load(block)


def _front_matter_date(path: str, meta: dict[str, Any]) -> dt.date | None:
    value = meta.get("date")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        # A wrong date would silently change which role-holder a check expects.
        raise ArticleError(f"{path}: bad front matter: date {str(value)!r} is not a date")
    return parsed


def _names_from_field(meta: dict[str, Any]) -> tuple[str, ...]:
    names: list[str] = []
    for key in ("author", "authors", "byline"):
        value = meta.get(key)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                item = item.get("name")
            if isinstance(item, str):
                names.extend(_split_names(re.sub(r"^\s*by\s+", "", item, flags=re.I)))  # "By Jane Doe"
    return tuple(dict.fromkeys(names))


def _split_names(s: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", s.strip())
    return [p.strip() for p in parts if p.strip()]


# --------------------------------------------------------------------------- HTML


def _read_html(path: str, raw: bytes, boilerplate: Sequence[re.Pattern[str]]) -> Article:
    source = _decode(path, raw, fallback=_declared_charset(raw))
    lines = [ln.strip() for ln in _html_text_lines(source)]
    kept = _with_byline(source, [ln for ln in lines if ln and not _is_boilerplate(ln, boilerplate)])
    text, anchors = _anchor_lines(source, kept)
    text = _blank_captions(text)  # after anchoring: the lines are found in the source as they are
    meta = _html_metadata(source)
    head = _header_lines(text)
    return Article(
        path=path,
        text=text,
        date=parse_date(meta.get("date") or "") or find_date(head),
        title=meta.get("title") or _find_title(head),
        byline=_meta_authors(meta.get("author") or "") or _find_byline(head),
        anchors=tuple(anchors),
    )


def _with_byline(source: str, kept: list[str]) -> list[str]:
    """The extracted lines with the page's visible byline put back where it stands:
    trafilatura drops "By Jane Doe" as page furniture, but it is the story's credit."""
    if any(_byline_names(ln) for ln in kept[:_HEADER_LINES]):
        return kept
    visible = [ln for ln in _visible_text_lines(source) if ln]
    for i, line in enumerate(visible[:_BYLINE_SEARCH_LINES]):
        if _byline_names(line):
            after = set(visible[i + 1 :])
            at = next((k for k, ln in enumerate(kept) if ln in after), len(kept))
            return [*kept[:at], line, *kept[at:]]
    return kept


def _declared_charset(raw: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", raw[:4096], re.I)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _html_text_lines(source: str) -> list[str]:
    """Main text by trafilatura; visible text when it finds nothing (very short pages)."""
    try:
        import trafilatura

        extracted = trafilatura.extract(
            source, include_comments=False, include_tables=False, favor_precision=True,
            output_format="txt", with_metadata=False,
        )
    except Exception:  # trafilatura must never turn a bad page into a crash
        extracted = None
    if extracted and extracted.strip():
        return extracted.split("\n")
    return _visible_text_lines(source)


def _html_metadata(source: str) -> dict[str, str]:
    try:
        import trafilatura

        # extensive=False: dates from meta tags and markup only, not guessed from the body
        doc = trafilatura.extract_metadata(source, extensive=False)
    except Exception:
        return {}
    if doc is None:
        return {}
    author = (doc.author or "").replace(";", ",")  # trafilatura joins authors with "; "
    return {"title": doc.title or "", "date": doc.date or "", "author": author}


def _meta_authors(author: str) -> tuple[str, ...]:
    # page metadata often says "Staff Reporter" or the agency: not people
    names = [n for n in _split_names(author) if not {w.lower() for w in n.split()} & _NOT_NAMES]
    return tuple(dict.fromkeys(names))


class _VisibleText(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg"})
    _BLOCK = frozenset({
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
        "th", "table", "section", "article", "header", "footer", "blockquote", "pre", "hr",
        "dd", "dt", "figcaption", "main", "nav", "aside", "form", "body",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.skipping = 0  # an unclosed <head> must not hide the whole page
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _visible_text_lines(source: str) -> list[str]:
    parser = _VisibleText()
    try:
        parser.feed(source)
        parser.close()
    except Exception:  # html.parser is lenient; this is only a last guard
        pass
    return [" ".join(ln.split()) for ln in "".join(parser.parts).split("\n")]


# Mapping extracted lines back to the HTML source. Each line is split into tokens (runs of
# non-space), and the tokens are found in the source in order: between tokens the source may
# have any whitespace, &nbsp; or tags; inside a token, tags and character references
# (&amp;, &#8217;...). Every token that does not sit where the previous anchor predicts gets
# its own anchor, so the start of every word (and so of every name) maps exactly. Columns
# *inside* a token are approximate when the source splits it with a tag or an entity
# ("<b>Kowal</b>czyk", "AT&amp;T"): offsets after that point inside the token are off by the
# markup's length. Lines that cannot be found are anchored at the line where the previous
# match ended, column 1.

_SEP = r"(?:\s|&nbsp;|&#0*160;|(?i:&#x0*a0;)|<[^>]*>)+"
_TAGS = r"(?:<[^>]*>)*"
_INVISIBLE = re.compile(
    r"<(script|style|head|title|noscript|template|textarea)\b.*?</\1\s*>|<!--.*?-->",
    re.I | re.S,
)


@lru_cache(maxsize=8192)
def _char_pattern(ch: str) -> str:
    forms = [re.escape(ch)]
    if not ch.isalnum():
        cp = ord(ch)
        forms += [f"&#0*{cp};", f"(?i:&#x0*{cp:x};)"]
        name = html.entities.codepoint2name.get(cp)
        if name:
            forms.append(f"&{name};")
        if ch == "'":
            forms.append("&apos;")
    return forms[0] if len(forms) == 1 else "(?:" + "|".join(forms) + ")"


@lru_cache(maxsize=8192)
def _token_pattern(token: str) -> str:
    # a token starting with a letter must not match the tail of a longer word
    guard = r"(?<!\w)" if token[0].isalnum() else ""
    return guard + _TAGS.join(_char_pattern(ch) for ch in token)


@lru_cache(maxsize=4096)
def _start_regex(tokens: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_SEP.join(f"({_token_pattern(t)})" for t in tokens))


@lru_cache(maxsize=8192)
def _next_regex(token: str) -> re.Pattern[str]:
    return re.compile(f"{_SEP}({_token_pattern(token)})")


@lru_cache(maxsize=8192)
def _token_regex(token: str) -> re.Pattern[str]:
    return re.compile(f"({_token_pattern(token)})")


class _Source:
    """The HTML source with invisible parts (head, scripts, comments) masked for searching."""

    def __init__(self, source: str) -> None:
        self.masked = _INVISIBLE.sub(lambda m: _blank(m.group()), source)
        body = re.search(r"<body\b", self.masked, re.I)
        self.start = body.start() if body else 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def where(self, index: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, index) - 1
        return i + 1, index - self.line_starts[i] + 1

    def search(self, rx: re.Pattern[str], pos: int, endpos: int | None = None) -> re.Match[str] | None:
        """First match at or after pos that is text, not inside a tag's attributes."""
        end = len(self.masked) if endpos is None else min(endpos, len(self.masked))
        while True:
            m = rx.search(self.masked, pos, end)
            if m is None or not self._inside_tag(m.start()):
                return m
            pos = m.start() + 1

    def _inside_tag(self, i: int) -> bool:
        return self.masked.rfind("<", 0, i) > self.masked.rfind(">", 0, i)


def _anchor_lines(source: str, lines: list[str]) -> tuple[str, list[Anchor]]:
    src = _Source(source)
    anchors: list[Anchor] = []
    pos = src.start
    offset = 0
    for line in lines:
        pairs, new_pos = _locate_line(src, line, pos)
        if pairs:
            _add_anchors(anchors, src, offset, pairs)
            pos = new_pos
        else:
            ln, _ = src.where(pos)
            anchors.append(Anchor(offset, ln, 1))
        offset += len(line) + len(_PARAGRAPH_BREAK)
    return _PARAGRAPH_BREAK.join(lines), anchors


# Extracted lines are a page's paragraphs and headings: a blank line between them, as in
# a text file, so the model never reads a heading and the paragraph after it as one
# sentence ("Legend Carles Ray Carles").
_PARAGRAPH_BREAK = "\n\n"


def _add_anchors(anchors: list[Anchor], src: _Source, line_offset: int,
                 pairs: list[tuple[int, int]]) -> None:
    for i, (in_line, index) in enumerate(pairs):
        offset = line_offset + in_line
        ln, col = src.where(index)
        prev = anchors[-1] if anchors else None
        predicted = prev is not None and prev.line == ln and prev.column + offset - prev.offset == col
        if i == 0 or not predicted:  # one anchor per line, more only where the map jumps
            anchors.append(Anchor(offset, ln, col))


def _locate_line(src: _Source, line: str, pos: int) -> tuple[list[tuple[int, int]], int]:
    """(offset in line, index in source) for each token found, and where to search next."""
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", line)]
    # trafilatura writes list items as "- item": such markers are not in the source
    while tokens and not any(ch.isalnum() for ch in tokens[0][1]):
        tokens.pop(0)
    if not tokens:
        return [], pos
    pairs, cur = _locate_start(src, tokens, pos)
    if not pairs:
        return [], pos
    for in_line, token in tokens[len(pairs):]:
        m = _next_regex(token).match(src.masked, cur)
        if m is None:  # something in between did not match: look a little further on
            m = src.search(_token_regex(token), cur, cur + 500)
        if m is not None:
            pairs.append((in_line, m.start(1)))
            cur = m.end()
        else:
            pairs.append((in_line, -1))  # placeholder: keeps token order, dropped below
    return [(i, s) for i, s in pairs if s >= 0], cur


def _locate_start(src: _Source, tokens: list[tuple[int, str]],
                  pos: int) -> tuple[list[tuple[int, int]], int]:
    """Find the line's first few tokens together (fewer if that fails) from pos onward."""
    for k in dict.fromkeys((min(6, len(tokens)), min(3, len(tokens)), 1)):
        m = src.search(_start_regex(tuple(t for _, t in tokens[:k])), pos)
        if m is not None:
            return [(tokens[g][0], m.start(g + 1)) for g in range(k)], m.end()
    return [], pos


# --------------------------------------------------------------------------- header fields

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:\s*(?:[,|/@•·–-]|at)?\s*\d{1,2}[:.]\d{2}.{0,40})?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MON = r"(?P<mon>[a-z]{3,9})\.?"
_DATE_FORMS = tuple(re.compile(p, re.I) for p in (
    rf"{_YEAR}-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:[T ]\d{{1,2}}:\d{{2}}.{{0,40}})?",
    rf"{_WEEKDAY}{_MON}\s+{_DAY},?\s+{_YEAR}{_TIME}",
    rf"{_WEEKDAY}{_DAY}\s+{_MON},?\s+{_YEAR}{_TIME}",
))
_DATE_LABEL = re.compile(
    r"^\s*(?:date|dated|published|posted|first published)(?: on)?\s*[:–-]?\s*(?P<rest>.+)$",
    re.I,
)
# "WASHINGTON, Jan 5, 2012 (Reuters) -"; a dateline without a year gives no date
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’ ]{1,30})?,\s+"
    r"(?P<date>[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})\s*(?:\([^()]{2,30}\)\s*)?[-–—]"
)


def parse_date(s: str) -> dt.date | None:
    """A date written on its own: "2024-05-04", "May 4, 2024", "Saturday, 4 May 2024 10:30"."""
    s = s.strip()
    for rx in _DATE_FORMS:
        m = rx.fullmatch(s)
        if m is None:
            continue
        groups = m.groupdict()
        month = int(groups["month"]) if groups.get("month") else _MONTHS.get(groups["mon"].lower())
        if month is None:
            continue
        try:
            return dt.date(int(m["year"]), month, int(m["day"]))
        except ValueError:
            continue
    return None


def find_date(head: Sequence[str]) -> dt.date | None:
    """Date from a "Date:" line, a line that is only a date, or a dateline with a year.

    Only the header lines are searched: a date deep in the body is about something else.
    """
    for line in head:
        label = _DATE_LABEL.match(line)
        if label and (found := parse_date(label["rest"].split("|")[0])):
            return found
        if found := parse_date(line):
            return found
        dateline = _DATELINE.match(line)
        if dateline and (found := parse_date(dateline["date"])):
            return found
    return None


def _header_lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line.strip())
            if len(lines) == _HEADER_LINES:
                break
    return lines


def _is_date_line(line: str) -> bool:
    label = _DATE_LABEL.match(line)
    return parse_date(line) is not None or bool(label and parse_date(label["rest"].split("|")[0]))


def _find_title(head: Sequence[str], markdown: bool = False) -> str | None:
    for line in head:
        if _is_date_line(line) or _byline_names(line):
            continue
        if markdown:
            line = line.strip("#").strip()
        return line if line and len(line) < _MAX_TITLE else None
    return None


_BYLINE = re.compile(r"^(?:By|BY)\s+(?P<names>.{3,150})$")
# a byline run into the dateline: "By Ana Ruiz LIMA (Reuters) - ..." (one-line articles)
_DATELINE_AFTER_BYLINE = re.compile(r"\s+[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*,?\s*\(")
_NAME_WORD = (
    r"(?:(?:al|el|ad|ud|bin|ibn)-)?[A-Z][\w'’.-]*"  # "Asma al-Sharif"
    r"|de|da|van|von|der|den|del|della|di|du|la|le|al|el|bin|ibn"
)
_NAME = re.compile(rf"(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD})){{1,4}}")
_NOT_NAMES = {"staff", "reporter", "correspondent", "editor", "desk", "news", "agency",
              "reuters", "press", "bureau", "team", "writer", "service"}


def _byline_names(line: str) -> tuple[str, ...]:
    line = _DATELINE_AFTER_BYLINE.split(line.strip().strip("*_ "), maxsplit=1)[0]
    m = _BYLINE.match(line)
    if not m:
        return ()
    # "By Ana Ruiz in Lima | Reuters": the names end where place, agency or role begins
    names = re.split(r"\s+(?:in|for)\s+|\s*[|(–—]\s*|\s+-\s+", m["names"])[0]
    kept = [
        n for n in _split_names(names)
        if _NAME.fullmatch(n) and not {w.lower() for w in n.split()} & _NOT_NAMES
    ]
    return tuple(kept)


def _find_byline(head: Sequence[str]) -> tuple[str, ...]:
    for line in head:
        if names := _byline_names(line):
            return names
    return ()
