"""Phrase-level cases written by hand from forms real plans use (not corpus sentences)."""

from datetime import date

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
        ("thành lập ít nhất từ", "", "gte"),
        ("chiếm từ", " trở lên", "gte"),
        ("khoảng", "", "approx"),
        ("dưới", "", "lt"),
        ("không quá", "", "lte"),
        ("tối đa", "", "lte"),
        ("đạt", "", "eq"),
        ("tăng lên", "", "eq"),
        ("không dưới", "", "gte"),
        ("giảm xuống dưới", "", "lt"),
        ("xếp loại khá trở lên đạt", "", "eq"),
    ],
)
def test_comparators(before, after, comp):
    assert comparator_of(before, after) == comp


@pytest.mark.parametrize(
    "text,kind,extra",
    [
        ("trước ngày 22 tháng cuối quý", "recurring", {"frequency": "quarterly", "day": 22, "rule": "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=22"}),
        ("gửi báo cáo trước ngày 15 tháng 6", "recurring", {"frequency": "annual", "day": 15, "month": 6}),
        ("trước ngày 20/11", "recurring", {"day": 20, "month": 11, "rule": "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=20"}),
        ("chậm nhất ngày 30/6/2025", "before_date", {"year": 2025}),
        ("hoàn thành trước ngày 31 tháng 12 năm 2026", "before_date", {"year": 2026, "month": 12}),
        ("trong tháng 3/2024", "date", {"month": 3, "year": 2024}),
        ("trong quý III/2025", "date", {"quarter": 3, "year": 2025}),
        ("Quý I/2026", "date", {"quarter": 1, "year": 2026}),
        ("Từ năm 2024 - 2027", "period", {"start_year": 2024, "end_year": 2027}),
        ("từ năm 2024 đến năm 2026", "period", {"start_year": 2024, "end_year": 2026}),
        ("Hằng năm, Sở Tài chính tổng hợp", "recurring", {"frequency": "annual"}),
        ("Định kỳ hằng quý tổ chức giao ban", "recurring", {"frequency": "quarterly"}),
        ("Hằng tháng, các xã báo cáo", "recurring", {"frequency": "monthly"}),
        ("Hằng tuần, Tổ công tác họp", "recurring", {"frequency": "weekly"}),
        ("Hằng ngày cập nhật số liệu", "recurring", {"frequency": "daily"}),
        # a frequency closing "report …" before the receiver (về / gửi …) says when it is sent
        ("Báo cáo kết quả kiểm tra hằng quý về Ủy ban nhân dân xã", "recurring", {"frequency": "quarterly"}),
        ("tổng hợp số liệu hằng tháng gửi Phòng Kinh tế", "recurring", {"frequency": "monthly"}),
        # frequency is how often the due date comes back (GOLD.md): 3 a year has no enum value
        ("tổ chức 03 lần/năm", "recurring", {"times": 3, "frequency": None}),
        ("lấy mẫu 02 lần/năm", "recurring", {"times": 2, "frequency": "semiannual"}),
        ("họp 4 lần/năm", "recurring", {"times": 4, "frequency": "quarterly"}),
        ("báo cáo định kỳ 06 tháng một lần", "recurring", {"frequency": "semiannual"}),
        ("Thường xuyên rà soát, nhắc nhở", "continuous", {}),
        ("từ tháng 5 đến tháng 9", "period", {"months": [5, 6, 7, 8, 9]}),
        ("trong vòng 15 ngày kể từ ngày Kế hoạch được ban hành", "relative", {"offset_days": 15}),
        # two due days in one phrase: the second is a deadline of its own
        ("gửi báo cáo sơ kết trước ngày 20/6 và 20/12", "recurring", {"frequency": "annual", "day": 20, "month": 6}),
        ("tổ chức hội nghị kết nối giao thương trong Quý I và Quý III/2027", "date", {"quarter": 1, "year": 2027}),
        # a rhythm right after a day of the same rhythm is part of it: one deadline
        ("Báo cáo năm gửi Sở Nội vụ trước ngày 10/12 hằng năm", "recurring",
         {"frequency": "annual", "day": 10, "month": 12, "text": "trước ngày 10/12"}),
        # before a month: due the day before it begins
        ("báo cáo kết quả thực hiện trước tháng 12/2026", "before_date", {"month": 12, "year": 2026}),
        # "trước" right before a numeric date, without "ngày"
        ("tổng hợp báo cáo Giám đốc Sở trước 15/12/2026", "before_date", {"date": date(2026, 12, 15)}),
        ("nộp hồ sơ đăng ký chậm nhất 30.6.2026", "before_date", {"date": date(2026, 6, 30)}),
        # a window between two dates: its first and last day (the first day's year may be left out)
        ("tổ chức tiêm phòng đợt một từ ngày 01/3/2026 đến ngày 30/4/2026", "period",
         {"start_date": date(2026, 3, 1), "date": date(2026, 4, 30), "start_year": 2026, "end_year": 2026}),
        ("kiểm tra các cơ sở từ 01/9 đến hết 31/10/2026", "period",
         {"start_date": date(2026, 9, 1), "date": date(2026, 10, 31)}),
        ("hoàn thành trong năm 2025", "year", {"year": 2025}),
        ("Trong năm 2026, tổ chức 02 lớp tập huấn", "year", {"year": 2026}),
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
    ["xây dựng kế hoạch hằng năm", "công việc thường xuyên, lâu dài", "nhân viên làm việc thường xuyên", "chế độ báo cáo thường xuyên, định kỳ theo quy định", "bố trí kinh phí hằng năm cho hợp tác xã",
     "bố trí ngân sách hằng năm về phát triển giao thông nông thôn"],
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
        ("Một số mục tiêu cụ thể giai đoạn 2026 - 2030", "muc_tieu_cu_the"),
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
        ("Quan điểm chỉ đạo", "quan_diem"),
        ("Đặc điểm tình hình", "danh_gia"),
        ("Kết quả triển khai thực hiện năm 2024", "danh_gia"),
        ("Các nhiệm vụ trọng tâm", "nhiem_vu_giai_phap"),
        ("Trách nhiệm thực hiện", "to_chuc_thuc_hien"),
        ("Phụ lục II", "phu_luc"),
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


# --- citations, quantities and role sentences inside a minimal plan -----------------------

def _plan(body: str, preamble: str = ""):
    import vnplan

    return vnplan.parse_text(f"Số: 99/KH-UBND\nKẾ HOẠCH\nThử nghiệm\n{preamble}\n{body}\n")


@pytest.mark.parametrize(
    "phrase,symbol,doc_type,issued,issuer",
    [
        ("Nghị quyết số 58/NQ-CP ngày 21/4/2024 của Chính phủ về phát triển", "58/NQ-CP", "Nghị quyết", "2024-04-21", "Chính phủ"),
        ("Quyết định số 3120/QĐ-BNN-KTHT ngày 14/8/2022 của Bộ Nông nghiệp và Phát triển nông thôn về việc", "3120/QĐ-BNN-KTHT", "Quyết định", "2022-08-14", "Bộ Nông nghiệp và Phát triển nông thôn"),
        ("Nghị định số 98/2018/NĐ-CP ngày 05 tháng 7 năm 2018 của Chính phủ", "98/2018/NĐ-CP", "Nghị định", "2018-07-05", "Chính phủ"),
        ("Kết luận số 81-KL/TW ngày 29/7/2020 của Bộ Chính trị", "81-KL/TW", "Kết luận", "2020-07-29", "Bộ Chính trị"),
        ("Chương trình hành động số 17-CTr/TU ngày 03/10/2022 của Tỉnh ủy", "17-CTr/TU", "Chương trình hành động", "2022-10-03", "Tỉnh ủy"),
        ("Tờ trình số 731/TTr-SNN ngày 16/5/2024", "731/TTr-SNN", "Tờ trình", "2024-05-16", None),
        ("Thông tư số 15/2019/TT-BNNPTNT ngày 30/10/2019 của Bộ trưởng", "15/2019/TT-BNNPTNT", "Thông tư", "2019-10-30", "Bộ trưởng"),
        ("Chỉ thị số 24/CT-TTg ngày 11/9/2023 của Thủ tướng Chính phủ về việc", "24/CT-TTg", "Chỉ thị", "2023-09-11", "Thủ tướng Chính phủ"),
        ("Công văn số 2245/SKHĐT-ĐKKD ngày 19/11/2024 của Sở Kế hoạch và Đầu tư về việc", "2245/SKHĐT-ĐKKD", "Công văn", "2024-11-19", "Sở Kế hoạch và Đầu tư"),
        ("Nghị quyết số 12/2021/NQ-HDND ngày 08/12/2021 của HĐND thành phố", "12/2021/NQ-HĐND", "Nghị quyết", "2021-12-08", "Hội đồng nhân dân thành phố"),
        # the issuer is a body's name: abbreviations expanded, cut where the sentence goes on
        ("Kế hoạch số 45/KH-UBND ngày 10/02/2025 của UBND tỉnh Thái Nguyên về dân số", "45/KH-UBND", "Kế hoạch", "2025-02-10", "Ủy ban nhân dân tỉnh Thái Nguyên"),
        ("Quyết định số 12/QĐ-UBND ngày 05/01/2026 của UBND huyện triển khai chương trình", "12/QĐ-UBND", "Quyết định", "2026-01-05", "Ủy ban nhân dân huyện"),
        ("Công văn số 77/BNN-KTHT ngày 02/3/2024 của Bộ NN&PTNT: các địa phương rà soát", "77/BNN-KTHT", "Công văn", "2024-03-02", "Bộ Nông nghiệp và Phát triển nông thôn"),
        ("Quyết định 1804/QĐ-TTg ngày 13/11/2020", "1804/QĐ-TTg", "Quyết định", "2020-11-13", None),
        ("Kế hoạch số 318-KH/TU ngày 06/4/2016 của Ban Thường vụ Tỉnh ủy", "318-KH/TU", "Kế hoạch", "2016-04-06", "Ban Thường vụ Tỉnh ủy"),
        # a law's symbol ends with the legislature's number (QH15)
        ("Luật số 72/2025/QH15 ngày 16/6/2025 của Quốc hội", "72/2025/QH15", "Luật", "2025-06-16", "Quốc hội"),
        ("Thông báo kết luận số 45-TB/TU ngày 01/02/2026 của Ban Thường vụ Tỉnh ủy", "45-TB/TU", "Thông báo kết luận", "2026-02-01", "Ban Thường vụ Tỉnh ủy"),
    ],
)
def test_citations(phrase, symbol, doc_type, issued, issuer):
    refs = _plan(f"I. NỘI DUNG\nTriển khai {phrase}.").legal_refs
    assert len(refs) == 1
    r = refs[0]
    assert (r.symbol, r.doc_type, str(r.issued_date), r.issuer) == (symbol, doc_type, issued, issuer)
    assert not r.is_basis


def test_an_issuer_ends_before_the_next_citation():
    refs = _plan("I. NỘI DUNG\nTriển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và Kế hoạch số 02-KH/BCĐTW ngày 15/01/2025 của Ban Chỉ đạo Trung ương.").legal_refs
    assert [(r.symbol, r.issuer) for r in refs] == [("57-NQ/TW", "Bộ Chính trị"), ("02-KH/BCĐTW", "Ban Chỉ đạo Trung ương")]


def test_basis_and_own_number_and_no_symbol():
    p = _plan("I. NỘI DUNG\nThực hiện Luật Hợp tác xã năm 2023 và Kế hoạch số 99/KH-UBND.", preamble="Căn cứ Nghị định số 45/2021/NĐ-CP ngày 31/3/2021 của Chính phủ;")
    assert [(r.symbol, r.is_basis) for r in p.legal_refs] == [("45/2021/NĐ-CP", True)]


@pytest.mark.parametrize(
    "phrase,value,value_max,unit,of_total",
    [
        ("có 1.131 thành viên", 1131, None, "thành viên", None),
        ("vốn điều lệ 247.646 triệu đồng", 247646, None, "triệu đồng", None),
        ("tỷ lệ 35,42%", 35.42, None, "%", None),
        ("xây dựng 05-06 mô hình", 5, 6, "mô hình", None),
        ("quy mô 7-10 thành viên/THT", 7, 10, "thành viên/THT", None),
        ("lãi 4,8 triệu đồng/TV/tháng", 4.8, None, "triệu đồng/TV/tháng", None),
        ("có 17/48 hợp tác xã", 17, None, "hợp tác xã", 48),
        ("tăng 10 - 13%/năm", 10, 13, "%", None),
        ("xuất khẩu 48,3 triệu USD", 48.3, None, "triệu USD", None),
        ("giữ 2,5 bác sĩ/10.000 dân", 2.5, None, "bác sĩ/10.000 dân", None),
        ("diện tích 5.000m²", 5000, None, "m²", None),
        ("trồng 120 ha lúa", 120, None, "ha", None),
        ("hỗ trợ hai mô hình", 2, None, "mô hình", None),
        ("đào tạo mười lăm học viên", 15, None, "học viên", None),
        ("doanh thu 05 tỷ đồng/năm", 5, None, "tỷ đồng/năm", None),
        ("đạt 100 phần trăm", 100, None, "%", None),
    ],
)
def test_quantities(phrase, value, value_max, unit, of_total):
    qs = _plan(f"I. NỘI DUNG\nNăm nay {phrase}.").quantities
    assert len(qs) == 1, [q.text for q in qs]
    q = qs[0]
    assert (q.value, q.value_max, q.unit, q.of_total) == (value, value_max, unit, of_total)


@pytest.mark.parametrize("phrase", ["ngày 18/7/2023", "Nghị quyết số 106/NQ-CP", "năm 2025", "tiêu chí số 13", "2/29", "mục 1.2"])
def test_not_quantities(phrase):
    assert _plan(f"I. NỘI DUNG\nNội dung {phrase}.").quantities == []


@pytest.mark.parametrize(
    "item,expected",
    [
        ("1. Sở Y tế\nChủ trì, phối hợp với Sở Tài chính triển khai.", {"Sở Y tế": (True, {"chu_tri", "thuc_hien"}), "Sở Tài chính": (False, {"phoi_hop"})}),
        ("1. Sở Nội vụ: tham mưu Ủy ban nhân dân tỉnh khen thưởng.", {"Sở Nội vụ": (True, {"tham_muu", "thuc_hien"})}),
        ("1. Công an tỉnh\nPhối hợp với Bộ Chỉ huy Quân sự tỉnh bảo đảm an ninh.", {"Công an tỉnh": (True, {"thuc_hien", "phoi_hop"}), "Bộ Chỉ huy Quân sự tỉnh": (False, {"phoi_hop"})}),
        ("1. Các sở, ban, ngành\nBáo cáo kết quả về Sở Kế hoạch và Đầu tư.", {"Các sở, ban, ngành": (True, {"thuc_hien", "bao_cao"})}),
        ("1. Ủy ban MTTQ Việt Nam tỉnh và các đoàn thể\nTuyên truyền.", {"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": (True, {"thuc_hien"}), "Các đoàn thể": (True, {"thuc_hien"})}),
        ("1. UBND các huyện, thị xã\nKho bạc Nhà nước tỉnh chủ trì kiểm soát chi.", {"Ủy ban nhân dân các huyện, thị xã": (True, {"thuc_hien"}), "Kho bạc Nhà nước tỉnh": (True, {"chu_tri"})}),
        ("1. Sở NN&PTNT\nGửi báo cáo về Ủy ban nhân dân tỉnh.", {"Sở Nông nghiệp và Phát triển nông thôn": (True, {"thuc_hien"})}),
        ("1. Đài PT-TH tỉnh, Báo Quảng Ngãi\nĐưa tin.", {"Đài Phát thanh - Truyền hình tỉnh": (True, {"thuc_hien"}), "Báo Quảng Ngãi": (True, {"thuc_hien"})}),
    ],
)
def test_role_sentences(item, expected):
    import vnplan

    p = vnplan.parse_text(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 1/KH-UBND\nKẾ HOẠCH\nThử nghiệm\nI. TỔ CHỨC THỰC HIỆN\n" + item + "\n"
    )
    got = {a.name: (a.lead, set(a.roles)) for a in p.agencies}
    assert got == expected


def test_target_subject_cut_at_a_word_boundary():
    long_subject = "hợp tác xã nông nghiệp " + "ứng dụng công nghệ cao trong sản xuất, chế biến, bảo quản và tiêu thụ nông sản " * 3
    p = _plan(f"I. MỤC TIÊU\nCó ít nhất 40% {long_subject}.")
    s = p.targets[0].subject
    assert len(s) <= 120 and long_subject.startswith(s) and long_subject[len(s)] in " ,"


def test_assignment_sentences_without_item_headings():
    import vnplan

    p = vnplan.parse_text(
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 88/KH-UBND\nKẾ HOẠCH\nPhòng chống dịch\nI. TỔ CHỨC THỰC HIỆN\n"
        "Giao Sở Y tế chủ trì, phối hợp với Sở Giáo dục và Đào tạo tổ chức truyền thông; báo cáo UBND tỉnh.\n"
        "Giao Sở Tài chính bố trí kinh phí.\n"
        "Đề nghị Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh tham gia vận động.\n"
    )
    got = {a.name: (a.lead, a.roles) for a in p.agencies}
    assert got == {
        "Sở Y tế": (True, ["chu_tri"]),
        "Sở Giáo dục và Đào tạo": (False, ["phoi_hop"]),
        "Sở Tài chính": (False, ["thuc_hien"]),
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": (False, ["thuc_hien"]),
        "Các tổ chức chính trị - xã hội tỉnh": (False, ["thuc_hien"]),
    }


def test_bullet_items_headed_by_a_body_are_its_own_items():
    import vnplan

    p = vnplan.parse_text(
        "ỦY BAN NHÂN DÂN\nHUYỆN AN LÃO\nSố: 8/KH-UBND\nKẾ HOẠCH\nThử nghiệm\nIV. TỔ CHỨC THỰC HIỆN\n"
        "- Phòng Tài chính - Kế hoạch: bố trí kinh phí, phối hợp với Phòng Nội vụ.\n"
        "- Yêu cầu Công an huyện bảo đảm an ninh.\n"
    )
    got = {a.name: a.lead for a in p.agencies}
    assert got == {"Phòng Tài chính - Kế hoạch": True, "Phòng Nội vụ": False, "Công an huyện": False}


def test_the_second_of_two_coordinated_due_days_is_a_deadline_too():
    assert [(d.text, d.day, d.month) for d in parse_deadlines("gửi báo cáo sơ kết trước ngày 20/6 và 20/12")] == [
        ("trước ngày 20/6", 20, 6), ("20/12", 20, 12)]
    assert [(d.text, d.date.isoformat()) for d in parse_deadlines("nộp hồ sơ trước ngày 01/4/2027 và 01/10/2027")] == [
        ("trước ngày 01/4/2027", "2027-04-01"), ("01/10/2027", "2027-10-01")]
    assert [(d.quarter, d.year) for d in parse_deadlines("tổ chức hội nghị trong Quý I và Quý III/2027")] == [
        (1, 2027), (3, 2027)]
