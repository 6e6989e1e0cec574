"""Test hooks for the batch engines (used by ``tests/``; not part of the public API).

``run_batch(..., _parse="vnplan.batch.testing:FUNCTION")`` makes every worker parse with
FUNCTION instead of :func:`~vnplan.batch.work.parse_item`. The name is resolved inside the
worker, so the hook works with worker processes forked from the fork server, where a
monkeypatch made in the test process would not be seen.
"""

from __future__ import annotations

import os
import time
from typing import Any

from ..archive import Limits, WorkItem
from .work import parse_item

SLOW_SECONDS = 0.25


def _name(item: WorkItem) -> str:
    return os.path.basename(item.member or item.source)


def hang_on_hang(item: WorkItem, limits: Limits, data: bytes, ocr: str = "auto") -> Any:
    """Never return for a document whose file name contains ``hang``; parse the others."""
    if "hang" in _name(item):
        while True:
            time.sleep(60)
    return parse_item(item, limits, data, ocr)


def slow(item: WorkItem, limits: Limits, data: bytes, ocr: str = "auto") -> Any:
    """Sleep :data:`SLOW_SECONDS` before parsing (a batch that can be killed half way)."""
    time.sleep(SLOW_SECONDS)
    return parse_item(item, limits, data, ocr)


def die_on_die(item: WorkItem, limits: Limits, data: bytes, ocr: str = "auto") -> Any:
    """Kill the worker process on a document whose file name contains ``die``."""
    if "die" in _name(item):
        os._exit(3)
    return parse_item(item, limits, data, ocr)
