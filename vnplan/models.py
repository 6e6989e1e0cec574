"""The public data contract of vnplan (Pydantic v2).

Field names here are the contract that tools and evaluations rely on (see SPEC.md):
more fields may be added, none may be renamed. Every extracted item carries ``span``
(character offsets ``[start, end)`` into :attr:`Plan.text`) and ``section`` (the id of the
innermost section that holds it).
"""

from __future__ import annotations

import datetime as _dt
from typing import Callable, Iterator, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

SCHEMA_VERSION = "1.0"

Span = tuple[int, int]

IssuerLevel = Literal["tinh", "huyen", "xa", "trung_uong"]
SectionKind = Literal[
    "danh_gia",
    "quan_diem",
    "muc_dich_yeu_cau",
    "muc_dich",
    "yeu_cau",
    "muc_tieu",
    "muc_tieu_chung",
    "muc_tieu_cu_the",
    "nhiem_vu_giai_phap",
    "kinh_phi",
    "to_chuc_thuc_hien",
    "che_do_bao_cao",
    "phu_luc",
    "other",
]
Comparator = Literal["eq", "gt", "gte", "lt", "lte", "approx"]
Change = Literal["level", "increase", "decrease"]
Role = Literal["chu_tri", "phoi_hop", "tham_muu", "thuc_hien", "bao_cao"]
DeadlineKind = Literal[
    "date", "before_date", "recurring", "period", "year", "continuous", "relative"
]
Frequency = Literal["daily", "weekly", "monthly", "quarterly", "semiannual", "annual"]
SourceFormat = Literal["txt", "md", "html", "pdf", "docx", "doc"]


class _Model(BaseModel):
    """Base of the models: unknown fields are rejected, assignments validated."""

    # validate_assignment: a value set after construction is checked where it is set
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Source(_Model):
    """Where the plan came from."""

    path: Optional[str] = Field(default=None, description="File path, or null for text given directly")
    format: SourceFormat = Field(default="txt", description="The format the plan was read as")
    sha256: str = Field(..., description="SHA-256 of the input bytes (of the UTF-8 text for strings)")
    pages: Optional[int] = Field(default=None, description="Page count for paged formats (PDF)")
    member: Optional[str] = Field(default=None, description="Member name when read from an archive")


class Signer(_Model):
    """The signature block: who signs, with what title and authority."""

    name: Optional[str] = Field(default=None, description="The signer's name as printed under the signature")
    title: Optional[str] = Field(default=None, description="Sentence case, e.g. 'Phó Chủ tịch'")
    authority: Optional[str] = Field(default=None, description="As printed: 'KT. CHỦ TỊCH', 'TM. ỦY BAN NHÂN DÂN'")
    span: Optional[Span] = Field(default=None, description="Where the signature block is in Plan.text")


class Metadata(_Model):
    """What the header and closing say: number, issuer, place and date, title, signer, recipients."""

    number: Optional[str] = Field(default=None, description="'219/KH-UBND'; null when left blank")
    issuer: Optional[str] = Field(
        default=None,
        description="The body that issues the plan, full name: 'Ủy ban nhân dân thành phố Cần Thơ'; "
        "for a body under a parent, the second header line with the parent's locality: "
        "'Sở Công Thương tỉnh Lào Cai'",
    )
    issuer_parent: Optional[str] = Field(
        default=None,
        description="The parent body named on the header line above the issuer ('Ủy ban nhân dân "
        "tỉnh Lào Cai' above 'SỞ CÔNG THƯƠNG', 'Bộ Công Thương' above 'CỤC …'); null when the "
        "header names the issuer alone",
    )
    issuer_level: Optional[IssuerLevel] = Field(
        default=None,
        description="Administrative level of the issuer: 'tinh', 'huyen', 'xa' (SPEC); a body of a "
        "province or district (Sở, Phòng) has the level of the unit it belongs to; 'trung_uong' "
        "(an extension of SPEC's values) for central bodies: a Bộ, a Tổng cục, a Cục without a locality",
    )
    place: Optional[str] = Field(default=None, description="Place of issue on the place-date line: 'Ngọc Hồi'")
    issued_date: Optional[_dt.date] = Field(default=None, description="Null when day or month is blank")
    year: Optional[int] = Field(default=None, description="Year of issue (also when the day or month is left blank)")
    title: Optional[str] = Field(default=None, description="The trích yếu on one line")
    signer: Signer = Field(default_factory=Signer, description="Who signs the plan, and with what authority")
    recipients: list[str] = Field(default_factory=list, description="The Nơi nhận list, one receiver an item")
    doc_type: str = Field(default="Kế hoạch", description="Type word of the document carrying the plan")
    issued_by_decision: Optional[str] = Field(
        default=None, description="Number of the Quyết định that issues the plan, when there is one"
    )


