"""A person's name part written once, seen in no language's general text, one typing
slip from a common name ("Mihcael", "Jonnes", "Wiliams"): flagged even when the archive
never writes the right spelling, which name-variant's comparison of the archive's own
spellings needs (a story about someone the archive has not met, a small archive).

A warning: nothing in the archive corroborates it. Only the slips a typist makes are
undone (two letters swapped, a letter doubled, a doubled letter written once), and only
towards a name English and the other languages names are looked up in all write
(normalize.names_every_language_writes): a slip of one language's own word ("Cellery")
is left alone, and a rare real name ("Esiner", never seen) is one typing slip from no
such name.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache

from ..model import Finding, Mention, Place
from ..normalize import name_key, names_every_language_writes, word_prior, world_prior
from ..resolve import Resolution
from ..slips import SHORT_PART, east_asian_syllables

RULE = "name-variant"
# Articles a name part is written in, at most, to be taken for a slip: a spelling the
# archive uses in two stories is its writers' choice, not a slip of the keys.
MAX_ARTICLES = 1


def check(resolution: Resolution, support: Mapping[str, int], flagged: set[Place]) -> list[Finding]:
    """Findings on the mentions of people the archive writes one way only that hold
    such a part (where it writes them several ways, its comparison of them decides),
    but for the mentions `flagged` already (file, line, column)."""
    out = []
    for entity in resolution.entities:
        if entity.label != "PERSON" or len(entity.spellings) != 1 or not _slipped_parts(next(iter(entity.spellings))):
            continue  # the spelling's mentions write its words as it does: none of them holds a slip
        for m in entity.mentions:
            if m.place in flagged:
                continue
            finding = _finding(m, support)
            if finding is not None:
                out.append(finding)
    return out


def _finding(m: Mention, support: Mapping[str, int]) -> Finding | None:
    for i, word, token, right in _slipped_parts(m.text):
        if support.get(token, 0) > MAX_ARTICLES:
            continue
        words = m.text.split()
        expected = " ".join([*words[:i], right, *words[i + 1 :]])
        return Finding.on(
            m,
            RULE,
            "warning",
            expected=expected,
            entity=expected,
            message=f"'{word}' is written nowhere else and looks like a slip of the common name '{right}'",
            evidence={"rule": "common-name-slip", "part": word, "common": right, "zipf": round(word_prior(right.casefold()), 2)},
        )
    return None


@lru_cache(maxsize=65_536)  # asked of every mention of an archive's millions: one name's mentions share a text
def _slipped_parts(text: str) -> tuple[tuple[int, str, str, str], ...]:
    """The words of a person's name that are typing slips of a common name: each one's
    place, the word, its folded token and the common name cased as the word."""
    found = []
    for i, word in enumerate(text.split()):
        token = name_key(word, "PERSON").tokens
        common = common_name_of_slip(token[0]) if len(token) == 1 else None
        if common is not None:
            found.append((i, word, token[0], _cased_as(common, word)))
    return tuple(found)


def common_name_of_slip(token: str) -> str | None:
    """The name every language writes (normalize.names_every_language_writes) that
    `token` (folded) is one typing slip of, when `token` itself is seen in no language's
    general text and is no East Asian name's syllables; None when there is none, or two."""
    if len(token) < SHORT_PART or not token.isalpha() or word_prior(token) > 0:
        return None
    names = names_every_language_writes()
    found = {c for c in _undone_slips(token) if c in names}
    # the other languages' words are read only now (0.2 s in a fresh process): most names
    # are no slip of a common one
    if len(found) != 1 or east_asian_syllables(token) or world_prior(token) > 0:
        return None
    return found.pop()


def _undone_slips(token: str) -> Iterator[str]:
    """Every spelling `token` is one typing slip of: two letters swapped back, a doubled
    letter written once, a letter written once doubled."""
    for i in range(len(token) - 1):
        a, b = token[i], token[i + 1]
        if a != b:
            yield token[:i] + b + a + token[i + 2 :]
        else:
            yield token[:i] + token[i + 1 :]
    for i, letter in enumerate(token):
        yield token[: i + 1] + letter + token[i + 1 :]


def _cased_as(word: str, written: str) -> str:
    """`word` (lower case) with the capitals of `written` where their letters line up from
    the start ("mccain" as "McCian" is written: "McCain")."""
    cased = [c.upper() if i < len(written) and written[i].isupper() else c for i, c in enumerate(word)]
    return "".join(cased)

