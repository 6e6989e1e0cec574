"""PDF paragraphs from the page layout: wrapped lines joined as a reader sees them.

A PDF's lines end wherever the page width cut them. Two consecutive text lines (outside tables
and two-column blocks) are one paragraph when the layout says so, whatever their words:

- the first line is *full*: it ends at the right margin, or so near it that the next line's
  first word would not have fit after it (ragged right text);
- the next line starts where a paragraph's continuation starts: at the left margin, under the
  first line's second word (a hanging indent), or where the previous continuation started —
  not at a first-line indent, and not centered;
- they follow at the normal line distance (paragraph spacing means a new paragraph) or across
  a page break, have the same font size, and the next line does not start with a bullet.

So a centered title does not swallow the paragraph under it, a line ending in ``;`` or ``”``
that wraps is joined, and a wrapped line that happens to start with ``điều``, ``mục`` or
``phần`` is joined instead of being read as a heading. The margins are measured over the whole
document (a low percentile of the line starts, a high one of the line ends).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union

__all__ = ["TextLine", "Margins", "measure_margins", "join_paragraphs"]

_BULLETS = ("- ", "+ ", "• ", "– ", "* ")


@dataclass
class TextLine:
    """A single-column line: its words (dicts with x0, x1, top, bottom, text) and page."""

    words: list[dict[str, Any]]
    page: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    text: str = field(default="")

    def __post_init__(self) -> None:
        self.x0 = min(w["x0"] for w in self.words)
        self.x1 = max(w["x1"] for w in self.words)
        self.top = min(w["top"] for w in self.words)
        self.bottom = max(w["bottom"] for w in self.words)
        self.text = " ".join(w["text"] for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Margins:
    """The text block's left and right edges, in points."""

    left: float
    right: float


def _percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(q * (len(s) - 1) + 0.5)))]


def measure_margins(lines: list[TextLine]) -> Optional[Margins]:
    """Margins from the lines of the whole document; None without enough lines."""
    if len(lines) < 3:
        return None
    return Margins(_percentile([ln.x0 for ln in lines], 0.1), _percentile([ln.x1 for ln in lines], 0.9))


def _full(prev: TextLine, cur: TextLine, m: Margins) -> bool:
    """``prev`` ends at the margin, or ``cur``'s first word would not have fit after it."""
    size = prev.height or 10.0
    first = cur.words[0]
    need = 0.25 * size + (first["x1"] - first["x0"])
    return prev.x1 >= m.right - 0.6 * size or prev.x1 + need > m.right + 1.0


def _continues_at(prev: TextLine, cont: Optional[float], m: Margins) -> list[float]:
    """Where a continuation of ``prev``'s paragraph may start."""
    if cont is not None:
        return [cont]
    starts = [m.left]
    if len(prev.words) > 1:
        starts.append(prev.words[1]["x0"])  # hanging indent after a label
    if prev.x0 <= m.left + 1.0:
        starts.append(prev.x0)
    return starts


def _joins(prev: TextLine, cur: TextLine, cont: Optional[float], m: Margins) -> bool:
    size = max(prev.height, cur.height, 1.0)
    if abs(prev.height - cur.height) > 0.25 * size:
        return False
    if cur.text.startswith(_BULLETS):
        return False
    if cur.page == prev.page:
        gap = cur.top - prev.bottom
        if gap < -0.5 * size or gap > 0.6 * size:
            return False
    elif cur.page != prev.page + 1:
        return False
    if not _full(prev, cur, m):
        return False
    tol = max(2.0, 0.4 * size)
    return any(abs(cur.x0 - x) <= tol for x in _continues_at(prev, cont, m))


def _glue(a: str, b: str) -> str:
    if a.endswith(("-", "/")) and len(a) > 1 and a[-2].isalnum() and b[:1].isalnum():
        return a + b  # 2024-\n2025, 20-\nNQ/TW: no Vietnamese word ends in a hyphen
    return a + " " + b


Item = Union[TextLine, str]


def join_paragraphs(items: list[Item], margins: Optional[Margins]) -> list[str]:
    """Text lines with wrapped lines joined; plain strings (blocks, tables) pass through."""
    out: list[str] = []
    prev: Optional[TextLine] = None
    cont: Optional[float] = None
    for item in items:
        if isinstance(item, str):
            out.append(item)
            prev, cont = None, None
            continue
        if prev is not None and margins is not None and _joins(prev, item, cont, margins):
            out[-1] = _glue(out[-1], item.text)
            cont = item.x0
        else:
            out.append(item.text)
            cont = None
        prev = item
    return out
