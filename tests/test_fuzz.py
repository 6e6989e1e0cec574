"""Fuzzing: any text either parses or raises a VnplanError, within a bounded time.

Inputs are mutations of the corpus plans (cut, splice, duplicate and delete lines and
characters; insert ``Số:``, ``KẾ HOẠCH``, numbering labels, ``|``, ``**``, ``%``, ``trước ngày``,
``chủ trì``, long runs of one character) and random Unicode, read as ``txt``, ``md`` or ``html``.
Each parse runs under a SIGALRM guard (:data:`GUARD_S`): a parse that runs away fails the test
instead of hanging CI.

Profiles (environment variable ``VNPLAN_FUZZ``):

* ``ci`` (default): a few hundred examples, derandomized (the same inputs on every run), under
  a minute on a 2-core machine;
* ``long``: 10,000 examples of each, random, with the example database — the documented longer
  run: ``VNPLAN_FUZZ=long python -m pytest tests/test_fuzz.py -p no:cacheprovider``
  (about 5 minutes on 2 cores).

A failure found by either is shrunk by Hypothesis; the shrunk input goes into
:data:`REGRESSIONS` below, so that it is replayed on every run.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnplan
from vnplan.errors import VnplanError

ROOT = Path(__file__).resolve().parent.parent
PLANS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
GUARD_S = 10
FORMATS = ("txt", "txt", "md", "html")
TOKENS = (
    "Số:", "Số: 12/KH-UBND", "KẾ HOẠCH", "Kế hoạch", "I.", "II.", "IV.", "1.", "2.1.", "3.1.2.", "a)", "đ)",
    "(1)", "-", "+", "*", "•", "|", "| --- | --- |", "**", "__", "#", "%", "95%", "trước ngày",
    "trước ngày 10/12", "chủ trì", "phối hợp", "PHỤ LỤC", "Phần thứ nhất", "Nơi nhận:",
    "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "ngày 31 tháng 12 năm 2025", "giai đoạn 2021-2025",
    "hằng năm", "định kỳ", "Ủy ban nhân dân tỉnh", "Sở Tài chính", "<br>", "<table><tr><td>", "\t",
    "1.000.000", "năm 2025", ":", ";", "(", ")",
)
_RUN_CHARS = " \t\n.-|*#%:1aệĐ("

_profile = os.environ.get("VNPLAN_FUZZ", "ci")
_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("ci", max_examples=400, derandomize=True, database=None, **_common)
settings.register_profile("long", max_examples=10_000, **_common)
FUZZ = settings.get_profile(_profile)

# Shrunk failures found by the fuzzer (input, format), replayed on every run.
REGRESSIONS: list[tuple[str, str]] = [
    ("|\nTT\n|\n|\n4\n|", "txt"),  # flattened table: a row number before any row (KeyError 'start')
    ("<![0", "html"),  # a broken marked section: html.parser raises AssertionError
]


class ParseTimeout(Exception):
    """A parse ran past the guard."""


def _alarm(signum: int, frame: object) -> None:
    raise ParseTimeout(f"a parse ran over {GUARD_S} s")


def check_parses(text: str, fmt: str) -> None:
    """``text`` parses (and serializes) or raises a VnplanError, within :data:`GUARD_S`."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, GUARD_S)
    try:
        plan = vnplan.parse_text(text, format=fmt, name=f"fuzz.{fmt}")
        plan.to_json()
    except VnplanError:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


Lines = list[str]
Draw = Callable[..., object]


def _at(draw: Draw, lines: Lines) -> int:
    return draw(st.integers(0, len(lines)))  # type: ignore[return-value]


def _delete_lines(draw: Draw, lines: Lines) -> Lines:
    i = _at(draw, lines)
    return lines[:i] + lines[i + draw(st.integers(1, 40)):]  # type: ignore[operator]


def _duplicate_lines(draw: Draw, lines: Lines) -> Lines:
    i = _at(draw, lines)
    j = min(len(lines), i + draw(st.integers(1, 30)))  # type: ignore[operator]
    return lines[:j] + lines[i:j] * draw(st.integers(1, 3)) + lines[j:]  # type: ignore[operator]


def _splice(draw: Draw, lines: Lines) -> Lines:
    other = draw(st.sampled_from(PLANS)).split("\n")  # type: ignore[union-attr]
    a = draw(st.integers(0, len(other)))
    b = min(len(other), a + draw(st.integers(1, 60)))  # type: ignore[operator]
    i = _at(draw, lines)
    return lines[:i] + other[a:b] + lines[i:]  # type: ignore[misc]


