"""``vnplan batch``: convert folders and archives of plans to JSON, in parallel, resumably.

Python API::

    from vnplan.batch import run_batch
    result = run_batch(["plans/", "dl/2024.zip"], "out/", workers=4)
    result.exit_code          # 0 all ok, 1 some failed, 130 interrupted

Outputs in OUTDIR:

* ``--format json`` (default): one JSON per document at its relative path (see
  :mod:`vnplan.archive` for the naming rules). The bytes are exactly what ``vnplan parse FILE``
  prints (``plan.to_json(indent=2) + "\\n"``); for an archive member ``source.path`` is the
  archive path and ``source.member`` the member name.
* ``--format jsonl``: one ``plans.jsonl``, a line of compact JSON per good document, in input
  order (the manifest's ``line`` field gives each document's line number, from 0).
* ``manifest.jsonl``: one row per document, in input order: ``source``, ``member``,
  ``output``, ``format``, ``sha256`` (of the input bytes), ``status`` (``ok``/``error``),
  ``skipped`` (true when ``--resume`` kept a previous output), ``error_kind`` (the error's
  ``kind``: ``corrupt``, ``empty``, ``not_a_plan``, ``path_traversal``, ``archive_limit``,
  ``internal`` for a parser bug …), ``error`` (message), ``counts`` (length of each fact list),
  ``seconds``, ``output_sha256`` and ``vnplan_version``. Only ``seconds`` varies between runs.

How it stays correct:

* **Deterministic**: inputs are listed in a fixed order before any work starts
  (:func:`vnplan.archive.collect_items`), each output depends only on its document, results
  are consumed as they complete but the manifest and ``plans.jsonl`` are written in input
  order; the worker count changes nothing in the outputs.
* **Atomic**: every file is written to a temporary file in its folder and renamed
  (:func:`vnplan.fileio.write_atomic`); a killed run leaves whole files or none. During a JSON
  run the manifest is also checkpointed every few seconds, so a killed run can be resumed.
* **Resumable**: with ``resume=True`` a document is skipped when the previous manifest has an
  ``ok`` row for the same source and member, with the same input ``sha256``, vnplan version
  and output file (checked by its own sha256). Its row is carried over, marked ``skipped``.
* **Robust**: a bad document gives an ``error`` row and the run goes on; any exception in the
  parser is caught (``internal``, message with the exception type); a worker process that
  dies is replaced and its documents retried once. ``fail_fast=True`` stops at the first
  error. Ctrl-C cancels pending work, keeps finished outputs, writes the manifest of what
  finished and gives exit status 130.

Engines: ``local`` runs a :class:`concurrent.futures.ProcessPoolExecutor` (``workers=0`` runs
in this process, for debugging); ``dask`` runs the same per-document function
(:func:`convert_item`) on a ``distributed`` cluster (``pip install 'vnplan[dask]'``). For Dask
users, :func:`plans_bag` turns paths into a ``dask.bag.Bag`` of :class:`~vnplan.models.Plan`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from .archive import DEFAULT_LIMITS, Limits, WorkItem, collect_items, with_payloads

PathLike = Union[str, "os.PathLike[str]"]

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
MANIFEST = "manifest.jsonl"
PLANS_JSONL = "plans.jsonl"
CHECKPOINT_SECONDS = 10.0
_MAX_MESSAGE = 500


class BatchUsageError(ValueError):
    """A usage error (missing input, OUTDIR is a file, bad option): exit status 2."""


# ------------------------------------------------------------------------ per-document work


@dataclass
class DocResult:
    """What converting one document gave (sent back from the worker)."""

    index: int
    status: str  # "ok" | "error" | "skipped"
    sha256: Optional[str] = None
    error_kind: Optional[str] = None
    error: Optional[str] = None
    counts: Optional[dict[str, int]] = None
    seconds: float = 0.0
    text: Optional[str] = None
    maxrss_kb: int = 0


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
    return plan.to_json(indent=2 if fmt == "json" else None) + "\n"


def parse_item(item: WorkItem, limits: Limits = DEFAULT_LIMITS, data: Optional[bytes] = None) -> Any:
    """Parse one work item into a :class:`~vnplan.models.Plan` (raises VnplanError on bad input).

    A file is parsed like ``vnplan.parse_file(path)`` (same ``source``); an archive member gets
    ``source.path`` = the archive path and ``source.member`` = the member name.
    """
    from .pipeline import parse_bytes

    if data is None:
        data = item.read(limits)
    return parse_bytes(data, item.fmt or "txt", item.source, item.member)


def convert_item(
    item: WorkItem,
    expect_sha256: Optional[str] = None,
    fmt: str = "json",
    limits: Limits = DEFAULT_LIMITS,
) -> DocResult:
    """Read, parse and render one document; never raises for a bad document.

    When ``expect_sha256`` equals the hash of the input bytes the document is not parsed
    (status ``skipped``: the caller already holds a valid output for it). Errors become
    ``status="error"`` with the error's ``kind``; any other exception is ``internal``.
    This is the function run in worker processes and on Dask workers.
    """
    from .errors import VnplanError

    t0 = time.perf_counter()
    res = DocResult(index=item.index, status="error")
    try:
        data = item.read(limits)
        res.sha256 = hashlib.sha256(data).hexdigest()
        if expect_sha256 is not None and res.sha256 == expect_sha256:
            res.status = "skipped"
        else:
            plan = parse_item(item, limits, data)
            res.text = render(plan, fmt)
            res.counts = _counts(plan)
            res.status = "ok"
    except VnplanError as e:
        res.error_kind = getattr(e, "kind", "error") or "error"
        res.error = _short(getattr(e, "message", None) or str(e))
    except Exception as e:
        res.error_kind = "internal"
        res.error = _short(f"{type(e).__name__}: {e}")
    res.seconds = time.perf_counter() - t0
    res.maxrss_kb = _maxrss_kb()
    return res


def _short(msg: str) -> str:
    msg = " ".join(str(msg).split())
    return msg if len(msg) <= _MAX_MESSAGE else msg[: _MAX_MESSAGE - 1] + "…"


# A small plan that touches every lazily loaded part of the parser (header, sections, legal
# references, agencies, targets, deadlines, funding), parsed once per process by warm_up().
_WARM_PLAN = """ỦY BAN NHÂN DÂN
TỈNH KON TUM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND
Kon Tum, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Phát triển hợp tác xã nông nghiệp năm 2024

