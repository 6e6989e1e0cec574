"""What a batch run did: :class:`BatchResult` and its one-screen summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .manifest import MANIFEST


@dataclass
class BatchResult:
    """What a batch run did. ``rows`` are the manifest rows in input order.

    ``seconds`` is the whole run; ``startup_seconds`` the part before the first document
    could start (listing the inputs and starting the workers, which overlap); ``junk`` the
    files left out as OS litter or hidden (``.DS_Store``, ``__MACOSX/``, ``.git/`` …), so
    that ``len(rows) + junk`` is the number of files under the inputs.
    """

    outdir: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    startup_seconds: float = 0.0
    junk: int = 0
    interrupted: bool = False
    stopped: bool = False
    peak_worker_rss_mb: float = 0.0

    @property
    def exit_code(self) -> int:
        """130 interrupted, 1 some document failed, else 0."""
        if self.interrupted:
            return 130
        return 1 if self.failed else 0

    @property
    def docs_per_second(self) -> float:
        """Documents a second over the whole run."""
        done = len(self.rows)
        return done / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_per_document(self) -> float:
        """Wall time a document after start-up (all workers together)."""
        work = self.seconds - self.startup_seconds
        return work / len(self.rows) if self.rows and work > 0 else 0.0

    def by_kind(self) -> dict[str, int]:
        """Rows counted by outcome: ``ok`` or the error kind, most frequent first."""
        c = Counter("ok" if r["status"] == "ok" else str(r.get("error_kind")) for r in self.rows)
        return dict(sorted(c.items(), key=lambda kv: (kv[0] != "ok", -kv[1], kv[0])))

    def slowest(self, n: int = 5) -> list[dict[str, Any]]:
        """The ``n`` documents that took longest (skipped ones excluded)."""
        rows = [r for r in self.rows if not r.get("skipped")]
        return sorted(rows, key=lambda r: -float(r.get("seconds") or 0.0))[:n]

    def summary(self) -> str:
        """A one-screen summary: counts, speed, kinds, the slowest files and the first failures."""
        spd = self.seconds_per_document
        lines = [
            f"vnplan batch: {len(self.rows)} of {self.total} documents in {self.seconds:.1f} s "
            f"({self.docs_per_second:.1f} docs/s): {self.ok} ok, {self.failed} failed, "
            f"{self.skipped} skipped",
            f"start-up {self.startup_seconds:.1f} s, then {1000 * spd:.1f} ms a document"
            + (f" ({1 / spd:.1f} docs/s)" if spd > 0 else ""),
            "by kind: " + ", ".join(f"{k} {n}" for k, n in self.by_kind().items())
            + f"; junk files left out: {self.junk}",
        ]
        if self.interrupted:
            lines.append("interrupted: finished outputs were kept")
        elif self.stopped:
            lines.append("stopped at the first failure (--fail-fast)")
        lines.append(f"outputs in {self.outdir} (manifest: {self.outdir / MANIFEST})")
        lines += self._slow_lines() + self._failure_lines()
        return "\n".join(lines)

    def _slow_lines(self) -> list[str]:
        slow = [r for r in self.slowest(5) if r.get("seconds")]
        if not slow:
            return []
        return ["slowest:"] + [f"  {float(r['seconds']):7.3f} s  {label(r)}" for r in slow]

    def _failure_lines(self) -> list[str]:
        bad = [r for r in self.rows if r["status"] == "error"]
        if not bad:
            return []
        lines = [f"failed ({len(bad)}):"]
        lines += [f"  {r['error_kind']}: {label(r)}: {r['error']}"[:160] for r in bad[:8]]
        if len(bad) > 8:
            lines.append(f"  … and {len(bad) - 8} more (see the manifest)")
        return lines


def label(row: dict[str, Any]) -> str:
    """``source`` or ``source!member`` of a manifest row."""
    return f"{row['source']}!{row['member']}" if row.get("member") is not None else str(row["source"])
