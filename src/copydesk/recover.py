"""Second pass: names NER missed or mislabelled.

Misspelt names are often not tagged PERSON at all ("Humera Pamuk" is no entity,
"Himiyah Pamuk" an ORG). Once the whole corpus is extracted, a run of capitalised words
ending in a surname known from a full PERSON name elsewhere is taken as a person too;
so is a run NER left untagged that is a near spelling of such a name under the same
initial ("Trevor Neslon" where other stories have "Trevor Nelson"), looked up by the
near keys every article's full names add to the surnames (near_keys); so is a word
standing alone a letter from the surname of a person its own article names in full
("Whitfeld Signs Budget" above a story about Rosa Whitfield).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence, Set as AbstractSet
from dataclasses import replace

import jellyfish

from .blocking import deletions
from .evidence import TYPO_ZIPF, rare_beside
from .model import Article, Mention
from .normalize import NameKey, name_key, word_prior
from .patterns import (
    CAPITALISED_WORD,
    HONORIFICS,
    NAME_LABELS,
    NAME_RUN_RE,
    PLACE_LABELS,
    SENTENCE_END_IN_RUN,
    TitleLexicon,
    clean_name_span,
    clean_person_span,
    make_mention,
)
from .spacy_import import english_stop_words
from .spans import SpanIndex

_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
STOP_WORDS = english_stop_words()


# Marks a near-spelling key among the surnames (a name's tokens never hold it).
NEAR = "~"
# A surname shorter than this has too many neighbours a letter away to be looked up by
# them ("Lee" is a letter from "Le", "Leo", "Lea", "Lees" ...). From four letters ("Voss",
# "Vooss") the given name's initial, or the story naming the person in full, is
# company enough: measured, four letters rather than five moved no labelled report.
NEAR_MIN_LENGTH = 4


def article_surnames(mentions: Sequence[Mention]) -> set[str]:
    """What the recovery pass may look up of one article: the surnames of its full
    PERSON names, and each one's near keys (near_keys)."""
    out = set()
    for m in mentions:
        if m.label == "PERSON":
            key = name_key(m.text)
            if key.is_full and len(key.surname) >= 3:
                out.add(key.surname)
                out.update(near_keys(key.given, key.surname))
    return out


def near_keys(given: str, surname: str) -> list[str]:
    """Keys that two full names share when their given names begin alike and their
    surnames are a letter or two apart (one added, dropped, changed, or two swapped:
    "Trevor Neslon", "Trevor Nelson"): the initial and the surname with one letter left
    out, each way. Sorted, so what a recovery asked is the same from run to run."""
    if len(surname) < NEAR_MIN_LENGTH or not given:
        return []
    return sorted(f"{NEAR}{given[:1]}:{d}" for d in deletions(surname))


