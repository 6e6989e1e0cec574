"""Helpers shared by the exporters: which task holds a deadline, due dates, ids, quotes.

Owners are not worked out here: they are facts of the Plan (``Target.owners``,
``Deadline.owners``, linked by :mod:`vnplan.facts.owners`).

Nothing here changes a :class:`~vnplan.models.Plan`; every function reads it and returns plain
values, so that each export (rules, iCalendar, CSV, JSONL, spaCy) maps the same fact the same way.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from ..facts.owners import agency_mentions, task_holding
from ..models import Deadline, Plan, Span, Task
from ..structure.section_index import SectionIndex

__all__ = [
    "SUMMARY_MAX", "SectionIndex", "agency_mentions", "all_deadlines", "clean_rule", "due_of",
    "due_text", "inside", "overlaps", "sentence_around", "shorten", "source_name", "stable_id",
    "task_for", "unique",
]

#: Longest SUMMARY / short quote kept, in characters (an ellipsis marks a cut).
SUMMARY_MAX = 120


def stable_id(prefix: str, sha256: str, span: Span, length: int = 12) -> str:
    """``prefix`` + the first ``length`` hex digits of sha256(``"<sha256>:<start>-<end>"``).

    The same source file and the same span always give the same id, so a rule or a calendar
    event keeps its identity when a plan is exported again.
    """
    digest = hashlib.sha256(f"{sha256}:{span[0]}-{span[1]}".encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:length]}"


def overlaps(a: Span, b: Span) -> bool:
    """True when the half-open spans ``a`` and ``b`` share at least one character (or are equal)."""
    if tuple(a) == tuple(b):
        return True
    return a[0] < b[1] and b[0] < a[1]


def inside(inner: Span, outer: Span) -> bool:
    """True when ``inner`` lies within ``outer``."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats and empties, first occurrence kept, order kept."""
    seen: set[str] = set()
    out: list[str] = []
    for it in items:
        if it and it not in seen:
            seen.add(it)
            out.append(it)
    return out


def shorten(text: str, limit: int = SUMMARY_MAX) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (… marks a cut)."""
    one = " ".join(text.split())
    if len(one) <= limit:
        return one
    cut = one[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def source_name(plan: Plan) -> str:
    """How a plan is named in a concatenated table: its source path (``path#member`` for archives)."""
    src = plan.source
    name = src.path or f"sha256:{src.sha256[:12]}"
    if src.member:
        name = f"{name}#{src.member}"
    return name


def all_deadlines(plan: Plan) -> list[Deadline]:
    """``plan.deadlines`` plus any deadline held only by a task, in text order, each span once."""
    seen: set[tuple[int, int]] = set()
    out: list[Deadline] = []
    for d in list(plan.deadlines) + [t.deadline for t in plan.tasks if t.deadline is not None]:
        key = (d.span[0], d.span[1])
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    out.sort(key=lambda d: (d.span[0], d.span[1]))
    return out


def task_for(plan: Plan, deadline: Deadline) -> Optional[Task]:
    """The task that holds ``deadline`` (:func:`vnplan.facts.owners.task_holding`)."""
    return task_holding(plan.tasks, deadline)


_BOUNDARY = re.compile(r"[.!?;]\s+")
_LEAD = re.compile(r"^(?:[-–•+*]\s*|[a-zđ]\)\s*|\d+(?:\.\d+)*[.)]\s*)+")


def sentence_around(text: str, span: Span) -> str:
    """The sentence of ``text`` that holds ``span`` (never beyond its line), bullet removed.

    A sentence ends at ``.``, ``!``, ``?`` or ``;`` followed by a space, or at a line break.
    """
    start, end = span
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    line = text[line_start:line_end]
    rs, re_ = start - line_start, end - line_start
    bounds = [m.end() for m in _BOUNDARY.finditer(line)]
    left = max((b for b in bounds if b <= rs), default=0)
    right = min((b for b in bounds if b > re_), default=len(line))
    sent = _LEAD.sub("", line[left:right].strip()).strip()
    return sent or text[start:end]


@dataclass(frozen=True)
class Due:
    """The day a dated deadline falls due; ``end`` (inclusive) is set for a period."""

    start: date
    end: Optional[date] = None

    def iso(self) -> str:
        """``YYYY-MM-DD``, or an ISO 8601 interval ``start/end`` for a period."""
        if self.end is not None and self.end != self.start:
            return f"{self.start.isoformat()}/{self.end.isoformat()}"
        return self.start.isoformat()


def _last_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def due_of(d: Deadline) -> Optional[Due]:
    """The calendar day(s) of a dated deadline, or None when it has none.

    * ``date`` / ``before_date`` with a ``date`` (or with day, month and year) → that date;
    * ``date`` with month and year only (``trong tháng 3/2024``) → the last day of that month;
      ``before_date`` with month and year only (``trước tháng 6/2024``) → the day before that month;
    * ``date`` with quarter and year → the last day of that quarter; with a year only → 31 Dec;
    * ``year`` → 31 December of that year;
    * ``period`` → 1 January of ``start_year`` to 31 December of ``end_year``.

    Recurring, continuous and relative deadlines have no single date: None.
    """
    try:
        if d.kind in ("date", "before_date"):
            if d.date is not None:
                return Due(d.date)
            year = d.year or d.end_year
            if year is None:
                return None
            if d.day and d.month:  # the day spelled out in fields (``trước ngày 31/12/2025``)
                return Due(date(year, d.month, d.day))
            if d.month:
                if d.kind == "before_date":
                    if d.month == 1:
                        return Due(date(year - 1, 12, 31))
                    return Due(_last_of_month(year, d.month - 1))
                return Due(_last_of_month(year, d.month))
            if d.quarter:
                return Due(_last_of_month(year, 3 * d.quarter))
            return Due(date(year, 12, 31))
        if d.kind == "year":
            year = d.year or d.end_year or d.start_year
            return Due(date(year, 12, 31)) if year else None
        if d.kind == "period":
            if d.start_date is not None and d.date is not None:  # a window between two days
                return Due(d.start_date, d.date)
            first = d.start_year or d.year
            last = d.end_year or first
            if first is None or last is None:
                return None
            return Due(date(first, 1, 1), date(last, 12, 31))
    except ValueError:  # a month 13 or a day 31 of a 30-day month: no calendar day
        return None
    return None


def clean_rule(rule: Optional[str]) -> Optional[str]:
    """The RRULE value without a leading ``RRULE:`` and surrounding space (None stays None)."""
    if not rule:
        return None
    rule = rule.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    return rule or None


def due_text(d: Optional[Deadline]) -> str:
    """A table cell for when a deadline falls due: ISO date/interval, the RRULE, or ``""``."""
    if d is None:
        return ""
    due = due_of(d)
    if due is not None:
        return due.iso()
    if d.kind == "recurring":
        return clean_rule(d.rule) or (d.frequency or "")
    return ""
