"""Helpers shared by the exporters: who owns a fact, which task holds a deadline, due dates.

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

from ..models import Agency, Deadline, Plan, Section, Span, Task

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


class SectionIndex:
    """Sections of a plan by id, with their parents, for quick look-ups."""

    def __init__(self, plan: Plan):
        self.by_id: dict[str, Section] = {}
        self.parent: dict[str, Optional[str]] = {}
        stack: list[tuple[Section, Optional[str]]] = [(s, None) for s in reversed(plan.sections)]
        while stack:
            sec, parent = stack.pop()
            self.by_id[sec.id] = sec
            self.parent[sec.id] = parent
            stack.extend((c, sec.id) for c in reversed(sec.children))

    def get(self, sid: Optional[str]) -> Optional[Section]:
        """The section with id ``sid`` (None for None or an unknown id)."""
        return self.by_id.get(sid) if sid else None

    def chain(self, sid: Optional[str]) -> list[Section]:
        """The section ``sid`` then its ancestors, innermost first."""
        out: list[Section] = []
        while sid and sid in self.by_id:
            out.append(self.by_id[sid])
            sid = self.parent.get(sid)
        return out

    def label(self, sid: Optional[str]) -> str:
        """``"<id> <heading>"`` for a table cell, ``""`` when there is no section."""
        sec = self.get(sid)
        if sec is None:
            return sid or ""
        heading = " ".join(sec.heading.split())
        return f"{sec.id} {heading}".strip()


def agency_mentions(agency: Agency) -> list[Span]:
    """Every mention of ``agency`` (its first responsibility span when none is listed)."""
    return list(agency.mentions) or [agency.span]


def agencies_within(plan: Plan, span: Span) -> list[str]:
    """Names of the agencies with a mention inside ``span``, in order of first such mention."""
    found: list[tuple[int, str]] = []
    for ag in plan.agencies:
        starts = [m[0] for m in agency_mentions(ag) if inside(m, span)]
        if starts:
            found.append((min(starts), ag.name))
    return unique(name for _, name in sorted(found))


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


def task_for_span(plan: Plan, span: Span) -> Optional[Task]:
    """The task that holds the deadline at ``span``.

    First a task whose own ``deadline`` is at (or overlaps) ``span``; else the smallest task
    whose text span contains ``span``; else None.
    """
    for t in plan.tasks:
        if t.deadline is not None and overlaps(t.deadline.span, span):
            return t
    holders = [t for t in plan.tasks if inside(span, t.span)]
    if holders:
        return min(holders, key=lambda t: t.span[1] - t.span[0])
    return None


def target_owners(plan: Plan, span: Span, section: Optional[str], index: SectionIndex) -> list[str]:
    """Owner agencies of a target.

    The lead agencies of the tasks whose span overlaps the target's span or whose section is the
    target's section, or of a task that restates the target (an appendix row); when there are
    none, the agencies mentioned inside the target's section.
    May be empty (most plans give the mục tiêu part no owner).
    """
    leads: list[str] = []
    for t in plan.tasks:
        if overlaps(t.span, span) or (section is not None and t.section == section):
            leads.extend(t.lead)
    if not leads:
        # a task elsewhere that restates the target (an appendix row repeating the mục tiêu)
        quote = " ".join(plan.text[span[0] : span[1]].casefold().split())
        for t in plan.tasks:
            if quote and quote in " ".join(t.text.casefold().split()):
                leads.extend(t.lead)
    if leads:
        return unique(leads)
    sec = index.get(section)
    return agencies_within(plan, sec.span) if sec else []


def obligation_owners(
    plan: Plan, deadline: Deadline, index: SectionIndex, task: Optional[Task] = None
) -> list[str]:
    """Owner agencies of a recurring or continuous duty.

    The lead of the task that holds the deadline; else the agencies named in the heading of the
    deadline's section or of its nearest ancestor that names one (``1. Sở Tài chính`` under
    ``Tổ chức thực hiện``); else the agencies mentioned inside the deadline's section.
    """
    task = task if task is not None else task_for_span(plan, deadline.span)
    if task is not None and task.lead:
        return unique(task.lead)
    chain = index.chain(deadline.section)
    for sec in chain:
        if sec.heading_span:
            named = agencies_within(plan, sec.heading_span)
            if named:
                return named
    if chain:
        return agencies_within(plan, chain[0].span)
    return []


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
