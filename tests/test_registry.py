"""The extractors run from a named, ordered list; the Plan is built once from what they return,
and every value is validated where it is made."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import vnplan
from vnplan.facts.registry import DEFAULT_EXTRACTORS, FACT_FIELDS, Extractor, replaced, without
from vnplan.models import Deadline, Funding

ROOT = Path(__file__).resolve().parent.parent
PLAN = (
    "ỦY BAN NHÂN DÂN\nHUYỆN ĐỒNG XUÂN\n\nSố: 77/KH-UBND\n\nĐồng Xuân, ngày 9 tháng 2 năm 2026\n\n"
    "KẾ HOẠCH\nTổ chức ngày hội đọc sách năm 2026\n\n"
    "I. MỤC TIÊU\n- Phấn đấu 90% trường học tổ chức ngày hội đọc sách.\n"
    "II. KINH PHÍ\nKinh phí từ nguồn ngân sách huyện và nguồn xã hội hóa.\n"
    "III. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa và Thông tin\n"
    "- Chủ trì tổ chức ngày hội trước ngày 20/4/2026.\n"
    "2. Phòng Giáo dục và Đào tạo\n- Báo cáo kết quả hằng quý về Ủy ban nhân dân huyện.\n\n"
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Hòa\n"
)


def test_the_default_list_fills_every_fact_field_in_order() -> None:
    assert tuple(ex.name for ex in DEFAULT_EXTRACTORS) == FACT_FIELDS
    p = vnplan.parse_text(PLAN)
    assert [t.value for t in p.targets] == [90]
    assert [f.source for f in p.funding] == ["ngân sách huyện", "xã hội hóa"]
    assert p.tasks and p.tasks[0].lead == ["Phòng Văn hóa và Thông tin"]


def test_disabling_one_extractor_leaves_the_others_alone() -> None:
    full = vnplan.parse_text(PLAN)
    p = vnplan.parse_text(PLAN, extractors=without("funding"))
    assert p.funding == []
    assert p.model_dump(exclude={"funding"}) == full.model_dump(exclude={"funding"})


def test_an_extractor_can_be_swapped() -> None:
    def one_funding(draft, ctx):
        s = draft.text.index("ngân sách huyện")
        return [Funding(source="ngân sách địa phương", text="ngân sách huyện", span=(s, s + 15))]

    p = vnplan.parse_text(PLAN, extractors=replaced(Extractor("funding", one_funding)))
    assert [(f.source, f.text) for f in p.funding] == [("ngân sách địa phương", "ngân sách huyện")]


def test_a_list_that_reads_a_missing_fact_fails_before_reading() -> None:
    with pytest.raises(ValueError, match="'tasks' reads agencies"):
        vnplan.parse(ROOT / "no-such-plan.txt", extractors=without("agencies"))
    with pytest.raises(ValueError, match="no extractor named"):
        without("owners_of_everything")
    with pytest.raises(ValueError, match="not a fact field"):
        Extractor("summary", lambda d, c: [])


def test_an_extractor_sees_only_the_facts_it_declares() -> None:
    def peeks(draft, ctx):
        return draft.facts["agencies"]  # not declared in reads

    with pytest.raises(KeyError):
        vnplan.parse_text(PLAN, extractors=replaced(Extractor("funding", peeks)))


def test_an_invalid_value_fails_where_it_is_made() -> None:
    with pytest.raises(ValidationError):
        Deadline(kind="someday", text="một ngày nào đó", span=(0, 14))
    d = Deadline(kind="date", text="ngày 20/4/2026", span=(0, 14))
    with pytest.raises(ValidationError):
        d.kind = "someday"  # type: ignore[assignment]

    def bad(draft, ctx):
        return [{"source": "ngân sách", "text": "ngân sách", "span": "here"}]

    with pytest.raises(ValidationError):
        vnplan.parse_text(PLAN, extractors=replaced(Extractor("funding", bad)))


def test_the_custom_extractor_example_runs(capsys) -> None:
    import runpy

    path = str(ROOT / "corpus" / "raw" / "003_1a37aa9cdf3894bb.txt")
    runpy.run_path(str(ROOT / "examples" / "custom_extractor.py"), run_name="example")["main"](path)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "219/KH-UBND: 0 legal refs (not extracted)"
    assert any("'ngân sách thành phố'" in line for line in out[1:])
