"""One name written two ways by its form: a hyphen for a space, joined or apart, a
particle kept or dropped ("Kilroy Silk"/"Kilroy-Silk", "Assad"/"al-Assad"). Not a slip of
the keyboard: a newsroom's style, reported as a warning of its own (FORM_RULE)."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .evidence import VOWELS
from .normalize import NameKey

# Particles that a name may carry or drop: "al-Assad" / "Assad", "van Gaal" / "Gaal".
PARTICLES = frozenset("al el bin ibn de da di del della van von der den du le la".split())

FORM_RULE = "hyphen-space-or-particle"


def form_parts(tokens: Sequence[str]) -> tuple[str, ...]:
    """A person's name's words with hyphens split and particles left out: "Kilroy-Silk"
    and "Kilroy Silk", "al-Assad" and "Assad" have the same parts. A particle opening a
    name on its own is a name ("Van Morrison")."""
    if all(t and "-" not in t and "'" not in t for t in tokens):  # most names: words alone, nothing to split
        return tuple(t for i, t in enumerate(tokens) if i == 0 or t not in PARTICLES)
    parts: list[str] = []
    for i, token in enumerate(tokens):
        pieces = [p for p in token.replace("'", "").split("-") if p]
        for j, piece in enumerate(pieces):
            joined = j + 1 < len(pieces)  # "al-" of "al-Assad"
            if piece in PARTICLES and (i > 0 or joined):
                continue
            parts.append(piece)
    return tuple(parts)


def same_form(a: NameKey, b: NameKey, label: str = "PERSON") -> str | None:
    """How two different keys write one name: a hyphen for a space, joined or apart, a
    particle kept or dropped; or a double-barrelled surname alone written otherwise than
    in the full name ("Kilroy Silk" for "Robert Kilroy-Silk"). None when they are not
    one name so written."""
    if label != "PERSON":
        return None  # "ExxonMobil" / "Exxon Mobil": a company's own styling varies
    fa, fb = _person_form(a.tokens), _person_form(b.tokens)
    if fa is None or fb is None:
        return None  # "J.P." or "G-8": initials and numbers, not a name's words
    if fa[0] == fb[0]:
        return "hyphen, space or particle" if max(fa[1], fb[1]) >= 2 else None
    (short, short_key), (long_, long_key) = sorted(((fa, a), (fb, b)), key=lambda x: x[0][1])
    if (
        short[1] >= 2
        and long_[1] == short[1] + 1
        and long_[2] == short[0]
        and long_key.tokens[1:] != short_key.tokens  # "Kilroy Silk" is Robert Kilroy Silk's surname
    ):
        return "hyphen, space or particle in the surname"
    return None


def form_keys(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The letters two ways of writing a person's name share (same_form): the whole
    name's, and, from three parts, all but the first part's ("Kilroy Silk" for "Robert
    Kilroy-Silk"). None for a name with a part that is no word of a name."""
    form = _person_form(tokens)
    if form is None:
        return ()
    letters, parts, tail = form
    return (letters, tail) if parts >= 3 else (letters,)


@lru_cache(maxsize=200_000)
def _person_form(tokens: tuple[str, ...]) -> tuple[str, int, str] | None:
    """A person's name as its letters (form_parts joined), how many parts, and the letters
    of all parts but the first; None when a part is no word of a name. Kept per name:
    every pair compared asks."""
    parts = form_parts(tokens)
    if not all(_syllable(p) for p in parts):
        return None
    return "".join(parts), len(parts), "".join(parts[1:])


def _syllable(part: str) -> bool:
    return len(part) >= 2 and part.isalpha() and not VOWELS.isdisjoint(part)  # asked of every name an index holds


def written_apart(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """A person's name as its form parts, when these are not its words and are two or
    more ("robert kilroy-silk" as "robert kilroy silk"): the name compare meets a slip
    of it written apart with (same_count_of_parts). None when they are its words."""
    parts = form_parts(tokens)
    return parts if parts != tokens and len(parts) >= 2 else None


def same_count_of_parts(ta: tuple[str, ...], tb: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Two people's names as so many parts each, when one writes with a hyphen or a
    particle what the other writes apart or without ("Robetr Kilroy Silk" against
    "Robert Kilroy-Silk"): their form_parts, if these are as many; else the names as
    they are."""
    pa, pb = form_parts(ta), form_parts(tb)
    return (pa, pb) if len(pa) == len(pb) >= 2 else (ta, tb)
