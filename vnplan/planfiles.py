"""Read Plans back from ``vnplan batch`` output, one record at a time, errors kept per record.

:func:`vnplan.export.load_plans` stops at the first bad file; the review site and the index go
on past it instead: :func:`iter_plan_records` yields one :class:`PlanRecord` per plan JSON (a
``*.json`` file, or a line of a ``*.jsonl`` file), holding either the Plan or the error text.
Manifests and JSON that is not a plan object (reports, fact exports) are skipped, as in
``load_plans``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

from pydantic import ValidationError

from .errors import VnplanError
from .export import load_plan, plan_json_files
from .models import Plan


@dataclass
class PlanRecord:
    """One plan input: where it is (``file`` or ``file:line``), its stem, and a Plan or an error."""

    where: str
    stem: str
    plan: Optional[Plan] = None
    error: Optional[str] = None


def _validation_message(e: ValidationError) -> str:
    err = e.errors()[0]
    loc = ".".join(str(x) for x in err.get("loc", ())) or "top level"
    return f"not a vnplan Plan ({e.error_count()} errors; first at {loc}: {err.get('msg')})"


def _record(where: str, stem: str, chunk: str) -> Optional[PlanRecord]:
    try:
        data = json.loads(chunk)
    except json.JSONDecodeError as e:
        return PlanRecord(where, stem, error=f"invalid JSON: {e.msg} (line {e.lineno} column {e.colno})")
    if not (isinstance(data, dict) and "source" in data and "text" in data):
        return None  # a manifest line, a report, a facts export: not a plan
    try:
        return PlanRecord(where, stem, plan=Plan.model_validate(data))
    except ValidationError as e:
        return PlanRecord(where, stem, error=_validation_message(e))


def _records_of_file(f: Path) -> Iterator[PlanRecord]:
    try:
        text = f.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        yield PlanRecord(str(f), f.stem, error=f"cannot read: {getattr(e, 'strerror', None) or e}")
        return
    if f.suffix.lower() == ".json":
        rec = _record(str(f), f.stem, text)
        if rec:
            yield rec
        return
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            rec = _record(f"{f}:{n}", f"{f.stem}-{n}", line)
            if rec:
                yield rec


def iter_plan_records(path: Union[str, Path]) -> Iterator[PlanRecord]:
    """The plans under ``path``: a folder of batch output (``*.json``, ``*.jsonl``, recursively,
    in path order), a ``.jsonl`` file (one Plan a line), a Plan ``.json``, or a plan document
    (parsed with :func:`vnplan.parse_file`)."""
    p = Path(path)
    if p.is_dir():
        for f in plan_json_files(p):
            yield from _records_of_file(f)
    elif p.suffix.lower() in (".json", ".jsonl") and p.is_file():
        yield from _records_of_file(p)
    else:
        try:
            yield PlanRecord(str(p), p.stem, plan=load_plan(p))
        except VnplanError as e:
            yield PlanRecord(str(p), p.stem, error=e.message)
