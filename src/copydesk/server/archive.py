"""The warm archive: read, extracted and checked once at start (through the extraction
cache, as `copydesk check` does), then each draft checked against it the way
`copydesk check --changed` checks a changed article.

While it loads, `state` says so with progress; nothing is served as findings until the
whole archive is in (no half-loaded archive shown as "no findings").
"""
from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from ..model import Article, Finding, Mention
from ..names import ArticleNames, names_of

if TYPE_CHECKING:
    from spacy.language import Language

    from ..cache import ExtractionCache
    from ..extract import Extractor
    from ..pipeline import ArchiveWeights, CheckResult
    from ..resolve import Resolution
    from ..rules import RuleSet
    from ..scope import ScopeIndex
    from ..spellings import ArticleMemo

T = TypeVar("T")
Phase = Literal["loading", "ready", "failed"]
DRAFT_FOLDER = "(draft)"  # a draft's path: never a file of the archive, so it never replaces one


class DraftError(Exception):
    """A draft that cannot be checked (unreadable, another language, too big): one line."""


@dataclass
class LoadState:
    phase: Phase = "loading"
    step: str = "starting"  # reading, extracting, checking
    done: int = 0
    total: int = 0
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    ready_after: float | None = None  # seconds from start to ready

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"started": None}


@dataclass
class DraftResult:
    article: Article
    findings: list[Finding]
    archive_articles: int
    resolution: Resolution | None = None  # who is who in the draft's check (what settling a finding asks)


@dataclass(frozen=True)
class Snapshot:
    """One whole load of the archive: swapped in at once, so a request sees a whole
    archive, the old one or the new one, never a mix."""

    result: CheckResult
    raw: dict[str, list[Mention]]  # spaCy's mentions, before the recovery pass
    asked: dict[str, dict[str, bool]]  # the surnames each recovery looked up: known or not
    surnames: dict[str, set[str]]  # each article's surnames and near keys (recover.article_surnames)
    known: set[str]  # all of them: what recovery looks for
    index: ScopeIndex  # the archive's names, for a draft's scope (scope.py)
    weights: ArchiveWeights  # what its names are worth to resolve, weighed once
    names: dict[str, ArticleNames]  # each article's names (what the index and the weights read)
    # each file's (size, mtime_ns) by file_identity, taken before it was read: a file that
    # differs now is read again by a check of files on disk (remote.py)
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)


