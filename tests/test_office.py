"""Plans as offices issue them: DOCX made with python-docx like an office template, and the
PDF, HTML and .doc that LibreOffice makes of it; TCVN3 and VNI files; a scan.

The files are built once per session into ``tests/fixtures/generated/<hash>/`` (git-ignored;
the hash covers the builders and the corpus plans, so a change rebuilds them). Each must give
the metadata, section kinds and facts of the same plan's text. Tests needing LibreOffice or
Tesseract are skipped when those are not installed (CI installs them: ``.ci/run``).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest

import make_fixtures as mf
import office_fixtures as of
import vnplan
from vnplan.batch import read_manifest, run_batch
from vnplan.errors import ScannedPDFError, UnreadableTextLayerError
from vnplan.readers.docx import read_docx
from vnplan.readers.html import read_html
from vnplan.readers.legacy import encode_legacy
from vnplan.readers.pdf_paragraphs import TextLine, join_paragraphs, measure_margins
from vnplan.readers.text import read_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "raw"
GOLD = ROOT / "corpus" / "gold"
STEMS = {"000": "000_f5d23d8c80671bfb", "002": "002_1cf771e150738f55"}
STYLES = {"000": "breaks", "002": "rows", "002m": "merged"}  # header table drawn three ways

needs_soffice = pytest.mark.skipif(of.soffice() is None, reason="LibreOffice not installed")


def _ocr_ready() -> bool:
    from vnplan.readers import ocr

    return ocr.unavailable() is None


def _cache_dir() -> Path:
    h = hashlib.sha256()
    for p in (Path(of.__file__), Path(mf.__file__), *(CORPUS / f"{s}.txt" for s in STEMS.values())):
        h.update(p.read_bytes())
    return ROOT / "tests" / "fixtures" / "generated" / h.hexdigest()[:12]


@pytest.fixture(scope="session")
def office() -> dict[str, Path]:
    """name → path: ``000.docx``, ``002.pdf``, ``002m.docx``, ``000.doc``, ``000-scan.pdf``…"""
    d = _cache_dir()
    done = d / "done"
    if not done.exists():
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        for key, style in STYLES.items():
            parts = mf.split_plan((CORPUS / f"{STEMS[key[:3]]}.txt").read_text(encoding="utf-8"))
            docx_path = of.build_office_docx(parts, d / f"{key}.docx", style=style)
            if of.soffice() and key in STEMS:
                for fmt in ("pdf", "html"):
                    of.convert(docx_path, fmt, d)
        if of.soffice():
            of.convert(d / "000.docx", "doc", d)
            of.rasterise(d / "000.pdf", d / "000-scan.pdf")
            of.drop_unicode_maps(d / "000.pdf", d / "000-nomap.pdf")
            of.hybrid_scan(d / "002.pdf", [0], d / "002-hybrid.pdf")
        done.write_text("ok")
    return {p.name: p for p in d.iterdir()}


@pytest.fixture(scope="session")
def text_plans() -> dict[str, vnplan.Plan]:
    return {k: vnplan.parse_file(CORPUS / f"{s}.txt") for k, s in STEMS.items()}


def _meta(p: vnplan.Plan) -> dict:
    d = p.metadata.model_dump(exclude={"recipients"})
    d["signer"].pop("span")
    return d


def _facts(p: vnplan.Plan) -> dict:
    return {
        "kinds": [s.kind for s in p.iter_sections() if s.kind != "other"],
        "refs": sorted({r.symbol for r in p.legal_refs}),
        "targets": [(t.value, t.unit, t.comparator, t.year) for t in p.targets],
        "agencies": sorted(a.name for a in p.agencies),
        "deadlines": [(x.kind, x.date, x.year) for x in p.deadlines],
        "tasks": len(p.tasks),
    }


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


# ------------------------------------------------------------------ same as the text


@pytest.mark.parametrize("name", ["000.docx", "002.docx", "002m.docx"])
def test_office_docx_same_as_text(office, text_plans, name: str) -> None:
    p = vnplan.parse_file(office[name])
    base = text_plans[name[:3]]
    assert _meta(p) == _meta(base)
    assert _facts(p) == _facts(base)


@needs_soffice
@pytest.mark.parametrize("name", ["000.pdf", "002.pdf", "000.html", "002.html", "000.doc"])
def test_office_renderings_same_as_text(office, text_plans, name: str) -> None:
    p = vnplan.parse_file(office[name])
    base = text_plans[name[:3]]
    assert p.source.format == name.split(".")[1]
    assert _meta(p) == _meta(base)
    assert _facts(p) == _facts(base)


# ------------------------------------------------------------- what the readers deliver

HEADER_002 = (
    ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG", "Số: 5346/KH-UBND"],
    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
     "Bình Dương, ngày 23 tháng 9 năm 2024"],
)


def _read(path: Path):
    return vnplan.readers.read_file(path)[0]


@pytest.mark.parametrize("name", ["002.docx", "002m.docx", "002.html"])
def test_three_column_header_read_as_two_halves(office, name: str) -> None:
    if name not in office:
        pytest.skip("LibreOffice not installed")
    lines = _lines(_read(office[name]).text)
    left, right = HEADER_002
    assert lines[:6] == left + right  # never "ỦY BAN NHÂN DÂN CỘNG HÒA …" on one line
    assert "Số: 5346/KH-UBND" in lines and "Bình Dương, ngày 23 tháng 9 năm 2024" in lines


@needs_soffice
def test_pdf_header_halves_and_signature_over_a_page_break(office) -> None:
    lines = _lines(_read(office["002.pdf"]).text)
    assert lines[:3] == HEADER_002[0]
    assert lines[-0:] and "Bình Dương, ngày 23 tháng 9 năm 2024" in lines
    # LibreOffice breaks the signature table over two pages: still left half, then right half
    k = lines.index("Nơi nhận:")
    assert lines[k + 1] == "- Bộ Nông nghiệp và PTNT (b/c);"
    sig = lines.index("TM. ỦY BAN NHÂN DÂN")
    assert lines[sig - 1] == "- Lưu: VT."
    assert lines[sig : sig + 4] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
                                    "Mai Hùng Dũng"]


@pytest.mark.parametrize("name", ["000.docx", "000.html"])
def test_one_cell_halves_with_line_breaks(office, name: str) -> None:
    if name not in office:
        pytest.skip("LibreOffice not installed")
    lines = _lines(_read(office[name]).text)
    assert lines[:6] == ["ỦY BAN NHÂN DÂN", "HUYỆN NGỌC HỒI", "Số: /KH-UBND",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "Ngọc Hôi, ngày tháng năm 2023"]


@pytest.mark.parametrize("name,stt", [("002.docx", "01"), ("002.html", "1.")])
def test_auto_numbering_labels_and_tt_cells(office, name: str, stt: str) -> None:
    if name not in office:
        pytest.skip("LibreOffice not installed")
    doc = _read(office[name])
    lines = _lines(doc.text)
    # headings numbered by w:numPr (the DOCX holds no literal "I." / "1.")
    assert "## I. ĐẶC ĐIỂM TÌNH HÌNH" in lines and "## II. ĐÁNH GIÁ CHUNG" in lines
    assert "## 1. Thuận lợi" in lines and "## 2. Khó khăn" in lines
    assert "- Hợp tác xã hoạt động tốt: 17/48 hợp tác xã (tỷ lệ: 35,42%)." in lines
    assert len(doc.tables) == 1  # shaded title and headings, highlights: not tables
    first = [r[0] for r in doc.tables[0][1:]]
    # LibreOffice's HTML keeps the counter, not Word's "01" (decimalZero) format
    assert first[0] == stt and len(first) == 7


@needs_soffice
def test_pdf_table_over_pages_shading_and_wrapped_lines(office) -> None:
    doc = _read(office["002.pdf"])
    assert len(doc.tables) == 1  # the shaded title/headings and the highlight are no tables
    table = doc.tables[0]
    assert table[0] == ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan, đơn vị phối hợp",
                        "Thời gian thực hiện"]
    assert [r[0] for r in table[1:]] == ["01", "02", "03", "04", "05", "06", "07"]
    assert table[3][4] == "Thường xuyên"  # row 03, broken over the page, joined back
    assert "kinh tế tuần hoàn" in table[3][1]
    lines = _lines(doc.text)
    # the title's lines stay apart from the paragraph under it; ';'-ended wraps joined
    k = lines.index("NÔNG THÔN MỚI TRÊN ĐỊA BÀN TỈNH BÌNH DƯƠNG")
    assert lines[k + 1] == (
        "Căn cứ Nghị quyết số 106/NQ-CP ngày 18/7/2023 của Chính phủ về phát triển HTX nông "
        "nghiệp trong tái cơ cấu ngành nông nghiệp và xây dựng nông thôn mới;"
    )
    assert lines[k + 2].startswith("Căn cứ Quyết định số 4597/QĐ-BNN-KTHT")
    assert lines[k + 2].endswith("thực hiện Nghị quyết số 106/NQ-CP ngày 18/7/2023 của Chính phủ;")


def _line(words: list[tuple[float, str]], top: float, end: float = 0.0, size: float = 12.0) -> TextLine:
    """A line of words at (x0, text), 6 pt a letter; ``end`` moves the last word's end
    (justified text stretches the spaces)."""
    ws = [{"text": t, "x0": x0, "x1": x0 + 6.0 * len(t), "top": top, "bottom": top + size}
          for x0, t in words]
    if end:
        ws[-1]["x1"] = end
    return TextLine(ws, 1)


def test_wrapped_line_starting_with_muc_is_joined_a_real_label_is_not() -> None:
    # a justified page: left margin 85, right margin 540, first-line indent 120
    lines = [
        _line([(120, "Các"), (150, "đơn"), (520, "các")], 100, end=540),  # full
        _line([(85, "mục"), (115, "tiêu"), (150, "đề"), (170, "ra.")], 115),
        _line([(85, "Mục"), (115, "tiêu")], 140),  # after paragraph spacing: a heading
        _line([(120, "Phần"), (160, "việc"), (518, "của")], 160, end=538),  # full
        _line([(85, "phần"), (115, "này.")], 175),
        _line([(85, "Điều"), (115, "kiện"), (515, "làm")], 200, end=540),  # full, at the margin
        _line([(120, "phần"), (150, "này")], 215),  # indented: not a continuation
    ]
    out = join_paragraphs(list(lines), measure_margins(lines))
    assert out == ["Các đơn các mục tiêu đề ra.", "Mục tiêu", "Phần việc của phần này.",
                   "Điều kiện làm", "phần này"]


# ------------------------------------------------------------- notes, boxes, legacy


def test_docx_footnotes_text_boxes_and_numbering_in_cells() -> None:
    import docx

    d = docx.Document()
    of._add_numbering(d)
    p = d.add_paragraph("Căn cứ Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh")
    of.footnote_ref(p, 1)
    p.add_run(";")
    of.text_box(d.add_paragraph("Nội dung chính."), ["DỰ THẢO", "lần 2"])
    t = d.add_table(rows=4, cols=2)
    t.style = d.styles["Table Grid"]
    t.cell(0, 0).text, t.cell(0, 1).text = "TT", "Nhiệm vụ"
    for r, task in enumerate(["Rà soát", "Báo cáo", "Tổng kết"], 1):
        of._set_num(t.cell(r, 0).paragraphs[0], of.NUM_STT, 0)  # empty TT cells
        t.cell(r, 1).text = task
    of.add_footnotes(d, {1: "Kế hoạch số 12/KH-UBND ngày 02/01/2024 về chuyển đổi số."})
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(buf.getvalue(), None)
    assert _lines(doc.text) == [
        "Căn cứ Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh[1];",
        "[1] Kế hoạch số 12/KH-UBND ngày 02/01/2024 về chuyển đổi số.",
        "Nội dung chính.",
        "DỰ THẢO",  # once: the VML fallback copy of the box is not read again
        "lần 2",
        "TT\tNhiệm vụ",
        "01\tRà soát",
        "02\tBáo cáo",
        "03\tTổng kết",
    ]


PARAGRAPH = (
    "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\n"
    "KẾ HOẠCH\n"
    "Phát triển hợp tác xã nông nghiệp năm 2024; người dân đồng ý. Ủy ban nhân dân các huyện "
    "“chủ trì” thực hiện, ưu tiên ấp, bản khó khăn – đặc biệt là Ư, Ơ, Ă, Â, Ê, Ô, Đ."
)


@pytest.mark.parametrize("encoding,codec", [("tcvn3", "tcvn3"), ("vni", "vni")])
def test_legacy_text_round_trip(encoding: str, codec: str) -> None:
    data = encode_legacy(PARAGRAPH, encoding).encode("cp1252")
    assert data != PARAGRAPH.encode("utf-8")
    doc = read_text(data, "old.txt")
    assert doc.text == PARAGRAPH
    assert any(codec.upper() in w for w in doc.warnings)


def test_unicode_text_is_never_converted() -> None:
    # valid UTF-8 that happens to look like TCVN3 bytes is kept as it is
    odd = "Céng hoµ x· héi chñ nghÜa ViÖt Nam"
    assert read_text(odd.encode("utf-8"), None).text == odd


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_files_same_as_text(tmp_path: Path, text_plans, encoding: str) -> None:
    text = (CORPUS / f"{STEMS['000']}.txt").read_text(encoding="utf-8")
    txt = tmp_path / "old.txt"
    txt.write_bytes(encode_legacy(text, encoding).encode("cp1252"))
    docx_path = of.build_legacy_docx(text, encoding, tmp_path / "old.docx")
    paths = [txt, docx_path]
    if of.soffice():  # the web page LibreOffice saves of it: <font face=".VnTime, serif">
        paths.append(of.convert(docx_path, "html", tmp_path))
    for path in paths:
        p = vnplan.parse_file(path)
        assert _meta(p) == _meta(text_plans["000"]), path.name
        assert _facts(p) == _facts(text_plans["000"]), path.name


# ------------------------------------------------------------------------------- OCR


@needs_soffice
@pytest.mark.skipif(not _ocr_ready(), reason="Tesseract with the vie model not installed")
@pytest.mark.parametrize("name", ["000-scan.pdf", "000-nomap.pdf"])  # no text layer; unmapped glyphs
def test_scan_ocr_scored_against_gold(office, name: str) -> None:
    from vnplan.evaluate import evaluate_doc

    p = vnplan.parse_file(office[name])
    assert any(w.startswith("OCR (Tesseract, vie) read pages: 1, 2, 3") for w in p.warnings)
    gold = json.loads((GOLD / f"{STEMS['000']}.json").read_text(encoding="utf-8"))
    meta = evaluate_doc(p, gold)["metadata"]
    # tolerance: at most one of the nine metadata fields wrong after OCR (all 9 right when
    # measured; number, issuer, dates and signer must always be right)
    assert sum(meta.values()) >= len(meta) - 1, meta
    for k in ("number", "issuer", "issued_date", "year", "signer"):
        assert meta[k], (k, meta)


@needs_soffice
@pytest.mark.skipif(not _ocr_ready(), reason="Tesseract with the vie model not installed")
def test_auto_ocr_only_pages_that_need_it(office, text_plans) -> None:
    p = vnplan.parse_file(office["002-hybrid.pdf"])  # page 1 scanned, the rest with text
    assert "OCR (Tesseract, vie) read pages: 1" in p.warnings
    assert p.metadata.number == text_plans["002"].metadata.number
    assert p.metadata.issued_date == text_plans["002"].metadata.issued_date
    assert p.metadata.issuer == text_plans["002"].metadata.issuer


@needs_soffice
@pytest.mark.skipif(not _ocr_ready(), reason="Tesseract with the vie model not installed")
def test_dask_bag_reads_scanned_pages_with_ocr(office, text_plans, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    from vnplan.batch import plans_bag

    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(office["002-hybrid.pdf"], folder / "002-hybrid.pdf")
    (plan,) = plans_bag([folder]).compute(scheduler="synchronous")
    assert "OCR (Tesseract, vie) read pages: 1" in plan.warnings
    assert plan.metadata.number == text_plans["002"].metadata.number
    with pytest.raises(ScannedPDFError):
        plans_bag([folder], ocr="never").compute(scheduler="synchronous")
    with pytest.raises(ValueError, match="ocr must be"):
        plans_bag([folder], ocr="sometimes")


@needs_soffice
def test_without_ocr_a_scanned_header_page_fails_a_later_page_is_a_warning(
        office, text_plans, tmp_path: Path) -> None:
    with pytest.raises(ScannedPDFError) as ei:
        vnplan.parse(office["002-hybrid.pdf"], ocr="never")
    assert "page 1, the header page; OCR is off (--ocr never)" in ei.value.message
    later = of.hybrid_scan(office["002.pdf"], [1], tmp_path / "later.pdf")
    p = vnplan.parse(later, ocr="never")
    assert "pages not read (no usable text layer; OCR is off (--ocr never)): 2" in p.warnings
    assert p.metadata.number == text_plans["002"].metadata.number


@needs_soffice
@pytest.mark.parametrize("name, error, message, stderr", [
    ("000-scan.pdf", ScannedPDFError, "no text layer: scanned",
     "no text layer: scanned; OCR is off (--ocr never)"),
    ("000-nomap.pdf", UnreadableTextLayerError, "text layer unreadable: fonts without Unicode map",
     "text layer unreadable: fonts without Unicode map; OCR is off"),
])
def test_without_ocr_a_scan_or_a_broken_font_is_a_typed_error(office, capsys, name, error, message, stderr) -> None:
    from vnplan.cli import main

    with pytest.raises(error) as ei:
        vnplan.parse(office[name], ocr="never")
    assert ei.value.message.startswith(message)
    assert main(["parse", "--ocr", "never", str(office[name])]) == 1
    assert stderr in capsys.readouterr().err


@needs_soffice
def test_batch_lists_every_office_file(office, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("000.doc", "000.docx", "000-scan.pdf", "000-nomap.pdf"):
        shutil.copy(office[name], folder / name)
    (folder / "bang-tong-hop.xyz").write_bytes(b"PK\x03\x04 not a known format")
    r = run_batch([folder], tmp_path / "out", workers=0, quiet=True, ocr="never")
    rows = {Path(row["source"]).name: row for row in read_manifest(tmp_path / "out")}
    assert sorted(rows) == sorted(p.name for p in folder.iterdir())
    assert rows["000.doc"]["status"] == rows["000.docx"]["status"] == "ok"
    assert rows["000-scan.pdf"]["error_kind"] == "scanned"
    assert rows["000-nomap.pdf"]["error_kind"] == "unreadable_text_layer"
    assert rows["bang-tong-hop.xyz"]["error_kind"] == "unsupported_format"
    assert "by kind: ok 2, " in r.summary()


def test_word_html_export_spans_and_spacer_cells() -> None:
    # the markup Word's "Save as Web Page" writes: MsoNormal paragraphs, a word split by
    # <span>s, &nbsp; in the empty spacer column, list labels behind conditional comments
    page = (
        "<html><body><div class=WordSection1>"
        "<table class=MsoTableGrid border=0><tr>"
        "<td width=240><p class=MsoNormal align=center><b><span lang=VI>ỦY BAN NHÂN DÂN</span></b></p>"
        "<p class=MsoNormal align=center><b><span lang=VI>TỈNH LÀO CAI</span></b></p>"
        "<p class=MsoNormal align=center><span lang=VI>S</span><span lang=VI>ố: 12/KH-UBND</span></p></td>"
        "<td width=10><p class=MsoNormal>&nbsp;</p></td>"
        "<td width=380><p class=MsoNormal align=center><b><span lang=VI>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        "</span></b></p><p class=MsoNormal align=center><b>Độc lập - Tự do - Hạnh phúc</b></p>"
        "<p class=MsoNormal align=center><i><span lang=VI>Lào Cai, ngày 5 tháng 3 năm 2025</span></i></p>"
        "</td></tr></table>"
        "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><b>"
        "<span lang=VI>I.<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span></b>"
        "<![endif]><b><span lang=VI>MỤC ĐÍCH</span></b></p>"
        "</div></body></html>"
    )
    lines = _lines(read_html(page.encode("utf-8"), None).text)
    assert lines == ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 12/KH-UBND",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Lào Cai, ngày 5 tháng 3 năm 2025", "## I. MỤC ĐÍCH"]


def test_word_html_in_a_legacy_font_by_style_sheet_and_inline_style() -> None:
    # Word's "Save as Web Page" of a document typed in TCVN3: the font comes from the style
    # sheet (by class, by tag) or the element; a span in a Unicode font is left as it is
    tcvn3 = lambda s: encode_legacy(s, "tcvn3")  # noqa: E731
    page = (
        "<html><head><meta http-equiv=Content-Type content='text/html; charset=windows-1252'>"
        "<style><!-- p.MsoNormal, li.MsoNormal {margin:0cm; font-size:14.0pt;"
        " font-family:\".VnTime\", serif;} .Tieude {font-family:'.VnTimeH'} td {font-size:13pt}"
        " --></style></head><body>"
        f"<p class=Tieude>{tcvn3('kế hoạch')}</p>"
        f"<p class=MsoNormal>{tcvn3('Tổ chức tập huấn cho cán bộ cấp xã trước ngày 15/8/2026.')}</p>"
        f"<p class=MsoNormal>{tcvn3('Giao ')}<span style='font-family:\"Times New Roman\"'>"
        "Sở Nội vụ</span>"
        f"<span style='font-family:\"VNI-Times\"'>{encode_legacy(' chủ trì.', 'vni')}</span></p>"
        "<p>Độc lập - Tự do - Hạnh phúc</p>"
        "</body></html>"
    )
    lines = _lines(read_html(page.encode("cp1252", "xmlcharrefreplace"), None).text)
    assert lines == ["KẾ HOẠCH", "Tổ chức tập huấn cho cán bộ cấp xã trước ngày 15/8/2026.",
                     "Giao Sở Nội vụ chủ trì.", "Độc lập - Tự do - Hạnh phúc"]


def test_style_sheet_fonts_by_simple_selector() -> None:
    from vnplan.readers.html_fonts import css_fonts

    sheet = ("<!-- /* h1 { font-family: Arial } */ p.MsoNormal, li.MsoNormal {margin:0;"
             " font-family:\".VnTime\", serif;} .Tieu-de{font-family:'VNI-Times'}"
             " div p {font-family: Arial} td {font-size: 12pt} -->")
    assert css_fonts(sheet) == {"p.msonormal": ".VnTime", "li.msonormal": ".VnTime",
                                ".tieu-de": "VNI-Times"}


@needs_soffice
@pytest.mark.parametrize("style", ["rows", "breaks"])
def test_a_so_plan_through_docx_pdf_html_gives_the_facts_of_its_text(tmp_path: Path, style: str) -> None:
    # a Sở plan written for the tests (tests/plans): its header cell is narrow enough that
    # LibreOffice's PDF wraps 'UBND TỈNH QUẢNG NAM', and the signature cell's name comes out of
    # the PDF before the titles
    text = (ROOT / "tests" / "plans" / "so-y-te-dinh-duong.txt").read_text(encoding="utf-8")

    def facts(p: vnplan.Plan) -> dict:
        md = p.metadata
        return {"meta": (md.number, md.issuer, md.issuer_parent, md.issuer_level, md.issued_date,
                         md.signer.name, md.signer.title, md.title),
                "kinds": [s.kind for s in p.iter_sections() if s.kind != "other"],
                "targets": [(t.value, t.unit, t.comparator) for t in p.targets],
                "agencies": [a.name for a in p.agencies],
                "deadlines": [(d.kind, d.text) for d in p.deadlines]}

    want = facts(vnplan.parse_text(text))
    assert want["meta"][:3] == ("1234/KH-SYT", "Sở Y tế tỉnh Quảng Nam", "Ủy ban nhân dân tỉnh Quảng Nam")
    docx_path = of.build_office_docx(mf.split_plan(text), tmp_path / "so.docx", style=style)
    for path in (docx_path, of.convert(docx_path, "pdf", tmp_path), of.convert(docx_path, "html", tmp_path)):
        assert facts(vnplan.parse_file(path)) == want, path.suffix
