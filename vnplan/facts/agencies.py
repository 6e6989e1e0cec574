"""Agencies given a responsibility, with their roles; canonical names with abbreviations expanded.

Mentions are found with a token trie built from the gazetteer (``data/agencies.yaml``, matched
in lower case over vnplan's syllable tokens, as a spaCy ``PhraseMatcher`` on ``LOWER`` would:
:mod:`vnplan.facts.phrase_trie`) and with patterns for names the gazetteer lacks (a head word
``Sở``/``Phòng``/``Trung tâm``… plus a capitalised name), for ``Ủy ban nhân dân`` + units and
for plural groups (``các Sở, ngành``).

Only mentions in responsibility contexts count (corpus/GOLD.md): the item headings and
sentences of the *tổ chức thực hiện* part, ``Đơn vị thực hiện:`` / ``Cơ quan chủ trì:`` lines,
and the lead/partner columns of task tables. The issuer and bodies that only receive reports
or advice are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Iterable, Iterator
from typing import Any, Optional

import re

import regex

from ..datafiles import alternation, load_data
from ..models import Agency, Section
from ..scanning import finditer_at, literal_trie, stdlib_class, word_starts
from ..structure.tables import column_roles
from . import phrase_trie, short_forms
from .common import Context, Draft, clause_bounds


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    group: bool = False
    as_name: Optional[str] = None  # the name it stands for, when it differs from the text
    known: bool = False  # found through the gazetteer
    stands_for: tuple[str, ...] = ()  # a defined short form: the bodies it names

    def copy(self) -> "Mention":
        """A copy the caller may change (the per-line memo keeps the original); five times
        faster than ``dataclasses.replace``, which a parse calls on every mention it reads."""
        return Mention(self.start, self.end, self.text, self.group, self.as_name, self.known, self.stands_for)


def _lexicon_patterns(d: dict[str, Any]) -> None:
    """Abbreviations, gazetteer names, cue words, role openers and labels."""
    abbr = sorted(d["abbreviations"].items(), key=lambda kv: -len(kv[0]))
    d["_abbr"] = [(regex.compile(r"(?<![\p{L}&])" + regex.escape(k) + r"(?![\p{L}&])"), v) for k, v in abbr]
    canon: dict[str, str] = {}
    for e in d["names"]:
        canon[e["name"].casefold()] = e["name"]
        for a in e.get("aliases") or []:
            canon[a.casefold()] = e["name"]
    d["_canon"] = canon
    d["_cased"] = frozenset(f.casefold() for e in d["names"] if e.get("cased") for f in [e["name"], *(e.get("aliases") or [])])
    d["_parent_words"] = [w.casefold().split() for w in d["parent_before"]]
    d["_head_compounds"] = frozenset(w.casefold() for w in d["head_compounds"])
    d["_canon_sorted"] = sorted(canon, key=len, reverse=True)
    d["_assign_res"] = [regex.compile(rf"(?i)(?<!\S){regex.escape(cue)}(?!\S)") for cue in d["assign_before"]]
    d["_fillers"] = frozenset(d["list_fillers"])
    d["_item_role"] = regex.compile(
        r"(?im)(?:^|(?<=[\n;:.]\s?)|(?<=[a-zđ]\)\s)|(?<=^[-+•]\s))(" + alternation(d["item_role_openers"]) + r")\b"
    )
    # where it can match: an opener (its look-behinds are tried at each position otherwise)
    d["_item_role_start"] = regex.compile(r"(?i)" + literal_trie({w.casefold() for w in d["item_role_openers"]}))
    d["_heading_verb"] = regex.compile(rf"(?<![\p{{L}}])(?:{alternation(d['heading_sentence_verbs'])})(?![\p{{L}}])")
    d["_heading_cue"] = regex.compile(r"(?i)\s(?:" + "|".join(map(regex.escape, d["heading_role_cues"])) + r")\b")
    d["_role_label"] = regex.compile(
        r"(?im)^[ \t]*(?:[-+*•][ \t]*)?(" + alternation(list(d["role_labels"])) + r")[ \t]*:[ \t]*([^\n]+)"
    )
    # where a labelled line can start: a line start, a bullet, a label's first word (stdlib scan)
    d["_role_label_start"] = re.compile(
        r"(?im)^[ \t]*(?:[-+*•][ \t]*)?(?:" + "|".join(sorted({re.escape(k.split()[0]) for k in d["role_labels"]})) + r")")
    d["_receiver_res"] = [regex.compile(rf"(?<!\S){regex.escape(cue)}(?!\S)") for cue in d["receiver_before"]]
    d["_loc_words"] = frozenset(x.casefold() for x in d["localities"])
    d["_strip_loc"] = regex.compile(r"(?<!\S)(?:" + alternation(d["strip_localities"]) + r")(?!\S)")


def _name_patterns(d: dict[str, Any]) -> None:
    """The generic name of a body (a head word and what follows it), a UBND of a unit, a place."""
    loc = alternation(d["localities"])
    d["_loc"] = regex.compile(
        rf"(?<![ ])[ ]++(?:{loc})(?:[ ]+(?:\p{{Lu}}[\p{{Ll}}]*)(?:[ ]+\p{{Lu}}[\p{{Ll}}]*){{0,3}})?(?![\p{{L}}])"
    )
    # the head words, first letter in either case, as their trie (it tries them all at once
    # where the negative look-aheads below test each name word against every head)
    heads = literal_trie({f"{c}{h[1:]}" for h in d["heads"] for c in (h[0], h[0].lower())})
    cap = r"(?:\p{Lu}[\p{L}]*|[\p{Lu}&\-]{2,}|[\p{Lu}]+&[\p{Lu}]+)"
    # a capital that opens another body ends this one ("Sở Tài chính và Ủy ban nhân dân …"); a
    # comma goes on with a name of the form "A, B và C" ("Phòng Văn hóa, Khoa học và Thông tin")
    # (a head followed by a lower-case word is an ordinary word: "Ban Chỉ huy Phòng thủ dân sự")
    new_body = rf"(?:(?:{heads})(?![\p{{L}}])(?![ ]+\p{{Ll}})|(?:{alternation(d['body_openers'])})(?![\p{{L}}]))"
    stops = alternation(d["name_stops"])
    conj = regex.escape(d["conjunction"])
    lower = rf"(?!(?:{stops})(?![\p{{L}}]))\p{{Ll}}++(?![\p{{L}}&])"
    d["_generic"] = regex.compile(
        rf"(?<![\p{{L}}])(?:{heads})(?:[ ]+{cap})"
        rf"(?:(?:[ ]++|[ ]*+-[ ]*+|[ ]+{conj}[ ]+|,[ ]+(?=\p{{Lu}}\p{{Ll}}*+(?:[ ]+\p{{Ll}}++){{0,3}}[ ]+{conj}[ ]+(?!{new_body})\p{{Lu}}))(?!{new_body})(?:{cap})"
        rf"|[ ]++{lower}(?:[ ]++{lower}){{0,{d['name_max_lower'] - 1}}}(?=[ ]+{conj}[ ]+\p{{Lu}}|[ ]+\p{{Lu}}|[ ]*-[ ]*\p{{Lu}}|[ ]*[,.;:()\t\n]|[ ]*$|[ ]+(?:{stops}|{loc})(?![\p{{L}}])))*+"
    )
    # a unit designation after a name: "khu vực VIII", "cơ sở 3", "cơ sở"; a bare number only
    # right after a designation word the name ends with ("Thuế cơ sở" + " 3")
    desig, number = alternation(d["designations"]), r"(?:\d{1,2}|[IVXLC]{1,6})"
    d["_designation"] = regex.compile(
        rf"(?<![ ])(?i:[ ]++(?:{desig})[ ]++{number}|(?<=(?<![\p{{L}}])(?:{desig}))[ ]++{number})(?![\p{{L}}\d])")
    d["_designation_bare"] = regex.compile(
        rf"(?<![ ])(?i:[ ]++(?:{desig}))(?![\p{{L}}\d])(?![ ]++(?:{alternation(d['designation_not_before'])})(?![\p{{L}}]))")
    units = "(?:" + alternation(d["admin_unit_groups"]) + ")"
    # a name that ends in a group of units goes on with the other units of its list:
    # "Trung tâm Y tế các huyện" + ", thị xã, thành phố"
    openers = alternation(d["unit_group_openers"])
    d["_ends_in_units"] = regex.compile(rf"(?i)(?<![\p{{L}}])(?:{openers})[ ]+{units}$")
    d["_more_units"] = regex.compile(rf"(?:[ ]*+,[ ]*+{units}(?![\p{{L}}]))++")
    # a people's committee: of a unit ("UBND huyện Cao Lộc"), of a group of units ("UBND các xã,
    # phường"), or of named units ("UBND các huyện Cao Lộc, Văn Lãng và Tràng Định": after the
    # plural marker a list of places, none of which opens another body)
    place = r"\p{Lu}\p{Ll}*+(?:[ ]+\p{Lu}\p{Ll}*+){0,3}"
    plural = regex.escape(d["plural_marker"])
    d["_ubnd"] = regex.compile(
        rf"(?<![\p{{L}}])(?:{alternation(d['people_committee'])})[ ]+(?:"
        rf"{plural}[ ]+{units}[ ]+{place}(?:[ ]*,[ ]*(?!{new_body}){place}){{1,12}}(?:[ ]+{conj}[ ]+(?!{new_body}){place})?"
        rf"|(?:(?:{alternation(d['unit_group_openers'])})[ ]+)?{units}(?:[ ]*,[ ]*{units})*(?:[ ]+(?:\p{{Lu}}[\p{{Ll}}]*)(?:[ ]+\p{{Lu}}[\p{{Ll}}]*){{0,3}})?)"
    )
    # a place name after a gazetteer name: two or three capitalised words ("Lai Châu", not the
    # "Tờ" of "Tờ trình"), none of which opens a body
    units_all = alternation(list(load_data("admin_units")["unit_words"]))
    committee = alternation([w.casefold() for w in d["people_committee"]])
    d["_committee_unit"] = regex.compile(rf"(?:{committee})\s+({units_all})")  # group 1: the unit
    d["_place"] = regex.compile(
        rf"(?<![ ])(?:[ ]++(?!{new_body})\p{{Lu}}\p{{Ll}}*+){{2,{d['place_max_words']}}}+(?![ ]*+\p{{Lu}})(?![\p{{L}}&])"
    )


def _group_patterns(d: dict[str, Any]) -> None:
    """Groups of bodies ("các sở, ban, ngành tỉnh"), where a group splits, a table's total row."""
    loc = alternation(d["localities"])
    # "chính trị - xã hội" is also printed "chính trị-xã hội"
    nouns = "|".join(
        regex.escape(n).replace(r"\ \-\ ", r"[ ]*-[ ]*") for n in sorted(d["group_nouns"], key=len, reverse=True)
    )
    tail = rf"(?i:[ ]+(?:{loc}|{alternation(d['group_tails'])}))*"
    openers = alternation(d["group_openers"])
    plural = regex.escape(d["plural_marker"])
    d["_group"] = regex.compile(
        rf"(?i:(?<![\p{{L}}])(?:{plural}[ ]+(?:{nouns})(?:[ ]*,[ ]*(?:{nouns})|[ ]+(?:{nouns}))*|(?:{openers})[ ]*,[ ]*(?:{nouns})(?:[ ]*,[ ]*(?:{nouns})|[ ]+(?:{nouns}))*)(?![\p{{L}}])){tail}"
    )
    d["_total_word"] = regex.compile(
        r"(?i)^(?:" + alternation(load_data("tables")["total_rows"]) + r")(?![\p{L}])(?-i:(?![ ]+\p{Ll}))"
    )
    d["_group_split"] = regex.compile(
        r"(?i)(?<=\p{L}),[ ]*+(?=(?:" + "|".join(regex.escape(w) for w in d["group_split_before"]) + r")(?![\p{L}]))"
    )


