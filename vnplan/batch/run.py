"""One batch run: check the options, lock OUTDIR, list the inputs while the workers start,
feed the engine, record each result (output, manifest row, journal, progress) in input order.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence, Union

from ..archive import DEFAULT_LIMITS, Limits, WorkItem, list_inputs, with_payloads
from .engines import JobConfig, Task, make_engine
from .errors import BatchUsageError
from .lock import OutdirLock
from .manifest import Journal, ResumeIndex, carried_row, fold_journal, new_row, write_manifest
from .progress import Progress
from .result import BatchResult
from .sinks import JsonFilesSink, JsonlSink, clean_stale_temps
from .work import DocResult

PathLike = Union[str, "os.PathLike[str]"]

DEFAULT_TIMEOUT = 300.0
"""Seconds one document may take in a worker process before it is stopped (``--timeout``)."""


def run_batch(
    inputs: Sequence[PathLike],
    outdir: PathLike,
    *,
    workers: Optional[int] = None,
    fmt: str = "json",
    resume: bool = False,
    fail_fast: bool = False,
    quiet: bool = False,
    engine: str = "local",
    scheduler: Any = None,
    limits: Optional[Limits] = DEFAULT_LIMITS,
    progress: Optional[bool] = None,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    ocr: str = "auto",
    _parse: Optional[str] = None,
) -> BatchResult:
    """Convert every document of ``inputs`` (files, folders, archives) into ``outdir``.

    ``workers``: processes of the local engine (default: all cores; 0 runs in this process)
    or threads of the local Dask cluster. ``fmt``: ``"json"`` (one file per document) or
    ``"jsonl"`` (one ``plans.jsonl``). ``engine``: ``"local"`` or ``"dask"``; ``scheduler``
    (Dask only): a scheduler address, a ``distributed.Client`` or a cluster object; None
    starts an in-process ``LocalCluster``. ``timeout``: seconds a document may take in a
    worker process (None or 0: no limit; not enforced with ``workers=0`` or Dask); past it the
    document gets an error row of kind ``timeout`` and its worker is replaced. ``limits``
    (:class:`vnplan.Limits`; None: the defaults): the document caps of every parse (past one,
    an error row of kind ``too_large``) and the archive caps. ``ocr`` (PDF pages without a
    usable text layer): ``auto``, ``always`` or ``never``, as ``vnplan.parse_file``. ``progress``:
    show the tqdm bar (default: when stderr is a TTY and not ``quiet``); ``quiet`` also
    silences the final summary. ``_parse`` is a test hook (:mod:`vnplan.batch.testing`).

    Raises :class:`BatchUsageError` for usage errors (missing input, OUTDIR is a file or in
    use by another batch, bad option, Dask not installed). Bad documents never raise: see
    :class:`BatchResult`.
    """
    t0, wall0 = time.perf_counter(), time.time()
    nworkers = _check_options(inputs, workers, fmt, engine, scheduler, timeout, ocr)
    limits = limits or DEFAULT_LIMITS
    out = _prepare_outdir(outdir, engine)
    lock = OutdirLock(out).acquire()
    try:
        config = JobConfig(fmt, limits, outdir=str(out) if fmt == "json" and engine == "local" else None,
                           timeout=timeout or None, parse=_parse, ocr=ocr)
        eng = make_engine(engine, nworkers, config, scheduler, workers)
        items, junk, listed_at = _list_while_starting(eng, inputs, out, limits)
        run = Run(items, out, fmt=fmt, resume=resume, fail_fast=fail_fast, limits=limits)
        show = (not quiet and sys.stderr.isatty()) if progress is None else progress
        result = run.execute(eng, Progress(len(items), show))
    finally:
        lock.release()
    result.seconds = time.perf_counter() - t0
    result.startup_seconds = min(result.seconds, max(listed_at, eng.ready_at or listed_at) - wall0)
    result.junk = junk
    if not quiet:
        print(result.summary(), file=sys.stderr)
    return result


def _check_options(inputs: Sequence[PathLike], workers: Optional[int], fmt: str, engine: str,
                   scheduler: Any, timeout: Optional[float], ocr: str = "auto") -> int:
    """The worker count, or :class:`BatchUsageError` for a bad option or a missing input."""
    if fmt not in ("json", "jsonl"):
        raise BatchUsageError(f"--format must be json or jsonl, not {fmt!r}")
    if engine not in ("local", "dask"):
        raise BatchUsageError(f"--engine must be local or dask, not {engine!r}")
    if ocr not in ("auto", "always", "never"):
        raise BatchUsageError(f"--ocr must be auto, always or never, not {ocr!r}")
    if scheduler is not None and engine != "dask":
        raise BatchUsageError("--scheduler needs --engine dask")
    if timeout is not None and timeout < 0:
        raise BatchUsageError(f"--timeout must be 0 (no limit) or more seconds, not {timeout:g}")
    if workers is not None and workers < 0:
        raise BatchUsageError(f"--workers must be 0 or more, not {workers}")
    if not inputs:
        raise BatchUsageError("no input given")
    missing = [os.fspath(p) for p in inputs if not os.path.lexists(os.fspath(p))]
    if missing:
        raise BatchUsageError("no such file or directory: " + ", ".join(missing))
    return (os.cpu_count() or 1) if workers is None else workers


def _prepare_outdir(outdir: PathLike, engine: str) -> Path:
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise BatchUsageError(f"OUTDIR {out} exists and is not a folder")
    if engine == "dask":
        from .engines.dask import import_distributed

        import_distributed()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BatchUsageError(f"cannot create OUTDIR {out}: {e.strerror or e}") from None
    return out


def _list_while_starting(eng: Any, inputs: Sequence[PathLike], out: Path,
                         limits: Limits) -> tuple[list[WorkItem], int, float]:
    """List the inputs (and tidy OUTDIR) while the engine starts in a thread.

    Returns the items, the number of junk files left out, and when listing ended.
    """
    failure: list[BaseException] = []

    def start() -> None:
        try:
            eng.start()
        except BaseException as e:  # re-raised in the caller's thread
            failure.append(e)

    starter = threading.Thread(target=start, name="vnplan-batch-start", daemon=True)
    starter.start()
    try:
        listing = list_inputs(inputs, limits=limits, exclude=out)
        listed_at = time.time()
        clean_stale_temps(out)
        fold_journal(out)
        starter.join()
        if failure:
            raise failure[0]
    except BaseException:
        starter.join()
        eng.close(interrupted=True)
        raise
    return listing.items, len(listing.junk), listed_at


class Run:
    """State of one batch run: submission window, results in input order, outputs."""

    def __init__(self, items: list[WorkItem], outdir: Path, *, fmt: str, resume: bool, fail_fast: bool,
                 limits: Limits):
        from .. import __version__

        self.items = items
        self.outdir = outdir
        self.fmt = fmt
        self.fail_fast = fail_fast
        self.limits = limits
        self.version = __version__
        self.rows: dict[int, dict[str, Any]] = {}
        self.resume = ResumeIndex(outdir, fmt, __version__, resume)
        self.sink: Union[JsonFilesSink, JsonlSink, None] = None
        self.journal: Optional[Journal] = None
        self.stop = False
        self.exhausted = False
        self.fed = 0
        self.peak_rss_kb = 0

    # -- main loop -------------------------------------------------------------------------

    def execute(self, engine: Any, progress: Progress) -> BatchResult:
        """Run every item through ``engine``; write the manifest however the run ends."""
        self.sink = JsonlSink(self.outdir) if self.fmt == "jsonl" else JsonFilesSink(self.outdir)
        self.journal = Journal(self.outdir) if self.sink.journaled else None
        interrupted, crashed = False, True  # crashed until the loop ends normally or by Ctrl-C
        try:
            try:
                self._loop(engine, progress)
            except KeyboardInterrupt:
                interrupted = True
                self._drain(engine, progress)
            crashed = False
        finally:
            interrupted = self._finish(engine, progress, interrupted, crashed)
        return self._result(interrupted)

    def _loop(self, engine: Any, progress: Progress) -> None:
        feed: Iterator[WorkItem] = with_payloads(self.items, self.limits)
        max_ahead = max(256, engine.window * 8)
        while True:
            self._fill(engine, feed, progress, max_ahead)
            if engine.in_flight() == 0 and (self.exhausted or self.stop):
                break
            for task, res in engine.poll(0.5):
                self.record(task.item, res, progress)
            if self.stop:
                engine.cancel_queued()

    def _fill(self, engine: Any, feed: Iterator[WorkItem], progress: Progress, max_ahead: int) -> None:
        """Submit items until the engine's window is full (error items are recorded at once)."""
        assert self.sink is not None
        while not self.stop and not self.exhausted and engine.in_flight() < engine.window:
            if self.fed - self.sink.next >= max_ahead:
                break  # keep the reorder buffer of plans.jsonl bounded
            item = next(feed, None)
            if item is None:
                self.exhausted = True
                break
            self.fed = item.index + 1
            if item.error_kind is not None:
                self.record(item, DocResult(item.index, "error", error_kind=item.error_kind, error=item.error),
                            progress)
                continue
            engine.submit(Task(item, self.resume.expect(item)))

    def _drain(self, engine: Any, progress: Progress) -> None:
        """After Ctrl-C: drop queued work, record what already finished."""
        try:
            engine.cancel_queued()
            for task, res in engine.poll(0):
                self.record(task.item, res, progress)
        except KeyboardInterrupt:
            pass

    def _finish(self, engine: Any, progress: Progress, interrupted: bool, crashed: bool) -> bool:
        """Stop the engine, commit the outputs and the manifest; whether the run was interrupted."""
        assert self.sink is not None
        progress.close()
        try:
            engine.close(interrupted=interrupted or crashed)
        except KeyboardInterrupt:  # pragma: no cover - a second Ctrl-C
            interrupted = True
        self.resume.close()
        self.sink.finish(self.rows, crashed)
        if interrupted or crashed:
            clean_stale_temps(self.outdir)  # a worker stopped while it wrote leaves its temporary file
        # a crashed JSONL run keeps the previous plans.jsonl and manifest, a consistent pair
        written = not (crashed and self.fmt == "jsonl")
        if written:
            rows = {**self.resume.unreached(self.items, self.rows), **self.rows}
            write_manifest(self.outdir, [rows[i] for i in sorted(rows)])
        if self.journal is not None:
            self.journal.close(remove=written)
        return interrupted

    def _result(self, interrupted: bool) -> BatchResult:
        rows = [self.rows[i] for i in sorted(self.rows)]
        return BatchResult(
            outdir=self.outdir, rows=rows, total=len(self.items),
            ok=sum(1 for r in rows if r["status"] == "ok"),
            failed=sum(1 for r in rows if r["status"] == "error"),
            skipped=sum(1 for r in rows if r.get("skipped")),
            interrupted=interrupted, stopped=self.stop and not interrupted,
            peak_worker_rss_mb=round(self.peak_rss_kb / 1024, 1),
        )

    # -- results ---------------------------------------------------------------------------

    def record(self, item: WorkItem, res: DocResult, progress: Progress) -> None:
        """Write the document's output (if not written yet), its manifest row and journal line."""
        assert self.sink is not None
        self.peak_rss_kb = max(self.peak_rss_kb, res.maxrss_kb)
        kept = self.resume.take(item.index)
        data: Optional[bytes] = None
        if res.status == "skipped" and kept is not None:
            row = carried_row(kept[0], res)
            data = kept[1]
        else:
            if res.status == "skipped":  # cannot happen: no expectation without an old row
                res.status, res.error_kind, res.error = "error", "internal", "skipped without a previous output"
            data = self.sink.store(item, res)
            row = new_row(item, res, self.version)
        self.rows[item.index] = row
        self.sink.put(item.index, data, self.rows)
        if self.journal is not None:
            self.journal.append(row)
        progress.update(row)
        if row["status"] == "error" and self.fail_fast:
            self.stop = True