def recover(
    article: Article,
    mentions: Sequence[Mention],
    surnames: AbstractSet[str],
    lexicon: TitleLexicon,
    asked: dict[str, bool] | None = None,
) -> list[Mention]:
    """`mentions` with missed person names added and mislabelled ones relabelled: a run
    of capitalised words ending in a surname the corpus knows from a full name, or in a
    near spelling of one under the same initial ("Trevor Neslon" where the corpus has
    "Trevor Nelson": NER often tags no misspelt name at all); and a surname NER tagged
    alone, its misspelt given name left out, widened to the full name when the corpus
    knows one of that initial ("Petor Nielson" for "Peter Nielson"); and given names NER
    tagged without the misspelt surname after them, widened the same way.

    The corpus enters only through `surnames` (article_surnames of every article); every
    key looked up in it is recorded in `asked` (key -> known), so a cached result stays
    right for as long as the same keys get the same answers."""
    asked = {} if asked is None else asked

    def known(token: str) -> bool:
        asked[token] = token in surnames
        return asked[token]

    people = SpanIndex([(m.start, m.end) for m in mentions if m.label == "PERSON"])
    others = _Others({(m.start, m.end): m for m in mentions if m.label != "PERSON"})
    added: list[Mention] = []
    widened: set[tuple[int, int]] = set()  # NER's surnames alone, now in the full names recovered

    def near(key: NameKey, start: int, end: int) -> bool:
        """A near spelling of a known full name where NER tagged nothing but a word of
        it: a run it took whole for a body or a place is none (an "organisation" named
        like a person elsewhere is no slip), and neither is a surname that is a word or
        a known name ("Brothers", "Mason": a slip makes a string seen nowhere). A given
        name read as a place ("Corinne" of "Corinne Aldnaa speaks") is NER's guess."""
        if people.overlaps(start, end) or word_prior(key.surname) >= TYPO_ZIPF:
            return False
        if any(not _one_word_inside(k, start, end, article.text) for k in others.spans.overlapping(start, end)):
            return False
        return any(known(k) for k in near_keys(key.given, key.surname))

    for run_start, run_end in _runs(article.text):
        tokens = name_key(article.text[run_start:run_end]).tokens
        if len(tokens) < 2 and not any(known(t) for t in tokens):
            continue  # cleaning only trims a run: one word unknown, no name of two after
        start, end = clean_person_span(article.text, run_start, run_end)
        words = article.text[start:end].split()
        if not 2 <= len(words) <= 3 or not _plausible(words, lexicon):
            continue
        key = name_key(" ".join(words))
        surname_cut = _surname_cut_off(start, end, people, mentions, key)
        if not known(key.surname) and not near(key, start, end) and surname_cut is None:
            continue
        if _take_span(start, end, people, others):
            added.append(make_mention(article, start, end, "PERSON", "recovered"))
            people.add(start, end)
        elif (
            (cut := _given_name_cut_off(start, end, people, mentions)) is not None
            or (cut := surname_cut) is not None
        ) and any(known(k) for k in near_keys(key.given, key.surname)):
            people.remove(*cut)
            if _take_span(start, end, people, others):
                widened.add(cut)
                added.append(make_mention(article, start, end, "PERSON", "recovered"))
                people.add(start, end)
            else:
                people.add(*cut)  # a longer organisation or place holds the run: the surname stays
    for m in _people_taken_for_bodies(article, mentions, others, lexicon):
        added.append(m)
        people.add(m.start, m.end)
    added += _surnames_alone(article, people, others)
    added += _slips_of_surnames_alone(article, people, others, lexicon, known)
    _places_named_otherwise([*mentions, *added], others)
    kept = [
        others.mentions.get((m.start, m.end), m)  # relabelled by _places_named_otherwise
        for m in mentions
        if m.label == "PERSON" and (m.start, m.end) not in widened or (m.start, m.end) in others.mentions
    ]
    return sorted(kept + added, key=lambda m: m.start)


def _one_word_inside(span: tuple[int, int], start: int, end: int, text: str) -> bool:
    """Is `span` one word of [start, end), not its last (a given name, not the surname)?"""
    return start <= span[0] and span[1] < end and len(text[span[0] : span[1]].split()) == 1


def _runs(text: str) -> list[tuple[int, int]]:
    """The runs of capitalised words that may be names, each cut where a sentence ends
    inside it: "Malcom Glazer. Mr Glazer" is two runs, the first a full name; an
    acronym right after a slash is a photo credit's agency ("Jane Doe/AP Rosa Whitfield
    speaks"), not the name's first word (as a name after an editor's is: "Jane Doe/Rosa
    Whitfield")."""
    out = []
    for run in NAME_RUN_RE.finditer(text):
        start = run.start()
        first = re.match(r"(\S+)[ \t]+", run.group())
        if start > 0 and text[start - 1] == "/" and first and first.group(1).isalpha() and first.group(1).isupper():
            start += first.end()
        for end in SENTENCE_END_IN_RUN.finditer(run.group()):
            out.append((start, run.start() + end.start()))
            start = run.start() + end.end()
        out.append((start, run.end()))
    return out


def _given_name_cut_off(
    start: int, end: int, people: SpanIndex, mentions: Sequence[Mention]
) -> tuple[int, int] | None:
    """The span of a surname NER tagged alone at the end of [start, end), its given name
    left out ("Petor" of "Petor Nielson", NER reading an unfamiliar spelling as no
    name); None when the run holds any other person, or the surname carries a role."""
    surname = _person_at_one_end(start, end, people, mentions, at_end=True)
    if surname is None or (surname.role is not None and surname.role.current) or len(surname.text.split()) != 1:
        return None
    return (surname.start, surname.end)


