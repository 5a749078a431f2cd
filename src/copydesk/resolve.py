"""Group spellings that name the same person or organisation.

1. Each distinct name of the archive is gathered with its mentions (spellings.py): in
   each article, short mentions ("Blinken", "Mr Blinken") join the nearest full name
   they are part of, so a surname alone is compared through its full name.
2. Spellings (not mentions) are blocked by strict keys (blocking.py), so only plausible
   pairs are scored: cost grows with the number of spellings, not its square.
3. A pair whose name parts all agree but one, that one a near spelling of the other
   (slips.py) or the same name written another way (forms.py), is weighed (compare.py,
   evidence.py): the kind of edit, whether both spellings are real names, how rare the
   agreeing parts are, the company the two keep across this archive (weights estimated
   on it: archive_company), one article holding both. The weights add up; at `min_weight` the pair
   is a variant.
4. No connected components: spellings are visited from the best supported down, and a
   variant attaches to the best anchor, never to another variant, so chains of
   near-matches cannot glue different people together.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass

from .blocking import block_index, probe
from .compare import compare
from .evidence import PRIOR_COMPANY, CompanyWeights, estimate_company
from .model import Entity, Mention
from .names import ArticleNames, names_of
from .normalize import NameKey, name_key, word_prior
from .rules import NameVariantSettings, RuleSet
from .spellings import ArticleMemo, Spelling, article_context, collect_spellings, company_of, place


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
    by_place = sorted(spellings.values(), key=lambda s: min(map(place, s.mentions)))
    parts = support if support is not None else spelling_support(spellings.values())
    order = sorted(by_place, key=lambda s: _support(s, house, parts), reverse=True)
    blocks = block_index(order)
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
        for other in blocks.get(probe(k), ()):
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
