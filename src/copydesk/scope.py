"""Which articles a check of a few changed articles needs (the pre-commit hook).

A finding involves a changed article when one of its names or roles is in it. The other
articles that can take part in such a finding are those that could be grouped with its
names or compared with its roles:

- names: the articles holding a name that resolve could take for a variant of a name in
  the changed articles (as many parts, all equal but one, and that one a near spelling:
  resolve.token_evidence), and the variants of those, and so on: the whole chain, since
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
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .model import Mention
from .normalize import NameKey, name_key, phonetic
from .resolve import deletions, form_keys, form_parts, is_given_name, same_count_of_parts, same_form, token_evidence
from .rules import KindThresholds, NameVariantSettings

Slot = tuple[object, ...]


class Neighbours:
    """Each name's possible variants among the names of one index (its `slots`), under
    the loosest settings `limits`: worked out when first asked and kept, for the indexes
    extended from that one too. A server asks the same names for every draft."""

    def __init__(self, names: Collection[NameKey], slots: Mapping[Slot, list[NameKey]], limits: KindThresholds) -> None:
        self.names = names
        self.slots = slots
        self.limits = limits
        self._found: dict[NameKey, tuple[NameKey, ...]] = {}

    def of(self, key: NameKey) -> tuple[NameKey, ...]:
        found = self._found.get(key)
        if found is None:  # two threads may both work one out: the same answer, kept once
            found = self._found[key] = _scan(key, self.slots, self.limits)
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
    slots: dict[Slot, list[NameKey]]
    # the built index's names' variants, kept (Neighbours), and the places of the names
    # added to it since: a name of both has its variants from the one plus those in the other
    neighbours: Neighbours | None = None
    added: dict[Slot, list[NameKey]] = field(default_factory=dict)

    @classmethod
    def build(cls, mentions: Mapping[str, Sequence[Mention]], settings: NameVariantSettings) -> ScopeIndex:
        made = cls({}, {}).extended(mentions, settings)
        return cls(made.articles_of, made.slots, Neighbours(made.articles_of, made.slots, loosest(settings)))

    def extended(self, mentions: Mapping[str, Sequence[Mention]], settings: NameVariantSettings) -> ScopeIndex:
        """This index with the names of `mentions` added; this one is left as it was."""
        articles_of = dict(self.articles_of)
        own_keys: set[NameKey] = set()  # whose set of articles is already this index's own copy
        new_keys: list[NameKey] = []
        labels = set(settings.labels)
        for path, ms in mentions.items():
            for text, label in {(m.text, m.label) for m in ms if m.label in labels}:
                for key in _keys(text, label):
                    if key not in own_keys:
                        if key not in articles_of:
                            new_keys.append(key)
                        articles_of[key] = set(articles_of.get(key, ()))
                        own_keys.add(key)
                    articles_of[key].add(path)
        places: dict[Slot, list[NameKey]] = defaultdict(list)
        for key in new_keys:
            for slot in _slots(key):
                places[slot].append(key)
        # an index with kept neighbours remembers what was added since (variants_of)
        added = _joined(self.added, places) if self.neighbours is not None else {}
        return ScopeIndex(articles_of, _joined(self.slots, places), self.neighbours, added)

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
        slots = dict(self.slots)
        for key in dropped:
            for slot in _slots(key):
                if kept := [k for k in slots.get(slot, ()) if k != key]:
                    slots[slot] = kept
                else:
                    slots.pop(slot, None)
        # a dropped name may stay in `neighbours` and `added`: variants_of leaves it out
        return ScopeIndex(articles_of, slots, self.neighbours, self.added)

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
        index = self.without(gone) if gone else self
        index = index.extended(new, settings) if new else index
        if len({key for keys in index.added.values() for key in keys}) > MAX_ADDED_NAMES:
            return ScopeIndex.build(after, settings)
        return index

    def variants_of(self, key: NameKey, limits: KindThresholds, kept: Neighbours | None) -> list[NameKey]:
        """The names of this index that could be variants of `key` (_near), from `kept`
        (this index's `neighbours`, when worked out under `limits`) where it knows the name."""
        if kept is None or key not in kept.names:
            return [k for k in _scan(key, self.slots, limits) if k in self.articles_of]
        return [k for k in (*kept.of(key), *_scan(key, self.added, limits)) if k in self.articles_of]


@dataclass(frozen=True)
class Scope:
    """What a check of a few changed articles needs: its articles, and the names among
    theirs that resolve must group (keys, NameKey.key)."""

    articles: set[str]
    names: frozenset[str]


def needed_articles(
    mentions: Mapping[str, Sequence[Mention]], changed: Iterable[str], settings: NameVariantSettings, index: ScopeIndex | None = None
) -> set[str]:
    """The changed articles and every article a finding involving them can rest on.
    `index`: the names of `mentions`, when the caller keeps them (else built here)."""
    return needed_scope(mentions, changed, settings, index).articles


def needed_scope(
    mentions: Mapping[str, Sequence[Mention]], changed: Iterable[str], settings: NameVariantSettings, index: ScopeIndex | None = None
) -> Scope:
    """The articles (needed_articles) and the names of them a finding involving the
    changed articles can rest on: the chain of the changed articles' names, and the
    chain of every name given a role in the articles (the role check reads their
    entities). Any other name of those articles can neither join nor be joined by these
    (the chain is closed under resolve's comparison), so resolving it changes nothing
    a finding involving the changed articles says; on a large archive it is most of the
    work (a 600-word draft against 2,000 articles: ~3,600 names in its articles)."""
    changed = set(changed) & set(mentions)
    index = index or ScopeIndex.build(mentions, settings)
    articles_of = index.articles_of
    near = _chain({k for k, arts in articles_of.items() if arts & changed}, index, settings)
    roles = _role_articles(mentions, changed)
    articles = changed | {p for k in near for p in articles_of[k]} | roles
    labels = set(settings.labels)
    holders = {
        key for p in roles for m in mentions[p] if m.role is not None and m.label in labels
        for key in _keys(m.text, m.label) if key not in near
    }
    near |= _chain(holders, index, settings)
    return Scope(articles, frozenset(k.key for k in near))


def _keys(text: str, label: str) -> set[NameKey]:
    """A name's keys: an organisation's drops "the", "Ltd", plurals, so both, as resolve
    may take it for a person or an organisation."""
    return {key for key in (name_key(text), name_key(text, label)) if key.tokens}


def _slots(key: NameKey) -> list[Slot]:
    """A name's places for a variant: all parts but one equal, the other beginning with
    the same letter or the same two letters swapped ("Kowalczik"/"Okwalczik")."""
    t = key.tokens
    out: list[Slot] = []
    for i, token in enumerate(t):
        rest = (len(t), i, *t[:i], *t[i + 1 :])
        out.append((*rest, "first", token[:1]))
        out.append((*rest, "pair", "".join(sorted(token[:2]))))
        out.append((*rest, "sound", phonetic(token)))  # "Kapra" / "Capra"
    # a surname alone and a full name's surname, one edit apart (resolve, step 3)
    if t:
        out += [("surname", d) for d in deletions(t[-1])]
    # written with a hyphen for a space, or without a particle (resolve.same_form)
    out += [("form", letters) for letters in form_keys(t)]
    parts = form_parts(t)
    if parts != t and len(parts) >= 2:  # and by those parts, as resolve.compare weighs it
        out += _slots(NameKey(parts))
    return out


def _joined(slots: Mapping[Slot, list[NameKey]], more: Mapping[Slot, list[NameKey]]) -> dict[Slot, list[NameKey]]:
    """`slots` with the names of `more` added to its places; `slots` is left as it was."""
    out = dict(slots)
    for slot, keys in more.items():
        out[slot] = [*held, *keys] if (held := out.get(slot)) else keys
    return out


def loosest(settings: NameVariantSettings) -> KindThresholds:
    """The looser of the person and organisation settings: a name's kind may be either."""
    return KindThresholds(
        token_similarity=min(settings.person.token_similarity, settings.org.token_similarity),
        min_token_length=min(settings.person.min_token_length, settings.org.min_token_length),
        max_edits=max(settings.person.max_edits, settings.org.max_edits),
        require_same_sound=settings.person.require_same_sound and settings.org.require_same_sound,
    )


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


def _scan(key: NameKey, slots: Mapping[Slot, list[NameKey]], limits: KindThresholds) -> tuple[NameKey, ...]:
    """The names in `slots` sharing a place with `key` that could be its variants."""
    seen: set[NameKey] = {key}
    found: list[NameKey] = []
    alone = len(key.tokens) == 1
    for slot in _slots(key):
        others = slots.get(slot, ())
        if alone and slot[0] != "form" and len(others) > _FEW:
            others = _within_edits(key.tokens[0], others, limits.max_edits)
        for other in others:
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
    if len(diff) != 1:
        return False
    i = diff[0]  # resolve.compare's given-name rule (for an organisation's key it only widens the scope)
    x, y = a.tokens[i], b.tokens[i]
    if is_given_name(a.tokens, i) and x[:1] == y[:1]:
        return True  # credits of one article may be one reporter so ("Dan"/"Daniel" Flynn: resolve._credited_together)
    return token_evidence(x, y, limits, is_given_name(a.tokens, i)) is not None


def _role_articles(mentions: Mapping[str, Sequence[Mention]], changed: set[str]) -> set[str]:
    """The articles of every claim linked to the changed articles' claims through shared
    titles and shared holders (by surname: a holder may be spelt several ways)."""
    claims = [(p, m.role.title, _surname(m)) for p, ms in mentions.items() for m in ms if m.role]
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


def _surname(m: Mention) -> str:
    return name_key(m.text).surname
