"""The ``vnplan`` command line: parse, schema, eval, batch, export.

Each subcommand lives with the module that does its job; this file only wires them. A user
error prints one line per bad file (``vnplan: FILE: what is wrong``) and never a traceback.
Exit status: 0 all good, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence


def _cmd_parse(args: argparse.Namespace) -> int:
    from . import parse_file
    from .limits import from_options
    from .errors import VnplanError

    failed = 0
    limits = from_options(args)
    outdir = Path(args.out) if args.out else None
    if outdir:
        outdir.mkdir(parents=True, exist_ok=True)
    for f in args.files:
        try:
            plan = parse_file(f, ocr=args.ocr, limits=limits)
        except VnplanError as e:
            print(f"vnplan: {e}", file=sys.stderr)
            failed += 1
            continue
        data = plan.to_json(indent=None if args.compact else 2)
        if outdir:
            from .fileio import write_atomic

            write_atomic(outdir / (Path(f).stem + ".json"), data + "\n")
        else:
            sys.stdout.write(data + "\n")
    return 1 if failed else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .export import to_schema

    schema = to_schema()
    out = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vnplan",
        description="Read Vietnamese administrative plans (Kế hoạch …/KH-UBND) into typed JSON.",
    )
    from . import __version__

    p.add_argument("--version", action="version", version=f"vnplan {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    from .limits import add_options as add_limit_options

    sp = sub.add_parser("parse", help="parse plan files and print each Plan as JSON")
    sp.add_argument("files", nargs="+", metavar="FILE", help=".txt, .md, .html, .pdf, .docx or .doc")
    sp.add_argument("-o", "--out", metavar="DIR", help="write DIR/<name>.json instead of printing")
    sp.add_argument("--compact", action="store_true", help="one line of JSON per plan")
    sp.add_argument("--ocr", choices=["auto", "always", "never"], default="auto",
                    help="PDF pages without a usable text layer: auto (OCR them when the "
                    "vnplan[ocr] extra and Tesseract are installed), always, never")
    add_limit_options(sp)
    sp.set_defaults(func=_cmd_parse)

    sp = sub.add_parser("schema", help="print the JSON Schema (draft 2020-12) of Plan")
    sp.add_argument("--out", metavar="FILE", help="write the schema to FILE")
    sp.set_defaults(func=_cmd_schema)

    from .evaluate import register as register_eval

    register_eval(sub)
    from .batch import register as register_batch
    from .export.cli import register as register_export

    register_batch(sub)
    register_export(sub)
    from .review.cli import register as register_review

    register_review(sub)
    from .index.cli import register as register_index

    register_index(sub)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("vnplan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # pragma: no cover
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
