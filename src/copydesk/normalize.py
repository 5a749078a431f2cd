"""Normalise mention text to comparison keys: folded tokens, name parts, phonetic codes."""
from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import jellyfish
from anyascii import anyascii

from .patterns import HONORIFICS
from .word_frequency import english_frequency, english_zipf, kept_file, kept_or_made, word_hash, wordfreq_module, zipf_frequency

# Zero-width and bidi control characters never belong in a key.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Letters of any script (other scripts are kept as they are, see fold), digits, inner ' and -.
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
# Corporate and plural endings that make no different organisation.
_ORG_NOISE = frozenset("the inc ltd plc corp co llc sa ag group".split())


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name reduced to what a spelling comparison looks at."""

    tokens: tuple[str, ...]  # casefolded, ASCII-folded, without honorifics
    key: str = field(init=False, compare=False)  # the tokens joined: the name's identity

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", " ".join(self.tokens))

    def __hash__(self) -> int:
        # the joined tokens' hash, which Python keeps with the string: an index of an
        # archive's names hashes each key hundreds of thousands of times
        return hash(self.key)

    @property
    def surname(self) -> str:
        return self.tokens[-1] if self.tokens else ""

    @property
    def given(self) -> str:
        return self.tokens[0] if len(self.tokens) > 1 else ""

    @property
    def is_full(self) -> bool:
        return len(self.tokens) >= 2


def fold(text: str) -> str:
    """NFKC, strip invisible characters, ASCII-fold, casefold: 'Gonzále\u200bz' -> 'gonzalez'.

    Only Latin letters (and punctuation) are folded to ASCII; letters of other scripts stay
    as they are. A transliteration is no spelling of the Latin name: anyascii makes
    'Зеленский' 'zelenskiy', one letter from 'zelensky', and '東京' 'dongjing'."""
    if text.isascii():  # NFKC leaves ASCII as it is, and the invisible characters are none of it
        return text.casefold()
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    if text.isascii():
        return text.casefold()
    return "".join(ch if _other_script(ch) else anyascii(ch) for ch in text).casefold()


@lru_cache(maxsize=65_536)
def _other_script(ch: str) -> bool:
    """A letter of a script other than Latin."""
    return ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN")


def name_key(text: str, label: str = "PERSON") -> NameKey:
    """`text` reduced to what a spelling comparison looks at (NameKey): casefolded,
    ASCII-folded, without a person's honorifics or an organisation's "the", "Ltd" and
    plural. Kept per text and label, however the label is given (name_key(t) and
    name_key(t, "PERSON") are one look-up: lru_cache would keep them apart)."""
    return _name_key(text, label)


_POSSESSIVE = re.compile(r"'s\b")


@lru_cache(maxsize=200_000)
def _name_key(text: str, label: str) -> NameKey:
    folded = fold(text).replace("’", "'")
    if "'" in folded:
        folded = _POSSESSIVE.sub("", folded)
    tokens = [t for t in _TOKEN.findall(folded.replace(".", ""))]
    if label == "PERSON":
        while tokens and tokens[0] in HONORIFICS:
            tokens = tokens[1:]
    else:
        tokens = [_us_spelling(t) for t in tokens if t not in _ORG_NOISE] or tokens
        if tokens:
            tokens[-1] = _singular(tokens[-1])
    return NameKey(tuple(tokens))


def _singular(token: str) -> str:
    # "Lib Dems" / "Lib Dem", "Oscars" / "Oscar", "Industries" / "Industry": a plural
    # is no other organisation. But a name that only ends in "s" ("Coutts", "Tacitus")
    # keeps it: its "singular" is a word seen nowhere. A code with digits ("F40s",
    # "Boyz2men") is no plural of a word: kept as written.
    if any(ch.isdigit() for ch in token):
        return token
    if len(token) > 4 and token.endswith("ies"):
        singular = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        singular = token[:-1]
    else:
        return token
    return token if word_prior(singular) == 0 < word_prior(token) else singular


# British and American spellings of the words organisations are named with: one name
# ("World Trade Organisation" / "Organization", "Centre" / "Center").
_ORG_SPELLINGS = (("isation", "ization"), ("centre", "center"), ("theatre", "theater"))


def _us_spelling(token: str) -> str:
    for british, american in _ORG_SPELLINGS:
        if british in token:
            token = token.replace(british, american)
    return token


# A token this frequent in general English text is a real name or word, not a typo.
KNOWN_WORD_ZIPF = 3.0


@lru_cache(maxsize=200_000)
def word_prior(token: str) -> float:
    """How common `token` is in general English (wordfreq Zipf scale, 0 = unknown).

    A plain lower-case word is looked up in wordfreq's table directly (what
    zipf_frequency does after tokenising, which costs 30 us a word), and so are the
    words of one written with hyphens, apostrophes or digits, as wordfreq's tokenizer
    cuts and combines them; anything else goes through zipf_frequency (wordfreq
    imported then)."""
    if token.isascii() and token.isalpha() and token.islower():
        frequency = english_frequency(token)
        return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0
    zipf = english_zipf(token)
    return zipf if zipf is not None else zipf_frequency(token, "en")


# Languages whose names English news writes in Latin letters most often, with large
# word lists in wordfreq (names included: its sources are news, Wikipedia, subtitles):
# "Obermann", "Moedas", "Barrionuevo" are known there, their slips nowhere. Chosen by
# reasoning; ten more (nb sv da pl cs fi hu ro tr id) gave the same figures on
# train-labeled and wire-labeled, and one more finding on clean bbc/.
WORLD_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")


@lru_cache(maxsize=65_536)
def world_prior(token: str) -> float:
    """How common `token` is in general English or in any of WORLD_LANGUAGES (the
    highest wordfreq Zipf of them, 0 = seen in none), for a name's spelling English
    text does not know. The languages' lists are read only when first asked."""
    english = word_prior(token)
    hashes, zipfs = _world_index()
    key = word_hash(token)
    i = int(hashes.searchsorted(key))
    found = float(zipfs[i]) / 100 if i < len(hashes) and hashes[i] == key else 0.0
    return max(english, found)


