"""``scanning.finditer_at`` gives exactly the matches of a full ``finditer``: the prefilters
the extractors use (a stdlib scan for where a match can start) lose and add nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from vnplan.facts.agencies import _cfg
from vnplan.normalize import normalize
from vnplan.scanning import finditer_at, literal_trie

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "raw").glob("*.txt"))

# pieces that open, continue and break generic names, in both cases and glued to letters/digits
_PIECES = ["Sở", "sở", "Phòng", "phòng", "Ban Quản lý", "Trung tâm", "Hội", "hội nghị", "Báo",
           "báo cáo", "Đài", "Tài chính", "Kế hoạch", "Văn hóa", "Khoa học", "Thông tin", "và", ",",
           "-", " ", "  ", "\n", "các", "huyện", "tỉnh", "Lai Châu", "x", "5", "NN&PTNT", "(", ")",
           ":", "Ủy ban nhân dân", "SỞ", "PHÒNG", "ủy", "Trường", "tTrung tâm", "_Sở"]


def _same(text: str) -> None:
    d = _cfg()
    want = [(m.start(), m.end()) for m in d["_generic"].finditer(text)]
    got = [(m.start(), m.end()) for m in finditer_at(d["_generic"], d["_generic_start"], text)]
    assert got == want, text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map(lambda xs: "".join(
    x if k % 3 else x + " " for k, x in enumerate(xs))))
def test_generic_names_found_at_scanned_starts_are_all_of_them(text: str) -> None:
    _same(text)


def test_generic_names_of_every_corpus_line_are_the_same() -> None:
    for f in CORPUS:
        for line in normalize(f.read_text(encoding="utf-8")).text.split("\n"):
            _same(line)


def test_labelled_lines_found_at_scanned_starts_are_all_of_them() -> None:
    d = _cfg()
    texts = [normalize(f.read_text(encoding="utf-8")).text for f in CORPUS]
    texts.append("- Cơ quan chủ trì: Sở Y tế\n  đơn vị phối hợp: Sở Tài chính\n• CHỦ TRÌ: Công an tỉnh\nchủ trì thực hiện")
    for text in texts:
        want = [m.span() for m in d["_role_label"].finditer(text)]
        got = [m.span() for m in finditer_at(d["_role_label"], d["_role_label_start"], text)]
        assert got == want
        assert len(want) > 0 or text is not texts[-1]


def test_item_role_openers_found_at_scanned_starts_are_all_of_them() -> None:
    d = _cfg()
    texts = [normalize(f.read_text(encoding="utf-8")).text for f in CORPUS]
    texts.append("a) Chủ trì, PHỐI HỢP với Sở Y tế; tham mưu UBND.\n- Báo cáo kết quả\nb) Định kỳ báo cáo: x;"
                 "báo cáo\n2) chủ trì")
    for text in texts:
        want = [m.span(1) for m in d["_item_role"].finditer(text)]
        got = [m.span(1) for m in finditer_at(d["_item_role"], d["_item_role_start"], text)]
        assert got == want
    assert len(want) >= 5


WORDS = ["sở", "sởytế", "sởtàichính", "sởtàinguyênvàmôitrường", "phòng", "phònggd&đt", "ubnd", "(x)", "a.b"]


def test_literal_trie_matches_exactly_the_words():
    pat = re.compile(literal_trie(WORDS))
    for w in WORDS:
        assert pat.fullmatch(w), w
    for w in ["s", "sởy", "sởtài", "phòn", "phònggd", "ubn", "x", "a-b", "", "ubndx"]:
        assert not pat.fullmatch(w), w


def test_literal_trie_finds_what_a_longest_first_alternation_finds():
    flat = re.compile("|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True)))
    pat = re.compile(literal_trie(WORDS))
    text = "giaosởtàinguyênvàmôitrườngvàsởtàichínhphốihợpvớiphònggd&đt,sởytếvàubnd(x)a.bsởy"
    assert pat.findall(text) == flat.findall(text) == [
        "sởtàinguyênvàmôitrường", "sởtàichính", "phònggd&đt", "sởytế", "ubnd", "(x)", "a.b", "sở"]


def test_literal_trie_refuses_an_empty_word():
    with pytest.raises(ValueError):
        literal_trie(["sở", ""])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("abcđở&.", min_size=1, max_size=5), min_size=1, max_size=12),
       st.text("abcđở&. x", max_size=60))
def test_literal_trie_agrees_with_the_alternation_on_any_words(words, text):
    flat = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    assert re.compile(literal_trie(words)).findall(text) == flat.findall(text)


# pieces of numbers and what may follow them: digit groups, separators, unit words in both
# cases, multipliers, range words, letters glued on
_NUM_PIECES = ["1", "05", "2025", "1.131", "35,42", "12.345,6", ".", ",", "/", "%", "-", "–", " ", "  ",
               "ha", "HA", "hai", "Hộ", "hộ gia đình", "hộ gia", "tỷ đồng", "nghìn", "nghìn tỷ", "đồng",
               "triệu", "km", "km²", "m2", "HTX", "người", "mô hình", "đến", "Đến", "tới", "x", "năm",
               "ba", "mươi", "khai", "Tư", "\n", "/năm", "TV"]


def _same_quantities(text: str) -> None:
    from vnplan.facts import numbers

    fast, plain = numbers._patterns(), numbers._patterns(plain=True)
    for f, p in zip(fast, plain):
        want = [(m.span(), m.groupdict()) for m in p.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in f.finditer(text)] == want, text


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_NUM_PIECES), max_size=24).map("".join))
def test_quantity_patterns_with_a_unit_trie_and_atomic_numbers_match_the_plain_ones(text: str) -> None:
    _same_quantities(text)


def test_quantity_patterns_agree_on_the_corpus_and_hand_written_forms() -> None:
    for f in CORPUS:
        _same_quantities(normalize(f.read_text(encoding="utf-8")).text)
    _same_quantities("đạt 1.2345 ha; 17/48 HTX; 3,5-4 Tỷ Đồng/năm; từ 3% đến 3,5%; 2025ha 10, 20 ha")


def test_written_out_numbers_start_only_after_a_non_letter() -> None:
    from vnplan.facts.numbers import _number_matches

    got = [m.group(0) for m in _number_matches("triển khai hai mô hình, khai ba hộ; Năm mươi người")]
    assert got == ["hai mô hình", "ba hộ", "Năm mươi người"]


def test_word_starts_stops_at_each_word_that_the_pattern_follows_and_only_there():
    from vnplan.scanning import word_starts

    pat = re.compile(word_starts(["Sở", "Sở Y tế", "Ban", "Ban Quản lý"], r"[ ]+[A-ZĐ]"))
    text = "Sở Nội vụ, sở tại, Sở Y tế Lai Châu, Ban Quản lý Dự án, Ban quản lý, Sởx Y"
    assert [m.start() for m in pat.finditer(text)] == [0, text.index("Sở Y"), text.index("Ban Q")]
    assert all(len(m.group(0)) == 1 for m in pat.finditer(text))
    with pytest.raises(ValueError):
        word_starts(["Sở", ""])


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(alphabet="abSở ", min_size=1, max_size=4), min_size=1, max_size=6),
       st.text(alphabet="abSở XY", max_size=30))
def test_word_starts_finds_the_starts_of_a_plain_lookahead_scan(words, text):
    from vnplan.scanning import word_starts

    plain = re.compile("(?=(?:" + "|".join(map(re.escape, words)) + ")[XY])")
    got = [m.start() for m in re.compile(word_starts(words, "[XY]")).finditer(text)]
    assert got == [m.start() for m in plain.finditer(text)]


def test_stdlib_class_holds_what_the_regex_class_holds():
    import regex

    from vnplan.scanning import stdlib_class

    cls = re.compile(stdlib_class(r"\p{Lu}"))
    lu = regex.compile(r"\p{Lu}")
    for ch in "AĐẤỸƠƯÉađấ1 -&ʕ":
        assert bool(cls.match(ch)) == bool(lu.match(ch)), ch
    assert cls.match("\U0001D400")  # beyond the BMP: in the scan's class (a superset)


_COUNT_PIECES = ["đạt", "Đạt", "ĐẠT", "bổ sung", "thêm", "tối thiểu", "ít nhất", "5", "1.000", "12,5", "-", "–",
                 " ", "  ", "bản", "sách", "x", "%", "/", "năm", "2025", "Tăng", "đạtđược", "\n"]


def _same_counts(text: str) -> None:
    from vnplan.facts.counted_nouns import _cfg

    def key(m):
        return m.span("num"), m.end(), m.groupdict()

    assert [key(m) for m in _cfg()[0].finditer(text)] == [key(m) for m in _cfg(plain=True)[0].finditer(text)], text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_COUNT_PIECES), max_size=20).map("".join))
def test_cued_counts_found_from_the_number_are_those_found_from_the_cue(text: str) -> None:
    _same_counts(text)


def test_cued_counts_agree_on_the_corpus() -> None:
    for f in CORPUS:
        _same_counts(normalize(f.read_text(encoding="utf-8")).text)
    _same_counts("Bổ sung tối thiểu 5.000 bản sách; THÊM 300 tài khoản, đạt 12 - 15 điểm đến")


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=" \na\t", max_size=24))
def test_edge_spaces_found_from_line_breaks_are_what_the_pattern_finds(text: str) -> None:
    import regex

    from vnplan.normalize import _edge_space_edits

    want = [(m.start(), m.end(), "") for m in regex.finditer(r"[ ]+$|^[ ]+", text, flags=regex.M)]
    assert _edge_space_edits(text) == want