Căn cứ Quyết định số 340/QĐ-TTg ngày 12/3/2021 của Thủ tướng Chính phủ;

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao hiệu quả hoạt động của các hợp tác xã nông nghiệp trên địa bàn tỉnh.
II. MỤC TIÊU
Phấn đấu đến năm 2025 có 80% hợp tác xã hoạt động hiệu quả, tăng 10% so với cùng kỳ; hỗ trợ 1.200 hộ dân.
III. NHIỆM VỤ, GIẢI PHÁP
1. Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Sở Tài chính triển khai thực hiện; hoàn thành trước ngày 30/6/2024.
2. Định kỳ hằng quý, UBND các huyện báo cáo kết quả về Sở Nông nghiệp và Phát triển nông thôn.
IV. KINH PHÍ
Kinh phí thực hiện từ nguồn ngân sách nhà nước và nguồn xã hội hóa.
V. TỔ CHỨC THỰC HIỆN
Ủy ban nhân dân các huyện, thành phố tổ chức thực hiện Kế hoạch này.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""

_WARM = False
_WARM_ENV = "VNPLAN_BATCH_WARM_FORKSERVER"


def warm_up() -> None:
    """Import vnplan and load its lazy models (spaCy matcher, word segmenter) in this process.

    Run once per process: in the fork server (then every worker forked from it starts warm
    and shares those pages copy-on-write) or, failing that, in each worker's initializer.
    Never raises: a failure here only means the first real document pays the loading time.
    """
    global _WARM
    if _WARM:
        return
    _WARM = True
    import importlib

    for mod in ("vnplan", "vnplan.readers.text", "vnplan.readers.markdown", "vnplan.readers.html",
                "vnplan.readers.pdf", "vnplan.readers.docx"):
        try:
            importlib.import_module(mod)
        except Exception:
            pass
    try:
        from .pipeline import parse_text

        parse_text(_WARM_PLAN)
    except Exception:
        pass
    try:  # models loaded only by some documents (long target subjects): load them now
        from . import nlp

        nlp.get_nlp()
        nlp.word_segment("Phát triển hợp tác xã nông nghiệp")
    except Exception:
        pass


