"""Expand a recurring deadline's RRULE into due dates, with ``dateutil.rrule.rrulestr``.

The rule starts on the plan's date (``issued_date``, else 1 January of its ``year``): a duty
cannot fall due before the plan exists. It runs to 31 December of the deadline's ``end_year``
when it has one, else for :data:`HORIZON_YEARS` years; an ``UNTIL`` or ``COUNT`` in the rule
ends it sooner. The window does not depend on today, so indexing the same plan twice gives the
same rows; the ``reporting_calendar`` view picks the next 12 months at query time.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterator, Optional

from dateutil.rrule import rrulestr

from ..export._common import clean_rule
from ..models import Deadline, Metadata

#: How many years a rule with no end is expanded (plans run for five years or less, mostly).
HORIZON_YEARS = 10
#: Rule parts that name the day; without one, rrulestr takes the day from the start date.
DAY_PARTS = ("BYMONTHDAY", "BYDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS")


def plan_start(meta: Metadata) -> Optional[date]:
    """The first day a plan's duties can fall due: its date, else 1 January of its year."""
    if meta.issued_date is not None:
        return meta.issued_date
    return date(meta.year, 1, 1) if meta.year else None


def occurrences(d: Deadline, meta: Metadata) -> Iterator[tuple[date, bool]]:
    """The due dates of ``d`` (recurring, with a rule) as ``(date, day_given)``; none otherwise.

    ``day_given`` is False when the rule names no day (``FREQ=YEARLY`` alone): the dates then
    fall on the plan's own day and month, a stand-in rather than a date the plan states.
    """
    rule = clean_rule(d.rule)
    start = plan_start(meta)
    if d.kind != "recurring" or not rule or start is None:
        return
    last_year = d.end_year if d.end_year and d.end_year >= start.year else start.year + HORIZON_YEARS
    first = datetime(start.year, start.month, start.day)
    try:
        rr = rrulestr(rule, dtstart=first)
        dates = rr.between(first, datetime(last_year, 12, 31, 23, 59), inc=True)
    except (ValueError, TypeError):
        return  # a rule dateutil cannot read: no dates rather than wrong ones
    given = any(part in rule.upper() for part in DAY_PARTS)
    for dt in dates:
        yield dt.date(), given
