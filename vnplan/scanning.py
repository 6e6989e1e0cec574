"""Run an exact ``regex`` pattern only where a cheap scan says a match can start.

The ``regex`` module tests its pattern at every position of the text; a pattern that opens
with a look-behind and a long alternation (a head word of an agency name) costs that at each
character. :func:`finditer_at` gives exactly the matches of ``pattern.finditer(text)``, given
a ``starts`` pattern that matches at (at least) every position where ``pattern`` can match:
it tries ``pattern.match`` only there, left to right, skipping starts inside the last match.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional, Union

import regex

Pattern = Union["re.Pattern[str]", "regex.Pattern[str]"]


def finditer_at(pattern: "regex.Pattern[str]", starts: Pattern, text: str, pos: int = 0,
                endpos: Optional[int] = None) -> Iterator["regex.Match[str]"]:
    """The matches of ``pattern.finditer(text, pos, endpos)``, tried only at matches of ``starts``.

    ``pattern`` must not match the empty string, and every one of its matches must begin
    where ``starts`` matches (look-behinds in ``pattern`` see the text before the start).
    """
    end = len(text) if endpos is None else endpos
    last = pos
    for c in starts.finditer(text, pos, end):
        p = c.start()
        if p < last:
            continue
        m = pattern.match(text, p, end)
        if m:
            last = m.end()
            yield m
