"""Where a person is said to work: an organisation stated next to the name, in an
apposition ("Ann Ode, an analyst at Vexbank") or before it as a title ("Vexbank analyst
Ann Ode"), and the titles the person is given ("Home Secretary Ann Ode").

Two spellings a letter apart whose articles both say where the person works, and never
the same place, are likely two people (resolve weighs it). Only these tight forms count:
a bare organisation somewhere near the name ("Ann Ode told Vexbank") says nothing."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .model import CREDIT_SOURCES, Mention
from .normalize import name_key

# Between a name and the organisation after it: a comma, then a few lower-case words of
# a description ("an analyst at", "general counsel of derivatives industry body", "a
# former"). A verb or a clause word there means the sentence went on.
_AFTER = re.compile(r",\s+((?:[a-z][\w'-]*\s+){1,8})")
# Between an organisation and the name after it: its possessive, then one to three
# lower-case words of a job ("analyst", "'s chief economist").
_BEFORE = re.compile(r"(?:'s?)?\s+(?:[a-z][\w-]*\s+){1,3}")
# Between an organisation of a description and the next ("at", "of the"): its parent.
_NESTED = re.compile(r"(?:'s?)?\s+(?:[a-z][\w'-]*\s+){1,3}")
_CLAUSE_WORDS = frozenset(
    "who whom whose which that and or but nor said says say told tells added adding when while where as "
    "because if since after before than is was are were be been has had have will would could should may "
    "might can did does do not also then".split()
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ARTICLES = frozenset({"a", "an", "the"})
_LINKS = frozenset({"at", "of", "for", "from"})
# Words too general to tell two organisations or titles apart.
_GENERAL = frozenset("of the and for in on at to a an".split())


Statement = tuple[str, tuple[str, ...]]  # ("org" or "title", its words)
# An organisation mention's source when it is stated as the person's: of the name just
# before it ("Ann Ode, an analyst at Vexbank") or just after it ("Vexbank analyst Ann Ode").
OF_NAME_BEFORE = "of-name-before"
OF_NAME_AFTER = "of-name-after"


def mark(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """`mentions` (sorted by start) with each organisation stated as a neighbouring
    person's workplace given the source saying whose (extraction sees the text between;
    resolve sees only mentions)."""
    out = list(mentions)
    for i, m in enumerate(out):
        if m.label != "ORG":
            continue
        before = out[i - 1] if i > 0 else None
        after = out[i + 1] if i + 1 < len(out) else None
        if _person(before) and _described_by(text[before.end : m.start]):  # type: ignore[union-attr]
            out[i] = replace(m, source=OF_NAME_BEFORE)
        elif before is not None and before.source == OF_NAME_BEFORE and _part_of(text[before.end : m.start]):
            out[i] = replace(m, source=OF_NAME_BEFORE)  # "deputy director of the Vex Institute at Korran University"
        elif _person(after) and _titled_by(text[m.end : after.start]):  # type: ignore[union-attr]
            out[i] = replace(m, source=OF_NAME_AFTER)
    return out


def _person(m: Mention | None) -> bool:
    return m is not None and m.label == "PERSON" and m.source not in CREDIT_SOURCES


def stated(mentions: Sequence[Mention]) -> dict[int, frozenset[Statement]]:
    """One article's mentions (sorted by start) -> for each person mention (by start) with
    an organisation (`mark`) or title stated next to it, what is stated."""
    out: dict[int, set[Statement]] = {}
    last_person: Mention | None = None
    for i, m in enumerate(mentions):
        if _person(m):
            last_person = m
            if m.role is not None and m.role.current:
                words = _words((*m.role.title.split(), *(m.role.qualifier or "").lower().split()))
                if words:
                    out.setdefault(m.start, set()).add(("title", words))
            continue
        if m.source == OF_NAME_BEFORE and last_person is not None:
            whose: Mention | None = last_person
        elif m.source == OF_NAME_AFTER:
            whose = next((n for n in mentions[i + 1 :] if n.label == "PERSON"), None)
        else:
            continue
        words = _words(name_key(m.text, "ORG").tokens)
        if whose is not None and words:
            out.setdefault(whose.start, set()).add(("org", words))
    return {start: frozenset(found) for start, found in out.items()}


def same_place(a: Statement, b: Statement) -> bool:
    """Could the two statements name one organisation or title? A shared word, the same
    letters written apart ("JPMorgan"/"JP Morgan"), one the initials of the other
    ("CSU"/"Christian Social Union") or a word's first four letters ("Citibank"/
    "Citigroup"): loosely, as a match only keeps the evidence away."""
    x, y = a[1], b[1]
    if not set(x).isdisjoint(y) or "".join(x) == "".join(y):
        return True
    if "".join(w[0] for w in x) in y or "".join(w[0] for w in y) in x:
        return True
    return any(len(u) >= 4 and len(v) >= 4 and u[:4] == v[:4] for u in x for v in y)


def _described_by(between: str) -> bool:
    """A description: it opens with an article or links to the organisation ("an analyst
    at", "general counsel of"); a verb after the comma ("Ann Ode, met Vexbank's board",
    the name itself in apposition) does neither."""
    found = _AFTER.fullmatch(between)
    if found is None or _PARAGRAPH_BREAK.search(between):
        return False
    words = found.group(1).split()
    return _CLAUSE_WORDS.isdisjoint(words) and (words[0] in _ARTICLES or not _LINKS.isdisjoint(words))


def _part_of(between: str) -> bool:
    """Between two organisations of one description: a few lower-case words, no comma
    ("at", "of the"; "and" too, as NER may cut "Finance and Vex Institute" in two)."""
    found = _NESTED.fullmatch(between)
    return found is not None and _PARAGRAPH_BREAK.search(between) is None and _CLAUSE_WORDS.isdisjoint(w for w in between.split() if w != "and")


def _titled_by(between: str) -> bool:
    # within one paragraph: a headline's last words are no job ("Cranes idle" above "Ann Ode said")
    return (
        _BEFORE.fullmatch(between) is not None
        and _PARAGRAPH_BREAK.search(between) is None
        and _CLAUSE_WORDS.isdisjoint(between.lower().split())
    )


def _words(tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({t for t in tokens if t not in _GENERAL}))
