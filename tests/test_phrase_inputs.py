"""Phrase tests must use phrases written by hand, not sentences copied from the corpus: a rule
proven only on a corpus sentence proves nothing about plans vnplan has not seen. This walks the
parametrized inputs (the first argument of each case) of the phrase-test modules and fails when one of five words or more occurs
verbatim (white space collapsed) in a corpus plan."""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path
from typing import Any, Iterator

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "raw"
PHRASE_MODULES = ["test_phrases", "test_forms", "test_agency_forms"]
MIN_WORDS = 5  # shorter inputs ("năm 2025", "trước ngày 20/11") occur in any plan
# Tests whose inputs are agency names: a name from the gazetteer is the same in every plan.
NAME_TESTS = {"test_agency_expansion", "test_same_agency", "test_different_agencies"}


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _strings(v)
    elif hasattr(value, "values"):  # pytest.param(...)
        yield from _strings(value.values)


def _first(case: Any) -> Any:
    values = case.values if hasattr(case, "values") else case
    return values[0] if isinstance(values, (tuple, list)) else values


def _inputs() -> list[tuple[str, str]]:
    out = []
    for name in PHRASE_MODULES:
        mod = importlib.import_module(name)
        for attr, fn in vars(mod).items():
            for mark in getattr(fn, "pytestmark", []) if attr.startswith("test_") and attr not in NAME_TESTS else []:
                if mark.name == "parametrize":
                    firsts = [_first(case) for case in mark.args[1]]  # the input; the rest are expected values
                    out += [(f"{name}.{attr}", s) for s in _strings(firsts) if len(s.split()) >= MIN_WORDS]
    return out


def test_the_walk_finds_the_phrase_inputs():
    assert len(_inputs()) >= 50


def test_no_phrase_input_is_a_corpus_sentence():
    corpus = [_flat(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    copied = sorted({f"{where}: {s!r}" for where, s in _inputs() if any(_flat(s) in text for text in corpus)})
    assert not copied, "phrase inputs copied from the corpus:\n" + "\n".join(copied)
