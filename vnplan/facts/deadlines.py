"""Deadlines: every time constraint on a task or a report, typed, with an RRULE when recurring.

The grammar is data (``data/deadlines.yaml``): ordered rules, each a pattern and what it
means. This module applies them to the body (not to the assessment of the past, not to a
target's horizon, not to the preamble), to the time column of task tables, and to
``Thời gian thực hiện:`` lines, and turns each match into a :class:`~vnplan.models.Deadline`.
"""

from __future__ import annotations

from bisect import insort
from datetime import date
from functools import lru_cache
from typing import Any, Optional, cast

import re

import regex

from ..datafiles import alternation, load_data
from ..models import Deadline, DeadlineKind, Span
from ..structure.tables import column_roles
from .common import Context, Draft
from .deadline_years import fill_years
from .spans import Cover, overlaps

_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4}
_LETTERS = regex.compile(r"\p{L}+")


@lru_cache(maxsize=None)
def _grammar() -> dict[str, Any]:
    d = dict(load_data("deadlines"))
    d["_rules"] = [
        dict(r, _re=regex.compile(r["pattern"], regex.I),
             _needs_re=re.compile(r["needs_pattern"]) if r.get("needs_pattern") else None)
        for r in d["rules"]
    ]
    d["_bare_year"] = regex.compile(d["bare_year"], regex.I)
    d["_bare_range"] = regex.compile(d["bare_range"], regex.I)
    d["_label"] = regex.compile(
        # after a bullet or a numbering label ("1. Thời gian, địa điểm: tháng 4/2026 …")
        r"(?i)^\s*(?:[-+*•]\s*|(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[a-zđ]\))\s+)?(?:"
        + alternation(d["timing_labels"]) + r")\s*:\s*"
    )
    # a timing label after a clause inside a line ("… triển khai. Thời gian: tháng 6/2026",
    # "…, thời gian hoàn thành: Quý III/2026"): what it labels runs to the clause's end
    d["_inline_label"] = regex.compile(
        r"(?i)(?:[.;,(][ \t]*+|[ \t][-–][ \t]++)(?:" + alternation(d["timing_labels"]) + r")[ \t]*+:[ \t]*+"
    )
    d["_inline_end"] = regex.compile(r"[;)]|\.(?=[ \t]|$)")
    return d


def _inline_timing(line: str, s: int, found: list[Deadline], g: dict[str, Any]) -> list[Deadline]:
    """The deadlines of the parts of ``line`` (at ``s``) that an inline timing label opens,
    where ``found`` (the line's own reading) holds none."""
    out: list[Deadline] = []
    for lm in g["_inline_label"].finditer(line):
        end = g["_inline_end"].search(line, lm.end())
        seg_end = end.start() if end else len(line)
        for dl in parse_deadlines(line[lm.end() : seg_end], s + lm.end(), timing=True, whole_cell=True):
            if not any(f.span[0] < dl.span[1] and dl.span[0] < f.span[1] for f in found):
                out.append(dl)
    return out


def rrule_for(dl: Deadline) -> Optional[str]:
    """An RFC 5545 RRULE for a recurring deadline, or None when it has no fixed rhythm."""
    if dl.kind != "recurring" or not dl.frequency:
        return None
    if dl.months and dl.day:
        return f"FREQ=YEARLY;BYMONTH={','.join(map(str, dl.months))};BYMONTHDAY={dl.day}"
    if dl.frequency == "annual":
        if dl.month and dl.day:
            return f"FREQ=YEARLY;BYMONTH={dl.month};BYMONTHDAY={dl.day}"
        return "FREQ=YEARLY"
    if dl.frequency == "monthly" and dl.day:
        return f"FREQ=MONTHLY;BYMONTHDAY={dl.day}"
    return {
        "quarterly": "FREQ=MONTHLY;INTERVAL=3",
        "semiannual": "FREQ=MONTHLY;INTERVAL=6",
        "monthly": "FREQ=MONTHLY",
        "weekly": "FREQ=WEEKLY",
        "daily": "FREQ=DAILY",
    }.get(dl.frequency)


