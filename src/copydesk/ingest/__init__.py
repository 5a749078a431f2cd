"""Find article files and read them into `Article`s.

Three readers, chosen by suffix: plain text (also any unknown suffix), Markdown and HTML.
Plain text and Markdown keep the file's own characters, with front matter and boilerplate
blanked to spaces, so an offset in `Article.text` is an offset in the file. HTML is reduced
to its main text, and `Article.anchors` maps that text back to lines and columns of the file.
Every problem with an input file is raised as `ArticleError` with a one-line message.

One module per job: files (finding them, symbolic-link safety), read, decode, markdown,
html_page and anchors (reading each format), header (dates, titles, bylines), blank
(boilerplate, captions, suppression markers). The boilerplate patterns themselves are
data: rules/boilerplate.yaml.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Finding files needs no reader: these come at once. The readers pull in the rules
# (pydantic, YAML), so they are imported when first asked for: `copydesk check --staged`
# through a server lists the staged articles without paying for them (cli/remote.py).
from .errors import ArticleError
from .files import ARTICLE_SUFFIXES, discover, file_identity, leads_outside

if TYPE_CHECKING:
    from .anchors import _SEP as _SEP, _TAGS as _TAGS  # fix (issue 14) imports them
    from .blank import compile_boilerplate
    from .decode import MAX_ARTICLE_BYTES
    from .header import find_date, parse_date
    from .html_page import _declared_charset as _declared_charset  # fix (issue 14) imports it
    from .read import article_from_bytes, checked_language, read_article, read_checked

# where each reader's name is defined
_LAZY = {
    "_SEP": "anchors",
    "_TAGS": "anchors",
    "compile_boilerplate": "blank",
    "MAX_ARTICLE_BYTES": "decode",
    "find_date": "header",
    "parse_date": "header",
    "_declared_charset": "html_page",
    "article_from_bytes": "read",
    "checked_language": "read",
    "read_article": "read",
    "read_checked": "read",
}


def __getattr__(name: str) -> Any:
    """The readers' names, imported on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # written out, not by name, so the import contract (tests/test_layers.py) sees them
    from . import anchors, blank, decode, header, html_page, read

    modules = {"anchors": anchors, "blank": blank, "decode": decode, "header": header, "html_page": html_page, "read": read}
    value = getattr(modules[_LAZY[name]], name)
    globals()[name] = value
    return value


__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "ArticleError",
    "article_from_bytes",
    "checked_language",
    "compile_boilerplate",
    "discover",
    "file_identity",
    "find_date",
    "leads_outside",
    "parse_date",
    "read_article",
    "read_checked",
]
