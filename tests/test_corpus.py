"""The corpus plans against their hand-made gold files (corpus/GOLD.md)."""

import json
from pathlib import Path

import pytest

import vnplan
from vnplan.evaluate import FIELDS, evaluate_dir

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOCS = sorted((CORPUS / "raw").glob("*.txt"))


@pytest.fixture(scope="module")
def result():
    return evaluate_dir(CORPUS / "gold")


@pytest.fixture(scope="module")
def strict():
    return evaluate_dir(CORPUS / "gold", mode="strict")


def test_metadata_is_exact(strict):
    for name, doc in strict["documents"].items():
        assert all(doc["metadata"].values()), (name, doc["metadata"])


# Strict matcher (exact strings, the README table): floors a little under what was measured
# (sections 1.000, legal_refs 0.989, percentages 1.000, targets 0.244, agencies 0.909,
# deadlines 0.866). Targets are low because a target's subject often
# ends elsewhere than the gold's shortest quote ("… công nghệ cao, áp dụng biện pháp …" against
# "… công nghệ cao"; "nâng tổng số lên 17 …" against "lên 17 …").
_STRICT_FLOORS = {"sections": 0.98, "legal_refs": 0.97, "percentages": 0.98, "targets": 0.27,
                  "agencies": 0.89, "deadlines": 0.85}


@pytest.mark.parametrize("field", FIELDS)
def test_strict_field_f1_floor(strict, result, field):
    assert strict["overall"][field]["f1"] >= _STRICT_FLOORS[field], strict["overall"][field]
    assert strict["overall"][field]["tp"] <= result["overall"][field]["tp"]  # strict never matches more


# Known misses, each strict: the test fails as soon as the miss is fixed, so the mark goes.
_BELOW_GOAL: dict[str, str] = {}


@pytest.mark.parametrize(
    "field", [pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=_BELOW_GOAL[f])) if f in _BELOW_GOAL else f for f in FIELDS]
)
def test_field_f1_at_least_095(result, field):
    assert result["overall"][field]["f1"] >= 0.95, result["overall"][field]


def test_agency_leads_mostly_right(result):
    """Lead accuracy on the matched agencies (0.95 on the 12 plans when this was written)."""
    assert result["overall"]["lead_accuracy"] >= 0.93, result["overall"]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_every_fact_span_holds_its_evidence(path):
    plan = vnplan.parse_file(path)
    t = plan.text
    for r in plan.legal_refs:
        assert r.symbol.replace("HĐND", "").split("/")[0] in t[r.span[0] : r.span[1]]
    for q in plan.quantities:
        assert t[q.span[0] : q.span[1]] == q.text
    for x in plan.targets:
        assert t[x.span[0] : x.span[1]] == x.text
    for d in plan.deadlines:
        assert t[d.span[0] : d.span[1]] == d.text
    for a in plan.agencies:
        assert t[a.span[0] : a.span[1]] in a.aliases
    for k in plan.tasks:
        assert k.text in t[k.span[0] : k.span[1]]
    for f in plan.funding:
        assert t[f.span[0] : f.span[1]] == f.text
    for s in plan.iter_sections():
        assert s.span[0] < s.span[1] <= len(t)
        assert s.heading.split()[0] in t[s.span[0] : s.span[1]]
    sids = {s.id for s in plan.iter_sections()}
    for fact in [*plan.legal_refs, *plan.quantities, *plan.targets, *plan.deadlines, *plan.tasks]:
        assert fact.section is None or fact.section in sids


def test_gold_values_spot_checks():
    p = vnplan.parse_file(CORPUS / "raw" / "003_1a37aa9cdf3894bb.txt")
    assert p.metadata.number == "219/KH-UBND"
    assert p.metadata.issued_date.isoformat() == "2023-10-23"
    assert p.metadata.signer.authority == "KT. CHỦ TỊCH"
    t = [x for x in p.targets if x.value == 5][0]
    assert (t.value_max, t.unit, t.comparator) == (6, "mô hình", "gte")
    d = [x for x in p.deadlines if x.text == "trước ngày 10/12"][0]
    assert (d.kind, d.frequency, d.day, d.month, d.rule) == ("recurring", "annual", 10, 12, "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=10")
    ref = p.legal_refs[0]
    assert (ref.symbol, ref.doc_type, ref.issuer, str(ref.issued_date)) == ("106/NQ-CP", "Nghị quyết", "Chính phủ", "2023-07-18")
    assert [f.source for f in p.funding][:2] == ["ngân sách thành phố", "lồng ghép chương trình, đề án"]


def test_json_round_trip_and_schema_version():
    p = vnplan.parse_file(DOCS[0])
    again = vnplan.Plan.model_validate_json(p.to_json())
    assert again.metadata == p.metadata and again.schema_version == vnplan.SCHEMA_VERSION
    assert p.source.sha256 and p.source.format == "txt"
    raw = DOCS[0].read_text(encoding="utf-8")
    # every agency name maps back to the same characters in the file as read
    for a in p.agencies:
        i = a.span[0]
        assert raw[p.source_offset(i)] == p.text[i]
    assert p.source_offset(len(p.text) + 5) is None


_TARGET_MISSES: dict[str, str] = {}


@pytest.mark.parametrize(
    "path",
    [pytest.param(d, marks=pytest.mark.xfail(strict=True, reason=_TARGET_MISSES[d.stem])) if d.stem in _TARGET_MISSES else d for d in DOCS],
    ids=lambda p: p.stem,
)
def test_target_change_and_year_match_gold(path):
    # vnplan eval scores value and comparator; change and year are checked here
    gold = json.loads((CORPUS / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    got = [(t.value, t.change, t.year) for t in vnplan.parse_file(path).targets]
    assert got == [(g["value"], g["change"], g["year"]) for g in gold["targets"]]
