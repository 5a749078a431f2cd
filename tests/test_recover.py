"""recover: names NER missed, cut up or mislabelled, found again (mentions built by hand)."""
from __future__ import annotations

import pytest

from copydesk.model import Article, Mention
from copydesk.patterns import TitleLexicon, make_mention
from copydesk.recover import article_surnames, recover
from copydesk.rules import RuleSet


def mention(article: Article, text: str, label: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(text, start + 1)
    return make_mention(article, start, start + len(text), label, "ner")


def people(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(m.text, m.source) for m in mentions if m.label == "PERSON"]


def test_a_name_the_model_cut_into_two_places_is_one_person(default_rules: RuleSet) -> None:
    # "Dmitra" a place and "Holloway" another: an unfamiliar spelling of a known person
    article = Article("a.txt", "Dmitra Holloway, now the party's deputy leader, was elected in May.\n")
    ner = [mention(article, "Dmitra", "GPE"), mention(article, "Holloway", "GPE")]
    found = recover(article, ner, {"holloway"}, TitleLexicon.from_rules(default_rules))
    assert people(found) == [("Dmitra Holloway", "recovered")]
    assert [m.label for m in found] == ["PERSON"]  # the two places are gone


def test_a_run_across_a_full_stop_is_two_sentences_not_a_name(default_rules: RuleSet) -> None:
    article = Article("a.txt", "He was joined by the band Stillwater. Orvane, a double winner, spoke first.\n")
    found = recover(article, [], {"orvane"}, TitleLexicon.from_rules(default_rules))
    assert ("Stillwater. Orvane", "recovered") not in people(found)


def test_a_longer_organisation_is_never_cut_into_a_person(default_rules: RuleSet) -> None:
    article = Article("a.txt", "The Holloway Trust Fund said on Monday it would close.\n")
    ner = [mention(article, "The Holloway Trust Fund", "ORG")]
    found = recover(article, ner, {"holloway"}, TitleLexicon.from_rules(default_rules))
    assert people(found) == []


def test_a_word_before_an_honorific_is_not_part_of_the_name(default_rules: RuleSet) -> None:
    # "Commenting Mr Maclone": the sentence's first word and the honorific are no name
    article = Article("a.txt", "Tony Maclone spoke first. Commenting Mr Maclone said the rules were clear.\n")
    ner = [mention(article, "Tony Maclone", "PERSON")]
    found = recover(article, ner, {"maclone"}, TitleLexicon.from_rules(default_rules))
    assert people(found) == [("Tony Maclone", "ner"), ("Maclone", "recovered")]


# -- near spellings of names the archive knows ------------------------------------------------


def archive_knowing(*names: str) -> set[str]:
    """What recovery looks up (article_surnames) of an archive naming these people in full."""
    article = Article("elsewhere.txt", ". ".join(names) + ".\n")
    return article_surnames([mention(article, name, "PERSON") for name in names])


def test_a_misspelt_name_ner_left_untagged_is_found_by_the_archive_spelling(default_rules: RuleSet) -> None:
    # NER tags nothing in "Halvard Brenick"; the archive has "Halvard Brennick": one
    # letter apart, same initial, and "Brenick" is no word
    article = Article("a.txt", "The survey's judges included the presenter Halvard Brenick and two critics.\n")
    asked: dict[str, bool] = {}
    found = recover(article, [], archive_knowing("Halvard Brennick"), TitleLexicon.from_rules(default_rules), asked)
    assert people(found) == [("Halvard Brenick", "recovered")]
    assert any(k.startswith("~") and known for k, known in asked.items())


@pytest.mark.parametrize(("text", "found"), [("Harlan Vooss speaks.", ["Harlan Vooss"]), ("Harlan Vos speaks.", [])])
def test_a_near_spelling_of_a_four_letter_surname_is_found_but_not_of_a_shorter_one(
    default_rules: RuleSet, text: str, found: list[str]
) -> None:
    # "Vooss" for "Voss" under the same initial; three letters have too many neighbours
    article = Article("a.txt", text + "\n")
    recovered = recover(article, [], archive_knowing("Harlan Voss"), TitleLexicon.from_rules(default_rules))
    assert [text for text, _ in people(recovered)] == found


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("The presenter Gunnar Brenick spoke first.", "another initial: another person, maybe"),
        ("The presenter Halvard Brunnack spoke first.", "two letters changed"),
        ("The presenter Halvard Brennan spoke first.", "a known name, not a slip"),
    ],
)
def test_a_near_spelling_is_found_only_for_a_slip_under_the_same_initial(
    default_rules: RuleSet, text: str, why: str
) -> None:
    article = Article("a.txt", text + "\n")
    found = recover(article, [], archive_knowing("Halvard Brennick", "Halvard Brennam"), TitleLexicon.from_rules(default_rules))
    assert people(found) == [], why


