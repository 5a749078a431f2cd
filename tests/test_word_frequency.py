"""wordfreq through copydesk.word_frequency: its English table read from its file without
importing it, the same table; and, imported, its data folder found from the caller's
frame, as locate.this_dir() finds it with inspect.stack()."""
from __future__ import annotations

import inspect
import os
import subprocess
import sys
from collections.abc import Callable
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


def test_every_word_of_the_table_has_its_frequency_from_the_kept_index() -> None:
    table = word_frequency.english_frequencies()
    assert [w for w, f in table.items() if word_frequency.english_frequency(w) != f] == []
    unknown = ["kowalczik", "zzqxv", "house-", "", "Housse", "müllerr"]
    assert [w for w in unknown if w in table] == [] and {word_frequency.english_frequency(w) for w in unknown} == {0.0}


@pytest.mark.parametrize(
    ("word_index", "script", "damaged"),
    [
        ("english-words-*.bin", "from copydesk.normalize import word_prior; print(word_prior('house'), word_prior('25th'))",
         [lambda data: data[:-3], lambda data: b"copydesk english index 0 little\n" + bytes(10)]),  # cut short; another layout
        ("world-words-*.npz", "from copydesk.normalize import world_prior; print(world_prior('brandstetter'))",
         [lambda data: b"PK\x03\x04 not an archive"]),
    ],
)
def test_a_word_index_is_kept_for_the_next_process_and_made_again_when_damaged(
    word_index: str, script: str, damaged: list[Callable[[bytes], bytes]], tmp_path: Path
) -> None:
    """Made once (seconds), then read by every later process, a hook's check among them;
    a damaged file is made again, never an error."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        return done.stdout

    first = run()
    assert float(first.split()[0]) > 0
    [kept] = (tmp_path / "copydesk").glob(word_index)
    made, whole = kept.stat().st_mtime_ns, kept.read_bytes()
    assert run() == first and kept.stat().st_mtime_ns == made  # read, not made again
    for damage in damaged:
        kept.write_bytes(damage(whole))
        assert run() == first and kept.read_bytes() == whole  # made again


def test_what_is_kept_is_read_back_and_a_damaged_file_made_again(tmp_path: Path) -> None:
    made: list[int] = []

    def make() -> list[str]:
        made.append(1)
        return ["ana", "ruiz"]

    def read(path: Path) -> list[str] | None:
        data = path.read_bytes()
        return data[5:].decode().split() if data.startswith(b"kept\n") else None

    def dump(words: list[str]) -> bytes:
        return b"kept\n" + " ".join(words).encode()

    path = tmp_path / "cache" / "names.txt"
    assert word_frequency.kept_or_made(path, read, make, dump) == ["ana", "ruiz"]
    assert word_frequency.kept_or_made(path, read, make, dump) == ["ana", "ruiz"]
    assert len(made) == 1  # the second time, read back
    path.write_bytes(b"\x00damaged")
    assert word_frequency.kept_or_made(path, read, make, dump) == ["ana", "ruiz"]
    assert len(made) == 2 and path.read_bytes() == b"kept\nana ruiz"
    assert word_frequency.kept_or_made(None, read, make, dump) == ["ana", "ruiz"]  # nowhere to keep it: made
