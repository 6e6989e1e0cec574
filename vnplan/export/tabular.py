"""CSV export: the task table of one plan, or of many plans with a ``source`` column.

Named ``tabular`` so that it does not shadow the standard library's :mod:`csv`.

Columns: ``[source,] lead, partners, task, deadline_text, deadline_kind, due, section``.
Lists are joined with ``"; "``. ``due`` is an ISO date (``2024-03-31``), an ISO interval for a
period (``2024-01-01/2025-12-31``), the RRULE of a recurring deadline, its frequency when it has
no rule, or empty. ``section`` is the section id and heading (``s5.1 Phòng Tài chính - Kế hoạch``).
The text starts with a UTF-8 byte order mark so that Excel opens Vietnamese correctly; rows end
with CRLF as RFC 4180 says.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable, Union

from ..models import Plan
from ._common import SectionIndex, due_text, source_name

BOM = "\ufeff"
COLUMNS = ["lead", "partners", "task", "deadline_text", "deadline_kind", "due", "section"]
LIST_SEP = "; "


def task_rows(plan: Plan, with_source: bool = False) -> list[list[str]]:
    """The rows (no header) of ``plan``'s task table, in plan order."""
    index = SectionIndex(plan.sections)
    src = source_name(plan)
    rows: list[list[str]] = []
    for t in plan.tasks:
        d = t.deadline
        deadline_text = t.deadline_text or (d.text if d is not None else "")
        row = [
            LIST_SEP.join(t.lead),
            LIST_SEP.join(t.partners),
            " ".join(t.text.split()),
            " ".join(deadline_text.split()),
            d.kind if d is not None else "",
            due_text(d),
            index.label(t.section),
        ]
        rows.append([src, *row] if with_source else row)
    return rows


def to_csv(plans_or_plan: Union[Plan, Iterable[Plan]], with_source: bool = False) -> str:
    """The task table as CSV text beginning with a BOM (write it with ``encoding="utf-8"``).

    ``plans_or_plan`` is one :class:`~vnplan.models.Plan` or several; rows follow plan order.
    With ``with_source`` a first ``source`` column names each plan's file (set it when
    concatenating several plans, as ``vnplan export OUTDIR --to csv`` does).
    """
    plans = [plans_or_plan] if isinstance(plans_or_plan, Plan) else list(plans_or_plan)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow((["source"] if with_source else []) + COLUMNS)
    for plan in plans:
        w.writerows(task_rows(plan, with_source))
    return BOM + buf.getvalue()
