"""Header and closing of a plan: number, issuer, place and date, title, signer, Nơi nhận.

Works on the lines of the normalized text. A plan issued by a decision (``QUYẾT ĐỊNH …
ban hành Kế hoạch``, the plan attached after the decision) gets the decision's metadata and
``body_start`` at the attached plan's own ``KẾ HOẠCH`` line.

The issuer is the last organ line of the header: a UBND or HĐND with its unit, or a body under
a parent (``UBND TỈNH LÀO CAI`` / ``SỞ CÔNG THƯƠNG``, ``BỘ …`` / ``CỤC …``; heads in
``data/header.yaml``), named with its parent's locality (``Sở Công Thương tỉnh Lào Cai``) and
at its parent's level; the line above it is ``issuer_parent``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Optional

import regex

from ..datafiles import alternation, load_data
from ..models import IssuerLevel, Metadata, Signer, Span
from .closing_columns import split_columns
from .lines import Line, edit_distance, sentence_case_name, split_lines
from .sections import is_appendix_line, is_heading_start

_NUMBER = regex.compile(
    r"(?i)\b" + regex.escape(load_data("header")["number_label"]) + r"\s*:?\s*(?:"
    # the numbering of the Party and the mass organisations: "Số 45-KH/TU", "Số: 33-KH/HND"
    r"(?P<pnum>\d{1,5})\s*-\s*(?P<psym>(?-i:\p{Lu}){1,6}\s*/\s*[\p{L}0-9&]{1,12}(?:[-.][\p{L}0-9&]{1,12}){0,3})|"
    r"(?P<num>[0-9][0-9A-Za-z.]{0,12})?\s*/\s*(?P<year>(?:19|20)\d\d\s*/\s*)?"
    r"(?P<sym>[\p{L}0-9&]{1,12}(?:\s*[-–]\s*[\p{L}0-9&]{1,12}){0,4}))"
)
_DATE_WORDS = load_data("header")["date_words"]  # ngày, tháng, năm
# where the national motto starts inside a header line ("… TỈNH LÀO CAI CỘNG HÒA XÃ HỘI …")
_MOTTO_START = regex.compile(
    r"(?i)(?<![\p{L}])(?:" + alternation(sorted({" ".join(regex.findall(r"\p{L}+", m)[:2]) for m in load_data("header")["motto_lines"]}))
    + r")(?![\p{L}])")
_PLACE_DATE = regex.compile(
    r"^(?P<place>[\p{L}][\p{L}\s.'’-]{0,60}?)\s*,\s*" + regex.escape(_DATE_WORDS["day"])
    + r"\s*(?P<d>\d{1,2})?\s*(?:" + regex.escape(_DATE_WORDS["month"]) + r"|/)\s*(?P<m>\d{1,2})?\s*(?:"
    + regex.escape(_DATE_WORDS["year"]) + r"|/)\s*(?P<y>\d{4})",
    regex.I,
)
_SEPARATOR = regex.compile(r"^[\s\-_–—=*.]{3,}$")
_NAME = regex.compile(r"^(?:\p{Lu}[\p{Ll}]*|\p{Lu}+)(?:\s+(?:\p{Lu}[\p{Ll}]*|\p{Lu}+)){1,5}$")
_KEM_THEO = regex.compile("(?i)" + alternation(load_data("header")["attachment_words"]))  # kèm theo


@dataclass
class Header:
    """What the header and closing give, plus landmarks for the later stages."""

    metadata: Metadata
    lines: list[Line]
    type_line: Optional[Line] = None
    body_start: int = 0  # offset where the body (after the title) starts
    closing_start: Optional[int] = None  # 'Nơi nhận' / signature block
    body_end: Optional[int] = None  # the closing paragraph ("Trên đây là …") or the closing block
    appendix_start: Optional[int] = None
    title_span: Optional[tuple[int, int]] = None
    is_decision: bool = False
    warnings: list[str] = field(default_factory=list)
    # the number as printed ("12/UBND-KHTH", "/KH-UBND" when left blank) and its type code,
    # the symbol without a year ("15/2024/QĐ-UBND" has code "QĐ-UBND")
    number_printed: Optional[str] = None
    number_code: Optional[str] = None


@lru_cache(maxsize=None)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_data("header")
    return data


@lru_cache(maxsize=None)
def _units() -> dict[str, Any]:
    data: dict[str, Any] = load_data("admin_units")
    return data


def _is_type_line(line: Line, words: list[str]) -> bool:
    t = line.text.strip().rstrip(":").strip().upper()
    return t in words


def _is_motto(text: str) -> bool:
    t = " ".join(text.split()).casefold()
    return any(t.startswith(m.casefold()) for m in _data()["motto_lines"])


def _after_motto(text: str) -> str:
    """The line without a motto line or a number glued before it ('Độc lập - Tự do - Hạnh phúc
    Lào Cai, ngày …', 'Số: 301/KH-UBND Đà Nẵng, ngày …', when a line join or a layout table took
    the place-date line into the line before)."""
    t = " ".join(text.split())
    low = t.casefold()
    for m in _data()["motto_lines"]:
        if low.startswith(m.casefold() + " "):
            return t[len(m) :].strip()
    number = _NUMBER.match(t)
    return t[number.end() :].strip() if number else t


def _split_unit(s: str) -> tuple[Optional[str], str]:
    """'HUYỆN NGỌC HỒI' → ('huyện', 'Ngọc Hồi')."""
    s = " ".join(s.split())
    abbrev = _units()["unit_abbreviations"]
    for ab, full in sorted(abbrev.items(), key=lambda kv: -len(kv[0])):
        if s.startswith(ab + " "):
            s = full + s[len(ab) :]
            break
    low = s.casefold()
    for unit in sorted(_units()["unit_words"], key=len, reverse=True):
        if low == unit or low.startswith(unit + " "):
            return unit, sentence_case_name(s[len(unit) :].strip())
    return None, sentence_case_name(s)


def issuer_level(unit: Optional[str], name: str) -> Optional[IssuerLevel]:
    """Administrative level of an issuer from its unit word and name."""
    if not unit:
        return None
    if unit == _units()["central_city_unit"] and name.casefold() in {c.casefold() for c in _units()["central_cities"]}:
        return "tinh"
    level: Optional[IssuerLevel] = _units()["unit_words"].get(unit)
    return level


@lru_cache(maxsize=1)
def _issuer_phrase() -> "regex.Pattern[str]":
    """``Ủy ban nhân dân tỉnh Kon Tum``: a committee, its unit word and the unit's name."""
    committee = alternation(load_data("agencies")["people_committee"])
    units = alternation(_units()["unit_words"])
    return regex.compile(
        rf"(?:{committee})\s+(?P<unit>{units})"
        r"(?P<name>(?:\s+(?:\p{Lu}[\p{Ll}]*|\p{Lu}+)(?:\s*-\s*(?:\p{Lu}[\p{Ll}]*))?){0,5})"
    )


