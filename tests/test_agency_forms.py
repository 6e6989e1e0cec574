"""How plans name the bodies they assign work to, in forms the corpus does not print: names that
run through a head word used as an ordinary word, hyphenated group nouns, lists of two kinds of
group, short forms a plan defines, names printed short, place names after a known name, the
closing formula, total rows, and items opened by a body. Every input is written out by hand."""

from __future__ import annotations

import pytest

import vnplan
from vnplan.facts.agencies import bodies_in_heading, expand, find_mentions, merge_key

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 41/KH-UBND\nKẾ HOẠCH\nThử nghiệm cách gọi tên cơ quan\n"
CITY_HEAD = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 41/KH-UBND\nKẾ HOẠCH\nThử nghiệm cách gọi tên cơ quan\n"


def _agencies(body: str, head: str = HEAD) -> dict[str, bool]:
    plan = vnplan.parse_text(head + body, format="txt")
    return {a.name: a.lead for a in plan.agencies}


def _names(sentence: str) -> list[str]:
    return [m.as_name or m.text for m in find_mentions(sentence, 0, len(sentence))]


@pytest.mark.parametrize(
    "sentence, name",
    [
        # "Phòng" before a lower-case word is the verb phòng (prevent), not a new Phòng
        ("Gửi kết quả về Văn phòng Ban Chỉ đạo Phòng chống dịch bệnh tỉnh để theo dõi.",
         "Văn phòng Ban Chỉ đạo Phòng chống dịch bệnh tỉnh"),
        # a long run of lower-case words may end before a locality ("các cấp")
        ("Ban Chỉ đạo Chuyển đổi số các cấp phân công rõ nhiệm vụ cụ thể của mỗi thành viên.",
         "Ban Chỉ đạo Chuyển đổi số các cấp"),
        # a place name printed right after a known name, without "tỉnh"
        ("Báo và Phát thanh, Truyền hình Quảng Trị đăng tải tin bài.",
         "Báo và Phát thanh, Truyền hình Quảng Trị"),
        # the merged departments of 2025 are named "A, B và C"
        ("Giao Phòng Văn hóa, Khoa học và Thông tin huyện theo dõi tiến độ chung.",
         "Phòng Văn hóa, Khoa học và Thông tin huyện"),
        ("Phòng Kinh tế, Hạ tầng và Đô thị thẩm định hồ sơ các công trình.",
         "Phòng Kinh tế, Hạ tầng và Đô thị"),
        # the office of both councils, with both abbreviated: one body, not two
        ("Văn phòng HĐND và UBND huyện tổng hợp báo cáo hằng tháng.",
         "Văn phòng HĐND và UBND huyện"),
    ],
)
def test_a_name_runs_to_its_end(sentence, name):
    assert name in _names(sentence)


@pytest.mark.parametrize(
    "sentence, names",
    [
        # bodies organised by area (the names of 2024-2025): the designation belongs to the name
        ("Giao Kho bạc Nhà nước khu vực VIII, Chi cục Thuế khu vực XV phối hợp.",
         ["Kho bạc Nhà nước khu vực VIII", "Chi cục Thuế khu vực XV"]),
        ("Thuế cơ sở 3 tỉnh Hòa Bình chủ trì hướng dẫn hộ kinh doanh.", ["Thuế cơ sở 3 tỉnh Hòa Bình"]),
        ("Ngân hàng Nhà nước chi nhánh Khu vực 3 chỉ đạo các tổ chức tín dụng.",
         ["Ngân hàng Nhà nước chi nhánh Khu vực 3"]),
        ("Bảo hiểm xã hội cơ sở Hòa Bình phối hợp rà soát.", ["Bảo hiểm xã hội cơ sở Hòa Bình"]),
        # ... but "cơ sở" that opens a compound is no designation, and no head word "sở"
        ("Bảo hiểm xã hội cơ sở dữ liệu được cập nhật.", ["Bảo hiểm xã hội"]),
        ("Sở Tài chính cơ sở vật chất bảo đảm.", ["Sở Tài chính"]),
        # a name that counts only with its capital ("Thuế tỉnh"), not the tax word
        ("Thuế tỉnh Lào Cai chủ trì; các hộ nộp thuế tỉnh đúng hạn.", ["Thuế tỉnh Lào Cai"]),
    ],
)
def test_designations_and_cased_names(sentence, names):
    assert _names(sentence) == names


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a group of schools keeps its level or kind
        ("Các trường trung học phổ thông xây dựng kế hoạch của đơn vị.", ["Các trường trung học phổ thông"]),
        ("Các trường THCS trên địa bàn huyện báo cáo kết quả.", ["Các trường THCS trên địa bàn huyện"]),
    ],
)
def test_a_group_of_schools_keeps_its_level(sentence, names):
    assert _names(sentence) == names


