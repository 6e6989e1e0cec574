"""HTML reader built on the standard library's :mod:`html.parser` (no extra dependency).

Text comes out in document order, one line per block element (``p``, ``div``, ``li``, ``br``,
headings, table rows…). ``<script>``, ``<style>``, ``<template>`` and ``<title>`` are dropped and
entities unescaped. Headings (``h1``–``h6``) and paragraphs that are bold throughout
(``b``/``strong`` or ``font-weight: bold``) get a ``## `` prefix so that the normalizer records a
heading hint. Tables become rows of cells: a cell holding several list items or paragraphs
keeps them apart, joined by ``"; "`` with a leading ``- ``/``+ `` bullet removed; nested tables
are flattened into their cell; colspans and rowspans are padded with empty cells. Data tables
go into ``RawDocument.tables`` and into the text as TAB rows; a layout table (borderless header
or signature block, see :func:`is_layout_table`) is rendered column by column instead. Text
set in a legacy Vietnamese font (TCVN3 ``.VnTime``, VNI ``VNI-Times``; by inline style,
``<font face>`` or the page's style sheet) is converted to Unicode (:mod:`.html_fonts`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Optional

from ..errors import CorruptFileError
from . import ITEM_SEP, RawDocument, render_table, rows_from_grid, to_roman
from .html_fonts import FontStack, css_fonts
from .layout import PAD
from .legacy import decode_font_text
from .text import clean_text, decode_bytes

__all__ = ["read_html"]

_BLOCK = frozenset(
    """address article aside blockquote body center dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav
    ol p pre section summary ul""".split()
)
_SKIP = frozenset({"script", "style", "template", "title", "noscript"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.I)
_BULLET = re.compile(r"^[-+•–]\s+")
_WS = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)


@dataclass
class _Cell:
    """One table cell under construction: its lines (each a list of text pieces)."""

    lines: list[list[str]] = field(default_factory=lambda: [[]])
    is_list: bool = False
    label: Optional[str] = None  # an <ol> item's label waiting for the item's text
    colspan: int = 1
    rowspan: int = 1

    def newline(self) -> None:
        if self.lines[-1]:
            self.lines.append([])

    def add(self, data: str) -> None:
        if self.label and data.strip():
            self.lines[-1].append(self.label + " ")
            self.label = None
        self.lines[-1].append(data)

    def texts(self) -> list[str]:
        out = [self.label] if self.label else []
        for pieces in self.lines:
            t = _WS.sub(" ", "".join(pieces)).strip()
            if t:
                out.append(t)
        return out


@dataclass
class _Table:
    """A table under construction: finished rows of cells, the open row and cell."""

    rows: list[list[_Cell]] = field(default_factory=list)
    row: Optional[list[_Cell]] = None
    cell: Optional[_Cell] = None
    caption: list[str] = field(default_factory=list)
    in_caption: bool = False

    def close_cell(self) -> None:
        if self.cell is not None:
            if self.row is None:
                self.row = []
            self.row.append(self.cell)
            self.cell = None

    def close_row(self) -> None:
        self.close_cell()
        if self.row is not None:
            self.rows.append(self.row)
            self.row = None


def _start(value: Optional[str]) -> int:
    """The count before the first item of a list with ``start=value``."""
    try:
        return max(0, min(int(value or 1), 10000)) - 1
    except ValueError:
        return 0


def _cell_text(cell: _Cell, layout: bool) -> str:
    """A cell's text: lines kept (layout) or items joined by ITEM_SEP (data)."""
    lines = cell.texts()
    if layout:
        return "\n".join(lines)
    if len(lines) > 1 or cell.is_list:
        lines = [_BULLET.sub("", t).strip() for t in lines]
    if len(lines) > 1:
        lines = [t.rstrip("; ").strip() for t in lines]  # "Sở X;" + "; " would double it
    return ITEM_SEP.join(t for t in lines if t)