def _edit_chars(draw: Draw, lines: Lines, insert: str) -> Lines:
    """Insert ``insert`` into one line (or as a new line), or delete characters there."""
    if not lines:
        return [insert]
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    k = draw(st.integers(0, len(line)))
    if draw(st.booleans()):
        line = line[:k] + insert + line[k:]  # type: ignore[operator]
    elif draw(st.booleans()):
        line = line[:k] + line[k + draw(st.integers(1, 20)):]  # type: ignore[operator]
    else:
        return lines[:i] + [insert] + lines[i:]
    return lines[:i] + [line] + lines[i + 1:]


def _insert_token(draw: Draw, lines: Lines) -> Lines:
    token = draw(st.sampled_from(TOKENS))
    return _edit_chars(draw, lines, token + draw(st.sampled_from(("", " ", " Sở Nội vụ", " 2025"))))  # type: ignore[operator]


def _insert_run(draw: Draw, lines: Lines) -> Lines:
    char = draw(st.sampled_from(_RUN_CHARS) | st.characters())
    return _edit_chars(draw, lines, char * draw(st.integers(2, 5_000)))  # type: ignore[operator]


def _insert_unicode(draw: Draw, lines: Lines) -> Lines:
    return _edit_chars(draw, lines, draw(st.text(max_size=40)))  # type: ignore[arg-type]


def _relabel(draw: Draw, lines: Lines) -> Lines:
    """Give a line a numbering label (or take its label away): new sections, broken ones."""
    if not lines:
        return lines
    i = draw(st.integers(0, len(lines) - 1))
    label = draw(st.sampled_from(("I. ", "II. ", "1. ", "2.3. ", "a) ", "- ", "+ ", "PHẦN II ", "Phụ lục ", "")))
    out = list(lines)
    out[i] = label + out[i].lstrip(" -+*•0123456789.)IVXabcdđ")  # type: ignore[operator]
    return out


def _swap_lines(draw: Draw, lines: Lines) -> Lines:
    if len(lines) < 2:
        return lines
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    out = list(lines)
    out[i], out[j] = out[j], out[i]  # type: ignore[index]
    return out


MUTATIONS = (_delete_lines, _duplicate_lines, _splice, _insert_token, _insert_token, _insert_run,
             _insert_unicode, _swap_lines, _relabel, _relabel)


@st.composite
def mutated_plans(draw: Draw) -> tuple[str, str]:
    """(text, format): a corpus plan, maybe cut to a window of lines, then a few mutations."""
    lines = draw(st.sampled_from(PLANS)).split("\n")  # type: ignore[union-attr]
    if draw(st.booleans()):
        a = draw(st.integers(0, len(lines)))
        lines = lines[a : a + draw(st.integers(0, 200))]  # type: ignore[operator]
    for _ in range(draw(st.integers(0, 20))):  # type: ignore[call-overload]
        lines = draw(st.sampled_from(MUTATIONS))(draw, lines)  # type: ignore[operator]
    return "\n".join(lines), draw(st.sampled_from(FORMATS))  # type: ignore[return-value]


@FUZZ
@given(mutated_plans())
def test_mutated_plans(case: tuple[str, str]) -> None:
    check_parses(*case)


HEADS = [p[: p.find("\n", 600) + 1] for p in PLANS]  # number, place and date, KẾ HOẠCH, title


@settings(FUZZ, max_examples=FUZZ.max_examples if _profile == "long" else 150)
@given(st.sampled_from([""] + HEADS), st.text(max_size=3_000), st.sampled_from(FORMATS))
def test_random_unicode(head: str, text: str, fmt: str) -> None:
    """Random Unicode, alone or after a plan's header (so that it reaches the later stages)."""
    check_parses(head + text, fmt)


@pytest.mark.parametrize("text,fmt", REGRESSIONS)
def test_regressions(text: str, fmt: str) -> None:
    check_parses(text, fmt)


def test_guard_stops_a_runaway_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SIGALRM guard turns a parse that never ends into a failure, not a hang."""
    import time

    monkeypatch.setattr(vnplan, "parse_text", lambda *a, **k: time.sleep(GUARD_S + 5))
    monkeypatch.setattr(sys.modules[__name__], "GUARD_S", 1)
    with pytest.raises(ParseTimeout):
        check_parses("x", "txt")
