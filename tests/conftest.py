"""Shared test helpers: the spaCy model (loaded once), rules, and small builders of
articles, mentions and whole-corpus runs.

Stage tests build `Mention`s by hand (no model needed); fixture tests run the real
pipeline on the articles under tests/fixtures/articles/<scenario>/.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import signal
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from copydesk.checks import run_checks
from copydesk.extract import Extractor
from copydesk.model import Article, Finding, Mention, Role
from copydesk.nlp import load_model
from copydesk.pipeline import CheckResult, check_paths
from copydesk.resolve import Resolution, resolve
from copydesk.rules import HouseEntity, RuleSet, load_rules

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


# -- session-wide objects ---------------------------------------------------------------


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The spaCy model, loaded once for the whole test session."""
    return load_model("en_core_web_sm")


@pytest.fixture(scope="session")
def default_rules() -> RuleSet:
    """The built-in rules without their worked-example house list, so fixture articles
    with made-up officials are judged against each other, not against the real holders
    of their roles (tests of the house list use `house_rules`). Tests that change
    settings use `with_settings`, never mutate this."""
    return dataclasses.replace(load_rules(), entities=[])


@pytest.fixture(scope="session")
def house_rules() -> RuleSet:
    """The built-in rules as shipped, with the worked-example house list."""
    return load_rules()


@pytest.fixture(scope="session")
def extractor(nlp: Language, default_rules: RuleSet) -> Extractor:
    return Extractor(nlp, default_rules)


def with_settings(rules: RuleSet, **sections: Mapping[str, object]) -> RuleSet:
    """A copy of `rules` with some settings changed:
    with_settings(rules, role_conflict={"max_gap_days": 10})."""
    settings = rules.settings
    for name, values in sections.items():
        section = getattr(settings, name)
        settings = settings.model_copy(update={name: section.model_copy(update=dict(values))})
    return dataclasses.replace(rules, settings=settings)


# -- building plain data by hand --------------------------------------------------------


class Corpus:
    """Mentions written by hand, article by article, for the resolve and check stages.

    Each article's text is made up of the mention texts, one per line, so offsets, lines
    and columns are real positions in `Article.text`.
    """

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {}
        self.mentions: dict[str, list[Mention]] = {}
        self.dates: dict[str, dt.date | None] = {}

    def add(
        self,
        article: str,
        text: str,
        label: str = "PERSON",
        source: str = "ner",
        role: tuple[str, str | None] | None = None,
        date: dt.date | None = None,
    ) -> Mention:
        """Add one mention of `text` to `article`; `role` is (title, qualifier)."""
        lines = self.lines.setdefault(article, [])
        ms = self.mentions.setdefault(article, [])
        if date is not None:
            self.dates[article] = date
        self.dates.setdefault(article, None)
        title_text = ""
        if role is not None:
            title_text = role[0].title() + " "
        line_text = title_text + text
        start = sum(len(x) + 1 for x in lines) + len(title_text)
        lines.append(line_text)
        role_obj = None
        if role is not None:
            role_obj = Role(role[0], role[1], title_text.strip(), start - len(title_text))
        m = Mention(article, start, start + len(text), len(lines), len(title_text) + 1, text, label, source, role_obj)
        ms.append(m)
        return m

    def add_many(self, article: str, texts: Iterable[str], **kw: object) -> None:
        for t in texts:
            self.add(article, t, **kw)  # type: ignore[arg-type]

    def add_company(self, article: str, n: int = 2) -> None:
        """Other names that articles about the docks strike keep: a harbour master, a
        union, a ferry firm. Cross-article variants need such shared company."""
        company = [("Tomasz Nowak", "PERSON"), ("Baltic Dockers Union", "ORG"), ("Northline Ferries", "ORG")]
        for text, label in company[:n]:
            self.add(article, text, label=label)

    def spelt_right_in_three_and_wrong_in_one(self, rules: RuleSet) -> RuleSet:
        """"Marta Kowalczyk" in a.txt, b.txt, c.txt and "Marta Kowalczik" in d.txt; returns
        `rules` with a house list that names the minority spelling as right."""
        for article in ("a.txt", "b.txt", "c.txt"):
            self.add(article, "Marta Kowalczyk")
            self.add_company(article)
        self.add("d.txt", "Marta Kowalczik")
        self.add_company("d.txt")
        return dataclasses.replace(rules, entities=[HouseEntity(name="Marta Kowalczik")])

    @property
    def articles(self) -> dict[str, Article]:
        return {
            name: Article(name, "\n".join(lines) + "\n", date=self.dates.get(name))
            for name, lines in self.lines.items()
        }

    def resolve(self, rules: RuleSet) -> Resolution:
        return resolve(self.mentions, rules)

    def findings(self, rules: RuleSet) -> list[Finding]:
        return run_checks(self.resolve(rules), self.mentions, self.articles, rules)


@pytest.fixture
def corpus() -> Corpus:
    return Corpus()


# -- running the real pipeline ----------------------------------------------------------


@pytest.fixture(scope="session")
def check_scenario(nlp: Language, default_rules: RuleSet) -> Callable[[str], CheckResult]:
    """The whole pipeline on tests/fixtures/articles/<scenario>/ (cached per scenario)."""
    cache: dict[str, CheckResult] = {}

    def run(scenario: str) -> CheckResult:
        if scenario not in cache:
            folder = ARTICLES / scenario
            assert folder.is_dir(), f"no fixture folder {folder}"
            cache[scenario] = check_paths([str(folder)], default_rules, nlp)
            assert not cache[scenario].problems, cache[scenario].problems
        return cache[scenario]

    return run


def rows(findings: Sequence[Finding], rule: str | None = None) -> set[tuple[str, str, str, int, int, str, str]]:
    """Findings as (rule, severity, file name, line, column, found, expected), for comparing sets."""
    return {
        (f.rule, f.severity, Path(f.file).name, f.line, f.column, f.found, f.expected)
        for f in findings
        if rule is None or f.rule == rule
    }


def interruptible() -> None:
    """A Popen preexec_fn: Ctrl-C ends the child. A suite started in the background by a
    shell without job control runs with SIGINT ignored, every child inherits that, and
    Python then installs no KeyboardInterrupt handler: a test sending SIGINT would find
    the run going on to its end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def write(folder: Path, name: str, text: str) -> Path:
    """Write a fixture file (UTF-8), making its folder; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def position(path: Path, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of `needle` in a file, by brute force."""
    hits = [
        (number, col + 1)
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
        for col in _find_all(line, needle)
    ]
    return hits[nth]


def _find_all(line: str, needle: str) -> Iterable[int]:
    i = line.find(needle)
    while i != -1:
        yield i
        i = line.find(needle, i + 1)


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through chromedriver; never a browser a tool downloads.
    Skipped with the reason when missing, except in CI, which installs them (.ci/run)."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    if missing:
        reason = f"no headless browser: {', '.join(missing)} missing (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # a skip in CI would hide a broken install
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1200"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
