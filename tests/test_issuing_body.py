"""Plans of any issuing body: a Sở, a Phòng of a huyện, a Cục of a Bộ, not only a UBND.

The header names the parent body on its first line and the issuing body under it
(``UBND TỈNH LÀO CAI`` / ``SỞ CÔNG THƯƠNG``): the issuer is the second line with the parent's
locality (``Sở Công Thương tỉnh Lào Cai``), ``issuer_parent`` the first, ``issuer_level`` the
level of the unit the body belongs to (``trung_uong`` for central bodies). The Sở plan is built
as offices make it (python-docx, 3-column layout tables with an empty spacer column) and, when
LibreOffice is installed, rendered to PDF and HTML; the other plans are hand-written text.
All sentences are written for these tests, not taken from the corpus.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import office_fixtures as of
from make_fixtures import PlanParts
import vnplan

needs_soffice = pytest.mark.skipif(
    of.soffice() is None, reason="LibreOffice (soffice) not installed: no PDF/HTML rendering of the DOCX"
)

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

SO_BODY = [
    ("I. MỤC ĐÍCH, YÊU CẦU", True),
    ("1. Mục đích", True),
    ("Nâng cao ý thức chấp hành quy định về an toàn điện của hộ kinh doanh tại các chợ đầu mối.", False),
    ("2. Yêu cầu", True),
    ("Việc kiểm tra bảo đảm khách quan, đúng quy định, không gây phiền hà cho thương nhân.", False),
    ("II. NỘI DUNG", True),
    ("1. Kiểm tra hệ thống điện, phương án phòng cháy tại 15 chợ đầu mối trên địa bàn tỉnh.", False),
    ("2. Đoàn kiểm tra họp triển khai vào lúc 13h30’ ngày 29/4/2026 tại hội trường tầng 3.", False),
    ("III. TỔ CHỨC THỰC HIỆN", True),
    ("1. Phòng Quản lý công nghiệp chủ trì xây dựng lịch kiểm tra, hoàn thành trước ngày 20/4/2026.", False),
    ("2. Chi cục Quản lý thị trường phối hợp cung cấp danh sách hộ kinh doanh tại từng chợ.", False),
    ("3. Văn phòng Sở bố trí phương tiện đi lại cho đoàn kiểm tra.", False),
]

SO_PARTS = PlanParts(
    issuer=["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"],
    number="Số: 125/KH-SCT",
    motto=MOTTO,
    date_line="Lào Cai, ngày 12 tháng 3 năm 2026",
    title="Kiểm tra an toàn điện tại các chợ đầu mối trên địa bàn tỉnh năm 2026",
    body=SO_BODY,
    recipients=["Nơi nhận:", "- UBND tỉnh (b/c);", "- Giám đốc Sở;", "- Lưu: VT, QLCN."],
    authority=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    signer="Hoàng Minh Tuấn",
)

SO_META = {
    "issuer": "Sở Công Thương tỉnh Lào Cai",
    "issuer_parent": "Ủy ban nhân dân tỉnh Lào Cai",
    "issuer_level": "tinh",
    "number": "125/KH-SCT",
    "place": "Lào Cai",
    "issued_date": date(2026, 3, 12),
    "year": 2026,
    "title": "Kiểm tra an toàn điện tại các chợ đầu mối trên địa bàn tỉnh năm 2026",
    "signer": ("Hoàng Minh Tuấn", "Phó Giám đốc", "KT. GIÁM ĐỐC"),
}


def plan_text(parts: PlanParts) -> str:
    """The plan as plain text, one printed line a line (the layout a crawl gives)."""
    lines = [*parts.issuer, parts.number, *parts.motto, parts.date_line, "KẾ HOẠCH", parts.title]
    lines += [text for text, _ in parts.body]
    lines += [*parts.recipients, *parts.authority, parts.signer]
    return "\n".join(lines) + "\n"


def meta(p: vnplan.Plan) -> dict:
    m = p.metadata
    return {
        "issuer": m.issuer, "issuer_parent": m.issuer_parent, "issuer_level": m.issuer_level,
        "number": m.number, "place": m.place, "issued_date": m.issued_date, "year": m.year,
        "title": m.title, "signer": (m.signer.name, m.signer.title, m.signer.authority),
    }


def with_parts(**changes) -> PlanParts:
    parts = of.copy_tree(SO_PARTS)
    for k, v in changes.items():
        setattr(parts, k, v)
    return parts


# ----------------------------------------------------------------- the Sở plan, every format


@pytest.fixture(scope="module")
def so_files(tmp_path_factory) -> dict[str, Path]:
    """The Sở plan as DOCX (3-column header and signature tables) and, with LibreOffice, the
    PDF and HTML rendered from it."""
    d = tmp_path_factory.mktemp("so_plan")
    docx_path = of.build_office_docx(SO_PARTS, d / "so.docx", style="rows")
    files = {"docx": docx_path}
    if of.soffice():
        for fmt in ("pdf", "html"):
            files[fmt] = of.convert(docx_path, fmt, d)
    return files


def test_so_plan_text_gives_the_so_as_issuer() -> None:
    assert meta(vnplan.parse_text(plan_text(SO_PARTS))) == SO_META


def test_so_plan_docx_three_column_tables(so_files) -> None:
    p = vnplan.parse_file(so_files["docx"])
    assert p.source.format == "docx"
    assert meta(p) == SO_META


@pytest.mark.parametrize("style", ["cell", "breaks", "merged"])
def test_so_plan_docx_other_table_drawings(style: str, tmp_path: Path) -> None:
    """Each half in one cell, one paragraph with line breaks, or a 4-column grid."""
    p = vnplan.parse_file(of.build_office_docx(SO_PARTS, tmp_path / "so.docx", style=style))
    assert meta(p) == SO_META


@needs_soffice
@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_so_plan_rendered_by_libreoffice(so_files, fmt: str) -> None:
    p = vnplan.parse_file(so_files[fmt])
    assert p.source.format == fmt
    assert meta(p) == SO_META


def test_units_inside_the_body_keep_their_full_names() -> None:
    p = vnplan.parse_text(plan_text(SO_PARTS))
    names = [a.name for a in p.agencies]
    assert "Phòng Quản lý công nghiệp" in names
    assert "Chi cục Quản lý thị trường" in names
    assert all(len(n.split()) > 2 for n in names if n.startswith(("Phòng", "Chi cục")))


def test_units_inside_the_body_in_a_running_sentence() -> None:
    body = SO_BODY[:-3] + [
        ("1. Giao Phòng Quản lý công nghiệp chủ trì, phối hợp với Chi cục Quản lý thị trường "
         "lập danh sách chợ cần kiểm tra trong quý II.", False),
        ("2. Đề nghị Ban Quản lý các khu kinh tế tỉnh phối hợp rà soát các cơ sở trong khu.", False),
    ]
    names = {a.name: a.roles for a in vnplan.parse_text(plan_text(with_parts(body=body))).agencies}
    assert "phoi_hop" in names["Chi cục Quản lý thị trường"]
    assert "Phòng Quản lý công nghiệp" in names
    assert "Ban Quản lý các khu kinh tế tỉnh" in names


@pytest.mark.parametrize("build", ["text", "docx"])
def test_meeting_at_a_date_and_hour_is_a_deadline(build: str, tmp_path: Path) -> None:
    if build == "text":
        p = vnplan.parse_text(plan_text(SO_PARTS))
    else:
        p = vnplan.parse_file(of.build_office_docx(SO_PARTS, tmp_path / "so.docx"))
    d = next(x for x in p.deadlines if "13h30" in x.text)
    assert d.text.endswith("13h30’ ngày 29/4/2026")
    assert (d.kind, d.date, d.time) == ("date", date(2026, 4, 29), "13:30")


@pytest.mark.parametrize(
    "sentence, quote, time",
    [
        ("Tổ kiểm tra làm việc tại chợ Kim Tân lúc 14 giờ 00, ngày 29/4/2026.",
         "lúc 14 giờ 00, ngày 29/4/2026", "14:00"),
        ("Tổ kiểm tra làm việc tại chợ Kim Tân vào lúc 07 giờ 30 phút, thứ Tư, ngày 29/4/2026.",
         "vào lúc 07 giờ 30 phút, thứ Tư, ngày 29/4/2026", "07:30"),
        ("Tổ kiểm tra làm việc tại chợ Kim Tân 8h00 ngày 29 tháng 4 năm 2026.",
         "8h00 ngày 29 tháng 4 năm 2026", "08:00"),
    ],
)
def test_hour_and_date_forms(sentence: str, quote: str, time: str) -> None:
    body = SO_BODY[:7] + [("2. " + sentence, False)] + SO_BODY[8:]
    p = vnplan.parse_text(plan_text(with_parts(body=body)))
    d = next(x for x in p.deadlines if x.text == quote)
    assert (d.kind, d.date, d.time) == ("date", date(2026, 4, 29), time)


# ------------------------------------------------------------------------- signatures


@pytest.mark.parametrize(
    "authority, signer",
    [
        (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], ("Phó Giám đốc", "KT. GIÁM ĐỐC")),
        (["GIÁM ĐỐC"], ("Giám đốc", None)),
        (["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"], ("Chánh Văn phòng", "TL. GIÁM ĐỐC")),
        (["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"], ("Trưởng ban", "TM. BAN CHỈ ĐẠO")),
        (["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], ("Phó Trưởng ban", "KT. TRƯỞNG BAN")),
    ],
)
def test_signature_blocks_of_a_body(authority: list[str], signer: tuple) -> None:
    p = vnplan.parse_text(plan_text(with_parts(authority=authority, signer="Lò Văn Khánh")))
    s = p.metadata.signer
    assert (s.name, s.title, s.authority) == ("Lò Văn Khánh", *signer)
    assert p.metadata.issuer == "Sở Công Thương tỉnh Lào Cai"


# ------------------------------------------------------------------ other issuing bodies


def short_plan(header: tuple[list[str], str, str], title: str, aim: str, task: str,
               closing: tuple[list[str], list[str], str]) -> PlanParts:
    """A two-part plan: header (issuer lines, number, place-date), an aim, one task, and the
    closing (Nơi nhận entries, authority lines, signer)."""
    (issuer, number, date_line), (recipients, authority, signer) = header, closing
    body = [("I. MỤC ĐÍCH, YÊU CẦU", True), (aim, False), ("II. TỔ CHỨC THỰC HIỆN", True), (task, False)]
    return with_parts(issuer=issuer, number=number, date_line=date_line, title=title, body=body,
                      recipients=["Nơi nhận:", *recipients], authority=authority, signer=signer)


PHONG = short_plan(
    (["UBND HUYỆN BẢO THẮNG", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"], "Số: 48/KH-PGDĐT",
     "Bảo Thắng, ngày 05 tháng 9 năm 2025"),
    "Tổ chức ngày hội đọc sách cho học sinh tiểu học năm học 2025 - 2026",
    "Khơi dậy niềm yêu thích đọc sách của học sinh các trường tiểu học trong huyện.",
    "1. Các trường tiểu học chủ động chọn sách, hoàn thành trước ngày 30/9/2025.",
    (["- Các trường tiểu học;", "- Lưu: VT."], ["TRƯỞNG PHÒNG"], "Nguyễn Thị Hạnh"),
)

CUC = short_plan(
    (["BỘ CÔNG THƯƠNG", "CỤC XÚC TIẾN THƯƠNG MẠI"], "Số: 210/KH-XTTM", "Hà Nội, ngày 20 tháng 5 năm 2025"),
    "Tổ chức hội chợ hàng nông sản vùng trung du năm 2025",
    "Giới thiệu nông sản đặc trưng của các tỉnh trung du tới nhà phân phối trong nước.",
    "1. Phòng Xúc tiến thương mại trong nước chủ trì chuẩn bị gian hàng, xong trước ngày 15/7/2025.",
    (["- Bộ trưởng (để b/c);", "- Lưu: VT, XTTN."], ["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"], "Trần Quốc Bảo"),
)


@pytest.mark.parametrize(
    "parts, expected",
    [
        (PHONG, {
            "issuer": "Phòng Giáo dục và Đào tạo huyện Bảo Thắng",
            "issuer_parent": "Ủy ban nhân dân huyện Bảo Thắng", "issuer_level": "huyen",
            "number": "48/KH-PGDĐT", "place": "Bảo Thắng", "issued_date": date(2025, 9, 5),
            "signer": ("Nguyễn Thị Hạnh", "Trưởng phòng", None),
        }),
        (CUC, {
            "issuer": "Cục Xúc tiến thương mại", "issuer_parent": "Bộ Công Thương",
            "issuer_level": "trung_uong", "number": "210/KH-XTTM", "place": "Hà Nội",
            "issued_date": date(2025, 5, 20),
            "signer": ("Trần Quốc Bảo", "Phó Cục trưởng", "KT. CỤC TRƯỞNG"),
        }),
    ],
    ids=["phong-of-huyen", "cuc-of-bo"],
)
def test_other_issuing_bodies(parts: PlanParts, expected: dict) -> None:
    got = meta(vnplan.parse_text(plan_text(parts)))
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(
    "issuer, number, expected",
    [
        # a body's name wrapped over two header lines
        (["UBND TỈNH LÀO CAI", "SỞ NÔNG NGHIỆP VÀ", "PHÁT TRIỂN NÔNG THÔN"], "Số: 77/KH-SNN",
         ("Sở Nông nghiệp và Phát triển nông thôn tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai", "tinh")),
        (["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "BAN QUẢN LÝ CÁC KHU KINH TẾ"], "Số: 15/KH-BQL",
         ("Ban Quản lý các khu kinh tế tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai", "tinh")),
        # a head alone: the body is named after its parent, or after the parent's locality
        (["UBND TỈNH LÀO CAI", "VĂN PHÒNG"], "Số: 40/KH-VP",
         ("Văn phòng Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai", "tinh")),
        (["UBND HUYỆN BẢO THẮNG", "THANH TRA"], "Số: 6/KH-TTr",
         ("Thanh tra huyện Bảo Thắng", "Ủy ban nhân dân huyện Bảo Thắng", "huyen")),
        # a body whose own line names its locality keeps it
        (["TỔNG CỤC THUẾ", "CỤC THUẾ TỈNH LÀO CAI"], "Số: 9/KH-CT",
         ("Cục Thuế tỉnh Lào Cai", "Tổng cục Thuế", "tinh")),
        # a Bộ on its own
        (["BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"], "Số: 301/KH-BNNMT",
         ("Bộ Nông nghiệp và Môi trường", None, "trung_uong")),
        # a commune's header naming its district first
        (["UBND HUYỆN BẢO THẮNG", "UBND XÃ PHONG NIÊN"], "Số: 12/KH-UBND",
         ("Ủy ban nhân dân xã Phong Niên", "Ủy ban nhân dân huyện Bảo Thắng", "xa")),
        # mass organisations and the police: their names, the locality on the next line, and the
        # numbering of the mass organisations ("33-KH/HND")
        (["HỘI NÔNG DÂN TỈNH", "KON TUM"], "Số: 33-KH/HND", ("Hội Nông dân tỉnh Kon Tum", None, "tinh")),
        (["LIÊN ĐOÀN LAO ĐỘNG", "TỈNH HÀ NAM"], "Số: 15/KH-LĐLĐ", ("Liên đoàn Lao động tỉnh Hà Nam", None, "tinh")),
        (["CÔNG AN TỈNH NGHỆ AN"], "Số 120/KH-CAT", ("Công an tỉnh Nghệ An", None, "tinh")),
        (["UBND TỈNH ĐẮK LẮK", "BẢO HIỂM XÃ HỘI"], "Số: 15/KH-BHXH",
         ("Bảo hiểm xã hội tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh Đắk Lắk", "tinh")),
    ],
)
def test_header_forms_of_issuing_bodies(issuer: list[str], number: str, expected: tuple) -> None:
    m = vnplan.parse_text(plan_text(with_parts(issuer=issuer, number=number))).metadata
    assert (m.issuer, m.issuer_parent, m.issuer_level) == expected
    assert m.number == number.split()[-1]


def test_ubnd_plan_has_no_parent() -> None:
    parts = with_parts(issuer=["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"], number="Số: 88/KH-UBND",
                       authority=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
    m = vnplan.parse_text(plan_text(parts)).metadata
    assert (m.issuer, m.issuer_parent, m.issuer_level) == ("Ủy ban nhân dân tỉnh Lào Cai", None, "tinh")
    assert (m.signer.title, m.signer.authority) == ("Phó Chủ tịch", "KT. CHỦ TỊCH")


@pytest.mark.parametrize("symbol", ["KH-SCT", "KH-ĐKT", "KH-SNN", "KH-BQL"])
def test_body_plan_numbers_are_plans(symbol: str) -> None:
    """A body's plan symbol makes a plan even when the type line is missing."""
    text = plan_text(with_parts(number=f"Số: 31/{symbol}")).replace("KẾ HOẠCH\n", "")
    assert vnplan.parse_text(text).metadata.number == f"31/{symbol}"
    assert vnplan.parse_text(plan_text(with_parts(number=f"Số: 31/{symbol}"))).metadata.number == f"31/{symbol}"


