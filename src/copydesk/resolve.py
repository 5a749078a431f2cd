"""Group spellings that name the same person or organisation.

1. In each article, short mentions ("Blinken", "Mr Blinken") join the nearest full name
   they are part of: a surname alone is compared through its full name.
2. Distinct spellings (not mentions) are blocked by strict keys, so only plausible pairs
   are scored: cost grows with the number of spellings, not its square.
3. A pair whose name parts all agree but one, that one a near spelling of the other, is
   weighed (evidence.py): the kind of edit, whether both spellings are real names, how
   rare the agreeing parts are, the company the two keep across this archive (weights
   estimated on it), one article holding both. The weights add up; at
   `min_weight` the pair is a variant.
4. No connected components: spellings are visited from the best supported down, and a
   variant attaches to the best anchor, never to another variant, so chains of
   near-matches cannot glue different people together.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TypeVar, cast

import jellyfish
from rapidfuzz.distance import Indel

from .affiliation import Statement, stated
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
    VOWELS,
    CompanyWeights,
    affiliation_weight,
    agree_weight,
    edit_kind,
    estimate_company,
    names_weight,
)
from .model import CREDIT_SOURCES, Entity, Mention
from .names import ArticleNames, names_of
from .normalize import KNOWN_WORD_ZIPF, NameKey, name_key, phonetic, word_prior
from .rules import KindThresholds, NameVariantSettings, RuleSet

# A spelling is taken as right over a variant it ties with on articles only when it is
# a word this much more frequent in general text ("Davenport" 3.4 vs "Davenpotr" 0;
# wordfreq Zipf, log10: 0.5 is three times as frequent). Chosen on train-labeled among
# 1.0, 0.75, 0.5, 0.25 (F1 .946, .947, .950, .949) and kept on wire-labeled, untouched
# (.906, .909, .912, .912); wire's own choice, 0.5, is the same.
PRIOR_MARGIN = 0.5
# Particles that a name may carry or drop: "al-Assad" / "Assad", "van Gaal" / "Gaal".
PARTICLES = frozenset("al el bin ibn de da di del della van von der den du le la".split())
FORM_RULE = "hyphen-space-or-particle"
# A name part shorter than this is compared only under _short_part_slip's guard.
SHORT_PART = 4
# A given name against its short form ("Dan"/"Daniel"), the surname one slip off: the
# given names may be one name, or two ("Dan"/"Danielle"); no more evidence than a
# one-word name's missing part (evidence.ONE_WORD_WEIGHT), by reasoning.
SHORT_FORM_WEIGHT = ONE_WORD_WEIGHT
# One syllable as Chinese (pinyin, Wade-Giles), Korean and Cantonese names are written in
# Latin letters: an onset, an optional glide, one to three vowels, an optional final
# ("zhou", "yang", "choi", "hwang", "yoon", "leung", "lam", "yip").
_EAST_ASIAN_SYLLABLE = re.compile(r"(?:zh|ch|sh|ts|tz|hs|kk|tt|pp|ss|jj|[bcdfghjklmnpqrstwxyz])?[wy]?[aeiouv]{1,3}(?:ng|[nmkptlr])?")
# Words of a phrase, never of a person's name: prepositions, adverbial particles,
# articles, pronouns and conjunctions. A Title Case phrase NER takes for a name (a song
# "Run Off", a headline's "Blames Off") is no person spelt two ways. Name particles
# (PARTICLES) and short words that are also surnames ("To", "An", "Or") are left out.
_PHRASE_WORDS = frozenset(
    "off up out into onto over under upon about against with without from for the and but nor "
    "my your our their his its we they this that these those of at by".split()
)
# Endings that make an adjective or a people of a place name, not a misspelling of it.
_DERIVED_ENDINGS = frozenset({"an", "ian", "ese", "ish", "ic"})


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
            if m.text in counts and (m.text not in first or _place(m) < first[m.text]):
                first[m.text] = _place(m)
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
            and all(_wordlike(t) for t in self.key.tokens)
        )

    @cached_property
    def unknown_word(self) -> bool:
        """One capitalised word seen nowhere in general text ("Daveport", "Cheslea"):
        NER's label for it is a guess, so it is compared as a person and as an
        organisation."""
        if len(self.key.tokens) != 1 or not _wordlike(self.key.tokens[0]) or word_prior(self.key.tokens[0]) >= TYPO_ZIPF:
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


@dataclass
class Resolution:
    entities: list[Entity]
    # mention given a role -> canonical name of its entity, for the role check (only
    # those: one entry for each of an archive's millions of mentions would weigh)
    entity_of: dict[tuple[str, int], str]
    # in how many articles of the whole archive each name part appears, when these
    # entities were resolved on a scope of it (a check of changed articles): ties are
    # decided on the archive's counts, as a full run decides them (token_support)
    support: Mapping[str, int] | None = None


def resolve(
    mentions_by_article: Mapping[str, Sequence[Mention]],
    rules: RuleSet,
    company: CompanyWeights | None = None,
    support: Mapping[str, int] | None = None,
    names: AbstractSet[str] | None = None,
    memo: ArticleMemo | None = None,
) -> Resolution:
    """`company` and `support`: what shared names are worth and how many articles each
    name part is in, when counted on more articles than these (a check of changed
    articles resolves only their scope); else counted on these. `names`: only these
    names (keys) are grouped, when the others cannot change a finding the caller keeps
    (scope.needed_scope); the company the articles keep is taken from them whole. `memo`:
    the articles' names kept from an earlier call on the same mentions (the server's)."""
    spellings = collect_spellings(mentions_by_article, rules.settings.name_variant.labels, memo, names)
    context = article_context(mentions_by_article, memo)
    company = company or archive_company(names_of(mentions_by_article), context)
    resolution = resolve_spellings(spellings, context, rules, company, support)
    resolution.support = support
    return resolution


def token_support(names: Mapping[str, ArticleNames]) -> Counter[str]:
    """In how many articles each name token appears, in any mention: "Goyal" alone in
    three stories backs "Naresh Goyal" against a lone "Naresh Goya"."""
    support: Counter[str] = Counter()
    for held in names.values():
        support.update(name_parts(held))
    return support


def name_parts(held: ArticleNames) -> frozenset[str]:
    """The name tokens an article holds, in any mention of a person or a body: what
    token_support counts once per article."""
    return frozenset(t for text, label in held.names if label in ("PERSON", "ORG") for t in name_key(text, label).tokens)


def archive_company(names: Mapping[str, ArticleNames], context: Mapping[str, frozenset[str]] | None = None) -> CompanyWeights:
    """What shared names are worth in this archive (evidence.estimate_company), from the
    articles of each full name a person is called by and the names each article keeps
    company with (`context`, when already at hand)."""
    context = {article: company_of(held.names) for article, held in names.items()} if context is None else context
    return company_weights({article: full_names_of(held.names) for article, held in names.items()}, context)


def company_weights(people: Mapping[str, AbstractSet[str]], context: Mapping[str, frozenset[str]]) -> CompanyWeights:
    """archive_company, from each article's full names (`full_names_of`) and company."""
    articles_of: dict[str, list[str]] = defaultdict(list)
    for article in sorted(people):
        for key in people[article]:
            articles_of[key].append(article)
    return estimate_company(articles_of, context)


