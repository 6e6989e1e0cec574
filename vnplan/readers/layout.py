"""Layout tables: the borderless header and signature grids of a plan, read as two columns.

Offices draw the header (issuer and ``Số: …`` on the left, the national motto and the
place-date line on the right) and the signature block (``Nơi nhận:`` | the signer) as
borderless tables: two halves with a narrow empty spacer column between them, often more grid
columns with merged cells, sometimes one row per printed line, sometimes each half in one cell.

A grid here is rows of reader cells in which a slot covered by a cell spanning from its left is
the :data:`PAD` marker. Each cell's place is the middle of the grid columns it spans: left of
the grid's middle it belongs to the left half, right of it to the right half, on it (a cell
spanning the whole width) to both. A table is layout when no row holds more than one cell per
half and either it is small (at most three rows), has one column of text only (a framed box),
or its text has a header or signature cue (``vnplan/data/readers.yaml``); a first cell ``STT``
or ``TT`` always means data. It is rendered as the left half's lines, a blank line, the right
half's lines; a full-width cell closes the halves above it and follows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Optional

import regex

from ..datafiles import is_row_number_header, load_data

__all__ = ["PAD", "Placed", "place_rows", "is_layout_grid", "render_layout", "layout_text"]

PAD: Any = object()  # a grid slot covered by the cell to its left (colspan / gridSpan)


@dataclass
class Placed:
    """One non-empty cell: its text and the grid columns it spans."""

    text: str
    start: int
    span: int

    def side(self, ncols: int) -> str:
        """``L``, ``R`` or ``F`` (full width) by the middle of the span."""
        mid2 = 2 * self.start + self.span  # twice the middle, to stay in integers
        if mid2 < ncols:
            return "L"
        if mid2 > ncols:
            return "R"
        return "F"


@lru_cache(maxsize=1)
def _cues() -> "regex.Pattern[str]":
    words = load_data("readers")["layout_cues"]
    alt = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?im)^[ \t]*(?:{alt})")


def place_rows(grid: list[list[Any]], cell_text: Callable[[Any, bool], str]) -> tuple[list[list[Placed]], int]:
    """Non-empty cells of each row with their spans (layout text), and the grid width."""
    rows: list[list[Placed]] = []
    ncols = max((len(r) for r in grid), default=0)
    for row in grid:
        placed: list[Placed] = []
        for k, cell in enumerate(row):
            if cell is PAD:
                if placed and placed[-1].start + placed[-1].span == k:
                    placed[-1].span += 1
                continue
            text = cell_text(cell, True).strip()
            placed.append(Placed(text, k, 1))
        rows.append([p for p in placed if p.text])
    return rows, ncols


def is_layout_grid(rows: list[list[Placed]], ncols: int) -> bool:
    """True for a header or signature grid (see the module docstring)."""
    rows = [r for r in rows if r]
    if not rows:
        return True
    first = rows[0][0]
    if first.start == 0 and is_row_number_header(first.text):
        return False
    columns = {(p.start, p.span) for r in rows for p in r}
    if len({p.start for r in rows for p in r}) <= 1 and len(columns) <= 1:
        return True  # a framed box, one column of text
    for r in rows:
        sides = [p.side(ncols) for p in r]
        if len(r) > 2 or len(set(sides)) != len(sides) or ("F" in sides and len(r) > 1):
            return False
    if len(rows) <= 3:
        return True
    return any(_cues().search(p.text) for r in rows for p in r)


def render_layout(rows: list[list[Placed]], ncols: int) -> str:
    """The left half's lines, a blank line, the right half's; full-width cells in order."""
    blocks: list[str] = []
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        for half in (left, right):
            if half:
                blocks.append("\n".join(half))
                half.clear()

    for row in rows:
        for p in row:
            side = p.side(ncols)
            if side == "F":
                flush()
                blocks.append(p.text)
            else:
                (left if side == "L" else right).append(p.text)
    flush()
    return "\n\n".join(blocks)


def layout_text(grid: list[list[Any]], cell_text: Callable[[Any, bool], str]) -> Optional[str]:
    """The rendered text if ``grid`` is a layout table, else None."""
    rows, ncols = place_rows(grid, cell_text)
    if not is_layout_grid(rows, ncols):
        return None
    return render_layout(rows, ncols)