class Section(_Model):
    """One numbered or headed part of the plan, with its sub-sections."""

    id: str = Field(..., description="Stable path id: 's1', 's1.2', …")
    label: Optional[str] = Field(default=None, description="Numbering as printed: 'II.', '2.', 'a)', 'Phần thứ nhất'")
    heading: str = Field(..., description="The heading without its label, on one line")
    kind: SectionKind = Field(default="other", description="Canonical part: 'muc_tieu', 'to_chuc_thuc_hien', …; 'other' for the rest")
    level: int = Field(..., ge=1, description="Depth in the tree: 1 for a top-level part")
    span: Span = Field(..., description="From the heading to where the next heading of equal or higher rank starts")
    heading_span: Optional[Span] = Field(default=None, description="The heading line(s), label included")
    children: list["Section"] = Field(default_factory=list, description="Sub-sections in document order")


def walk_sections(sections: list[Section]) -> Iterator[Section]:
    """All sections of a tree, depth first, in document order."""
    stack = list(reversed(sections))
    while stack:
        s = stack.pop()
        yield s
        stack.extend(reversed(s.children))


class Fact(_Model):
    """Anything extracted: its quote's span in Plan.text and the section holding it."""

    span: Span = Field(..., description="Character offsets [start, end) of the quote in Plan.text")
    section: Optional[str] = Field(default=None, description="Id of the innermost section holding it")


class LegalRef(Fact):
    """A cited legal document (Nghị quyết, Quyết định, Kế hoạch …)."""

    symbol: str = Field(..., description="'106/NQ-CP' as printed (typos in the doc-type code normalized)")
    doc_type: Optional[str] = Field(default=None, description="'Nghị quyết', 'Quyết định', …")
    number: Optional[str] = Field(default=None, description="The number part: '106', '98/2018'")
    issued_date: Optional[_dt.date] = Field(default=None, description="Date of the cited document, when given")
    issuer: Optional[str] = Field(default=None, description="Body that issued the cited document: 'Chính phủ', 'Ủy ban nhân dân tỉnh Kon Tum'")
    is_basis: bool = Field(default=False, description="Cited as a legal basis (Căn cứ …, Thực hiện …)")
    text: str = Field(default="", description="The citation as printed")


class Quantity(Fact):
    """A number with its unit, anywhere in the body."""

    value: float = Field(..., description="The number: '1.131' → 1131, '35,42' → 35.42")
    value_max: Optional[float] = Field(default=None, description="Upper end of a range ('10 - 13%' → 13)")
    unit: str = Field(..., description="'%' or the counted noun: 'hợp tác xã', 'tỷ đồng'")
    text: str = Field(..., description="The number and unit as printed")
    of_total: Optional[float] = Field(default=None, description="Total of a fraction: 17/48 hợp tác xã → 48")
    per: Optional[str] = Field(default=None, description="Rate period or base after a slash: '10 - 13%/năm' → 'năm' (unit '%'), 'bác sĩ/10.000 dân' → '10.000 dân'")


class Target(Fact):
    """A committed figure (chỉ tiêu): a quantity in the targets part, with its comparator and subject."""

    value: float = Field(..., description="The committed figure")
    value_max: Optional[float] = Field(default=None, description="Upper end of a committed range")
    unit: str = Field(..., description="'%' or the counted noun")
    comparator: Comparator = Field(default="eq", description="'trên' gt, 'ít nhất'/'trở lên' gte, 'dưới' lt, 'tối đa' lte, 'khoảng' approx")
    change: Change = Field(default="level", description="'increase'/'decrease' for a growth or cut ('tăng 10%'), else 'level'")
    baseline: Optional[str] = Field(default=None, description="'cùng kỳ', 'hiện nay', or the printed baseline")
    baseline_value: Optional[float] = Field(default=None, description="The present figure given in brackets, when printed")
    year: Optional[int] = Field(default=None, description="The year the target is due ('Đến năm 2025')")
    subject: Optional[str] = Field(default=None, description="What the figure measures: 'hợp tác xã nông nghiệp đạt loại khá, tốt'")
    per: Optional[str] = Field(default=None, description="Rate period or base of the value ('năm' for '10%/năm')")
    text: str = Field(..., description="The shortest quote holding the comparator, number and subject")
    owners: list[str] = Field(
        default_factory=list,
        description="Agencies that answer for the target: leads of the tasks at or around it, else "
        "the agencies named in its section (vnplan.facts.owners); often empty")


