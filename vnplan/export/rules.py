"""Rule configuration: what a plan commits to, for monitoring dashboards and rule engines.

The document (format version ``"1"``, JSON Schema in ``rules.schema.json`` beside this module)::

    rules_version: '1'
    source: {path, sha256, number, issuer, title}
    rules:
    - id: tgt-…          # one per Target
      type: target
      subject, comparator, value, value_max, unit, change, baseline, baseline_value,
      due_year, owners, quote, span, section
    - id: obl-…          # one per recurring or continuous Deadline
      type: obligation
      kind, frequency, rrule, owners, task, quote, span, section

Ids are ``tgt-``/``obl-`` + the first 12 hex digits of sha256(``"<source sha256>:<start>-<end>"``):
the same file exported twice gives the same ids, and an id names one place in one file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from ..facts.owners import TaskIndex
from ..models import Deadline, Plan, Target
from ._common import (
    all_deadlines,
    clean_rule,
    stable_id,
)

RULES_VERSION = "1"
RULES_SCHEMA_FILE = "rules.schema.json"


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files(__package__).joinpath(RULES_SCHEMA_FILE).read_text(encoding="utf-8")


def rules_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the rule document, as shipped with the package."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def _num(x: float | None) -> float | int | None:
    """A whole float as an int (65.0 → 65), so YAML and JSON read as printed."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def to_rules(plan: Plan) -> dict[str, Any]:
    """The rule document of ``plan`` (a plain dict, ready for JSON or YAML).

    * One ``target`` rule per :class:`~vnplan.models.Target`, in plan order: its subject,
      comparator, value(s), unit, change and baseline, ``due_year`` = ``target.year``, ``quote`` =
      ``target.text``, and ``owners`` = ``target.owners`` (:mod:`vnplan.facts.owners`: the lead
      agencies of the tasks at the target or in its section, else the agencies mentioned in its
      section; often empty).
    * One ``obligation`` rule per recurring or continuous :class:`~vnplan.models.Deadline`, in
      text order: ``kind``, ``frequency``, ``rrule`` (``deadline.rule``; null for continuous
      duties), the holding task's text, and ``owners`` = ``deadline.owners`` (that task's lead,
      else the agency that heads the deadline's section, else the agencies mentioned in it).
    """
    src = plan.source
    md = plan.metadata
    used: dict[str, int] = {}

    def uid(prefix: str, span: tuple[int, int]) -> str:
        base = stable_id(prefix, src.sha256, span)
        n = used.get(base, 0) + 1
        used[base] = n
        return base if n == 1 else f"{base}-{n}"

    rules = [_target_rule(t, uid("tgt-", t.span)) for t in plan.targets]
    tasks = TaskIndex(plan.tasks)
    rules += [_obligation_rule(d, uid("obl-", d.span), tasks) for d in all_deadlines(plan)
              if d.kind in ("recurring", "continuous")]
    return {
        "rules_version": RULES_VERSION,
        "source": {"path": src.path, "sha256": src.sha256, "number": md.number, "issuer": md.issuer,
                   "title": md.title},
        "rules": rules,
    }


def _target_rule(t: Target, rid: str) -> dict[str, Any]:
    return {
        "id": rid,
        "type": "target",
        "subject": t.subject,
        "comparator": t.comparator,
        "value": _num(t.value),
        "value_max": _num(t.value_max),
        "unit": t.unit,
        "change": t.change,
        "baseline": t.baseline,
        "baseline_value": _num(t.baseline_value),
        "due_year": t.year,
        "owners": list(t.owners),
        "quote": t.text,
        "span": [t.span[0], t.span[1]],
        "section": t.section,
    }


def _obligation_rule(d: Deadline, rid: str, tasks: TaskIndex) -> dict[str, Any]:
    task = tasks.holding(d)
    return {
        "id": rid,
        "type": "obligation",
        "kind": d.kind,
        "frequency": d.frequency,
        "rrule": clean_rule(d.rule) if d.kind == "recurring" else None,
        "owners": list(d.owners),
        "task": task.text if task is not None else None,
        "quote": d.text,
        "span": [d.span[0], d.span[1]],
        "section": d.section,
    }


def dump_rules(doc: dict[str, Any], format: Literal["yaml", "json"] = "yaml") -> str:
    """Serialize a rule document: YAML (Unicode kept, keys in order, one line per value) or
    indented JSON."""
    if format == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if format == "yaml":
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**9)
    raise ValueError(f"unknown rules format {format!r}: use 'yaml' or 'json'")
