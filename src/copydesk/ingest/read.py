"""Reading one article file with the reader its suffix calls for: plain text (also any
unknown suffix), Markdown or HTML."""
from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from copydesk.language import foreign
from copydesk.model import Article

from .blank import blank_boilerplate, blank_captions, with_markers
from .decode import MAX_ARTICLE_BYTES, decode, read_bytes
from .errors import ArticleError
from .header import find_byline, find_date, find_title, header_lines
from .html_page import read_html
from .markdown import read_markdown

if TYPE_CHECKING:
    from copydesk.rules import RuleSet

_MARKDOWN_SUFFIXES = (".md", ".markdown")
_HTML_SUFFIXES = (".html", ".htm")


def read_checked(path: str, rules: RuleSet) -> Article:
    """read_article with the rules' settings; an article in a language the rules do not
    check (settings.languages) is skipped too: the model would take its words for names."""
    return checked_language(read_article(path, rules.boilerplate, rules.settings.max_article_bytes), rules)


def checked_language(article: Article, rules: RuleSet) -> Article:
    """`article`, unless it is in a language the rules do not check (ArticleError)."""
    path = article.path
    settings = rules.settings
    if why := foreign(article.text, settings.languages, settings.language_confidence):
        raise ArticleError(f"{path}: {why}")
    return article


def read_article(
    path: str, boilerplate: Sequence[re.Pattern[str]], max_bytes: int = MAX_ARTICLE_BYTES
) -> Article:
    """Read one file with the reader its suffix calls for; bad input raises ArticleError."""
    return article_from_bytes(path, read_bytes(path, max_bytes), boilerplate)


def article_from_bytes(path: str, raw: bytes, boilerplate: Sequence[re.Pattern[str]]) -> Article:
    """An article from the bytes of a file named `path` (read from disk, or sent to the
    server): the reader is the one its suffix calls for."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in _HTML_SUFFIXES:
        article = read_html(path, raw, boilerplate)
        article = with_markers(article, raw.decode("utf-8", errors="replace"), keeps_offsets=False)
    else:
        text = decode(path, raw)
        read = read_markdown if suffix in _MARKDOWN_SUFFIXES else _read_plain
        article = with_markers(read(path, text, boilerplate), text, keeps_offsets=True)
    if not article.text.strip():
        # read, and nothing to check: said once, so an empty file is not taken for a checked one
        return dataclasses.replace(article, warnings=(*article.warnings, f"{path}: no text to check"))
    return article


def _read_plain(path: str, text: str, boilerplate: Sequence[re.Pattern[str]]) -> Article:
    text = blank_captions(blank_boilerplate(text, boilerplate))
    head = header_lines(text)
    return Article(
        path=path, text=text, date=find_date(head), title=find_title(head),
        byline=find_byline(head), anchors=None,
    )