_LIST_LABEL = regex.compile(r"(?:^|\n)[ \t]*(?:[a-zđ]\)|\d{1,2}[.)]|[IVX]{1,4}\.|[-+•*])$")


def _governs(text: str, start: int, end: int, g: dict[str, Any], closing: bool = True) -> bool:
    """Does the frequency word at [start, end) say when a task is done?"""
    before = text[max(0, start - 20) : start].rstrip(" ")
    after = text[end : end + 20].lstrip(" ")
    if not before or before[-1] in "\n\t.;:" or _LIST_LABEL.search(before):
        return True  # opens a sentence, a clause or a list item: always says when
    if before[-1] in "".join(g["clause_openers"]):
        ok = True
    else:
        last = _LETTERS.findall(before.casefold())
        prev2 = " ".join(last[-2:])
        ok = bool(last) and (last[-1] in g["modal_words"] or prev2 in g["modal_words"])
        if not ok:
            return closing and _closes_clause(before, after, g)
    if not ok:
        return False
    if not after or after[0] in "\n\t":
        return True
    for w in g["not_followed_by"]:
        if after.casefold().startswith(w):
            return False
    return True


def _closes_clause(before: str, after: str, g: dict[str, Any]) -> bool:
    """A frequency word inside a sentence that closes its clause governs the work before it,
    unless it describes the noun just before it (see ``described_nouns``)."""
    a = after.casefold()
    if after and not any(a.startswith(c) for c in g["clause_closers"] if c != "\n"):
        return False
    b = before.casefold()
    return not any(b.endswith(n) for n in g["described_nouns"])


def _first_day(dl: Deadline, gd: dict[str, Any]) -> bool:
    """The first day of a dated period (its year that of the last day when left out); False
    when it is no calendar day or falls after the last day."""
    last_year = int(gd["year"])
    first_year = int(gd["y1"]) if gd.get("y1") else last_year
    try:
        first = date(first_year, int(gd["mo1"]), int(gd["d1"]))
        last = date(last_year, int(gd["month"]), int(gd["day"]))
    except ValueError:
        return False
    if first > last:
        return False
    dl.start_date, dl.start_year, dl.end_year = first, first_year, last_year
    return True


def _month_range(dl: Deadline, gd: dict[str, Any]) -> None:
    """A range of months: its months within one year, and its first and last year when printed
    (the first month's year is the last one's when left out)."""
    m1, m2 = int(gd["m1"]), int(gd["m2"])
    last = int(gd["year"]) if gd.get("year") else None
    first = int(gd["y1"]) if gd.get("y1") else last
    if first is not None and last is not None:
        dl.start_year, dl.end_year = first, last
    if (first is None or first == last) and m1 <= m2:
        dl.months = list(range(m1, m2 + 1))


def _count(s: str) -> int:
    """A small count in digits or words ('02', 'hai'; the number words of data/units.yaml)."""
    word: Optional[int] = load_data("units")["number_words"].get(s.casefold())
    return word if word is not None else int(s)