@dataclass
class _Organ:
    """An organ line of the header: a council (UBND, HĐND) with its unit, or a body (Sở, Phòng,
    Cục, Bộ …) with the locality its line names, if any."""

    name: str  # 'Ủy ban nhân dân', 'Sở Công Thương'
    unit: Optional[str] = None  # unit word of its locality: 'tỉnh'
    place: str = ""  # locality name: 'Lào Cai'
    default_level: Optional[IssuerLevel] = None  # a body's level when nothing else says it
    is_body: bool = False
    of_parent: bool = False  # named after its parent: 'VĂN PHÒNG' → 'Văn phòng <parent>'

    @property
    def locality(self) -> str:
        return f"{self.unit} {self.place}".strip() if self.unit else ""

    @property
    def full(self) -> str:
        return " ".join(x for x in (self.name, self.locality) if x)

    @property
    def level(self) -> Optional[IssuerLevel]:
        """The level its own locality gives."""
        return issuer_level(self.unit, self.place) if self.unit else None


def _council_at(lines: list[Line], i: int) -> Optional[tuple[_Organ, int]]:
    """'ỦY BAN NHÂN DÂN' / 'TỈNH X' (or on one line) at line ``i``: the organ and lines used."""
    organs = _data()["issuer_organs"]
    t = " ".join(lines[i].text.split())
    up = t.upper()
    for organ in sorted(organs, key=len, reverse=True):
        if up == organ or up.startswith(organ + " "):
            rest = t[len(organ) :].strip()
            used = 1
            if not rest and i + 1 < len(lines):
                nxt = lines[i + 1].text.strip()
                if not _NUMBER.search(nxt) and not _is_motto(nxt) and nxt.isupper():
                    rest, used = nxt, 2
            unit, name = _split_unit(rest)
            if not unit:
                return None
            if name and i + used < len(lines) and _continues_place(lines[i + used].text, organs):
                name, used = sentence_case_name(f"{name} {lines[i + used].text.strip()}"), used + 1
            return _Organ(organs[organ], unit, name), used
    return None


