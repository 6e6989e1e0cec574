"""PDF, DOCX, HTML and markdown versions of corpus plans give the same metadata and section
kinds as their text (fixtures built by tests/make_fixtures.py)."""

from pathlib import Path

import pytest

import vnplan
from make_fixtures import build_fixtures

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "raw"
STEMS = {"000": "000_f5d23d8c80671bfb", "002": "002_1cf771e150738f55"}


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    return build_fixtures(tmp_path_factory.mktemp("fx"))


def _meta(p):
    d = p.metadata.model_dump(exclude={"recipients"})
    d["signer"].pop("span")
    return d


@pytest.mark.parametrize("short", sorted(STEMS))
@pytest.mark.parametrize("ext", ["pdf", "docx", "html"])
def test_same_metadata_and_kinds_as_text(fixtures, short, ext):
    base = vnplan.parse_file(CORPUS / f"{STEMS[short]}.txt")
    path = fixtures[f"{short}.{ext}"]
    p = vnplan.parse_file(path)
    assert p.source.format == ext
    assert _meta(p) == _meta(base)
    kinds = [s.kind for s in p.iter_sections() if s.kind != "other"]
    assert kinds == [s.kind for s in base.iter_sections() if s.kind != "other"]
    assert len(p.targets) == len(base.targets)
    assert {a.name for a in p.agencies} == {a.name for a in base.agencies}


def test_markdown_pipe_table_and_bold(tmp_path):
    md = tmp_path / "plan.md"
    md.write_text(
        "**ỦY BAN NHÂN DÂN**\n**HUYỆN AN PHÚ**\n\nSố: 7/KH-UBND\n\nAn Phú, ngày 2 tháng 5 năm 2024\n\n## KẾ HOẠCH\n\n"
        "Chuyển đổi số năm 2024\n\n## I. MỤC TIÊU\n\nCó trên 70% hồ sơ trực tuyến.\n\n## PHỤ LỤC\n\n"
        "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n| 1 | Số hóa hồ sơ | Phòng Nội vụ | Quý II/2024 |\n",
        encoding="utf-8",
    )
    p = vnplan.parse_file(md)
    assert p.metadata.issuer == "Ủy ban nhân dân huyện An Phú" and p.metadata.issuer_level == "huyen"
    assert p.tables[0].header == ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"]
    assert p.tables[0].rows == [["1", "Số hóa hồ sơ", "Phòng Nội vụ", "Quý II/2024"]]
    assert [(d.kind, d.quarter, d.year) for d in p.deadlines] == [("date", 2, 2024)]
    assert p.tasks[0].lead == ["Phòng Nội vụ"] and p.tasks[0].deadline.quarter == 2
    assert [t.value for t in p.targets] == [70]
