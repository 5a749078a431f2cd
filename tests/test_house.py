"""The house list (the `entities` rules): a name near, or listed as a wrong form of, a
house name is flagged with the house name; dated roles say who held a title when.

The house list is tests/fixtures/rules/house/house.yaml: the made-up republic of
Veltrania, whose foreign minister was Oskar Brennholt (2021-02-01 to 2023-06-30), then
Ilse Marrowind (from 2023-07-01). It is layered over the built-in rules without their
own worked-example house list (`default_rules`), so nothing but these entries decides.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import Corpus, position, rows, write
from copydesk.checks import name_variant, role_conflict
from copydesk.house import HouseList
from copydesk.model import Finding
from copydesk.pipeline import check_paths
from copydesk.rules import RuleSet, load_rules

HOUSE_DIR = Path(__file__).parent / "fixtures" / "rules" / "house"
NAME = "name-variant"
ROLE = "role-conflict"
FM_VELTRANIA = ("foreign minister", "Veltrania")
IN_BRENNHOLT_TERM = dt.date(2022, 5, 3)
IN_MARROWIND_TERM = dt.date(2024, 5, 3)


@pytest.fixture(scope="module")
def house(default_rules: RuleSet) -> RuleSet:
    """The built-in rules with only the test's house list and its country."""
    mine = load_rules([HOUSE_DIR], with_defaults=False)
    assert {e.name for e in mine.entities} == {"Oskar Brennholt", "Ilse Marrowind", "Yevgenia Trubetsova"}
    return dataclasses.replace(
        default_rules, entities=mine.entities, countries=[*default_rules.countries, *mine.countries]
    )


def names(corpus: Corpus, rules: RuleSet) -> list[Finding]:
    return name_variant.check(corpus.resolve(rules), corpus.mentions, corpus.articles, rules)


def roles(corpus: Corpus, rules: RuleSet) -> list[Finding]:
    return role_conflict.check(corpus.resolve(rules), corpus.mentions, corpus.articles, rules)


