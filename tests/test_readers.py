"""Tests of the format readers on real bytes (text, markdown, HTML, DOCX, PDF).

DOCX, PDF and HTML plans are built once per session by ``tests/make_fixtures.py`` from corpus
plans 000 (issuer header, blank number and date) and 002 (number, date, appendix table).
Expected values are written out by hand from the corpus text.
"""

from __future__ import annotations

import importlib.util
import io
import random
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

if importlib.util.find_spec("vnplan") is None:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vnplan.errors import (
    CorruptFileError,
    EncryptedFileError,
    ScannedPDFError,
    UnreadableTextLayerError,
    UnsupportedFormatError,
)
from vnplan.readers import RawDocument, read_bytes
from vnplan.readers.docx import read_docx
from vnplan.readers.html import read_html
from vnplan.readers.markdown import read_markdown
from vnplan.readers.pdf import read_pdf
from vnplan.readers.text import decode_text, read_text

VN = "Ủy ban nhân dân tỉnh Bình Dương"

_spec = importlib.util.spec_from_file_location(
    "make_fixtures", Path(__file__).with_name("make_fixtures.py")
)
make_fixtures = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("make_fixtures", make_fixtures)
assert _spec.loader is not None
_spec.loader.exec_module(make_fixtures)


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_fixtures.build_fixtures(tmp_path_factory.mktemp("fixtures"))


@pytest.fixture(scope="session")
def docs(fixtures: dict[str, Path]) -> dict[str, RawDocument]:
    """The fixture plans read once: keys like ``002.pdf``."""
    readers = {"pdf": read_pdf, "docx": read_docx, "html": read_html}
    out = {}
    for name, p in fixtures.items():
        stem, ext = name.split(".")
        if stem in ("000", "002"):
            out[name] = readers[ext](p.read_bytes(), str(p))
    return out


def nonblank(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


# ------------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    "data",
    [
        VN.encode("utf-8"),
        b"\xef\xbb\xbf" + VN.encode("utf-8"),
        VN.encode("utf-16"),  # with BOM, machine order
        b"\xff\xfe" + VN.encode("utf-16-le"),
        b"\xfe\xff" + VN.encode("utf-16-be"),
        VN.encode("utf-16-le"),  # no BOM: detected by the NUL-byte pattern
        VN.encode("utf-16-be"),
        # cp1258 written by hand: base letters + combining tone marks (0xD2 hook, 0xCC grave),
        # â = 0xE2, ư = 0xFD, ơ = 0xF5
        b"U\xd2y ban nh\xe2n d\xe2n ti\xd2nh Bi\xccnh D\xfd\xf5ng",
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1258"],
)
def test_text_encodings(data: bytes) -> None:
    doc = read_text(data, "plan.txt")
    assert doc.text == "Ủy ban nhân dân tỉnh Bình Dương"
    assert doc.format == "txt"
    assert doc.tables == []
    assert decode_text(data, "plan.txt") == "Ủy ban nhân dân tỉnh Bình Dương"


def test_text_cp1258_warns() -> None:
    doc = read_text(b"U\xd2y ban", None)
    assert doc.text == "Ủy ban"
    assert any("cp1258" in w for w in doc.warnings)


def test_text_line_ends_and_nfc() -> None:
    nfd = "U\u031by ban\r\nnha\u0302n da\u0302n\rti\u0309nh"  # NFD, CRLF and CR
    doc = read_text(nfd.encode("utf-8"), None)
    assert doc.text == "Ưy ban\nnhân dân\ntỉnh"


def test_text_keeps_markdown() -> None:
    doc = read_text("## **KẾ HOẠCH**\n| a | b |".encode(), None)
    assert doc.text == "## **KẾ HOẠCH**\n| a | b |"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,  # NUL bytes, no UTF-16 pattern
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 65]) * 64,  # control bytes
    ],
    ids=["all-bytes", "png", "controls"],
)
def test_text_binary_is_rejected(data: bytes) -> None:
    with pytest.raises(UnsupportedFormatError) as ei:
        read_text(data, "x.txt")
    assert ei.value.message == "binary file, not text"
    assert ei.value.path == "x.txt"


# --------------------------------------------------------------------------- markdown


