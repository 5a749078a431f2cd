"""An article's names as the archive-wide steps read them: each name once with its label,
and who is given which title.

Weighing an archive's names (resolve.archive_company, resolve.token_support) and indexing
them for a check's scope (scope.ScopeIndex) need no more of an article than this. The
cache keeps it beside each article's mentions, so a hook's check reads the names of the
whole archive but decodes the mentions of only the few articles in its scope.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from .model import Mention


@dataclass(frozen=True, slots=True)
class ArticleNames:
    names: frozenset[tuple[str, str]]  # (text, label) of every mention, once each
    claims: frozenset[tuple[str, str, str]]  # (title, text, label) of every mention given a role

    @classmethod
    def of(cls, mentions: Iterable[Mention]) -> ArticleNames:
        names: set[tuple[str, str]] = set()
        claims: set[tuple[str, str, str]] = set()
        for m in mentions:
            names.add((m.text, m.label))
            if m.role is not None:
                claims.add((m.role.title, m.text, m.label))
        return cls(frozenset(names), frozenset(claims))

    def to_json(self) -> dict[str, Any]:
        return {"names": sorted(self.names), "claims": sorted(self.claims)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], seen: dict[tuple[str, ...], tuple[str, ...]] | None = None) -> ArticleNames:
        """`seen`: the names read so far, shared by the articles read together: a name
        is in many articles, and 10^5 articles' copies of each took ~0.4 GB."""
        seen = {} if seen is None else seen
        names = frozenset(seen.setdefault(n, n) for n in map(tuple, data["names"]))
        claims = frozenset(seen.setdefault(c, c) for c in map(tuple, data["claims"]))
        return cls(cast("frozenset[tuple[str, str]]", names), cast("frozenset[tuple[str, str, str]]", claims))


def names_of(mentions: Mapping[str, Sequence[Mention]]) -> dict[str, ArticleNames]:
    """Each article's names, worked out from its mentions."""
    return {path: ArticleNames.of(ms) for path, ms in mentions.items()}


@dataclass(frozen=True)
class CachedMentions:
    """An article's mentions as the cache holds them: its names at once, its mentions
    decoded when first asked for (`load`)."""

    names: ArticleNames
    load: Callable[[], list[Mention]]


class ArchiveMentions(Mapping[str, list[Mention]]):
    """Each article's mentions, in the articles' order: those at hand, and those the cache
    holds, decoded when first read; and each article's names (`names`), for which none
    is decoded. A hook's check weighs the whole archive's names, but reads the mentions
    of the articles in its scope only."""

    def __init__(self, order: Sequence[str], at_hand: Mapping[str, list[Mention]], cached: Mapping[str, CachedMentions]) -> None:
        self._order = [p for p in order if p in at_hand or p in cached]
        self._mentions = dict(at_hand)
        self._names = {p: held.names for p, held in cached.items()}  # the cache's articles' names
        # dropped once decoded: a full run decodes every article, and the encoded rows
        # beside the mentions were a fifth of its memory
        self._loaders = {p: held.load for p, held in cached.items()}

    def __getitem__(self, path: str) -> list[Mention]:
        found = self._mentions.get(path)
        if found is None:
            found = self._mentions[path] = self._loaders.pop(path)()  # KeyError: no such article
        return found

    def __contains__(self, path: object) -> bool:
        return path in self._mentions or path in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def names(self) -> dict[str, ArticleNames]:
        """Each article's names: the cache's, or worked out from the mentions at hand."""
        return {p: held if (held := self._names.get(p)) is not None else ArticleNames.of(self._mentions[p]) for p in self._order}
