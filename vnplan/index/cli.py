"""``vnplan index OUTDIR_OR_JSONL -o plans.db`` and ``vnplan query plans.db "SQL"``."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from typing import Any

_INDEX_EPILOG = """\
examples:
  vnplan batch corpus/raw -o out && vnplan index out -o plans.db
  vnplan index out/plans.jsonl -o plans.db      a --format jsonl batch output
A plan whose source sha256 is already in the database is skipped, so re-running adds only new
plans. An input that is not a valid Plan JSON is reported (and kept in index_errors); the rest
is indexed.
"""
_QUERY_EPILOG = """\
tables: plans, plans_text, sections, targets, quantities, agencies, agency_roles, tasks,
  task_agencies, deadlines, deadline_occurrences, legal_refs, funding, index_errors;
full text: plans_fts (title, text), tasks_fts (text);
views: targets_by_subject, reporting_calendar, agency_load, cited_documents.
examples:
  vnplan query plans.db "SELECT * FROM agency_load LIMIT 10"
  vnplan query plans.db "SELECT number, issuer FROM plans WHERE year = 2025" --format csv
"""


def register(subparsers: Any) -> None:
    """Add the ``index`` and ``query`` subcommands to the ``vnplan`` command's subparsers."""
    raw = argparse.RawDescriptionHelpFormatter
    sp = subparsers.add_parser("index", help="build or update an SQLite index of batch output",
                               description="Index Plans into an SQLite database (incremental).",
                               epilog=_INDEX_EPILOG, formatter_class=raw)
    sp.add_argument("input", metavar="OUTDIR_OR_JSONL", help="a batch output folder, a .jsonl of Plans or a Plan JSON")
    sp.add_argument("-o", "--out", required=True, metavar="DB", help="the SQLite database (created when missing)")
    sp.set_defaults(func=run_index)
    sp = subparsers.add_parser("query", help="run SQL on an index and print the answer",
                               description="Run one SQL statement on a vnplan index (read-only).",
                               epilog=_QUERY_EPILOG, formatter_class=raw)
    sp.add_argument("db", metavar="DB", help="an index built by 'vnplan index'")
    sp.add_argument("sql", metavar="SQL", help="the SQL statement")
    sp.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default table)")
    sp.add_argument("--max-width", type=int, default=60, metavar="N", help="cut table cells at N characters (default 60)")
    sp.set_defaults(func=run_query_cmd)


def index_into(source: str, db: str) -> int:
    """Index ``source`` into ``db``, printing each failed input and a summary on stderr; 1 when
    an input failed, else 0. ``vnplan index`` and ``vnplan batch --index`` both call this."""
    from .build import build_index

    def report(where: str, msg: str) -> None:
        print(f"vnplan: {where}: {msg}", file=sys.stderr)

    r = build_index(source, db, on_error=report)
    print(f"{r.added} plans added, {r.skipped} already indexed, {len(r.errors)} errors -> {db}", file=sys.stderr)
    return 1 if r.errors else 0


def run_index(args: argparse.Namespace) -> int:
    """Run ``vnplan index``; exit 1 when any input failed (the others are indexed)."""
    return index_into(args.input, args.out)


def run_query_cmd(args: argparse.Namespace) -> int:
    """Run ``vnplan query``; exit 1 for a missing database or an SQL error."""
    from .query import format_result, run_query

    try:
        cols, rows = run_query(args.db, args.sql)
    except (FileNotFoundError, sqlite3.Error) as e:
        print(f"vnplan: {args.db}: {e}", file=sys.stderr)
        return 1
    sys.stdout.write(format_result(cols, rows, args.format, args.max_width))
    return 0
