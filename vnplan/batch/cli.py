"""``vnplan batch`` on the command line: its options and how they map to :func:`run_batch`.

To add an option: add it in :func:`add_arguments` and pass it on in :func:`run_options`
(the keyword arguments of :func:`~vnplan.batch.run.run_batch`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Optional, Sequence

from .. import limits
from .errors import BatchUsageError
from .run import DEFAULT_TIMEOUT, run_batch

_DESCRIPTION = """\
Convert many plans at once: any mix of files, folders (walked recursively) and archives (.zip,
.tar, .tar.gz/.tgz, read member by member, never unpacked to disk). Each document becomes
OUTDIR/<relative path>.json, byte for byte what `vnplan parse FILE` prints; archive members go
under OUTDIR/<archive name>/. OUTDIR/manifest.jsonl gets one row per file (source, member,
output, sha256, status ok/error, error kind and message, counts of each fact list, seconds),
in input order: a file vnplan does not read gets an error row (unsupported_format), only OS
litter and hidden files (.DS_Store, __MACOSX/, .git/ …) are left out, and counted in the
summary. Outputs are deterministic whatever the worker count, and written atomically.

One bad document (corrupt, encrypted, empty, scanned, not a plan, a parser bug, a document
running past --timeout or over a cap: --max-chars/--max-lines/--max-pages) gives an error row and the run goes on. Archives are guarded: members
named with '..' or an absolute path are refused (path_traversal), symlinks never followed,
member count and uncompressed size capped. One batch at a time per OUTDIR (a lock file)."""

_EPILOG = """\
exit status: 0 all documents converted, 1 some failed, 2 usage error (also: OUTDIR in use by
another batch), 130 interrupted (Ctrl-C keeps finished outputs and writes the manifest of what
finished; a killed run is picked up by --resume).

examples:
  vnplan batch plans/ -o out/
  vnplan batch dl/2024.zip dl/2023.tar.gz extra/kh-12.pdf -o out/ --workers 4
  vnplan batch plans/ -o out/ --resume            # only new or changed documents
  vnplan batch plans/ -o out/ --format jsonl      # out/plans.jsonl, one plan per line
  vnplan batch plans/ -o out/ --timeout 60        # stop any document after a minute
  vnplan batch plans/ -o out/ --max-chars 5000000 --ocr never   # bigger texts, no OCR
  vnplan batch plans/ -o out/ --engine dask --scheduler tcp://10.0.0.5:8786"""


def add_arguments(sp: argparse.ArgumentParser) -> None:
    """The options of ``vnplan batch``."""
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
    sp.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                    help=f"stop a document after SECONDS in its worker process: an error row of kind "
                    f"'timeout', the worker is replaced (default {DEFAULT_TIMEOUT:g}; 0: no limit; "
                    "not enforced with --workers 0 or --engine dask)")
    sp.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    sp.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="local: worker processes (default); dask: a Dask cluster (pip install 'vnplan[dask]')")
    sp.add_argument("--scheduler", metavar="ADDRESS",
                    help="Dask scheduler address (tcp://host:8786); default: an in-process local cluster")
    sp.add_argument("--index", metavar="DB",
                    help="also index the outputs into this SQLite database (as `vnplan index OUTDIR -o DB`)")
    sp.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                    help="PDF pages without a usable text layer: auto (OCR them when the vnplan[ocr] "
                    "extra and Tesseract are installed), always, never (a scan is an error row)")
    limits.add_options(sp)  # --max-chars, --max-lines, --max-pages, as `vnplan parse`


def run_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of :func:`run_batch` given by the parsed options."""
    return {
        "workers": args.workers,
        "fmt": args.format,
        "resume": args.resume,
        "fail_fast": args.fail_fast,
        "quiet": args.quiet,
        "engine": args.engine,
        "scheduler": args.scheduler,
        "timeout": args.timeout,
        "ocr": getattr(args, "ocr", "auto"),
        "limits": limits.from_options(args),
    }


def _cmd_batch(args: argparse.Namespace) -> int:
    try:
        result = run_batch(args.inputs, args.out, **run_options(args))
    except BatchUsageError as e:
        print(f"vnplan batch: error: {e}", file=sys.stderr)
        return 2
    code = result.exit_code
    if args.index:
        from ..index.cli import index_into

        code = max(code, index_into(args.out, args.index))
    return code


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``batch`` subcommand to the ``vnplan`` command line."""
    sp: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help="convert folders and archives of plans to JSON, in parallel",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(sp)
    sp.set_defaults(func=_cmd_batch)
    return sp


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run ``vnplan batch`` alone (the same as ``vnplan batch …``)."""
    parser = argparse.ArgumentParser(prog="vnplan")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["batch", *(sys.argv[1:] if argv is None else argv)])
    try:
        code: int = args.func(args)
        return code
    except KeyboardInterrupt:
        print("vnplan: interrupted", file=sys.stderr)
        return 130
