"""wordfreq imported through copydesk.word_frequency: its data folder found from the
caller's frame, as locate.this_dir() finds it with inspect.stack()."""
from __future__ import annotations

import inspect
import os
from pathlib import Path

import locate._locate as locate_module
import wordfreq

from copydesk import word_frequency


def test_wordfreq_finds_its_data_folder_and_its_words() -> None:
    assert Path(wordfreq.DATA_PATH) == Path(wordfreq.__file__).parent / "data"
    assert word_frequency.zipf_frequency("house", "en") > 4 > word_frequency.zipf_frequency("kowalczik", "en")


def test_the_folder_is_the_one_locate_itself_gives_the_caller() -> None:
    def by_locate() -> Path:
        return locate_module._this_dir(inspect.stack())

    def by_frame() -> Path:
        return word_frequency._this_dir()

    assert by_frame() == by_locate() == Path(os.path.abspath(__file__)).parent
