"""Tables of the normalized text, with a span for every cell.

Two shapes are recognised:

* rows rendered by a reader (or a markdown/HTML fragment): consecutive lines with TAB-separated
  cells; the first row is the header;
* a table flattened by a converter to one cell per line (``STT`` / ``Nhiệm vụ`` / … then rows
  that each start with their number ``01``, ``02``…): rebuilt from the header cell count; a
  short row is padded with empty cells.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex

from ..datafiles import is_row_number_header, load_data
from ..models import Span, Table
from .lines import Line, split_lines
from .sections import SectionTree

_ROW_NUMBER = regex.compile(r"^\d{1,3}\.?$")
_ROW_LABEL = regex.compile(r"^(?:\d{1,3}+(?:\.\d{1,3}+)*+\.?+|[IVXLC]{1,6}+\.?+|[A-HĐ]\.?|[a-zđ]\)|[-+•*])$")
_MAX_HEADER_CELL = 80


def _cells_of(line: Line) -> tuple[list[str], list[Optional[Span]]]:
    """The cells of a TAB-separated line and their spans (a table row's ``cell_spans``)."""
    cells: list[str] = []
    spans: list[Optional[Span]] = []
    pos = line.start
    for raw in line.text.split("\t"):
        lead = len(raw) - len(raw.lstrip())
        cell = raw.strip()
        s = pos + lead
        cells.append(cell)
        spans.append((s, s + len(cell)))
        pos += len(raw) + 1
    return cells, spans


def _title_for(tree: Optional[SectionTree], start: int) -> tuple[Optional[str], Optional[str]]:
    if tree is None:
        return None, None
    sid = tree.section_at(start)
    for anc in tree.ancestors(sid):
        if anc in tree.appendix_titles:
            return tree.appendix_titles[anc][0], sid
    return None, sid


def _merge_header_rows(header: list[str], hspans: list[Optional[Span]], rows: list[list[str]],
                       spans: list[list[Optional[Span]]]
                       ) -> tuple[list[str], list[Optional[Span]], list[list[str]], list[list[Optional[Span]]]]:
    """A header over two rows (a merged cell over sub-columns): when the second row does not
    open with a row label and the data rows are wider than the first, the last cell of the
    first row is split into the second row's cells."""
    if len(rows) < 2 or not header or not is_row_number_header(header[0]) or not rows[0] or _ROW_LABEL.match(rows[0][0]):
        return header, hspans, rows, spans
    width = max(len(r) for r in rows[1:])
    if width <= len(header):
        return header, hspans, rows, spans
    keep = max(0, width - len(rows[0]))
    merged = header[:keep] + rows[0]
    mspans = hspans[:keep] + spans[0]
    return merged, mspans, rows[1:], spans[1:]


def _tab_tables(lines: list[Line], tree: Optional[SectionTree]) -> list[Table]:
    out: list[Table] = []
    i = 0
    while i < len(lines):
        if not lines[i].is_table_row:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].is_table_row:
            j += 1
        block = lines[i:j]
        header, hspans = _cells_of(block[0])
        rows, spans = [], []
        for ln in block[1:]:
            c, s = _cells_of(ln)
            rows.append(c)
            spans.append(s)
        header, hspans, rows, spans = _merge_header_rows(header, hspans, rows, spans)
        for r, row in enumerate(rows):
            if len(row) < len(header) and not _ROW_LABEL.match(row[0]):
                # a sub-row under a merged (row-spanning) cell: its cells are the last columns
                pad = len(header) - len(row)
                rows[r] = [""] * pad + row
                no_spans: list[Optional[Span]] = [None] * pad
                spans[r] = no_spans + spans[r]
        title, sid = _title_for(tree, block[0].start)
        out.append(
            Table(title=title, header=header, rows=rows, span=(block[0].start, block[-1].end), section=sid, cell_spans=[hspans] + spans)
        )
        i = j
    return out


def _flat_tables(lines: list[Line], tree: Optional[SectionTree]) -> list[Table]:
    out: list[Table] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if ln.is_table_row or not is_row_number_header(ln.text):
            i += 1
            continue
        header = [ln.text.strip()]
        hspans: list[Optional[Span]] = [(ln.start, ln.end)]
        j = i + 1
        while j < n and not _ROW_NUMBER.match(lines[j].text.strip()) and len(lines[j].text) <= _MAX_HEADER_CELL:
            header.append(lines[j].text.strip())
            hspans.append((lines[j].start, lines[j].end))
            j += 1
        ncols = len(header)
        if ncols < 2 or j >= n or not _ROW_NUMBER.match(lines[j].text.strip()):
            i += 1
            continue
        rows: list[list[str]] = []
        spans: list[list[Optional[tuple[int, int]]]] = []
        expected = int(lines[j].text.strip().rstrip("."))
        end = lines[j].end
        while j < n:
            t = lines[j].text.strip()
            if not (_ROW_NUMBER.match(t) and int(t.rstrip(".")) == expected):
                break
            row = [t]
            rspans: list[Optional[tuple[int, int]]] = [(lines[j].start, lines[j].end)]
            end = lines[j].end
            j += 1
            while j < n and not lines[j].is_table_row:
                tj = lines[j].text.strip()
                if _ROW_NUMBER.match(tj) and int(tj.rstrip(".")) == expected + 1:
                    break
                if len(row) >= ncols:
                    break
                row.append(tj)
                rspans.append((lines[j].start, lines[j].end))
                end = lines[j].end
                j += 1
            while len(row) < ncols:
                row.append("")
                rspans.append(None)
            rows.append(row)
            spans.append(rspans)
            expected += 1
            if len(row) >= ncols and j < n and not _ROW_NUMBER.match(lines[j].text.strip()):
                break
        title, sid = _title_for(tree, ln.start)
        out.append(Table(title=title, header=header, rows=rows, span=(ln.start, end), section=sid, cell_spans=[hspans] + spans))
        i = j
    return out


@lru_cache(maxsize=None)
def _column_words() -> dict[str, list[str]]:
    words: dict[str, list[str]] = load_data("tables")["column_roles"]
    return words


def column_roles(header: list[str]) -> list[Optional[str]]:
    """The role of each column of a table by its header cell (data/tables.yaml, first match in
    order): ``time``, ``task``, ``lead``, ``partner``, ``doer``, ``product`` or None."""
    out: list[Optional[str]] = []
    for h in header:
        hl = " ".join(h.casefold().split())
        out.append(next((role for role, words in _column_words().items() if any(w in hl for w in words)), None))
    return out


def find_tables(text: str, tree: Optional[SectionTree] = None, lines: Optional[list[Line]] = None) -> list[Table]:
    """All tables of ``text`` in document order."""
    lines = lines if lines is not None else split_lines(text)
    tables = _tab_tables(lines, tree) + _flat_tables(lines, tree)
    tables.sort(key=lambda t: t.span[0])
    return tables
