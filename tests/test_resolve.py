"""resolve: which spellings name one person, and which spelling anchors the group."""
from __future__ import annotations

import pytest

from conftest import Corpus
from copydesk.affiliation import stated
from copydesk.compare import compare
from copydesk.evidence import names_weight
from copydesk.model import Entity
from copydesk.rules import KindThresholds, RuleSet
from copydesk.slips import token_evidence
from copydesk.spellings import ArticleMemo, Spelling, article_context, collect_spellings


def entity_with(entities: list[Entity], spelling: str) -> Entity:
    hits = [e for e in entities if spelling in e.spellings]
    assert len(hits) == 1, f"{spelling!r} in {[list(e.spellings) for e in entities]}"
    return hits[0]


# -- token_evidence --------------------------------------------------------------------------

PERSON_LIMITS = KindThresholds(min_token_length=4, token_similarity=88)


@pytest.mark.parametrize(
    ("x", "y", "edits"),
    [
        ("kowalczik", "kowalczyk", 1),  # one substitution
        ("vasqeuz", "vasquez", 1),  # transposition counts as one edit
        ("nowka", "nowak", 1),
        ("humera", "humeyra", 1),  # one deletion
        ("stephenson", "stevenson", 2),  # two edits, long, same sound
        ("wojciechowski", "wojciekowski", 2),  # two edits, long, close by ratio
    ],
)
def test_token_evidence_accepts_near_spellings(x: str, y: str, edits: int) -> None:
    evidence = token_evidence(x, y, PERSON_LIMITS)
    assert evidence is not None
    assert evidence["edits"] == edits
    assert evidence["tokens"] == [x, y]


@pytest.mark.parametrize(
    ("x", "y", "why"),
    [
        ("nick", "mick", "different first letter"),
        ("smiths", "smith", "plural"),
        ("kowalczyks", "kowalczyk", "plural"),
        ("joe", "jon", "shorter than min_token_length"),
        ("karl", "kurt", "two edits on a short token that sound different"),
        ("kowalczyk", "kowalski", "too far apart"),
        ("abernathy", "abernethie", "three edits"),
        ("tova", "tamo", "two edits on a short token that sound different"),
    ],
)
def test_token_evidence_rejects(x: str, y: str, why: str) -> None:
    assert token_evidence(x, y, PERSON_LIMITS) is None, why


def test_a_doubled_s_dropped_is_a_slip_not_a_plural() -> None:
    # "Moss" is no plural of "Mos": a name ending in a doubled "s" lost a letter
    evidence = token_evidence("mos", "moss", KindThresholds(min_token_length=3))
    assert evidence is not None
    assert evidence["kind"] == "doubled letter"
    assert token_evidence("kowalczyks", "kowalczyk", PERSON_LIMITS) is None  # still a plural


