"""Counts of nouns the closed unit list does not hold, in a plan's target parts.

A target may count anything: ``Bổ sung tối thiểu 5.000 bản sách``, ``ít nhất 12 điểm đến``,
``thêm 300 tài khoản``. The unit list (data/units.yaml ``units``) makes a number a quantity
only before a unit it names, so these would give no target. Here, inside the sections of the
target kinds only, a number in digits that a cue word introduces (the comparator words and
measure verbs of data/comparators.yaml, and ``open_unit_cues``) and that a lower-case word
follows is a count of that word; the unit is the first word of the following text as
underthesea segments it (``tài khoản``, ``câu lạc bộ``; a classifier such as ``bản`` stays
alone). A number already read as a quantity, a year, a date or fraction (``30/11``), and a
number before a word of ``open_unit_not`` (``3 năm``, ``60 tuổi``) are left out.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

import regex

from ..datafiles import alternation, load_data
from ..models import Quantity, Section
from ..scanning import literal_trie
from .common import Context, as_number, vn_number
from .spans import overlaps

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FOLLOW = 40  # characters of the text after the number that the segmenter reads


@lru_cache(maxsize=None)
def _cfg(plain: bool = False) -> tuple["regex.Pattern[str]", frozenset[str]]:
    """The cued-count pattern and the stop words.

    The pattern finds the number and looks behind it for the cue (a casefolded trie, matched
    case-blind): the engine then stops only at digits instead of trying 48 cue words at every
    position (15x faster). ``plain=True`` builds it cue first, as an alternation; the tests
    hold the two to the same numbers and groups.
    """
    units, comps = load_data("units"), load_data("comparators")
    cues = list(comps["before"]) + comps["measure_verbs"] + comps["increase"] + units["open_unit_cues"]
    count = rf"(?P<num>{_NUM})(?:[ ]*+[-–][ ]*+(?P<max>{_NUM}))?(?![\d/.,%])[ ]++(?=\p{{Ll}})"
    if plain:
        pattern = regex.compile(rf"(?<![\p{{L}}\d])(?i:{alternation(cues)})[ ]++" + count)
    else:
        trie = literal_trie({c.casefold() for c in cues})
        pattern = regex.compile(rf"(?<=(?<![\p{{L}}\d])(?i:{trie})[ ]++)" + count)
    return pattern, frozenset(units["open_unit_not"])


def _is_year(num: str) -> bool:
    return len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100


def _head_noun(text: str, pos: int, stop: frozenset[str]) -> Optional[str]:
    """The counted noun at ``pos``: the first segmented word, or None if it is no noun."""
    from ..nlp import word_segment  # underthesea: loaded only when a cued count is found

    follow = regex.match(r"[\p{L} ]{1,%d}" % _FOLLOW, text[pos : pos + _FOLLOW])
    if follow is None:
        return None
    words = word_segment(follow.group(0))
    if not words:
        return None
    head = words[0].strip()
    first = head.split(" ", 1)[0]
    if not head or not head[0].islower() or head in stop or first in stop:
        return None
    return head


def _regions(kinds: set[str], sections: Iterable[Section]) -> list[tuple[int, int]]:
    """The spans of the sections of ``kinds``, nested ones merged into their parents."""
    spans = sorted(sec.span for sec in sections if sec.kind in kinds)
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def open_counts(ctx: Context, quantities: list[Quantity], kinds: set[str],
                sections: Iterable[Section]) -> list[Quantity]:
    """The cued counts of open-unit nouns in the ``kinds`` sections, as quantities in text order."""
    pattern, stop = _cfg()
    taken = [q.span for q in quantities]  # in text order, not overlapping
    text = ctx.text
    out: list[Quantity] = []
    for rs, re_ in _regions(kinds, sections):
        for m in pattern.finditer(text, rs, re_):
            s, e = m.span("num")
            if _is_year(m.group("num")) or overlaps(taken, s, m.end()):
                continue
            unit = _head_noun(text, m.end(), stop)
            value = vn_number(m.group("num"))
            if unit is None or value is None:
                continue
            vmax = vn_number(m.group("max")) if m.group("max") else None
            end = m.end() + len(unit)
            if text[m.end() : end] != unit:  # the segmenter joined words across a run of spaces
                unit = unit.split(" ", 1)[0]
                end = m.end() + len(unit)
            out.append(Quantity(value=as_number(value), value_max=as_number(vmax) if vmax is not None else None,
                                unit=unit, text=text[s:end], span=(s, end), section=ctx.section(s)))
    return out