def test_a_committee_of_named_units_is_one_group():
    # after "các", a list of places names the units; a body opener ends the list
    assert _names("5. UBND các huyện Cao Lộc, Văn Lãng, Tràng Định: Phối hợp thực hiện.") == [
        "UBND các huyện Cao Lộc, Văn Lãng, Tràng Định"]
    assert _names("Giao UBND các xã Tân Phú, Tân Hòa và Phú Lâm tổ chức.") == ["UBND các xã Tân Phú, Tân Hòa và Phú Lâm"]
    assert _names("UBND các huyện Cao Lộc, Sở Công Thương chủ trì.") == ["UBND các huyện Cao Lộc", "Sở Công Thương"]


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("Giao Sở VHTT&DL, Sở DT&TG phối hợp thực hiện.", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo"]),
        ("Đề nghị BHXH huyện và LĐLĐ huyện tuyên truyền.", ["Bảo hiểm xã hội huyện", "Liên đoàn Lao động huyện"]),
        ("Hội ND tỉnh, Sở VH,TT&DL tổ chức hội chợ.", ["Hội Nông dân tỉnh", "Sở Văn hóa, Thể thao và Du lịch"]),
    ],
)
def test_abbreviated_names_are_expanded(sentence, names):
    assert [expand(n) for n in _names(sentence)] == names


def test_a_list_of_bodies_each_with_its_head_stays_a_list():
    assert _names("Sở Tài chính, Sở Nội vụ và Sở Y tế thẩm định dự toán kinh phí.") == [
        "Sở Tài chính", "Sở Nội vụ", "Sở Y tế"]


def test_a_hyphenated_group_noun_without_spaces_is_a_group():
    names = _names("Đề nghị Hội Cựu chiến binh tỉnh, các tổ chức chính trị-xã hội vận động hội viên.")
    assert "các tổ chức chính trị-xã hội" in names
    assert merge_key("các tổ chức chính trị-xã hội") == merge_key("Các tổ chức chính trị - xã hội")


def test_a_group_list_of_two_kinds_of_body_is_two_groups():
    names = _names("Các phòng, ban, ngành, tổ chức chính trị - xã hội huyện chịu trách nhiệm tuyên truyền.")
    assert names[:2] == ["Các phòng, ban, ngành", "Các tổ chức chính trị - xã hội huyện"]


def test_a_total_row_is_no_body_but_a_body_named_tong_is():
    assert bodies_in_heading("Cộng A + B", 0, 10, []) == []
    assert bodies_in_heading("Tổng cộng (I+II)", 0, 16, []) == []
    got = bodies_in_heading("Tổng công ty Điện lực miền Trung", 0, 32, [])
    assert [m.text for m in got] == ["Tổng công ty Điện lực miền Trung"]


def test_a_defined_short_form_names_every_body_of_its_list():
    body = (
        "Các phòng chuyên môn thuộc huyện, Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Huyện đoàn và "
        "các thị trấn, xã (sau đây gọi chung là các đơn vị) tổ chức phát động phong trào.\n"
        "I. TỔ CHỨC THỰC HIỆN\n"
        "1. Các đơn vị căn cứ Kế hoạch này xây dựng kế hoạch cụ thể của mình.\n"
        "2. Phòng Nội vụ theo dõi, tổng hợp kết quả.\n"
    )
    got = {merge_key(n) for n in _agencies(body)}
    for name in ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "Huyện đoàn", "Ủy ban nhân dân các thị trấn, xã", "Phòng Nội vụ"]:
        assert merge_key(name) in got, (name, got)


