"""Tasks: who does what by when.

* each item (bullet, letter or numbered paragraph) under an agency's own item in the
  *tổ chức thực hiện* part is a task led by that agency (a run-in item's text is one task);
* each row of a task table is a task with the lead and partner columns;
* a deadline inside a task's span is attached to it.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Optional

import regex

from ..models import Deadline, Section, Span, Task
from .agencies import (
    LIST_GAP, agency_items, assign_cues, cell_bodies, expand, find_mentions, is_exhortation, is_parent_gap, item_heading_bodies,
    label_len, mention_memo, merge_key, role_lines, run_in_colon, without_receivers,
)
from ..structure.tables import column_roles
from .common import Context, Draft

_ITEM = regex.compile(r"^(?:[-+*•–]|[a-zđ]\)|\d{1,2}\.\d{1,2}\.?|\d{1,2}\))\s+")


def _names(ctx: Context, s: int, e: int, known: dict[str, str], only_known: bool = False,
           cell: bool = False) -> list[str]:
    """The names of the bodies in ``[s, e)`` (``cell``: a table's lead or partner cell)."""
    out = []
    memo = mention_memo(ctx)
    found = cell_bodies(ctx, s, e) if cell else find_mentions(ctx.text, s, e, memo)
    if only_known:  # partners: a body that only receives the report takes no part in the task
        found = without_receivers(ctx.text, found)
    for m in found:
        k = merge_key(m.text)
        if only_known and k not in known:
            continue  # the issuer, a receiver of reports: not a partner
        name = known.get(k, expand(m.text, canonical=False))
        if name not in out:
            out.append(name)
    return out


def _labelled_items(draft: Draft, ctx: Context, known: dict[str, str]) -> list[Task]:
    """A numbered item that names its doers on a labelled line ("Đơn vị thực hiện: …",
    "Cơ quan chủ trì: …") is a task: its heading, those doers, its timing line."""
    text = ctx.text
    out: list[Task] = []
    for sec in draft.iter_sections():
        if sec.kind == "to_chuc_thuc_hien" or sec.children:
            continue
        s, e = sec.span
        lead: list[str] = []
        partners: list[str] = []
        for role, vs, ve in role_lines(text, s, e):
            names = _names(ctx, vs, ve, known)
            target = partners if role == "phoi_hop" else lead
            target.extend(n for n in names if n not in lead + partners)
        if not lead and not partners:
            continue
        hs, he = sec.heading_span or (s, s)
        label_len = len(sec.label or "")
        ts = hs + label_len + (len(text[hs + label_len : he]) - len(text[hs + label_len : he].lstrip()))
        out.append(Task(text=text[ts:he], lead=lead, partners=partners, span=(ts, e), section=sec.id))
    return out


class _Deadlines:
    """The first deadline (in ``draft.facts["deadlines"]`` order) that starts in a range: bisect over
    the starts when the list is in document order (as ``deadlines.extract`` leaves it), else
    the scan in list order."""

    def __init__(self, deadlines: list[Deadline]) -> None:
        self._all = deadlines
        self._starts = [d.span[0] for d in deadlines]
        self._sorted = all(a <= b for a, b in zip(self._starts, self._starts[1:]))
        self._index = {id(d): k for k, d in enumerate(deadlines)}

    def attach(self, task: Task, d: Deadline) -> None:
        """Give ``task`` the deadline ``d``: the same object as in the plan's list, and its index."""
        task.deadline = d
        task.deadline_index = self._index[id(d)]
        task.deadline_text = d.text

    def first_in(self, lo: int, hi: int, inclusive: bool) -> Optional[Deadline]:
        """The first deadline with ``lo <= start < hi`` (``<= hi`` when ``inclusive``)."""
        if not self._sorted:
            return next((d for d in self._all if lo <= d.span[0] and (d.span[0] <= hi if inclusive else d.span[0] < hi)), None)
        k = bisect_left(self._starts, lo)
        if k < len(self._starts) and (self._starts[k] <= hi if inclusive else self._starts[k] < hi):
            return self._all[k]
        return None


def _item_lines(text: str, child: Section) -> list[tuple[int, int]]:
    """An agency's item: its own lines after the heading (or the run-in text after a colon)."""
    hs, he = child.heading_span or child.span
    cs, ce = child.span
    lines = []
    run_in = run_in_colon(text, child)
    if run_in > 0 and he > run_in + 2:
        lines.append((run_in + 1, he))
    pos = he + 1
    while pos < ce:
        nl = text.find("\n", pos)
        le = ce if nl < 0 or nl > ce else nl
        lines.append((pos, le))
        pos = le + 1
    return lines


def _opening_bodies(ctx: Context, s: int, e: int, known: dict[str, str]) -> tuple[list[str], int]:
    """The registered bodies that open ``text[s:e]`` (joined by commas or 'và'), and where they
    end; ``([], s)`` when it opens with none."""
    text = ctx.text
    end = s
    leads: list[str] = []
    for m in find_mentions(text, s, e, mention_memo(ctx)):
        gap = text[end : m.start]
        if leads and m.start >= end and is_parent_gap(gap):
            end = m.end  # "Chi cục Thủy lợi thuộc Sở …": the parent leads nothing
            continue
        if m.start < end or gap.strip() and not LIST_GAP.match(gap):
            break
        end = m.end
        name = known.get(merge_key(m.as_name or m.text))
        if name and name not in leads:
            leads.append(name)
    return (leads, end) if leads else ([], s)


_OWN_HEAD = regex.compile(r"(?<![ ])[ ]*+[:–][ ]*+")  # only from the first space of a run (used with match)


def _own_bodies(ctx: Context, s: int, e: int, known: dict[str, str]) -> tuple[list[str], int]:
    """The bodies a line of an item opens with before a colon or dash ("- Sở Tài chính: Bố trí
    kinh phí"): that line is their own task; returns them and where the task's words start
    (``([], s)`` when the line opens with none)."""
    bodies, end = _opening_bodies(ctx, s, e, known)
    m = _OWN_HEAD.match(ctx.text, end, e) if bodies else None
    return (bodies, m.end()) if m else ([], s)


def _after_assign_cue(text: str, s: int, e: int) -> int:
    """Where the bodies of a sentence start: after an assigning word that opens it ('Giao',
    'Đề nghị', 'Yêu cầu') and the spaces after it."""
    cue = next((m for m in (c.match(text, s, e) for c in assign_cues()) if m), None)
    start = cue.end() if cue else s
    return start + len(text[start:e]) - len(text[start:e].lstrip())


def _sentence_tasks(draft: Draft, ctx: Context, known: dict[str, str]) -> list[Task]:
    """A tổ chức thực hiện part without items: each line that opens with bodies (after an
    assigning word: 'Giao Sở X chủ trì …', 'Sở X, Sở Y …') is a task they lead."""
    text = ctx.text
    tasks: list[Task] = []
    for sec in draft.iter_sections():
        if sec.kind != "to_chuc_thuc_hien" or sec.children:
            continue
        pos = (sec.heading_span or (sec.span[0], sec.span[0]))[1] + 1
        while pos < sec.span[1]:
            nl = text.find("\n", pos)
            le = sec.span[1] if nl < 0 or nl > sec.span[1] else nl
            ls, pos = pos, le + 1
            m = _ITEM.match(text[ls:le])
            s = ls + (m.end() if m else 0)
            lead, _end = _opening_bodies(ctx, _after_assign_cue(text, s, le), le, known)
            if lead and le - s >= 8:
                partners = [n for n in _names(ctx, s, le, known, only_known=True) if n not in lead]
                tasks.append(Task(text=text[s:le], lead=lead, partners=partners, span=(s, le), section=ctx.section(s)))
    return tasks


def _run_in_sentence(ctx: Context, child: Section, known: dict[str, str]) -> tuple[list[str], Optional[Span]]:
    """An item that is one sentence opened by its bodies ("2. Sở Tài chính cân đối, bố trí kinh
    phí."): those bodies (as registered) and what follows them; ``([], None)`` otherwise."""
    text = ctx.text
    hs, he = child.heading_span or child.span
    start = hs + label_len(text, hs, he)
    leads, end = _opening_bodies(ctx, _after_assign_cue(text, start, he), he, known)
    colon = text.find(":", start, he)
    if not leads and colon > 0:  # "8. Chế độ báo cáo: Các Sở, ban ngành … báo cáo …"
        after = colon + 1 + len(text[colon + 1 : he]) - len(text[colon + 1 : he].lstrip())
        leads, end = _opening_bodies(ctx, _after_assign_cue(text, after, he), he, known)
    rest = len(text[end:he]) - len(text[end:he].lstrip(" ,:"))
    if not leads or he - end - rest < 8:
        return [], None
    return leads, (end + rest, he)


def _heading_leads(ctx: Context, child: Section, known: dict[str, str]) -> tuple[list[str], Optional[Span]]:
    """The bodies an agency's item is headed by: the mentions of its heading, else the bodies
    the agencies extractor read out of it as printed ("Cán bộ phụ trách nông nghiệp xã",
    "Trưởng các ấp"), when it registered them; and the rest of the heading after their names
    when it is a sentence of its own ("2. Viettel Bắc Giang bảo đảm hạ tầng mạng …")."""
    # a run-in heading ("2. Phòng Văn hóa - Xã hội: Chủ trì, phối hợp với Trạm Y tế …") or one
    # that goes on with a role ("… chủ trì, phối hợp …"): only the names before it lead
    found, h_end, _cue = item_heading_bodies(ctx, child)
    lead: list[str] = []
    for m in found:  # as the agency list registered them ("Báo …, Đài …, Cổng Thông tin điện tử tỉnh")
        name = known.get(merge_key(m.as_name or m.text)) or (expand(m.text, canonical=False) if m.known else None)
        if name and name not in lead:
            lead.append(name)
    hs, he = child.heading_span or child.span
    opens = hs + label_len(ctx.text, hs, he)
    opens += len(ctx.text[opens:he]) - len(ctx.text[opens:he].lstrip())
    rest = h_end + len(ctx.text[h_end:he]) - len(ctx.text[h_end:he].lstrip(" ,:"))
    # only a heading that opens with its bodies ("Căn cứ …, các sở … xây dựng …" is no such item)
    return lead, ((rest, he) if lead and found[0].start == opens and he - rest >= 8 else None)


def _part_tasks(draft: Draft, ctx: Context, known: dict[str, str]) -> list[Task]:
    """Each line under an agency's own item of the tổ chức thực hiện part: a task it leads."""
    text = ctx.text
    tasks: list[Task] = []
    for sec in draft.iter_sections():
        if sec.kind != "to_chuc_thuc_hien":
            continue
        items = agency_items(ctx, sec)
        for k, child in enumerate(items):
            lead, heading_rest = _heading_leads(ctx, child, known)
            lines = _item_lines(text, child)
            nxt = next((it.span[0] for it in items[k + 1 :] if child.span[0] < it.span[0] < child.span[1]), None)
            if nxt is not None:  # sub-items of their own bodies follow: the group keeps only its lines before them
                lines = [(a, b) for a, b in lines if a < nxt]
            if not lines or not lead:  # one sentence, or a heading naming none: its opening bodies lead it
                run_in_leads, span = _run_in_sentence(ctx, child, known)
                if span:
                    lead, lines = run_in_leads, lines or [span]
                elif heading_rest and not lines:
                    lines = [heading_rest]
            tasks.extend(_line_tasks(ctx, lines, lead, known))
    return tasks


def _line_tasks(ctx: Context, lines: list[tuple[int, int]], lead: list[str], known: dict[str, str]) -> list[Task]:
    """The tasks of an item's lines: each led by the item's bodies, or by the bodies the line
    itself opens with before a colon ("1. Cấp tỉnh" / "- Sở Tài chính: Bố trí kinh phí.")."""
    text = ctx.text
    out: list[Task] = []
    for s, e in lines:
        m = _ITEM.match(text[s:e])
        s2 = s + (m.end() if m else 0)
        s2 += len(text[s2:e]) - len(text[s2:e].lstrip())
        if e - s2 < 8 or is_exhortation(text, s2, e):
            continue  # too short, or the plan's closing request that assigns nothing
        own, s2 = _own_bodies(ctx, s2, e, known)
        doers = own or lead
        if not doers:
            continue
        partners = [n for n in _names(ctx, s2, e, known, only_known=True) if n not in doers]
        out.append(Task(text=text[s2:e], lead=doers, partners=partners, span=(s2, e), section=ctx.section(s2)))
    return out


def _row_task(ctx: Context, row: list[str], spans: list[Optional[Span]], roles: list[Optional[str]],
              task_col: int, known: dict[str, str]) -> Optional[Task]:
    """The task of one row of a task table: the task cell, the lead and partner columns."""
    task_span = spans[task_col] if task_col < len(spans) else None
    if task_col >= len(row) or not row[task_col] or task_span is None:
        return None
    lead: list[str] = []
    partners: list[str] = []
    for c, role in enumerate(roles):
        cell = spans[c] if c < len(spans) else None
        if role and cell is not None:
            names = _names(ctx, cell[0], cell[1], known, cell=True)
            (lead if role == "lead" else partners).extend(n for n in names if n not in lead + partners)
    if not lead and not partners:
        return None
    s, e = task_span
    return Task(text=row[task_col], lead=lead, partners=partners, span=(s, e), section=ctx.section(s))


def _table_tasks(draft: Draft, ctx: Context, known: dict[str, str], deadlines: _Deadlines) -> list[Task]:
    """Each row of a task table is a task; a deadline anywhere in the row belongs to it."""
    tasks: list[Task] = []
    for t in draft.tables:
        cols = column_roles(t.header)
        roles = ["lead" if r in ("lead", "doer") else "partner" if r == "partner" else None for r in cols]
        task_col = next((i for i, r in enumerate(cols) if r == "task"), None)
        if task_col is None or "lead" not in roles:
            continue
        for r, row in enumerate(t.rows):
            spans = t.cell_spans[r + 1] if r + 1 < len(t.cell_spans) else []
            task = _row_task(ctx, row, spans, roles, task_col, known)
            if task is None:
                continue
            tasks.append(task)
            row_end = max(sp[1] for sp in spans if sp)
            first = spans[0]
            d = deadlines.first_in(first[0], row_end, inclusive=True) if first else None
            if d is not None:
                deadlines.attach(task, d)
    return tasks


def extract(draft: Draft, ctx: Context) -> list[Task]:
    """The tasks of the plan, in text order (see the module docstring); reads the agencies
    and deadlines found before (``draft.facts``)."""
    known = {merge_key(a.name): a.name for a in draft.facts["agencies"]}
    for a in draft.facts["agencies"]:
        for al in a.aliases:
            known.setdefault(merge_key(al), a.name)
    deadlines = _Deadlines(draft.facts["deadlines"])
    tasks = _part_tasks(draft, ctx, known) + _sentence_tasks(draft, ctx, known) + _labelled_items(draft, ctx, known)
    tasks += _table_tasks(draft, ctx, known, deadlines)
    for task in tasks:
        if task.deadline is None:
            d = deadlines.first_in(task.span[0], task.span[1], inclusive=False)
            if d is not None:
                deadlines.attach(task, d)
    tasks.sort(key=lambda t: t.span[0])
    return tasks
