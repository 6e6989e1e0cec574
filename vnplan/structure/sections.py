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
from typing import Any, Optional

import regex

from ..datafiles import alternation, load_data
from ..models import Section
from .labels import DASH_AFTER, ROMAN
from .lines import Line, split_lines

_ROMAN = ROMAN


def _part_pattern() -> "regex.Pattern[str]":
    """``Phần thứ nhất``, ``CHƯƠNG II``: a part word of ``sections.yaml`` (as printed or in
    capitals) with its ordinal, number or Roman numeral."""
    cfg = load_data("sections")
    words = [f for w in cfg["part_words"] for f in (w, w.upper())]
    ordinal = "|".join(regex.escape(f) for f in (cfg["ordinal_word"], cfg["ordinal_word"].upper()))
    return regex.compile(
        rf"^(?P<label>(?:{alternation(words)})\s+(?:(?:{ordinal})\s+\p{{L}}+|\d{{1,2}}|(?=[IVXL])"
        + _ROMAN + r"))\b\s*[.:–-]?\s*(?P<rest>.*)$"
    )


def _appendix_pattern() -> "regex.Pattern[str]":
    """``PHỤ LỤC``, ``Phụ lục số 02``, ``PHỤ LỤC II:`` (the words of ``sections.yaml``)."""
    cfg = load_data("sections")
    words = "|".join(r"\s+".join(map(regex.escape, w.split())) for w in cfg["appendix_words"])
    number = alternation(cfg["appendix_number_words"])
    return regex.compile(
        rf"^(?P<label>(?i:{words}))(?P<num>\s+(?:(?:{number})\s+)?[\dIVXLA-Z]{{1,6}}\b)?\s*[.:]?\s*(?P<rest>.*)$"
    )


_SCHEMES: list[tuple[str, int, "regex.Pattern[str]"]] = [
    ("part", 0, _part_pattern()),
    ("upper_letter", 5, regex.compile(r"^(?P<label>[A-HĐ])\.\s+(?P<rest>\p{Lu}.*)$")),
    # "I. MỤC TIÊU", also "I/ MỤC TIÊU", "I - Thu gom rác thải" and "I- MỤC TIÊU"
    ("roman", 10, regex.compile(r"^(?P<label>(?=[IVXL])" + _ROMAN + r"(?:\s*[.:/]|" + DASH_AFTER + r"))\s*(?P<rest>\S.*)$")),
    ("arabic3", 40, regex.compile(r"^(?P<label>\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+(?P<rest>\S.*)$")),
    ("arabic2", 30, regex.compile(r"^(?P<label>\d{1,2}\.\d{1,2})\.?\s+(?P<rest>\S.*)$")),
    # "1. Mục đích", also "1/ Mục đích" (a slash and a space: no date "15/12") and "1- Mục đích"
    ("arabic", 20, regex.compile(r"^(?P<label>\d{1,2}(?:\.|/(?=\s)|" + DASH_AFTER + r"))\s*(?P<rest>[^\d\s].*)$")),
    ("arabic_paren", 45, regex.compile(r"^(?P<label>\(?\d{1,2}\))\s*(?P<rest>\S.*)$")),
    ("letter", 50, regex.compile(r"^(?P<label>[a-zđ]\)|[a-zđ][./](?=\s))\s*(?P<rest>\S.*)$")),
    ("bullet", 60, regex.compile(r"^(?P<label>[-–•])\s+(?P<rest>\S.*)$")),
    ("bullet_plus", 65, regex.compile(r"^(?P<label>\+)\s+(?P<rest>\S.*)$")),
    ("bullet_star", 62, regex.compile(r"^(?P<label>\*)\s+(?P<rest>\S.*)$")),
]
# what each scheme's label opens with; "digit" stands for \d (any non-ASCII character passes,
# so the filter never drops a line its pattern matches)
_SCHEME_FIRSTS = {
    "part": "".join({c for w in load_data("sections")["part_words"] for c in (w[0], w[0].upper())}),
    "upper_letter": "ABCDEFGHĐ", "roman": "IVXL", "arabic3": "digit", "arabic2": "digit", "arabic": "digit",
    "arabic_paren": "(digit", "letter": "abcdefghijklmnopqrstuvwxyzđ", "bullet": "-–•", "bullet_plus": "+",
    "bullet_star": "*",
}


