"""PDF reader built on pdfplumber: text in reading order, two-column blocks, ruled tables.

Reading order. Each page's words (``page.extract_words()``) are grouped into lines by their
``top``. A *two-column block* is a run of consecutive lines that all split at one vertical gutter
near the page middle: it starts at a line whose words leave a wide gap (≥ 18 pt) that overlaps
the middle band of the page, and goes on while the next lines keep their words on either side of
a gutter at least 6 pt wide and follow closely enough. That is the borderless header
(``ỦY BAN NHÂN DÂN …`` | ``CỘNG HÒA XÃ HỘI …``) and the signature block (``Nơi nhận: …`` |
``KT. CHỦ TỊCH …``); such a run is written as all its left-column lines, then all its
right-column lines, instead of the line-by-line interleaving of ``extract_text``.

Tables. Only pages with ruling lines or rects are searched (``page.find_tables()``), and only
data tables are kept (at least two rows and three columns, or not a layout table by
:func:`is_layout_table`). Lines inside a kept table are replaced by the table rendered with
:func:`render_table`; a table that continues at the top of the next page with the same number
of columns is merged (a repeated header row dropped). In a cell, wrapped lines are joined by a
space, and items that start with ``- `` / ``+ `` are joined by ``"; "`` without their bullet.

Errors: not a PDF or damaged → :class:`CorruptFileError`; password-protected →
:class:`EncryptedFileError`; no text layer (or mostly ``(cid:…)`` glyphs) →
:class:`ScannedPDFError`.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from statistics import median
from typing import Any, Optional

from ..errors import CorruptFileError, EncryptedFileError, ScannedPDFError
from . import ITEM_SEP, RawDocument, is_layout_table, render_table

__all__ = ["read_pdf"]

SPLIT_GAP = 18.0  # pt: the least gap between the two columns on the line that starts a block
MIN_GUTTER = 6.0  # pt: the least free gutter the following lines of a block must keep
LINE_TOL = 3.0  # pt: words whose tops differ by at most this are on one line
MAX_CID_SHARE = 0.3  # above this share of "(cid:" words the text layer is unusable

_BULLET = re.compile(r"^[-+•–]\s+")
_PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")

Word = dict[str, Any]


@dataclass
class _Line:
    """One text line: its words sorted left to right."""

    words: list[Word]
    top: float = 0.0
    bottom: float = 0.0

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w["x0"])
        self.top = min(w["top"] for w in self.words)
        self.bottom = max(w["bottom"] for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


@dataclass
class _TableBlock:
    """A kept table on a page: its rows and bbox."""

    rows: list[list[str]]
    top: float
    bottom: float
    bbox: tuple[float, float, float, float]


@dataclass
class _PageOut:
    """The blocks of one page in order: lists of text lines, or tables."""

    blocks: list[Any] = field(default_factory=list)


# ------------------------------------------------------------------------------ opening


def _classify_open_error(exc: BaseException, path: Optional[str]) -> Exception:
    """Map a pdfplumber / pdfminer exception to a vnplan error."""
    inner: BaseException = exc
    while inner.args and isinstance(inner.args[0], BaseException):
        inner = inner.args[0]
    names = " ".join(c.__name__ for c in type(inner).__mro__)
    if "Password" in names or "Encrypt" in names:
        return EncryptedFileError("encrypted PDF: a password is needed to read it", path)
    detail = str(inner) or type(inner).__name__
    return CorruptFileError(f"damaged PDF, cannot be parsed ({detail})", path)


# ------------------------------------------------------------------------------- tables


def _clean_cell(cell: Optional[str]) -> str:
    """A table cell: wrapped lines joined by a space, bullet items joined by ITEM_SEP."""
    if not cell:
        return ""
    items: list[str] = []
    bulleted = False
    for raw in cell.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if _BULLET.match(line):
            bulleted = True
            items.append(_BULLET.sub("", line))
        elif not items:
            items.append(line)
        elif re.search(r"\w-$", items[-1]):  # 2024-\n2025: a break after a hyphen
            items[-1] += line
        else:
            items[-1] += " " + line
    if bulleted:
        items = [i.rstrip("; ").strip() for i in items]  # "Sở X;" + "; " would double it
        return ITEM_SEP.join(i for i in items if i)
    return " ".join(items)


def _page_tables(page: Any) -> list[_TableBlock]:
    """Data tables of a page with ruling lines or rects (none searched otherwise)."""
    if not (page.lines or page.rects):
        return []
    kept = []
    for t in page.find_tables():
        rows = [[_clean_cell(c) for c in r] for r in t.extract()]
        rows = [r for r in rows if any(c for c in r)]
        if not rows:
            continue
        ncols = max(len(r) for r in rows)
        if (len(rows) >= 2 and ncols >= 3) or not is_layout_table(rows):
            rows = [r + [""] * (ncols - len(r)) for r in rows]
            kept.append(_TableBlock(rows=rows, top=t.bbox[1], bottom=t.bbox[3], bbox=t.bbox))
    return kept


# ------------------------------------------------------------------------- reading order


def _group_lines(words: list[Word]) -> list[_Line]:
    """Words → lines by ``top`` (within LINE_TOL of the line's first word), top to bottom."""
    lines: list[_Line] = []
    current: list[Word] = []
    ref = None
    for w in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        if ref is not None and w["top"] - ref > LINE_TOL:
            lines.append(_Line(current))
            current = []
        if not current:
            ref = w["top"]
        current.append(w)
    if current:
        lines.append(_Line(current))
    return lines


def _split_start(line: _Line, width: float) -> Optional[tuple[float, float]]:
    """The gutter ``(left_end, right_start)`` if this line can start a two-column block."""
    ws = line.words
    best: Optional[tuple[float, float]] = None
    for a, b in zip(ws, ws[1:]):
        gap = b["x0"] - a["x1"]
        if gap >= SPLIT_GAP and (best is None or gap > best[1] - best[0]):
            best = (a["x1"], b["x0"])
    if best is None:
        return None
    lo, hi = 0.25 * width, 0.75 * width
    if best[1] < lo or best[0] > hi:
        return None
    return best


def _center(ws: list[Word]) -> float:
    return (min(w["x0"] for w in ws) + max(w["x1"] for w in ws)) / 2


@dataclass
class _Block:
    """A two-column block under construction."""

    gutter: tuple[float, float]
    left: list[list[Word]] = field(default_factory=list)
    right: list[list[Word]] = field(default_factory=list)

    def _side_center(self, side: list[list[Word]]) -> Optional[float]:
        cs = [_center(ws) for ws in side if ws]
        return sum(cs) / len(cs) if cs else None

    def take(self, line: _Line, page_mid: float, first: bool = False) -> bool:
        """Add ``line`` split at the gutter; False (block unchanged) if it does not fit.

        It does not fit if a word crosses the gutter (less than MIN_GUTTER left free), or if it
        has words on one side only and is nearer the page middle than that column's middle (a
        centered title such as ``KẾ HOẠCH`` right under the header).
        """
        left_end, right_start = self.gutter
        mid = (left_end + right_start) / 2
        left = [w for w in line.words if w["x0"] < mid]
        right = [w for w in line.words if w["x0"] >= mid]
        new_l = max([left_end] + [w["x1"] for w in left])
        new_r = min([right_start] + [w["x0"] for w in right])
        if new_r - new_l < MIN_GUTTER:
            return False
        if not first and not (left and right):
            side = self.left if left else self.right
            col = self._side_center(side)
            c = _center(left or right)
            if col is not None and abs(c - page_mid) < abs(c - col):
                return False
        self.left.append(left)
        self.right.append(right)
        self.gutter = (new_l, new_r)
        return True


def _order_lines(lines: list[_Line], width: float, line_height: float) -> list[str]:
    """Text lines in reading order, two-column runs written column by column."""
    out: list[str] = []
    i = 0
    n = len(lines)
    max_step = 5.0 * line_height  # signature space between the title and the signer's name
    while i < n:
        gutter = _split_start(lines[i], width)
        if gutter is None:
            out.append(lines[i].text)
            i += 1
            continue
        blk = _Block(gutter)
        blk.take(lines[i], width / 2, first=True)
        bottom = lines[i].bottom
        j = i + 1
        while j < n and lines[j].top - bottom <= max_step and blk.take(lines[j], width / 2):
            bottom = lines[j].bottom
            j += 1
        left_lines, right_lines = blk.left, blk.right
        block = [" ".join(w["text"] for w in ws) for ws in left_lines if ws]
        block.append("")
        block += [" ".join(w["text"] for w in ws) for ws in right_lines if ws]
        out.append("")
        out.extend(block)
        out.append("")
        i = j
    return out


def _inside(w: Word, bbox: tuple[float, float, float, float]) -> bool:
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _read_page(page: Any) -> tuple[_PageOut, int, int]:
    """One page → its blocks; also (#words, #"(cid:" words) for the text-layer check."""
    words = page.extract_words()
    nwords = len(words)
    cid = sum(1 for w in words if "(cid:" in w["text"])
    tables = _page_tables(page) if words else []
    if tables:
        words = [w for w in words if not any(_inside(w, t.bbox) for t in tables)]
    height = float(page.height)
    lines = _group_lines(words)
    # page numbers alone in the top or bottom margin
    lines = [
        ln
        for ln in lines
        if not (
            _PAGE_NUMBER.match(ln.text)
            and (ln.bottom < 0.08 * height or ln.top > 0.92 * height)
        )
    ]
    heights = [ln.bottom - ln.top for ln in lines]
    line_height = median(heights) if heights else 12.0
    # interleave text lines and tables by their top
    out = _PageOut()
    segment: list[_Line] = []
    ti = 0
    tables.sort(key=lambda t: t.top)
    for ln in lines:
        while ti < len(tables) and tables[ti].top <= ln.top:
            if segment:
                out.blocks.append(_order_lines(segment, float(page.width), line_height))
                segment = []
            out.blocks.append(tables[ti])
            ti += 1
        segment.append(ln)
    if segment:
        out.blocks.append(_order_lines(segment, float(page.width), line_height))
    out.blocks.extend(tables[ti:])
    return out, nwords, cid


# --------------------------------------------------------------------------------- main


def read_pdf(data: bytes, path: Optional[str] = None) -> RawDocument:
    """Read a PDF plan; see the module docstring."""
    if b"%PDF-" not in data[:1024]:
        raise CorruptFileError("not a PDF file (no %PDF- header)", path)
    import pdfplumber

    warnings: list[str] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfplumber wraps every pdfminer error
        raise _classify_open_error(e, path) from None
    pages_out: list[_PageOut] = []
    total = cid = 0
    try:
        try:
            pages = pdf.pages
        except Exception as e:
            raise _classify_open_error(e, path) from None
        if not pages:
            raise CorruptFileError("damaged PDF: no pages", path)
        empty: list[int] = []
        failed: list[int] = []
        for k, page in enumerate(pages, 1):
            try:
                out, nwords, ncid = _read_page(page)
            except Exception as e:  # a damaged content stream: skip the page, say so
                failed.append(k)
                warnings.append(f"page {k} could not be read ({type(e).__name__}: {e})")
                out, nwords, ncid = _PageOut(), 0, 0
            finally:
                page.close()
            if nwords == 0 and k not in failed:
                empty.append(k)
            total += nwords
            cid += ncid
            pages_out.append(out)
        npages = len(pages)
    finally:
        pdf.close()
    if failed and len(failed) == npages:
        raise CorruptFileError("damaged PDF: no page could be read", path)
    if total == 0 or cid > MAX_CID_SHARE * total:
        raise ScannedPDFError("no text layer: scanned, OCR needed", path)
    if cid:
        warnings.append(f"{cid} words hold glyphs without a Unicode mapping ((cid:…))")
    if empty:
        warnings.append("pages without a text layer (scanned?): " + ", ".join(map(str, empty)))

    # assemble, merging a table continued at the top of the next page
    parts: list[Any] = []  # _TableBlock or list of text lines
    for out in pages_out:
        for bi, block in enumerate(out.blocks):
            prev = parts[-1] if parts else None
            if (
                isinstance(block, _TableBlock)
                and bi == 0
                and isinstance(prev, _TableBlock)
                and len(prev.rows[0]) == len(block.rows[0])
            ):
                rows = block.rows
                if rows[0] == prev.rows[0]:  # repeated header row
                    rows = rows[1:]
                prev.rows.extend(rows)
                continue
            parts.append(block)
    tables = [p.rows for p in parts if isinstance(p, _TableBlock)]
    text_lines: list[str] = []
    for part in parts:
        if isinstance(part, _TableBlock):
            text_lines += ["", render_table(part.rows), ""]
        else:
            text_lines.extend(part)
    text = "\n".join(text_lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    text = unicodedata.normalize("NFC", text)
    tables = [[[unicodedata.normalize("NFC", c) for c in r] for r in t] for t in tables]
    return RawDocument(text=text, format="pdf", tables=tables, pages=npages, warnings=warnings)
