"""Header and closing of a plan: number, issuer, place and date, title, signer, Nơi nhận.

Works on the lines of the normalized text. A plan issued by a decision (``QUYẾT ĐỊNH …
ban hành Kế hoạch``, the plan attached after the decision) gets the decision's metadata and
``body_start`` at the attached plan's own ``KẾ HOẠCH`` line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Optional

import regex

from ..datafiles import load_data
from ..models import Metadata, Signer
from .lines import Line, edit_distance, sentence_case_name, split_lines
from .sections import is_appendix_line, is_heading_start

_NUMBER = regex.compile(
    r"(?i)\bSố\s*:?\s*(?P<num>[0-9][0-9A-Za-z.]{0,12})?\s*/\s*(?P<sym>[\p{L}0-9&]{1,12}(?:\s*[-–]\s*[\p{L}0-9&]{1,12}){0,4})"
)
_PLACE_DATE = regex.compile(
    r"^(?P<place>[\p{L}][\p{L}\s.'’-]{0,60}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng|/)\s*(?P<m>\d{1,2})?\s*(?:năm|/)\s*(?P<y>\d{4})",
    regex.I,
)
_SEPARATOR = regex.compile(r"^[\s\-_–—=*.]{3,}$")
_NAME = regex.compile(r"^(?:\p{Lu}[\p{Ll}]*|\p{Lu}+)(?:\s+(?:\p{Lu}[\p{Ll}]*|\p{Lu}+)){1,5}$")
_KEM_THEO = regex.compile(r"(?i)kèm theo")


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

    @property
    def looks_like_plan(self) -> bool:
        num = self.metadata.number or ""
        return self.type_line is not None or "KH" in num.upper()


@lru_cache(maxsize=None)
def _data() -> dict:
    return load_data("header")


@lru_cache(maxsize=None)
def _units() -> dict:
    return load_data("admin_units")


def _is_type_line(line: Line, words: list[str]) -> bool:
    t = line.text.strip().rstrip(":").strip().upper()
    return t in words


def _is_motto(text: str) -> bool:
    t = " ".join(text.split()).casefold()
    return any(t.startswith(m.casefold()) for m in _data()["motto_lines"])


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


def issuer_level(unit: Optional[str], name: str) -> Optional[str]:
    """Administrative level of an issuer from its unit word and name."""
    if not unit:
        return None
    if unit == "thành phố" and name.casefold() in {c.casefold() for c in _units()["central_cities"]}:
        return "tinh"
    return _units()["unit_words"].get(unit)


_ISSUER_PHRASE = regex.compile(
    r"(?:Ủy ban nhân dân|UBND)\s+(?P<unit>thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường)"
    r"(?P<name>(?:\s+(?:\p{Lu}[\p{Ll}]*|\p{Lu}+)(?:\s*-\s*(?:\p{Lu}[\p{Ll}]*))?){0,5})"
)


def _issuer_from_header(lines: list[Line]) -> Optional[tuple[str, str]]:
    """The issuing organ of the header: the last organ line (a commune's header may name its
    district first: 'UBND HUYỆN X' / 'UBND XÃ Y')."""
    organs = _data()["issuer_organs"]
    found = None
    for i, ln in enumerate(lines):
        t = " ".join(ln.text.split())
        up = t.upper()
        for organ in sorted(organs, key=len, reverse=True):
            if up == organ or up.startswith(organ + " "):
                rest = t[len(organ) :].strip()
                if not rest and i + 1 < len(lines):
                    nxt = lines[i + 1].text.strip()
                    if not _NUMBER.search(nxt) and not _is_motto(nxt) and nxt.isupper():
                        rest = nxt
                unit, name = _split_unit(rest)
                if unit:
                    found = organs[organ], f"{unit} {name}".strip()
                break
    return found


def _issuer_from_phrases(text: str, verbs: list[str]) -> Optional[tuple[str, str, str]]:
    """'Ủy ban nhân dân tỉnh Bình Dương ban hành …' → (unit, name, phrase)."""
    best = None
    for m in _ISSUER_PHRASE.finditer(text):
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


def _signer(lines: list[Line]) -> tuple[Signer, Optional[int], Optional[int]]:
    """Find the signature block in ``lines``; returns the signer and the block's extent."""
    d = _data()
    prefixes = [p.upper() for p in d["authority_prefixes"]]
    titles = d["signer_titles"]
    noise = {n.casefold() for n in d["signature_noise"]}
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
            if _NAME.match(t) and not any(ch.isdigit() for ch in t):
                name = sentence_case_name(t)
                name_span = (ln.start, ln.end)
                end = ln.end
                break
            if title is not None:
                break
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


