"""Hard-wrap repair: rejoin lines that a converter, a web crawl or a PDF cut at a width.

Works on the text before markdown is stripped, so that a bold or italic span that crosses a
line break (``**I. MỤC\\nĐÍCH, YÊU CẦU**``) is seen as one unit and a span that closes at a
line end (``**1. Mục đích**``) as the end of one. The decision for each break looks at the two
lines around it:

* whether the text is hard-wrapped at all, from its line-length profile (:func:`profile`);
* never across a table row or a cell separator, never before a list item, a numbered heading,
  a label or a line opener of the header and closing (``Số:``, ``TM.``, ``Nơi nhận``…);
* always inside a markup span, before a lower-case continuation, after a bare label, after a
  word that cannot end a phrase (``của``, ``và``…), before a number governed by the last word
  (``đến năm\\n2030``), and where a known name is cut (``TM. ỦY BAN\\nNHÂN DÂN``);
* in hard-wrapped text also before a capital or a digit, when the previous line is full (the
  next word would not have fitted) or blank lines separate the paragraphs.

All word lists are in ``data/wrap.yaml``; the result is a list of edits for the normalizer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

import regex

from .datafiles import load_data
from .structure.labels import DASH_AFTER

Edit = tuple[int, int, str]

_MARKUP = regex.compile(r"\*\*|(?<![\*\w])\*(?=[^\s*])|(?<=[^\s*])\*(?![\*\w])|^[ \t]{0,3}+#{1,6}+[ \t]++")
_WORD = regex.compile(r"[\p{L}\p{N}]++")
_FIRST_TOKEN = regex.compile(r"^\S{1,60}+")
# line ends and starts, tested with str methods: a regex call costs more than the test
_HARD_ENDS = (".", ":", "!", "?", "…")  # a sentence ends (also "./.", the closing mark)
_SOFT_ENDS = (";", ")", "]", '"', "”", "’")
_HAS_LOWER = regex.compile(r"\p{Ll}")
_HAS_UPPER = regex.compile(r"\p{Lu}")
_LABEL_ONLY = regex.compile(r"^(?:[IVXLC]{1,6}+|\d{1,3}+(?:\.\d{1,3}+){0,3}+|[a-zđ])[.)]$")
_RANGE_TAIL = regex.compile(r"^[-–][ \t]*+\d{1,3}+(?:[.,]\d++)?+[ \t]*+(?:%|\p{Ll})")
_NUMBERED_CAP = regex.compile(r"^\d{1,2}+(?:\.\d{1,2}+)*+[.)][ \t]++\p{Lu}")
_NUMBERED = regex.compile(r"^(?:[IVXLC]{1,6}+|\d{1,3}+(?:\.\d{1,3}+){0,3}+)[.)][ \t]")
def _label_words() -> str:
    """The words of a labelled line (``Phần thứ``, ``Điều 3``), as printed and in capitals
    (``wrap.yaml`` ``label_words``), then what may follow them."""
    words = load_data("wrap")["label_words"]
    ordinal = load_data("sections")["ordinal_word"]
    forms = "|".join(regex.escape(f) for w in words for f in (w, w.upper()))
    return rf"(?:{forms})[ \t]++(?:\d|[IVXLC]++\b|{regex.escape(ordinal)}|{regex.escape(ordinal.upper())})"


def _first_letter(s: str, quotes: str) -> str:
    """The first character of ``s``, or the one after an opening quote or parenthesis."""
    ch = s[:1]
    return s[1:2] if ch and ch in quotes else ch


_LL, _N = regex.compile(r"\p{Ll}"), regex.compile(r"\p{N}")
_CLASS_OF: dict[str, tuple[bool, bool]] = {}  # non-ASCII character → (\p{Ll}, \p{N}), as regex sees it


def _classes(ch: str) -> tuple[bool, bool]:
    """Whether a non-ASCII character is ``\\p{Ll}`` and ``\\p{N}`` (the regex module's Unicode
    tables, which are newer than ``unicodedata``'s), memoized: a few hundred characters occur."""
    got = _CLASS_OF.get(ch)
    if got is None:
        got = (_LL.match(ch) is not None, _N.match(ch) is not None)
        if len(_CLASS_OF) < 4096:  # bounded, whatever characters a hostile file holds
            _CLASS_OF[ch] = got
    return got


def _is_lower(ch: str) -> bool:
    """``\\p{Ll}`` (not ``str.islower``, which also holds for some letters of other classes)."""
    return "a" <= ch <= "z" or ch > "\x7f" and _classes(ch)[0]


def _is_number(ch: str) -> bool:
    """``\\p{N}``: a digit or another number character."""
    return "0" <= ch <= "9" or ch > "\x7f" and _classes(ch)[1]


def _lower_start(s: str) -> bool:
    return _is_lower(_first_letter(s, "(\"“‘"))


def _digit_start(s: str) -> bool:
    return _is_number(_first_letter(s, "(\"“"))


_LABEL_START = regex.compile(
    r"""^(?:
        [-+•–][ \t]                                   # bullets
      | \*[ \t]                                       # a star bullet (not italics)
      | (?:[IVXLC]{1,6}+|\d{1,3}+(?:\.\d{1,2}+){0,3}+|[a-zđ])[.)](?:[ \t]|$)   # I. 1. 1.1. a)
      | (?:[IVXLC]{1,6}+|\d{1,2}+|[a-zđ])/[ \t]                                 # I/ 1/ a/
      | (?:[IVXLC]{1,6}+|\d{1,2}+)""" + DASH_AFTER + r"""[ \t]++(?!\d)            # I - 1- (not a range "10 - 15")
      | \d{1,2}+(?:\.\d{1,2}+){1,3}+[ \t]            # 1.1 heading (not 1.511, a number)
      | \(?\d{1,3}+\)[ \t]                           # (1) 1)
      | """ + _label_words() + """
    )""",
    regex.X,
)
# what a labelled line can open with: the first characters of _LABEL_START's branches (a
# lower-case letter only before ".", ")" or "/"), so most lines need no regex call
_LABEL_FIRSTS = frozenset("-+•–*(IVXLC") | {c for w in load_data("wrap")["label_words"] for c in (w[0], w[0].upper())}


def _label_start(s: str) -> bool:
    """Whether ``s`` opens with a label, bullet or label word (``_LABEL_START``)."""
    ch = s[:1]
    if not (ch in _LABEL_FIRSTS or ch.isdecimal() or ("a" <= ch <= "z" or ch == "đ") and s[1:2] in (".", ")", "/")):
        return False
    return _LABEL_START.match(s) is not None


@dataclass(frozen=True)
class WrapProfile:
    """How a text's lines were cut: ``wrapped`` at ``width``; ``paragraphs`` when blank lines
    separate its paragraphs (so a single line break inside a block is a wrap)."""

    wrapped: bool
    width: int
    paragraphs: bool
    indents: bool = False  # paragraphs open with an indented first line (PDF text dumps)


@dataclass(slots=True)  # not frozen: building one is 3x faster, and views are never hashed
class _View:
    """One non-empty line: its offsets, its text without markup, and its markup state."""

    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    raw: str
    vis: str
    opens: bool  # starts by opening a bold/italic span
    closes: bool  # ends by closing one (or is only markup that closes one)
    open_after: bool  # a span is still open after the line
    table: bool
    blank_before: bool
    indented: bool = False  # opens with two or more spaces or a tab (a paragraph's first line)


@lru_cache(maxsize=None)
def _cfg() -> dict[str, Any]:
    cfg: dict[str, Any] = load_data("wrap")
    return cfg


@lru_cache(maxsize=None)
def _openers() -> tuple[str, ...]:
    return tuple(_cfg()["line_openers"])


@lru_cache(maxsize=None)
def _bound_cuts() -> dict[str, frozenset[tuple[str, ...]]]:
    """Where a known name can be cut: the last word before the cut → the words (up to two)
    that go on with the name after it, where the name cannot end at that word ('Sở' /
    'Giáo dục': none ends '… sở' here, though 'Thuế cơ sở' ends in 'sở')."""
    names: list[str] = list(_cfg()["bound_phrases"])
    header = load_data("header")
    names += list(header["issuer_organs"]) + list(header["motto_lines"]) + list(header["signer_titles"])
    names += [e["name"] for e in load_data("agencies")["names"]]
    phrases = [tuple(w.casefold() for w in _WORD.findall(n)) for n in names]
    complete = set(phrases)
    cuts: dict[str, set[tuple[str, ...]]] = {}
    for p in phrases:
        for i in range(len(p) - 1):
            if not any(p[j : i + 1] in complete for j in range(i + 1)):
                cuts.setdefault(p[i], set()).add(p[i + 1 : i + 3])
    return {w: frozenset(c) for w, c in cuts.items()}


@dataclass(slots=True)
class _LineStats:
    """What :func:`profile` reads of the lines, gathered while the views are made."""

    lengths: list[int] = field(default_factory=list)  # lines of text (no table rows), right-stripped
    blanks: int = 0
    indented: int = 0  # non-blank lines opening with two spaces


def profile(text: str) -> WrapProfile:
    """Tell from the line-length profile whether ``text`` is hard-wrapped, and at what width."""
    return _profile(_views(text)[1])


def _profile(stats: _LineStats) -> WrapProfile:
    cfg = _cfg()["profile"]
    lengths = sorted(stats.lengths)
    n = len(lengths)
    paragraphs = n > 0 and stats.blanks >= cfg["paragraph_blank_ratio"] * n
    if n < cfg["min_lines"]:
        return WrapProfile(False, 0, paragraphs)
    width = lengths[min(n - 1, int(n * cfg["width_quantile"]))]
    full = lengths[min(n - 1, int(n * cfg["long_quantile"]))]
    wrapped = cfg["min_width"] <= width <= cfg["max_width"] and width <= cfg["max_long_ratio"] * full
    return WrapProfile(wrapped, width, paragraphs, stats.indented >= cfg["indent_ratio"] * n)


_TABLE_ROW = _View(-1, -1, "|", "", False, False, False, True, False)


def _views(text: str) -> tuple[list[_View], _LineStats]:
    """The non-empty lines of ``text`` with their markup state (spans reset at blank lines),
    and the line statistics of the profile, in one pass."""
    views: list[_View] = []
    stats = _LineStats()
    depth = 0  # parity of open spans
    blank = False
    start = 0
    for line in text.split("\n"):
        line_start, start = start, start + len(line) + 1
        stripped = line.strip()
        if not stripped:
            blank = True
            depth = 0
            stats.blanks += 1
            continue
        lead = len(line) - len(line.lstrip())
        if line[:2] == "  ":
            stats.indented += 1
        if len(stripped) > 3 and stripped[0] != "|" and "\t" not in stripped:
            stats.lengths.append(lead + len(stripped))
        table = stripped[0] == "|" or stripped[-1] == "|" or "\t" in stripped
        if "*" not in line and "#" not in line:  # no markup (every branch of _MARKUP needs one)
            # a table row joins nothing and is joined to nothing: one shared view stands for it
            views.append(_TABLE_ROW if table else _View(line_start + lead, line_start + lead + len(stripped), stripped,
                         stripped, False, False, depth % 2 == 1, False, blank, line[:2] == "  " or line[:1] == "\t"))
            blank = False
            continue
        indented = line[:2] == "  " or line[:1] == "\t"
        marks = list(_MARKUP.finditer(line))
        vis = _MARKUP.sub("", line).strip()
        opens = bool(marks) and marks[0].start() <= lead and depth % 2 == 0 and line[lead] == "*"
        before = depth
        depth += sum(1 for k in marks if "*" in k.group(0))
        closes = depth % 2 == 0 and (before % 2 == 1 or bool(marks)) and (stripped.endswith("*") or not vis)
        views.append(_View(line_start + lead, line_start + lead + len(stripped), stripped, vis, opens, closes,
                           depth % 2 == 1, table, blank, indented))
        blank = False
    return views, stats


def _is_caps(s: str) -> bool:
    return bool(_HAS_UPPER.search(s)) and not _HAS_LOWER.search(s)


def _last_word(s: str) -> str:
    words = s.split()
    return words[-1].casefold() if words else ""


@lru_cache(maxsize=None)
def _unit_lines() -> frozenset[str]:
    """Lines that are a unit of their own wherever they stand (a type word, a signer's title)."""
    titles = list(load_data("header")["signer_titles"]) + list(_cfg()["unit_lines"])
    return frozenset(t.casefold() for t in titles)


def _opens_unit(prev: str, cur: str) -> bool:
    """``cur`` starts a unit of its own; a type word or title line may still end a numbered
    heading (``II. NỘI DUNG`` / ``KẾ HOẠCH``)."""
    if _label_start(cur) or cur.startswith(_openers()):
        return True
    return cur.casefold() in _unit_lines() and not _NUMBERED.match(prev)


def _cut_name(prev: str, cur: str) -> bool:
    """A known name cut at the break: the next line goes on with the rest of the name
    ('TM. ỦY BAN' / 'NHÂN DÂN'); with only the name's next word where both lines are in
    capitals ('… HỢP TÁC XÃ NÔNG' / 'NGHIỆP TRONG …'), but not in a sentence-case heading
    ('Phòng Văn hóa - Xã hội' / 'Chủ trì, …' is no cut of the motto's 'XÃ HỘI CHỦ NGHĨA')."""
    a = _WORD.findall(prev[-40:])
    if not a:
        return False
    rests = _bound_cuts().get(a[-1].casefold())
    if not rests:
        return False
    b = tuple(w.casefold() for w in _WORD.findall(cur[:40]))
    caps = _is_caps(prev) and _is_caps(cur[:40])
    return any(b[: len(r)] == r or caps and b[:1] == r[:1] for r in rests)


@lru_cache(maxsize=None)
def _governors() -> tuple[tuple[str, ...], frozenset[str], int]:
    """The line ends that govern a number: each governor after a space (a one-word governor)
    or anywhere (one with a space or a sign in it: 'đến năm', 'số:'), the whole-line ones,
    and how many characters of a line's end the test needs."""
    words = list(_cfg()["number_governors"])
    ends = tuple(" " + g for g in words) + tuple(g for g in words if not g.isalpha())
    return ends, frozenset(words), max(len(g) for g in words) + 1


def _governs_number(prev: str) -> bool:
    ends, whole, need = _governors()
    if len(prev) <= need:
        tail = prev.casefold()
        return tail.endswith(ends) or tail in whole
    return prev[-need:].casefold().endswith(ends)  # casefold never shortens: no whole-line match


def _full(prev: _View, cur: _View, width: int) -> bool:
    first = _FIRST_TOKEN.match(cur.raw)
    nxt = len(first.group(0)) if first else 0
    full: bool = len(prev.raw) + 1 + nxt > _cfg()["profile"]["fill_ratio"] * width
    return full


def _join(prev: _View, cur: _View, prof: WrapProfile) -> bool:
    """Whether the break between ``prev`` and ``cur`` cut a unit (see the module doc)."""
    p, c = prev.vis, cur.vis
    if prev.table or cur.table or not p or not c:
        return False
    if not cur.blank_before and (_continues_number(p, c, prof.wrapped) or _cut_at_dash(p, c)):
        return True
    if _opens_unit(p, c) or (cur.indented and not prev.indented):
        return False  # a unit of its own, or a paragraph's indented first line
    if prev.open_after and prof.wrapped and not cur.blank_before:
        return True
    if prev.closes or cur.opens:
        return False
    # inside a blank-line-separated paragraph of wrapped text every break is a wrap
    in_block = prof.wrapped and prof.paragraphs and not cur.blank_before and not p.endswith("./.")
    # where paragraphs open indented, a full line ending a sentence before an unindented line
    # is cut inside its paragraph
    full_stop = prof.indents and p[-1:] == "." and not p.endswith("./.") and _full(prev, cur, prof.width)
    ends = p.endswith(_HARD_ENDS) and not in_block and not full_stop and not p.endswith("…")
    if _lower_start(c) and (not ends or p[-1:] in ":;"):
        # a lower-case word goes on a sentence, also after a label's colon; not after a line
        # that is a unit of its own ("KẾ HOẠCH" / "thực hiện Nghị quyết số …": the title)
        return p.casefold() not in _unit_lines()
    if cur.blank_before or ends:
        return False
    if _LABEL_ONLY.match(p) or _cut_name(p, c):
        return True
    if not prof.wrapped:
        return _caps_heading_continues(p, c)
    if p.endswith(_SOFT_ENDS) and not in_block:
        return _full(prev, cur, prof.width)
    if _last_word(p) in _cfg()["dangling_words"]:
        return True
    if _is_caps(p):
        return _is_caps(c) and (_label_start(p) or _full(prev, cur, prof.width))
    return prof.paragraphs or _full(prev, cur, prof.width)


@lru_cache(maxsize=None)
def _dash_pairs() -> frozenset[tuple[tuple[str, ...], tuple[str, ...]]]:
    out = set()
    for compound in _cfg()["dash_compounds"]:
        left, _, right = compound.casefold().partition(" - ")
        out.add((tuple(_WORD.findall(left)), tuple(_WORD.findall(right))))
    return frozenset(out)


def _cut_at_dash(p: str, c: str) -> bool:
    """A dash compound cut before its dash ('các tổ chức chính trị' / '- xã hội'), not a bullet."""
    if not c.startswith(("- ", "– ")):
        return False
    a = tuple(w.casefold() for w in _WORD.findall(p[-40:]))
    b = tuple(w.casefold() for w in _WORD.findall(c[:40]))
    return any(a[-len(x):] == x and b[: len(y)] == y for x, y in _dash_pairs() if len(a) >= len(x) and len(b) >= len(y))


def _continues_number(p: str, c: str, wrapped: bool) -> bool:
    """A number cut from the word that governs it ('đến năm' / '2030', 'trước ngày 15 tháng' /
    '6)') or a range cut at its dash ('bình quân 05' / '- 06%/năm'); a numbered item that opens
    with a capital ('2. Sở …') is not a continuation."""
    if wrapped and c[:1] in ("-", "–") and p[-1:].isdigit() and _RANGE_TAIL.match(c):
        return True
    if wrapped and p.endswith(":") and _digit_start(c) and not _label_start(c):
        return True  # a label's value: "tỷ lệ:" / "35,42%"
    return _digit_start(c) and _governs_number(p) and not _NUMBERED_CAP.match(c)


def _caps_heading_continues(p: str, c: str) -> bool:
    """A long numbered heading in capitals that goes on in capitals (unwrapped text)."""
    return _is_caps(p) and _is_caps(c) and _label_start(p) and len(p) >= 40


def join_edits(text: str, wrapped: Optional[bool] = None) -> list[Edit]:
    """Edits that join the lines of ``text`` cut by a wrap; ``wrapped`` forces the profile's
    verdict (a paged reader knows its lines were cut at the page width)."""
    views, stats = _views(text)
    prof = _profile(stats)
    if wrapped is not None and wrapped != prof.wrapped:
        prof = WrapProfile(wrapped, prof.width, prof.paragraphs, prof.indents)
    edits: list[Edit] = []
    prev: Optional[_View] = None
    for view in views:
        if not view.vis and not view.table:
            # a line of markup only (a closing '**'): it ends the span, the next line is new
            if prev is not None and view.closes:
                prev = _View(prev.start, prev.end, prev.raw, prev.vis, prev.opens, True, False, prev.table, prev.blank_before, prev.indented)
            continue
        if prev is not None and not prev.table and not view.table and _join(prev, view, prof):
            edits.append((prev.end, view.start, " "))
        prev = view
    return edits
