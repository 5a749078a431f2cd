"""Which articles a check of a few changed articles needs (the pre-commit hook).

A finding involves a changed article when one of its names or roles is in it. The other
articles that can take part in such a finding are those that could be grouped with its
names or compared with its roles:

- names: the articles holding a name that resolve could take for a variant of a name in
  the changed articles (as many parts, all equal but one, and that one a near spelling:
  slips.token_evidence), and the variants of those, and so on: the whole chain, since
  which spelling anchors a group depends on every link of it ("Vorla", "Vorna",
  "Vorne", "Varne");
- roles: the articles giving one of the changed articles' titles to someone, the other
  titles of those holders, the holders of those titles, and so on (who holds what
  elsewhere decides which side of a conflict is flagged).

Everything else is left out of resolve and the checks, so a hook's cost follows the
names in the changed articles, not the size of the archive. Recovery still sees the
whole archive (its known surnames are corpus-wide).
"""
from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .blocking import deletions
from .forms import form_keys, same_count_of_parts, same_form, written_apart
from .model import Mention
from .names import ArticleNames, names_of
from .normalize import NameKey, name_key, phonetic
from .rules import KindThresholds, NameVariantSettings
from .slips import is_given_name, short_form_slip, token_evidence, two_slips

Place = tuple[object, ...]


@dataclass(frozen=True)
class Places:
    """Where a name's possible variants are looked for: each name under its parts but
    one (for each part), under the letters it is written with (forms.form_keys), and
    under its surname; each surname under its spellings with a letter left out. Few
    places per name, so an index of an archive's names is quick to build (a hook builds
    one per run); what decides whether two names met in a place are compared (the other
    part's first letter, first two letters or sound) is asked of the few a question
    meets, not worked out for every name. Left as it is: `with_names` and
    `without_names` make new ones."""

    shared: dict[Place, Sequence[NameKey]] = field(default_factory=dict)
    surnames: dict[str, Sequence[NameKey]] = field(default_factory=dict)
    by_deletion: dict[str, Sequence[str]] = field(default_factory=dict)  # a surname less a letter -> surnames

    def with_names(self, keys: Iterable[NameKey]) -> Places:
        shared: dict[Place, list[NameKey]] = defaultdict(list)
        surnames: dict[str, list[NameKey]] = defaultdict(list)
        for key in keys:
            for place in _all_places(key):
                shared[place].append(key)
            for surname in _surnames(key):
                surnames[surname].append(key)
        by_deletion: dict[str, list[str]] = defaultdict(list)
        for surname in surnames.keys() - self.surnames.keys():
            for d in deletions(surname):
                by_deletion[d].append(surname)
        return Places(_joined(self.shared, shared), _joined(self.surnames, surnames), _joined(self.by_deletion, by_deletion))

    def without_names(self, keys: Collection[NameKey]) -> Places:
        gone = set(keys)
        shared = dict(self.shared)
        surnames = dict(self.surnames)
        for key in gone:
            for place in _all_places(key):
                _drop(shared, place, key)
            for surname in _surnames(key):
                _drop(surnames, surname, key)
        by_deletion = dict(self.by_deletion)
        for surname in self.surnames.keys() - surnames.keys():
            for d in deletions(surname):
                _drop(by_deletion, d, surname)
        return Places(shared, surnames, by_deletion)

    def count(self) -> int:
        """How many names are placed (a name written with a hyphen counted twice)."""
        return sum(map(len, self.surnames.values()))

    def sharing_a_place(self, key: NameKey, max_edits: int) -> Iterator[NameKey]:
        """The names that share a place with `key` (not `key` itself, some more than
        once): all parts but one equal, and that one beginning with the same letter, the
        same two letters swapped, or sounding alike ("Kapra"/"Capra"); written with the
        same letters; or a surname one letter from its surname ("Rodick" alone against
        "Andy Roddick"). A name written with a hyphen or a particle is asked by its form
        parts too (_shapes). A one-word name meets only those `max_edits` from it but
        for the same letters (its places hold hundreds: a name further is never its
        variant)."""
        shapes = _shapes(key)
        alone = len(shapes) == 1 and len(key.tokens) == 1
        for shape in shapes:
            t = shape.tokens
            if len(t) == 1:
                for place in _start(t[0]):
                    others = self.shared.get(place, ())
                    yield from _within_edits(t[0], others, max_edits) if alone and len(others) > _FEW else others
            else:
                for i, part in enumerate(t):
                    rest = t[:i] + t[i + 1 :]
                    others = self.shared.get((len(t), i, *rest), ())
                    yield from (other for other in others if _alike_at(part, other, i, rest))
            for letters in form_keys(t):
                yield from self.shared.get(("form", letters), ())
        surnames = {s for shape in shapes for d in deletions(shape.surname) for s in self.by_deletion.get(d, ())}
        for surname in surnames:
            others = self.surnames[surname]
            yield from _within_edits(key.tokens[0], others, max_edits) if alone and len(others) > _FEW else others


