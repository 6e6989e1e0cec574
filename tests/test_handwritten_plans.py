"""Plans written for these tests in layouts and phrasings the corpus does not have.

``tests/plans/``: a commune's plan (officials and hamlet heads as doers, campaign windows), a
Sở's plan (``UBND TỈNH`` / ``SỞ Y TẾ``, ``Phần I``, ``trước 15/12/2026``), a district's plan
with a TAB task table and the merged department names of 2025, a city's plan with ``1)`` items
and a reporting part, a plan issued by a decision, and a province's list of targets under an
introducing line, a commune's targets as a table, a district plan that opens with last year's
results, a Sở's appendix task table whose time cells (``Quý II``, ``Tháng 9``) print no
year, a commune of 2025's two-level government (its offices, ``Thuế cơ sở 3``, items opened
by ``Đề nghị``/``Giao``), a province's tasks with labelled bodies and times, an event's
plan with a schedule part, a group's item whose sub-items each open with a body, a
commune's plan numbered "A.", "1/", "I -", a province's items that each name several
bodies, items grouped by level with a bullet for each body ("1. Cấp tỉnh" / "- Sở …: …"), and a
district's plan numbered "I-", "1-" whose header and closing stand in two columns on one line. Each one's facts are written out here by hand, and each must give the same facts
hard-wrapped the way crawls and PDF dumps wrap text, and made into a DOCX the way offices make
it (python-docx) and rendered to PDF and HTML by LibreOffice.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import vnplan
from wrapping import hard_wrap

PLANS = Path(__file__).resolve().parent / "plans"

EXPECTED: dict[str, dict] = {
    "xa-phong-chong-dich.txt": {
        "meta": ("18/KH-UBND", "Ủy ban nhân dân xã Tân Phú", "xa", date(2026, 1, 12), "Trần Văn Tâm"),
        "targets": [(80, None, "%", "gt"), (70, None, "%", "gte"), (100, None, "%", "eq")],
        "agencies": ["Cán bộ phụ trách nông nghiệp xã", "Công an xã", "Hội Nông dân xã",
                     "Hội Cựu chiến binh xã", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "Trưởng các ấp"],
        "deadlines": [("period", "từ ngày 01/3/2026 đến ngày 30/4/2026"),
                      ("period", "từ ngày 01/9/2026 đến ngày 31/10/2026"),
                      ("recurring", "định kỳ 01 tháng"),
                      ("before_date", "chậm nhất ngày 05/5/2026"),
                      ("before_date", "hoàn thành trước ngày 20/02/2026")],
        "task_leads": [["Cán bộ phụ trách nông nghiệp xã"], ["Công an xã"],
                       ["Hội Nông dân xã", "Hội Cựu chiến binh xã", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã"],
                       ["Trưởng các ấp"]],
    },
    "so-y-te-dinh-duong.txt": {
        "meta": ("1234/KH-SYT", "Sở Y tế tỉnh Quảng Nam", "tinh", date(2026, 3, 5), "Nguyễn Thị Hoa"),
        "targets": [(18, None, "%", "lt"), (95, None, "%", "eq"), (2, None, "lần/năm", "gte")],
        "agencies": ["Phòng Nghiệp vụ Y", "Trung tâm Kiểm soát bệnh tật tỉnh",
                     "Trung tâm Y tế các huyện, thị xã, thành phố"],
        "deadlines": [("date", "trong Quý II/2026"), ("period", "từ ngày 16/10/2026 đến ngày 23/10/2026"),
                      ("before_date", "trước 15/12/2026"), ("recurring", "định kỳ 6 tháng và năm"),
                      ("recurring", "trước ngày 25")],
        "task_leads": [["Phòng Nghiệp vụ Y"], ["Trung tâm Kiểm soát bệnh tật tỉnh"],
                       ["Trung tâm Y tế các huyện, thị xã, thành phố"]],
    },
    "huyen-chuyen-doi-so.txt": {
        "meta": ("56/KH-UBND", "Ủy ban nhân dân huyện Phú Lương", "huyen", date(2026, 2, 20), "Hoàng Văn Minh"),
        "targets": [(90, None, "%", "eq"), (3, None, "xã", "gte")],
        "agencies": ["Phòng Văn hóa, Khoa học và Thông tin huyện", "Phòng Tài chính - Kế hoạch huyện",
                     "Ủy ban nhân dân các xã, thị trấn", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện",
                     "Phòng Tư pháp"],
        "deadlines": [("date", "trong tháng 6/2026"), ("date", "trong Quý III/2026"),
                      ("before_date", "trước tháng 12/2026"), ("date", "Quý IV/2026"), ("date", "Tháng 9/2026")],
        "task_leads": [["Phòng Văn hóa, Khoa học và Thông tin huyện"], ["Phòng Tài chính - Kế hoạch huyện"],
                       ["Ủy ban nhân dân các xã, thị trấn"], ["Phòng Văn hóa, Khoa học và Thông tin huyện"],
                       ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"]],
    },
    "thanh-pho-giam-ngheo.txt": {
        "meta": ("301/KH-UBND", "Ủy ban nhân dân thành phố Đà Nẵng", "tinh", date(2026, 4, 10), "Lê Thị Mai"),
        "targets": [(0.5, None, "%", "gte"), (2000, None, "hộ", "eq"), (85, None, "%", "gte"), (3, None, "%", "lte")],
        "agencies": ["Sở Nội vụ", "Sở Tài chính", "Ngân hàng Chính sách xã hội chi nhánh thành phố Đà Nẵng",
                     "Ủy ban nhân dân các quận, huyện"],
        "deadlines": [("year", "hoàn thành trong năm 2026"), ("before_date", "trước ngày 15/7/2026"),
                      ("recurring", "trước ngày 15 hằng tháng"), ("recurring", "trước ngày 20 tháng cuối quý"),
                      ("recurring", "trước ngày 10/12")],
        "task_leads": [["Sở Nội vụ"], ["Sở Tài chính"], ["Ngân hàng Chính sách xã hội chi nhánh thành phố Đà Nẵng"],
                       ["Ủy ban nhân dân các quận, huyện"]],
    },
    "quyet-dinh-thuong-mai-dien-tu.txt": {
        "meta": ("145/QĐ-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh", "tinh", date(2026, 1, 15), "Ngô Tân Phượng"),
        "targets": [(60, None, "%", "eq"), (20, None, "%", "eq")],
        "agencies": ["Sở Công Thương", "Sở Khoa học và Công nghệ"],
        "deadlines": [("date", "trong Quý II"), ("date", "Quý IV/2026"), ("recurring", "trước ngày 15/6"),
                      ("recurring", "15/12")],
        "task_leads": [["Sở Công Thương"], ["Sở Khoa học và Công nghệ"]],
    },
    "tinh-nong-nghiep.txt": {
        "meta": ("210/KH-UBND", "Ủy ban nhân dân tỉnh Long An", "tinh", date(2026, 1, 8), "Nguyễn Văn Út"),
        "targets": [(3, 3.5, "%", "eq"), (150, None, "triệu đồng/ha", "eq"), (100, None, "%", "eq"),
                    (5, 7, "%", "eq"), (2, None, "hợp tác xã", "gte")],
        "agencies": ["Sở Nông nghiệp và Môi trường", "Các sở, ngành"],
        "deadlines": [("before_date", "trước ngày 15/12/2026")],
        "task_leads": [["Sở Nông nghiệp và Môi trường"]],  # a sentence of an item-less part
    },
    "huyen-mam-non-co-danh-gia.txt": {  # last year's results first: no target, no deadline there
        "meta": ("33/KH-UBND", "Ủy ban nhân dân huyện Thạch Hà", "huyen", date(2026, 1, 14), "Trần Thị Lan"),
        "targets": [(98, None, "%", "eq"), (8, None, "phòng học", "eq")],
        "agencies": ["Phòng Giáo dục và Đào tạo", "Ủy ban nhân dân các xã, thị trấn"],
        "deadlines": [("before_date", "trước ngày 31/8/2026"), ("recurring", "hằng quý"), ("date", "trong Quý I/2026")],
        "task_leads": [["Phòng Giáo dục và Đào tạo"], ["Ủy ban nhân dân các xã, thị trấn"]],
    },
    "so-noi-vu-bang-nhiem-vu.txt": {  # tasks in an appendix table whose time cells print no year
        "meta": ("87/KH-SNV", "Sở Nội vụ tỉnh Phú Thọ", "tinh", date(2027, 1, 20), "Đặng Thị Thu Hà"),
        "targets": [],
        "agencies": ["Văn phòng Sở", "Các phòng chuyên môn thuộc Sở", "Phòng Công chức, viên chức",
                     "Thanh tra Sở", "Phòng Tổ chức, biên chế"],
        "deadlines": [("before_date", "trước ngày 10/6/2027"), ("date", "Quý II"),
                      ("period", "Từ tháng 3 đến tháng 6"), ("date", "Tháng 9")],
        "task_leads": [["Văn phòng Sở"], ["Các phòng chuyên môn thuộc Sở"], ["Văn phòng Sở"], ["Thanh tra Sở"],
                       ["Phòng Tổ chức, biên chế"]],
    },
    "xa-chinh-quyen-hai-cap.txt": {  # a commune of the two-level government of 2025, its offices
        "meta": ("25/KH-UBND", "Ủy ban nhân dân xã Hòa Bình", "xa", date(2025, 8, 15), "Bùi Văn Hải"),
        "targets": [],  # the 100% is in the nhiệm vụ part: a task's figure, not a target
        "agencies": ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Trạm Y tế xã",
                     "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã", "Trung tâm Phục vụ hành chính công xã",
                     "Công an xã", "Ban Chỉ huy Quân sự xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
                     "Các tổ chức chính trị - xã hội xã", "Thuế cơ sở 3 tỉnh Hòa Bình", "Bảo hiểm xã hội cơ sở"],
        "deadlines": [("date", "trong tháng 9/2025"), ("recurring", "trước ngày 20")],
        "task_leads": [["Phòng Kinh tế"], ["Phòng Văn hóa - Xã hội"],
                       ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"], ["Trung tâm Phục vụ hành chính công xã"],
                       ["Công an xã", "Ban Chỉ huy Quân sự xã"],
                       ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Các tổ chức chính trị - xã hội xã"],  # "Đề nghị …"
                       ["Thuế cơ sở 3 tỉnh Hòa Bình", "Bảo hiểm xã hội cơ sở"]],  # "Giao …"
    },
    "tinh-nhiem-vu-gan-nhan.txt": {  # tasks whose bodies and times are labelled ("Cơ quan chủ trì: …")
        "meta": ("88/KH-UBND", "Ủy ban nhân dân tỉnh Hưng Yên", "tinh", date(2025, 7, 22), "Trần Quốc Văn"),
        "targets": [],
        "agencies": ["Công an tỉnh", "Sở Khoa học và Công nghệ", "Ủy ban nhân dân các xã, phường",
                     "Ngân hàng Nhà nước chi nhánh Khu vực 3", "Sở Tài chính", "Sở Tư pháp", "Các sở, ngành"],
        "deadlines": [("date", "Quý III/2025"), ("continuous", "thường xuyên"),
                      ("before_date", "trước ngày 30/9/2025"), ("before_date", "trước ngày 15/12/2025")],
        "task_leads": [["Công an tỉnh"], ["Ngân hàng Nhà nước chi nhánh Khu vực 3"], ["Sở Tư pháp"], ["Các sở, ngành"]],
    },
    "huyen-tien-do-su-kien.txt": {  # an event's plan with a schedule part ("Tiến độ thực hiện")
        "meta": ("77/KH-UBND", "Ủy ban nhân dân huyện Ba Vì", "huyen", date(2026, 3, 2), "Đỗ Mạnh Hùng"),
        "targets": [],
        "agencies": ["Phòng Văn hóa - Xã hội", "Trung tâm Y tế huyện"],
        "deadlines": [("date", "tháng 4/2026"), ("date", "Tháng 3"), ("before_date", "Trước ngày 25/3"),
                      ("date", "đầu tháng 4"), ("date", "Quý II")],
        "task_leads": [["Phòng Văn hóa - Xã hội"], ["Trung tâm Y tế huyện"]],
    },
    "tinh-muc-con-theo-co-quan.txt": {  # a group's item whose sub-items each open with a body
        "meta": ("140/KH-UBND", "Ủy ban nhân dân tỉnh Quảng Ngãi", "tinh", date(2026, 6, 9), "Phạm Thị Yến"),
        "targets": [],
        "agencies": ["Các sở, ban, ngành tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh",
                     "Sở Tài chính", "Ủy ban nhân dân các xã, phường"],
        "deadlines": [("before_date", "trước ngày 15/12/2026"), ("date", "trong Quý I/2026"),
                      ("recurring", "định kỳ hằng quý")],
        "task_leads": [["Sở Nội vụ"], ["Sở Tư pháp"], ["Sở Tài chính"], ["Ủy ban nhân dân các xã, phường"],
                       ["Ủy ban nhân dân các xã, phường"]],
    },
    "xa-nhan-gach-cheo.txt": {  # parts lettered A.-D., items labelled "1/" and "I -"
        "meta": ("61/KH-UBND", "Ủy ban nhân dân xã Phú Lộc", "xa", date(2026, 5, 12), "Lê Văn Sáu"),
        "targets": [],
        "agencies": ["Công chức Địa chính - Xây dựng xã", "Trưởng các thôn"],
        "deadlines": [("recurring", "hằng tuần")],
        "task_leads": [["Công chức Địa chính - Xây dựng xã"], ["Trưởng các thôn"]],
    },
    "tinh-cua-khau-nhieu-co-quan.txt": {  # items that each name several bodies, named units
        "meta": ("250/KH-UBND", "Ủy ban nhân dân tỉnh Lạng Sơn", "tinh", date(2026, 9, 16), "Hoàng Văn Nghiệm"),
        "targets": [],
        "agencies": ["Sở Công Thương", "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", "Cục Hải quan tỉnh",
                     "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Sở Tài chính", "Các sở, ngành liên quan", "Báo Lạng Sơn",
                     "Đài Phát thanh và Truyền hình tỉnh", "Cổng Thông tin điện tử tỉnh",
                     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội tỉnh",
                     "Ủy ban nhân dân các huyện Cao Lộc, Văn Lãng, Tràng Định"],
        "deadlines": [("recurring", "định kỳ 6 tháng, năm"), ("before_date", "trước ngày 10/12/2027")],
        "task_leads": [["Sở Công Thương"], ["Sở Tài chính"],
                       ["Báo Lạng Sơn", "Đài Phát thanh và Truyền hình tỉnh", "Cổng Thông tin điện tử tỉnh"],
                       ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội tỉnh"],
                       ["Ủy ban nhân dân các huyện Cao Lộc, Văn Lãng, Tràng Định"]],
    },
    "tinh-theo-cap.txt": {  # items grouped by level ("1. Cấp tỉnh"), each body on a bullet of its own
        "meta": ("31/KH-UBND", "Ủy ban nhân dân tỉnh Hòa Bình", "tinh", date(2026, 2, 2), "Bùi Đức Hinh"),
        "targets": [],
        "agencies": ["Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Ủy ban nhân dân các xã, phường"],
        "deadlines": [("before_date", "trước ngày 30/11/2026")],
        "task_leads": [["Sở Nông nghiệp và Môi trường"], ["Sở Tài chính"], ["Ủy ban nhân dân các xã, phường"]],
    },
    "xa-chi-tieu-bang.txt": {  # the targets as a table: indicator, unit, planned figure
        "targets": [(65, None, "triệu đồng", "eq"), (98, None, "%", "gte"), (15, 20, "hộ", "eq"),
                    (95, None, "%", "eq")],
        "agencies": ["Công chức Tài chính - Kế toán xã"],
    },
    # labels "I-", "1-"; header and closing in two columns on one line each, as a text dump of
    # the page prints them; "Thời gian:" after a sentence; counts of nouns outside the unit list
    "huyen-nhan-gach-noi-hai-cot.txt": {
        "meta": ("88/KH-UBND", "Ủy ban nhân dân huyện Tam Đảo", "huyen", date(2026, 3, 9), "Đỗ Thị Lan Anh"),
        "targets": [(3000, None, "bản", "gte"), (15, None, "câu lạc bộ", "eq"), (90, None, "%", "eq")],
        "agencies": ["Phòng Văn hóa, Khoa học và Thông tin huyện", "Phòng Giáo dục và Đào tạo huyện",
                     "Ủy ban nhân dân các xã, thị trấn"],
        "deadlines": [("date", "tháng 5/2026"), ("date", "Quý II/2026"), ("before_date", "trước ngày 15/11/2026"),
                      ("recurring", "định kỳ 6 tháng")],
        "task_leads": [["Phòng Văn hóa, Khoa học và Thông tin huyện"], ["Phòng Giáo dục và Đào tạo huyện"],
                       ["Ủy ban nhân dân các xã, thị trấn"]],
    },
}


def _facts(p: vnplan.Plan) -> dict:
    md = p.metadata
    return {
        "meta": (md.number, md.issuer, md.issuer_level, md.issued_date, md.signer.name),
        "targets": [(t.value, t.value_max, t.unit, t.comparator) for t in p.targets],
        "agencies": [a.name for a in p.agencies],
        "deadlines": [(d.kind, d.text) for d in p.deadlines],
        "task_leads": [t.lead for t in p.tasks],
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_facts_written_out_by_hand(name: str) -> None:
    got = _facts(vnplan.parse_file(PLANS / name))
    for key, want in EXPECTED[name].items():
        assert got[key] == want, (key, got[key])


def test_a_target_table_gives_subjects_and_the_year_of_its_figure_column() -> None:
    targets = vnplan.parse_file(PLANS / "xa-chi-tieu-bang.txt").targets
    assert [(t.subject, t.year, t.text) for t in targets] == [
        ("Thu nhập bình quân đầu người", 2026, "65"), ("Tỷ lệ hộ dùng nước sạch", 2026, "≥ 98"),
        ("Số hộ nghèo giảm", 2026, "15 - 20"), ("Tỷ lệ bao phủ bảo hiểm y tế", 2026, "95%")]


def _dated(p: vnplan.Plan) -> list[tuple]:
    return [(d.text, d.year, d.month, d.quarter, d.months, d.start_year, d.end_year) for d in p.deadlines]


def test_time_cells_without_a_year_take_the_one_year_of_the_appendix_title() -> None:
    text = (PLANS / "so-noi-vu-bang-nhiem-vu.txt").read_text(encoding="utf-8")
    assert _dated(vnplan.parse_text(text))[1:] == [
        ("Quý II", 2027, None, 2, None, None, None), ("Từ tháng 3 đến tháng 6", 2027, None, None, [3, 4, 5, 6], 2027, 2027),
        ("Tháng 9", 2027, 9, None, None, None, None)]
    # the same cells under a title and an appendix that name no single year keep no year
    # (a horizon 'đến năm 2030' or a range of years is not the year of a task)
    vague = text.replace("năm 2027\n\nThực hiện", "đến năm 2030\n\nThực hiện").replace(
        "HÀNH CHÍNH NĂM 2027", "HÀNH CHÍNH GIAI ĐOẠN 2027 - 2030")
    assert vague != text
    assert [d[1:5] for d in _dated(vnplan.parse_text(vague))[1:]] == [
        (None, None, 2, None), (None, None, None, [3, 4, 5, 6]), (None, 9, None, None)]
    # tasks in the table own the deadline of their row
    assert [(t.lead, t.partners, t.deadline_text) for t in vnplan.parse_text(text).tasks][2:] == [
        (["Văn phòng Sở"], ["Phòng Công chức, viên chức"], "Quý II"),
        (["Thanh tra Sở"], ["Văn phòng Sở"], "Từ tháng 3 đến tháng 6"),
        (["Phòng Tổ chức, biên chế"], ["Văn phòng Sở"], "Tháng 9")]


def test_years_of_targets() -> None:
    # the horizon of a list comes from its introducing line; a baseline year ('so với năm 2025')
    # in a target's own heading is no horizon
    assert [t.year for t in vnplan.parse_file(PLANS / "tinh-nong-nghiep.txt").targets] == [2026] * 5
    assert [t.year for t in vnplan.parse_file(PLANS / "thanh-pho-giam-ngheo.txt").targets] == [None] * 4


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("width, paragraphs", [(60, True), (72, True), (80, True), (80, False)])
def test_the_same_facts_hard_wrapped(name: str, width: int, paragraphs: bool) -> None:
    text = (PLANS / name).read_text(encoding="utf-8")
    plain = _facts(vnplan.parse_text(text))
    wrapped = _facts(vnplan.parse_text(hard_wrap(text, width, paragraphs=paragraphs)))
    assert wrapped == plain


def test_a_run_in_item_is_led_by_the_names_before_its_colon() -> None:
    # "2. Phòng Văn hóa - Xã hội: Chủ trì, phối hợp với Trạm Y tế xã …": the Trạm takes part
    tasks = vnplan.parse_file(PLANS / "xa-chinh-quyen-hai-cap.txt").tasks
    assert (tasks[1].lead, tasks[1].partners) == (["Phòng Văn hóa - Xã hội"], ["Trạm Y tế xã"])


def test_labels_in_one_line_each_give_their_role_and_a_receiver_is_no_partner() -> None:
    p = vnplan.parse_file(PLANS / "tinh-nhiem-vu-gan-nhan.txt")
    # "Đơn vị chủ trì: …; đơn vị phối hợp: Sở Tài chính; thời gian: thường xuyên."
    assert {a.name: a.lead for a in p.agencies}["Sở Tài chính"] is False
    assert [(t.lead, t.partners, t.deadline_text) for t in p.tasks] == [
        (["Công an tỉnh"], ["Sở Khoa học và Công nghệ", "Ủy ban nhân dân các xã, phường"], "Quý III/2025"),
        (["Ngân hàng Nhà nước chi nhánh Khu vực 3"], ["Sở Tài chính"], "thường xuyên"),
        (["Sở Tư pháp"], [], "trước ngày 30/9/2025"),
        # "… báo cáo kết quả về Công an tỉnh …": Công an tỉnh receives the report
        (["Các sở, ngành"], [], "trước ngày 15/12/2025"),
    ]


def test_a_schedule_step_is_due_once_in_the_plan_year() -> None:
    # "III. TIẾN ĐỘ THỰC HIỆN / - Trước ngày 25/3: …": one due day in 2026, not a yearly rhythm;
    # the months and quarter of the schedule take the plan's year; "1. Thời gian, địa điểm:
    # tháng 4/2026 …" is a timing label after a numbering label
    ds = vnplan.parse_file(PLANS / "huyen-tien-do-su-kien.txt").deadlines
    assert [(d.text, d.kind, d.year, d.date, d.frequency) for d in ds] == [
        ("tháng 4/2026", "date", 2026, None, None), ("Tháng 3", "date", 2026, None, None),
        ("Trước ngày 25/3", "before_date", 2026, date(2026, 3, 25), None),
        ("đầu tháng 4", "date", 2026, None, None), ("Quý II", "date", 2026, None, None)]


@pytest.fixture(scope="module")
def office_copies(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Every hand-written plan as an office makes it: DOCX (python-docx, header and closing as
    borderless tables, TAB rows as ruled tables), then PDF and HTML by LibreOffice."""
    import office_fixtures as of

    if of.soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed: no PDF/HTML rendering of the DOCX")
    out = tmp_path_factory.mktemp("office")
    docx = {name: of.build_plan_docx((PLANS / name).read_text(encoding="utf-8"), out / (name[:-4] + ".docx"))
            for name in sorted(EXPECTED)}
    copies = {name: {"docx": path} for name, path in docx.items()}
    for fmt in ("pdf", "html"):
        for name, path in zip(docx, of.convert_many(list(docx.values()), fmt, out)):
            copies[name][fmt] = path
    return copies


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_same_facts_from_docx_pdf_and_html(office_copies, name: str, fmt: str) -> None:
    text = (PLANS / name).read_text(encoding="utf-8")
    assert _facts(vnplan.parse_file(office_copies[name][fmt])) == _facts(vnplan.parse_text(text))