def test_a_short_form_for_a_document_names_no_body():
    body = (
        "Thực hiện Nghị định số 15/2026/NĐ-CP của Chính phủ (sau đây gọi tắt là Nghị định), Sở Tư pháp "
        "hướng dẫn các cơ quan.\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp chủ trì triển khai Nghị định.\n"
    )
    assert list(_agencies(body)) == ["Sở Tư pháp"]


def test_a_name_printed_short_takes_the_full_name_the_plan_prints():
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nông nghiệp và Môi trường chủ trì, gửi báo cáo qua Văn phòng Điều phối nông thôn mới "
        "tỉnh.\n"
        "2. Văn phòng Điều phối phối hợp theo dõi tiến độ.\n"
    )
    got = _agencies(body)
    assert "Văn phòng Điều phối nông thôn mới tỉnh" in got, got
    assert "Văn phòng Điều phối" not in got


def test_the_closing_formula_assigns_nothing():
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế chủ trì tổ chức tiêm chủng.\n"
        "Yêu cầu các phòng, ban, ngành, đơn vị nghiêm túc thực hiện./.\n"
    )
    assert list(_agencies(body)) == ["Sở Y tế"]


def test_an_item_opened_by_bodies_is_their_own_item():
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n"
        "- Sở Giáo dục và Đào tạo hướng dẫn các trường rà soát học sinh.\n"
        "- Sở Tài chính, Sở Xây dựng bố trí kinh phí sửa chữa trường lớp; phối hợp với Sở Y tế.\n"
    )
    got = _agencies(body)
    assert got == {"Sở Giáo dục và Đào tạo": True, "Sở Tài chính": True, "Sở Xây dựng": True, "Sở Y tế": False}


def test_groups_of_the_issuers_own_unit_are_one_group():
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n"
        "1. Các sở, ban, ngành của thành phố chủ trì triển khai các nhiệm vụ được giao.\n"
        "2. Sở Công Thương phối hợp với các sở, ban, ngành liên quan kiểm tra thị trường.\n"
        "3. Sở Tài chính hướng dẫn các sở, ban, ngành thành phố lập dự toán.\n"
    )
    groups = [n for n in _agencies(body, CITY_HEAD) if n.casefold().startswith("các")]
    assert groups == ["Các sở, ban, ngành của thành phố"]


def test_a_dash_compound_cut_before_its_dash_is_no_bullet():
    # hard-wrapped at 78 columns, the way a crawl or a PDF dump cuts lines
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n"
        "1. Ủy ban nhân dân các huyện, thị xã chủ trì tổ chức tuyên truyền sâu rộng trong\n"
        "cán bộ, đảng viên và Nhân dân; phối hợp với Hội Nông dân tỉnh, các tổ chức chính trị\n"
        "- xã hội vận động hội viên tham gia thực hiện các nội dung của Kế hoạch này, bảo\n"
        "đảm đúng tiến độ và chất lượng theo yêu cầu của Ủy ban nhân dân tỉnh đã đề ra.\n"
        "2. Sở Nội vụ theo dõi, hướng dẫn, đôn đốc việc thực hiện Kế hoạch này trên địa\n"
        "bàn tỉnh; định kỳ tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh theo quy định.\n"
    )
    plan = vnplan.parse_text(HEAD + body, format="txt")
    assert "các tổ chức chính trị - xã hội vận động" in plan.text
    assert merge_key("Các tổ chức chính trị - xã hội") in {merge_key(a.name) for a in plan.agencies}


def test_a_plan_of_a_so_does_not_list_the_so_or_its_parent():
    head = (
        "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG\nSỞ Y TẾ\nSố: 88/KH-SYT\nKẾ HOẠCH\nPhòng, chống sốt xuất huyết năm 2026\n"
    )
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Y tế chủ trì theo dõi diễn biến dịch, tham mưu Ủy ban nhân dân tỉnh chỉ đạo.\n"
        "2. Trung tâm Kiểm soát bệnh tật tỉnh chủ trì giám sát ổ dịch, phối hợp với Sở Y tế.\n"
    )
    plan = vnplan.parse_text(head + body, format="txt")
    assert plan.metadata.issuer.startswith("Sở Y tế")
    assert [a.name for a in plan.agencies] == ["Trung tâm Kiểm soát bệnh tật tỉnh"]


