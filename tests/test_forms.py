"""Forms plans take that the corpus does not spell out: flattened tables, section traps, the
deadline phrases, body names. Every input is written out by hand."""

from __future__ import annotations

from datetime import date

import pytest

import vnplan
from vnplan.facts.deadlines import parse_deadlines
from vnplan.normalize import normalize

HEAD = "Số: 12/KH-UBND\nKẾ HOẠCH\nThử nghiệm các hình thức\n"


def _plan(body: str) -> vnplan.Plan:
    return vnplan.parse_text(HEAD + body, format="md")


# --- tables flattened to one cell per line between '|' lines -------------------------------

FLAT = """I. TỔ CHỨC THỰC HIỆN
Các đơn vị thực hiện theo bảng sau.

|
**STT**
|
**Công việc**
|
**Đơn vị chủ trì**
|
**Đơn vị phối hợp**
|
**Tiến độ**
|
|
**A**
|
**CHUẨN BỊ**
|
|
1
|
Khảo sát nhu cầu đào tạo nghề
cho lao động nông thôn
|
Sở Nội vụ
|
Ủy ban nhân dân các xã
|
Quý
II/2026
|
|
2
|
Mở lớp dạy nghề
|
Trường Cao đẳng Nghề tỉnh
|
|
Hằng năm
|

Trên đây là Kế hoạch thử nghiệm.
"""


def test_flattened_table_rows_give_tasks_with_lead_partner_and_deadline():
    p = _plan(FLAT)
    t = p.tables[0]
    assert t.header == ["STT", "Công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ"]
    assert t.rows[0][:2] == ["A", "CHUẨN BỊ"]  # a group row
    assert t.rows[1] == ["1", "Khảo sát nhu cầu đào tạo nghề cho lao động nông thôn", "Sở Nội vụ", "Ủy ban nhân dân các xã", "Quý II/2026"]
    assert t.rows[2][3] == ""  # an empty cell keeps its column
    tasks = {x.text: x for x in p.tasks}
    first = tasks["Khảo sát nhu cầu đào tạo nghề cho lao động nông thôn"]
    assert first.lead == ["Sở Nội vụ"] and first.partners == ["Ủy ban nhân dân các xã"]
    assert first.deadline is not None and (first.deadline.kind, first.deadline.quarter, first.deadline.year) == ("date", 2, 2026)
    second = tasks["Mở lớp dạy nghề"]
    assert second.deadline is not None and second.deadline.frequency == "annual"


def test_pipe_rows_without_outer_pipes_become_cells():
    text = normalize("Nội dung | Đơn vị | Thời hạn\nKiểm tra | Sở Y tế | Tháng 5\nTổng kết | Sở Nội vụ | Tháng 12").text
    assert text.split("\n")[1] == "Kiểm tra\tSở Y tế\tTháng 5"


# --- section traps ---------------------------------------------------------------------------

def test_a_line_starting_with_chuong_trinh_opens_no_part():
    p = _plan("I. NHIỆM VỤ\n1. Triển khai đồng bộ\nChương trình chuyển đổi số được lồng ghép.\n2. Mở rộng dịch vụ công\nĐưa dịch vụ lên cổng.\n")
    assert [(s.label, s.kind) for s in p.sections] == [("I.", "nhiem_vu_giai_phap")]
    assert [c.label for c in p.sections[0].children] == ["1.", "2."]


def test_bullets_that_name_a_kind_are_not_sections():
    p = _plan("I. NHIỆM VỤ\n1. Tập huấn\n- Nội dung tập huấn: kỹ năng số.\n+ Nội dung kiểm tra sau tập huấn.\n- Đánh giá kết quả cuối khóa.\n")
    assert [s.kind for s in p.iter_sections()] == ["nhiem_vu_giai_phap", "other"]


