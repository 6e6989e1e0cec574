"""Build DOCX, PDF and HTML test plans from corpus plan texts, laid out as real plans are.

A real plan has a borderless two-column header (issuer and number on the left, the national
motto and the place-date line on the right), the title ``KẾ HOẠCH``, the body, a borderless
two-column closing (``Nơi nhận:`` and its list on the left, the signing authority and the signer
on the right) and, often, an appendix table with grid lines. The parts are derived from the
corpus text with generic line rules (see :func:`split_plan`).

Usage: ``python tests/make_fixtures.py OUTDIR``; or import :func:`build_fixtures`.
"""

from __future__ import annotations

import html as _html
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "raw"
PLANS = {
    "000": "000_f5d23d8c80671bfb.txt",  # issuer header, blank number and date
    "002": "002_1cf771e150738f55.txt",  # number, date, appendix table one cell per line
}

_AUTHORITY = re.compile(r"^(?:TM\.|KT\.|Q\.|TL\.|CHỦ TỊCH|PHÓ CHỦ TỊCH)")
_HEADING = re.compile(r"^(?:PHẦN\s+\S+|PHỤ LỤC|[IVXLC]+\.\s|\d{1,2}(?:\.\d{1,2})*\.\s)")
_ROWNUM = re.compile(r"^\d{1,3}$")


@dataclass
class PlanParts:
    """The parts of a plan text, as laid out on paper."""

    issuer: list[str]  # left header lines above the number ("ỦY BAN NHÂN DÂN", "TỈNH …")
    number: str  # "Số: …/KH-UBND"
    motto: list[str]  # "CỘNG HÒA …", "Độc lập - Tự do - Hạnh phúc"
    date_line: str  # "X, ngày … tháng … năm …"
    title: str  # the line after "KẾ HOẠCH"
    body: list[tuple[str, bool]]  # (paragraph, is_heading)
    recipients: list[str]  # "Nơi nhận:" and its "- …" lines
    authority: list[str]  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    signer: str
    appendix_head: list[str] = field(default_factory=list)  # "PHỤ LỤC", its title, "(Kèm theo …)"
    appendix_table: list[list[str]] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)


def _clean(line: str) -> str:
    """A corpus line without markdown markup (``**``, leading ``#``) and outer spaces."""
    line = unicodedata.normalize("NFC", line).replace("**", "")
    line = re.sub(r"\*([^*\n]+)\*", r"\1", line)  # *italic*
    line = re.sub(r"^\s*#{1,6}\s+", "", line)
    line = re.sub(r"^TM\.(?=\S)", "TM. ", line.strip())
    return line.strip()


def split_plan(text: str) -> PlanParts:
    """Split a corpus plan text into its layout parts with simple generic line rules.

    The header is everything before the line ``KẾ HOẠCH``; the title is the next non-empty line;
    the body runs to the line starting ``Nơi nhận``; the closing runs from there to the signer
    (the first line after the authority lines ``TM.``/``KT.``/``CHỦ TỊCH``…); an appendix table
    flattened one cell per line (header cells from ``STT``, then rows that begin with their
    number ``01``, ``02``…) is rebuilt with as many columns as the header has.
    """
    lines = [_clean(x) for x in text.split("\n")]
    k = next(i for i, x in enumerate(lines) if x.upper() == "KẾ HOẠCH")
    header = [x for x in lines[:k] if x]
    motto = [x for x in header if x.upper().startswith("CỘNG HÒA") or x.startswith("Độc lập")]
    date_line = next((x for x in header if re.search(r",\s*ngày\b", x)), "")
    number = next((x for x in header if x.startswith("Số")), "Số: /KH-UBND")
    issuer = [x for x in header if x not in motto and x != date_line and x != number]
    place = date_line.split(",")[0].strip()
    if not issuer:
        issuer = ["ỦY BAN NHÂN DÂN", ("TỈNH " + place.upper()) if place else "TỈNH"]
    if not motto:
        motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

    i = k + 1
    while not lines[i]:
        i += 1
    title = lines[i]
    n = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("Nơi nhận"))
    body = []
    for x in lines[i + 1 : n]:
        if x:
            caps = not any(ch.islower() for ch in x)
            body.append((x, bool(_HEADING.match(x) and len(x) <= 150) or caps))

    recipients = ["Nơi nhận:"]
    j = n + 1
    while j < len(lines) and (not lines[j] or lines[j].startswith("-")):
        if lines[j]:
            recipients.append(lines[j])
        j += 1
    authority: list[str] = []
    while j < len(lines) and (not lines[j] or _AUTHORITY.match(lines[j])):
        if lines[j]:
            authority.append(lines[j])
        j += 1
    if not any(a.startswith("TM.") for a in authority):
        authority.insert(0, "TM. ỦY BAN NHÂN DÂN")
    signer = lines[j]
    j += 1

    rest = lines[j:]
    appendix_head: list[str] = []
    table: list[list[str]] = []
    tail: list[str] = []
    s = next((t for t, x in enumerate(rest) if x.upper() == "STT"), None)
    if s is None:
        tail = [x for x in rest if x]
    else:
        appendix_head = [x for x in rest[:s] if x]
        t = s
        header_cells: list[str] = []
        while t < len(rest) and rest[t] and not _ROWNUM.match(rest[t]):
            header_cells.append(rest[t])
            t += 1
        ncols = len(header_cells)
        table = [header_cells]
        while t < len(rest) and rest[t]:
            x = rest[t]
            if _ROWNUM.match(x) and int(x) == len(table):  # the next row number
                table.append([x])
            else:
                table[-1].append(x)
            t += 1
        table = [r + [""] * (ncols - len(r)) for r in table]
        tail = [x for x in rest[t:] if x]
    return PlanParts(
        issuer=issuer, number=number, motto=motto, date_line=date_line, title=title,
        body=body, recipients=recipients, authority=authority, signer=signer,
        appendix_head=appendix_head, appendix_table=table, tail=tail,
    )


