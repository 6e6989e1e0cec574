"""A small provincial plan built by hand (spans computed from its text), for the review and index
tests: every value here is what a person reads off the text, independent of the parser."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Optional

from vnplan.facts.owners import link_owners
from vnplan.models import (
    Agency, Deadline, LegalRef, Metadata, Plan, Quantity, Section, Signer, Source, Target, Task,
)

STC = "Sở Tài chính"
SCT = "Sở Công Thương"

TEXT = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 12/KH-UBND
An Giang, ngày 10 tháng 01 năm 2025
KẾ HOẠCH
Phát triển kinh tế tập thể năm 2025
Căn cứ Nghị quyết số 20-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương;
I. MỤC TIÊU
Phấn đấu đến năm 2025 có trên 60% hợp tác xã đạt loại khá <b>&</b> tốt.
II. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính chủ trì, phối hợp với Sở Công Thương tổng hợp báo cáo trước ngày 15/12 hằng năm.
2. Sở Công Thương chủ trì rà soát hợp tác xã, báo cáo trước ngày 05 hằng tháng.
"""

#: The target's text, with markup that must be shown as text (escaped), never as HTML.
TARGET_TEXT = "trên 60% hợp tác xã đạt loại khá <b>&</b> tốt"
LEGAL_TEXT = "Nghị quyết số 20-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương"


def sp(needle: str, after: str = "") -> tuple[int, int]:
    """Span of the first ``needle`` in TEXT after the anchor text ``after``."""
    i = TEXT.index(needle, TEXT.index(after) if after else 0)
    return (i, i + len(needle))


def _line(prefix: str) -> tuple[int, int]:
    i = TEXT.index(prefix)
    return (i, TEXT.index("\n", i) + 1)


def _sections() -> list[Section]:
    s21, s22 = _line("1. Sở Tài chính"), _line("2. Sở Công Thương")
    kids = [
        Section(id="s2.1", label="1.", heading=TEXT[s21[0] + 3 : s21[1] - 1], level=2, span=s21,
                heading_span=(s21[0] + 3, s21[1] - 1)),
        Section(id="s2.2", label="2.", heading=TEXT[s22[0] + 3 : s22[1] - 1], level=2, span=s22,
                heading_span=(s22[0] + 3, s22[1] - 1)),
    ]
    i1, i2 = TEXT.index("I. MỤC TIÊU"), TEXT.index("II. TỔ CHỨC")
    return [
        Section(id="s1", label="I.", heading="MỤC TIÊU", kind="muc_tieu", level=1, span=(i1, i2),
                heading_span=sp("MỤC TIÊU")),
        Section(id="s2", label="II.", heading="TỔ CHỨC THỰC HIỆN", kind="to_chuc_thuc_hien", level=1,
                span=(i2, len(TEXT)), heading_span=sp("TỔ CHỨC THỰC HIỆN"), children=kids),
    ]


def _deadlines() -> list[Deadline]:
    return [
        Deadline(span=sp("trước ngày 15/12 hằng năm"), section="s2.1", text="trước ngày 15/12 hằng năm",
                 kind="recurring", frequency="annual", day=15, month=12, rule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"),
        Deadline(span=sp("trước ngày 05 hằng tháng"), section="s2.2", text="trước ngày 05 hằng tháng",
                 kind="recurring", frequency="monthly", day=5, rule="FREQ=MONTHLY;BYMONTHDAY=5"),
    ]


def _tasks(deadlines: list[Deadline]) -> list[Task]:
    out = []
    for n, (prefix, lead, partners) in enumerate([("1. Sở Tài chính", [STC], [SCT]), ("2. Sở Công Thương", [SCT], [])]):
        s, e = _line(prefix)
        s, e = s + 3, e - 1
        out.append(Task(span=(s, e), section=f"s2.{n + 1}", text=TEXT[s:e], lead=lead, partners=partners,
                        deadline=deadlines[n], deadline_text=deadlines[n].text))
    return out


def hand_plan(number: str = "12/KH-UBND", issued: Optional[date] = date(2025, 1, 10),
              path: str = "plans/an-giang-12.txt") -> Plan:
    """The plan; ``number``, ``issued`` and ``path`` vary it (the sha256 follows the number)."""
    deadlines = _deadlines()
    tgt = sp(TARGET_TEXT)
    plan = Plan(
        source=Source(path=path, format="txt", sha256=hashlib.sha256(f"{TEXT}{number}".encode()).hexdigest()),
        text=TEXT,
        metadata=Metadata(number=number, issuer="Ủy ban nhân dân tỉnh An Giang", issuer_level="tinh",
                          place="An Giang", issued_date=issued, year=issued.year if issued else 2025,
                          title="Phát triển kinh tế tập thể năm 2025",
                          signer=Signer(name="Trần Văn B", title="Phó Chủ tịch", authority="KT. CHỦ TỊCH")),
        sections=_sections(),
        legal_refs=[LegalRef(span=sp(LEGAL_TEXT), symbol="20-NQ/TW", doc_type="Nghị quyết", number="20",
                             issued_date=date(2022, 6, 16), issuer="Ban Chấp hành Trung ương", is_basis=True,
                             text=LEGAL_TEXT)],
        quantities=[Quantity(span=sp("60%"), section="s1", value=60, unit="%", text="60%")],
        targets=[Target(span=tgt, section="s1", value=60, unit="%", comparator="gt", year=2025,
                        subject="hợp tác xã đạt loại khá <b>&</b> tốt", text=TARGET_TEXT)],
        agencies=[
            Agency(name=STC, aliases=[STC], roles=["chu_tri"], lead=True, span=sp(STC, "II."), section="s2.1",
                   mentions=[sp(STC, "II.")]),
            Agency(name=SCT, aliases=[SCT], roles=["phoi_hop", "chu_tri"], lead=True, span=sp(SCT, "II."),
                   section="s2.1", mentions=[sp(SCT, "II."), sp(SCT, "2. Sở")]),
        ],
        tasks=_tasks(deadlines),
        deadlines=deadlines,
        warnings=["hand-made plan: <no parser> ran"],
    )
    # owners are linked after the extractors, as vnplan.parse does
    link_owners(plan.text, plan.sections, plan.targets, plan.deadlines, plan.tasks, plan.agencies)
    return plan
