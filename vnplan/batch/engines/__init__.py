"""Engines run :func:`~vnplan.batch.work.convert_item` over tasks and hand back results.

Every engine has the same small interface, used by :class:`vnplan.batch.run.Run`:

* ``start()`` — get ready (start processes, connect to a cluster); may block, and is run in a
  thread while the inputs are listed; ``ready_at`` is then the wall time (``time.time()``) at
  which the first worker could take a document;
* ``window`` — how many tasks may be in flight at once; ``in_flight()`` — how many are;
* ``submit(task)``; ``poll(timeout)`` — the ``(task, DocResult)`` pairs finished since the
  last call, waiting at most ``timeout`` seconds for the first; results the engine made
  itself (timeouts, dead workers) come back the same way;
* ``cancel_queued()`` — drop the tasks no worker has started; ``close(interrupted)``.

Engines: :mod:`.inline` (``workers=0``, in this process), :mod:`.local` (worker processes,
per-document timeout, dead workers replaced), :mod:`.dask` (a ``distributed`` cluster).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ...archive import DEFAULT_LIMITS, Limits, WorkItem


@dataclass(frozen=True)
class Task:
    """One document to convert; ``expect`` is the input sha256 whose old output may be kept."""

    item: WorkItem
    expect: Optional[str] = None


@dataclass(frozen=True)
class JobConfig:
    """What every task of a run shares (sent once to each worker process).

    ``outdir`` set: the worker writes JSON outputs itself (local and inline engines);
    None: the result carries the text and the parent writes it. ``timeout``: seconds a
    document may take (None: no limit). ``parse``: a test hook (:mod:`vnplan.batch.testing`).
    ``limits`` and ``ocr`` go to every parse (``vnplan.parse_file(..., ocr=, limits=)``).
    """

    fmt: str = "json"
    limits: Limits = DEFAULT_LIMITS
    outdir: Optional[str] = None
    timeout: Optional[float] = None
    parse: Optional[str] = None
    ocr: str = "auto"


def make_engine(kind: str, workers: int, config: JobConfig, scheduler: Any = None,
                dask_threads: Optional[int] = None) -> Any:
    """The engine for ``kind`` (``local`` or ``dask``); ``workers=0`` means inline."""
    if kind == "dask":
        from .dask import DaskEngine

        return DaskEngine(scheduler, dask_threads, config)
    if workers == 0:
        from .inline import InlineEngine

        return InlineEngine(config)
    from .local import LocalEngine

    return LocalEngine(workers, config)


__all__ = ["JobConfig", "Task", "make_engine"]