# --- deadlines ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "phrase,kind,fields",
    [
        ("từ Quí III năm 2026 và các năm tiếp theo", "period", {"start_year": 2026, "quarter": 3}),
        ("Quý 2/2026 - Quý 4/2027", "period", {"start_year": 2026, "end_year": 2027}),
        ("vào tháng 3 và tháng 9 năm 2027", "date", {"month": 3, "year": 2027}),
        ("trong tháng 10 hằng năm", "recurring", {"month": 10, "frequency": "annual"}),
        ("lúc 08 giờ 00, ngày 15/7/2026", "date", {"time": "08:00", "day": 15, "month": 7, "year": 2026}),
        ("4 lần/năm", "recurring", {"frequency": "quarterly", "times": 4}),
        # no 'ngày': the hour rule's cue is a digit before 'h'/'giờ' (needs_pattern), in any case
        ("13h30, 29/4/2026", "date", {"time": "13:30", "day": 29, "month": 4, "year": 2026}),
        ("LÚC 9 GIỜ 15, 02/3/2027", "date", {"time": "09:15", "day": 2, "month": 3, "year": 2027}),
    ],
)
def test_deadline_forms_in_timing_lines(phrase, kind, fields):
    found = parse_deadlines(phrase, timing=True)
    assert found, phrase
    d = found[0]
    assert d.kind == kind, (phrase, d)
    for k, v in fields.items():
        assert getattr(d, k) == v, (phrase, k, getattr(d, k))


@pytest.mark.parametrize("timing", [False, True])
@pytest.mark.parametrize(
    "phrase,months,years",
    [
        ("từ tháng 6 đến tháng 12 năm 2026", [6, 7, 8, 9, 10, 11, 12], (2026, 2026)),
        ("Từ tháng 6/2026 đến tháng 12/2026", [6, 7, 8, 9, 10, 11, 12], (2026, 2026)),
        ("từ tháng 10/2026 đến hết tháng 3/2027", None, (2026, 2027)),  # across a new year
        ("Tháng 6 - tháng 9/2026", [6, 7, 8, 9], (2026, 2026)),
        ("từ tháng 4 đến tháng 11", [4, 5, 6, 7, 8, 9, 10, 11], (None, None)),
    ],
)
def test_a_range_of_months_is_one_period(phrase, months, years, timing):
    ds = parse_deadlines(f"Thực hiện {phrase}.", timing=timing)
    assert [(d.kind, d.text, d.months, (d.start_year, d.end_year)) for d in ds] == [("period", phrase, months, years)]


def test_second_coordinated_month_is_its_own_deadline():
    ds = parse_deadlines("lấy mẫu vào tháng 3 và tháng 9 năm 2027", timing=True)
    assert [(d.month, d.year) for d in ds] == [(3, 2027), (9, 2027)]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("c) Hằng quý, Phòng Văn hóa tổng hợp kết quả.", ("Hằng quý", "quarterly")),
        ("Cán bộ phụ trách được tập huấn kỹ năng hằng năm.", ("hằng năm", "annual")),
    ],
)
def test_frequency_words_that_govern_a_task(sentence, expected):
    ds = parse_deadlines(sentence)
    assert [(d.text, d.frequency) for d in ds] == [expected]


@pytest.mark.parametrize("sentence", ["Bố trí dự toán ngân sách hằng năm của xã.", "Người lao động làm việc thường xuyên tại xã."])
def test_frequency_words_that_describe_a_noun(sentence):
    assert parse_deadlines(sentence) == []


def test_deadline_in_the_closing_paragraph():
    p = _plan("I. TỔ CHỨC THỰC HIỆN\n1. Phòng Kinh tế chủ trì triển khai.\nTrên đây là Kế hoạch; các đơn vị báo cáo kết quả trước ngày 05/12/2026.\nNơi nhận:\n- Lưu: VT.\n")
    assert [(d.text, d.kind) for d in p.deadlines] == [("trước ngày 05/12/2026", "before_date")]


# --- body names ------------------------------------------------------------------------------

def test_a_name_runs_through_its_lower_case_words():
    p = _plan("I. TỔ CHỨC THỰC HIỆN\n1. Trung tâm Dịch vụ nông nghiệp xã chủ trì, phối hợp với Chi cục Kiểm lâm vùng núi tổ chức tập huấn.\n")
    names = {a.name for a in p.agencies}
    assert "Trung tâm Dịch vụ nông nghiệp xã" in names, names
    assert "Chi cục Kiểm lâm vùng núi" in names, names


