"""One Plan as rows of the index tables (see ``schema.sql``); reads the Plan, never changes it.

:func:`plan_rows` returns ``{table: [row tuple, …]}`` in the column order of :data:`COLUMNS`,
without ``plan_id`` (the writer puts it first). Owners of targets and deadlines come from the
same helpers as ``vnplan export``, joined with ``"; "``.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from ..export._common import SectionIndex, agency_mentions, source_name
from ..models import Plan, Section
from .occurrences import occurrences

#: One row of a table: its values in column order (str, int, float or None).
Row = tuple[Any, ...]

#: Columns of each fact table after ``plan_id``, in insert order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "sections": ("n", "id", "parent", "label", "heading", "kind", "level", "span_start", "span_end"),
    "targets": ("n", "section", "span_start", "span_end", "value", "value_max", "unit", "comparator",
                "change", "baseline", "baseline_value", "year", "subject", "text", "owners"),
    "quantities": ("n", "section", "span_start", "span_end", "value", "value_max", "unit", "of_total", "text"),
    "agencies": ("n", "section", "span_start", "span_end", "name", "aliases", "lead", "mentions"),
    "agency_roles": ("agency_n", "name", "role"),
    "tasks": ("n", "section", "span_start", "span_end", "text", "lead", "partners", "deadline_text",
              "deadline_kind", "deadline_rule"),
    "task_agencies": ("task_n", "agency", "role"),
    "deadlines": ("n", "section", "span_start", "span_end", "text", "kind", "date", "start_year", "end_year",
                  "frequency", "times", "day", "month", "months", "quarter", "year", "rule", "event",
                  "offset_days", "owners"),
    "deadline_occurrences": ("deadline_n", "due_date", "day_given"),
    "legal_refs": ("n", "section", "span_start", "span_end", "symbol", "doc_type", "number", "issued_date",
                   "issuer", "is_basis", "text"),
    "funding": ("n", "section", "span_start", "span_end", "source", "text", "amount", "unit"),
}
PLAN_COLUMNS = ("source", "format", "sha256", "number", "issuer", "issuer_level", "issuer_parent", "place", "issued_date",
                "year", "title", "signer", "signer_title", "doc_type", "warnings", "schema_version", "json_file")


def _iso(d: Any) -> Optional[str]:
    return d.isoformat() if d is not None else None


def _join(names: list[str]) -> str:
    return "; ".join(names)


def plan_row(plan: Plan, json_file: Optional[str]) -> Row:
    """The ``plans`` row of ``plan`` (columns :data:`PLAN_COLUMNS`)."""
    m = plan.metadata
    return (source_name(plan), plan.source.format, plan.source.sha256, m.number, m.issuer, m.issuer_level,
            m.issuer_parent, m.place, _iso(m.issued_date), m.year, m.title, m.signer.name, m.signer.title, m.doc_type,
            json.dumps(plan.warnings, ensure_ascii=False), plan.schema_version, json_file)


def _sections(plan: Plan) -> list[Row]:
    rows: list[Row] = []
    stack: list[tuple[Section, Optional[str]]] = [(s, None) for s in reversed(plan.sections)]
    while stack:
        s, parent = stack.pop()
        rows.append((len(rows), s.id, parent, s.label, s.heading, s.kind, s.level, s.span[0], s.span[1]))
        stack.extend((c, s.id) for c in reversed(s.children))
    return rows


def _targets(plan: Plan, idx: SectionIndex) -> list[Row]:
    return [(n, t.section, t.span[0], t.span[1], t.value, t.value_max, t.unit, t.comparator, t.change,
             t.baseline, t.baseline_value, t.year, t.subject, t.text,
             _join(t.owners))
            for n, t in enumerate(plan.targets)]


def _agencies(plan: Plan) -> tuple[list[Row], list[Row]]:
    rows = [(n, a.section, a.span[0], a.span[1], a.name, json.dumps(a.aliases, ensure_ascii=False),
             int(a.lead), len(agency_mentions(a))) for n, a in enumerate(plan.agencies)]
    roles = [(n, a.name, r) for n, a in enumerate(plan.agencies) for r in dict.fromkeys(a.roles)]
    return rows, roles


def _tasks(plan: Plan) -> tuple[list[Row], list[Row]]:
    rows: list[Row] = []
    links: list[Row] = []
    for n, t in enumerate(plan.tasks):
        d = t.deadline
        rows.append((n, t.section, t.span[0], t.span[1], t.text, _join(t.lead), _join(t.partners),
                     d.text if d else t.deadline_text, d.kind if d else None, d.rule if d else None))
        links.extend((n, a, "lead") for a in dict.fromkeys(t.lead))
        links.extend((n, a, "partner") for a in dict.fromkeys(t.partners) if a not in t.lead)
    return rows, links


def _deadlines(plan: Plan, idx: SectionIndex) -> tuple[list[Row], list[Row]]:
    rows: list[Row] = []
    occ: list[Row] = []
    for n, d in enumerate(plan.deadlines):
        rows.append((n, d.section, d.span[0], d.span[1], d.text, d.kind, _iso(d.date), d.start_year,
                     d.end_year, d.frequency, d.times, d.day, d.month,
                     json.dumps(d.months) if d.months else None, d.quarter, d.year, d.rule, d.event,
                     d.offset_days, _join(d.owners)))
        occ.extend((n, due.isoformat(), int(given)) for due, given in occurrences(d, plan.metadata))
    return rows, occ


def plan_rows(plan: Plan) -> dict[str, list[Row]]:
    """The rows of every fact table for ``plan`` (see :data:`COLUMNS`)."""
    idx = SectionIndex(plan.sections)
    agencies, roles = _agencies(plan)
    tasks, links = _tasks(plan)
    deadlines, occ = _deadlines(plan, idx)
    return {
        "sections": _sections(plan),
        "targets": _targets(plan, idx),
        "quantities": [(n, q.section, q.span[0], q.span[1], q.value, q.value_max, q.unit, q.of_total, q.text)
                       for n, q in enumerate(plan.quantities)],
        "agencies": agencies, "agency_roles": roles,
        "tasks": tasks, "task_agencies": links,
        "deadlines": deadlines, "deadline_occurrences": occ,
        "legal_refs": [(n, r.section, r.span[0], r.span[1], r.symbol, r.doc_type, r.number, _iso(r.issued_date),
                        r.issuer, int(r.is_basis), r.text) for n, r in enumerate(plan.legal_refs)],
        "funding": [(n, f.section, f.span[0], f.span[1], f.source, f.text, f.amount, f.unit)
                    for n, f in enumerate(plan.funding)],
    }
