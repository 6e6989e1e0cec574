"""Header and section tree on hand-written plans covering each numbering scheme."""

import vnplan

PLAN = """ỦY BAN NHÂN DÂN
XÃ TÂN AN
Số: /KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân An, ngày tháng năm 2025
KẾ HOẠCH
Phòng chống dịch bệnh trên cây trồng
năm 2025
Căn cứ Quyết định số 12/QĐ-UBND ngày 02/01/2025 của UBND huyện;
Phần thứ nhất
ĐÁNH GIÁ TÌNH HÌNH NĂM 2024
I. Kết quả thực hiện năm 2024
Năm 2024 đạt 90% kế hoạch.
Phần thứ hai
NHIỆM VỤ NĂM 2025
II. MỤC TIÊU
1. Mục tiêu chung: Giảm thiệt hại.
2. Chỉ tiêu cụ thể
a) Giảm ít nhất 20% diện tích nhiễm bệnh.
III. GIẢI PHÁP
1.1. Tuyên truyền
- Tổ chức 02 lớp tập huấn.
III. TỔ CHỨC THỰC HIỆN
1. Công an xã: phối hợp bảo đảm an ninh.
2. Chế độ báo cáo: Các thôn báo cáo trước ngày 20/12.
Nơi nhận:
- UBND huyện;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Tám
"""


def test_header_blank_number_and_date_commune_level():
    p = vnplan.parse_text(PLAN)
    m = p.metadata
    assert m.number is None and m.issued_date is None and m.year == 2025
    assert m.issuer == "Ủy ban nhân dân xã Tân An" and m.issuer_level == "xa"
    assert m.title == "Phòng chống dịch bệnh trên cây trồng năm 2025"
    assert (m.signer.name, m.signer.title, m.signer.authority) == ("Lê Văn Tám", "Chủ tịch", "TM. ỦY BAN NHÂN DÂN")
    assert m.recipients == ["UBND huyện", "Lưu: VT"]
    assert any("number left blank" in w for w in p.warnings)


def test_numbering_schemes_and_repeated_numbers():
    p = vnplan.parse_text(PLAN)
    top = p.sections
    assert [s.label for s in top] == ["Phần thứ nhất", "Phần thứ hai"]
    assert top[0].heading == "ĐÁNH GIÁ TÌNH HÌNH NĂM 2024" and top[0].kind == "danh_gia"
    part2 = top[1]
    assert [c.label for c in part2.children] == ["II.", "III.", "III."]
    kinds = [(s.label, s.kind) for s in p.iter_sections() if s.kind != "other"]
    assert ("II.", "muc_tieu") in kinds and ("1.", "muc_tieu_chung") in kinds
    assert ("2.", "muc_tieu_cu_the") in kinds and ("2.", "che_do_bao_cao") in kinds
    assert part2.kind == "other"  # a container of the whole plan
    mt = part2.children[0]
    assert mt.children[0].heading == "Mục tiêu chung"  # run-in heading
    assert mt.children[1].children[0].label == "a)"
    gp = part2.children[1]
    assert gp.children[0].label == "1.1." and gp.level == 2 and gp.children[0].level == 3


def test_facts_on_hand_written_plan():
    p = vnplan.parse_text(PLAN)
    assert [t.value for t in p.targets] == [20]
    assert p.targets[0].comparator == "gte" and p.targets[0].change == "decrease" and p.targets[0].year == 2025
    assert [a.name for a in p.agencies] == ["Công an xã"]
    assert [d.text for d in p.deadlines] == ["trước ngày 20/12"]
    assert [r.symbol for r in p.legal_refs] == ["12/QĐ-UBND"] and p.legal_refs[0].is_basis


