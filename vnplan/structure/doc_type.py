"""Is the text a plan? Its title line, and the type code of its number (data/doc_types.yaml).

A text is parsed as a plan when its header has the ``KẾ HOẠCH`` title line (a decision that
issues a plan counts: its attached plan has one), or when the type code of its number is a plan
code: ``KH`` alone or before a hyphen (``125/KH-UBND``, ``07/KH-SCT``, ``05/KH-BCĐ``), also
with the number left blank (``Số:      /KH-UBND``). Otherwise :func:`check_plan` raises
:class:`~vnplan.errors.NotAPlanError` saying what it found: a Công văn ``12/UBND-KHTH`` has
type code ``UBND-KHTH``, not a plan code, and a Quyết định ``5/QĐ-UBND`` the code of another
type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from ..datafiles import load_data
from ..errors import NotAPlanError
from .header import Header

# "Số: 125/KH-UBND", "SỐ:  /KH-UBND", "Số 15/2024/QĐ-UBND", at a line's start or a table cell's
_NUMBER_LINE = regex.compile(
    r"(?:^|\t)[ *_#>]*+(?:Số|SỐ)[ ]*+:?[ ]*+(?P<num>[0-9][0-9A-Za-z.]{0,12})?[ ]*+/[ ]*+"
    r"(?P<code>[\p{L}0-9&/]{1,30}(?:[ ]*+[-–][ ]*+[\p{L}0-9&]{1,12}){0,4})"
)


@dataclass(frozen=True)
class PrintedNumber:
    """The document number as the header prints it: ``number`` (``12/UBND-KHTH``, or
    ``/KH-UBND`` when left blank) and its type ``code`` (``UBND-KHTH``, ``KH-UBND``)."""

    number: str
    code: str


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_data("doc_types")


def _plan_codes() -> list[str]:
    return [c.casefold() for c in _data()["plan_codes"]]


def printed_number(header: Header) -> Optional[PrintedNumber]:
    """The first ``Số: …/…`` of the header's first lines, with the year part of the code
    dropped (``15/2024/QĐ-UBND`` has code ``QĐ-UBND``); None when there is none."""
    for line in header.lines[: _data()["number_lines"]]:
        m = _NUMBER_LINE.search(line.text)
        if m:
            code = regex.sub(r"[ ]+", "", m.group("code")).replace("–", "-")
            parts = code.split("/")
            while len(parts) > 1 and parts[0].isdigit():
                parts.pop(0)
            return PrintedNumber(f"{m.group('num') or ''}/{code}", "/".join(parts))
    return None


def is_plan_code(code: str) -> bool:
    """``KH``, ``KH-UBND``, ``KH-BCĐ``: the first part of the code is a plan code."""
    return code.split("-", 1)[0].casefold() in _plan_codes()


def _code_name(code: str) -> str:
    """`` (Quyết định)`` for a known type code of another document type, else ''."""
    first = code.split("-", 1)[0].casefold()
    for c, name in _data()["other_codes"].items():
        if c.casefold() == first:
            return f" ({name})"
    return ""


def check_plan(header: Header, path: Optional[str] = None) -> None:
    """Raise :class:`NotAPlanError` unless the header has the plan's title line or a number
    whose type code is a plan code; the message says what was checked and found."""
    if header.type_line is not None:
        return
    found = printed_number(header)
    if found is not None and is_plan_code(found.code):
        return
    title = load_data("header")["type_words"]["plan"][0]
    codes = ", ".join(f"{c}, {c}-…" for c in _data()["plan_codes"])
    if found is None:
        raise NotAPlanError(f"not a plan: no {title} title line and no document number (Số: …) in the header", path)
    raise NotAPlanError(
        f"not a plan: number {found.number} has type code {found.code}{_code_name(found.code)}, "
        f"not a plan code ({codes}), and no {title} title line",
        path,
    )
