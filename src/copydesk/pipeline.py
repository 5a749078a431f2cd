"""The whole check: paths -> ingest -> extract -> recover -> [scope] -> resolve -> check -> suppress -> findings."""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, TypeGuard, cast

from .cache import ExtractionCache
from .checks import run_checks
from .evidence import CompanyWeights
from .ingest import ArticleError, discover, file_identity, read_checked
from .kept_names import ArchiveNames, archive_names, keep_archive_names, worth_keeping
from .model import Article, Finding, Mention, failure
from .model_process import ModelProcess
from .names import ArchiveMentions, ArticleNames, names_of
from .patterns import TitleLexicon
from .recover import article_surnames, recover
from .resolve import Resolution, archive_company, resolve, resolve_spellings, token_support
from .rules import NameVariantSettings, RuleSet
from .scope import ScopeIndex, needed_scope
from .spellings import ArticleMemo
from .suppress import unsuppressed

if TYPE_CHECKING:  # spaCy is imported where the model is wanted: a hook's process leaves it to model_process.py
    from spacy.language import Language

    from .distribute import Cluster, ClusterResult

Progress = Callable[[int, int], None]


@dataclass
class CheckResult:
    findings: list[Finding]
    articles: dict[str, Article]
    mentions: dict[str, list[Mention]]
    resolution: Resolution
    problems: list[str] = field(default_factory=list)  # one line per input that was skipped
    warnings: list[str] = field(default_factory=list)  # one line per problem that skipped nothing
    read: int = 0  # articles read; with `changed`, `articles` holds only those a finding may rest on


@dataclass(frozen=True)
class ArchiveWeights:
    """What the archive's names are worth to resolve: shared company (archive_company)
    and each name part's support (token_support). Both are weighed on the whole archive,
    as a full run does; a server weighs its archive once, not once per draft."""

    company: CompanyWeights
    support: Counter[str]

    @classmethod
    def of(cls, names: Mapping[str, ArticleNames]) -> ArchiveWeights:
        """The weights of the archive whose articles' names are given."""
        return cls(archive_company(names), token_support(names))

    def with_articles(self, old: Mapping[str, ArticleNames], new: Mapping[str, ArticleNames]) -> ArchiveWeights:
        """These weights with the articles of names `old` replaced by those of `new` (a
        draft added, the recovery pass re-run on a few): the support counted exactly, the
        company left as weighed (one article's names barely move it, and weighing it is
        most of a draft's check on a large archive)."""
        support = self.support.copy()
        support.subtract(token_support(old))
        support.update(token_support(new))
        return ArchiveWeights(self.company, +support)


@dataclass(frozen=True)
class PreparedNames:
    """What a check of changed articles works out of the archive's names (the scope's
    index, each article's company and name parts: kept_names.ArchiveNames), worked out
    from the names the cache holds while the model reads the changed articles
    (extract_all's `meanwhile`), read where it can be from the last run's (`kept`), then
    brought up to the whole archive's names (`completed`): the same as worked out on
    those at once."""

    names: Mapping[str, ArticleNames]
    archive: ArchiveNames

    @classmethod
    def of(cls, names: Mapping[str, ArticleNames], settings: NameVariantSettings, kept: KeptNames | None = None) -> PreparedNames:
        return cls(names, archive_names(names, settings, kept.path if kept else None, kept.stamp if kept else ""))

    def completed(self, names: Mapping[str, ArticleNames], settings: NameVariantSettings) -> tuple[ArchiveNames, ArchiveWeights]:
        """The names and the weights of the archive whose articles' `names` are given."""
        gone = {p for p, held in self.names.items() if names.get(p) != held}
        new = {p: held for p, held in names.items() if self.names.get(p) != held}
        archive = self.archive.replaced(gone, new, settings)
        return archive, ArchiveWeights(archive.company_weights(), archive.support)


@dataclass(frozen=True)
class KeptNames:
    """Where the archive's names worked out are kept between runs (kept_names.py), and
    the cache's fingerprint they were worked out under."""

    path: Path
    stamp: str

    @classmethod
    def beside(cls, cache: ExtractionCache) -> KeptNames:
        return cls(cache.kept_names_file, cache.fingerprint)