def test_short_tokens_two_edits_apart_that_sound_alike_are_weighed_not_refused(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Jamy"/"Jamie" is a slip, "Jill"/"Joel" two people: the token test admits both,
    # the weights tell them apart (Joel and Jill are both common names)
    assert token_evidence("jamy", "jamie", PERSON_LIMITS) is not None
    assert token_evidence("jill", "joel", PERSON_LIMITS) is not None
    corpus.add("a.txt", "Jill Marvalen")
    corpus.add("b.txt", "Joel Marvalen")
    sp = spellings_of(corpus)
    assert compare(sp["Jill Marvalen"], sp["Joel Marvalen"], article_context(corpus.mentions), default_rules.settings.name_variant) is None


SHORT_LIMITS = KindThresholds(min_token_length=3, token_similarity=88)


@pytest.mark.parametrize(("x", "y"), [("rok", "rock"), ("tod", "todd"), ("vik", "vikk")])
def test_three_letter_part_one_letter_short_of_the_other_is_a_near_spelling(x: str, y: str) -> None:
    evidence = token_evidence(x, y, SHORT_LIMITS)
    assert evidence is not None and evidence["edits"] == 1


@pytest.mark.parametrize(
    ("x", "y", "why"),
    [
        ("lin", "liu", "two three-letter names a letter apart: two families"),
        ("tam", "tom", "a changed letter in a short part"),
        ("yan", "yang", "one romanised syllable and another"),
        ("cho", "choi", "one romanised syllable and another"),
        ("zhu", "zhou", "one romanised syllable and another"),
        ("jun", "jung", "one romanised syllable and another"),
        ("rok", "rocky", "two letters more"),
        ("ro", "rok", "shorter than min_token_length"),
    ],
)
def test_three_letter_part_is_compared_only_under_its_guard(x: str, y: str, why: str) -> None:
    assert token_evidence(x, y, SHORT_LIMITS) is None, why


def test_token_evidence_honours_min_token_length() -> None:
    assert token_evidence("ruiz", "ruis", PERSON_LIMITS) is not None
    assert token_evidence("ruiz", "ruis", KindThresholds(min_token_length=5)) is None


def test_max_edits_one_allows_only_one_edit() -> None:
    assert token_evidence("brennholt", "brenholt", KindThresholds(max_edits=1)) is not None
    assert token_evidence("brennholt", "brenholdt", PERSON_LIMITS) is not None  # two edits, ratio 88.9
    assert token_evidence("brennholt", "brenholdt", KindThresholds(max_edits=1)) is None


def test_require_same_sound_refuses_two_edits_that_only_look_alike() -> None:
    strict = KindThresholds(require_same_sound=True)
    assert token_evidence("brennholt", "brenholdt", strict) is None  # similar, but sounds different
    assert token_evidence("hallorann", "halloron", strict) is not None  # sounds alike
    assert token_evidence("brennholt", "brenholt", strict) is not None  # one edit is always a variant


def test_token_similarity_decides_two_edits_that_do_not_sound_alike() -> None:
    assert token_evidence("brennholt", "brenholdt", KindThresholds(token_similarity=88)) is not None
    assert token_evidence("brennholt", "brenholdt", KindThresholds(token_similarity=90)) is None


def test_each_kind_of_entity_has_its_own_thresholds(default_rules) -> None:
    settings = default_rules.settings.name_variant.model_copy(
        update={"org": KindThresholds(max_edits=1), "person": KindThresholds(max_edits=2)}
    )
    assert settings.for_label("ORG").max_edits == 1 and settings.for_label("PERSON").max_edits == 2
    assert token_evidence("brennholt", "brenholdt", settings.for_label("PERSON")) is not None
    assert token_evidence("brennholt", "brenholdt", settings.for_label("ORG")) is None


# -- compare: shared context across articles ---------------------------------------------------


def spellings_of(corpus: Corpus) -> dict[str, Spelling]:
    return {sp.surface: sp for sp in collect_spellings(corpus.mentions, ("PERSON", "ORG")).values()}


@pytest.mark.parametrize("shared", [0, 1, 2, 3])
def test_shared_company_is_weighed_evidence_not_a_gate(corpus: Corpus, default_rules: RuleSet, shared: int) -> None:
    # failure class 1: a name misspelt in a story whose other stories name other people
    # is still a variant; company adds to the weight, it does not decide alone
    corpus.add("a.txt", "Marta Kowalczyk")
    corpus.add("b.txt", "Marta Kowalczik")
    corpus.add_company("a.txt", 3)
    corpus.add_company("b.txt", shared)
    sp = spellings_of(corpus)
    context = article_context(corpus.mentions)
    evidence = compare(sp["Marta Kowalczik"], sp["Marta Kowalczyk"], context, default_rules.settings.name_variant)
    assert evidence is not None
    assert evidence["rule"] == "one-part-misspelt"
    assert evidence["part"] == "surname"
    assert evidence["shared_context"] == shared
    weights = evidence["weights"]
    assert set(weights) == {"edit", "names", "agree", "company"}
    assert evidence["weight"] == pytest.approx(sum(weights.values()))


def test_more_shared_company_never_weighs_less(corpus: Corpus, default_rules: RuleSet) -> None:
    weights = []
    for shared in range(4):
        corpus = Corpus()
        corpus.add("a.txt", "Marta Kowalczyk")
        corpus.add("b.txt", "Marta Kowalczik")
        corpus.add_company("a.txt", 3)
        corpus.add_company("b.txt", shared)
        sp = spellings_of(corpus)
        evidence = compare(sp["Marta Kowalczik"], sp["Marta Kowalczyk"], article_context(corpus.mentions), default_rules.settings.name_variant)
        assert evidence is not None
        weights.append(evidence["weights"]["company"])
    assert weights == sorted(weights)
    assert weights[0] < 0 < weights[-1]


def test_compare_in_one_article_needs_no_other_context(corpus: Corpus, default_rules: RuleSet) -> None:
    corpus.add("a.txt", "Marta Kowalczyk")
    corpus.add("a.txt", "Marta Kowalczik")
    sp = spellings_of(corpus)
    evidence = compare(sp["Marta Kowalczik"], sp["Marta Kowalczyk"], article_context(corpus.mentions), default_rules.settings.name_variant)
    assert evidence is not None
    assert evidence["same_article"] is True


def test_two_common_names_need_much_company(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Thomson" and "Thompson" are both real names (two families): a few shared names
    # are not enough, a great deal of shared company is
    corpus.add("a.txt", "Ellen Thomson")
    corpus.add("b.txt", "Ellen Thompson")
    for article in ("a.txt", "b.txt"):
        corpus.add_company(article, 3)
    sp = spellings_of(corpus)
    settings = default_rules.settings.name_variant
    assert compare(sp["Ellen Thompson"], sp["Ellen Thomson"], article_context(corpus.mentions), settings) is None
    for article in ("a.txt", "b.txt"):
        for org in ("Harbour Board", "Gdynia Port Authority", "Vistula Shipyard", "Amber Freight", "Pomorze Council"):
            corpus.add(article, org, label="ORG")
    sp = spellings_of(corpus)
    evidence = compare(sp["Ellen Thompson"], sp["Ellen Thomson"], article_context(corpus.mentions), settings)
    assert evidence is not None
    assert evidence["weights"]["names"] < 0  # both real names: evidence against, outweighed


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Joe Kaplan", "Jill Kaplan"),  # different given names
        ("Chen Jin", "Chen Gao"),  # same surname (written first), different people
        ("Nick Porter", "Mick Porter"),
    ],
)
def test_different_people_in_one_article_are_not_merged(corpus: Corpus, default_rules: RuleSet, a: str, b: str) -> None:
    corpus.add_many("a.txt", [a, b, a, b])
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, a) is not entity_with(entities, b)


