"""The year of a deadline that prints none, from what it stands under.

A task table's time cell (``tháng 4``, ``từ tháng 3 đến tháng 10``) or a schedule line often
leaves the year to the appendix or heading above it (``PHỤ LỤC II`` / ``… NĂM 2026``) or to the
plan's own title (``Kế hoạch … năm 2026``). A dated deadline (a month, a range of months, a
quarter) without a year takes the one year named there: the enclosing headings first,
innermost first (an appendix with its title lines), then the plan's title. A place that names
two or more years (``năm 2026 - 2030``, ``năm 2025 và năm 2026``) gives none, and recurring
deadlines keep no year (they come back every year).
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Iterator, Optional

import regex

from ..datafiles import load_data
from ..models import Deadline
from .common import Context


@lru_cache(maxsize=None)
def _year_pattern() -> "regex.Pattern[str]":
    return regex.compile(load_data("deadlines")["context_year"], regex.I)


def _one_year(text: str) -> Optional[int]:
    """The year ``text`` names, when it names exactly one (else None)."""
    years = {int(y) for y in _year_pattern().findall(text)}
    return years.pop() if len(years) == 1 else None


def _places(ctx: Context, pos: int) -> Iterator[str]:
    """Where a deadline at ``pos`` may find its year, nearest first: each enclosing heading
    (an appendix's with its title), then the plan's title."""
    for sid in ctx.tree.ancestors(ctx.section(pos)):
        span = ctx.tree.heading_span(sid)
        if span is None or span[0] <= pos < span[1]:
            continue  # a deadline on the heading line itself already read its line
        yield ctx.text[span[0] : span[1]]
        if sid in ctx.tree.appendix_titles:
            yield ctx.tree.appendix_titles[sid][0]
    if ctx.title:
        yield ctx.title


def context_year(ctx: Context, pos: int) -> Optional[int]:
    """The one year named by the nearest heading, appendix title or plan title above ``pos``."""
    for place in _places(ctx, pos):
        year = _one_year(place)
        if year is not None:
            return year
        if _year_pattern().search(place):
            return None  # several years: the nearest place is ambiguous, look no further
    return None


def fill_years(deadlines: list[Deadline], ctx: Context) -> None:
    """Give each dated deadline without a year (month, months or quarter; not recurring) the
    year of its context; a range of months also gets its first and last year."""
    for dl in deadlines:
        if dl.year is not None or dl.start_year is not None or dl.kind == "recurring":
            continue
        if dl.month is None and dl.months is None and dl.quarter is None:
            continue
        year = context_year(ctx, dl.span[0])
        if year is None:
            continue
        dl.year = year
        if dl.day and dl.month and dl.date is None:
            try:
                dl.date = _dt.date(year, dl.month, dl.day)
            except ValueError:
                pass  # "30/2": no calendar day, the year alone stands
        if dl.kind == "period" and dl.months:
            dl.start_year = dl.start_year or year
            dl.end_year = dl.end_year or year