def read_articles(
    paths: Sequence[str], rules: RuleSet, cache: ExtractionCache | None = None
) -> tuple[dict[str, Article], list[str]]:
    """Every readable article under `paths`; a bad one is reported and skipped."""
    files, problems = discover(paths, excludes=rules.ignore_paths)
    cached = cache.ingested(files) if cache else {}
    articles: dict[str, Article] = {}
    fresh: list[Article] = []
    for path in files:
        if path in cached:
            articles[path] = cached[path]
            continue
        try:
            articles[path] = read_checked(path, rules)
            fresh.append(articles[path])
        except ArticleError as exc:
            problems.append(str(exc))
    if cache and fresh:
        cache.put_ingested(fresh)
    return articles, problems


# the model, a loader of it (called when first needed), or a process that has it
NlpSource: TypeAlias = "Language | Callable[[], Language] | ModelProcess"


def extract_all(
    articles: dict[str, Article],
    rules: RuleSet,
    nlp: NlpSource,
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
    jobs: int = 1,
    problems: list[str] | None = None,
    meanwhile: Callable[[Mapping[str, ArticleNames]], None] | None = None,
) -> ArchiveMentions:
    """Mentions of every article: spaCy and patterns, then the recovery pass, each from
    the cache where it has the article (decoded when first read: a check of a few
    changed articles reads the names of every article, the mentions of few). The model
    is loaded only when some article must go through spaCy (when `nlp` is a loader). An
    article that fails is left out, with a line in `problems`. `meanwhile` is given the
    names the cache holds of the articles the model does not read, while it reads the
    others (in a process of its own when `nlp` is a ModelProcess)."""
    problems = [] if problems is None else problems
    ordered = list(articles.values())
    nlp = _loaded_once(nlp)
    surnames = cache.extracted_surnames(ordered) if cache else {}
    todo = [a for a in ordered if a.path not in surnames]
    extracting = _start_model(todo, rules, nlp, progress, cache, jobs, problems)
    asked_for = {a.path for a in todo}
    cached = cache.recovered_lazily([a for a in ordered if a.path not in asked_for]) if cache else {}
    if meanwhile:
        meanwhile({p: held.names for p, (_, held) in cached.items()})
    extracted = extracting()
    failed = {a.path for a in todo if a.path not in extracted}  # said in problems; not tried again
    if failed and cache:
        cached.update(cache.recovered_lazily([a for a in todo if a.path in failed]))
    surnames.update({p: article_surnames(ms) for p, ms in extracted.items()})
    known = set().union(*surnames.values())
    # a cached recovery holds while the surnames it looked up are known, or not, as then
    held = {p: ms for p, (asked, ms) in cached.items() if all((t in known) == was for t, was in asked.items())}
    out: dict[str, list[Mention]] = {}
    redo = [a for a in ordered if a.path not in held and a.path not in failed]
    need = [a for a in redo if a.path not in extracted]
    if need and cache:
        extracted.update(cache.extracted(need))
    gone = [a for a in need if a.path not in extracted]  # rows gone since
    extracted.update(_start_model(gone, rules, nlp, None, cache, jobs, problems)())
    lexicon = TitleLexicon.from_rules(rules)
    fresh: dict[str, tuple[dict[str, bool], list[Mention]]] = {}
    for article in redo:
        if article.path not in extracted:
            continue  # failed, said in problems
        asked: dict[str, bool] = {}
        try:
            out[article.path] = recover(article, extracted[article.path], known, lexicon, asked)
        except Exception as exc:  # noqa: BLE001 - an article the pass fails on is skipped and said, the others go on
            problems.append(failure(article.path, "the recovery pass failed", exc))
            continue
        fresh[article.path] = (asked, out[article.path])
    if cache and fresh:
        cache.put_recovered(fresh, articles)
    return ArchiveMentions([a.path for a in ordered], out, held)


def _is_model(nlp: NlpSource) -> TypeGuard[Language]:
    """A loaded model, not a loader: spaCy not imported, none can have been given."""
    language = sys.modules.get("spacy.language")
    return language is not None and isinstance(nlp, language.Language)


