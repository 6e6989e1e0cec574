"""Pre-Unicode Vietnamese: TCVN3 (ABC) and VNI text, detected by evidence and converted.

Old plans were typed in font encodings: TCVN3 (fonts ``.VnTime``, ``.VnArial``…; capitals with
tone marks come from the capitals fonts ``.VnTimeH``…) puts one byte per letter, VNI (fonts
``VNI-Times``…) a base letter and a mark byte. The tables live in
``vnplan/data/legacy_encodings.yaml``.

Evidence, never a guess on Unicode text: in a DOCX the font name of a run
(:func:`font_encoding`); in a text file that is not valid UTF-8 the bytes themselves
(:func:`decode_legacy_bytes`): cp1258, TCVN3 and VNI are each tried, and the one whose words
are Vietnamese syllables — an onset, one to three vowels carrying at most one tone mark, a coda —
with the fewest stray symbols wins. TCVN3 has no toned capitals, so a text file loses them;
a line (or a word) otherwise in capitals is put back in capitals, and a toned letter that opens a
line or a sentence too; a toned capital inside a sentence (``của ủy ban``) stays lost.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Optional

import regex

from ..datafiles import load_data

__all__ = [
    "decode_tcvn3", "decode_vni", "font_encoding", "decode_font_text", "decode_legacy_bytes",
    "encode_legacy",
]

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = regex.compile(r"\p{L}+")
_CAPS_LINE = regex.compile(r"[A-Z]")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], int]:
    """(TCVN3 char → letter, VNI sequence → letter, longest VNI sequence)."""
    data = load_data("legacy_encodings")
    tcvn3 = {v: k for k, v in data["tcvn3"].items()}
    vni = {v: k for k, v in data["vni"].items()}
    return tcvn3, vni, max(len(k) for k in vni)


@lru_cache(maxsize=1)
def _syllable() -> tuple["regex.Pattern[str]", frozenset[str], str]:
    """The syllable pattern, the Vietnamese letters outside ASCII, allowed punctuation."""
    syl = load_data("readers")["syllable"]
    vowels = syl["vowels"]
    toned = {unicodedata.normalize("NFC", v + t) for v in vowels for t in _TONES}
    letters = frozenset(toned | set(vowels) | {"đ"})
    vowel_class = "".join(sorted(toned | set(vowels)))
    onset = "|".join(sorted(syl["onsets"], key=len, reverse=True))
    coda = "|".join(sorted(syl["codas"], key=len, reverse=True))
    pattern = regex.compile(rf"^(?:{onset})?[{vowel_class}]{{1,3}}(?:{coda})?$")
    return pattern, frozenset(letters | {c.upper() for c in letters}), syl["punctuation"]


def decode_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 characters (as Latin-1) → Unicode; ``capitals`` for a ``…H`` capitals font."""
    table, _vni, _n = _tables()
    out = "".join(table.get(c, c) for c in text)
    return out.upper() if capitals else out


