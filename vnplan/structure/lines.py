"""Lines of the normalized text with their offsets."""

from __future__ import annotations

from dataclasses import dataclass

@dataclass(frozen=True, slots=True)
class Line:
    """One line of ``Plan.text``: ``text == plan.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str

    @property
    def is_table_row(self) -> bool:
        return "\t" in self.text


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of ``text`` (the normalizer leaves no blank lines).

    Made once a parse: the pipeline hands the same list to the header, sections and tables.
    """
    out: list[Line] = []
    start = 0
    for i, line in enumerate(text.split("\n")):
        end = start + len(line)
        if line:
            out.append(Line(len(out), start, end, line))
        start = end + 1
    return out


def sentence_case_name(s: str) -> str:
    """'NGỌC HỒI' → 'Ngọc Hồi'; words already in mixed case are kept."""
    out = []
    for w in s.split():
        if w.isupper() and len(w) > 1 and not any(ch.isdigit() for ch in w):
            w = w[0] + w[1:].lower()
        out.append(w)
    return " ".join(out)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]
