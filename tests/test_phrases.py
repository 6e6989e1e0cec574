"""Phrase-level cases written by hand from forms real plans use (not corpus sentences)."""

import pytest

from vnplan.facts.agencies import expand, merge_key
from vnplan.facts.citations import normalize_symbol
from vnplan.facts.common import vn_number
from vnplan.facts.deadlines import parse_deadlines
from vnplan.facts.numbers import words_to_number
from vnplan.facts.targets import comparator_of
from vnplan.normalize import normalize, normalize_tones
from vnplan.structure.sections import classify_heading


@pytest.mark.parametrize("s,v", [("1.131", 1131), ("35,42", 35.42), ("05", 5), ("247.646", 247646), ("4,8", 4.8), ("2.500.000", 2500000), ("0,5", 0.5), ("100", 100)])
def test_vn_numbers(s, v):
    assert vn_number(s) == v


@pytest.mark.parametrize("s,v", [("hai", 2), ("mười", 10), ("hai mươi lăm", 25), ("một trăm", 100), ("ba nghìn", 3000), ("mười hai", 12)])
def test_number_words(s, v):
    assert words_to_number(s) == v


@pytest.mark.parametrize(
    "before,after,comp",
    [
        ("phấn đấu có khoảng trên", " HTX", "gt"),
        ("ít nhất có", "", "gte"),
        ("tối thiểu", "", "gte"),
        ("xây dựng ít nhất từ", "", "gte"),
        ("chiếm từ", " trở lên", "gte"),
        ("khoảng", "", "approx"),
        ("dưới", "", "lt"),
        ("không quá", "", "lte"),
        ("tối đa", "", "lte"),
        ("đạt", "", "eq"),
        ("tăng lên", "", "eq"),
        ("không dưới", "", "gte"),
        ("giảm xuống dưới", "", "lt"),
        ("thuộc loại khá trở lên đạt", "", "eq"),
    ],
)
def test_comparators(before, after, comp):
    assert comparator_of(before, after) == comp


@pytest.mark.parametrize(
    "text,kind,extra",
    [
        ("trước ngày 25 tháng cuối quý", "recurring", {"frequency": "quarterly", "day": 25, "rule": "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25"}),
        ("gửi báo cáo trước ngày 15 tháng 6", "recurring", {"frequency": "annual", "day": 15, "month": 6}),
        ("trước ngày 20/11", "recurring", {"day": 20, "month": 11, "rule": "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=20"}),
        ("chậm nhất ngày 30/6/2025", "before_date", {"year": 2025}),
        ("hoàn thành trước ngày 31 tháng 12 năm 2026", "before_date", {"year": 2026, "month": 12}),
        ("trong tháng 3/2024", "date", {"month": 3, "year": 2024}),
        ("trong quý III/2025", "date", {"quarter": 3, "year": 2025}),
        ("Quý I/2026", "date", {"quarter": 1, "year": 2026}),
        ("Từ năm 2023 - 2025", "period", {"start_year": 2023, "end_year": 2025}),
        ("từ năm 2024 đến năm 2026", "period", {"start_year": 2024, "end_year": 2026}),
        ("Hằng năm, Sở Tài chính tổng hợp", "recurring", {"frequency": "annual"}),
        ("Định kỳ hằng quý tổ chức giao ban", "recurring", {"frequency": "quarterly"}),
        ("Hằng tháng, các xã báo cáo", "recurring", {"frequency": "monthly"}),
        ("Hằng tuần, Tổ công tác họp", "recurring", {"frequency": "weekly"}),
        ("Hằng ngày cập nhật số liệu", "recurring", {"frequency": "daily"}),
        ("tổ chức 03 lần/năm", "recurring", {"times": 3, "frequency": "annual"}),
        ("báo cáo định kỳ 06 tháng một lần", "recurring", {"frequency": "semiannual"}),
        ("Thường xuyên kiểm tra, đôn đốc", "continuous", {}),
        ("từ tháng 5 đến tháng 9", "period", {"months": [5, 6, 7, 8, 9]}),
        ("trong vòng 15 ngày kể từ ngày Kế hoạch được ban hành", "relative", {"offset_days": 15}),
        ("báo cáo trước ngày 20 hằng tháng", "recurring", {"frequency": "monthly", "day": 20, "rule": "FREQ=MONTHLY;BYMONTHDAY=20"}),
        ("Định kỳ hằng tháng (trước ngày 25)", "recurring", {"frequency": "monthly", "day": 25}),
    ],
)
def test_deadline_forms(text, kind, extra):
    found = parse_deadlines(text)
    assert found, text
    d = found[0]
    assert d.kind == kind
    for k, v in extra.items():
        assert getattr(d, k) == v, (k, getattr(d, k))


