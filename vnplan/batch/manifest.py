"""The manifest (one row per document), its journal, and resume.

``OUTDIR/manifest.jsonl`` is written atomically, in input order, when a run ends (also on
Ctrl-C and on a crash). While a JSON run goes, every row is also appended, as soon as its
output file is in place, to ``OUTDIR/.vnplan-batch.journal``: a run killed with SIGKILL
leaves the previous manifest plus the journal of what it finished, and the next run folds
the journal into the manifest before it starts (:func:`fold_journal`). So ``--resume``
after a kill loses nothing finished and never trusts a half-written file (outputs are
renamed into place, and a row only names an output whose sha256 it records).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Optional, cast

from ..archive import WorkItem
from ..fileio import write_atomic
from .work import DocResult, sha256_of

MANIFEST = "manifest.jsonl"
PLANS_JSONL = "plans.jsonl"
JOURNAL = ".vnplan-batch.journal"

Row = dict[str, Any]
Key = tuple[str, Optional[str]]


def dumps_row(row: Row) -> str:
    """One manifest line (without the newline)."""
    return json.dumps(row, ensure_ascii=False, separators=(", ", ": "))


def _read_rows(path: Path) -> list[Row]:
    rows = []
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    row = json.loads(line)
                except ValueError:  # a line cut by a kill, or not ours
                    continue
                if isinstance(row, dict) and "source" in row:
                    rows.append(row)
    except OSError:
        return []
    return rows


def read_manifest(outdir: "str | os.PathLike[str]") -> list[Row]:
    """The rows of ``OUTDIR/manifest.jsonl`` (unreadable lines are ignored; [] if none)."""
    return _read_rows(Path(outdir) / MANIFEST)


def write_manifest(outdir: Path, rows: Iterable[Row]) -> None:
    """Write ``OUTDIR/manifest.jsonl`` atomically."""
    text = "".join(dumps_row(r) + "\n" for r in rows)
    write_atomic(outdir / MANIFEST, text.encode("utf-8", "backslashreplace"))


def row_key(row: Row) -> Key:
    """The identity of a document across runs: its source and member."""
    return (row["source"], row.get("member"))


def fold_journal(outdir: Path) -> None:
    """Merge the journal of a killed run into the manifest (later rows win), then drop it."""
    journal = outdir / JOURNAL
    if not journal.exists():
        return
    merged: dict[Key, Row] = {row_key(r): r for r in read_manifest(outdir)}
    for r in _read_rows(journal):
        merged[row_key(r)] = r
    write_manifest(outdir, merged.values())
    journal.unlink()


class Journal:
    """Appends each finished row to ``OUTDIR/.vnplan-batch.journal`` (one write per line)."""

    def __init__(self, outdir: Path):
        self.path = outdir / JOURNAL
        self._fh = open(self.path, "ab")

    def append(self, row: Row) -> None:
        self._fh.write((dumps_row(row) + "\n").encode("utf-8", "backslashreplace"))
        self._fh.flush()

    def close(self, remove: bool) -> None:
        """Close; ``remove`` once the manifest holding every row has been written."""
        self._fh.close()
        if remove:
            try:
                self.path.unlink()
            except OSError:
                pass


def new_row(item: WorkItem, res: DocResult, version: str) -> Row:
    """The manifest row of a document converted (or failed) in this run."""
    return {
        "source": item.source,
        "member": item.member,
        "output": res.output,
        "format": item.fmt,
        "sha256": res.sha256,
        "status": res.status,
        "skipped": False,
        "error_kind": res.error_kind,
        "error": res.error,
        "counts": res.counts,
        "seconds": round(res.seconds, 4),
        "output_sha256": res.output_sha256,
        "vnplan_version": version,
    }


def carried_row(old: Row, res: DocResult) -> Row:
    """The previous row of a document kept by ``--resume``, marked ``skipped``."""
    row = dict(old)
    row["skipped"] = True
    row["seconds"] = round(res.seconds, 4)
    row.pop("line", None)
    return row


class ResumeIndex:
    """The ``ok`` rows of the previous run, and which documents may keep their outputs."""

    def __init__(self, outdir: Path, fmt: str, version: str, enabled: bool):
        self.outdir = outdir
        self.fmt = fmt
        self.version = version
        self.enabled = enabled
        self.old: dict[Key, Row] = {}
        self.kept: dict[int, tuple[Row, Optional[bytes]]] = {}
        self.old_jsonl: Optional[OldJsonl] = None
        if enabled:
            self.old = {row_key(r): r for r in read_manifest(outdir) if r.get("status") == "ok"}
            if fmt == "jsonl":
                self.old_jsonl = OldJsonl(outdir / PLANS_JSONL)

    def expect(self, item: WorkItem) -> Optional[str]:
        """The input sha256 under which this item's previous output may be kept, or None."""
        if not self.enabled or item.output is None:
            return None
        row = self.old.get((item.source, item.member))
        if not row or row.get("vnplan_version") != self.version or not row.get("sha256"):
            return None
        data = self._old_output(item, row)
        if data is None or sha256_of(data) != row.get("output_sha256"):
            return None
        self.kept[item.index] = (row, data if self.fmt == "jsonl" else None)
        return str(row["sha256"])

    def _old_output(self, item: WorkItem, row: Row) -> Optional[bytes]:
        if self.fmt == "json":
            if row.get("output") != item.output or "line" in row:
                return None
            try:
                # expect(), the only caller, has returned early when item.output is None
                return (self.outdir / cast(str, item.output)).read_bytes()
            except OSError:
                return None
        if row.get("output") != PLANS_JSONL or self.old_jsonl is None:
            return None
        return self.old_jsonl.line(row.get("line"))

    def take(self, index: int) -> Optional[tuple[Row, Optional[bytes]]]:
        """The kept row (and JSONL line) of a document, once."""
        return self.kept.pop(index, None)

    def unreached(self, items: list[WorkItem], rows: dict[int, Row]) -> dict[int, Row]:
        """Previous rows of documents this run did not reach (their outputs are untouched)."""
        if not self.enabled or self.fmt != "json":
            return {}
        out = {}
        for item in items:
            if item.index not in rows and item.output is not None:
                old = self.old.get((item.source, item.member))
                if old is not None and old.get("output") == item.output:
                    out[item.index] = old
        return out

    def close(self) -> None:
        if self.old_jsonl is not None:
            self.old_jsonl.close()


class OldJsonl:
    """Random access to the lines of a previous ``plans.jsonl`` (offsets only in memory)."""

    def __init__(self, path: Path):
        self.path = path
        self.offsets: list[int] = []
        self._fh = None
        try:
            self._fh = open(path, "rb")
        except OSError:
            return
        pos = 0
        for line in self._fh:
            self.offsets.append(pos)
            pos += len(line)

    def line(self, n: Any) -> Optional[bytes]:
        """Line ``n`` (from 0) with its newline, or None."""
        if self._fh is None or not isinstance(n, int) or not 0 <= n < len(self.offsets):
            return None
        self._fh.seek(self.offsets[n])
        return self._fh.readline()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
