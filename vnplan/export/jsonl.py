"""JSON Lines export: one line per extracted fact, for search indexes and data pipelines.

Each line is a JSON object: ``type`` (``legal_ref``, ``quantity``, ``target``, ``agency``,
``task``, ``deadline``, ``funding``), ``doc`` (the plan's source path) and ``doc_sha256``, then
the fact's own fields exactly as in the Plan JSON (``span``, ``section``, ``text``, …; see
:mod:`vnplan.models`). Facts come type by type in that order, each type in plan order.
Unicode is written as is (no ``\\u`` escapes).
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator, Union

from ..models import Plan

#: (type name, Plan field) in output order.
FACT_FIELDS: list[tuple[str, str]] = [
    ("legal_ref", "legal_refs"),
    ("quantity", "quantities"),
    ("target", "targets"),
    ("agency", "agencies"),
    ("task", "tasks"),
    ("deadline", "deadlines"),
    ("funding", "funding"),
]


def iter_facts(plan: Plan) -> Iterator[dict[str, Any]]:
    """Each fact of ``plan`` as a JSON-ready dict with ``type``, ``doc`` and ``doc_sha256`` first."""
    for type_name, field in FACT_FIELDS:
        for fact in getattr(plan, field):
            yield {
                "type": type_name,
                "doc": plan.source.path,
                "doc_sha256": plan.source.sha256,
                **fact.model_dump(mode="json"),
            }


def to_jsonl(plan: Union[Plan, Iterable[Plan]]) -> str:
    """The facts of one plan (or of several, one after the other) as JSON Lines text."""
    plans = [plan] if isinstance(plan, Plan) else list(plan)
    return "".join(
        json.dumps(rec, ensure_ascii=False) + "\n" for p in plans for rec in iter_facts(p)
    )
