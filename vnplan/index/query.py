"""Run SQL on an index and format the answer as an aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any, Union

FORMATS = ("table", "csv", "json")


def run_query(db: Union[str, Path], sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The column names and rows of ``sql`` on the index ``db`` (opened read-only)."""
    p = Path(db)
    if not p.is_file():
        raise FileNotFoundError(f"no index database at {p}")
    conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
    try:
        cur = conn.execute(sql)
        cols = [d[0] for d in cur.description or ()]
        return cols, cur.fetchall()
    finally:
        conn.close()


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return " ".join(str(v).split())


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in s)


def _table(cols: list[str], rows: list[tuple[Any, ...]], max_width: int) -> str:
    cells = [[_cell(v) for v in r] for r in rows]
    cells = [[c if _width(c) <= max_width else c[: max_width - 1] + "…" for c in r] for r in cells]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(cols)]

    def line(vals: list[str]) -> str:
        return " | ".join(v + " " * (w - _width(v)) for v, w in zip(vals, widths)).rstrip()

    out = [line(cols), "-+-".join("-" * w for w in widths)] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_result(cols: list[str], rows: list[tuple[Any, ...]], fmt: str = "table", max_width: int = 60) -> str:
    """``rows`` as ``table`` (aligned, long cells cut at ``max_width``), ``csv`` or ``json``
    (a list of objects, Unicode as is)."""
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows(rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "table":
        return _table(cols, rows, max_width)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
