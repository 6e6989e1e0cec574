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

from bisect import bisect_left
from collections.abc import Sequence
from typing import Optional

from ..models import Agency, Deadline, Section, Span, Target, Task
from ..structure.section_index import SectionIndex

__all__ = ["link_owners", "agency_mentions", "task_holding"]


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


def task_holding(tasks: Sequence[Task], deadline: Deadline) -> Optional[Task]:
    """The task a deadline is attached to, else the smallest task whose span holds it."""
    for t in tasks:
        if t.deadline is deadline or (t.deadline is not None and _overlaps(t.deadline.span, deadline.span)):
            return t
    s, e = deadline.span
    holders = [t for t in tasks if t.span[0] <= s and e <= t.span[1]]
    return min(holders, key=lambda t: t.span[1] - t.span[0]) if holders else None


def _folded(s: str) -> str:
    return " ".join(s.casefold().split())


def _target_owners(target: Target, text: str, tasks: Sequence[Task], folded_tasks: Sequence[str],
                   mentions: _Mentions, index: SectionIndex) -> list[str]:
    leads: list[str] = []
    for t in tasks:
        if _overlaps(t.span, target.span) or (target.section is not None and t.section == target.section):
            leads.extend(t.lead)
    if not leads:
        quote = _folded(text[target.span[0] : target.span[1]])
        for t, folded in zip(tasks, folded_tasks):
            if quote and quote in folded:
                leads.extend(t.lead)
    if leads:
        return _unique(leads)
    sec = index.get(target.section)
    return mentions.within(sec.span) if sec else []


def _deadline_owners(deadline: Deadline, tasks: Sequence[Task], mentions: _Mentions,
                     index: SectionIndex) -> list[str]:
    task = task_holding(tasks, deadline)
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
    folded_tasks = [_folded(t.text) for t in tasks] if targets else []
    for tg in targets:
        tg.owners = _target_owners(tg, text, tasks, folded_tasks, mentions, index)
    for d in deadlines:
        d.owners = _deadline_owners(d, tasks, mentions, index)
