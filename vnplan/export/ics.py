"""iCalendar (RFC 5545) export: a plan's deadlines as calendar events.

* One all-day VEVENT per dated deadline (see :func:`vnplan.export._common.due_of`): a ``date`` /
  ``before_date`` with a day; ``trong tháng 3/2024`` → 31 March 2024; a ``year`` → 31 December;
  a ``period`` 2024-2025 → an all-day event from 1 January 2024 through 31 December 2025
  (``DTEND`` is exclusive in RFC 5545, so it is written as 1 January 2026).
* One recurring VEVENT per recurring deadline that has an RRULE (``trước ngày 25 tháng cuối
  quý`` → ``FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25``): ``DTSTART`` is its first occurrence
  on or after 1 January of the plan's year (``metadata.year``, else the issue year, else the
  current year).
* Continuous duties, relative deadlines, a bare ``định kỳ`` and a recurring rule that names no
  day (``định kỳ hàng năm`` → ``FREQ=YEARLY``) have no day and are left out.

``SUMMARY`` is the task that holds the deadline (cut to about 120 characters), else the sentence
around it; ``DESCRIPTION`` lists the lead and partner agencies, the deadline words and the full
quote. ``UID`` comes from the source sha256 and the span and ``DTSTAMP`` from the plan's issue
date, so exporting the same file twice gives the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Optional, cast

from dateutil.rrule import rrulestr  # a dependency of icalendar
from icalendar import Calendar, Event, vRecur

from ..facts.owners import TaskIndex
from ..models import Deadline, Plan, Task
from ._common import (
    SectionIndex,
    all_deadlines,
    clean_rule,
    due_of,
    sentence_around,
    shorten,
    stable_id,
)

PRODID = "-//vnplan//vnplan export//VI"


def plan_year(plan: Plan) -> int:
    """The year recurring events start from: ``metadata.year``, the issue year, or this year."""
    md = plan.metadata
    if md.year:
        return md.year
    if md.issued_date:
        return md.issued_date.year
    return date.today().year


def first_occurrence(rule: str, year: int) -> Optional[date]:
    """The first day on or after 1 January ``year`` that the RRULE ``rule`` falls on (None if never)."""
    start = datetime(year, 1, 1)
    try:
        rr = rrulestr(rule, dtstart=start, forceset=False)
        nxt = rr.after(start, inc=True)
    except (ValueError, TypeError):
        return None
    return nxt.date() if nxt is not None else None


_ANCHORS = ("BYMONTHDAY", "BYDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS")


def is_anchored(rule: str) -> bool:
    """True when ``rule`` names the day it falls on by itself.

    ``FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=10`` does; a bare ``FREQ=YEARLY`` (``định kỳ hàng năm``
    with no date) does not: its day would come from an arbitrary DTSTART, so such a rule gets
    no calendar event (it stays in the rules export). Daily rules need no anchor.
    """
    parts = {p.split("=", 1)[0].strip().upper() for p in rule.split(";") if "=" in p}
    freq = next((p.split("=", 1)[1].strip().upper() for p in rule.split(";") if p.upper().startswith("FREQ=")), "")
    return freq in ("DAILY", "HOURLY", "MINUTELY", "SECONDLY") or bool(parts & set(_ANCHORS))


def _dtstamp(plan: Plan) -> datetime:
    md = plan.metadata
    day = md.issued_date or date(plan_year(plan), 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _summary(plan: Plan, d: Deadline, task: Optional[Task]) -> str:
    if task is not None and task.text.strip():
        return shorten(task.text)
    return shorten(sentence_around(plan.text, d.span))


def _description(plan: Plan, d: Deadline, task: Optional[Task], index: SectionIndex) -> str:
    lines: list[str] = []
    if task is not None and task.lead:
        lines.append("Chủ trì: " + "; ".join(task.lead))
    if task is not None and task.partners:
        lines.append("Phối hợp: " + "; ".join(task.partners))
    lines.append(f"Thời hạn: {d.text}")
    quote = task.text if task is not None and task.text.strip() else sentence_around(plan.text, d.span)
    lines.append(f"Trích: “{' '.join(quote.split())}”")
    where = [x for x in ((f"Kế hoạch {plan.metadata.number}" if plan.metadata.number else ""),
                         index.label(d.section)) if x]
    if where:
        lines.append("Nguồn: " + " — ".join(where))
    return "\n".join(lines)


def _event(plan: Plan, d: Deadline, index: SectionIndex, stamp: datetime, year: int,
           tasks: TaskIndex) -> Optional[Event]:
    due = due_of(d)
    rule = clean_rule(d.rule) if d.kind == "recurring" else None
    if rule is not None and not is_anchored(rule):
        rule = None
    if due is None and rule is None:
        return None
    ev = Event()
    task = tasks.holding(d)
    ev.add("uid", stable_id("", plan.source.sha256, d.span, length=24) + "@vnplan")
    ev.add("dtstamp", stamp)
    ev.add("summary", _summary(plan, d, task))
    if due is not None:
        ev.add("dtstart", due.start)
        ev.add("dtend", (due.end or due.start) + timedelta(days=1))
    else:
        rule = cast(str, rule)  # due is None here, so rule is set (returned above otherwise)
        first = first_occurrence(rule, year)
        if first is None:
            return None
        ev.add("dtstart", first)
        ev.add("dtend", first + timedelta(days=1))
        ev.add("rrule", vRecur.from_ical(rule))
    ev.add("description", _description(plan, d, task, index))
    ev.add("categories", [d.kind])
    ev.add("transp", "TRANSPARENT")
    return ev


def to_ics(plan: Plan) -> bytes:
    """The deadlines of ``plan`` as an iCalendar file (UTF-8 bytes, CRLF lines, RFC 5545)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    md = plan.metadata
    name = f"Kế hoạch {md.number}" if md.number else "Kế hoạch"
    if md.title:
        name = f"{name}: {md.title}"
    cal.add("x-wr-calname", shorten(name))
    index = SectionIndex(plan.sections)
    tasks = TaskIndex(plan.tasks)
    stamp = _dtstamp(plan)
    year = plan_year(plan)
    for d in all_deadlines(plan):
        ev = _event(plan, d, index, stamp, year, tasks)
        if ev is not None:
            cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data