def _make(rule: dict[str, Any], m: "regex.Match[str]", text_offset: int, g: dict[str, Any]) -> Optional[Deadline]:
    gd = m.groupdict()
    kind = rule["kind"]
    dl = Deadline(text=m.group(0), kind=kind, span=(text_offset + m.start(), text_offset + m.end()))
    if rule.get("frequency"):
        dl.frequency = rule["frequency"]
    if rule.get("months"):
        dl.months = list(rule["months"])
    if gd.get("day"):
        dl.day = int(gd["day"])
    if gd.get("month"):
        dl.month = int(gd["month"])
    if gd.get("year"):
        dl.year = int(gd["year"])
    if gd.get("quarter"):
        q = gd["quarter"].upper()
        dl.quarter = _ROMAN_Q.get(q) or int(q)
    if gd.get("start"):
        dl.start_year = int(gd["start"])
        dl.end_year = int(gd["end"]) if gd.get("end") else None
    if gd.get("hour"):
        dl.time = f"{int(gd['hour']):02d}:{int(gd.get('minute') or 0):02d}"
    if gd.get("m1"):
        _month_range(dl, gd)
    if gd.get("unit"):
        dl.frequency = g["frequency_of_unit"][gd["unit"].casefold()]
    if gd.get("every_months"):
        dl.frequency = g["frequency_of_months"].get(_count(gd["every_months"]))
    if gd.get("times"):
        dl.times = _count(gd["times"])
        dl.frequency = g["frequency_of_times"].get(gd["unit"].casefold(), {}).get(dl.times)
    if gd.get("days"):
        dl.offset_days = _count(gd["days"])
    if gd.get("event"):
        dl.event = gd["event"].strip()
    if gd.get("d1") and not _first_day(dl, gd):
        return None
    if kind == "period" and dl.year and dl.start_year is None:
        dl.start_year = dl.end_year = dl.year  # a period inside one year ("6 tháng đầu năm 2026")
    if dl.day and dl.month and dl.year:
        try:
            dl.date = date(dl.year, dl.month, dl.day)
        except ValueError:
            return None
    if dl.day and dl.month and not (1 <= dl.day <= 31 and 1 <= dl.month <= 12):
        return None
    dl.rule = rrule_for(dl)
    return dl


@lru_cache(maxsize=None)
def _cue_words() -> tuple[tuple[str, ...], tuple[frozenset[str], ...]]:
    """Every rule's cue words (``needs``) once, and each rule's set; a rule without cues has
    ``{""}``, which every text holds."""
    sets = tuple(frozenset(r.get("needs", ("",))) for r in _grammar()["_rules"])
    return tuple(sorted(frozenset().union(*sets))), sets


@lru_cache(maxsize=4096)
def _rules_for(present: frozenset[str], timing: bool) -> tuple[dict[str, Any], ...]:
    """The rules, in order, that can match a text holding the cue words ``present`` (a line
    holds one of a few dozen word sets, so this is worked out once per set)."""
    _, rule_needs = _cue_words()
    return tuple(
        rule for rule, needs in zip(_grammar()["_rules"], rule_needs)
        if (timing or not rule.get("only_in_timing")) and not present.isdisjoint(needs)
    )


def parse_deadlines(text: str, offset: int = 0, timing: bool = False, whole_cell: bool = False) -> list[Deadline]:
    """All deadlines in ``text`` (a span of the plan starting at ``offset``)."""
    g = _grammar()
    stripped = text.strip().rstrip(".;")
    dl: Optional[Deadline]
    if whole_cell or timing:
        lead = len(text) - len(text.lstrip())
        bare: tuple[tuple[str, DeadlineKind], ...] = (("_bare_year", "year"), ("_bare_range", "period"))
        for key, kind in bare:
            m = g[key].match(stripped)
            if m:
                dl = Deadline(text=stripped, kind=kind, span=(offset + lead, offset + lead + len(stripped)))
                if kind == "year":
                    dl.year = int(m.group("year"))
                else:
                    dl.start_year, dl.end_year = int(m.group("start")), int(m.group("end"))
                return [dl]
    found: list[tuple[int, int, dict[str, Any], "regex.Match[str]"]] = []
    taken: list[tuple[int, int]] = []  # the spans kept: disjoint, sorted (so ends are sorted too)
    low = text.casefold()
    present = frozenset([w for w in _cue_words()[0] if w in low])  # each cue looked for once
    for rule in _rules_for(present, timing):
        if rule["_needs_re"] is not None and not rule["_needs_re"].search(low):
            continue
        for m in rule["_re"].finditer(text):
            s, e = m.start(), m.end()
            if s > 0 and text[s - 1].isalnum() or e < len(text) and text[e - 1].isalpha() and text[e].isalpha():
                continue
            if overlaps(taken, s, e):
                continue
            if rule.get("needs_clause_start") and not (whole_cell and s == len(text) - len(text.lstrip())) and not _governs(text, s, e, g, rule["kind"] != "continuous"):
                continue
            found.append((s, e, rule, m))
            insort(taken, (s, e))
    found.sort(key=lambda f: f[0])
    out: list[Deadline] = []
    window = g["absorb_window"]
    for k, (s, e, rule, m) in enumerate(found):
        if rule.get("general"):
            nxt = found[k + 1] if k + 1 < len(found) else None
            if nxt and nxt[2].get("precise") and nxt[0] - e <= window:
                continue
            if k and _restates(found[k - 1], text[found[k - 1][1] : s], rule, m, g):
                continue  # "trước ngày 10/12 hằng năm": the rhythm of the day just before
        dl = _make(rule, m, offset, g)
        if dl:
            out.append(dl)
    return out