def _merge_patterns(d: dict[str, Any]) -> None:
    """What merge_key drops from a name so that the forms of one body share a key."""
    d["_group_opener_list"] = regex.compile(rf"(?:{alternation(d['group_openers'])})\s*,")
    d["_group_openers_sp"] = tuple(w + " " for w in d["group_openers"])
    d["_merge_drop"] = regex.compile(rf"\b(?:{alternation(d['merge_drops'])})\b")


def _hint_patterns(d: dict[str, Any]) -> None:
    """Cheap prefilters: a line holds no generic name, UBND or group without these words."""
    # a head's first word as _generic matches it: its first letter in either case, the rest as
    # printed (stdlib's (?i) on Vietnamese letters costs 3x a trie of the cased forms)
    first_words = {f"{c}{w[1:]}" for w in (h.split()[0] for h in d["heads"]) for c in (w[0], w[0].lower())}
    d["_generic_hint"] = re.compile(r"(?<!\w)(?:" + literal_trie(first_words) + r")(?!\w)")
    # where a generic name can start: a head (either case of its first letter) followed by
    # spaces and what opens _generic's next word (a capital, '&' or '-'), so the ~93 % of head
    # words that go on in lower case ('công tác', 'tỉnh Lai Châu') are never tried. No
    # look-behind (a test at every position): _generic rejects a start inside a word.
    heads = {f"{c}{h[1:]}" for h in d["heads"] for c in (h[0], h[0].lower())}
    d["_generic_start"] = re.compile(word_starts(heads, r"[ ]+(?:" + stdlib_class(r"\p{Lu}") + r"|[&\-])"))
    d["_head_start"] = regex.compile(r"(?i)(?:" + regex.escape(d["plural_marker"]) + r"\s+)?(?:" + "|".join(regex.escape(h) for h in d["heads"]) + r")\b")
    d["_ubnd_hint"] = re.compile("|".join(map(re.escape, d["people_committee"])))
    d["_group_hint"] = re.compile(r"(?i)(?<!\w)(?:" + "|".join(map(re.escape, [d["plural_marker"], *d["group_openers"]])) + r")(?!\w)")


@lru_cache(maxsize=None)
def _cfg() -> dict[str, Any]:
    """The agency vocabulary of ``data/agencies.yaml`` with its patterns built (once)."""
    d = dict(load_data("agencies"))
    _lexicon_patterns(d)
    _name_patterns(d)
    _group_patterns(d)
    _merge_patterns(d)
    _hint_patterns(d)
    return d


@lru_cache(maxsize=1)
def _matcher() -> tuple[phrase_trie.Trie, phrase_trie.Scan]:
    """The gazetteer's names, aliases and abbreviated forms as a token trie, and the scan of
    their casefolded forms without spaces that says where in a line a walk can start (tokens
    match whatever the spacing: 'Tài chính-Kế hoạch')."""
    d = _cfg()
    names = {f for e in d["names"] for f in [e["name"], *(e.get("aliases") or [])]}
    forms = sorted(names | abbreviated_variants(names))
    return phrase_trie.build(forms), phrase_trie.needles(forms)


