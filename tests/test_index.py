"""Tests of ``vnplan index`` / ``vnplan query``: rows against Plan counts on the corpus, the views
on hand-made plans (answers written out by hand), RRULE expansion, incremental re-indexing, and
a malformed JSON that becomes a row-level error while the rest is indexed."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import vnplan
from handplan import SCT, STC, hand_plan
from vnplan.cli import main
from vnplan.index import build_index, format_result, run_query
from vnplan.index.occurrences import occurrences
from vnplan.models import Deadline, Metadata

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))

#: (table, Plan list) whose row counts must match.
TABLES = [("targets", "targets"), ("quantities", "quantities"), ("agencies", "agencies"), ("tasks", "tasks"),
          ("deadlines", "deadlines"), ("legal_refs", "legal_refs"), ("funding", "funding")]


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory):
    import vnplan

    out = tmp_path_factory.mktemp("out")
    plans = []
    for f in CORPUS:
        plan = vnplan.parse_file(f)
        (out / f"{f.stem}.json").write_text(plan.to_json(), encoding="utf-8")
        plans.append(plan)
    return out, plans


@pytest.fixture(scope="module")
def corpus_db(corpus_out, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "plans.db"
    report = build_index(corpus_out[0], db)
    assert (report.added, report.skipped, report.errors) == (len(CORPUS), 0, [])
    return db


def q(db, sql, *params):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_rows_per_plan_equal_the_plan_counts(corpus_out, corpus_db):
    _, plans = corpus_out
    for plan in plans:
        (pid,) = q(corpus_db, "SELECT plan_id FROM plans WHERE sha256 = ?", plan.source.sha256)[0]
        for table, field in TABLES:
            (n,) = q(corpus_db, f"SELECT COUNT(*) FROM {table} WHERE plan_id = ?", pid)[0]
            assert n == len(getattr(plan, field)), (plan.source.path, table)
        (n,) = q(corpus_db, "SELECT COUNT(*) FROM sections WHERE plan_id = ?", pid)[0]
        assert n == len(list(plan.iter_sections()))
        (text,) = q(corpus_db, "SELECT text FROM plans_text WHERE plan_id = ?", pid)[0]
        assert text == plan.text
        # every span points at the fact's own text
        for s, e, t in q(corpus_db, "SELECT span_start, span_end, text FROM targets WHERE plan_id = ?", pid):
            assert plan.text[s:e] == t


def test_metadata_row_of_a_corpus_plan(corpus_db):
    rows = q(corpus_db, "SELECT issuer, issuer_level, place, issued_date, year, signer_title FROM plans "
                        "WHERE number = '219/KH-UBND'")
    assert rows == [("Ủy ban nhân dân thành phố Cần Thơ", "tinh", "Cần Thơ", "2023-10-23", 2023, "Phó Chủ tịch")]


def test_reindexing_changes_nothing(corpus_out, corpus_db):
    conn = sqlite3.connect(corpus_db)
    before = list(conn.iterdump())
    conn.close()
    report = build_index(corpus_out[0], corpus_db)
    assert (report.added, report.skipped) == (0, len(CORPUS))
    conn = sqlite3.connect(corpus_db)
    assert list(conn.iterdump()) == before
    conn.close()


def test_full_text_search_over_plans_and_tasks(corpus_db):
    hits = q(corpus_db, "SELECT p.number FROM plans_fts JOIN plans p ON p.plan_id = plans_fts.rowid "
                        "WHERE plans_fts MATCH '\"106/NQ-CP\"' ORDER BY p.number")
    assert ("219/KH-UBND",) in hits
    tasks = q(corpus_db, "SELECT t.text FROM tasks_fts f JOIN tasks t ON t.plan_id = f.plan_id AND t.n = f.task_n "
                         "WHERE tasks_fts MATCH '\"khuyến nông\"'")
    assert tasks and all("khuyến nông" in t.casefold() for (t,) in tasks)
    both = q(corpus_db, "SELECT COUNT(*) FROM tasks_fts WHERE tasks_fts MATCH 'khuyến nông'")[0][0]
    assert both > len(tasks)  # without quotes the two syllables may stand apart


# --- views on hand-made plans -----------------------------------------------------------------


@pytest.fixture
def hand_db(tmp_path):
    today = datetime.now(timezone.utc).date()  # SQLite's date('now') is UTC
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.json").write_text(hand_plan("12/KH-UBND", today - timedelta(days=40)).to_json(), encoding="utf-8")
    (out / "b.json").write_text(hand_plan("13/KH-UBND", today - timedelta(days=40)).to_json(), encoding="utf-8")
    db = tmp_path / "plans.db"
    build_index(out, db)
    return db, today


def test_agency_load_counts_tasks_led_and_partnered(hand_db):
    db, _ = hand_db
    # each plan: task 1 led by Sở Tài chính with Sở Công Thương as partner, task 2 led by Sở Công Thương
    assert q(db, "SELECT agency, tasks_led, tasks_partnered, plans FROM agency_load") == [
        (SCT, 2, 2, 2), (STC, 2, 0, 2)]
    assert q(db, "SELECT name, role FROM agency_roles WHERE plan_id = 1 ORDER BY agency_n, role") == [
        (STC, "chu_tri"), (SCT, "chu_tri"), (SCT, "phoi_hop")]


def test_cited_documents_groups_the_plans_that_implement_a_resolution(hand_db):
    db, _ = hand_db
    assert q(db, "SELECT symbol, doc_type, cited_date, n_plans, number, is_basis FROM cited_documents ORDER BY number") == [
        ("20-NQ/TW", "Nghị quyết", "2022-06-16", 2, "12/KH-UBND", 1),
        ("20-NQ/TW", "Nghị quyết", "2022-06-16", 2, "13/KH-UBND", 1)]


def test_targets_by_subject(hand_db):
    db, _ = hand_db
    assert q(db, "SELECT subject, comparator, value, unit, target_year, number FROM targets_by_subject") == [
        ("hợp tác xã đạt loại khá <b>&</b> tốt", "gt", 60.0, "%", 2025, "12/KH-UBND"),
        ("hợp tác xã đạt loại khá <b>&</b> tốt", "gt", 60.0, "%", 2025, "13/KH-UBND")]


def test_reporting_calendar_expands_rules_over_the_next_12_months(hand_db):
    db, today = hand_db
    rows = q(db, "SELECT due_date, deadline, owners, number FROM reporting_calendar WHERE number = '12/KH-UBND'")
    monthly = [r for r in rows if r[1] == "trước ngày 05 hằng tháng"]
    yearly = [r for r in rows if r[1] == "trước ngày 15/12 hằng năm"]
    assert len(monthly) == 12 and all(d.endswith("-05") and o == SCT for d, _, o, _ in monthly)
    assert len({d[:7] for d, *_ in monthly}) == 12  # one a month
    next_dec15 = date(today.year if today <= date(today.year, 12, 15) else today.year + 1, 12, 15)
    assert [(d, o) for d, _, o, _ in yearly] == [(next_dec15.isoformat(), STC)]
    assert all(today.isoformat() <= d for d, *_ in rows)
    assert [d for d, *_ in rows] == sorted(d for d, *_ in rows)


def test_occurrences_start_at_the_plan_and_stop_at_the_end_year():
    d = Deadline(span=(0, 1), text="x", kind="recurring", end_year=2025,
                 rule="FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25")
    got = list(occurrences(d, Metadata(issued_date=date(2024, 5, 10), year=2024)))
    assert [x.isoformat() for x, _ in got] == [
        "2024-06-25", "2024-09-25", "2024-12-25", "2025-03-25", "2025-06-25", "2025-09-25", "2025-12-25"]
    assert all(given for _, given in got)
    bare = Deadline(span=(0, 1), text="Định kỳ hàng năm", kind="recurring", end_year=2026, rule="FREQ=YEARLY")
    assert [(x.isoformat(), g) for x, g in occurrences(bare, Metadata(year=2024))] == [
        ("2024-01-01", False), ("2025-01-01", False), ("2026-01-01", False)]
    assert list(occurrences(Deadline(span=(0, 1), text="định kỳ", kind="recurring"), Metadata(year=2024))) == []
    assert list(occurrences(d, Metadata())) == []  # no date at all: nothing to start from


# --- errors, CLI, formats ---------------------------------------------------------------------


def test_malformed_json_is_a_row_error_and_indexing_goes_on(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.json").write_text(hand_plan("12/KH-UBND").to_json(), encoding="utf-8")
    (out / "b-truncated.json").write_text(hand_plan("13/KH-UBND").to_json()[:500], encoding="utf-8")
    bad_plan = json.loads(hand_plan("14/KH-UBND").to_json())
    bad_plan["targets"][0]["comparator"] = "more"
    (out / "c-invalid.json").write_text(json.dumps(bad_plan, ensure_ascii=False), encoding="utf-8")
    (out / "d.json").write_text(hand_plan("15/KH-UBND").to_json(), encoding="utf-8")
    (out / "manifest.jsonl").write_text('{"source": "x", "status": "ok"}\n', encoding="utf-8")
    db = tmp_path / "plans.db"
    assert main(["index", str(out), "-o", str(db)]) == 1
    err = capsys.readouterr().err
    assert "b-truncated.json: invalid JSON" in err
    assert "c-invalid.json: not a vnplan Plan (1 errors; first at targets.0.comparator" in err
    assert "2 plans added, 0 already indexed, 2 errors" in err
    assert q(db, "SELECT number FROM plans ORDER BY number") == [("12/KH-UBND",), ("15/KH-UBND",)]
    assert [Path(loc).name for (loc,) in q(db, "SELECT location FROM index_errors ORDER BY location")] == [
        "b-truncated.json", "c-invalid.json"]


def test_index_a_jsonl_file_with_a_bad_line(tmp_path):
    lines = [hand_plan("12/KH-UBND").to_json(indent=None), "{oops", hand_plan("13/KH-UBND").to_json(indent=None)]
    src = tmp_path / "plans.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build_index(src, tmp_path / "p.db")
    assert report.added == 2 and [w for w, _ in report.errors] == [f"{src}:2"]


def test_query_cli_formats(hand_db, capsys):
    db, _ = hand_db
    sql = "SELECT number, issuer_level FROM plans ORDER BY number"
    assert main(["query", str(db), sql, "--format", "csv"]) == 0
    assert capsys.readouterr().out == "number,issuer_level\n12/KH-UBND,tinh\n13/KH-UBND,tinh\n"
    assert main(["query", str(db), sql, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"number": "12/KH-UBND", "issuer_level": "tinh"}, {"number": "13/KH-UBND", "issuer_level": "tinh"}]
    assert main(["query", str(db), sql]) == 0
    assert capsys.readouterr().out == (
        "number     | issuer_level\n-----------+-------------\n12/KH-UBND | tinh\n13/KH-UBND | tinh\n(2 rows)\n")
    assert main(["query", str(db), "DELETE FROM plans"]) == 1  # read-only
    assert "readonly" in capsys.readouterr().err
    assert main(["query", str(db.parent / "nope.db"), sql]) == 1


def test_format_result_cuts_long_cells():
    out = format_result(["t"], [("Ủy ban nhân dân tỉnh An Giang",)], max_width=10)
    assert out.splitlines()[2] == "Ủy ban nh…"
    with pytest.raises(ValueError):
        format_result(["t"], [], "xml")
    assert run_query  # the library entry point is exported


def test_batch_builds_the_index_while_converting(tmp_path):
    import sqlite3

    from vnplan.cli import main

    src = Path(__file__).resolve().parent.parent / "corpus" / "raw"
    docs = sorted(src.glob("00[0-2]_*.txt"))
    db = tmp_path / "plans.db"
    assert main(["batch", *map(str, docs), "-o", str(tmp_path / "out"), "--workers", "0", "--quiet", "--index", str(db)]) == 0
    with sqlite3.connect(db) as con:
        numbers = sorted(str(r[0]) for r in con.execute("select number from plans"))
    assert numbers == sorted(str(vnplan.parse(d).metadata.number) for d in docs)


_OLD_PLANS = ("CREATE TABLE plans (plan_id INTEGER PRIMARY KEY, source TEXT, format TEXT, sha256 TEXT NOT NULL UNIQUE,"
              " number TEXT, issuer TEXT, issuer_level TEXT, place TEXT, issued_date TEXT, year INTEGER,"
              " title TEXT, signer TEXT, signer_title TEXT, doc_type TEXT, warnings TEXT, schema_version TEXT, json_file TEXT)")
_OLD_FUNDING = ("CREATE TABLE funding (plan_id INTEGER NOT NULL, n INTEGER NOT NULL, section TEXT, span_start INTEGER,"
                " span_end INTEGER, source TEXT, text TEXT, PRIMARY KEY (plan_id, n))")


@pytest.mark.parametrize(
    "old_table, text, query, expected",
    [
        # a Sở plan in an index made before issuer_parent existed
        (_OLD_PLANS,
         "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG\nSỞ Y TẾ\nSố: 88/KH-SYT\nKẾ HOẠCH\nPhòng, chống sốt xuất huyết\n"
         "I. TỔ CHỨC THỰC HIỆN\n1. Trung tâm Kiểm soát bệnh tật tỉnh chủ trì giám sát ổ dịch.\n",
         "SELECT issuer, issuer_parent, issuer_level FROM plans",
         [("Sở Y tế tỉnh Hà Giang", "Ủy ban nhân dân tỉnh Hà Giang", "tinh")]),
        # funding sums in an index made before they existed
        (_OLD_FUNDING,
         "ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\nSố: 31/KH-UBND\nKẾ HOẠCH\nTrồng cây phân tán\n"
         "I. KINH PHÍ\n- Ngân sách tỉnh: 2,5 tỷ đồng.\n- Xã hội hóa khoảng 800 triệu đồng.\n"
         "II. TỔ CHỨC THỰC HIỆN\n1. Sở Nông nghiệp và Môi trường chủ trì.\n",
         "SELECT source, amount, unit FROM funding ORDER BY n",
         [("ngân sách tỉnh", 2.5, "tỷ đồng"), ("xã hội hóa", 800.0, "triệu đồng")]),
    ],
)
def test_an_old_index_gains_the_columns_added_since(tmp_path, old_table, text, query, expected):
    from vnplan.index import PlanIndex

    db = tmp_path / "old.db"
    with sqlite3.connect(db) as c:
        c.execute(old_table)
    with PlanIndex(db) as index:
        index.add(vnplan.parse_text(text, format="txt"))
    with sqlite3.connect(db) as c:
        assert c.execute(query).fetchall() == expected


def _readme_questions() -> list[tuple[str, str]]:
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("Five questions on the corpus index"):]
    heads = re.findall(r"^(\d)\. (.+)$", part, flags=re.M)[:5]
    sqls = re.findall(r'vnplan query plans\.db "((?:[^"\\]|\\.)*)"', part)[:5]  # a shell string
    return [(f"{n}. {h}", s.replace('\\"', '"')) for (n, h), s in zip(heads, sqls)]


def test_the_corpus_index_answers_the_five_readme_questions(corpus_db):
    questions = _readme_questions()
    assert len(questions) == 5
    for question, sql in questions:
        rows = q(corpus_db, " ".join(sql.split()))
        assert rows, f"no answer to README question {question}"