def _restates(prev: tuple[int, int, dict[str, Any], "regex.Match[str]"], gap: str, rule: dict[str, Any],
              m: "regex.Match[str]", g: dict[str, Any]) -> bool:
    """A general rhythm right after a precise deadline of the same rhythm is part of it."""
    unit = m.groupdict().get("unit")
    freq = g["frequency_of_unit"].get(unit.casefold()) if unit else rule.get("frequency")
    return bool(prev[2].get("precise")) and not gap.strip() and len(gap) <= 2 \
        and freq is not None and prev[2].get("frequency") == freq


def _once_in_schedule(found: list[Deadline], g: dict[str, Any]) -> list[Deadline]:
    """A schedule's step ("Tiến độ thực hiện: - Trước ngày 25/3: các trường gửi hồ sơ") is due
    once: a day and month without a frequency word ("hằng năm") is no yearly rhythm there, but
    a day of the plan's year (fill_years gives it)."""
    for dl in found:
        words = dl.text.casefold()
        if dl.kind == "recurring" and dl.day and dl.month and not any(w in words for w in g["frequency_words"]):
            dl.kind, dl.frequency, dl.rule = "before_date", None, None
    return found


def _time_columns(header: list[str]) -> list[int]:
    return [i for i, r in enumerate(column_roles(header)) if r == "time"]


def extract(draft: Draft, ctx: Context) -> list[Deadline]:
    """The deadlines of the plan, in text order (see the module docstring)."""
    text = ctx.text
    g = _grammar()
    out: list[Deadline] = []
    in_table = Cover([t.span for t in draft.tables])
    skip_kinds = set(g["skip_section_kinds"])
    # 1. task tables: the time column, cell by cell
    for t in draft.tables:
        cols = _time_columns(t.header)
        for r, row in enumerate(t.rows):
            spans = t.cell_spans[r + 1] if r + 1 < len(t.cell_spans) else []
            for c in cols:
                if c < len(row) and c < len(spans) and spans[c] and row[c]:
                    s, e = cast(Span, spans[c])  # not None: checked above
                    out.extend(parse_deadlines(text[s:e], s, timing=True, whole_cell=True))
    # 2. the body, line by line (timing lines get the timing-only rules)
    timing_heads = tuple(g["timing_sections"])
    timing_secs = Cover([
        sec.span for sec in draft.iter_sections() if " ".join(sec.heading.casefold().split()).startswith(timing_heads)
    ])
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if not (ctx.in_body(s) or ctx.in_closing_paragraph(s)) or in_table.holds(s):
            continue
        if skip_kinds.intersection(ctx.kinds(s)):
            continue
        # a heading line's own text does not carry a deadline of the plan
        lm = g["_label"].match(line)
        if lm:
            out.extend(parse_deadlines(line[lm.end() :], s + lm.end(), timing=True, whole_cell=True))
            continue
        schedule = timing_secs.holds(s, strict=True)
        found = parse_deadlines(line, s, timing=schedule)
        if not schedule and ":" in line:
            found = sorted(found + _inline_timing(line, s, found, g), key=lambda d: d.span[0])
        out.extend(_once_in_schedule(found, g) if schedule else found)
    fill_years(out, ctx)
    for dl in out:
        dl.section = ctx.section(dl.span[0])
    out.sort(key=lambda d: d.span[0])
    return out
