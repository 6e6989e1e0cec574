"""Input limits and hostile sizes: each input finishes or fails with a typed error.

The hostile inputs are built here: a nested-indentation Markdown file of ~1 MB (each line a
few more spaces than the last; a table-rule pattern once backtracked over it for ever), a plan
of 100,000 bullets, and 50 MB of text. The tests assert on the outcome, never on time; each runs
in seconds (``benchmarks/limits.py`` measures their time and peak memory).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import vnplan
from vnplan.cli import main
from vnplan.errors import InputTooLargeError, VnplanError
from vnplan.limits import DEFAULT_LIMITS, Limits, check_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
RAISED = Limits(max_chars=10**9, max_lines=10**9, max_line_chars=10**9, max_depth=10**9, max_table_cells=10**9)


def _head() -> str:
    """The header of a corpus plan (number, place and date, KẾ HOẠCH, title, grounds)."""
    text = (ROOT / "corpus" / "raw" / "002_1cf771e150738f55.txt").read_text(encoding="utf-8")
    return text[: text.index("PHẦN 1")] + "I. NHIỆM VỤ VÀ GIẢI PHÁP\n"


def nested_markdown(size: int = 950_000, step: int = 3) -> str:
    """A list nested by indentation: each line ``step`` spaces deeper than the last."""
    lines: list[str] = []
    width = 0
    while width < size:
        lines.append(" " * (step * len(lines)) + "- mục lục")
        width += len(lines[-1]) + 1
    return _head() + "\n".join(lines) + "\n"


def bullet_plan(n: int = 100_000) -> str:
    """A plan whose body is ``n`` bullet lines."""
    return _head() + "\n".join(f"- Nhiệm vụ {i}: Sở Tài chính chủ trì" for i in range(n)) + "\n"


def _fails_with(cap: str, call, *args, **kwargs) -> InputTooLargeError:
    with pytest.raises(InputTooLargeError) as info:
        call(*args, **kwargs)
    err = info.value
    assert err.cap == cap and err.limit == getattr(kwargs.get("limits") or DEFAULT_LIMITS, cap)
    assert err.value > err.limit
    assert "\n" not in str(err) and f"{cap}=" in str(err) and "raise it with" in str(err)
    return err


def _finishes(call, *args, **kwargs) -> None:
    """The call returns a Plan or raises a typed error, nothing else."""
    try:
        assert isinstance(call(*args, **kwargs), vnplan.Plan)
    except VnplanError:
        pass


def test_nested_indentation_markdown(tmp_path: Path) -> None:
    path = tmp_path / "nested.md"
    path.write_text(nested_markdown(), encoding="utf-8")
    err = _fails_with("max_depth", vnplan.parse_file, path)
    assert str(err).startswith(f"{path}: nesting depth")
    _finishes(vnplan.parse_file, path, limits=RAISED)  # the table-rule pattern is linear now


def test_nested_indentation_with_tabs() -> None:
    text = _head() + "\n".join("\t" * i + "- mục" for i in range(1_000)) + "\n"
    _fails_with("max_depth", vnplan.parse_text, text, format="md")
    _finishes(vnplan.parse_text, text, format="md", limits=RAISED)


def test_100k_bullet_plan() -> None:
    text = bullet_plan()
    _fails_with("max_chars", vnplan.parse_text, text)
    _fails_with("max_lines", vnplan.parse_text, text, limits=Limits(max_chars=10**9))
    _finishes(vnplan.parse_text, text, limits=RAISED)


def test_50mb_text(tmp_path: Path) -> None:
    text = (bullet_plan(200) * 8_000)[:50_000_000]
    _fails_with("max_chars", vnplan.parse_text, text)
    _fails_with("max_chars", vnplan.parse_bytes, text.encode("utf-8"), "md", "big.md")
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    _fails_with("max_chars", vnplan.parse_file, path)  # refused from its size, before reading
    _fails_with("max_chars", vnplan.parse, str(path))


def test_one_long_line() -> None:
    text = _head() + "Sở Tài chính chủ trì, hoàn thành trước ngày 10/12/2025; " * 3_000
    _fails_with("max_line_chars", vnplan.parse_text, text)


def test_table_cells_counted_from_separators() -> None:
    row = "| " + " | ".join(f"ô {i}" for i in range(50)) + " |"
    text = _head() + "\n".join([row] * 10) + "\n"
    _fails_with("max_table_cells", vnplan.parse_text, text, format="md", limits=Limits(max_table_cells=400))
    _finishes(vnplan.parse_text, text, format="md")


def test_pdf_pages_are_refused_before_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    import vnplan.readers.pdf as pdf_reader

    path = tmp_path / "three.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for k in range(3):
        c.drawString(72, 720, f"KE HOACH trang {k + 1}")
        c.showPage()
    c.save()

    def no_extraction(*args, **kwargs):
        raise AssertionError("pages extracted before the page cap was checked")

    monkeypatch.setattr(pdf_reader, "_read_pages", no_extraction)
    err = _fails_with("max_pages", vnplan.parse_file, path, limits=Limits(max_pages=2))
    assert "--max-pages" in str(err) and err.value == 3


def test_limits_are_per_call_and_restored() -> None:
    from vnplan.limits import current

    with pytest.raises(InputTooLargeError):
        vnplan.parse_text(bullet_plan(10), limits=Limits(max_lines=5))
    assert current() == DEFAULT_LIMITS
    assert isinstance(vnplan.parse_text(bullet_plan(10)), vnplan.Plan)


def test_cli_max_chars(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(bullet_plan(20), encoding="utf-8")
    assert main(["parse", str(path), "--max-chars", "1000"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"vnplan: {path}: characters of text:")
    assert "max_chars=1,000" in err and "--max-chars N" in err
    assert main(["parse", str(path), "--max-chars", "1_000_000", "--max-lines", "100", "--compact"]) == 0


def test_a_normal_plan_is_far_below_every_cap() -> None:
    """Every corpus plan stays under a tenth of each default text cap."""
    tenth = Limits(**{f.name: getattr(DEFAULT_LIMITS, f.name) // 10 for f in dataclasses.fields(Limits)})
    for path in CORPUS:
        check_document(path.read_text(encoding="utf-8"), (), tenth, str(path))