def _continues_place(text: str, organs: dict[str, str]) -> bool:
    """A short capitals line that goes on with a locality cut by a narrow header cell
    ('UBND TỈNH QUẢNG' / 'NAM'): no organ, body, unit, motto or number line."""
    t = " ".join(text.split())
    up = t.upper()
    type_words = [w.upper() for words in _data()["type_words"].values() for w in words]
    return (bool(t) and t.isupper() and len(t.split()) <= 2 and not _NUMBER.search(t) and not _is_motto(t)
            and _body_head(t) is None and not _starts_with_unit(t) and up not in type_words
            and not any(up == o or up.startswith(o + " ") for o in organs))


def _body_head(text: str) -> Optional[str]:
    """The head word of a body's header line ('SỞ', 'CHI CỤC' …), the line in capitals."""
    t = " ".join(text.split())
    if not t.isupper():
        return None
    bodies = _data()["issuing_bodies"]
    for head in sorted(bodies, key=len, reverse=True):
        if t.startswith(head + " ") or (t == head and (bodies[head].get("alone") or bodies[head].get("complete"))):
            found: str = head
            return found
    return None


def _starts_with_unit(text: str) -> bool:
    low = " ".join(text.split()).casefold()
    units = list(_units()["unit_words"]) + [a.casefold() for a in _units()["unit_abbreviations"]]
    return any(low.startswith(u + " ") for u in units)


def _continues_body(text: str) -> bool:
    """A capitals line that goes on with a body's name wrapped over lines ('VÀ ĐÀO TẠO')."""
    t = " ".join(text.split())
    return (
        t.isupper()
        and len(t) < 80
        and not _NUMBER.search(t)
        and not _is_motto(t)
        and not _SEPARATOR.match(t)
        and _body_head(t) is None
        and not any(t.startswith(o) for o in _data()["issuer_organs"])
        and not _starts_with_unit(t)
        and t.rstrip(":") not in {w.upper() for ws in _data()["type_words"].values() for w in ws}
    )


@lru_cache(maxsize=None)
def _locality_pattern() -> "regex.Pattern[str]":
    """A locality inside a body's line: ' TỈNH LÀO CAI' at its end."""
    units = [u.upper() for u in _data()["body_locality_units"]]
    units += [ab for ab, full in _units()["unit_abbreviations"].items() if full in _data()["body_locality_units"]]
    alt = "|".join(regex.escape(u) for u in sorted(units, key=len, reverse=True))
    return regex.compile(rf"\s(?P<loc>(?:{alt})\s+\S.*)$")


@lru_cache(maxsize=None)
def _known_bodies() -> dict[str, str]:
    """Names of the agency gazetteer (and their aliases), casefolded → canonical."""
    out: dict[str, str] = {}
    for entry in load_data("agencies")["names"]:
        for n in [entry["name"], *entry.get("aliases", [])]:
            out.setdefault(n.casefold(), entry["name"])
    return out


