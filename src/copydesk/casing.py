"""Headline casing: what the model sees of Title Case and ALL CAPS lines.

Archives repeat the headline as the first line, often in Title Case ("Senator Vows To
Fight Tax Plan, Blames Kowalski Allies"), and subheads and scraped titles come in
capitals. Read so, the model takes runs of capitalised words for names ("Blames
Kowalski"), which then look like other spellings of real people. The model is given
those lines in sentence case instead: a word is lower-cased when the rest of the article
writes it in lower case, or, when the article does not write it at all, when it is a
common English word (wordfreq); names keep their capital. Only letters change case, and
only where that keeps the text's length, so every offset still points into the file.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

# Words Title Case leaves in lower case; they say nothing about the line's casing.
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "per", "the", "to", "up", "via", "vs", "with"]
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_BYLINE = re.compile(r"(?i:by)\s")  # "By Ana Ruiz and Jan Nowak": names, not a headline
_HEADING_MARK = re.compile(r"^[ \t]{0,3}#{1,6}(?=[ \t])", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?:;\"“”‘'(\[—–-]\s*$")
# A subhead set in capitals on its paragraph's line, as flattened wire copy keeps it ('...
# he said. PASSING THE BATON Tarjei Brensholm, an economist'): two words in capitals or more
# after a sentence's end, before a word in sentence case.
_INLINE_SUBHEAD = re.compile(r"(?<=[.!?\"”] )(?:[A-Z][A-Z'&-]+ )+[A-Z][A-Z'&-]+ (?=[A-Z][a-z])")
# A broadcast transcript's speaker label in capitals, opening its line: "JANE DOE, BYLINE:",
# "SENATOR JANE DOE:". Two words or more ("NOTE:" is none), a role after a comma.
_SPEAKER_LABEL = re.compile(
    r"^[ \t]*[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]*){1,4}(?:,[ \t]*[A-Z]+(?:[ \t]+[A-Z]+)?)?(?=[ \t]*:)", re.MULTILINE
)
MODEL_TEXT_VERSION = 5  # raise when what the model reads changes: cached extractions go
MIN_HEADLINE_WORDS = 4  # "Jane Doe" alone on a line is an author box, not a headline
MIN_FIRST_LINE_WORDS = 3  # the article's first line, a headline's place
MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 300
MIN_ORDINARY = 2  # capitalised words of a headline that are ordinary words
COMMON_ZIPF = 3.0  # wordfreq's Zipf scale: 3 is once per million words ("senator" 4.3)


def model_text(text: str) -> str:
    """`text` with its Title Case and ALL CAPS lines in sentence case, Markdown's heading
    marks as spaces (the model takes "# Tax" for a name), a transcript's speaker labels
    as names are written ("JANE DOE, BYLINE:" is no name to the model), and a subhead in
    capitals run into its paragraph as a paragraph break (the model reads the capitals
    on into the name after them, and loses it: "PASSING THE BATON Tarjei Brensholm");
    same length."""
    text = _HEADING_MARK.sub(lambda m: " " * len(m.group()), text)
    text = _SPEAKER_LABEL.sub(lambda m: _capitalised(m.group()), text)
    text = _INLINE_SUBHEAD.sub(lambda m: " " * (len(m.group()) - 2) + "\n\n", text)
    lines = text.split("\n")
    shouted = shouted_lines(lines)
    if not shouted:
        return text
    body = _body_casings([line for i, line in enumerate(lines) if i not in shouted])
    for i in sorted(shouted):
        if _headline(lines[i], body):
            lines[i] = _sentence_case(lines[i], body)
    return "\n".join(lines)


def _capitalised(label: str) -> str:
    """"JANE DOE, BYLINE" -> "Jane Doe, Byline": a name as the model knows names."""
    return re.sub(r"[A-Z][A-Z'’.-]*", lambda m: m.group()[0] + m.group()[1:].lower(), label)


def shouted_lines(lines: list[str]) -> set[int]:
    """Which of an article's lines are headline-like (is_shouted), the first line with
    words counted as a headline's there (`first`)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), -1)
    return {i for i, line in enumerate(lines) if is_shouted(line, first=i == first)}