def test_a_near_spelling_ner_took_for_a_body_stays_a_body(default_rules: RuleSet) -> None:
    # an organisation named like a person elsewhere in the archive is no slip
    article = Article("a.txt", "Shares in Halvard Brenick rose on Monday.\n")
    ner = [mention(article, "Halvard Brenick", "ORG")]
    found = recover(article, ner, archive_knowing("Halvard Brennick"), TitleLexicon.from_rules(default_rules))
    assert people(found) == [] and [m.label for m in found] == ["ORG"]


def test_a_near_spelling_whose_given_name_ner_took_for_a_place_is_the_person(default_rules: RuleSet) -> None:
    # only "Halvard" tagged, a place: NER's guess at a word of the run, not a body's name
    article = Article("a.txt", "Halvard Brenick speaks to reporters.\n")
    ner = [mention(article, "Halvard", "GPE")]
    found = recover(article, ner, archive_knowing("Halvard Brennick"), TitleLexicon.from_rules(default_rules))
    assert people(found) == [("Halvard Brenick", "recovered")] and [m.label for m in found] == ["PERSON"]


@pytest.mark.parametrize(
    "text",
    [
        "Tavin Oduya/AP Halvard Brenick speaks to reporters.",  # the caption's words after the credit
        "(Editing by Tavin Oduya/Halvard Brenick)",  # a name after a name
    ],
)
def test_a_photo_credits_agency_is_not_the_given_name_of_the_name_after_it(default_rules: RuleSet, text: str) -> None:
    article = Article("a.txt", text + "\n")
    ner = [mention(article, "Tavin Oduya", "PERSON")]
    found = recover(article, ner, archive_knowing("Halvard Brennick"), TitleLexicon.from_rules(default_rules))
    assert people(found) == [("Tavin Oduya", "ner"), ("Halvard Brenick", "recovered")]


def test_what_a_recovery_asked_changes_when_the_archive_gains_the_right_spelling(default_rules: RuleSet) -> None:
    # a cached recovery is redone when a key it asked about is answered otherwise
    # (pipeline.extract_all): the near keys are among what it asked
    article = Article("a.txt", "The presenter Halvard Brenick spoke first.\n")
    lexicon = TitleLexicon.from_rules(default_rules)
    asked: dict[str, bool] = {}
    before = archive_knowing("Oskar Lindqvist")
    assert people(recover(article, [], before, lexicon, asked)) == []
    after = before | archive_knowing("Halvard Brennick")
    assert any((key in after) != known for key, known in asked.items())
    assert people(recover(article, [], after, lexicon)) == [("Halvard Brenick", "recovered")]


def test_a_given_name_ner_cut_off_a_known_surname_is_taken_back(default_rules: RuleSet) -> None:
    # NER tags "Hallvik" alone, leaving out the unfamiliar "Petor"; the archive knows a
    # "Peter Hallvik": the full name is the person, the surname alone is gone
    article = Article("a.txt", "The economist Petor Hallvik said rates would rise.\n")
    ner = [mention(article, "Hallvik", "PERSON")]
    found = recover(article, ner, archive_knowing("Peter Hallvik"), TitleLexicon.from_rules(default_rules))
    assert people(found) == [("Petor Hallvik", "recovered")]


