"""role-conflict: one role given to different people at about the same time."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import ARTICLES, Corpus, position, rows, with_settings, write
from copydesk.checks import role_conflict
from copydesk.checks.roles import archive as role_archive, claims as role_claims
from copydesk.model import Article, Finding, Mention, Role
from copydesk.patterns import TitleLexicon
from copydesk.pipeline import CheckResult, check_paths
from copydesk.resolve import resolve
from copydesk.rules import RuleSet, Title

RULE = "role-conflict"
FM = ("foreign minister", None)
MONDAY = dt.date(2024, 3, 4)


def check(corpus: Corpus, rules: RuleSet) -> list[Finding]:
    return role_conflict.check(corpus.resolve(rules), corpus.mentions, corpus.articles, rules)


def summary(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    return sorted((f.file, f.found, f.expected, f.severity) for f in findings)


def ruiz_and_gil(corpus: Corpus, gil_days_later: int | None = 4, ruiz_articles: int = 3, role=FM, gil_elsewhere: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Ana Ruiz holds the role in `ruiz_articles` articles, Pedro Gil in one dated
    `gil_days_later` days after the first of them (None: no article is dated). Ruiz's
    articles are as far before Gil's as after it, so the role did not just change hands.
    Gil is the trade minister in another article, dated like Ruiz's first: the swapped
    name's usual source (unless not `gil_elsewhere`)."""
    dated = gil_days_later is not None
    gap = gil_days_later or 0
    if gil_elsewhere:
        corpus.add("trade.md", "Pedro Gil", role=("trade minister", role[1]), date=MONDAY if dated else None)
    for i in range(ruiz_articles):
        date = MONDAY + dt.timedelta(days=2 * gap if i % 2 else 0) if dated else None
        corpus.add(f"ruiz-{i + 1}.md", "Ana Ruiz", role=role, date=date)
    corpus.add("gil.md", "Pedro Gil", role=role, date=MONDAY + dt.timedelta(days=gap) if dated else None)


# -- fixture articles, through the whole pipeline -------------------------------------------


def test_role_given_to_another_person_in_the_same_week_is_an_error(check_scenario: Callable[[str], CheckResult]) -> None:
    result = check_scenario("role-same-week")
    gil = ARTICLES / "role-same-week" / "gil.md"
    assert rows(result.findings, RULE) == {
        (RULE, "error", "gil.md", *position(gil, "Pedro Gil"), "Pedro Gil", "Ana Ruiz"),
    }
    (f,) = [f for f in result.findings if f.rule == RULE]
    assert f.entity == "Foreign Minister"
    assert "Ana Ruiz" in f.message and "2024-03-08" in f.message


@pytest.mark.parametrize(
    "scenario",
    [
        "role-years-apart",  # Ruiz in 2021 and again in 2026, Gil in 2024: past max_gap_days
        "role-former",  # "the former Foreign Minister Pedro Gil"
        "role-shadow",  # "Shadow Chancellor" is not "Chancellor"
        "role-co-titled",  # "President Mendes met President Bauer": two countries
        "role-different-countries",  # Chinese and Japanese foreign ministers
        "role-vice",  # "Vice-President Tomas Ferro" is not the president
        "role-looking-back",  # "signed in 1987 by Foreign Minister Pedro Gil": a past holder
    ],
)
def test_no_role_conflict_in_negative_scenario(check_scenario: Callable[[str], CheckResult], scenario: str) -> None:
    result = check_scenario(scenario)
    assert any(m.role for ms in result.mentions.values() for m in ms), "the scenario must give someone a role"
    assert rows(result.findings, RULE) == set()


def test_years_apart_scenario_is_flagged_once_max_gap_days_reaches_it(nlp: Language, default_rules: RuleSet) -> None:
    # the negative above holds because of max_gap_days, not for want of a conflict
    wide = with_settings(default_rules, role_conflict={"max_gap_days": 5000})
    result = check_paths([str(ARTICLES / "role-years-apart")], wide, nlp)
    assert {(Path(f.file).name, f.found, f.expected) for f in result.findings if f.rule == RULE} == {
        ("gil.md", "Pedro Gil", "Ana Ruiz")
    }


# -- which side, which severity -----------------------------------------------------------------


def test_holder_in_fewer_articles_is_flagged_with_the_other_as_expected(corpus: Corpus, default_rules: RuleSet) -> None:
    ruiz_and_gil(corpus)
    findings = check(corpus, default_rules)
    assert summary(findings) == [("gil.md", "Pedro Gil", "Ana Ruiz", "error")]
    assert findings[0].entity == "Foreign Minister"
    assert "ruiz-" in findings[0].message


@pytest.mark.parametrize(
    ("gap", "severity"),
    [
        (0, "error"),
        (31, "error"),  # same_time_days
        (32, "warning"),
        (400, "warning"),  # max_gap_days
        (401, None),
        (900, None),
    ],
)
def test_severity_follows_the_gap_between_article_dates(
    corpus: Corpus, default_rules: RuleSet, gap: int, severity: str | None
) -> None:
    assert default_rules.settings.role_conflict.same_time_days == 31
    assert default_rules.settings.role_conflict.max_gap_days == 400
    ruiz_and_gil(corpus, gil_days_later=gap)
    expected = [("gil.md", "Pedro Gil", "Ana Ruiz", severity)] if severity else []
    assert summary(check(corpus, default_rules)) == expected


def test_gap_limits_come_from_the_settings(corpus: Corpus, default_rules: RuleSet) -> None:
    ruiz_and_gil(corpus, gil_days_later=20)
    assert summary(check(corpus, default_rules)) == [("gil.md", "Pedro Gil", "Ana Ruiz", "error")]
    tight = with_settings(default_rules, role_conflict={"same_time_days": 5, "max_gap_days": 30})
    assert summary(check(corpus, tight)) == [("gil.md", "Pedro Gil", "Ana Ruiz", "warning")]
    tighter = with_settings(default_rules, role_conflict={"same_time_days": 5, "max_gap_days": 10})
    assert check(corpus, tighter) == []


def test_holders_titled_together_in_one_article_are_not_flagged(corpus: Corpus, default_rules: RuleSet) -> None:
    president = ("president", None)
    corpus.add("summit.md", "Alvaro Mendes", role=president, date=MONDAY)
    corpus.add("summit.md", "Karl Bauer", role=president, date=MONDAY)
    for name in ("mendes-1.md", "mendes-2.md"):
        corpus.add(name, "Alvaro Mendes", role=president, date=MONDAY)
    assert check(corpus, default_rules) == []


def test_different_stated_countries_are_different_roles(corpus: Corpus, default_rules: RuleSet) -> None:
    for name in ("liang-1.md", "liang-2.md", "liang-3.md"):
        corpus.add(name, "Liang Wenhao", role=("foreign minister", "China"), date=MONDAY)
    corpus.add("mori.md", "Kenji Moriyama", role=("foreign minister", "Japan"), date=MONDAY)
    assert check(corpus, default_rules) == []


def test_same_stated_country_conflicts_and_names_the_country(corpus: Corpus, default_rules: RuleSet) -> None:
    for name in ("liang-1.md", "liang-2.md", "liang-3.md"):
        corpus.add(name, "Liang Wenhao", role=("foreign minister", "China"), date=MONDAY)
    corpus.add("zhou.md", "Zhou Ming", role=("foreign minister", "China"), date=MONDAY)
    corpus.add("trade.md", "Zhou Ming", role=("commerce minister", "China"), date=MONDAY)
    findings = check(corpus, default_rules)
    assert summary(findings) == [("zhou.md", "Zhou Ming", "Liang Wenhao", "error")]
    assert findings[0].entity == "Foreign Minister of China"


def test_unstated_country_is_taken_from_what_the_article_is_about(corpus: Corpus, default_rules: RuleSet) -> None:
    for name in ("liang-1.md", "liang-2.md", "liang-3.md"):
        corpus.add(name, "Liang Wenhao", role=("foreign minister", "China"), date=MONDAY)
    corpus.add("mori.md", "Kenji Moriyama", role=FM, date=MONDAY)
    corpus.add("mori.md", "Japan", label="GPE")
    corpus.add("mori.md", "Japanese", label="NORP")
    assert check(corpus, default_rules) == []