class Neighbours:
    """Each name's possible variants among the names of one index (its `places`), under
    the loosest settings `limits`: worked out when first asked and kept, for the indexes
    extended from that one too. A server asks the same names for every draft."""

    def __init__(self, names: Collection[NameKey], places: Places, limits: KindThresholds) -> None:
        self.names = names
        self.places = places
        self.limits = limits
        self._found: dict[NameKey, tuple[NameKey, ...]] = {}

    def of(self, key: NameKey) -> tuple[NameKey, ...]:
        found = self._found.get(key)
        if found is None:  # two threads may both work one out: the same answer, kept once
            found = self._found[key] = _scan(key, self.places, self.limits)
        return found

    def work_out_all(self) -> None:
        """Every name's, ahead of the questions (the server, once its archive is in)."""
        for key in list(self.names):
            self.of(key)


@dataclass(frozen=True)
class ScopeIndex:
    """Which articles hold each name, and each name's places for a variant: built once
    for an archive (the server keeps it), extended with a draft's names per check."""

    articles_of: dict[NameKey, set[str]]
    places: Places
    # the built index's names' variants, kept (Neighbours), and the places of the names
    # added to it since: a name of both has its variants from the one plus those in the other
    neighbours: Neighbours | None = None
    added: Places = field(default_factory=Places)

    @classmethod
    def build(cls, names: Mapping[str, ArticleNames], settings: NameVariantSettings) -> ScopeIndex:
        made = cls({}, Places()).extended(names, settings)
        return cls(made.articles_of, made.places, Neighbours(made.articles_of, made.places, loosest(settings)))

    def extended(self, names: Mapping[str, ArticleNames], settings: NameVariantSettings) -> ScopeIndex:
        """This index with the articles' `names` added; this one is left as it was."""
        articles_of = dict(self.articles_of)
        own_keys: set[NameKey] = set()  # whose set of articles is already this index's own copy
        new_keys: list[NameKey] = []
        labels = set(settings.labels)
        for path, held in names.items():
            for text, label in held.names:
                if label not in labels:
                    continue
                for key in _keys(text, label):
                    if key not in own_keys:
                        if key not in articles_of:
                            new_keys.append(key)
                        articles_of[key] = set(articles_of.get(key, ()))
                        own_keys.add(key)
                    articles_of[key].add(path)
        # an index with kept neighbours remembers what was added since (variants_of)
        added = self.added.with_names(new_keys) if self.neighbours is not None else self.added
        return ScopeIndex(articles_of, self.places.with_names(new_keys), self.neighbours, added)

    def without(self, paths: Collection[str]) -> ScopeIndex:
        """This index less the names of the articles `paths` (a name another article holds
        stays); this one is left as it was. The server takes an article edited since its
        archive was read out this way, then extends the index with its new names."""
        gone = set(paths)
        articles_of = dict(self.articles_of)
        dropped: list[NameKey] = []
        for key, holders in self.articles_of.items():
            if not holders.isdisjoint(gone):
                if left := holders - gone:
                    articles_of[key] = left
                else:
                    del articles_of[key]
                    dropped.append(key)
        # a dropped name may stay in `neighbours` and `added`: variants_of leaves it out
        return ScopeIndex(articles_of, self.places.without_names(dropped), self.neighbours, self.added)

    def replaced(self, gone: Collection[str], new: Mapping[str, ArticleNames], settings: NameVariantSettings) -> ScopeIndex:
        """This index less the names of the articles `gone`, with the articles' `new`
        names added (without, then extended); this one is left as it was."""
        index = self.without(gone) if gone else self
        return index.extended(new, settings) if new else index

    def work_out_neighbours(self) -> threading.Thread | None:
        """Every name's variants worked out ahead of the questions, in a thread of its own
        (a server's archive of 2,000 articles: ~2 s); a question meanwhile works out its own."""
        if self.neighbours is None:
            return None
        thread = threading.Thread(target=self.neighbours.work_out_all, name="copydesk-neighbours", daemon=True)
        thread.start()
        return thread

    def updated(
        self, before: Mapping[str, Sequence[Mention]], after: Mapping[str, Sequence[Mention]], settings: NameVariantSettings
    ) -> ScopeIndex:
        """This index of the names of `before` made the index of `after`'s: less the
        articles whose mentions changed or went, plus the changed and new ones (the
        server's archive after a reload, or with files edited since). Its worked-out
        neighbours are kept, unless more than MAX_ADDED_NAMES names came since they were:
        then a fresh index, worked out again as asked."""
        gone = [p for p, ms in before.items() if after.get(p) != ms]  # the same list compares by identity first
        new = {p: ms for p, ms in after.items() if before.get(p) != ms}
        index = self.replaced(gone, names_of(new), settings)
        if index.added.count() > MAX_ADDED_NAMES:
            return ScopeIndex.build(names_of(after), settings)
        return index

    def variants_of(self, key: NameKey, limits: KindThresholds, kept: Neighbours | None) -> list[NameKey]:
        """The names of this index that could be variants of `key` (_near), from `kept`
        (this index's `neighbours`, when worked out under `limits`) where it knows the name."""
        if kept is None or key not in kept.names:
            return [k for k in _scan(key, self.places, limits) if k in self.articles_of]
        return [k for k in (*kept.of(key), *_scan(key, self.added, limits)) if k in self.articles_of]


