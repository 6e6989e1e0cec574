"""``vnplan review FILE_OR_JSON -o plan.html`` and ``vnplan review OUTDIR -o site/``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

_EPILOG = """\
examples:
  vnplan review corpus/raw/003_1a37aa9cdf3894bb.txt -o plan.html   parse, then one page
  vnplan review out/003_1a37aa9cdf3894bb.json -o plan.html         a Plan JSON of 'vnplan parse/batch'
  vnplan review out/ -o site/          one page per plan + site/index.html (sortable table)
"""


def register(subparsers: Any) -> None:
    """Add the ``review`` subcommand to the ``vnplan`` command's subparsers."""
    sp = subparsers.add_parser(
        "review",
        help="HTML review page of a plan (facts highlighted on the text), or a site for a batch folder",
        description=(
            "Write a self-contained HTML page (no network, works from file://) showing the plan's "
            "normalized text by section with every fact highlighted from its span, and a side "
            "panel with the metadata, the outline, the facts by kind and the warnings."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument("input", metavar="FILE_OR_JSON", help="a plan document, a Plan JSON, a .jsonl of Plans, or a batch output folder")
    sp.add_argument("-o", "--out", required=True, metavar="OUT", help="the HTML file (one plan) or the site folder (a folder or .jsonl input)")
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``vnplan review``; exit 1 when an input could not be read."""
    from ..errors import VnplanError
    from ..export import load_plan
    from .site import write_page, write_site

    src = Path(args.input)
    if src.is_dir() or src.suffix.lower() == ".jsonl":
        report = write_site(src, args.out)
        for where, msg in report.errors:
            print(f"vnplan: {where}: {msg}", file=sys.stderr)
        print(f"{len(report.pages)} pages, index at {report.index}", file=sys.stderr)
        return 1 if report.errors else 0
    try:
        plan = load_plan(src)
    except VnplanError as e:
        print(f"vnplan: {e}", file=sys.stderr)
        return 1
    out = Path(args.out)
    if out.is_dir():
        out = out / (src.stem + ".html")
    write_page(plan, out)
    print(f"wrote {out}", file=sys.stderr)
    return 0