def _opens(firsts: str, ch: str) -> bool:
    return ch in firsts.replace("digit", "") or "digit" in firsts and ("0" <= ch <= "9" or not ch.isascii())


@lru_cache(maxsize=4096)
def _schemes_for(ch: str) -> tuple[tuple[str, int, "regex.Pattern[str]"], ...]:
    """The schemes whose label can open with ``ch``, in order (a line tries only these)."""
    return tuple(sc for sc in _SCHEMES if _opens(_SCHEME_FIRSTS[sc[0]], ch))


_APPENDIX = _appendix_pattern()
_PART_STARTS = tuple(w.casefold() for w in load_data("sections")["part_words"])
_RUN_IN = regex.compile(r"^(?P<head>[^:;]{2,160}?)\s*:\s*(?P<body>\S.*)?$")


@lru_cache(maxsize=None)
def _config() -> dict[str, Any]:
    cfg: dict[str, Any] = load_data("sections")
    return cfg


def is_appendix_line(text: str) -> bool:
    """True for a line that opens an appendix (``PHỤ LỤC``, ``Phụ lục II``, ``PHỤ LỤC:``)."""
    return _APPENDIX.match(text.strip()) is not None


def _may_be_labeled(t: str) -> bool:
    """A cheap test before the scheme patterns: can ``t`` open with a numbering label?"""
    return bool(t) and (
        t[0] in "0123456789IVXL(-–•+*"
        or (len(t) > 1 and t[1] in ").")
        or t[:6].casefold().startswith(_PART_STARTS)
    )


def is_heading_start(text: str) -> bool:
    """True when ``text`` starts with a numbering label of a section heading (not a bullet)."""
    t = text.strip()
    for name, rank, pat in _schemes_for(t[:1]):
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
                kind: str = entry["kind"]
                return kind
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
    _heading_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
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

    def heading_holds(self, sid: str, pos: int) -> bool:
        """Whether ``pos`` lies on the heading line(s) of section ``sid``."""
        span = self._heading_spans.get(sid)
        return span is not None and span[0] <= pos < span[1]

    def heading_span(self, sid: str) -> Optional[tuple[int, int]]:
        """The span of the heading line(s) of section ``sid`` (None for a section without one)."""
        return self._heading_spans.get(sid)

    def span_of(self, sid: str) -> tuple[int, int]:
        """The span of section ``sid``."""
        return self._spans[sid]

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


def _appendix_node(lines: list[Line], i: int, m: "regex.Match[str]") -> tuple[_Node, Optional[tuple[str, tuple[int, int]]], int]:
    """A ``PHỤ LỤC`` line: its node, its title (the following capital or unlabeled lines up to a
    table or caption) with the title's span, and the last line the title took."""
    ln = lines[i]
    label = (m.group("label") + (m.group("num") or "")).strip()
    node = _Node(label=None, heading=" ".join(label.split()), rank=-1, start=ln.start, heading_end=ln.end,
                 kind="phu_luc", scheme="appendix")
    title_lines = [m.group("rest")] if m.group("rest") else []
    j = i + 1
    while j < len(lines) and not lines[j].is_table_row:
        tj = lines[j].text.strip()
        if tj.startswith("(") or is_heading_start(tj) or not (tj.isupper() or not title_lines):
            break
        title_lines.append(tj)
        j += 1
    if not title_lines:
        return node, None, -1
    first = lines[i + 1].start if j > i + 1 else ln.start + m.start("rest")
    return node, (" ".join(title_lines), (first, lines[j - 1].end)), j - 1


