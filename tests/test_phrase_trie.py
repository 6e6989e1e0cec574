"""The gazetteer trie finds what spaCy's PhraseMatcher on LOWER finds (issue 11: no spaCy
``Doc`` per line in the hot path), checked against the PhraseMatcher itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnplan.facts import phrase_trie
from vnplan.facts.agencies import _cfg, abbreviated_variants
from vnplan.nlp import get_nlp, syllables

ROOT = Path(__file__).resolve().parent.parent

PHRASES = ["Sở Tài chính", "Sở Tài chính - Kế hoạch", "Tài chính", "Ban Dân tộc", "NN&PTNT", "Công an tỉnh"]


def _spacy(phrases: list[str], line: str) -> list[tuple[int, int]]:
    from spacy.matcher import PhraseMatcher

    nlp = get_nlp()
    m = PhraseMatcher(nlp.vocab, attr="LOWER")
    m.add("ORG", [nlp.make_doc(p) for p in phrases])
    doc = nlp.make_doc(line)
    return sorted((doc[s:e].start_char, doc[s:e].end_char) for _, s, e in m(doc))


def _found(phrases: list[str], line: str) -> list[str]:
    return [line[s:e] for s, e in phrase_trie.matches(phrase_trie.build(phrases), line)]


def test_nested_and_overlapping_names_are_all_found():
    line = "Giao SỞ TÀI CHÍNH-KẾ HOẠCH và Ban Dân tộc"
    assert _found(PHRASES, line) == ["SỞ TÀI CHÍNH", "SỞ TÀI CHÍNH-KẾ HOẠCH", "TÀI CHÍNH", "Ban Dân tộc"]


def test_two_spaces_or_a_tab_break_a_name_and_a_longer_word_is_no_match():
    assert _found(PHRASES, "Sở  Tài chính; Sở\tTài chính; Ban Dân tộcc; Công an tỉnhh") == ["Tài chính", "Tài chính"]


def test_names_with_ampersands_and_punctuation_around():
    assert _found(PHRASES, "(Sở NN&PTNT), Công an tỉnh.") == ["NN&PTNT", "Công an tỉnh"]


def test_syllables_match_the_spacy_tokens():
    nlp = get_nlp()
    line = "  Sở Tài chính-Kế hoạch,\t01/12/2023  35,42 %  NN&PTNT "
    assert [t for t, _, _ in syllables(line)] == [t.text for t in nlp.make_doc(line)]


@pytest.mark.parametrize("path", sorted((ROOT / "corpus" / "raw").glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_corpus_line_gives_the_phrase_matcher_s_matches(path):
    d = _cfg()
    names = {f for e in d["names"] for f in [e["name"], *(e.get("aliases") or [])]}
    forms = sorted(names | abbreviated_variants(names))
    trie = phrase_trie.build(forms)
    scan = phrase_trie.needles(forms)
    lines = path.read_text(encoding="utf-8").splitlines()
    from spacy.matcher import PhraseMatcher

    nlp = get_nlp()
    m = PhraseMatcher(nlp.vocab, attr="LOWER")
    m.add("ORG", [nlp.make_doc(f) for f in forms])
    hits = 0
    for line in lines:
        doc = nlp.make_doc(line)
        want = sorted((doc[s:e].start_char, doc[s:e].end_char) for _, s, e in m(doc))
        assert phrase_trie.matches(trie, line) == want, line
        assert phrase_trie.matches_at(trie, line, scan) == want, line
        hits += len(want)
    assert hits > 0


def test_hand_written_lines_agree_with_spacy():
    for line in ["Giao SỞ TÀI CHÍNH-KẾ HOẠCH và Ban Dân tộc", " Tài chính", "tài  chính tài chính", ""]:
        assert phrase_trie.matches(phrase_trie.build(PHRASES), line) == _spacy(PHRASES, line)


def test_walks_from_scan_hits_find_what_walks_from_every_token_find():
    """Hits inside a token, after digits, across two spaces or a tab, and a casefold that
    lengthens the line (the fallback) give the same matches as the full walk and spaCy."""
    trie, scan = phrase_trie.build(PHRASES), phrase_trie.needles(PHRASES)
    for line in ["12Sở Tài chính; xSở Tài chính; Sở  Tài chính; Sở\tTài chính", "ẞ Sở Tài chính-Kế hoạch",
                 "(Sở NN&PTNT), Công an tỉnh.", "BanDân tộc, Ban Dân tộcc, SởTài chính", "", "   "]:
        assert phrase_trie.matches_at(trie, line, scan) == phrase_trie.matches(trie, line) == _spacy(PHRASES, line), line


def test_hits_in_long_runs_without_spaces_give_the_full_walk_s_matches():
    """A hit deep inside a run without whitespace (the line is then read whole), names glued
    to long runs of letters and dashes, and a line at the size cap's order all agree."""
    trie, scan = phrase_trie.build(PHRASES), phrase_trie.needles(PHRASES)
    lines = ["sở" * 5_000 + " Sở Tài chính", "-" * 3_000 + "Sở Tài chính-" * 50, "x" * 400 + "Ban Dân tộc",
             ("Sở Tài chính, " * 2_000).strip(), "Tài chính" * 300]
    for line in lines:
        assert phrase_trie.matches_at(trie, line, scan) == phrase_trie.matches(trie, line), line[:40]
    assert phrase_trie.matches_at(trie, lines[0], scan)[-2:] == [(10_001, 10_013), (10_004, 10_013)]
