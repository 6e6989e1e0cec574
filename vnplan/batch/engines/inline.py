"""The inline engine (``workers=0``): each document in the calling process, for debugging.

No per-document timeout is enforced here (nothing can stop a running function safely in the
same process); use worker processes for that.
"""

from __future__ import annotations

import time

from ..work import DocResult, convert_item
from . import JobConfig, Task


class InlineEngine:
    """Runs each task as it is submitted."""

    window = 1

    def __init__(self, config: JobConfig):
        self.config = config
        self.ready_at = 0.0
        self._done: list[tuple[Task, DocResult]] = []

    def start(self) -> None:
        """Nothing to start."""
        self.ready_at = time.time()

    def submit(self, task: Task) -> None:
        """Convert the document now."""
        c = self.config
        self._done.append((task, convert_item(task.item, task.expect, c.fmt, c.limits, outdir=c.outdir,
                                              parse=c.parse, ocr=c.ocr)))

    def poll(self, timeout: float) -> list[tuple[Task, DocResult]]:
        """The results of the tasks submitted since the last poll."""
        done, self._done = self._done, []
        return done

    def in_flight(self) -> int:
        """Results not yet polled."""
        return len(self._done)

    def cancel_queued(self) -> list[Task]:
        """Nothing is ever queued."""
        return []

    def close(self, interrupted: bool = False) -> None:
        """Nothing to stop."""
