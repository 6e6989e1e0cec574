"""The batch's own error: a usage error (exit status 2)."""

from __future__ import annotations


class BatchUsageError(ValueError):
    """A usage error (missing input, OUTDIR is a file or in use, bad option): exit status 2."""