def abbreviated_variants(names: Iterable[str]) -> set[str]:
    """Forms of gazetteer names with their parts abbreviated ('Sở NN&PTNT', 'Sở Nông nghiệp và
    PTNT'), derived from the abbreviation table so both spellings match."""
    abbr = load_data("agencies")["abbreviations"]
    out: set[str] = set()
    for n in names:
        forms = {n}
        for short, full in abbr.items():  # every combination: "Văn phòng HĐND và UBND"
            if full in n:
                forms |= {f.replace(full, short) for f in forms if full in f}
        out |= forms - {n}
    return out


def gazetteer_patterns() -> list[dict[str, Any]]:
    """The gazetteer as spaCy EntityRuler patterns (one per name and alias, on LOWER)."""
    from ..nlp import get_nlp

    nlp = get_nlp()
    out = []
    for e in load_data("agencies")["names"]:
        for form in [e["name"]] + list(e.get("aliases") or []):
            out.append({"label": "ORG", "pattern": [{"LOWER": t.lower_} for t in nlp.make_doc(form)], "id": e["name"]})
    return out


def assign_cues() -> list["regex.Pattern[str]"]:
    """The words that assign work before the bodies they name ('giao', 'đề nghị', 'yêu cầu':
    ``assign_before`` in data/agencies.yaml), longest first, as patterns."""
    cues: list["regex.Pattern[str]"] = _cfg()["_assign_res"]
    return cues


def mention_memo(ctx: Context) -> dict[int, list[Mention]]:
    """The parse's memo of mentions per line start (kept on the per-parse context)."""
    memo: dict[int, list[Mention]] = ctx.memo.setdefault("agency_lines", {})
    return memo


def _line_mentions(text: str, ls: int, le: int, memo: dict[int, list[Mention]]) -> list[Mention]:
    """Mentions in one line, computed on first need (names never cross a line)."""
    hit = memo.get(ls)
    if hit is not None:
        return hit
    d = _cfg()
    seg = text[ls:le]
    cands: list[Mention] = []
    trie, needles = _matcher()
    for s, e in phrase_trie.matches_at(trie, seg, needles):
        if seg[s].islower() and seg[s:e].casefold() in d["_cased"]:
            continue  # "nộp thuế tỉnh": a name that counts only when printed with a capital
        cands.append(Mention(ls + s, ls + e, seg[s:e], known=True))
    for key, group in (("_generic", False), ("_ubnd", True), ("_group", True)):
        if not d[key + "_hint"].search(seg):
            continue  # cheap stdlib test: the line holds none of the pattern's first words
        for m in _generic_matches(seg, d) if key == "_generic" else d[key].finditer(seg):
            if key == "_group":
                cands.extend(_split_group(ls + m.start(), m.group(0)))
            else:
                cands.append(Mention(ls + m.start(), ls + m.end(), m.group(0), group))
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Mention] = []
    for c in cands:
        if out and c.start < out[-1].end:
            if c.end > out[-1].end and c.start == out[-1].start:
                out[-1] = c
            continue
        out.append(c)
    out = [_prefer_known(c, cands, text) for c in out]
    for k, c in enumerate(out):
        if not c.group:
            _extend(text, c, out[k + 1].start if k + 1 < len(out) else le, d)
        c.text = c.text.rstrip(" .,;:")
        c.end = c.start + len(c.text)
    out = _distribute_levels(text, out, le)
    memo[ls] = out
    return out


def _generic_matches(seg: str, d: dict[str, Any]) -> Iterator["regex.Match[str]"]:
    """Generic names in a line, tried where a head word starts, and not at a head word that
    ends a compound ('cơ sở')."""
    return (m for m in finditer_at(d["_generic"], d["_generic_start"], seg) if not _in_compound(seg, m.start(), d))


def _in_compound(seg: str, start: int, d: dict[str, Any]) -> bool:
    """Whether the head word at ``start`` ends a compound with the word before it ('cơ sở')."""
    before = seg[max(0, start - 12) : start].split()
    head = seg[start : start + 12].split()
    return bool(before and head and seg[start - 1 : start] == " ") and \
        f"{before[-1]} {head[0]}".casefold() in d["_head_compounds"]


def _extend(text: str, c: Mention, limit: int, d: dict[str, Any]) -> None:
    """Lengthen a name with a unit designation ('Kho bạc Nhà nước khu vực VIII', 'Thuế cơ sở 3',
    'Bảo hiểm xã hội cơ sở') and then a locality ('Hội Nông dân tỉnh', '… chi nhánh tỉnh Thái
    Nguyên', 'Thuế cơ sở 3 tỉnh Hòa Bình')."""
    dm = d["_designation"].match(text, c.end, limit) or (d["_designation_bare"].match(text, c.end, limit) if c.known else None)
    last = c.text.rfind(" ")
    if dm is None and last > 0:  # a capitalised designation read as the name's last word ("… chi nhánh Khu" + "vực 3")
        back = d["_designation"].match(text, c.start + last, limit)
        dm = back if back and back.end() > c.end else None
    end = dm.end() if dm else c.end
    lm = (d["_more_units"].match(text, end, limit) if d["_ends_in_units"].search(c.text) else None) \
        or d["_loc"].match(text, end, limit) or (d["_place"].match(text, end, limit) if c.known else None)
    end = lm.end() if lm else end
    if end > c.end:
        c.end = end
        c.text = text[c.start : c.end]


def _distribute_levels(text: str, found: list[Mention], le: int) -> list[Mention]:
    """'Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã' is the body at each level: the ', cấp xã'
    after a name that ends with its own 'cấp …' names a second body."""
    out: list[Mention] = []
    for k, c in enumerate(found):
        out.append(c)
        own = _LEVEL_END.search(c.text)
        limit = found[k + 1].start if k + 1 < len(found) else le
        more = _LEVEL_MORE.match(text, c.end, limit) if own and not c.group else None
        if more and own:
            base = c.text[: own.start()].rstrip()
            out.append(Mention(more.start(1), more.end(1), more.group(1), as_name=f"{base} {more.group(1)}"))
    return out


def _level_phrase() -> str:
    """``cấp tỉnh``, ``cấp huyện``, ``cấp xã``: the level word and the level names of the data."""
    d = load_data("agencies")
    return rf"{regex.escape(d['level_word'])} (?:{alternation(d['level_names'])})"


_LEVEL_END = regex.compile(rf"(?<= ){_level_phrase()}$")
_LEVEL_ONLY = regex.compile(rf"(?i)^(?:ở[ ]+|tại[ ]+)?{_level_phrase()}$")
_LEVEL_MORE = regex.compile(rf"[ ]*+,[ ]*+({_level_phrase()})(?![\p{{L}}])")


def _level_key(k: str) -> str:
    """The people's committees of a level, however listed: 'ủy ban nhân dân các xã, phường' and
    'ủy ban nhân dân cấp xã' are one group (``admin_levels`` in data/agencies.yaml)."""
    m = _UBND_UNITS.match(k)
    if not m:
        return k
    units = frozenset(m.group(1).split())
    for level, members in _cfg()["admin_levels"].items():
        if units <= frozenset(members) or units == {level}:
            return f"{_COMMITTEE} {_LEVEL_WORD} {level}"
    return k


