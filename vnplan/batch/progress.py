"""Progress: a tqdm bar on stderr (ETA, docs/s, failures so far)."""

from __future__ import annotations

import sys
from typing import Any


class Progress:
    """A tqdm bar on stderr (ETA, docs/s), or nothing."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if enabled:
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True,
                                desc="vnplan batch", smoothing=0.05)
            except ImportError:  # pragma: no cover
                self.bar = None
        self.failed = 0

    def update(self, row: dict[str, Any]) -> None:
        """One more document finished (its manifest row)."""
        if self.bar is not None:
            if row["status"] == "error":
                self.failed += 1
                self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()