_NAME_PART = regex.compile(  # on a line with single spaces: "SỞ NỘI VỤ VÀ …"
    r"( ?(?:[,\-–]|\b" + regex.escape(load_data("agencies")["conjunction"].upper()) + r"\b) ?)")


def _body_name(text: str, head: str) -> str:
    """'PHÒNG QUẢN LÝ CÔNG NGHIỆP' → 'Phòng Quản lý công nghiệp': the head as listed in
    header.yaml, each part after 'và', ',' or '-' with one capital (gazetteer names as known)."""
    t = " ".join(text.split())
    known = _known_bodies().get(t.casefold())
    if known:
        return known
    out = []
    for k, part in enumerate(_NAME_PART.split(t[len(head) :].strip())):
        if k % 2:  # a separator
            out.append(part.lower())
            continue
        words = part.split()
        out.append(" ".join(
            w if any(c.isdigit() for c in w) else (w[0] + w[1:].lower() if j == 0 else w.lower())
            for j, w in enumerate(words)
        ))
    name = f"{_data()['issuing_bodies'][head]['name']} {''.join(out)}".strip()
    for phrase in _data()["proper_phrases"]:
        name = regex.sub(rf"(?i)\b{regex.escape(phrase)}\b", phrase, name)
    return name


def _body_at(lines: list[Line], i: int) -> Optional[tuple[_Organ, int]]:
    """A body's header line at ``i`` ('SỞ CÔNG THƯƠNG', 'CỤC THUẾ TỈNH X', a name wrapped over
    two lines, or a locality on the next line): the organ and the lines used."""
    head = _body_head(lines[i].text)
    if head is None:
        return None
    parts = [" ".join(lines[i].text.split())]
    used = 1
    while i + used < len(lines) and used < 3 and _continues_body(lines[i + used].text):
        parts.append(" ".join(lines[i + used].text.split()))
        used += 1
    full = " ".join(parts)
    m = _locality_pattern().search(full)
    locality = m.group("loc") if m else ""
    if m:
        full = full[: m.start()]
    elif i + used < len(lines) and lines[i + used].text.strip().isupper() and _starts_with_unit(lines[i + used].text):
        locality = lines[i + used].text.strip()
        used += 1
    unit, place = _split_unit(locality) if locality else (None, "")
    spec = _data()["issuing_bodies"][head]
    of_parent = full == head and spec.get("alone") == "parent"
    organ = _Organ(_body_name(full, head), unit, place if unit else "", spec.get("level"), True, of_parent)
    return organ, used


def _header_organs(lines: list[Line]) -> list[_Organ]:
    """The organ lines of the header, top down (parent first, the issuing body last)."""
    out: list[_Organ] = []
    i = 0
    while i < len(lines):
        found = _council_at(lines, i) or _body_at(lines, i)
        if found is None:
            i += 1
            continue
        organ, used = found
        if not out or out[-1].full != organ.full:
            out.append(organ)
        i += used
    return out


def _issuer_from_header(lines: list[Line]) -> Optional[tuple[str, Optional[str], Optional[IssuerLevel], str]]:
    """Issuer, parent, level and locality name from the header's organ lines.

    The issuer is the last organ line (a commune's header may name its district first:
    'UBND HUYỆN X' / 'UBND XÃ Y'; a Sở's names its province: 'UBND TỈNH X' / 'SỞ …'), the
    parent the one above it. A body without a locality of its own takes its parent's
    ('Sở Công Thương tỉnh Lào Cai') and level; a central body (Bộ, Cục) is 'trung_uong'.
    """
    organs = _header_organs(lines)
    if not organs:
        return None
    issuer = organs[-1]
    parent = organs[-2] if len(organs) > 1 else None
    unit, place, level = issuer.unit, issuer.place, issuer.level
    if issuer.is_body and not issuer.unit and parent is not None:
        unit, place = parent.unit, parent.place
        level = parent.level or parent.default_level
    level = level or issuer.default_level
    if issuer.of_parent and parent is not None:
        name = f"{issuer.name} {parent.full}"
    else:
        name = " ".join(x for x in (issuer.name, f"{unit} {place}".strip() if unit else "") if x)
    return name, parent.full if parent else None, level, place


