"""Step 3 of resolve: the evidence that two spellings are one name. A pair whose parts
all agree but one, that one a slip of the other (slips.py), or written another way
(forms.py), is weighed (evidence.py): the kind of edit, whether both spellings are real
names, how rare the agreeing parts are, the company the two keep across the archive,
one article holding both, where each is said to work. The weights add up; at
`min_weight` the pair is one name."""
from __future__ import annotations

from collections.abc import Mapping, Sequence, Set as AbstractSet
from typing import cast

from .evidence import (
    EDIT_WEIGHTS,
    FULL_NAME_MIN_COMPANY,
    ONE_WORD_WEIGHT,
    PRIOR_COMPANY,
    SAME_ARTICLE_WEIGHT,
    SAME_FORM_WEIGHT,
    SURNAME_ALONE_WEIGHT,
    TWO_SLIPS_WEIGHT,
    TYPO_ZIPF,
    CompanyWeights,
    affiliation_weight,
    agree_weight,
    names_weight,
    rare_beside,
)
from .forms import FORM_RULE, same_count_of_parts, same_form
from .model import CREDIT_SOURCES
from .normalize import KNOWN_WORD_ZIPF, word_prior
from .rules import NameVariantSettings
from .slips import SHORT_PART, is_given_name, short_form_slip, token_evidence, two_slips
from .spellings import Spelling

# A given name against its short form ("Dan"/"Daniel"), the surname one slip off: the
# given names may be one name, or two ("Dan"/"Danielle"); no more evidence than a
# one-word name's missing part (evidence.ONE_WORD_WEIGHT), by reasoning.
SHORT_FORM_WEIGHT = ONE_WORD_WEIGHT

# Words of a phrase, never of a person's name: prepositions, adverbial particles,
# articles, pronouns and conjunctions. A Title Case phrase NER takes for a name (a song
# "Run Off", a headline's "Blames Off") is no person spelt two ways. Name particles
# (PARTICLES) and short words that are also surnames ("To", "An", "Or") are left out.
_PHRASE_WORDS = frozenset(
    "off up out into onto over under upon about against with without from for the and but nor "
    "my your our their his its we they this that these those of at by".split()
)


def compare(
    a: Spelling,
    b: Spelling,
    context: Mapping[str, frozenset[str]],
    settings: NameVariantSettings,
    company: CompanyWeights = PRIOR_COMPANY,
) -> dict[str, object] | None:
    """Evidence that `a` and `b` are one name spelt two ways, or None. Symmetric in a
    and b: the weights of each piece of evidence, their total `weight`, and what they
    rest on."""
    label = _common_label(a, b)
    if label is None:
        return None
    found = _compare_as(label, a, b, context, settings, company)
    if found is None and label == "ORG" and a.person_like and b.person_like:
        # both written as a person's name is and both read as bodies: NER takes an
        # unfamiliar person's name for a body in each story ("Ingrid Hollnadre"); a
        # slip only, since a body's own styling varies ("Trans Ocean"/"TransOcean")
        found = _compare_as("PERSON", a, b, context, settings, company)
        return None if found is None or found["rule"] == FORM_RULE else found
    return found


