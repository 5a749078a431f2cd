"""Anchors from the text extracted from an HTML page back to lines and columns of the file."""
from __future__ import annotations

import bisect
import html
import html.entities
import re
from functools import lru_cache

from copydesk.model import Anchor

from .blank import blank

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
        self.masked = _INVISIBLE.sub(lambda m: blank(m.group()), source)
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


def anchor_lines(source: str, lines: list[str]) -> tuple[str, list[Anchor]]:
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