def summary(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    return sorted((f.file, f.found, f.expected, f.severity) for f in findings)


# -- names ---------------------------------------------------------------------------------


def test_near_spelling_alone_in_the_corpus_is_flagged_with_the_house_name(corpus: Corpus, house: RuleSet) -> None:
    # one article, one spelling: without the house list nothing would say it is wrong
    corpus.add("ferry.txt", "Oskar Brenholt")
    (f,) = names(corpus, house)
    assert (f.rule, f.severity, f.file, f.found, f.expected) == (NAME, "error", "ferry.txt", "Oskar Brenholt", "Oskar Brennholt")
    assert f.entity == "Oskar Brennholt"
    assert f.evidence["house"] == "Oskar Brennholt"


def test_same_spelling_without_the_house_list_is_not_flagged(corpus: Corpus, default_rules: RuleSet) -> None:
    # the control for the test above
    corpus.add("ferry.txt", "Oskar Brenholt")
    assert names(corpus, default_rules) == []


def test_near_given_name_is_flagged_too(corpus: Corpus, house: RuleSet) -> None:
    corpus.add("ferry.txt", "Oskr Brennholt")
    assert summary(names(corpus, house)) == [("ferry.txt", "Oskr Brennholt", "Oskar Brennholt", "error")]


def test_near_spelling_in_an_article_file_is_flagged_where_it_is(
    tmp_path: Path, nlp: Language, house: RuleSet
) -> None:
    story = write(
        tmp_path,
        "ferry.txt",
        "Ferry strike ends\n\nDate: 2024-02-10\n\n"
        "The strike at the port ended after Oskar Brenholt, a union spokesman, met the harbour board.\n"
        "Brenholt said the crews would return on Monday.\n",
    )
    result = check_paths([str(tmp_path)], house, nlp)
    assert rows(result.findings, NAME) == {
        (NAME, "error", "ferry.txt", *position(story, "Oskar Brenholt"), "Oskar Brenholt", "Oskar Brennholt"),
        (NAME, "error", "ferry.txt", *position(story, "Brenholt", 1), "Brenholt", "Brennholt"),  # surname alone
    }


def test_listed_misspelling_that_is_not_a_near_spelling_is_flagged(corpus: Corpus, house: RuleSet) -> None:
    # "Oscar Brenholz" differs in both parts: only the misspellings list catches it
    assert HouseList(house).match("Oscar Brenholz").how == "misspelt"  # type: ignore[union-attr]
    corpus.add("ferry.txt", "Oscar Brenholz")
    assert summary(names(corpus, house)) == [("ferry.txt", "Oscar Brenholz", "Oskar Brennholt", "error")]
    unlisted = dataclasses.replace(
        house, entities=[e.model_copy(update={"misspellings": ()}) for e in house.entities]
    )
    assert names(corpus, unlisted) == []


def test_alias_is_never_flagged(corpus: Corpus, house: RuleSet) -> None:
    corpus.add_many("a.txt", ["Ossi Brennholt", "Brennholt"])
    corpus.add("b.txt", "Oskar Brennholt")
    assert names(corpus, house) == []


def test_alias_one_letter_from_the_house_name_is_not_taken_for_a_misspelling(corpus: Corpus, house: RuleSet) -> None:
    # "Evgenia" is one edit from "Yevgenia": a near spelling, but listed as right
    corpus.add("a.txt", "Evgenia Trubetsova")
    corpus.add("b.txt", "Yevgenia Trubetsova")
    corpus.add_company("a.txt")
    corpus.add_company("b.txt")
    assert names(corpus, house) == []


def test_house_name_itself_is_not_flagged_beside_a_variant(corpus: Corpus, house: RuleSet) -> None:
    corpus.add_many("a.txt", ["Oskar Brennholt", "Brennholt", "Mr Brennholt"])
    corpus.add("b.txt", "Oskar Brenholt")
    assert summary(names(corpus, house)) == [("b.txt", "Oskar Brenholt", "Oskar Brennholt", "error")]


def test_house_name_alone_is_not_flagged(corpus: Corpus, house: RuleSet) -> None:
    corpus.add_many("a.txt", ["Oskar Brennholt", "Brennholt"])
    assert names(corpus, house) == []


def test_surname_alone_of_a_full_name_misspelt_in_its_given_name_is_not_flagged(corpus: Corpus, house: RuleSet) -> None:
    # "Oskr Brennholt" is wrong; the "Brennholt" and "Mr Brennholt" that follow are right
    corpus.add_many("a.txt", ["Oskr Brennholt", "Brennholt", "Mr Brennholt"])
    assert summary(names(corpus, house)) == [("a.txt", "Oskr Brennholt", "Oskar Brennholt", "error")]


def test_surname_alone_that_carries_the_misspelling_is_flagged_with_the_house_surname(corpus: Corpus, house: RuleSet) -> None:
    corpus.add_many("a.txt", ["Oskar Brenholt", "Brenholt"])
    assert summary(names(corpus, house)) == [
        ("a.txt", "Brenholt", "Brennholt", "error"),
        ("a.txt", "Oskar Brenholt", "Oskar Brennholt", "error"),
    ]


# -- roles ---------------------------------------------------------------------------------


def test_dated_claim_within_a_term_given_to_someone_else_is_an_error_naming_the_holder(
    corpus: Corpus, house: RuleSet
) -> None:
    corpus.add("trade.md", "Pavel Dunmore", role=FM_VELTRANIA, date=IN_BRENNHOLT_TERM)
    (f,) = roles(corpus, house)
    assert (f.rule, f.severity, f.found, f.expected) == (ROLE, "error", "Pavel Dunmore", "Oskar Brennholt")
    assert f.entity == "Foreign Minister of Veltrania"
    assert "2022-05-03" in f.message and "2021-02-01" in f.message


def test_dated_claim_in_an_article_file_is_an_error_naming_the_holder(tmp_path: Path, nlp: Language, house: RuleSet) -> None:
    story = write(
        tmp_path,
        "trade.md",
        "---\ntitle: Trade talks\ndate: 2022-05-03\n---\n"
        "Veltranian Foreign Minister Pavel Dunmore arrived in Lisbon on Tuesday for trade talks.\n\n"
        "Dunmore told reporters the talks would last two days.\n",
    )
    result = check_paths([str(tmp_path)], house, nlp)
    assert rows(result.findings, ROLE) == {
        (ROLE, "error", "trade.md", *position(story, "Pavel Dunmore"), "Pavel Dunmore", "Oskar Brennholt"),
    }


def test_dated_claim_within_the_holders_own_term_is_not_flagged(corpus: Corpus, house: RuleSet) -> None:
    corpus.add("a.md", "Oskar Brennholt", role=FM_VELTRANIA, date=IN_BRENNHOLT_TERM)
    corpus.add("b.md", "Ilse Marrowind", role=FM_VELTRANIA, date=IN_MARROWIND_TERM)
    assert roles(corpus, house) == []


@pytest.mark.parametrize(
    ("holder", "date", "expected"),
    [
        ("Oskar Brennholt", IN_MARROWIND_TERM, "Ilse Marrowind"),  # after his term
        ("Ilse Marrowind", IN_BRENNHOLT_TERM, "Oskar Brennholt"),  # before hers
    ],
)
def test_house_holder_named_outside_their_term_is_an_error_naming_the_holder_of_that_date(
    corpus: Corpus, house: RuleSet, holder: str, date: dt.date, expected: str
) -> None:
    corpus.add("a.md", holder, role=FM_VELTRANIA, date=date)
    (f,) = roles(corpus, house)
    assert (f.found, f.expected, f.severity) == (holder, expected, "error")


def test_term_dates_are_inclusive(corpus: Corpus, house: RuleSet) -> None:
    corpus.add("last-day.md", "Oskar Brennholt", role=FM_VELTRANIA, date=dt.date(2023, 6, 30))
    corpus.add("first-day.md", "Ilse Marrowind", role=FM_VELTRANIA, date=dt.date(2023, 7, 1))
    assert roles(corpus, house) == []


def test_house_list_outvotes_the_articles(corpus: Corpus, house: RuleSet) -> None:
    # three articles give the role to Dunmore in one week, one to Brennholt: the house
    # list says Brennholt held it, so only the three are wrong
    for name in ("d-1.md", "d-2.md", "d-3.md"):
        corpus.add(name, "Pavel Dunmore", role=FM_VELTRANIA, date=IN_BRENNHOLT_TERM)
    corpus.add("b.md", "Oskar Brennholt", role=FM_VELTRANIA, date=IN_BRENNHOLT_TERM)
    assert summary(roles(corpus, house)) == [
        (name, "Pavel Dunmore", "Oskar Brennholt", "error") for name in ("d-1.md", "d-2.md", "d-3.md")
    ]


def test_undated_claim_sharing_a_name_part_with_one_holder_is_a_warning_suggesting_them(
    corpus: Corpus, house: RuleSet
) -> None:
    corpus.add("a.md", "Pavel Marrowind", role=FM_VELTRANIA)
    (f,) = roles(corpus, house)
    assert (f.found, f.expected, f.severity) == ("Pavel Marrowind", "Ilse Marrowind", "warning")
    assert "Ilse Marrowind" in f.message and "date unknown" in f.message


def test_undated_claim_sharing_a_part_with_two_holders_suggests_neither(corpus: Corpus, house: RuleSet) -> None:
    # "Ilse" of Marrowind, "Brennholt" of Brennholt: which one was meant is a guess
    corpus.add("a.md", "Ilse Brennholt", role=FM_VELTRANIA)
    assert roles(corpus, house) == []


def test_undated_claim_sharing_nothing_with_a_holder_is_not_flagged(corpus: Corpus, house: RuleSet) -> None:
    corpus.add("a.md", "Pavel Dunmore", role=FM_VELTRANIA)
    assert roles(corpus, house) == []


def test_undated_claim_of_a_listed_holder_is_not_flagged(corpus: Corpus, house: RuleSet) -> None:
    corpus.add("a.md", "Oskar Brennholt", role=FM_VELTRANIA)
    assert roles(corpus, house) == []


@pytest.mark.parametrize(
    ("holder", "date"),
    [
        ("Pavel Dunmore", IN_BRENNHOLT_TERM),  # dated: would be an error with the country stated
        ("Pavel Marrowind", None),  # undated: would be a warning suggesting Ilse Marrowind
    ],
)
def test_unstated_country_never_gets_a_house_contradiction(
    corpus: Corpus, house: RuleSet, holder: str, date: dt.date | None
) -> None:
    # "Foreign Minister Pavel Dunmore": of which country the article does not say
    corpus.add("a.md", holder, role=("foreign minister", None), date=date)
    assert roles(corpus, house) == []


def test_unstated_country_in_an_article_file_gets_no_house_contradiction(
    tmp_path: Path, nlp: Language, house: RuleSet
) -> None:
    write(
        tmp_path,
        "port.txt",
        "Port visit\n\nDate: 2022-05-03\n\nForeign Minister Pavel Dunmore visited the port on Monday.\n",
    )
    result = check_paths([str(tmp_path)], house, nlp)
    assert any(m.role for ms in result.mentions.values() for m in ms), "the article must give someone the role"
    assert rows(result.findings, ROLE) == set()


def test_another_countrys_minister_is_not_contradicted(corpus: Corpus, house: RuleSet) -> None:
    corpus.add("a.md", "Pavel Dunmore", role=("foreign minister", "Japan"), date=IN_BRENNHOLT_TERM)
    assert roles(corpus, house) == []


def test_date_no_listed_term_covers_is_not_flagged(corpus: Corpus, house: RuleSet) -> None:
    # before Brennholt's term the house list does not say who held the role
    corpus.add("a.md", "Pavel Dunmore", role=FM_VELTRANIA, date=dt.date(2019, 5, 3))
    assert roles(corpus, house) == []


def test_misspelt_holder_within_their_term_is_a_name_variant_only(corpus: Corpus, house: RuleSet) -> None:
    # one typo, one finding: the role is right, the spelling wrong; role-conflict must not
    # make it sound as if someone else had been given the role
    corpus.add("ferry.txt", "Oskar Brenholt", role=FM_VELTRANIA, date=IN_BRENNHOLT_TERM)
    assert roles(corpus, house) == []
    assert summary(names(corpus, house)) == [("ferry.txt", "Oskar Brenholt", "Oskar Brennholt", "error")]


def test_misspelt_holder_outside_their_term_is_still_a_role_conflict(corpus: Corpus, house: RuleSet) -> None:
    corpus.add("ferry.txt", "Oskar Brenholt", role=FM_VELTRANIA, date=IN_MARROWIND_TERM)
    assert summary(roles(corpus, house)) == [("ferry.txt", "Oskar Brenholt", "Ilse Marrowind", "error")]


def _with_entities(rules: RuleSet, text: str, tmp_path: Path) -> RuleSet:
    folder = tmp_path / "house-extra"
    write(folder, "house.yaml", text)
    return dataclasses.replace(rules, entities=load_rules([folder], with_defaults=False).entities)


def test_a_body_role_is_matched_the_way_articles_name_it(corpus: Corpus, default_rules: RuleSet, tmp_path: Path) -> None:
    # "Harbour Board chairman Rune Dahl": the extractor joins the body to the title
    rules = _with_entities(
        default_rules,
        "entities:\n  - name: Eskil Moen\n    roles:\n"
        "      - {title: chairman, of: Harbour Board, from: 2021-01-01, to: 2024-12-31}\n",
        tmp_path,
    )
    assert HouseList(rules).holders("harbour board chairman", None)
    corpus.add("port.md", "Rune Dahl", role=("harbour board chairman", None), date=IN_BRENNHOLT_TERM)
    corpus.add("moen.md", "Eskil Moen", role=("harbour board chairman", None), date=IN_BRENNHOLT_TERM)
    assert summary(roles(corpus, rules)) == [("port.md", "Rune Dahl", "Eskil Moen", "error")]


def test_a_role_without_country_or_body_is_the_title_alone(corpus: Corpus, default_rules: RuleSet, tmp_path: Path) -> None:
    rules = _with_entities(
        default_rules,
        "entities:\n  - name: Eskil Moen\n    roles:\n      - {title: harbour master, from: 2021-01-01}\n",
        tmp_path,
    )
    corpus.add("port.md", "Rune Dahl", role=("harbour master", None), date=IN_BRENNHOLT_TERM)
    assert summary(roles(corpus, rules)) == [("port.md", "Rune Dahl", "Eskil Moen", "error")]