def test_look_alike_names_in_different_company_stay_apart(corpus: Corpus, default_rules: RuleSet) -> None:
    for article in ("rugby-1.txt", "rugby-2.txt"):
        corpus.add(article, "John Smit")
        corpus.add(article, "Harbour Rovers", label="ORG")
        corpus.add(article, "Fergus Doyle")
    for article in ("politics-1.txt", "politics-2.txt"):
        corpus.add(article, "John Smith")
        corpus.add(article, "Eastfield Council", label="ORG")
        corpus.add(article, "Priya Raman")
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, "John Smit") is not entity_with(entities, "John Smith")


def test_a_title_case_phrase_is_no_person_spelt_two_ways(corpus: Corpus, default_rules: RuleSet) -> None:
    # a band's single "Run Off" (NER: a body) and "Runn Off" (NER: a person) elsewhere:
    # a phrase of words no name has, not a person's name misspelt
    corpus.add("a.txt", "Run Off", label="ORG")
    corpus.add("b.txt", "Runn Off")
    corpus.add("b.txt", "Lena Marsh")
    corpus.add("b.txt", "Run Off", label="ORG")
    sp = spellings_of(corpus)
    assert compare(sp["Runn Off"], sp["Run Off"], article_context(corpus.mentions), default_rules.settings.name_variant) is None


