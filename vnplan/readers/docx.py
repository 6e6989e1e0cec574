"""DOCX reader built on python-docx: paragraphs and tables in body order.

The body's children are walked in order (``w:p`` paragraphs, ``w:tbl`` tables, and the content
of ``w:sdt`` content controls). A paragraph's text is kept as is, with its automatic list label
(``1.``, ``a)``, ``-``…) put back from the numbering definitions when it has one; runs of two or
more tabs (used to align ``Số: …`` and the date on one line) become a line break and a single
tab a space, since TAB separates table cells. A paragraph in a heading style, or bold
throughout, gets a ``## `` prefix (a heading hint for the normalizer).

Tables: one row of cell texts per ``w:tr``; a cell spanning several grid columns is kept once
and the columns it covers are padded with empty cells, and the continuation of a vertically
merged cell is empty. A cell's paragraphs are joined by ``"; "`` when they look like list items
(bullet, list numbering, or ``;``-terminated items; the bullet is removed), else by a space in a
data table or kept as lines in a layout table. Nested tables are flattened into their cell.
Layout tables (see :func:`is_layout_table`: the borderless header and signature block) are
rendered column by column with :func:`render_layout_table`; data tables go into ``tables`` and
into the text as TAB rows.

Errors: not a zip, a damaged zip or no ``word/document.xml`` → :class:`CorruptFileError`; an
OLE compound file (encrypted OOXML, or a legacy ``.doc``) → :class:`EncryptedFileError`.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any, Iterator, Optional

from ..errors import CorruptFileError, EncryptedFileError
from . import ITEM_SEP, RawDocument, render_table, rows_from_grid, to_roman
from .docx_text import FontResolver, NoteQueue, load_notes, paragraph_text
from .layout import PAD

__all__ = ["read_docx"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BULLET = re.compile(r"^[-+•–]\s*")
_BULLET_SPACE = re.compile(r"^[-+•–]\s+")
_TABS = re.compile(r"\t{2,}")


# ------------------------------------------------------------------------------ numbering


def _letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalEnclosedCircle", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return to_roman(n)
    if fmt == "lowerRoman":
        return to_roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Automatic list labels (``1.``, ``a)``, ``-``) from the numbering part, counted in order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → fmt…
        self.counters: dict[str, dict[int, int]] = {}
        self.key: dict[str, str] = {}  # numId → the counter it shares (its abstract list)
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iter(_W + "abstractNum"):
            levels = {}
            for lvl in an.iter(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                fmt = _val(lvl.find(_W + "numFmt")) or "decimal"
                text = _val(lvl.find(_W + "lvlText")) or ""
                start = int(_val(lvl.find(_W + "start")) or "1")
                levels[ilvl] = (fmt, text, start)
            abstract[an.get(_W + "abstractNumId", "")] = levels
        for num in root.iter(_W + "num"):
            aid = _val(num.find(_W + "abstractNumId"))
            levels = dict(abstract.get(aid or "", {}))
            nid = num.get(_W + "numId", "")
            # lists of one abstract definition continue each other, unless restarted
            self.key[nid] = "a" + (aid or "") if num.find(f"{_W}lvlOverride/{_W}startOverride") is None else nid
            for ov in num.iter(_W + "lvlOverride"):
                ilvl = int(ov.get(_W + "ilvl", "0"))
                so = _val(ov.find(_W + "startOverride"))
                if so is not None and ilvl in levels:
                    fmt, text, _start = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(so))
            self.levels[num.get(_W + "numId", "")] = levels

    def label(self, num_id: str, ilvl: int) -> Optional[str]:
        """The label of the next paragraph of list ``num_id`` at level ``ilvl``."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        fmt, text, start = levels[ilvl]
        counters = self.counters.setdefault(self.key.get(num_id, num_id), {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return None

        def repl(m: "re.Match[str]") -> str:
            k = int(m.group(1)) - 1
            lf = levels.get(k, ("decimal", "", 1))
            return _format_number(counters.get(k, lf[2]), lf[0])

        return re.sub(r"%(\d)", repl, text).strip() or None


def _val(el: Any) -> Optional[str]:
    return None if el is None else el.get(_W + "val")


def _num_pr(paragraph: Any) -> Optional[tuple[str, int]]:
    """(numId, ilvl) of a paragraph's list numbering (own or from its style), if any."""
    p = paragraph._p
    ppr = p.pPr
    num_pr = ppr.find(_W + "numPr") if ppr is not None else None
    if num_pr is None:
        try:
            style = paragraph.style
            while style is not None and num_pr is None:
                sppr = style.element.find(_W + "pPr")
                num_pr = sppr.find(_W + "numPr") if sppr is not None else None
                style = style.base_style
        except Exception:
            num_pr = None
    if num_pr is None:
        return None
    num_id = _val(num_pr.find(_W + "numId"))
    if not num_id or num_id == "0":
        return None
    ilvl = int(_val(num_pr.find(_W + "ilvl")) or "0")
    return num_id, ilvl


# ---------------------------------------------------------------------------- paragraphs


def _style_bold(style: Any) -> Optional[bool]:
    while style is not None:
        b: Optional[bool] = style.font.bold
        if b is not None:
            return b
        style = style.base_style
    return None


def _is_heading(paragraph: Any) -> bool:
    """A heading style (``Heading n``, ``Title``) or bold throughout."""
    try:
        style = paragraph.style
        name = (style.name or "").lower() if style is not None else ""
    except Exception:
        style, name = None, ""
    if name.startswith(("heading", "title")):
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    para_bold = None
    for r in runs:
        b = r.bold
        if b is None and r.style is not None:
            b = _style_bold(r.style)
        if b is None:
            if para_bold is None:
                para_bold = bool(_style_bold(style))
            b = para_bold
        if not b:
            return False
    return True


@dataclass
class _Ctx:
    """What reading one document carries along: numbering, fonts, notes, text boxes."""

    numbering: "_Numbering"
    fonts: FontResolver
    notes: NoteQueue
    boxes: list[str]

    def after_block(self) -> list[str]:
        """Lines to write after a paragraph or table: its text boxes, then its notes."""
        out, self.boxes = self.boxes, []
        return out + self.notes.take()


def _para_text(paragraph: Any, ctx: _Ctx, in_cell: bool = False) -> tuple[str, bool]:
    """A paragraph's text (list label put back, tabs handled); and whether it is a list item.

    An empty numbered paragraph still counts; in a table cell (an auto-numbered ``TT``
    column) its label is its text.
    """
    text, boxes = paragraph_text(paragraph._p, ctx.fonts, ctx.notes)
    for box in boxes:
        for el in _block_items(box):
            if el.tag == _W + "p":
                line = " ".join(paragraph_text(el, ctx.fonts, ctx.notes)[0].split())
                if line:
                    ctx.boxes.append(line)
    text = _TABS.sub("\n", text.strip("\t ")).replace("\t", " ")
    np = _num_pr(paragraph)
    is_list = np is not None
    if np is not None:
        label = ctx.numbering.label(*np)
        if label and not text.strip():
            text = label if in_cell else text
        elif label and not text.lstrip().startswith(label):
            text = f"{label} {text.lstrip()}"
    return text, is_list


# -------------------------------------------------------------------------------- tables


def _block_items(parent: Any) -> Iterator[Any]:
    """``w:p`` / ``w:tbl`` children of a body or cell, ``w:sdt`` content opened up."""
    for child in parent.iterchildren():
        if child.tag == _W + "p" or child.tag == _W + "tbl":
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _block_items(content)


def _cell_paragraphs(tc: Any, parent: Any, ctx: _Ctx) -> list[tuple[str, bool]]:
    """(text, is_list) of the paragraphs of a cell, nested tables flattened (cell by cell)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[tuple[str, bool]] = []
    for el in _block_items(tc):
        if el.tag == _W + "p":
            text, is_list = _para_text(Paragraph(el, parent), ctx, in_cell=True)
            for line in text.split("\n"):
                if line.strip():
                    out.append((line.strip(), is_list))
        else:
            nested = Table(el, parent)
            for tr in el.tr_lst:
                for inner in tr.tc_lst:
                    out.extend(_cell_paragraphs(inner, nested, ctx))
    return out


def _cell_text(paras: list[tuple[str, bool]], layout: bool) -> str:
    texts = [t for t, _ in paras]
    if not texts:
        return ""
    listy = any(is_list or _BULLET_SPACE.match(t) for t, is_list in paras) or (
        len(texts) > 1 and all(t.rstrip().endswith(";") for t in texts[:-1])
    )
    if layout:
        return "\n".join(texts)
    if listy:
        items = [_BULLET.sub("", t).strip() if _BULLET_SPACE.match(t) else t for t in texts]
        items = [i.rstrip("; ").strip() for i in items]  # "Sở X;" + "; " would double it
        return ITEM_SEP.join(i for i in items if i)
    return " ".join(texts)


def _table_rows(tbl: Any, parent: Any, ctx: _Ctx) -> tuple[list[list[str]], Optional[str]]:
    """Rows of cell strings of a data table, or the text of a layout table."""
    from docx.table import Table

    table = Table(tbl, parent)
    grid: list[list[list[tuple[str, bool]]]] = []
    for tr in tbl.tr_lst:
        row: list[list[tuple[str, bool]]] = []
        for tc in tr.tc_lst:
            vmerge = tc.vMerge
            paras = [] if vmerge == "continue" else _cell_paragraphs(tc, table, ctx)
            row.append(paras)
            row.extend(PAD for _ in range(max(1, tc.grid_span) - 1))
        grid.append(row)
    return rows_from_grid(grid, _cell_text)


# ---------------------------------------------------------------------------------- main


def _open(data: bytes, path: Optional[str]) -> Any:
    """python-docx Document from bytes, container errors mapped to vnplan errors."""
    if data[:4] == OLE_MAGIC:
        raise EncryptedFileError("encrypted or legacy .doc file", path)
    if not data.startswith(b"PK"):
        raise CorruptFileError("not a DOCX file (not a zip archive)", path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as e:
        raise CorruptFileError(f"damaged DOCX (bad zip archive: {e})", path) from None
    if "word/document.xml" not in names:
        raise CorruptFileError("not a Word document: word/document.xml is missing", path)
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as e:  # BadZipFile (CRC), KeyError, XMLSyntaxError, PackageNotFoundError…
        detail = str(e) or type(e).__name__
        raise CorruptFileError(f"damaged DOCX ({detail})", path) from None


def read_docx(data: bytes, path: Optional[str] = None) -> RawDocument:
    """Read a DOCX plan; see the module docstring."""
    document = _open(data, path)
    from docx.text.paragraph import Paragraph

    ctx = _Ctx(_Numbering(document), FontResolver(document), load_notes(data), [])
    body = document.element.body
    out: list[str] = []
    tables: list[list[list[str]]] = []
    warnings: list[str] = []
    for el in _block_items(body):
        if el.tag == _W + "p":
            p = Paragraph(el, document)
            text, _is_list = _para_text(p, ctx)
            lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
            if lines and _is_heading(p):
                lines = ["## " + ln for ln in lines]
            out.extend(lines)
        else:
            rows, layout = _table_rows(el, document, ctx)
            if layout is not None:
                out += ["", layout, ""]
            elif rows:
                tables.append(rows)
                out += ["", render_table(rows), ""]
        out.extend(ctx.after_block())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
    text = unicodedata.normalize("NFC", text)
    tables = [[[unicodedata.normalize("NFC", c) for c in r] for r in t] for t in tables]
    return RawDocument(text=text, format="docx", tables=tables, warnings=warnings)