def test_a_surname_alone_is_widened_only_to_a_name_the_archive_knows(default_rules: RuleSet) -> None:
    # "Gunnar" shares no initial with the archive's "Peter Hallvik": maybe another person
    article = Article("a.txt", "The economist Gunnar Hallvik said rates would rise.\n")
    ner = [mention(article, "Hallvik", "PERSON")]
    found = recover(article, ner, archive_knowing("Peter Hallvik"), TitleLexicon.from_rules(default_rules))
    assert people(found) == [("Hallvik", "ner")]


def test_given_names_ner_cut_off_a_misspelt_surname_are_widened_to_the_full_name(default_rules: RuleSet) -> None:
    # NER tags "Edda Marit" and stops at the slip "Hlalvik"; the archive knows an "Edda
    # Marit Hallvik": the three words are the person, the given names alone are gone
    article = Article("a.txt", "It is based on a novel by the writer Edda Marit Hlalvik. It sold well.\n")
    ner = [mention(article, "Edda Marit", "PERSON")]
    found = recover(article, ner, archive_knowing("Edda Marit Hallvik"), TitleLexicon.from_rules(default_rules))
    assert people(found) == [("Edda Marit Hlalvik", "recovered")]


@pytest.mark.parametrize(("text", "archive"), [
    ("the writer Edda Marit Hlalvik said", "Gudrun Hallvik"),  # no name of that initial near it
    ("the writer Edda Marit Castle said", "Edda Marit Castel"),  # a known word after the given names
])
def test_given_names_are_widened_only_to_a_misspelt_surname_the_archive_knows(
    default_rules: RuleSet, text: str, archive: str
) -> None:
    article = Article("a.txt", text + "\n")
    ner = [mention(article, "Edda Marit", "PERSON")]
    found = recover(article, ner, archive_knowing(archive), TitleLexicon.from_rules(default_rules))
    assert people(found) == [("Edda Marit", "ner")]


def test_a_run_of_capitals_is_cut_where_a_sentence_ends_inside_it(default_rules: RuleSet) -> None:
    # "Petor Hallvik. Mr Hallvik": one run of capitalised words over two sentences; the
    # full name before the full stop is still taken back from NER's surname alone
    article = Article("a.txt", "The bid came from tycoon Petor Hallvik. Mr Hallvik said it was fair.\n")
    ner = [mention(article, "Hallvik", "PERSON"), mention(article, "Hallvik", "PERSON", nth=1)]
    found = recover(article, ner, archive_knowing("Peter Hallvik"), TitleLexicon.from_rules(default_rules))
    assert people(found) == [("Petor Hallvik", "recovered"), ("Hallvik", "ner")]


# -- a word NER reads as a place in one mention and as a name in another -------------------------


def labels_of(found: list[Mention], text: str) -> list[str]:
    return [m.label for m in found if m.text == text]


def test_a_place_the_article_also_names_as_a_body_is_read_as_the_body(default_rules: RuleSet) -> None:
    # NER read the unfamiliar "Osvald Pirrinen" as a body and "Pirrinen" alone once as a
    # body and once as a place: the place joins the body's spelling, compared as a person
    article = Article(
        "a.txt", "Academic Osvald Pirrinen spoke. Pirrinen said rates would fall. Later Pirrinen added more.\n"
    )
    ner = [
        mention(article, "Osvald Pirrinen", "ORG"),
        mention(article, "Pirrinen", "ORG", 1),
        mention(article, "Pirrinen", "GPE", 2),
    ]
    found = recover(article, ner, set(), TitleLexicon.from_rules(default_rules))
    assert labels_of(found, "Pirrinen") == ["ORG", "ORG"]


def test_a_place_the_article_names_as_a_person_is_read_as_the_person(default_rules: RuleSet) -> None:
    article = Article("a.txt", "Pirrinen spoke first. Pirrinen said rates would fall.\n")
    ner = [mention(article, "Pirrinen", "PERSON"), mention(article, "Pirrinen", "GPE", 1)]
    found = recover(article, ner, set(), TitleLexicon.from_rules(default_rules))
    assert labels_of(found, "Pirrinen") == ["PERSON", "PERSON"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Stanley Orland Holloway spoke. Holloway is a district of London.", "a known word: a real place"),
        ("Osvald Pirrinen spoke. Vaskoria is where he was born.", "another word"),
    ],
)
def test_a_place_is_relabelled_only_when_the_article_names_the_same_unknown_word(
    default_rules: RuleSet, text: str, why: str
) -> None:
    article = Article("a.txt", text + "\n")
    place = text.split(". ")[1].split()[0]
    ner = [mention(article, text.split(" spoke")[0], "ORG"), mention(article, place, "GPE", text.count(place) - 1)]
    found = recover(article, ner, set(), TitleLexicon.from_rules(default_rules))
    assert labels_of(found, place)[-1] == "GPE", why