def _issuer_from_phrases(text: str, verbs: list[str]) -> Optional[tuple[str, str, str]]:
    """'Ủy ban nhân dân tỉnh Bình Dương ban hành …' → (unit, name, phrase)."""
    best = None
    for m in _issuer_phrase().finditer(text):
        after = text[m.end() : m.end() + 20].strip().casefold()
        name = m.group("name").strip()
        score = 2 if any(after.startswith(v) for v in verbs) else 0
        score += 1 if name else 0
        if best is None or score > best[0]:
            best = (score, m.group("unit"), name, m.group(0))
        if score == 3:
            break
    if best is None or best[0] < 2:
        return None
    return best[1], best[2], best[3]


def _fix_place(place: str, issuer_name: Optional[str]) -> str:
    """Correct a one-letter typo of the place against the issuer's own spelling."""
    if not issuer_name:
        return place
    if place.casefold() == issuer_name.casefold():
        return issuer_name
    if len(place.split()) == len(issuer_name.split()) and edit_distance(place.casefold(), issuer_name.casefold(), 2) <= 1:
        return issuer_name
    return place


def _name_above(lines: list[Line], block_start: int) -> tuple[Optional[str], Optional[Span]]:
    """The signer's name printed just above the signature block (blank lines between): where a
    PDF's column order put the name cell before the titles."""
    above = [ln for ln in lines if ln.start < block_start and ln.text.strip()]
    if not above:
        return None, None
    ln = above[-1]
    t = " ".join(ln.text.split())
    if _NAME.match(t) and not any(ch.isdigit() for ch in t) and not t.isupper():
        return sentence_case_name(t), (ln.start, ln.end)
    return None, None


def _without_noise(t: str, marks: list[str]) -> str:
    """``t`` without a signature mark that opens it ('Đã ký: ', '[daky] '; ``marks``, casefolded,
    longest first)."""
    low = t.casefold()
    for n in marks:
        if low.startswith(n) and len(t) > len(n):
            return t[len(n) :].lstrip(" :")
    return t


def _signer(lines: list[Line]) -> tuple[Signer, Optional[int], Optional[int]]:
    """Find the signature block in ``lines``; returns the signer and the block's extent."""
    d = _data()
    prefixes = [p.upper() for p in d["authority_prefixes"]]
    titles = d["signer_titles"]
    noise = {n.casefold() for n in d["signature_noise"]}
    marks = sorted(noise, key=len, reverse=True)
    authority = None
    title = None
    start = end = None
    name = None
    name_span = None
    for i, ln in enumerate(lines):
        t = " ".join(ln.text.split())
        up = t.upper()
        pref = next((p for p in prefixes if up.startswith(p)), None)
        if pref:
            body = t[len(pref) :].strip()
            authority = f"{pref} {body.upper()}" if body else pref
            start = ln.start if start is None else start
            end = ln.end
            continue
        key = up.rstrip(":").strip()
        if key in titles and (start is not None or i + 1 < len(lines)):
            title = titles[key]
            start = ln.start if start is None else start
            end = ln.end
            continue
        if start is not None and name is None:
            if t.casefold() in noise or _SEPARATOR.match(t):
                continue
            t = _without_noise(t, marks)  # "Đã ký: Trần Huy Tuấn"
            if _NAME.match(t) and not any(ch.isdigit() for ch in t):
                name = sentence_case_name(t)
                at = ln.text.rfind(t)  # after a mark on the same line, the name alone
                name_span = (ln.start + max(at, 0), ln.end)
                end = ln.end
                break
            if title is not None:
                break
    if name is None and start is not None:
        name, name_span = _name_above(lines, start)
    if title is None and authority and " " in authority:
        # "Q. CHỦ TỊCH" with no title line: the signer is the acting holder of that title
        prefix, body = authority.split(" ", 1)
        acting = d["acting_prefixes"].get(prefix)
        if acting and body in titles:
            title = f"{acting} {titles[body]}"
    signer = Signer(name=name, title=title, authority=authority, span=name_span)
    return signer, start, end


