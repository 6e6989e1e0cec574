"""Plans laid out as government offices really issue them, and the files offices make of them.

:func:`build_office_docx` writes a corpus plan with python-docx the way a provincial office's
Word template does: the header and the signature block are borderless tables with a narrow
empty spacer column (one row per line, or each half in one cell with line breaks; optionally a
half spanning two grid columns), headings and items numbered by Word's automatic numbering
(``w:numPr``, the literal label removed from the text), a shaded title, a highlighted run, and
an appendix task table whose ``STT`` cells are empty auto-numbered paragraphs and whose header
row repeats on every page.

:func:`convert` renders such a DOCX with LibreOffice headless (PDF, HTML, legacy ``.doc``), as
an office's "Save as" or "Export" does; :func:`rasterise` turns a PDF into an image-only PDF
(a scan); :func:`legacy_encode` writes Vietnamese text in TCVN3 or VNI from the mapping tables.
"""

from __future__ import annotations

import atexit
import copy
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Optional

from make_fixtures import PlanParts

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ROMAN = re.compile(r"^([IVX]{1,5})\.\s+(.*)$")
_ARABIC = re.compile(r"^(\d{1,2})\.\s+(.*)$")
_BULLET = re.compile(r"^-\s+(.*)$")
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}

# list ids in the numbering part (abstractNum ids chosen high to avoid the template's)
NUM_OUTLINE, NUM_BULLET, NUM_STT = "901", "902", "903"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _el(tag: str, **attrs: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def _add_numbering(doc) -> None:
    """Outline list (``I.`` / ``1.``), bullet list (``-``) and a ``01`` counter for STT cells."""
    from lxml import etree

    numbering = doc.part.numbering_part.element

    def abstract(aid: str, levels: list[tuple[str, str]]) -> None:
        an = _el("w:abstractNum", abstractNumId=aid)
        for ilvl, (fmt, text) in enumerate(levels):
            lvl = _el("w:lvl", ilvl=str(ilvl))
            lvl.append(_el("w:start", val="1"))
            lvl.append(_el("w:numFmt", val=fmt))
            lvl.append(_el("w:lvlText", val=text))
            lvl.append(_el("w:suff", val="space"))
            an.append(lvl)
        first_num = numbering.find(_w("num"))
        if first_num is not None:
            first_num.addprevious(an)
        else:
            numbering.append(an)

    abstract(NUM_OUTLINE, [("upperRoman", "%1."), ("decimal", "%2.")])
    abstract(NUM_BULLET, [("bullet", "-")])
    abstract(NUM_STT, [("decimalZero", "%1")])
    for nid in (NUM_OUTLINE, NUM_BULLET, NUM_STT):
        num = _el("w:num", numId=nid)
        num.append(_el("w:abstractNumId", val=nid))
        numbering.append(num)
    etree.cleanup_namespaces(numbering)


def _set_num(paragraph, num_id: str, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = _el("w:numPr")
    num_pr.append(_el("w:ilvl", val=str(ilvl)))
    num_pr.append(_el("w:numId", val=num_id))
    ppr.insert(0, num_pr)


def _shade(paragraph, fill: str = "D9D9D9") -> None:
    paragraph._p.get_or_add_pPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


class _Counter:
    """Tells whether a literal label is the one Word's numbering would print next."""

    def __init__(self) -> None:
        self.roman = 0
        self.arabic = 0

    def auto(self, text: str) -> Optional[tuple[str, int, str]]:
        m = _ROMAN.match(text)
        if m and _ROMAN_VALUES.get(m.group(1)) == self.roman + 1:
            self.roman += 1
            self.arabic = 0
            return NUM_OUTLINE, 0, m.group(2)
        m = _ARABIC.match(text)
        if m and self.roman and int(m.group(1)) == self.arabic + 1:
            self.arabic += 1
            return NUM_OUTLINE, 1, m.group(2)
        m = _BULLET.match(text)
        if m:
            return NUM_BULLET, 0, m.group(1)
        return None


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="nil"))
    tbl_pr.append(borders)


