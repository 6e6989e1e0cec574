"""Funding: the sources of money named under the kinh phí / nguồn vốn sections."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Optional

import regex

from ..datafiles import alternation, load_data
from ..models import Funding, Quantity
from .common import Context, Draft, clause_bounds, vn_number


@lru_cache(maxsize=None)
def _pattern() -> tuple["regex.Pattern[str]", dict[str, str]]:
    src = load_data("funding")["sources"]
    phrase_to = {}
    for canon, phrases in src.items():
        for p in phrases:
            phrase_to[p.casefold()] = canon
    alt = "|".join(regex.escape(p) for p in sorted(phrase_to, key=len, reverse=True))
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{alt})(?![\p{{L}}])"), phrase_to


def _money_after(text: str, end: int, limit: int, money: list[Quantity], starts: list[int]) -> Optional[Quantity]:
    """The sum printed right after a source ('ngân sách tỉnh 10.000 triệu đồng', 'ngân sách
    tỉnh: 10 tỷ đồng'), before the clause or the next source ends at ``limit`` (``starts``: the
    sums' start offsets, sorted, for bisect)."""
    k = bisect_left(starts, end)
    if k < len(money) and money[k].span[0] < limit:
        cfg = load_data("funding")
        gap = text[end : money[k].span[0]].casefold()
        if len(gap) <= cfg["amount_gap_chars"] and not regex.sub(_fillers(), " ", gap).strip(" :,-–=()"):
            return money[k]
    return None


@lru_cache(maxsize=None)
def _fillers() -> "regex.Pattern[str]":
    """The words that may stand between a source and its sum ('là', 'khoảng', 'dự kiến')."""
    return regex.compile(rf"(?<![\p{{L}}])(?:{alternation(load_data('funding')['amount_fillers'])})(?![\p{{L}}])")


_UNIT_IN_HEADER = regex.compile(r"\(([^()]{1,30})\)")


def _amount_column(header: list[str]) -> Optional[tuple[int, str]]:
    """The column of a funding table that holds the sums, and their unit from its heading
    ('Số tiền (triệu đồng)'); None when the table has no such column."""
    cfg = load_data("funding")
    units = [u.casefold() for u in cfg["money_units"]]
    for c, cell in enumerate(header):
        low = " ".join(cell.casefold().split())
        if any(w in low for w in cfg["amount_columns"]):
            m = _UNIT_IN_HEADER.search(low)
            unit = m.group(1).strip() if m else ""
            if unit in units:
                return c, unit
    return None


def _table_amounts(draft: Draft, ctx: Context, out: dict[str, Funding]) -> None:
    """Sums from the funding tables of the kinh phí part: a row whose cell names a source and
    whose amount column holds a number ('Ngân sách tỉnh' | '1.500', under 'Số tiền (triệu đồng)')."""
    pat, phrase_to = _pattern()
    parts = [sec.span for sec in draft.iter_sections() if sec.kind == "kinh_phi"]
    for t in draft.tables:
        col = _amount_column(t.header) if any(a <= t.span[0] < b for a, b in parts) else None
        if col is None:
            continue
        c, unit = col
        for row in t.rows:
            value = vn_number(row[c]) if c < len(row) else None
            found = (pat.search(cell) for k, cell in enumerate(row) if k != c)
            m = next((x for x in found if x), None)
            f = out.get(phrase_to[m.group(0).casefold()]) if m else None
            if f is not None and value is not None and f.amount is None:
                f.amount, f.unit = value, unit


def extract(draft: Draft, ctx: Context) -> list[Funding]:
    """The funding sources named in the kinh phí parts, each once, with the sum the plan gives
    each where it prints one right after the source."""
    pat, phrase_to = _pattern()
    units = tuple(u.casefold() for u in load_data("funding")["money_units"])
    money = [q for q in draft.facts["quantities"] if q.unit.casefold().startswith(units)]
    starts = [q.span[0] for q in money]  # quantities come in text order
    out: dict[str, Funding] = {}
    for sec in draft.iter_sections():
        if sec.kind != "kinh_phi":
            continue
        s, e = sec.span
        found = list(pat.finditer(ctx.text, s, e))
        for k, m in enumerate(found):
            canon = phrase_to[m.group(0).casefold()]
            limit = min(clause_bounds(ctx.text, m.end())[1], found[k + 1].start() if k + 1 < len(found) else e)
            q = _money_after(ctx.text, m.end(), limit, money, starts)
            f = out.get(canon)
            if f is None:
                f = out[canon] = Funding(source=canon, text=m.group(0), span=(m.start(), m.end()), section=ctx.section(m.start()))
            if q is not None and f.amount is None:
                f.amount, f.unit = q.value, q.unit
    _table_amounts(draft, ctx, out)
    return list(out.values())