def test_an_item_heading_names_bodies_the_gazetteer_lacks():
    p = _plan("I. TỔ CHỨC THỰC HIỆN\n1. Các hợp tác xã dịch vụ, nhà đầu tư thứ cấp\nChủ động đăng ký tham gia.\n")
    names = {a.name for a in p.agencies}
    assert {"Các hợp tác xã dịch vụ", "Nhà đầu tư thứ cấp"} <= names, names
    assert all(a.lead for a in p.agencies)


# --- targets: growth rates and counted nouns ---------------------------------------------------


def test_a_growth_rate_after_its_subject_is_an_increase():
    plan = _plan(
        "I. MỤC TIÊU\n"
        "Đến năm 2030, doanh thu du lịch đạt 1.200 tỷ đồng, tăng bình quân mỗi năm của cả giai đoạn "
        "khoảng 12 - 15%/năm; tốc độ tăng trưởng kinh tế bình quân đạt 8%/năm.\n"
    )
    got = {(t.value, t.value_max): t.change for t in plan.targets}
    assert got[(12, 15)] == "increase"
    assert got[(1200, None)] == "level"
    assert got[(8, None)] == "level"  # a growth rate named as such ('tăng trưởng'), not a change


def test_stations_are_counted():
    plan = _plan("I. MỤC TIÊU\nĐến năm 2027, mỗi xã có ít nhất 02 trạm quan trắc tự động.\n")
    assert [(t.value, t.unit, t.comparator, t.year) for t in plan.targets] == [(2, "trạm", "gte", 2027)]


def test_target_quote_is_the_shortest_one_holding_number_and_measure():
    # GOLD.md: the quote leaves out an opening "có" and keeps a "trở lên" after the number
    plan = _plan("I. MỤC TIÊU\nĐến năm 2028, toàn tỉnh có tối thiểu 45% trạm y tế xã đạt chuẩn quốc gia; "
                 "tỷ lệ người dân dùng nước sạch chiếm từ 92% trở lên.\n")
    assert [(t.text, t.comparator) for t in plan.targets] == [
        ("tối thiểu 45% trạm y tế xã đạt chuẩn quốc gia", "gte"),
        ("tỷ lệ người dân dùng nước sạch chiếm từ 92% trở lên", "gte"),
    ]


def test_a_range_written_with_den_is_one_target_and_a_list_takes_the_year_of_its_intro_line():
    plan = _plan("I. MỤC TIÊU\nPhấn đấu đến hết năm 2027:\n- Tốc độ tăng doanh thu du lịch từ 8% đến 9,5%.\n"
                 "- Thu hút 20 tới 25 dự án đầu tư mới.\n")
    assert [(t.value, t.value_max, t.unit, t.year) for t in plan.targets] == [
        (8, 9.5, "%", 2027), (20, 25, "dự án", 2027)]


def test_nouns_counted_by_plans_of_schools_health_and_trade_are_units():
    plan = _plan("I. MỤC TIÊU\n- Xây mới 08 phòng học và nâng cấp 03 trạm y tế.\n"
                 "- Đón 120 nghìn lượt khách; tổ chức 02 phiên chợ nông sản với 40 gian hàng.\n")
    assert [(t.value, t.unit) for t in plan.targets] == [
        (8, "phòng học"), (3, "trạm y tế"), (120, "nghìn lượt khách"), (2, "phiên"), (40, "gian hàng")]


