"""The model in a process of its own (model_process.py), as a check of changed articles
uses it: the same mentions as the model here, the check never depending on the
process, and the hook's own process never importing spaCy."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import ARTICLES
from copydesk import model_process
from copydesk.extract import Extractor
from copydesk.model import Article
from copydesk.model_process import ModelProcess
from copydesk.nlp import ModelError
from copydesk.pipeline import check_paths
from copydesk.rules import RuleSet

STORY = (
    "Harbour workers walked out on Monday.\n\n"
    "Union leader Marta Kowalczyk said the strike would last a week. "
    "Transport Minister Pedro Alvarenga met her in Gdansk.\n"
)
needs_a_fork = pytest.mark.skipif(not model_process.worthwhile(), reason="one core, no fork, or threads running here")


@pytest.fixture
def process(default_rules: RuleSet) -> Iterator[ModelProcess]:
    started = ModelProcess.loading("en_core_web_sm", default_rules)
    yield started
    started.close()


def test_the_process_extracts_what_the_model_here_does(process: ModelProcess, extractor: Extractor) -> None:
    articles = [Article("a.txt", STORY), Article("b.txt", STORY.replace("Kowalczyk", "Kowalczik"))]
    found, problems = process.extract(articles)
    assert found == list(extractor.extract(articles))
    assert any(m.text == "Marta Kowalczik" for m in found[1] or [])
    assert problems == []
    again, _ = process.extract(articles[:1])  # asked again: the same process, still there
    assert again == found[:1]


def test_a_process_that_died_leaves_the_extraction_to_this_one(process: ModelProcess, extractor: Extractor) -> None:
    os.kill(process._process.pid, signal.SIGKILL)
    process._process.join()
    articles = [Article("a.txt", STORY)]
    found, problems = process.extract(articles)
    assert found == list(extractor.extract(articles))
    assert problems == []


def test_a_model_that_cannot_be_loaded_is_said_in_one_line(default_rules: RuleSet) -> None:
    process = ModelProcess.loading("nosuchmodel", default_rules)
    try:
        with pytest.raises(ModelError, match="nosuchmodel") as raised:
            process.extract([Article("a.txt", STORY)])
        assert "\n" not in str(raised.value)
    finally:
        process.close()


def test_a_changed_check_through_the_process_equals_one_with_the_model_here(
    tmp_path: Path, nlp: Language, default_rules: RuleSet
) -> None:
    archive = str(ARTICLES / "misspelt-in-one-article")
    changed = [str(p) for p in sorted(Path(archive).glob("*.txt"))[:2]]
    here = check_paths([archive], default_rules, nlp, changed=changed)
    process = ModelProcess.loading("en_core_web_sm", default_rules)
    try:
        there = check_paths([archive], default_rules, process, changed=changed)
    finally:
        process.close()
    assert here.findings and there.findings == here.findings
    assert there.problems == here.problems


def archive_in(folder: Path) -> Path:
    """A copy of a fixture archive under `folder`/articles; its first article."""
    archive = folder / "articles"
    archive.mkdir()
    for path in sorted((ARTICLES / "misspelt-in-one-article").glob("*.txt")):
        (archive / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return sorted(archive.glob("*.txt"))[0]


@needs_a_fork
def test_the_hooks_process_leaves_spacy_to_the_model_process(tmp_path: Path) -> None:
    """A fresh `copydesk check --changed` (the hook's command) never imports spaCy itself:
    a third of its time, spent on another core meanwhile."""
    changed = archive_in(tmp_path)
    script = (
        "import sys\n"
        "from copydesk.cli.check import check_as_a_hook\n"
        f"code = check_as_a_hook(['check', '--changed', {str(changed)!r}, 'articles', '--server', 'off'])\n"
        "print('exit', code, 'spacy here:', 'spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "exit 1 spacy here: False"
    assert "name-variant" in done.stdout


def test_a_hook_whose_model_cannot_be_loaded_exits_2_with_one_line(tmp_path: Path) -> None:
    changed = archive_in(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "copydesk", "check", "--changed", str(changed), "articles", "--model", "nosuchmodel"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 2
    assert "nosuchmodel" in done.stderr and done.stderr.count("\n") == 1, done.stderr
