"""wordfreq, for how common a word is: its English table read without importing wordfreq,
and wordfreq itself imported without its slow start when a word needs it.

Importing wordfreq takes 0.3 s (langcodes' tables, ftfy), a sixth of a fresh hook
process, which asks about the words of names: the English table is read from wordfreq's
own data file (`english_frequencies`, the table get_frequency_dict("en", "best") gives),
and a word of ASCII letters, digits, hyphens and apostrophes is weighed from it as
wordfreq's tokenizer and number estimates would (`english_zipf`); wordfreq is imported
only for any other word (`zipf_frequency`). Once imported, wordfreq is given that same
table, so it is never held twice.

Reading the table still takes a quarter of a second (a third of a million words), so a
word's frequency is looked up in an index of it (`english_frequency`): the words' hashes,
sorted, with their frequency bands, made once and kept in the user's cache folder
(`kept_file`) like the index of other languages' words (normalize.world_prior); a fresh
process reads it in a few milliseconds.

wordfreq finds its data folder with locate.this_dir(), which calls inspect.stack():
every frame's module looked up among all loaded modules. In a process that has loaded
spaCy (a thousand modules), under the command line's fifty frames, that took 0.3 s of
each in-process hook run. The same answer comes from the caller's frame alone."""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib
import importlib.util
import itertools
import math
import os
import re
import sys
import tempfile
import zipfile
from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TypeVar

T = TypeVar("T")

# wordfreq's "best" English list: its large one (available_languages("best") prefers it)
ENGLISH_TABLE = "large_en.msgpack.gz"


def _this_dir() -> Path:
    """locate.this_dir()'s answer, from its caller's frame only."""
    caller = sys._getframe(1).f_globals
    return Path(os.path.abspath(caller["__file__"])).parent if "__file__" in caller else Path(os.path.abspath(os.getcwd()))


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """get_frequency_dict("en", "best"): each word's frequency (a proportion)."""
    table = _read_english_table()
    return table if table is not None else _original_get_frequency_dict(wordfreq_module())("en", "best")


def _read_english_table() -> dict[str, float] | None:
    """The English table as wordfreq reads it (read_cBpack, get_frequency_dict); None
    when the file is not where, or not what, wordfreq 3 keeps: wordfreq reads it."""
    bands = _read_english_bands()
    return None if bands is None else {word: 10 ** (-band / 100) for word, band in bands.items()}


def _read_english_bands() -> dict[str, int] | None:
    """Each word of wordfreq's English table file with its band: a gzipped msgpack list,
    a header, then the i-th list's words of frequency 10^(-i/100) (a word listed twice
    keeps its last band, as get_frequency_dict's does)."""
    import msgpack  # wordfreq's own dependency

    source = english_table_file()
    if source is None:
        return None
    try:
        with gzip.open(source, "rb") as infile:
            pack = msgpack.load(infile, raw=False)
    except (OSError, ValueError, msgpack.UnpackException):
        return None
    if not pack or not isinstance(pack[0], dict) or pack[0].get("format") != "cB" or pack[0].get("version") != 1:
        return None
    return {word: band for band, bucket in enumerate(pack[1:]) for word in bucket}


def english_frequency(word: str) -> float:
    """english_frequencies().get(word, 0.0), looked up in the table's kept index."""
    index = _english_index()
    if index is None:  # no table file of wordfreq's: wordfreq's own table
        return english_frequencies().get(word, 0.0)
    hashes, bands = index
    key = word_hash(word)
    i = bisect_left(hashes, key)
    return 10 ** (-bands[i] / 100) if i < len(hashes) and hashes[i] == key else 0.0


# The kept index's layout: a header, then each word's hash (signed 64-bit), sorted, then
# each one's band (unsigned 16-bit), native byte order: a file of another machine is
# another header, and made again
_INDEX_HEADER = f"copydesk english index 1 {sys.byteorder}\n".encode()


@lru_cache(maxsize=1)
def _english_index() -> tuple[array[int], array[int]] | None:
    """The English table's words as sorted hashes (word_hash) with their frequency bands:
    read from the user's cache folder, or made from the table and kept there. None when
    wordfreq keeps no such table file."""
    source = english_table_file()
    if source is None:
        return None
    kept = kept_file("english-words", [str(source)], _INDEX_HEADER, "bin")
    return kept_or_made(kept, lambda path: _read_index(path.read_bytes()), _make_index, _dump_index)


