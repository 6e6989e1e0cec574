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

from ..errors import CorruptFileError, EncryptedFileError, ScannedPDFError, UnreadableTextLayerError
from ..limits import check_pages
from . import ITEM_SEP, RawDocument, is_layout_table, render_table
from .pdf_paragraphs import TextLine, join_paragraphs, measure_margins

__all__ = ["read_pdf"]

SPLIT_GAP = 18.0  # pt: the least gap between the two columns on the line that starts a block
MIN_GUTTER = 6.0  # pt: the least free gutter the following lines of a block must keep
LINE_TOL = 3.0  # pt: words whose tops differ by at most this are on one line
MAX_CID_SHARE = 0.3  # above this share of "(cid:" words the text layer is unusable

_BULLET = re.compile(r"^[-+•–]\s+")
_PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")

Word = dict[str, Any]


@dataclass
class _TableBlock:
    """A kept table on a page: its rows and bbox."""

    rows: list[list[str]]
    top: float
    bottom: float
    bbox: tuple[float, float, float, float]


@dataclass
class _TwoColumns:
    """A two-column run (header, signature block): its left and right lines."""

    left: list[str]
    right: list[str]

    def lines(self) -> list[str]:
        return ["", *self.left, "", *self.right, ""]


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


def _is_shading(rect: dict[str, Any]) -> bool:
    """A filled, unstroked rectangle wider than a rule: paragraph shading or a highlight."""
    return bool(rect.get("fill")) and not rect.get("stroke") and min(rect["width"], rect["height"]) > 2.0


def _page_tables(page: Any) -> list[_TableBlock]:
    """Data tables of a page with ruling lines or rects (none searched otherwise)."""
    rules = [r for r in page.rects if not _is_shading(r)]
    if not (page.lines or rules):
        return []
    if len(rules) < len(page.rects):  # shaded paragraphs or highlights: not cell borders
        page = page.filter(lambda obj: obj.get("object_type") != "rect" or not _is_shading(obj))
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


def _group_lines(words: list[Word], page_no: int) -> list[TextLine]:
    """Words → lines by ``top`` (within LINE_TOL of the line's first word), top to bottom."""
    lines: list[TextLine] = []
    current: list[Word] = []
    ref = None
    for w in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        if ref is not None and w["top"] - ref > LINE_TOL:
            lines.append(_line(current, page_no))
            current = []
        if not current:
            ref = w["top"]
        current.append(w)
    if current:
        lines.append(_line(current, page_no))
    return lines


def _line(words: list[Word], page_no: int) -> TextLine:
    return TextLine(sorted(words, key=lambda w: w["x0"]), page_no)


def _split_start(line: TextLine, width: float) -> Optional[tuple[float, float]]:
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
    center: float = (min(w["x0"] for w in ws) + max(w["x1"] for w in ws)) / 2
    return center


@dataclass
class _Block:
    """A two-column block under construction."""

    gutter: tuple[float, float]
    left: list[list[Word]] = field(default_factory=list)
    right: list[list[Word]] = field(default_factory=list)

    def _side_center(self, side: list[list[Word]]) -> Optional[float]:
        cs = [_center(ws) for ws in side if ws]
        return sum(cs) / len(cs) if cs else None

    def take(self, line: TextLine, page_mid: float, first: bool = False) -> bool:
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


def _order_lines(lines: list[TextLine], width: float, line_height: float) -> list[Any]:
    """Lines in reading order: single-column lines, and two-column runs as one item each."""
    out: list[Any] = []
    i = 0
    n = len(lines)
    max_step = 5.0 * line_height  # signature space between the title and the signer's name
    while i < n:
        gutter = _split_start(lines[i], width)
        if gutter is None:
            out.append(lines[i])
            i += 1
            continue
        blk = _Block(gutter)
        blk.take(lines[i], width / 2, first=True)
        bottom = lines[i].bottom
        j = i + 1
        while j < n and lines[j].top - bottom <= max_step and blk.take(lines[j], width / 2):
            bottom = lines[j].bottom
            j += 1
        left = [" ".join(w["text"] for w in ws) for ws in blk.left if ws]
        right = [" ".join(w["text"] for w in ws) for ws in blk.right if ws]
        out.append(_TwoColumns(left, right))
        i = j
    return out