def _surname_cut_off(
    start: int, end: int, people: SpanIndex, mentions: Sequence[Mention], key: NameKey
) -> tuple[int, int] | None:
    """The span of a person's given names NER tagged at the start of [start, end), its
    last word, a surname seen nowhere, left out ("Elena Marta" of "Elena Marta
    Kowalcyzk": NER stops at an unfamiliar spelling); None when the run holds any other
    person, or the surname left out is a known word."""
    if word_prior(key.surname) >= TYPO_ZIPF:
        return None
    given = _person_at_one_end(start, end, people, mentions, at_end=False)
    if given is None or given.role is not None or len(given.text.split()) != len(key.tokens) - 1:
        return None
    return (given.start, given.end)


def _person_at_one_end(
    start: int, end: int, people: SpanIndex, mentions: Sequence[Mention], at_end: bool
) -> Mention | None:
    """The one person NER tagged inside the run [start, end), ending where it ends
    (`at_end`) or starting where it starts, and shorter than the run; None when the run
    holds no such person, or another."""
    inside = people.overlapping(start, end)
    if len(inside) != 1:
        return None
    (s, e) = inside[0]
    if not ((start < s and e == end) if at_end else (s == start and e < end)):
        return None
    return next((m for m in mentions if (m.start, m.end) == (s, e) and m.label == "PERSON"), None)


def _surnames_alone(article: Article, people: SpanIndex, others: _Others) -> list[Mention]:
    """A surname standing alone ("past Davenport and Williams") that NER tagged as a place,
    an organisation or nothing, in an article that names the person in full."""
    keys = (name_key(article.text[s:e]) for s, e in people)
    local = {key.surname for key in keys if key.is_full}
    added = []
    if not local:
        return []
    for tok in _CAPITALISED.finditer(article.text):
        if local.isdisjoint(name_key(tok.group()).tokens):
            continue
        start, end = clean_name_span(article.text, tok.start(), tok.end())
        if end <= start or name_key(article.text[start:end]).key not in local:
            continue
        if _take_span(start, end, people, others):
            added.append(make_mention(article, start, end, "PERSON", "recovered"))
            people.add(start, end)
    return added


def _slips_of_surnames_alone(
    article: Article, people: SpanIndex, others: _Others, lexicon: TitleLexicon, known: Callable[[str], bool]
) -> list[Mention]:
    """A word standing alone a letter from the surname of a person the same article names
    in full ("Whitfeld Signs Budget" over a story about "Rosa Whitfield"): NER takes
    a misspelt surname, in a Title Case headline most of all, for a body or nothing. Not
    a word (evidence.rare_beside), a surname the corpus knows from a full name (another
    person), nor the surname with a letter added at the end."""
    keys = (name_key(article.text[s:e]) for s, e in people)
    local = {key.surname for key in keys if key.is_full and len(key.surname) >= NEAR_MIN_LENGTH}
    if not local:
        return []
    near = {d: surname for surname in local for d in deletions(surname)}
    added = []
    for tok in _CAPITALISED.finditer(article.text):
        start, end = clean_name_span(article.text, tok.start(), tok.end())
        key = name_key(article.text[start:end])
        word = key.key
        if end <= start or len(key.tokens) != 1 or word in local or len(word) < NEAR_MIN_LENGTH:
            continue
        surname = next((near[d] for d in sorted(deletions(word)) if d in near), None)
        if surname is None or surname[0] != word[0] or word.startswith(surname):
            continue  # a letter added at the end makes another name: "the Clintons", "The Great Carsoni"
        if jellyfish.damerau_levenshtein_distance(word, surname) != 1 or not _plausible([article.text[start:end]], lexicon):
            continue
        if not _after_no_given_name(article.text, start, lexicon):
            continue
        if not rare_beside(word, surname) or known(word):
            continue
        if _take_span(start, end, people, others):
            added.append(make_mention(article, start, end, "PERSON", "recovered"))
            people.add(start, end)
    return added


# The capitalised word just before a word, on its line
_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*)[ \t]+\Z")


