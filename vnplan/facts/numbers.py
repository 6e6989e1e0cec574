"""Numbers and quantities, read the Vietnamese way.

``1.131`` is 1131, ``35,42%`` is 35.42 per cent, ``05`` is 5, ``4,8 triệu đồng/TV/tháng`` is
4.8 with unit ``triệu đồng/TV/tháng``; ranges (``05-06 mô hình``, ``10 - 13%``) give
``value``/``value_max``; a fraction of a total (``17/48 hợp tác xã``) is not a percentage and
keeps its total in ``of_total``; written-out numbers (``hai mô hình``) are read from the
number-word table. Only a number followed by a unit word (data/units.yaml) is a quantity.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import re

import regex

from ..datafiles import alternation, load_data
from ..models import Quantity
from ..scanning import literal_trie
from .common import Context, as_number, vn_number
from .spans import overlaps

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


@lru_cache(maxsize=None)
def _patterns(plain: bool = False) -> tuple["regex.Pattern[str]", "regex.Pattern[str]"]:
    """(digits pattern, number-words pattern).

    The digits pattern reads the unit words as their trie (casefolded, matched case-blind) and
    its numbers as atomic groups: no continuation of a number starts with a digit, ``.`` or
    ``,``, so a shorter reading of the same digits can never match where the longer failed,
    and the engine need not try one (2.4× faster on the corpus). ``plain=True`` builds the
    same pattern the plain way, a longest-first alternation with backtracking numbers; the
    tests hold the two to the same matches.
    """
    d = load_data("units")
    units = sorted(d["units"] + d["percent"], key=len, reverse=True)
    unit_alt = "|".join(regex.escape(u) for u in units) if plain else literal_trie({u.casefold() for u in units})
    num = _NUM if plain else f"(?>{_NUM})"
    words = sorted({f for w in d["number_words"] for f in (w, w.capitalize())}, key=len, reverse=True)
    word_alt = "|".join(regex.escape(w) for w in words)  # case-sensitive: much faster
    mult_alt = "|".join(regex.escape(w) for w in d["unit_multipliers"])
    range_alt = alternation(d["range_words"])  # "từ 3% đến 3,5%"
    tail = rf"""
        [ ]*
        (?P<unit>(?i:(?:(?:{mult_alt})[ ]+)?(?:{unit_alt})))
        (?P<per>(?:[ ]*+/[ ]*+(?:\d{{1,3}}(?:\.\d{{3}})*[ ]+)?[\p{{L}}²³]{{1,12}}){{0,2}})
        (?![\p{{L}}\d])
    """
    digits = regex.compile(
        rf"""
        (?<![\d.,/\p{{L}}])
        (?P<num>{num})(?:[ ]*/[ ]*(?P<total>\d{{1,6}}))?
        (?:[ ]*(?:%[ ]*)?(?:[-–]|(?<=[\d%][ ])(?i:{range_alt})(?=[ ]))[ ]*(?P<max>{num}))?
        {tail}""",
        regex.X | (regex.I if plain else 0),
    )
    wordpat = regex.compile(
        rf"""
        (?<![\p{{L}}])
        (?P<words>(?:(?:{word_alt})[ ]+){{0,4}}(?:{word_alt}))
        {tail}""",
        regex.X,
    )
    return digits, wordpat


@lru_cache(maxsize=None)
def _word_starts() -> "re.Pattern[str]":
    """A cheap stdlib scan for where a written-out number may start (then matched exactly).

    No look-behind: with one the scan tries every position (1.5× slower); the caller drops
    starts inside a word. A number word found inside a word ('khai ') ends at a space, so it
    never hides a start that follows a non-letter."""
    words = {f for w in load_data("units")["number_words"] for f in (w, w.capitalize())}
    return re.compile(r"(?:" + literal_trie(words) + r")\s")


def words_to_number(s: str) -> Optional[float]:
    """'hai mươi lăm' → 25; 'một trăm' → 100; None when not a number phrase."""
    table = load_data("units")["number_words"]
    tens = load_data("units")["tens_words"]
    total = 0.0
    current = 0.0
    seen = False
    for w in s.casefold().split():
        if w not in table:
            return None
        v = table[w]
        seen = True
        if v == 10 and w in tens:  # "hai mươi": times ten; "mười": plus ten
            current = (current or 1) * 10
        elif v == 10:
            current += 10
        elif v == 100:
            current = (current or 1) * 100
        elif v >= 1000:
            total += (current or 1) * v
            current = 0
        else:
            current += v
    return total + current if seen else None


def _unit_case(unit: str) -> str:
    """Units in lower case as GOLD.md says, abbreviations as printed ('triệu USD', 'HTX')."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.casefold() for w in unit.split())


def _number_matches(text: str) -> list["regex.Match[str]"]:
    """Digit quantities, and number-word quantities that overlap none of them, in text order."""
    digits, wordpat = _patterns()
    matches = list(digits.finditer(text))
    taken = [(m.start(), m.end()) for m in matches]  # in order, not overlapping: for bisect
    last_end = -1
    for c in _word_starts().finditer(text):
        p = c.start()
        if p < last_end or p and (text[p - 1].isalnum() or text[p - 1] == "_"):
            continue  # inside the last match, or inside a word (not after stdlib's \w)
        m = wordpat.match(text, p)
        if m:
            last_end = m.end()
            # "05 tỷ đồng": the multiplier belongs to the digits; overlapping word matches go
            if not overlaps(taken, m.start(), m.end()):
                matches.append(m)
    matches.sort(key=lambda m: m.start())
    return matches


def _values(m: "regex.Match[str]", unit: str, words_cfg: tuple[set[str], set[str], set[str]]) -> Optional[tuple[float, Optional[float], Optional[float]]]:
    """(value, value_max, of_total) of a match, or None when it is no count."""
    multipliers, ambiguous, percent = words_cfg
    if m.groupdict().get("words"):
        words = m.group("words").casefold()
        if unit in percent or words in ambiguous or all(w in multipliers for w in words.split()):
            return None  # "hai %", a lone "năm", "triệu đồng" (a unit, not a count)
        v = words_to_number(words)
        return None if v is None else (v, None, None)
    value = vn_number(m.group("num"))
    if value is None:
        return None
    vmax = vn_number(m.group("max")) if m.group("max") else None
    total = vn_number(m.group("total")) if m.group("total") else None
    if total is not None and unit == "%":
        return None
    return value, vmax, total


def extract_quantities(ctx: Context) -> list[Quantity]:
    """Every number with a unit, in document order."""
    text = ctx.text
    units = load_data("units")
    percent = {p.casefold() for p in units["percent"]}
    words_cfg = ({w for w, v in units["number_words"].items() if v >= 100},
                 set(units["ambiguous_number_words"]), percent)
    out: list[Quantity] = []
    for m in _number_matches(text):
        unit = m.group("unit")
        vals = _values(m, unit, words_cfg)
        if vals is None:
            continue
        value, vmax, total = vals
        per_raw = " ".join((m.group("per") or "").split())
        per = "/".join(x.strip() for x in per_raw.split("/") if x.strip())
        unit_text = "%" if unit.casefold() in percent else _unit_case(unit) + ("/" + per if per else "")
        q = Quantity(
            value=as_number(value),
            value_max=as_number(vmax) if vmax is not None else None,
            unit=unit_text,
            text=m.group(0),
            span=(m.start(), m.end()),
            section=ctx.section(m.start()),
        )
        if total is not None:
            q.of_total = as_number(total)
        q.per = per or None
        out.append(q)
    return out