class PerSnapshot(Generic[T]):
    """What `build` makes of the snapshot being served, made once for it and again when a
    reload swaps the snapshot (the reader view's and the checks of files' indexes)."""

    def __init__(self, build: Callable[[Snapshot], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._made: tuple[Snapshot, T] | None = None

    def of(self, snapshot: Snapshot) -> T:
        with self._lock:
            if self._made is None or self._made[0] is not snapshot:
                self._made = (snapshot, self._build(snapshot))
            return self._made[1]


def _unknown_surname_askers(snapshot: Snapshot) -> dict[str, list[str]]:
    """The articles whose recovery looked up each surname and found it unknown: those a
    draft making it known has to recover again (reading every article's look-ups for
    every draft took a tenth of its check)."""
    askers: dict[str, list[str]] = {}
    for path, asked in snapshot.asked.items():
        for surname, known in asked.items():
            if not known:
                askers.setdefault(surname, []).append(path)
    return askers


def _new_memo(snapshot: Snapshot) -> ArticleMemo:
    from ..spellings import ArticleMemo

    return ArticleMemo()


class WarmArchive:
    """The archive under `paths`, loaded once by `load()` (in a thread), then checked
    against; `refresh()` reloads it through the cache after files change."""

    def __init__(
        self, paths: Sequence[str], rules: RuleSet, model_name: str, open_cache: Callable[[], ExtractionCache] | None, jobs: int = 1
    ) -> None:
        self.paths = list(paths)
        self.rules = rules
        self.model_name = model_name
        self.open_cache = open_cache  # each load opens (and closes) its own, in its own thread
        self.jobs = jobs
        self.baseline: Path | None = None  # accepted findings (settle.py), never shown
        self._accepted: Counter[tuple[str, ...]] = Counter()  # what it held when last read
        self.top = Path.cwd()  # what the baseline's paths are relative to (workspace.Workspace.top)
        self.state = LoadState()
        self.refreshes = 0  # reloads after a change on disk
        self.stale = False  # a change came while it loaded
        self._snapshot: Snapshot | None = None
        self._nlp: Language | None = None
        self._extractor: Extractor | None = None
        self._model_lock = threading.Lock()  # one user of spaCy at a time: a draft or a reload
        from .remote import SnapshotIndex  # here: remote.py imports this module

        # the snapshot's articles by file and by text: what a reload and a check of files
        # take from memory (made once per snapshot, by the reload that swapped it in)
        self.files: PerSnapshot[SnapshotIndex] = PerSnapshot(SnapshotIndex)
        # the archive articles' names, kept draft after draft (spellings.ArticleMemo)
        self.article_memo: PerSnapshot[ArticleMemo] = PerSnapshot(_new_memo)
        self.askers: PerSnapshot[dict[str, list[str]]] = PerSnapshot(_unknown_surname_askers)
        self._swap_lock = threading.Lock()  # one reload or re-check at a time: none swaps in over another's

    @property
    def ready(self) -> bool:
        return self.state.phase == "ready"

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            raise RuntimeError("the archive is not loaded yet")
        return self._snapshot

    @property
    def result(self) -> CheckResult:
        return self.snapshot.result

    @property
    def problems(self) -> list[str]:
        return self._snapshot.result.problems if self._snapshot else []

    @property
    def model_busy(self) -> bool:
        """A draft or a reload is using the model now."""
        return self._model_lock.locked()

    @contextmanager
    def model_when_needed(self) -> Iterator[Callable[[], Language]]:
        """A loader of the model for a caller that runs the pipeline itself (remote.py):
        its first call waits until no draft or reload uses the model, which is then this
        caller's until the block ends. A check that needs no spaCy never waits."""
        held = False

        def model() -> Language:
            nonlocal held
            if not held:
                self._model_lock.acquire()
                held = True
            assert self._nlp is not None
            return self._nlp

        try:
            yield model
        finally:
            if held:
                self._model_lock.release()

    def load(self) -> None:
        """Load the model, read, extract and check the whole archive; `state` follows
        along. An error ends in phase "failed" with its one line, never in an empty archive."""
        from ..extract import Extractor
        from ..model import exception_line
        from ..nlp import load_model

        try:
            self.state.step = "loading the model"
            self._nlp = load_model(self.model_name)
            self._extractor = Extractor(self._nlp, self.rules)
            with self._swap_lock:
                self._snapshot = self._read(progress=True)
        except Exception as exc:  # noqa: BLE001 - the server stays up and says why it has no archive
            self.state.error = exception_line(exc)
            self.state.phase = "failed"
            return
        self.state.done = self.state.total = len(self._snapshot.result.articles)
        self.state.ready_after = round(time.monotonic() - self.state.started, 2)
        self.state.phase = "ready"
        self.files.of(self._snapshot)
        self._snapshot.index.work_out_neighbours()

    def refresh(self) -> None:
        """Read the archive again after a change on disk (unchanged articles come from the
        cache); the old snapshot is served until the new one is whole."""
        if not self.ready:
            return
        with self._swap_lock:
            self._snapshot = self._read(progress=False)
        self.refreshes += 1
        self.files.of(self._snapshot)  # here, not in the first check of files after the edit

    def _read(self, progress: bool) -> Snapshot:
        from ..ingest import discover
        from ..pipeline import ArchiveWeights, check_extracted, extract_all, read_articles
        from ..recover import article_surnames
        from ..resolve import resolve
        from ..scope import ScopeIndex
        from .remote import file_stats

        assert self._nlp is not None
        stats = file_stats(discover(self.paths, excludes=self.rules.ignore_paths)[0])
        cache = self.open_cache() if self.open_cache else None
        if cache is not None and self._snapshot is not None:
            from .remote import WarmCache

            # a reload: the files unchanged since, and the texts the archive holds, come
            # from the snapshot's memory (as for a check of files), not 2,000 rows again
            cache = WarmCache(self.files.of(self._snapshot), cache)
        try:
            if progress:
                self.state.step = "reading"
            articles, problems = read_articles(self.paths, self.rules, cache)
            if progress:
                self.state.total = len(articles)
                self.state.step = "extracting"
            # the model is held while spaCy runs, not while the archive is checked: a draft
            # waits for a reload's few changed files, not for the whole archive's check
            with self.model_when_needed() as model:
                # a reload extracts the few changed files in this process: no worker
                # processes forked from a server whose other threads are busy
                extracted = extract_all(
                    articles, self.rules, model, self._progress if progress else None, cache, self.jobs if progress else 1, problems
                )
            if progress:
                self.state.step = "checking"
            mentions, names = dict(extracted), extracted.names()  # a reload's unchanged articles' names are the snapshot's
            weights = ArchiveWeights.of(names)  # weighed once: for the archive's check and the drafts'
            resolution = resolve(mentions, self.rules, weights.company)
            result = check_extracted({p: a for p, a in articles.items() if p in mentions}, mentions, self.rules, resolution)
            result.problems, result.read = problems, len(result.articles)
            if progress:
                self.state.step = "keeping the archive's mentions"
            kept = [result.articles[p] for p in result.mentions]
            # the recovery pass's inputs and what it looked up, so a draft bringing new
            # surnames re-runs it on the archive articles that asked about them
            raw = cache.extracted(kept) if cache else {}
            asked = {p: a for p, (a, _) in (cache.recovered_lazily(kept) if cache else {}).items()}
            if cache and progress:  # the first load; a reload reads too few rows to tell what is unused
                cache.prune()
        finally:
            if cache:
                cache.close()
        before = self._snapshot
        # worked out again only for the articles a reload read anew (the same raw list: the same article)
        had_raw, had = (before.raw, before.surnames) if before else ({}, {})
        surnames = {p: had[p] if had_raw.get(p) is ms else article_surnames(ms) for p, ms in raw.items()}
        known = set().union(*surnames.values())
        self._read_baseline()
        result.findings = self._not_accepted(result.findings)
        settings = self.rules.settings.name_variant
        # a reload changes a few articles: the index, and the names' variants worked out
        # in it, are carried over, not built and worked out again for every saved edit
        index = before.index.updated(before.result.mentions, result.mentions, settings) if before else ScopeIndex.build(names, settings)
        return Snapshot(result, raw, asked, surnames, known, index, weights, names, stats)

    def recheck(self, rules: RuleSet) -> None:
        """The whole archive checked again with `rules` (and the baseline read again),
        from the mentions already extracted: a settled finding changes the house list or
        the baseline, never what extraction sees (nothing is read again)."""
        from ..pipeline import check_extracted
        from ..resolve import resolve
        from ..scope import ScopeIndex

        with self._swap_lock:
            old = self.snapshot
            # the mentions are the snapshot's: so is what their shared company is worth
            resolution = resolve(old.result.mentions, rules, old.weights.company)
            result = check_extracted(old.result.articles, old.result.mentions, rules, resolution)
            result.problems, result.read = old.result.problems, old.result.read
            self._read_baseline()
            result.findings = self._not_accepted(result.findings)
            settings = rules.settings.name_variant
            # the index holds the mentions' names under these settings: a house entry
            # added or an accepted finding leaves it as it was
            same = settings == self.rules.settings.name_variant
            index = old.index if same else ScopeIndex.build(old.names, settings)
            self.rules = rules
            self._snapshot = Snapshot(result, old.raw, old.asked, old.surnames, old.known, index, old.weights, old.names, old.stats)
        self.refreshes += 1
        if not same:
            index.work_out_neighbours()

    def _read_baseline(self) -> None:
        """BaselineError (one line naming the file) when it cannot be used."""
        from ..suppress import read_baseline

        exists = self.baseline is not None and self.baseline.exists()
        self._accepted = read_baseline(self.baseline) if self.baseline is not None and exists else Counter()

    def _not_accepted(self, findings: list[Finding]) -> list[Finding]:
        """The findings the baseline does not hold."""
        from ..suppress import new_findings

        return new_findings(findings, self._accepted, self.top) if self._accepted else findings

    def _progress(self, done: int, total: int) -> None:
        self.state.done, self.state.total = done, total

    def check_draft(self, text: str, name: str = "draft.txt", date: str | None = None) -> DraftResult:
        """`text`, as the file `name` (its suffix decides the reader), checked against the
        archive: only the findings involving it, as `check --changed` gives them."""
        from ..ingest import ArticleError, article_from_bytes, checked_language, parse_date
        from ..pipeline import check_changed

        snapshot = self.snapshot  # one archive for the whole check, though a refresh may swap it meanwhile
        result = snapshot.result
        path = os.path.join(DRAFT_FOLDER, os.path.basename(name.replace("\\", "/")) or "draft.txt")
        raw_bytes = text.encode("utf-8")
        if len(raw_bytes) > self.rules.settings.max_article_bytes:
            raise DraftError(f"{name}: {len(raw_bytes)} bytes, over settings.max_article_mb ({self.rules.settings.max_article_mb} MB)")
        try:
            article = checked_language(article_from_bytes(path, raw_bytes, self.rules.boilerplate), self.rules)
        except ArticleError as exc:
            raise DraftError(str(exc)) from None
        if date:
            when = parse_date(date)
            if when is None:
                raise DraftError(f"date: cannot read {date!r} as a date (e.g. 2026-12-06)")
            article = dataclasses.replace(article, date=when)
        draft_raw, draft_mentions = self._extract(article, snapshot)
        archive_mentions = self._archive_mentions(draft_raw, snapshot)
        mentions = {**archive_mentions, path: draft_mentions}
        articles = {**result.articles, path: article}
        # the archive's names indexed once; the draft's, and those recovery found anew, added
        redone = {p: ms for p, ms in archive_mentions.items() if ms is not result.mentions.get(p)}
        new_names = names_of({**redone, path: draft_mentions})
        index = snapshot.index.extended(new_names, self.rules.settings.name_variant)
        # the draft's names counted in the support, but the company weighed on the archive
        # alone (ArchiveWeights.with_articles): a draft is not part of the archive
        weights = snapshot.weights.with_articles({p: snapshot.names[p] for p in redone}, new_names)
        memo = self.article_memo.of(snapshot)
        checked = check_changed(articles, mentions, self.rules, [path], index, weights, {**snapshot.names, **new_names}, memo)
        return DraftResult(article, self._not_accepted(checked.findings), len(result.articles), checked.resolution)

    def _extract(self, article: Article, snapshot: Snapshot) -> tuple[list[Mention], list[Mention]]:
        """The draft's mentions from spaCy, and after the recovery pass."""
        from ..patterns import TitleLexicon
        from ..recover import article_surnames, recover

        assert self._extractor is not None
        with self._model_lock:
            raw = next(iter(self._extractor.extract([article])))
            problems = list(self._extractor.problems)
            self._extractor.problems.clear()
        if raw is None:
            raise DraftError(problems[-1] if problems else f"{article.path}: could not be analysed")
        known = snapshot.known | article_surnames(raw)
        return raw, recover(article, raw, known, TitleLexicon.from_rules(self.rules))

    def _archive_mentions(self, draft_raw: list[Mention], snapshot: Snapshot) -> dict[str, list[Mention]]:
        """The archive's mentions, with the recovery pass re-run on the articles that looked
        up a surname the draft makes known (as a run with the draft in the archive does)."""
        from ..patterns import TitleLexicon
        from ..recover import article_surnames, recover

        result = snapshot.result
        new = {m for m in article_surnames(draft_raw) if m not in snapshot.known}
        if not new:
            return dict(result.mentions)
        known = snapshot.known | new
        lexicon = TitleLexicon.from_rules(self.rules)
        out = dict(result.mentions)
        askers = self.askers.of(snapshot)
        for path in sorted({path for surname in new for path in askers.get(surname, ())}):
            if path in snapshot.raw:
                out[path] = recover(result.articles[path], snapshot.raw[path], known, lexicon)
        return out


def start_loading(archive: WarmArchive, on_done: Callable[[], None] | None = None) -> threading.Thread:
    """Load the archive in a thread: the server answers /api/status meanwhile."""

    def run() -> None:
        archive.load()
        if on_done:
            on_done()

    thread = threading.Thread(target=run, name="copydesk-load", daemon=True)
    thread.start()
    return thread
