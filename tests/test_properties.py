"""Properties of normalisation and resolution, checked on generated input (hypothesis):
the order of the articles changes no finding, a second run gives the same report byte for
byte, a spelling is never reported as a variant of itself, and pair scores are
symmetric. Synthetic corpora are built from hand-made mentions (no model); the
end-to-end properties run on the fixture articles, extracted once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from spacy.language import Language

from conftest import ARTICLES, Corpus
from copydesk import cli
from copydesk.checks import run_checks
from copydesk.compare import compare
from copydesk.model import Finding, Mention
from copydesk.normalize import fold, name_key
from copydesk.pipeline import CheckResult, check_paths
from copydesk.resolve import resolve
from copydesk.rules import RuleSet
from copydesk.slips import token_evidence
from copydesk.spellings import article_context, collect_spellings
from test_cli import session_model  # noqa: F401 (session_model: the CLI gets the loaded model)

# hypothesis' own time limit is off: the first example pays for caches (wordfreq, spaCy)
SYNTHETIC = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
END_TO_END = settings(max_examples=15, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

GIVEN = ["Marta", "Tomasz", "Ewa", "Jan", "Olga", "Piotr"]
SURNAMES = ["Kowalczyk", "Nowak", "Wisniewski", "Zielinska", "Lewandowski", "Kaminska"]
COMPANY = [("Baltic Dockers Union", "ORG"), ("Northline Ferries", "ORG"), ("Harbour Council", "ORG")]


@st.composite
def misspelling(draw: st.DrawFn, word: str) -> str:
    """`word` with one edit after its first letter: substitution, deletion, insertion or swap."""
    i = draw(st.integers(1, len(word) - 2))
    letter = draw(st.sampled_from("aeiouyklnrsz"))
    edit = draw(st.sampled_from(["sub", "del", "ins", "swap"]))
    if edit == "sub":
        return word[:i] + letter + word[i + 1 :]
    if edit == "del":
        return word[:i] + word[i + 1 :]
    if edit == "ins":
        return word[:i] + letter + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


@st.composite
def person(draw: st.DrawFn) -> str:
    given, surname = draw(st.sampled_from(GIVEN)), draw(st.sampled_from(SURNAMES))
    if draw(st.booleans()):
        surname = draw(misspelling(surname))
    form = draw(st.sampled_from(["full", "full", "surname", "mr"]))
    return {"full": f"{given} {surname}", "surname": surname, "mr": f"Mr {surname}"}[form]


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    """2-6 articles of 1-6 people each, some keeping company with the same organisations."""
    corpus = Corpus()
    for a in range(draw(st.integers(2, 6))):
        article = f"story-{a}.txt"
        for text in draw(st.lists(person(), min_size=1, max_size=6)):
            corpus.add(article, text)
        for text, label in draw(st.lists(st.sampled_from(COMPANY), max_size=3, unique=True)):
            corpus.add(article, text, label=label)
    return corpus


def findings_in_order(mentions: dict[str, list[Mention]], corpus_articles: dict, rules: RuleSet, order: list[str]) -> list[Finding]:
    shuffled = {a: mentions[a] for a in order}
    articles = {a: corpus_articles[a] for a in order}
    return sorted(run_checks(resolve(shuffled, rules), shuffled, articles, rules), key=Finding.sort_key)


def full_rows(findings: list[Finding]) -> list[tuple[object, ...]]:
    return [(f.rule, f.severity, f.file, f.line, f.column, f.found, f.expected, f.entity, f.message) for f in findings]


# -- synthetic corpora ------------------------------------------------------------------------


@SYNTHETIC
@given(corpus=corpora(), data=st.data())
def test_shuffling_the_articles_changes_no_finding(default_rules: RuleSet, corpus: Corpus, data: st.DataObject) -> None:
    names = list(corpus.mentions)
    order = data.draw(st.permutations(names))
    articles = corpus.articles
    assert full_rows(findings_in_order(corpus.mentions, articles, default_rules, names)) == full_rows(
        findings_in_order(corpus.mentions, articles, default_rules, order)
    )


@SYNTHETIC
@given(corpus=corpora())
def test_a_spelling_is_never_reported_as_a_variant_of_itself(default_rules: RuleSet, corpus: Corpus) -> None:
    for f in corpus.findings(default_rules):
        if f.rule == "name-variant" and f.expected:
            assert name_key(f.found).key != name_key(f.expected).key, f
    for entity in corpus.resolve(default_rules).entities:
        for spelling in entity.evidence:  # every attached spelling differs from its anchor
            assert name_key(spelling, entity.label).key != name_key(entity.canonical, entity.label).key


@SYNTHETIC
@given(corpus=corpora())
def test_pair_scores_are_symmetric(default_rules: RuleSet, corpus: Corpus) -> None:
    settings_ = default_rules.settings.name_variant
    spellings = list(collect_spellings(corpus.mentions, settings_.labels).values())
    context = article_context(corpus.mentions)
    for a in spellings:
        for b in spellings:
            ab, ba = compare(a, b, context, settings_), compare(b, a, context, settings_)
            assert (ab is None) == (ba is None), (a.key, b.key)
            if ab is not None and ba is not None:
                assert ab["score"] == ba["score"] and ab["rule"] == ba["rule"]


@SYNTHETIC
@given(x=st.sampled_from(SURNAMES).flatmap(lambda w: st.one_of(st.just(w), misspelling(w))),
       y=st.sampled_from(SURNAMES).flatmap(lambda w: st.one_of(st.just(w), misspelling(w))))
def test_token_evidence_is_symmetric(default_rules: RuleSet, x: str, y: str) -> None:
    limits = default_rules.settings.name_variant.person
    xy, yx = token_evidence(x.lower(), y.lower(), limits), token_evidence(y.lower(), x.lower(), limits)
    assert (xy is None) == (yx is None)
    if xy is not None and yx is not None:
        assert {k: v for k, v in xy.items() if k != "tokens"} == {k: v for k, v in yx.items() if k != "tokens"}


# -- normalisation ----------------------------------------------------------------------------

NAME_TEXT = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ áéíóúñçøłśżЖжщ习近平' -.’"),
    min_size=1, max_size=30,
)
INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2060", "\ufeff"])


@SYNTHETIC
@given(text=NAME_TEXT)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@SYNTHETIC
@given(text=NAME_TEXT, where=st.integers(0, 30), mark=INVISIBLE, label=st.sampled_from(["PERSON", "ORG"]))
def test_invisible_characters_inside_a_name_change_no_key(text: str, where: int, mark: str, label: str) -> None:
    where = min(where, len(text))
    assert name_key(text[:where] + mark + text[where:], label) == name_key(text, label)


@SYNTHETIC
@given(text=NAME_TEXT, label=st.sampled_from(["PERSON", "ORG"]))
def test_case_changes_no_key(text: str, label: str) -> None:
    assert name_key(text.upper(), label) == name_key(text.lower(), label)


# -- end to end, on the fixture articles --------------------------------------------------------

SCENARIOS = ["misspelt-in-one-article", "credited-three-ways", "undecided-spelling", "role-same-week",
             "possessives-and-plurals", "same-surname-different-people"]


@pytest.fixture(scope="module")
def extracted(nlp: Language, default_rules: RuleSet) -> CheckResult:
    """Several fixture scenarios checked as one corpus, extracted once."""
    return check_paths([str(ARTICLES / s) for s in SCENARIOS], default_rules, nlp)


@END_TO_END
@given(data=st.data())
def test_article_order_changes_no_finding_on_real_extractions(
    extracted: CheckResult, default_rules: RuleSet, data: st.DataObject
) -> None:
    names = list(extracted.mentions)
    order = data.draw(st.permutations(names))
    in_order = findings_in_order(extracted.mentions, extracted.articles, default_rules, names)
    assert full_rows(in_order) == full_rows(findings_in_order(extracted.mentions, extracted.articles, default_rules, order))
    assert full_rows(in_order) == full_rows(sorted(extracted.findings, key=Finding.sort_key))  # as the pipeline found


def test_running_twice_gives_the_same_report_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for s in SCENARIOS:
        shutil.copytree(ARTICLES / s, tmp_path / "articles" / s)
    monkeypatch.chdir(tmp_path)
    reports = []
    for name in ("cold", "warm", "again"):  # the first fills the cache, the others read it
        cli.main(["check", "articles", "-q", "-o", f"{name}.csv"])
        reports.append((tmp_path / f"{name}.csv").read_bytes())
    capsys.readouterr()
    assert reports[0].count(b"\n") > 3  # findings, not two empty reports
    assert reports[0] == reports[1] == reports[2]
