"""Find gazetteer phrases in a line: a token trie over vnplan's syllable tokens.

It matches what a spaCy ``PhraseMatcher(attr="LOWER")`` over :class:`vnplan.nlp.SyllableTokenizer`
matches — every occurrence of every phrase, nested and overlapping ones included, at token
boundaries, in lower case, whatever single spaces or none lie between tokens (``Tài
chính-Kế hoạch``) and never across a run of other whitespace — without building a spaCy
``Doc`` for each line. The trie is a dict per token; a walk from each token stops at the first
token the trie does not hold, so matching costs the line's length times the depth reached
(names are a few tokens long).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
