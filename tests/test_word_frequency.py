"""wordfreq through copydesk.word_frequency: its English table read from its file without
importing it, the same table; and, imported, its data folder found from the caller's
frame, as locate.this_dir() finds it with inspect.stack()."""
from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import locate._locate as locate_module
import pytest
import wordfreq

from copydesk import word_frequency
from copydesk.normalize import word_prior


def test_wordfreq_finds_its_data_folder_and_its_words() -> None:
    assert Path(wordfreq.DATA_PATH) == Path(wordfreq.__file__).parent / "data"
    assert word_frequency.zipf_frequency("house", "en") > 4 > word_frequency.zipf_frequency("kowalczik", "en")


def test_the_folder_is_the_one_locate_itself_gives_the_caller() -> None:
    def by_locate() -> Path:
        return locate_module._this_dir(inspect.stack())

    def by_frame() -> Path:
        return word_frequency._this_dir()

    assert by_frame() == by_locate() == Path(os.path.abspath(__file__)).parent


def test_the_english_table_read_from_wordfreqs_file_is_wordfreqs_own() -> None:
    own = word_frequency._original_get_frequency_dict(word_frequency.wordfreq_module())("en", "best")
    assert word_frequency.english_frequencies() == own
    assert word_frequency.top_english_words(50_000) == wordfreq.top_n_list("en", 50_000)


def test_wordfreq_once_imported_holds_the_same_english_table() -> None:
    module = word_frequency.wordfreq_module()
    assert module.get_frequency_dict("en", "best") is word_frequency.english_frequencies()
    assert module.get_frequency_dict("de", "best") is not word_frequency.english_frequencies()


@pytest.mark.parametrize(
    "token",
    [
        "house", "kowalczik", "jean-pierre", "kilroy-silk", "zeta-jones", "al-assad", "house-kowalczik", "rk-", "-house",
        "o'brien", "o'hare", "d'estaing", "rock'n'roll", "ma'am", "jones'", "r2-d2", "25th", "1990s", "2045", "g8", "x5-25th",
        "004secs", "müller",
    ],
)
def test_a_words_prior_is_wordfreqs_zipf_frequency(token: str) -> None:
    assert word_prior(token) == wordfreq.zipf_frequency(token, "en")


def test_words_of_letters_digits_and_hyphens_are_weighed_without_importing_wordfreq() -> None:
    # importing wordfreq takes 0.3 s of a fresh hook process (langcodes, ftfy)
    code = (
        "import sys; from copydesk.normalize import word_prior; from copydesk.evidence import shape_contrast; "
        "assert word_prior('house') > 4 and word_prior('jean-pierre') > 2 and word_prior('25th') > 2; shape_contrast('kowalczik', 'kowalczyk'); "
        "print('wordfreq' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