def _write_lines(cell, lines: list[tuple[str, bool]], breaks: bool, center: bool = True) -> None:
    """Lines into a cell: one paragraph each, or one paragraph with line breaks (``breaks``)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = cell.paragraphs[0]
    for k, (text, bold) in enumerate(lines):
        if k and not breaks:
            p = cell.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        if breaks and k < len(lines) - 1:
            run.add_break()


def _layout_table(doc, left: list[tuple[str, bool]], right: list[tuple[str, bool]],
                  style: str, widths: tuple[float, float, float], center_left: bool = True) -> None:
    """A borderless 3-column table (left | empty spacer | right).

    ``style``: ``rows`` (one row per line, the halves aligned from the top), ``cell`` (each
    half in one cell, a paragraph per line), ``breaks`` (each half one paragraph with line
    breaks) or ``merged`` (one row per line on a 4-column grid, the right half spanning two).
    """
    from docx.shared import Cm

    ncols = 4 if style == "merged" else 3
    nrows = max(len(left), len(right)) if style in ("rows", "merged") else 1
    t = doc.add_table(rows=nrows, cols=ncols)
    _no_borders(t)
    cw = list(widths) if ncols == 3 else [widths[0], widths[1], widths[2] / 2, widths[2] / 2]
    t.autofit = False
    for col, w in zip(t.columns, cw):  # the grid LibreOffice lays out, and each cell
        col.width = Cm(w)
    for row in t.rows:
        for c, w in zip(row.cells, cw):
            c.width = Cm(w)
    if style in ("cell", "breaks"):
        _write_lines(t.cell(0, 0), left, style == "breaks", center_left)
        _write_lines(t.cell(0, 2), right, style == "breaks")
        return
    for r in range(nrows):
        if r < len(left):
            _write_lines(t.cell(r, 0), [left[r]], False, center_left)
        if style == "merged":
            target = t.cell(r, 2).merge(t.cell(r, 3))
        else:
            target = t.cell(r, 2)
        if r < len(right):
            _write_lines(target, [right[r]], False)


def _appendix(doc, rows: list[list[str]]) -> None:
    """The appendix task table: grid lines, repeated header row, auto-numbered STT cells."""
    from docx.oxml import OxmlElement

    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = doc.styles["Table Grid"]
    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            p = t.cell(r, c).paragraphs[0]
            if r and c == 0 and re.fullmatch(r"\d{2}", text):
                _set_num(p, NUM_STT, 0)  # the printed "01" comes from the numbering
                continue
            p.add_run(text).bold = r == 0


def _a4_document():
    """A new DOCX as offices set it up: A4, margins 3 cm left and 2 cm right, Times New Roman 13."""
    import docx
    from docx.shared import Cm, Pt

    doc = docx.Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(3), Cm(2)
    return doc


def build_office_docx(parts: PlanParts, out: Path, style: str = "rows") -> Path:
    """Write ``parts`` as an office-made DOCX (see the module docstring)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX

    doc = _a4_document()
    _add_numbering(doc)

    left = [(x, True) for x in parts.issuer] + [(parts.number, False)]
    right = [(x, True) for x in parts.motto] + [(parts.date_line, False)]
    if style in ("rows", "merged"):  # Số: and the date share the last row, as printed
        pad = max(len(left), len(right))
        left = left[:-1] + [("", False)] * (pad - len(left)) + left[-1:]
        right = right[:-1] + [("", False)] * (pad - len(right)) + right[-1:]
    _layout_table(doc, left, right, style, (6.0, 0.5, 9.5))

    for text, shade in (("KẾ HOẠCH", False), (parts.title, True)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True
        if shade:
            _shade(p)
    counter = _Counter()
    highlighted = False
    for text, heading in parts.body:
        p = doc.add_paragraph()
        auto = counter.auto(text)
        if auto:
            _set_num(p, auto[0], auto[1])
            text = auto[2]
        run = p.add_run(text)
        run.bold = heading
        if heading and auto and auto[1] == 0:
            _shade(p, "F2F2F2")
        if not heading and not highlighted and len(text) > 80:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            highlighted = True

    recipients = [(x, x.startswith("Nơi nhận")) for x in parts.recipients]
    signer = [(x, True) for x in parts.authority] + [("", False)] * 3 + [(parts.signer, True)]
    _layout_table(doc, recipients, signer, "cell" if style != "breaks" else "breaks",
                  (7.5, 0.5, 8.0), center_left=False)

    if parts.appendix_table:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for x in parts.appendix_head:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(x).bold = not x.startswith("(")
        _appendix(doc, parts.appendix_table)
    for x in parts.tail:
        doc.add_paragraph(x)
    doc.save(str(out))
    return out


# ------------------------------------------------------------------------ LibreOffice


def soffice() -> Optional[str]:
    """The LibreOffice binary on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=1)
def _lo_profile() -> Path:
    """A LibreOffice profile of this test process (two runs sharing one profile fail at once)."""
    profile = Path(tempfile.mkdtemp(prefix="vnplan-test-lo-"))
    atexit.register(shutil.rmtree, profile, True)
    return profile


def convert(src: Path, fmt: str, outdir: Path, timeout: float = 120) -> Path:
    """Convert ``src`` with LibreOffice headless to ``fmt`` (``pdf``, ``html``, ``doc``)."""
    return convert_many([src], fmt, outdir, timeout)[0]


def convert_many(srcs: list[Path], fmt: str, outdir: Path, timeout: float = 300) -> list[Path]:
    """Convert every file of ``srcs`` to ``fmt`` in one LibreOffice run (one start-up)."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    filters = {"pdf": "pdf:writer_pdf_Export", "html": "html:HTML (StarWriter)", "doc": "doc:MS Word 97"}
    profile = _lo_profile()
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", filters[fmt], "--outdir", str(outdir), *map(str, srcs)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    outs = [outdir / (src.stem + "." + fmt) for src in srcs]
    missing = [o.name for o in outs if not o.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice made no {', '.join(missing)}")
    return outs


def rasterise(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """An image-only PDF of ``pdf``: each page rendered to a greyscale bitmap (a scan)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    images = []
    try:
        for page in doc:
            images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    finally:
        doc.close()
    images[0].save(str(out), save_all=True, append_images=images[1:], resolution=dpi)
    return out


def drop_unicode_maps(pdf: Path, out: Path) -> Path:
    """``pdf`` with its fonts' ``/ToUnicode`` maps taken out: the text layer of files whose
    writer embedded subset fonts without a Unicode map (old PDF printers, some re-saving
    tools). The glyphs still print; their codes map to nothing, so a text extractor sees
    ``(cid:N)``. Each entry is blanked in place, so the cross-reference offsets stay valid.
    """
    data = pdf.read_bytes()
    broken, n = re.subn(rb"/ToUnicode\s+\d+\s+\d+\s+R", lambda m: b" " * len(m.group(0)), data)
    if not n:
        raise RuntimeError(f"{pdf.name} holds no /ToUnicode entry in plain dictionaries")
    out.write_bytes(broken)
    return out


def copy_tree(parts: PlanParts) -> PlanParts:
    return copy.deepcopy(parts)


# ------------------------------------------------------------------- legacy encodings


def build_legacy_docx(text: str, encoding: str, out: Path) -> Path:
    """The plan text typed in a legacy font, one paragraph a line, as old offices did.

    TCVN3: lines in capitals go in ``.VnTimeH`` typed in lower case (its glyphs draw capitals),
    other lines in ``.VnTime``, a toned capital inside them in a ``.VnTimeH`` run of its own.
    VNI: every run in ``VNI-Times``.
    """
    import docx

    from vnplan.readers.legacy import encode_legacy

    doc = docx.Document()
    for line in text.split("\n"):
        p = doc.add_paragraph()
        if encoding == "vni":
            p.add_run(encode_legacy(line, "vni")).font.name = "VNI-Times"
            continue
        if line and line == line.upper() and any(c.isalpha() for c in line):
            p.add_run(encode_legacy(line.lower(), "tcvn3")).font.name = ".VnTimeH"
            continue
        for caps, chunk in _capital_chunks(line):
            run = p.add_run(encode_legacy(chunk.lower() if caps else chunk, "tcvn3"))
            run.font.name = ".VnTimeH" if caps else ".VnTime"
    doc.save(str(out))
    return out


def _capital_chunks(line: str) -> list[tuple[bool, str]]:
    """Runs of a line: (True, letter) for each toned capital TCVN3 lacks, (False, text) else."""
    from vnplan.readers.legacy import encode_legacy

    out: list[tuple[bool, str]] = []
    for c in line:
        caps = c.isupper() and not c.isascii() and encode_legacy(c, "tcvn3") == encode_legacy(c.lower(), "tcvn3")
        if out and not caps and not out[-1][0]:
            out[-1] = (False, out[-1][1] + c)
        else:
            out.append((caps, c))
    return out


# ---------------------------------------------------------------- notes and text boxes

_FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>{notes}</w:footnotes>"
)


def add_footnotes(doc, notes: dict[int, str]) -> None:
    """Give ``doc`` a footnotes part holding ``notes`` (id → text), as Word writes it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from xml.sax.saxutils import escape as xml_escape

    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {xml_escape(t)}</w:t></w:r></w:p></w:footnote>'
        for i, t in notes.items()
    )
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                _FOOTNOTES_XML.format(notes=body).encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def footnote_ref(paragraph, note_id: int) -> None:
    """A footnote reference run at the end of ``paragraph``."""
    run = paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    rpr.append(_el("w:vertAlign", val="superscript"))
    run._r.append(_el("w:footnoteReference", id=str(note_id)))


def text_box(paragraph, lines: list[str]) -> None:
    """A text box anchored in ``paragraph`` as Word 2010+ writes it: a DrawingML shape and
    its VML fallback, both holding the same ``w:txbxContent``."""
    from docx.oxml import parse_xml
    from xml.sax.saxutils import escape as xml_escape

    paras = "".join(f"<w:p><w:r><w:t>{xml_escape(x)}</w:t></w:r></w:p>" for x in lines)
    xml = (
        f'<w:r xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>'
        f"<w:txbxContent>{paras}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape><v:textbox>'
        f"<w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    paragraph._p.append(parse_xml(xml))


def hybrid_scan(pdf: Path, scanned_pages: list[int], out: Path, dpi: int = 200) -> Path:
    """``pdf`` with the given pages (0-based) replaced by their rasterised image: a file a
    scanner and a word processor made together."""
    import pypdfium2 as pdfium

    scan = rasterise(pdf, out.with_suffix(".scan.pdf"), dpi)
    src, img = pdfium.PdfDocument(str(pdf)), pdfium.PdfDocument(str(scan))
    new = pdfium.PdfDocument.new()
    for k in range(len(src)):
        new.import_pages(img if k in scanned_pages else src, [k])
    new.save(str(out))
    for d in (src, img, new):
        d.close()
    return out


# ------------------------------------------------------------------------ a hand-written plan


def _plan_blocks(lines: list[str]) -> list[tuple[str, object]]:
    """Consecutive lines as blocks: ``("table", rows)`` for runs of TAB-separated rows,
    ``("para", line)`` for every other non-empty line."""
    out: list[tuple[str, object]] = []
    for line in lines:
        if not line.strip():
            continue
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if out and out[-1][0] == "table":
                rows = out[-1][1]
                assert isinstance(rows, list)
                rows.append(cells + [""] * (len(rows[0]) - len(cells)))
            else:
                out.append(("table", [cells]))
        else:
            out.append(("para", line.strip()))
    return out


_TYPE_WORDS = ("KẾ HOẠCH", "QUYẾT ĐỊNH")


def _body_paragraphs(doc, lines: list[str]) -> None:
    """Body lines as an office types them: the type word, the line after it, lines in capitals
    and '(Kèm theo …)' lines centred; numbered headings and capitals bold; TAB rows as a ruled
    table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    after_type = False
    for kind, block in _plan_blocks(lines):
        if kind == "table":
            _appendix(doc, block)  # type: ignore[arg-type]
            after_type = False
            continue
        line = str(block)
        bare = line.rstrip(":")
        is_type = bare.isupper() and bare in _TYPE_WORDS
        centred = is_type or after_type or line.isupper() or line.startswith("(")
        p = doc.add_paragraph()
        if centred:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = (centred and not line.startswith("(")) or bool(re.match(r"^(?:[IVX]+\.|\d+\.)\s", line))
        after_type = is_type and bare == line  # "QUYẾT ĐỊNH:" opens the articles: no title follows


def _closing(doc, lines: list[str]) -> int:
    """The recipients and signature of ``lines`` (from 'Nơi nhận') as a borderless two-half
    table; returns how many lines it used (through the signer's name)."""
    r = 1
    while r < len(lines) and lines[r].startswith("-"):
        r += 1
    signature = lines[r:]
    cut = next((i for i, x in enumerate(signature) if not x.isupper() and not x.startswith(("TM.", "KT."))), len(signature) - 1)
    _layout_table(doc, [(x, x.startswith("Nơi nhận")) for x in lines[:r]],
                  [(x, True) for x in signature[: cut + 1]], "cell", (7.5, 0.5, 8.0), center_left=False)
    return r + cut + 1


def _unfold_columns(lines: list[str]) -> list[str]:
    """A header or closing typed in two columns on one line ("ỦY BAN …     CỘNG HÒA …", as a
    text dump of a two-cell table prints it) back into one cell per line: the left column's
    lines, then the right's, for each run of such lines. An office makes those two columns as
    the cells of a borderless table, which build_plan_docx then does."""
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for ln in lines + [""]:
        parts = re.split(r"\s{3,}", ln.strip())
        indented = len(ln) - len(ln.lstrip()) >= 3
        if len(parts) == 2 or (indented and ln.strip() and (left or right)):
            left += parts[:-1] if len(parts) == 2 else []
            right.append(parts[-1])
            continue
        if left or right:
            out += left + right
            left, right = [], []
        out.append(ln)
    return out[:-1]


def build_plan_docx(text: str, out: Path) -> Path:
    """A plan written as text (header lines, ``KẾ HOẠCH`` or ``QUYẾT ĐỊNH``, title, body,
    ``Nơi nhận:`` …, signature, then an attached plan or an appendix) laid out the way offices
    make the DOCX: the header and each closing as borderless two-half tables, the type word and
    title centred and bold, numbered headings bold, TAB-separated rows as ruled tables, what
    follows a signature after a page break."""
    from docx.enum.text import WD_BREAK

    lines = [ln.strip() for ln in _unfold_columns(text.split("\n"))]
    k = next(i for i, x in enumerate(lines) if x.upper() in _TYPE_WORDS)
    head = [x for x in lines[:k] if x]
    motto = [x for x in head if x.upper().startswith("CỘNG HÒA") or x.startswith("Độc lập")]
    date_line = next((x for x in head if re.search(r",\s*ngày\b", x)), "")
    number = next((x for x in head if x.startswith(("Số", "SỐ"))), "")
    issuer = [x for x in head if x not in motto and x not in (date_line, number)]
    motto = motto or ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

    doc = _a4_document()
    _layout_table(doc, [(x, True) for x in issuer] + [(number, False)],
                  [(x, True) for x in motto] + [(date_line, False)], "cell", (6.0, 0.5, 9.5))
    rest = [x for x in lines[k:] if x]
    while rest:
        n = next((i for i, x in enumerate(rest) if x.startswith("Nơi nhận")), len(rest))
        _body_paragraphs(doc, rest[:n])
        rest = rest[n:]
        if rest:
            rest = rest[_closing(doc, rest):]
            if rest:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.save(str(out))
    return out