def test_labels_written_with_a_slash_or_a_dash_are_headings() -> None:
    p = vnplan.parse_file(PLANS / "xa-nhan-gach-cheo.txt")
    got = [(s.label, s.kind, s.heading) for s in p.iter_sections()]
    assert got == [
        ("A.", "muc_dich_yeu_cau", "MỤC ĐÍCH, YÊU CẦU"), ("1.", "muc_dich", "Mục đích"), ("2.", "yeu_cau", "Yêu cầu"),
        ("B.", "nhiem_vu_giai_phap", "NỘI DUNG THỰC HIỆN"), ("I.", "other", "Thu gom rác thải"),
        ("II.", "other", "Trồng cây xanh"), ("C.", "kinh_phi", "KINH PHÍ"), ("D.", "to_chuc_thuc_hien", "TỔ CHỨC THỰC HIỆN"),
        ("1.", "other", "Công chức Địa chính - Xây dựng xã"), ("2.", "other", "Trưởng các thôn")]


def test_labels_with_a_dash_after_the_number_and_a_signature_block_beside_the_recipients() -> None:
    p = vnplan.parse_file(PLANS / "huyen-nhan-gach-noi-hai-cot.txt")
    assert [(s.label, s.kind) for s in p.iter_sections()][:6] == [
        ("I.", "muc_dich_yeu_cau"), ("1.", "muc_dich"), ("2.", "yeu_cau"), ("II.", "muc_tieu"),
        ("III.", "nhiem_vu_giai_phap"), ("1.", "other")]
    md = p.metadata
    assert (md.signer.name, md.signer.title) == ("Đỗ Thị Lan Anh", "Phó Chủ tịch")
    assert md.recipients == ["UBND tỉnh", "TT Huyện ủy, TT HĐND huyện", "Lưu: VT, VHKHTT"]
    assert p.quote(md.signer.span) == "Đỗ Thị Lan Anh"