def test_a_name_written_joined_where_ner_reads_a_body_is_no_form_variant(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Norda Energia" (NER: a person) and "NordaEnergia" (NER: a body) in two versions of
    # one story: a company's own styling varies, as same_form leaves bodies alone; two
    # people's spellings of one name written apart and joined are still one name
    corpus.add("a.txt", "Norda Energia")
    corpus.add("b.txt", "NordaEnergia", label="ORG")
    corpus.add("a.txt", "Mei Lin Tan")
    corpus.add("b.txt", "Mei-Lin Tan")
    sp = spellings_of(corpus)
    context, settings = article_context(corpus.mentions), default_rules.settings.name_variant
    assert compare(sp["NordaEnergia"], sp["Norda Energia"], context, settings) is None
    evidence = compare(sp["Mei Lin Tan"], sp["Mei-Lin Tan"], context, settings)
    assert evidence is not None and evidence["rule"] == "hyphen-space-or-particle"


def test_two_common_words_two_edits_apart_name_two_bodies(corpus: Corpus, default_rules: RuleSet) -> None:
    # a letter to the "Harbour Commissioners" in a story about the "Harbour Commission":
    # another common word two edits away is another body; one edit is a slip
    corpus.add_many("a.txt", ["Harbour Commission", "Harbour Commissioners", "Harbour Comission"], label="ORG")
    sp = spellings_of(corpus)
    context, settings = article_context(corpus.mentions), default_rules.settings.name_variant
    assert compare(sp["Harbour Commissioners"], sp["Harbour Commission"], context, settings) is None
    assert compare(sp["Harbour Comission"], sp["Harbour Commission"], context, settings) is not None


# -- resolve: anchors ---------------------------------------------------------------------------


def test_misspelling_joins_the_spelling_in_more_articles_even_with_more_mentions(
    corpus: Corpus, default_rules: RuleSet
) -> None:
    for article in ("a.txt", "b.txt", "c.txt"):
        corpus.add(article, "Marta Kowalczyk")
        corpus.add_company(article)
    corpus.add_many("d.txt", ["Marta Kowalczik"] * 6)
    corpus.add_company("d.txt")
    entity = entity_with(corpus.resolve(default_rules).entities, "Marta Kowalczik")
    assert entity.canonical == "Marta Kowalczyk"
    assert set(entity.spellings) == {"Marta Kowalczyk", "Marta Kowalczik"}
    assert entity.evidence["Marta Kowalczik"]["rule"] == "one-part-misspelt"


def test_surname_alone_goes_with_the_full_name_of_its_article(corpus: Corpus, default_rules: RuleSet) -> None:
    for article in ("a.txt", "b.txt"):
        corpus.add_many(article, ["Marta Kowalczyk", "Kowalczyk"])
        corpus.add_company(article)
    corpus.add_many("c.txt", ["Marta Kowalczik", "Ms Kowalczik", "Kowalczik's"])
    corpus.add_company("c.txt")
    entity = entity_with(corpus.resolve(default_rules).entities, "Marta Kowalczik")
    assert sorted(m.text for m in entity.spellings["Marta Kowalczik"]) == ["Kowalczik's", "Marta Kowalczik", "Ms Kowalczik"]
    assert sorted(m.text for m in entity.spellings["Marta Kowalczyk"]) == ["Kowalczyk", "Kowalczyk", "Marta Kowalczyk", "Marta Kowalczyk"]


def test_variant_attaches_to_anchor_never_to_another_variant(corpus: Corpus, default_rules: RuleSet) -> None:
    # Tovar (4 articles) <- Tovat (3) <- Tobat (2): Tobat is one edit from Tovat but two
    # from Tovar; a chain would glue it on, an anchor-only merge must not
    for name, articles in (("Elena Tovar", "abcd"), ("Elena Tovat", "efg"), ("Elena Tobat", "h")):
        for a in articles:
            corpus.add(f"{a}.txt", name)
            corpus.add_company(f"{a}.txt")
    corpus.add("g.txt", "Elena Tobat")  # Tobat shares an article with Tovat
    entities = corpus.resolve(default_rules).entities
    tovar = entity_with(entities, "Elena Tovar")
    assert "Elena Tovat" in tovar.spellings
    assert "Elena Tobat" not in tovar.spellings
    assert entity_with(entities, "Elena Tobat").canonical == "Elena Tobat"


def test_variant_attaches_to_the_best_supported_of_two_anchors(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Lena Marsh" (2 articles, same company) and "Lena Marks" (2 articles, shares the
    # variant's article) are both one edit from "Lena Marsk"; the article it shares wins
    for a in ("a", "b"):
        corpus.add(f"{a}.txt", "Lena Marsh")
        corpus.add_company(f"{a}.txt", 3)
    for a in ("c", "d"):
        corpus.add(f"{a}.txt", "Lena Marks")
    corpus.add("d.txt", "Lena Marsk")
    corpus.add_company("d.txt", 3)
    entities = corpus.resolve(default_rules).entities
    assert "Lena Marsk" in entity_with(entities, "Lena Marks").spellings
    assert entity_with(entities, "Lena Marsh") is not entity_with(entities, "Lena Marks")


def test_garbled_credits_in_one_article_are_one_reporter(corpus: Corpus, default_rules: RuleSet) -> None:
    corpus.add("a.txt", "Dorotea Vasquez", source="credit")
    corpus.add("a.txt", "Dorotha Vasquez", source="credit")
    corpus.add("a.txt", "Dorothea Vasquez", source="bio")
    entity = entity_with(corpus.resolve(default_rules).entities, "Dorothea Vasquez")
    assert set(entity.spellings) == {"Dorotea Vasquez", "Dorotha Vasquez", "Dorothea Vasquez"}


def test_same_surname_and_initial_outside_credits_is_no_evidence(corpus: Corpus, default_rules: RuleSet) -> None:
    corpus.add("a.txt", "Dorotea Vasquez")
    corpus.add("a.txt", "Daniela Vasquez")
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, "Dorotea Vasquez") is not entity_with(entities, "Daniela Vasquez")


def test_house_list_spelling_anchors_its_entity(corpus: Corpus, default_rules: RuleSet) -> None:
    rules = corpus.spelt_right_in_three_and_wrong_in_one(default_rules)
    entity = entity_with(corpus.resolve(rules).entities, "Marta Kowalczyk")
    assert entity.canonical == "Marta Kowalczik"


def test_apostrophe_surname_misspelt_is_still_a_variant(corpus: Corpus, default_rules: RuleSet) -> None:
    corpus.add_many("a.txt", ["Siobhan O'Sullivan", "Siobhan O'Sulivan"])
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, "Siobhan O'Sullivan") is entity_with(entities, "Siobhan O'Sulivan")


