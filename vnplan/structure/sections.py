"""The section tree: numbering schemes, heading text, levels, spans and kinds.

Numbering schemes are ranked (part < Roman < Arabic < 1.1 < 1.1.1 < letters < bullets); a
heading closes every open section of equal or lower rank, so repeated (two ``III.``) or
skipped numbers (a plan that starts at ``II.``) and mixed schemes nest as printed. Kinds come
from the keyword data file ``data/sections.yaml``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from ..datafiles import load_data
from ..models import Section
from .lines import Line, split_lines

_ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_SCHEMES: list[tuple[str, int, "regex.Pattern[str]"]] = [
    (
        "part",
        0,
        regex.compile(
            r"^(?P<label>(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:thứ\s+\p{L}+|THỨ\s+\p{L}+|\d{1,2}|(?=[IVXL])" + _ROMAN + r"))\b\s*[.:–-]?\s*(?P<rest>.*)$"
        ),
    ),
    ("upper_letter", 5, regex.compile(r"^(?P<label>[A-HĐ])\.\s+(?P<rest>\p{Lu}.*)$")),
    ("roman", 10, regex.compile(r"^(?P<label>(?=[IVXL])" + _ROMAN + r")\s*[.:]\s*(?P<rest>\S.*)$")),
    ("arabic3", 40, regex.compile(r"^(?P<label>\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+(?P<rest>\S.*)$")),
    ("arabic2", 30, regex.compile(r"^(?P<label>\d{1,2}\.\d{1,2})\.?\s+(?P<rest>\S.*)$")),
    ("arabic", 20, regex.compile(r"^(?P<label>\d{1,2})\.\s*(?P<rest>[^\d\s].*)$")),
    ("arabic_paren", 45, regex.compile(r"^(?P<label>\(?\d{1,2}\))\s*(?P<rest>\S.*)$")),
    ("letter", 50, regex.compile(r"^(?P<label>[a-zđ]\)|[a-zđ]\.(?=\s))\s*(?P<rest>\S.*)$")),
    ("bullet", 60, regex.compile(r"^(?P<label>[-–•])\s+(?P<rest>\S.*)$")),
    ("bullet_plus", 65, regex.compile(r"^(?P<label>\+)\s+(?P<rest>\S.*)$")),
    ("bullet_star", 62, regex.compile(r"^(?P<label>\*)\s+(?P<rest>\S.*)$")),
]
_APPENDIX = regex.compile(r"^(?P<label>(?i:phụ\s+lục))(?P<num>\s+(?:số\s+)?[\dIVXLA-Z]{1,6}\b)?\s*[.:]?\s*(?P<rest>.*)$")
_RUN_IN = regex.compile(r"^(?P<head>[^:]{2,160}?)\s*:\s*(?P<body>\S.*)?$")


@lru_cache(maxsize=None)
def _config() -> dict:
    return load_data("sections")


def is_appendix_line(text: str) -> bool:
    """True for a line that opens an appendix (``PHỤ LỤC``, ``Phụ lục II``, ``PHỤ LỤC:``)."""
    return _APPENDIX.match(text.strip()) is not None


def _may_be_labeled(t: str) -> bool:
    """A cheap test before the scheme patterns: can ``t`` open with a numbering label?"""
    return bool(t) and (
        t[0] in "0123456789IVXL(-–•+*"
        or (len(t) > 1 and t[1] in ").")
        or t[:6].casefold().startswith(("phần", "chương"))
    )


def is_heading_start(text: str) -> bool:
    """True when ``text`` starts with a numbering label of a section heading (not a bullet)."""
    t = text.strip()
    for name, rank, pat in _SCHEMES:
        if rank >= 60:
            return False
        if pat.match(t):
            return True
    return False


@lru_cache(maxsize=8192)
def classify_heading(heading: str) -> str:
    """The section kind of a heading, by its first words (see data/sections.yaml)."""
    cfg = _config()
    h = " ".join(heading.casefold().split()).strip(" .:;-–*")
    changed = True
    while changed:
        changed = False
        for p in cfg["drop_prefixes"]:
            if h.startswith(p + " "):
                h = h[len(p) + 1 :]
                changed = True
    for entry in cfg["kinds"]:
        for kw in entry["keywords"]:
            if h.startswith(kw) and (len(h) == len(kw) or not h[len(kw)].isalpha()):
                return entry["kind"]
    return "other"


@dataclass
class _Node:
    label: Optional[str]
    heading: str
    rank: int
    start: int
    heading_end: int
    kind: str
    scheme: str
    run_in: bool = False
    end: int = 0
    children: list["_Node"] = field(default_factory=list)
    parent: Optional["_Node"] = None
    id: str = ""


@dataclass
class SectionTree:
    """The sections plus a lookup of the innermost section at an offset."""

    sections: list[Section]
    flat: list[tuple[int, int, str, str]]  # (start, end, id, kind) in document order
    appendix_titles: dict[str, tuple[str, tuple[int, int]]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)
    _parents: dict[str, Optional[str]] = field(default_factory=dict)
    _spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    _kinds: Optional[dict[str, str]] = None

    def section_at(self, offset: int) -> Optional[str]:
        """Id of the innermost section whose span holds ``offset`` (None outside every section).

        Spans nest, so it is the last section starting at or before ``offset`` or one of its
        ancestors.
        """
        k = bisect_right(self._starts, offset) - 1
        sid = self.flat[k][2] if k >= 0 else None
        while sid is not None:
            start, end = self._spans[sid]
            if start <= offset < end:
                return sid
            sid = self._parents.get(sid)
        return None

    def ancestors(self, sid: Optional[str]) -> list[str]:
        """``sid`` and its ancestors, innermost first."""
        out = []
        while sid is not None:
            out.append(sid)
            sid = self._parents.get(sid)
        return out

    def kinds_at(self, offset: int) -> list[str]:
        """Kinds of the section at ``offset`` and of its ancestors, innermost first."""
        if self._kinds is None:
            self._kinds = {sid: kind for _, _, sid, kind in self.flat}
        return [self._kinds[s] for s in self.ancestors(self.section_at(offset))]


def _heading_of(rest: str) -> tuple[str, bool]:
    """Heading text of a labeled line, and whether it is a run-in heading."""
    rest = rest.strip()
    m = _RUN_IN.match(rest)
    if m and m.group("body") and len(m.group("head")) <= _config()["max_heading_chars"]:
        return m.group("head").strip(), True
    return rest.rstrip(" .:;"), False


def build_sections(text: str, header, hints: Optional[set[int]] = None, lines: Optional[list[Line]] = None) -> SectionTree:
    """Build the section tree of the body and the appendices."""
    cfg = _config()
    hints = hints or set()
    lines = lines if lines is not None else split_lines(text)
    body_start = header.body_start
    closing = header.body_end if header.body_end is not None else len(text)
    appendix = header.appendix_start
    max_chars = cfg["max_heading_chars"]
    max_item = cfg["max_item_heading_chars"]

    nodes: list[_Node] = []
    skip_until = -1
    appendix_titles: dict[int, tuple[str, tuple[int, int]]] = {}
    for i, ln in enumerate(lines):
        if ln.start < body_start or i <= skip_until or ln.is_table_row:
            continue
        in_body = ln.start < closing
        in_appendix = appendix is not None and ln.start >= appendix
        if not (in_body or in_appendix):
            continue
        t = ln.text.strip()
        m = _APPENDIX.match(t) if t[:2].casefold() == "ph" else None
        if m and (in_appendix or t.isupper()):
            label = (m.group("label") + (m.group("num") or "")).strip()
            heading = " ".join(label.split())
            node = _Node(label=None, heading=heading, rank=-1, start=ln.start, heading_end=ln.end, kind="phu_luc", scheme="appendix")
            nodes.append(node)
            # the appendix title: following capital/unlabeled lines up to a table or caption
            title_lines = [m.group("rest")] if m.group("rest") else []
            j = i + 1
            while j < len(lines) and not lines[j].is_table_row:
                tj = lines[j].text.strip()
                if tj.startswith("(") or is_heading_start(tj) or not (tj.isupper() or not title_lines):
                    break
                title_lines.append(tj)
                j += 1
            if title_lines:
                first = lines[i + 1].start if j > i + 1 else ln.start + m.start("rest")
                appendix_titles[len(nodes) - 1] = (" ".join(title_lines), (first, lines[j - 1].end))
                skip_until = j - 1
            continue
        for scheme, rank, pat in (_SCHEMES if _may_be_labeled(t) else ()):
            pm = pat.match(t)
            if not pm:
                continue
            label = pm.group("label")
            rest = pm.group("rest") or ""
            heading_end = ln.end
            if scheme == "part":
                if not rest.strip() and i + 1 < len(lines) and not is_heading_start(lines[i + 1].text):
                    rest = lines[i + 1].text
                    heading_end = lines[i + 1].end
                    skip_until = i + 1
            heading, run_in = _heading_of(rest)
            kind = classify_heading(heading) if len(heading) <= max_chars else "other"
            if rank >= 50 and (len(heading) > max_item or (not run_in and len(rest) > max_item)):
                kind = "other"
            if rank >= 60:
                break  # a bullet item is a list item, not a section, whatever its words
            nodes.append(_Node(label=label, heading=heading, rank=rank, start=ln.start, heading_end=heading_end, kind=kind, scheme=scheme, run_in=run_in))
            break
        else:
            # unlabeled: a marked-up or capitals line that names a canonical part
            if in_body and (ln.start in hints or t.isupper()) and len(t) <= max_chars:
                heading = t.rstrip(" .:")
                kind = classify_heading(heading)
                if kind != "other":
                    nodes.append(_Node(label=None, heading=heading, rank=10, start=ln.start, heading_end=ln.end, kind=kind, scheme="unlabeled"))

    # --- nest by rank; spans end where the next heading of equal or higher rank starts
    roots: list[_Node] = []
    stack: list[_Node] = []
    body_end = closing
    for node in nodes:
        region_end = len(text) if (appendix is not None and node.start >= appendix) else body_end
        if node.scheme == "appendix":
            stack.clear()
        while stack and stack[-1].rank >= node.rank:
            stack.pop().end = node.start
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        else:
            roots.append(node)
        node.end = region_end
        stack.append(node)
        # close sections that cannot extend into the closing block
    _fix_ends(roots, len(text))

    # --- containers and leaf kinds
    plan_kinds = set(cfg["plan_kinds"])
    containers = set(cfg["container_candidates"])
    leaf = set(cfg["leaf_kinds"])

    def descendant_kinds(n: _Node) -> set[str]:
        out: set[str] = set()
        for c in n.children:
            out.add(c.kind)
            out |= descendant_kinds(c)
        return out

    def fix_kinds(ns: list[_Node], parent_kind: Optional[str]) -> None:
        for n in ns:
            if parent_kind in leaf and (n.kind != parent_kind or len(n.heading) > max_item):
                n.kind = "other"  # a list item of the part; a short sub-heading of its kind stays
            if n.kind in containers and descendant_kinds(n) & plan_kinds:
                n.kind = "other"
            fix_kinds(n.children, n.kind if n.kind in leaf else parent_kind if parent_kind in leaf else None)

    fix_kinds(roots, None)

    # --- ids and models
    flat: list[tuple[int, int, str, str]] = []
    parents: dict[str, Optional[str]] = {}
    titles: dict[str, tuple[str, tuple[int, int]]] = {}
    index_of = {id(n): k for k, n in enumerate(nodes)}

    def to_model(n: _Node, sid: str, level: int, parent: Optional[str]) -> Section:
        n.id = sid
        flat.append((n.start, n.end, sid, n.kind))
        parents[sid] = parent
        k = index_of[id(n)]
        if k in appendix_titles:
            titles[sid] = appendix_titles[k]
        children = [to_model(c, f"{sid}.{j}", level + 1, sid) for j, c in enumerate(n.children, 1)]
        label = " ".join(n.label.split()) if n.label else None
        if label and n.scheme in ("upper_letter", "roman", "arabic", "arabic2", "arabic3") and not label.endswith("."):
            label += "."
        return Section(
            id=sid,
            label=label,
            heading=" ".join(n.heading.split()),
            kind=n.kind,  # type: ignore[arg-type]
            level=level,
            span=(n.start, n.end),
            heading_span=(n.start, n.heading_end),
            children=children,
        )

    sections = [to_model(n, f"s{j}", 1, None) for j, n in enumerate(roots, 1)]
    flat.sort(key=lambda x: (x[0], -x[1]))
    tree = SectionTree(sections=sections, flat=flat, appendix_titles=titles)
    tree._starts = [f[0] for f in flat]
    tree._parents = parents
    tree._spans = {sid: (start, end) for start, end, sid, _ in flat}
    return tree


def _fix_ends(ns: list[_Node], limit: int) -> None:
    for k, n in enumerate(ns):
        if k + 1 < len(ns):
            n.end = min(n.end, ns[k + 1].start)
        n.end = min(n.end, limit)
        _fix_ends(n.children, n.end)
