"""A Plan after a JSON round trip: offsets into the reader's text, one deadline per task, owners
that every export names the same way."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from pydantic import ValidationError

import vnplan
from vnplan.export.rules import to_rules
from vnplan.models import Plan
from vnplan.offsets import OffsetMap, OffsetMapError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))

PLAN = (
    "ỦY BAN NHÂN DÂN\nHUYỆN TUY AN\n\nSố: 41/KH-UBND\n\nTuy An, ngày 3 tháng 3 năm 2026\n\n"
    "KẾ HOẠCH\nPhát triển thư viện trường học năm 2026\n\n"
    "I. MỤC TIÊU\n- Phấn đấu 85% trường tiểu học có thư viện đạt chuẩn.\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Phòng Giáo dục và Đào tạo\n"
    "- Chủ trì rà soát thư viện các trường, hoàn thành trước ngày 30/6/2026.\n"
    "- Định kỳ hằng quý tổng hợp kết quả.\n"
    "2. Phòng Tài chính - Kế hoạch\n- Tham mưu bố trí kinh phí thực hiện.\n\n"
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Minh Đức\n"
)


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0]


def _round_trip(p: Plan) -> Plan:
    return Plan.model_validate_json(p.to_json())


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem[:3])
def test_source_offset_after_a_json_round_trip(path: Path) -> None:
    p = vnplan.parse_file(path)
    q = _round_trip(p)
    raw = path.read_text(encoding="utf-8")
    for i in range(0, len(q.text), 37):
        assert q.source_offset(i) == p.source_offset(i)
        if not q.text[i].isspace():  # the same letter (a tone mark may move: uỷ → ủy)
            assert _base(raw[q.source_offset(i)]) == _base(q.text[i])


def test_hard_wrapped_text_maps_back_after_the_round_trip() -> None:
    wrapped = PLAN.replace("thư viện đạt chuẩn.", "thư viện\nđạt chuẩn.")
    q = _round_trip(vnplan.parse_text(wrapped))
    i = q.text.index("đạt chuẩn")
    assert q.text[i - 1] == " "  # the wrap was joined
    assert wrapped[q.source_offset(i) : q.source_offset(i) + 9] == "đạt chuẩn"


def test_a_plan_without_an_offset_map_says_it_cannot_map() -> None:
    d = json.loads(vnplan.parse_text(PLAN).to_json())
    d.pop("offset_map")
    q = Plan.model_validate(d)
    with pytest.raises(OffsetMapError, match="holds no offset map"):
        q.source_offset(3)
    assert q.source_offset(len(q.text) + 1) is None
    with pytest.raises(OffsetMapError):
        OffsetMap.from_compact("v1:not base64!")
    with pytest.raises(OffsetMapError, match="unknown format"):
        OffsetMap.from_compact("v7:AAAA")


def test_a_task_refers_to_its_deadline() -> None:
    p = vnplan.parse_text(PLAN)
    (task,) = [t for t in p.tasks if t.deadline is not None and t.deadline.kind == "before_date"]
    assert task.deadline is p.deadlines[task.deadline_index]
    q = _round_trip(p)
    (task2,) = [t for t in q.tasks if t.deadline_index == task.deadline_index]
    assert task2.deadline is q.deadlines[task2.deadline_index]  # one object after loading too

    d = json.loads(p.to_json())
    n = p.tasks.index(task)
    d["tasks"][n]["deadline"]["year"] = 1999  # a hand edit of the copy only
    with pytest.raises(ValidationError, match="differs from deadlines"):
        Plan.model_validate(d)
    d = json.loads(p.to_json())
    d["tasks"][n]["deadline_index"] = 99
    with pytest.raises(ValidationError, match="deadline_index is 99"):
        Plan.model_validate(d)


def test_owners_are_facts_and_every_export_names_them() -> None:
    p = vnplan.parse_text(PLAN)
    by_kind = {d.kind: d for d in p.deadlines}
    assert by_kind["before_date"].owners == ["Phòng Giáo dục và Đào tạo"]
    assert by_kind["recurring"].owners == ["Phòng Giáo dục và Đào tạo"]
    rules = to_rules(p)["rules"]
    obligation = next(r for r in rules if r["type"] == "obligation")
    assert obligation["owners"] == by_kind["recurring"].owners
    target = next(r for r in rules if r["type"] == "target")
    assert target["owners"] == p.targets[0].owners == []  # the mục tiêu part names no owner
    assert _round_trip(p).deadlines == p.deadlines


def test_every_model_has_a_docstring_and_every_field_a_description() -> None:
    schema = Plan.model_json_schema()
    defs = {"Plan": schema, **schema["$defs"]}
    assert len(defs) >= 13  # Plan and the twelve models under it
    for name, d in defs.items():
        if "properties" not in d:
            continue  # the literal types
        assert d.get("description"), name
        missing = [f for f, prop in d["properties"].items() if not prop.get("description")]
        assert not missing, (name, missing)


def test_span_index_finds_what_a_scan_of_all_spans_finds() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from vnplan.facts.owners import _Intervals

    span = st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda p: (p[0], p[0] + p[1]))

    @settings(max_examples=300, deadline=None)
    @given(st.lists(span, max_size=25), span)
    def check(spans, query):
        idx = _Intervals(spans)
        s, e = query
        assert sorted(idx.holding(s, e)) == [k for k, (a, b) in enumerate(spans) if a <= s and e <= b]
        assert sorted(idx.overlapping(s, e)) == [k for k, (a, b) in enumerate(spans) if a < e and s < b]

    check()


def test_a_dated_period_falls_due_as_a_window() -> None:
    from datetime import date

    from vnplan.export._common import due_of

    p = vnplan.parse_text(PLAN.replace("hoàn thành trước ngày 30/6/2026",
                                       "thực hiện từ ngày 15/4/2026 đến ngày 15/5/2026"))
    (d,) = [d for d in p.deadlines if d.kind == "period"]
    assert (d.start_date, d.date) == (date(2026, 4, 15), date(2026, 5, 15))
    due = due_of(d)
    assert due is not None and due.iso() == "2026-04-15/2026-05-15"
    assert d.owners == ["Phòng Giáo dục và Đào tạo"]
