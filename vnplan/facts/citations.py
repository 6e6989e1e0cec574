"""Legal references: every other document the plan cites by symbol.

``Nghị quyết số 106/NQ-CP ngày 18/7/2023 của Chính phủ`` → symbol ``106/NQ-CP``, doc_type
``Nghị quyết``, number ``106``, issued_date 2023-07-18, issuer ``Chính phủ``. A symbol is the
part after ``số`` up to the first space (or directly after a type word); codes typed without
their Vietnamese letters (``NQ-HDND``) are repaired from a data table, so one document is one
reference. The plan's own number is not a reference. ``is_basis``: cited in the preamble.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Optional

import regex

_DOC_NUMBER = regex.compile(r"(?<![\d.\-/])[\d.\-/]*\d")  # runs of "." cannot backtrack quadratically

from ..datafiles import alternation, load_data
from ..models import LegalRef
from .agencies import expand, find_mentions
from .common import Context

_SYMBOL = r"(?P<sym>\d{1,5}(?:[.\-/]\d{1,4}){0,2}[ ]*/[ ]*[\p{L}&][\p{L}0-9&]{0,14}(?:[ ]*[-–/][ ]*[\p{L}0-9&]{1,15}){0,4}|\d{1,5}-[\p{Lu}Đ]{1,6}(?:\.[\p{Lu}Đ]{1,6})?/[\p{L}0-9&]{1,10}(?:-[\p{L}0-9&]{1,10}){0,3})"
def _w(key: str) -> str:
    """A word of ``legal.yaml`` ``citation_words``, escaped, its spaces any white space."""
    word: str = load_data("legal")["citation_words"][key]
    return regex.escape(word).replace(r"\ ", r"\s+")


_DATE_AFTER = regex.compile(
    rf"^\s*,?\s*(?:{_w('issued')}\s+)?(?:{_w('day')}\s+){{1,2}}(?:(?P<d1>\d{{1,2}})\s*[/.-]\s*(?P<m1>\d{{1,2}})\s*[/.-]\s*(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+{_w('month')}\s+(?P<m2>\d{{1,2}})\s+{_w('year')}\s+(?P<y2>\d{{4}}))",
    regex.I,
)
_ISSUER_AFTER = regex.compile(rf"^\s*,?\s*{_w('of')}\s+(?P<who>[^;,.():\t\n]{{2,120}})")
# "… của Chính phủ và Chương trình số 49-CTr/TU …": the issuer ends before the next citation
_NEXT_CITATION = regex.compile(
    rf"\s+{regex.escape(load_data('agencies')['conjunction'])}\s+(?:{alternation(load_data('legal')['doc_types'])})\s+(?:{_w('number')}\s+)?\d",
    regex.I)
_COMMITTEE = tuple(load_data("agencies")["people_committee"])  # "Ủy ban nhân dân", "UBND"


_NUMBER_WORD = load_data("legal")["citation_words"]["number"]  # "số"


@lru_cache(maxsize=None)
def _patterns() -> tuple["regex.Pattern[str]", dict[str, str]]:
    d = load_data("legal")
    types = sorted(d["doc_types"], key=len, reverse=True)
    alt = "|".join(regex.escape(t) for t in types)
    # symbol first (a digit is a cheap anchor), the type word / "số" checked behind it
    pat = regex.compile(
        r"(?<![\w/.\-])" + _SYMBOL + rf"(?<=(?:(?:^|[^\p{{L}}])(?P<type>{alt})\s+(?:{_w('number')}\s*:?\s*)?|(?:^|[^\p{{L}}]){_w('number')}\s*:?\s*)(?P=sym))",
        regex.I,
    )
    canon = {t.casefold(): t for t in types}
    return pat, canon


@lru_cache(maxsize=None)
def _type_before() -> "regex.Pattern[str]":
    types = sorted(load_data("legal")["doc_types"], key=len, reverse=True)
    return regex.compile("(" + "|".join(regex.escape(t) for t in types) + r")\s*$", regex.I)


@lru_cache(maxsize=4096)
def normalize_symbol(sym: str) -> str:
    """'07/2020/NQ-HDND' → '07/2020/NQ-HĐND'; spaces and en dashes removed."""
    fixes = load_data("legal")["code_fixes"]
    sym = regex.sub(r"\s+", "", sym).replace("–", "-").rstrip(".,;:-/")
    parts = regex.split(r"([-/])", sym)
    return "".join(fixes.get(p, p) for p in parts)


def _issuer(after: str) -> Optional[str]:
    m = _ISSUER_AFTER.match(after)
    if not m:
        return None
    who = m.group("who")
    stops = load_data("legal")["issuer_stops"]
    cut = len(who)
    for s in stops:
        k = who.find(s)
        if 0 < k < cut:
            cut = k
    return _issuer_name(who[:cut])


@lru_cache(maxsize=4096)
def _issuer_name(who: str) -> Optional[str]:
    """The body's name that opens the words after 'của' (a pure function of them: cached, as
    plans cite the same issuers over and over)."""
    nxt = _NEXT_CITATION.search(who)
    who = who[: nxt.start() if nxt else len(who)].strip()
    if not who:
        return None
    # a gazetteer name or a people's committee ends where the sentence goes on ("của UBND
    # huyện phát triển kinh tế …"); other names run on (their lower-case words belong to them)
    first = next(iter(find_mentions(who, 0, len(who))), None)
    if first is not None and first.start == 0 and (first.known or first.text.startswith(_COMMITTEE)):
        who = first.text
    # as a body's name: abbreviations expanded ("UBND tỉnh Kon Tum" → "Ủy ban nhân dân tỉnh Kon Tum")
    return expand(who, canonical=False)


def extract_legal_refs(ctx: Context) -> list[LegalRef]:
    """All cited documents, once each, in order of first citation."""
    pat, canon = _patterns()
    text = ctx.text
    own = normalize_symbol(ctx.own_number) if ctx.own_number else None
    seen: dict[str, LegalRef] = {}
    out: list[LegalRef] = []
    for m in pat.finditer(text):
        raw = m.group("sym")
        if "/" not in raw or not regex.search(r"\p{L}", raw.split("/", 1)[1]):
            continue
        sym = normalize_symbol(raw)
        if own and sym == own:
            continue
        if sym in seen:
            if ctx.in_preamble(m.start()):
                seen[sym].is_basis = True
            continue
        type_word = m.group("type")
        m_start = m.start("type") if type_word else m.start()
        doc_type = canon.get(type_word.casefold()) if type_word else None
        if doc_type is None:
            tb = _type_before().search(text[max(0, m.start() - 48) : m.start()].rstrip(" :").removesuffix(_NUMBER_WORD).removesuffix(_NUMBER_WORD.capitalize()).removesuffix(_NUMBER_WORD.upper()))
            if tb:
                doc_type = canon.get(tb.group(1).casefold())
        after = text[m.end() : m.end() + 200]
        issued = None
        dm = _DATE_AFTER.match(after)
        issuer_from = after
        if dm:
            d, mo, y = (dm.group("d1"), dm.group("m1"), dm.group("y1")) if dm.group("y1") else (dm.group("d2"), dm.group("m2"), dm.group("y2"))
            try:
                issued = date(int(y), int(mo), int(d))
            except ValueError:
                issued = None
            issuer_from = after[dm.end() :]
        number = _DOC_NUMBER.match(raw)
        sym_start = m.start("sym")
        ref = LegalRef(
            symbol=sym,
            doc_type=doc_type,
            number=number.group(0) if number else None,
            issued_date=issued,
            issuer=_issuer(issuer_from),
            is_basis=ctx.in_preamble(m_start),
            text=text[m_start : m.end()],
            span=(m_start, m.end()),
            section=ctx.section(sym_start),
        )
        seen[sym] = ref
        out.append(ref)
    return out