def test_markdown_pipe_table() -> None:
    md = (
        "# KẾ HOẠCH\n\n"
        "| STT | Nhiệm vụ | Cơ quan chủ trì |\n"
        "|-----|:---------|----------------:|\n"
        "| 1 | Tuyên truyền | - Sở Nông nghiệp và PTNT<br>- UBND các huyện, thành phố |\n"
        "| 2 | **Đào tạo** | Liên minh HTX tỉnh |\n\n"
        "Sau bảng.\n"
    )
    doc = read_markdown(md.encode("utf-8"), "plan.md")
    assert doc.format == "md"
    assert doc.tables == [
        [
            ["STT", "Nhiệm vụ", "Cơ quan chủ trì"],
            ["1", "Tuyên truyền", "Sở Nông nghiệp và PTNT; UBND các huyện, thành phố"],
            ["2", "Đào tạo", "Liên minh HTX tỉnh"],
        ]
    ]
    assert doc.text == md.replace("\r\n", "\n")  # text left to the normalizer


def test_markdown_cp1258_and_crlf() -> None:
    doc = read_markdown(b"## U\xd2y ban\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n", None)
    assert doc.text == "## Ủy ban\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert doc.tables == [[["a", "b"], ["1", "2"]]]


# ------------------------------------------------------------------------------- html

