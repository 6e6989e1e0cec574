"""Short forms a plan defines for a list of bodies, and where it then uses them.

A plan often names its actors once and gives them a short name: "các sở, ban, ngành, Ủy ban Mặt
trận Tổ quốc tỉnh, các tổ chức chính trị - xã hội, các xã, phường (sau đây viết tắt là cơ quan,
đơn vị)". When the tổ chức thực hiện part later says "Các cơ quan, đơn vị căn cứ Kế hoạch này …",
the work goes to every body of that list. This module finds such definitions (the cue words are
``short_form_cues`` in ``data/agencies.yaml``) and turns each later use of the short form into
one mention per body, so the agency extractor registers them with the role of the use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

import regex

from ..datafiles import load_data
from .common import clause_bounds

if TYPE_CHECKING:
    from .agencies import Mention


@dataclass(frozen=True)
class ShortForm:
    """A defined short form: its words and the bodies (as names) it stands for."""

    words: str
    names: tuple[str, ...]


@lru_cache(maxsize=1)
def _patterns() -> tuple["regex.Pattern[str]", frozenset[str]]:
    d = load_data("agencies")
    cues = "|".join(regex.escape(c) for c in sorted(d["short_form_cues"], key=len, reverse=True))
    definition = regex.compile(rf"(?i)\([ ]*+(?:{cues})[ ]++([^()\n]{{1,60}}+)\)")
    units = frozenset(u.casefold() for u in d["admin_unit_groups"])
    return definition, units


def _as_body(name: str, units: frozenset[str]) -> str:
    """'các xã, phường' (communes as actors) is their people's committee; other names as printed."""
    from .agencies import LEADING_PLURAL, LIST_SPLIT

    words = LEADING_PLURAL.sub("", name).casefold()
    parts = [p.strip() for p in LIST_SPLIT.split(words) if p.strip()]
    if parts and all(p in units for p in parts):
        d = load_data("agencies")
        return f"{d['people_committee'][0]} {d['plural_marker']} " + ", ".join(parts)
    return name


def definitions(text: str, memo: dict[int, list[Mention]]) -> list[ShortForm]:
    """Every short form defined for a list of bodies (a common-noun short form over a list that
    holds at least two bodies)."""
    from .agencies import bodies_in_heading, expand, find_mentions

    definition, units = _patterns()
    out: list[ShortForm] = []
    for m in definition.finditer(text):
        words = " ".join(m.group(1).split()).strip(" .,;")
        if not words or not words[0].islower():
            continue  # "(sau đây viết tắt là Nghị định)": a document, not a group of bodies
        cs, _ = clause_bounds(text, m.start())
        found = find_mentions(text, cs, m.start(), memo)
        found = sorted(found + bodies_in_heading(text, cs, m.start(), found, any_length=True), key=lambda x: x.start)
        names = tuple(dict.fromkeys(_as_body(expand(x.as_name or x.text, canonical=False), units) for x in found))
        if len(names) >= 2:
            out.append(ShortForm(words, names))
    return out


def uses(text: str, start: int, end: int, forms: list[ShortForm]) -> Iterator[tuple[int, int, ShortForm]]:
    """``(start, end, form)`` of each use of a short form in ``text[start:end]`` ('các' may come
    before it; a use followed by 'liên quan' is the vague catch-all, not the defined term)."""
    d = load_data("agencies")
    plural = regex.escape(d["plural_marker"])
    vague = "|".join(regex.escape(t).replace(r"\ ", "[ ]+") for t in sorted(d["vague_tails"], key=len, reverse=True))
    for f in forms:
        pat = regex.compile(
            rf"(?i)(?<![\p{{L}}])(?:{plural}[ ]+)?" + regex.escape(f.words).replace(r"\ ", "[ ]+")
            + rf"(?![\p{{L}}])(?![ ]+(?:{vague}))"
        )
        for m in pat.finditer(text, start, end):
            yield m.start(), m.end(), f