@pytest.mark.parametrize(
    "text",
    ["xây dựng kế hoạch hằng năm", "nhiệm vụ thường xuyên, lâu dài", "lao động làm việc thường xuyên", "chế độ báo cáo thường xuyên, định kỳ theo quy định", "bố trí kinh phí hằng năm cho hợp tác xã"],
)
def test_not_deadlines(text):
    assert parse_deadlines(text) == []


def test_general_phrase_absorbed_by_precise_one():
    found = parse_deadlines("Định kỳ hằng quý (trước ngày 20 tháng cuối quý), báo cáo năm (trước ngày 05/12)")
    assert [d.text for d in found] == ["trước ngày 20 tháng cuối quý", "trước ngày 05/12"]


@pytest.mark.parametrize("cell,kind", [("2025", "year"), ("2024-2025", "period"), ("Thường xuyên", "continuous"), ("Năm 2026", "year")])
def test_time_cells(cell, kind):
    assert parse_deadlines(cell, whole_cell=True, timing=True)[0].kind == kind


@pytest.mark.parametrize(
    "raw,full",
    [
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch"),
        ("UBND các xã, thị trấn", "Ủy ban nhân dân các xã, thị trấn"),
        ("Sở Công thương", "Sở Công Thương"),
        ("Đài PT-TH tỉnh", "Đài Phát thanh - Truyền hình tỉnh"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Liên minh HTX tỉnh", "Liên minh Hợp tác xã tỉnh"),
        ("Phòng Tài chính-Kế hoạch", "Phòng Tài chính - Kế hoạch"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Hội LHPN huyện", "Hội Liên hiệp Phụ nữ huyện"),
    ],
)
def test_agency_expansion(raw, full):
    assert expand(raw) == full


@pytest.mark.parametrize(
    "a,b",
    [
        ("Hội Nông dân", "Hội Nông dân tỉnh"),
        ("UBND các huyện, thành phố", "Ủy ban nhân dân huyện, thành phố"),
        ("các Sở, ngành", "Các sở, ban, ngành"),
        ("Liên minh HTX", "Liên minh Hợp tác xã tỉnh"),
        ("Hội Phụ nữ", "Hội Liên hiệp Phụ nữ tỉnh"),
    ],
)
def test_same_agency(a, b):
    assert merge_key(a) == merge_key(b)


@pytest.mark.parametrize("a,b", [("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân huyện"), ("Sở Tài chính", "Sở Tư pháp"), ("Các sở, ngành", "Các sở, ngành, đoàn thể của tỉnh liên quan")])
def test_different_agencies(a, b):
    assert merge_key(a) != merge_key(b)


@pytest.mark.parametrize(
    "raw,sym",
    [("07/2020/NQ-HDND", "07/2020/NQ-HĐND"), ("219 /KH-UBND", "219/KH-UBND"), ("1804/QĐ-TTg", "1804/QĐ-TTg"), ("13-NQ/TW", "13-NQ/TW"), ("123/QD-UBND", "123/QĐ-UBND")],
)
def test_symbols(raw, sym):
    assert normalize_symbol(raw) == sym


@pytest.mark.parametrize(
    "heading,kind",
    [
        ("MỤC ĐÍCH, YÊU CẦU", "muc_dich_yeu_cau"),
        ("Mục tiêu tổng quát", "muc_tieu_chung"),
        ("Một số mục tiêu cụ thể", "muc_tieu_cu_the"),
        ("Chỉ tiêu chủ yếu", "muc_tieu"),
        ("Định hướng phát triển", "quan_diem"),
        ("Thực trạng phát triển", "danh_gia"),
        ("Nhiệm vụ và giải pháp", "nhiem_vu_giai_phap"),
        ("Nguồn vốn thực hiện", "kinh_phi"),
        ("Phân công nhiệm vụ", "to_chuc_thuc_hien"),
        ("Thời gian và trách nhiệm thực hiện", "to_chuc_thuc_hien"),
        ("Chế độ thông tin, báo cáo", "che_do_bao_cao"),
        ("Thuận lợi", "other"),
        ("Khó khăn", "other"),
        ("Sở Tài chính", "other"),
    ],
)
def test_heading_kinds(heading, kind):
    assert classify_heading(heading) == kind


def test_tone_marks_and_markup():
    assert normalize_tones("Uỷ ban hoà giải, thuỷ lợi, quý, khoẻ") == "Ủy ban hòa giải, thủy lợi, quý, khỏe"
    n = normalize("**KẾ HOẠCH**\n\n## I. MỤC TIÊU\n\nTuyên truyền vận\n\nđộng *nhân dân*.\n| STT | Nhiệm vụ |\n|---|---|\n| 1 | Tập huấn |\nSố:\n12/KH-UBND")
    assert n.text.split("\n") == ["KẾ HOẠCH", "I. MỤC TIÊU", "Tuyên truyền vận động nhân dân.", "STT\tNhiệm vụ", "1\tTập huấn", "Số: 12/KH-UBND"]
    assert n.text.index("I. MỤC TIÊU") in n.heading_hints
    raw = "**KẾ HOẠCH**\n\nvận\n\nđộng"
    m = normalize(raw)
    assert raw[m.offsets(m.text.index("động"))] == "đ"


@pytest.mark.parametrize(
    "sentence,value,comp,change,subject",
    [
        ("Giảm tỷ lệ hộ nghèo xuống dưới 2%.", 2, "lt", "decrease", "tỷ lệ hộ nghèo"),
        ("Thu nhập bình quân đầu người tăng 15% so với năm 2024.", 15, "eq", "increase", "Thu nhập bình quân đầu người"),
        ("Tăng trưởng kinh tế đạt từ 10 - 13%/năm.", 10, "eq", "level", "Tăng trưởng kinh tế"),
        ("95% trở lên số hộ có việc làm ổn định.", 95, "gte", "level", "số hộ có việc làm ổn định"),
        ("Tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 50%.", 50, "gte", "level", "Tỷ lệ hồ sơ trực tuyến toàn trình"),
        ("Không quá 5% hồ sơ giải quyết trễ hạn.", 5, "lte", "level", "hồ sơ giải quyết trễ hạn"),
        ("Phấn đấu có ít nhất 1.500 doanh nghiệp công nghệ số.", 1500, "gte", "level", "doanh nghiệp công nghệ số"),
    ],
)
def test_targets_in_a_chi_tieu_section(sentence, value, comp, change, subject):
    import vnplan

    plan = vnplan.parse_text(f"KẾ HOẠCH\nThử nghiệm năm 2025\nI. CHỈ TIÊU ĐẾN NĂM 2025\n- {sentence}\n")
    assert len(plan.targets) == 1
    t = plan.targets[0]
    assert (t.value, t.comparator, t.change, t.subject, t.year) == (value, comp, change, subject, 2025)
    assert plan.text[t.span[0] : t.span[1]] == t.text
