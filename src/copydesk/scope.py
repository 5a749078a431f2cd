"""Which articles a check of a few changed articles needs (the pre-commit hook).

A finding involves a changed article when one of its names or roles is in it. The other
articles that can take part in such a finding are those that could be grouped with its
names or compared with its roles:

- names: the articles holding a name that resolve could take for a variant of a name in
  the changed articles (as many parts, all equal but one, and that one a near spelling:
  resolve.token_evidence), and, one step further, the variants of those (a candidate's
  own anchor is chosen among its rivals, as in a full run);
- roles: the articles giving one of the changed articles' titles to someone, and the
  articles giving any title to one of those holders (whose other roles decide which side
  of a conflict is flagged).

Everything else is left out of resolve and the checks, so a hook's cost follows the
names in the changed articles, not the size of the archive. Recovery still sees the
whole archive (its known surnames are corpus-wide).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping, Sequence

from .model import Mention
from .normalize import NameKey, name_key
from .resolve import token_evidence
from .rules import NameVariantSettings

Slot = tuple[object, ...]


def needed_articles(
    mentions: Mapping[str, Sequence[Mention]], changed: Iterable[str], settings: NameVariantSettings
) -> set[str]:
    """The changed articles and every article a finding involving them can rest on."""
    changed = set(changed) & set(mentions)
    labels = set(settings.labels)
    articles_of: dict[NameKey, set[str]] = defaultdict(set)
    for path, ms in mentions.items():
        for text, label in {(m.text, m.label) for m in ms if m.label in labels}:
            # an organisation's key drops "the", "Ltd", plurals: both keys, as resolve
            # may take it for a person or an organisation
            for key in {name_key(text), name_key(text, label)}:
                if key.tokens:
                    articles_of[key].add(path)
    slots: dict[Slot, list[NameKey]] = defaultdict(list)
    for key in articles_of:
        for slot in _slots(key):
            slots[slot].append(key)
    mine = {k for k, arts in articles_of.items() if arts & changed}
    near = _variants(_variants(mine, slots, settings), slots, settings)  # and the candidates' rivals
    return changed | {p for k in near for p in articles_of[k]} | _role_articles(mentions, changed)


def _slots(key: NameKey) -> list[Slot]:
    """A name's places for a variant: all parts but one equal, the other beginning with
    the same letter or the same two letters swapped ("Kowalczik"/"Okwalczik")."""
    t = key.tokens
    out: list[Slot] = []
    for i, token in enumerate(t):
        rest = (len(t), i, *t[:i], *t[i + 1 :])
        out.append((*rest, "first", token[:1]))
        out.append((*rest, "pair", "".join(sorted(token[:2]))))
    return out


def _variants(keys: set[NameKey], slots: Mapping[Slot, list[NameKey]], settings: NameVariantSettings) -> set[NameKey]:
    """`keys` with every name that one near-spelt part makes a possible variant of one."""
    loosest = max(
        (settings.person, settings.org), key=lambda k: (k.max_edits, -k.min_token_length, -k.token_similarity)
    )
    out = set(keys)
    for key in keys:
        for slot in _slots(key):
            for other in slots.get(slot, ()):
                if other not in out and _near(key, other, loosest):
                    out.add(other)
    return out


def _near(a: NameKey, b: NameKey, limits) -> bool:  # type: ignore[no-untyped-def]
    diff = [i for i, (x, y) in enumerate(zip(a.tokens, b.tokens)) if x != y]
    return len(diff) == 1 and token_evidence(a.tokens[diff[0]], b.tokens[diff[0]], limits) is not None


def _role_articles(mentions: Mapping[str, Sequence[Mention]], changed: set[str]) -> set[str]:
    titles = {m.role.title for p in changed for m in mentions[p] if m.role}
    if not titles:
        return set()
    claims = [(p, m) for p, ms in mentions.items() for m in ms if m.role]
    holders = {_surname(m) for p, m in claims if m.role and m.role.title in titles}
    return {p for p, m in claims if m.role and (m.role.title in titles or _surname(m) in holders)}


def _surname(m: Mention) -> str:
    return name_key(m.text).surname
