"""Which language an article is written in, so one in another language is not read with
the English model (it takes German common nouns, capitalised, for names: "Einrichtung"
and "Einrichtungen" would be reported as two spellings of one).

py3langid (langid.py's model, bundled: nothing downloaded, the same answer every time)
reads a sample of the text; an article is skipped only when the detector is sure, so
a short English article, or one full of names, is never left out.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

SAMPLE_CHARS = 1000  # enough for a sure answer on prose (cost grows with the sample)
MIN_SAMPLE = 150  # a shorter sample is never judged foreign
# The sample is the text's words that do not start with a capital: names say nothing of
# the language an article is written in (a list of Polish names in an English story reads
# as Polish), its small words and verbs do; German keeps enough of them.
_WORD = re.compile(r"\S+")


def sample(text: str) -> str:
    """Up to SAMPLE_CHARS characters of the text's words that do not start with a capital
    (all of them for scripts without capitals)."""
    out: list[str] = []
    size = 0
    for m in _WORD.finditer(text):
        if not m.group()[0].isalpha() or m.group()[0].isupper():
            continue
        out.append(m.group())
        size += len(m.group()) + 1
        if size >= SAMPLE_CHARS:
            break
    return " ".join(out)[:SAMPLE_CHARS]  # (a script without spaces is one long word)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence 0-1) of the language of the text's sample."""
    return _classify(sample(text))


def _classify(sample: str) -> tuple[str, float]:
    code, confidence = _identifier().classify(sample)
    return str(code), float(confidence)


def foreign(text: str, languages: Sequence[str], min_confidence: float) -> str | None:
    """Why the article is not checked ("written in German (de), not checked"), or None
    when it is in one of `languages`, too short to tell, or the detector is unsure."""
    if not languages:
        return None
    words = sample(text)
    if len(words) < MIN_SAMPLE:
        return None
    if "en" in languages and _plainly_english(words):
        return None  # no need to load the detector's model (a second) for the usual case
    code, confidence = _classify(words)
    if code in languages or confidence < min_confidence:
        return None
    return f"written in {language_name(code)} ({code}), not checked"


# English's commonest small words: they make up a third or more of any English prose, and
# a few hundredths of another language's ("in", "was" and "will" are German words too).
_ENGLISH_SMALL_WORDS = frozenset(
    "the of and to a in is that for on was with he it as at by his her said be from are have "
    "has had will would not which but this they their were been who its an or after about".split()
)
PLAINLY_ENGLISH = 0.15  # English prose in the training sets: 0.27 at the least; German: 0.0


def _plainly_english(sample: str) -> bool:
    words = sample.split()
    return sum(w.strip(".,;:!?\"'()") in _ENGLISH_SMALL_WORDS for w in words) >= PLAINLY_ENGLISH * len(words)


def language_name(code: str) -> str:
    """"German" for "de"; the code itself for a language not named here."""
    return _NAMES.get(code, code)


# The languages a newsroom's archive most often strays into (py3langid knows 97).
_NAMES = {
    "ar": "Arabic", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "fi": "Finnish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "no": "Norwegian", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sv": "Swedish", "tr": "Turkish",
    "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