_COMMITTEE = load_data("agencies")["people_committee"][0].casefold()  # "ủy ban nhân dân"
_PLURAL_PREFIX = load_data("agencies")["plural_marker"] + " "  # "các "
_PLURAL_NAME = _PLURAL_PREFIX.capitalize()  # "Các ", naming a group split off a list
_CONJ = load_data("agencies")["conjunction"]  # "và"
LEADING_PLURAL = regex.compile(r"(?i)^" + regex.escape(_PLURAL_PREFIX.strip()) + r"\s+")  # "các "
LIST_SPLIT = regex.compile(r",|;|\b" + regex.escape(_CONJ) + r"\b")  # the items of a list of bodies
_LEVEL_WORD = load_data("agencies")["level_word"]  # "cấp"
_PLURAL_UNITS = regex.compile(
    r"(?i)(?<![\p{L}])(?:" + alternation(load_data("agencies")["unit_group_openers"]) + r")(?![\p{L}])|,")
_UBND_UNITS = regex.compile(rf"^{regex.escape(_COMMITTEE)} (?:{regex.escape(_LEVEL_WORD)} )?((?:\p{{Ll}}++(?: |$)){{1,12}}+)$")


def _split_group(start: int, printed: str) -> list[Mention]:
    """A group list that runs into another kind of body ("các sở, ban, ngành, tổ chức chính trị -
    xã hội") is two groups; the second is named with 'Các' ("Các tổ chức chính trị - xã hội")."""
    m = _cfg()["_group_split"].search(printed)
    if not m:
        return [Mention(start, start + len(printed), printed, True)]
    first = printed[: m.start()]
    rest = printed[m.end() :]
    second = Mention(start + m.end(), start + len(printed), rest, True, as_name=_PLURAL_NAME + rest)
    return [Mention(start, start + len(first), first, True), second]


_CAPITAL = regex.compile(r"(?<![\p{L}])\p{Lu}")


def _prefer_known(c: Mention, cands: list[Mention], text: str) -> Mention:
    """A name read through lower-case words that only lengthens a gazetteer name by lower-case
    words ('Sở Tài chính bố trí', 'Kho bạc Nhà nước khu vực VI kiểm soát chi': the unit
    designation's capitals do not count) is the gazetteer name."""
    for k in cands:
        if k is not c and k.start == c.start and k.end < c.end and not k.group:
            dm = _cfg()["_designation"].match(text, k.end, c.end)
            if not _CAPITAL.search(text, dm.end() if dm else k.end, c.end) and d_known(k.text):
                return k
    return c


def d_known(name: str) -> bool:
    return expand(name).casefold() in _cfg()["_canon"]


def find_mentions(text: str, start: int, end: int, memo: Optional[dict[int, list[Mention]]] = None) -> list[Mention]:
    """Agency mentions inside ``text[start:end]`` (offsets into ``text``), no overlap.

    Mentions are found line by line; ``memo`` (from :func:`mention_memo`, one per parse of
    ``text``) keeps each line's mentions so a line is tokenized once. A mention running past
    ``end`` is cut there (a run-in heading ends at its colon).
    """
    memo = {} if memo is None else memo
    out: list[Mention] = []
    ls = text.rfind("\n", 0, start) + 1
    while ls < end:
        le = text.find("\n", ls)
        le = len(text) if le < 0 else le
        for m in _line_mentions(text, ls, le, memo):
            if m.start < start:
                continue
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m.copy())
            else:
                t = text[m.start : end].rstrip(" .,;:")
                if len(t) >= 4:
                    out.append(Mention(m.start, m.start + len(t), t, m.group))
        ls = le + 1
    return out


@lru_cache(maxsize=4096)
def expand(name: str, canonical: bool = True) -> str:
    """Expand abbreviations and tidy a name: 'Sở NN&PTNT' → 'Sở Nông nghiệp và Phát triển nông thôn'.

    A gazetteer name is written as the gazetteer writes it ('SỞ TÀI CHÍNH' → 'Sở Tài chính');
    an alias becomes its body's name ('Đoàn Thanh niên' → 'Đoàn Thanh niên Cộng sản Hồ Chí
    Minh') only when ``canonical`` — names shown to users keep their printed words (``False``),
    merge keys use the canonical form."""
    d = _cfg()
    for pat, full in d["_abbr"]:
        name = pat.sub(full, name)
    name = _DASH.sub(" - ", name)
    name = " ".join(name.split()).strip(" .,;:")
    low = name.casefold()
    for k in d["_canon_sorted"]:
        if low == k or low.startswith(k + " "):
            full_name = d["_canon"][k]
            if canonical or full_name.casefold() == k:
                name = full_name + name[len(k) :]
            break
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=4096)
def merge_key(name: str) -> str:
    """Names that denote one body share this key (case, 'các', 'ban', 'liên quan' and a
    trailing locality of a single body dropped)."""
    d = _cfg()
    k = expand(name).casefold()
    plural = k.startswith(_PLURAL_PREFIX) or bool(d["_group_opener_list"].match(k))
    k = regex.sub(r"[,;.]", " ", k)
    k = d["_merge_drop"].sub(" ", k)
    k = " ".join(k.split())
    if k.startswith(d["_group_openers_sp"]) and any(w in k for w in d["merge_group_markers"]):
        k = " ".join(w for w in k.split() if w not in d["merge_group_drops"])
    if not k.startswith(_COMMITTEE) and not plural:
        m = None
        for mm in d["_strip_loc"].finditer(k):
            m = mm
        if m and m.start() > 0 and len(k[m.end() :].split()) <= 3:
            k = k[: m.start()].strip()
    return k


@lru_cache(maxsize=4096)
def _is_catch_all(name: str) -> bool:
    d = _cfg()
    words = LEADING_PLURAL.sub("", name)
    parts = [p.strip() for p in LIST_SPLIT.split(words) if p.strip()]
    kinds = [g.casefold() for g in d["catch_all_exceptions"]]

    def catch_all(part: str) -> bool:
        # "tổ chức chính trị - xã hội" names a kind of body, and so does a catch-all noun
        # before a capitalised word ("tổ chức Hội"); "tổ chức, cá nhân" does not
        p = part.casefold()
        noun = next((c for c in d["catch_all_nouns"] if p.startswith(c)), None)
        if noun is None or any(p.startswith(k) for k in kinds):
            return False
        return not part[len(noun) :].strip()[:1].isupper()

    return all(catch_all(p) for p in parts)


_GAP_CACHED = 160  # longer gaps are worked out each time (the cache keeps no long strings)


def _between_role(text: str, gap: str, prev_role: Optional[str], at_clause_start: bool) -> Optional[str]:
    """Role of a mention from the words between the previous boundary and the mention."""
    if len(gap) > _GAP_CACHED:
        return _gap_role.__wrapped__(gap, prev_role, at_clause_start)
    return _gap_role(gap, prev_role, at_clause_start)


@lru_cache(maxsize=8192)  # the agency list and the tasks' partner lists read the same gaps
def _gap_role(gap: str, prev_role: Optional[str], at_clause_start: bool) -> Optional[str]:
    d = _cfg()
    g = " ".join(_WORDS.findall(gap.casefold()))
    if not g:
        return prev_role if prev_role else ("thuc_hien" if at_clause_start else None)
    best = None
    best_pos = -1
    for cue in d["partner_before"]:
        p = g.rfind(cue)
        if p >= 0 and p + len(cue) > best_pos:
            best, best_pos = "phoi_hop", p + len(cue)
    for cue_re in d["_assign_res"]:
        for m in cue_re.finditer(g):
            if m.end() > best_pos:
                best, best_pos = "thuc_hien", m.end()
    for cue_re in d["_receiver_res"]:
        for m in cue_re.finditer(g):
            if m.end() > best_pos:
                best, best_pos = "receiver", m.end()
    fillers = d["_fillers"]
    if best is not None:
        # the cue governs the mention when only list fillers stand between them
        return best if all(w in fillers for w in g[best_pos:].split()) else None
    if prev_role and all(w in fillers for w in g.split()):
        return prev_role
    return None