def _recipients(lines: list[Line], label: str) -> tuple[list[str], Optional[int]]:
    out: list[str] = []
    start = None
    started = False
    prefixes = tuple(p.upper() for p in _data()["authority_prefixes"])
    titles = _data()["signer_titles"]
    for ln in lines:
        t = ln.text.strip()
        if not started:
            if t.casefold().startswith(label.casefold()):
                started = True
                start = ln.start
                rest = t[len(label) :].lstrip(" :").strip()
                if rest:
                    out.append(rest.lstrip("-+•* ").rstrip(";.,").strip())
            continue
        up = t.upper()
        if up.startswith(prefixes) or up.rstrip(":") in titles:
            break
        if t[:1] in "-+•*":
            item = t.lstrip("-+•* ").rstrip(";.,").strip()
            if item:
                out.append(item)
        elif out and not t[:1].isupper():
            out[-1] = (out[-1] + " " + t).strip()
        else:
            break
    return out, start


def _issuer_column(header_lines: list[Line]) -> list[Line]:
    """The header's left column, where the issuer stands: a header printed as rows of cells
    ("ỦY BAN NHÂN DÂN<TAB>CỘNG HÒA …", "TỈNH LÀO CAI<TAB>Độc lập …") or with the motto glued to
    the issuer ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI CỘNG HÒA XÃ HỘI …") keeps the part before the
    first cell break or the motto; lines that only hold the motto's side are left out."""
    out: list[Line] = []
    for ln in header_lines:
        cut = ln.text.find("\t")
        cut = len(ln.text) if cut < 0 else cut
        m = _MOTTO_START.search(ln.text, 0, cut)
        cut = m.start() if m else cut
        left = ln.text[:cut].rstrip()
        if left:
            out.append(ln if cut == len(ln.text) else Line(ln.index, ln.start, ln.start + len(left), left))
    return out


def _read_issuer(meta: Metadata, h: Header, text: str, lines: list[Line], header_lines: list[Line],
                 place: Optional[str]) -> str:
    """Fill issuer, issuer_parent and issuer_level: from the header's organ lines, else from the
    preamble ('Ủy ban nhân dân tỉnh X ban hành …'), an appendix caption or the place line.
    Returns the issuer's locality name (to check the place's spelling against)."""
    issuer = _issuer_from_header(_issuer_column(header_lines))
    if issuer:
        meta.issuer, meta.issuer_parent, meta.issuer_level, name = issuer
        return name
    unit, name = None, ""
    found = _issuer_from_phrases(text, _data()["issuer_verbs"])
    if found:
        unit, name, _ = found
    if not name:
        # an appendix caption "(Kèm theo Kế hoạch … của UBND tỉnh X)" names it too
        for ln in lines:
            if _KEM_THEO.search(ln.text):
                m = _issuer_phrase().search(ln.text)
                if m and m.group("name").strip():
                    unit = unit or m.group("unit")
                    if unit == m.group("unit"):
                        name = m.group("name").strip()
                    break
    if not name and place:
        name = place
    if unit or name:
        meta.issuer = " ".join(x for x in (load_data("agencies")["people_committee"][0], unit, name) if x)
        meta.issuer_level = issuer_level(unit, name) if unit else None
    else:
        h.warnings.append("issuer not found")
    return name


def _find_type_lines(lines: list[Line], h: Header, d: dict[str, Any]) -> tuple[Optional[Line], Optional[Line]]:
    """The first type line in the first 40 lines, and the plan's own type line: after a
    ``QUYẾT ĐỊNH`` that issues the plan, the ``KẾ HOẠCH`` line further down (a decision case)."""
    plan_words = [w.upper() for w in d["type_words"]["plan"]]
    decision_words = [w.upper() for w in d["type_words"]["decision"]]
    first_type = next((ln for ln in lines[:40] if _is_type_line(ln, plan_words + decision_words)), None)
    plan_line = first_type
    if first_type is not None and _is_type_line(first_type, decision_words):
        later = next((ln for ln in lines[first_type.index + 1 :] if _is_type_line(ln, plan_words)), None)
        if later is not None:
            h.is_decision = True
            h.metadata.doc_type = d["type_words"]["decision"][0].capitalize()  # "Quyết định"
            plan_line = later
    h.type_line = plan_line if plan_line is not None and _is_type_line(plan_line, plan_words) else None
    return first_type, plan_line


