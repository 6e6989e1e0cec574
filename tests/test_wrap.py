"""Hard-wrapped text: the same plan, wrapped as converters and crawls wrap it, gives the same facts.

The invariance test wraps every corpus plan's normalized text (widths 60-100, breaks inside
headings, header cells and signature lines, ``**`` kept around the pieces; paragraphs with and
without blank lines between them) and compares metadata, section kinds and every fact value.
The phrase tests below are written by hand in forms the corpus does not use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import vnplan
from vnplan.normalize import normalize
from vnplan.wrap import profile

from wrapping import hard_wrap

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "raw"
DOCS = sorted(CORPUS.glob("*.txt"))


def _facts(p: vnplan.Plan) -> dict:
    m = p.metadata
    return {
        "metadata": (m.number, m.issuer, m.issuer_level, m.place, m.issued_date, m.year, " ".join(m.title.split()), m.signer.name, m.signer.title),
        "sections": [(s.kind, s.heading) for s in p.iter_sections() if s.kind != "other"],
        "legal_refs": [r.symbol for r in p.legal_refs],
        "quantities": [(q.value, q.value_max, q.unit, q.per) for q in p.quantities],
        "targets": [(t.value, t.value_max, t.unit, t.comparator, t.change, t.year) for t in p.targets],
        "agencies": sorted((a.name, tuple(a.roles)) for a in p.agencies),
        "deadlines": [(d.text, d.kind, d.frequency, d.day, d.month, d.year) for d in p.deadlines],
        "tasks": [(t.text, tuple(t.lead), tuple(t.partners)) for t in p.tasks],
    }


@pytest.fixture(scope="module")
def parsed() -> dict[str, vnplan.Plan]:
    return {d.name: vnplan.parse(d) for d in DOCS}


# PDF-style text (no blank lines, first lines indented) at 60 columns is left out: the
# one-cell-per-line table of plan 002 then has lines whose wrap cannot be told from a cell end.
@pytest.mark.parametrize(
    "width,paragraphs",
    [(60, True), (80, True), (100, True), (80, False), (100, False)],
    ids=["crawl60", "crawl80", "crawl100", "pdf80", "pdf100"],
)
@pytest.mark.parametrize("doc", [d.name for d in DOCS])
def test_wrapped_plan_gives_the_same_facts(parsed, doc, width, paragraphs):
    plan = parsed[doc]
    heads = {s.span[0] for s in plan.iter_sections()}
    wrapped = hard_wrap(plan.text, width, paragraphs, heads)
    lengths = sorted(len(x) for x in wrapped.split("\n") if "\t" not in x)
    assert lengths[int(0.95 * len(lengths))] <= width + 6  # it is wrapped (PDF style indents first lines)
    got = _facts(vnplan.parse_text(wrapped))
    want = _facts(plan)
    for field in want:
        assert got[field] == want[field], field


def test_profile_tells_wrapped_from_unwrapped():
    para = "Nội dung của đoạn văn này được viết liền một mạch, không ngắt dòng giữa chừng, " * 3
    flowing = "\n".join(f"{i}. {para}"[: 100 + 37 * (i % 5)] for i in range(30))
    assert not profile(flowing).wrapped
    wrapped = hard_wrap(flowing, 72)
    prof = profile(wrapped)
    assert prof.wrapped and prof.paragraphs and 60 <= prof.width <= 72


# --- the header and closing survive wrapping (a commune plan, crawl layout) ---------------

COMMUNE = """|
**ỦY BAN NHÂN
DÂN**
XÃ PHÚ THÀNH
--------
|
**CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
|
Số:
45/KH-UBND
|
*Phú
Thành, ngày 03 tháng 3 năm 2026*
|

**KẾ HOẠCH**

TỔ CHỨC NGÀY HỘI ĐẠI ĐOÀN KẾT TOÀN DÂN TỘC Ở CÁC KHU DÂN CƯ
NĂM 2026