HTML_004 = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kế hoạch 42</title>
<style>td { color: red }</style><script>var x = "<p>không hiện</p>";</script></head><body>
<h2>IV. KINH PHÍ &amp; TỔ CHỨC</h2>
<p><strong>1. Sở Nông nghiệp và Phát triển nông thôn</strong></p>
<p>Chủ trì, <b>phối hợp</b> với các ngành&nbsp;liên quan.</p>
<table border="1">
<tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì/ Đồng chủ trì</th><th>Cơ quan phối hợp</th></tr>
<tr><td><b>1</b></td><td><b>Tổ chức truyền thông</b></td><td></td><td></td></tr>
<tr><td></td><td>Tuyên truyền trên các phương tiện thông tin đại chúng</td>
<td><ul style="list-style-type: none"> <li>- Sở Nông nghiệp và PTNT</li> <li>- UBND các huyện, thành phố</li> </ul></td>
<td><ul style="list-style-type: none"> <li>- Báo Thái Nguyên</li> <li>- Đài PT-TH tỉnh</li> </ul></td></tr>
<tr><td><b>2</b></td><td colspan="2">Đào tạo, tập huấn</td><td>Các sở, ngành, đoàn thể của tỉnh liên quan</td></tr>
</table>
<p>Sau bảng.</p>
</body></html>"""


def test_html_table_with_list_cells() -> None:
    doc = read_html(HTML_004.encode("utf-8"), "plan.html")
    assert doc.format == "html"
    assert doc.tables == [
        [
            ["STT", "Nhiệm vụ", "Cơ quan chủ trì/ Đồng chủ trì", "Cơ quan phối hợp"],
            ["1", "Tổ chức truyền thông", "", ""],
            [
                "",
                "Tuyên truyền trên các phương tiện thông tin đại chúng",
                "Sở Nông nghiệp và PTNT; UBND các huyện, thành phố",
                "Báo Thái Nguyên; Đài PT-TH tỉnh",
            ],
            ["2", "Đào tạo, tập huấn", "", "Các sở, ngành, đoàn thể của tỉnh liên quan"],
        ]
    ]
    lines = doc.text.split("\n")
    assert (
        "\tTuyên truyền trên các phương tiện thông tin đại chúng"
        "\tSở Nông nghiệp và PTNT; UBND các huyện, thành phố"
        "\tBáo Thái Nguyên; Đài PT-TH tỉnh"
    ) in lines
    # table at its place, between the paragraphs
    assert lines.index("STT\tNhiệm vụ\tCơ quan chủ trì/ Đồng chủ trì\tCơ quan phối hợp") > lines.index(
        "Chủ trì, phối hợp với các ngành liên quan."
    )
    assert lines[-1] == "Sau bảng."


def test_html_drops_script_style_and_marks_headings() -> None:
    doc = read_html(HTML_004.encode("utf-8"), None)
    assert "không hiện" not in doc.text
    assert "color" not in doc.text
    assert "Kế hoạch 42" not in doc.text  # <title>
    lines = nonblank(doc.text)
    assert lines[0] == "## IV. KINH PHÍ & TỔ CHỨC"
    assert lines[1] == "## 1. Sở Nông nghiệp và Phát triển nông thôn"
    assert lines[2] == "Chủ trì, phối hợp với các ngành liên quan."  # partly bold: no prefix


def test_html_layout_table_and_charset() -> None:
    # cp1258 written by hand: Ủ = U + 0xD2 (hook), ố = ô 0xF4 + 0xEC (acute),
    # Ộ = Ô 0xD4 + 0xF2 (dot below), Ò = O + 0xCC (grave), Ế = Ê 0xCA + 0xEC, Ạ = A + 0xF2
    data = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
        b"</head><body><table><tr>"
        b"<td><p><b>U\xd2Y BAN NH\xc2N D\xc2N</b></p><p>S\xf4\xec: 42</p></td>"
        b"<td><p><b>C\xd4\xf2NG HO\xccA</b></p><p>Th\xe1i Nguy\xean</p></td>"
        b"</tr></table><h1>K\xca\xec HOA\xf2CH</h1></body></html>"
    )
    doc = read_html(data, None)
    assert doc.tables == []  # a layout table
    assert nonblank(doc.text) == [
        "ỦY BAN NHÂN DÂN",
        "Số: 42",
        "CỘNG HÒA",
        "Thái Nguyên",
        "## KẾ HOẠCH",
    ]


def test_html_nested_table_is_flattened() -> None:
    page = (
        "<table border=1><tr><th>STT</th><th>Nội dung</th><th>Phối hợp</th></tr>"
        "<tr><td>1</td><td>Rà soát</td><td><table><tr><td>Sở Tài chính</td></tr>"
        "<tr><td>Sở Nội vụ</td></tr></table></td></tr></table>"
    )
    doc = read_html(page.encode(), None)
    assert doc.tables == [
        [["STT", "Nội dung", "Phối hợp"], ["1", "Rà soát", "Sở Tài chính; Sở Nội vụ"]]
    ]


# ----------------------------------------------------------------- DOCX / PDF / HTML plans

FMTS = ["docx", "pdf", "html"]

RECIPIENTS_002 = [
    "Nơi nhận:",
    "- Bộ Nông nghiệp và PTNT (b/c);",
    "- TTTU, TTHĐND tỉnh (b/c);",
    "- Chủ tịch, các Phó Chủ tịch;",
    "- Các Sở, ngành, đoàn thể tỉnh liên quan;",
    "- UBND các huyện, thành phố;",
    "- UBND xã, phường, thị trấn;",
    "- LĐVP, TH;",
    "- Lưu: VT.",
]


@pytest.mark.parametrize("fmt", FMTS)
def test_plan_header_left_then_right(docs: dict[str, RawDocument], fmt: str) -> None:
    doc = docs[f"002.{fmt}"]
    assert doc.format == fmt
    lines = nonblank(doc.text)
    left = lines.index("ỦY BAN NHÂN DÂN")
    right = lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert left < right
    assert lines[left : left + 3] == ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG", "Số: 5346/KH-UBND"]
    assert lines[right : right + 3] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bình Dương, ngày 23 tháng 9 năm 2024",
    ]
    assert "Số: 5346/KH-UBND" in doc.text


@pytest.mark.parametrize("fmt", FMTS)
def test_plan_header_with_issuer_and_blank_number(docs: dict[str, RawDocument], fmt: str) -> None:
    lines = nonblank(docs[f"000.{fmt}"].text)
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN NGỌC HỒI",
        "Số: /KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ngọc Hôi, ngày tháng năm 2023",
    ]


@pytest.mark.parametrize("fmt", FMTS)
def test_plan_signature_block_not_interleaved(docs: dict[str, RawDocument], fmt: str) -> None:
    lines = nonblank(docs[f"002.{fmt}"].text)
    k = lines.index("Nơi nhận:")
    assert lines[k : k + len(RECIPIENTS_002)] == RECIPIENTS_002
    assert lines[k + len(RECIPIENTS_002) : k + len(RECIPIENTS_002) + 4] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
        "Mai Hùng Dũng",
    ]
    assert "KT. CHỦ TỊCH" in lines


def test_plan_signature_000_pdf(docs: dict[str, RawDocument]) -> None:
    lines = nonblank(docs["000.pdf"].text)
    k = lines.index("Nơi nhận:")
    assert lines[k + 1] == "- UBND tỉnh;"
    assert lines[k + 11] == "- Lưu: VT-TH."
    assert lines[k + 12 : k + 16] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Việt",
    ]


@pytest.mark.parametrize("fmt", FMTS)
def test_plan_appendix_table(docs: dict[str, RawDocument], fmt: str) -> None:
    doc = docs[f"002.{fmt}"]
    assert len(doc.tables) == 1  # header and signature are layout, not data
    table = doc.tables[0]
    assert table[0] == [
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan, đơn vị phối hợp",
        "Thời gian thực hiện",
    ]
    assert all(len(r) == 5 for r in table)
    assert [r[0] for r in table[1:]] == ["01", "02", "03", "04", "05", "06", "07"]
    row01 = table[1]
    assert row01[2] == "UBND huyện, thành phố"
    assert row01[1] == (
        "Phấn đấu có khoảng trên 60% HTX NN đủ điều kiện phân loại hoạt động có hiệu quả "
        "đạt loại khá, tốt trở lên."
    )
    assert row01[4] == "2025"
    assert table[2][4] == "2024-2025"
    assert table[5][4] == ""  # row 05 had no time: padded
    assert table[7][3] == "UBND các huyện, thành phố; UBND các xã, phường, thị trấn."
    # rendered into the text at its place, after the appendix title
    lines = doc.text.split("\n")
    header_row = "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan, đơn vị phối hợp\tThời gian thực hiện"
    assert header_row in lines
    assert lines.index(header_row) > lines.index("Mai Hùng Dũng")
    assert any(ln.startswith("01\tPhấn đấu có khoảng trên 60%") for ln in lines)


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_plan_heading_hints(docs: dict[str, RawDocument], fmt: str) -> None:
    lines = nonblank(docs[f"000.{fmt}"].text)
    assert "## KẾ HOẠCH" in lines
    assert "## I. Mục đích, yêu cầu" in lines
    assert "## 1. Mục đích" in lines
    assert not any(ln.startswith("## Xác định được các mục tiêu") for ln in lines)


def test_pdf_pages_and_nfc(docs: dict[str, RawDocument]) -> None:
    doc = docs["002.pdf"]
    assert doc.pages is not None and doc.pages >= 2
    assert "TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 106/NQ-CP" in doc.text
    assert unicodedata.is_normalized("NFC", doc.text)


def test_pdf_table_over_two_pages_is_merged(fixtures: dict[str, Path]) -> None:
    doc = read_pdf(fixtures["longtable.pdf"].read_bytes(), None)
    assert doc.pages == 2
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table[0] == ["STT", "Nội dung", "Phối hợp", "Thời gian"]
    assert len(table) == 61  # the repeated header row on page 2 dropped
    assert table[60] == ["60", "Nhiệm vụ số 60", "Sở Tài chính", "2025"]
    # bulleted items wrapped over lines: joined by "; ", bullets and doubled ";" removed
    assert table[1] == [
        "01",
        "Nhiệm vụ số 1",
        "Sở Nông nghiệp và Phát triển nông thôn; UBND các huyện, thành phố",
        "2025",
    ]


def test_read_bytes_dispatch(fixtures: dict[str, Path]) -> None:
    doc = read_bytes(fixtures["002.docx"].read_bytes(), "docx", "002.docx")
    assert doc.format == "docx"
    assert "Mai Hùng Dũng" in doc.text


def test_docx_lists_tabs_and_merged_cells() -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Mục tiêu", style="Heading 1")
    d.add_paragraph("Tuyên truyền", style="List Number")
    d.add_paragraph("Đào tạo", style="List Number")
    d.add_paragraph("Sở Tài chính", style="List Bullet")
    d.add_paragraph("Số: 12/KH-UBND\t\t\tHà Nội, ngày 1 tháng 2 năm 2024")
    d.add_paragraph("a)\tRà soát")
    t = d.add_table(rows=3, cols=3)
    t.style = d.styles["Table Grid"]
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "STT", "Nội dung", "Phối hợp"
    t.cell(1, 0).text, t.cell(1, 1).text = "1", "Rà soát"
    t.cell(1, 2).paragraphs[0].text = "- Sở Tài chính;"
    t.cell(1, 2).add_paragraph("- Sở Nội vụ")
    t.cell(2, 0).merge(t.cell(2, 1)).text = "Tổng kết"
    t.cell(2, 2).text = "Năm 2024"
    t.cell(2, 2).add_paragraph("và các năm sau")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(buf.getvalue(), None)
    assert nonblank(doc.text) == [
        "## Mục tiêu",
        "1. Tuyên truyền",
        "2. Đào tạo",
        "- Sở Tài chính",
        "Số: 12/KH-UBND",
        "Hà Nội, ngày 1 tháng 2 năm 2024",
        "a) Rà soát",
        "STT\tNội dung\tPhối hợp",
        "1\tRà soát\tSở Tài chính; Sở Nội vụ",
        "Tổng kết\t\tNăm 2024 và các năm sau",
    ]
    assert doc.tables == [
        [
            ["STT", "Nội dung", "Phối hợp"],
            ["1", "Rà soát", "Sở Tài chính; Sở Nội vụ"],
            ["Tổng kết", "", "Năm 2024 và các năm sau"],
        ]
    ]


# ------------------------------------------------------------------------------ errors


def test_pdf_truncated_is_corrupt(fixtures: dict[str, Path]) -> None:
    data = fixtures["002.pdf"].read_bytes()
    with pytest.raises(CorruptFileError) as ei:
        read_pdf(data[: len(data) // 2], "cut.pdf")
    assert ei.value.path == "cut.pdf"


def test_pdf_not_a_pdf_is_corrupt() -> None:
    with pytest.raises(CorruptFileError):
        read_pdf(b"Ke hoach so 42", "x.pdf")


def test_pdf_encrypted(fixtures: dict[str, Path]) -> None:
    with pytest.raises(EncryptedFileError) as ei:
        read_pdf(fixtures["encrypted.pdf"].read_bytes(), "locked.pdf")
    assert ei.value.path == "locked.pdf"


def test_pdf_without_text_layer_is_scanned(fixtures: dict[str, Path]) -> None:
    with pytest.raises(ScannedPDFError) as ei:
        read_pdf(fixtures["scanned.pdf"].read_bytes(), "scan.pdf", ocr="never")
    assert ei.value.message == "no text layer: scanned; OCR is off (--ocr never)"
    assert ei.value.kind == "scanned"


def test_pdf_scanned_without_ocr_says_how(fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from vnplan.readers import ocr

    monkeypatch.setattr(ocr, "unavailable", lambda: "OCR not installed; to read it, enable OCR: "
                        "pip install 'vnplan[ocr]' and apt-get install tesseract-ocr tesseract-ocr-vie")
    with pytest.raises(ScannedPDFError) as ei:
        read_pdf(fixtures["scanned.pdf"].read_bytes(), "scan.pdf")
    assert ei.value.message.startswith("no text layer: scanned; OCR not installed")
    assert "pip install 'vnplan[ocr]'" in ei.value.message


def test_pdf_cid_glyphs_are_scanned(fixtures: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber.page

    def fake_words(self, *args, **kwargs):  # a broken text layer: glyphs without Unicode map
        return [
            {"text": "(cid:12)(cid:40)", "x0": 72.0, "x1": 90.0, "top": 72.0, "bottom": 84.0},
            {"text": "(cid:7)", "x0": 95.0, "x1": 110.0, "top": 72.0, "bottom": 84.0},
            {"text": "ok", "x0": 115.0, "x1": 125.0, "top": 72.0, "bottom": 84.0},
        ]

    monkeypatch.setattr(pdfplumber.page.Page, "extract_words", fake_words)
    with pytest.raises(UnreadableTextLayerError) as ei:
        read_pdf(fixtures["longtable.pdf"].read_bytes(), "cid.pdf", ocr="never")
    assert ei.value.message.startswith("text layer unreadable: fonts without Unicode map; ")
    assert ei.value.kind == "unreadable_text_layer"


def test_docx_random_bytes_is_corrupt() -> None:
    data = random.Random(7).randbytes(4096)
    with pytest.raises(CorruptFileError):
        read_docx(data, "x.docx")


def test_docx_truncated_zip_is_corrupt(fixtures: dict[str, Path]) -> None:
    data = fixtures["002.docx"].read_bytes()
    with pytest.raises(CorruptFileError):
        read_docx(data[: len(data) // 2], "cut.docx")


def test_docx_zip_without_document_is_corrupt() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(CorruptFileError):
        read_docx(buf.getvalue(), "x.docx")


def test_docx_ole_is_encrypted() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(EncryptedFileError) as ei:
        read_docx(data, "locked.docx")
    assert ei.value.message == "encrypted or legacy .doc file"
    assert ei.value.path == "locked.docx"
