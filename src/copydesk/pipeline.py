"""The whole check: paths -> ingest -> extract -> recover -> resolve -> check -> suppress -> findings."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Sequence, Union

from spacy.language import Language

from .checks import run_checks
from .cache import ExtractionCache
from .extract import Extractor, TitleLexicon
from .ingest import ArticleError, discover, read_article
from .model import Article, Finding, Mention
from .recover import known_surnames, recover
from .resolve import Resolution, resolve
from .rules import RuleSet
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


def read_articles(paths: Sequence[str], rules: RuleSet) -> tuple[dict[str, Article], list[str]]:
    """Every readable article under `paths`; a bad one is reported and skipped."""
    files, problems = discover(paths, excludes=rules.ignore_paths)
    articles: dict[str, Article] = {}
    for path in files:
        try:
            articles[path] = read_article(path, rules.boilerplate)
        except ArticleError as exc:
            problems.append(str(exc))
    return articles, problems


NlpSource = Union[Language, Callable[[], Language]]


def extract_all(
    articles: dict[str, Article],
    rules: RuleSet,
    nlp: NlpSource,
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
) -> dict[str, list[Mention]]:
    """Mentions of every article: from the cache where it has them, else from spaCy
    (the model is loaded only then, when `nlp` is a loader); then the recovery pass,
    which needs the whole corpus and so is never cached."""
    ordered = list(articles.values())
    found = cache.get_many(ordered) if cache else {}
    todo = [a for a in ordered if a.path not in found]
    if todo:
        extractor = Extractor(nlp if isinstance(nlp, Language) else nlp(), rules)
        fresh: dict[str, list[Mention]] = {}
        for i, (article, ms) in enumerate(zip(todo, extractor.extract(todo)), start=1):
            fresh[article.path] = ms
            if progress:
                progress(i, len(todo))
        if cache:
            cache.put_many(fresh, articles)
        found.update(fresh)
    mentions = {a.path: found[a.path] for a in ordered}
    surnames = known_surnames(mentions)
    lexicon = TitleLexicon.from_rules(rules)
    return {path: recover(articles[path], ms, surnames, lexicon) for path, ms in mentions.items()}


def check_paths(
    paths: Sequence[str],
    rules: RuleSet,
    nlp: NlpSource,
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
    changed: Sequence[str] | None = None,
) -> CheckResult:
    """Check every article under `paths`. With `changed`, those files are checked
    against the rest (added to the corpus if outside `paths`) and only findings on them,
    or resting on them, are kept."""
    articles, problems = read_articles([*paths, *(changed or ())], rules)
    mentions = extract_all(articles, rules, nlp, progress, cache)
    resolution = resolve(mentions, rules)
    findings = unsuppressed(run_checks(resolution, mentions, articles, rules), articles)
    if changed is not None:
        findings = involving(findings, changed)
    warnings = [w for a in articles.values() for w in a.warnings]
    return CheckResult(findings, articles, mentions, resolution, problems, warnings)


def involving(findings: Sequence[Finding], changed: Sequence[str]) -> list[Finding]:
    """Findings in the changed files, or resting on them."""
    wanted = {_same_file(p) for p in changed}
    return [f for f in findings if _same_file(f.file) in wanted or wanted & {_same_file(r) for r in f.related}]


def _same_file(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))
