"""Is one name part a slip of another? One edit, or more on a longer name that sounds
alike ("Kapra"/"Capra"), with the kind of edit (evidence.edit_kind) the weights read;
never a plural, an adjective of a place, or two syllables of an East Asian name."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import cast

import jellyfish
from rapidfuzz.distance import DamerauLevenshtein, Indel

from .evidence import edit_kind
from .normalize import phonetic
from .rules import KindThresholds

# A name part shorter than this is compared only under _short_part_slip's guard.
SHORT_PART = 4

# One syllable as Chinese (pinyin, Wade-Giles), Korean and Cantonese names are written in
# Latin letters: an onset, an optional glide, one to three vowels, an optional final
# ("zhou", "yang", "choi", "hwang", "yoon", "leung", "lam", "yip").
_EAST_ASIAN_SYLLABLE = re.compile(r"(?:zh|ch|sh|ts|tz|hs|kk|tt|pp|ss|jj|[bcdfghjklmnpqrstwxyz])?[wy]?[aeiouv]{1,3}(?:ng|[nmkptlr])?")

# Endings that make an adjective or a people of a place name, not a misspelling of it.
_DERIVED_ENDINGS = frozenset({"an", "ian", "ese", "ish", "ic"})


def is_given_name(tokens: Sequence[str], i: int) -> bool:
    """Is part `i` of a person's name its given name (the first of two or more)?"""
    return i == 0 < len(tokens) - 1


def token_evidence(x: str, y: str, limits: KindThresholds, given_name: bool = False) -> dict[str, object] | None:
    """Is `x` a near spelling of `y`? One edit, or more on a longer name that sounds
    alike or is similar enough (`limits`: the settings for this kind of entity); the
    first letter the same, the first two swapped, or the two sounding alike
    ("Kapra"/"Capra")."""
    # refused before the kept pairs are looked up (hashing `limits` costs more): a part
    # too short, lengths further apart than the edits allowed (a scope's chain meets
    # every one-word name under one letter), or more edits than allowed (most pairs a
    # block holds: the same measure as _token_evidence's, which never takes such a pair)
    if min(len(x), len(y)) < limits.min_token_length or abs(len(x) - len(y)) > limits.max_edits:
        return None
    if DamerauLevenshtein.distance(x, y, score_cutoff=limits.max_edits) > limits.max_edits:
        return None
    found = _token_evidence(x, y, limits, given_name)
    return None if found is None else {"tokens": [x, y], **found}


@lru_cache(maxsize=65_536)  # ~0.5 KB each, ~33 MB in all
def _token_evidence(x: str, y: str, limits: KindThresholds, given_name: bool) -> dict[str, object] | None:
    """token_evidence, kept per pair (the server asks the same pairs for every draft);
    callers get a copy."""
    if not (wordlike(x) and wordlike(y)):
        return None
    if min(len(x), len(y)) < SHORT_PART and not _short_part_slip(x, y):
        return None
    if x.replace("-", "").replace("'", "") == y.replace("-", "").replace("'", ""):
        return None  # a hyphen or apostrophe only: how a name is written (same_form), not a slip
    same_sound = phonetic(x) == phonetic(y)
    if x[:1] != y[:1] and x[:2] != y[1::-1] and not same_sound:
        return None
    longer, shorter = (x, y) if len(x) > len(y) else (y, x)
    if longer[:-1] == shorter and longer.endswith("s") and not longer.endswith("ss"):
        return None  # plural or possessive, not a spelling ("Moss" is no plural of "Mos")
    if _derived(shorter, longer) and not given_name:
        return None  # "Karsova" / "Karsovan": a place and its adjective (a given name has none: "Steve" / "Steven")
    dl = jellyfish.damerau_levenshtein_distance(x, y)
    ratio = Indel.normalized_similarity(x, y) * 100
    alike = same_sound or (ratio >= limits.token_similarity and not limits.require_same_sound)
    if dl == 1 or (1 < dl <= limits.max_edits and (min(len(x), len(y)) >= 6 and alike or same_sound)):
        kind = edit_kind(x, y, dl)
        return {"edits": dl, "kind": kind, "ratio": round(ratio, 1), "same_sound": same_sound}
    return None


def _short_part_slip(x: str, y: str) -> bool:
    """May a short part ("Rok") be a slip for the other spelling ("Rock")? Only a letter
    dropped or doubled, and only when the longer spelling is no syllable of a romanised
    Chinese, Korean or Cantonese name: three-letter names of one syllable that differ by
    a letter ("Lin"/"Liu", "Yan"/"Yang", "Cho"/"Choi", "Zhu"/"Zhou") are different
    families, not slips."""
    shorter, longer = sorted((x, y), key=len)
    if len(longer) != len(shorter) + 1 or jellyfish.damerau_levenshtein_distance(x, y) != 1:
        return False
    return _EAST_ASIAN_SYLLABLE.fullmatch(longer) is None


def east_asian_syllables(token: str) -> bool:
    """Is `token` one or two syllables of a romanised Chinese, Korean or Cantonese name
    ("Longde"), which English words' letters do not judge?"""
    return _EAST_ASIAN_SYLLABLE.fullmatch(token) is not None or any(
        _EAST_ASIAN_SYLLABLE.fullmatch(token[:k]) and _EAST_ASIAN_SYLLABLE.fullmatch(token[k:]) for k in range(1, len(token))
    )


def wordlike(token: str) -> bool:
    """Letters, maybe with an apostrophe or hyphen inside: "o'sullivan", "jean-paul"."""
    return token.replace("'", "").replace("-", "").isalpha()


def _derived(shorter: str, longer: str) -> bool:
    """Is `longer` an adjective made from `shorter` ("Kenya"/"Kenyan", "Japan"/"Japanese")?"""
    if not longer.startswith(shorter):
        return False
    ending = longer[len(shorter):]
    return ending in _DERIVED_ENDINGS or (ending in ("n", "i") and shorter[-1] in "aeiou")


def two_slips(
    ta: Sequence[str], tb: Sequence[str], diff: Sequence[int], limits: KindThresholds
) -> list[dict[str, object]] | None:
    """Each differing part's evidence (token_evidence), when every one is a single slip
    off: a person's name misspelt in two parts (_compare_two_parts; scope's chain asks
    the same). None otherwise."""
    if any(DamerauLevenshtein.distance(ta[i], tb[i], score_cutoff=1) != 1 for i in diff):
        return None  # a part more than one slip off: no need to weigh the others
    found = [token_evidence(ta[i], tb[i], limits, given_name=is_given_name(ta, i)) for i in diff]
    return None if any(t is None or t["edits"] != 1 for t in found) else cast("list[dict[str, object]]", found)


def short_form_slip(
    ta: Sequence[str], tb: Sequence[str], diff: Sequence[int], limits: KindThresholds
) -> dict[str, object] | None:
    """The surname's evidence (token_evidence, one slip) when the other differing part is
    the given name in full and its short form ("Dan Flyn" for "Daniel Flynn"): the
    short form is the full name's first letters, three or more. None otherwise
    (resolve.compare; scope's chain asks the same)."""
    if len(diff) != 2 or not is_given_name(ta, diff[0]) or diff[1] != len(ta) - 1:
        return None
    shorter, longer = sorted((ta[0], tb[0]), key=len)
    if len(shorter) < SHORT_PART - 1 or len(shorter) == len(longer) or not longer.startswith(shorter):
        return None
    found = token_evidence(ta[-1], tb[-1], limits)
    return found if found is not None and found["edits"] == 1 else None
