"""Input limits: caps on what one input may hold, so that no input exhausts memory or time.

One :class:`Limits` value carries every cap — the document caps checked by the pipeline and the
readers (characters, lines, line length, pages, nesting depth, table cells) and the archive caps
checked by :mod:`vnplan.archive` (members, bytes). Past a cap the input fails with
:class:`InputTooLargeError`, whose one-line message names the cap and how to raise it.

The defaults leave a normal plan (30–50 KB of text, two thousand lines, tens of pages) far
below every cap and keep a worker's peak memory near 300 MB (``benchmarks/limits.py``): memory
grows with the facts a text holds (≈ 5 KB each, and as much again for its JSON), so a 1 MB
text dense with deadlines is the worst case under the caps.

The pipeline makes the limits of the current parse visible to the readers through a context
variable (:func:`using`, :func:`current`), so that a reader can refuse a 5,000-page PDF before
it extracts a page without every reader signature growing a parameter.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Iterator, Optional

from .errors import InputTooLargeError

__all__ = [
    "Limits",
    "DEFAULT_LIMITS",
    "InputTooLargeError",
    "add_options",
    "check_document",
    "check_pages",
    "check_size",
    "current",
    "from_options",
    "using",
]


@dataclass(frozen=True)
class Limits:
    """Caps on one input; ``vnplan.parse(path, limits=Limits(max_chars=5_000_000))`` raises one."""

    max_chars: int = 1_000_000
    """Most characters of text one document may hold, as read (≈ 20× the longest plan in the
    corpus, a 300-page PDF)."""
    max_lines: int = 20_000
    """Most lines of text one document may hold (≈ 10× the longest plan in the corpus)."""
    max_line_chars: int = 100_000
    """Longest line, in characters (≈ 50× the longest paragraph in the corpus)."""
    max_pages: int = 300
    """Most pages of a PDF, checked before any page is extracted."""
    max_depth: int = 256
    """Deepest nesting of a line: its leading spaces and tabs (nested lists nest by indentation)."""
    max_table_cells: int = 50_000
    """Most table cells of one document: the reader's tables, or the cell separators (TAB, ``|``)
    in its text, whichever is more (every reader renders its tables as TAB rows)."""
    max_members: int = 10_000
    """Most entries (of any type, directories included) one archive may hold."""
    max_total_bytes: int = 2 * 1024**3
    """Most uncompressed bytes of all regular members of one archive (2 GiB)."""
    max_member_bytes: int = 256 * 1024**2
    """Most uncompressed bytes of one member (256 MiB); also caps plain files."""


DEFAULT_LIMITS = Limits()

_OPTION = {"max_chars": "--max-chars", "max_lines": "--max-lines", "max_pages": "--max-pages"}
_NOUN = {"max_chars": "characters of text", "max_lines": "lines", "max_pages": "pages (PDF)"}
_ACTIVE: ContextVar[Limits] = ContextVar("vnplan_limits", default=DEFAULT_LIMITS)


def current() -> Limits:
    """The limits of the parse running in this thread or task (the defaults outside one)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def using(limits: Optional[Limits]) -> Iterator[Limits]:
    """Make ``limits`` (None: the defaults) the :func:`current` ones for the ``with`` block."""
    token = _ACTIVE.set(limits or DEFAULT_LIMITS)
    try:
        yield _ACTIVE.get()
    finally:
        _ACTIVE.reset(token)


def _check(what: str, value: int, cap: str, limits: Limits, path: Optional[str]) -> None:
    limit = getattr(limits, cap)
    if value > limit:
        how = f"{_OPTION[cap]} N or " if cap in _OPTION else ""
        message = f"{what}: {value:,}, over the cap {cap}={limit:,}; raise it with {how}limits=vnplan.Limits({cap}=N)"
        raise InputTooLargeError(message, path, cap=cap, value=value, limit=limit)


def check_pages(pages: int, path: Optional[str] = None) -> None:
    """For readers: refuse a document of more than ``max_pages`` pages before extracting them."""
    _check("pages", pages, "max_pages", current(), path)


def check_size(nbytes: int, fmt: str, limits: Limits, path: Optional[str] = None) -> None:
    """Before decoding: refuse a plain-text file whose bytes cannot fit in ``max_chars``.

    UTF-8 spends at most four bytes a character, so only text over the cap is refused.
    """
    if fmt in ("txt", "md") and nbytes > 4 * limits.max_chars:
        _check("characters of text (at least)", nbytes // 4, "max_chars", limits, path)


# A run per line, found after its "\n" (a literal first: the engine skips to each newline in C);
# the first line is tried as "\n" + its start. (every run, only runs of at least `floor`, floor):
# with a cap at or over the floor the lines of a normal plan never reach Python.
_INDENTS = (re.compile(r"\n([ \t]++)"), re.compile(r"\n([ \t]{64,}+)"), 64)
_LINES = (re.compile(r"\n([^\n]++)"), re.compile(r"\n([^\n]{4096,}+)"), 4096)


def _longest_over(text: str, cap: int, runs: tuple["re.Pattern[str]", "re.Pattern[str]", int]) -> int:
    """The length of the first run of ``runs`` (one per line) longer than ``cap``, else 0."""
    every, long, floor = runs
    pat = long if cap >= floor else every
    end = text.find("\n")
    first = pat.match("\n" + (text if end < 0 else text[:end]))
    for m in itertools.chain([first] if first else [], pat.finditer(text)):
        if len(m.group(1)) > cap:
            return len(m.group(1))
    return 0


def check_document(text: str, tables: Any, limits: Limits, path: Optional[str] = None) -> None:
    """Right after reading: characters, lines, nesting depth and table cells under the caps.

    Each test is a C-level pass over the text (``len``, ``str.count``, regex scans that start at
    a newline), so a normal plan pays tens of microseconds.
    """
    _check("characters of text", len(text), "max_chars", limits, path)
    _check("lines", text.count("\n") + 1, "max_lines", limits, path)
    line = _longest_over(text, limits.max_line_chars, _LINES)
    _check("characters in one line", line, "max_line_chars", limits, path)
    depth = _longest_over(text, limits.max_depth, _INDENTS)
    _check("nesting depth (leading spaces and tabs of a line)", depth, "max_depth", limits, path)
    cells = max(sum(len(row) for table in tables for row in table), text.count("\t") + text.count("|"))
    _check("table cells", cells, "max_table_cells", limits, path)


def add_options(parser: Any) -> None:
    """Add ``--max-chars``, ``--max-lines`` and ``--max-pages`` to an argparse (sub)parser."""
    for cap, option in _OPTION.items():
        default = getattr(DEFAULT_LIMITS, cap)
        parser.add_argument(
            option, type=_positive, default=default, metavar="N", dest=cap,
            help=f"refuse a document of more than N {_NOUN[cap]} (default {default:,})",
        )


def from_options(args: Any, base: Limits = DEFAULT_LIMITS) -> Limits:
    """The :class:`Limits` that the options of :func:`add_options` ask for, over ``base``."""
    return dataclasses.replace(base, **{cap: getattr(args, cap) for cap in _OPTION if hasattr(args, cap)})


def _positive(value: str) -> int:
    """An argparse type: a whole number above 0 (``1_000_000`` and ``1,000,000`` accepted)."""
    import argparse

    try:
        n = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be a whole number above 0, not {value!r}")
    return n