def is_shouted(line: str, first: bool = False) -> bool:
    """A headline-like line in Title Case or capitals: short, no full stop at its end,
    and every word that is not a small word starts with a capital. The article's `first`
    line, where archives repeat the headline, may be shorter ("German Economy Rebounds",
    "McLeish Ready for Criticism"): a headline's place is evidence a line elsewhere lacks."""
    if len(line) > MAX_HEADLINE_CHARS:
        return False  # a paragraph (most lines): not scanned word by word
    stripped = line.strip().lstrip("#").strip()
    if not stripped or stripped.endswith((".", ",")) or _BYLINE.match(stripped):
        return False
    words = _WORD.findall(stripped)
    least = MIN_FIRST_LINE_WORDS if first else MIN_HEADLINE_WORDS
    if not least <= len(words) <= MAX_HEADLINE_WORDS:
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(big) < least - 1 or not all(w[0].isupper() for w in big):
        return False
    # words after the first that could be lower-case: a sentence-case line has none capitalised
    return sum(1 for w in words[1:] if w[0].isupper()) >= least - 1


class _Body(NamedTuple):
    """How an article writes its words outside its headlines."""

    forms: dict[str, Counter[str]]  # lower-case form -> the forms written mid-sentence
    stems: frozenset[str]  # stems of the words written in lower case ("oust" of "ousted")


def _headline(line: str, body: _Body) -> bool:
    """A shouted line is a headline when the article writes at least one of its
    capitalised words in lower case, and MIN_ORDINARY of them are ordinary words (so
    written, or common); a line of names ("Ana Ruiz, Jan Nowak") is none."""
    capitalised = [w for w in _WORD.findall(line)[1:] if w[0].isupper()]
    written = sum(1 for w in capitalised if _form(w, body, guess=False).islower())
    guessed = sum(1 for w in capitalised if _form(w, body).islower())
    return written >= 1 and guessed >= MIN_ORDINARY


def _body_casings(lines: list[str]) -> _Body:
    """How the article writes each word outside its headlines, by lower-case form;
    a word starting a sentence or a line says nothing about its casing, unless it is in
    capitals ("NATO") and the article has it nowhere else."""
    seen: dict[str, Counter[str]] = {}
    capitals: dict[str, Counter[str]] = {}
    for line in lines:
        for m in _WORD.finditer(line):
            before = line[: m.start()]
            word = m.group()
            if before.strip() and not _SENTENCE_END.search(before):
                seen.setdefault(word.lower(), Counter())[word] += 1
            elif word.isupper() and len(word) > 1:
                capitals.setdefault(word.lower(), Counter())[word] += 1
    stems = frozenset(_stem(w) for w, forms in seen.items() if w in forms)
    return _Body({**capitals, **seen}, stems)


def _stem(word: str) -> str:
    """"deepens" -> "deepen", "ousted" -> "oust": enough to match a headline's verb with
    the body's, or with a common word."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _sentence_case(line: str, body: _Body) -> str:
    out = list(line)
    first = True
    for m in _WORD.finditer(line):
        word = m.group()
        form = _form(word, body)
        if first:
            form = form[:1].upper() + form[1:]
            first = False
        if len(form) == len(word) and form != word:
            out[m.start() : m.end()] = form
    return "".join(out)


def _form(word: str, body: _Body, guess: bool = True) -> str:
    """How `word` is written in running text: as the article writes it elsewhere, else
    lower case for a word whose stem the article writes in lower case, or (with `guess`)
    for a common word, else a name's capital (also for one in capitals)."""
    lower = word.lower()
    if lower in body.forms:
        return body.forms[lower].most_common(1)[0][0]
    if lower.endswith(("'s", "’s")) and len(word) > 2:  # "Brenneck's": as "Brenneck"
        return _form(word[:-2], body, guess) + word[-2:]
    if lower in _SMALL_WORDS or _stem(lower) in body.stems:
        return lower
    if guess and any(_common(base) for base in (lower, _stem(lower), _stem(lower) + "e")):
        return lower  # "fumbled": "fumble"
    if word.isupper() and len(word) > 3:
        return word[0] + word[1:].lower()  # "KOWALSKI": a name; "NATO", "US" stay
    return word


@lru_cache(maxsize=65536)
def _common(word: str) -> bool:
    from .word_frequency import zipf_frequency

    return zipf_frequency(word, "en") >= COMMON_ZIPF