def test_a_cued_count_of_a_noun_outside_the_unit_list_is_a_target():
    # the unit list holds none of these nouns; a comparator or verb before the number and a
    # lower-case noun after it make it a count (the noun as underthesea segments it)
    plan = _plan("I. MỤC TIÊU\n- Đến năm 2029, cấp mới ít nhất 1.500 tài khoản định danh cho người dân.\n"
                 "- Lắp đặt thêm 25 - 30 camera giám sát giao thông; thành lập 6 tổ công nghệ số cộng đồng.\n"
                 "- Người trên 60 tuổi được khám sức khỏe; duy trì 3 năm liền danh hiệu.\n"
                 "II. NHIỆM VỤ\n- Xây dựng 4 bản tin điện tử mỗi quý.\n")
    assert [(t.value, t.value_max, t.unit, t.comparator, t.year) for t in plan.targets] == [
        (1500, None, "tài khoản", "gte", 2029), (25, 30, "camera", "eq", None), (6, None, "tổ", "eq", None)]
    assert plan.targets[0].text == "ít nhất 1.500 tài khoản định danh cho người dân"
    assert plan.quantities == []  # quantities keep to the unit list; these counts are only targets


def test_places_in_a_ranking_are_counted():
    plan = _plan("I. MỤC TIÊU\n- Chỉ số năng lực cạnh tranh cấp tỉnh tăng ít nhất 3 bậc so với năm 2025.\n")
    assert [(t.value, t.unit, t.comparator, t.change) for t in plan.targets] == [(3, "bậc", "gte", "increase")]


def test_target_quote_drops_a_hedge_before_a_binding_comparator_and_keeps_its_baseline():
    # "khoảng trên 70%": trên binds the number (gt), the hedge is left out of the quote (GOLD.md's
    # own example); a "so với …" right after a growth belongs to it
    plan = _plan("I. MỤC TIÊU\nĐến năm 2029, khoảng trên 70% trường học có thư viện điện tử; "
                 "số lượt khách du lịch tăng ít nhất 12% so với năm 2025; "
                 "khoảng 35% hộ dân dùng điện mặt trời.\n")
    assert [(t.text, t.comparator, t.change) for t in plan.targets] == [
        ("trên 70% trường học có thư viện điện tử", "gt", "level"),
        ("số lượt khách du lịch tăng ít nhất 12% so với năm 2025", "gte", "increase"),
        ("khoảng 35% hộ dân dùng điện mặt trời", "approx", "level"),
    ]


# ------------------------------------------------------- long target subjects (issue 11)


def _long_subject(text: str) -> str:
    from vnplan.facts.targets import _cut_words

    return _cut_words(text)


def test_a_long_subject_is_cut_before_its_first_clause_mark():
    s = ("thôn vùng cao biên giới được phủ sóng truyền hình bằng tiếng dân tộc; có cán bộ thông tin "
         "cơ sở được tập huấn nghiệp vụ hằng năm theo chương trình của tỉnh, huyện và xã")
    assert _long_subject(s) == "thôn vùng cao biên giới được phủ sóng truyền hình bằng tiếng dân tộc"


def test_a_decimal_comma_is_no_clause_mark_and_a_dangling_word_is_dropped():
    s = ("hộ nghèo đa chiều ở các thôn đặc biệt khó khăn có thu nhập bình quân trên 2,5 triệu đồng mỗi "
         "tháng nhờ các mô hình sinh kế bền vững dựa vào rừng và dược liệu của")
    out = _long_subject(s)
    assert "2,5 triệu đồng" in out and len(out) <= 120
    assert not out.endswith((" và", " của", " các"))
    assert s.startswith(out) and s[len(out)] == " "


def test_a_short_subject_is_kept_whole():
    assert _long_subject("xã đạt chuẩn nông thôn mới, nâng cao") == "xã đạt chuẩn nông thôn mới, nâng cao"


