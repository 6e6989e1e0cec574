"""Run an exact ``regex`` pattern only where a cheap scan says a match can start.

The ``regex`` module tests its pattern at every position of the text; a pattern that opens
with a look-behind and a long alternation (a head word of an agency name) costs that at each
character. :func:`finditer_at` gives exactly the matches of ``pattern.finditer(text)``, given
a ``starts`` pattern that matches at (at least) every position where ``pattern`` can match:
it tries ``pattern.match`` only there, left to right, skipping starts inside the last match.
:func:`literal_trie` makes such a cheap scan for a set of literal strings.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Optional, Union

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


def literal_trie(words: Iterable[str]) -> str:
    """A stdlib ``re`` pattern matching exactly the strings ``words``, shaped as their trie.

    ``re.search`` with it tests every word at once in one left-to-right pass (a plain
    alternation of many words tries each one at each position). At a branch the longer
    word is tried first, as in an alternation sorted longest first. Only literal strings
    and optional groups: no backtracking beyond the length of the longest word.
    """
    trie: dict[str, Any] = {}
    for w in words:
        if not w:
            raise ValueError("literal_trie: an empty word matches everywhere")
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_pattern(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