# ------------------------------------------------------------------------------------ DOCX


def build_docx(parts: PlanParts, out: Path) -> Path:
    """Write ``parts`` as a DOCX: layout tables without borders, appendix with grid lines."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(3), Cm(2)

    def cell_lines(cell, items: list[tuple[str, bool]], center: bool = True) -> None:
        first = True
        for text, bold in items:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            if center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                p.add_run(text).bold = bold

    def para(text: str, bold: bool = False, center: bool = False) -> None:
        p = doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = bold

    head = doc.add_table(rows=1, cols=2)  # default table style: no borders
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left = [(x, True) for x in parts.issuer] + [(parts.number, False)]
    right = [(x, True) for x in parts.motto] + [(parts.date_line, False)]
    cell_lines(head.cell(0, 0), left)
    cell_lines(head.cell(0, 1), right)

    para("KẾ HOẠCH", bold=True, center=True)
    para(parts.title, bold=True, center=True)
    for text, heading in parts.body:
        para(text, bold=heading)

    close = doc.add_table(rows=1, cols=2)
    cell_lines(close.cell(0, 0), [(x, x.startswith("Nơi nhận")) for x in parts.recipients], False)
    cell_lines(
        close.cell(0, 1),
        [(x, True) for x in parts.authority] + [("", False), (parts.signer, True)],
    )

    if parts.appendix_table:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for x in parts.appendix_head:
            para(x, bold=not x.startswith("("), center=True)
        rows = parts.appendix_table
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = doc.styles["Table Grid"]
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                p = t.cell(r, c).paragraphs[0]
                p.add_run(text).bold = r == 0
    for x in parts.tail:
        para(x)
    doc.save(str(out))
    return out


# ------------------------------------------------------------------------------------- PDF

_FONTS_REGISTERED = False


def font_dir() -> Path:
    """The directory of the Be Vietnam Pro TTF files shipped by ``fontpkg-be-vietnam-pro``."""
    import fontpkg_be_vietnam_pro

    pkg = Path(fontpkg_be_vietnam_pro.__file__).parent
    found = sorted(pkg.rglob("BeVietnamPro-Regular.ttf"))
    if not found:
        raise FileNotFoundError(f"no BeVietnamPro-Regular.ttf under {pkg}")
    return found[0].parent


def _register_fonts() -> None:
    global _FONTS_REGISTERED
    if _FONTS_REGISTERED:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    d = font_dir()
    for name, file in (
        ("BVP", "BeVietnamPro-Regular.ttf"),
        ("BVP-Bold", "BeVietnamPro-Bold.ttf"),
        ("BVP-Italic", "BeVietnamPro-Italic.ttf"),
        ("BVP-BoldItalic", "BeVietnamPro-BoldItalic.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(d / file)))
    addMapping("BVP", 0, 0, "BVP")
    addMapping("BVP", 1, 0, "BVP-Bold")
    addMapping("BVP", 0, 1, "BVP-Italic")
    addMapping("BVP", 1, 1, "BVP-BoldItalic")
    _FONTS_REGISTERED = True


def build_pdf(parts: PlanParts, out: Path) -> Path:
    """Write ``parts`` as an A4 PDF with a text layer (reportlab platypus, Be Vietnam Pro)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        HRFlowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
    )

    _register_fonts()
    body = ParagraphStyle("body", fontName="BVP", fontSize=11, leading=14.5,
                          alignment=TA_JUSTIFY, spaceAfter=4, firstLineIndent=0.8 * cm)
    bold = ParagraphStyle("bold", parent=body, fontName="BVP-Bold", firstLineIndent=0)
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER, firstLineIndent=0,
                            spaceAfter=0)
    center_b = ParagraphStyle("center_b", parent=center, fontName="BVP-Bold")
    center_i = ParagraphStyle("center_i", parent=center, fontName="BVP-Italic")
    big = ParagraphStyle("big", parent=center_b, fontSize=14, leading=18, spaceBefore=10)
    small = ParagraphStyle("small", parent=body, fontSize=9.5, leading=12, alignment=TA_LEFT,
                           firstLineIndent=0, spaceAfter=0)
    small_bi = ParagraphStyle("small_bi", parent=small, fontName="BVP-BoldItalic", fontSize=10.5)
    cell = ParagraphStyle("cell", parent=small, fontSize=9, leading=11)
    cell_b = ParagraphStyle("cell_b", parent=cell, fontName="BVP-Bold", alignment=TA_CENTER)

    def P(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text), style)

    width = A4[0] - 5 * cm
    story: list = []
    left = [P(x, center_b) for x in parts.issuer]
    left += [HRFlowable(width="35%", thickness=0.6, color=colors.black, spaceBefore=1,
                        spaceAfter=4), P(parts.number, center)]
    right = [P(x, center_b) for x in parts.motto]
    right += [HRFlowable(width="55%", thickness=0.6, color=colors.black, spaceBefore=1,
                         spaceAfter=4), P(parts.date_line, center_i)]
    head = Table([[left, right]], colWidths=[0.4 * width, 0.6 * width])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story += [head, P("KẾ HOẠCH", big), P(parts.title, center_b), Spacer(1, 10)]
    for text, heading in parts.body:
        story.append(P(text, bold if heading else body))

    rec = [P(parts.recipients[0], small_bi)] + [P(x, small) for x in parts.recipients[1:]]
    sign = [P(x, center_b) for x in parts.authority] + [Spacer(1, 42), P(parts.signer, center_b)]
    close = Table([[rec, sign]], colWidths=[0.5 * width, 0.5 * width])
    close.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 8), close]

    if parts.appendix_table:
        story.append(PageBreak())
        for x in parts.appendix_head:
            story.append(P(x, center_i if x.startswith("(") else center_b))
        story.append(Spacer(1, 8))
        rows = parts.appendix_table
        data = [[P(c, cell_b) for c in rows[0]]] + [[P(c, cell) for c in r] for r in rows[1:]]
        fr = [1.4, 5.1, 3.0, 3.8, 2.7]
        if len(rows[0]) != len(fr):
            fr = [1.0] * len(rows[0])
        cols = [width * f / sum(fr) for f in fr]
        t = Table(data, colWidths=cols, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(t)
    for x in parts.tail:
        story.append(P(x, body))
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm, title="Kế hoạch",
                            invariant=1)
    doc.build(story)
    return out