@dataclass
class _Acc:
    name: str
    key: str
    span: tuple[int, int]
    section: Optional[str]
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    lead: bool = False
    own_item: Optional[str] = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


class _Registry:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.items: dict[str, _Acc] = {}
        self.order: list[str] = []
        self.alias_of: dict[str, str] = {}
        issuer = (ctx.issuer or "").casefold()
        self.excluded = {issuer} if issuer else set()
        committee_unit = _cfg()["_committee_unit"]  # "ủy ban nhân dân tỉnh", casefolded
        m = committee_unit.match(issuer)
        if m:
            self.excluded.add(m.group(0))
        # the issuer and the body above it, however printed ("Sở Công Thương" in a plan of the
        # "Sở Công Thương tỉnh Lào Cai"; its "Ủy ban nhân dân tỉnh")
        self.excluded_keys = {merge_key(n) for n in (ctx.issuer, ctx.issuer_parent) if n}
        parent = committee_unit.match((ctx.issuer_parent or "").casefold())
        if parent:
            self.excluded_keys.add(merge_key(parent.group(0)))
        # a group of the issuer's own unit: "các sở, ban, ngành (của) Thành phố" in a city's plan
        # are its "các sở, ban, ngành"
        unit = regex.escape(m.group(1)) if m else None
        of, level = regex.escape(_cfg()["of_word"]), regex.escape(_LEVEL_WORD)
        self.own_unit = regex.compile(rf"(?:[ ]+{of})?(?:[ ]+{level})?[ ]+{unit}$") if unit else None

    def key(self, name: str) -> str:
        k = merge_key(name)
        if self.own_unit is not None and name.casefold().startswith(_PLURAL_PREFIX):
            k = self.own_unit.sub("", k)
        if _PLURAL_UNITS.search(name):  # "các xã, phường", "cấp xã"; not one unit ("thành phố")
            k = _level_key(k)
        return self.alias_of.get(k, k)

    def add(self, m: Mention, role: str, lead: bool, own_item: bool = False) -> None:
        name = expand(m.as_name or m.text, canonical=False)
        # a catch-all ("tổ chức, cá nhân có liên quan") is kept only where an item of its own
        # is addressed to it ("5. Các doanh nghiệp viễn thông, tổ chức, cá nhân có liên quan")
        if (_is_catch_all(name) and not own_item) or name.casefold() in self.excluded or len(name) < 4:
            return
        k = self.key(name)
        if k in self.excluded_keys:
            return
        acc = self.items.get(k)
        if acc is None:
            acc = _Acc(name=name, key=k, span=(m.start, m.end), section=self.ctx.section(m.start))
            self.items[k] = acc
            self.order.append(k)
        if m.text not in acc.aliases:
            acc.aliases.append(m.text)
        if role not in acc.roles and role in ("chu_tri", "phoi_hop", "tham_muu", "thuc_hien", "bao_cao"):
            acc.roles.append(role)
        acc.lead = acc.lead or lead
        if own_item and acc.own_item is None:
            acc.own_item = name
        elif len(name) > len(acc.name) and acc.own_item is None and name.casefold().startswith(acc.name.casefold()):
            acc.name = name
        acc.mentions.append((m.start, m.end))

    def link_alias(self, a: str, b: str) -> None:
        ka, kb = merge_key(a), merge_key(b)
        if ka != kb:
            self.alias_of[kb] = self.alias_of.get(ka, ka)

    def merge_short_forms(self) -> None:
        """A name that is the first words of exactly one longer name of the same plan is that
        body printed short ("Văn phòng Ban Chỉ huy" for "Văn phòng Ban Chỉ huy Phòng thủ dân sự
        tỉnh"): fold it into the longer one. Groups ("Các sở") are left as printed."""
        for k in list(self.order):
            if k.startswith(_PLURAL_PREFIX) or self.items[k].name.casefold().startswith(_PLURAL_PREFIX):
                continue
            # (a longer name that only adds a level, "… cấp xã", is the body at another level)
            locs = _cfg()["_loc_words"]
            longer = [o for o in self.order if o != k and o.startswith(k + " ") and o[len(k) + 1 :] not in locs]
            if len(longer) != 1:
                continue
            short, full = self.items.pop(k), self.items[longer[0]]
            at = self.order.index(k)
            full.aliases += [a for a in short.aliases if a not in full.aliases]
            full.roles += [r for r in short.roles if r not in full.roles]
            full.lead = full.lead or short.lead
            full.mentions = sorted(full.mentions + short.mentions)
            if short.span < full.span:  # the body keeps the place of its first mention
                full.span, full.section = short.span, short.section
                self.order.remove(longer[0])
                at = self.order.index(k)
                self.order[at] = longer[0]
            else:
                self.order.pop(at)

    def complete_short_forms(self) -> None:
        """A name printed short where the plan prints it in full elsewhere, even where that full
        mention assigns nothing ("… qua Văn phòng Ban Chỉ huy Phòng thủ dân sự tỉnh"): the
        full name, when the text gives exactly one."""
        text, memo = self.ctx.text, mention_memo(self.ctx)
        for k in self.order:
            acc = self.items[k]
            if acc.name.casefold().startswith(_PLURAL_PREFIX) or d_known(acc.name) or any(o.startswith(k + " ") for o in self.items):
                continue  # groups, gazetteer names (complete as they are), names already merged
            fuller: set[str] = set()
            for alias in acc.aliases:
                if expand(alias, canonical=False) != acc.name:
                    continue  # a shorter form of a name already read in full ("Ủy ban MTTQ Việt Nam" of "… tỉnh")
                pos = text.find(alias + " ")
                for _ in range(50):  # bounded: a name is printed a few times
                    if pos < 0:
                        break
                    ls = text.rfind("\n", 0, pos) + 1
                    le = text.find("\n", pos)
                    for x in find_mentions(text, ls, len(text) if le < 0 else le, memo):
                        if x.start == pos and len(x.text) > len(alias) and not x.group and self.ctx.in_body(pos):
                            fuller.add(expand(x.text, canonical=False))
                    pos = text.find(alias + " ", pos + 1)
            if len(fuller) == 1:
                full = fuller.pop()
                if acc.own_item in (None, acc.name) or merge_key(acc.own_item) == k:
                    acc.own_item = full if acc.own_item else None
                acc.name = full

    def agencies(self) -> list[Agency]:
        self.complete_short_forms()
        self.merge_short_forms()
        out = []
        for k in self.order:
            a = self.items[k]
            out.append(
                Agency(
                    name=a.own_item or a.name,
                    aliases=a.aliases,
                    roles=sorted(a.roles, key=_ROLE_ORDER.index),  # type: ignore[arg-type]
                    lead=a.lead,
                    span=a.span,
                    section=a.section,
                    mentions=a.mentions,
                )
            )
        return out


_DASH = regex.compile(r"(?<!\s)\s*+[-–]\s*+")
_ITEM_HEAD = regex.compile(r"(?<![ ])[ ]*+(?::|[-–][ ])")
_ITEM_OPEN = regex.compile(r"^[ \t]*+(?:[-+*•–]|[a-zđ]\)|\d{1,2}(?:\.\d{1,2}){0,3}[.)]?)?[ ]*+$")
LIST_GAP = regex.compile(r"^(?:[ ]*+[,;][ ]*+|[ ]++" + regex.escape(_CONJ) + r"[ ]++)$")  # between two listed bodies
_WORDS = regex.compile(r"[\p{L}&]+")
_LETTER = regex.compile(r"\p{L}")
_ROLE_ORDER = ["chu_tri", "phoi_hop", "tham_muu", "thuc_hien", "bao_cao"]
_ALIAS_DEF = regex.compile(r"([^()\n]{3,80})\(([^()\n]{3,60})\)")