def _after_no_given_name(text: str, start: int, lexicon: TitleLexicon) -> bool:
    """The word at `start` opens its line, or follows a word in lower case, a sentence's
    end ("Europe. Whitfeld said"), or an honorific or title ("Mr Whitfeld", "Gov.
    Whitfeld"): after another capitalised word or an initial it may end another
    person's name ("Ana Whitfeld", "A. Whitfeld")."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return True
    word = before.group(1).lower()
    if word in HONORIFICS or word in lexicon.phrases or word.rstrip(".") in lexicon.phrases:
        return True
    return word.endswith(".") and len(word.rstrip(".")) > 1


def _people_taken_for_bodies(
    article: Article, mentions: Sequence[Mention], others: _Others, lexicon: TitleLexicon
) -> list[Mention]:
    """A two- or three-word "organisation" whose last word the same article names
    alone as a person ("Ingeborg Thorvaldsne ... Thorvaldsne praised"): NER took an
    unfamiliar spelling of a person for a body; nothing outside the article is asked."""
    alone = {key.key for m in mentions if m.label == "PERSON" and len((key := name_key(m.text)).tokens) == 1}
    if not alone:
        return []
    found = []
    for span, m in list(others.mentions.items()):
        if m.label != "ORG":
            continue
        words = m.text.split()
        if 2 <= len(words) <= 3 and _plausible(words, lexicon) and name_key(m.text).surname in alone:
            others.remove(span)
            found.append(make_mention(article, m.start, m.end, "PERSON", "recovered"))
    return found


def _places_named_otherwise(names: Iterable[Mention], others: _Others) -> None:
    """A one-word place ("Iwatta") that the same article also tags as a person or a body
    (`names`, its people and bodies), alone or as the last word of a name of two or three
    capitalised words ("Kikuo Iwatta"), relabelled so when the word is seen nowhere in
    general text: NER's label for an unfamiliar word is a guess, and a place's name is
    compared with no other spelling, so the article's other reading of the word is taken
    (a person's over a body's). A known place ("Washington" beside "Denzel Washington")
    keeps its label."""
    read_as: dict[str, str] = {}
    for m in names:
        token = name_key(m.text).surname
        if m.label in NAME_LABELS and _one_name(m.text) and read_as.get(token) != "PERSON":
            read_as[token] = m.label
    if not read_as:
        return
    for span, m in list(others.mentions.items()):
        token = name_key(m.text).surname
        if m.label in PLACE_LABELS and len(m.text.split()) == 1 and token in read_as and word_prior(token) < TYPO_ZIPF:
            others.mentions[span] = replace(m, label=read_as[token])


def _one_name(text: str) -> bool:
    """A word alone, or two or three capitalised words as a name is written."""
    words = text.split()
    return len(words) == 1 or (len(words) <= 3 and all(CAPITALISED_WORD.fullmatch(w) for w in words))


class _Others:
    """The article's places and organisations, by span, with their overlap index."""

    def __init__(self, mentions: dict[tuple[int, int], Mention]) -> None:
        self.mentions = mentions
        self.spans = SpanIndex(list(mentions))

    def remove(self, span: tuple[int, int]) -> None:
        del self.mentions[span]
        self.spans.remove(*span)


def _take_span(start: int, end: int, people: SpanIndex, others: _Others) -> bool:
    """May [start, end) become a person? Not inside another person, nor part of a longer
    organisation or place; organisations or places inside this span are replaced (NER
    may cut an unfamiliar name in two: "Dmitra" a place, "Holloway" another)."""
    if people.overlaps(start, end):
        return False
    clash = others.spans.overlapping(start, end)
    if any(not (start <= k[0] and k[1] <= end) for k in clash):
        return False
    for k in clash:
        others.remove(k)
    return True


def _plausible(words: list[str], lexicon: TitleLexicon) -> bool:
    if any(w.endswith(".") and len(w.rstrip(".")) > 2 for w in words[:-1]):
        return False  # "Westlife. Spacey": a sentence ends inside the run (an initial is "J.")
    for w in words:
        bare = w.rstrip(".,;:'’s").lower() or w.lower()
        if bare in STOP_WORDS or bare in MONTHS_AND_DAYS or lexicon.country(w) or bare in lexicon.phrases:
            return False
        if not w[:1].isupper() or w.isupper() and len(w) > 1:
            return False
    return True
