"""affiliation: where a person is said to work, and resolve weighing two spellings whose
stated workplaces never meet."""
from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import Corpus, with_settings
from copydesk.affiliation import OF_NAME_AFTER, OF_NAME_BEFORE, mark, same_place, stated
from copydesk.compare import compare
from copydesk.evidence import ORGS_DIFFER_WEIGHT, STATED_DIFFER_WEIGHT
from copydesk.extract import Extractor
from copydesk.model import Article, Mention, Role
from copydesk.normalize import name_key
from copydesk.rules import RuleSet
from copydesk.spellings import article_context, collect_spellings


def mentions_in(text: str, *names: tuple[str, str]) -> list[Mention]:
    """Mentions of each (text, label) at its first place in `text`, sorted."""
    found = [Mention("a.txt", (i := text.index(t)), i + len(t), 1, i + 1, t, label, "ner") for t, label in names]
    return sorted(found, key=lambda m: m.start)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ('"Prices will fall," said Ines Varga, an analyst at Korran Bank.', OF_NAME_BEFORE),
        ("Ines Varga, general counsel of the trade body Korran Bank, said no.", OF_NAME_BEFORE),
        ("Ines Varga, a former Korran Bank official, said so.", OF_NAME_BEFORE),
        ("Korran Bank analyst Ines Varga said prices would fall.", OF_NAME_AFTER),
        ("Korran Bank's chief economist Ines Varga said so.", OF_NAME_AFTER),
    ],
)
def test_an_organisation_stated_next_to_a_name_is_marked_as_the_persons(text: str, source: str) -> None:
    marked = mark(text, mentions_in(text, ("Ines Varga", "PERSON"), ("Korran Bank", "ORG")))
    assert next(m for m in marked if m.label == "ORG").source == source


@pytest.mark.parametrize(
    "text",
    [
        "Ines Varga told Korran Bank to wait.",  # no apposition
        "Ines Varga, who once worked at Korran Bank, said so.",  # a clause, not a description
        "Ines Varga, Korran Bank and others said so.",  # a list
        "The leader, Ines Varga, met Korran Bank managers.",  # the name in apposition, then a verb
        "Ines Varga said on Monday that Korran Bank would wait.",
        "Korran Bank idle\n\nInes Varga said so.",  # a headline above, not a job before the name
    ],
)
def test_an_organisation_merely_near_a_name_is_not_marked(text: str) -> None:
    marked = mark(text, mentions_in(text, ("Ines Varga", "PERSON"), ("Korran Bank", "ORG")))
    assert {m.source for m in marked} == {"ner"}


def test_an_organisation_within_the_description_is_the_persons_too() -> None:
    # a department and its parent: either may be how another article puts it
    text = "Ines Varga, deputy director of the Vex Institute at Korran University, said so."
    marked = mark(text, mentions_in(text, ("Ines Varga", "PERSON"), ("Vex Institute", "ORG"), ("Korran University", "ORG")))
    assert [m.source for m in marked if m.label == "ORG"] == [OF_NAME_BEFORE, OF_NAME_BEFORE]
    assert stated(marked)[0] == {("org", ("institute", "vex")), ("org", ("korran", "university"))}


def test_stated_gives_the_person_its_organisation_and_its_title() -> None:
    text = "Ines Varga, an analyst at Korran Bank, met Trade Minister Tomas Reel."
    ms = mark(text, mentions_in(text, ("Ines Varga", "PERSON"), ("Korran Bank", "ORG"), ("Tomas Reel", "PERSON")))
    reel = next(m for m in ms if m.text == "Tomas Reel")
    ms = [replace(m, role=Role("trade minister", None, "Trade Minister", text.index("Trade"))) if m is reel else m for m in ms]
    said = stated(ms)
    assert said[ms[0].start] == {("org", ("bank", "korran"))}
    assert said[reel.start] == {("title", ("minister", "trade"))}