DECISION = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 345/QĐ-UBND
An Giang, ngày 05 tháng 3 năm 2024
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch phát triển du lịch năm 2024
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển du lịch năm 2024.
Điều 2. Quyết định có hiệu lực từ ngày ký.
Nơi nhận:
- Như Điều 2;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Thị Hoa
KẾ HOẠCH
Phát triển du lịch năm 2024
(Ban hành kèm theo Quyết định số 345/QĐ-UBND ngày 05/3/2024)
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Thu hút khách.
II. MỤC TIÊU
Đón trên 2 triệu lượt khách.
"""


def test_plan_issued_by_decision():
    p = vnplan.parse_text(DECISION)
    m = p.metadata
    assert m.doc_type == "Quyết định" and m.number == "345/QĐ-UBND" == m.issued_by_decision
    assert m.issued_date.isoformat() == "2024-03-05" and m.issuer_level == "tinh"
    assert m.signer.name == "Trần Thị Hoa" and m.signer.title == "Phó Chủ tịch"
    kinds = [s.kind for s in p.iter_sections() if s.kind != "other"]
    assert kinds == ["muc_dich_yeu_cau", "muc_dich", "muc_tieu"]


def test_unlabeled_bold_headings_and_markdown_levels():
    p = vnplan.parse_text(
        "Số: 3/KH-UBND\n**KẾ HOẠCH**\nPhát động phong trào thi đua\n**MỤC ĐÍCH, YÊU CẦU**\nNâng cao nhận thức.\n"
        "### **1. Nhiệm vụ**\nTổ chức phát động.\n## **KINH PHÍ**\nNgân sách huyện.\n"
    )
    kinds = [(s.heading, s.kind) for s in p.iter_sections()]
    assert kinds == [("MỤC ĐÍCH, YÊU CẦU", "muc_dich_yeu_cau"), ("Nhiệm vụ", "nhiem_vu_giai_phap"), ("KINH PHÍ", "kinh_phi")]
    assert [f.source for f in p.funding] == ["ngân sách huyện"]


def test_eval_cli_exit_status_and_json(tmp_path):
    from vnplan.cli import main

    out = tmp_path / "scores.json"
    from pathlib import Path

    gold = Path(__file__).resolve().parent.parent / "corpus" / "gold"
    assert main(["eval", str(gold), "--json", str(out), "--min-f1", "0.85"]) == 0
    assert main(["eval", str(gold), "--min-f1", "0.99"]) == 1  # agencies are below that
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["overall"]["legal_refs"]["gold"] == 90  # 12 plans
    assert main(["eval", str(tmp_path / "missing")]) == 2


def test_upper_letter_parts_and_symbol_font_bullets():
    p = vnplan.parse_text(
        "Số: 5/KH-UBND\nKẾ HOẠCH\nThử nghiệm\nA. KẾT QUẢ THỰC HIỆN NĂM 2024\nĐã đạt.\nB. NHIỆM VỤ NĂM 2025\n"
        "I. MỤC TIÊU\n\uf0a7 Mục tiêu cụ thể: đạt 90% số xã.\nII. TỔ CHỨC THỰC HIỆN\n\u2022 Sở Y tế chủ trì.\n"
    )
    assert [(s.label, s.kind) for s in p.sections] == [("A.", "danh_gia"), ("B.", "other")]
    assert [c.label for c in p.sections[1].children] == ["I.", "II."]
    assert "- Mục tiêu cụ thể: đạt 90% số xã." in p.text.split("\n")
    assert [t.value for t in p.targets] == [90]
    assert [a.name for a in p.agencies] == ["Sở Y tế"]


def test_acting_signer():
    p = vnplan.parse_text("Số: 4/KH-UBND\nKẾ HOẠCH\nThử nghiệm\nI. MỤC TIÊU\nĐạt 50% số xã.\nNơi nhận:\n- Lưu: VT.\nQ. CHỦ TỊCH\nLê Thị Mai\n")
    assert (p.metadata.signer.authority, p.metadata.signer.title, p.metadata.signer.name) == ("Q. CHỦ TỊCH", "Quyền Chủ tịch", "Lê Thị Mai")


def test_labels_with_a_dash_after_the_number():
    """'I- MỤC ĐÍCH', '1- Mục đích': the dash straight after the number, as some offices
    type it; a wrapped range '10 - 15' at a line start stays in its sentence."""
    body = """I- MỤC ĐÍCH, YÊU CẦU