def test_person_taken_for_an_organisation_keeps_the_last_letter_of_the_name(
    corpus: Corpus, default_rules: RuleSet
) -> None:
    # NER calls the misspelt "Tomas Wiklens" an organisation; compared as a person its
    # key must not lose the "s" as an organisation's plural would ("Wiklen")
    for article in ("a.txt", "b.txt"):
        corpus.add(article, "Tomas Wilkens")
        corpus.add_company(article)
    corpus.add("c.txt", "Tomas Wiklens", label="ORG")
    corpus.add_company("c.txt")
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, "Tomas Wiklens") is entity_with(entities, "Tomas Wilkens")


def test_one_word_name_has_no_agreeing_part_to_weigh_for_it(corpus: Corpus, default_rules: RuleSet) -> None:
    # a firm "Voltera" and a "Volterra" in stories that share nobody: a doubled letter
    # and a word seen nowhere beside a known one are not enough with no other part
    corpus.add("a.txt", "Voltera", label="ORG")
    corpus.add_company("a.txt")
    corpus.add("b.txt", "Volterra", label="ORG")
    sp = spellings_of(corpus)
    evidence = compare(sp["Voltera"], sp["Volterra"], article_context(corpus.mentions),
                       default_rules.settings.name_variant.model_copy(update={"min_weight": -50}))
    assert evidence is not None and evidence["weights"]["agree"] < 0
    assert evidence["weight"] == round(sum(evidence["weights"].values()), 2)


def test_entity_of_maps_every_mention_given_a_role_to_its_canonical_name(corpus: Corpus, default_rules: RuleSet) -> None:
    corpus.add("a.txt", "Marta Kowalczyk")
    corpus.add("a.txt", "Kowalczyk", role=("harbour master", None))
    corpus.add("a.txt", "Tomasz Nowak", role=("mayor", None))
    corpus.add("a.txt", "Ewa Nowak")
    res = corpus.resolve(default_rules)
    assert {m.text: res.entity_of.get((m.article, m.start)) for m in corpus.mentions["a.txt"]} == {
        "Marta Kowalczyk": None,  # no role: the role check never asks
        "Kowalczyk": "Marta Kowalczyk",
        "Tomasz Nowak": "Tomasz Nowak",
        "Ewa Nowak": None,
    }