def test_title_many_hold_at_once_is_never_a_conflict(corpus: Corpus, default_rules: RuleSet) -> None:
    senator = ("senator", None)
    ruiz_and_gil(corpus, role=senator)
    assert summary(check(corpus, default_rules)) == [("gil.md", "Pedro Gil", "Ana Ruiz", "error")]
    many = replace(default_rules, titles=[*default_rules.titles, Title(title="senator", one_holder=False)])
    assert check(corpus, many) == []


def test_role_that_changed_hands_between_dates_is_not_flagged(corpus: Corpus, default_rules: RuleSet) -> None:
    # Ruiz in every article of March, Gil in every article of June: a new minister
    for i, day in enumerate((4, 11, 18)):
        corpus.add(f"ruiz-{i + 1}.md", "Ana Ruiz", role=FM, date=dt.date(2024, 3, day))
    corpus.add("trade.md", "Pedro Gil", role=("trade minister", None), date=dt.date(2024, 3, 4))
    corpus.add("gil.md", "Pedro Gil", role=FM, date=dt.date(2024, 6, 10))
    assert check(corpus, default_rules) == []
    # the same articles with Gil's dated in the same week as Ruiz's: a mistake
    corpus.dates["gil.md"] = dt.date(2024, 3, 12)
    assert summary(check(corpus, default_rules)) == [("gil.md", "Pedro Gil", "Ana Ruiz", "error")]


def test_undated_articles_alone_are_no_conflict(corpus: Corpus, default_rules: RuleSet) -> None:
    # without dates a succession looks just like a mistake: no finding without a swap's evidence
    ruiz_and_gil(corpus, gil_days_later=None, ruiz_articles=3, gil_elsewhere=False)
    assert check(corpus, default_rules) == []


def test_undated_holder_who_holds_another_role_elsewhere_is_flagged(corpus: Corpus, default_rules: RuleSet) -> None:
    # Gil is the finance minister everywhere else: "Foreign Minister Pedro Gil" is a swapped name
    ruiz_and_gil(corpus, gil_days_later=None, ruiz_articles=3, gil_elsewhere=False)
    for name in ("budget-1.md", "budget-2.md"):
        corpus.add(name, "Pedro Gil", role=("finance minister", None))
    assert summary([f for f in check(corpus, default_rules) if f.found == "Pedro Gil" and "Foreign" in f.entity]) == [
        ("gil.md", "Pedro Gil", "Ana Ruiz", "warning")
    ]


@pytest.mark.parametrize(("elsewhere", "flagged"), [(("captain", "Norway"), False), (("captain", "Iceland"), True)])
def test_a_teams_captain_called_its_coach_once_is_no_swap(
    corpus: Corpus, default_rules: RuleSet, elsewhere: tuple[str, str], flagged: bool
) -> None:
    # a country fields a team in every sport: "Norway coach Pedro Gil", who is Norway's
    # captain everywhere else, is the one team's job in other words, not Ana Ruiz's
    # (another sport's coach); the captain of another country's team is a swapped name
    ruiz_and_gil(corpus, gil_days_later=None, ruiz_articles=3, role=("coach", "Norway"), gil_elsewhere=False)
    for name in ("cup-1.md", "cup-2.md"):
        corpus.add(name, "Pedro Gil", role=elsewhere)
    found = [f.file for f in check(corpus, default_rules) if f.found == "Pedro Gil"]
    assert found == (["gil.md"] if flagged else [])