def _make_index() -> tuple[array[int], array[int]] | None:
    table = _read_english_bands()
    if table is None:
        return None
    pairs = sorted((word_hash(word), band) for word, band in table.items())
    return array("q", (h for h, _ in pairs)), array("H", (b for _, b in pairs))


def _dump_index(index: tuple[array[int], array[int]] | None) -> bytes:
    assert index is not None  # kept_or_made keeps only what was made
    return _INDEX_HEADER + index[0].tobytes() + index[1].tobytes()


def _read_index(data: bytes) -> tuple[array[int], array[int]] | None:
    """The index in a kept file's bytes; None for a file of another layout, or cut short."""
    body = data[len(_INDEX_HEADER) :]
    if not data.startswith(_INDEX_HEADER) or len(body) % 10:
        return None
    count = len(body) // 10
    hashes, bands = array("q"), array("H")
    hashes.frombytes(body[: 8 * count])
    bands.frombytes(body[8 * count :])
    return hashes, bands


def english_table_file() -> Path | None:
    """wordfreq's English table, or None when this wordfreq keeps no such file."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "data" / ENGLISH_TABLE
    return path if path.is_file() else None


def word_hash(word: str) -> int:
    """A word's 64-bit hash, the same in every process (Python's own hash() of a string
    is not), so an index of words can be kept on disk."""
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little", signed=True)


def kept_file(name: str, sources: Sequence[str], layout: bytes, suffix: str) -> Path:
    """Where an index made from the files `sources` is kept: the user's cache folder
    ($XDG_CACHE_HOME or ~/.cache, copydesk/), under a name that changes with the files
    (another wordfreq) and the index's `layout`."""
    digest = hashlib.sha256(layout)
    for source in sources:
        stat = os.stat(source)
        digest.update(f"{os.path.basename(source)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "copydesk"
    return folder / f"{name}-{digest.hexdigest()[:16]}.{suffix}"


# What reading a kept file raises when it is missing, cut short, or not what its name
# says (numpy's zip reader included): it is made again.
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile)


def kept_or_made(path: Path | None, read: Callable[[Path], T | None], make: Callable[[], T], dump: Callable[[T], bytes]) -> T:
    """What `read` finds in the file kept at `path`, else what `make` makes, kept there
    (as `dump` writes it) for the next process; a file `read` refuses (None, or an error)
    is made again. `path` None, or `make` giving None: nothing is kept. `read` is given
    the path, to read the file as its format is best read (numpy's straight from it)."""
    if path is not None:
        with contextlib.suppress(*_UNREADABLE):
            found = read(path)
            if found is not None:
                return found
    made = make()
    if path is not None and made is not None:
        keep(path, dump(made))
    return made


def keep(path: Path, data: bytes) -> None:
    """`data` written to `path` whole or not at all (a temporary file renamed); a cache
    folder that cannot be written leaves the index to be made again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        pass


# A run of two or more digits (wordfreq.numbers.MULTI_DIGIT_RE): top_n_list leaves out a
# word opening with one; a word's frequency replaces it with zeros and weighs it apart.
_MULTI_DIGIT = re.compile(r"\d[\d.,]+")


def top_english_words(n: int) -> list[str]:
    """wordfreq's top_n_list("en", n): the commonest words, commonest first (the table
    keeps wordfreq's order: by frequency band, then alphabetical)."""
    words = (w for w in english_frequencies() if not _MULTI_DIGIT.match(w))
    return list(itertools.islice(words, n))


def english_zipf(word: str) -> float | None:
    """zipf_frequency(word, "en") from the English table alone, for a word of ASCII
    letters, digits, hyphens and apostrophes cut as wordfreq's tokenizer cuts it; None
    for any other (other scripts), which only wordfreq reads."""
    tokens = _wordfreq_tokens(word)
    return _combined_zipf(tokens) if tokens is not None else None


# How wordfreq's English tokenizer cuts a word of lower-case letters with apostrophes: a
# word is whole ("o'neill", "rock'n'roll"), but one or two letters, an apostrophe and a
# vowel or h begin another (French elision: "d'estaing" is "d" and "estaing").
_APOSTROPHE_WORD = re.compile(r"[a-z]+(?:'[a-z]+)+")
_ELISION = re.compile(r"([a-z]{1,2})'([aehiouy][a-z]*)")