def test_a_numbered_item_where_the_body_chu_tri_gives_the_role():
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n"
        "1. Phòng Quản lý công nghiệp chủ trì, phối hợp với Chi cục Quản lý thị trường kiểm tra các cơ sở.\n"
        "2. Chi cục Quản lý thị trường báo cáo kết quả kiểm tra.\n"
    )
    plan = vnplan.parse_text(HEAD + body, format="txt")
    roles = {a.name: a.roles for a in plan.agencies}
    assert "chu_tri" in roles["Phòng Quản lý công nghiệp"], roles


def test_a_name_at_two_levels_is_two_bodies():
    names = _names("Ban Chỉ đạo Chuyển đổi số cấp tỉnh, cấp huyện rà soát danh mục dịch vụ công.")
    assert names[:2] == ["Ban Chỉ đạo Chuyển đổi số cấp tỉnh", "Ban Chỉ đạo Chuyển đổi số cấp huyện"]


def test_the_committees_of_a_level_are_one_group_however_listed():
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n"
        "1. Ủy ban nhân dân các xã, phường, đặc khu chủ trì rà soát đối tượng.\n"
        "2. Sở Nội vụ hướng dẫn Ủy ban nhân dân cấp xã lập danh sách.\n"
    )
    got = _agencies(body)
    assert [n for n in got if n.startswith("Ủy ban")] == ["Ủy ban nhân dân các xã, phường, đặc khu"], got


def test_a_catch_all_with_an_item_of_its_own_is_kept():
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Công Thương\nChủ trì kiểm tra các chợ đầu mối.\n"
        "2. Các hợp tác xã, tổ chức, cá nhân kinh doanh\nChấp hành quy định về an toàn thực phẩm.\n"
        "3. Sở Tài chính bố trí kinh phí; phối hợp với các cơ quan, đơn vị liên quan.\n"
    )
    keys = {merge_key(n) for n in _agencies(body)}
    assert merge_key("Các tổ chức, cá nhân kinh doanh") in keys, keys
    assert merge_key("các cơ quan, đơn vị liên quan") not in keys


def test_a_request_list_after_a_colon_gives_one_agency_per_body():
    body = (
        "I. TỔ CHỨC THỰC HIỆN\n"
        "1. Đề nghị: Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh, Hội Cựu chiến binh "
        "tỉnh tuyên truyền đến hội viên.\n"
        "2. Giao Sở Tài chính, Sở Nội vụ thẩm định kinh phí và biên chế.\n"
    )
    assert _agencies(body) == {
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": True, "Liên đoàn Lao động tỉnh": True,
        "Hội Cựu chiến binh tỉnh": True, "Sở Tài chính": True, "Sở Nội vụ": True,
    }


def test_items_headed_by_a_body_outside_the_gazetteer_give_tasks() -> None:
    # a commune plan whose doers are officials and hamlet heads, named as printed: their items
    # are theirs, with the deadline each item sets
    text = ("ỦY BAN NHÂN DÂN\nXÃ HÒA BÌNH\n\nSố: 9/KH-UBND\n\nHòa Bình, ngày 2 tháng 2 năm 2026\n\n"
            "KẾ HOẠCH\nRà soát hộ nghèo năm 2026\n\nI. MỤC ĐÍCH\nNắm chắc số hộ nghèo.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Công chức Văn hóa - Xã hội xã\n"
            "- Hướng dẫn các thôn lập danh sách hộ, xong trước ngày 15/3/2026.\n"
            "2. Trưởng các thôn\n- Tổ chức họp dân bình xét hộ nghèo, hoàn thành trước ngày 30/3/2026.\n\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLò Văn Sơn\n")
    p = vnplan.parse_text(text)
    got = [(t.lead, t.deadline.date.isoformat() if t.deadline and t.deadline.date else None) for t in p.tasks]
    assert got == [(["Công chức Văn hóa - Xã hội xã"], "2026-03-15"),
                   (["Trưởng các thôn"], "2026-03-30")]
    assert [d.owners for d in p.deadlines] == [["Công chức Văn hóa - Xã hội xã"],
                                               ["Trưởng các thôn"]]


