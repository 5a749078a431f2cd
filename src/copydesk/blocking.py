"""Step 2 of resolve: strict keys a variant must share with its anchor, so only plausible
pairs are compared and the cost grows with the number of spellings, not its square."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .forms import form_keys, written_apart
from .normalize import NameKey, phonetic

if TYPE_CHECKING:
    from .spellings import Spelling


@lru_cache(maxsize=8_192)  # a draft's scope has a few thousand names; ~4.6 KB each, ~37 MB in all
def block_keys(key: NameKey, label: str) -> frozenset[tuple[str, ...]]:
    """Strict keys a variant must share with its anchor; a spelling has a few of them.
    Kept per name: the server works them out again for every draft's scope."""
    return frozenset(_block_keys(key, label))


def _block_keys(key: NameKey, label: str) -> set[tuple[str, ...]]:
    t = key.tokens
    keys: set[tuple[str, ...]] = set()
    if label == "PERSON":
        if (apart := written_apart(t)) is not None:
            # its parts' keys too, to meet a slip of the name written apart ("Robetr
            # Kilroy Silk" for "Robert Kilroy-Silk"): compare weighs them by parts
            keys |= _block_keys(NameKey(apart), label)
        keys |= {("form", letters) for letters in form_keys(t)}
        # a surname alone in one article against full names in others ("Rodick" for
        # "Andy Roddick"): keys shared by tokens one edit apart (each with one letter
        # left out), and by tokens that sound alike
        # (keyed by side, so full names never meet each other through these)
        if t:
            side = "alone" if len(t) == 1 else "full"
            keys |= {("surname", side, d) for d in deletions(t[-1])}
            keys.add(("surname", side, "sound:" + phonetic(t[-1])))
        if len(t) < 2:
            # two surnames alone, one letter apart ("Wodforrd" for "Wodford")
            return keys | {("alone", d) for d in deletions(t[0])} if t else keys
        rest = " ".join(t[:-1])
        # A variant's differing part begins with the same letter as the other spelling's
        # or swaps the first two (token_evidence): keying on both keeps every such pair
        # in a block, and keeps a common name from making one giant block.
        for start in (t[0][:1], "".join(sorted(t[0][:2]))):
            keys.add(("sur", t[-1], str(len(t)), start))  # same surname
        # same given name(s), surname about as long (two overlapping length buckets, so
        # surnames up to 3 letters apart, the most edits a variant may have, share one)
        length = len(t[-1])
        for start in (t[-1][:1], "".join(sorted(t[-1][:2]))):
            keys.add(("given", rest, start, "a", str(length // 6)))
            keys.add(("given", rest, start, "b", str((length + 3) // 6)))
        keys.add(("meta", phonetic(t[-1]), t[0][:1]))  # sounds-like surname, given initial
        # a slip in the surname and one in the given name ("Elene Likhotseva"): the
        # surname less a letter, the given initial
        keys |= {("slips", d, t[0][:1]) for d in deletions(t[-1])}
        # a part whose first letter differs but sounds the same ("Kapra"/"Capra",
        # "Filip"/"Philip"): the other parts equal, that part's sound
        keys.add(("given-sound", rest, phonetic(t[-1])))
        keys.add(("sur-sound", " ".join(t[1:]), str(len(t)), phonetic(t[0])))
        return keys
    for i in range(len(t)):  # an organisation with any one word spelt differently
        keys.add(("org", str(len(t)), str(i), *t[:i], *t[i + 1 :], t[i][:1]))
        keys.add(("org-sound", str(len(t)), str(i), *t[:i], *t[i + 1 :], phonetic(t[i])))
    return keys


def probe(key: tuple[str, ...]) -> tuple[str, ...]:
    """The block a spelling looks in for `key`: a surname alone looks among full names'
    surnames and the reverse; every other key is its own block."""
    if key[0] == "surname":
        return ("surname", "full" if key[1] == "alone" else "alone", *key[2:])
    return key


def deletions(token: str) -> set[str]:
    """The token and each of its spellings with one letter left out: two tokens one
    edit apart (a letter added, dropped, changed or two swapped) share one of these."""
    if len(token) > 20:
        return {token}
    return {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}


def block_index(spellings: Sequence[Spelling]) -> dict[tuple[str, ...], list[Spelling]]:
    index: dict[tuple[str, ...], list[Spelling]] = defaultdict(list)
    for sp in spellings:
        for k in sp.blocks():
            index[k].append(sp)
    return index
