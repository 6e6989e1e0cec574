"""Funding: the sources of money named under the kinh phí / nguồn vốn sections."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..datafiles import load_data
from ..models import Funding
from .common import Context, Draft


@lru_cache(maxsize=None)
def _pattern() -> tuple["regex.Pattern[str]", dict[str, str]]:
    src = load_data("funding")["sources"]
    phrase_to = {}
    for canon, phrases in src.items():
        for p in phrases:
            phrase_to[p.casefold()] = canon
    alt = "|".join(regex.escape(p) for p in sorted(phrase_to, key=len, reverse=True))
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{alt})(?![\p{{L}}])"), phrase_to


def extract(draft: Draft, ctx: Context) -> list[Funding]:
    """The funding sources named in the kinh phí parts, each once."""
    pat, phrase_to = _pattern()
    out: list[Funding] = []
    seen: set[str] = set()
    for sec in draft.iter_sections():
        if sec.kind != "kinh_phi":
            continue
        s, e = sec.span
        for m in pat.finditer(ctx.text, s, e):
            canon = phrase_to[m.group(0).casefold()]
            if canon in seen:
                continue
            seen.add(canon)
            out.append(Funding(source=canon, text=m.group(0), span=(m.start(), m.end()), section=ctx.section(m.start())))
    return out
