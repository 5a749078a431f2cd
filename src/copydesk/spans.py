"""Spans of an article's text, found by overlap in logarithmic time.

Extraction and recovery ask, for every candidate name, which names already found
overlap it. A list scanned each time makes an article of 20,000 credited names take
minutes (every name against every other); names are short, so only the spans starting
within the longest span's length before a position can reach it.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator


class SpanIndex:
    """A set of [start, end) spans (overlapping ones allowed)."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._spans: list[tuple[int, int]] = sorted(set(spans or ()))
        self._longest = max((e - s for s, e in self._spans), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(list(self._spans))

    def has(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._spans, (start, end))
        return i < len(self._spans) and self._spans[i] == (start, end)

    def add(self, start: int, end: int) -> None:
        if not self.has(start, end):
            bisect.insort(self._spans, (start, end))
            self._longest = max(self._longest, end - start)

    def remove(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._spans, (start, end))
        if i < len(self._spans) and self._spans[i] == (start, end):
            del self._spans[i]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans sharing at least one character with [start, end)."""
        lo = bisect.bisect_left(self._spans, (start - self._longest, start - self._longest))
        hi = bisect.bisect_left(self._spans, (end, end))
        return [(s, e) for s, e in self._spans[lo:hi] if s < end and start < e]

    def overlaps(self, start: int, end: int) -> bool:
        return bool(self.overlapping(start, end))
