"""The extraction cache (cache.py) through check_paths: a warm run gives what a cold run
gives without loading the model; a changed article, rules or model is redone; a damaged
file is rebuilt, never a crash; two processes share one file; prune, stats and clear.

Every test works on its own cache file in a temporary folder. A run with the cache must
always equal the same run without it: the cache may save time, never change a finding.
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import ARTICLES, write
from copydesk import cache as cache_module
from copydesk.cache import MAX_AGE_DAYS, ExtractionCache, fingerprint
from copydesk.model import Article
from copydesk.pipeline import CheckResult, check_paths, involving
from copydesk.rules import Country, RuleSet, Title

NlpSource = Language | Callable[[], Language]


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder of 8 articles: one misspelt name (dockers) and one role conflict (ministers)."""
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES / "misspelt-in-one-article", folder / "dockers")
    shutil.copytree(ARTICLES / "role-same-week", folder / "ministers")
    return folder


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / ".copydesk" / "cache.sqlite"


def never_load() -> Language:
    raise AssertionError("the model was loaded, though every article should come from the cache")


class CountingLoader:
    """A model loader that counts its calls."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.calls = 0

    def __call__(self) -> Language:
        self.calls += 1
        return self.nlp


@dataclasses.dataclass
class Run:
    result: CheckResult
    cache: ExtractionCache
    warnings: list[str]
    extracted: int  # articles that went through spaCy (progress calls)


def run(
    paths: list[Path | str], rules: RuleSet, nlp: NlpSource, cache_file: Path, fp: str = "fp-1"
) -> Run:
    """One check_paths with a fresh ExtractionCache on `cache_file`, closed afterwards
    (as the command line does)."""
    warnings: list[str] = []
    progress_calls: list[int] = []
    cache = ExtractionCache(cache_file, fp, warn=warnings.append)
    try:
        result = check_paths(
            [str(p) for p in paths], rules, nlp, progress=lambda done, total: progress_calls.append(done), cache=cache
        )
    finally:
        cache.close()
    return Run(result, cache, warnings, len(progress_calls))


def assert_same(cached: CheckResult, uncached: CheckResult) -> None:
    """Everything a check gives, finding by finding and mention by mention."""
    assert cached.findings == uncached.findings
    assert [f.related for f in cached.findings] == [f.related for f in uncached.findings]
    assert cached.mentions == uncached.mentions
    assert cached.articles == uncached.articles
    assert (cached.problems, cached.warnings, cached.read) == (uncached.problems, uncached.warnings, uncached.read)


# -- warm runs -------------------------------------------------------------------------------


def test_warm_run_needs_no_model_and_gives_the_cold_result(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    cold = run([articles], default_rules, nlp, cache_file)
    assert (cold.cache.hits, cold.cache.misses, cold.extracted) == (0, 8, 8)
    # the loader raises: the warm run can only pass if it never needs spaCy
    warm = run([articles], default_rules, never_load, cache_file)
    assert (warm.cache.hits, warm.cache.misses, warm.extracted) == (8, 0, 0)
    assert len(warm.result.findings) == 4  # 3 misspellings and a role conflict
    assert_same(warm.result, cold.result)
    assert warm.warnings == cold.warnings == []


def test_cold_run_with_cache_equals_a_run_without_cache(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    assert_same(run([articles], default_rules, nlp, cache_file).result, check_paths([str(articles)], default_rules, nlp))


def test_editing_one_article_re_extracts_only_that_one(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    run([articles], default_rules, nlp, cache_file)
    edited = articles / "dockers" / "dockers-2.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "Marta Kowalczik will speak on Friday.\n", encoding="utf-8")
    loader = CountingLoader(nlp)
    again = run([articles], default_rules, loader, cache_file)
    assert loader.calls == 1
    assert again.extracted == 1  # the edited article alone went through spaCy
    assert (again.cache.hits, again.cache.misses) == (7, 1)
    assert_same(again.result, check_paths([str(articles)], default_rules, nlp))
    assert any(f.file == str(edited) for f in again.result.findings)  # the edit is seen


def test_identical_texts_at_two_paths_each_keep_their_own_path(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    # one cache row by text serves both files: its mentions must still name each file
    shutil.copy(articles / "dockers" / "dockers-4.txt", articles / "dockers" / "dockers-4-copy.txt")
    run([articles], default_rules, nlp, cache_file)
    warm = run([articles], default_rules, never_load, cache_file)
    assert_same(warm.result, check_paths([str(articles)], default_rules, nlp))
    copy = str(articles / "dockers" / "dockers-4-copy.txt")
    assert {m.article for m in warm.result.mentions[copy]} == {copy}


# -- what invalidates a row ------------------------------------------------------------------------


def test_rules_with_another_title_miss_the_cache_and_are_honoured(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    run([articles], default_rules, nlp, cache_file, fp=fingerprint(default_rules, "model-a"))
    harbour = dataclasses.replace(default_rules, titles=[*default_rules.titles, Title(title="harbour master")])
    new_fp = fingerprint(harbour, "model-a")
    assert new_fp != fingerprint(default_rules, "model-a")
    loader = CountingLoader(nlp)
    again = run([articles], harbour, loader, cache_file, fp=new_fp)
    assert (again.cache.hits, again.cache.misses, again.extracted, loader.calls) == (0, 8, 8, 1)
    assert_same(again.result, check_paths([str(articles)], harbour, nlp))
    # the new title is used: "Harbour master Tomasz Nowak" now gives him a role
    assert any(m.role and m.role.title == "harbour master" for ms in again.result.mentions.values() for m in ms)


@pytest.mark.parametrize(
    "change",
    [
        lambda r: dataclasses.replace(r, titles=[*r.titles, Title(title="harbour master")]),
        lambda r: dataclasses.replace(r, titles=[r.titles[0].model_copy(update={"synonyms": ("head of state",)}), *r.titles[1:]]),
        lambda r: dataclasses.replace(r, countries=[*r.countries, Country(name="Karsova", aliases=("Karsovan",))]),
        lambda r: dataclasses.replace(r, boilerplate=[*r.boilerplate, re.compile("^subscribe")]),
        lambda r: dataclasses.replace(r, settings=r.settings.model_copy(update={"max_article_mb": 0.5})),
    ],
    ids=["new title", "new synonym", "new country", "new ignored line", "lower size limit"],
)
def test_fingerprint_changes_with_what_reading_and_extraction_depend_on(
    default_rules: RuleSet, change: Callable[[RuleSet], RuleSet]
) -> None:
    assert fingerprint(change(default_rules), "m") != fingerprint(default_rules, "m")


def test_fingerprint_changes_with_the_model_and_not_with_check_settings(default_rules: RuleSet) -> None:
    # the model is part of it; role-conflict settings act after extraction and are not
    assert fingerprint(default_rules, "en_core_web_sm-3.8.0") != fingerprint(default_rules, "en_core_web_sm-3.8.1")
    settings = default_rules.settings.model_copy(
        update={"role_conflict": default_rules.settings.role_conflict.model_copy(update={"max_gap_days": 3})}
    )
    assert fingerprint(dataclasses.replace(default_rules, settings=settings), "m") == fingerprint(default_rules, "m")


def test_new_mtime_at_the_same_length_rereads_the_article(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    run([articles], default_rules, nlp, cache_file)
    path = articles / "dockers" / "dockers-4.txt"
    before = path.stat()
    fixed = path.read_text(encoding="utf-8").replace("Kowalczik", "Kowalczyk")  # same length
    path.write_text(fixed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 2_000_000_000))
    assert path.stat().st_size == before.st_size
    again = run([articles], default_rules, nlp, cache_file)
    assert again.extracted == 1
    assert "Kowalczik" not in again.result.articles[str(path)].text
    assert {f.rule for f in again.result.findings} == {"role-conflict"}  # the misspelling is gone
    assert_same(again.result, check_paths([str(articles)], default_rules, nlp))


# -- the recovery pass -----------------------------------------------------------------------------

VOTE = "Port notes\n\nThe motion from Ferrow Quaddle passed easily.\nThe Ferrow Quaddle plan won the vote.\n"
QUAY = "Harbour news\n\nThe new quay was opened on Monday by Grelda Thornwick, the mayor.\n"
COUNCIL = 'Council news\n\n"The vote was fair," said Ferrow Quaddle on Monday.\n'


def people(result: CheckResult, path: Path) -> list[tuple[str, str]]:
    return [(m.text, m.source) for m in result.mentions[str(path)] if m.label == "PERSON"]


def test_recovery_is_redone_when_a_new_article_makes_its_surname_known(
    tmp_path: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    # alone, "Ferrow Quaddle" in vote.txt is no person to spaCy; a new article naming
    # him in full makes "Quaddle" a known surname, so the cached recovery of vote.txt,
    # which looked "Quaddle" up and found it unknown, must be redone
    folder = tmp_path / "articles"
    vote = write(folder, "vote.txt", VOTE)
    write(folder, "quay.txt", QUAY)
    first = run([folder], default_rules, nlp, cache_file)
    assert people(first.result, vote) == []
    write(folder, "council.txt", COUNCIL)
    again = run([folder], default_rules, nlp, cache_file)
    assert again.extracted == 1  # only council.txt went through spaCy
    assert people(again.result, vote) == [("Ferrow Quaddle", "recovered"), ("Ferrow Quaddle", "recovered")]
    assert_same(again.result, check_paths([str(folder)], default_rules, nlp))


def test_recovery_is_redone_when_the_article_naming_the_surname_is_gone(
    tmp_path: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    folder = tmp_path / "articles"
    vote = write(folder, "vote.txt", VOTE)
    write(folder, "quay.txt", QUAY)
    council = write(folder, "council.txt", COUNCIL)
    assert people(run([folder], default_rules, nlp, cache_file).result, vote) != []
    council.unlink()
    again = run([folder], default_rules, never_load, cache_file)  # extraction cached: no model
    assert people(again.result, vote) == []
    assert_same(again.result, check_paths([str(folder)], default_rules, nlp))


# -- damaged files ------------------------------------------------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xffnot a database at all\x13\x37" * 400)


def _bad_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:16] = b"copydesk-broken!"
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:5000])


@pytest.mark.parametrize("damage", [_garbage, _bad_header, _truncated], ids=["garbage", "bad header", "truncated"])
def test_damaged_cache_file_is_rebuilt_with_a_warning(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet, damage: Callable[[Path], None]
) -> None:
    cold = run([articles], default_rules, nlp, cache_file)
    damage(cache_file)
    damaged = run([articles], default_rules, nlp, cache_file)  # no exception: the check goes on
    assert len(damaged.warnings) == 1
    assert str(cache_file) in damaged.warnings[0]
    assert_same(damaged.result, cold.result)
    # rebuilt: the next run is served from it, without warnings and without the model
    rebuilt = run([articles], default_rules, never_load, cache_file)
    assert (rebuilt.warnings, rebuilt.cache.hits, rebuilt.cache.misses) == ([], 8, 0)
    assert_same(rebuilt.result, cold.result)


def test_cache_folder_that_cannot_be_created_leaves_the_check_working(
    tmp_path: Path, articles: Path, nlp: Language, default_rules: RuleSet
) -> None:
    # ".copydesk" is a file: no cache this run, a warning, and the same findings
    (tmp_path / ".copydesk").write_text("not a folder\n", encoding="utf-8")
    done = run([articles], default_rules, nlp, tmp_path / ".copydesk" / "cache.sqlite")
    assert len(done.warnings) == 1 and str(tmp_path / ".copydesk") in done.warnings[0]
    assert_same(done.result, check_paths([str(articles)], default_rules, nlp))


# -- two processes ------------------------------------------------------------------------------------

WORKER = r"""
import json, sys, time
from pathlib import Path
from copydesk.cache import ExtractionCache
from copydesk.model import Article, Mention