@pytest.mark.parametrize(
    ("x", "y", "weight"),
    [
        ("davies", "davis", -3.0),  # two common names: two families
        ("smit", "smith", 0.0),  # a real if rarer name beside a common one
        ("howerd", "howard", 2.5),  # rare beside a common name: likely a slip of it
        ("simth", "smith", 3.0),  # seen nowhere
    ],
)
def test_names_weight_follows_how_common_each_spelling_is(x: str, y: str, weight: float) -> None:
    assert names_weight(x, y) == weight == names_weight(y, x)


def test_slip_in_a_name_written_apart_joins_the_hyphenated_spelling(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Robetr Kilroy Silk" against "Robert Kilroy-Silk": the slip's name is written
    # apart, so it has one part more; weighed part by part, it is one slip away
    for article in ("a.txt", "b.txt", "c.txt"):
        corpus.add(article, "Marta Lewin-Kowal")
        corpus.add_company(article)
    corpus.add("d.txt", "Mrata Lewin Kowal")
    corpus.add_company("d.txt")
    entity = entity_with(corpus.resolve(default_rules).entities, "Marta Lewin-Kowal")
    assert "Mrata Lewin Kowal" in entity.spellings
    evidence = entity.evidence["Mrata Lewin Kowal"]
    assert evidence["rule"] == "one-part-misspelt"
    assert evidence["tokens"] == ["mrata", "marta"]


def test_no_shared_company_weighs_little_against_a_full_name(corpus: Corpus, default_rules: RuleSet) -> None:
    # an archive whose pairs make "no shared names" strong evidence of two people (-3):
    # for a person named in full, all parts but one alike, it weighs no more than
    # FULL_NAME_MIN_COMPANY against (one person appears in stories about many things);
    # a one-word organisation keeps the archive's weight
    from copydesk.evidence import FULL_NAME_MIN_COMPANY, CompanyWeights

    archive = CompanyWeights((-3.0, 0.5, 2.0, 3.0, 3.0, 3.0), 100, 100)
    corpus.add("a.txt", "Barbara Hollingworth")
    corpus.add("b.txt", "Barbara Holingworth")
    corpus.add("c.txt", "Korvantis", label="ORG")
    corpus.add("d.txt", "Korvantus", label="ORG")
    sp = spellings_of(corpus)
    context = article_context(corpus.mentions)
    settings = default_rules.settings.name_variant.model_copy(update={"min_weight": -20})
    person = compare(sp["Barbara Holingworth"], sp["Barbara Hollingworth"], context, settings, archive)
    org = compare(sp["Korvantus"], sp["Korvantis"], context, settings, archive)
    assert person is not None and org is not None
    assert person["weights"]["company"] == FULL_NAME_MIN_COMPANY
    assert org["weights"]["company"] == -3.0


def test_two_names_side_by_side_in_one_list_of_credits_are_two_reporters(default_rules: RuleSet) -> None:
    # "Additional reporting by Jun-ho Park and Jin-soo Park": one surname, one initial,
    # but a list of credits names each reporter once
    from copydesk.model import Mention

    text = "Additional reporting by Jun-ho Park and Jin-soo Park in Seoul"
    first, second = text.index("Jun-ho Park"), text.index("Jin-soo Park")
    mentions = {"a.txt": [
        Mention("a.txt", first, first + 11, 1, first + 1, "Jun-ho Park", "PERSON", "credit"),
        Mention("a.txt", second, second + 12, 1, second + 1, "Jin-soo Park", "PERSON", "credit"),
    ]}
    sp = {s.surface: s for s in collect_spellings(mentions, ("PERSON", "ORG")).values()}
    evidence = compare(sp["Jun-ho Park"], sp["Jin-soo Park"], article_context(mentions), default_rules.settings.name_variant)
    assert evidence is None


# -- ArticleMemo: an article's names kept while its mentions are the same list -----------------


def test_an_article_memo_gives_what_gathering_anew_gives_and_gathers_again_for_a_new_list(corpus: Corpus) -> None:
    corpus.add("a.txt", "Marta Kowalczyk")
    corpus.add("a.txt", "Kowalczyk")
    corpus.add("a.txt", "Baltic Dockers Union", "ORG")
    corpus.add("b.txt", "Marta Kowalczik")
    memo, labels = ArticleMemo(), ("PERSON", "ORG")

    def gathered(m: ArticleMemo | None) -> dict[str, list[tuple[str, int]]]:
        return {k: [(x.article, x.start) for x in sp.mentions] for k, sp in collect_spellings(corpus.mentions, labels, m).items()}

    assert gathered(memo) == gathered(None)
    assert article_context(corpus.mentions, memo) == article_context(corpus.mentions)
    kept = memo.local_names("a.txt", corpus.mentions["a.txt"], frozenset(labels))
    assert memo.local_names("a.txt", corpus.mentions["a.txt"], frozenset(labels)) is kept
    said = memo.stated("a.txt", corpus.mentions["a.txt"])
    assert said == stated(corpus.mentions["a.txt"]) and memo.stated("a.txt", corpus.mentions["a.txt"]) is said
    corpus.mentions["a.txt"] = corpus.mentions["a.txt"][:1]  # a new list: the article changed
    assert gathered(memo) == gathered(None) and sum(len(g) for _, _, g in memo.local_names("a.txt", corpus.mentions["a.txt"], frozenset(labels))) == 1
    assert article_context(corpus.mentions, memo) == article_context(corpus.mentions)


def test_spellings_gathered_for_some_names_only_are_those_of_all_names(corpus: Corpus) -> None:
    corpus.add("a.txt", "Marta Kowalczyk")
    corpus.add("b.txt", "Marta Kowalczik")
    corpus.add("b.txt", "Tomasz Nowak")
    everything = collect_spellings(corpus.mentions, ("PERSON", "ORG"))
    some = collect_spellings(corpus.mentions, ("PERSON", "ORG"), only={"marta kowalczik", "tomasz nowak"})
    assert set(some) == {"marta kowalczik", "tomasz nowak"} and all(some[k].mentions == everything[k].mentions for k in some)


def test_a_three_letter_surname_that_is_a_word_is_no_second_family(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Bel" is a known word as "Bell" is, but a string of three letters is a word or an
    # abbreviation more often than a name: its frequency says nothing against a slip
    corpus.add("a.txt", "Orsolya Bell")
    corpus.add("b.txt", "Orsolya Bel")
    for article in ("a.txt", "b.txt"):
        corpus.add_company(article, 1)
    sp = spellings_of(corpus)
    evidence = compare(sp["Orsolya Bel"], sp["Orsolya Bell"], article_context(corpus.mentions), default_rules.settings.name_variant)
    assert evidence is not None and evidence["weights"]["names"] == 0.0


def test_a_three_letter_given_name_that_is_a_word_still_weighs_against(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Jon" and "John" are two given names: a short given name keeps the weight against
    corpus.add("a.txt", "Jon Drozdowski")
    corpus.add("b.txt", "John Drozdowski")
    sp = spellings_of(corpus)
    evidence = compare(sp["Jon Drozdowski"], sp["John Drozdowski"], article_context(corpus.mentions),
                       default_rules.settings.name_variant.model_copy(update={"min_weight": -50}))
    assert evidence is not None and evidence["weights"]["names"] < 0


def test_a_surname_alone_misspelt_joins_the_same_surname_alone(corpus: Corpus, default_rules: RuleSet) -> None:
    # a story that names someone by surname only, as its sister stories do, with a
    # letter dropped: a spelling seen nowhere beside a known name
    for article in ("a.txt", "b.txt", "c.txt"):
        corpus.add(article, "Grabowski")
        corpus.add_company(article, 3)
    corpus.add("d.txt", "Grabowki")
    corpus.add_company("d.txt", 3)
    entities = corpus.resolve(default_rules).entities
    entity = entity_with(entities, "Grabowki")
    assert entity.canonical == "Grabowski"
    assert entity.evidence["Grabowki"]["rule"] == "surname-alone-misspelt"


@pytest.mark.parametrize(
    ("twice", "once", "company"),
    [
        # neither spelling is known: "-kov"/"-kow" may be two ways of writing one foreign
        # name, not a slip; with no given name, nothing says which
        ("Trzaskowiak", "Trzaskowak", 3),
        # both known: two families
        ("Davies", "Davis", 4),
    ],
)
def test_two_surnames_alone_both_known_or_both_unknown_stay_apart(
    twice: str, once: str, company: int, corpus: Corpus, default_rules: RuleSet
) -> None:
    for article in ("a.txt", "b.txt"):
        corpus.add(article, twice)
        corpus.add_company(article, company)
    corpus.add("c.txt", once)
    corpus.add_company("c.txt", company)
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, once) is not entity_with(entities, twice)


def test_a_person_taken_for_a_body_in_both_stories_is_compared_as_a_person(corpus: Corpus, default_rules: RuleSet) -> None:
    # NER reads the unfamiliar "Ottokar Wemps" as an organisation in each story: as a
    # body's name its short last word is never compared; written as a person's name
    # is, it is compared as one
    for article in ("a.txt", "b.txt"):
        corpus.add(article, "Ottokar Wemps", label="ORG")
        corpus.add_company(article, 3)
    corpus.add("c.txt", "Ottokar Wmeps", label="ORG")
    corpus.add_company("c.txt", 3)
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, "Ottokar Wmeps") is entity_with(entities, "Ottokar Wemps")


def test_a_body_read_as_a_person_is_not_reported_for_its_styling(corpus: Corpus, default_rules: RuleSet) -> None:
    # two bodies written with and without a space: a body's own styling, never a
    # person's name written apart
    for article in ("a.txt", "b.txt"):
        corpus.add(article, "Trans Polder Alliance", label="ORG")
    corpus.add("c.txt", "Transpolder Alliance", label="ORG")
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, "Transpolder Alliance") is not entity_with(entities, "Trans Polder Alliance")