@dataclass(frozen=True)
class Scope:
    """What a check of a few changed articles needs: its articles, and the names among
    theirs that resolve must group (keys, NameKey.key)."""

    articles: set[str]
    names: frozenset[str]


def needed_articles(
    names: Mapping[str, ArticleNames], changed: Iterable[str], settings: NameVariantSettings, index: ScopeIndex | None = None
) -> set[str]:
    """The changed articles and every article a finding involving them can rest on, of
    the archive whose articles' `names` are given. `index`: those names indexed, when
    the caller keeps them (else built here)."""
    return needed_scope(names, changed, settings, index).articles


def needed_scope(
    names: Mapping[str, ArticleNames], changed: Iterable[str], settings: NameVariantSettings, index: ScopeIndex | None = None
) -> Scope:
    """The articles (needed_articles) and the names of them a finding involving the
    changed articles can rest on: the chain of the changed articles' names, and the
    chain of every name given a role in the articles (the role check reads their
    entities). Any other name of those articles can neither join nor be joined by these
    (the chain is closed under resolve's comparison), so resolving it changes nothing
    a finding involving the changed articles says; on a large archive it is most of the
    work (a 600-word draft against 2,000 articles: ~3,600 names in its articles)."""
    changed = set(changed) & names.keys()
    index = index or ScopeIndex.build(names, settings)
    articles_of = index.articles_of
    near = _chain({k for k, arts in articles_of.items() if arts & changed}, index, settings)
    roles = _role_articles(names, changed)
    articles = changed | {p for k in near for p in articles_of[k]} | roles
    labels = set(settings.labels)
    holders = {
        key for p in roles for _, text, label in names[p].claims if label in labels
        for key in _keys(text, label) if key not in near
    }
    near |= _chain(holders, index, settings)
    return Scope(articles, frozenset(k.key for k in near))


