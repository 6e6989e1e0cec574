"""Find gazetteer phrases in a line: a token trie over vnplan's syllable tokens.

It matches what a spaCy ``PhraseMatcher(attr="LOWER")`` over :class:`vnplan.nlp.SyllableTokenizer`
matches — every occurrence of every phrase, nested and overlapping ones included, at token
boundaries, in lower case, whatever single spaces or none lie between tokens (``Tài
chính-Kế hoạch``) and never across a run of other whitespace — without building a spaCy
``Doc`` for each line. The trie is a dict per token; a walk from each token stops at the first
token the trie does not hold, so matching costs the line's length times the depth reached
(names are a few tokens long).

:func:`matches_at` gives the same matches walking only from where a cheap scan of the line
(casefolded, spaces removed) finds the start of a phrase, tokenizing only there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from ..nlp import syllables

_END = ""  # key of the node's "a phrase ends here" mark (never a token: tokens are non-empty)

Trie = dict[str, "Trie"]


def build(phrases: Iterable[str]) -> Trie:
    """The trie of ``phrases``, each split into lower-cased syllable tokens."""
    root: Trie = {}
    for phrase in phrases:
        node = root
        toks = syllables(phrase)
        if not toks:
            continue
        for tok, _, _ in toks:
            node = node.setdefault(tok.lower(), {})
        node[_END] = {}
    return root


# the non-space tokens of nlp.syllables (its \\s+ branch only ever yields whitespace tokens,
# which no phrase holds): where they start and end is all the matching needs
_TOKEN = re.compile(r"\d+(?:[.,/:]\d+)*|\w+(?:[&'’]\w+)*|[^\w\s]")


def matches(trie: Trie, text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets in ``text`` of every phrase of ``trie`` found there,
    ordered by start then end.

    Two tokens are consecutive when nothing or a single space lies between them (a single
    space after a token is its trailing whitespace; any other whitespace is a token of its
    own, as :func:`vnplan.nlp.syllables` makes it, and ends every phrase).
    """
    spans = [m.span() for m in _TOKEN.finditer(text)]
    low = [text[s:e].lower() for s, e in spans]
    n = len(low)
    out: list[tuple[int, int]] = []
    for i in range(n):
        node = trie.get(low[i])
        j = i
        while node is not None:
            if _END in node:
                out.append((spans[i][0], spans[j][1]))
            j += 1
            if j >= n:
                break
            gap = spans[j][0] - spans[j - 1][1]
            if gap > 1 or gap == 1 and text[spans[j - 1][1]] != " ":
                break
            node = node.get(low[j])
    return out


class Scan(NamedTuple):
    """What :func:`matches_at` scans a line with: the phrases casefolded without their
    spaces (a trie pattern), and how far around a hit it reads tokens (twice the longest
    phrase and two: no match of a phrase reaches that far)."""

    pattern: "re.Pattern[str]"
    window: int


def needles(phrases: Iterable[str]) -> Scan:
    """The scan of ``phrases`` for :func:`matches_at`."""
    from ..scanning import literal_trie

    forms = [p for p in phrases if p.strip()]
    return Scan(re.compile(literal_trie({p.casefold().replace(" ", "") for p in forms})),
                2 * max((len(p) for p in forms), default=0) + 2)


def matches_at(trie: Trie, text: str, scan: Scan) -> list[tuple[int, int]]:
    """What :func:`matches` gives, walking the trie only from the tokens where ``scan`` (from
    :func:`needles` of the same phrases) finds a phrase in the casefolded text without spaces.

    Every phrase found opens such a hit (its tokens casefolded, the single spaces between them
    dropped). Each hit is mapped back to the text through the positions of its spaces; it is a
    walk's start only where the text's tokens, read from the whitespace before it, start there.
    Tokens are read within ``scan.window`` characters of the hit, so the work stays linear in
    the line; a hit inside a longer run without whitespace sends the line to :func:`matches`.
    """
    low = text.casefold()
    if len(low) != len(text):  # a letter whose casefold is longer: offsets would not map back
        return matches(trie, text)
    compact = low.replace(" ", "")
    hit = scan.pattern.search(compact)
    if hit is None:
        return []
    shift: list[int] = []  # the compact offset each space of the text stood before
    k = low.find(" ")
    while k >= 0:
        shift.append(k - len(shift))
        k = low.find(" ", k + 1)
    out: list[tuple[int, int]] = []
    while hit is not None:
        c = hit.start()
        if not _walk_from(trie, text, c + bisect_right(shift, c), scan.window, out):
            return matches(trie, text)
        hit = scan.pattern.search(compact, c + 1)
    return out


def _walk_from(trie: Trie, text: str, o: int, window: int, out: list[tuple[int, int]]) -> bool:
    """Add the phrases that start at ``o``, if a token of ``text`` starts there; False when
    the run without whitespace before ``o`` is longer than ``window`` (not read here)."""
    b, stop = o, max(0, o - window)
    while b > stop and not text[b - 1].isspace():
        b -= 1  # tokens never hold whitespace: the text's tokens from ``b`` on are its own
    if b > 0 and not text[b - 1].isspace():
        return False
    # a token cut at the window's end is longer than any phrase could be there: no match
    toks: Iterator["re.Match[str]"] = _TOKEN.finditer(text, b, o + window)
    first = next((m for m in toks if m.end() > o), None)
    if first is None or first.start() != o:
        return True  # ``o`` is inside a token
    node = trie.get(text[o : first.end()].lower())
    prev_end = first.end()
    while node is not None:
        if _END in node:
            out.append((o, prev_end))
        nxt = next(toks, None)
        if nxt is None:
            return True
        gap = nxt.start() - prev_end
        if gap > 1 or gap == 1 and text[prev_end] != " ":
            return True
        node = node.get(text[nxt.start() : nxt.end()].lower())
        prev_end = nxt.end()
    return True
