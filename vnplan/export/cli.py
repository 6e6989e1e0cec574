"""``vnplan export INPUT --to FORMAT``: the exports of :mod:`vnplan.export` on the command line.

Registered by :func:`vnplan.cli.build_parser` through :func:`register`. A bad input prints one
line (``vnplan: FILE: what is wrong``) on stderr and exits 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Union

TARGETS = ("rules", "ics", "csv", "jsonl", "spacy-patterns", "schema")
#: Exports that accept a folder of Plan JSON files (batch output) as INPUT.
FOLDER_TARGETS = ("csv", "jsonl")
#: Exports that take no INPUT.
NO_INPUT_TARGETS = ("spacy-patterns", "schema")

_EPILOG = """\
examples:
  vnplan export plan.txt --to rules              rule config (YAML) on stdout
  vnplan export plan.json --to rules --format json -o rules.json
  vnplan export plan.docx --to ics -o plan.ics   deadlines as calendar events
  vnplan export out/ --to csv -o tasks.csv       task table of a whole batch output folder
  vnplan export plan.txt --to jsonl              one JSON line per fact
  vnplan export --to spacy-patterns -o agencies.jsonl
  vnplan export --to schema -o plan.schema.json
"""


def register(subparsers: Any) -> None:
    """Add the ``export`` subcommand to the ``vnplan`` command's subparsers."""
    sp = subparsers.add_parser(
        "export",
        help="export a plan as rules, iCalendar, CSV, JSONL, spaCy patterns or JSON Schema",
        description=(
            "Turn a parsed plan into input for other tools: a rule config for monitoring "
            "(targets and recurring duties), an iCalendar file of deadlines, the task table as "
            "CSV (UTF-8 with BOM for Excel), one JSON line per fact, the agency gazetteer as "
            "spaCy EntityRuler patterns, or the JSON Schema of the Plan JSON."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument(
        "input",
        nargs="?",
        metavar="INPUT",
        help=(
            "a plan file (.txt, .md, .html, .pdf, .docx; parsed first), a Plan JSON written by "
            "'vnplan parse', or, for --to csv/jsonl, a folder of 'vnplan batch' output (every "
            "*.json and plans.jsonl, read recursively, manifests skipped); not used by --to spacy-patterns/schema"
        ),
    )
    sp.add_argument(
        "--to",
        required=True,
        choices=TARGETS,
        metavar="FORMAT",
        help="what to write: " + ", ".join(TARGETS),
    )
    sp.add_argument(
        "--format",
        choices=("yaml", "json"),
        default=None,
        help="serialization of --to rules (default yaml) and --to schema (default json)",
    )
    sp.add_argument(
        "-o",
        "--out",
        metavar="FILE",
        help="write to FILE (atomically: through a temporary file and a rename) instead of stdout",
    )
    sp.set_defaults(func=run)


def _emit(data: Union[str, bytes], out: str | None) -> None:
    if out:
        from ..fileio import write_atomic

        write_atomic(Path(out), data)
        return
    if isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


def _render(args: argparse.Namespace) -> Union[str, bytes]:
    from . import (
        dump_patterns,
        dump_rules,
        load_plan,
        load_plans,
        spacy_patterns,
        to_csv,
        to_ics,
        to_jsonl,
        to_rules,
        to_schema,
    )
    from ..errors import VnplanError

    to = args.to
    if to == "schema":
        schema = to_schema()
        if args.format == "yaml":
            import yaml

            return yaml.safe_dump(schema, allow_unicode=True, sort_keys=False)
        return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if to == "spacy-patterns":
        return dump_patterns(spacy_patterns())
    if not args.input:
        raise VnplanError(f"--to {to} needs an INPUT: a plan file, a Plan JSON or (csv/jsonl) a folder")
    src = Path(args.input)
    if src.is_dir():
        if to not in FOLDER_TARGETS:
            raise VnplanError(f"a folder is accepted with --to csv or jsonl only, not --to {to}", str(src))
        plans = load_plans(src)
        return to_csv(plans, with_source=True) if to == "csv" else to_jsonl(plans)
    plan = load_plan(src)
    if to == "rules":
        return dump_rules(to_rules(plan), args.format or "yaml")
    if to == "ics":
        return to_ics(plan)
    if to == "csv":
        return to_csv(plan)
    return to_jsonl(plan)


def run(args: argparse.Namespace) -> int:
    """Carry out ``vnplan export``; returns the exit status (0 done, 1 bad input, 2 usage)."""
    from ..errors import VnplanError

    if args.format is not None and args.to not in ("rules", "schema"):
        print(f"vnplan: export: --format applies to --to rules and schema, not --to {args.to}", file=sys.stderr)
        return 2
    if args.input and args.to in NO_INPUT_TARGETS:
        print(f"vnplan: export: --to {args.to} takes no INPUT (got {args.input})", file=sys.stderr)
        return 2
    try:
        data = _render(args)
        _emit(data, args.out)
    except VnplanError as e:
        print(f"vnplan: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # stdout closed early (| head): not an error of the input
        raise
    except OSError as e:
        where = getattr(e, "filename", None) or args.out or args.input or ""
        print(f"vnplan: {where}: {e.strerror or e}", file=sys.stderr)
        return 1
    return 0
