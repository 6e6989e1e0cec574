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
* ``manifest.jsonl``: one row per file under the inputs (documents, and files vnplan does not
  read: ``unsupported_format``), in input order: ``source``, ``member``,
  ``output``, ``format``, ``sha256`` (of the input bytes), ``status`` (``ok``/``error``),
  ``skipped`` (true when ``--resume`` kept a previous output), ``error_kind`` (the error's
  ``kind``: ``corrupt``, ``empty``, ``not_a_plan``, ``path_traversal``, ``archive_limit``,
  ``unsupported_format``, ``scanned``, ``timeout``, ``internal`` for a parser bug …), ``error`` (message), ``counts`` (length of each fact list),
  ``seconds``, ``output_sha256`` and ``vnplan_version``. Only ``seconds`` varies between runs.

How it stays correct:

* **Deterministic**: inputs are listed in a fixed order before any work starts
  (:func:`vnplan.archive.collect_items`), each output depends only on its document, results
  are consumed as they complete but the manifest and ``plans.jsonl`` are written in input
  order; the worker count changes nothing in the outputs.
* **Atomic**: every file is written to a temporary file in its folder and renamed
  (:func:`vnplan.fileio.write_atomic`); a killed run leaves whole files or none. During a JSON
  run every row also goes to a journal as soon as its output is in place, so a run killed
  even with SIGKILL is resumed without losing what it finished (:mod:`.manifest`).
* **Exclusive**: a second batch on the same OUTDIR fails at once (:mod:`.lock`).
* **Resumable**: with ``resume=True`` a document is skipped when the previous manifest has an
  ``ok`` row for the same source and member, with the same input ``sha256``, vnplan version
  and output file (checked by its own sha256). Its row is carried over, marked ``skipped``.
* **Robust**: a bad document gives an ``error`` row and the run goes on; any exception in the
  parser is caught (``internal``, message with the exception type); a worker process that
  dies is replaced and its document retried once; a document running past ``timeout``
  seconds (default 300) gets a ``timeout`` row and its worker is replaced. ``fail_fast=True`` stops at the first
  error. Ctrl-C cancels pending work, keeps finished outputs, writes the manifest of what
  finished and gives exit status 130.

Engines (:mod:`.engines`): ``local`` runs worker processes forked from a warm fork server,
started while the inputs are listed (``workers=0`` runs in this process, for debugging);
``dask`` runs the same per-document function (:func:`convert_item`) on a ``distributed``
cluster (``pip install 'vnplan[dask]'``). For Dask users, :func:`plans_bag` turns paths into
a ``dask.bag.Bag`` of :class:`~vnplan.models.Plan`.

Modules, one job each: listing the inputs is :mod:`vnplan.archive`; :mod:`.work` converts one
document; :mod:`.engines` run it; :mod:`.sinks` write outputs; :mod:`.manifest` holds the
manifest, its journal and resume; :mod:`.lock` the OUTDIR lock; :mod:`.progress` the bar;
:mod:`.result` the summary; :mod:`.run` ties them together; :mod:`.cli` is the command line;
:mod:`.bag` the Dask bag; :mod:`.warmup` warms worker processes; :mod:`.testing` holds test hooks.
"""

from __future__ import annotations

from .bag import plans_bag
from .cli import main, register
from .errors import BatchUsageError
from .manifest import MANIFEST, PLANS_JSONL, read_manifest
from .progress import Progress
from .result import BatchResult
from .run import DEFAULT_TIMEOUT, run_batch
from .warmup import warm_up
from .work import COUNT_FIELDS, DocResult, DocumentTimeoutError, convert_item, parse_item, render

__all__ = [
    "BatchResult",
    "BatchUsageError",
    "COUNT_FIELDS",
    "DEFAULT_TIMEOUT",
    "DocResult",
    "DocumentTimeoutError",
    "MANIFEST",
    "PLANS_JSONL",
    "Progress",
    "convert_item",
    "main",
    "parse_item",
    "plans_bag",
    "read_manifest",
    "register",
    "render",
    "run_batch",
    "warm_up",
]