def _loaded_once(nlp: NlpSource) -> NlpSource:
    if isinstance(nlp, ModelProcess) or _is_model(nlp):
        return nlp
    loader = cast("Callable[[], Language]", nlp)
    loaded: list[Language] = []

    def load() -> Language:
        if not loaded:
            loaded.append(loader())
        return loaded[0]

    return load


def _start_model(
    todo: list[Article],
    rules: RuleSet,
    nlp: NlpSource,
    progress: Progress | None,
    cache: ExtractionCache | None,
    jobs: int,
    problems: list[str],
) -> Callable[[], dict[str, list[Mention]]]:
    """The model set to read `todo`: what it found, by path, when the returned function
    is called. A ModelProcess reads them meanwhile; a model here, before this returns."""
    if not todo:
        return dict
    if isinstance(nlp, ModelProcess):
        nlp.send(todo)

        def received() -> dict[str, list[Mention]]:
            extracted, said = nlp.receive()
            problems.extend(said)
            return _kept(todo, extracted, progress, cache)

        return received
    from .extract import Extractor

    extractor = Extractor(nlp if _is_model(nlp) else cast("Callable[[], Language]", nlp)(), rules)
    with closing(extractor.extract(todo, n_process=jobs)) as in_process:  # closed on Ctrl-C too: the workers end
        found = _kept(todo, in_process, progress, cache)
    problems += extractor.problems
    return lambda: found


def _kept(
    todo: list[Article], extracted: Iterable[list[Mention] | None], progress: Progress | None, cache: ExtractionCache | None
) -> dict[str, list[Mention]]:
    """The mentions of each article of `todo` the model read (None: skipped), by path,
    put in the cache."""
    found: dict[str, list[Mention]] = {}
    for i, (article, ms) in enumerate(zip(todo, extracted, strict=True), start=1):
        if ms is not None:
            found[article.path] = ms
        if progress:
            progress(i, len(todo))
    if cache:
        cache.put_extracted(found, {a.path: a for a in todo})
    return found


def check_paths(
    paths: Sequence[str],
    rules: RuleSet,
    nlp: NlpSource,
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
    changed: Sequence[str] | None = None,
    jobs: int = 1,
    cluster: Cluster | None = None,
    scope_index: Callable[[Mapping[str, list[Mention]]], ScopeIndex | None] | None = None,
    weights: Callable[[Mapping[str, list[Mention]]], ArchiveWeights | None] | None = None,
) -> CheckResult:
    """Check every article under `paths`. With `changed`, those files are checked
    against the rest (added to the corpus if outside `paths`) and only findings on them,
    or resting on them, are kept. `scope_index` and `weights`: the index of the
    mentions' names for the changed articles' scope and the archive's weights, when the
    caller keeps them (the server), else None."""
    on_cluster: ClusterResult | None = None
    extracted: Mapping[str, list[Mention]]
    names: dict[str, ArticleNames] | None = None  # when at hand: the cache keeps them apart from the mentions
    prepared: list[PreparedNames] = []
    kept: KeptNames | None = None  # where the archive's names worked out are kept (a check of changed articles)
    if cluster is not None:  # ingest to grouping on the Dask workers (distribute.py)
        from .distribute import check_inputs_on_cluster

        files, problems = discover([*paths, *(changed or ())], excludes=rules.ignore_paths)
        on_cluster = check_inputs_on_cluster(files, rules, cluster, progress)
        articles, extracted = on_cluster.articles, on_cluster.mentions
        problems += on_cluster.problems
    else:
        articles, problems = read_articles([*paths, *(changed or ())], rules, cache)

        kept = KeptNames.beside(cache) if cache is not None and changed is not None else None

        def prepare(held: Mapping[str, ArticleNames]) -> None:
            prepared.append(PreparedNames.of(held, rules.settings.name_variant, kept))

        # a check of changed articles works out what it can of the archive's names while
        # the model reads the changed ones (the hook's model is in a process of its own)
        own_index = changed is not None and scope_index is None and weights is None
        archive = extract_all(articles, rules, nlp, progress, cache, jobs, problems, prepare if own_index else None)
        # a check of changed articles reads the mentions of those in its scope only
        extracted, names = archive, archive.names() if changed is not None else None
        articles = {p: a for p, a in articles.items() if p in archive}  # less those that failed
    read = len(articles)
    if changed is not None:
        index: ScopeIndex | None
        archive_weights: ArchiveWeights | None
        if prepared and names is not None:
            worked_out, archive_weights = prepared[0].completed(names, rules.settings.name_variant)
            index = worked_out.index
            if kept is not None and worth_keeping(worked_out):
                keep_archive_names(kept.path, worked_out, kept.stamp, rules.settings.name_variant)
        else:
            index = scope_index(extracted) if scope_index else None
            archive_weights = weights(extracted) if weights else None
        result = check_changed(articles, extracted, rules, changed, index, archive_weights, names)
        result.problems, result.read = problems, read
        return result
    mentions = dict(extracted)
    resolution = None
    if on_cluster is not None:
        resolution = resolve_spellings(
            on_cluster.spellings, on_cluster.context, rules, archive_company(names_of(mentions), on_cluster.context)
        )
    result = check_extracted(articles, mentions, rules, resolution)
    result.problems, result.read = problems, read
    return result


