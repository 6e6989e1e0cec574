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


def matches(trie: Trie, text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets in ``text`` of every phrase of ``trie`` found there,
    ordered by start then end."""
    toks = syllables(text)
    low = [t.lower() for t, _, _ in toks]
    out: list[tuple[int, int]] = []
    for i in range(len(low)):
        node = trie.get(low[i])
        j = i
        while node is not None:
            if _END in node:
                out.append((toks[i][1], toks[j][2]))
            j += 1
            node = node.get(low[j]) if j < len(low) else None
    return out
