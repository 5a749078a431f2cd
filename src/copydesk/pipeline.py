"""The whole check: paths -> ingest -> extract -> recover -> resolve -> check -> suppress -> findings."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from spacy.language import Language

from .checks import run_checks
from .extract import Extractor
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


def extract_all(
    articles: dict[str, Article], extractor: Extractor, progress: Progress | None = None
) -> dict[str, list[Mention]]:
    mentions: dict[str, list[Mention]] = {}
    ordered = list(articles.values())
    for i, (article, found) in enumerate(zip(ordered, extractor.extract(ordered)), start=1):
        mentions[article.path] = found
        if progress:
            progress(i, len(ordered))
    surnames = known_surnames(mentions)
    return {
        path: recover(articles[path], found, surnames, extractor.lexicon) for path, found in mentions.items()
    }


def check_paths(
    paths: Sequence[str], rules: RuleSet, nlp: Language, progress: Progress | None = None
) -> CheckResult:
    articles, problems = read_articles(paths, rules)
    mentions = extract_all(articles, Extractor(nlp, rules), progress)
    resolution = resolve(mentions, rules)
    findings = unsuppressed(run_checks(resolution, mentions, articles, rules), articles)
    warnings = [w for a in articles.values() for w in a.warnings]
    return CheckResult(findings, articles, mentions, resolution, problems, warnings)
