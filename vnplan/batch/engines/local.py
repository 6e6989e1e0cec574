"""The local engine: worker processes on this machine, each fed through its own pipe.

Each worker is a process forked from a warm fork server (see :mod:`vnplan.batch.warmup`) that
takes tasks from its pipe one at a time and writes its JSON outputs itself, so the parent
only routes small records. The parent keeps at most two tasks in a worker's pipe (one
running, one waiting: the worker never idles waiting for the parent), and knows which task
each worker is running and since when. That gives:

* **per-document timeout**: a worker still on one document after ``timeout`` seconds is
  killed; the document gets an error row of kind ``timeout``, the tasks waiting behind it go
  back to the queue and a fresh worker takes its place;
* **dead workers**: a worker that dies (killed, out of memory, a crash in a C library) is
  replaced; the document it was running is retried once, then gets an ``internal`` error row.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import Any

from ..warmup import WARM_ENV, init_worker, warm_up
from ..work import DocResult, convert_item, error_result
from . import JobConfig, Task

DEPTH = 2  # tasks in a worker's pipe: the running one and the next
STARTUP_DEATHS = 3  # workers dying before they are ready, in a row, that stop the run


def worker_main(conn: Connection, config: JobConfig) -> None:
    """A worker process: convert the tasks read from ``conn`` until it is closed."""
    init_worker()
    conn.send(("ready", time.time()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        res = convert_item(task.item, task.expect, config.fmt, config.limits, outdir=config.outdir,
                           parse=config.parse, ocr=config.ocr)
        conn.send(("done", res))


def mp_context() -> Any:
    """The multiprocessing context of the local engine.

    ``forkserver`` where available: workers fork from a clean server process (safe even when
    the caller runs threads, e.g. a Dask client), which preloads :mod:`vnplan.batch.warmup`
    and warms up once, so workers start with the parser's models loaded. ``spawn`` elsewhere
    (each worker then warms up itself); ``fork`` when ``__main__`` cannot be re-imported.
    """
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file and not os.path.exists(main_file) and "fork" in methods:
        # a main script read from stdin cannot be re-imported by forkserver/spawn workers:
        # fork this process, warmed up first (once) so that the workers start warm
        warm_up()
        return mp.get_context("fork")
    if "forkserver" not in methods:
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    try:
        from multiprocessing import forkserver

        forkserver.set_forkserver_preload(["vnplan.batch.warmup"])
        os.environ[WARM_ENV] = "1"  # read by the warmup module when the server imports it
        try:
            forkserver.ensure_running()
        finally:
            os.environ.pop(WARM_ENV, None)
    except Exception:  # pragma: no cover - the first worker will start the server itself
        pass
    return ctx


class _Worker:
    """One worker process, its pipe, and the tasks sent to it (the first is running)."""

    def __init__(self, ctx: Any, config: JobConfig, number: int):
        parent, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=worker_main, args=(child, config), daemon=True,
                                name=f"vnplan-batch-{number}")
        self.proc.start()
        child.close()
        self.conn: Connection = parent
        self.queue: deque[Task] = deque()
        self.ready = False
        self.eof = False  # the pipe was closed: the worker is gone
        self.since = time.monotonic()  # when the running task started

    def send(self, task: Task) -> None:
        if not self.queue:
            self.since = time.monotonic()
        self.queue.append(task)
        try:
            self.conn.send(task)
        except OSError:  # the worker is gone: poll() replaces it and settles the task
            self.eof = True

    def can_take(self, task: Task) -> bool:
        """Idle, or busy with a small task queued behind (a big tar payload waits for idle)."""
        if not self.queue:
            return True
        return len(self.queue) < DEPTH and task.item.payload is None

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(5)
        except Exception:  # pragma: no cover
            pass
        self.conn.close()


class LocalEngine:
    """A pool of worker processes with per-document timeouts; see the module docstring."""

    def __init__(self, workers: int, config: JobConfig):
        self.nworkers = workers
        self.config = config
        self.window = max(2, workers * 4)
        self.ready_at = 0.0
        self.workers: list[_Worker] = []
        self.backlog: deque[Task] = deque()
        self.retried: set[int] = set()
        self.deaths_at_start = 0
        self._made = 0
        self._ctx: Any = None

    def start(self) -> None:
        """Start the fork server and the workers (blocks until they are forked)."""
        self._ctx = mp_context()
        while len(self.workers) < self.nworkers:
            self._spawn()

    def _spawn(self) -> None:
        self._made += 1
        self.workers.append(_Worker(self._ctx, self.config, self._made))

    def submit(self, task: Task) -> None:
        """Queue a task; it goes to the first worker that can take it."""
        self.backlog.append(task)
        self._dispatch()

    def _dispatch(self) -> None:
        for w in self.workers:
            while self.backlog and w.can_take(self.backlog[0]):
                w.send(self.backlog.popleft())

    def in_flight(self) -> int:
        """Tasks queued or running."""
        return len(self.backlog) + sum(len(w.queue) for w in self.workers)

    def poll(self, timeout: float) -> list[tuple[Task, DocResult]]:
        """Finished tasks; also enforces timeouts and replaces dead workers."""
        out: list[tuple[Task, DocResult]] = []
        by_conn = {w.conn: w for w in self.workers}
        by_sentinel = {w.proc.sentinel: w for w in self.workers}
        for obj in wait([*by_conn, *by_sentinel], self._wait_for(timeout)):
            w = by_conn.get(obj)  # type: ignore[call-overload]
            if w is not None:
                self._receive(w, out)
        for w in list(self.workers):
            if w.eof or not w.proc.is_alive():
                self._receive(w, out)  # results it sent before it died
                self._check_startup(w)
                self._replace(w, out, self._died(w))
            elif self._overdue(w):
                self._replace(w, out, "timeout")
        self._dispatch()
        return out

    def _wait_for(self, timeout: float) -> float:
        """Wait no longer than until the earliest document deadline."""
        t = self.config.timeout
        busy = [w.since for w in self.workers if w.queue and w.ready]
        if not t or not busy:
            return timeout
        return max(0.0, min(timeout, min(busy) + t - time.monotonic()))

    def _overdue(self, w: _Worker) -> bool:
        t = self.config.timeout
        return bool(t and w.queue and w.ready and time.monotonic() - w.since > t)

    def _receive(self, w: _Worker, out: list[tuple[Task, DocResult]]) -> None:
        try:
            while w.conn.poll():
                what, value = w.conn.recv()
                if what == "ready":
                    w.ready = True
                    w.since = time.monotonic()
                    self.ready_at = self.ready_at or float(value)
                else:
                    out.append((w.queue.popleft(), value))
                    w.since = time.monotonic()
        except (EOFError, OSError):
            w.eof = True  # the worker died: replaced by poll()

    def _check_startup(self, w: _Worker) -> None:
        """Stop the run when workers keep dying before they are ready (they cannot start)."""
        self.deaths_at_start = 0 if w.ready else self.deaths_at_start + 1
        if self.deaths_at_start >= STARTUP_DEATHS:
            raise RuntimeError(
                "vnplan batch: worker processes die as they start; a script that calls run_batch "
                "must do so under `if __name__ == '__main__':` (workers import the main module)")

    def _died(self, w: _Worker) -> str:
        w.proc.join(1)
        code = w.proc.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        return f"the worker process died ({how}) while parsing this document"

    def _replace(self, w: _Worker, out: list[tuple[Task, DocResult]], why: str) -> None:
        """Kill ``w``, settle its running task, requeue the others, start a new worker."""
        w.kill()
        self.workers.remove(w)
        if w.queue:
            head = w.queue.popleft()
            self.backlog.extendleft(reversed(w.queue))
            if why == "timeout":
                t = self.config.timeout
                out.append((head, error_result(head.item.index, "timeout",
                                               f"took longer than {t:g} s (--timeout); its worker was replaced",
                                               seconds=float(t or 0))))
            elif head.item.index in self.retried:
                out.append((head, error_result(head.item.index, "internal", why)))
            else:
                self.retried.add(head.item.index)
                self.backlog.appendleft(head)
        self._spawn()

    def cancel_queued(self) -> list[Task]:
        """Drop the tasks not sent to a worker yet."""
        dropped = list(self.backlog)
        self.backlog.clear()
        return dropped

    def close(self, interrupted: bool = False) -> None:
        """Stop the workers: at once when ``interrupted`` (their running documents are lost)."""
        for w in self.workers:
            if interrupted:
                w.kill()
                continue
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in self.workers:
            if not interrupted:
                w.proc.join(10)
                if w.proc.is_alive():  # pragma: no cover
                    w.kill()
                w.conn.close()
        self.workers.clear()