def extract_header(text: str, lines: Optional[list[Line]] = None) -> Header:
    """Read metadata and landmarks from the normalized text of a plan."""
    d = _data()
    lines = lines if lines is not None else split_lines(text)
    meta = Metadata()
    h = Header(metadata=meta, lines=lines)
    plan_words = [w.upper() for w in d["type_words"]["plan"]]
    decision_words = [w.upper() for w in d["type_words"]["decision"]]

    # --- type line (first in the first 40 lines) and the decision case
    first_type = None
    for ln in lines[:40]:
        if _is_type_line(ln, plan_words + decision_words):
            first_type = ln
            break
    plan_line = first_type
    if first_type is not None and _is_type_line(first_type, decision_words):
        later = next(
            (ln for ln in lines[first_type.index + 1 :] if _is_type_line(ln, plan_words)), None
        )
        if later is not None:
            h.is_decision = True
            meta.doc_type = "Quyết định"
            plan_line = later
    h.type_line = plan_line if plan_line is not None and _is_type_line(plan_line, plan_words) else None

    header_lines = lines[: first_type.index] if first_type is not None else lines[:12]

    # --- number
    for ln in header_lines:
        m = _NUMBER.search(ln.text)
        if m:
            sym = regex.sub(r"\s+", "", m.group("sym")).replace("–", "-")
            num = m.group("num")
            if num:
                meta.number = f"{num.rstrip('.')}/{sym}"
                if h.is_decision:
                    meta.issued_by_decision = meta.number
            else:
                h.warnings.append(f"number left blank ('Số: /{sym}')")
            break
    else:
        h.warnings.append("no document number found in the header")

    # --- place and date
    place = None
    for ln in header_lines:
        m = _PLACE_DATE.search(ln.text.strip())
        if m:
            place = " ".join(m.group("place").split())
            meta.year = int(m.group("y"))
            if m.group("d") and m.group("m"):
                try:
                    meta.issued_date = date(meta.year, int(m.group("m")), int(m.group("d")))
                except ValueError:
                    h.warnings.append(f"invalid issue date {m.group(0)!r}")
            else:
                h.warnings.append("issue date left blank (day or month missing)")
            break
    else:
        h.warnings.append("no place-date line found in the header")

    # --- issuer: header lines, then the preamble/appendix phrases, then the place line
    issuer = _issuer_from_header(header_lines)
    if issuer:
        organ, unit_name = issuer
        unit, name = _split_unit(unit_name)
    else:
        organ = "Ủy ban nhân dân"
        unit, name = None, ""
        found = _issuer_from_phrases(text, d["issuer_verbs"])
        if found:
            unit, name, _ = found
        if not name:
            # an appendix caption "(Kèm theo Kế hoạch … của UBND tỉnh X)" names it too
            for ln in lines:
                if _KEM_THEO.search(ln.text):
                    m = _ISSUER_PHRASE.search(ln.text)
                    if m and m.group("name").strip():
                        unit = unit or m.group("unit")
                        if unit == m.group("unit"):
                            name = m.group("name").strip()
                        break
        if not name and place:
            name = place
    if unit or name:
        meta.issuer = " ".join(x for x in (organ, unit, name) if x)
        meta.issuer_level = issuer_level(unit, name) if unit else None
    else:
        h.warnings.append("issuer not found")
    if place:
        meta.place = _fix_place(place, name or None)

    # --- title: lines after the type line up to the preamble or the first heading
    title_anchor = first_type if h.is_decision else plan_line
    if title_anchor is not None:
        openers = tuple(o.casefold() for o in d["preamble_openers"])
        parts: list[Line] = []
        for ln in lines[title_anchor.index + 1 : title_anchor.index + 8]:
            t = ln.text.strip()
            if _SEPARATOR.match(t):
                if parts:
                    break
                continue
            if (
                (parts and t.casefold().startswith(openers))
                or t.casefold().startswith("căn cứ")
                or t.startswith("(")
                or is_heading_start(t)
                or ln.is_table_row
            ):
                break
            if parts:
                prev = parts[-1].text.strip()
                # a title wrapped over lines: capitals continue capitals; a mixed-case title
                # continues while no line closes a sentence and the next is no preamble line
                if prev.isupper() != t.isupper() or prev.endswith((".", ";", ":")) or t.endswith((";", ":")) or len(t) > 250 or len(parts) >= 4:
                    break
            parts.append(ln)
        if parts:
            meta.title = " ".join(" ".join(p.text.split()) for p in parts)
            h.title_span = (parts[0].start, parts[-1].end)
    if not meta.title:
        h.warnings.append("no title (trích yếu) found")

    # --- body start
    if h.is_decision and plan_line is not None:
        h.body_start = plan_line.end
    elif h.title_span:
        h.body_start = h.title_span[1]
    elif plan_line is not None:
        h.body_start = plan_line.end
    else:
        h.body_start = header_lines[-1].end if header_lines else 0

    # --- closing: Nơi nhận and the signature block (the first after the body start)
    closing_lines = [ln for ln in lines if ln.start >= h.body_start]
    label = d["recipients_label"]
    nn_idx = next(
        (i for i, ln in enumerate(closing_lines) if ln.text.strip().casefold().startswith(label.casefold())),
        None,
    )
    if nn_idx is not None:
        window = closing_lines[max(0, nn_idx - 8) : nn_idx + 40]
        rec_lines = closing_lines[nn_idx:]
        meta.recipients, _ = _recipients(rec_lines, label)
        signer, s_start, s_end = _signer(window)
        h.closing_start = min(closing_lines[nn_idx].start, s_start) if s_start is not None else closing_lines[nn_idx].start
    else:
        window = closing_lines[-40:]
        signer, s_start, s_end = _signer(window)
        h.closing_start = s_start
    if h.is_decision and first_type is not None and plan_line is not None:
        # the decision's own signature block stands between the decision and the plan
        dec_lines = [ln for ln in lines if first_type.end <= ln.start < plan_line.start]
        signer, _, _ = _signer(dec_lines)
        nn = next((i for i, ln in enumerate(dec_lines) if ln.text.strip().casefold().startswith(label.casefold())), None)
        if nn is not None:
            meta.recipients, _ = _recipients(dec_lines[nn:], label)
    meta.signer = signer
    if signer.name is None:
        h.warnings.append("no signer found")
    # the body ends at the closing paragraph, else at the closing block
    formulas = tuple(f.casefold() for f in d["closing_formulas"])
    limit = h.closing_start if h.closing_start is not None else len(text)
    h.body_end = next(
        (ln.start for ln in closing_lines if ln.start < limit and ln.text.strip().casefold().startswith(formulas)),
        h.closing_start,
    )
    if h.closing_start is not None:
        # appendix: a PHỤ LỤC line after the closing
        for ln in lines:
            if ln.start >= h.closing_start and is_appendix_line(ln.text):
                h.appendix_start = ln.start
                break
    return h
