"""Normalization: reader text → the text every later stage works on (``Plan.text``).

Steps, each recorded in an :class:`OffsetMap` so that any offset of the result can be mapped
back to the reader's text:

1. line ends and odd spaces (CRLF, NBSP, zero-width characters);
2. Unicode NFC, then one tone-mark convention (``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``,
   ``Uỷ`` → ``Ủy``) so gazetteers match both spellings;
3. markup residue: HTML tags (``<li>`` items become ``"; "``-separated), markdown ``**bold**``,
   ``*italic*``, ``##`` headings (their lines are remembered as *heading hints*) and pipe tables
   (rows become TAB-separated cells);
4. broken lines (:mod:`vnplan.wrap`, before markup is stripped so that a bold span crossing a
   break is one unit): a paragraph cut by a PDF, a converter or a crawl's hard wrap is joined
   again, but never a list item, a numbered heading or a table row; ``Số:\\n123/KH-UBND`` is joined;
5. blank lines dropped, spaces collapsed: one paragraph (or table row) per line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable

import regex

from .datafiles import load_data
from .offsets import OffsetMap
from .pipe_tables import table_edits
from .wrap import join_edits

# ---------------------------------------------------------------------------- offset map


def _apply(text: str, edits: Iterable[tuple[int, int, str]], omap: OffsetMap) -> str:
    """Apply sorted, non-overlapping ``(start, end, replacement)`` edits and record them."""
    out: list[str] = []
    layer: list[tuple[int, int, int, int]] = []
    last = 0
    shift = 0
    for start, end, repl in edits:
        if start < last:
            continue
        out.append(text[last:start])
        out.append(repl)
        ns = start + shift
        layer.append((ns, ns + len(repl), start, end))
        shift += len(repl) - (end - start)
        last = end
    if not layer:
        return text
    out.append(text[last:])
    omap.add_layer(layer)
    return "".join(out)


def _sub(
    pattern: "regex.Pattern[str]",
    repl: Callable[["regex.Match[str]"], str],
    text: str,
    omap: OffsetMap,
) -> str:
    edits = []
    for m in pattern.finditer(text):
        r = repl(m)
        if r != m.group(0):
            edits.append((m.start(), m.end(), r))
    return _apply(text, edits, omap)


# ---------------------------------------------------------------------------- patterns

# Each character class is written once, as the characters it holds: the pattern is built from
# them, and a pass runs only when one of them occurs in the text (a few `in` scans cost less
# than one regex pass that finds nothing).
_SPACE_CHARS = "\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_LINE_SEPARATORS = "\u2028\u2029\x0b\x0c"  # each read as one line break; "\r" with a "\n" after it too
_LINE_BREAK_CHARS = "\r" + _LINE_SEPARATORS
# bullets from symbol fonts (Wingdings/Symbol in the private use area) and typographic ones
_BULLET_CHARS = "\uf0a7\uf0b7\uf0d8\uf076\uf0fc\uf0a8\u25cf\u25aa\u25a0\u2022\u2023\u2043\u25e6"


def _char_class(chars: str) -> str:
    return "[" + "".join(regex.escape(c) for c in chars) + "]"


_SPACES = regex.compile(_char_class(_SPACE_CHARS))
_INVISIBLE = regex.compile(_char_class(_INVISIBLE_CHARS))
_CRLF = regex.compile(r"\r\n?|" + _char_class(_LINE_SEPARATORS))
_CLUSTER = regex.compile(r"\P{M}\p{M}+")
_ODD_BULLETS = regex.compile(r"(?m)^([ \t]*)" + _char_class(_BULLET_CHARS) + r"[ \t]*")

_TAG = regex.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,10})\b[^<>]{0,500}>")
_ENTITY = regex.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,10});")
_BOLD = regex.compile(r"\*\*|__(?=\S)|(?<=\S)__")
_ITALIC = regex.compile(r"(?<![\*\w])\*(?=[^\s*])|(?<=[^\s*])\*(?![\*\w])")
_MD_HEADING = regex.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", regex.M)
# lazy: the closing '|' is the first one with only blanks after it (the last of the line)
_PIPE_ROW = regex.compile(r"^[ \t]*+\|(.*?)\|[ \t]*+$", regex.M)
_PIPE_RULE = regex.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*\n?", regex.M)
_MULTISPACE = regex.compile(r"(?<=\S) {2,}(?=\S)")
_BLANKS = regex.compile(r"\n{2,}")
_NUMBER_WORDS = (load_data("header")["number_label"], load_data("header")["number_label"].upper())  # Số, SỐ
_NUMBER_LABEL = regex.compile(
    r"(?m)^(" + "|".join(map(regex.escape, _NUMBER_WORDS)) + r")[ \t]*:[ \t]*\n+(?=[ \t]*\d)")


def _holds_any(text: str, chars: str) -> bool:
    """Whether one of ``chars`` occurs in ``text`` (the trigger of a repair pass)."""
    return any(c in text for c in chars)


@dataclass
class Normalized:
    """The normalized text, its offset map, and lines that looked like headings in markup."""

    text: str
    offsets: OffsetMap
    heading_hints: set[int] = field(default_factory=set)  # start offsets of hinted lines


# ---------------------------------------------------------------------------- tone marks


@lru_cache(maxsize=1)
def _tones() -> tuple["regex.Pattern[str]", dict[str, str]]:
    """The tone-mark pattern and its replacements, built once (immutable once built: no
    module global is rebound, so threads never see a half-built table)."""
    full: dict[str, str] = {}
    for old, new in load_data("tone_marks")["syllable_final_pairs"].items():
        full[old] = new
        full[old.capitalize()] = new.capitalize()
        full[old.upper()] = new.upper()
    # every pair is two letters: a class for each is far cheaper than an alternation of pairs
    # (a pair of the two classes that is no entry is left as it is)
    if any(len(k) != 2 for k in full):
        raise ValueError("data/tone_marks.yaml: every syllable_final_pairs key is two letters")
    first = _char_class("".join(sorted({k[0] for k in full})))
    second = _char_class("".join(sorted({k[1] for k in full})))
    # only at the end of a syllable, and not after q (quỹ, quý keep their mark)
    return regex.compile(rf"(?<![qQ]){first}{second}(?!\p{{L}})"), full


def normalize_tones(text: str) -> str:
    """Apply the tone-mark convention to a string (length is kept)."""
    pat, table = _tones()
    return pat.sub(lambda m: table.get(m.group(0), m.group(0)), text)


# ---------------------------------------------------------------------------- steps


# each pattern opens with "<", so the scan only stops at tags (spaces around are handled below)
_LI_OPEN = regex.compile(r"<li\b[^<>]{0,500}>[ ]*(?:[-+•][ ]+)?", regex.I)
_LI_CLOSE = regex.compile(r"</li\s*>[ ]*", regex.I)
_LIST_TAG = regex.compile(r"</?(?:ul|ol)\b[^<>]{0,500}>[ ]*", regex.I)
_INLINE_TAGS = {"b", "strong", "i", "em", "u", "span", "font", "a", "sup", "sub"}


def _html_residue(text: str, omap: OffsetMap) -> str:
    """Strip HTML fragments left in text; list items of a cell become '; '-separated."""
    if "<" in text:
        text = _sub(_LIST_TAG, lambda m: "", text, omap)
        text = _sub(_LI_CLOSE, lambda m: "", text, omap)
        text = _sub(_LI_OPEN, lambda m: "\x00", text, omap)
        text = _sub(_TAG, lambda m: "; " if m.group(2).lower() == "br" else "", text, omap)
        if "\x00" in text:
            edits = []
            for m in regex.finditer(r"\x00", text):
                i = m.start()
                j = i
                while j > 0 and text[j - 1] == " ":
                    j -= 1
                first = j == 0 or text[j - 1] in "\t\n"
                edits.append((j, i + 1, "" if first else "; "))
            text = _apply(text, edits, omap)
    if "&" in text:
        text = _sub(_ENTITY, lambda m: html.unescape(m.group(0)), text, omap)
    return text


def _edge_space_edits(text: str) -> list[tuple[int, int, str]]:
    """Deletions of the spaces that open or end a line (what ``(?m)[ ]+$|^[ ]+`` finds), found
    from where a space meets a line break: a scan for the pattern tries every space."""
    runs: set[tuple[int, int]] = set()
    ends = [k + 1 for k in _positions(text, " \n")] + ([len(text)] if text.endswith(" ") else [])
    for end in ends:
        b = end - 1
        while b > 0 and text[b - 1] == " ":
            b -= 1
        runs.add((b, end))  # ends a line (a line of spaces only is one such run)
    starts = [k + 1 for k in _positions(text, "\n ")] + ([0] if text.startswith(" ") else [])
    for start in starts:
        e = start
        while e < len(text) and text[e] == " ":
            e += 1
        if e < len(text) and text[e] != "\n":
            runs.add((start, e))  # opens a line with text on it
    return [(a, b, "") for a, b in sorted(runs)]


def _positions(text: str, needle: str) -> list[int]:
    out = []
    k = text.find(needle)
    while k >= 0:
        out.append(k)
        k = text.find(needle, k + 1)
    return out


def _markdown_residue(text: str, omap: OffsetMap) -> str:
    if "#" in text:
        text = _sub(_MD_HEADING, lambda m: "", text, omap)
    if "**" in text or "__" in text:
        text = _sub(_BOLD, lambda m: "", text, omap)
    if "*" in text:
        text = _sub(_ITALIC, lambda m: "", text, omap)
    if "|" in text:
        text = _sub(_PIPE_RULE, lambda m: "", text, omap)

        def row(m: "regex.Match[str]") -> str:
            return "\t".join(c.strip() for c in m.group(1).split("|"))

        text = _sub(_PIPE_ROW, row, text, omap)
    return text


# a bold span may cross line breaks (a wrapped heading), not a blank line
_HINT_LINE = regex.compile(
    r"(?m)^[ \t]{0,3}(?:#{1,6}[ \t]+\S|\*\*(?:[^*\n]|\*(?!\*)|\n(?![ \t]*\n)){1,300}?\*\*:?[ \t]*\r?$|<(?:b|strong|h\d)>[^\n]{1,300}</(?:b|strong|h\d)>[ \t]*\r?$)"
)


# where a hinted line can start (every branch of _HINT_LINE opens so): a cheap stdlib scan, then
# the exact pattern is matched only there
_HINT_START = re.compile(r"(?m)^[ \t]{0,3}(?:#|\*\*|<[bsh])")


def _hinted_raw_lines(raw: str) -> tuple[list[int], set[int]]:
    """Line starts of ``raw``, and those of lines marked up as headings (## or all bold)."""
    hinted = {c.start() for c in _HINT_START.finditer(raw) if _HINT_LINE.match(raw, c.start())}
    if not hinted:
        return [], set()
    starts = [0] + [m.end() for m in re.finditer("\n", raw)]
    return starts, hinted


def normalize(raw: str, wrapped: bool = False) -> Normalized:
    """Normalize reader text; see the module docstring for the steps.

    ``wrapped`` says the reader's lines were cut at a page width (PDF); otherwise hard
    wrapping is told from the text itself (:mod:`vnplan.wrap`).
    """
    omap = OffsetMap()
    raw_starts, hinted = _hinted_raw_lines(raw)
    text = raw
    if _holds_any(text, _LINE_BREAK_CHARS):
        text = _sub(_CRLF, lambda m: "\n", text, omap)
    if _holds_any(text, _INVISIBLE_CHARS):
        text = _sub(_INVISIBLE, lambda m: "", text, omap)
    if _holds_any(text, _SPACE_CHARS):
        text = _sub(_SPACES, lambda m: " ", text, omap)
    if not unicodedata.is_normalized("NFC", text):
        text = _sub(_CLUSTER, lambda m: unicodedata.normalize("NFC", m.group(0)), text, omap)
    if _holds_any(text, _BULLET_CHARS):
        text = _sub(_ODD_BULLETS, lambda m: m.group(1) + "- ", text, omap)
    text = normalize_tones(text)  # same length: no layer needed
    text = _html_residue(text, omap)
    text = _apply(text, join_edits(text, wrapped or None), omap)
    text = _markdown_residue(text, omap)
    # tidy spaces line by line (tabs are table cell separators and are kept)
    if " \n" in text or "\n " in text or text.startswith(" ") or text.endswith(" "):
        text = _apply(text, _edge_space_edits(text), omap)
    if "  " in text:
        text = _sub(_MULTISPACE, lambda m: " ", text, omap)
    text = _apply(text, table_edits(text), omap)
    if any(w in text for w in _NUMBER_WORDS):
        text = _sub(_NUMBER_LABEL, lambda m: m.group(1) + ": ", text, omap)
    if "\n\n" in text:
        text = _sub(_BLANKS, lambda m: "\n", text, omap)
    lead = len(text) - len(text.lstrip("\n"))
    if lead:
        text = _apply(text, [(0, lead, "")], omap)
    text = text.rstrip("\n")
    hint_lines: set[int] = set()
    if hinted:
        pos = 0
        while True:
            raw_line = raw_starts[bisect_right(raw_starts, omap(pos)) - 1]
            if raw_line in hinted:
                hint_lines.add(pos)
            nl = text.find("\n", pos)
            if nl < 0:
                break
            pos = nl + 1
    return Normalized(text=text, offsets=omap, heading_hints=hint_lines)