def test_issuer_parent_in_the_schema() -> None:
    props = vnplan.Plan.model_json_schema()["$defs"]["Metadata"]["properties"]
    assert "issuer_parent" in props and props["issuer_parent"]["description"]
    levels = props["issuer_level"]["anyOf"][0]["enum"]
    assert set(levels) == {"tinh", "huyen", "xa", "trung_uong"}


def test_a_special_zone_named_only_in_the_preamble() -> None:
    # an "đặc khu" (the unit created by the 2025 reform) whose header gives no unit line: the
    # preamble names the issuer; an đặc khu is a commune-level unit (Luật Tổ chức chính quyền địa
    # phương 2025: "xã, phường, đặc khu" are cấp xã)
    text = ("ỦY BAN NHÂN DÂN\n\nSố: 15/KH-UBND\n\nPhú Quốc, ngày 9 tháng 9 năm 2025\n\nKẾ HOẠCH\n"
            "Phát triển du lịch biển đảo năm 2026\n\n"
            "Ủy ban nhân dân đặc khu Phú Quốc ban hành Kế hoạch phát triển du lịch biển đảo như sau:\n"
            "I. MỤC TIÊU\n- Đón 500 nghìn lượt khách.\nII. TỔ CHỨC THỰC HIỆN\n1. Phòng Kinh tế\n"
            "- Chủ trì triển khai.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn Bình\n")
    md = vnplan.parse_text(text).metadata
    assert (md.issuer, md.issuer_level) == ("Ủy ban nhân dân đặc khu Phú Quốc", "xa")


