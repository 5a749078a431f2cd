"""The Markdown reader: YAML front matter (title, date, authors) read and blanked, link
targets, URLs and HTML comments blanked."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import yaml

from copydesk.model import Article

from .blank import blank, blank_boilerplate, blank_captions
from .errors import ArticleError
from .header import find_byline, find_date, find_title, header_lines, parse_date, split_names

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\n]|\([^()\n]*\))*\)")  # "[text](url)" -> "(url)"
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
_URL = re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>|\bhttps?://[^\s<>()\[\]]+")


def read_markdown(path: str, text: str, boilerplate: Sequence[re.Pattern[str]]) -> Article:
    meta, text = _split_front_matter(path, text)
    for pattern in (_HTML_COMMENT, _LINK_TARGET, _LINK_DEFINITION, _URL):
        text = pattern.sub(lambda m: blank(m.group()), text)
    text = blank_captions(blank_boilerplate(text, boilerplate))
    head = header_lines(text)
    title = meta.get("title")
    byline = _names_from_field(meta)
    return Article(
        path=path,
        text=text,
        date=_front_matter_date(path, meta) or find_date(head),
        title=str(title).strip() if title is not None else find_title(head, markdown=True),
        byline=byline or find_byline(head),
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
    head = _front_matter_text(lines[: end + 1])
    if isinstance(title := meta.get("title"), str) and not _repeated(title, lines[end + 1 :]):
        head = _with_title(head, lines[: end + 1])
    return meta, "\n".join([*head, *lines[end + 1 :]])


# The front matter's author field: the byline of a Markdown article. Its names stay in
# the text, as a byline, so a reporter credited there is checked as one credited in
# the body is ("author: Jane Doe" reads "By      Jane Doe", at the same offsets).
_AUTHOR_FIELD = re.compile(r"^(?:authors?|byline)[ \t]*:[ \t]*", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[ \t]*-[ \t]+")
_QUOTES_AND_BRACKETS = re.compile(r"[\"'\[\]]")


def _load_front_matter(path: str, block: str) -> Any:
    """The front matter's YAML, refused when it uses aliases: a few hundred bytes of
    nested aliases ("a billion laughs") stand for billions of values."""
    for event in yaml.parse(block, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 2 if event.start_mark else 1  # the block starts on line 2
            raise ArticleError(f"{path}:{line}: bad front matter: YAML aliases (*{event.anchor}) are not read")
    return yaml.safe_load(block)


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
            out.append(_as_byline(ln, field.end()) if value.strip() and ":" not in value else blank(ln))
        elif item and ":" not in ln:
            out.append(_as_byline(ln, item.end()))
        else:
            in_authors = in_authors and bool(item)
            out.append(blank(ln))
    return out


_TITLE_FIELD = re.compile(r"^title[ \t]*:[ \t]*(?=\S)", re.IGNORECASE)
_HEADING_MARKS = re.compile(r"^[ \t]*#*[ \t]*")


def _repeated(title: str, body: list[str]) -> bool:
    """Does the body open with the title (as a heading or a line of its own)?"""
    first = next((line for line in body if line.strip()), "")
    return _HEADING_MARKS.sub("", first).strip().casefold() == title.strip().casefold()


def _with_title(head: list[str], lines: list[str]) -> list[str]:
    """The blanked front matter with its one-line title kept where it is, quotes blanked:
    a headline the body does not repeat is published, and read, from there."""
    out = list(head)
    for i, line in enumerate(lines):
        if field := _TITLE_FIELD.match(line):
            out[i] = " " * field.end() + _QUOTES_AND_BRACKETS.sub(" ", line[field.end():])
            break
    return out


def _as_byline(line: str, value_at: int) -> str:
    """The line with the field's value kept as a byline and all else blanked: "By"
    written over the key when the value does not start with it and there is room."""
    value = _QUOTES_AND_BRACKETS.sub(" ", line[value_at:])
    if re.match(r"\s*by\s", value, re.IGNORECASE) or value_at < 3:
        return " " * value_at + value
    return "By" + " " * (value_at - 2) + value


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
                names.extend(split_names(re.sub(r"^\s*by\s+", "", item, flags=re.I)))  # "By Jane Doe"
    return tuple(dict.fromkeys(names))
