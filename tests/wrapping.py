"""Hard-wrap a plan the way converters and crawls do, for the wrap-invariance tests.

``hard_wrap`` fills every line greedily at a width, breaking inside headings, header cells and
signature lines too; headings and capitals lines are wrapped in ``**`` around the pieces (the
bold span then crosses the break, as crawled Markdown has it). ``paragraphs=True`` separates
paragraphs by blank lines (web crawls), ``False`` writes the lines one after the other with the
first line of each paragraph indented (PDF text dumps such as ``pdftotext -layout``). Table
rows (TAB-separated) stay as they are.
"""

from __future__ import annotations


def _fill(words: list[str], width: int) -> list[str]:
    lines: list[str] = []
    cur = ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines


def _is_bold_line(line: str, heading_starts: set[int], start: int) -> bool:
    letters = [c for c in line if c.isalpha()]
    return start in heading_starts or (len(letters) > 3 and all(c.isupper() for c in letters))


def hard_wrap(text: str, width: int, paragraphs: bool = True, heading_starts: set[int] | None = None) -> str:
    """``text`` (a Plan's normalized text) hard-wrapped at ``width`` columns."""
    heading_starts = heading_starts or set()
    out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if "\t" in line or not line.strip():
            out.append(line)
            continue
        pieces = _fill(line.split(), width)
        if _is_bold_line(line, heading_starts, start):
            pieces[0] = "**" + pieces[0]
            pieces[-1] = pieces[-1] + "**"
        if not paragraphs:
            pieces[0] = "    " + pieces[0]
        out.append("\n".join(pieces))
    return ("\n\n" if paragraphs else "\n").join(out)