# a later label in the same line ("…; đơn vị phối hợp: Sở Tài chính; thời gian: thường xuyên")
_NEXT_LABEL = regex.compile(r"[;.][ \t]*+(?P<label>\p{L}[\p{L} ]{1,30}?)[ \t]*+:")


def role_lines(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[tuple[str, int, int]]:
    """``(role, value_start, value_end)`` of each labelled line ("Đơn vị thực hiện: …"); a line
    holding several labels gives each its own value, and a label that is no role ("thời
    gian:") ends the one before it."""
    d = _cfg()
    for m in finditer_at(d["_role_label"], d["_role_label_start"], text, start, end):
        role: Optional[str] = d["role_labels"][m.group(1).casefold()]
        pos, ve = m.start(2), m.end(2)
        while role is not None and pos < ve:
            nxt = _NEXT_LABEL.search(text, pos, ve)
            yield role, pos, nxt.start() if nxt else ve
            if not nxt:
                break
            role, pos = d["role_labels"].get(" ".join(nxt.group("label").casefold().split())), nxt.end()


def _sections_of_kind(draft: Draft, kind: str) -> list[Section]:
    return [s for s in draft.iter_sections() if s.kind == kind]


Event = tuple[int, "Mention", str, bool, bool]  # (pos, mention, role, lead, own item)


def _link_aliases(draft: Draft, ctx: Context, reg: "_Registry", memo: Any) -> None:
    """Alias definitions "X (Y)" where work is assigned: one body, two names."""
    text = ctx.text
    regions = [sec.span for sec in draft.iter_sections() if sec.kind == "to_chuc_thuc_hien"]
    if ctx.appendix_start is not None:
        regions.append((ctx.appendix_start, len(text)))
    for rs, re_ in regions:
        for m in _ALIAS_DEF.finditer(text, rs, re_):
            inner = find_mentions(text, m.start(2), m.end(2), memo)
            if len(inner) == 1 and inner[0].text.strip() == m.group(2).strip():
                outer = find_mentions(text, m.start(1), m.end(1), memo)
                if outer and text[outer[-1].end : m.start(2) - 1].strip() == "":
                    reg.link_alias(inner[0].text, outer[-1].text)


def run_in_colon(text: str, child: Section) -> int:
    """The colon that ends a run-in heading ("2. Sở Kế hoạch và Đầu tư: chủ trì, …"), -1 when
    the heading is the whole line (a colon inside its sentence, "…; thời gian: tháng 4/2026",
    opens no run-in text)."""
    hs, he = child.heading_span or child.span
    cut = text.find(":", hs, he)
    return cut if cut > hs and child.heading and len(child.heading) < cut - hs + 5 else -1


def heading_names_end(text: str, child: Section, d: Optional[dict[str, Any]] = None) -> tuple[int, Any]:
    """Where the names of an item's heading end, and the role cue that ends them (if any)."""
    d = _cfg() if d is None else d
    hs, he = child.heading_span or child.span
    # run-in heading "2. Sở Kế hoạch và Đầu tư: chủ trì, …": the part before the colon
    colon = run_in_colon(text, child)
    cut = text.find(":", hs, he) - hs
    h_end = colon if colon >= 0 else he
    if cut > 0 and _only_assign_cue(text[hs + label_len(text, hs, hs + cut) : hs + cut]):
        # "3. Đề nghị: Ủy ban MTTQ tỉnh, Liên đoàn Lao động tỉnh …": the list is the heading
        h_end = clause_bounds(text, hs + cut + 1)[1]
    cue = d["_heading_cue"].search(text[hs:h_end])
    if cue:
        # "… Hội Liên hiệp Phụ nữ tỉnh chủ trì, phối hợp các sở, ngành": the rest is a sentence
        h_end = hs + cue.start()
    return h_end, cue


def is_parent_gap(gap: str) -> bool:
    """Whether the words between two mentions make the second the parent of the first ("Chi
    cục Thủy lợi" + " thuộc " + "Sở Nông nghiệp và Môi trường")."""
    return gap.casefold().split() in _cfg()["_parent_words"]


def _sentence_verb_at(text: str, hs: int, he: int, found: list[Mention], d: dict[str, Any]) -> int:
    """Where the first sentence verb of ``heading_sentence_verbs`` outside a name starts in an
    item heading ``[hs, he)``; ``he`` when none does."""
    verbs: "regex.Pattern[str]" = d["_heading_verb"]
    for m in verbs.finditer(text, hs, he):
        at: int = m.start()
        if not any(x.start <= at < x.end for x in found):
            return at - 1 if text[at - 1 : at] == " " else at
    return he


def _after_parent_word(text: str, hs: int, x: Mention, d: dict[str, Any]) -> bool:
    """Whether a mention names the parent of the body before it ("6. Chi cục Thủy lợi thuộc Sở
    Nông nghiệp và Môi trường theo dõi …": the Sở does no work in this item)."""
    before = text[max(hs, x.start - 24) : x.start].casefold().split()
    return any(before[-len(w):] == w for w in d["_parent_words"])


def heading_bodies(text: str, item: Section, memo: Any, d: Optional[dict[str, Any]] = None) -> tuple[list[Mention], int, Any]:
    """The bodies an item's heading names (gazetteer and pattern mentions, not in parentheses,
    and for a short heading without a role cue the names printed outside the gazetteer), where
    its names end, and the role cue that ends them (if any). The agency list and the tasks both
    read an item's heading so."""
    d = _cfg() if d is None else d
    hs = (item.heading_span or item.span)[0]
    h_end, cue = heading_names_end(text, item, d)
    found = [x for x in find_mentions(text, hs, h_end, memo) if not _in_parens(text, hs, x.start)]
    if not cue:  # "2. Viettel Bắc Giang bảo đảm hạ tầng mạng …": a sentence's verb ends the names
        h_end = _sentence_verb_at(text, hs, h_end, found, d)
        found = [x for x in found if x.end <= h_end]
    ms = [x for x in found if not _after_parent_word(text, hs, x, d)]
    if item.kind == "other" and not cue and h_end - hs <= d["heading_max_chars"]:
        ms = sorted(ms + bodies_in_heading(text, hs + label_len(text, hs, h_end), h_end, found), key=lambda x: x.start)
    return ms, h_end, cue


def item_heading_bodies(ctx: Context, item: Section) -> tuple[list[Mention], int, Any]:
    """:func:`heading_bodies` of an item, worked out once a parse (the agency list and the
    tasks both read each item's heading); the mentions are copies, the caller's to edit."""
    cache: dict[tuple[Any, ...], tuple[list[Mention], int, Any]] = ctx.memo.setdefault("agency_headings", {})
    key = (item.span, item.heading_span, item.kind)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = heading_bodies(ctx.text, item, mention_memo(ctx))
    ms, h_end, cue = hit
    return [m.copy() for m in ms], h_end, cue


def _item_events(ctx: Context, child: Section, d: dict[str, Any], events: list[Event]) -> Optional[tuple[int, int]]:
    """The bodies an item of the tổ chức thực hiện part is headed by do its work; returns the
    heading range its names cover (None when the item names no body)."""
    text = ctx.text
    hs = (child.heading_span or child.span)[0]
    ms, h_end, cue = item_heading_bodies(ctx, child)
    if not (ms and child.kind == "other"):
        return None
    # "X và Y huyện": a trailing locality applies to X too
    for a, b in zip(ms, ms[1:]):
        if text[a.end : b.start].strip() == _CONJ and not a.group:
            lm = next((m for m in d["_strip_loc"].finditer(b.text) if m.end() == len(b.text)), None)
            if lm and not d["_strip_loc"].search(a.text):
                a.as_name = a.text + " " + lm.group(0)
    leads = bool(cue) and any(cue.group(0).strip().casefold() == w for w in d["lead_after"])
    for x in ms:
        events.append((x.start, x, "thuc_hien", True, True))
        if leads:
            events.append((x.start, x, "chu_tri", True, True))  # "1. Sở Tài chính chủ trì, …"
    # what the item's own clauses open with says more: chủ trì, tham mưu, báo cáo
    found = finditer_at(d["_item_role"], d["_item_role_start"], text, h_end, child.span[1])
    own_roles = dict.fromkeys(m.group(1).casefold() for m in found)
    for opener in own_roles:
        role = d["item_role_openers"][opener]
        for x in ms:
            events.append((x.start, x, role, role == "chu_tri", True))
    return hs, h_end


def _sentence_events(text: str, sec: Section, mentions: list["Mention"], d: dict[str, Any],
                     events: list[Event]) -> None:
    """The roles the sentences of a part give the bodies they name (chủ trì, phối hợp, …)."""
    prev_role: Optional[str] = None
    prev_end = -1
    prev_own = False
    for x in mentions:
        cs, ce = clause_bounds(text, x.start)
        if is_exhortation(text, cs, ce):
            continue  # "Yêu cầu các sở, ngành … nghiêm túc triển khai thực hiện./.": no task
        cs = _after_label_colon(text, cs, x.start)
        start_gap = max(cs, prev_end if prev_end >= cs else cs)
        gap = text[start_gap : x.start]
        at_start = start_gap == cs and not _LETTER.search(text, cs, x.start)
        role = _between_role(text, gap, prev_role if prev_end >= cs else None, at_start)
        after = text[x.end : x.end + 25].casefold().lstrip(" ,")
        if any(after.startswith(c) for c in d["lead_after"]):
            role = "chu_tri"
        prev_role, prev_end = role, x.end
        if role is None or role == "receiver":
            continue
        # "- Sở Tài chính: bố trí kinh phí", "- Sở Nội vụ hướng dẫn …", "2. Sở Y tế, Sở Tài chính
        # bố trí …": an item opened by the body (or by a list of bodies) is their own item
        own = (at_start and _ITEM_OPEN.match(text[text.rfind("\n", 0, x.start) + 1 : x.start]) is not None) or (
            prev_own and LIST_GAP.match(gap) is not None
        )
        prev_own = own
        for y in _bodies_of(x):
            events.append((x.start, y, role, role == "chu_tri" or own, own))


def without_receivers(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions that are not receivers of a report or of advice ("… báo cáo kết quả về
    Công an tỉnh", "… gửi Sở Tài chính và Sở Nội vụ"), read clause by clause as the agency
    list reads them."""
    out: list[Mention] = []
    prev_role: Optional[str] = None
    prev_end = -1
    for x in mentions:
        cs, _ = clause_bounds(text, x.start)
        cs = _after_label_colon(text, cs, x.start)
        gap = text[max(cs, prev_end) : x.start]
        role = _between_role(text, gap, prev_role if prev_end >= cs else None, False)
        prev_role, prev_end = role, x.end
        if role != "receiver":
            out.append(x)
    return out


_LABEL_WORDS_MAX = 6  # "2. Thông tin báo cáo:": a label before a colon is a few words


def _after_label_colon(text: str, cs: int, pos: int) -> int:
    """Where a clause starts for the roles of a body at ``pos``: after the colon of a short
    label that opens the clause ("2. Thông tin báo cáo: Phòng Tài chính … gửi báo cáo": the
    label's "báo cáo" makes no receiver of what follows it), else ``cs``."""
    start = cs + label_len(text, cs, pos)
    colon = text.find(":", start, pos)
    if colon < 0 or len(text[start:colon].split()) > _LABEL_WORDS_MAX:
        return cs
    return colon + 1


def opens_with_body(text: str, item: Section, memo: Any) -> bool:
    """Whether an item is headed by its bodies: its heading opens with them right after its
    label and they end the heading or a colon or dash follows them ("a) Sở Nội vụ: …", "b) Sở
    Tư pháp, Sở Tài chính – …"); not a sentence that opens with a body ("a) Ủy ban MTTQ …
    phối hợp với … tăng cường …")."""
    hs, he = item.heading_span or item.span
    start = hs + label_len(text, hs, he)
    start += len(text[start:he]) - len(text[start:he].lstrip())
    end = start
    for m in find_mentions(text, start, he, memo):
        if m.start != end and not (m.start > end and LIST_GAP.match(text[end : m.start])):
            break
        end = m.end
    return end > start and (not text[end:he].strip(" .:") or _ITEM_HEAD.match(text, end, he) is not None)


def agency_items(ctx: Context, part: Section) -> list[Section]:
    """The items of a tổ chức thực hiện part that may name their bodies: its children, and the
    sub-items of a child that each open with a body ("1. Các sở, ban, ngành tỉnh" / "a) Sở Nội
    vụ: …", "b) Sở Tư pháp: …"), in document order (worked out once a parse: the agency list
    and the tasks both read them)."""
    cache: dict[str, list[Section]] = ctx.memo.setdefault("agency_items", {})
    if part.id not in cache:
        memo = mention_memo(ctx)
        out: list[Section] = []
        for child in part.children:
            out.append(child)
            out.extend(sub for sub in child.children if opens_with_body(ctx.text, sub, memo))
        cache[part.id] = out
    return cache[part.id]


def _part_events(draft: Draft, ctx: Context, d: dict[str, Any], memo: Any, events: list[Event]) -> None:
    """The tổ chức thực hiện parts: their items' headings, then their sentences."""
    text = ctx.text
    tcth = _sections_of_kind(draft, "to_chuc_thuc_hien")
    forms = short_forms.definitions(text, memo) if tcth else []
    for sec in tcth:
        covered = [c for c in (_item_events(ctx, item, d, events) for item in agency_items(ctx, sec)) if c]
        body_mentions = [
            x for x in find_mentions(text, sec.span[0], sec.span[1], memo) if not any(a <= x.start < b for a, b in covered)
        ]
        _sentence_events(text, sec, _with_short_forms(text, sec.span, body_mentions, forms), d, events)


def _label_line_events(ctx: Context, memo: Any, events: list[Event]) -> None:
    """Labelled lines anywhere in the body: "Đơn vị thực hiện: …", "Cơ quan chủ trì: …"."""
    for role, vs, ve in role_lines(ctx.text):
        if ctx.in_body(vs):
            for x in find_mentions(ctx.text, vs, ve, memo):
                events.append((x.start, x, role, role == "chu_tri", False))


_COLUMN_ROLES = {"lead": "chu_tri", "partner": "phoi_hop", "doer": "thuc_hien"}


def _table_events(draft: Draft, ctx: Context, events: list[Event]) -> None:
    """Task tables: the bodies of the lead, partner and doer columns."""
    for t in draft.tables:
        roles = [_COLUMN_ROLES.get(r or "") for r in column_roles(t.header)]
        for r, row in enumerate(t.rows):
            spans = t.cell_spans[r + 1] if r + 1 < len(t.cell_spans) else []
            for c, role in enumerate(roles):
                cell = spans[c] if c < len(spans) else None
                if role is None or cell is None:
                    continue
                for x in cell_bodies(ctx, cell[0], cell[1]):
                    events.append((x.start, x, role, role == "chu_tri", False))


def cell_bodies(ctx: Context, s: int, e: int) -> list[Mention]:
    """:func:`cell_mentions` of a cell, worked out once a parse (the agency list and the task
    tables both read each lead and partner cell); copies, the caller's to edit."""
    cache: dict[tuple[int, int], list[Mention]] = ctx.memo.setdefault("agency_cells", {})
    hit = cache.get((s, e))
    if hit is None:
        hit = cache[(s, e)] = cell_mentions(ctx.text, s, e, mention_memo(ctx))
    return [m.copy() for m in hit]


def cell_mentions(text: str, s: int, e: int, memo: Any) -> list[Mention]:
    """The bodies a lead, partner or doer cell of a table names, item by item."""
    out: list[Mention] = []
    for item_s, item_e in _items(text, s, e):
        found = find_mentions(text, item_s, item_e, memo)
        found = sorted(found + bodies_in_heading(text, item_s, item_e, found), key=lambda x: x.start)
        if found:
            _cell_name_tail(text, found[-1], item_e)
        out.extend(found)
    return out


_LOWER_TAIL = regex.compile(r",[ ]*+\p{Ll}++(?:[ ]++\p{Ll}++){0,3}+[ ]*+$")


def _cell_name_tail(text: str, last: Mention, item_end: int) -> None:
    """A cell that ends in ', ' and lower-case words after its last body names one body whose
    name holds a comma ('Phòng Công chức, viên chức', 'Phòng Tổ chức, biên chế'): in running
    text such words go on the sentence, but a lead or partner cell holds only names."""
    if last.group or last.as_name or not _LOWER_TAIL.match(text, last.end, item_end):
        return
    last.end = item_end
    last.text = text[last.start : item_end].rstrip()
    last.end = last.start + len(last.text)


def extract(draft: Draft, ctx: Context) -> list[Agency]:
    """The agencies the plan gives work to, with their roles, in order of first mention: from
    the tổ chức thực hiện parts (item headings and sentences), labelled lines and task tables."""
    d = _cfg()
    reg = _Registry(ctx)
    memo = mention_memo(ctx)
    _link_aliases(draft, ctx, reg, memo)
    events: list[Event] = []
    _part_events(draft, ctx, d, memo, events)
    _label_line_events(ctx, memo, events)
    _table_events(draft, ctx, events)
    events.sort(key=lambda ev: ev[0])  # register in document order (the order of first mention)
    for _, x, role, lead, own in events:
        reg.add(x, role, lead, own)
    return reg.agencies()


def is_exhortation(text: str, cs: int, ce: int) -> bool:
    """The closing formula of a plan: a request to carry the plan out, that assigns no task."""
    d = _cfg()
    clause = " ".join(text[cs:ce].casefold().split()).lstrip("-+• ")
    return clause.startswith(tuple(d["exhortation_openers"])) and any(p in clause for p in d["exhortation_phrases"])


def _only_assign_cue(words: str) -> bool:
    """The words are one assignment cue and nothing else ('Đề nghị', 'Giao')."""
    w = " ".join(words.casefold().split()).strip(" .-+•")
    return w in _cfg()["assign_before"]


def _with_short_forms(text: str, span: tuple[int, int], found: list[Mention],
                      forms: list[short_forms.ShortForm]) -> list[Mention]:
    """``found`` plus each use of a defined short form in ``span`` (a use hides the mentions it
    overlaps)."""
    if not forms:
        return found
    used = [
        Mention(us, ue, text[us:ue], True, stands_for=f.names) for us, ue, f in short_forms.uses(text, span[0], span[1], forms)
    ]
    kept = [x for x in found if not any(u.start < x.end and x.start < u.end for u in used)]
    return sorted(kept + used, key=lambda x: x.start)


def _bodies_of(x: Mention) -> list[Mention]:
    """The mentions a found mention registers: itself, or one per body of a short form."""
    if not x.stands_for:
        return [x]
    return [Mention(x.start, x.end, x.text, True, as_name=n) for n in x.stands_for]


_LABEL_AT = regex.compile(
    r"(?<![ \t])[ \t]*+(?:(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])(?:[.)]|/(?=[ \t])|[ \t]*+[-–](?=[ \t]))|[-+•*–](?=[ \t]))[ \t]*")


def label_len(text: str, s: int, e: int) -> int:
    """The length of the numbering label (``2.``, ``a)``, ``-``) that opens ``text[s:e]``."""
    m = _LABEL_AT.match(text, s, e)
    return m.end() - s if m else 0


def _in_parens(text: str, start: int, pos: int) -> bool:
    seg = text[start:pos]
    return seg.count("(") > seg.count(")")


def _items(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    """The '; '-separated items of a cell."""
    pos = s
    for part in text[s:e].split(";"):
        ps = pos + len(part) - len(part.lstrip())
        pe = pos + len(part.rstrip())
        if pe > ps:
            yield ps, pe
        pos += len(part) + 1


@lru_cache(maxsize=None)
def _heading_split() -> "regex.Pattern[str]":
    nouns = "|".join(regex.escape(n) for n in sorted(_cfg()["heading_split_nouns"], key=len, reverse=True))
    conj, plural = regex.escape(_CONJ), regex.escape(_PLURAL_PREFIX.strip())
    return regex.compile(rf"(?:,[ ]++|;[ ]++|(?<![ ])[ ]++{conj}[ ]++)(?=\p{{Lu}}|(?i:{plural}|{nouns})(?![\p{{L}}]))")


def bodies_in_heading(text: str, s: int, e: int, found: list[Mention], any_length: bool = False) -> list[Mention]:
    """Bodies named by an item heading or a lead cell that the gazetteer and name patterns
    missed: the heading split before each capital, 'các' or body noun; a part that overlaps no
    mention and opens with a capital, 'các' or a body noun is a body as printed. Headings longer
    than ``heading_max_chars`` are sentences and give nothing, unless ``any_length``."""
    d = _cfg()
    if e - s > d["heading_max_chars"] and not any_length:
        return []
    cue = d["_assign_res"]
    seg = text[s:e]
    for r in cue:  # "Đề nghị X, Y" / "Giao X": the cue is not part of the name
        m = r.match(seg)
        if m:
            s += m.end() + len(seg[m.end():]) - len(seg[m.end():].lstrip())
            break
    nouns = tuple(n.casefold() for n in d["heading_split_nouns"])
    out: list[Mention] = []
    pos = s
    cuts = [m for m in _heading_split().finditer(text, s, e)] + [None]
    for m in cuts:
        pe = m.start() if m else e
        part = text[pos:pe].strip(" .;:,")
        ps = pos + len(text[pos:pe]) - len(text[pos:pe].lstrip(" "))
        low = part.casefold()
        opens = part[:1].isupper() or low.startswith((_PLURAL_PREFIX,) + nouns)
        # no body: a total row ("Tổng I + II", "Cộng"), or a level that groups items ("1. Cấp tỉnh")
        no_body = d["_total_word"].match(part) is not None or _LEVEL_ONLY.match(part) is not None
        if part and opens and not no_body and len(part.split()) <= 12 and not any(x.start < ps + len(part) and ps < x.end for x in found):
            if low.split()[0] not in d["_fillers"] or low.startswith(_PLURAL_PREFIX):
                out.append(Mention(ps, ps + len(part), part, group=low.startswith(_PLURAL_PREFIX)))
        pos = m.end() if m else e
    return out