def _grid(table: _Table) -> list[list[object]]:
    """Rows of cells: a colspan padded with PAD, the rows under a rowspan with empty cells."""
    pending: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    grid: list[list[object]] = []
    for row in table.rows:
        out: list[object] = []
        col = 0

        def fill() -> None:
            nonlocal col
            while pending.get(col, 0) > 0:
                pending[col] -= 1
                out.append(_Cell())
                col += 1

        for cell in row:
            fill()
            out.append(cell)
            span = max(1, min(cell.colspan, 100))
            for k in range(span):
                if cell.rowspan > 1:
                    pending[col + k] = min(cell.rowspan, 1000) - 1
                if k:
                    out.append(PAD)
            col += span
        fill()
        grid.append(out)
    return grid


def _table_rows(table: _Table) -> tuple[list[list[str]], Optional[str]]:
    """The rows of a finished data table, or the text of a layout table."""
    return rows_from_grid(_grid(table), _cell_text)


class _PlanHTMLParser(HTMLParser):
    """Collects text lines and tables in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._line: list[tuple[str, bool, bool]] = []  # (text, bold, heading)
        self._skip: list[str] = []
        self._bold: list[str] = []
        self._heading: list[str] = []
        self._pre = 0
        self._stack: list[_Table] = []
        self._lists: list[list[Any]] = []  # [tag, type, count] of the open <ul>/<ol>
        self._bullet = False  # the current line is a <ul> list item
        self._label: Optional[str] = None  # an <ol> item's label, put before its first text
        self._fonts = FontStack()  # legacy Vietnamese fonts (TCVN3, VNI) are converted
        self._sheet: list[str] = []  # the text of <style> elements

    # -- helpers ---------------------------------------------------------------------------

    def _flush(self) -> None:
        """End the current text line (outside tables)."""
        if not self._line:
            return
        text = _WS.sub(" ", "".join(p[0] for p in self._line)).strip()
        if text and self._bullet:
            self.out.append(text if _BULLET.match(text) else "- " + text)
        elif text:
            solid = [p for p in self._line if p[0].strip()]
            heading = all(p[2] for p in solid) or all(p[1] for p in solid)
            self.out.append("## " + text if heading else text)
        self._line = []
        self._bullet = False

    def _newline(self) -> None:
        if self._stack:
            t = self._stack[-1]
            if t.cell is not None:
                t.cell.newline()
        else:
            self._flush()

    def _emit_table(self, table: _Table) -> None:
        rows, layout = _table_rows(table)
        caption = _WS.sub(" ", "".join(table.caption)).strip()
        if self._stack:  # nested: flatten into the enclosing cell
            outer = self._stack[-1]
            if outer.cell is None:
                outer.cell = _Cell()
            lines = [caption] if caption else []
            lines += layout.split("\n") if layout is not None else [c for r in rows for c in r]
            for line in lines:
                if line.strip():
                    outer.cell.newline()
                    outer.cell.lines[-1].append(line)
            outer.cell.newline()
            return
        self._flush()
        if caption:
            self.out.append(caption)
        if layout is not None:
            if layout:
                self.out += ["", layout, ""]
        elif rows:
            self.tables.append(rows)
            self.out.append(render_table(rows))

    def _ol_label(self, tag: str) -> Optional[str]:
        """The printed label of an ``<li>`` of an ``<ol>`` (LibreOffice exports Word's
        automatic numbering so): ``1.``, ``I.``, ``i.``, ``A.``, and ``a)`` as Vietnamese
        plans write letters."""
        if tag != "li" or not self._lists or self._lists[-1][0] != "ol":
            return None
        lst = self._lists[-1]
        lst[2] += 1
        kind, n = lst[1], lst[2]
        if kind in ("I", "i"):
            roman = to_roman(n)
            return (roman if kind == "I" else roman.lower()) + "."
        if kind in ("A", "a"):
            letter = chr(ord("a") + (n - 1) % 26)
            return letter.upper() + "." if kind == "A" else letter + ")"
        return f"{n}."

    def _start_in_table(self, t: _Table, tag: str, a: dict[str, str]) -> None:
        """A start tag inside a table: a row, a cell (with its spans), a caption, or a line
        break, list item or numbered item inside the open cell."""
        if tag == "tr":
            t.close_row()
            t.row = []
        elif tag in ("td", "th"):
            t.close_cell()
            cell = _Cell()
            try:
                cell.colspan = int(a.get("colspan") or 1)
                cell.rowspan = int(a.get("rowspan") or 1)
            except ValueError:
                pass
            t.cell = cell
        elif tag == "caption":
            t.in_caption = True
        elif t.cell is not None:
            if tag == "li":
                t.cell.is_list = True
            if tag == "br" or tag in _BLOCK:
                t.cell.newline()
            label = self._ol_label(tag)
            if label:
                t.cell.label = label

    # -- HTMLParser callbacks ------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        if self._skip:
            if tag in _SKIP:
                self._skip.append(tag)
            return
        if tag in _SKIP:
            self._skip.append(tag)
            return
        a = {k: (v or "") for k, v in attrs}
        if tag not in _VOID:
            self._fonts.push(tag, a)
        if tag not in _VOID and (tag in ("b", "strong") or _BOLD_STYLE.search(a.get("style", ""))):
            self._bold.append(tag)
        if tag == "table":
            if not self._stack:
                self._flush()
            self._stack.append(_Table())
            return
        if tag in ("ul", "ol"):
            self._lists.append([tag, a.get("type") or "1", _start(a.get("start"))])
        if self._stack:
            self._start_in_table(self._stack[-1], tag, a)
            return
        if tag in _HEADINGS:
            self._flush()
            self._heading.append(tag)
            return
        if tag == "br" or tag in _BLOCK:
            self._flush()
        if tag == "pre":
            self._pre += 1
        if tag == "li" and self._lists and self._lists[-1][0] == "ul":
            self._bullet = True
        label = self._ol_label(tag)
        if label:
            self._label = label

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
                if tag == "style":
                    self._fonts.rules.update(css_fonts("".join(self._sheet)))
                    self._sheet = []
            return
        self._fonts.pop(tag)
        if tag in self._bold:
            while self._bold and self._bold.pop() != tag:
                pass
        if tag in ("ul", "ol") and any(lst[0] == tag for lst in self._lists):
            while self._lists and self._lists.pop()[0] != tag:
                pass
        if tag == "table":
            if self._stack:
                t = self._stack.pop()
                t.close_row()
                self._emit_table(t)
            return
        if self._stack:
            t = self._stack[-1]
            if tag == "tr":
                t.close_row()
            elif tag in ("td", "th"):
                t.close_cell()
            elif tag == "caption":
                t.in_caption = False
            elif t.cell is not None and tag in _BLOCK:
                t.cell.newline()
            return
        if tag in _HEADINGS:
            self._flush()
            if tag in self._heading:
                while self._heading and self._heading.pop() != tag:
                    pass
            return
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            if self._skip[-1] == "style":
                self._sheet.append(data)
            return
        if self._fonts.current:
            data = decode_font_text(data, self._fonts.current)
        if self._stack:
            t = self._stack[-1]
            if t.in_caption:
                t.caption.append(data)
                return
            if t.cell is None:
                if not data.strip():
                    return
                t.cell = _Cell()  # text outside any cell: keep it in an implicit cell
            t.cell.add(data)
            return
        if self._pre:
            parts = data.split("\n")
            for k, part in enumerate(parts):
                if k:
                    self._flush()
                if part:
                    self._line.append((part, bool(self._bold), bool(self._heading)))
            return
        if self._label and data.strip():
            self._line.append((self._label + " ", bool(self._bold), bool(self._heading)))
            self._label = None
        self._line.append((data, bool(self._bold), bool(self._heading)))

    def close(self) -> None:
        super().close()
        while self._stack:  # unclosed tables
            t = self._stack.pop()
            t.close_row()
            self._emit_table(t)
        self._flush()


def _declared_charset(data: bytes) -> Optional[str]:
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def read_html(data: bytes, path: Optional[str] = None) -> RawDocument:
    """Read an HTML plan; see the module docstring."""
    declared = _declared_charset(data)
    raw, _enc, warnings = decode_bytes(data, path, declared=declared)
    parser = _PlanHTMLParser()
    try:
        parser.feed(clean_text(raw))
        parser.close()
    except AssertionError as e:  # html.parser asserts on some broken markup ('<![0')
        raise CorruptFileError(f"malformed HTML: {e}", path) from None
    text = unicodedata.normalize("NFC", "\n".join(parser.out))
    tables = [[[unicodedata.normalize("NFC", c) for c in r] for r in t] for t in parser.tables]
    return RawDocument(text=text, format="html", tables=tables, warnings=warnings)