def _wordfreq_tokens(token: str) -> list[str] | None:
    """The tokens wordfreq reads a word of ASCII letters, digits, hyphens and apostrophes
    as ("kilroy-silk": "kilroy", "silk"); None for anything else (other scripts), which
    wordfreq itself reads."""
    tokens: list[str] = []
    for part in (p for p in token.split("-") if p):  # a hyphen always separates ("rk-": "rk")
        if part.isascii() and part.isalnum() and part.islower() or part.isascii() and part.isdigit():
            tokens.append(part)  # letters and digits are one token ("25th", "g8")
        elif (elided := _ELISION.fullmatch(part)) is not None:
            tokens += elided.groups()
        elif _APOSTROPHE_WORD.fullmatch(part) and not _ELISION.match(part):
            tokens.append(part)
        else:
            return None
    return tokens or None


def _combined_zipf(tokens: Sequence[str]) -> float:
    """zipf_frequency of a text of these tokens, as wordfreq works it out: 1/f = 1/f1 +
    1/f2 + ..., zero if any is unknown, rounded to three significant digits."""
    one_over = 0.0
    for token in tokens:
        # digit runs as zeros (a run in a name's token is digits alone: no "." or ",")
        smashed = _MULTI_DIGIT.sub(lambda run: "0" * len(run.group()), token)
        if not (known := english_frequency(smashed)):
            return 0.0
        frequency = known * (_digits_frequency(token) if smashed != token else 1.0)
        one_over += 1.0 / frequency
    frequency = max(1.0 / one_over, _ZIPF_ZERO)
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)


_ZIPF_ZERO = 1e-9  # the frequency of Zipf 0, wordfreq's least

# wordfreq's estimate of how often numbers occur (wordfreq.numbers, Apache-2.0): its
# table holds "00th" for every two-digit "..th"; a run of two or more digits is weighed
# by Benford's law, a four-digit one as a year, most likely near 2019.
_DIGIT_FREQS = (0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045)
_YEAR_LOG_PEAK, _NOT_YEAR_PROB, _REFERENCE_YEAR, _PLATEAU_WIDTH = -1.9185, 0.1, 2019, 20


def _digits_frequency(token: str) -> float:
    frequency = 1.0
    for run in _MULTI_DIGIT.findall(token):
        frequency *= _year_frequency(run) if len(run) == 4 else _benford_frequency(run)
    return frequency


def _benford_frequency(digits: str) -> float:
    return _DIGIT_FREQS[int(digits[0])] / int(10 ** (len(digits) - 1))


def _year_frequency(digits: str) -> float:
    year = int(digits)
    if year <= _REFERENCE_YEAR:
        log_frequency = _YEAR_LOG_PEAK - 0.0083 * (_REFERENCE_YEAR - year)
    elif year <= _REFERENCE_YEAR + _PLATEAU_WIDTH:
        log_frequency = _YEAR_LOG_PEAK
    else:
        log_frequency = _YEAR_LOG_PEAK - 0.2 * (year - (_REFERENCE_YEAR + _PLATEAU_WIDTH))
    return math.pow(10.0, log_frequency) + _NOT_YEAR_PROB * _benford_frequency(digits)  # C's pow, as ** is



def zipf_frequency(word: str, lang: str) -> float:
    """wordfreq's zipf_frequency (its tokenizer, its tables)."""
    return float(wordfreq_module().zipf_frequency(word, lang))


@lru_cache(maxsize=1)
def wordfreq_module() -> ModuleType:
    """wordfreq, imported once locate is quick, its English table made ours."""
    with contextlib.suppress(ImportError):  # a wordfreq that no longer finds its data this way: nothing to speed up
        importlib.import_module("locate").this_dir = _this_dir  # type: ignore[attr-defined]
    wordfreq = importlib.import_module("wordfreq")
    original = _original_get_frequency_dict(wordfreq)

    def shared(lang: str, wordlist: str = "best", match_cutoff: None = None) -> dict[str, float]:
        if (lang, wordlist, match_cutoff) == ("en", "best", None):
            return english_frequencies()
        return original(lang, wordlist, match_cutoff)

    shared.original = original  # type: ignore[attr-defined]
    wordfreq.get_frequency_dict = shared  # type: ignore[attr-defined]  # its zipf_frequency looks the table up through this name
    return wordfreq


def _original_get_frequency_dict(wordfreq: ModuleType) -> Callable[..., dict[str, float]]:
    get: Callable[..., dict[str, float]] = wordfreq.get_frequency_dict
    return getattr(get, "original", get)


__all__ = [
    "english_frequencies", "english_frequency", "english_zipf", "keep", "kept_file", "kept_or_made", "top_english_words", "word_hash",
    "wordfreq_module", "zipf_frequency",
]