def _init_worker() -> None:
    """Worker initializer: ignore Ctrl-C (the parent handles it) and warm vnplan up once."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # pragma: no cover - not the main thread
        pass
    warm_up()


if os.environ.get(_WARM_ENV) == "1":  # imported as the fork server's preload
    os.environ.pop(_WARM_ENV, None)
    warm_up()


# ------------------------------------------------------------------------ engines


class _Resubmit(Exception):
    """The worker pool broke under this document: submit it again (once)."""


class _InlineEngine:
    """Runs each document in the calling process (``workers=0``)."""

    window = 1

    def submit(self, *args: Any) -> Any:
        import concurrent.futures as cf

        fut: cf.Future = cf.Future()
        fut.set_result(convert_item(*args))
        return fut

    def wait(self, futures: Iterable[Any], timeout: float) -> set:
        return {f for f in futures if f.done()}

    def outcome(self, fut: Any, item: WorkItem) -> DocResult:
        return fut.result()

    def cancel(self, futures: Iterable[Any]) -> None:
        pass

    def close(self, interrupted: bool = False) -> None:
        pass


def _mp_context() -> Any:
    """The multiprocessing context of the local engine.

    ``forkserver`` where available: workers fork from a clean server process (safe even when
    the caller runs threads, e.g. a Dask client), which preloads ``vnplan.batch`` and runs
    :func:`warm_up` once, so workers start with the parser's models already loaded. ``spawn``
    elsewhere (each worker then warms up in its initializer).
    """
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file and not os.path.exists(main_file) and "fork" in methods:
        # a main script read from stdin cannot be re-imported by forkserver/spawn workers
        return mp.get_context("fork")
    if "forkserver" not in methods:
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    try:
        from multiprocessing import forkserver

        forkserver.set_forkserver_preload(["vnplan.batch"])
        os.environ[_WARM_ENV] = "1"  # read by this module when the server imports it
        try:
            forkserver.ensure_running()
        finally:
            os.environ.pop(_WARM_ENV, None)
    except Exception:  # pragma: no cover - the pool will start the server itself
        pass
    return ctx


class _LocalEngine:
    """A process pool; a pool broken by a dying worker is replaced and its documents retried."""

    def __init__(self, workers: int):
        self.workers = workers
        self.window = max(2, workers * 4)
        self.generation = 0
        self.gen_of: dict[Any, int] = {}
        self.retried: set[int] = set()
        self._ctx = _mp_context()
        self.pool = self._new_pool()

    def _new_pool(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        self.generation += 1
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self._ctx, initializer=_init_worker)

    def submit(self, *args: Any) -> Any:
        fut = self.pool.submit(convert_item, *args)
        self.gen_of[fut] = self.generation
        return fut

    def wait(self, futures: Iterable[Any], timeout: float) -> set:
        import concurrent.futures as cf

        done, _ = cf.wait(list(futures), timeout=timeout, return_when=cf.FIRST_COMPLETED)
        return done

    def outcome(self, fut: Any, item: WorkItem) -> DocResult:
        from concurrent.futures.process import BrokenProcessPool

        gen = self.gen_of.pop(fut, self.generation)
        try:
            return fut.result()
        except BrokenProcessPool:
            if gen == self.generation:
                old = self.pool
                self.pool = self._new_pool()
                old.shutdown(wait=False, cancel_futures=True)
            if item.index in self.retried:
                return DocResult(
                    item.index, "error", error_kind="internal",
                    error="BrokenProcessPool: the worker process died while parsing this document",
                )
            self.retried.add(item.index)
            raise _Resubmit() from None
        except Exception as e:
            return DocResult(item.index, "error", error_kind="internal", error=_short(f"{type(e).__name__}: {e}"))

    def cancel(self, futures: Iterable[Any]) -> None:
        for f in futures:
            f.cancel()

    def close(self, interrupted: bool = False) -> None:
        if interrupted:
            # Workers still busy with a document are stopped: their output was not written.
            procs = list((getattr(self.pool, "_processes", None) or {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:
                try:
                    p.terminate()
                except Exception:  # pragma: no cover
                    pass
            for p in procs:
                try:
                    p.join(2)
                except Exception:  # pragma: no cover
                    pass
        else:
            self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskEngine:
    """The same :func:`convert_item` on a ``distributed`` cluster."""

    def __init__(self, scheduler: Any, workers: Optional[int]):
        distributed = _import_distributed()
        self._own_client = False
        self._cluster = None
        if scheduler is None:
            self._cluster = distributed.LocalCluster(
                processes=False, n_workers=1, threads_per_worker=workers or os.cpu_count() or 1,
                dashboard_address=None,
            )
            self.client = distributed.Client(self._cluster, set_as_default=False)
            self._own_client = True
        elif isinstance(scheduler, distributed.Client):
            self.client = scheduler
        else:  # an address string or a cluster object
            self.client = distributed.Client(scheduler, set_as_default=False)
            self._own_client = True
        try:
            nthreads = sum(self.client.nthreads().values())
        except Exception:  # pragma: no cover
            nthreads = 0
        self.window = max(4, (nthreads or 4) * 4)

    def submit(self, *args: Any) -> Any:
        return self.client.submit(convert_item, *args, pure=False)

    def wait(self, futures: Iterable[Any], timeout: float) -> set:
        futures = list(futures)
        deadline = time.monotonic() + timeout
        while True:
            done = {f for f in futures if f.done()}
            if done or time.monotonic() >= deadline:
                return done
            time.sleep(0.01)

    def outcome(self, fut: Any, item: WorkItem) -> DocResult:
        try:
            return fut.result()
        except Exception as e:  # KilledWorker, CancelledError, …
            return DocResult(item.index, "error", error_kind="internal", error=_short(f"{type(e).__name__}: {e}"))
        finally:
            fut.release()

    def cancel(self, futures: Iterable[Any]) -> None:
        futures = list(futures)
        if futures:
            try:
                self.client.cancel(futures)
            except Exception:  # pragma: no cover
                pass

    def close(self, interrupted: bool = False) -> None:
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def _import_distributed() -> Any:
    try:
        import dask.bag  # noqa: F401
        import distributed
    except ImportError as e:
        raise BatchUsageError(
            f"the Dask engine needs dask and distributed ({e.name or e} is missing): "
            "pip install 'vnplan[dask]'"
        ) from None
    return distributed


# ------------------------------------------------------------------------ results


@dataclass
class BatchResult:
    """What a batch run did. ``rows`` are the manifest rows in input order."""

    outdir: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
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
        done = len(self.rows)
        return done / self.seconds if self.seconds > 0 else 0.0

    def slowest(self, n: int = 5) -> list[dict[str, Any]]:
        """The ``n`` documents that took longest (skipped ones excluded)."""
        rows = [r for r in self.rows if not r.get("skipped")]
        return sorted(rows, key=lambda r: -float(r.get("seconds") or 0.0))[:n]

    def summary(self) -> str:
        """A one-screen summary: counts, speed, the slowest files and the first failures."""
        lines = [
            f"vnplan batch: {len(self.rows)} of {self.total} documents in {self.seconds:.1f} s "
            f"({self.docs_per_second:.1f} docs/s): {self.ok} ok, {self.failed} failed, "
            f"{self.skipped} skipped"
        ]
        if self.interrupted:
            lines.append("interrupted: finished outputs were kept")
        elif self.stopped:
            lines.append("stopped at the first failure (--fail-fast)")
        lines.append(f"outputs in {self.outdir} (manifest: {self.outdir / MANIFEST})")
        slow = [r for r in self.slowest(5) if r.get("seconds")]
        if slow:
            lines.append("slowest:")
            for r in slow:
                lines.append(f"  {float(r['seconds']):7.3f} s  {_label(r)}")
        bad = [r for r in self.rows if r["status"] == "error"]
        if bad:
            lines.append(f"failed ({len(bad)}):")
            for r in bad[:8]:
                lines.append(f"  {r['error_kind']}: {_label(r)}: {r['error']}"[:160])
            if len(bad) > 8:
                lines.append(f"  … and {len(bad) - 8} more (see the manifest)")
        return "\n".join(lines)


def _label(row: dict[str, Any]) -> str:
    return f"{row['source']}!{row['member']}" if row.get("member") is not None else str(row["source"])


# ------------------------------------------------------------------------ manifest & outputs


def _sha(data: Union[str, bytes]) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _dumps_row(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(", ", ": "))


def read_manifest(outdir: PathLike) -> list[dict[str, Any]]:
    """The rows of ``OUTDIR/manifest.jsonl`` (unreadable lines are ignored; [] if none)."""
    path = Path(outdir) / MANIFEST
    rows = []
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                if isinstance(row, dict) and "source" in row:
                    rows.append(row)
    except OSError:
        return []
    return rows


def _write_manifest(outdir: Path, rows: Iterable[dict[str, Any]]) -> None:
    from .fileio import write_atomic

    text = "".join(_dumps_row(r) + "\n" for r in rows)
    write_atomic(outdir / MANIFEST, text.encode("utf-8", "backslashreplace"))


class _OldJsonl:
    """Random access to the lines of a previous ``plans.jsonl`` (offsets only in memory)."""

    def __init__(self, path: Path):
        self.path = path
        self.offsets: list[int] = []
        self._fh = None
        try:
            self._fh = open(path, "rb")
        except OSError:
            return
        pos = 0
        for line in self._fh:
            self.offsets.append(pos)
            pos += len(line)

    def line(self, n: Any) -> Optional[bytes]:
        if self._fh is None or not isinstance(n, int) or not 0 <= n < len(self.offsets):
            return None
        self._fh.seek(self.offsets[n])
        return self._fh.readline()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class _JsonlSink:
    """Writes ``plans.jsonl`` in input order through a temporary file renamed at the end."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        fd, self.tmp = tempfile.mkstemp(prefix=f".{PLANS_JSONL}.", suffix=".tmp", dir=outdir)
        self.fh = os.fdopen(fd, "wb")
        self.next = 0  # lowest index not yet flushed
        self.line = 0
        self.buf: dict[int, Optional[bytes]] = {}

    def put(self, index: int, data: Optional[bytes], rows: dict[int, dict[str, Any]]) -> None:
        self.buf[index] = data
        while self.next in self.buf:
            self._emit(self.next, rows)
            self.next += 1

    def _emit(self, index: int, rows: dict[int, dict[str, Any]]) -> None:
        data = self.buf.pop(index)
        if data is not None:
            self.fh.write(data)
            if index in rows:
                rows[index]["line"] = self.line
            self.line += 1

    def commit(self, rows: dict[int, dict[str, Any]]) -> None:
        for index in sorted(self.buf):
            self._emit(index, rows)
        self.fh.close()
        os.replace(self.tmp, self.outdir / PLANS_JSONL)

    def abort(self) -> None:
        try:
            self.fh.close()
        finally:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass


def _clean_stale_temps(outdir: Path) -> None:
    """Remove temporary files a killed run left (``.NAME.XXXXXXXX.tmp`` next to their target)."""
    import re

    pat = re.compile(r"^\..+\.jsonl?\.[a-z0-9_]{8}\.tmp$")
    for dirpath, _dirs, files in os.walk(outdir):
        for f in files:
            if pat.match(f):
                try:
                    os.unlink(os.path.join(dirpath, f))
                except OSError:
                    pass


# ------------------------------------------------------------------------ the run


class _Progress:
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
        if self.bar is not None:
            if row["status"] == "error":
                self.failed += 1
                self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _resolve_workers(workers: Optional[int]) -> int:
    if workers is None:
        return os.cpu_count() or 1
    if workers < 0:
        raise BatchUsageError(f"--workers must be 0 or more, not {workers}")
    return workers


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
    limits: Limits = DEFAULT_LIMITS,
    progress: Optional[bool] = None,
) -> BatchResult:
    """Convert every document of ``inputs`` (files, folders, archives) into ``outdir``.

    ``workers``: processes of the local engine (default: all cores; 0 runs in this process)
    or threads of the local Dask cluster. ``fmt``: ``"json"`` (one file per document) or
    ``"jsonl"`` (one ``plans.jsonl``). ``engine``: ``"local"`` or ``"dask"``; ``scheduler``
    (Dask only): a scheduler address, a ``distributed.Client`` or a cluster object; None
    starts an in-process ``LocalCluster``. ``progress``: show the tqdm bar (default: when
    stderr is a TTY and not ``quiet``); ``quiet`` also silences the final summary.

    Raises :class:`BatchUsageError` for usage errors (missing input, OUTDIR is a file, bad
    option, Dask not installed). Bad documents never raise: see :class:`BatchResult`.
    """
    if fmt not in ("json", "jsonl"):
        raise BatchUsageError(f"--format must be json or jsonl, not {fmt!r}")
    if engine not in ("local", "dask"):
        raise BatchUsageError(f"--engine must be local or dask, not {engine!r}")
    if scheduler is not None and engine != "dask":
        raise BatchUsageError("--scheduler needs --engine dask")
    nworkers = _resolve_workers(workers)
    if not inputs:
        raise BatchUsageError("no input given")
    missing = [os.fspath(p) for p in inputs if not os.path.lexists(os.fspath(p))]
    if missing:
        raise BatchUsageError("no such file or directory: " + ", ".join(missing))
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise BatchUsageError(f"OUTDIR {out} exists and is not a folder")
    if engine == "dask":
        _import_distributed()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BatchUsageError(f"cannot create OUTDIR {out}: {e.strerror or e}") from None

    t0 = time.perf_counter()
    items = collect_items(inputs, limits=limits, exclude=out)
    _clean_stale_temps(out)
    run = _Run(items, out, fmt=fmt, resume=resume, fail_fast=fail_fast, limits=limits)
    show = (not quiet and sys.stderr.isatty()) if progress is None else progress
    eng: Any
    if engine == "dask":
        eng = _DaskEngine(scheduler, workers)
    elif nworkers == 0:
        eng = _InlineEngine()
    else:
        eng = _LocalEngine(min(nworkers, max(1, len(items))))
    result = run.execute(eng, _Progress(len(items), show))
    result.seconds = time.perf_counter() - t0
    if not quiet:
        print(result.summary(), file=sys.stderr)
    return result