class Agency(_Model):
    """A body the plan gives work to, with its roles and every mention."""

    name: str = Field(..., description="Canonical name, abbreviations expanded")
    aliases: list[str] = Field(default_factory=list, description="Forms seen in the text")
    roles: list[Role] = Field(default_factory=list, description="Roles it is given: chu_tri, phoi_hop, tham_muu, thuc_hien, bao_cao")
    lead: bool = Field(default=False, description="Has its own item or is named chủ trì at least once")
    span: Span = Field(..., description="First mention where a responsibility is given")
    section: Optional[str] = Field(default=None, description="Id of the section of its first responsibility")
    mentions: list[Span] = Field(default_factory=list, description="Every span where it is named, in text order")


class Deadline(Fact):
    """A time constraint on work or a report, typed; an RRULE when it recurs."""

    text: str = Field(..., description="The time words as printed: 'trước ngày 30/6/2025', 'hằng quý'")
    kind: DeadlineKind = Field(..., description="date, before_date, recurring, period, year, continuous or relative")
    date: Optional[_dt.date] = Field(default=None, description="The day, when the deadline names one; the last day of a dated period")
    start_date: Optional[_dt.date] = Field(
        default=None, description="The first day of a dated period ('từ ngày 01/3/2026 đến ngày 30/4/2026')")
    start_year: Optional[int] = Field(default=None, description="First year of a period ('2023 - 2025' → 2023)")
    end_year: Optional[int] = Field(default=None, description="Last year of a period")
    frequency: Optional[Frequency] = Field(default=None, description="How often a recurring deadline comes back")
    times: Optional[int] = Field(default=None, description="Times per period ('02 lần/năm' → 2)")
    day: Optional[int] = Field(default=None, description="Day of the month of a recurring rule or of a date")
    month: Optional[int] = Field(default=None, description="Month of a date or of a yearly rule")
    months: Optional[list[int]] = Field(default=None, description="Months of a recurring rule (quarter ends: 3,6,9,12)")
    quarter: Optional[int] = Field(default=None, description="Quarter of a date ('quý III/2025' → 3)")
    year: Optional[int] = Field(default=None, description="Year of a date or of a year deadline")
    rule: Optional[str] = Field(default=None, description="RFC 5545 RRULE for recurring deadlines")
    event: Optional[str] = Field(default=None, description="The event a relative deadline counts from")
    offset_days: Optional[int] = Field(default=None, description="Days after the event of a relative deadline")
    time: Optional[str] = Field(default=None, description="Time of day of a dated meeting or check, 'HH:MM' ('13h30 ngày 29/4/2026')")
    owners: list[str] = Field(
        default_factory=list,
        description="Agencies that answer for it: the lead of the task that holds it, else the "
        "agencies heading or named in its section (vnplan.facts.owners)")


class Task(Fact):
    """Who does what by when: a task's text, lead and partner agencies, and its deadline."""

    text: str = Field(..., description="What is to be done, as printed")
    lead: list[str] = Field(default_factory=list, description="Agencies that lead it (chủ trì), canonical names")
    partners: list[str] = Field(default_factory=list, description="Agencies that take part (phối hợp)")
    deadline: Optional[Deadline] = Field(
        default=None,
        description="The task's deadline: the same item as Plan.deadlines[deadline_index] (a Plan "
        "checks they agree, and holds one object for both)")
    deadline_index: Optional[int] = Field(
        default=None, ge=0, description="Index of the task's deadline in Plan.deadlines")
    deadline_text: Optional[str] = Field(default=None, description="The deadline's words as printed")


class Funding(Fact):
    """A funding source named in the kinh phí part."""

    source: str = Field(..., description="Canonical source kind: 'ngân sách trung ương', 'xã hội hóa', …")
    text: str = Field(..., description="The source as printed")
    amount: Optional[float] = Field(
        default=None, description="The sum the plan gives this source, in ``unit``: 'ngân sách tỉnh 10.000 triệu đồng' → 10000")
    unit: Optional[str] = Field(default=None, description="The money unit of ``amount``, as printed in lower case: 'triệu đồng', 'tỷ đồng'")