folder, name, rounds, ARTICLES = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
warnings, missing = [], []
for r in range(rounds):
    (folder / f"ready-{r}-{name}").touch()
    other = folder / f"ready-{r}-{'b' if name == 'a' else 'a'}"
    deadline = time.monotonic() + 30
    while not other.exists() and time.monotonic() < deadline:  # start each round together
        pass
    cache_file = folder / f"repo-{r}" / ".copydesk" / "cache.sqlite"
    for i in range(ARTICLES):
        cache = ExtractionCache(cache_file, "fp", warn=warnings.append)  # a new connection each time
        path = folder / f"{name}-{i}.txt"
        article = Article(str(path), path.read_text(encoding="utf-8"))
        mention = Mention(article.path, 0, 5, 1, 1, "Story", "PERSON", "ner")
        cache.put_ingested([article])
        cache.put_extracted({article.path: [mention]}, {article.path: article})
        cache.put_recovered({article.path: ({"dunmore": False}, [mention])}, {article.path: article})
        if article.path not in cache.extracted([article]):
            missing.append([r, i])
        cache.close()
print(json.dumps({"warnings": warnings, "missing": missing}))
"""


RACE_ARTICLES = 5  # per writer and round
RACE_ROUNDS = 20


def _race(folder: Path, rounds: int) -> None:
    """Two writer processes, started together on the cache of folder/repo-R for each
    round R; both must write every row, without going on without the cache."""
    for name in ("a", "b"):
        for i in range(RACE_ARTICLES):
            write(folder, f"{name}-{i}.txt", f"Story {name} {i}\n\nPavel Dunmore spoke.\n")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(folder), name, str(rounds), str(RACE_ARTICLES)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert json.loads(out) == {"warnings": [], "missing": []}, f"a writer had to go on without the cache: {out}"
    everything = [Article(str(p), p.read_text(encoding="utf-8")) for p in sorted(folder.glob("?-*.txt"))]
    for r in range(rounds):
        cache = ExtractionCache(folder / f"repo-{r}" / ".copydesk" / "cache.sqlite", "fp")
        assert len(cache.ingested([a.path for a in everything])) == 2 * RACE_ARTICLES
        assert len(cache.extracted(everything)) == 2 * RACE_ARTICLES
        assert len(cache.recovered_lazily(everything)) == 2 * RACE_ARTICLES
        cache.close()


def test_two_processes_write_one_existing_cache_at_once(tmp_path: Path) -> None:
    for r in range(RACE_ROUNDS):  # the files exist, in WAL mode, before the races
        first = ExtractionCache(tmp_path / f"repo-{r}" / ".copydesk" / "cache.sqlite", "fp")
        first.stats()
        first.close()
    _race(tmp_path, RACE_ROUNDS)


def test_two_processes_write_one_new_cache_at_once(tmp_path: Path) -> None:
    # the first hook runs of a fresh checkout (two terminals, parallel CI jobs) create
    # the file together; the race is short, so it is run on RACE_ROUNDS new files
    _race(tmp_path, RACE_ROUNDS)


def test_a_check_of_a_changed_article_decodes_the_mentions_of_its_scope_only(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hook's check weighs the whole archive's names, kept apart in the cache, but reads
    the mentions of the articles its findings can rest on: the dockers' story, not the
    ministers' (a role conflict of other articles), and gives what the full run gives."""
    full = run([articles], default_rules, nlp, cache_file).result
    decoded: list[str] = []
    decoder = cache_module._decoder
    monkeypatch.setattr(cache_module, "_decoder", lambda path, data: lambda: decoded.append(path) or decoder(path, data)())
    changed = str(articles / "dockers" / "dockers-2.txt")
    cache = ExtractionCache(cache_file, "fp-1")
    try:
        scoped = check_paths([str(articles)], default_rules, never_load, cache=cache, changed=[changed])
    finally:
        cache.close()
    assert decoded and not any("ministers" in p for p in decoded)
    assert sorted(decoded) == sorted(scoped.mentions)
    assert scoped.findings == involving(full.findings, [changed]) != []


