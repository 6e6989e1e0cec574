"""Tables flattened to one cell per line between ``|`` lines (web crawls, some converters).

A crawl writes each row of a table as ``|`` / cell / ``|`` / cell / … / ``|``, and the next
row opens with its own ``|``, so two pipe lines in a row are either an empty cell or the
boundary between two rows; a cell may run over several lines, and a header may take two rows
(a merged cell over sub-columns). Rows are told apart by their first cell, the row number
(``1``, ``2``…, a group label ``I``, ``II`` or a bullet), which follows the boundary. The rebuilt
table is written the way every reader writes tables — one line per row, cells separated by a
TAB — with fine-grained edits, so each cell keeps its exact offsets.

Rows written ``a | b | c`` without outer pipes, on consecutive lines with the same number of
cells, get their TABs too.

Layout tables (the header and the signature block) open with no row-number header and are
left as they are: the header reader takes them line by line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from .datafiles import load_data

Edit = tuple[int, int, str]
_ROW_LABEL = regex.compile(r"^(?:(?P<num>\d{1,3}+)\.?|(?P<sub>\d{1,3}+(?:\.\d{1,3}+){1,3}+)\.?|(?P<roman>[IVXLC]{1,6}+)\.?|(?P<up>[A-HĐ])\.?|(?P<low>[a-zđ])\)|[-+•*])$")
_INNER_PIPES = regex.compile(r"[ \t]\|[ \t]")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_MAX_CELL_LINES = 40


@dataclass
class _Cell:
    lines: list[tuple[int, int]] = field(default_factory=list)  # content lines (start, end)
    text: str = ""


@lru_cache(maxsize=None)
def _row_headers() -> frozenset[str]:
    return frozenset(load_data("tables")["row_number_headers"])


@lru_cache(maxsize=None)
def _total_rows() -> frozenset[str]:
    return frozenset(load_data("tables")["total_rows"])


def _roman(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES.get(b, 0) > v else v
    return total


def _line_table(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _cells_from(text: str, lines: list[tuple[int, int]], i: int) -> tuple[list[_Cell], int]:
    """The cells between pipe lines from line ``i`` (a pipe line) on, and the index of the last
    pipe line of the run (cells hold no blank line)."""
    cells: list[_Cell] = []
    cur = _Cell()
    last_pipe = i
    j = i + 1
    while j < len(lines):
        s, e = lines[j]
        t = text[s:e].strip()
        if t == "|":
            cells.append(cur)
            cur = _Cell()
            last_pipe = j
        elif not t or len(cur.lines) >= _MAX_CELL_LINES:
            break  # a blank line: the table ended at the last pipe
        elif t:
            lead = len(text[s:e]) - len(text[s:e].lstrip())
            cur.lines.append((s + lead, s + lead + len(t)))
        j += 1
    return cells, last_pipe


def _label_value(t: str) -> Optional[tuple[str, int]]:
    m = _ROW_LABEL.match(t)
    if not m:
        return None
    if m.group("num"):
        return "num", int(m.group("num"))
    if m.group("sub"):
        return "bullet", 0
    if m.group("roman"):
        return "group", _roman(m.group("roman"))
    if m.group("up"):
        return "group", ord(m.group("up"))
    if m.group("low"):
        return "low", ord(m.group("low"))
    return "bullet", 0


def _is_row_start(cells: list[_Cell], k: int, last: dict[str, int]) -> bool:
    """Cell ``k`` opens a row: an empty boundary cell before it, and a row label that follows
    the numbering so far (the next number, a later group or letter, a bullet, or a restart at 1
    after a group row, any number once a full row's width has been read)."""
    if k == 0 or cells[k - 1].lines:
        return False
    lv = _label_value(cells[k].text)
    if lv is None:
        return cells[k].text.casefold() in _total_rows()
    kind, v = lv
    if kind == "num":
        if 0 < v - last.get("num", 0) <= 3:  # the next number (a plan may skip one or two)
            return True
        past_full_row = "width" in last and k - last.get("start", 0) > last["width"]
        return past_full_row or (v == 1 and last.get("after_group", 0) == 1)
    if kind in ("group", "low"):
        return v > last.get(kind, 0)
    return True


def _continues_row(cells: list[_Cell], k: int, starts: list[int], last: dict[str, int]) -> bool:
    """A row with an empty row-number cell (a sub-row of the one above) opens exactly one full
    row's width after the row before, at a boundary."""
    return bool(starts) and "width" in last and k == starts[-1] + last["width"] and not cells[k - 1].lines


def _header_width(cells: list[_Cell]) -> Optional[int]:
    """Cells of a one-row header plus its boundary (None when the header takes two rows)."""
    first_empty = next((k for k, c in enumerate(cells) if not c.lines), None)
    if first_empty is None or first_empty + 1 >= len(cells):
        return None
    return first_empty + 1 if _label_value(cells[first_empty + 1].text) else None


def _split_rows(cells: list[_Cell]) -> Optional[list[list[_Cell]]]:
    """Rows of a numbered table: the header row(s), then one row per row label."""
    starts: list[int] = []
    last: dict[str, int] = {}
    hw = _header_width(cells)
    if hw:
        last["width"] = hw
    for k, c in enumerate(cells):
        if _continues_row(cells, k, starts, last) or _is_row_start(cells, k, last):
            kind, v = _label_value(c.text) or ("sub", 0)
            if starts:
                last["width"] = max(last.get("width", 0), k - starts[-1])
            last[kind] = v
            last["start"] = k
            last["after_group"] = int(kind == "group")
            if kind == "group":
                last.pop("num", None)
                last.pop("low", None)
            starts.append(k)
    if not starts:
        return None
    bounds = [0] + starts + [len(cells) + 1]
    rows = []
    for a, b in zip(bounds, bounds[1:]):
        row = cells[a : b - 1]  # the empty boundary cell before the next row is not a cell
        if row:
            rows.append(row)
    return rows


def _header_rows(rows: list[list[_Cell]]) -> list[list[_Cell]]:
    """Split the first block (before row 1) into header rows at empty boundary cells."""
    out: list[list[_Cell]] = [[]]
    for c in rows[0]:
        if not c.lines and out[-1]:
            out.append([])
        elif c.lines:
            out[-1].append(c)
    return [r for r in out if r]


def _rebuild(text: str, cells: list[_Cell]) -> Optional[list[list[_Cell]]]:
    for c in cells:
        c.text = " ".join(text[s:e] for s, e in c.lines)
    if not cells or cells[0].text.casefold().strip(" .") not in _row_headers():
        return None
    rows = _split_rows(cells)
    if rows is None:
        return None
    return _header_rows(rows) + rows[1:]


def _edits_for(rows: list[list[_Cell]], first: int, last_end: int) -> list[Edit]:
    """Edits that write the rows as TAB-separated lines over the span of the pipe run."""
    edits: list[Edit] = []
    prev_end: Optional[int] = None
    pending = ""
    start_of_run = first
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            sep = "\n" if r and c == 0 else "\t" if c else ""
            pending += sep
            for k, (s, e) in enumerate(cell.lines):
                if prev_end is None:
                    edits.append((start_of_run, s, ""))
                else:
                    edits.append((prev_end, s, pending if pending else " "))
                pending = ""
                prev_end = e
            if not cell.lines and prev_end is None:
                pending = ""
    if prev_end is not None:
        edits.append((prev_end, last_end, pending.rstrip("\n")))
    return edits


def _pipe_run_edits(text: str) -> list[Edit]:
    lines = _line_table(text)
    edits: list[Edit] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        if text[s:e].strip() != "|":
            i += 1
            continue
        cells, last_pipe = _cells_from(text, lines, i)
        rows = _rebuild(text, cells)
        if rows is None:
            i += 1
            continue
        edits.extend(_edits_for(rows, s, lines[last_pipe][1]))
        i = last_pipe + 1
    return edits


def _inner_pipe_edits(text: str) -> list[Edit]:
    """``a | b | c`` rows without outer pipes, two or more in a row with the same cell count."""
    edits: list[Edit] = []
    run: list[tuple[int, list[tuple[int, int]]]] = []
    pos = 0
    for line in text.split("\n") + [""]:
        seps = [(pos + m.start(), pos + m.end()) for m in _INNER_PIPES.finditer(line)] if "|" in line else []
        t = line.strip()
        if seps and not t.startswith("|") and not t.endswith("|") and (not run or len(run[0][1]) == len(seps)):
            run.append((pos, seps))
        else:
            if len(run) >= 2:
                edits.extend((a, b, "\t") for _, seps_ in run for a, b in seps_)
            run = [(pos, seps)] if seps and not t.startswith("|") else []
        pos += len(line) + 1
    return edits


def table_edits(text: str) -> list[Edit]:
    """Edits that turn pipe-flattened tables of ``text`` into TAB-separated rows."""
    if "|" not in text:
        return []
    edits = _pipe_run_edits(text) + _inner_pipe_edits(text)
    edits.sort()
    return edits