def test_one_holder_named_several_ways_is_no_role_conflict(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Ana Ruiz" and "Ruiz" in one article are one person, whatever the title says
    corpus.add("a.md", "Ana Ruiz", role=FM, date=MONDAY)
    corpus.add("a.md", "Ruiz", role=FM, date=MONDAY)
    corpus.add("b.md", "Ana Ruiz", role=FM, date=MONDAY)
    assert check(corpus, default_rules) == []


def test_ignored_holder_is_not_flagged(corpus: Corpus, default_rules: RuleSet) -> None:
    ruiz_and_gil(corpus)
    rules = replace(default_rules, ignore_entities={"pedro gil"})
    assert check(corpus, rules) == []


# -- swaps and look-alikes on wire copy ----------------------------------------------------------


def test_a_claim_amid_another_holders_is_a_swap_when_the_name_is_followed(corpus: Corpus, default_rules: RuleSet) -> None:
    # Ruiz is the foreign minister all week; Gil, named in three other stories, is given
    # her title once in the middle of it
    for i, day in enumerate((4, 6, 8)):
        corpus.add(f"ruiz-{i + 1}.md", "Ana Ruiz", role=FM, date=MONDAY + dt.timedelta(days=day - 4))
    for name in ("port-1.md", "port-2.md"):
        corpus.add(name, "Pedro Gil", date=MONDAY)
    corpus.add("gil.md", "Pedro Gil", role=FM, date=MONDAY + dt.timedelta(days=3))
    findings = check(corpus, default_rules)
    assert summary(findings) == [("gil.md", "Pedro Gil", "Ana Ruiz", "error")]
    evidence = findings[0].evidence
    assert evidence["other_holder"] == "Ana Ruiz" and evidence["other_articles"] == 3
    assert evidence["other_period"] == "2024-03-04 to 2024-03-08"
    assert evidence["holder_articles"] == 1


@pytest.mark.parametrize(("followed", "flagged"), [(20, True), (3, False)])
def test_the_same_slip_twice_is_a_swap_when_the_name_is_followed_in_another_role(
    corpus: Corpus, default_rules: RuleSet, followed: int, flagged: bool
) -> None:
    # Ruiz is the finance minister all month; Gil, the foreign minister of twenty stories,
    # is given her title in two stories amid hers: the same slip twice, not a second
    # finance minister. Followed in three stories only, two of hers make him one
    for day in range(followed):
        corpus.add(f"gil-fm-{day}.md", "Pedro Gil", role=FM, date=MONDAY + dt.timedelta(days=day))
    finance = ("finance minister", FM[1])
    for week in range(5):
        corpus.add(f"ruiz-{week}.md", "Ana Ruiz", role=finance, date=MONDAY + dt.timedelta(days=7 * week))
    for i in range(2):
        corpus.add(f"odd-{i}.md", "Pedro Gil", role=finance, date=MONDAY + dt.timedelta(days=7 * i + 10))
    expected = [(f"odd-{i}.md", "Pedro Gil", "Ana Ruiz", "error") for i in range(2)] if flagged else []
    assert sorted(summary(check(corpus, default_rules))) == expected


def test_a_past_holder_named_once_in_passing_is_no_swap(corpus: Corpus, default_rules: RuleSet) -> None:
    # the same claim by a name no other story follows ("President Reagan" in an aside)
    for i, day in enumerate((4, 6, 8)):
        corpus.add(f"ruiz-{i + 1}.md", "Ana Ruiz", role=FM, date=MONDAY + dt.timedelta(days=day - 4))
    corpus.add("gil.md", "Pedro Gil", role=FM, date=MONDAY + dt.timedelta(days=3))
    assert check(corpus, default_rules) == []


def test_a_claim_stating_its_country_amid_another_holders_is_a_swap_by_any_name(corpus: Corpus, default_rules: RuleSet) -> None:
    # a small archive: Gil is named nowhere else, but "Morvanian Finance Minister Pedro
    # Gil" in the week Ruiz holds it in three stories is no past holder named in passing
    fm = ("finance minister", "Morvania")
    for i, day in enumerate((4, 6, 8)):
        corpus.add(f"ruiz-{i + 1}.md", "Ana Ruiz", role=fm, date=MONDAY + dt.timedelta(days=day - 4))
    corpus.add("gil.md", "Pedro Gil", role=fm, date=MONDAY + dt.timedelta(days=3))
    assert summary(check(corpus, default_rules)) == [("gil.md", "Pedro Gil", "Ana Ruiz", "error")]


def test_a_claim_stating_its_country_after_another_holders_may_be_their_successor(corpus: Corpus, default_rules: RuleSet) -> None:
    # the same claim two days after Ruiz's last: by a name the archive does not follow,
    # maybe the new minister's first story
    fm = ("finance minister", "Morvania")
    for i, day in enumerate((4, 6, 8)):
        corpus.add(f"ruiz-{i + 1}.md", "Ana Ruiz", role=fm, date=MONDAY + dt.timedelta(days=day - 4))
    corpus.add("gil.md", "Pedro Gil", role=fm, date=MONDAY + dt.timedelta(days=6))
    assert check(corpus, default_rules) == []


@pytest.mark.parametrize(
    "role",
    [
        ("deputy finance minister", "Morvania"),  # a country has several deputies
        ("president", "European Union"),  # a union has several presidents
    ],
)
def test_a_one_off_claim_of_a_title_several_may_hold_needs_a_followed_name(
    corpus: Corpus, default_rules: RuleSet, role: tuple[str, str]
) -> None:
    for i, day in enumerate((4, 6, 8)):
        corpus.add(f"ruiz-{i + 1}.md", "Ana Ruiz", role=role, date=MONDAY + dt.timedelta(days=day - 4))
    corpus.add("gil.md", "Pedro Gil", role=role, date=MONDAY + dt.timedelta(days=3))
    assert check(corpus, default_rules) == []


def test_concurrent_holders_are_learnt_from_the_archive(corpus: Corpus, default_rules: RuleSet) -> None:
    # two vice premiers, each given the title all month: a role two people hold at once
    vp = ("vice premier", "China")
    for i in range(4):
        corpus.add(f"liang-{i}.md", "Liang Wenhao", role=vp, date=MONDAY + dt.timedelta(days=7 * i))
        corpus.add(f"zhou-{i}.md", "Zhou Ming", role=vp, date=MONDAY + dt.timedelta(days=7 * i + 3))
    assert check(corpus, default_rules) == []
    # a one-off third holder who is the commerce minister everywhere else is still a swap
    for name in ("trade-1.md", "trade-2.md"):
        corpus.add(name, "Wu Tianyi", role=("commerce minister", "China"), date=MONDAY)
    corpus.add("wu.md", "Wu Tianyi", role=vp, date=MONDAY + dt.timedelta(days=10))
    assert {(f.file, f.found) for f in check(corpus, default_rules)} == {("wu.md", "Wu Tianyi")}


def test_a_name_is_never_in_conflict_with_a_shorter_form_of_itself(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Enrique Pena" where the other stories say "Enrique Pena Nieto": one person
    president = ("president", "Mexico")
    for i in range(3):
        corpus.add(f"nieto-{i}.md", "Alvaro Mendes Ortiz", role=president, date=MONDAY)
    corpus.add("short.md", "Alvaro Mendes", role=president, date=MONDAY)
    corpus.add("other.md", "Alvaro Mendes", role=("governor", "Mexico"), date=MONDAY)
    assert check(corpus, default_rules) == []


@pytest.mark.parametrize(
    ("x", "y", "same"),
    [
        ("Alvaro Mendes", "Alvaro Mendes Ortiz", True),
        ("Mendes", "Alvaro Mendes", True),
        ("Yoshi Inaba", "Yoshimi Inaba", True),
        ("Bob Hallworth", "Robert Hallworth", True),  # a nickname (the nicknames package)
        ("Robert Hallworth", "Bob Hallworth", True),
        ("Albert Hallworth", "Alfred Hallworth", False),  # both "Al" for short: two names still
        ("Pedro Gil", "Ana Gil", False),
        ("Pedro Gil", "Pedro Ruiz", False),
    ],
)
def test_same_person_by_name_parts(x: str, y: str, same: bool) -> None:
    assert role_conflict._same_person(x, y) is same


@pytest.mark.parametrize(
    ("other", "claimed", "same"),
    [
        # a club's manager named once as a national team's: another role, so a swap's evidence
        (("harbour fc manager", None), ("manager", "Scotland"), False),
        # a body's title claimed once for the country's role the holder has: the same role
        (("president", "European Union"), ("commission president", None), True),
        # ... but not with a country the body's words do not name
        (("president", "France"), ("commission president", None), False),
        (("president", None), ("president", "France"), True),
        (("trade minister", "France"), ("trade and industry minister", "France"), True),
        (("prime minister", "France"), ("deputy prime minister", "France"), False),
        # two staff titles of one country's team: one job in other words
        (("manager", "Scotland"), ("coach", "Scotland"), True),
        (("captain", "Spain"), ("coach", "Spain"), True),
        (("captain", "Wales"), ("coach", "Spain"), False),
        (("finance minister", "France"), ("finance minister", "Spain"), False),
        # a body by its initials, every word counted
        (("boj governor", None), ("bank of japan governor", None), True),
        (("bank of japan governor", None), ("boj governor", None), True),
        (("boj governor", None), ("bank of japan deputy governor", None), False),
        (("ecb president", None), ("european commission president", None), False),
    ],
)
def test_same_role_in_other_words(
    default_rules: RuleSet, other: tuple[str, str | None], claimed: tuple[str, str | None], same: bool
) -> None:
    names = role_archive.country_words(TitleLexicon.from_rules(default_rules))
    assert role_archive.same_role(other, claimed, names) is same


def test_presidents_of_unknown_country_are_never_compared(corpus: Corpus, default_rules: RuleSet) -> None:
    # "President Kenji Moriyama" of a company, "President Karl Bauer" of who knows what
    president = ("president", None)
    for i in range(3):
        corpus.add(f"bauer-{i}.md", "Karl Bauer", role=president, date=MONDAY)
    for name in ("firm-1.md", "firm-2.md"):
        corpus.add(name, "Kenji Moriyama", role=("chief executive", None), date=MONDAY)
    corpus.add("firm.md", "Kenji Moriyama", role=president, date=MONDAY)
    assert check(corpus, default_rules) == []


def test_a_lone_given_name_is_not_flagged(corpus: Corpus, default_rules: RuleSet) -> None:
    ruiz_and_gil(corpus)
    corpus.add("first-name.md", "Pedro", role=FM, date=MONDAY)
    assert "first-name.md" not in {f.file for f in check(corpus, default_rules)}


@pytest.mark.parametrize(
    ("before", "date", "looks_back"),
    [
        ("The treaty was signed in 1987 by ", dt.date(2024, 3, 4), True),
        ("As far back as 2007 ", dt.date(2012, 1, 4), True),
        ("In 2024 ", dt.date(2024, 3, 4), False),  # this year: a present claim
        ("In 1987 the treaty was signed. Today ", dt.date(2024, 3, 4), False),  # another sentence
        ("Founded in 1987, the firm said ", None, True),  # undated: any year looks back
    ],
)
def test_a_past_year_just_before_a_title_looks_back(before: str, date: dt.date | None, looks_back: bool) -> None:
    text = before + "Foreign Minister Pedro Gil"
    assert role_claims._looks_back(text, len(before), date) is looks_back


def test_a_title_stating_another_country_than_the_holders_is_a_swap(corpus: Corpus, default_rules: RuleSet) -> None:
    # Vidal is France's president in four stories; one gives him Norway's foreign
    # ministry a month after Ruiz's last claim of it: no successor, a name from another story
    for i in range(4):
        corpus.add(f"vidal-{i}.md", "Marc Vidal", role=("president", "France"), date=MONDAY + dt.timedelta(days=7 * i))
    for i, day in enumerate((0, 20, 40)):
        corpus.add(f"ruiz-{i}.md", "Ana Ruiz", role=("foreign minister", "Norway"), date=MONDAY + dt.timedelta(days=day))
    corpus.add("vidal-fm.md", "Marc Vidal", role=("foreign minister", "Norway"), date=MONDAY + dt.timedelta(days=80))
    assert summary(check(corpus, default_rules)) == [("vidal-fm.md", "Marc Vidal", "Ana Ruiz", "warning")]
    # the same claim of France's foreign ministry: his own country's, maybe a new post
    corpus.mentions["vidal-fm.md"] = []
    corpus.lines["vidal-fm.md"] = []
    corpus.add("vidal-fm.md", "Marc Vidal", role=("foreign minister", "France"), date=MONDAY + dt.timedelta(days=80))
    assert check(corpus, default_rules) == []


def test_a_claim_inside_another_holders_period_is_a_swap(corpus: Corpus, default_rules: RuleSet) -> None:
    # Ruiz chairs the bank in stories months before and after; Gil, whom the archive
    # follows, is given the post once in between
    bank = ("nordbank chairman", None)
    for i, day in enumerate((0, 150, 300)):
        corpus.add(f"ruiz-{i}.md", "Ana Ruiz", role=bank, date=MONDAY + dt.timedelta(days=day))
    for name in ("port-1.md", "port-2.md"):
        corpus.add(name, "Pedro Gil", date=MONDAY)
    corpus.add("gil.md", "Pedro Gil", role=bank, date=MONDAY + dt.timedelta(days=100))
    assert summary(check(corpus, default_rules)) == [("gil.md", "Pedro Gil", "Ana Ruiz", "warning")]
    # after Ruiz's last claim instead: Gil may have taken over
    corpus.dates["gil.md"] = MONDAY + dt.timedelta(days=340)
    assert check(corpus, default_rules) == []


def test_a_story_about_england_gives_the_united_kingdoms_role(corpus: Corpus, default_rules: RuleSet) -> None:
    # England has no government of its own (countries.yaml: part_of): an unstated
    # deputy prime minister in a story about England is the UK's
    dpm = ("deputy prime minister", "United Kingdom")
    for i in range(3):
        corpus.add(f"ruiz-{i}.md", "Ana Ruiz", role=dpm)
    for name in ("budget-1.md", "budget-2.md"):
        corpus.add(name, "Pedro Gil", role=("chancellor", "United Kingdom"))
    corpus.add("gil.md", "Pedro Gil", role=("deputy prime minister", None))
    corpus.add_many("gil.md", ["England", "England"], label="GPE")
    findings = check(corpus, default_rules)
    assert summary(findings) == [("gil.md", "Pedro Gil", "Ana Ruiz", "warning")]
    assert findings[0].entity == "Deputy Prime Minister of United Kingdom"


def test_a_one_off_title_of_another_country_than_a_well_known_holders_is_flagged_alone(
    corpus: Corpus, default_rules: RuleSet
) -> None:
    # Vidal is France's president in ten stories; one makes him Norway's deputy economy
    # minister, a title no one else is given: no other holder to name, still a warning
    for i in range(role_conflict.MIN_FOREIGN_ALONE_ARTICLES):
        corpus.add(f"vidal-{i}.md", "Marc Vidal", role=("president", "France"), date=MONDAY + dt.timedelta(days=i))
    corpus.add("odd.md", "Marc Vidal", role=("deputy economy minister", "Norway"), date=MONDAY)
    (f,) = check(corpus, default_rules)
    assert (f.file, f.found, f.expected, f.severity) == ("odd.md", "Marc Vidal", "", "warning")
    assert "France" in f.message
    # named so in fewer stories, his country is no strong evidence
    for i in range(1, role_conflict.MIN_FOREIGN_ALONE_ARTICLES):
        del corpus.mentions[f"vidal-{i}.md"], corpus.lines[f"vidal-{i}.md"], corpus.dates[f"vidal-{i}.md"]
    assert check(corpus, default_rules) == []


def test_a_title_the_archive_gives_one_country_is_that_countrys_for_a_holder_of_another(
    corpus: Corpus, default_rules: RuleSet
) -> None:
    # Brandauer is Austria's chancellor in every story that says whose; Vidal, France's
    # president, is given "Chancellor" once with no country: by his nationality alone it
    # would be France's chancellorship, no one else's, and the swap would go unseen
    for i in range(role_claims.USUAL_MIN):
        corpus.add(f"brandauer-{i}.md", "Hilde Brandauer", role=("chancellor", "Austria"), date=MONDAY + dt.timedelta(days=7 * i))
    for i in range(3):
        corpus.add(f"vidal-{i}.md", "Marc Vidal", role=("president", "France"), date=MONDAY + dt.timedelta(days=7 * i))
    corpus.add("odd.md", "Marc Vidal", role=("chancellor", None), date=MONDAY + dt.timedelta(days=10))
    assert summary(check(corpus, default_rules)) == [("odd.md", "Marc Vidal", "Hilde Brandauer", "error")]  # the same week
    # a title the archive states with France too is not Austria's alone
    corpus.add("paris.md", "Luc Ferrand", role=("chancellor", "France"), date=MONDAY - dt.timedelta(days=400))
    assert check(corpus, default_rules) == []


@pytest.mark.parametrize("goes_on_about_gil", [False, True])
def test_a_story_that_names_the_other_holder_and_never_the_claimed_one_again_is_a_slip(
    corpus: Corpus, default_rules: RuleSet, goes_on_about_gil: bool
) -> None:
    # undated, one article each: "Foreign Minister Pedro Gil" in a story that goes on
    # about "Ruiz" is a slip of the name; a story that goes on about "Gil" is his
    ruiz_and_gil(corpus, gil_days_later=None, ruiz_articles=1, gil_elsewhere=False)
    corpus.add("gil.md", "Ruiz")
    corpus.add("ruiz-1.md", "Ruiz")
    if goes_on_about_gil:
        corpus.add("gil.md", "Gil")
    expected = [] if goes_on_about_gil else [("gil.md", "Pedro Gil", "Ana Ruiz", "warning")]
    assert summary(check(corpus, default_rules)) == expected


def test_a_namesake_of_the_other_holder_is_not_them(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Eva Ruiz" named in Gil's story is not Ana Ruiz: nothing says the story is about her
    ruiz_and_gil(corpus, gil_days_later=None, ruiz_articles=1, gil_elsewhere=False)
    corpus.add("gil.md", "Eva Ruiz")
    assert check(corpus, default_rules) == []


@pytest.mark.parametrize(
    ("after", "looks_back"),
    [(" in 1990 and ties improved", True), (", since 2019,", True), (" said in 2024", False), (" in 2031", False)],
)
def test_a_past_year_just_after_the_name_looks_back(after: str, looks_back: bool) -> None:
    before = "Relations were restored by "
    text = before + "Foreign Minister Pedro Gil" + after
    assert role_claims._looks_back(text, len(before), dt.date(2024, 3, 4), len(text) - len(after)) is looks_back


@pytest.mark.parametrize(("deputy_days", "flagged"), [(400, True), (-30, False)])
def test_a_holder_called_the_deputy_later_is_no_predecessor(
    corpus: Corpus, default_rules: RuleSet, deputy_days: int, flagged: bool
) -> None:
    # "Foreign Minister Pedro Gil" a month before Ruiz's stories would be her predecessor;
    # but Gil is the deputy foreign minister a year later: a deputy's name read as the
    # minister's. A deputy before (a promotion) proves nothing.
    for i in range(3):
        corpus.add(f"ruiz-{i + 1}.md", "Ana Ruiz", role=("foreign minister", "Norway"), date=MONDAY + dt.timedelta(days=60 + 7 * i))
    corpus.add("gil.md", "Pedro Gil", role=("foreign minister", "Norway"), date=MONDAY)
    corpus.add("deputy.md", "Pedro Gil", role=("deputy foreign minister", "Norway"), date=MONDAY + dt.timedelta(days=deputy_days))
    expected = [("gil.md", "Pedro Gil", "Ana Ruiz", "warning")] if flagged else []
    assert summary([f for f in check(corpus, default_rules) if f.file != "deputy.md"]) == expected


@pytest.mark.parametrize(("after", "claims"), [(" from 1992 to 1994, said", 0), (", said on Monday", 1)])
def test_a_past_year_after_an_appositive_title_looks_back(default_rules: RuleSet, after: str, claims: int) -> None:
    # "Pedro Gil, Norway's foreign minister from 1992 to 1994": a past holder
    text = "It is amazing, said Pedro Gil, Norway's foreign minister" + after + " the board.\n"
    title = "Norway's foreign minister"
    role = Role("foreign minister", "Norway", title, text.index(title))
    start = text.index("Pedro Gil")
    m = Mention("gil.md", start, start + len("Pedro Gil"), 1, start + 1, "Pedro Gil", "PERSON", "title", role)
    mentions = {"gil.md": [m]}
    articles = {"gil.md": Article("gil.md", text, date=MONDAY)}
    found = role_claims.collect_claims(resolve(mentions, default_rules), mentions, articles, TitleLexicon.from_rules(default_rules))
    assert len(found) == claims


@pytest.mark.parametrize("names_ruiz", [False, True])
def test_an_unplaced_claim_takes_the_one_country_its_title_is_placed_in(
    corpus: Corpus, default_rules: RuleSet, names_ruiz: bool
) -> None:
    # a newsroom leaves its own country's titles unstated: Ruiz's are Norway's, for her
    # trade post is stated so once; Gil's never are. His one shadow-chancellor claim is
    # of the same role as hers, not of some unknown country's; but, undated, it may be
    # a predecessor's: a swap only in a story that goes on about Ruiz
    corpus.add("ruiz-trade.md", "Ana Ruiz", role=("trade secretary", "Norway"))
    for i in range(3):
        corpus.add(f"ruiz-{i}.md", "Ana Ruiz", role=("shadow chancellor", None))
    corpus.add("gil-home.md", "Pedro Gil", role=("home secretary", None))
    corpus.add("gil.md", "Pedro Gil", role=("shadow chancellor", None))
    if names_ruiz:
        corpus.add("gil.md", "Ruiz")
    expected = [("gil.md", "Pedro Gil", "Ana Ruiz", "warning")] if names_ruiz else []
    assert summary(check(corpus, default_rules)) == expected
    # a title placed in two countries places no one
    corpus.add("paris.md", "Luc Ferrand", role=("shadow chancellor", "France"))
    assert check(corpus, default_rules) == []


def test_a_bodys_title_is_not_the_role_of_a_country_its_words_do_not_name(corpus: Corpus, default_rules: RuleSet) -> None:
    # Vidal is France's president in stories before and after; one calls him
    # "Commission President", the title Ruiz has there: not his presidency in other words
    for day in (0, 60):
        corpus.add(f"vidal-{day}.md", "Marc Vidal", role=("president", "France"), date=MONDAY + dt.timedelta(days=day))
    corpus.add("ruiz.md", "Ana Ruiz", role=("commission president", None), date=MONDAY + dt.timedelta(days=20))
    corpus.add("vidal-commission.md", "Marc Vidal", role=("commission president", None), date=MONDAY + dt.timedelta(days=30))
    assert summary(check(corpus, default_rules)) == [("vidal-commission.md", "Marc Vidal", "Ana Ruiz", "error")]


@pytest.mark.parametrize("vik_named_elsewhere", [True, False])
def test_a_name_spliced_from_someone_elses_and_the_holders_is_a_swap(
    corpus: Corpus, default_rules: RuleSet, vik_named_elsewhere: bool
) -> None:
    # Haugen is Norway's finance minister in the stories before it; a story two days
    # after the last calls the minister "Lena Vik Haugen": Lena Vik, whom the archive
    # follows, pasted over the holder's given name, not a third person. Unknown
    # elsewhere, it may be one: Haugen's successor (no claim of Haugen's comes after).
    for i, day in enumerate((0, 5, 10)):
        corpus.add(f"haugen-{i}.md", "Ola Haugen", role=("finance minister", "Norway"), date=MONDAY + dt.timedelta(days=day))
    if vik_named_elsewhere:
        for name in ("vik-1.md", "vik-2.md"):
            corpus.add(name, "Lena Vik", date=MONDAY)
    corpus.add("odd.md", "Lena Vik Haugen", role=("finance minister", "Norway"), date=MONDAY + dt.timedelta(days=12))
    expected = [("odd.md", "Lena Vik Haugen", "Ola Haugen", "error")] if vik_named_elsewhere else []
    assert summary(check(corpus, default_rules)) == expected


@pytest.mark.parametrize(
    ("before", "named"),
    [
        ("In an interview with Spanish daily El Diario, ", set()),
        ("Speaking on Spanish television, ", {"Spain"}),  # most often a minister at home
        ("After Spanish officials left, ", {"Spain"}),
    ],
)
def test_a_publications_nationality_is_no_country_of_the_claim(default_rules: RuleSet, before: str, named: set[str]) -> None:
    # "Spanish daily": where the words appeared, not whose deputy prime minister spoke
    title, name = "Deputy Prime Minister", "Pedro Gil"
    text = before + title + " " + name + " said the vote would pass.\n"
    article = Article("gil.md", text)
    spanish = Mention("gil.md", text.index("Spanish"), text.index("Spanish") + 7, 1, 1, "Spanish", "NORP", "ner")
    start = text.index(name)
    gil = Mention("gil.md", start, start + len(name), 1, 1, name, "PERSON", "title",
                  Role("deputy prime minister", None, title, text.index(title)))
    lexicon = TitleLexicon.from_rules(default_rules)
    assert role_claims._sentence_countries([spanish, gil], gil, article, lexicon) == named


@pytest.mark.parametrize("ruiz_in_other_words", [True, False])
def test_a_claim_amid_the_other_holders_claims_in_other_words_is_a_swap(
    corpus: Corpus, default_rules: RuleSet, ruiz_in_other_words: bool
) -> None:
    # Ruiz is "European Commission President" (the EU's president) in stories around
    # the day Gil, whom the archive follows, is called "EU Commission President", a
    # title Ruiz has once, months before: no hand-over, Gil's claim falls amid hers
    corpus.add("ruiz-0.md", "Ana Ruiz", role=("eu commission president", None), date=MONDAY - dt.timedelta(days=200))
    if ruiz_in_other_words:
        for i, day in enumerate((-3, 2, 6)):
            corpus.add(f"ruiz-eu-{i}.md", "Ana Ruiz", role=("president", "European Union"), date=MONDAY + dt.timedelta(days=day))
    for name in ("port-1.md", "port-2.md"):
        corpus.add(name, "Pedro Gil", date=MONDAY)
    corpus.add("gil.md", "Pedro Gil", role=("eu commission president", None), date=MONDAY)
    expected = [("gil.md", "Pedro Gil", "Ana Ruiz", "warning")] if ruiz_in_other_words else []
    assert summary(check(corpus, default_rules)) == expected


@pytest.mark.parametrize(("office_elsewhere", "flagged"), [(True, True), (False, False)])
def test_a_politicians_presidency_is_the_story_countrys(
    corpus: Corpus, default_rules: RuleSet, office_elsewhere: bool, flagged: bool
) -> None:
    # Bauer is Chile's president in three stories; a story about Chile calls Gil, the
    # trade minister of stories about Norway elsewhere (the country never stated with
    # his name), "President Pedro Gil": a politician's presidency is a country's, so it
    # is Chile's and a swap. A holder with no country's office (a firm's president)
    # stays unplaced, never compared
    for i in range(3):
        corpus.add(f"bauer-{i}.md", "Karl Bauer", role=("president", "Chile"))
    if office_elsewhere:
        for name in ("trade-1.md", "trade-2.md"):
            corpus.add(name, "Pedro Gil", role=("trade minister", None))
            corpus.add_many(name, ["Norway", "Norway"], label="GPE")
    corpus.add("gil.md", "Pedro Gil", role=("president", None))
    corpus.add_many("gil.md", ["Chile", "Chile"], label="GPE")
    expected = [("gil.md", "Pedro Gil", "Karl Bauer", "warning")] if flagged else []
    assert summary(check(corpus, default_rules)) == expected


def held_then(corpus: Corpus, article: str, name: str, role: tuple[str, str | None]) -> None:
    """`name` given `role` as held at another time ("former U.S. Treasury Secretary")."""
    m = corpus.add(article, name, role=role)
    assert m.role is not None
    corpus.mentions[article][-1] = replace(m, role=replace(m.role, current=False))


@pytest.mark.parametrize(
    ("own_articles", "then_country", "again", "flagged"),
    [
        (10, "United States", False, True),  # MIN_FOREIGN_ALONE_ARTICLES
        (9, "United States", False, False),  # not well enough known
        (10, "United States", True, False),  # another article gives her that country's title too
        (10, "Norway", False, False),  # her own country's: a past post of hers
        (10, "European Union", False, False),  # a union's title: its members' nationals hold it
    ],
)
def test_a_title_held_then_of_another_country_than_a_well_known_holders_is_a_swap(
    corpus: Corpus, default_rules: RuleSet, own_articles: int, then_country: str, again: bool, flagged: bool
) -> None:
    # Vik's titles are Norway's everywhere; "former U.S. Treasury Secretary Lena Vik" is
    # no claim on the role (Bauer holds it now: no conflict with him), but it gives a
    # Norwegian prime minister another country's past: a swapped name
    for i in range(own_articles):
        corpus.add(f"vik-{i}.md", "Lena Vik", role=("prime minister", "Norway"))
    for i in range(3):
        corpus.add(f"bauer-{i}.md", "Karl Bauer", role=("treasury secretary", "United States"))
    held_then(corpus, "bank.md", "Lena Vik", ("treasury secretary", then_country))
    if again:
        held_then(corpus, "bank-2.md", "Lena Vik", ("treasury secretary", then_country))
    findings = check(corpus, default_rules)
    assert summary(findings) == ([("bank.md", "Lena Vik", "", "warning")] if flagged else [])
    if flagged:
        assert findings[0].entity == "Treasury Secretary of United States"
        assert findings[0].evidence["current"] is False


def test_a_unions_title_is_no_other_country_than_its_holders(corpus: Corpus, default_rules: RuleSet) -> None:
    # Vidal is France's president in ten stories; one calls him a European commissioner,
    # as he once was: the union's offices are held by its members' nationals
    for i in range(role_conflict.MIN_FOREIGN_ALONE_ARTICLES):
        corpus.add(f"vidal-{i}.md", "Marc Vidal", role=("president", "France"), date=MONDAY + dt.timedelta(days=i))
    corpus.add("eu.md", "Marc Vidal", role=("trade commissioner", "European Union"), date=MONDAY)
    assert check(corpus, default_rules) == []


@pytest.mark.parametrize(
    ("story_country", "title_stated_elsewhere", "flagged"),
    [
        ("Chile", False, True),  # a Norwegian prime minister called Chile's incoming president
        ("Norway", False, False),  # her own country's: a post she is to take
        (None, False, False),  # the story is about no one country: whose title is not known
        ("Chile", True, False),  # the archive gives her the title with a country: that one is hers
    ],
)
def test_a_title_held_then_with_no_country_is_the_storys_for_a_well_known_foreign_holder(
    corpus: Corpus, default_rules: RuleSet, story_country: str | None, title_stated_elsewhere: bool, flagged: bool
) -> None:
    # Vik's titles are Norway's in ten stories; a story about Chile calls her its
    # "incoming President": no claim on the role, but the story's country says whose
    # title it is, and a well-known holder of another country's titles is a swapped name
    for i in range(role_conflict.MIN_FOREIGN_ALONE_ARTICLES):
        corpus.add(f"vik-{i}.md", "Lena Vik", role=("prime minister", "Norway"))
    if title_stated_elsewhere:
        held_then(corpus, "vik-past.md", "Lena Vik", ("president", "Norway"))
    held_then(corpus, "chile.md", "Lena Vik", ("president", None))
    if story_country is not None:
        corpus.add_many("chile.md", [story_country, story_country], label="GPE")
    findings = check(corpus, default_rules)
    assert summary(findings) == ([("chile.md", "Lena Vik", "", "warning")] if flagged else [])
    if flagged:
        assert findings[0].entity == "President of Chile"
        assert findings[0].evidence["country_stated"] is False


@pytest.mark.parametrize("called_former", [False, True])
def test_a_story_calling_the_other_holder_former_is_their_successors(
    corpus: Corpus, default_rules: RuleSet, called_former: bool
) -> None:
    # Ruiz is Norway's foreign minister in three stories of one week; a week later Gil is,
    # in a story that names Ruiz too. Named bare, she is who the story is about and "Gil"
    # a slip of her name; named "former Foreign Minister Ana Ruiz", Gil took over from her
    role = ("foreign minister", "Norway")
    for day in (0, 2, 4):
        corpus.add(f"ruiz-{day}.md", "Ana Ruiz", role=role, date=MONDAY + dt.timedelta(days=day))
    corpus.add("gil.md", "Pedro Gil", role=role, date=MONDAY + dt.timedelta(days=11))
    ruiz = corpus.add("gil.md", "Ana Ruiz", role=role if called_former else None)
    if called_former:
        assert ruiz.role is not None
        corpus.mentions["gil.md"][-1] = replace(ruiz, role=replace(ruiz.role, current=False))
    expected = [] if called_former else [("gil.md", "Pedro Gil", "Ana Ruiz", "error")]
    assert summary(check(corpus, default_rules)) == expected


def test_a_story_naming_a_holder_whose_own_claim_is_the_swap_is_not_about_them(
    corpus: Corpus, default_rules: RuleSet
) -> None:
    # Gil is Norway's central bank governor in three stories and its president in one;
    # Ruiz is its president in a story about Gil ("Gil", then "President Ana Ruiz" once).
    # That story names Gil, but Gil's one claim of the presidency is the swap, not hers
    role = ("president", "Norway")
    for day in (0, 2, 4):
        corpus.add(f"bank-{day}.md", "Pedro Gil", role=("central bank governor", "Norway"), date=MONDAY + dt.timedelta(days=day))
    corpus.add("ruiz.md", "Gil", date=MONDAY + dt.timedelta(days=1))
    corpus.add("ruiz.md", "Ana Ruiz", role=role)
    corpus.add("gil.md", "Pedro Gil", role=role, date=MONDAY + dt.timedelta(days=5))
    assert summary(check(corpus, default_rules)) == [("gil.md", "Pedro Gil", "Ana Ruiz", "error")]


@pytest.mark.parametrize(("chamber", "flagged"), [("Senate", True), ("House", False), ("", False)])
def test_a_legislatures_majority_leader_is_one_role_per_chamber(
    nlp: Language, default_rules: RuleSet, tmp_path: Path, chamber: str, flagged: bool
) -> None:
    # Delacroix leads the Senate's majority; two days later the House's speaker is called
    # the Senate's majority leader: a swap. The House's majority leader is another role,
    # and a bare "Majority Leader" may lead either chamber
    write(tmp_path, "a.md", "---\ndate: 2025-03-03\n---\nSenate Majority Leader Marcus Delacroix said the vote would come this week.\n")
    b = write(
        tmp_path, "b.md",
        "---\ndate: 2025-03-05\n---\nHouse Speaker Wendell Okafor called it a historic day.\n\n"
        f"{f'{chamber} Majority Leader'.strip()} Wendell Okafor said the bill would pass.\n",
    )
    result = check_paths([str(tmp_path)], default_rules, nlp)
    expected = {(RULE, "error", "b.md", *position(b, "Wendell Okafor", 1), "Wendell Okafor", "Marcus Delacroix")}
    assert rows(result.findings, RULE) == (expected if flagged else set())


@pytest.mark.parametrize(("deputy_day", "flagged"), [(8, True), (0, False)])
def test_the_holder_of_a_role_given_its_deputys_title_once_is_a_swap(
    corpus: Corpus, default_rules: RuleSet, deputy_day: int, flagged: bool
) -> None:
    # Gil is Norway's finance minister in three stories; a story two days after the last
    # calls him its deputy finance minister, and no deputy is named anywhere: no one is
    # made their own deputy. Called the deputy before his first story as minister, he was
    # promoted
    for day in (2, 4, 6):
        corpus.add(f"minister-{day}.md", "Pedro Gil", role=("finance minister", "Norway"), date=MONDAY + dt.timedelta(days=day))
    corpus.add("deputy.md", "Pedro Gil", role=("deputy finance minister", "Norway"), date=MONDAY + dt.timedelta(days=deputy_day))
    findings = check(corpus, default_rules)
    assert summary(findings) == ([("deputy.md", "Pedro Gil", "", "warning")] if flagged else [])
    if flagged:
        assert "Finance Minister of Norway in 3 article(s)" in findings[0].message


def test_a_holder_whose_stories_are_abroad_keeps_the_newsrooms_own_title(
    nlp: Language, default_rules: RuleSet, tmp_path: Path
) -> None:
    # The newsroom's own secretary of state is never given a country: her stories are
    # where she went (Brussels, Tokyo) or name none. Where she went is not whose the
    # title is, so the defence secretary called secretary of state between her trips is
    # compared with her, not left in a third country's cabinet
    stories = [
        ("2025-01-06", "Secretary of State Lydia Marchetti flew to Brussels on Monday. Marchetti met European ministers in Brussels."),
        ("2025-01-13", "Defense Secretary Owen Castellano told lawmakers the budget was too small."),
        ("2025-01-20", "Secretary of State Lydia Marchetti said the talks had gone well."),
        ("2025-02-03", "Defense Secretary Owen Castellano ordered a review of base spending."),
        ("2025-02-10", "Secretary of State Owen Castellano arrived for the talks. He met the Norwegian delegation."),
        ("2025-02-24", "Secretary of State Lydia Marchetti landed in Tokyo. Marchetti praised Tokyo's mayor."),
        ("2025-03-24", "Defense Secretary Owen Castellano defended the budget."),
        ("2025-03-31", "Secretary of State Lydia Marchetti returned home."),
    ]
    for i, (date, text) in enumerate(stories):
        write(tmp_path, f"s{i}.md", f"---\ndate: {date}\n---\n{text}\n")
    swapped = tmp_path / "s4.md"
    result = check_paths([str(tmp_path)], default_rules, nlp)
    expected = {(RULE, "error", "s4.md", *position(swapped, "Owen Castellano"), "Owen Castellano", "Lydia Marchetti")}
    assert rows(result.findings, RULE) == expected
    assert [f.entity for f in result.findings] == ["Secretary of State"]


@pytest.mark.parametrize(("state", "flagged"), [("Oregon", True), ("Maine", False)])
def test_a_states_governor_is_one_role_per_state(
    nlp: Language, default_rules: RuleSet, tmp_path: Path, state: str, flagged: bool
) -> None:
    # Whitfield governs Oregon, Brenner Texas (AP style: "Oregon Gov."); Brenner called
    # Oregon's governor in between is a swap, another state's governor is not
    for i, (date, name, of) in enumerate([
        ("2025-01-06", "Rosa Whitfield", "Oregon"), ("2025-01-08", "Dale Brenner", "Texas"),
        ("2025-01-20", "Rosa Whitfield", "Oregon"), ("2025-01-22", "Dale Brenner", "Texas"),
        ("2025-02-10", "Rosa Whitfield", "Oregon"),
    ]):
        write(tmp_path, f"s{i}.md", f"---\ndate: {date}\n---\n{of} Gov. {name} signed the budget on Monday.\n")
    odd = write(tmp_path, "odd.md", f"---\ndate: 2025-01-27\n---\n{state} Gov. Dale Brenner vetoed the bill.\n")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    expected = {(RULE, "error", "odd.md", *position(odd, "Dale Brenner"), "Dale Brenner", "Rosa Whitfield")}
    assert rows(result.findings, RULE) == (expected if flagged else set())
    if flagged:  # a body's role named in the articles' words, not by its key ("texa governor")
        assert result.findings[0].entity == "Oregon Gov."
        assert "'Dale Brenner' is Texas Gov. elsewhere" in result.findings[0].message


@pytest.mark.parametrize(
    ("president_articles", "speaker_day", "flagged"),
    [(6, 22, True), (4, 10, False), (6, 60, False)],
)
def test_a_name_amid_the_archives_own_president_is_a_swap(
    corpus: Corpus, default_rules: RuleSet, president_articles: int, speaker_day: int, flagged: bool
) -> None:
    # A newsroom's own president is "President Hallam Greer", his country never said,
    # week after week; the House speaker called president once in between is a swap. A
    # president named in four stories may be a company's; after his last story, the
    # next one's
    for week in range(president_articles):
        corpus.add(f"greer-{week}.md", "Hallam Greer", role=("president", None), date=MONDAY + dt.timedelta(days=7 * week))
    for day in (0, 15, 30):
        corpus.add(f"house-{day}.md", "Wendell Okafor", role=("house speaker", None), date=MONDAY + dt.timedelta(days=day))
    corpus.add("odd.md", "Wendell Okafor", role=("president", None), date=MONDAY + dt.timedelta(days=speaker_day))
    expected = [("odd.md", "Wendell Okafor", "Hallam Greer", "error")] if flagged else []
    assert summary(check(corpus, default_rules)) == expected


def test_a_past_president_named_in_passing_amid_the_archives_own_is_no_swap(corpus: Corpus, default_rules: RuleSet) -> None:
    # "President Edgar Voss" recalled in one story among Greer's: Voss, named in other
    # stories too, holds no other role, as a past president holds none
    for week in range(6):
        corpus.add(f"greer-{week}.md", "Hallam Greer", role=("president", None), date=MONDAY + dt.timedelta(days=7 * week))
    corpus.add("greer-0.md", "Edgar Voss")
    corpus.add("greer-1.md", "Edgar Voss")
    corpus.add("recalled.md", "Edgar Voss", role=("president", None), date=MONDAY + dt.timedelta(days=22))
    assert check(corpus, default_rules) == []


def test_a_company_officer_called_president_amid_the_archives_own_is_the_companys(corpus: Corpus, default_rules: RuleSet) -> None:
    # Dorsey is "Acme Chief Executive" in two stories and "President Jane Dorsey" in a
    # third, amid the archive's own president's: her company's president, no swap
    for week in range(6):
        corpus.add(f"greer-{week}.md", "Hallam Greer", role=("president", None), date=MONDAY + dt.timedelta(days=7 * week))
    for day in (20, 21):
        corpus.add(f"acme-{day}.md", "Jane Dorsey", role=("acme chief executive", None), date=MONDAY + dt.timedelta(days=day))
    corpus.add("odd.md", "Jane Dorsey", role=("president", None), date=MONDAY + dt.timedelta(days=22))
    assert check(corpus, default_rules) == []


@pytest.mark.parametrize(
    ("speaker_articles", "odd", "flagged"),
    [(6, "Corinne Aldana", True), (3, "Corinne Aldana", False), (6, "Harlan Voss", False)],
)
def test_a_bare_speaker_is_the_speaker_the_archive_follows(
    nlp: Language, default_rules: RuleSet, tmp_path: Path, speaker_articles: int, odd: str, flagged: bool
) -> None:
    # The archive follows its House's speaker, Voss, story after story; the Senate's
    # majority leader called "Speaker" amid them is a swap. An archive naming its speaker
    # in a story or three says no more than the bare title does whose speaker it is
    for i in range(speaker_articles):
        date = dt.date(2025, 1, 6) + dt.timedelta(days=3 * i)
        write(tmp_path, f"s{i}.md", f"---\ndate: {date}\n---\nHouse Speaker Harlan Voss said the bill would reach the floor.\n")
    for i, date in enumerate(("2025-01-07", "2025-01-13", "2025-01-19")):
        write(tmp_path, f"m{i}.md", f"---\ndate: {date}\n---\nSenate Majority Leader Corinne Aldana said the vote would wait.\n")
    swapped = write(tmp_path, "odd.md", f"---\ndate: 2025-01-10\n---\nSpeaker {odd} told reporters the bill would wait.\n")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    expected = {(RULE, "error", "odd.md", *position(swapped, odd), odd, "Harlan Voss")}
    assert rows(result.findings, RULE) == (expected if flagged else set())
    if flagged:
        assert result.findings[0].entity == "House Speaker"


@pytest.mark.parametrize(
    ("odd", "flagged"), [("Owen Castellano", True), ("Dale Brenner", False), ("Ines Aldair", False), ("Mara Quint", False)]
)
def test_a_bare_governor_is_the_newsrooms_own_states_unless_the_holder_has_another(
    nlp: Language, default_rules: RuleSet, tmp_path: Path, odd: str, flagged: bool
) -> None:
    # An Oregon newsroom writes "Gov. X" for Oregon's governor: its attorney general so
    # called is a swap. Texas's governor so called is Texas's, as his other claims say;
    # a central bank's governor (once) is some body's governor, not Oregon's; a name
    # holding no other role is no evidence of a swap
    stories = [f"Oregon Gov. Rosa Whitfield signed the budget on day {day}." for day in range(6)]
    stories += ["Texas Gov. Dale Brenner vetoed the bill.", "Texas Gov. Dale Brenner called a special session."]
    stories += ["Attorney General Owen Castellano sued the agency.", "Attorney General Owen Castellano won the case."]
    stories += ["Fjordbank Governor Ines Aldair kept rates on hold.", "Mara Quint toured the flooded valley."]
    for i, text in enumerate(stories):
        date = dt.date(2025, 1, 6) + dt.timedelta(days=2 * i)
        write(tmp_path, f"s{i:02d}.md", f"---\ndate: {date}\n---\n{text}\n")
    swapped = write(tmp_path, "odd.md", f"---\ndate: 2025-01-11\n---\nGov. {odd} told reporters the budget would wait.\n")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    expected = {(RULE, "error", "odd.md", *position(swapped, odd), odd, "Rosa Whitfield")}
    assert rows(result.findings, RULE) == (expected if flagged else set())


def test_a_bare_company_title_is_not_the_one_firm_the_archive_follows(nlp: Language, default_rules: RuleSet, tmp_path: Path) -> None:
    # The archive follows Fjordbank's chairman; "Chairman X" is the chairman of the firm
    # his story is about, not Fjordbank's, even for a name holding another role
    for i in range(6):
        date = dt.date(2025, 1, 6) + dt.timedelta(days=2 * i)
        write(tmp_path, f"s{i}.md", f"---\ndate: {date}\n---\nFjordbank Chairman Halvard Moe said profits would rise.\n")
    for i, date in enumerate(("2025-01-07", "2025-01-13")):
        write(tmp_path, f"m{i}.md", f"---\ndate: {date}\n---\nFinance Minister Tarjei Lund of Norway said the budget would balance.\n")
    write(tmp_path, "odd.md", "---\ndate: 2025-01-10\n---\nChairman Tarjei Lund told shareholders the deal was fair.\n")
    assert rows(check_paths([str(tmp_path)], default_rules, nlp).findings, RULE) == set()


@pytest.mark.parametrize("dated", [True, False])
def test_a_claim_amid_the_holders_placed_by_the_title_alone_is_a_swap(
    nlp: Language, default_rules: RuleSet, tmp_path: Path, dated: bool
) -> None:
    # "Attorney General" is placed in its one country by the title alone, the press
    # secretary's claim by his own White House title: amid the attorney general's dated
    # stories it is a swap; undated, it looks just like a predecessor's claim
    stories = [f"Attorney General Desmond Quayle sued the agency on day {day}." for day in range(6)]
    stories += ["White House press secretary Tobias Renner took questions.", "White House press secretary Tobias Renner said no."]
    for i, text in enumerate(stories):
        date = dt.date(2025, 1, 6) + dt.timedelta(days=2 * i)
        write(tmp_path, f"s{i:02d}.md", (f"---\ndate: {date}\n---\n" if dated else "") + f"{text}\n")
    header = "---\ndate: 2025-01-11\n---\n" if dated else ""
    odd = write(tmp_path, "odd.md", f"{header}Attorney General Tobias Renner told reporters the case would wait.\n")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    expected = {(RULE, "error", "odd.md", *position(odd, "Tobias Renner"), "Tobias Renner", "Desmond Quayle")}
    assert rows(result.findings, RULE) == (expected if dated else set())


@pytest.mark.parametrize("paragraphs", [1, 2])
def test_a_country_quoted_in_one_paragraph_is_not_the_storys(
    nlp: Language, default_rules: RuleSet, tmp_path: Path, paragraphs: int
) -> None:
    # A newsroom that never names its own country quotes France's president in a
    # paragraph of some of its attorney general's stories: they are no stories of
    # France's, and the press secretary called attorney general amid them is a swap. A
    # story naming France in two paragraphs is France's, and its attorney general too
    french = "French President Celine Aubert said Paris would follow the case closely."
    stories = [f"Attorney General Desmond Quayle sued the agency on day {day}." for day in range(6)]
    stories = [f"{text}\n\n{french}" if i % 2 else text for i, text in enumerate(stories)]
    if paragraphs == 2:
        stories = [text.replace(french, f"{french}\n\nThe French embassy declined to comment.") for text in stories]
    stories += ["White House press secretary Tobias Renner took questions.", "White House press secretary Tobias Renner said no."]
    for i, text in enumerate(stories):
        write(tmp_path, f"s{i:02d}.md", f"---\ndate: {dt.date(2025, 1, 6) + dt.timedelta(days=2 * i)}\n---\n{text}\n")
    odd = write(tmp_path, "odd.md", "---\ndate: 2025-01-11\n---\nAttorney General Tobias Renner told reporters the case would wait.\n")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    expected = {(RULE, "error", "odd.md", *position(odd, "Tobias Renner"), "Tobias Renner", "Desmond Quayle")}
    assert rows(result.findings, RULE) == (expected if paragraphs == 1 else set())


@pytest.mark.parametrize(
    ("days", "within", "same_day", "between"),
    [
        ((-3, 4), None, False, True),
        ((-3, -1), None, False, False),  # both before
        ((0, 4), None, False, False),  # the same day is neither side
        ((0, 4), None, True, True),  # unless it may be either
        ((-40, 4), 31, False, False),  # one side too far
        ((-31, 31), 31, False, True),
    ],
)
def test_a_date_between_claims_on_both_sides(
    days: tuple[int, ...], within: int | None, same_day: bool, between: bool
) -> None:
    dates = [MONDAY + dt.timedelta(days=d) for d in days]
    assert role_archive.on_both_sides(dates, MONDAY, within_days=within, same_day=same_day) is between


@pytest.mark.parametrize(
    ("odd", "placed", "flagged"),
    [("Harlan Voss", True, True), ("Harlan Voss", False, True), ("Jane Dorsey", True, False)],
)
def test_a_bare_president_is_the_newsrooms_own_where_its_claims_are_mostly_placed(
    nlp: Language, default_rules: RuleSet, tmp_path: Path, odd: str, placed: bool, flagged: bool
) -> None:
    # A US newsroom writes "President X" for its own president, "U.S. President" now and
    # then, and "French President" for France's. Its House speaker so called is a swap,
    # whether or not the odd "U.S." places the president's claims (placed, they must not
    # leave the speaker's claim alone; unplaced, France's must not take it); a firm's
    # chief executive so called is her firm's president
    stories = [f"President Wendell Okafor signed the bill on day {day}." for day in range(5)]
    stories += [f"{'U.S. ' if placed else ''}President Wendell Okafor vetoed the bill." for _ in range(3)]
    stories += ["French President Celine Aubert said Paris would follow the talks."] * 2
    stories += ["House Speaker Harlan Voss said the bill would reach the floor."] * 2
    stories += ["Acme Chief Executive Jane Dorsey said the company would hire."] * 2
    for i, text in enumerate(stories):
        date = dt.date(2026, 3, 2) + dt.timedelta(days=2 * i)  # after the default house list's last president
        write(tmp_path, f"s{i:02d}.md", f"---\ndate: {date}\n---\n{text}\n")
    swapped = write(tmp_path, "odd.md", f"---\ndate: 2026-03-07\n---\nPresident {odd} told reporters the bill would wait.\n")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    expected = {(RULE, "error", "odd.md", *position(swapped, odd), odd, "Wendell Okafor")}
    assert rows(result.findings, RULE) == (expected if flagged else set())
