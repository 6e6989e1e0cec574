"""What is parsed as a plan, and what a string given to ``vnplan.parse`` is (issue 13).

A plan has the ``KẾ HOẠCH`` title line or a number whose type code is a plan code (``KH``,
``KH-…``, data/doc_types.yaml): a Công văn numbered ``12/UBND-KHTH`` is not one (it passed while
any number holding ``KH`` did). A one-line string that names no file but looks like a path is
a missing file, not plan text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import vnplan
from vnplan.errors import NotAPlanError, UnreadableFileError, UnsupportedFormatError

ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = ROOT / "corpus" / "raw" / "003_1a37aa9cdf3894bb.txt"

_TOP = """ỦY BAN NHÂN DÂN
TỈNH ĐIỆN BIÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: {number}
Điện Biên, ngày 14 tháng 8 năm 2023
"""
_BODY = """
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm các đơn vị phối hợp chặt chẽ trong việc chăm lo cây giống cho vụ mùa.
II. TỔ CHỨC THỰC HIỆN
Sở Công Thương chủ trì, phối hợp với các đơn vị liên quan thực hiện trước ngày 15/10/2023.
"""


def _doc(number: str, middle: str) -> str:
    """A header with ``number``, the lines ``middle`` (type line, title or V/v), a short body."""
    return _TOP.format(number=number) + middle + _BODY


def test_a_cong_van_with_kh_inside_its_number_is_not_a_plan():
    text = _doc("12/UBND-KHTH", "V/v góp ý dự thảo về cây giống vụ mùa\n")
    with pytest.raises(NotAPlanError) as e:
        vnplan.parse_text(text)
    assert e.value.message == (
        "not a plan: number 12/UBND-KHTH has type code UBND-KHTH, not a plan code (KH, KH-…), "
        "and no KẾ HOẠCH title line"
    )


def test_a_quyet_dinh_is_not_a_plan_and_the_error_names_its_type():
    text = _doc("5/QĐ-UBND", "QUYẾT ĐỊNH\nVề việc công nhận cây giống vụ mùa\n")
    with pytest.raises(NotAPlanError) as e:
        vnplan.parse_text(text)
    assert "number 5/QĐ-UBND has type code QĐ-UBND (Quyết định), not a plan code" in e.value.message


def test_a_year_in_the_number_is_not_the_type_code():
    with pytest.raises(NotAPlanError) as e:
        vnplan.parse_text(_doc("15/2024/QĐ-UBND", "Về việc công nhận cây giống vụ mùa\n"))
    assert "type code QĐ-UBND (Quyết định)" in e.value.message
    assert "number 15/2024/QĐ-UBND has" in e.value.message  # printed whole, year included


def test_a_plan_of_a_department_with_its_title_line():
    plan = vnplan.parse_text(_doc("7/KH-SCT", "KẾ HOẠCH\nPhối hợp chăm lo cây giống vụ mùa năm 2023\n"))
    assert plan.metadata.number == "7/KH-SCT"


@pytest.mark.parametrize("number", ["7/KH-SCT", "05/KH-BCĐ", "9/KH"])
def test_a_plan_number_without_a_title_line_is_parsed(number):
    plan = vnplan.parse_text(_doc(number, "Phối hợp chăm lo cây giống vụ mùa năm 2023\n"))
    assert plan.metadata.number == number


def test_a_blank_number_with_the_title_line_is_parsed_with_its_warning():
    plan = vnplan.parse_text(_doc("     /KH-UBND", "KẾ HOẠCH\nPhối hợp chăm lo cây giống vụ mùa\n"))
    assert plan.metadata.number is None
    assert "number left blank ('Số: /KH-UBND')" in plan.warnings


def test_a_blank_plan_number_without_a_title_line_is_parsed():
    plan = vnplan.parse_text(_doc("     /KH-UBND", "Phối hợp chăm lo cây giống vụ mùa năm 2023\n"))
    assert "number left blank ('Số: /KH-UBND')" in plan.warnings


def test_no_title_and_no_number_says_so():
    text = _TOP.replace("Số: {number}\n", "") + "Phối hợp chăm lo cây giống vụ mùa\n" + _BODY
    with pytest.raises(NotAPlanError) as e:
        vnplan.parse_text(text)
    assert e.value.message == "not a plan: no KẾ HOẠCH title line and no document number (Số: …) in the header"


# ---------------------------------------------------------------------------- paths


@pytest.mark.parametrize("name", ["missing.txt", "kế hoạch 2024.docx", "plans/125", "plans\\125", "plan"])
def test_a_string_that_looks_like_a_missing_path_is_unreadable(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UnreadableFileError) as e:
        vnplan.parse(name)
    assert e.value.path == name and "no such file" in e.value.message


def test_an_existing_file_without_extension_is_read_as_a_file(tmp_path):
    f = tmp_path / "plan"
    f.write_text(PLAN_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(UnsupportedFormatError) as e:  # named, not parsed as the text "…/plan"
        vnplan.parse(str(f))
    assert e.value.path == str(f)


def test_a_directory_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFileError) as e:
        vnplan.parse(str(tmp_path))
    assert "is a directory" in e.value.message


def test_paths_strings_and_pathlike_give_the_same_plan():
    want = vnplan.parse_file(PLAN_FILE).to_json()

    class Pathish:
        def __fspath__(self) -> str:
            return str(PLAN_FILE)

    for source in (PLAN_FILE, str(PLAN_FILE), Pathish()):
        assert vnplan.parse(source).to_json() == want


def test_parse_text_and_parse_file_stay_explicit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NotAPlanError):  # text, even when it reads like a file name
        vnplan.parse_text("plans/ke-hoach-125-2024-missing.txt")
    with pytest.raises(UnreadableFileError):
        vnplan.parse_file("plans/125")


def test_one_line_of_text_is_still_text():
    with pytest.raises(NotAPlanError):
        vnplan.parse("Hôm nay trời đẹp, chúng tôi đi chơi công viên và ăn kem ở bờ hồ.")