def check_extracted(
    articles: dict[str, Article], mentions: dict[str, list[Mention]], rules: RuleSet, resolution: Resolution | None = None
) -> CheckResult:
    """Every article checked as a whole from its extracted mentions: no reading, no
    model. The server re-checks its archive this way when only the rules changed."""
    if resolution is None:
        resolution = resolve(mentions, rules)
    findings = unsuppressed(run_checks(resolution, mentions, articles, rules), articles)
    warnings = [w for a in articles.values() for w in a.warnings]
    return CheckResult(findings, articles, mentions, resolution, [], warnings, len(articles))


def check_changed(
    articles: Mapping[str, Article],
    mentions: Mapping[str, list[Mention]],
    rules: RuleSet,
    changed: Sequence[str],
    index: ScopeIndex | None = None,
    weights: ArchiveWeights | None = None,
    names: Mapping[str, ArticleNames] | None = None,
    memo: ArticleMemo | None = None,
) -> CheckResult:
    """The `changed` articles checked against the archive whose articles and mentions
    are given (all of them, changed ones included): only findings involving them. Used
    by check_paths and by the server, on its warm archive, which keeps the scope's
    `index` of the mentions' names and the archive's `weights`. `names`: each article's
    names, when at hand (else worked out from the mentions): only the mentions of the
    articles in the scope are read. `memo`: the archive articles' names kept from earlier
    checks against the same mentions (the server's, draft after draft)."""
    names = names if names is not None else names_of(mentions)
    weights = weights or ArchiveWeights.of(names)
    # only the articles a finding on the changed ones can rest on (scope.py)
    settings = rules.settings.name_variant
    scope = needed_scope(names, _changed_among(names, changed), settings, index)
    kept_mentions = {p: mentions[p] for p in mentions if p in scope.articles}
    kept_articles = {p: a for p, a in articles.items() if p in scope.articles}
    # only the names a finding involving the changed articles can rest on are grouped;
    # the support of name parts is counted on the archive too
    resolution = resolve(kept_mentions, rules, weights.company, weights.support, scope.names, memo)
    findings = involving(unsuppressed(run_checks(resolution, kept_mentions, kept_articles, rules), kept_articles), changed)
    warnings = [w for a in kept_articles.values() for w in a.warnings]
    return CheckResult(findings, kept_articles, kept_mentions, resolution, [], warnings, len(articles))


def _changed_among(archive: Mapping[str, object], changed: Sequence[str]) -> list[str]:
    """The archive's paths of the changed files: as given, when the archive holds them so
    (it holds one path per file: discover), else found by file identity ("./a", "/abs/a"):
    working out 2,000 paths' identities took a tenth of a draft's check."""
    if all(p in archive for p in changed):
        return list(changed)
    wanted = {file_identity(p) for p in changed}
    return [p for p in archive if file_identity(p) in wanted]


def involving(findings: Sequence[Finding], changed: Sequence[str]) -> list[Finding]:
    """Findings in the changed files, or resting on them."""
    wanted = {file_identity(p) for p in changed}
    return [f for f in findings if file_identity(f.file) in wanted or wanted & {file_identity(r) for r in f.related}]