def _inside(w: Word, bbox: tuple[float, float, float, float]) -> bool:
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    inside: bool = bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]
    return inside


def _bad_word(w: Word) -> bool:
    """A word whose glyphs have no Unicode mapping: ``(cid:…)``, private-use or U+FFFD."""
    t = w["text"]
    return "(cid:" in t or any("\ue000" <= c <= "\uf8ff" or c == "\ufffd" for c in t)


def _page_items(page: Any, words: list[Word], page_no: int, tables: list[_TableBlock]) -> _PageOut:
    """A page's words (from its text layer or OCR) → its blocks in reading order."""
    if tables:
        words = [w for w in words if not any(_inside(w, t.bbox) for t in tables)]
    height = float(page.height)
    lines = [
        ln
        for ln in _group_lines(words, page_no)
        if not (  # page numbers alone in the top or bottom margin
            _PAGE_NUMBER.match(ln.text) and (ln.bottom < 0.08 * height or ln.top > 0.92 * height)
        )
    ]
    heights = [ln.bottom - ln.top for ln in lines]
    line_height = median(heights) if heights else 12.0
    out = _PageOut()
    segment: list[TextLine] = []
    ti = 0
    tables.sort(key=lambda t: t.top)
    for ln in lines:  # interleave text lines and tables by their top
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
    return out


def _page_need(words: list[Word]) -> Optional[str]:
    """Why a page needs OCR: ``scanned`` (no text), ``unreadable`` (unmapped glyphs), or None."""
    if not words:
        return "scanned"
    bad = sum(1 for w in words if _bad_word(w))
    return "unreadable" if bad > MAX_CID_SHARE * len(words) else None


# --------------------------------------------------------------------------------- main


def _merge_parts(pages_out: list[_PageOut]) -> list[Any]:
    """The document's items in order; a table or two-column run continued on the next page
    is merged into the one before it (a repeated header row dropped, a row broken over the
    page joined back)."""
    parts: list[Any] = []
    for out in pages_out:
        for bi, block in enumerate(out.blocks):
            items = block if isinstance(block, list) else [block]
            for k, item in enumerate(items):
                prev = parts[-1] if parts else None
                first = bi == 0 and k == 0
                if first and isinstance(item, _TableBlock) and isinstance(prev, _TableBlock) \
                        and len(prev.rows[0]) == len(item.rows[0]):
                    _continue_table(prev, item)
                    continue
                if first and isinstance(item, _TwoColumns) and isinstance(prev, _TwoColumns):
                    prev.left += item.left
                    prev.right += item.right
                    continue
                parts.append(item)
    return parts


def _continue_table(prev: _TableBlock, block: _TableBlock) -> None:
    rows = block.rows
    if rows and rows[0] == prev.rows[0]:  # repeated header row
        rows = rows[1:]
    last = prev.rows[-1]
    if rows and not rows[0][0] and last[0] and len(prev.rows) > 1:  # a row broken by the page
        cont = rows.pop(0)
        prev.rows[-1] = [" ".join(x for x in (a, b) if x) for a, b in zip(last, cont)]
    prev.rows.extend(rows)


def _render(parts: list[Any]) -> str:
    lines = [p for p in parts if isinstance(p, TextLine)]
    items: list[Any] = []
    for part in parts:
        if isinstance(part, _TableBlock):
            items += ["", render_table(part.rows), ""]
        elif isinstance(part, _TwoColumns):
            items += part.lines()
        else:
            items.append(part)
    text = "\n".join(join_paragraphs(items, measure_margins(lines)))
    return unicodedata.normalize("NFC", re.sub(r"\n{3,}", "\n\n", text).strip("\n"))


def _layer_error(needs: dict[int, str], path: Optional[str], hint: str) -> ScannedPDFError:
    if any(v == "unreadable" for v in needs.values()):
        return UnreadableTextLayerError(
            f"text layer unreadable: fonts without Unicode map; {hint}", path)
    return ScannedPDFError(f"no text layer: scanned; {hint}", path)