def full_names_of(names: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The full names (keys) an article's names (text, label) call people by."""
    return frozenset(k.key for text, label in names if label == "PERSON" and (k := name_key(text)).is_full)


def resolve_spellings(
    spellings: Mapping[str, Spelling],
    context: Mapping[str, frozenset[str]],
    rules: RuleSet,
    company: CompanyWeights,
    support: Mapping[str, int] | None = None,
) -> Resolution:
    """Steps 2-4 over spellings already collected (here, or partition by partition on a
    Dask cluster and merged with `merge_spellings`), with what shared names are worth in
    the archive (`archive_company`). `support`: in how many articles of the archive each
    name part is (token_support), when these spellings are only some of it."""
    settings = rules.settings.name_variant
    house = {name_key(e.name, _label(e.kind)).key for e in rules.entities}
    entry_of = house_forms(rules)
    # best supported first; on a tie, the one met first in file order (a stable sort), so
    # the order the articles came in never decides
    by_place = sorted(spellings.values(), key=lambda s: min(map(_place, s.mentions)))
    parts = support if support is not None else spelling_support(spellings.values())
    order = sorted(by_place, key=lambda s: _support(s, house, parts), reverse=True)
    blocks = _block_index(order)
    anchors: dict[str, Entity] = {}
    anchor_spelling: dict[str, Spelling] = {}
    for sp in order:
        best = _best_anchor(sp, blocks, anchor_spelling, context, settings, company, entry_of)
        if best is None:
            entity = Entity(canonical=sp.surface, label=sp.label, spellings={sp.surface: list(sp.mentions)})
            anchors[sp.key.key] = entity
            anchor_spelling[sp.key.key] = sp
            continue
        anchor_key, evidence = best
        entity = anchors[anchor_key]
        entity.spellings.setdefault(sp.surface, []).extend(sp.mentions)
        entity.evidence[sp.surface] = evidence
    entity_of = {
        (m.article, m.start): e.canonical for e in anchors.values() for m in e.mentions if m.role is not None
    }
    return Resolution(list(anchors.values()), entity_of)


def house_forms(rules: RuleSet) -> dict[str, int]:
    """The key of each house entry's name and aliases -> which entry (its index): two
    entries are two people, so their right forms never join one name (docs/rules.md)."""
    out: dict[str, int] = {}
    for i, e in enumerate(rules.entities):
        for form in (e.name, *e.aliases):
            out.setdefault(name_key(form, _label(e.kind)).key, i)
    return out


def _place(m: Mention) -> tuple[str, int]:
    return (m.article, m.start)


def _label(kind: str) -> str:
    return "ORG" if kind == "org" else "PERSON"


def _support(sp: Spelling, house: set[str], parts: Mapping[str, int]) -> tuple[int, int, int, float, int]:
    """How well a spelling is supported, to be an anchor before another: a house name;
    more articles; on a tie, its rarest part found in more articles of the archive
    ("Averof Neophytou" over "Averos Neophytou" where a third story has "Averof"), so
    a slip of one part does not anchor the name its other slips cannot join."""
    rarest = min((parts.get(t, 0) for t in sp.key.tokens), default=0)
    return (sp.key.key in house, len(sp.articles), rarest, name_prior(sp.key), len(sp.mentions))


def spelling_support(spellings: Iterable[Spelling]) -> Counter[str]:
    """token_support counted from the spellings' mentions (all an archive's names, when
    the spellings are all of them)."""
    seen: set[tuple[str, str]] = set()
    for sp in spellings:
        for m in sp.mentions:
            seen.update((t, m.article) for t in name_key(m.text, m.label).tokens)
    return Counter(t for t, _ in seen)


def name_prior(key: NameKey) -> float:
    """How common the rarest token of the name is in general English (wordfreq Zipf)."""
    return min((word_prior(t) for t in key.tokens), default=0.0)


# -- step 1: spellings -------------------------------------------------------------------


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


# -- step 2: blocking --------------------------------------------------------------------


@lru_cache(maxsize=8_192)  # a draft's scope has a few thousand names; ~4.6 KB each, ~37 MB in all
def block_keys(key: NameKey, label: str) -> frozenset[tuple[str, ...]]:
    """Strict keys a variant must share with its anchor; a spelling has a few of them.
    Kept per name: the server works them out again for every draft's scope."""
    return frozenset(_block_keys(key, label))


def _block_keys(key: NameKey, label: str) -> set[tuple[str, ...]]:
    t = key.tokens
    keys: set[tuple[str, ...]] = set()
    if label == "PERSON":
        if (apart := written_apart(t)) is not None:
            # its parts' keys too, to meet a slip of the name written apart ("Robetr
            # Kilroy Silk" for "Robert Kilroy-Silk"): compare weighs them by parts
            keys |= _block_keys(NameKey(apart), label)
        keys |= {("form", letters) for letters in form_keys(t)}
        # a surname alone in one article against full names in others ("Rodick" for
        # "Andy Roddick"): keys shared by tokens one edit apart (each with one letter
        # left out), and by tokens that sound alike
        # (keyed by side, so full names never meet each other through these)
        if t:
            side = "alone" if len(t) == 1 else "full"
            keys |= {("surname", side, d) for d in deletions(t[-1])}
            keys.add(("surname", side, "sound:" + phonetic(t[-1])))
        if len(t) < 2:
            # two surnames alone, one letter apart ("Wodforrd" for "Wodford")
            return keys | {("alone", d) for d in deletions(t[0])} if t else keys
        rest = " ".join(t[:-1])
        # A variant's differing part begins with the same letter as the other spelling's
        # or swaps the first two (token_evidence): keying on both keeps every such pair
        # in a block, and keeps a common name from making one giant block.
        for start in (t[0][:1], "".join(sorted(t[0][:2]))):
            keys.add(("sur", t[-1], str(len(t)), start))  # same surname
        # same given name(s), surname about as long (two overlapping length buckets, so
        # surnames up to 3 letters apart, the most edits a variant may have, share one)
        length = len(t[-1])
        for start in (t[-1][:1], "".join(sorted(t[-1][:2]))):
            keys.add(("given", rest, start, "a", str(length // 6)))
            keys.add(("given", rest, start, "b", str((length + 3) // 6)))
        keys.add(("meta", phonetic(t[-1]), t[0][:1]))  # sounds-like surname, given initial
        # a slip in the surname and one in the given name ("Elene Likhotseva"): the
        # surname less a letter, the given initial
        keys |= {("slips", d, t[0][:1]) for d in deletions(t[-1])}
        # a part whose first letter differs but sounds the same ("Kapra"/"Capra",
        # "Filip"/"Philip"): the other parts equal, that part's sound
        keys.add(("given-sound", rest, phonetic(t[-1])))
        keys.add(("sur-sound", " ".join(t[1:]), str(len(t)), phonetic(t[0])))
        return keys
    for i in range(len(t)):  # an organisation with any one word spelt differently
        keys.add(("org", str(len(t)), str(i), *t[:i], *t[i + 1 :], t[i][:1]))
        keys.add(("org-sound", str(len(t)), str(i), *t[:i], *t[i + 1 :], phonetic(t[i])))
    return keys


def _probe(key: tuple[str, ...]) -> tuple[str, ...]:
    """The block a spelling looks in for `key`: a surname alone looks among full names'
    surnames and the reverse; every other key is its own block."""
    if key[0] == "surname":
        return ("surname", "full" if key[1] == "alone" else "alone", *key[2:])
    return key


def deletions(token: str) -> set[str]:
    """The token and each of its spellings with one letter left out: two tokens one
    edit apart (a letter added, dropped, changed or two swapped) share one of these."""
    if len(token) > 20:
        return {token}
    return {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}


def _block_index(spellings: Sequence[Spelling]) -> dict[tuple[str, ...], list[Spelling]]:
    index: dict[tuple[str, ...], list[Spelling]] = defaultdict(list)
    for sp in spellings:
        for k in sp.blocks():
            index[k].append(sp)
    return index


# -- step 3: scoring ---------------------------------------------------------------------


def _best_anchor(
    sp: Spelling,
    blocks: Mapping[tuple[str, ...], list[Spelling]],
    anchors: Mapping[str, Spelling],
    context: Mapping[str, frozenset[str]],
    settings: NameVariantSettings,
    company: CompanyWeights = PRIOR_COMPANY,
    entry_of: Mapping[str, int] | None = None,
) -> tuple[str, dict[str, object]] | None:
    seen: set[str] = set()
    entry = entry_of.get(sp.key.key) if entry_of else None
    best: tuple[float, str, dict[str, object]] | None = None
    for k in sp.blocks():
        for other in blocks.get(_probe(k), ()):
            ok = other.key.key
            if ok in seen or ok not in anchors or ok == sp.key.key:
                continue
            if entry is not None and entry_of and entry_of.get(ok, entry) != entry:
                continue  # the right forms of two house entries: two people
            if len(other.key.tokens) == 1 < len(sp.key.tokens) and sp.label == "PERSON":
                continue  # a full name never attaches to a surname alone: the reverse
            seen.add(ok)
            evidence = compare(sp, other, context, settings, company)
            if evidence is not None:
                score = float(evidence["score"])  # type: ignore[arg-type]
                if best is None or score > best[0]:
                    best = (score, ok, evidence)
    return (best[1], best[2]) if best else None


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


def two_slips(
    ta: Sequence[str], tb: Sequence[str], diff: Sequence[int], limits: KindThresholds
) -> list[dict[str, object]] | None:
    """Each differing part's evidence (token_evidence), when every one is a single slip
    off: a person's name misspelt in two parts (_compare_two_parts; scope's chain asks
    the same). None otherwise."""
    found = [token_evidence(ta[i], tb[i], limits, given_name=is_given_name(ta, i)) for i in diff]
    return None if any(t is None or t["edits"] != 1 for t in found) else cast("list[dict[str, object]]", found)


def short_form_slip(
    ta: Sequence[str], tb: Sequence[str], diff: Sequence[int], limits: KindThresholds
) -> dict[str, object] | None:
    """The surname's evidence (token_evidence, one slip) when the other differing part is
    the given name in full and its short form ("Dan Flyn" for "Daniel Flynn"): the
    short form is the full name's first letters, three or more. None otherwise
    (resolve.compare; scope's chain asks the same)."""
    if len(diff) != 2 or not is_given_name(ta, diff[0]) or diff[1] != len(ta) - 1:
        return None
    shorter, longer = sorted((ta[0], tb[0]), key=len)
    if len(shorter) < SHORT_PART - 1 or len(shorter) == len(longer) or not longer.startswith(shorter):
        return None
    found = token_evidence(ta[-1], tb[-1], limits)
    return found if found is not None and found["edits"] == 1 else None


def written_apart(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """A person's name as its form parts, when these are not its words and are two or
    more ("robert kilroy-silk" as "robert kilroy silk"): the name compare meets a slip
    of it written apart with (same_count_of_parts). None when they are its words."""
    parts = form_parts(tokens)
    return parts if parts != tokens and len(parts) >= 2 else None


def same_count_of_parts(ta: tuple[str, ...], tb: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Two people's names as so many parts each, when one writes with a hyphen or a
    particle what the other writes apart or without ("Robetr Kilroy Silk" against
    "Robert Kilroy-Silk"): their form_parts, if these are as many; else the names as
    they are."""
    pa, pb = form_parts(ta), form_parts(tb)
    return (pa, pb) if len(pa) == len(pb) >= 2 else (ta, tb)


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
    if x == y or word_prior(x) >= TYPO_ZIPF:
        return None  # a surname alone that is a known name or word is likely someone else's
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


def form_parts(tokens: Sequence[str]) -> tuple[str, ...]:
    """A person's name's words with hyphens split and particles left out: "Kilroy-Silk"
    and "Kilroy Silk", "al-Assad" and "Assad" have the same parts. A particle opening a
    name on its own is a name ("Van Morrison")."""
    if all(t and "-" not in t and "'" not in t for t in tokens):  # most names: words alone, nothing to split
        return tuple(t for i, t in enumerate(tokens) if i == 0 or t not in PARTICLES)
    parts: list[str] = []
    for i, token in enumerate(tokens):
        pieces = [p for p in token.replace("'", "").split("-") if p]
        for j, piece in enumerate(pieces):
            joined = j + 1 < len(pieces)  # "al-" of "al-Assad"
            if piece in PARTICLES and (i > 0 or joined):
                continue
            parts.append(piece)
    return tuple(parts)


def same_form(a: NameKey, b: NameKey, label: str = "PERSON") -> str | None:
    """How two different keys write one name: a hyphen for a space, joined or apart, a
    particle kept or dropped; or a double-barrelled surname alone written otherwise than
    in the full name ("Kilroy Silk" for "Robert Kilroy-Silk"). None when they are not
    one name so written."""
    if label != "PERSON":
        return None  # "ExxonMobil" / "Exxon Mobil": a company's own styling varies
    fa, fb = _person_form(a.tokens), _person_form(b.tokens)
    if fa is None or fb is None:
        return None  # "J.P." or "G-8": initials and numbers, not a name's words
    if fa[0] == fb[0]:
        return "hyphen, space or particle" if max(fa[1], fb[1]) >= 2 else None
    (short, short_key), (long_, long_key) = sorted(((fa, a), (fb, b)), key=lambda x: x[0][1])
    if (
        short[1] >= 2
        and long_[1] == short[1] + 1
        and long_[2] == short[0]
        and long_key.tokens[1:] != short_key.tokens  # "Kilroy Silk" is Robert Kilroy Silk's surname
    ):
        return "hyphen, space or particle in the surname"
    return None


def form_keys(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The letters two ways of writing a person's name share (same_form): the whole
    name's, and, from three parts, all but the first part's ("Kilroy Silk" for "Robert
    Kilroy-Silk"). None for a name with a part that is no word of a name."""
    form = _person_form(tokens)
    if form is None:
        return ()
    letters, parts, tail = form
    return (letters, tail) if parts >= 3 else (letters,)


@lru_cache(maxsize=200_000)
def _person_form(tokens: tuple[str, ...]) -> tuple[str, int, str] | None:
    """A person's name as its letters (form_parts joined), how many parts, and the letters
    of all parts but the first; None when a part is no word of a name. Kept per name:
    every pair compared asks."""
    parts = form_parts(tokens)
    if not all(_syllable(p) for p in parts):
        return None
    return "".join(parts), len(parts), "".join(parts[1:])


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
        return b.label if a.unknown_word else a.label  # the known name's kind
    if a.person_like and b.person_like:
        return "PERSON"
    return None


def _syllable(part: str) -> bool:
    return len(part) >= 2 and part.isalpha() and not VOWELS.isdisjoint(part)  # asked of every name an index holds


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


def is_given_name(tokens: Sequence[str], i: int) -> bool:
    """Is part `i` of a person's name its given name (the first of two or more)?"""
    return i == 0 < len(tokens) - 1


def token_evidence(x: str, y: str, limits: KindThresholds, given_name: bool = False) -> dict[str, object] | None:
    """Is `x` a near spelling of `y`? One edit, or more on a longer name that sounds
    alike or is similar enough (`limits`: the settings for this kind of entity); the
    first letter the same, the first two swapped, or the two sounding alike
    ("Kapra"/"Capra")."""
    # refused before the kept pairs are looked up (hashing `limits` costs more): a part
    # too short, or lengths further apart than the edits allowed (a scope's chain meets
    # every one-word name under one letter)
    if min(len(x), len(y)) < limits.min_token_length or abs(len(x) - len(y)) > limits.max_edits:
        return None
    found = _token_evidence(x, y, limits, given_name)
    return None if found is None else {"tokens": [x, y], **found}


@lru_cache(maxsize=65_536)  # ~0.5 KB each, ~33 MB in all
def _token_evidence(x: str, y: str, limits: KindThresholds, given_name: bool) -> dict[str, object] | None:
    """token_evidence, kept per pair (the server asks the same pairs for every draft);
    callers get a copy."""
    if not (_wordlike(x) and _wordlike(y)):
        return None
    if min(len(x), len(y)) < SHORT_PART and not _short_part_slip(x, y):
        return None
    if x.replace("-", "").replace("'", "") == y.replace("-", "").replace("'", ""):
        return None  # a hyphen or apostrophe only: how a name is written (same_form), not a slip
    same_sound = phonetic(x) == phonetic(y)
    if x[:1] != y[:1] and x[:2] != y[1::-1] and not same_sound:
        return None
    longer, shorter = (x, y) if len(x) > len(y) else (y, x)
    if longer[:-1] == shorter and longer.endswith("s") and not longer.endswith("ss"):
        return None  # plural or possessive, not a spelling ("Moss" is no plural of "Mos")
    if _derived(shorter, longer) and not given_name:
        return None  # "Karsova" / "Karsovan": a place and its adjective (a given name has none: "Steve" / "Steven")
    dl = jellyfish.damerau_levenshtein_distance(x, y)
    ratio = Indel.normalized_similarity(x, y) * 100
    alike = same_sound or (ratio >= limits.token_similarity and not limits.require_same_sound)
    if dl == 1 or (1 < dl <= limits.max_edits and (min(len(x), len(y)) >= 6 and alike or same_sound)):
        kind = edit_kind(x, y, dl)
        return {"edits": dl, "kind": kind, "ratio": round(ratio, 1), "same_sound": same_sound}
    return None


def _short_part_slip(x: str, y: str) -> bool:
    """May a short part ("Rok") be a slip for the other spelling ("Rock")? Only a letter
    dropped or doubled, and only when the longer spelling is no syllable of a romanised
    Chinese, Korean or Cantonese name: three-letter names of one syllable that differ by
    a letter ("Lin"/"Liu", "Yan"/"Yang", "Cho"/"Choi", "Zhu"/"Zhou") are different
    families, not slips."""
    shorter, longer = sorted((x, y), key=len)
    if len(longer) != len(shorter) + 1 or jellyfish.damerau_levenshtein_distance(x, y) != 1:
        return False
    return _EAST_ASIAN_SYLLABLE.fullmatch(longer) is None


def _wordlike(token: str) -> bool:
    """Letters, maybe with an apostrophe or hyphen inside: "o'sullivan", "jean-paul"."""
    return token.replace("'", "").replace("-", "").isalpha()


def _derived(shorter: str, longer: str) -> bool:
    """Is `longer` an adjective made from `shorter` ("Kenya"/"Kenyan", "Japan"/"Japanese")?"""
    if not longer.startswith(shorter):
        return False
    ending = longer[len(shorter):]
    return ending in _DERIVED_ENDINGS or (ending in ("n", "i") and shorter[-1] in "aeiou")


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
