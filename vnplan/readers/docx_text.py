"""The text of one DOCX paragraph as Word prints it: runs, notes, text boxes, legacy fonts.

:func:`paragraph_text` walks a ``w:p`` element itself (python-docx's ``Paragraph.text`` drops
note references and text boxes):

- ``w:t`` text, ``w:tab`` a TAB, ``w:br``/``w:cr`` a line break, ``w:noBreakHyphen`` ``-``;
  deleted text (``w:delText``), field codes (``w:instrText``) and the fallback copy of a
  drawing (``mc:Fallback``) are skipped;
- a footnote or endnote reference prints its marker in place, ``[1]`` (footnotes numbered
  1, 2, … in reference order) or ``[i]`` (endnotes i, ii, … — Word's defaults); the note's
  own text is queued on :class:`NoteQueue` and the reader writes it as a line ``[1] …`` right
  after the paragraph (after the table, for a reference inside a table), so that a document
  cited only in a footnote stands next to the sentence that cites it;
- text boxes and shapes (``w:txbxContent``) are queued as their own lines, after the paragraph
  that anchors them;
- runs in a legacy Vietnamese font (TCVN3 ``.VnTime``, capitals ``.VnTimeH``, VNI
  ``VNI-Times``) are converted to Unicode (:mod:`vnplan.readers.legacy`); the font comes from
  the run, its character style, the paragraph style chain or the document defaults.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any, Optional

from . import to_roman
from .legacy import decode_font_text

__all__ = ["NoteQueue", "FontResolver", "paragraph_text", "load_notes"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = frozenset({_W + "delText", _W + "instrText", _W + "rPr", _W + "pPr", _MC_FALLBACK,
                   _W + "del", _W + "footnoteRef", _W + "endnoteRef", _W + "sectPr"})


@dataclass
class NoteQueue:
    """Footnote and endnote texts by id, markers given in reference order, lines to emit."""

    footnotes: dict[str, list[Any]] = field(default_factory=dict)
    endnotes: dict[str, list[Any]] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    numbers: dict[tuple[str, str], str] = field(default_factory=dict)

    def marker(self, kind: str, note_id: str, fonts: "FontResolver") -> str:
        """The printed marker of a reference; the note text queued on first reference."""
        key = (kind, note_id)
        if key in self.numbers:
            return f"[{self.numbers[key]}]"
        count = sum(1 for k in self.numbers if k[0] == kind) + 1
        label = str(count) if kind == "footnote" else to_roman(count).lower()
        self.numbers[key] = label
        paras = (self.footnotes if kind == "footnote" else self.endnotes).get(note_id, [])
        texts = [paragraph_text(p, fonts, self)[0] for p in paras]
        body = " ".join(" ".join(t.split()) for t in texts if t.strip())
        if body:
            self.pending.append(f"[{label}] {body}")
        return f"[{label}]"

    def take(self) -> list[str]:
        out, self.pending = self.pending, []
        return out


def load_notes(data: bytes) -> NoteQueue:
    """The footnote and endnote paragraphs of a DOCX (separators left out)."""
    from lxml import etree

    queue = NoteQueue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        for part, tag, target in (("word/footnotes.xml", "footnote", queue.footnotes),
                                  ("word/endnotes.xml", "endnote", queue.endnotes)):
            if part not in names:
                continue
            try:
                root = etree.fromstring(z.read(part))
            except etree.XMLSyntaxError:
                continue
            for note in root.iter(_W + tag):
                if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                target[note.get(_W + "id", "")] = list(note.iter(_W + "p"))
    return queue


class FontResolver:
    """The font name of a run: its own, its character style's, the paragraph style chain's,
    or the document default's (``w:rFonts`` ``ascii`` / ``hAnsi``)."""

    def __init__(self, document: Any) -> None:
        self.styles: dict[str, Any] = {}
        self.default_para: Optional[str] = None
        self.default_font: Optional[str] = None
        self.cache: dict[str, Optional[str]] = {}
        try:
            root = document.styles.element
        except Exception:
            return
        for st in root.iter(_W + "style"):
            sid = st.get(_W + "styleId", "")
            self.styles[sid] = st
            if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true"):
                self.default_para = sid
        defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default_font = _rfonts(defaults)

    def _style_font(self, sid: Optional[str], depth: int = 0) -> Optional[str]:
        if not sid or depth > 20:
            return None
        if sid in self.cache:
            return self.cache[sid]
        st = self.styles.get(sid)
        font = None
        if st is not None:
            font = _rfonts(st.find(_W + "rPr"))
            if font is None:
                based = st.find(_W + "basedOn")
                font = self._style_font(based.get(_W + "val") if based is not None else None, depth + 1)
        self.cache[sid] = font
        return font

    def font(self, run: Any, p_style: Optional[str]) -> Optional[str]:
        rpr = run.find(_W + "rPr")
        own = _rfonts(rpr)
        if own:
            return own
        if rpr is not None:
            rs = rpr.find(_W + "rStyle")
            if rs is not None:
                f = self._style_font(rs.get(_W + "val"))
                if f:
                    return f
        return self._style_font(p_style or self.default_para) or self.default_font


def _rfonts(rpr: Any) -> Optional[str]:
    if rpr is None:
        return None
    rf = rpr.find(_W + "rFonts")
    if rf is None:
        return None
    font: Optional[str] = rf.get(_W + "ascii") or rf.get(_W + "hAnsi")
    return font


def _run_text(run: Any, fonts: FontResolver, notes: NoteQueue, boxes: list[Any]) -> str:
    """The printed text of one ``w:r`` (see the module docstring)."""
    out: list[str] = []
    stack = list(reversed(list(run)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == _W + "t":
            out.append(el.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
            kind = "footnote" if tag == _W + "footnoteReference" else "endnote"
            out.append(notes.marker(kind, el.get(_W + "id", ""), fonts))
        elif tag == _W + "txbxContent":
            boxes.append(el)
        else:
            stack.extend(reversed(list(el)))
    return "".join(out)


def paragraph_text(p: Any, fonts: FontResolver, notes: NoteQueue) -> tuple[str, list[Any]]:
    """A paragraph's printed text, and the ``w:txbxContent`` elements it anchors."""
    ppr = p.find(_W + "pPr")
    ps = ppr.find(_W + "pStyle") if ppr is not None else None
    p_style = ps.get(_W + "val") if ps is not None else None
    boxes: list[Any] = []
    parts: list[str] = []
    stack = [c for c in reversed(list(p)) if c.tag != _W + "pPr"]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        if el.tag == _W + "r":
            parts.append(decode_font_text(_run_text(el, fonts, notes, boxes), fonts.font(el, p_style)))
        else:  # hyperlinks, smart tags, insertions, fields, content controls
            stack.extend(reversed(list(el)))
    return "".join(parts), boxes
