"""Tests of vnplan.export (rules, iCalendar, CSV, JSONL, JSON Schema, spaCy) and its CLI.

The first part runs on a Plan built by hand (realistic Vietnamese values, spans computed from the
text), so it does not depend on the parser. The second part runs every export over every corpus
plan; a parser failure fails these tests (nothing is skipped). Expected values are written by hand.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Optional

import pytest
import yaml
from jsonschema import Draft202012Validator

from vnplan.facts.owners import link_owners
import vnplan
from vnplan.export import (
    load_plan,
    load_plans,
    rules_schema,
    spacy_patterns,
    to_csv,
    to_ics,
    to_jsonl,
    to_rules,
    to_schema,
)
from vnplan.export.cli import register
from vnplan.models import (
    Agency,
    Deadline,
    Funding,
    LegalRef,
    Metadata,
    Plan,
    Quantity,
    Section,
    Signer,
    Source,
    Target,
    Task,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))

PNN = "Phòng Nông nghiệp và Phát triển nông thôn"
PTC = "Phòng Tài chính - Kế hoạch"
UBX = "Ủy ban nhân dân các xã, thị trấn"

TEXT = """ỦY BAN NHÂN DÂN
HUYỆN NGỌC HỒI
Số: 125/KH-UBND
Ngọc Hồi, ngày 15 tháng 01 năm 2025
KẾ HOẠCH
Củng cố, phát triển hợp tác xã nông nghiệp năm 2025
Thực hiện Kế hoạch số 4025/KH-UBND ngày 01 tháng 12 năm 2023 của Ủy ban nhân dân tỉnh Kon Tum, Ủy ban nhân dân huyện xây dựng kế hoạch như sau:
I. MỤC TIÊU
- Phấn đấu đến năm 2025 có trên 60% hợp tác xã nông nghiệp đạt loại khá, tốt.
- Doanh thu bình quân của hợp tác xã tăng ít nhất 10% so với cùng kỳ.
II. NHIỆM VỤ, GIẢI PHÁP
1. Rà soát, củng cố các hợp tác xã nông nghiệp hoạt động yếu kém, hoàn thành trong tháng 3/2024.
2. Phối hợp với Ủy ban nhân dân các xã, thị trấn hỗ trợ đào tạo cán bộ quản lý hợp tác xã giai đoạn 2024-2025.
3. Xây dựng mô hình hợp tác xã ứng dụng công nghệ cao, hoàn thành trong năm 2025.
III. KINH PHÍ
Kinh phí thực hiện Kế hoạch từ nguồn ngân sách huyện và nguồn xã hội hóa.
IV. TỔ CHỨC THỰC HIỆN
1. Phòng Nông nghiệp và Phát triển nông thôn
- Thường xuyên theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch.
- Định kỳ hằng quý (trước ngày 25 tháng cuối quý) tham mưu Ủy ban nhân dân huyện báo cáo kết quả thực hiện Kế hoạch.
2. Phòng Tài chính - Kế hoạch
Chủ trì, phối hợp với Phòng Nông nghiệp và Phát triển nông thôn tham mưu bố trí kinh phí thực hiện Kế hoạch, hoàn thành trước ngày 31/12/2025.
3. Ủy ban nhân dân các xã, thị trấn
Báo cáo năm gửi về Phòng Nông nghiệp và Phát triển nông thôn trước ngày 10/12 để tổng hợp. Phấn đấu mỗi xã có ít nhất 01 hợp tác xã nông nghiệp.
"""

SHA = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()


def sp(needle: str, after: str | int = 0) -> tuple[int, int]:
    """Span of the first ``needle`` in TEXT at or after ``after`` (an offset or an anchor text)."""
    start = TEXT.index(after) if isinstance(after, str) else after
    i = TEXT.index(needle, start)
    return (i, i + len(needle))


def _line_span(prefix: str) -> tuple[int, int]:
    """Span of the line of TEXT that starts with ``prefix`` (without its newline)."""
    i = TEXT.index(prefix)
    return (i, TEXT.index("\n", i))


def _section(sid: str, label: str, heading: str, kind: str, level: int, end_at: Optional[str], children=()) -> Section:
    hs = sp(f"{label} {heading}")
    end = TEXT.index(end_at) if end_at else len(TEXT)
    head = (hs[0] + len(label) + 1, hs[1])
    return Section(
        id=sid, label=label, heading=heading, kind=kind, level=level,
        span=(hs[0], end), heading_span=head, children=list(children),
    )


def hand_plan(path: str = "corpus/raw/999_hand.txt") -> Plan:
    """A small district plan with one fact of every kind (what the parser would produce)."""
    sections = [
        _section("s1", "I.", "MỤC TIÊU", "muc_tieu", 1, "II. NHIỆM VỤ"),
        _section("s2", "II.", "NHIỆM VỤ, GIẢI PHÁP", "nhiem_vu_giai_phap", 1, "III. KINH PHÍ"),
        _section("s3", "III.", "KINH PHÍ", "kinh_phi", 1, "IV. TỔ CHỨC"),
        _section(
            "s4", "IV.", "TỔ CHỨC THỰC HIỆN", "to_chuc_thuc_hien", 1, None,
            children=[
                _section("s4.1", "1.", PNN, "other", 2, "2. Phòng Tài chính"),
                _section("s4.2", "2.", PTC, "other", 2, "3. Ủy ban nhân dân các xã"),
                _section("s4.3", "3.", UBX, "other", 2, None),
            ],
        ),
    ]
    d_month = Deadline(span=sp("trong tháng 3/2024"), section="s2", text="trong tháng 3/2024",
                       kind="date", month=3, year=2024)
    d_period = Deadline(span=sp("2024-2025"), section="s2", text="2024-2025", kind="period",
                        start_year=2024, end_year=2025)
    d_year = Deadline(span=sp("trong năm 2025"), section="s2", text="trong năm 2025", kind="year", year=2025)
    d_cont = Deadline(span=sp("Thường xuyên"), section="s4.1", text="Thường xuyên", kind="continuous")
    d_quarter = Deadline(
        span=sp("trước ngày 25 tháng cuối quý"), section="s4.1", text="trước ngày 25 tháng cuối quý",
        kind="recurring", frequency="quarterly", day=25, months=[3, 6, 9, 12],
        rule="FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25",
    )
    d_before = Deadline(span=sp("trước ngày 31/12/2025"), section="s4.2", text="trước ngày 31/12/2025",
                        kind="before_date", day=31, month=12, year=2025, date=date(2025, 12, 31))
    d_annual = Deadline(span=sp("trước ngày 10/12"), section="s4.3", text="trước ngày 10/12",
                        kind="recurring", frequency="annual", day=10, month=12,
                        rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=10")
    deadlines = [d_month, d_period, d_year, d_cont, d_quarter, d_before, d_annual]

    def task(prefix: str, section: str, lead, partners, deadline: Optional[Deadline], cut: int = 0) -> Task:
        s, e = _line_span(prefix)
        s += cut
        return Task(span=(s, e), section=section, text=TEXT[s:e], lead=lead, partners=partners,
                    deadline=deadline, deadline_text=deadline.text if deadline else None)

    tasks = [
        task("1. Rà soát", "s2", [PNN], [], d_month, cut=3),
        task("2. Phối hợp với Ủy ban", "s2", [PNN], [UBX], d_period, cut=3),
        task("3. Xây dựng mô hình", "s2", [], [], d_year, cut=3),
        task("- Thường xuyên", "s4.1", [PNN], [], d_cont, cut=2),
        task("- Định kỳ hằng quý", "s4.1", [PNN], [], d_quarter, cut=2),
        task("Chủ trì, phối hợp", "s4.2", [PTC], [PNN], d_before),
    ]
    agencies = [
        Agency(name=PNN, aliases=[PNN], roles=["chu_tri", "phoi_hop"], lead=True,
               span=sp(PNN, "IV. TỔ CHỨC"), section="s4.1",
               mentions=[sp(PNN, "IV. TỔ CHỨC"), sp(PNN, "Chủ trì, phối hợp"), sp(PNN, "Báo cáo năm")]),
        Agency(name=PTC, aliases=[PTC], roles=["chu_tri"], lead=True, span=sp(PTC), section="s4.2",
               mentions=[sp(PTC)]),
        Agency(name=UBX, aliases=[UBX], roles=["phoi_hop", "bao_cao"], lead=True,
               span=sp(UBX, "3. Ủy ban"), section="s4.3",
               mentions=[sp(UBX), sp(UBX, "3. Ủy ban")]),
    ]
    t60 = sp("trên 60% hợp tác xã nông nghiệp đạt loại khá, tốt")
    t10 = sp("Doanh thu bình quân của hợp tác xã tăng ít nhất 10%")
    t01 = sp("mỗi xã có ít nhất 01 hợp tác xã nông nghiệp")
    targets = [
        Target(span=t60, section="s1", value=60, unit="%", comparator="gt", year=2025,
               subject="hợp tác xã nông nghiệp đạt loại khá, tốt", text=TEXT[t60[0]:t60[1]]),
        Target(span=t10, section="s1", value=10, unit="%", comparator="gte", change="increase",
               baseline="cùng kỳ", subject="Doanh thu bình quân của hợp tác xã", text=TEXT[t10[0]:t10[1]]),
        Target(span=t01, section="s4.3", value=1, unit="hợp tác xã", comparator="gte",
               subject="hợp tác xã nông nghiệp mỗi xã", text=TEXT[t01[0]:t01[1]]),
    ]
    quantities = [
        Quantity(span=sp("60%"), section="s1", value=60, unit="%", text="60%"),
        Quantity(span=sp("10%"), section="s1", value=10, unit="%", text="10%"),
        Quantity(span=sp("01 hợp tác xã"), section="s4.3", value=1, unit="hợp tác xã", text="01 hợp tác xã"),
    ]
    ref = sp("Kế hoạch số 4025/KH-UBND ngày 01 tháng 12 năm 2023 của Ủy ban nhân dân tỉnh Kon Tum")
    plan = Plan(
        source=Source(path=path, format="txt", sha256=SHA),
        text=TEXT,
        metadata=Metadata(
            number="125/KH-UBND", issuer="Ủy ban nhân dân huyện Ngọc Hồi", issuer_level="huyen",
            place="Ngọc Hồi", issued_date=date(2025, 1, 15), year=2025,
            title="Củng cố, phát triển hợp tác xã nông nghiệp năm 2025",
            signer=Signer(name="Nguyễn Văn A", title="Chủ tịch", authority="TM. ỦY BAN NHÂN DÂN"),
        ),
        sections=sections,
        legal_refs=[LegalRef(span=ref, symbol="4025/KH-UBND", doc_type="Kế hoạch", number="4025",
                             issued_date=date(2023, 12, 1), issuer="Ủy ban nhân dân tỉnh Kon Tum",
                             is_basis=True, text=TEXT[ref[0]:ref[1]])],
        quantities=quantities,
        targets=targets,
        agencies=agencies,
        tasks=tasks,
        deadlines=deadlines,
        funding=[
            Funding(span=sp("ngân sách huyện"), section="s3", source="ngân sách huyện", text="ngân sách huyện"),
            Funding(span=sp("xã hội hóa"), section="s3", source="xã hội hóa", text="xã hội hóa"),
        ],
    )
    # owners are linked after the extractors, as vnplan.parse does
    link_owners(plan.text, plan.sections, plan.targets, plan.deadlines, plan.tasks, plan.agencies)
    return plan


# ----------------------------------------------------------------------------- helpers


def expand(ev, year: int) -> list[date]:
    """Every day in ``year`` on which the parsed VEVENT ``ev`` occurs (RRULE expanded)."""
    from dateutil.rrule import rrulestr

    start = ev.decoded("dtstart")
    start = start.date() if isinstance(start, datetime) else start
    if "rrule" not in ev:
        return [start] if start.year == year else []
    rule = ev["rrule"].to_ical().decode()
    rr = rrulestr(rule, dtstart=datetime(start.year, start.month, start.day))
    return [d.date() for d in rr.between(datetime(year, 1, 1), datetime(year, 12, 31, 23, 59), inc=True)]


def events(data: bytes) -> list:
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def rid(prefix: str, sha: str, span) -> str:
    return prefix + hashlib.sha256(f"{sha}:{span[0]}-{span[1]}".encode()).hexdigest()[:12]


def run_cli(argv: list[str]) -> int:
    """Run ``vnplan export …`` through :func:`register` on a bare parser (needs no other module)."""
    p = argparse.ArgumentParser(prog="vnplan")
    sub = p.add_subparsers(dest="command")
    register(sub)
    args = p.parse_args(["export", *argv])
    return args.func(args)


@pytest.fixture
def plan() -> Plan:
    return hand_plan()


# ------------------------------------------------------------------------ schema


def test_deadline_date_round_trips_through_export():
    d = Deadline(span=(0, 5), text="trước ngày 31/12/2025", kind="before_date", date=date(2025, 12, 31))
    assert d.date == date(2025, 12, 31)
    props = to_schema()["$defs"]["Deadline"]["properties"]["date"]
    assert {"type": "string", "format": "date"} in props.get("anyOf", [])


def test_hand_plan_is_consistent(plan):
    for f in plan.targets + plan.deadlines + plan.tasks:
        assert f.text == plan.quote(f.span)
    assert plan.section_by_id("s4.3").heading == UBX


def test_schema_is_draft_2020_12_and_validates_plan_json(plan):
    schema = to_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(schema)[0] == "$schema"
    Draft202012Validator.check_schema(schema)
    v = Draft202012Validator(schema)
    assert list(v.iter_errors(json.loads(plan.to_json()))) == []
    bad = json.loads(plan.to_json())
    del bad["text"]
    bad["deadlines"][0]["kind"] = "someday"
    assert len(list(v.iter_errors(bad))) == 2


# ------------------------------------------------------------------------ rules


def test_rules_document(plan):
    doc = to_rules(plan)
    Draft202012Validator.check_schema(rules_schema())
    Draft202012Validator(rules_schema()).validate(doc)
    assert doc["rules_version"] == "1"
    assert doc["source"] == {
        "path": "corpus/raw/999_hand.txt", "sha256": SHA, "number": "125/KH-UBND",
        "issuer": "Ủy ban nhân dân huyện Ngọc Hồi",
        "title": "Củng cố, phát triển hợp tác xã nông nghiệp năm 2025",
    }
    rules = doc["rules"]
    assert [r["type"] for r in rules] == ["target"] * 3 + ["obligation"] * 3
    t60, t10, t01 = rules[:3]
    assert t60 == {
        "id": rid("tgt-", SHA, plan.targets[0].span), "type": "target",
        "subject": "hợp tác xã nông nghiệp đạt loại khá, tốt", "comparator": "gt", "value": 60,
        "value_max": None, "unit": "%", "change": "level", "baseline": None, "baseline_value": None,
        "due_year": 2025, "owners": [], "quote": "trên 60% hợp tác xã nông nghiệp đạt loại khá, tốt",
        "span": list(plan.targets[0].span), "section": "s1",
    }
    assert (t10["change"], t10["baseline"], t10["comparator"], t10["due_year"]) == ("increase", "cùng kỳ", "gte", None)
    # no task in s4.3: the agencies mentioned in the section, in text order
    assert t01["owners"] == [UBX, PNN]
    cont, quarter, annual = rules[3:]
    assert (cont["kind"], cont["frequency"], cont["rrule"], cont["owners"], cont["quote"]) == (
        "continuous", None, None, [PNN], "Thường xuyên")
    assert cont["task"] == "Thường xuyên theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch."
    assert quarter["rrule"] == "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25"
    assert (quarter["frequency"], quarter["owners"], quarter["section"]) == ("quarterly", [PNN], "s4.1")
    # no task holds "trước ngày 10/12": the agency named by the section heading owns it
    assert (annual["rrule"], annual["owners"], annual["task"]) == ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=10", [UBX], None)
    assert annual["id"] == rid("obl-", SHA, sp("trước ngày 10/12"))


def test_rules_ids_stable_and_yaml_round_trip(plan):
    from vnplan.export import dump_rules

    a, b = to_rules(plan), to_rules(hand_plan())
    assert a == b
    assert len({r["id"] for r in a["rules"]}) == len(a["rules"])
    text = dump_rules(a, "yaml")
    assert "trước ngày 25 tháng cuối quý" in text  # Unicode kept, not escaped
    assert text.splitlines()[0] == "rules_version: '1'"
    assert yaml.safe_load(text) == a
    assert json.loads(dump_rules(a, "json")) == a
    other = hand_plan().model_copy(update={"source": Source(path="x.txt", sha256="0" * 64)})
    assert {r["id"] for r in to_rules(other)["rules"]}.isdisjoint({r["id"] for r in a["rules"]})


def test_rules_schema_rejects_bad_documents(plan):
    v = Draft202012Validator(rules_schema())
    doc = to_rules(plan)
    doc["rules"][0]["comparator"] = "more"
    doc["rules"][4]["owners"] = "Phòng"
    doc["rules_version"] = "2"
    assert len(list(v.iter_errors(doc))) == 3


# ------------------------------------------------------------------------ ics


def test_ics_round_trip(plan):
    data = to_ics(plan)
    assert data == to_ics(hand_plan())  # deterministic
    evs = events(data)
    by_start = {str(e["summary"]): e for e in evs}
    assert len(evs) == 6  # continuous duty has no day
    starts = sorted((e.decoded("dtstart"), e.decoded("dtend"), "rrule" in e) for e in evs)
    assert starts == [
        (date(2024, 1, 1), date(2026, 1, 1), False),  # giai đoạn 2024-2025, all-day through 31/12/2025
        (date(2024, 3, 31), date(2024, 4, 1), False),  # trong tháng 3/2024 → last day of March
        (date(2025, 3, 25), date(2025, 3, 26), True),  # quarterly, first on/after 1/1/2025
        (date(2025, 12, 10), date(2025, 12, 11), True),
        (date(2025, 12, 31), date(2026, 1, 1), False),  # trong năm 2025
        (date(2025, 12, 31), date(2026, 1, 1), False),  # trước ngày 31/12/2025
    ]
    quarterly = by_start["Định kỳ hằng quý (trước ngày 25 tháng cuối quý) tham mưu Ủy ban nhân dân huyện báo cáo kết quả thực hiện Kế hoạch."]
    assert expand(quarterly, 2025) == [date(2025, 3, 25), date(2025, 6, 25), date(2025, 9, 25), date(2025, 12, 25)]
    assert expand(quarterly, 2026) == [date(2026, 3, 25), date(2026, 6, 25), date(2026, 9, 25), date(2026, 12, 25)]
    desc = str(quarterly["description"])
    assert f"Chủ trì: {PNN}" in desc and "Thời hạn: trước ngày 25 tháng cuối quý" in desc
    annual = by_start["Báo cáo năm gửi về Phòng Nông nghiệp và Phát triển nông thôn trước ngày 10/12 để tổng hợp."]
    assert expand(annual, 2025) == [date(2025, 12, 10)]
    assert str(annual["uid"]).endswith("@vnplan")
    assert len({str(e["uid"]) for e in evs}) == 6
    assert all(e.decoded("dtstamp") == datetime(2025, 1, 15, tzinfo=e.decoded("dtstamp").tzinfo) for e in evs)
    task = by_start["Chủ trì, phối hợp với Phòng Nông nghiệp và Phát triển nông thôn tham mưu bố trí kinh phí thực hiện Kế hoạch, hoàn…"]
    assert f"Phối hợp: {PNN}" in str(task["description"])
    assert all(len(str(e["summary"])) <= 120 for e in evs)


def test_ics_recurring_start_follows_plan_year(plan):
    from vnplan.export.ics import first_occurrence, is_anchored

    p = plan.model_copy(update={"metadata": plan.metadata.model_copy(update={"year": 2024})})
    rec = [e for e in events(to_ics(p)) if "rrule" in e]
    assert sorted(e.decoded("dtstart") for e in rec) == [date(2024, 3, 25), date(2024, 12, 10)]
    assert first_occurrence("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25", 2025) == date(2025, 3, 25)
    assert first_occurrence("FREQ=MONTHLY;BYMONTHDAY=5", 2025) == date(2025, 1, 5)
    assert not is_anchored("FREQ=YEARLY") and not is_anchored("FREQ=YEARLY;BYMONTH=6")
    assert is_anchored("FREQ=WEEKLY;BYDAY=FR") and is_anchored("FREQ=DAILY")


def test_ics_skips_unanchored_rule(plan):
    d = plan.deadlines[6].model_copy(update={"rule": "FREQ=YEARLY", "day": None, "month": None})
    p = plan.model_copy(update={"deadlines": plan.deadlines[:6] + [d]})
    assert len(events(to_ics(p))) == 5
    assert to_rules(p)["rules"][-1]["rrule"] == "FREQ=YEARLY"


# ------------------------------------------------------------------------ csv


EXPECTED_ROWS = [
    ["lead", "partners", "task", "deadline_text", "deadline_kind", "due", "section"],
    [PNN, "", "Rà soát, củng cố các hợp tác xã nông nghiệp hoạt động yếu kém, hoàn thành trong tháng 3/2024.",
     "trong tháng 3/2024", "date", "2024-03-31", "s2 NHIỆM VỤ, GIẢI PHÁP"],
    [PNN, UBX, "Phối hợp với Ủy ban nhân dân các xã, thị trấn hỗ trợ đào tạo cán bộ quản lý hợp tác xã giai đoạn 2024-2025.",
     "2024-2025", "period", "2024-01-01/2025-12-31", "s2 NHIỆM VỤ, GIẢI PHÁP"],
    ["", "", "Xây dựng mô hình hợp tác xã ứng dụng công nghệ cao, hoàn thành trong năm 2025.",
     "trong năm 2025", "year", "2025-12-31", "s2 NHIỆM VỤ, GIẢI PHÁP"],
    [PNN, "", "Thường xuyên theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch.",
     "Thường xuyên", "continuous", "", f"s4.1 {PNN}"],
    [PNN, "", "Định kỳ hằng quý (trước ngày 25 tháng cuối quý) tham mưu Ủy ban nhân dân huyện báo cáo kết quả thực hiện Kế hoạch.",
     "trước ngày 25 tháng cuối quý", "recurring", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25", f"s4.1 {PNN}"],
    [PTC, PNN, "Chủ trì, phối hợp với Phòng Nông nghiệp và Phát triển nông thôn tham mưu bố trí kinh phí thực hiện Kế hoạch, hoàn thành trước ngày 31/12/2025.",
     "trước ngày 31/12/2025", "before_date", "2025-12-31", f"s4.2 {PTC}"],
]


def test_csv_round_trip(plan):
    text = to_csv(plan)
    assert text.count("\ufeff") == 1 and "\r\n" in text
    assert read_csv(text) == EXPECTED_ROWS
    many = read_csv(to_csv([plan, hand_plan("other.txt")], with_source=True))
    assert many[0] == ["source"] + EXPECTED_ROWS[0]
    assert [r[0] for r in many[1:]] == ["corpus/raw/999_hand.txt"] * 6 + ["other.txt"] * 6
    assert [r[1:] for r in many[1:7]] == EXPECTED_ROWS[1:]


def test_csv_written_file_opens_as_utf8_sig(plan, tmp_path):
    out = tmp_path / "tasks.csv"
    assert run_cli([str(_dump(plan, tmp_path / "plan.json")), "--to", "csv", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == EXPECTED_ROWS


# ------------------------------------------------------------------------ jsonl


def test_jsonl(plan):
    lines = to_jsonl(plan).splitlines()
    recs = [json.loads(x) for x in lines]
    assert [r["type"] for r in recs] == (
        ["legal_ref"] + ["quantity"] * 3 + ["target"] * 3 + ["agency"] * 3 + ["task"] * 6
        + ["deadline"] * 7 + ["funding"] * 2
    )
    assert all(r["doc"] == "corpus/raw/999_hand.txt" and r["doc_sha256"] == SHA for r in recs)
    assert recs[0]["symbol"] == "4025/KH-UBND" and recs[0]["issued_date"] == "2023-12-01"
    assert "Phòng Nông nghiệp" in lines[7]  # Unicode as is
    assert recs[-1] == {"type": "funding", "doc": "corpus/raw/999_hand.txt", "doc_sha256": SHA,
                        "span": list(sp("xã hội hóa")), "section": "s3", "source": "xã hội hóa", "text": "xã hội hóa",
                        "amount": None, "unit": None}
    for r in recs:
        if "text" in r and r["type"] != "legal_ref":
            assert TEXT[r["span"][0]:r["span"][1]] == r["text"]


# ------------------------------------------------------------------------ load_plan, cli


def _dump(plan: Plan, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan.to_json(), encoding="utf-8")
    return path


def test_load_plan_and_folder(plan, tmp_path):
    f = _dump(plan, tmp_path / "a.json")
    assert load_plan(f) == plan
    _dump(hand_plan("b.txt"), tmp_path / "sub" / "b.json")
    (tmp_path / "manifest.json").write_text('{"files": []}', encoding="utf-8")
    (tmp_path / "report.json").write_text('{"ok": 2}', encoding="utf-8")
    plans = load_plans(tmp_path)
    assert [p.source.path for p in plans] == ["corpus/raw/999_hand.txt", "b.txt"]
    with pytest.raises(vnplan.VnplanError, match="not a vnplan Plan JSON"):
        bad = tmp_path / "bad.json"
        bad.write_text('{"source": {}, "text": ""}', encoding="utf-8")
        load_plan(bad)
    with pytest.raises(vnplan.VnplanError, match="no such file"):
        load_plan(tmp_path / "missing.json")
    (tmp_path / "empty").mkdir()
    with pytest.raises(vnplan.VnplanError, match="no Plan JSON"):
        load_plans(tmp_path / "empty")


def test_cli_outputs(plan, tmp_path, capsysbinary):
    f = _dump(plan, tmp_path / "plan.json")
    assert run_cli([str(f), "--to", "rules"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert yaml.safe_load(out) == to_rules(plan)
    assert run_cli([str(f), "--to", "rules", "--format", "json", "-o", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == to_rules(plan)
    assert run_cli([str(f), "--to", "ics"]) == 0
    assert capsysbinary.readouterr().out == to_ics(plan)
    assert run_cli([str(f), "--to", "jsonl"]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8") == to_jsonl(plan)
    assert run_cli(["--to", "schema"]) == 0
    assert json.loads(capsysbinary.readouterr().out) == to_schema()


def test_cli_folder_csv_concatenates(plan, tmp_path):
    out_dir = tmp_path / "out"
    _dump(plan, out_dir / "001.json")
    _dump(hand_plan("corpus/raw/998_other.txt"), out_dir / "nested" / "002.json")
    (out_dir / "manifest.json").write_text('{"plans": 2}', encoding="utf-8")
    assert run_cli([str(out_dir), "--to", "csv", "-o", str(tmp_path / "all.csv")]) == 0
    rows = read_csv((tmp_path / "all.csv").read_text(encoding="utf-8"))
    assert rows[0][0] == "source" and len(rows) == 13
    assert rows[7] == ["corpus/raw/998_other.txt"] + EXPECTED_ROWS[1]


def test_cli_folder_of_plans_jsonl(plan, tmp_path, capsys):
    """``vnplan batch --format jsonl`` writes plans.jsonl (one Plan a line) and manifest.jsonl."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "plans.jsonl").write_text(
        plan.to_json(indent=None) + "\n" + hand_plan("x.txt").to_json(indent=None) + "\n", encoding="utf-8")
    (out_dir / "manifest.jsonl").write_text('{"source": "a.txt", "status": "ok"}\n', encoding="utf-8")
    assert run_cli([str(out_dir), "--to", "jsonl"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(recs) == 2 * 25 and {r["doc"] for r in recs} == {"corpus/raw/999_hand.txt", "x.txt"}


def test_cli_errors_are_one_line(plan, tmp_path, capsys):
    assert run_cli([str(tmp_path / "nope.txt"), "--to", "rules"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("vnplan: ") and "nope.txt" in err
    (tmp_path / "d").mkdir()
    assert run_cli([str(tmp_path / "d"), "--to", "ics"]) == 1
    assert "csv or jsonl" in capsys.readouterr().err
    assert run_cli([str(_dump(plan, tmp_path / "p.json")), "--to", "ics", "--format", "yaml"]) == 2
    assert run_cli(["--to", "rules"]) == 1
    assert "needs an INPUT" in capsys.readouterr().err


def test_cli_help_names_every_option(capsys):
    with pytest.raises(SystemExit):
        run_cli(["--help"])
    out = capsys.readouterr().out
    for word in ("INPUT", "--to", "--format", "--out", "spacy-patterns", "schema", "csv"):
        assert word in out


def test_main_cli_registers_export(plan, tmp_path, capsys):
    from vnplan.cli import main

    f = _dump(plan, tmp_path / "p.json")
    assert main(["export", str(f), "--to", "csv"]) == 0
    assert read_csv(capsys.readouterr().out) == EXPECTED_ROWS


# ------------------------------------------------------------------------ spaCy


GAZETTEER_YAML = """\
- name: Sở Nông nghiệp và Phát triển nông thôn
  aliases: [Sở NN&PTNT, Sở Nông nghiệp]
- name: Ủy ban nhân dân cấp huyện
  aliases:
    - UBND cấp huyện
"""


def _nlp():
    """A fresh Vietnamese pipeline (vnplan.nlp)."""
    from vnplan.nlp import get_nlp

    return getattr(get_nlp, "__wrapped__", get_nlp)()


def test_spacy_patterns_from_yaml(tmp_path):
    import spacy
    from vnplan.export import dump_patterns, load_gazetteer

    g = tmp_path / "agencies.yaml"
    g.write_text(GAZETTEER_YAML, encoding="utf-8")
    tok = spacy.blank("xx").tokenizer
    pats = spacy_patterns(load_gazetteer(g), tokenizer=tok)
    assert pats[0] == {"label": "ORG", "id": "Sở Nông nghiệp và Phát triển nông thôn", "pattern": [
        {"LOWER": "sở"}, {"LOWER": "nông"}, {"LOWER": "nghiệp"}, {"LOWER": "và"},
        {"LOWER": "phát"}, {"LOWER": "triển"}, {"LOWER": "nông"}, {"LOWER": "thôn"}]}
    assert [p["id"] for p in pats] == ["Sở Nông nghiệp và Phát triển nông thôn"] * 3 + ["Ủy ban nhân dân cấp huyện"] * 2
    assert pats[4]["pattern"] == [{"LOWER": "ubnd"}, {"LOWER": "cấp"}, {"LOWER": "huyện"}]
    lines = dump_patterns(pats).splitlines()
    assert len(lines) == 5 and json.loads(lines[0]) == pats[0] and "nghiệp" in lines[0]
    nlp = spacy.blank("xx")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(pats)
    doc = nlp("Giao Sở Nông nghiệp chủ trì, phối hợp với UBND cấp huyện báo cáo.")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("Sở Nông nghiệp", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("UBND cấp huyện", "Ủy ban nhân dân cấp huyện"),
    ]


def test_spacy_patterns_packaged_gazetteer(capsys):
    from vnplan.export.spacy_patterns import gazetteer_path

    assert gazetteer_path().exists()
    pats = spacy_patterns()
    assert pats and all(p["label"] == "ORG" and p["pattern"] and p["id"] for p in pats)
    ids = {p["id"] for p in pats}
    assert "Sở Nông nghiệp và Phát triển nông thôn" in ids
    assert run_cli(["--to", "spacy-patterns"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(pats)


def test_spacy_component_on_hand_plan(plan, monkeypatch):
    import vnplan.spacy_component  # noqa: F401  registers the factory

    monkeypatch.setattr(vnplan, "parse_text", lambda text, **kw: plan)
    nlp = _nlp()
    nlp.add_pipe("vnplan")
    doc = nlp(TEXT)
    assert doc._.vnplan == plan and doc.user_data["vnplan"] == plan.to_json(indent=None)
    ag = doc.spans["agencies"]
    assert [s.text for s in ag] == [UBX, PNN, PTC, PNN, UBX, PNN]
    assert {s.label_ for s in ag} == {"AGENCY"} and ag[0].kb_id_ == UBX
    assert [s.text for s in doc.spans["deadlines"]] == [d.text for d in plan.deadlines]
    assert [s.text for s in doc.spans["quantities"]] == ["60%", "10%", "01 hợp tác xã"]
    assert doc.spans["targets"][1].text == "Doanh thu bình quân của hợp tác xã tăng ít nhất 10%"
    assert {s.label_ for s in doc.spans["targets"]} == {"TARGET"}


def test_spacy_component_maps_offsets_of_raw_text(plan, monkeypatch):
    """doc.text differs from plan.text (markdown residue, blank lines, other tone marks)."""
    import vnplan.spacy_component  # noqa: F401

    raw = ("\n\n" + TEXT.replace("\n", "\n\n")
           .replace("1. Phòng Nông nghiệp", "**1. Phòng Nông nghiệp")
           .replace("Thường xuyên", "*Thường xuyên*")
           .replace("Ủy ban nhân dân các xã, thị trấn hỗ trợ", "Uỷ ban nhân dân các xã, thị trấn hỗ trợ"))
    monkeypatch.setattr(vnplan, "parse_text", lambda text, **kw: plan)
    nlp = _nlp()
    nlp.add_pipe("vnplan")
    doc = nlp(raw)
    ag = doc.spans["agencies"]
    assert [s.text for s in ag] == ["Uỷ ban nhân dân các xã, thị trấn", PNN, PTC, PNN, UBX, PNN]
    assert ag[0].start_char > raw.index("2. Phối hợp") and ag[4].start_char > raw.index("3. Ủy ban")
    assert [s.text for s in doc.spans["deadlines"]] == [d.text for d in plan.deadlines]
    assert doc.spans["deadlines"][3].start_char == raw.index("Thường xuyên")


def test_spacy_component_not_a_plan(monkeypatch):
    import vnplan.spacy_component  # noqa: F401

    def boom(text, **kw):
        raise vnplan.NotAPlanError("no plan found")

    monkeypatch.setattr(vnplan, "parse_text", boom)
    nlp = _nlp()
    nlp.add_pipe("vnplan")
    doc = nlp("Xin chào.")
    assert list(doc.spans["agencies"]) == [] and doc.user_data["vnplan"] is None and doc._.vnplan is None
    assert "no plan" in doc.user_data["vnplan_error"]
    strict = _nlp()
    strict.add_pipe("vnplan", config={"strict": True})
    with pytest.raises(vnplan.NotAPlanError):
        strict("Xin chào.")


# ------------------------------------------------------------------------ corpus

# Recurrence dates a reader finds in each corpus plan, in the plan's year (by hand, from the text).
CORPUS_RECURRENCES = {
    "000_f5d23d8c80671bfb.txt": [  # metadata.year 2023
        [date(2023, 3, 25), date(2023, 6, 25), date(2023, 9, 25), date(2023, 12, 25)],
        [date(2023, 6, 15)],
        [date(2023, 12, 15)],
    ],
    "002_1cf771e150738f55.txt": [[date(2024, 12, 10)]],
    "003_1a37aa9cdf3894bb.txt": [[date(2023, 6, 10)], [date(2023, 12, 10)]],
}
# Dated events (DTSTART, DTEND) by hand.
CORPUS_DATED = {
    "000_f5d23d8c80671bfb.txt": [(date(2023, 1, 1), date(2026, 1, 1))],  # Từ năm 2023 - 2025
    "002_1cf771e150738f55.txt": [(date(2025, 12, 31), date(2026, 1, 1)), (date(2024, 1, 1), date(2026, 1, 1))],
    "004_14088f7d74b7bf6d.txt": [(date(2024, 3, 31), date(2024, 4, 1))],  # trong tháng 3/2024
}

_PARSED: dict[str, Plan] = {}


def corpus_plan(path: Path) -> Plan:
    """The parsed corpus plan (cached). A parser error propagates: the test fails, never skips."""
    if path.name not in _PARSED:
        _PARSED[path.name] = vnplan.parse_file(path)
    return _PARSED[path.name]


corpus_files = pytest.mark.parametrize("path", CORPUS, ids=[p.name[:3] for p in CORPUS])


def test_corpus_present():
    gold = Path(__file__).resolve().parent.parent / "corpus" / "gold"
    assert len(CORPUS) == len(list(gold.glob("*.json"))) >= 12


@corpus_files
def test_corpus_schema(path):
    plan = corpus_plan(path)
    v = Draft202012Validator(to_schema())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(json.loads(plan.to_json()))]
    assert errors == []


@corpus_files
def test_corpus_rules(path):
    plan = corpus_plan(path)
    doc = to_rules(plan)
    Draft202012Validator(rules_schema()).validate(doc)
    again = to_rules(vnplan.parse_file(path))
    assert [r["id"] for r in again["rules"]] == [r["id"] for r in doc["rules"]]
    assert again == doc
    assert sum(r["type"] == "target" for r in doc["rules"]) == len(plan.targets)
    obligations = [r for r in doc["rules"] if r["type"] == "obligation"]
    duties = {tuple(d.span) for d in plan.deadlines + [t.deadline for t in plan.tasks if t.deadline]
              if d.kind in ("recurring", "continuous")}
    assert sorted(tuple(r["span"]) for r in obligations) == sorted(duties)
    for r in doc["rules"]:
        assert plan.quote(tuple(r["span"])) == r["quote"]
    from vnplan.export import dump_rules

    assert yaml.safe_load(dump_rules(doc, "yaml")) == doc


def test_corpus_000_quarterly_report_owned_by_phong_nn():
    plan = corpus_plan(CORPUS[0])
    rules = [r for r in to_rules(plan)["rules"] if r["type"] == "obligation"]
    quarterly = [r for r in rules if "25 tháng cuối quý" in r["quote"]]
    assert len(quarterly) == 2
    assert quarterly[0]["frequency"] == "quarterly"
    assert "Phòng Nông nghiệp và Phát triển nông thôn" in quarterly[0]["owners"]


@corpus_files
def test_corpus_ics(path):
    plan = corpus_plan(path)
    data = to_ics(plan)
    evs = events(data)
    year = plan.metadata.year
    recurrences = [expand(e, year) for e in evs if "rrule" in e]
    for want in CORPUS_RECURRENCES.get(path.name, []):
        assert want in recurrences, f"no event recurs on {want}"
    dated = [(e.decoded("dtstart"), e.decoded("dtend")) for e in evs if "rrule" not in e]
    for want in CORPUS_DATED.get(path.name, []):
        assert want in dated
    assert len({str(e["uid"]) for e in evs}) == len(evs)
    assert to_ics(vnplan.parse_file(path)) == data


@corpus_files
def test_corpus_csv(path):
    plan = corpus_plan(path)
    rows = read_csv(to_csv(plan))
    assert rows[0] == EXPECTED_ROWS[0]
    assert len(rows) == len(plan.tasks) + 1
    for row, t in zip(rows[1:], plan.tasks):
        assert row[0] == "; ".join(t.lead) and row[1] == "; ".join(t.partners)
        assert row[2] == " ".join(t.text.split())
        assert row[4] == (t.deadline.kind if t.deadline else "")


@corpus_files
def test_corpus_jsonl(path):
    plan = corpus_plan(path)
    recs = [json.loads(x) for x in to_jsonl(plan).splitlines()]
    n = sum(len(getattr(plan, f)) for f in ("legal_refs", "quantities", "targets", "agencies", "tasks", "deadlines", "funding"))
    assert len(recs) == n


def test_corpus_folder_csv(tmp_path):
    plans = [corpus_plan(p) for p in CORPUS]
    for p, plan in zip(CORPUS, plans):
        _dump(plan, tmp_path / "out" / (p.stem + ".json"))
    assert run_cli([str(tmp_path / "out"), "--to", "csv", "-o", str(tmp_path / "all.csv")]) == 0
    rows = read_csv((tmp_path / "all.csv").read_text(encoding="utf-8"))
    assert len(rows) == 1 + sum(len(p.tasks) for p in plans)
    assert {r[0] for r in rows[1:]} <= {str(p) for p in CORPUS} | {p.source.path for p in plans}


def test_corpus_spacy_component_003():
    import vnplan.spacy_component  # noqa: F401

    path = ROOT / "corpus" / "raw" / "003_1a37aa9cdf3894bb.txt"
    corpus_plan(path)
    nlp = _nlp()
    nlp.add_pipe("vnplan")
    doc = nlp(path.read_text(encoding="utf-8"))
    texts = [s.text for s in doc.spans["agencies"]]
    assert "Sở Nông nghiệp và Phát triển nông thôn" in texts
    assert any("10/12" in s.text for s in doc.spans["deadlines"])
    assert doc._.vnplan.metadata.number == "219/KH-UBND"
    # the doc serializes with its plan and spans (no Python object in user_data)
    from spacy.tokens import Doc, DocBin

    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.vnplan == doc._.vnplan
    assert [s.text for s in again.spans["agencies"]] == texts
    bin_ = DocBin(store_user_data=True, docs=[doc])
    (back,) = DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    assert back._.vnplan.source_offset(100) == doc._.vnplan.source_offset(100)
    from vnplan.spacy_component import normalized_doc

    nd = normalized_doc(path.read_text(encoding="utf-8"), nlp)
    plan = nd._.vnplan
    assert nd.text == plan.text
    assert [s.text for s in nd.spans["targets"]] == [plan.quote(t.span) for t in plan.targets]


def test_target_owners_come_from_the_task_that_restates_the_target():
    import vnplan
    from vnplan.export import to_rules

    plan = vnplan.parse_file(Path(__file__).resolve().parent.parent / "corpus" / "raw" / "002_1cf771e150738f55.txt")
    owners = [(r["value"], r["owners"]) for r in to_rules(plan)["rules"] if r["type"] == "target"]
    assert owners[0] == (60, ["Ủy ban nhân dân cấp huyện"])
    assert owners[1] == (5, ["Sở Nông nghiệp và Phát triển nông thôn"])