def test_a_place_date_line_glued_to_the_number_line_is_read() -> None:
    # a PDF dump or a layout table can put "Số: …" and the place-date on one line
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ ĐÀ NẴNG\nSố: 412/KH-UBND Đà Nẵng, ngày 7 tháng 5 năm 2026\n"
            "KẾ HOẠCH\nPhát triển du lịch đêm năm 2026\nI. MỤC TIÊU\nĐón 50 nghìn lượt khách.\n")
    md = vnplan.parse_text(text).metadata
    assert (md.number, md.place, md.issued_date) == ("412/KH-UBND", "Đà Nẵng", date(2026, 5, 7))


@pytest.mark.parametrize(
    "header",
    [
        # the motto glued to the issuer on one line, and the number to the place-date line
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 15/KH-UBND Lào Cai, ngày 3 tháng 4 năm 2026\n",
        # the header table as rows of cells
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÀO CAI\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 15/KH-UBND\tLào Cai, ngày 3 tháng 4 năm 2026\n",
        # ... and as a markdown table
        "| ỦY BAN NHÂN DÂN TỈNH LÀO CAI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |\n|---|---|\n"
        "| Số: 15/KH-UBND | Lào Cai, ngày 3 tháng 4 năm 2026 |\n\n",
    ],
)
def test_a_header_flattened_into_rows_names_the_issuer_of_its_left_column(header: str) -> None:
    body = "KẾ HOẠCH\nPhát triển nông nghiệp\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì thực hiện.\n"
    m = vnplan.parse_text(header + body).metadata
    assert (m.number, m.issuer, m.issuer_level, m.place, str(m.issued_date)) == (
        "15/KH-UBND", "Ủy ban nhân dân tỉnh Lào Cai", "tinh", "Lào Cai", "2026-04-03")


@pytest.mark.parametrize("mark", ["[daky]\n", "(Đã ký và đóng dấu)\n", "Đã ký: "])
def test_the_signer_after_a_signature_mark(mark: str) -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nSố: 9/KH-UBND\nYên Bái, ngày 1 tháng 2 năm 2026\nKẾ HOẠCH\n"
            "Thử nghiệm chữ ký\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì thực hiện.\nNơi nhận:\n- Như trên;\n"
            f"- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n{mark}Trần Huy Tuấn\n")
    p = vnplan.parse_text(text)
    s, e = p.metadata.signer.span
    assert (p.metadata.signer.name, p.text[s:e]) == ("Trần Huy Tuấn", "Trần Huy Tuấn")