def test_a_body_of_every_unit_keeps_its_whole_list_of_units() -> None:
    # "Trung tâm Y tế các huyện, thị xã, thành phố": the units after the first one belong to it
    text = ("UBND TỈNH QUẢNG NGÃI\nSỞ Y TẾ\n\nSố: 77/KH-SYT\n\nQuảng Ngãi, ngày 3 tháng 3 năm 2026\n\n"
            "KẾ HOẠCH\nTiêm chủng mở rộng năm 2026\n\nI. MỤC TIÊU\nĐạt 95% trẻ em được tiêm đủ liều.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Trung tâm Y tế các huyện, thị xã, thành phố\n"
            "- Tổ chức tiêm chủng tại các trạm y tế.\n2. Phòng Nghiệp vụ Y\n- Theo dõi, tổng hợp kết quả.\n\n"
            "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nPhạm Văn Lâm\n")
    names = [a.name for a in vnplan.parse_text(text).agencies]
    assert names == ["Trung tâm Y tế các huyện, thị xã, thành phố", "Phòng Nghiệp vụ Y"]


def test_an_item_that_is_one_sentence_is_a_task_of_the_bodies_opening_it() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HUẾ\n\nSố: 88/KH-UBND\n\nHuế, ngày 4 tháng 5 năm 2026\n\n"
            "KẾ HOẠCH\nBảo tồn di sản năm 2026\n\nI. MỤC ĐÍCH\nGìn giữ di sản.\nII. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Văn hóa và Thể thao là cơ quan thường trực, chủ trì theo dõi việc thực hiện.\n"
            "2. Sở Tài chính, Sở Xây dựng cân đối nguồn vốn tu bổ di tích trước ngày 30/9/2026.\n\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nPhan Văn Tùng\n")
    tasks = vnplan.parse_text(text).tasks
    assert [(t.lead, t.text, t.deadline_text) for t in tasks] == [
        (["Sở Văn hóa và Thể thao"], "là cơ quan thường trực, chủ trì theo dõi việc thực hiện.", None),
        (["Sở Tài chính", "Sở Xây dựng"], "cân đối nguồn vốn tu bổ di tích trước ngày 30/9/2026.",
         "trước ngày 30/9/2026"),
    ]


def test_a_part_without_items_gives_a_task_per_line_that_opens_with_bodies() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\n\nSố: 19/KH-UBND\n\nKhánh Hòa, ngày 6 tháng 1 năm 2026\n\n"
            "KẾ HOẠCH\nPhát triển du lịch biển năm 2026\n\nI. MỤC ĐÍCH\nThu hút khách.\nII. TỔ CHỨC THỰC HIỆN\n"
            "Giao Sở Du lịch chủ trì, phối hợp với Sở Tài chính xây dựng chương trình xúc tiến trước ngày 31/3/2026.\n"
            "Sở Tài chính, Sở Xây dựng thẩm định dự án hạ tầng du lịch.\n"
            "Các cơ quan, đơn vị căn cứ chức năng tổ chức thực hiện.\n\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nVõ Thị Lan\n")
    tasks = vnplan.parse_text(text).tasks
    assert [(t.lead, t.partners, t.deadline_text) for t in tasks] == [
        (["Sở Du lịch"], ["Sở Tài chính"], "trước ngày 31/3/2026"),
        (["Sở Tài chính", "Sở Xây dựng"], [], None),
    ]


def _item_part(*items: str) -> str:
    return "I. MỤC ĐÍCH\nBảo đảm cung ứng dịch vụ công thiết yếu.\nII. TỔ CHỨC THỰC HIỆN\n" + \
        "".join(f"{k}. {it}\n" for k, it in enumerate(items, 1))


def _tasks(body: str) -> dict[str, list[tuple[str, list[str]]]]:
    plan = vnplan.parse_text(HEAD + body, format="txt")
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for t in plan.tasks:
        for lead in t.lead:
            out.setdefault(lead, []).append((t.text, t.partners))
    return out


