"""Blanking to spaces what is not the story (boilerplate lines, photo-caption furniture,
copydesk-disable markers), so offsets in the text stay offsets in the file."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from copydesk.model import Article
from copydesk.suppress import find_markers, suppressions


def compile_boilerplate(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    """Compile boilerplate regexes the way the rules are meant: case-insensitive."""
    return [re.compile(p, re.IGNORECASE) for p in patterns]


def with_markers(article: Article, source: str, keeps_offsets: bool) -> Article:
    """The article with its copydesk-disable markers read from the file's `source`; with
    `keeps_offsets` (the text is the file's, character for character), the markers are
    blanked: hidden from extraction."""
    markers, problems = find_markers(source, article.path)
    if not markers:
        return article  # (a marker with problems is still a marker)
    text = article.text
    if keeps_offsets:
        for mk in markers:
            text = text[: mk.start] + blank(text[mk.start : mk.end]) + text[mk.end :]
    return dataclasses.replace(article, text=text, suppressions=suppressions(markers), warnings=tuple(problems))


def blank(s: str) -> str:
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


def blank_captions(text: str) -> str:
    """Caption furniture blanked to spaces (offsets unchanged)."""
    return _CAPTION_FURNITURE.sub(lambda m: blank(m.group()), text)


def is_boilerplate(line: str, boilerplate: Sequence[re.Pattern[str]]) -> bool:
    return bool(line.strip()) and any(p.search(line) for p in boilerplate)


def blank_boilerplate(text: str, boilerplate: Sequence[re.Pattern[str]]) -> str:
    patterns = _line_patterns(text, boilerplate)
    lines = text.split("\n")
    return "\n".join(" " * len(ln) if is_boilerplate(ln, patterns) else ln for ln in lines)


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
