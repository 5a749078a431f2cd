"""SpanIndex: the overlap answers a scan of every span gives."""
from __future__ import annotations

from hypothesis import given, strategies as st

from copydesk.spans import SpanIndex

spans = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)).map(lambda p: (p[0], p[0] + p[1])), max_size=40)


@given(spans, spans, st.tuples(st.integers(0, 250), st.integers(1, 60)))
def test_overlapping_is_what_a_scan_finds(added: list[tuple[int, int]], removed: list[tuple[int, int]],
                                          query: tuple[int, int]) -> None:
    index = SpanIndex(added[: len(added) // 2])
    kept = set(added[: len(added) // 2])
    for s, e in added[len(added) // 2 :]:
        index.add(s, e)
        kept.add((s, e))
    for s, e in removed:
        index.remove(s, e)
        kept.discard((s, e))
    start, end = query[0], query[0] + query[1]
    assert sorted(index.overlapping(start, end)) == sorted(k for k in kept if k[0] < end and start < k[1])
    assert sorted(index) == sorted(kept) and len(index) == len(kept)
