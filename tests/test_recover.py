"""recover: names NER missed, cut up or mislabelled, found again (mentions built by hand)."""
from __future__ import annotations

from copydesk.extract import TitleLexicon, make_mention
from copydesk.model import Article, Mention
from copydesk.recover import recover
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
