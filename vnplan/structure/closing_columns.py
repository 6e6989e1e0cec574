"""A signature block printed beside the Nơi nhận list, as text dumps of a two-column page give it.

A plan ends with two columns: the recipients on the left, the authority, title and signer on
the right. A PDF read by vnplan keeps them apart (readers/pdf.py), but a text dump
(``pdftotext -layout``, a crawl) puts both on one line, and the normalizer leaves one space
between them::

    Nơi nhận: TM. ỦY BAN NHÂN DÂN
    - Sở Nội vụ; KT. CHỦ TỊCH
    - Lưu: VT. PHÓ CHỦ TỊCH
    Nguyễn Văn A

A line is cut where an authority prefix (``TM.``, ``KT.``: data/header.yaml
``authority_prefixes``) or a signer title (``signer_titles``) starts after a space and the rest
of the line is in capitals, and what stands before it is no part of the block itself (it
holds a lower-case letter or ends with ``;``, ``:`` or ``,``). :func:`split_columns` gives the
two columns as lines: the left parts and the lines that were not cut (the recipients), and the
right parts followed by the lines after the last cut that are not recipient items (the
signer's name). The first recipient item
after the last cut may end with the name beside it (``- Lưu: VT. Nguyễn Văn A``): a run of two
to five capitalised words after the item's closing ``.`` or ``;`` goes to the right column.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..datafiles import alternation, load_data
from .lines import Line

_BULLETS = "-+•*"
_NAME_BESIDE = regex.compile(r"(?<=[.;,][ \t]++)\p{Lu}\p{Ll}*+(?:[ \t]++\p{Lu}\p{Ll}*+){1,4}$")


@lru_cache(maxsize=None)
def _right_start() -> "regex.Pattern[str]":
    d = load_data("header")
    starts = list(d["authority_prefixes"]) + list(d["signer_titles"])
    return regex.compile(rf"(?<=\S[ \t]++)(?:{alternation(starts)})(?=[ \t]|$)")


def _cut(ln: Line) -> int:
    """Where the right column starts in ``ln`` (0: the line is not cut)."""
    for m in _right_start().finditer(ln.text):
        rest, head = ln.text[m.start() :], ln.text[: m.start()].rstrip()
        # the left part is a recipient line, not the start of the block ("KT. CHỦ TỊCH")
        if rest == rest.upper() and (head != head.upper() or head.endswith((";", ":", ","))):
            return m.start()
    return 0


def split_columns(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(left column, right column) of the closing ``lines``; both are ``lines`` itself when no
    line holds the two columns side by side."""
    cuts = [_cut(ln) for ln in lines]
    if not any(cuts):
        return lines, lines
    last = max(i for i, c in enumerate(cuts) if c)
    n_cut = sum(1 for c in cuts if c)
    left: list[Line] = []
    right: list[Line] = []
    for i, (ln, c) in enumerate(zip(lines, cuts)):
        if c:
            head = ln.text[:c].rstrip()
            left.append(Line(ln.index, ln.start, ln.start + len(head), head))
            right.append(Line(ln.index, ln.start + c, ln.end, ln.text[c:]))
            continue
        beside = _NAME_BESIDE.search(ln.text) if i > last and len(right) == n_cut else None
        if beside:  # the name printed beside the last recipient item
            head = ln.text[: beside.start()].rstrip()
            left.append(Line(ln.index, ln.start, ln.start + len(head), head))
            right.append(Line(ln.index, ln.start + beside.start(), ln.end, beside.group(0)))
            continue
        left.append(ln)
        if i > last and ln.text.lstrip()[:1] not in _BULLETS:
            right.append(ln)
    return left, right