def _compare_as(
    label: str,
    a: Spelling,
    b: Spelling,
    context: Mapping[str, frozenset[str]],
    settings: NameVariantSettings,
    company: CompanyWeights,
) -> dict[str, object] | None:
    """compare, of the two read as names of this kind."""
    key_a, key_b = a.key_as(label), b.key_as(label)
    ta, tb = key_a.tokens, key_b.tokens
    if ta == tb:
        return None
    if label == "PERSON" and not _PHRASE_WORDS.isdisjoint((*ta, *tb)):
        return None  # a phrase, not a person's name
    how = same_form(key_a, key_b, label)
    if how is not None:
        if a.label != b.label:
            return None  # one read as a body: a company's own styling ("BetaBank"/"Beta Bank") varies, as same_form says
        return {"rule": FORM_RULE, "kind": how, "weights": {"form": SAME_FORM_WEIGHT}, "weight": SAME_FORM_WEIGHT,
                "score": SAME_FORM_WEIGHT}
    if len(ta) != len(tb) and label == "PERSON":
        ta, tb = same_count_of_parts(ta, tb)
    if len(ta) != len(tb):
        return _compare_surname_alone(a, b, context, settings, company) if label == "PERSON" else None
    if label == "PERSON" and len(ta) == 1:
        return _compare_two_surnames(a, b, context, settings, company)
    diff = [i for i in range(len(ta)) if ta[i] != tb[i]]
    if a.label == "PERSON" and a.from_credits and b.from_credits:
        shared_articles = a.articles & b.articles
        if _credited_together(a, b, shared_articles):
            return {"rule": "credited-in-same-article", "score": 0.5, "articles": sorted(shared_articles)}
    if len(diff) == 2 and a.label == b.label == "PERSON":
        surname = short_form_slip(ta, tb, diff, settings.for_label("PERSON"))
        if surname is not None:
            shared = shared_context(a, b, context)
            return _weighed(a, b, surname, company, shared, settings, ("short form", SHORT_FORM_WEIGHT),
                            {"rule": "one-part-misspelt", "part": "surname"}, {"shared_context": shared}, full_name=True)
        return _compare_two_parts(a, b, ta, tb, diff, context, settings, company)
    if len(diff) != 1:
        return None
    i = diff[0]
    token = token_evidence(ta[i], tb[i], settings.for_label(label), given_name=label == "PERSON" and is_given_name(ta, i))
    if token is None:
        return None
    if _is_acronym(a) or _is_acronym(b):
        return None
    if label == "ORG" and _two_words(token):
        return None
    shared = shared_context(a, b, context)
    agree = agree_weight([t for j, t in enumerate(ta) if j != i]) if len(ta) > 1 else ONE_WORD_WEIGHT
    part = "surname" if i == len(ta) - 1 else "given"
    given = label == "PERSON" and is_given_name(ta, i)
    known_says_nothing = token["kind"] in _GIVEN_NAME_SPELLINGS if given else _short_surname(ta[i], tb[i], label)
    full_name = a.label == b.label == "PERSON" and len(ta) > 1
    return _weighed(a, b, token, company, shared, settings, ("agree", agree),
                    {"rule": "one-part-misspelt", "part": part}, {"shared_context": shared}, known_says_nothing, full_name)


def _short_surname(x: str, y: str, label: str) -> bool:
    """A person's surname of three letters against the same with a letter more ("Pax" /
    "Paxx"): a string this short is more often a word or an abbreviation than a name, so
    its being a known word says nothing of a second family (as the tie rules take it:
    name_variant._known_is_right)."""
    return label == "PERSON" and min(len(x), len(y)) < SHORT_PART


def _two_words(token: Mapping[str, object]) -> bool:
    """Are the two spellings of a body's name's word two common words more than one
    edit apart ("Commission"/"Commissioners", "Board"/"Bond")? A slip that lands on
    another common word takes one edit; more make another word, another body."""
    x, y = cast("list[str]", token["tokens"])
    return cast(int, token["edits"]) >= 2 and min(word_prior(x), word_prior(y)) >= KNOWN_WORD_ZIPF


def _compare_two_parts(
    a: Spelling,
    b: Spelling,
    ta: tuple[str, ...],
    tb: tuple[str, ...],
    diff: Sequence[int],
    context: Mapping[str, frozenset[str]],
    settings: NameVariantSettings,
    company: CompanyWeights,
) -> dict[str, object] | None:
    """Two people's names that differ in two parts (`diff`), each by one slip ("Frederic
    Forsythe" for "Frederick Forsyth"): weighed as one slip is, with both parts' edit
    and name weights, less TWO_SLIPS_WEIGHT (two slips in one name are rarer than
    one), and no part that agrees."""
    found = two_slips(ta, tb, diff, settings.for_label("PERSON"))
    if found is None:
        return None
    first, second = found
    token = {**first, "kind": f"{first['kind']}; {second['kind']}", "tokens2": second["tokens"]}
    weights = {
        "edit": EDIT_WEIGHTS[str(first["kind"])] + EDIT_WEIGHTS[str(second["kind"])] + TWO_SLIPS_WEIGHT,
        "names": names_weight(*cast("list[str]", first["tokens"])) + names_weight(*cast("list[str]", second["tokens"])),
        "agree": ONE_WORD_WEIGHT,
    }
    shared = shared_context(a, b, context)
    return _total(a, b, weights, company, shared, settings, True,
                  {"rule": "two-parts-misspelt", "part": "both", **token}, {"shared_context": shared})