def _read_number(header_lines: list[Line], h: Header) -> None:
    """``Số: 125/KH-UBND`` → the number, its printed form and its type code."""
    meta = h.metadata
    for ln in header_lines:
        m = _NUMBER.search(ln.text)
        if not m:
            continue
        if m.group("pnum"):  # "45-KH/TU": the type code is the part before the slash
            psym = regex.sub(r"\s+", "", m.group("psym"))
            h.number_code = psym.split("/")[0]
            h.number_printed = meta.number = f"{m.group('pnum')}-{psym}"
            return
        sym = regex.sub(r"\s+", "", m.group("sym")).replace("–", "-")
        year = regex.sub(r"\s+", "", m.group("year") or "")
        num = m.group("num")
        h.number_code = sym
        h.number_printed = f"{(num or '').rstrip('.')}/{year}{sym}"
        if num:
            meta.number = h.number_printed
            if h.is_decision:
                meta.issued_by_decision = meta.number
        else:
            h.warnings.append(f"number left blank ('Số: /{sym}')")
        return
    h.warnings.append("no document number found in the header")


def _read_place_date(header_lines: list[Line], h: Header) -> Optional[str]:
    """The place-date line (``Lào Cai, ngày 5 tháng 3 năm 2025``): year and date set, the
    place as printed returned."""
    meta = h.metadata
    for ln in header_lines:
        m = _PLACE_DATE.search(_after_motto(ln.text))
        if not m:
            continue
        meta.year = int(m.group("y"))
        if m.group("d") and m.group("m"):
            try:
                meta.issued_date = date(meta.year, int(m.group("m")), int(m.group("d")))
            except ValueError:
                h.warnings.append(f"invalid issue date {m.group(0)!r}")
        else:
            h.warnings.append("issue date left blank (day or month missing)")
        return " ".join(m.group("place").split())
    h.warnings.append("no place-date line found in the header")
    return None


def _ends_title(parts: list[Line], t: str, ln: Line, openers: tuple[str, ...]) -> bool:
    """Does line ``t`` start the preamble or the body instead of going on with the title?"""
    folded = t.casefold()
    if (parts and folded.startswith(openers)) or folded.startswith(_data()["basis_opener"].casefold()) or t.startswith("(") \
            or is_heading_start(t) or ln.is_table_row:
        return True
    if not parts:
        return False
    prev = parts[-1].text.strip()
    # a title wrapped over lines: capitals continue capitals; a mixed-case title continues
    # while no line closes a sentence and the next is no preamble line
    return (prev.isupper() != t.isupper() or prev.endswith((".", ";", ":")) or t.endswith((";", ":"))
            or len(t) > 250 or len(parts) >= 4)


def _read_title(lines: list[Line], anchor: Optional[Line], h: Header, d: dict[str, Any]) -> None:
    """The title (trích yếu): the lines after the type line up to the preamble or a heading."""
    if anchor is not None:
        openers = tuple(o.casefold() for o in d["preamble_openers"])
        parts: list[Line] = []
        for ln in lines[anchor.index + 1 : anchor.index + 8]:
            t = ln.text.strip()
            if _SEPARATOR.match(t):
                if parts:
                    break
                continue
            if _ends_title(parts, t, ln, openers):
                break
            parts.append(ln)
        if parts:
            h.metadata.title = " ".join(" ".join(p.text.split()) for p in parts)
            h.title_span = (parts[0].start, parts[-1].end)
    if not h.metadata.title:
        h.warnings.append("no title (trích yếu) found")


