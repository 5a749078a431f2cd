"""The newsroom's own list of names (the `entities` rules), indexed for the checks.

A house entry is right by definition: its name and aliases are the forms to use, its
misspellings always wrong, and a name one near-spelt part away from it ("Humera Pamuk"
for "Humeyra Pamuk") is taken for it without the corroboration two articles' spellings
need. Its roles, with dates, say who held a title when.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .extract import TitleLexicon, body_title
from .normalize import NameKey, name_key, word_prior

from .resolve import KNOWN_WORD_ZIPF, block_keys, token_evidence
from .rules import HouseEntity, HouseRole, RuleSet

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
    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.lexicon = TitleLexicon.from_rules(rules)
        self._exact: dict[tuple[str, str], HouseMatch] = {}
        self._blocks: dict[tuple[str, ...], list[tuple[NameKey, HouseEntity]]] = {}
        for entity in rules.entities:
            for form, how in [(entity.name, "right"), *((a, "right") for a in entity.aliases),
                              *((m, "misspelt") for m in entity.misspellings)]:
                key = name_key(form, entity.label)
                if key.tokens:
                    self._exact.setdefault((entity.label, key.key), HouseMatch(entity, how))  # type: ignore[arg-type]
            key = name_key(entity.name, entity.label)
            for block in block_keys(key, entity.label):  # compare only names that share a block
                self._blocks.setdefault((entity.label, *block), []).append((key, entity))

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
            diff = [i for i, (a, b) in enumerate(zip(key.tokens, house_key.tokens)) if a != b]
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
        out = []
        for entity in self.rules.entities:
            for role in entity.roles:
                role_title, role_country = self.role_identity(role)
                if role_title == title and (country == ANY_BODY or role_country == country):
                    out.append(Holder(entity, role))
        return out

    def role_identity(self, role: HouseRole) -> tuple[str, str | None]:
        """(title, country) as the extractor would name this role in an article: a
        country stays apart ("foreign minister", "China"), a body joins the title
        ("bbc chairman", None), as in "BBC chairman X"."""
        title = self.canonical_title(role.title)
        if role.of is None:
            return title, None
        country = self.lexicon.country(role.of)
        if country:
            return title, country
        return body_title(" ".join(role.of.split()), title), None

    def canonical_title(self, title: str) -> str:
        phrase = " ".join(title.casefold().split())
        return self.lexicon.phrases.get(phrase, phrase)

    def is_holder(self, entity: HouseEntity, name: str) -> bool:
        """Does `name` ("Qin Gang", "Qin", "Mr Qin") name this house entry?"""
        tokens = set(name_key(name).tokens)
        if not tokens:
            return False
        forms = [name_key(f).tokens for f in (entity.name, *entity.aliases)]
        return any(tokens == set(f) or (len(tokens) == 1 and tokens <= set(f)) for f in forms)


def held_on(holders: list[Holder], day: dt.date) -> list[Holder]:
    return [h for h in holders if h.role.covers(day)]