@lru_cache(maxsize=1)
def _world_index() -> tuple[Any, Any]:
    """The words of WORLD_LANGUAGES' lists, folded as name keys are ("müller" ->
    "muller"), as sorted hashes with each one's highest Zipf (x100): 2 million words
    in 20 MB, where wordfreq's own tables would take 200 MB. Built a language at a
    time, so no more than one list is read at once (about 3 s), and kept in the user's
    cache folder (`word_frequency.kept_or_made`) for the next process: a hook's check meeting a tie
    reads it in a few hundredths of a second."""
    wordfreq = wordfreq_module()
    paths = wordfreq.available_languages("large")
    kept = kept_file("world-words", [paths[lang] for lang in WORLD_LANGUAGES], _WORLD_INDEX_LAYOUT, "npz")
    return kept_or_made(kept, _read_world_index, lambda: _make_world_index(wordfreq, paths), _dump_world_index)


def _read_world_index(path: Path) -> tuple[Any, Any]:
    import numpy as np

    with np.load(path) as arrays:  # arrays only: no pickled objects are read
        return arrays["hashes"], arrays["zipfs"]


def _make_world_index(wordfreq: ModuleType, paths: Mapping[str, str]) -> tuple[Any, Any]:
    """The index made from wordfreq's lists at `paths` (language -> file)."""
    import numpy as np

    hashes, zipfs = [], []
    for lang in WORLD_LANGUAGES:
        buckets = wordfreq.read_cBpack(paths[lang])  # the i-th holds words of frequency 10^(-i/100)
        count = sum(map(len, buckets))
        words = (w if w.isascii() else _ascii(w) for bucket in buckets for w in bucket)
        hashes.append(np.fromiter(map(word_hash, words), dtype=np.int64, count=count))
        zipfs.append(np.repeat(np.arange(900, 900 - len(buckets), -1, dtype=np.int16), [len(b) for b in buckets]))
    all_hashes, all_zipfs = np.concatenate(hashes), np.concatenate(zipfs)
    order = np.lexsort((-all_zipfs, all_hashes))  # by hash, the highest Zipf first
    all_hashes, all_zipfs = all_hashes[order], all_zipfs[order]
    first = np.concatenate(([True], all_hashes[1:] != all_hashes[:-1]))
    return all_hashes[first], all_zipfs[first]


# A word English writes at least once per million words (KNOWN_WORD_ZIPF) and every one of
# WORLD_LANGUAGES at least this often is a name: a language's own words are rare in the
# others' text ("sperm", "bagel", "Fulham" below 2.5 in one of them), the names of people
# frequent in all ("Michael", "Jones", "McCain", "Balls"). By reasoning: a wordfreq Zipf of
# 2.5 is about one in three million words.
EVERY_LANGUAGE_ZIPF = 2.5


@lru_cache(maxsize=1)
def names_every_language_writes() -> frozenset[str]:
    """The words of general English text that WORLD_LANGUAGES' text writes too
    (EVERY_LANGUAGE_ZIPF): mostly people's names, some place names and loan words;
    about 5,000, kept in the user's cache folder like the world index."""
    wordfreq = wordfreq_module()
    paths = wordfreq.available_languages("large")
    languages = ("en", *WORLD_LANGUAGES)
    kept = kept_file("world-names", [paths[lang] for lang in languages], _WORLD_NAMES_HEADER, "txt")

    def make() -> frozenset[str]:
        names: set[str] | None = None
        for lang in languages:
            least = KNOWN_WORD_ZIPF if lang == "en" else EVERY_LANGUAGE_ZIPF
            buckets = wordfreq.read_cBpack(paths[lang])[: round((9 - least) * 100) + 1]  # bucket i: Zipf 9 - i/100
            written = {w if w.isascii() else _ascii(w) for bucket in buckets for w in bucket}
            names = written if names is None else names & written
        return frozenset(w for w in names or () if w.isalpha())

    def read(path: Path) -> frozenset[str] | None:
        data = path.read_bytes()
        return frozenset(data[len(_WORLD_NAMES_HEADER) :].decode("utf-8").split()) if data.startswith(_WORLD_NAMES_HEADER) else None

    return kept_or_made(kept, read, make, lambda found: _WORLD_NAMES_HEADER + "\n".join(sorted(found)).encode())


# The first line of the kept names: a file without it is another make's, or damaged
_WORLD_NAMES_HEADER = f"copydesk world names 1: zipf {EVERY_LANGUAGE_ZIPF}\n".encode()


_WORLD_INDEX_LAYOUT = repr(1).encode()  # word_hash and the arrays' layout (1: the first kept files' name stays)


def _dump_world_index(index: tuple[Any, Any]) -> bytes:
    """The index as an .npz file's bytes (arrays only: np.load reads no pickled objects)."""
    import numpy as np

    data = io.BytesIO()
    np.savez(data, hashes=index[0], zipfs=index[1])
    return data.getvalue()


def _ascii(word: str) -> str:
    """Latin letters without their accents, as fold() makes them (near enough for a
    look-up: "ß" is dropped, not made "ss")."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    # metaphone knows only Latin letters: it makes every Cyrillic or Chinese token ""
    return jellyfish.metaphone(token) if token.isascii() and token.isalpha() else token
