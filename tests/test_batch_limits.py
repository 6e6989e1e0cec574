"""``vnplan batch`` uses the input caps of ``vnplan parse`` (``--max-chars/--max-lines/--max-pages``,
``run_batch(limits=…)``) and its ``--ocr`` choice: a document over a cap, or a scan with
``--ocr never``, is one error row of the manifest and the batch goes on (issues 9 and 12)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

import vnplan  # noqa: E402
from vnplan.batch import read_manifest, run_batch  # noqa: E402
from vnplan.cli import main  # noqa: E402

PLAN = sorted((ROOT / "corpus" / "raw").glob("000_*.txt"))[0]
MAX_CHARS = 50_000


def _rows(outdir: Path) -> dict[str, dict]:
    return {Path(r["source"]).name: r for r in read_manifest(outdir)}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A normal plan (13 K characters) and a 60 K+ character text made of its lines repeated."""
    top = tmp_path_factory.mktemp("limits") / "plans"
    top.mkdir()
    shutil.copyfile(PLAN, top / "normal.txt")
    text = PLAN.read_text(encoding="utf-8")
    big = text
    while len(big) <= 60_000:
        big += "\n" + text
    (top / "big.txt").write_text(big, encoding="utf-8")
    assert len(text) < MAX_CHARS < len(big)
    return top


def _check_rows(outdir: Path) -> None:
    rows = _rows(outdir)
    assert set(rows) == {"normal.txt", "big.txt"}
    assert rows["normal.txt"]["status"] == "ok" and rows["normal.txt"]["counts"]["tasks"] > 0
    big = rows["big.txt"]
    assert big["status"] == "error" and big["error_kind"] == "too_large"
    assert "max_chars=50,000" in big["error"] and "--max-chars N" in big["error"]
    assert (outdir / rows["normal.txt"]["output"]).is_file()
    assert not big.get("output") or not (outdir / big["output"]).exists()


@pytest.mark.parametrize("workers", ["0", "1"])
def test_batch_cli_caps_one_document_and_goes_on(folder, tmp_path, workers):
    out = tmp_path / "out"
    code = main(["batch", str(folder), "-o", str(out), "--workers", workers, "--quiet",
                 "--max-chars", str(MAX_CHARS)])
    assert code == 1  # one document failed
    _check_rows(out)


def test_batch_default_caps_parse_both(folder, tmp_path):
    out = tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out), "--workers", "0", "--quiet"]) == 0
    assert {r["status"] for r in read_manifest(out)} == {"ok"}


def test_run_batch_limits(folder, tmp_path):
    out = tmp_path / "out"
    result = run_batch([folder], out, workers=0, quiet=True, limits=vnplan.Limits(max_chars=MAX_CHARS))
    assert (result.ok, result.failed) == (1, 1)
    _check_rows(out)


def _scan_pdf(path: Path) -> Path:
    """An image-only PDF: a page of plan text drawn into a bitmap, no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    for k, line in enumerate(PLAN.read_text(encoding="utf-8").splitlines()[:40]):
        draw.text((80, 80 + 36 * k), line[:90], fill=0)
    img.save(path, "PDF", resolution=150.0)
    return path


def test_batch_ocr_never_gives_a_scanned_row(tmp_path):
    top = tmp_path / "plans"
    top.mkdir()
    _scan_pdf(top / "scan.pdf")
    shutil.copyfile(PLAN, top / "normal.txt")
    out = tmp_path / "out"
    assert main(["batch", str(top), "-o", str(out), "--workers", "0", "--quiet", "--ocr", "never"]) == 1
    rows = _rows(out)
    assert rows["normal.txt"]["status"] == "ok"
    scan = rows["scan.pdf"]
    assert scan["status"] == "error" and scan["error_kind"] == "scanned", scan
    assert "--ocr" in scan["error"] or "ocr" in scan["error"].lower()


def test_run_batch_rejects_a_bad_ocr_choice(tmp_path):
    from vnplan.batch import BatchUsageError

    with pytest.raises(BatchUsageError, match="--ocr"):
        run_batch([PLAN], tmp_path / "out", ocr="sometimes", quiet=True)
