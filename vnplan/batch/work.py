"""The per-document work: read, parse, render and (optionally) write one document.

:func:`convert_item` runs in worker processes, on Dask workers or inline; it never raises for
a bad document: every failure becomes a :class:`DocResult` with ``status="error"`` and the
error's ``kind``.
"""

from __future__ import annotations

import hashlib
import importlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Union

from ..archive import DEFAULT_LIMITS, Limits, PathTraversalError, WorkItem
from ..errors import VnplanError

COUNT_FIELDS = (
    "sections",
    "legal_refs",
    "quantities",
    "targets",
    "agencies",
    "tasks",
    "deadlines",
    "funding",
    "tables",
)
_MAX_MESSAGE = 500

ParseFn = Callable[..., Any]
"""``fn(item, limits, data, ocr=...)``: :func:`parse_item` or a test hook."""


class DocumentTimeoutError(VnplanError):
    """A document that ran past the batch's per-document timeout (its worker was replaced)."""

    kind = "timeout"


@dataclass
class DocResult:
    """What converting one document gave (sent back from the worker).

    ``text`` is the rendered output when the caller writes it (JSONL, Dask); when the worker
    wrote the JSON file itself, ``output`` and ``output_sha256`` name it and ``text`` is None.
    """

    index: int
    status: str  # "ok" | "error" | "skipped"
    sha256: Optional[str] = None
    error_kind: Optional[str] = None
    error: Optional[str] = None
    counts: Optional[dict[str, int]] = None
    seconds: float = 0.0
    text: Optional[str] = None
    maxrss_kb: int = 0
    output: Optional[str] = None
    output_sha256: Optional[str] = None


def short(msg: str) -> str:
    """One line of at most 500 characters (error messages in rows and summaries)."""
    msg = " ".join(str(msg).split())
    return msg if len(msg) <= _MAX_MESSAGE else msg[: _MAX_MESSAGE - 1] + "…"


def sha256_of(data: Union[str, bytes]) -> str:
    """Hex sha256 of bytes, or of a string's UTF-8."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def error_result(index: int, kind: str, message: str, seconds: float = 0.0) -> DocResult:
    """An error result made outside :func:`convert_item` (timeouts, dead workers)."""
    return DocResult(index, "error", error_kind=kind, error=short(message), seconds=seconds)


def _counts(plan: Any) -> dict[str, int]:
    out = {}
    for name in COUNT_FIELDS:
        if name == "sections":
            out[name] = sum(1 for _ in plan.iter_sections())
        else:
            out[name] = len(getattr(plan, name))
    return out


def _maxrss_kb() -> int:
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except Exception:  # pragma: no cover - not on POSIX
        return 0


def render(plan: Any, fmt: str = "json") -> str:
    """The output text of a plan: ``vnplan parse`` JSON (json) or one compact line (jsonl)."""
    text: str = plan.to_json(indent=2 if fmt == "json" else None)
    return text + "\n"


def parse_item(item: WorkItem, limits: Limits = DEFAULT_LIMITS, data: Optional[bytes] = None,
               ocr: str = "auto") -> Any:
    """Parse one work item into a :class:`~vnplan.models.Plan` (raises VnplanError on bad input).

    A file is parsed like ``vnplan.parse_file(path, ocr=ocr, limits=limits)`` (same ``source``);
    an archive member gets ``source.path`` = the archive path and ``source.member`` = the
    member name. Past a cap of ``limits`` it raises :class:`~vnplan.errors.InputTooLargeError`.
    """
    from ..pipeline import parse_bytes

    if data is None:
        data = item.read(limits)
    return parse_bytes(data, item.fmt or "txt", item.source, item.member, ocr=ocr, limits=limits)


def resolve_parse(name: Optional[str]) -> ParseFn:
    """The parse function named ``"module:function"`` (a test hook), or :func:`parse_item`."""
    if not name:
        return parse_item
    mod, _, fn = name.partition(":")
    parse: ParseFn = getattr(importlib.import_module(mod), fn)
    return parse


def safe_target(outdir: Path, rel: str) -> Path:
    """``outdir/rel``, refused (:class:`PathTraversalError`) if it resolves outside OUTDIR."""
    path = outdir / rel
    out_real = outdir.resolve()
    real = path.resolve()
    if real != out_real and out_real not in real.parents:
        raise PathTraversalError("path traversal: the output would land outside OUTDIR", rel)
    return path


def write_output(outdir: Path, rel: str, raw: bytes) -> str:
    """Write one JSON output atomically under OUTDIR; its sha256."""
    from ..fileio import write_atomic

    write_atomic(safe_target(outdir, rel), raw)
    return sha256_of(raw)


def write_error(res: DocResult, e: BaseException) -> None:
    """Turn ``res`` into the error row of an output that could not be written."""
    res.status = "error"
    res.error_kind = (getattr(e, "kind", None) if isinstance(e, VnplanError) else None) or "write_failed"
    res.error = short(getattr(e, "message", None) or f"{type(e).__name__}: {e}")
    res.counts = res.text = res.output = res.output_sha256 = None


def convert_item(
    item: WorkItem,
    expect_sha256: Optional[str] = None,
    fmt: str = "json",
    limits: Limits = DEFAULT_LIMITS,
    *,
    outdir: Optional[Union[str, Path]] = None,
    parse: Optional[str] = None,
    ocr: str = "auto",
) -> DocResult:
    """Read, parse and render one document; never raises for a bad document.

    When ``expect_sha256`` equals the hash of the input bytes the document is not parsed
    (status ``skipped``: the caller already holds a valid output for it). Errors become
    ``status="error"`` with the error's ``kind``; any other exception is ``internal``.
    With ``outdir`` (``fmt="json"`` only) the output is written here, atomically, and the
    result carries its name and sha256 instead of the text. ``parse`` names another parse
    function (``"module:function"``, a test hook: see :mod:`vnplan.batch.testing`). ``limits``
    and ``ocr`` (PDF: ``auto``, ``always``, ``never``) are those of ``vnplan.parse_file``.
    """
    t0 = time.perf_counter()
    res = DocResult(index=item.index, status="error")
    try:
        data = item.read(limits)
        res.sha256 = sha256_of(data)
        if expect_sha256 is not None and res.sha256 == expect_sha256:
            res.status = "skipped"
        else:
            plan = resolve_parse(parse)(item, limits, data, ocr=ocr)
            res.text = render(plan, fmt)
            res.counts = _counts(plan)
            res.status = "ok"
    except VnplanError as e:
        res.error_kind = getattr(e, "kind", "error") or "error"
        res.error = short(getattr(e, "message", None) or str(e))
    except Exception as e:
        res.error_kind = "internal"
        res.error = short(f"{type(e).__name__}: {e}")
    if res.status == "ok" and outdir is not None and fmt == "json" and item.output is not None:
        _write_here(res, Path(outdir), item.output)
    res.seconds = time.perf_counter() - t0
    res.maxrss_kb = _maxrss_kb()
    return res


def _write_here(res: DocResult, outdir: Path, rel: str) -> None:
    raw = (res.text or "").encode("utf-8")
    try:
        res.output_sha256 = write_output(outdir, rel, raw)
        res.output = rel
        res.text = None
    except Exception as e:  # disk full, permission, unsafe target …
        write_error(res, e)