def _labeled_node(lines: list[Line], i: int, t: str, cfg: dict[str, Any]) -> tuple[bool, Optional[_Node], int]:
    """A line opening with a label of one of the numbering schemes: ``(matched, node, skip)``;
    a bullet item matches but makes no section; ``skip`` is the last line the heading took."""
    ln = lines[i]
    for scheme, rank, pat in (_schemes_for(t[:1]) if _may_be_labeled(t) else ()):
        pm = pat.match(t)
        if not pm:
            continue
        if rank >= 60:
            return True, None, -1  # a bullet item is a list item, not a section, whatever its words
        rest = pm.group("rest") or ""
        heading_end, skip = ln.end, -1
        if scheme == "part" and not rest.strip() and i + 1 < len(lines) and not is_heading_start(lines[i + 1].text):
            rest, heading_end, skip = lines[i + 1].text, lines[i + 1].end, i + 1
        heading, run_in = _heading_of(rest)
        kind = classify_heading(heading) if len(heading) <= cfg["max_heading_chars"] else "other"
        max_item = cfg["max_item_heading_chars"]
        if rank >= 50 and (len(heading) > max_item or (not run_in and len(rest) > max_item)):
            kind = "other"
        return True, _Node(label=pm.group("label"), heading=heading, rank=rank, start=ln.start,
                           heading_end=heading_end, kind=kind, scheme=scheme, run_in=run_in), skip
    return False, None, -1


def _unlabeled_node(ln: Line, t: str, hints: set[int], cfg: dict[str, Any]) -> Optional[_Node]:
    """A marked-up or capitals line of the body that names a canonical part."""
    if not ((ln.start in hints or t.isupper()) and len(t) <= cfg["max_heading_chars"]):
        return None
    heading = t.rstrip(" .:")
    kind = classify_heading(heading)
    if kind == "other":
        return None
    return _Node(label=None, heading=heading, rank=10, start=ln.start, heading_end=ln.end, kind=kind, scheme="unlabeled")


def _heading_nodes(lines: list[Line], header: Any, closing: int, hints: set[int],
                   cfg: dict[str, Any]) -> tuple[list[_Node], dict[int, tuple[str, tuple[int, int]]]]:
    """The heading lines of the body and the appendices, in order, and the appendix titles
    (by node index)."""
    appendix = header.appendix_start
    nodes: list[_Node] = []
    skip_until = -1
    appendix_titles: dict[int, tuple[str, tuple[int, int]]] = {}
    for i, ln in enumerate(lines):
        if ln.start < header.body_start or i <= skip_until or ln.is_table_row:
            continue
        in_body = ln.start < closing
        in_appendix = appendix is not None and ln.start >= appendix
        if not (in_body or in_appendix):
            continue
        t = ln.text.strip()
        m = _APPENDIX.match(t) if t[:2].casefold() == "ph" else None
        if m and (in_appendix or t.isupper()):
            node, title, skip = _appendix_node(lines, i, m)
            nodes.append(node)
            if title is not None:
                appendix_titles[len(nodes) - 1] = title
                skip_until = skip
            continue
        matched, found, skip = _labeled_node(lines, i, t, cfg)
        if not matched and in_body:
            found = _unlabeled_node(ln, t, hints, cfg)
        if found is not None:
            nodes.append(found)
            skip_until = max(skip_until, skip)
    return nodes, appendix_titles