def _keys(text: str, label: str) -> set[NameKey]:
    """A name's keys: an organisation's drops "the", "Ltd", plurals, so both, as resolve
    may take it for a person or an organisation."""
    return {key for key in (name_key(text), name_key(text, label)) if key.tokens}


def _places(key: NameKey) -> list[Place]:
    """A name's places in Places.shared: its parts but one, for each part (a one-word
    name: how it begins); its letters (written with a hyphen for a space, or without a
    particle: forms.same_form)."""
    t = key.tokens
    parts = list(_start(t[0])) if len(t) == 1 else [(len(t), i, *t[:i], *t[i + 1 :]) for i in range(len(t))]
    return parts + [("form", letters) for letters in form_keys(t)]


@lru_cache(maxsize=200_000)
def _shapes(key: NameKey) -> tuple[NameKey, ...]:
    """The ways a name is placed and asked: as written, and by its form parts when these
    differ and are two or more ("Robert Kilroy-Silk" also as "Robert Kilroy Silk"), as
    compare.compare weighs a name written apart against one with a hyphen."""
    apart = written_apart(key.tokens)
    return (key, NameKey(apart)) if apart is not None else (key,)


def _all_places(key: NameKey) -> list[Place]:
    """The places of all of a name's shapes, each once."""
    return list(dict.fromkeys(place for shape in _shapes(key) for place in _places(shape)))


def _surnames(key: NameKey) -> set[str]:
    return {shape.surname for shape in _shapes(key)}


def _alike_at(part: str, other: NameKey, i: int, rest: tuple[str, ...]) -> bool:
    """Does `other`, placed with all parts but the i-th equal to `rest` (as written or by
    its form parts), begin that part alike (_alike_start)?"""
    return any(
        _alike_start(part, shape.tokens[i])
        for shape in _shapes(other)
        if len(shape.tokens) == len(rest) + 1 and shape.tokens[:i] + shape.tokens[i + 1 :] == rest
    )


@lru_cache(maxsize=200_000)
def _start(word: str) -> tuple[Place, ...]:
    """How a word begins, as the part a variant differs in is compared: its first letter,
    its first two letters either way round ("Kowalczik"/"Okwalczik"), its sound
    ("Kapra"/"Capra"). A one-word name's places are these (one place for all would hold
    every one-word name of the archive)."""
    return ("first", word[:1]), ("pair", "".join(sorted(word[:2]))), ("sound", phonetic(word))


def _alike_start(part: str, other: str) -> bool:
    """The two begin alike (_start) in one way or another."""
    return any(x == y for x, y in zip(_start(part), _start(other), strict=True))


_K = TypeVar("_K")
_V = TypeVar("_V")


def _joined(lists: Mapping[_K, Sequence[_V]], more: Mapping[_K, Sequence[_V]]) -> dict[_K, Sequence[_V]]:
    """`lists` with those of `more` added to them; `lists` is left as it was."""
    out = dict(lists)
    for place, values in more.items():
        out[place] = [*held, *values] if (held := out.get(place)) else values
    return out


def _drop(lists: dict[_K, Sequence[_V]], place: _K, value: _V) -> None:
    """`value` taken out of the list at `place` (a new list: the old may be shared), and the place with it once empty."""
    if kept := [v for v in lists.get(place, ()) if v != value]:
        lists[place] = kept
    else:
        lists.pop(place, None)


def loosest(settings: NameVariantSettings) -> KindThresholds:
    """The looser of the person and organisation settings: a name's kind may be either."""
    return KindThresholds(
        token_similarity=min(settings.person.token_similarity, settings.org.token_similarity),
        min_token_length=min(settings.person.min_token_length, settings.org.min_token_length),
        max_edits=max(settings.person.max_edits, settings.org.max_edits),
        require_same_sound=settings.person.require_same_sound and settings.org.require_same_sound,
    )


def work_out_chain(index: ScopeIndex, keys: set[NameKey], settings: NameVariantSettings) -> None:
    """The variants of `keys` and of their variants, worked out ahead in `index`'s kept
    neighbours (a hook's process, while the model reads the changed articles)."""
    if index.neighbours is not None:
        _chain(keys, index, settings)