class _Run:
    """State of one batch run: submission window, results in input order, outputs."""

    def __init__(self, items: list[WorkItem], outdir: Path, *, fmt: str, resume: bool, fail_fast: bool,
                 limits: Limits):
        from . import __version__

        self.items = items
        self.outdir = outdir
        self.out_real = outdir.resolve()
        self.fmt = fmt
        self.resume = resume
        self.fail_fast = fail_fast
        self.limits = limits
        self.version = __version__
        self.rows: dict[int, dict[str, Any]] = {}
        self.old: dict[tuple[str, Optional[str]], dict[str, Any]] = {}
        self.old_jsonl: Optional[_OldJsonl] = None
        if resume:
            for row in read_manifest(outdir):
                if row.get("status") == "ok":
                    self.old[(row["source"], row.get("member"))] = row
            if fmt == "jsonl":
                self.old_jsonl = _OldJsonl(outdir / PLANS_JSONL)
        self.sink: Optional[_JsonlSink] = None
        self.pending_old: dict[int, tuple[dict[str, Any], Optional[bytes]]] = {}
        self.stop = False
        self.peak_rss_kb = 0
        self._last_checkpoint = time.monotonic()

    # -- resume ----------------------------------------------------------------------------

    def _resume_expect(self, item: WorkItem) -> Optional[str]:
        """The input sha256 under which this item's previous output may be kept, or None."""
        if not self.resume or item.output is None:
            return None
        row = self.old.get((item.source, item.member))
        if not row or row.get("vnplan_version") != self.version or not row.get("sha256"):
            return None
        if self.fmt == "json":
            if row.get("output") != item.output or "line" in row:
                return None
            try:
                data = (self.outdir / item.output).read_bytes()
            except OSError:
                return None
            if _sha(data) != row.get("output_sha256"):
                return None
            self.pending_old[item.index] = (row, None)
        else:
            if row.get("output") != PLANS_JSONL or self.old_jsonl is None:
                return None
            data = self.old_jsonl.line(row.get("line"))
            if data is None or _sha(data) != row.get("output_sha256"):
                return None
            self.pending_old[item.index] = (row, data)
        return str(row["sha256"])

    # -- results ---------------------------------------------------------------------------

    def _target(self, rel: str) -> Path:
        path = self.outdir / rel
        real = path.resolve()
        if real != self.out_real and self.out_real not in real.parents:
            from .archive import PathTraversalError

            raise PathTraversalError("path traversal: the output would land outside OUTDIR", rel)
        return path

    def record(self, item: WorkItem, res: DocResult, progress: _Progress) -> None:
        """Write the document's output (if any) and its manifest row."""
        from .fileio import write_atomic

        self.peak_rss_kb = max(self.peak_rss_kb, res.maxrss_kb)
        old = self.pending_old.pop(item.index, None)
        line_data: Optional[bytes] = None
        if res.status == "skipped" and old is not None:
            row = dict(old[0])
            row["skipped"] = True
            row["seconds"] = round(res.seconds, 4)
            row.pop("line", None)
            line_data = old[1]
        else:
            if res.status == "skipped":  # cannot happen: no expectation without an old row
                res.status, res.error_kind, res.error = "error", "internal", "skipped without a previous output"
            row = {
                "source": item.source,
                "member": item.member,
                "output": None,
                "format": item.fmt,
                "sha256": res.sha256,
                "status": res.status,
                "skipped": False,
                "error_kind": res.error_kind,
                "error": res.error,
                "counts": res.counts,
                "seconds": round(res.seconds, 4),
                "output_sha256": None,
                "vnplan_version": self.version,
            }
            if res.status == "ok" and res.text is not None and item.output is not None:
                raw = res.text.encode("utf-8")
                try:
                    if self.fmt == "json":
                        write_atomic(self._target(item.output), raw)
                        row["output"] = item.output
                    else:
                        line_data = raw
                        row["output"] = PLANS_JSONL
                    row["output_sha256"] = _sha(raw)
                except Exception as e:  # disk full, permission, unsafe target …
                    from .errors import VnplanError

                    line_data = None
                    row.update(
                        status="error",
                        error_kind=getattr(e, "kind", None) if isinstance(e, VnplanError) else "write_failed",
                        error=_short(getattr(e, "message", None) or f"{type(e).__name__}: {e}"),
                        counts=None,
                        output=None,
                        output_sha256=None,
                    )
            elif res.status == "error" and self.fmt == "json" and item.output is not None:
                self._remove_stale(item.output)
        self.rows[item.index] = row
        if self.sink is not None:
            self.sink.put(item.index, line_data, self.rows)
        progress.update(row)
        if row["status"] == "error" and self.fail_fast:
            self.stop = True

    def _remove_stale(self, rel: str) -> None:
        """A document that now fails must not keep the output of an earlier run."""
        try:
            self._target(rel).unlink()
        except Exception:  # missing, or refused as outside OUTDIR
            pass

    def _manifest_rows(self) -> list[dict[str, Any]]:
        rows = dict(self.rows)
        if self.resume:
            # documents this run did not reach keep their previous rows (their outputs are untouched)
            for item in self.items:
                if item.index not in rows and item.output is not None:
                    old = self.old.get((item.source, item.member))
                    if old is not None and (self.fmt == "json" and old.get("output") == item.output):
                        rows[item.index] = old
        return [rows[i] for i in sorted(rows)]

    def _checkpoint(self, force: bool = False) -> None:
        if self.fmt != "json":
            return  # plans.jsonl is committed only at the end: the old manifest stays valid
        now = time.monotonic()
        if force or now - self._last_checkpoint >= CHECKPOINT_SECONDS:
            _write_manifest(self.outdir, self._manifest_rows())
            self._last_checkpoint = now

    # -- main loop -------------------------------------------------------------------------

    def execute(self, engine: Any, progress: _Progress) -> BatchResult:
        result = BatchResult(outdir=self.outdir, total=len(self.items))
        if self.fmt == "jsonl":
            self.sink = _JsonlSink(self.outdir)
        feed: Iterator[WorkItem] = with_payloads(self.items, self.limits)
        pending: dict[Any, tuple[WorkItem, Optional[str]]] = {}
        exhausted = False
        fed = 0
        max_ahead = max(256, engine.window * 8)
        interrupted = False
        crashed = True  # until the loop ends normally or by Ctrl-C
        try:
            try:
                while True:
                    while not self.stop and not exhausted and len(pending) < engine.window:
                        if self.sink is not None and fed - self.sink.next >= max_ahead:
                            break  # keep the reorder buffer of plans.jsonl bounded
                        item = next(feed, None)
                        if item is None:
                            exhausted = True
                            break
                        fed = item.index + 1
                        if item.error_kind is not None:
                            self.record(item, DocResult(item.index, "error", error_kind=item.error_kind,
                                                        error=item.error), progress)
                            continue
                        expect = self._resume_expect(item)
                        pending[engine.submit(item, expect, self.fmt, self.limits)] = (item, expect)
                    if not pending and (exhausted or self.stop):
                        break
                    for fut in engine.wait(pending.keys(), 0.5):
                        item, expect = pending.pop(fut)
                        try:
                            res = engine.outcome(fut, item)
                        except _Resubmit:
                            pending[engine.submit(item, expect, self.fmt, self.limits)] = (item, expect)
                            continue
                        self.record(item, res, progress)
                    if self.stop and pending:
                        engine.cancel([f for f in pending if not f.done()])
                        for fut in [f for f in pending if f.cancelled()]:
                            pending.pop(fut)
                    self._checkpoint()
            except KeyboardInterrupt:
                interrupted = True
                engine.cancel(list(pending))
                try:
                    for fut in list(pending):
                        if fut.done() and not fut.cancelled():
                            item, _ = pending.pop(fut)
                            try:
                                self.record(item, engine.outcome(fut, item), progress)
                            except _Resubmit:
                                pass
                except KeyboardInterrupt:
                    pass
            crashed = False
        finally:
            progress.close()
            try:
                engine.close(interrupted=interrupted or crashed)
            except KeyboardInterrupt:  # pragma: no cover - a second Ctrl-C
                interrupted = True
            if self.old_jsonl is not None:
                self.old_jsonl.close()
            if self.sink is not None:
                # an unexpected crash keeps the previous plans.jsonl and manifest, a consistent pair
                if crashed:
                    self.sink.abort()
                else:
                    self.sink.commit(self.rows)
            if self.sink is None or not crashed:
                _write_manifest(self.outdir, self._manifest_rows())
        rows = [self.rows[i] for i in sorted(self.rows)]
        result.rows = rows
        result.ok = sum(1 for r in rows if r["status"] == "ok")
        result.failed = sum(1 for r in rows if r["status"] == "error")
        result.skipped = sum(1 for r in rows if r.get("skipped"))
        result.interrupted = interrupted
        result.stopped = self.stop and not interrupted
        result.peak_worker_rss_mb = round(self.peak_rss_kb / 1024, 1)
        return result