def _weighed(
    a: Spelling,
    b: Spelling,
    token: Mapping[str, object],
    company: CompanyWeights,
    shared: int,
    settings: NameVariantSettings,
    other_parts: tuple[str, float],
    head: Mapping[str, object],
    tail: Mapping[str, object] | None = None,
    known_says_nothing: bool = False,
    full_name: bool = False,
) -> dict[str, object] | None:
    """The evidence of a pair whose differing part is `token` (token_evidence): the
    weights, one of them for the other parts (`other_parts`: "agree", or "alone" for a
    surname alone), and their total, between `head` (rule, part) and `tail`; None under
    `min_weight`. `known_says_nothing`: both spellings being known names or words says
    nothing against (a given name written two ways, _GIVEN_NAME_SPELLINGS; a short
    surname, _short_surname).
    `full_name`: two people's names in full, whose lack of shared company weighs at most
    FULL_NAME_MIN_COMPANY against."""
    x, y = cast("list[str]", token["tokens"])
    weights = {
        "edit": EDIT_WEIGHTS[str(token["kind"])],
        "names": max(names_weight(x, y), 0.0) if known_says_nothing else names_weight(x, y),
        other_parts[0]: other_parts[1],
    }
    return _total(a, b, weights, company, shared, settings, full_name, {**head, **token}, tail)


def _total(
    a: Spelling,
    b: Spelling,
    weights: dict[str, float],
    company: CompanyWeights,
    shared: int,
    settings: NameVariantSettings,
    full_name: bool,
    head: Mapping[str, object],
    tail: Mapping[str, object] | None = None,
) -> dict[str, object] | None:
    """The pair's evidence, between `head` and `tail`, with the company weight added to
    `weights` and their total; None under `min_weight`."""
    shared_articles = a.articles & b.articles
    weights = {**weights, "company": SAME_ARTICLE_WEIGHT if shared_articles else _company_weight(company, shared, full_name)}
    against = 0.0 if shared_articles else affiliation_weight(a.said, b.said)
    if against:
        weights["affiliation"] = against
    total = round(sum(weights.values()), 2)
    if total < settings.min_weight:
        return None
    return {**head, "same_article": bool(shared_articles), **(tail or {}), "weights": weights, "weight": total, "score": total}


def _company_weight(company: CompanyWeights, shared: int, full_name: bool) -> float:
    weight = company.weight(shared)
    return max(weight, FULL_NAME_MIN_COMPANY) if full_name else weight


# Edits that write one given name two ways ("Phillip"/"Philip", "Viktor"/"Victor",
# "Erik"/"Eric"), not two names: a vowel changed or a letter dropped may make another
# ("John"/"Joan", "Paul"/"Paula").
_GIVEN_NAME_SPELLINGS = frozenset({"doubled letter", "sound-alike letter"})


def _compare_surname_alone(
    a: Spelling,
    b: Spelling,
    context: Mapping[str, frozenset[str]],
    settings: NameVariantSettings,
    company: CompanyWeights,
) -> dict[str, object] | None:
    """A surname standing alone in its articles ("Rodick") against a full name's
    surname ("Andy Roddick"): weighed as a full name is, with no agreeing part and a
    weight against, since a bare surname says less about who is meant."""
    alone, full = (a, b) if len(a.key.tokens) < len(b.key.tokens) else (b, a)
    if len(alone.key.tokens) != 1 or not full.key.is_full or full.label != "PERSON":
        return None
    x, y = alone.key.tokens[0], full.key.surname
    # a surname alone that is a known name or word is likely someone else's; written only
    # beside the full name, one much rarer than it is a slip ("Whitfeld" after "Rosa Whitfield")
    if x == y or word_prior(x) >= TYPO_ZIPF and not (alone.articles <= full.articles and rare_beside(x, y)):
        return None
    return _surname_alone_slip(a, b, x, y, context, settings, company)