def _chain(keys: set[NameKey], index: ScopeIndex, settings: NameVariantSettings) -> set[NameKey]:
    """`keys` with every name linked to one by a chain of possible variants (one
    near-spelt part each), under the looser of the person and organisation settings."""
    limits = loosest(settings)
    kept = index.neighbours if index.neighbours is not None and index.neighbours.limits == limits else None
    out = set(keys)
    frontier = list(keys)
    while frontier:
        key = frontier.pop()
        for other in index.variants_of(key, limits, kept):
            if other not in out:
                out.add(other)
                frontier.append(other)
    return out


def _scan(key: NameKey, places: Places, limits: KindThresholds) -> tuple[NameKey, ...]:
    """The names sharing a place with `key` that could be its variants."""
    seen: set[NameKey] = {key}
    found: list[NameKey] = []
    for other in places.sharing_a_place(key, limits.max_edits):
        if other not in seen:
            seen.add(other)
            if _near(key, other, limits):
                found.append(other)
    return tuple(found)


# An index updated with more new names than this since it was built is built again: each
# name asked about is compared with every added one sharing a place, on every question
MAX_ADDED_NAMES = 1_000

# A one-word name's places under its first letter hold hundreds of names; the few of them
# within its edits are found by rapidfuzz in one call, not _near in a loop
_FEW = 32


def _within_edits(word: str, others: Sequence[NameKey], max_edits: int) -> list[NameKey]:
    """The names whose last word is at most `max_edits` edits from `word`: all a one-word
    name can be a variant of, but for one written the same way (the "form" places)."""
    found = process.extract(
        word, [k.tokens[-1] for k in others], scorer=DamerauLevenshtein.distance, score_cutoff=max_edits, limit=None
    )
    return [others[i] for _, _, i in found]


def _near(a: NameKey, b: NameKey, limits: KindThresholds) -> bool:
    if same_form(a, b) is not None:
        return True
    if len(a.tokens) != len(b.tokens):
        ta, tb = same_count_of_parts(a.tokens, b.tokens)
        if len(ta) == len(tb):
            return _near(NameKey(ta), NameKey(tb), limits)  # a name written apart against one with a hyphen
        alone, full = sorted((a, b), key=lambda k: len(k.tokens))
        return len(alone.tokens) == 1 and full.is_full and token_evidence(alone.surname, full.surname, limits) is not None
    diff = [i for i, (x, y) in enumerate(zip(a.tokens, b.tokens, strict=True)) if x != y]
    if len(diff) == 2:  # two parts each one slip off (compare._compare_two_parts), or a short form and a slip
        return two_slips(a.tokens, b.tokens, diff, limits) is not None or short_form_slip(a.tokens, b.tokens, diff, limits) is not None
    if len(diff) != 1:
        return False
    i = diff[0]  # compare.compare's given-name rule (for an organisation's key it only widens the scope)
    x, y = a.tokens[i], b.tokens[i]
    if is_given_name(a.tokens, i) and x[:1] == y[:1]:
        return True  # credits of one article may be one reporter so ("Dan"/"Daniel" Flynn: compare._credited_together)
    return token_evidence(x, y, limits, is_given_name(a.tokens, i)) is not None


def _role_articles(names: Mapping[str, ArticleNames], changed: set[str]) -> set[str]:
    """The articles of every claim linked to the changed articles' claims through shared
    titles and shared holders (by surname: a holder may be spelt several ways)."""
    claims = [(p, title, name_key(text).surname) for p, held in names.items() for title, text, _ in held.claims]
    titles = {title for p, title, _ in claims if p in changed}
    holders: set[str] = set()
    while True:
        more_holders = {h for _, title, h in claims if title in titles} - holders
        holders |= more_holders
        more_titles = {title for _, title, h in claims if h in more_holders} - titles
        if not more_titles:
            break
        titles |= more_titles
    return {p for p, title, _ in claims if title in titles}