def test_an_item_heading_that_is_a_whole_sentence_names_only_its_bodies():
    # no role cue (chủ trì, phối hợp …): the sentence's first verb ends the names, and the rest
    # of the heading is the body's task
    body = _item_part(
        "Mobifone Quảng Trị đảm bảo đường truyền cho các điểm tiếp nhận hồ sơ.",
        "Các doanh nghiệp bưu chính tuyên truyền dịch vụ nhận trả kết quả tại nhà.",
        "Ban Quản lý dự án đầu tư xây dựng tỉnh tổ chức thi công công trình đúng tiến độ.",
    )
    assert _agencies(body) == {"Mobifone Quảng Trị": True, "Các doanh nghiệp bưu chính": True,
                               "Ban Quản lý dự án đầu tư xây dựng tỉnh": True}
    tasks = _tasks(body)
    assert tasks["Mobifone Quảng Trị"] == [("đảm bảo đường truyền cho các điểm tiếp nhận hồ sơ.", [])]
    assert tasks["Các doanh nghiệp bưu chính"] == [("tuyên truyền dịch vụ nhận trả kết quả tại nhà.", [])]


def test_bodies_named_by_head_and_place_or_with_a_designation_end_at_their_verb():
    body = _item_part(
        "Bưu điện tỉnh phối hợp với Sở Nội vụ chuyển phát hồ sơ.",
        "Bệnh viện Đa khoa khu vực Triệu Hải cử bác sĩ tham gia đoàn khám.",
        "Kho bạc Nhà nước khu vực XI kiểm soát chi theo quy định.",
        "Điện lực Quảng Trị bảo đảm cấp điện ổn định.",
    )
    agencies = _agencies(body)
    for name in ("Bưu điện tỉnh", "Kho bạc Nhà nước khu vực XI", "Điện lực Quảng Trị"):
        assert agencies[name] is True
    assert any(n.startswith("Bệnh viện Đa khoa") and not n.endswith(" cử") for n in agencies)
    assert _tasks(body)["Kho bạc Nhà nước khu vực XI"] == [("kiểm soát chi theo quy định.", [])]
    # in lower case "bưu điện" is an ordinary noun
    assert _names("Hồ sơ gửi qua bưu điện tỉnh trước ngày 15.") == []


def test_a_body_named_as_the_parent_of_an_item_body_does_not_do_its_work():
    body = _item_part("Chi cục Kiểm lâm thuộc Sở Nông nghiệp và Môi trường tuần tra bảo vệ rừng.")
    assert _agencies(body) == {"Chi cục Kiểm lâm": True}
    assert _tasks(body) == {"Chi cục Kiểm lâm": [("tuần tra bảo vệ rừng.", [])]}


def test_a_colon_inside_an_item_sentence_opens_no_run_in_text():
    body = _item_part("Sở Tư pháp chủ trì, phối hợp với các cơ quan liên quan rà soát văn bản; thời hạn: quý II/2026.")
    plan = vnplan.parse_text(HEAD + body, format="txt")
    item = plan.sections[1].children[0]
    assert item.heading.endswith("thời hạn: quý II/2026")
    (task,) = plan.tasks
    assert task.text.startswith("chủ trì, phối hợp với các cơ quan liên quan rà soát văn bản")
    assert task.deadline_text == "quý II/2026"


def test_mentions_read_from_the_memo_are_copies_a_caller_may_change():
    text = "Giao Sở Tài chính chủ trì, phối hợp với Công an tỉnh và Sở Y tế thực hiện."
    memo: dict = {}
    first = find_mentions(text, 0, len(text), memo)
    assert [m.text for m in first] == ["Sở Tài chính", "Công an tỉnh", "Sở Y tế"]
    for m in first:
        m.text, m.start = "x", -1
    again = find_mentions(text, 0, len(text), memo)
    assert [(m.text, text[m.start:m.end]) for m in again] == [
        ("Sở Tài chính", "Sở Tài chính"), ("Công an tỉnh", "Công an tỉnh"), ("Sở Y tế", "Sở Y tế")]