def test_an_archive_read_from_the_cache_shares_its_names_and_keeps_no_row_once_decoded(tmp_path: Path, cache_file: Path) -> None:
    """A name in many articles is held once (10^5 articles' own copies of their names
    took ~0.4 GB), and an article's row is let go once its mentions are decoded (a full
    run decodes them all), its names still at hand."""
    from copydesk.model import Mention
    from copydesk.names import ArchiveMentions

    articles = []
    for i in range(3):
        path = tmp_path / f"story-{i}.txt"
        path.write_text(f"Story {i}: Ada Quell spoke.", encoding="utf-8")
        articles.append(Article(str(path), path.read_text(encoding="utf-8")))
    cache = ExtractionCache(cache_file, "fp-1")
    try:
        found = {a.path: [Mention(a.path, 9, 18, 1, 10, "Ada Quell", "PERSON", "ner")] for a in articles}
        cache.put_recovered({p: ({}, ms) for p, ms in found.items()}, {a.path: a for a in articles})
        read = cache.recovered_lazily(articles)
    finally:
        cache.close()
    first, *others = [next(iter(held.names.names)) for _, held in read.values()]
    assert all(name is first for name in others) and first == ("Ada Quell", "PERSON")
    archive = ArchiveMentions([a.path for a in articles], {}, {p: held for p, (_, held) in read.items()})
    path = articles[0].path
    assert archive[path] == found[path] and archive[path] is archive[path]
    assert path not in archive._loaders and path in archive and archive.names()[path] == read[path][1].names