# ------------------------------------------------------------------------ Dask bag API


def plans_bag(
    paths: Sequence[PathLike],
    npartitions: Optional[int] = None,
    *,
    errors: str = "raise",
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    """A ``dask.bag.Bag`` of :class:`~vnplan.models.Plan` objects, one per document of ``paths``.

    ``paths`` may mix files, folders and archives, exactly as ``vnplan batch`` takes them (see
    :mod:`vnplan.archive`); the documents are listed now, in the batch's deterministic order,
    and parsed when the bag is computed. Elements are Plan objects (Pydantic models: use
    ``.map(lambda p: p.model_dump(mode="json"))`` for dicts, or ``.map(vnplan.batch.render)``
    for the JSON text). ``errors="raise"`` (default) lets the first bad document fail the
    computation with its :class:`~vnplan.errors.VnplanError`; ``errors="skip"`` drops bad
    documents. The paths must be readable from the Dask workers (a shared filesystem).
    Each partition streams every tar archive it covers once. Needs ``pip install 'vnplan[dask]'``::

        import vnplan.batch, distributed
        client = distributed.Client("tcp://scheduler:8786")
        bag = vnplan.batch.plans_bag(["plans/", "dl/2024.zip"])
        numbers = bag.map(lambda p: p.metadata.number).compute()
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    try:
        import dask.bag as db
    except ImportError as e:
        raise ImportError("plans_bag needs dask: pip install 'vnplan[dask]'") from e
    items = collect_items(paths, limits=limits)
    if errors == "skip":
        items = [it for it in items if it.error_kind is None]
    if not items:
        return db.from_sequence([], npartitions=1)
    bag = db.from_sequence(items, npartitions=npartitions or min(len(items), 64))
    return bag.map_partitions(_plans_of_partition, errors=errors, limits=limits)


def _plans_of_partition(items: Iterable[WorkItem], errors: str = "raise", limits: Limits = DEFAULT_LIMITS) -> list:
    from .errors import VnplanError

    out = []
    for item in with_payloads(list(items), limits):
        try:
            out.append(parse_item(item, limits))
        except VnplanError:
            if errors == "raise":
                raise
    return out


# ------------------------------------------------------------------------ command line

_DESCRIPTION = """\
Convert many plans at once: any mix of files, folders (walked recursively, keeping .txt .md
.html .pdf .docx) and archives (.zip, .tar, .tar.gz/.tgz, read member by member, never
unpacked to disk). Each document becomes OUTDIR/<relative path>.json, byte for byte what
`vnplan parse FILE` prints; archive members go under OUTDIR/<archive name>/. OUTDIR/manifest.jsonl
gets one row per document (source, member, output, sha256, status ok/error, error kind and
message, counts of each fact list, seconds), in input order. Outputs are deterministic
whatever the worker count, and written atomically.

One bad document (corrupt, encrypted, empty, scanned, not a plan, a parser bug) gives an error
row and the run goes on. Archives are guarded: members named with '..' or an absolute path are
refused (path_traversal), symlinks ignored, member count and uncompressed size capped."""

_EPILOG = """\
exit status: 0 all documents converted, 1 some failed, 2 usage error, 130 interrupted (Ctrl-C
keeps finished outputs and writes the manifest of what finished).

examples:
  vnplan batch plans/ -o out/
  vnplan batch dl/2024.zip dl/2023.tar.gz extra/kh-12.pdf -o out/ --workers 4
  vnplan batch plans/ -o out/ --resume            # only new or changed documents
  vnplan batch plans/ -o out/ --format jsonl      # out/plans.jsonl, one plan per line
  vnplan batch plans/ -o out/ --engine dask --scheduler tcp://10.0.0.5:8786"""


def _cmd_batch(args: argparse.Namespace) -> int:
    try:
        result = run_batch(
            args.inputs,
            args.out,
            workers=args.workers,
            fmt=args.format,
            resume=args.resume,
            fail_fast=args.fail_fast,
            quiet=args.quiet,
            engine=args.engine,
            scheduler=args.scheduler,
        )
    except BatchUsageError as e:
        print(f"vnplan batch: error: {e}", file=sys.stderr)
        return 2
    return result.exit_code


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``batch`` subcommand to the ``vnplan`` command line."""
    sp = subparsers.add_parser(
        "batch",
        help="convert folders and archives of plans to JSON, in parallel",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, .zip/.tar/.tar.gz archives")
    sp.add_argument("-o", "--out", required=True, metavar="OUTDIR", help="output folder (created if missing)")
    sp.add_argument("--workers", type=int, default=None, metavar="N",
                    help="worker processes (default: all cores; 0: in this process); "
                    "with --engine dask and no scheduler: threads of the local cluster")
    sp.add_argument("--format", choices=("json", "jsonl"), default="json",
                    help="json: one file per document (default); jsonl: one OUTDIR/plans.jsonl")
    sp.add_argument("--resume", action="store_true",
                    help="skip documents whose input sha256 and output match an ok row of the existing manifest")
    sp.add_argument("--fail-fast", action="store_true", help="stop at the first document that fails")
    sp.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    sp.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="local: a process pool (default); dask: a Dask cluster (pip install 'vnplan[dask]')")
    sp.add_argument("--scheduler", metavar="ADDRESS",
                    help="Dask scheduler address (tcp://host:8786); default: an in-process local cluster")
    sp.set_defaults(func=_cmd_batch)
    return sp


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run ``vnplan batch`` alone (the same as ``vnplan batch …``)."""
    parser = argparse.ArgumentParser(prog="vnplan")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["batch", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("vnplan: interrupted", file=sys.stderr)
        return 130


__all__ = [
    "BatchResult",
    "BatchUsageError",
    "DocResult",
    "convert_item",
    "parse_item",
    "plans_bag",
    "read_manifest",
    "register",
    "render",
    "run_batch",
]
