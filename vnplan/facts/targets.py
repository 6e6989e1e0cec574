"""Targets: the quantitative commitments of the mục tiêu / chỉ tiêu sections.

One target per number. The comparator is the phrase nearest before the number (data file
``comparators.yaml``; ``trở lên`` right after it), ``change`` comes from a growth verb before
the number or a ``so với …`` baseline after it, ``year`` from the sentence (``Đến năm 2025``)
or the enclosing headings (``Mục tiêu cụ thể đến năm 2025``), ``subject`` is what is measured.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional, cast

import regex

from ..datafiles import alternation, load_data
from ..models import Quantity, Span, Target
from ..structure.tables import column_roles
from .common import Context, Draft, as_number, clause_bounds, line_bounds, vn_number
from .counted_nouns import open_counts

TARGET_KINDS = {"muc_tieu", "muc_tieu_chung", "muc_tieu_cu_the"}


@lru_cache(maxsize=None)
def _cfg() -> dict[str, Any]:
    d = dict(load_data("comparators"))
    d["_year"] = regex.compile(d["year_pattern"], regex.I)
    d["_before"] = sorted(d["before"].items(), key=lambda kv: -len(kv[0]))

    # single growth verbs ("tăng", "giảm"); "nâng tổng số lên 17" states a level
    up = {w for w in d["increase"] if " " not in w}
    down = {w for w in d["decrease"] if " " not in w}
    d["_up"] = up
    followers = [w.split(" ", 1)[1] for w in d["not_growth"]]
    d["_growth"] = regex.compile(rf"(?i)\b({alternation(up | down)})\b(?!\s+(?:{alternation(followers)})\b)")
    d["_not_growth"] = regex.compile(rf"(?i)\b(?:{alternation(d['not_growth'])})\b")
    words_before_number = list(d["before"]) + d["fillers"] + d["increase"] + d["decrease"] + d["direction_words"]
    # at most six trailing words: bounded, so a search cannot go quadratic on repeated words
    d["_trailing"] = regex.compile(rf"(?i)(?<!\s)(?:\s++(?:{alternation(words_before_number)})){{1,6}}+\s*+$")
    d["_quote_lead"] = regex.compile(rf"(?i)((?:{alternation(words_before_number)})\s+){{1,4}}$")
    d["_quote_drop"] = regex.compile(rf"(?i)(?:(?:{alternation(d['quote_drops_leading'])})\s+)++")
    d["_quote_tail"] = regex.compile(rf"(?i)\s*+(?:{alternation(d['after'])})\b")
    d["_measure"] = regex.compile(
        rf"(?i)\b(?!(?:{alternation(d['measure_verb_compounds'])})\b)(?:{alternation(d['measure_verbs'])})\b")
    d["_lead_in"] = regex.compile(
        rf"(?i)^[\W\d]*(?:[a-zđ]\)\s*)?(?:{d['year_pattern']},?\s*)?(?:{alternation(d['subject_lead_ins'])})?\s*"
    )
    d["_baseline_paren"] = regex.compile(
        rf"(?i)[^()\n]{{0,40}}\(\s*(?:{alternation(d['baseline_openers'])})[^\d)]{{0,20}}(\d[\d.,]*)"
    )
    marks = [regex.escape(m) for m in d["subject_cut_marks"] if m != ","]
    d["_subject_mark"] = regex.compile(r"(?<!\d),|,(?!\d)|" + "|".join(marks))
    d["_subject_dangling"] = regex.compile(rf"(?i)(?<![ ])[ ]++(?:{alternation(d['subject_dangling'])})$")
    baseline = alternation(d["baseline_markers"])
    d["_baseline_after"] = regex.compile(rf"(?i)^\s*(?:[^\s;,.]+\s+){{0,3}}?(?:{baseline})\s+([^;,.()]{{2,60}})")
    d["_baseline_cut"] = regex.compile(rf"\s+(?:{baseline})\b")
    d["_subject_break"] = regex.compile(rf"(?i)(?<![ ])[ ]*+,?[ ]*+(?<![\p{{L}}])(?:{alternation(d['subject_breaks'])})(?![\p{{L}}])")
    d["_baseline_start"] = regex.compile(rf"(?i)^(?:{baseline})")
    after_words = "|".join(r"\s+".join(map(regex.escape, w.split())) for w in sorted(d["after"], key=len, reverse=True))
    d["_after_words"] = regex.compile(rf"(?i)^\s*(?:{after_words})\b")
    d["_directions"] = frozenset(d["change_directions"])
    binding = [w for w, c in d["before"].items() if c != "approx"]
    d["_quote_hedge"] = regex.compile(rf"(?i)(?:{alternation(d['quote_drops_hedges'])})\s++(?=(?:{alternation(binding)})\s)")
    d["_quote_baseline"] = regex.compile(rf"(?i)\s*+(?:{baseline})\s++[^;,.()\n]{{2,60}}")
    return d


_WORD_RE = regex.compile(r"[\p{L}\d%]+")
_PAREN = regex.compile(r"\s*\(")
_NEXT_NUMBER = regex.compile(r"\s*+,\s*+(?=\S{1,40}+\s++\d)")  # bounded: no quadratic scan of a long run
_SEMICOLON = regex.compile(r"\s*;")


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s.casefold())


def comparator_of(before: str, after: str) -> str:
    """Comparator of a number from the text before it and right after its unit."""
    cfg = _cfg()
    symbol = before.rstrip()[-1:]
    if symbol in cfg["symbols"]:  # "≥ 98" in a table cell
        return cast(str, cfg["symbols"][symbol])
    words = _words(before)
    # drop fillers standing between a comparator and the number
    while words and words[-1] in cfg["fillers"]:
        words.pop()
    tail = " ".join(words[-4:])
    for phrase, comp in cfg["_before"]:
        if tail == phrase or tail.endswith(" " + phrase):
            return cast(str, comp)
    aw = " ".join(_words(after)[:2])
    for phrase, comp in cfg["after"].items():
        if aw.startswith(phrase):
            return cast(str, comp)
    return "eq"




def change_of(before: str, after: str, rate: bool = False) -> tuple[str, Optional[str]]:
    """('increase'|'decrease'|'level', baseline phrase).

    A growth verb among the last words before the number ("tăng khoảng 10%"), or opening the
    clause with a direction word before the number ("Giảm tỷ lệ hộ nghèo xuống dưới 2%",
    "tăng … lên 20%"), or a "so với …" baseline after it with a growth verb in the clause. A
    ``rate`` (a per-cent per period, "10 - 13%/năm") is a change when a growth verb stands
    anywhere before it in the clause ("tăng bình quân hàng năm trong giai đoạn này đạt 10 - 13%/năm").
    """
    cfg = _cfg()
    cleaned = cfg["_not_growth"].sub(" ", before)
    words = _words(cleaned)
    tail = " ".join(words[-5:])
    change = "level"
    if any(f" {w} " in f" {tail} " for w in cfg["increase"]):
        change = "increase"
    elif any(f" {w} " in f" {tail} " for w in cfg["decrease"]):
        change = "decrease"
    else:
        verbs = cfg["_growth"].findall(before)
        last3 = set(words[-3:])
        if verbs and last3 & cfg["_directions"]:
            change = "increase" if verbs[-1].casefold() in cfg["_up"] else "decrease"
    if change == "level" and rate:
        verbs = cfg["_growth"].findall(cleaned)
        if verbs:
            change = "increase" if verbs[-1].casefold() in cfg["_up"] else "decrease"
    baseline = None
    m = cfg["_baseline_after"].match(after)
    if m:
        baseline = m.group(1).strip()
        verbs = cfg["_growth"].findall(before[-60:])
        if change == "level" and verbs:
            change = "increase" if verbs[-1].casefold() in cfg["_up"] else "decrease"
    return change, baseline


_MAX_LIST_LOOKBACK = 40  # list items looked back over for the line introducing the list
_LIST_ITEM = regex.compile(r"^[ \t]*+(?:[-+*•–]|[a-zđ]\)|\d{1,2}\))[ \t]")


def _intro_line(text: str, line_start: int, lowest: int) -> str:
    """The line that introduces the list a list item belongs to ("Phấn đấu đến hết năm 2026:"):
    the nearest line above that is no list item, when it ends with a colon; else ''."""
    end = line_start - 1
    for _ in range(_MAX_LIST_LOOKBACK):  # bounded: a long list costs no scan back to its top
        if end <= lowest:
            break
        start = max(text.rfind("\n", lowest, end) + 1, lowest)
        line = text[start:end]
        if not _LIST_ITEM.match(line):
            return line if line.rstrip().endswith(":") else ""
        end = start - 1
    return ""


def _year(ctx: Context, line_text_before: str, pos: int, headings: dict[str, str]) -> Optional[int]:
    """The horizon named in the sentence before the number, else in the line introducing its
    list, else in the enclosing headings."""
    cfg = _cfg()
    ys = cfg["_year"].findall(line_text_before)
    if not ys and _LIST_ITEM.match(line_text_before):
        sec = ctx.tree.section_at(pos)
        lowest = ctx.tree.span_of(sec)[0] if sec else 0
        ys = cfg["_year"].findall(_intro_line(ctx.text, pos - len(line_text_before), lowest))
    if ys:
        return int(ys[-1])
    for sid in ctx.tree.ancestors(ctx.section(pos)):
        if ctx.tree.heading_holds(sid, pos):
            continue  # the target's own heading line: only its text before the number counts
        ys = cfg["_year"].findall(headings.get(sid, ""))
        if ys:
            return int(ys[-1])
    return None



def _cut_words(s: str) -> str:
    """Cut a subject longer than ``subject_max_chars`` (data/comparators.yaml) before its first
    clause mark (``subject_cut_marks``: ``,`` ``;`` ``:`` ``/`` ``(`` ``–``, not a decimal comma), else at its last syllable
    boundary within the limit; function words that cannot end a noun phrase ('và', 'của', …)
    are dropped from the end. Syllables and marks only: no word segmenter in the hot path."""
    cfg = _cfg()
    limit = cfg["subject_max_chars"]
    if len(s) <= limit:
        return s
    m = cfg["_subject_mark"].search(s, 0, limit + 1)
    if m and m.start() > 0:
        return s[: m.start()].rstrip()
    cut = s.rfind(" ", 0, limit + 1)
    out = s[:cut] if cut > 0 else s[:limit]
    while True:
        t = cfg["_subject_dangling"].sub("", out)
        if t == out or not t:
            return out.rstrip(" ,;:")
        out = t


def _subject(text: str, q: "Quantity", cs: int, ce: int, change: str) -> tuple[str, int]:
    """What is measured, and where it starts in ``text``."""
    start, end = q.span
    after = text[end:ce]
    cut = len(after)
    cfg = _cfg()
    for pat in (cfg["_baseline_cut"], cfg["_subject_break"], _PAREN, _NEXT_NUMBER, _SEMICOLON):
        m = pat.search(after)
        if m and m.start() < cut:
            cut = m.start()
    after = after[:cut]
    after = cfg["_after_words"].sub(lambda m: " " * len(m.group(0)), after)
    lead = len(after) - len(after.lstrip(" ,:"))
    after_s = after.strip(" ,:")
    starts_free = not after_s or cfg["_baseline_start"].match(after_s)
    if change == "level" and not starts_free:
        if q.unit.startswith("%"):
            return _cut_words(after_s), end + lead
        # a counted noun: the unit is the head of the subject
        us = start + len(q.text) - len(q.text.lstrip("0123456789.,-– /%"))
        return _cut_words(text[us:end] + after[: len(after.rstrip())]), us
    brk = None
    for brk in cfg["_subject_break"].finditer(text, cs, start):
        pass  # "…, trong đó khách quốc tế đạt 50.000 lượt": the subject follows the last break
    cs = brk.end() if brk else cs
    before = text[cs:start]
    verbs = list(cfg["_measure"].finditer(before))
    subj = before[: verbs[-1].start()] if verbs else cfg["_trailing"].sub("", before)  # "Tăng trưởng từ" → "Tăng trưởng"
    lm = cfg["_lead_in"].match(subj)
    off = lm.end() if lm else 0
    subj_s = subj[off:].strip(" ,:")
    if not subj_s and verbs:
        # "Giảm tỷ lệ hộ nghèo xuống dưới 2%": the subject follows the verb
        rest = before[verbs[-1].end() :]
        rest_s = cfg["_trailing"].sub("", rest).strip(" ,:")
        if rest_s:
            return _cut_words(rest_s), cs + verbs[-1].end() + (len(rest) - len(rest.lstrip(" ,:")))
    if not subj_s:
        return _cut_words(after_s), end + lead
    return _cut_words(subj_s), cs + off + (len(subj[off:]) - len(subj[off:].lstrip(" ,:")))


def _target_clause(ctx: Context, q: Quantity, cfg: dict[str, Any]) -> Optional[tuple[int, int]]:
    """The clause of a quantity that may commit to it: in the body of a targets part, not in an
    appendix, not a condition or the present state; None otherwise."""
    start, end = q.span
    if not ctx.in_body(start) or ctx.appendix_start is not None and start >= ctx.appendix_start:
        return None
    if not TARGET_KINDS & set(ctx.kinds(start)):
        return None
    text = ctx.text
    cs, ce = clause_bounds(text, start, end)
    # a parenthesis around the number: the present state, not the commitment
    par_open = text.rfind("(", cs, start)
    if par_open >= 0 and text.find(")", par_open, start) < 0:
        cs = par_open + 1
    opener = " ".join(_words(text[cs:start])[:2])
    if any(opener.startswith(o) for o in cfg["non_target_openers"]):
        return None
    return cs, ce


def _quote_span(text: str, q: Quantity, cs: int, ce: int, subject_span: tuple[int, int],
                cfg: dict[str, Any]) -> tuple[int, int]:
    """The quote: comparator words + number + subject (a contiguous substring), an opening
    'có' left out and a hedge before a binding comparator ('khoảng trên 65%' → 'trên 65%'), a
    trailing 'trở lên' and a 'so với <baseline>' right after it kept."""
    start, end = q.span
    ss, se = subject_span
    qs = start
    m = cfg["_quote_lead"].search(text[cs:start])
    if m:
        qs = cs + m.start()
        drop = cfg["_quote_drop"].match(text, qs, start)
        qs += len(drop.group(0)) if drop else 0
        hedge = cfg["_quote_hedge"].match(text, qs, start)  # "khoảng trên 65%": trên binds
        qs += len(hedge.group(0)) if hedge else 0
    qs = min(qs, ss)
    qe = max(end, se)
    tail = cfg["_quote_tail"].match(text, qe, ce)  # "… chiếm từ 60% trở lên"
    qe = tail.end() if tail else qe
    base = cfg["_quote_baseline"].match(text, qe, ce)  # "… tăng 10% so với cùng kỳ"
    return qs, base.end() if base else qe


def _target(ctx: Context, q: Quantity, cs: int, ce: int, headings: dict[str, str],
            cfg: dict[str, Any]) -> Target:
    text = ctx.text
    start, end = q.span
    before, after = text[cs:start], text[end:ce]
    comp = comparator_of(before, after)
    change, baseline = change_of(before, after, rate=q.unit == "%" and q.per is not None)
    ls, _ = line_bounds(text, start)
    year = _year(ctx, text[ls:start], start, headings)
    subj, ss = _subject(text, q, cs, ce, change)
    qs, qe = _quote_span(text, q, cs, ce, (ss, ss + len(subj)), cfg)
    base_value = None
    pm = cfg["_baseline_paren"].match(text[end : end + 80])
    if pm:
        base_value = vn_number(pm.group(1))
        baseline = baseline or cfg["bracket_baseline"]
    return Target(
        value=q.value, value_max=q.value_max, unit=q.unit, per=q.per,
        comparator=comp,  # type: ignore[arg-type]
        change=change,  # type: ignore[arg-type]
        baseline=baseline, baseline_value=base_value, year=year, subject=subj or None,
        text=text[qs:qe].strip(), span=(qs, qe), section=q.section,
    )


def _table_targets(draft: Draft, ctx: Context, headings: dict[str, str]) -> list[Target]:
    """A table of targets inside a target part (columns: indicator, unit, planned figure): a
    target per row whose figure cell holds a number. The quote is the figure cell (the
    number); the subject is the indicator cell, the unit the unit cell."""
    out: list[Target] = []
    for t in draft.tables:
        if not TARGET_KINDS & set(ctx.kinds(t.span[0])):
            continue
        roles = column_roles(t.header)
        cols: dict[str, int] = {r: roles.index(r) for r in ("indicator", "unit", "value") if r in roles}
        if len(cols) < 3:
            continue
        header_year = _cfg()["_year"].findall(t.header[cols["value"]])
        for r, row in enumerate(t.rows):
            spans = t.cell_spans[r + 1] if r + 1 < len(t.cell_spans) else []
            target = _row_target(ctx, row, spans, cols, header_year, headings)
            if target is not None:
                out.append(target)
    return out


_CELL_NUMBER = regex.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?:\s*[-–]\s*(\d+(?:,\d+)?))?")


def _row_target(ctx: Context, row: list[str], spans: list[Optional[Span]], cols: dict[str, int],
                header_year: list[str], headings: dict[str, str]) -> Optional[Target]:
    vc, ic, uc = cols["value"], cols["indicator"], cols["unit"]
    if max(vc, ic, uc) >= len(row) or vc >= len(spans) or spans[vc] is None:
        return None
    m = _CELL_NUMBER.search(row[vc])
    subject, unit = " ".join(row[ic].split()), " ".join(row[uc].split())
    if m is None or not subject or not unit:
        return None
    value = vn_number(m.group(1))
    cell = spans[vc]
    if value is None or cell is None:
        return None
    s, e = cell
    vmax = vn_number(m.group(2)) if m.group(2) else None
    year = int(header_year[-1]) if header_year else _year(ctx, "", s, headings)
    comp = comparator_of(row[vc][: m.start()], row[vc][m.end() :])
    return Target(value=as_number(value), value_max=as_number(vmax) if vmax is not None else None,
                  unit=unit, comparator=comp,  # type: ignore[arg-type]
                  year=year, subject=subject, text=ctx.text[s:e].strip(), span=(s, e), section=ctx.section(s))


def extract(draft: Draft, ctx: Context) -> list[Target]:
    """The targets among the quantities (``draft.facts['quantities']``) of the target parts,
    and the rows of their target tables."""
    cfg = _cfg()
    headings = {sec.id: sec.heading for sec in draft.iter_sections()}
    targets: list[Target] = []
    quantities = draft.facts["quantities"]
    opened = open_counts(ctx, quantities, TARGET_KINDS, draft.iter_sections())
    if opened:  # counts of nouns the unit list does not hold, among the others in text order
        quantities = sorted(quantities + opened, key=lambda q: q.span[0])
    for q in quantities:
        clause = _target_clause(ctx, q, cfg)
        if clause is not None:
            targets.append(_target(ctx, q, clause[0], clause[1], headings, cfg))
    rows = _table_targets(draft, ctx, headings) if draft.tables else []
    # a figure cell's own number ("95%") is the row's target, with the row's subject and year
    targets = [t for t in targets if not any(r.span[0] <= t.span[0] and t.span[1] <= r.span[1] for r in rows)]
    if rows:  # in text order with the rows (the others stay in the order of their numbers)
        targets = sorted(targets + rows, key=lambda t: t.span[0])
    return targets
