"""Versions of one story: an archive often keeps a story twice (a re-edit under the same
headline, a wire story updated), and what the two versions spell alike is one piece of
evidence, not two. Counting which spelling of a name is in more stories, two versions
count once.

Two articles are versions of one story when half the shorter one's five-word sequences
are in the other (the measure wire services use for re-edits). Candidates meet through a
few sampled sequences per article (the smallest hashes: a bottom-k sketch), so the cost
grows with the number of articles, not its square.
"""
from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .model import Article

SHINGLE = 5
# Half the shorter text's sequences in the other: a version of it, not a story on the
# same subject (on bbc/, versions the corpus lists share 0.58 or more; on reuters/, 0.49
# to 0.79, and stories on one subject it does not list 0.47 and less).
SAME_STORY = 0.5
# Sampled sequences per article: two versions sharing half their text share some of these.
SKETCH = 16
# A text shorter than this many sequences (some 25 words: a brief, a caption, a list of
# names) is too short to tell a version from another story that words it alike.
MIN_SHINGLES = 20
# A sampled sequence in more articles than this is a stock phrase.
MAX_GROUP = 20
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=512)  # the server asks for the same archive articles' draft after draft; ~30 KB each
def _shingles(text: str) -> frozenset[int]:
    words = _WORD.findall(text.casefold())
    return frozenset(zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1))


class Stories:
    """Which articles are versions of one story, found once for all the articles given."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._story: dict[str, str] = {}
        shingles = {path: own for path, a in sorted(articles.items()) if len(own := _shingles(a.text)) >= MIN_SHINGLES}
        by_hash: dict[int, list[str]] = defaultdict(list)
        for path, own in shingles.items():
            for h in sorted(own)[:SKETCH]:
                by_hash[h].append(path)
        for group in by_hash.values():
            if len(group) > MAX_GROUP:
                continue  # a stock phrase ("said in a statement on"), not a story's own text
            for i, first in enumerate(group):
                for other in group[i + 1 :]:
                    a, b = self.story(first), self.story(other)
                    if a != b and _same_story(shingles[first], shingles[other]):
                        self._story[max(a, b)] = min(a, b)

    def story(self, path: str) -> str:
        """The story an article is a version of (named by its first version's path)."""
        while path in self._story:
            path = self._story[path]
        return path

    def count(self, paths: Iterable[str]) -> int:
        """How many stories these articles are versions of."""
        return len({self.story(p) for p in paths})


def _same_story(a: frozenset[int], b: frozenset[int]) -> bool:
    shorter = min(len(a), len(b))
    return shorter > 0 and len(a & b) >= SAME_STORY * shorter