def test_a_short_given_name_with_a_surname_slip_joins_the_full_given_name(corpus: Corpus, default_rules: RuleSet) -> None:
    # a credit line gives the reporter's short given name and drops a letter of the
    # surname: "Benedikt Orrmann" everywhere else
    for article in ("a.txt", "b.txt", "c.txt"):
        corpus.add(article, "Benedikt Orrmann", source="credit")
        corpus.add_company(article, 3)
    corpus.add("d.txt", "Ben Ormann", source="credit")
    corpus.add_company("d.txt", 3)
    entities = corpus.resolve(default_rules).entities
    entity = entity_with(entities, "Ben Ormann")
    assert entity.canonical == "Benedikt Orrmann"
    assert entity.evidence["Ben Ormann"]["weights"]["short form"] < 0


@pytest.mark.parametrize(("a", "b"), [("Ben Ormann", "Bernd Orrmann"), ("Ben Ormann", "Benedikt Ortmeier")])
def test_a_given_name_that_is_no_short_form_or_a_surname_not_one_slip_off_stays_apart(
    corpus: Corpus, default_rules: RuleSet, a: str, b: str
) -> None:
    for article in ("a.txt", "b.txt"):
        corpus.add(article, b)
        corpus.add_company(article, 3)
    corpus.add("c.txt", a)
    corpus.add_company("c.txt", 3)
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, a) is not entity_with(entities, b)


def test_a_slip_of_a_body_ner_once_took_for_a_person_is_compared_as_a_body(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Meridian" the company, read as a body in three stories and as a person in a
    # fourth: its spelling's label is a person's, but its slip "Merdian", read as a body,
    # is compared with it as a body's name
    for article in ("a.txt", "b.txt", "c.txt"):
        corpus.add(article, "Meridian", label="ORG")
        corpus.add_company(article, 3)
    corpus.add("d.txt", "Meridian", label="PERSON")
    corpus.add("e.txt", "Merdian", label="ORG")
    corpus.add_company("e.txt", 3)
    entities = corpus.resolve(default_rules).entities
    assert entity_with(entities, "Merdian") is entity_with(entities, "Meridian")
