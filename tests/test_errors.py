"""Every error class, from the library and from the CLI (one line, no traceback)."""

import subprocess
import sys
from pathlib import Path

import pytest

import vnplan
from vnplan import errors


def test_unsupported_format(tmp_path):
    f = tmp_path / "plan.xls"
    f.write_bytes(b"x")
    with pytest.raises(errors.UnsupportedFormatError):
        vnplan.parse_file(f)


def test_missing_file(tmp_path):
    with pytest.raises(errors.UnreadableFileError) as e:
        vnplan.parse_file(tmp_path / "nope.txt")
    assert "nope.txt" in str(e.value)


def test_empty_document(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n\n ")
    with pytest.raises(errors.EmptyDocumentError):
        vnplan.parse_file(f)


def test_not_a_plan():
    with pytest.raises(errors.NotAPlanError):
        vnplan.parse_text("Hôm nay trời đẹp. Chúng tôi đi chơi công viên và ăn kem ở bờ hồ.")


def test_corrupt_pdf(tmp_path):
    f = tmp_path / "bad.pdf"
    f.write_bytes(b"%PDF-1.4\n garbage garbage")
    with pytest.raises(errors.CorruptFileError):
        vnplan.parse_file(f)


def test_binary_as_text(tmp_path):
    f = tmp_path / "bin.txt"
    f.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(errors.VnplanError):
        vnplan.parse_file(f)


def test_cli_one_line_per_bad_file_and_exit_status(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    good = tmp_path / "ok.txt"
    good.write_text("Số: 12/KH-UBND\nHà Nội, ngày 01 tháng 02 năm 2024\nKẾ HOẠCH\nThử nghiệm\nI. MỤC TIÊU\n1. Đạt 50% số xã.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "vnplan", "parse", str(bad), str(good)], capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "empty.txt" in r.stderr and "Traceback" not in r.stderr
    assert '"number": "12/KH-UBND"' in r.stdout


def test_one_version_string():
    import importlib.metadata

    import vnplan

    # pyproject.toml reads the version from vnplan/__init__.py; the installed metadata agrees
    assert importlib.metadata.version("vnplan") == vnplan.__version__
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject.split("[tool.")[0]
