"""Readers: one module per input format, each turning bytes into a :class:`RawDocument`.

Every reader returns plain text in reading order plus the tables it found. Tables are also
rendered into the text, one row per line with cells separated by a TAB (``\\t``) and the items
of a list cell separated by ``"; "``, so that every later stage sees one string and spans into it
cover table cells too. Layout tables (a borderless two-column header or signature block, as in
DOCX and PDF plans) are not data: their cells are rendered column by column as paragraphs.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from ..datafiles import is_row_number_header
from ..errors import UnreadableFileError, UnsupportedFormatError
from ..models import SourceFormat

CELL_SEP = "\t"
ITEM_SEP = "; "


@dataclass
class RawDocument:
    """What a reader produced: text (not yet normalized) and tables (rows of cell strings)."""

    text: str
    format: SourceFormat
    tables: list[list[list[str]]] = field(default_factory=list)
    pages: Optional[int] = None
    warnings: list[str] = field(default_factory=list)
    # the lines are still cut at a page width (the normalizer joins them); False when the
    # reader kept paragraphs whole or joined them from the layout itself (PDF)
    wrapped: bool = False


Reader = Callable[..., RawDocument]  # (data, path) -> RawDocument; PDF also takes ocr=

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
}


def format_of(path: str | Path) -> str:
    """The format name for a path, from its extension; raises UnsupportedFormatError."""
    ext = Path(path).suffix.lower()
    if ext not in EXTENSIONS:
        raise UnsupportedFormatError(
            f"unsupported format {ext or '(no extension)'!r}; vnplan reads "
            + ", ".join(sorted(set(EXTENSIONS))),
            str(path),
        )
    return EXTENSIONS[ext]


def get_reader(fmt: str) -> Reader:
    """The reader function for a format name (imported lazily: PDF/DOCX libraries are slow)."""
    if fmt == "txt":
        from .text import read_text as reader
    elif fmt == "md":
        from .markdown import read_markdown as reader
    elif fmt == "html":
        from .html import read_html as reader
    elif fmt == "pdf":
        from .pdf import read_pdf as reader
    elif fmt == "docx":
        from .docx import read_docx as reader
    elif fmt == "doc":
        from .doc import read_doc as reader
    else:
        raise UnsupportedFormatError(f"unsupported format {fmt!r}")
    return reader


OCR_MODES = ("auto", "always", "never")


def read_bytes(data: bytes, fmt: str, path: Optional[str] = None, ocr: str = "auto") -> RawDocument:
    """Read ``data`` as format ``fmt``. ``path`` is only used in error messages.

    ``ocr`` (PDF only): ``auto`` OCRs the pages without a usable text layer when Tesseract is
    installed, ``always`` every page, ``never`` none.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}")
    if fmt == "pdf":
        return get_reader(fmt)(data, path, ocr=ocr)
    return get_reader(fmt)(data, path)


def read_file(path: str | os.PathLike[str], ocr: str = "auto") -> tuple[RawDocument, bytes]:
    """Read a file from disk; returns the document and the raw bytes (for hashing)."""
    p = Path(path)
    fmt = format_of(p)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise UnreadableFileError("is a directory, not a file", str(p)) from None
    except FileNotFoundError:
        raise UnreadableFileError("no such file", str(p)) from None
    except PermissionError:
        raise UnreadableFileError("permission denied", str(p)) from None
    except OSError as e:
        raise UnreadableFileError(f"cannot read: {e.strerror or e}", str(p)) from None
    return read_bytes(data, fmt, str(p), ocr=ocr), data


def to_roman(n: int) -> str:
    """``n`` in upper-case Roman numerals (list labels ``I.``, ``IV.``)."""
    out = []
    for v, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                   (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(sym)
            n -= v
    return "".join(out)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_table(rows: list[list[str]]) -> str:
    """Render table rows as text lines (cells TAB-separated, no TAB or newline inside a cell)."""
    out = []
    for row in rows:
        cells = [" ".join((c or "").replace("\t", " ").split()) for c in row]
        out.append(CELL_SEP.join(cells))
    return "\n".join(out)


def is_layout_table(rows: list[list[str]]) -> bool:
    """True for a borderless layout grid (header or signature block), not a data table.

    A layout table has at most two columns and at most three rows, and no row looks like a
    table header (``STT``/``TT`` first cell).
    """
    if not rows:
        return True
    ncols = max(len(r) for r in rows)
    if ncols > 2 or len(rows) > 3:
        return False
    first = (rows[0][0] or "") if rows[0] else ""
    return not is_row_number_header(first)


def rows_from_grid(
    grid: list[list[Any]], cell_text: Callable[[Any, bool], str]
) -> tuple[list[list[str]], Optional[str]]:
    """Rows of cell strings of a data table, or the rendered text of a layout table.

    ``grid`` holds reader-specific cells, :data:`layout.PAD` where a cell spans from the left;
    ``cell_text(cell, layout)`` renders one cell (layout cells keep their lines). Empty rows
    are dropped; data rows are padded to the widest row. Returns ``(rows, None)`` for a data
    table and ``([], text)`` for a layout table (see :mod:`vnplan.readers.layout`).
    """
    from .layout import PAD, layout_text

    def text(c: Any, layout: bool) -> str:
        return "" if c is PAD else cell_text(c, layout)

    grid = [r for r in grid if any(text(c, True).strip() for c in r)]
    if not grid:
        return [], ""
    rendered = layout_text(grid, cell_text)
    if rendered is not None:
        return [], rendered
    rows = [[text(c, False) for c in r] for r in grid]
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows], None


def render_layout_table(rows: list[list[str]]) -> str:
    """Render a layout table column by column, each cell's lines kept as paragraphs."""
    ncols = max((len(r) for r in rows), default=0)
    parts = []
    for c in range(ncols):
        for r in rows:
            if c < len(r) and (r[c] or "").strip():
                parts.append(r[c].strip())
    return "\n\n".join(parts)
