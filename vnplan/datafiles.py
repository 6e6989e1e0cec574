"""Load the word lists and rules that live as data under ``vnplan/data/`` (YAML)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from collections.abc import Iterable
from typing import Any

import regex
import yaml


def _nfc(obj: Any) -> Any:
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, list):
        return [_nfc(x) for x in obj]
    if isinstance(obj, dict):
        return {_nfc(k): _nfc(v) for k, v in obj.items()}
    return obj


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so a longer word wins), each escaped."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def is_row_number_header(cell: str) -> bool:
    """Whether ``cell`` is the row-number heading of a table (``STT``, ``TT``, ``Số TT``,
    ``SốTT`` …: ``data/tables.yaml`` ``row_number_headers``, any case and spacing)."""
    return "".join(cell.split()).casefold() in _row_number_headers()


@lru_cache(maxsize=1)
def _row_number_headers() -> frozenset[str]:
    return frozenset("".join(h.split()).casefold() for h in load_data("tables")["row_number_headers"])


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """The parsed content of ``vnplan/data/<name>.yaml`` (cached, strings in NFC)."""
    ref = resources.files("vnplan") / "data" / f"{name}.yaml"
    with ref.open("r", encoding="utf-8") as fh:
        return _nfc(yaml.safe_load(fh))