# Each repair pass of the normalizer runs only when its trigger characters occur; every one of
# them, alone in a line written by hand, is still repaired (and the offset map stays exact).
@pytest.mark.parametrize(
    "raw,want",
    [
        ("Giao\u00a0Sở Y tế", "Giao Sở Y tế"),
        ("Giao\u2007Sở Y tế", "Giao Sở Y tế"),
        ("Giao\u3000Sở Y tế", "Giao Sở Y tế"),
        ("Giao Sở\u200b Y tế", "Giao Sở Y tế"),
        ("Giao Sở Y\u00ad tế", "Giao Sở Y tế"),
        ("Giao Sở Y tế.\r\nBáo cáo.", "Giao Sở Y tế.\nBáo cáo."),
        ("Giao Sở Y tế.\u2028Báo cáo.", "Giao Sở Y tế.\nBáo cáo."),
        ("Giao Sở Y tế.\x0cBáo cáo.", "Giao Sở Y tế.\nBáo cáo."),
        ("\uf0b7 Giao Sở Y tế", "- Giao Sở Y tế"),
        ("\u25aa\tGiao Sở Y tế", "- Giao Sở Y tế"),
        ("Giao Sở Y tế   báo cáo  ", "Giao Sở Y tế báo cáo"),
        ("Giao Sở Y tế.\n\n\nBáo cáo.", "Giao Sở Y tế.\nBáo cáo."),
        ("Số:\n15/KH-SYT", "Số: 15/KH-SYT"),
    ],
)
def test_each_repair_runs_where_its_trigger_occurs(raw, want):
    n = normalize(raw)
    assert n.text == want
    for i, ch in enumerate(n.text):
        if ch.isalpha():
            assert raw[n.offsets(i)] == ch


def test_a_breakdown_opened_by_trong_do_is_a_target_of_its_own():
    # "…, trong đó …": the first target's quote and subject end before it; the part after it
    # measures its own subject
    plan = _plan("I. MỤC TIÊU\n- Đón 850 nghìn lượt khách tham quan, trong đó khách nước ngoài đạt 12.000 lượt.\n"
                 "- Trồng mới 300 ha rừng, bao gồm 40 ha rừng phòng hộ.\n")
    assert [(t.value, t.unit, t.subject, t.text) for t in plan.targets] == [
        (850, "nghìn lượt khách", "nghìn lượt khách tham quan", "850 nghìn lượt khách tham quan"),
        (12000, "lượt", "khách nước ngoài", "khách nước ngoài đạt 12.000 lượt"),
        (300, "ha", "ha rừng", "300 ha rừng"),
        (40, "ha", "ha rừng phòng hộ", "40 ha rừng phòng hộ"),
    ]


@pytest.mark.parametrize(
    "cell, expected",
    [
        # (kind, text, year, months, quarter, start_year, end_year, frequency) per deadline
        ("Quý I, II/2026", [("date", "Quý I", 2026, None, 1, None, None, None),
                            ("date", "II/2026", 2026, None, 2, None, None, None)]),
        ("Quý I, II, III năm 2027", [("date", "Quý I", 2027, None, 1, None, None, None),
                                     ("date", "II", 2027, None, 2, None, None, None),
                                     ("date", "III năm 2027", 2027, None, 3, None, None, None)]),
        ("Quý III - IV/2026", [("period", "Quý III - IV/2026", 2026, None, 3, 2026, 2026, None)]),
        ("6 tháng đầu năm 2026", [("period", "6 tháng đầu năm 2026", 2026, [1, 2, 3, 4, 5, 6], None, 2026, 2026, None)]),
        ("06 tháng cuối năm 2027", [("period", "06 tháng cuối năm 2027", 2027, [7, 8, 9, 10, 11, 12], None, 2027, 2027, None)]),
        ("Từ năm 2026", [("period", "Từ năm 2026", None, None, None, 2026, None, None)]),
        ("Cuối năm 2026", [("year", "Cuối năm 2026", 2026, None, None, None, None, None)]),
        ("Tháng 6 và tháng 12 hằng năm", [("recurring", "Tháng 6", None, None, None, None, None, "annual"),
                                          ("recurring", "tháng 12 hằng năm", None, None, None, None, None, "annual")]),
    ],
)
def test_time_cells_of_task_tables(cell, expected):
    ds = parse_deadlines(cell, timing=True, whole_cell=True)
    assert [(d.kind, d.text, d.year, d.months, d.quarter, d.start_year, d.end_year, d.frequency) for d in ds] == expected


def test_a_half_year_in_a_sentence_names_what_a_report_covers():
    ds = parse_deadlines("Báo cáo sơ kết 6 tháng đầu năm 2026 trước ngày 10/6/2026.")
    assert [(d.kind, d.text) for d in ds] == [("before_date", "trước ngày 10/6/2026")]


