"""The whole check: paths -> ingest -> extract -> recover -> [scope] -> resolve -> check -> suppress -> findings."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field

from spacy.language import Language

from .cache import ExtractionCache
from .checks import run_checks
from .distribute import Cluster, ClusterResult, check_inputs_on_cluster
from .evidence import CompanyWeights
from .extract import Extractor, TitleLexicon, failure
from .ingest import ArticleError, discover, file_identity, read_checked
from .model import Article, Finding, Mention
from .names import ArchiveMentions, ArticleNames, names_of
from .recover import article_surnames, recover
from .resolve import Resolution, archive_company, resolve, resolve_spellings, token_support
from .rules import RuleSet
from .scope import ScopeIndex, needed_scope
from .suppress import unsuppressed

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


NlpSource = Language | Callable[[], Language]


def extract_all(
    articles: dict[str, Article],
    rules: RuleSet,
    nlp: NlpSource,
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
    jobs: int = 1,
    problems: list[str] | None = None,
) -> ArchiveMentions:
    """Mentions of every article: spaCy and patterns, then the recovery pass, each from
    the cache where it has the article (decoded when first read: a check of a few
    changed articles reads the names of every article, the mentions of few). The model
    is loaded only when some article must go through spaCy (when `nlp` is a loader). An
    article that fails is left out, with a line in `problems`."""
    problems = [] if problems is None else problems
    ordered = list(articles.values())
    nlp = _loaded_once(nlp)
    surnames = cache.extracted_surnames(ordered) if cache else {}
    todo = [a for a in ordered if a.path not in surnames]
    extracted = _run_model(todo, rules, nlp, progress, cache, jobs, problems)
    failed = {a.path for a in todo if a.path not in extracted}  # said in problems; not tried again
    surnames.update({p: article_surnames(ms) for p, ms in extracted.items()})
    known = set().union(*surnames.values())
    cached = cache.recovered_lazily([a for a in ordered if a.path not in extracted]) if cache else {}
    # a cached recovery holds while the surnames it looked up are known, or not, as then
    held = {p: ms for p, (asked, ms) in cached.items() if all((t in known) == was for t, was in asked.items())}
    out: dict[str, list[Mention]] = {}
    redo = [a for a in ordered if a.path not in held and a.path not in failed]
    need = [a for a in redo if a.path not in extracted]
    if need and cache:
        extracted.update(cache.extracted(need))
    gone = [a for a in need if a.path not in extracted]  # rows gone since
    extracted.update(_run_model(gone, rules, nlp, None, cache, jobs, problems))
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


def _loaded_once(nlp: NlpSource) -> NlpSource:
    if isinstance(nlp, Language):
        return nlp
    loaded: list[Language] = []

    def load() -> Language:
        if not loaded:
            loaded.append(nlp())
        return loaded[0]

    return load


def _run_model(
    todo: list[Article],
    rules: RuleSet,
    nlp: NlpSource,
    progress: Progress | None,
    cache: ExtractionCache | None,
    jobs: int,
    problems: list[str],
) -> dict[str, list[Mention]]:
    if not todo:
        return {}
    extractor = Extractor(nlp if isinstance(nlp, Language) else nlp(), rules)
    found: dict[str, list[Mention]] = {}
    with closing(extractor.extract(todo, n_process=jobs)) as extracted:  # closed on Ctrl-C too: the workers end
        for i, (article, ms) in enumerate(zip(todo, extracted, strict=True), start=1):
            if ms is not None:
                found[article.path] = ms
            if progress:
                progress(i, len(todo))
    problems += extractor.problems
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
    if cluster is not None:  # ingest to grouping on the Dask workers (distribute.py)
        files, problems = discover([*paths, *(changed or ())], excludes=rules.ignore_paths)
        on_cluster = check_inputs_on_cluster(files, rules, cluster, progress)
        articles, extracted = on_cluster.articles, on_cluster.mentions
        problems += on_cluster.problems
    else:
        articles, problems = read_articles([*paths, *(changed or ())], rules, cache)
        archive = extract_all(articles, rules, nlp, progress, cache, jobs, problems)
        # a check of changed articles reads the mentions of those in its scope only
        extracted, names = archive, archive.names() if changed is not None else None
        articles = {p: a for p, a in articles.items() if p in archive}  # less those that failed
    read = len(articles)
    if changed is not None:
        index = scope_index(extracted) if scope_index else None
        result = check_changed(articles, extracted, rules, changed, index, weights(extracted) if weights else None, names)
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
) -> CheckResult:
    """The `changed` articles checked against the archive whose articles and mentions
    are given (all of them, changed ones included): only findings involving them. Used
    by check_paths and by the server, on its warm archive, which keeps the scope's
    `index` of the mentions' names and the archive's `weights`. `names`: each article's
    names, when at hand (else worked out from the mentions): only the mentions of the
    articles in the scope are read."""
    names = names if names is not None else names_of(mentions)
    weights = weights or ArchiveWeights.of(names)
    # only the articles a finding on the changed ones can rest on (scope.py)
    wanted = {file_identity(p) for p in changed}
    settings = rules.settings.name_variant
    scope = needed_scope(names, [p for p in names if file_identity(p) in wanted], settings, index)
    kept_mentions = {p: mentions[p] for p in mentions if p in scope.articles}
    kept_articles = {p: a for p, a in articles.items() if p in scope.articles}
    # only the names a finding involving the changed articles can rest on are grouped;
    # the support of name parts is counted on the archive too
    resolution = resolve(kept_mentions, rules, weights.company, weights.support, scope.names)
    findings = involving(unsuppressed(run_checks(resolution, kept_mentions, kept_articles, rules), kept_articles), changed)
    warnings = [w for a in kept_articles.values() for w in a.warnings]
    return CheckResult(findings, kept_articles, kept_mentions, resolution, [], warnings, len(articles))


def involving(findings: Sequence[Finding], changed: Sequence[str]) -> list[Finding]:
    """Findings in the changed files, or resting on them."""
    wanted = {file_identity(p) for p in changed}
    return [f for f in findings if file_identity(f.file) in wanted or wanted & {file_identity(r) for r in f.related}]

