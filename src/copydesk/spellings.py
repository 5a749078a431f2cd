"""Step 1 of resolve: each distinct name of the archive (a Spelling) with its mentions.
In each article, short mentions ("Blinken", "Mr Blinken") join the nearest full name
they are part of, so a surname alone is compared through its full name."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from .affiliation import Statement, stated
from .blocking import block_keys
from .evidence import TYPO_ZIPF
from .model import CREDIT_SOURCES, Mention
from .normalize import NameKey, name_key, word_prior
from .slips import wordlike


@dataclass
class Spelling:
    """One distinct name (by normalised key) with every mention of it in the corpus.

    The derived properties are computed once, when first asked for: only after
    `collect_spellings` has gathered every mention."""

    key: NameKey
    label: str
    mentions: list[Mention] = field(default_factory=list)
    # (context, names of all its articles), filled by the first comparison that needs it
    company: tuple[Mapping[str, frozenset[str]], frozenset[str]] | None = field(default=None, repr=False, compare=False)
    # workplaces and titles stated next to its mentions (affiliation.stated); most have
    # none, and the empty frozenset is shared (a set each would cost an archive's millions)
    said: frozenset[Statement] = field(default=frozenset(), repr=False, compare=False)

    @cached_property
    def articles(self) -> frozenset[str]:
        return frozenset(m.article for m in self.mentions)

    @cached_property
    def surface(self) -> str:
        """The most common full written form."""
        full = [m.text for m in self.mentions if len(name_key(m.text, self.label).tokens) == len(self.key.tokens)]
        counts = Counter(full or [m.text for m in self.mentions])
        first: dict[str, tuple[str, int]] = {}  # on a tie, the form met first in file order, whatever order the articles came in
        for m in self.mentions:
            if m.text in counts and (m.text not in first or place(m) < first[m.text]):
                first[m.text] = place(m)
        return min(counts, key=lambda text: (-counts[text], first[text]))

    @cached_property
    def person_like(self) -> bool:
        """An "organisation" written as a person's name is written ("Ingrid Hollnader"):
        NER often takes an unfamiliar spelling of a person for a body."""
        if self.label == "PERSON":
            return True
        words = self.surface.split()
        return (
            2 <= len(self.key.tokens) <= 3
            and len(words) == len(self.key.tokens)
            and all(w[:1].isupper() and w[1:2].islower() for w in words)
            and all(wordlike(t) for t in self.key.tokens)
        )

    @cached_property
    def unknown_word(self) -> bool:
        """One capitalised word seen nowhere in general text ("Daveport", "Cheslea"):
        NER's label for it is a guess, so it is compared as a person and as an
        organisation."""
        if len(self.key.tokens) != 1 or not wordlike(self.key.tokens[0]) or word_prior(self.key.tokens[0]) >= TYPO_ZIPF:
            return False
        words = self.surface.split()
        return len(words) == 1 and words[0][:1].isupper() and words[0][1:2].islower()

    @cached_property
    def mostly_org(self) -> bool:
        """A one-word name NER takes for an organisation more often than for a person
        ("Chelsea" the club, now and then "Chelsea" a woman): its label is PERSON once
        any mention says so, but a slip of it seen nowhere is compared as a body's."""
        if len(self.key.tokens) != 1:
            return False
        labels = Counter(m.label for m in self.mentions)
        return labels["ORG"] > labels["PERSON"]

    def blocks(self) -> frozenset[tuple[str, ...]]:
        """Its blocking keys (not kept: an archive has millions of spellings)."""
        keys = block_keys(self.key, self.label)
        if self.label == "PERSON" and self.mostly_org:
            keys = keys | block_keys(self.key_as("ORG"), "ORG")
        if self.unknown_word:
            other = "ORG" if self.label == "PERSON" else "PERSON"
            return keys | block_keys(self.key_as(other), other)
        return keys | block_keys(self.key_as("PERSON"), "PERSON") if self.label != "PERSON" and self.person_like else keys

    def key_as(self, label: str) -> NameKey:
        """Its key read as a name of this kind: an "organisation" compared as a person
        keeps its last letter ("Robrets" is no plural)."""
        return self.key if label == self.label else name_key(self.surface, label)

    @cached_property
    def from_credits(self) -> bool:
        return any(m.source in CREDIT_SOURCES for m in self.mentions)


def place(m: Mention) -> tuple[str, int]:
    return (m.article, m.start)


def collect_spellings(
    mentions_by_article: Mapping[str, Sequence[Mention]],
    labels: Iterable[str],
    memo: ArticleMemo | None = None,
    only: AbstractSet[str] | None = None,
) -> dict[str, Spelling]:
    """Every name (key) of the articles, with its mentions; `only` these keys, if given."""
    labels = frozenset(labels)
    spellings: dict[str, Spelling] = {}
    for article, mentions in mentions_by_article.items():
        names = memo.local_names(article, mentions, labels) if memo is not None else local_names(mentions, labels)
        said = memo.stated(article, mentions) if memo is not None else stated(mentions)
        for key, label, group in names:
            if only is None or key.key in only:
                _add_group(spellings, key, label, group, frozenset(s for m in group for s in said.get(m.start, ())) if said else frozenset())
    return spellings