def test_an_item_headed_by_a_topic_is_led_by_the_bodies_its_sentence_opens_with():
    # "3. Thông tin báo cáo: Các phòng, ban … báo cáo …": the topic names no body, the run-in
    # sentence does; its deadlines are theirs
    plan = _plan("II. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ chủ trì tổ chức thực hiện.\n"
                 "2. Thông tin báo cáo: Phòng Tài chính - Kế hoạch, Trung tâm Y tế huyện gửi báo cáo "
                 "kết quả trước ngày 05/12/2026 về Phòng Nội vụ.\n")
    task = next(t for t in plan.tasks if t.deadline_text)
    assert (task.lead, task.deadline_text) == (["Phòng Tài chính - Kế hoạch", "Trung tâm Y tế huyện"], "trước ngày 05/12/2026")
    assert plan.deadlines[-1].owners == ["Phòng Tài chính - Kế hoạch", "Trung tâm Y tế huyện"]


def test_funding_sources_with_the_sum_printed_after_them():
    plan = _plan("I. KINH PHÍ\n1. Tổng kinh phí: 12.500 triệu đồng, trong đó: ngân sách tỉnh 10.000 triệu đồng; "
                 "ngân sách cấp xã 1.500 triệu đồng; xã hội hóa là 1.000 triệu đồng.\n"
                 "2. Vốn tín dụng khoảng 3 tỷ đồng; ngân sách trung ương bố trí 2 tỷ đồng cho xây dựng.\n")
    assert [(f.source, f.amount, f.unit) for f in plan.funding] == [
        ("ngân sách tỉnh", 10000, "triệu đồng"), ("ngân sách xã", 1500, "triệu đồng"),
        ("xã hội hóa", 1000, "triệu đồng"), ("vốn tín dụng", 3, "tỷ đồng"),
        # a verb between the source and the sum: what it pays for is not said to be its share
        ("ngân sách trung ương", None, None)]


def test_funding_sources_of_a_ward_and_of_the_locality():
    # a ward's budget is a cấp xã budget; "ngân sách địa phương" is a source of its own
    plan = _plan("I. KINH PHÍ THỰC HIỆN\nKinh phí được bố trí trong dự toán ngân sách phường năm 2026, "
                 "ngân sách địa phương và nguồn xã hội hóa.\n")
    assert [f.source for f in plan.funding] == ["ngân sách xã", "ngân sách địa phương", "xã hội hóa"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Các xã hoàn thành chậm nhất đến ngày 31/12/2026.", [("before_date", "chậm nhất đến ngày 31/12/2026")]),
        ("Thu nộp hồ sơ đến hết ngày 30/9/2026.", [("before_date", "đến hết ngày 30/9/2026")]),
        ("Lễ ra quân được tổ chức vào ngày 15/8/2026 tại quảng trường.", [("date", "vào ngày 15/8/2026")]),
        ("Hoàn thành việc lắp đặt trước Quý III/2026.", [("before_date", "trước Quý III/2026")]),
        # a due date given by a label inside the sentence
        ("Chủ trì tổ chức Ngày hội đọc sách; hoàn thành: 30/11/2026.", [("before_date", "hoàn thành: 30/11/2026")]),
        ("Rà soát hồ sơ tồn đọng (thời hạn: ngày 15/10/2026).", [("before_date", "thời hạn: ngày 15/10/2026")]),
        ("Gửi báo cáo năm trước 30/6 cho Sở Nội vụ.", [("recurring", "trước 30/6")]),
        # a fraction is no day: "trước 2/3 số hộ" names no deadline
        ("Phấn đấu giảm trước 2/3 số hộ có nhà tạm.", []),
        # the half-year and the year reports: one rhythm, the quote holds both
        ("Định kỳ 6 tháng, năm các xã gửi báo cáo về Phòng Nội vụ.", [("recurring", "Định kỳ 6 tháng, năm")]),
        ("Báo cáo định kỳ 06 tháng và năm gửi Sở Tài chính.", [("recurring", "định kỳ 06 tháng và năm")]),
    ],
)
def test_deadline_forms_in_sentences(sentence, expected):
    assert [(d.kind, d.text) for d in parse_deadlines(sentence)] == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("01/7/2026 - 30/9/2026", ("period", date(2026, 7, 1), date(2026, 9, 30))),
        ("01/7 - 30/9/2026", ("period", date(2026, 7, 1), date(2026, 9, 30))),
        ("ngày 20/5/2026", ("date", None, date(2026, 5, 20))),
    ],
)
def test_a_day_or_a_window_of_days_in_a_time_cell(cell, expected):
    ds = parse_deadlines(cell, timing=True, whole_cell=True)
    assert [(d.kind, d.start_date, d.date) for d in ds] == [expected]


