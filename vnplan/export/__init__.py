"""Hand what a plan commits to to other tools: JSON Schema, rules, calendars, tables, facts, spaCy.

Every function takes a parsed :class:`~vnplan.models.Plan` (from :func:`vnplan.parse_file`, or
read back from its JSON with :func:`load_plan`) and returns text or bytes; nothing is written
to disk here (the ``vnplan export`` command does that, see :mod:`vnplan.export.cli`).

>>> from vnplan.export import load_plan, to_rules, to_ics, to_csv, to_jsonl
>>> plan = load_plan("corpus/raw/003_1a37aa9cdf3894bb.txt")       # doctest: +SKIP
>>> to_rules(plan)["rules"][0]["type"]                            # doctest: +SKIP
'target'

=================  ====================================================================
function           output
=================  ====================================================================
:func:`to_schema`  JSON Schema (draft 2020-12) of :class:`Plan`, with ``"$schema"``
:func:`to_rules`   versioned rule document: one rule per target, one per recurring or
                   continuous duty (:mod:`vnplan.export.rules`, schema :func:`rules_schema`)
:func:`to_ics`     iCalendar bytes: one event per dated deadline, one RRULE event per
                   recurring deadline (:mod:`vnplan.export.ics`)
:func:`to_csv`     the task table, UTF-8 with BOM (:mod:`vnplan.export.tabular`)
:func:`to_jsonl`   one JSON line per fact with a ``type`` field (:mod:`vnplan.export.jsonl`)
:func:`spacy_patterns`  the agency gazetteer as EntityRuler patterns
                   (:mod:`vnplan.export.spacy_patterns`)
=================  ====================================================================
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Union

from pydantic import ValidationError

from ..errors import UnreadableFileError, VnplanError
from ..models import Plan
from .ics import to_ics
from .jsonl import iter_facts, to_jsonl
from .rules import RULES_VERSION, dump_rules, rules_schema, to_rules
from .spacy_patterns import dump_patterns, load_gazetteer, spacy_patterns
from .tabular import to_csv

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

PathLike = Union[str, Path]


def to_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :class:`~vnplan.models.Plan`, ``"$schema"`` first.

    Every ``vnplan parse`` output validates against it (``jsonschema.Draft202012Validator``).
    """
    schema = Plan.model_json_schema()
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


def _is_manifest(path: Path) -> bool:
    stem = path.stem.lower()
    return stem.startswith("manifest") or stem.startswith("_manifest")


def _plan_from_json(path: Path, text: str) -> Plan:
    try:
        return Plan.model_validate_json(text)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err.get("loc", ())) or "top level"
        raise VnplanError(
            f"not a vnplan Plan JSON ({e.error_count()} errors; first at {where}: {err.get('msg')})",
            str(path),
        ) from None


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise UnreadableFileError(f"cannot read: {getattr(e, 'strerror', None) or e}", str(path)) from None


def load_plan(path: PathLike) -> Plan:
    """A Plan from ``path``: a ``.json`` file holding a Plan (as ``vnplan parse`` writes it) is
    validated with :meth:`Plan.model_validate_json`; any other file is parsed as a plan source
    (``.txt``, ``.md``, ``.html``, ``.pdf``, ``.docx``) with :func:`vnplan.parse_file`.

    Raises a :class:`~vnplan.errors.VnplanError` naming the file for a missing, unreadable or
    invalid input.
    """
    p = Path(path)
    if not p.exists():
        raise UnreadableFileError("no such file", str(p))
    if p.is_dir():
        raise UnreadableFileError("is a folder, not a file", str(p))
    if p.suffix.lower() == ".json":
        return _plan_from_json(p, _read_text(p))
    from ..pipeline import parse_file

    return parse_file(p)


def plan_json_files(folder: PathLike) -> list[Path]:
    """The ``*.json`` and ``*.jsonl`` files under ``folder`` (recursively, sorted by path),
    manifests (``manifest*``) and dotfiles left out."""
    root = Path(folder)
    return sorted(
        f
        for pattern in ("*.json", "*.jsonl")
        for f in root.rglob(pattern)
        if f.is_file()
        and not _is_manifest(f)
        and not any(part.startswith(".") for part in f.relative_to(root).parts)
    )


def _looks_like_plan(data: Any) -> bool:
    return isinstance(data, dict) and "source" in data and "text" in data


def load_plans(path: PathLike) -> list[Plan]:
    """Plans from a file (as :func:`load_plan`) or from a folder of ``vnplan batch`` output.

    In a folder, every ``*.json`` (one Plan each, ``--format json``) and every ``*.jsonl``
    (one Plan per line, ``plans.jsonl`` of ``--format jsonl``) is read recursively in path
    order. Manifests (``manifest.jsonl``) and JSON that is not a plan object (no ``source`` and
    ``text`` keys, e.g. a report or a facts export) are skipped; a JSON that looks like a plan
    but does not validate is an error.
    """
    p = Path(path)
    if not p.is_dir():
        return [load_plan(p)]
    plans: list[Plan] = []
    for f in plan_json_files(p):
        text = _read_text(f)
        docs = [text] if f.suffix.lower() == ".json" else [x for x in text.splitlines() if x.strip()]
        for n, chunk in enumerate(docs, 1):
            try:
                data = json.loads(chunk)
            except json.JSONDecodeError as e:
                where = f"line {n}" if f.suffix.lower() == ".jsonl" else f"line {e.lineno}"
                raise VnplanError(f"invalid JSON: {e.msg} ({where})", str(f)) from None
            if _looks_like_plan(data):
                plans.append(_plan_from_json(f, chunk))
    if not plans:
        raise VnplanError("no Plan JSON files in this folder", str(p))
    return plans


__all__ = [
    "RULES_VERSION",
    "JSON_SCHEMA_DIALECT",
    "to_schema",
    "to_rules",
    "dump_rules",
    "rules_schema",
    "to_ics",
    "to_csv",
    "to_jsonl",
    "iter_facts",
    "spacy_patterns",
    "dump_patterns",
    "load_gazetteer",
    "load_plan",
    "load_plans",
    "plan_json_files",
]
