"""spaCy imported through copydesk (spacy_import.py): without its command line, which a
later `import spacy.cli` still brings in whole. Each case runs in a fresh interpreter:
this one imported spaCy long ago."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parents[1] / "src"


def fresh(script: str) -> dict[str, object]:
    """What `script` leaves in `out`, run in a new interpreter that imports copydesk from SRC."""
    code = f"import json, sys\nout = {{}}\n{script}\nprint(json.dumps(out))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def cli_modules() -> str:
    return "sorted(m for m in sys.modules if m == 'spacy.cli' or m.startswith('spacy.cli.'))"


def test_the_model_loads_and_finds_names_without_spacys_command_line() -> None:
    out = fresh(
        "from copydesk.nlp import load_model\n"
        "nlp = load_model('en_core_web_sm')\n"
        "out['ents'] = [(e.text, e.label_) for e in nlp('Marta Kowalczyk met the mayor of Gdansk.').ents]\n"
        f"out['cli'] = {cli_modules()}\n"
        "import spacy\nout['cli_attribute'] = hasattr(spacy, 'cli')"
    )
    assert ["Marta Kowalczyk", "PERSON"] in out["ents"]  # type: ignore[operator]
    assert out["cli"] == [] and out["cli_attribute"] is False


def test_spacy_info_and_a_later_import_of_the_command_line_work_as_ever() -> None:
    out = fresh(
        "import copydesk.nlp, spacy\n"
        "out['version'] = spacy.info()['spacy_version']\n"
        "import spacy.cli\n"
        "out['download'] = callable(spacy.cli.download)\n"
        f"out['cli'] = 'spacy.cli._util' in {cli_modules()}"
    )
    assert out["version"] and out["download"] is True and out["cli"] is True


def test_spacy_imported_before_copydesk_is_left_as_it_is() -> None:
    out = fresh(f"import spacy\nimport copydesk.nlp\nout['cli'] = 'spacy.cli._util' in {cli_modules()}")
    assert out["cli"] is True


def test_english_stop_words_are_spacys_read_without_importing_spacy() -> None:
    out = fresh(
        "from copydesk.spacy_import import english_stop_words\n"
        "words = english_stop_words()\n"
        "out['spacy'] = 'spacy' in sys.modules\n"
        "from spacy.lang.en.stop_words import STOP_WORDS\n"
        "out['same'] = words == frozenset(STOP_WORDS) and len(words) > 100\n"
        "out['again'] = english_stop_words() == words  # spaCy imported now: its module's own"
    )
    assert out == {"spacy": False, "same": True, "again": True}


def test_checking_changed_articles_needs_no_spacy_until_the_model_is_wanted() -> None:
    """The modules a hook's check runs (cli, pipeline, cache, recovery, checks) import no
    spaCy: it is the model process's to import (model_process.py)."""
    out = fresh(
        "import copydesk.cli, copydesk.pipeline, copydesk.cache, copydesk.recover, copydesk.checks, copydesk.nlp\n"
        "from copydesk.nlp import model_identity\n"
        "out['identity'] = model_identity('en_core_web_sm')\n"
        "out['spacy'] = sorted(m for m in sys.modules if m == 'spacy' or m.startswith(('spacy.', 'thinc')))"
    )
    assert out["spacy"] == []
    assert str(out["identity"]).startswith("en_core_web_sm")