1- Mục đích
Nâng cao chất lượng dịch vụ công trực tuyến.
2- Yêu cầu
Bảo đảm đúng tiến độ.
II- NHIỆM VỤ, GIẢI PHÁP
1- Tập huấn cho cán bộ
Mỗi lớp tập huấn cho
10 - 15 cán bộ
của các phòng.
III- TỔ CHỨC THỰC HIỆN
Văn phòng HĐND và UBND huyện chủ trì theo dõi.
"""
    closing = "Nơi nhận:\n- UBND huyện;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Tám\n"
    p = vnplan.parse_text(PLAN.split("Phần thứ nhất")[0] + body + closing)
    assert [(s.label, s.kind) for s in p.sections] == [
        ("I.", "muc_dich_yeu_cau"), ("II.", "nhiem_vu_giai_phap"), ("III.", "to_chuc_thuc_hien")]
    assert [c.label for c in p.sections[0].children] == ["1.", "2."]
    task = p.sections[1].children[0]
    assert task.heading == "Tập huấn cho cán bộ" and task.children == []
    assert "cho 10 - 15 cán bộ của các phòng" in " ".join(p.text[task.span[0]:task.span[1]].split())


def test_a_signature_block_typed_beside_the_recipients():
    """A text dump of a two-column closing: the authority, title and name stand on the lines
    of the Nơi nhận list, the name after the last item's full stop."""
    plan = """SỞ Y TẾ TỈNH BẮC NINH   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 45/KH-SYT   Độc lập - Tự do - Hạnh phúc
Bắc Ninh, ngày 12 tháng 4 năm 2026
KẾ HOẠCH
Tiêm chủng mở rộng năm 2026
I. MỤC ĐÍCH
Bảo đảm tỷ lệ tiêm chủng đầy đủ đạt trên 95%.
II. TỔ CHỨC THỰC HIỆN
Trung tâm Kiểm soát bệnh tật tỉnh chủ trì, báo cáo kết quả trước ngày 15/12/2026.
Nơi nhận: KT. GIÁM ĐỐC
- UBND tỉnh (để b/c); PHÓ GIÁM ĐỐC
- Các đơn vị y tế;
- Lưu: VT, NVY. Trần Quang Minh
"""
    p = vnplan.parse_text(plan)
    m = p.metadata
    assert (m.signer.name, m.signer.title, m.signer.authority) == ("Trần Quang Minh", "Phó Giám đốc", "KT. GIÁM ĐỐC")
    assert m.recipients == ["UBND tỉnh (để b/c)", "Các đơn vị y tế", "Lưu: VT, NVY"]
    assert p.quote(m.signer.span) == "Trần Quang Minh"


def test_line_table_offsets_skip_blank_lines_and_keep_space_only_ones():
    from vnplan.structure.lines import split_lines

    text = "KẾ HOẠCH\n\nI. MỤC ĐÍCH\n   \n- Sở Y tế\n"
    lines = split_lines(text)
    assert [(ln.index, ln.text) for ln in lines] == [(0, "KẾ HOẠCH"), (1, "I. MỤC ĐÍCH"), (2, "   "), (3, "- Sở Y tế")]
    assert all(text[ln.start : ln.end] == ln.text for ln in lines)
    assert split_lines("") == [] and split_lines("\n\n") == []



def test_scheme_first_character_filter_keeps_every_scheme_that_matches():
    """A line tries only the numbering schemes its first character can open; none that
    matches is left out, for digits of other scripts and Vietnamese capitals too."""
    from vnplan.structure.sections import _SCHEMES, _schemes_for

    firsts = [chr(i) for i in range(0x20, 0x250)] + list("ĐđẠẢẤỸ٣५–•") + ["\u0966"]
    tails = [". Mục tiêu", ") Sở Y tế", ".1. Kế hoạch", ".2 Nhiệm vụ", " - Sở", "- Sở", "/ Nội dung",
             "ần thứ nhất", "HẦN II. X", "hương 2", "ục III", "1) Ban", " x", ". NHIỆM VỤ"]
    for ch in firsts:
        tried = {name for name, _, _ in _schemes_for(ch)}
        for tail in tails:
            for name, _, pat in _SCHEMES:
                if pat.match(ch + tail):
                    assert name in tried, (ch + tail, name)
    assert [n for n, _, _ in _schemes_for("1")] == ["arabic3", "arabic2", "arabic", "arabic_paren"]