def _text_layers(
    pages: list[Any], ocr: str, warnings: list[str]
) -> tuple[dict[int, list[Word]], dict[int, str], list[int], dict[int, list[_TableBlock]]]:
    """Each page's words, the pages that need OCR (and why), the pages that could not be read,
    and the tables of the pages read from their text layer, found while the page is parsed
    (each page is parsed once, then closed: memory stays flat over long PDFs)."""
    texts: dict[int, list[Word]] = {}
    needs: dict[int, str] = {}
    failed: list[int] = []
    found: dict[int, list[_TableBlock]] = {}
    for k, page in enumerate(pages, 1):
        try:
            try:
                words = page.extract_words()
            except Exception as e:  # a damaged content stream: skip the page, say so
                failed.append(k)
                warnings.append(f"page {k} could not be read ({type(e).__name__}: {e})")
                words = []
            texts[k] = words
            need = "always" if ocr == "always" else _page_need(words)
            if need and k not in failed:
                needs[k] = need
            elif words and k not in failed:
                found[k] = _page_tables(page)
        finally:
            page.close()  # drop the parsed page
    return texts, needs, failed, found


def _read_pages(pdf: Any, path: Optional[str], ocr: str, warnings: list[str]) -> list[_PageOut]:
    """Every page read from its text layer, or by OCR where ``ocr`` says so and it can."""
    from . import ocr as ocr_mod

    pages = pdf.pages
    if not pages:
        raise CorruptFileError("damaged PDF: no pages", path)
    outs: list[_PageOut] = []
    texts, needs, failed, found = _text_layers(pages, ocr, warnings)
    if failed and len(failed) == len(pages):
        raise CorruptFileError("damaged PDF: no page could be read", path)
    usable = [k for k in texts if k not in needs and k not in failed]
    missing = ocr_mod.unavailable() if needs and ocr != "never" else None
    if ocr == "always" and missing:
        raise ScannedPDFError(f"OCR asked for (--ocr always) but {missing}", path)
    if needs and (ocr == "never" or missing):
        hint = "OCR is off (--ocr never)" if ocr == "never" else missing
        real = {k: v for k, v in needs.items() if v != "always"}
        if not usable or sum(len(texts[k]) for k in usable) == 0:
            raise _layer_error(real or needs, path, hint or "")
        if 1 in real:  # the header (number, issuer, date, title) is on the first page
            raise _layer_error({1: real[1]}, path, f"page 1, the header page; {hint or ''}")
        warnings.append("pages not read (no usable text layer; " + (hint or "") + "): "
                        + ", ".join(map(str, sorted(real))))
        needs = {}
    for k, page in enumerate(pages, 1):
        try:
            if k in needs:
                words = ocr_mod.page_words(page)
                outs.append(_page_items(page, words, k, []))
            elif k in failed:
                outs.append(_PageOut())
            else:
                tables = found[k] if k in found else _page_tables(page) if texts[k] else []
                outs.append(_page_items(page, texts[k], k, tables))
        except ocr_mod.OCRFailed as e:
            warnings.append(f"page {k}: OCR failed ({e})")
            outs.append(_PageOut())
        finally:
            page.close()
    if needs:
        if not usable and not any(o.blocks for o in outs):
            raise _layer_error(needs, path, "and OCR found no text on any page")
        warnings.append("OCR (Tesseract, vie) read pages: " + ", ".join(map(str, sorted(needs))))
    bad = sum(1 for k in usable for w in texts[k] if _bad_word(w))
    if bad:
        warnings.append(f"{bad} words hold glyphs without a Unicode mapping ((cid:…))")
    return outs


def read_pdf(data: bytes, path: Optional[str] = None, ocr: str = "auto") -> RawDocument:
    """Read a PDF plan; see the module docstring. ``ocr``: ``auto``, ``always`` or ``never``."""
    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be auto, always or never, not {ocr!r}")
    if b"%PDF-" not in data[:1024]:
        raise CorruptFileError("not a PDF file (no %PDF- header)", path)
    import pdfplumber

    warnings: list[str] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfplumber wraps every pdfminer error
        raise _classify_open_error(e, path) from None
    try:
        try:
            npages = len(pdf.pages)
        except Exception as e:
            raise _classify_open_error(e, path) from None
        check_pages(npages, path)  # before any page is extracted
        pages_out = _read_pages(pdf, path, ocr, warnings)
    finally:
        pdf.close()
    parts = _merge_parts(pages_out)
    tables = [[[unicodedata.normalize("NFC", c) for c in r] for r in p.rows]
              for p in parts if isinstance(p, _TableBlock)]
    return RawDocument(text=_render(parts), format="pdf", tables=tables, pages=npages,
                       warnings=warnings)
