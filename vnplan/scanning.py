"""Run an exact ``regex`` pattern only where a cheap scan says a match can start.

The ``regex`` module tests its pattern at every position of the text; a pattern that opens
with a look-behind and a long alternation (a head word of an agency name) costs that at each
character. :func:`finditer_at` gives exactly the matches of ``pattern.finditer(text)``, given
a ``starts`` pattern that matches at (at least) every position where ``pattern`` can match:
it tries ``pattern.match`` only there, left to right, skipping starts inside the last match.
:func:`literal_trie` makes such a cheap scan for a set of literal strings, :func:`word_starts`
one that stops only where a word of a set begins and a given pattern follows it, and
:func:`stdlib_class` brings a ``regex`` property class (``\\p{Lu}``) to stdlib patterns.
"""

from __future__ import annotations

import re
from functools import lru_cache
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


def word_starts(words: Iterable[str], then: str = "") -> str:
    """A stdlib pattern matching the first character of each occurrence of one of ``words``
    that the stdlib pattern ``then`` follows (the rest of the word and ``then`` are looked
    ahead at, not consumed).

    A scan for :func:`finditer_at`: a one-character match hides no start of the next
    candidate, and the look-ahead drops the candidates the exact pattern would reject at
    once (a head word not followed by a capital).
    """
    rests: dict[str, set[str]] = {}
    for w in words:
        if not w:
            raise ValueError("word_starts: an empty word matches everywhere")
        rests.setdefault(w[0], set()).add(w[1:])
    branches = []
    for ch, tails in sorted(rests.items()):
        longer = {t for t in tails if t}
        body = literal_trie(longer) if longer else ""
        if longer and "" in tails:
            body = f"(?:{body})?"
        branches.append(f"{re.escape(ch)}(?={body}{then})")
    return "|".join(branches)


@lru_cache(maxsize=None)
def stdlib_class(prop: str) -> str:
    """A stdlib character class for scans: the characters of the ``regex`` class ``prop`` (such
    as ``\\p{Lu}``) in the Basic Multilingual Plane, as the ``regex`` module's tables say, and
    every character beyond it (a superset there, where listing costs more than it saves)."""
    pat = regex.compile(prop)
    chars = "".join(c for c in map(chr, range(0x10000)) if not 0xD800 <= ord(c) < 0xE000 and pat.fullmatch(c))
    return "[" + re.escape(chars) + "\U00010000-\U0010FFFF]"