Căn cứ Hướng dẫn số 12/HD-MTTQ ngày 10/01/2026 của Ban Thường trực Ủy ban Mặt trận Tổ
quốc Việt Nam huyện, Ủy ban nhân dân xã ban hành Kế hoạch như sau:

**I. MỤC
ĐÍCH, YÊU CẦU**

Phát huy truyền thống đoàn kết của các khu dân cư trên địa bàn
xã.

**II. MỤC TIÊU**

Phấn đấu 100% khu dân cư tổ chức ngày hội; số hộ tham gia tăng bình quân 08 -
09%/năm.

**III. TỔ CHỨC
THỰC HIỆN**

1. Ban công tác Mặt trận các khu dân cư chủ trì tổ chức ngày hội, báo cáo kết quả về Ủy
ban nhân dân xã trước ngày 20/11/2026.

2. Đề nghị Hội Liên hiệp Phụ nữ xã, Đoàn Thanh niên xã phối hợp vận động hội viên tham gia
hằng tháng.

|
Nơi nhận:
- Như trên;
- Lưu: VT.
|
**TM. ỦY BAN
NHÂN DÂN**
CHỦ TỊCH
**Lê Văn Hòa**
|
"""


@pytest.fixture(scope="module")
def commune() -> vnplan.Plan:
    return vnplan.parse_text(COMMUNE, format="md")


def test_header_fields_survive_wrapping(commune):
    m = commune.metadata
    assert m.number == "45/KH-UBND"
    assert m.issuer == "Ủy ban nhân dân xã Phú Thành"
    assert m.issuer_level == "xa"
    assert m.place == "Phú Thành"  # a place name that wraps inside itself
    assert str(m.issued_date) == "2026-03-03"
    assert m.title == "TỔ CHỨC NGÀY HỘI ĐẠI ĐOÀN KẾT TOÀN DÂN TỘC Ở CÁC KHU DÂN CƯ NĂM 2026"
    assert (m.signer.name, m.signer.title, m.signer.authority) == ("Lê Văn Hòa", "Chủ tịch", "TM. ỦY BAN NHÂN DÂN")


def test_wrapped_headings_keep_their_kind(commune):
    kinds = [(s.kind, s.heading) for s in commune.iter_sections()]
    assert ("muc_dich_yeu_cau", "MỤC ĐÍCH, YÊU CẦU") in kinds
    assert ("to_chuc_thuc_hien", "TỔ CHỨC THỰC HIỆN") in kinds


def test_range_cut_at_its_dash_and_agencies_cut_by_a_wrap(commune):
    q = [(q.value, q.value_max, q.unit, q.per) for q in commune.quantities]
    assert (8, 9, "%", "năm") in q and (100, None, "%", None) in q
    names = {a.name for a in commune.agencies}
    assert {"Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên xã"} <= names, names  # as printed, not rewritten to the alias's body
    kinds = [(d.text, d.kind) for d in commune.deadlines]
    assert ("trước ngày 20/11/2026", "before_date") in kinds


@pytest.mark.parametrize(
    "raw,joined",
    [
        ("**1. Kiểm tra\nđịnh kỳ các quầy thuốc**", "1. Kiểm tra định kỳ các quầy thuốc"),
        ("Giao Sở\nGiáo dục và Đào tạo theo dõi.", "Giao Sở Giáo dục và Đào tạo theo dõi."),
        ("*Hòa Bình, ngày\n5 tháng 6 năm 2026*", "Hòa Bình, ngày 5 tháng 6 năm 2026"),
    ],
)
def test_breaks_inside_markup_and_names_are_joined(raw, joined):
    assert normalize(raw).text == joined


@pytest.mark.parametrize(
    "raw",
    [
        # a body's heading, then its tasks: "Xã hội" + "Chủ" is how the motto's "XÃ HỘI CHỦ
        # NGHĨA" goes on, but "Chủ trì" is not its rest
        "1. Phòng Văn hóa - Xã hội\nChủ trì tham mưu tổ chức Ngày hội đọc sách.",
        "2. Trung tâm Văn hóa - Thể thao\nPhối hợp tổ chức các hoạt động.",
    ],
)
def test_a_heading_ending_in_part_of_a_known_name_is_not_joined_to_its_sentence(raw):
    assert normalize(raw).text == raw


def test_a_name_cut_in_capitals_is_joined():
    raw = "VỀ PHÁT TRIỂN HỢP TÁC XÃ NÔNG\nNGHIỆP TRONG TÁI CƠ CẤU NGÀNH"
    assert normalize(raw).text == "VỀ PHÁT TRIỂN HỢP TÁC XÃ NÔNG NGHIỆP TRONG TÁI CƠ CẤU NGÀNH"


def test_a_list_after_a_colon_is_not_joined():
    text = "Các bước như sau:\n- Bước một lập danh sách;\n- Bước hai gửi hồ sơ."
    assert normalize(text).text == text


def test_a_title_in_lower_case_stays_under_its_type_word():
    # "KẾ HOẠCH" is a line of its own: a lower-case title line is not its continuation
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN YÊN SƠN\nSố: 15/KH-UBND\nYên Sơn, ngày 05 tháng 02 năm 2026\nKẾ HOẠCH\n"
            "thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2026\n"
            "I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm thực hiện.\n")
    assert "KẾ HOẠCH\nthực hiện" in normalize(text).text
    assert vnplan.parse_text(text).metadata.title == "thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2026"


def test_offsets_stay_exact_through_joins():
    raw = "**II. NỘI\nDUNG**\n\nHỗ trợ 05 -\n06 hộ nghèo."
    n = normalize(raw)
    k = n.text.index("06 hộ")
    assert raw[n.offsets(k) : n.offsets(k) + 5] == "06 hộ"


def test_line_start_and_end_tests_agree_with_their_regexes_on_every_character():
    """The str-method tests of a line's first and last characters (no regex call per line
    pair) say what the patterns they replace say, for every BMP character, after a quote too."""
    import regex

    from vnplan import wrap

    lower = regex.compile(r"^[\(\"“‘]?+\p{Ll}")
    digit = regex.compile(r"^[\(\"“]?+\p{N}")
    hard, soft = regex.compile(r"(?:[.:!?…]|\./\.)$"), regex.compile(r"[;)\]\"”’]$")
    chars = [chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000]
    for ch in chars:
        for s in (ch + "x", "(" + ch, "“" + ch + " y", "x " + ch):
            assert wrap._lower_start(s) == bool(lower.match(s)), repr(s)
            assert wrap._digit_start(s) == bool(digit.match(s)), repr(s)
            assert s.endswith(wrap._HARD_ENDS) == bool(hard.search(s)), repr(s)
            assert s.endswith(wrap._SOFT_ENDS) == bool(soft.search(s)), repr(s)


def test_label_prefilter_passes_every_line_the_label_pattern_matches():
    from vnplan import wrap

    heads = [chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000]
    tails = [". Mục tiêu", ") x", "/ y", " - Sở", " ", ".1 Kế", "0. a", "ần thứ hai", "HƯƠNG II", "ục 2", "iều 3", "1) b"]
    for h in heads:
        for t in tails:
            s = h + t
            assert wrap._label_start(s) == bool(wrap._LABEL_START.match(s)), repr(s)
    assert wrap._label_start("a) Sở Y tế") and wrap._label_start("Điều 3") and not wrap._label_start("ab) c")


@pytest.mark.parametrize("line", ["đến năm", "Năm", "phấn đấu đến hết NĂM", "trong tháng", "tháng", "vào ngày",
                                  "thực hiện từ năm 2025 đến năm", "tăng lên", "năm nay", "số:", "Số:", "x" * 80 + " năm",
                                  "x" * 80 + "năm", "theo Quyết định số", "ngày"])
def test_a_line_ending_in_a_number_governor_is_told_by_its_tail(line):
    from vnplan import wrap

    tail = line.casefold()
    plain = any(tail.endswith(" " + g) or tail == g or tail.endswith(g) and not g.isalpha()
                for g in wrap._cfg()["number_governors"])
    assert wrap._governs_number(line) == plain
