"""Batch faults: per-document timeout, dead workers, SIGKILL then --resume, two batches on one
OUTDIR, and every file of a folder or archive accounted for in the manifest.

Slow and hanging documents come from the test hooks of :mod:`vnplan.batch.testing`, named to
the workers (``_parse=``), so they work in worker processes forked from the fork server.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import vnplan  # noqa: E402
from vnplan.batch import BatchUsageError, main, read_manifest, run_batch  # noqa: E402
from vnplan.batch.lock import LOCK  # noqa: E402
from vnplan.batch.manifest import JOURNAL  # noqa: E402

CORPUS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))[:5]
HOOKS = "vnplan.batch.testing:"
GUARD = 120.0  # seconds: only a bound on waiting for a subprocess, never a speed check


def expected_json(path: Path) -> str:
    return vnplan.parse_file(str(path)).to_json(indent=2) + "\n"


def files_under(top: Path) -> dict[str, bytes]:
    return {p.relative_to(top).as_posix(): p.read_bytes() for p in sorted(top.rglob("*")) if p.is_file()}


def comparable_manifest(outdir: Path) -> list[dict]:
    """Manifest rows without what differs between runs by design (time, kept by --resume)."""
    rows = read_manifest(outdir)
    for r in rows:
        r.pop("seconds")
        r.pop("skipped")
    return rows


def plans_folder(top: Path, names: list[str]) -> Path:
    """Copies of the corpus plans under the given names."""
    top.mkdir(parents=True)
    for i, name in enumerate(names):
        shutil.copyfile(CORPUS[i % len(CORPUS)], top / name)
    return top


def spawn_batch(folder: Path, outdir: Path, **kw: object) -> subprocess.Popen:
    """A batch in another process, in its own process group (so it can be killed whole)."""
    code = ("import sys\nfrom vnplan.batch import run_batch\n"
            f"sys.exit(run_batch([{str(folder)!r}], {str(outdir)!r}, quiet=True, **{kw!r}).exit_code)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until(cond: Callable[[], bool], proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + GUARD
    while not cond():
        if proc.poll() is not None:
            raise AssertionError(f"the batch ended early: {proc.stderr.read().decode() if proc.stderr else ''}")
        assert time.monotonic() < deadline, "the batch never got there"
        time.sleep(0.05)


def journal_rows(outdir: Path) -> int:
    try:
        return (outdir / JOURNAL).read_bytes().count(b"\n")
    except OSError:
        return 0


def kill_group(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


# --------------------------------------------------------------------------- timeout, dead workers


def test_a_hanging_document_gets_a_timeout_row_and_the_batch_goes_on(tmp_path):
    folder = plans_folder(tmp_path / "in", ["a.txt", "hang.txt", "b.txt", "c.txt"])
    r = run_batch([folder], tmp_path / "out", workers=1, timeout=1.5, quiet=True, _parse=HOOKS + "hang_on_hang")
    kinds = {Path(row["source"]).name: (row["status"], row["error_kind"]) for row in r.rows}
    assert kinds == {"a.txt": ("ok", None), "hang.txt": ("error", "timeout"), "b.txt": ("ok", None),
                     "c.txt": ("ok", None)}
    hang = next(row for row in r.rows if row["source"].endswith("hang.txt"))
    assert "took longer than 1.5 s" in hang["error"] and r.exit_code == 1
    for name in ("a", "b", "c"):
        assert (tmp_path / "out" / f"{name}.json").read_text(encoding="utf-8") == expected_json(folder / f"{name}.txt")
    assert "timeout 1" in r.summary()


def test_a_dying_worker_is_replaced_and_its_document_retried_once(tmp_path):
    folder = plans_folder(tmp_path / "in", ["a.txt", "b.txt", "die.txt"])
    r = run_batch([folder], tmp_path / "out", workers=2, quiet=True, _parse=HOOKS + "die_on_die")
    assert [(row["status"], row["error_kind"]) for row in r.rows] == [("ok", None), ("ok", None), ("error", "internal")]
    assert "worker process died (exit status 3)" in r.rows[2]["error"]


def test_timeout_option(tmp_path, capsys):
    folder = plans_folder(tmp_path / "in", ["a.txt"])
    assert main([str(folder), "-o", str(tmp_path / "o"), "--timeout", "0", "--quiet", "--workers", "1"]) == 0
    assert main([str(folder), "-o", str(tmp_path / "o"), "--timeout", "-1"]) == 2
    assert "--timeout" in capsys.readouterr().err


# --------------------------------------------------------------------------- SIGKILL, then --resume


def test_sigkill_half_way_then_resume_equals_an_uninterrupted_run(tmp_path):
    names = [f"{i:02d}_{p.name}" for i in range(2) for p in CORPUS] + ["x.xyz"]
    folder = plans_folder(tmp_path / "in", names[:-1])
    (folder / "x.xyz").write_text("not a plan format")
    (folder / "empty.txt").write_bytes(b"")
    ref, out = tmp_path / "ref", tmp_path / "out"
    run_batch([folder], ref, workers=1, quiet=True)

    proc = spawn_batch(folder, out, workers=1, _parse=HOOKS + "slow")
    wait_until(lambda: journal_rows(out) >= 4, proc)
    kill_group(proc)
    finished = journal_rows(out)
    assert 4 <= finished < len(names) + 1, "killed half way"

    r = run_batch([folder], out, workers=1, quiet=True, resume=True)
    assert r.skipped >= 3  # ok rows of the killed run kept (the error rows are redone)
    assert files_under(out).keys() - {"manifest.jsonl"} == files_under(ref).keys() - {"manifest.jsonl"}
    assert {k: v for k, v in files_under(out).items() if k != "manifest.jsonl"} == \
        {k: v for k, v in files_under(ref).items() if k != "manifest.jsonl"}
    assert comparable_manifest(out) == comparable_manifest(ref)
    assert not (out / JOURNAL).exists() and not (out / LOCK).exists()
    assert not [p for p in out.rglob("*.tmp")]


# --------------------------------------------------------------------------- one batch per OUTDIR


def test_a_second_batch_on_the_same_outdir_fails_at_once(tmp_path, capsys):
    folder = plans_folder(tmp_path / "in", ["a.txt", "hang.txt", "b.txt"])
    out = tmp_path / "out"
    proc = spawn_batch(folder, out, workers=1, timeout=0, _parse=HOOKS + "hang_on_hang")
    try:
        # inputs run in sorted order (a, b, hang): once a and b are journaled, the run only
        # waits on hang.txt, so nothing more is written while it holds the lock
        wait_until(lambda: journal_rows(out) >= 2, proc)
        before = files_under(out)
        with pytest.raises(BatchUsageError, match=r"in use by another vnplan batch \(pid \d+\)"):
            run_batch([folder], out, workers=0, quiet=True)
        assert main([str(folder), "-o", str(out), "--workers", "0"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "in use by another vnplan batch" in err and str(out) in err
        assert files_under(out) == before  # the second run wrote nothing
    finally:
        kill_group(proc)
    # the lock of a killed run is not stale for ever: the next run takes it over
    assert (out / LOCK).exists()
    r = run_batch([folder], out, workers=0, quiet=True)
    assert r.ok == 3 and not (out / LOCK).exists()


def test_a_lock_file_left_by_a_dead_process_is_taken_over(tmp_path):
    folder = plans_folder(tmp_path / "in", ["a.txt"])
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK).write_text("999999 elsewhere 2020-01-01T00:00:00\n")
    assert run_batch([folder], out, workers=0, quiet=True).ok == 1


# --------------------------------------------------------------------------- nothing vanishes


def test_every_file_of_a_folder_and_an_archive_gets_a_row(tmp_path):
    pytest.importorskip("reportlab")
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from make_fixtures import build_scanned_pdf
    finally:
        sys.path.remove(str(ROOT / "tests"))
    folder = plans_folder(tmp_path / "in", ["a.txt", "b.txt"])
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # an OLE header, no body
    build_scanned_pdf(folder / "scan.pdf")
    (folder / "data.xyz").write_bytes(b"?")
    (folder / ".DS_Store").write_bytes(b"\0")
    (folder / "__MACOSX").mkdir()
    (folder / "__MACOSX" / "._a.txt").write_bytes(b"\0")
    zpath = tmp_path / "all.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(folder).as_posix())
        zf.writestr("empty-dir/", b"")

    r = run_batch([folder, zpath], tmp_path / "out", workers=0, quiet=True)
    rows = {(Path(row["source"]).name, row["member"]): row for row in r.rows}
    assert len(r.rows) == len(read_manifest(tmp_path / "out")) == 10 and r.junk == 4  # 2 junk files × 2
    for key in [(n, None) for n in ("a.txt", "b.txt", "old.doc", "scan.pdf", "data.xyz")] + \
               [("all.zip", n) for n in ("a.txt", "b.txt", "old.doc", "scan.pdf", "data.xyz")]:
        assert key in rows, key
    for src in (None, "zip"):
        def row(name: str) -> dict:
            return rows[(name, None)] if src is None else rows[("all.zip", name)]
        assert row("a.txt")["status"] == row("b.txt")["status"] == "ok"
        assert row("scan.pdf")["error_kind"] == "scanned"
        assert row("data.xyz")["error_kind"] == "unsupported_format"
        assert row("old.doc")["status"] == "error" and row("old.doc")["error_kind"] not in (None, "internal")
    summary = r.summary()
    assert "by kind: ok 4, " in summary and "scanned 2" in summary and "junk files left out: 4" in summary