class Table(_Model):
    """A data table of the plan (a task table, an appendix table)."""

    title: Optional[str] = Field(default=None, description="The table's caption or the appendix title above it")
    header: list[str] = Field(default_factory=list, description="Column headings (header rows merged)")
    rows: list[list[str]] = Field(default_factory=list, description="Body rows, one string a cell")
    span: Span = Field(..., description="Where the table is in Plan.text")
    section: Optional[str] = Field(default=None, description="Id of the section holding it")
    cell_spans: list[list[Optional[Span]]] = Field(default_factory=list, description="Span of each cell, header row first (null for an empty cell)")


class Plan(_Model):
    """A parsed Vietnamese administrative plan."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this data contract")
    source: Source = Field(..., description="The file or text the plan was read from")
    text: str = Field(..., description="The normalized text (NFC, one tone-mark convention, wrapped lines "
                      "joined); every span points into it")
    metadata: Metadata = Field(default_factory=Metadata, description="Header and closing: number, issuer, date, title, signer")
    sections: list[Section] = Field(default_factory=list, description="The section tree of the body and appendices")
    legal_refs: list[LegalRef] = Field(default_factory=list, description="Cited legal documents, in text order")
    quantities: list[Quantity] = Field(default_factory=list, description="Every number with a unit, in text order")
    targets: list[Target] = Field(default_factory=list, description="Committed figures of the targets parts")
    agencies: list[Agency] = Field(default_factory=list, description="Bodies given work, in order of first mention")
    tasks: list[Task] = Field(default_factory=list, description="Who does what by when, in text order")
    deadlines: list[Deadline] = Field(default_factory=list, description="Time constraints on work and reports, in text order")
    funding: list[Funding] = Field(default_factory=list, description="Funding sources of the kinh phí part")
    tables: list[Table] = Field(default_factory=list, description="Data tables (task tables, appendices)")
    warnings: list[str] = Field(default_factory=list, description="What could not be read, or was read with doubt (OCR'd pages, a blank number)")
    offset_map: Optional[str] = Field(
        default=None,
        description="Compact map from offsets of `text` back to the reader's text (before "
        "normalization), for Plan.source_offset after a JSON round trip (vnplan.offsets)")

    _offsets: Optional[Callable[[int], int]] = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _one_deadline_per_task(self) -> "Plan":
        """A task's deadline is ``deadlines[task.deadline_index]``, one object for both; a copy
        that differs from it (a hand-edited JSON) is an error."""
        for n, task in enumerate(self.tasks):
            k = task.deadline_index
            if k is None:
                continue
            if k >= len(self.deadlines):
                raise ValueError(f"tasks[{n}].deadline_index is {k}, but the plan has "
                                 f"{len(self.deadlines)} deadlines")
            shared = self.deadlines[k]
            if task.deadline is not shared:
                if task.deadline is not None and task.deadline != shared:
                    raise ValueError(f"tasks[{n}].deadline differs from deadlines[{k}]")
                object.__setattr__(task, "deadline", shared)  # the same object, not a copy
        return self

    def quote(self, span: Span) -> str:
        """The text of ``Plan.text`` under ``span``."""
        return self.text[span[0] : span[1]]

    def source_offset(self, i: int) -> Optional[int]:
        """Offset in the reader's text (before normalization) of character ``i`` of ``text``
        (None when ``i`` is outside the text). Works on a Plan read back from JSON through its
        ``offset_map``; a Plan without one (built by hand, or written by an older vnplan)
        raises :class:`vnplan.offsets.OffsetMapError` saying so."""
        if not 0 <= i <= len(self.text):
            return None
        if self._offsets is None:
            from .offsets import OffsetMap, OffsetMapError

            if self.offset_map is None:
                raise OffsetMapError("this Plan holds no offset map (built by hand, or written by "
                                     "an older vnplan): parse its source again to map offsets")
            self._offsets = OffsetMap.from_compact(self.offset_map)
        return self._offsets(i)

    def iter_sections(self) -> Iterator[Section]:
        """All sections, depth first, in document order."""
        return walk_sections(self.sections)

    def section_by_id(self, sid: str) -> Optional[Section]:
        return next((s for s in self.iter_sections() if s.id == sid), None)

    def to_json(self, indent: Optional[int] = 2) -> str:
        """Deterministic JSON of the plan."""
        return self.model_dump_json(indent=indent)


Section.model_rebuild()
