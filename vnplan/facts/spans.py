"""Questions about sets of spans answered by bisect, so that a pass over the text stays linear
(no scan of every table, section or match for each line or fact)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right


def overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does [s, e) overlap a span of ``taken`` (spans that do not overlap each other, sorted)?

    The same answer as ``any(s < te and ts < e for ts, te in taken)``: sorted spans that do not
    overlap also have sorted ends, so the last span starting before ``e`` reaches furthest.
    """
    k = bisect_left(taken, (e,))  # the spans that start before e
    return k > 0 and taken[k - 1][1] > s


class Cover:
    """Is an offset inside one of a set of spans (which may nest or overlap)? Bisect over the
    starts, with the running maximum of the ends: O(log n) a question."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [a for a, _ in spans]
        self._reach: list[int] = []
        reach = -1
        for _, b in spans:
            reach = max(reach, b)
            self._reach.append(reach)

    def holds(self, pos: int, strict: bool = False) -> bool:
        """``a <= pos < b`` for some span (``a < pos < b`` when ``strict``)."""
        k = (bisect_left if strict else bisect_right)(self._starts, pos)
        return k > 0 and self._reach[k - 1] > pos
