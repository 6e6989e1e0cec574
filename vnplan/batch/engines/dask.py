"""The Dask engine: the same :func:`~vnplan.batch.work.convert_item` on a ``distributed`` cluster.

Results carry the rendered text and the parent writes the outputs (the workers may not see
OUTDIR). The per-document timeout is not enforced here: a Dask worker thread cannot be
stopped from outside; use the cluster's own limits (e.g. worker lifetimes) for that.
"""

from __future__ import annotations

import os
import time
from typing import Any, Optional

from ..errors import BatchUsageError
from ..work import DocResult, convert_item, error_result
from . import JobConfig, Task


def import_distributed() -> Any:
    """The ``distributed`` module, or a :class:`BatchUsageError` naming the extra to install."""
    try:
        import dask.bag  # noqa: F401
        import distributed
    except ImportError as e:
        raise BatchUsageError(
            f"the Dask engine needs dask and distributed ({e.name or e} is missing): "
            "pip install 'vnplan[dask]'"
        ) from None
    return distributed


class DaskEngine:
    """Tasks as Dask futures on a client of ``scheduler`` (None: an in-process LocalCluster)."""

    def __init__(self, scheduler: Any, threads: Optional[int], config: JobConfig):
        self.scheduler = scheduler
        self.threads = threads
        self.config = config
        self.window = 4
        self.ready_at = 0.0
        self.client: Any = None
        self._own_client = False
        self._cluster: Any = None
        self.futures: dict[Any, Task] = {}

    def start(self) -> None:
        """Connect to the scheduler (or start a local cluster)."""
        distributed = import_distributed()
        if self.scheduler is None:
            self._cluster = distributed.LocalCluster(
                processes=False, n_workers=1, threads_per_worker=self.threads or os.cpu_count() or 1,
                dashboard_address=None,
            )
            self.client = distributed.Client(self._cluster, set_as_default=False)
            self._own_client = True
        elif isinstance(self.scheduler, distributed.Client):
            self.client = self.scheduler
        else:  # an address string or a cluster object
            self.client = distributed.Client(self.scheduler, set_as_default=False)
            self._own_client = True
        try:
            nthreads = sum(self.client.nthreads().values())
        except Exception:  # pragma: no cover
            nthreads = 0
        self.window = max(4, (nthreads or 4) * 4)
        self.ready_at = time.time()

    def submit(self, task: Task) -> None:
        """Submit one task to the cluster."""
        c = self.config
        fut = self.client.submit(convert_item, task.item, task.expect, c.fmt, c.limits, parse=c.parse,
                                 ocr=c.ocr, pure=False)
        self.futures[fut] = task

    def in_flight(self) -> int:
        """Futures not yet polled."""
        return len(self.futures)

    def poll(self, timeout: float) -> list[tuple[Task, DocResult]]:
        """The finished futures, waiting up to ``timeout`` for the first."""
        deadline = time.monotonic() + timeout
        while True:
            done = [f for f in self.futures if f.done()]
            if done or not self.futures or time.monotonic() >= deadline:
                break
            time.sleep(0.01)
        tasks = [(f, self.futures.pop(f)) for f in done]
        return [(task, self._outcome(f, task)) for f, task in tasks]

    def _outcome(self, fut: Any, task: Task) -> DocResult:
        try:
            result: DocResult = fut.result()
            return result
        except Exception as e:  # KilledWorker, CancelledError, …
            return error_result(task.item.index, "internal", f"{type(e).__name__}: {e}")
        finally:
            fut.release()

    def cancel_queued(self) -> list[Task]:
        """Cancel the futures not finished yet."""
        pending = [f for f in self.futures if not f.done()]
        if pending:
            try:
                self.client.cancel(pending)
            except Exception:  # pragma: no cover
                pass
        return [self.futures.pop(f) for f in pending]

    def close(self, interrupted: bool = False) -> None:
        """Close the client and cluster this engine opened."""
        if self._own_client and self.client is not None:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