def _body_start(h: Header, plan_line: Optional[Line], header_lines: list[Line]) -> int:
    if h.is_decision and plan_line is not None:
        return plan_line.end
    if h.title_span:
        return h.title_span[1]
    if plan_line is not None:
        return plan_line.end
    return header_lines[-1].end if header_lines else 0


def _starts_with(ln: Line, label: str) -> bool:
    return ln.text.strip().casefold().startswith(label.casefold())


def _read_closing(lines: list[Line], h: Header, d: dict[str, Any], first_type: Optional[Line],
                  plan_line: Optional[Line]) -> list[Line]:
    """Nơi nhận and the signature block (the first after the body start): recipients, signer
    and where the closing starts. Returns the lines after the body start."""
    meta = h.metadata
    closing_lines = [ln for ln in lines if ln.start >= h.body_start]
    label = d["recipients_label"]
    nn_idx = next((i for i, ln in enumerate(closing_lines) if _starts_with(ln, label)), None)
    if nn_idx is not None:
        left, right = split_columns(closing_lines[nn_idx : nn_idx + 40])
        meta.recipients, _ = _recipients(left + closing_lines[nn_idx + 40 :], label)
        signer, s_start, _s_end = _signer(closing_lines[max(0, nn_idx - 8) : nn_idx] + right)
        nn_start = closing_lines[nn_idx].start
        h.closing_start = min(nn_start, s_start) if s_start is not None else nn_start
    else:
        signer, s_start, _s_end = _signer(closing_lines[-40:])
        h.closing_start = s_start
    if h.is_decision and first_type is not None and plan_line is not None:
        # the decision's own signature block stands between the decision and the plan
        dec_lines = [ln for ln in lines if first_type.end <= ln.start < plan_line.start]
        signer, _, _ = _signer(dec_lines)
        nn = next((i for i, ln in enumerate(dec_lines) if _starts_with(ln, label)), None)
        if nn is not None:
            meta.recipients, _ = _recipients(dec_lines[nn:], label)
    meta.signer = signer
    if signer.name is None:
        h.warnings.append("no signer found")
    return closing_lines


def _read_body_end(text: str, lines: list[Line], closing_lines: list[Line], h: Header,
                   d: dict[str, Any]) -> None:
    """The body ends at the closing paragraph ('Trên đây là …'), else at the closing block; an
    appendix starts at a PHỤ LỤC line after the closing."""
    formulas = tuple(f.casefold() for f in d["closing_formulas"])
    limit = h.closing_start if h.closing_start is not None else len(text)
    h.body_end = next(
        (ln.start for ln in closing_lines if ln.start < limit and ln.text.strip().casefold().startswith(formulas)),
        h.closing_start,
    )
    if h.closing_start is not None:
        closing = h.closing_start
        h.appendix_start = next((ln.start for ln in lines if ln.start >= closing and is_appendix_line(ln.text)), None)


def extract_header(text: str, lines: Optional[list[Line]] = None) -> Header:
    """Read metadata and landmarks from the normalized text of a plan: the type line (and the
    decision case), number, place and date, issuer, title, where the body starts and ends, the
    recipients and signer, where an appendix starts."""
    d = _data()
    lines = lines if lines is not None else split_lines(text)
    h = Header(metadata=Metadata(), lines=lines)
    first_type, plan_line = _find_type_lines(lines, h, d)
    header_lines = lines[: first_type.index] if first_type is not None else lines[:12]
    _read_number(header_lines, h)
    place = _read_place_date(header_lines, h)
    # issuer: header lines, then the preamble/appendix phrases, then the place line
    name = _read_issuer(h.metadata, h, text, lines, header_lines, place)
    if place:
        h.metadata.place = _fix_place(place, name or None)
    _read_title(lines, first_type if h.is_decision else plan_line, h, d)
    h.body_start = _body_start(h, plan_line, header_lines)
    closing_lines = _read_closing(lines, h, d, first_type, plan_line)
    _read_body_end(text, lines, closing_lines, h, d)
    return h