def test_the_extractor_marks_an_apposition_s_organisation(extractor: Extractor) -> None:
    text = "Prices will fall, said Margaret Hendricks, an analyst at Goldman Sachs, on Monday."
    mentions = extractor.mentions(Article("story.txt", text), extractor.nlp(text))
    assert any(m.source == OF_NAME_BEFORE and m.label == "ORG" for m in mentions), mentions


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("org", ("jpmorgan",)), ("org", ("jp", "morgan")), True),  # written apart
        (("org", ("csu",)), ("org", ("christian", "social", "union")), True),  # initials
        (("org", ("citibank",)), ("org", ("citigroup",)), True),  # a group's bank
        (("org", ("bank", "korran")), ("title", ("bank", "governor")), True),  # a shared word
        (("org", ("vexbank",)), ("title", ("home", "secretary")), False),
    ],
)
def test_same_place_is_loose(a: tuple[str, tuple[str, ...]], b: tuple[str, tuple[str, ...]], same: bool) -> None:
    assert same_place(a, b) is same


def two_articles(corpus: Corpus, right: str, slip: str, right_org: str | None, slip_org: str | None,
                 slip_title: tuple[str, str | None] | None = None) -> None:
    """Two articles sharing company; each names one spelling, with the stated workplace."""
    for article, name, org in (("a.txt", right, right_org), ("b.txt", slip, slip_org)):
        corpus.add(article, name, role=slip_title if name == slip else None)
        if org:
            corpus.add(article, org, label="ORG", source=OF_NAME_BEFORE)
        for other in ("Petra Lindqvist", "Omar Haddadi", "Yusuf Kaleli"):
            corpus.add(article, other)


def weigh(corpus: Corpus, rules: RuleSet, slip: str, right: str) -> dict[str, object] | None:
    sp = collect_spellings(corpus.mentions, rules.settings.name_variant.labels)
    return compare(sp[name_key(slip).key], sp[name_key(right).key], article_context(corpus.mentions), rules.settings.name_variant)


def test_two_spellings_stated_at_different_organisations_are_two_people(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Oliver Deane, general counsel of Vexbank" and "Oliver Dean, a former Korran
    # Institute official": both real names, their articles share company (joined without
    # workplaces: the test below), but never a workplace
    two_articles(corpus, "Oliver Dean", "Oliver Deane", "Korran Institute", "Vexbank")
    assert weigh(corpus, default_rules, "Oliver Deane", "Oliver Dean") is None
    loose = with_settings(default_rules, name_variant={"min_weight": -20})
    evidence = weigh(corpus, loose, "Oliver Deane", "Oliver Dean")
    assert evidence is not None and evidence["weights"]["affiliation"] == ORGS_DIFFER_WEIGHT  # type: ignore[index]


def test_an_organisation_against_a_title_weighs_less(corpus: Corpus, default_rules: RuleSet) -> None:
    two_articles(corpus, "Oliver Dean", "Oliver Deane", "Vexbank", None, slip_title=("trade minister", None))
    evidence = weigh(corpus, with_settings(default_rules, name_variant={"min_weight": -20}), "Oliver Deane", "Oliver Dean")
    assert evidence is not None and evidence["weights"]["affiliation"] == STATED_DIFFER_WEIGHT  # type: ignore[index]


@pytest.mark.parametrize(("right_org", "slip_org"), [("Vexbank", "Vexbank"), ("Vexbank", None), (None, None)])
def test_a_slip_that_keeps_its_workplace_or_states_none_is_still_a_slip(
    corpus: Corpus, default_rules: RuleSet, right_org: str | None, slip_org: str | None
) -> None:
    two_articles(corpus, "Oliver Dean", "Oliver Deane", right_org, slip_org)
    evidence = weigh(corpus, default_rules, "Oliver Deane", "Oliver Dean")
    assert evidence is not None and "affiliation" not in evidence["weights"]  # type: ignore[operator]
