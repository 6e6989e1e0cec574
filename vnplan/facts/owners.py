"""Who answers for a target or a deadline: ``Target.owners`` and ``Deadline.owners``.

Linked once, here, after the extractors ran, so that the Plan and every export (rules,
iCalendar, CSV, the index, the review page) name the same owners.

* A target's owners: the lead agencies of the tasks whose span overlaps the target or whose
  section is the target's section, or of a task that restates the target (an appendix row
  repeating the mục tiêu); when there are none, the agencies mentioned inside the target's
  section. Often empty: the mục tiêu part of a plan rarely names who answers for a figure.
* A deadline's owners: the lead of the task that holds it (the task it is attached to, else the
  smallest task whose span holds it); else the agencies named in the heading of its section or
  of the nearest ancestor that names one (``1. Sở Tài chính`` under ``Tổ chức thực hiện``); else
  the agencies mentioned inside its section.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from typing import Optional

from ..models import Agency, Deadline, Section, Span, Target, Task
from ..structure.section_index import SectionIndex

__all__ = ["link_owners", "agency_mentions", "task_holding", "TaskIndex"]


def _overlaps(a: Span, b: Span) -> bool:
    return tuple(a) == tuple(b) or (a[0] < b[1] and b[0] < a[1])


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def agency_mentions(agency: Agency) -> list[Span]:
    """Every mention of ``agency`` (its first responsibility span when none is listed)."""
    return list(agency.mentions) or [agency.span]


class _Mentions:
    """Every agency mention in text order: the names mentioned inside a span, by bisect."""

    def __init__(self, agencies: Sequence[Agency]) -> None:
        pairs = sorted((m[0], a.name, m[1]) for a in agencies for m in agency_mentions(a))
        self._starts = [p[0] for p in pairs]
        self._pairs = pairs

    def within(self, span: Span) -> list[str]:
        """Names of the agencies with a mention inside ``span``, in order of first such mention."""
        k = bisect_left(self._starts, span[0])
        names: list[str] = []
        while k < len(self._pairs) and self._pairs[k][0] < span[1]:
            _s, name, e = self._pairs[k]
            if e <= span[1]:
                names.append(name)
            k += 1
        return _unique(names)


class _Intervals:
    """Spans sorted by start, with the running maximum of their ends, to find the spans that hold
    or overlap a range without a scan of all (a scan stops where no earlier span reaches)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.order = sorted(range(len(spans)), key=lambda k: (spans[k][0], k))
        self.starts = [spans[k][0] for k in self.order]
        self.ends = [spans[k][1] for k in self.order]
        self.reach: list[int] = []
        for e in self.ends:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def _back(self, k: int, beyond: int) -> Iterator[int]:
        """Positions k, k-1, … while a span at or before them ends after ``beyond``."""
        while k >= 0 and self.reach[k] > beyond:
            yield k
            k -= 1

    def holding(self, s: int, e: int) -> list[int]:
        """Indices (into the spans given) of the spans with start <= s and e <= end."""
        k = bisect_right(self.starts, s) - 1
        return [self.order[j] for j in self._back(k, e - 1) if self.ends[j] >= e]

    def overlapping(self, s: int, e: int) -> list[int]:
        """Indices of the spans that share a character with [s, e) (or equal it)."""
        k = bisect_left(self.starts, e) - 1
        found = [self.order[j] for j in self._back(k, s) if self.ends[j] > s]
        if s == e:  # an empty span overlaps only a span equal to it
            found += [self.order[j] for j in range(bisect_left(self.starts, s), len(self.starts))
                      if self.starts[j] == s and self.ends[j] == e]
        return found


