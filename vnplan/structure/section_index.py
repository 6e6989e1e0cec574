"""Sections of a plan by id, with their parents, for quick look-ups (facts and exports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from ..models import Section

__all__ = ["SectionIndex"]


class SectionIndex:
    """Sections by id, with their parents (built once from a section tree)."""

    def __init__(self, sections: Sequence[Section]):
        self.by_id: dict[str, Section] = {}
        self.parent: dict[str, Optional[str]] = {}
        stack: list[tuple[Section, Optional[str]]] = [(s, None) for s in reversed(sections)]
        while stack:
            sec, parent = stack.pop()
            self.by_id[sec.id] = sec
            self.parent[sec.id] = parent
            stack.extend((c, sec.id) for c in reversed(sec.children))

    def get(self, sid: Optional[str]) -> Optional[Section]:
        """The section with id ``sid`` (None for None or an unknown id)."""
        return self.by_id.get(sid) if sid else None

    def chain(self, sid: Optional[str]) -> list[Section]:
        """The section ``sid`` then its ancestors, innermost first."""
        out: list[Section] = []
        while sid and sid in self.by_id:
            out.append(self.by_id[sid])
            sid = self.parent.get(sid)
        return out

    def label(self, sid: Optional[str]) -> str:
        """``"<id> <heading>"`` for a table cell, ``""`` when there is no section."""
        sec = self.get(sid)
        if sec is None:
            return sid or ""
        heading = " ".join(sec.heading.split())
        return f"{sec.id} {heading}".strip()
