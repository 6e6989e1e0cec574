"""How ``vnplan eval`` matches (vnplan/evaluate.py), on the hand-made plan of tests/handplan.py
against gold entries written here by hand: each test fixes one documented rule."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from handplan import SCT, STC, TARGET_TEXT, hand_plan
from vnplan.evaluate import evaluate_doc, evaluate_dir, format_report
from vnplan.models import Agency

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _gold(**fields):
    base = {
        "metadata": {"number": "12/KH-UBND", "title": "Phát triển kinh tế tập thể năm 2025"},
        "sections": [{"kind": "muc_tieu", "heading": "MỤC TIÊU"}, {"kind": "to_chuc_thuc_hien", "heading": "TỔ CHỨC THỰC HIỆN"}],
        "legal_refs": ["20-NQ/TW"],
        "percentages": [60],
        "targets": [{"value": 60, "value_max": None, "unit": "%", "comparator": "gt", "quote": TARGET_TEXT}],
        "agencies": [{"name": STC, "lead": True}, {"name": SCT, "lead": True}],
        "deadlines": [{"quote": "trước ngày 15/12 hằng năm", "kind": "recurring"},
                      {"quote": "trước ngày 05 hằng tháng", "kind": "recurring"}],
    }
    base.update(fields)
    return base


@pytest.mark.parametrize("mode", ["lenient", "strict"])
def test_a_plan_matching_its_gold_scores_one(mode):
    r = evaluate_doc(hand_plan(), _gold(), mode)
    assert all(r["metadata"].values())
    assert {f: r[f]["f1"] for f in r if f != "metadata"} == dict.fromkeys(
        ["sections", "legal_refs", "percentages", "targets", "agencies", "deadlines"], 1.0)


@pytest.mark.parametrize("mode", ["lenient", "strict"])
def test_a_duplicate_prediction_is_a_false_positive(mode):
    p = hand_plan()
    p = p.model_copy(update={"legal_refs": p.legal_refs * 2})
    r = evaluate_doc(p, _gold(), mode)["legal_refs"]
    assert (r["tp"], r["pred"], r["gold"], r["precision"], r["recall"]) == (1, 2, 1, 0.5, 1.0)


@pytest.mark.parametrize("mode", ["lenient", "strict"])
def test_the_extractors_alias_table_is_not_used(mode):
    # vnplan's abbreviation table reads "NN&PTNT" as "Nông nghiệp và Phát triển nông thôn"; the
    # scorer must not: a name printed unexpanded is a miss (GOLD.md: abbreviations expanded)
    p = hand_plan()
    full = "Sở Nông nghiệp và Phát triển nông thôn"
    p = p.model_copy(update={"agencies": [Agency(name=full, aliases=[full], span=p.agencies[0].span)]})
    r = evaluate_doc(p, _gold(agencies=[{"name": "Sở NN&PTNT", "lead": True}]), mode)["agencies"]
    assert r["tp"] == 0


def test_lenient_folds_case_and_punctuation_strict_does_not():
    g = _gold(legal_refs=["20-nq/tw"], sections=[{"kind": "muc_tieu", "heading": "Mục tiêu:"},
                                                  {"kind": "to_chuc_thuc_hien", "heading": "Tổ chức thực hiện"}])
    lenient, strict = evaluate_doc(hand_plan(), g, "lenient"), evaluate_doc(hand_plan(), g, "strict")
    assert (lenient["legal_refs"]["tp"], lenient["sections"]["tp"]) == (1, 2)
    assert (strict["legal_refs"]["tp"], strict["sections"]["tp"]) == (0, 0)


def test_deadline_quotes_contained_leniently_and_exact_strictly():
    g = _gold(deadlines=[{"quote": "Trước ngày 15/12", "kind": "recurring"}])
    assert evaluate_doc(hand_plan(), g, "lenient")["deadlines"]["tp"] == 1
    assert evaluate_doc(hand_plan(), g, "strict")["deadlines"]["tp"] == 0


def test_strict_target_needs_the_exact_quote_and_comparator():
    shorter = _gold(targets=[{"value": 60, "unit": "%", "comparator": "gt", "quote": "trên 60% hợp tác xã"}])
    assert evaluate_doc(hand_plan(), shorter, "lenient")["targets"]["tp"] == 1
    assert evaluate_doc(hand_plan(), shorter, "strict")["targets"]["tp"] == 0
    other_cmp = _gold(targets=[{"value": 60, "unit": "%", "comparator": "gte", "quote": TARGET_TEXT}])
    lenient = evaluate_doc(hand_plan(), other_cmp, "lenient")["targets"]
    assert (lenient["tp"], lenient["comparator_accuracy"]) == (1, 0.0)
    assert evaluate_doc(hand_plan(), other_cmp, "strict")["targets"]["tp"] == 0


def test_a_leading_group_word_is_folded_only_leniently():
    p = hand_plan()
    grp = Agency(name="Sở, ngành liên quan", aliases=["Sở, ngành liên quan"], span=p.agencies[0].span)
    p = p.model_copy(update={"agencies": [grp]})
    g = _gold(agencies=[{"name": "các sở, ngành liên quan", "lead": False}])
    assert evaluate_doc(p, g, "lenient")["agencies"]["tp"] == 1
    assert evaluate_doc(p, g, "strict")["agencies"]["tp"] == 0


def test_title_is_fuzzy_only_leniently():
    g = _gold(metadata={"title": "Phát triển kinh tế tập thể năm 2025."})
    assert evaluate_doc(hand_plan(), g, "lenient")["metadata"]["title"] is True
    g = _gold(metadata={"title": "Phát triển kinh tế tập thể, năm 2025"})
    assert evaluate_doc(hand_plan(), g, "lenient")["metadata"]["title"] is True
    assert evaluate_doc(hand_plan(), g, "strict")["metadata"]["title"] is False


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="lenient, strict"):
        evaluate_doc(hand_plan(), _gold(), "loose")


def test_cli_prints_precision_and_recall_per_plan(tmp_path, capsys):
    from vnplan.cli import main

    stem = "003_1a37aa9cdf3894bb"
    (tmp_path / "gold").mkdir()
    (tmp_path / "raw").mkdir()
    shutil.copy(CORPUS / "gold" / f"{stem}.json", tmp_path / "gold")
    shutil.copy(CORPUS / "raw" / f"{stem}.txt", tmp_path / "raw")
    assert main(["eval", str(tmp_path / "gold"), "--strict", "--json", str(tmp_path / "s.json")]) == 0
    out = capsys.readouterr().out
    assert "matcher: strict" in out and "precision/recall per plan" in out
    row = next(line for line in out.splitlines() if line.startswith(stem))
    assert row.split()[1] == "1.00/1.00"  # sections of plan 003: all 8 found, none extra
    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert saved["mode"] == "strict" and saved["overall"]["sections"]["gold"] == 8


def test_a_missing_document_is_reported_and_the_rest_scored(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "raw").mkdir()
    shutil.copy(CORPUS / "gold" / "003_1a37aa9cdf3894bb.json", tmp_path / "gold")
    shutil.copy(CORPUS / "raw" / "003_1a37aa9cdf3894bb.txt", tmp_path / "raw")
    (tmp_path / "gold" / "zzz.json").write_text('{"doc": "zzz.txt"}', encoding="utf-8")
    r = evaluate_dir(tmp_path / "gold")
    assert "no document zzz.txt" in r["documents"]["zzz.txt"]["error"]
    assert r["overall"]["sections"]["f1"] == 1.0
    assert "zzz.txt" in format_report(r)