def _compare_two_surnames(
    a: Spelling,
    b: Spelling,
    context: Mapping[str, frozenset[str]],
    settings: NameVariantSettings,
    company: CompanyWeights,
) -> dict[str, object] | None:
    """Two surnames standing alone ("Wodforrd" in one story, "Wodford" in three): weighed
    as a surname alone against a full name's is, with no floor on the company's weight
    (no full name says who either is), and only when one spelling is a known name or
    word and the other seen nowhere, as a slip of it is: two known surnames alone are as
    likely two families, and two unknown ones as likely two ways of writing a foreign
    name in Latin letters. Both must be read as people: a word NER takes for a body is
    compared as one (a company's one-word name has no surname to be alone)."""
    x, y = a.key.tokens[0], b.key.tokens[0]
    rarer, commoner = sorted((word_prior(x), word_prior(y)))
    if a.label != b.label or not rarer < TYPO_ZIPF <= commoner:
        return None
    return _surname_alone_slip(a, b, x, y, context, settings, company)


def _surname_alone_slip(
    a: Spelling,
    b: Spelling,
    x: str,
    y: str,
    context: Mapping[str, frozenset[str]],
    settings: NameVariantSettings,
    company: CompanyWeights,
) -> dict[str, object] | None:
    """The evidence of surname `x`, standing alone, as a slip of `y`: no agreeing part,
    SURNAME_ALONE_WEIGHT against instead."""
    token = token_evidence(x, y, settings.for_label("PERSON"))
    if token is None:
        return None
    return _weighed(a, b, token, company, shared_context(a, b, context), settings, ("alone", SURNAME_ALONE_WEIGHT),
                    {"rule": "surname-alone-misspelt", "part": "surname"})


def _common_label(a: Spelling, b: Spelling) -> str | None:
    """What the two are compared as: the same label, or a person and an "organisation"
    written as a person's name is."""
    if a.label == b.label:
        if a.label == "PERSON" and a.unknown_word != b.unknown_word and (b if a.unknown_word else a).mostly_org:
            return "ORG"  # a word seen nowhere against one NER mostly takes for a body ("Cheslea")
        return a.label
    if {a.label, b.label} != {"PERSON", "ORG"}:
        return None
    if a.unknown_word != b.unknown_word:
        known = b if a.unknown_word else a
        # the known name's kind, a body's when NER mostly takes it for one ("Daimler-
        # Chrysler" now and then a person's name)
        return "ORG" if known.mostly_org else known.label
    if a.person_like and b.person_like:
        return "PERSON"
    return None


def _credited_together(a: Spelling, b: Spelling, shared_articles: AbstractSet[str]) -> bool:
    """Credits in one article that share a surname and initial are one reporter, however
    garbled the given name ("Himiyah", "Humera", "Hamira" Pamuk)."""
    if not shared_articles or not (a.from_credits and b.from_credits):
        return False
    ta, tb = a.key.tokens, b.key.tokens
    return ta[-1] == tb[-1] and ta[0][:1] == tb[0][:1] and not _listed_together(a, b, shared_articles)


# The most characters between two names of one list of credits: ", ", " and ", ", and ".
_LIST_GAP = 6


def _listed_together(a: Spelling, b: Spelling, articles: AbstractSet[str]) -> bool:
    """Are the two credited side by side in one list ("reporting by Jun-ho Park and
    Jin-soo Park")? A list names each person once: two names in it are two people."""
    credits_b = [m for m in b.mentions if m.source in CREDIT_SOURCES and m.article in articles]
    return any(
        m.article == o.article and m.line == o.line and 0 <= max(o.start - m.end, m.start - o.end) <= _LIST_GAP
        for m in a.mentions if m.source in CREDIT_SOURCES and m.article in articles
        for o in credits_b
    )


def shared_context(a: Spelling, b: Spelling, context: Mapping[str, frozenset[str]]) -> int:
    own = set(a.key.tokens) | set(b.key.tokens) | {a.key.key, b.key.key}
    return len((_company(a, context) & _company(b, context)) - own)


def _company(sp: Spelling, context: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The names of all the spelling's articles, gathered once per spelling and context
    (a name in thousands of articles is compared with many spellings)."""
    if sp.company is None or sp.company[0] is not context:
        sp.company = (context, frozenset().union(*(context.get(x, frozenset()) for x in sp.articles)))
    return sp.company[1]


def _is_acronym(sp: Spelling) -> bool:
    surface = sp.surface.replace(".", "").replace(" ", "")
    return surface.isupper() and len(surface) <= 5
