"""Write review pages to disk: one page for one plan, or a site for a batch output folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from ..fileio import write_atomic
from ..models import Plan
from ..planfiles import iter_plan_records
from .page import IndexRow, render_index, render_plan


def write_page(plan: Plan, out: Union[str, Path]) -> Path:
    """Write the review page of ``plan`` to ``out`` (atomically); returns the path."""
    out = Path(out)
    write_atomic(out, render_plan(plan))
    return out


@dataclass
class SiteReport:
    """What :func:`write_site` wrote: the pages, and the inputs that failed with their errors."""

    pages: list[Path] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    index: Union[Path, None] = None


def _page_name(stem: str, taken: set[str]) -> str:
    name, n = f"{stem}.html", 2
    while name in taken or name == "index.html":
        name, n = f"{stem}-{n}.html", n + 1
    taken.add(name)
    return name


def write_site(source: Union[str, Path], outdir: Union[str, Path]) -> SiteReport:
    """One page per plan under ``source`` (a batch output folder or a JSONL file) in ``outdir``,
    named after its JSON file, and ``outdir/index.html`` listing them; bad inputs are listed
    on the index page and in the report, and the others are still written."""
    outdir = Path(outdir)
    taken: set[str]
    report, rows, taken = SiteReport(), [], set()
    for rec in iter_plan_records(source):
        if rec.plan is None:
            report.errors.append((rec.where, rec.error or "unreadable"))
            continue
        name = _page_name(rec.stem, taken)
        write_atomic(outdir / name, render_plan(rec.plan, index_href="index.html"))
        report.pages.append(outdir / name)
        rows.append(IndexRow.of(rec.plan, name))
    report.index = outdir / "index.html"
    write_atomic(report.index, render_index(rows, report.errors))
    return report