def build_scanned_pdf(out: Path) -> Path:
    """A one-page PDF with only a drawn rectangle (as a scan would have an image): no text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.rect(72, 72, 300, 400, stroke=1, fill=1)
    c.showPage()
    c.save()
    return out


def build_long_table_pdf(out: Path, nrows: int = 60) -> Path:
    """A PDF whose ruled 4-column table runs over two pages (header row repeated)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.lib.styles import ParagraphStyle

    _register_fonts()
    st = ParagraphStyle("b", fontName="BVP", fontSize=11, leading=14)
    items = Paragraph(
        "- Sở Nông nghiệp và Phát triển nông thôn;<br/>- UBND các huyện, thành phố", st
    )
    rows: list[list] = [["STT", "Nội dung", "Phối hợp", "Thời gian"]]
    rows += [[f"{i:02d}", f"Nhiệm vụ số {i}", "Sở Tài chính", "2025"] for i in range(1, nrows + 1)]
    rows[1][2] = items  # a bulleted cell, wrapped in a narrow column
    t = Table(rows, colWidths=[1.5 * cm, 7 * cm, 5 * cm, 2.5 * cm], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                           ("FONTNAME", (0, 0), (-1, -1), "BVP"),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    doc = SimpleDocTemplate(str(out), pagesize=A4, invariant=1)
    doc.build([Paragraph("PHỤ LỤC", st), t])
    return out


def build_encrypted_pdf(out: Path, password: str = "matkhau") -> Path:
    """A PDF with a user password (reportlab standard encryption)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_fonts()
    c = canvas.Canvas(str(out), pagesize=A4, encrypt=password, invariant=1)
    c.setFont("BVP", 12)
    c.drawString(72, 760, "Ủy ban nhân dân tỉnh Bình Dương")
    c.showPage()
    c.save()
    return out


# ------------------------------------------------------------------------------------ HTML


def build_html(parts: PlanParts, out: Path) -> Path:
    """Write ``parts`` as an HTML page: layout tables without border, appendix ``border=1``."""
    e = _html.escape

    def lines(items: list[tuple[str, bool]]) -> str:
        return "".join(f"<p><b>{e(x)}</b></p>" if b else f"<p>{e(x)}</p>" for x, b in items)

    h = ['<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">',
         "<title>Kế hoạch</title><style>td{vertical-align:top}</style></head><body>"]
    left = [(x, True) for x in parts.issuer] + [(parts.number, False)]
    right = [(x, True) for x in parts.motto] + [(parts.date_line, False)]
    h.append(f"<table><tr><td>{lines(left)}</td><td>{lines(right)}</td></tr></table>")
    h.append(f"<h1>KẾ HOẠCH</h1>\n<p><b>{e(parts.title)}</b></p>")
    for text, heading in parts.body:
        h.append(f"<p><b>{e(text)}</b></p>" if heading else f"<p>{e(text)}</p>")
    rec = "".join(f"<p>{e(x)}</p>" for x in parts.recipients)
    sign = lines([(x, True) for x in parts.authority] + [(parts.signer, True)])
    h.append(f"<table><tr><td>{rec}</td><td>{sign}</td></tr></table>")
    for x in parts.appendix_head:
        h.append(f"<p><i>{e(x)}</i></p>" if x.startswith("(") else f"<p><b>{e(x)}</b></p>")
    if parts.appendix_table:
        rows = parts.appendix_table
        h.append('<table border="1">')
        h.append("<tr>" + "".join(f"<th>{e(c)}</th>" for c in rows[0]) + "</tr>")
        for r in rows[1:]:
            h.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>")
        h.append("</table>")
    for x in parts.tail:
        h.append(f"<p>{e(x)}</p>")
    h.append("</body></html>\n")
    out.write_text("\n".join(h), encoding="utf-8")
    return out


# ----------------------------------------------------------------------------------- main


def build_fixtures(outdir: Path) -> dict[str, Path]:
    """Write the fixtures into ``outdir``; returns ``{name: path}``.

    Names: ``000.docx``, ``000.pdf``, ``000.html``, ``002.docx``, ``002.pdf``, ``002.html``,
    ``scanned.pdf`` (a rectangle, no text), ``encrypted.pdf`` (user password) and
    ``longtable.pdf`` (a ruled table over two pages).
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    for key, name in PLANS.items():
        parts = split_plan((CORPUS / name).read_text(encoding="utf-8"))
        made[f"{key}.docx"] = build_docx(parts, outdir / f"{key}.docx")
        made[f"{key}.pdf"] = build_pdf(parts, outdir / f"{key}.pdf")
        made[f"{key}.html"] = build_html(parts, outdir / f"{key}.html")
    made["scanned.pdf"] = build_scanned_pdf(outdir / "scanned.pdf")
    made["encrypted.pdf"] = build_encrypted_pdf(outdir / "encrypted.pdf")
    made["longtable.pdf"] = build_long_table_pdf(outdir / "longtable.pdf")
    return made


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python tests/make_fixtures.py OUTDIR", file=sys.stderr)
        return 2
    for name, p in build_fixtures(Path(args[0])).items():
        print(f"{name}\t{p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