def test_a_compound_that_opens_with_a_measure_verb_is_part_of_the_subject():
    # "tăng trưởng" (growth) is a noun, not the verb "tăng" before the number
    plan = _plan("I. MỤC TIÊU\n- Tăng trưởng từ 15% - 20%/năm.\n- Tốc độ tăng trưởng kinh tế đạt 8%.\n")
    assert [(t.subject, t.text, t.change) for t in plan.targets] == [
        ("Tăng trưởng", "Tăng trưởng từ 15% - 20%/năm", "level"),
        ("Tốc độ tăng trưởng kinh tế", "Tốc độ tăng trưởng kinh tế đạt 8%", "level")]


@pytest.mark.parametrize("heading", ["BỐ TRÍ NGUỒN LỰC", "NGUỒN LỰC VÀ KINH PHÍ", "Bố trí kinh phí thực hiện"])
def test_a_resources_part_is_the_funding_part(heading):
    p = _plan(f"I. MỤC TIÊU\nBảo đảm.\nII. {heading}\nNgân sách tỉnh bố trí.\n")
    assert [s.kind for s in p.sections] == ["muc_tieu", "kinh_phi"]
    assert [f.source for f in p.funding] == ["ngân sách tỉnh"]


def test_funding_sums_from_a_table_of_the_funding_part():
    plan = _plan("I. KINH PHÍ THỰC HIỆN\nTổng kinh phí dự kiến như sau:\n"
                 "STT\tNguồn kinh phí\tSố tiền (triệu đồng)\tGhi chú\n1\tNgân sách tỉnh\t2.500\t\n"
                 "2\tNgân sách cấp huyện\t1.200\t\n3\tXã hội hóa\t800\tvận động\nTổng cộng\t\t4.500\t\n")
    assert [(f.source, f.amount, f.unit) for f in plan.funding] == [
        ("ngân sách tỉnh", 2500, "triệu đồng"), ("ngân sách huyện", 1200, "triệu đồng"), ("xã hội hóa", 800, "triệu đồng")]


def test_a_timing_label_after_a_clause_inside_a_line_gives_its_date():
    # the label opens a clause after '.', ',' or ' - '; what it labels runs to the clause's end,
    # and it reads as the same label on a line of its own does
    inline = _plan("I. NHIỆM VỤ\n"
                   "1. Tổ chức hội nghị sơ kết mô hình. Thời gian: tháng 6/2026.\n"
                   "2. Rà soát dữ liệu hộ nghèo, thời gian hoàn thành: Quý III/2026; Phòng Nội vụ chủ trì.\n"
                   "3. Tập huấn kỹ năng số - tiến độ: trước ngày 15/10/2026\n"
                   "4. Thời gian qua, công tác cải cách hành chính có chuyển biến.\n")
    own_lines = _plan("I. NHIỆM VỤ\n1. Tổ chức hội nghị sơ kết mô hình.\nThời gian: tháng 6/2026.\n"
                      "2. Rà soát dữ liệu hộ nghèo.\nThời gian hoàn thành: Quý III/2026.\n"
                      "3. Tập huấn kỹ năng số.\nTiến độ: trước ngày 15/10/2026\n")
    got = [(d.kind, d.text, d.date) for d in inline.deadlines]
    assert got == [(d.kind, d.text, d.date) for d in own_lines.deadlines]
    assert [t for _, t, _ in got] == ["tháng 6/2026", "Quý III/2026", "trước ngày 15/10/2026"]
