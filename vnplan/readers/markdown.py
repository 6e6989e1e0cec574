"""Markdown reader: decoded like plain text; GitHub pipe tables are collected into ``tables``.

The text itself is returned unchanged (markup and pipe rows included): the normalizer strips
markdown later and turns pipe rows into TAB rows, recording heading hints on the way.
"""

from __future__ import annotations

import re
from typing import Optional

from . import ITEM_SEP, RawDocument, is_layout_table
from .text import clean_text, decode_bytes

__all__ = ["read_markdown", "parse_pipe_tables"]

_RULE = re.compile(r"^\s*+\|?+\s*+:?+-{2,}+:?+\s*+(?:\|\s*+:?+-{2,}+:?+\s*+)*+\|?+\s*+$")  # possessive: linear
_BR = re.compile(r"<br\s*/?>", re.I)
_BULLET = re.compile(r"^[-+*•]\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _split_row(line: str) -> list[str]:
    """Cells of one pipe row (``\\|`` is a literal pipe)."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells = re.split(r"(?<!\\)\|", s)
    return [c.replace("\\|", "|") for c in cells]


def _clean_cell(cell: str) -> str:
    """One cell: ``<br>``-separated items joined by ITEM_SEP, bullets and bold markers removed."""
    cell = _EMPHASIS.sub(r"\2", cell)
    parts = [p.strip() for p in _BR.split(cell)]
    items = [_TAG.sub("", p).strip() for p in parts]
    items = [i for i in items if i]
    if len(items) > 1 or (items and _BULLET.match(items[0])):
        items = [_BULLET.sub("", i).strip() for i in items]
    if len(items) > 1:
        items = [i.rstrip("; ").strip() for i in items]  # "Sở X;" + "; " would double it
    return ITEM_SEP.join(i for i in items if i)


def _is_row(line: str) -> bool:
    return "|" in line and line.strip() != ""


def parse_pipe_tables(text: str) -> list[list[list[str]]]:
    """GitHub pipe tables of ``text``: a header row, a ``|---|`` rule, then body rows.

    Rows that begin with ``|`` without a rule line are also taken as a table when there are at
    least two of them in a row. Layout-like tables (see :func:`is_layout_table`) are kept as well
    only if they have a rule line (an explicit table).
    """
    lines = text.split("\n")
    tables: list[list[list[str]]] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        has_rule = i + 1 < n and _RULE.match(lines[i + 1]) is not None and _is_row(line)
        piped = line.lstrip().startswith("|") and not _RULE.match(line)
        if not (has_rule or piped):
            i += 1
            continue
        block: list[str] = [line]
        j = i + 1
        if has_rule:
            j = i + 2
        while j < n and _is_row(lines[j]) and (has_rule or lines[j].lstrip().startswith("|")):
            if not _RULE.match(lines[j]):
                block.append(lines[j])
            j += 1
        if has_rule or len(block) >= 2:
            rows = [[_clean_cell(c) for c in _split_row(r)] for r in block]
            rows = [r for r in rows if any(c for c in r)]
            if rows:
                width = max(len(r) for r in rows)
                rows = [r + [""] * (width - len(r)) for r in rows]
                if has_rule or not is_layout_table(rows):
                    tables.append(rows)
        i = max(j, i + 1)
    return tables


def read_markdown(data: bytes, path: Optional[str] = None) -> RawDocument:
    """Read a markdown plan: text as decoded (LF, NFC), pipe tables into ``tables``."""
    raw, _enc, warnings = decode_bytes(data, path)
    text = clean_text(raw)
    return RawDocument(text=text, format="md", tables=parse_pipe_tables(text), warnings=warnings)
