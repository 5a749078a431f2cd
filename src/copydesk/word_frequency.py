"""wordfreq, for how common a word is: its English table read without importing wordfreq,
and wordfreq itself imported without its slow start when a word needs its tokenizer.

Importing wordfreq takes 0.3 s (langcodes' tables, ftfy), a sixth of a fresh hook
process, which mostly asks about plain lower-case words: for those the English table is
read from wordfreq's own data file (`english_frequencies`, the table
get_frequency_dict("en", "best") gives), and wordfreq is imported only for a word its
tokenizer must split (`zipf_frequency`). Once imported, wordfreq is given that same
table, so it is never held twice.

wordfreq finds its data folder with locate.this_dir(), which calls inspect.stack():
every frame's module looked up among all loaded modules. In a process that has loaded
spaCy (a thousand modules), under the command line's fifty frames, that took 0.3 s of
each in-process hook run. The same answer comes from the caller's frame alone."""
from __future__ import annotations

import contextlib
import gzip
import importlib
import importlib.util
import itertools
import os
import re
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import ModuleType

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
    """The English table as wordfreq reads it (read_cBpack, get_frequency_dict): a
    gzipped msgpack list, a header, then the i-th list's words of frequency 10^(-i/100).
    None when the file is not where, or not what, wordfreq 3 keeps: wordfreq reads it."""
    import msgpack  # wordfreq's own dependency

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    try:
        with gzip.open(Path(spec.origin).parent / "data" / ENGLISH_TABLE, "rb") as infile:
            pack = msgpack.load(infile, raw=False)
    except (OSError, ValueError, msgpack.UnpackException):
        return None
    if not pack or not isinstance(pack[0], dict) or pack[0].get("format") != "cB" or pack[0].get("version") != 1:
        return None
    return {word: 10 ** (-index / 100) for index, bucket in enumerate(pack[1:]) for word in bucket}


# wordfreq's top_n_list leaves out a word opening with digits (numbers.has_digit_sequence)
_DIGITS = re.compile(r"\d[\d.,]+")


def top_english_words(n: int) -> list[str]:
    """wordfreq's top_n_list("en", n): the commonest words, commonest first (the table
    keeps wordfreq's order: by frequency band, then alphabetical)."""
    words = (w for w in english_frequencies() if not _DIGITS.match(w))
    return list(itertools.islice(words, n))


def zipf_frequency(word: str, lang: str) -> float:
    """wordfreq's zipf_frequency (its tokenizer, its tables)."""
    return float(wordfreq_module().zipf_frequency(word, lang))


def get_frequency_dict(lang: str, wordlist: str = "best") -> dict[str, float]:
    return english_frequencies() if (lang, wordlist) == ("en", "best") else dict(wordfreq_module().get_frequency_dict(lang, wordlist))


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


__all__ = ["english_frequencies", "get_frequency_dict", "top_english_words", "wordfreq_module", "zipf_frequency"]