@pytest.mark.parametrize(
    ("word", "label", "person"),
    [
        ("Whitfeld", "ORG", True),  # a letter dropped, a typo the web repeats: still a slip here
        ("Whitfeild", None, True),  # two letters swapped, seen nowhere
        ("Whitfields", "ORG", False),  # the family
        ("Whitfieldo", None, False),  # a letter added at the end: a stage name, another name
        ("Whitford", "ORG", False),  # two letters from it
    ],
)
def test_a_word_alone_a_letter_from_the_surname_of_the_story_is_its_slip(
    default_rules: RuleSet, word: str, label: str | None, person: bool
) -> None:
    # "Whitfeld Signs Budget": NER takes a misspelt surname in a Title Case headline for a
    # body, or for nothing, where the story names Rosa Whitfield in full
    article = Article("a.txt", f"{word} Signs Budget\n\nGovernor Rosa Whitfield signed the budget on Monday.\n")
    ner = [mention(article, "Rosa Whitfield", "PERSON")] + ([mention(article, word, label)] if label else [])
    found = recover(article, ner, {"whitfield"}, TitleLexicon.from_rules(default_rules))
    assert ((word, "recovered") in people(found)) is person


def test_a_word_alone_a_letter_from_a_surname_is_no_slip_when_another_person_bears_it(default_rules: RuleSet) -> None:
    article = Article("a.txt", "Whitfeld Signs Budget\n\nGovernor Rosa Whitfield signed the budget on Monday.\n")
    ner = [mention(article, "Rosa Whitfield", "PERSON"), mention(article, "Whitfeld", "ORG")]
    found = recover(article, ner, {"whitfield", "whitfeld"}, TitleLexicon.from_rules(default_rules))
    assert ("Whitfeld", "recovered") not in people(found)


@pytest.mark.parametrize(
    ("before", "person"),
    [("Mr ", True), ("Gov. ", True), ("said ", True), ("Europe. ", True), ("Ana ", False), ("A. ", False)],
)
def test_a_slip_of_a_surname_alone_is_read_only_where_no_given_name_comes_before_it(
    default_rules: RuleSet, before: str, person: bool
) -> None:
    # "Ana Whitfeld" may be another person; "Mr Whitfeld" and "said Whitfeld" are hers
    article = Article("a.txt", f"Governor Rosa Whitfield signed the budget. It was, {before}Whitfeld told us, late.\n")
    ner = [mention(article, "Rosa Whitfield", "PERSON")]
    found = recover(article, ner, {"whitfield"}, TitleLexicon.from_rules(default_rules))
    assert (("Whitfeld", "recovered") in people(found)) is person


@pytest.mark.parametrize(
    ("headline", "name", "person"),
    [
        ("Qist", "Halvard Quist", True),  # a letter dropped from a five-letter surname
        ("Vsos", "Harlan Voss", True),  # two letters of a four-letter one swapped
        ("Vows", "Harlan Voss", False),  # a word a letter from it
        ("Vos", "Harlan Voss", False),  # three letters: too many names are a letter from it
    ],
)
def test_a_short_surname_alone_a_letter_from_the_storys_is_its_slip_from_four_letters(
    default_rules: RuleSet, headline: str, name: str, person: bool
) -> None:
    article = Article("a.txt", f"{headline} Says Talks Will Go On\n\nSpeaker {name} spoke on Monday.\n")
    ner = [mention(article, name, "PERSON")]
    found = recover(article, ner, {name.split()[-1].lower()}, TitleLexicon.from_rules(default_rules))
    assert ((headline, "recovered") in people(found)) is person