def _nest(nodes: list[_Node], text_len: int, closing: int, appendix: Optional[int]) -> list[_Node]:
    """Nest by rank; spans end where the next heading of equal or higher rank starts."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for node in nodes:
        region_end = text_len if (appendix is not None and node.start >= appendix) else closing
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
    _fix_ends(roots, text_len)  # close sections that cannot extend into the closing block
    return roots


def _descendant_kinds(n: _Node) -> set[str]:
    out: set[str] = set()
    for c in n.children:
        out.add(c.kind)
        out |= _descendant_kinds(c)
    return out


def _fix_kinds(ns: list[_Node], parent_kind: Optional[str], cfg: dict[str, Any]) -> None:
    """Containers and leaf kinds: a part of a leaf kind makes its items ``other`` (a short
    sub-heading of its kind stays); a container of plan parts is ``other`` itself."""
    plan_kinds = set(cfg["plan_kinds"])
    containers = set(cfg["container_candidates"])
    leaf = set(cfg["leaf_kinds"])
    for n in ns:
        if parent_kind in leaf and (n.kind != parent_kind or len(n.heading) > cfg["max_item_heading_chars"]):
            n.kind = "other"
        if n.kind in containers and _descendant_kinds(n) & plan_kinds:
            n.kind = "other"
        _fix_kinds(n.children, n.kind if n.kind in leaf else parent_kind if parent_kind in leaf else None, cfg)


_DOTTED_SCHEMES = ("upper_letter", "roman", "arabic", "arabic2", "arabic3")


def _to_tree(roots: list[_Node], nodes: list[_Node],
             appendix_titles: dict[int, tuple[str, tuple[int, int]]]) -> SectionTree:
    """Ids (``s1``, ``s1.2``…), the Section models and the flat index of the tree."""
    flat: list[tuple[int, int, str, str]] = []
    parents: dict[str, Optional[str]] = {}
    titles: dict[str, tuple[str, tuple[int, int]]] = {}
    heading_spans: dict[str, tuple[int, int]] = {}
    index_of = {id(n): k for k, n in enumerate(nodes)}

    def to_model(n: _Node, sid: str, level: int, parent: Optional[str]) -> Section:
        n.id = sid
        flat.append((n.start, n.end, sid, n.kind))
        heading_spans[sid] = (n.start, n.heading_end)
        parents[sid] = parent
        k = index_of[id(n)]
        if k in appendix_titles:
            titles[sid] = appendix_titles[k]
        children = [to_model(c, f"{sid}.{j}", level + 1, sid) for j, c in enumerate(n.children, 1)]
        label = " ".join(n.label.split()) if n.label else None
        if label and n.scheme in _DOTTED_SCHEMES:  # "I:", "1/", "I -" are printed forms of "I.", "1."
            label = label.rstrip(" :/-–.") + "."
        return Section(id=sid, label=label, heading=" ".join(n.heading.split()),
                       kind=n.kind,  # type: ignore[arg-type]
                       level=level, span=(n.start, n.end), heading_span=(n.start, n.heading_end),
                       children=children)

    sections = [to_model(n, f"s{j}", 1, None) for j, n in enumerate(roots, 1)]
    flat.sort(key=lambda x: (x[0], -x[1]))
    tree = SectionTree(sections=sections, flat=flat, appendix_titles=titles)
    tree._starts = [f[0] for f in flat]
    tree._parents = parents
    tree._spans = {sid: (start, end) for start, end, sid, _ in flat}
    tree._heading_spans = heading_spans
    return tree


def build_sections(text: str, header: Any, hints: Optional[set[int]] = None,
                   lines: Optional[list[Line]] = None) -> SectionTree:
    """Build the section tree of the body and the appendices: the heading lines (labeled,
    unlabeled capitals, PHỤ LỤC), nested by rank, their kinds fixed by their parts."""
    cfg = _config()
    lines = lines if lines is not None else split_lines(text)
    closing = header.body_end if header.body_end is not None else len(text)
    nodes, appendix_titles = _heading_nodes(lines, header, closing, hints or set(), cfg)
    roots = _nest(nodes, len(text), closing, header.appendix_start)
    _fix_kinds(roots, None, cfg)
    return _to_tree(roots, nodes, appendix_titles)


def _fix_ends(ns: list[_Node], limit: int) -> None:
    for k, n in enumerate(ns):
        if k + 1 < len(ns):
            n.end = min(n.end, ns[k + 1].start)
        n.end = min(n.end, limit)
        _fix_ends(n.children, n.end)