LocalName = tuple[NameKey, str, list[Mention]]


class ArticleMemo:
    """Each article's local names, company and stated workplaces, kept while its mentions
    are the same list. The server checks draft after draft against one snapshot, and
    each draft's scope reads the same few hundred archive articles again: gathering
    their names was a fifth of a draft's check. Callers must not change the lists they
    are given."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, frozenset[str]], tuple[Sequence[Mention], list[LocalName]]] = {}
        self._company: dict[str, tuple[Sequence[Mention], frozenset[str]]] = {}
        self._stated: dict[str, tuple[Sequence[Mention], dict[int, frozenset[Statement]]]] = {}

    def local_names(self, article: str, mentions: Sequence[Mention], labels: frozenset[str]) -> list[LocalName]:
        return _kept(self._names, (article, labels), mentions, lambda: local_names(mentions, labels))

    def company(self, article: str, mentions: Sequence[Mention]) -> frozenset[str]:
        return _kept(self._company, article, mentions, lambda: company_names(mentions))

    def stated(self, article: str, mentions: Sequence[Mention]) -> dict[int, frozenset[Statement]]:
        return _kept(self._stated, article, mentions, lambda: stated(mentions))


_Key = TypeVar("_Key")

_Value = TypeVar("_Value")


def _kept(
    table: dict[_Key, tuple[Sequence[Mention], _Value]], key: _Key, mentions: Sequence[Mention], work: Callable[[], _Value]
) -> _Value:
    """`table`'s value for `key`, worked out again when the mentions are another list."""
    kept = table.get(key)
    if kept is None or kept[0] is not mentions:
        kept = table[key] = (mentions, work())
    return kept[1]


def merge_spellings(parts: Iterable[Spelling]) -> Spelling:
    """One spelling from its parts collected over consecutive runs of articles, given in
    the articles' order: the same as collecting them in one go."""
    merged: dict[str, Spelling] = {}
    for part in parts:
        _add_group(merged, part.key, part.label, part.mentions, part.said)
    [spelling] = merged.values()
    return spelling


def _add_group(
    spellings: dict[str, Spelling], key: NameKey, label: str, group: Sequence[Mention], said: AbstractSet[Statement] = frozenset()
) -> None:
    sp = spellings.get(key.key)
    if sp is None:
        sp = spellings[key.key] = Spelling(key, label)
    elif label == "PERSON":
        sp.label = "PERSON"  # a title, credit or NER PERSON anywhere wins over ORG
    sp.mentions.extend(group)
    if said:
        sp.said = sp.said | said


def local_names(mentions: Sequence[Mention], labels: AbstractSet[str]) -> list[LocalName]:
    """One article's names: full names with the short mentions that refer to them."""
    named = [m for m in mentions if m.label in labels]
    full: dict[str, LocalName] = {}
    short: list[Mention] = []
    for m in named:
        key = name_key(m.text, m.label)
        if not key.tokens:
            continue
        if m.label == "PERSON" and not key.is_full:
            short.append(m)
            continue
        entry = full.setdefault(key.key, (key, m.label, []))
        entry[2].append(m)
    by_part: dict[str, list[LocalName]] = defaultdict(list)
    for entry in full.values():
        if entry[1] == "PERSON":
            for part in {entry[0].surname, entry[0].given}:
                by_part[part].append(entry)
    for m in short:
        target = _full_name_for(m, by_part.get(name_key(m.text, "PERSON").surname, ()))
        if target is not None:
            target[2].append(m)
        else:
            key = name_key(m.text, m.label)
            full.setdefault(key.key, (key, m.label, []))[2].append(m)
    return list(full.values())


def _full_name_for(m: Mention, candidates: Sequence[LocalName]) -> LocalName | None:
    """The full name a short mention stands for, of the people's names with its word as
    surname (or, for names written family name first, "Xi" of "Xi Jinping", as first
    token): the nearest."""
    if not candidates:
        return None

    def distance(f: LocalName) -> tuple[int, int]:
        before = [m.start - o.start for o in f[2] if o.start <= m.start]
        after = [o.start - m.start for o in f[2] if o.start > m.start]
        return (0, min(before)) if before else (1, min(after, default=1 << 30))

    return min(candidates, key=distance)


def article_context(mentions_by_article: Mapping[str, Sequence[Mention]], memo: ArticleMemo | None = None) -> dict[str, frozenset[str]]:
    """The names each article keeps company with."""
    if memo is not None:
        return {article: memo.company(article, mentions) for article, mentions in mentions_by_article.items()}
    return {article: company_names(mentions) for article, mentions in mentions_by_article.items()}


def company_names(mentions: Iterable[Mention]) -> frozenset[str]:
    """One article's names, for telling people apart: surnames of people, whole organisations."""
    return company_of((m.text, m.label) for m in mentions)


def company_of(names: Iterable[tuple[str, str]]) -> frozenset[str]:
    """company_names of an article's names (text, label)."""
    out = set()
    for text, label in names:
        if label in ("PERSON", "ORG"):
            key = name_key(text, label)
            if key.tokens:
                out.add(key.surname if label == "PERSON" else key.key)
    return frozenset(out)
