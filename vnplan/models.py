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
    # validate_assignment: a value set after construction is checked where it is set
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Source(_Model):
    """Where the plan came from."""

    path: Optional[str] = Field(default=None, description="File path, or null for text given directly")
    format: SourceFormat = "txt"
    sha256: str = Field(..., description="SHA-256 of the input bytes (of the UTF-8 text for strings)")
    pages: Optional[int] = Field(default=None, description="Page count for paged formats (PDF)")
    member: Optional[str] = Field(default=None, description="Member name when read from an archive")


class Signer(_Model):
    name: Optional[str] = None
    title: Optional[str] = Field(default=None, description="Sentence case, e.g. 'Phó Chủ tịch'")
    authority: Optional[str] = Field(default=None, description="As printed: 'KT. CHỦ TỊCH', 'TM. ỦY BAN NHÂN DÂN'")
    span: Optional[Span] = None


class Metadata(_Model):
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
    place: Optional[str] = None
    issued_date: Optional[_dt.date] = Field(default=None, description="Null when day or month is blank")
    year: Optional[int] = None
    title: Optional[str] = Field(default=None, description="The trích yếu on one line")
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list)
    doc_type: str = Field(default="Kế hoạch", description="Type word of the document carrying the plan")
    issued_by_decision: Optional[str] = Field(
        default=None, description="Number of the Quyết định that issues the plan, when there is one"
    )


class Section(_Model):
    id: str = Field(..., description="Stable path id: 's1', 's1.2', …")
    label: Optional[str] = Field(default=None, description="Numbering as printed: 'II.', '2.', 'a)', 'Phần thứ nhất'")
    heading: str
    kind: SectionKind = "other"
    level: int = Field(..., ge=1)
    span: Span
    heading_span: Optional[Span] = None
    children: list["Section"] = Field(default_factory=list)


class Fact(_Model):
    span: Span
    section: Optional[str] = None


class LegalRef(Fact):
    symbol: str = Field(..., description="'106/NQ-CP' as printed (typos in the doc-type code normalized)")
    doc_type: Optional[str] = Field(default=None, description="'Nghị quyết', 'Quyết định', …")
    number: Optional[str] = Field(default=None, description="The number part: '106', '98/2018'")
    issued_date: Optional[_dt.date] = None
    issuer: Optional[str] = None
    is_basis: bool = False
    text: str = ""


class Quantity(Fact):
    value: float
    value_max: Optional[float] = None
    unit: str
    text: str
    of_total: Optional[float] = Field(default=None, description="Total of a fraction: 17/48 hợp tác xã → 48")
    per: Optional[str] = Field(default=None, description="Rate period or base after a slash: '10 - 13%/năm' → 'năm' (unit '%'), 'bác sĩ/10.000 dân' → '10.000 dân'")


class Target(Fact):
    value: float
    value_max: Optional[float] = None
    unit: str
    comparator: Comparator = "eq"
    change: Change = "level"
    baseline: Optional[str] = Field(default=None, description="'cùng kỳ', 'hiện nay', or the printed baseline")
    baseline_value: Optional[float] = None
    year: Optional[int] = None
    subject: Optional[str] = None
    per: Optional[str] = Field(default=None, description="Rate period or base of the value ('năm' for '10%/năm')")
    text: str
    owners: list[str] = Field(
        default_factory=list,
        description="Agencies that answer for the target: leads of the tasks at or around it, else "
        "the agencies named in its section (vnplan.facts.owners); often empty")


class Agency(_Model):
    name: str = Field(..., description="Canonical name, abbreviations expanded")
    aliases: list[str] = Field(default_factory=list, description="Forms seen in the text")
    roles: list[Role] = Field(default_factory=list)
    lead: bool = Field(default=False, description="Has its own item or is named chủ trì at least once")
    span: Span = Field(..., description="First mention where a responsibility is given")
    section: Optional[str] = None
    mentions: list[Span] = Field(default_factory=list)


class Deadline(Fact):
    text: str
    kind: DeadlineKind
    date: Optional[_dt.date] = None
    start_year: Optional[int] = None
    end_year: Optional[int] = None
    frequency: Optional[Frequency] = None
    times: Optional[int] = None
    day: Optional[int] = None
    month: Optional[int] = None
    months: Optional[list[int]] = Field(default=None, description="Months of a recurring rule (quarter ends: 3,6,9,12)")
    quarter: Optional[int] = None
    year: Optional[int] = None
    rule: Optional[str] = Field(default=None, description="RFC 5545 RRULE for recurring deadlines")
    event: Optional[str] = Field(default=None, description="The event a relative deadline counts from")
    offset_days: Optional[int] = None
    time: Optional[str] = Field(default=None, description="Time of day of a dated meeting or check, 'HH:MM' ('13h30 ngày 29/4/2026')")
    owners: list[str] = Field(
        default_factory=list,
        description="Agencies that answer for it: the lead of the task that holds it, else the "
        "agencies heading or named in its section (vnplan.facts.owners)")


class Task(Fact):
    text: str
    lead: list[str] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list)
    deadline: Optional[Deadline] = Field(
        default=None,
        description="The task's deadline: the same item as Plan.deadlines[deadline_index] (a Plan "
        "checks they agree, and holds one object for both)")
    deadline_index: Optional[int] = Field(
        default=None, ge=0, description="Index of the task's deadline in Plan.deadlines")
    deadline_text: Optional[str] = Field(default=None, description="The deadline's words as printed")


class Funding(Fact):
    source: str = Field(..., description="Canonical source kind: 'ngân sách trung ương', 'xã hội hóa', …")
    text: str


class Table(_Model):
    title: Optional[str] = None
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    span: Span
    section: Optional[str] = None
    cell_spans: list[list[Optional[Span]]] = Field(default_factory=list)


class Plan(_Model):
    """A parsed Vietnamese administrative plan."""

    schema_version: str = SCHEMA_VERSION
    source: Source
    text: str
    metadata: Metadata = Field(default_factory=Metadata)
    sections: list[Section] = Field(default_factory=list)
    legal_refs: list[LegalRef] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    funding: list[Funding] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
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
        stack = list(reversed(self.sections))
        while stack:
            s = stack.pop()
            yield s
            stack.extend(reversed(s.children))

    def section_by_id(self, sid: str) -> Optional[Section]:
        return next((s for s in self.iter_sections() if s.id == sid), None)

    def to_json(self, indent: Optional[int] = 2) -> str:
        """Deterministic JSON of the plan."""
        return self.model_dump_json(indent=indent)


Section.model_rebuild()