def decode_vni(text: str) -> str:
    """VNI sequences (as Latin-1) → Unicode, longest sequence first."""
    _t, table, longest = _tables()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for k in range(min(longest, n - i), 0, -1):
            hit = table.get(text[i : i + k])
            if hit is not None:
                out.append(hit)
                i += k
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode → TCVN3 or VNI characters (the tables inverted); for tests and round trips.

    TCVN3 has no toned capitals: they are written in lower case, as with a capitals font.
    """
    data = load_data("legacy_encodings")[encoding]
    out = []
    for c in unicodedata.normalize("NFC", text):
        if c in data:
            out.append(data[c])
        elif encoding == "tcvn3" and c.lower() in data:
            out.append(data[c.lower()])
        else:
            out.append(c)
    return "".join(out)


def font_encoding(font: Optional[str]) -> Optional[str]:
    """``tcvn3``, ``tcvn3-caps`` or ``vni`` for a legacy Vietnamese font name, else None."""
    if not font:
        return None
    name = font.strip()
    if name.startswith(".Vn") or name.startswith("Vn") and name[2:3].isupper():
        return "tcvn3-caps" if name.endswith("H") else "tcvn3"
    if name.upper().startswith("VNI-") or name.upper().startswith("VNI "):
        return "vni"
    return None


def decode_font_text(text: str, font: Optional[str]) -> str:
    """Text typed in ``font``: converted to Unicode when the font is a legacy Vietnamese one
    (:func:`font_encoding`), returned as it is otherwise."""
    enc = font_encoding(font)
    if enc == "vni":
        return decode_vni(text)
    if enc:
        return decode_tcvn3(text, capitals=enc == "tcvn3-caps")
    return text


def _score(text: str) -> int:
    """Syllable-shaped words minus malformed words and stray symbols, outside ASCII."""
    pattern, letters, punct = _syllable()
    score = 0
    for m in _WORD.finditer(text):
        w = m.group(0)
        if w.isascii():
            continue
        lw = w.lower()
        marks = sum(1 for c in unicodedata.normalize("NFD", lw) if c in _TONES)
        score += 1 if marks <= 1 and pattern.match(lw) else -1
    score -= sum(1 for c in text if ord(c) > 127 and c not in letters and c not in punct
                 and not c.isspace())
    return score


_SENTENCE_START = regex.compile(r"(?:^|(?<=[.!?]\s))([-+*]?\s{0,3})(\p{Ll})")
_ENDS_SENTENCE = (".", ":", ";", "!", "?")


def restore_capitals(text: str) -> str:
    """Put back the toned capitals TCVN3 cannot hold: a line in capitals is upper-cased, and so
    is a toned letter opening a sentence (not a line that continues the one before)."""
    out: list[str] = []
    prev = ""
    for line in text.split("\n"):
        if _caps_line(line):
            out.append(line.upper())
        else:
            opens = not prev.strip() or prev.rstrip().endswith(_ENDS_SENTENCE)
            out.append(_SENTENCE_START.sub(lambda m: _caps_start(m, opens), line))
        prev = line
    return _names().sub(lambda m: m.group(0)[0].upper() + m.group(0)[1:], "\n".join(out))


@lru_cache(maxsize=1)
def _names() -> "regex.Pattern[str]":
    names = load_data("readers")["tcvn3_capitalized"]
    alt = "|".join(regex.escape(n.lower()) for n in sorted(names, key=len, reverse=True))
    return regex.compile(rf"(?<!\p{{L}})(?:{alt})(?!\p{{L}})")


def _caps_line(line: str) -> bool:
    """Every word holding a Vietnamese letter is in capitals but for it, and one of them has
    at least two ASCII capitals (``KẾ HOẠCH`` typed ``KÕ HO¹CH``; not ``Số: /KH-UBND``)."""
    evidence = [w for w in _WORD.findall(line) if not w.isascii()]
    if not evidence:
        return False
    for w in evidence:
        if any(c.isascii() and c.islower() for c in w):
            return False
    return any(sum(1 for c in w if c.isascii() and c.isupper()) >= 2 for w in evidence)


def _caps_start(m: "regex.Match[str]", line_opens: bool) -> str:
    """A toned letter opening a sentence (ASCII letters were kept as typed)."""
    ch = m.group(2)
    has_capital = ch.upper() in load_data("legacy_encodings")["tcvn3"]  # Ă Â Ê Ô Ơ Ư Đ
    if ch.isascii() or has_capital or (m.start() == 0 and not line_opens):
        return m.group(0)
    return m.group(1) + ch.upper()


def decode_legacy_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8: ``(text, encoding)``, the best of cp1258/TCVN3/VNI."""
    ansi = data.decode("cp1252", errors="replace")  # both fonts keep Windows punctuation
    candidates = {
        "cp1258": data.decode("cp1258", errors="replace"),
        "tcvn3": restore_capitals(decode_tcvn3(ansi)),
        "vni": unicodedata.normalize("NFC", decode_vni(ansi)),
    }
    candidates["cp1258"] = unicodedata.normalize("NFC", candidates["cp1258"])
    scores = {k: _score(v) for k, v in candidates.items()}
    best = max(scores, key=lambda k: (scores[k], k == "cp1258"))
    return candidates[best], best