def test_an_item_heading_is_read_once_a_parse_for_the_agencies_and_the_tasks(monkeypatch):
    from vnplan.facts import agencies

    calls: list[int] = []
    real = agencies.heading_bodies

    def counted(text, item, memo, d=None):
        calls.append(item.span[0])
        return real(text, item, memo, d)

    monkeypatch.setattr(agencies, "heading_bodies", counted)
    body = ("III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ, Ban Dân tộc tỉnh\n"
            "Chủ trì hướng dẫn các xã rà soát hồ sơ.\n2. Công an tỉnh\nPhối hợp kiểm tra.\n")
    plan = vnplan.parse_text(HEAD + body, format="txt")
    assert len(calls) == len(set(calls)) == 2
    assert [t.lead for t in plan.tasks] == [["Sở Nội vụ", "Ban Dân tộc tỉnh"], ["Công an tỉnh"]]
    assert {a.name for a in plan.agencies} >= {"Sở Nội vụ", "Ban Dân tộc tỉnh", "Công an tỉnh"}


def test_a_task_table_cell_is_read_once_a_parse_for_the_agencies_and_the_tasks(monkeypatch):
    from vnplan.facts import agencies

    calls: list[tuple[int, int]] = []
    real = agencies.cell_mentions

    def counted(text, s, e, memo):
        calls.append((s, e))
        return real(text, s, e, memo)

    monkeypatch.setattr(agencies, "cell_mentions", counted)
    body = ("I. NHIỆM VỤ\n"
            "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n"
            "1\tRà soát hồ sơ đất đai\tSở Nông nghiệp và Môi trường\tCông an tỉnh; Sở Tư pháp\tQuý II/2026\n"
            "2\tTập huấn cán bộ\tSở Nội vụ\tBan Dân tộc tỉnh\tNăm 2026\n")
    plan = vnplan.parse_text(HEAD + body, format="txt")
    assert len(calls) == len(set(calls)) == 4
    assert [(t.lead, t.partners) for t in plan.tasks] == [
        (["Sở Nông nghiệp và Môi trường"], ["Công an tỉnh", "Sở Tư pháp"]), (["Sở Nội vụ"], ["Ban Dân tộc tỉnh"])]
    assert [(a.name, a.roles) for a in plan.agencies][:2] == [
        ("Sở Nông nghiệp và Môi trường", ["chu_tri"]), ("Công an tỉnh", ["phoi_hop"])]


def test_bodies_whose_name_goes_on_in_lower_case_are_named_and_lead_their_items():
    body = ("I. TỔ CHỨC THỰC HIỆN\n"
            "1. Ban Dân tộc tỉnh chủ trì, phối hợp với các sở, ngành rà soát đối tượng thụ hưởng.\n"
            "2. Tòa án nhân dân huyện Yên Thế, Viện kiểm sát nhân dân huyện Yên Thế phối hợp tuyên truyền.\n"
            "3. Cảng vụ Hàng hải Nghệ An phối hợp kiểm tra tàu thuyền ra vào cảng.\n")
    plan = vnplan.parse_text(HEAD + body, format="txt")
    names = {a.name.casefold() for a in plan.agencies}
    assert {"ban dân tộc tỉnh", "tòa án nhân dân huyện yên thế", "viện kiểm sát nhân dân huyện yên thế",
            "cảng vụ hàng hải nghệ an"} <= names
    leads = {t.text: [n.casefold() for n in t.lead] for t in plan.tasks}
    assert leads["chủ trì, phối hợp với các sở, ngành rà soát đối tượng thụ hưởng."] == ["ban dân tộc tỉnh"]
    assert leads["phối hợp kiểm tra tàu thuyền ra vào cảng."] == ["cảng vụ hàng hải nghệ an"]
    assert sorted(leads["phối hợp tuyên truyền."]) == ["tòa án nhân dân huyện yên thế",
                                                      "viện kiểm sát nhân dân huyện yên thế"]


def test_the_gap_role_cache_keeps_only_short_gaps():
    from vnplan.facts.agencies import _GAP_CACHED, _between_role, _gap_role

    _gap_role.cache_clear()
    long_gap = "tổ chức tuyên truyền " * 20 + "phối hợp với "
    assert len(long_gap) > _GAP_CACHED
    assert _between_role("", long_gap, None, False) == "phoi_hop"
    assert _between_role("", " phối hợp với ", None, False) == "phoi_hop"
    assert _between_role("", ", ", "phoi_hop", False) == "phoi_hop"
    assert _gap_role.cache_info().currsize == 2
