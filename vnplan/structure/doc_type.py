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

from functools import lru_cache
from typing import Any, Optional

from ..datafiles import load_data
from ..errors import NotAPlanError
from .header import Header


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_data("doc_types")
    return data


def _plan_codes() -> list[str]:
    return [c.casefold() for c in _data()["plan_codes"]]


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
    code = header.number_code
    if code is not None and is_plan_code(code):
        return
    title = load_data("header")["type_words"]["plan"][0]
    codes = ", ".join(f"{c}, {c}-…" for c in _data()["plan_codes"])
    if code is None:
        raise NotAPlanError(f"not a plan: no {title} title line and no document number (Số: …) in the header", path)
    raise NotAPlanError(
        f"not a plan: number {header.number_printed} has type code {code}{_code_name(code)}, "
        f"not a plan code ({codes}), and no {title} title line",
        path,
    )