class TaskIndex:
    """The tasks of a plan, indexed for :meth:`holding` and the owners of targets."""

    def __init__(self, tasks: Sequence[Task]) -> None:
        self.tasks = tasks
        self.spans = _Intervals([t.span for t in tasks])
        with_deadline = [k for k, t in enumerate(tasks) if t.deadline is not None]
        self._dl_tasks = with_deadline
        self.deadline_spans = _Intervals([tasks[k].deadline.span for k in with_deadline])  # type: ignore[union-attr]
        self.by_section: dict[str, list[int]] = {}
        for k, t in enumerate(tasks):
            if t.section is not None:
                self.by_section.setdefault(t.section, []).append(k)
        self._numbers: Optional[dict[str, list[int]]] = None
        self._folded: list[str] = []

    def holding(self, deadline: Deadline) -> Optional[Task]:
        """The task a deadline is attached to (the first in task order whose deadline is at or
        overlaps it), else the smallest task whose span holds it (the first of equal ones)."""
        s, e = deadline.span
        attached = [self._dl_tasks[j] for j in self.deadline_spans.overlapping(s, e)]
        if attached:
            return self.tasks[min(attached)]
        holders = self.spans.holding(s, e)
        if not holders:
            return None
        best = min(holders, key=lambda k: (self.tasks[k].span[1] - self.tasks[k].span[0], k))
        return self.tasks[best]

    def restating(self, quote: str) -> list[int]:
        """Tasks whose text holds ``quote`` (folded): only those sharing its first number."""
        if self._numbers is None:
            self._folded = [_folded(t.text) for t in self.tasks]
            self._numbers = {}
            for k, f in enumerate(self._folded):
                for num in dict.fromkeys(_NUMBER.findall(f)):
                    self._numbers.setdefault(num, []).append(k)
        first = _NUMBER.search(quote)
        if first is None:
            return [k for k, f in enumerate(self._folded) if quote in f]
        return [k for k in self._numbers.get(first.group(0), []) if quote in self._folded[k]]


_NUMBER = re.compile(r"\d+")


def task_holding(tasks: Sequence[Task], deadline: Deadline) -> Optional[Task]:
    """The task a deadline is attached to, else the smallest task whose span holds it (for many
    deadlines build a :class:`TaskIndex` once and call its ``holding``)."""
    return TaskIndex(tasks).holding(deadline)


def _folded(s: str) -> str:
    return " ".join(s.casefold().split())


def _target_owners(target: Target, text: str, tasks: TaskIndex, mentions: _Mentions,
                   index: SectionIndex) -> list[str]:
    s, e = target.span
    near = set(tasks.spans.overlapping(s, e))
    if target.section is not None:
        near.update(tasks.by_section.get(target.section, []))
    leads = [name for k in sorted(near) for name in tasks.tasks[k].lead]
    if not leads:
        quote = _folded(text[s:e])
        if quote:
            leads = [name for k in tasks.restating(quote) for name in tasks.tasks[k].lead]
    if leads:
        return _unique(leads)
    sec = index.get(target.section)
    return mentions.within(sec.span) if sec else []


def _deadline_owners(deadline: Deadline, tasks: TaskIndex, mentions: _Mentions,
                     index: SectionIndex) -> list[str]:
    task = tasks.holding(deadline)
    if task is not None and task.lead:
        return _unique(task.lead)
    chain = index.chain(deadline.section)
    for sec in chain:
        if sec.heading_span:
            named = mentions.within(sec.heading_span)
            if named:
                return named
    return mentions.within(chain[0].span) if chain else []


def link_owners(text: str, sections: Sequence[Section], targets: Sequence[Target],
                deadlines: Sequence[Deadline], tasks: Sequence[Task], agencies: Sequence[Agency]) -> None:
    """Set ``owners`` on every target and deadline (see the module docstring)."""
    index = SectionIndex(sections)
    mentions = _Mentions(agencies)
    task_index = TaskIndex(tasks)
    for tg in targets:
        tg.owners = _target_owners(tg, text, task_index, mentions, index)
    for d in deadlines:
        d.owners = _deadline_owners(d, task_index, mentions, index)