def test_a_cache_table_of_an_older_layout_is_made_anew(tmp_path: Path, cache_file: Path) -> None:
    # an older copydesk's file: its recovered table has no column for the lookups and the names
    cache_file.parent.mkdir(parents=True)
    db = sqlite3.connect(cache_file)
    db.execute("CREATE TABLE recovered (key TEXT NOT NULL, fingerprint TEXT NOT NULL, data TEXT NOT NULL, used REAL NOT NULL,"
               " PRIMARY KEY (key, fingerprint))")
    db.execute("INSERT INTO recovered VALUES ('k', 'fp', '{}', 0)")
    db.commit()
    db.close()
    warnings: list[str] = []
    cache = ExtractionCache(cache_file, "fp", warn=warnings.append)
    rows = [_article(tmp_path, "new.txt")]
    _fill(cache, rows)
    assert _cached(cache, rows) == (1, 1, 1) and warnings == []
    cache.close()


# -- prune, stats, clear ------------------------------------------------------------------------------


def _article(folder: Path, name: str) -> Article:
    path = write(folder, name, f"{name}\n\nOskar Brennholt opened the quay.\n")
    return Article(str(path), path.read_text(encoding="utf-8"))


def _fill(cache: ExtractionCache, articles: list[Article]) -> None:
    cache.put_ingested(articles)
    cache.put_extracted({a.path: [] for a in articles}, {a.path: a for a in articles})
    cache.put_recovered({a.path: ({}, []) for a in articles}, {a.path: a for a in articles})


