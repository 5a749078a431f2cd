"""The HTML reader: the page's main text by trafilatura (its visible text when that finds
nothing), its metadata, and anchors mapping the text back to the file's lines."""
from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from html.parser import HTMLParser

from copydesk.model import Article

from .anchors import anchor_lines
from .blank import blank_captions, is_boilerplate
from .decode import decode
from .header import (
    HEADER_LINES,
    NOT_NAMES,
    byline_names,
    find_byline,
    find_date,
    find_title,
    header_lines,
    parse_date,
    split_names,
)

_BYLINE_SEARCH_LINES = 40  # a page's visible lines (navigation included) searched for its byline


def read_html(path: str, raw: bytes, boilerplate: Sequence[re.Pattern[str]]) -> Article:
    source = decode(path, raw, fallback=_declared_charset(raw))
    lines = [ln.strip() for ln in _html_text_lines(source)]
    kept = _with_byline(source, [ln for ln in lines if ln and not is_boilerplate(ln, boilerplate)])
    text, anchors = anchor_lines(source, kept)
    text = blank_captions(text)  # after anchoring: the lines are found in the source as they are
    meta = _html_metadata(source)
    head = header_lines(text)
    return Article(
        path=path,
        text=text,
        date=parse_date(meta.get("date") or "") or find_date(head),
        title=meta.get("title") or find_title(head),
        byline=_meta_authors(meta.get("author") or "") or find_byline(head),
        anchors=tuple(anchors),
    )



def _with_byline(source: str, kept: list[str]) -> list[str]:
    """The extracted lines with the page's visible byline put back where it stands:
    trafilatura drops "By Jane Doe" as page furniture, but it is the story's credit."""
    if any(byline_names(ln) for ln in kept[:HEADER_LINES]):
        return kept
    visible = [ln for ln in _visible_text_lines(source) if ln]
    for i, line in enumerate(visible[:_BYLINE_SEARCH_LINES]):
        if byline_names(line):
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
    except Exception:  # noqa: BLE001 - trafilatura must never turn a bad page into a crash
        extracted = None
    if extracted and extracted.strip():
        return extracted.split("\n")
    return _visible_text_lines(source)


def _html_metadata(source: str) -> dict[str, str]:
    try:
        import trafilatura

        # extensive=False: dates from meta tags and markup only, not guessed from the body
        doc = trafilatura.extract_metadata(source, extensive=False)
    except Exception:  # noqa: BLE001 - a page whose metadata trafilatura fails on is read without it
        return {}
    if doc is None:
        return {}
    author = (doc.author or "").replace(";", ",")  # trafilatura joins authors with "; "
    return {"title": doc.title or "", "date": doc.date or "", "author": author}


def _meta_authors(author: str) -> tuple[str, ...]:
    # page metadata often says "Staff Reporter" or the agency: not people
    names = [n for n in split_names(author) if not {w.lower() for w in n.split()} & NOT_NAMES]
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
    except Exception:  # noqa: BLE001 - html.parser is lenient; this is only a last guard
        pass
    return [" ".join(ln.split()) for ln in "".join(parser.parts).split("\n")]
