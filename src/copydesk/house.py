"""The newsroom's own list of names (the `entities` rules), indexed for the checks.

A house entry is right by definition: its name and aliases are the forms to use, its
misspellings always wrong, and a name one near-spelt part away from it ("Humera Pamuk"
for "Humeyra Pamuk") is taken for it without the corroboration two articles' spellings
need. Its roles, with dates, say who held a title when.
"""
from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from .blocking import block_keys
from .normalize import KNOWN_WORD_ZIPF, NameKey, name_key, word_prior
from .patterns import TitleLexicon, body_title
from .rules import HouseEntity, HouseRole, RuleSet
from .slips import token_evidence

How = Literal["right", "misspelt", "near"]
ANY_BODY = "*"  # holders(title, ANY_BODY): of whatever country or body


@dataclass(frozen=True)
class HouseMatch:
    entity: HouseEntity
    how: How
    # near spellings: both parts are common words or names ("Smit"/"Smith"), so the
    # spelling may be another person's right name
    both_known: bool = False


@dataclass(frozen=True)
class Holder:
    entity: HouseEntity
    role: HouseRole


class HouseList:
    """The house list indexed once per rule set (each check asks for it; a list of
    10,000 people is read and keyed once): names by key, terms by the role they are."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        index = _index_of(rules)
        self.lexicon = index.lexicon
        self._exact = index.exact
        self._blocks = index.blocks
        self._terms = index.terms
        self._forms = index.forms

    def __bool__(self) -> bool:
        return bool(self.rules.entities)

    def match(self, text: str) -> HouseMatch | None:
        """The house entry `text` names, rightly or not; NER's label is not trusted
        (misspelt people are often tagged ORG), so both kinds are tried."""
        for label in ("PERSON", "ORG"):
            key = name_key(text, label)
            if not key.tokens:
                continue
            exact = self._exact.get((label, key.key))
            if exact is not None:
                return exact
            near = self._near(key, label)
            if near is not None:
                return near
        return None

    def _near(self, key: NameKey, label: str) -> HouseMatch | None:
        if label == "PERSON" and not key.is_full:
            return None  # a lone name part is too little to call a misspelling
        limits = self.rules.settings.name_variant.for_label(label)
        best: tuple[float, HouseMatch] | None = None
        candidates = {id(e): (k, e) for b in block_keys(key, label) for k, e in self._blocks.get((label, *b), ())}
        for house_key, entity in candidates.values():
            if len(house_key.tokens) != len(key.tokens):
                continue
            diff = [i for i, (a, b) in enumerate(zip(key.tokens, house_key.tokens, strict=True)) if a != b]
            if len(diff) != 1:
                continue
            found, listed = key.tokens[diff[0]], house_key.tokens[diff[0]]
            evidence = token_evidence(found, listed, limits)
            if evidence is None:
                continue
            ratio = float(evidence["ratio"])  # type: ignore[arg-type]
            if best is None or ratio > best[0]:
                known = min(word_prior(found), word_prior(listed)) >= KNOWN_WORD_ZIPF
                best = (ratio, HouseMatch(entity, "near", known))
        return best[1] if best else None

    def holders(self, title: str, country: str | None) -> list[Holder]:
        """Every house term of the role a claim names: `title` as the extractor gives it
        (canonical; a body's titles carry the body: "bbc chairman") and `country` (None
        when the title names the whole role; ANY_BODY for any country)."""
        by_country = self._terms.get(title, {})
        if country == ANY_BODY:
            return [h for holders in by_country.values() for h in holders]
        return list(by_country.get(country, ()))

    def role_identity(self, role: HouseRole) -> tuple[str, str | None]:
        return role_identity(self.lexicon, role)

    def canonical_title(self, title: str) -> str:
        return canonical_title(self.lexicon, title)

    def is_holder(self, entity: HouseEntity, name: str) -> bool:
        """Does `name` ("Qin Gang", "Qin", "Mr Qin") name this house entry?"""
        tokens = _name_tokens(name)
        if not tokens:
            return False
        cached = self._forms.get(id(entity))
        if cached is None or cached[0] is not entity:  # once per entry: a claim meets every term of its role
            cached = self._forms[id(entity)] = (entity, [_name_tokens(f) for f in (entity.name, *entity.aliases)])
        return any(tokens == f or (len(tokens) == 1 and tokens <= f) for f in cached[1])


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(name_key(name).tokens)


def held_on(holders: list[Holder], day: dt.date) -> list[Holder]:
    """The holders whose terms surely include `day`: a term known to the year or month
    only ("to: 2019") says nothing of the days it may or may not cover."""
    return [h for h in holders if h.role.surely_covers(day)]


@dataclass
class _Index:
    lexicon: TitleLexicon
    exact: dict[tuple[str, str], HouseMatch]
    blocks: dict[tuple[str, ...], list[tuple[NameKey, HouseEntity]]]
    terms: dict[str, dict[str | None, list[Holder]]]  # title -> country (None: a body's) -> terms
    forms: dict[int, tuple[HouseEntity, list[frozenset[str]]]] = field(default_factory=dict)  # id(entry) -> its names' parts


# One index per rule set, kept while the rule set lives (weakref.finalize drops it) and
# rebuilt when its entities, titles or countries are other objects (tests swap them).
_INDEXES: dict[int, tuple[tuple[object, ...], _Index]] = {}


def _index_of(rules: RuleSet) -> _Index:
    sources = (*rules.entities, None, *rules.titles, None, *rules.countries)
    cached = _INDEXES.get(id(rules))
    if cached is not None and len(cached[0]) == len(sources) and all(a is b for a, b in zip(cached[0], sources, strict=True)):
        return cached[1]
    if cached is None:
        weakref.finalize(rules, _INDEXES.pop, id(rules), None)
    index = _build_index(rules)
    _INDEXES[id(rules)] = (sources, index)
    return index


def _build_index(rules: RuleSet) -> _Index:
    index = _Index(TitleLexicon.from_rules(rules), {}, {}, {})
    for entity in rules.entities:
        for form, how in [(entity.name, "right"), *((a, "right") for a in entity.aliases),
                          *((m, "misspelt") for m in entity.misspellings)]:
            key = name_key(form, entity.label)
            if key.tokens:
                index.exact.setdefault((entity.label, key.key), HouseMatch(entity, how))  # type: ignore[arg-type]
        key = name_key(entity.name, entity.label)
        for block in block_keys(key, entity.label):  # compare only names that share a block
            index.blocks.setdefault((entity.label, *block), []).append((key, entity))
        for role in entity.roles:
            title, country = role_identity(index.lexicon, role)
            index.terms.setdefault(title, {}).setdefault(country, []).append(Holder(entity, role))
    return index


def role_identity(lexicon: TitleLexicon, role: HouseRole) -> tuple[str, str | None]:
    """(title, country) as the extractor would name this role in an article: a country
    stays apart ("foreign minister", "China"), a body joins the title ("bbc chairman",
    None), as in "BBC chairman X"."""
    title = canonical_title(lexicon, role.title)
    if role.of is None:
        return title, None
    country = lexicon.country(role.of)
    if country:
        return title, country
    return body_title(" ".join(role.of.split()), title), None


def canonical_title(lexicon: TitleLexicon, title: str) -> str:
    phrase = " ".join(title.casefold().split())
    return lexicon.phrases.get(phrase, phrase)