def _cached(cache: ExtractionCache, articles: list[Article]) -> tuple[int, int, int]:
    return (len(cache.ingested([a.path for a in articles])), len(cache.extracted(articles)), len(cache.recovered_lazily(articles)))


def test_prune_drops_the_rows_of_another_fingerprint(tmp_path: Path, cache_file: Path) -> None:
    old_rows, new_rows = [_article(tmp_path, "old.txt")], [_article(tmp_path, "new.txt")]
    old = ExtractionCache(cache_file, "fp-old")
    _fill(old, old_rows)
    old.close()
    new = ExtractionCache(cache_file, "fp-new")
    _fill(new, new_rows)
    assert new.stats().fingerprints == 2
    new.prune()
    assert new.stats().fingerprints == 1
    assert _cached(new, new_rows) == (1, 1, 1)
    new.close()
    old = ExtractionCache(cache_file, "fp-old")
    assert _cached(old, old_rows) == (0, 0, 0)  # in every table
    old.close()


def test_prune_drops_rows_unused_for_max_age_days(tmp_path: Path, cache_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale, fresh = [_article(tmp_path, "stale.txt")], [_article(tmp_path, "fresh.txt")]
    cache = ExtractionCache(cache_file, "fp")
    long_ago = time.time() - (MAX_AGE_DAYS + 1) * 86400
    monkeypatch.setattr(cache_module, "time", types.SimpleNamespace(time=lambda: long_ago))
    _fill(cache, stale)
    monkeypatch.undo()
    _fill(cache, fresh)
    cache.prune()
    assert _cached(cache, stale) == (0, 0, 0)
    assert _cached(cache, fresh) == (1, 1, 1)
    cache.close()


def test_reading_a_row_keeps_it_from_being_pruned(tmp_path: Path, cache_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "unused for 90 days": a row written long ago but read today stays
    rows = [_article(tmp_path, "story.txt")]
    cache = ExtractionCache(cache_file, "fp")
    long_ago = time.time() - (MAX_AGE_DAYS + 1) * 86400
    monkeypatch.setattr(cache_module, "time", types.SimpleNamespace(time=lambda: long_ago))
    _fill(cache, rows)
    monkeypatch.undo()
    assert _cached(cache, rows) == (1, 1, 1)  # read now: used today
    cache.prune()
    assert _cached(cache, rows) == (1, 1, 1)
    cache.close()


def test_a_row_read_again_the_same_day_is_not_written_again(tmp_path: Path, cache_file: Path) -> None:
    # a hook reads 2,000 rows per table: marking each as used on every run wrote them all
    rows = [_article(tmp_path, "story.txt")]
    cache = ExtractionCache(cache_file, "fp")
    _fill(cache, rows)

    def used() -> list[float]:
        with sqlite3.connect(cache_file) as db:
            return [u for (u,) in db.execute("SELECT used FROM ingested UNION ALL SELECT used FROM recovered")]

    written = used()
    assert _cached(cache, rows) == (1, 1, 1)
    assert used() == written
    cache.close()


def test_stats_counts_cached_articles_and_fingerprints(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    run([articles], default_rules, nlp, cache_file, fp="fp-1")
    cache = ExtractionCache(cache_file, "fp-1")
    stats = cache.stats()
    assert (stats.path, stats.rows, stats.fingerprints) == (cache_file, 8, 1)
    assert stats.size_bytes > 0
    cache.close()
    run([articles], default_rules, nlp, cache_file, fp="fp-2")
    cache = ExtractionCache(cache_file, "fp-2")
    assert (cache.stats().rows, cache.stats().fingerprints) == (16, 2)
    cache.close()


def test_clear_removes_the_file_and_the_next_run_starts_cold(
    articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet
) -> None:
    run([articles], default_rules, nlp, cache_file)
    cache = ExtractionCache(cache_file, "fp-1")
    cache.kept_names_file.write_bytes(b"a check of changed articles keeps its names here")
    cache.clear()
    assert not [p for p in cache_file.parent.iterdir() if p.name.startswith(cache_file.name)]
    assert not cache.kept_names_file.exists()
    again = run([articles], default_rules, nlp, cache_file)
    assert (again.cache.hits, again.cache.misses) == (0, 8)


def test_cache_folder_keeps_itself_out_of_git(articles: Path, cache_file: Path, nlp: Language, default_rules: RuleSet) -> None:
    run([articles], default_rules, nlp, cache_file)
    ignore = cache_file.parent / ".gitignore"
    assert "*" in ignore.read_text(encoding="utf-8").splitlines()


# -- paths as given ------------------------------------------------------------------------------------


def test_cached_article_warnings_name_the_file_as_given_in_this_run(
    tmp_path: Path, cache_file: Path, nlp: Language, default_rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a read warning ("FILE:LINE: unknown rule") is part of the cached article; a later
    # run that names the folder another way must still print its own path, as it would
    # without the cache
    folder = tmp_path / "articles"
    write(folder, "story.md", "Talks resume\n\n<!-- copydesk-disable role-conflcit -->\nText.\n")
    monkeypatch.chdir(tmp_path)
    run(["articles"], default_rules, nlp, cache_file)
    absolute = run([folder], default_rules, nlp, cache_file)
    uncached = check_paths([str(folder)], default_rules, nlp)
    assert uncached.warnings and uncached.warnings[0].startswith(f"{folder / 'story.md'}:3:")
    assert absolute.result.warnings == uncached.warnings
