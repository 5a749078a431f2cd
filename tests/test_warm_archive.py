"""The server's warm archive in process (server/archive.py): what it keeps per snapshot,
and what a reload holds while it runs. The server process itself: test_server.py."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from conftest import ARTICLES, write
from copydesk import pipeline
from copydesk.cache import ExtractionCache, fingerprint
from copydesk.names import names_of
from copydesk.nlp import model_identity
from copydesk.pipeline import ArchiveWeights
from copydesk.rules import RuleSet
from copydesk.server.archive import DraftResult, WarmArchive

SCENARIO = ARTICLES / "misspelt-in-one-article"
DRAFT = "Port deal signed\n\nUnion leader Marta Kowalzcyk said on Thursday the deal was fair. Tomasz Nowak agreed.\n"
WAIT_S = 60


@pytest.fixture
def archive(tmp_path: Path, default_rules: RuleSet) -> WarmArchive:
    folder = tmp_path / "arch"
    shutil.copytree(SCENARIO, folder)
    model = default_rules.settings.model
    cache = tmp_path / "cache.sqlite"
    warm = WarmArchive([str(folder)], default_rules, model, lambda: ExtractionCache(cache, fingerprint(default_rules, model_identity(model))))
    warm.load()
    assert warm.ready, warm.state.error
    return warm


def test_the_archive_is_weighed_once_and_a_draft_checked_with_its_weights(archive: WarmArchive) -> None:
    snapshot = archive.snapshot
    assert snapshot.weights == ArchiveWeights.of(names_of(snapshot.result.mentions))
    found = archive.check_draft(DRAFT)
    assert ("Marta Kowalzcyk", "Marta Kowalczyk") in {(f.found, f.expected) for f in found.findings}
    assert archive.snapshot is snapshot and snapshot.weights == ArchiveWeights.of(names_of(snapshot.result.mentions))  # left as it was


def test_a_reload_holds_the_model_only_while_spacy_runs(archive: WarmArchive, monkeypatch: pytest.MonkeyPatch) -> None:
    """A draft waits for the few changed files' spaCy run, never for the whole archive's
    check that follows it (the hook right after an edit asks the server then)."""
    checking, go_on = threading.Event(), threading.Event()
    whole_check = pipeline.check_extracted

    def held_up(*args: Any, **kwargs: Any) -> pipeline.CheckResult:
        checking.set()
        go_on.wait(WAIT_S)
        return whole_check(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check_extracted", held_up)
    write(Path(archive.paths[0]), "dockers-5.txt", "Cranes idle\n\nMarta Kowalczyk said the cranes at the port stood idle.\n")
    reload = threading.Thread(target=archive.refresh)
    reload.start()
    try:
        assert checking.wait(WAIT_S), "the reload never reached the archive's check"
        assert not archive.model_busy  # the new article went through spaCy; the model is free
        answers: list[DraftResult] = []
        draft = threading.Thread(target=lambda: answers.append(archive.check_draft(DRAFT)))
        draft.start()
        draft.join(WAIT_S)
        assert answers, "the draft waited for the reload's whole check"
        assert ("Marta Kowalzcyk", "Marta Kowalczyk") in {(f.found, f.expected) for f in answers[0].findings}
    finally:
        go_on.set()
        reload.join(WAIT_S)
    assert archive.refreshes == 1
    assert any(p.endswith("dockers-5.txt") for p in archive.result.articles)


def test_a_reload_takes_the_articles_unchanged_since_from_memory(archive: WarmArchive) -> None:
    """Not their rows from the cache again, nor the scope index built anew: the snapshot's
    own mention lists and index, the new article's names added."""
    before = archive.snapshot
    added = write(Path(archive.paths[0]), "dockers-5.txt", "Cranes idle\n\nMarta Kowalczik said the cranes stood idle.\n")
    archive.refresh()
    after = archive.snapshot
    assert after is not before
    assert all(after.result.mentions[p] is ms for p, ms in before.result.mentions.items())
    assert after.index.neighbours is before.index.neighbours
    new = after.result.mentions[str(added)]
    assert any(m.text == "Marta Kowalczik" for m in new)
    assert ("Marta Kowalczik", "Marta Kowalczyk") in {(f.found, f.expected) for f in after.result.findings if f.file == str(added)}


def test_a_draft_making_a_surname_known_has_the_archive_articles_that_looked_it_up_recovered_again(
    tmp_path: Path, default_rules: RuleSet
) -> None:
    """NER tags nothing in the archive's "Quillon Fennimore"; a draft naming him makes
    the surname known, and the article that looked it up is recovered again for the
    draft's check, as a run with the draft in the archive would."""
    folder = tmp_path / "arch"
    shutil.copytree(SCENARIO, folder)
    spy = write(folder, "spy.txt", "Spy film opens\n\nThe film stars Quillon Fennimore as a spy.\n")
    model = default_rules.settings.model
    cache = tmp_path / "cache.sqlite"
    warm = WarmArchive([str(folder)], default_rules, model, lambda: ExtractionCache(cache, fingerprint(default_rules, model_identity(model))))
    warm.load()
    assert warm.ready, warm.state.error
    assert warm.result.mentions[str(spy)] == []
    draft = "Sequel planned\n\nActor Quillon Fennimore told reporters he would return. Fennimore said filming starts in May.\n"
    for _ in range(2):  # the second time from what the first kept
        found = warm.check_draft(draft)
        recovered = [m for e in found.resolution.entities for m in e.mentions if m.article == str(spy)]
        assert [m.text for m in recovered] == ["Quillon Fennimore"]
    assert warm.result.mentions[str(spy)] == []  # the archive left as it was
