"""Output sinks: where a document's output goes once it is converted.

* :class:`JsonFilesSink` (``--format json``): one file per document at its relative path.
  Local workers write their file themselves (:func:`~vnplan.batch.work.write_output`); the
  sink writes the ones that come back as text (Dask) and removes the stale output of a
  document that now fails.
* :class:`JsonlSink` (``--format jsonl``): one ``plans.jsonl`` in input order, through a
  temporary file renamed at the end (a crash keeps the previous file and manifest, a
  consistent pair).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Optional

from ..archive import WorkItem
from .manifest import PLANS_JSONL, Row
from .work import DocResult, safe_target, sha256_of, write_error, write_output

_STALE_TEMP = re.compile(r"^\..+\.jsonl?\.[a-z0-9_]{8}\.tmp$")


class JsonFilesSink:
    """One JSON file per document."""

    journaled = True  # every row can go to the journal as soon as it is known
    next = 0  # no reorder buffer

    def __init__(self, outdir: Path):
        self.outdir = outdir

    def store(self, item: WorkItem, res: DocResult) -> Optional[bytes]:
        """Write the output if the worker did not; remove a stale one for a failed document."""
        if res.status == "ok" and res.output is None and res.text is not None and item.output is not None:
            raw = res.text.encode("utf-8")
            try:
                res.output_sha256 = write_output(self.outdir, item.output, raw)
                res.output = item.output
            except Exception as e:  # disk full, permission, unsafe target …
                write_error(res, e)
        if res.status == "error" and item.output is not None:
            self._remove_stale(item.output)
        return None

    def _remove_stale(self, rel: str) -> None:
        """A document that now fails must not keep the output of an earlier run."""
        try:
            safe_target(self.outdir, rel).unlink()
        except Exception:  # missing, or refused as outside OUTDIR
            pass

    def put(self, index: int, data: Optional[bytes], rows: dict[int, Row]) -> None:
        """Nothing to order: each file was written when its document finished."""

    def finish(self, rows: dict[int, Row], crashed: bool) -> None:
        """Nothing to commit."""


class JsonlSink:
    """Writes ``plans.jsonl`` in input order through a temporary file renamed at the end."""

    journaled = False  # rows name lines of a file that exists only once the run ends

    def __init__(self, outdir: Path):
        self.outdir = outdir
        fd, self.tmp = tempfile.mkstemp(prefix=f".{PLANS_JSONL}.", suffix=".tmp", dir=outdir)
        self.fh = os.fdopen(fd, "wb")
        self.next = 0  # lowest index not yet flushed
        self.line = 0
        self.buf: dict[int, Optional[bytes]] = {}

    def store(self, item: WorkItem, res: DocResult) -> Optional[bytes]:
        """The line of a converted document, and its row's output fields."""
        if res.status != "ok" or res.text is None or item.output is None:
            return None
        raw = res.text.encode("utf-8")
        res.output = PLANS_JSONL
        res.output_sha256 = sha256_of(raw)
        return raw

    def put(self, index: int, data: Optional[bytes], rows: dict[int, Row]) -> None:
        """Buffer a document's line; write every line whose predecessors are all in."""
        self.buf[index] = data
        while self.next in self.buf:
            self._emit(self.next, rows)
            self.next += 1

    def _emit(self, index: int, rows: dict[int, Row]) -> None:
        data = self.buf.pop(index)
        if data is not None:
            self.fh.write(data)
            if index in rows:
                rows[index]["line"] = self.line
            self.line += 1

    def finish(self, rows: dict[int, Row], crashed: bool) -> None:
        """Rename the file into place, or drop it after a crash."""
        if crashed:
            self.abort()
            return
        for index in sorted(self.buf):
            self._emit(index, rows)
        self.fh.close()
        os.replace(self.tmp, self.outdir / PLANS_JSONL)

    def abort(self) -> None:
        try:
            self.fh.close()
        finally:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass


def clean_stale_temps(outdir: Path) -> None:
    """Remove temporary files a killed run left (``.NAME.XXXXXXXX.tmp`` next to their target)."""
    for dirpath, _dirs, files in os.walk(outdir):
        for f in files:
            if _STALE_TEMP.match(f):
                try:
                    os.unlink(os.path.join(dirpath, f))
                except OSError:
                    pass
