"""Helpers shared by the fact extractors: regions of the text, clauses, Vietnamese numbers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

import regex

from ..models import Section, Table, walk_sections
from ..structure.sections import SectionTree


@dataclass(frozen=True)
class Draft:
    """The plan an extractor reads: its text, sections and tables, and the facts of the
    extractors before it that it declared it reads (see :mod:`vnplan.facts.registry`); a fact
    it did not declare is not there (``KeyError``)."""

    text: str
    sections: list[Section]
    tables: list[Table]
    facts: Mapping[str, list[Any]] = field(default_factory=dict)

    def iter_sections(self) -> Iterator[Section]:
        """All sections, depth first, in document order."""
        return walk_sections(self.sections)


@dataclass
class Context:
    """What every extractor may read: the text, the tree and the header landmarks."""

    text: str
    tree: SectionTree
    body_start: int
    first_section: int
    body_end: int  # where the closing paragraph or block starts
    closing_start: Optional[int]  # where the closing block (Nơi nhận, signature) starts
    appendix_start: Optional[int]
    own_number: Optional[str]
    issuer: Optional[str]
    issuer_level: Optional[str]
    issuer_parent: Optional[str] = None  # the body above the issuer ("Ủy ban nhân dân tỉnh X" over a Sở)
    title: Optional[str] = None  # the plan's title ("… trên địa bàn tỉnh năm 2026")
    # per-parse memo of the extractors (e.g. agency mentions per line): never module state,
    # so parses in threads cannot see each other's data
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def in_body(self, pos: int) -> bool:
        """True inside the body or an appendix (not header, preamble or closing)."""
        if self.appendix_start is not None and pos >= self.appendix_start:
            return True
        return self.first_section <= pos < self.body_end

    def in_closing_paragraph(self, pos: int) -> bool:
        """True in the closing paragraph ('Trên đây là …'), between the body and the closing block."""
        end = self.closing_start if self.closing_start is not None else len(self.text)
        return self.body_end <= pos < end and (self.appendix_start is None or pos < self.appendix_start)

    def in_preamble(self, pos: int) -> bool:
        return self.body_start <= pos < self.first_section

    def section(self, pos: int) -> Optional[str]:
        return self.tree.section_at(pos)

    def kinds(self, pos: int) -> list[str]:
        return self.tree.kinds_at(pos)


_CLAUSE_END = regex.compile(r"[\n\t;]|[.!?](?=[ \n]|$)")
_CLAUSE_START = regex.compile(r"(?r)[\n\t;]|[.!?](?= )")


def clause_bounds(text: str, pos: int, end: Optional[int] = None) -> tuple[int, int]:
    """Start and end of the clause around ``pos`` (clauses end at . ; ! ? newline TAB)."""
    end = pos if end is None else end
    m = _CLAUSE_START.search(text, 0, pos)
    s = m.end() if m else 0
    m = _CLAUSE_END.search(text, end)
    e = m.start() if m else len(text)
    return s, e


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


_VN_NUMBER = regex.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")


def vn_number(s: str) -> Optional[float]:
    """Read a number the Vietnamese way: '1.131' → 1131, '35,42' → 35.42, '05' → 5."""
    s = s.strip()
    if not _VN_NUMBER.match(s):
        return None
    s = s.replace(".", "").replace(",", ".")
    try:
        v = float(s)
    except ValueError:  # pragma: no cover
        return None
    return v


def as_number(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v
