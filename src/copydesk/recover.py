"""Second pass: names NER missed or mislabelled.

Misspelt names are often not tagged PERSON at all ("Humera Pamuk" is no entity,
"Himiyah Pamuk" an ORG). Once the whole corpus is extracted, a run of capitalised words
ending in a surname known from a full PERSON name elsewhere is taken as a person too.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set as AbstractSet

from spacy.lang.en.stop_words import STOP_WORDS

from .extract import NAME_RUN_RE, TitleLexicon, clean_name_span, clean_person_span, make_mention
from .model import Article, Mention
from .normalize import name_key
from .spans import SpanIndex

_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


def known_surnames(mentions_by_article: Mapping[str, Sequence[Mention]]) -> set[str]:
    """Surnames of full PERSON names, in at least one article."""
    return set().union(*(article_surnames(ms) for ms in mentions_by_article.values()))


def article_surnames(mentions: Sequence[Mention]) -> set[str]:
    """Surnames of the full PERSON names in one article's mentions."""
    out = set()
    for m in mentions:
        if m.label == "PERSON":
            key = name_key(m.text)
            if key.is_full and len(key.surname) >= 3:
                out.add(key.surname)
    return out


def recover(
    article: Article,
    mentions: Sequence[Mention],
    surnames: AbstractSet[str],
    lexicon: TitleLexicon,
    asked: dict[str, bool] | None = None,
) -> list[Mention]:
    """`mentions` with missed person names added and mislabelled ones relabelled.

    The corpus enters only through `surnames`; every token looked up in it is recorded
    in `asked` (token -> known), so a cached result stays right for as long as the same
    tokens get the same answers."""
    asked = {} if asked is None else asked

    def known(token: str) -> bool:
        asked[token] = token in surnames
        return asked[token]

    people = SpanIndex([(m.start, m.end) for m in mentions if m.label == "PERSON"])
    others = _Others({(m.start, m.end): m for m in mentions if m.label != "PERSON"})
    added: list[Mention] = []
    for run in NAME_RUN_RE.finditer(article.text):
        if not any(known(t) for t in name_key(run.group()).tokens):
            continue  # cleaning only trims a run: no known surname in it, none after
        start, end = clean_person_span(article.text, run.start(), run.end())
        words = article.text[start:end].split()
        if not 2 <= len(words) <= 3 or not _plausible(words, lexicon):
            continue
        if not known(name_key(" ".join(words)).surname):
            continue
        if _take_span(start, end, people, others):
            added.append(make_mention(article, start, end, "PERSON", "recovered"))
            people.add(start, end)
    for m in _people_taken_for_bodies(article, mentions, others, lexicon):
        added.append(m)
        people.add(m.start, m.end)
    added += _surnames_alone(article, people, others)
    kept = [m for m in mentions if m.label == "PERSON" or (m.start, m.end) in others.mentions]
    return sorted(kept + added, key=lambda m: m.start)


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
