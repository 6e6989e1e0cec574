"""Tests of ``vnplan batch``: folders, zip and tar.gz inputs, bad documents, archive guards,
resume, determinism across worker counts, atomic writes, exit codes, fail-fast, Ctrl-C and
the Dask engine."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

import vnplan  # noqa: E402
from vnplan import archive, batch  # noqa: E402
from vnplan.archive import Limits, PathTraversalError, collect_items, safe_member_parts  # noqa: E402
from vnplan.batch import BatchUsageError, read_manifest, run_batch  # noqa: E402

CORPUS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))[:5]  # five plans keep the tests quick
GOOD_KINDS_OF_BINARY = {"unsupported_format", "unreadable", "corrupt", "not_a_plan", "empty"}
BAD_PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"\x00garbage\x00"
BINARY = bytes((i * 37 + 11) % 256 for i in range(4096)).replace(b"\x00", b"") + b"\x00\x00\x01\x02" * 64


def expected_json(path: str) -> str:
    """What `vnplan parse FILE` prints for ``path``."""
    return vnplan.parse_file(path).to_json(indent=2) + "\n"


def files_under(top: Path) -> dict[str, bytes]:
    return {
        p.relative_to(top).as_posix(): p.read_bytes()
        for p in sorted(top.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def outputs(outdir: Path) -> dict[str, bytes]:
    """Every output file except the manifest (whose ``seconds`` vary between runs)."""
    return {k: v for k, v in files_under(outdir).items() if k != "manifest.jsonl"}


def manifest_without_timing(outdir: Path) -> list[dict]:
    rows = read_manifest(outdir)
    for r in rows:
        r.pop("seconds")
    return rows


def make_folder(top: Path) -> Path:
    """Five real plans (two in a subfolder), three bad inputs and one unsupported file."""
    top.mkdir(parents=True)
    (top / "sub").mkdir()
    for i, p in enumerate(CORPUS):
        dest = top / ("sub" if i >= 3 else ".") / p.name
        shutil.copyfile(p, dest)
    (top / "bad.pdf").write_bytes(BAD_PDF)
    (top / "empty.txt").write_bytes(b"")
    (top / "binary.txt").write_bytes(BINARY)
    (top / "notes.csv").write_text("not a supported extension\n")  # an unsupported_format row
    return top


def make_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in CORPUS:
            zf.writestr(f"kh/{p.name}", p.read_bytes())
        zf.writestr("../evil.txt", CORPUS[0].read_bytes())
        zf.writestr("/etc/x.txt", CORPUS[1].read_bytes())
        zf.writestr("kh/bad.pdf", BAD_PDF)
        link = zipfile.ZipInfo("kh/link.txt")
        link.create_system = 3
        link.external_attr = 0o120777 << 16  # a symlink member: an error row, never followed
        zf.writestr(link, "../../etc/passwd")
    return path


def make_tgz(path: Path) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for p in CORPUS:
            tf.add(p, arcname=f"plans/{p.name}")

        def add(name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE, link: str = "") -> None:
            ti = tarfile.TarInfo(name)
            ti.type = kind
            ti.size = len(data)
            ti.linkname = link
            tf.addfile(ti, io.BytesIO(data) if data else None)

        add("plans/empty.txt")
        add("plans/binary.txt", BINARY)
        add("plans/sym.txt", kind=tarfile.SYMTYPE, link="/etc/passwd")
        add("plans/hard.txt", kind=tarfile.LNKTYPE, link="plans/empty.txt")
        add("plans/dev.txt", kind=tarfile.CHRTYPE)
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    folder = make_folder(base / "docs")
    zpath = make_zip(base / "plans.zip")
    tpath = make_tgz(base / "plans.tar.gz")
    return base, folder, zpath, tpath


@pytest.fixture(scope="module")
def converted(inputs):
    """One run over the folder, the zip and the tar.gz with two worker processes."""
    base, folder, zpath, tpath = inputs
    before = {k: v for k, v in files_under(base).items() if not k.startswith("out/")}
    outdir = base / "out"
    result = run_batch([str(folder), str(zpath), str(tpath)], outdir, workers=2, quiet=True)
    after = {k: v for k, v in files_under(base).items() if not k.startswith("out/")}
    return result, outdir, before, after


def rows_by_label(outdir: Path) -> dict[str, dict]:
    return {(f"{r['source']}!{r['member']}" if r["member"] is not None else r["source"]): r
            for r in read_manifest(outdir)}


# --------------------------------------------------------------------------- one command


def test_one_command_converts_folder_zip_and_tgz(inputs, converted):
    base, folder, zpath, tpath = inputs
    result, outdir, _, _ = converted
    assert result.exit_code == 1 and not result.interrupted
    assert result.ok == 15 and result.skipped == 0
    rows = rows_by_label(outdir)
    assert len(rows) == len(read_manifest(outdir)) == result.ok + result.failed

    # one error row per bad input, with the right kind
    f = str(folder)
    assert rows[os.path.join(f, "bad.pdf")]["error_kind"] == "corrupt"
    assert rows[os.path.join(f, "empty.txt")]["error_kind"] == "empty"
    assert rows[os.path.join(f, "binary.txt")]["error_kind"] in GOOD_KINDS_OF_BINARY
    assert rows[f"{zpath}!../evil.txt"]["error_kind"] == "path_traversal"
    assert rows[f"{zpath}!/etc/x.txt"]["error_kind"] == "path_traversal"
    assert "path traversal" in rows[f"{zpath}!../evil.txt"]["error"]
    assert rows[f"{zpath}!kh/bad.pdf"]["error_kind"] == "corrupt"
    assert rows[f"{tpath}!plans/empty.txt"]["error_kind"] == "empty"
    assert rows[f"{tpath}!plans/binary.txt"]["error_kind"] in GOOD_KINDS_OF_BINARY
    errors = [r for r in rows.values() if r["status"] == "error"]
    assert len(errors) == result.failed == 13
    assert all(r["error_kind"] != "internal" and r["output"] is None for r in errors)
    # symlink, hardlink and device members are error rows (never followed), as are unsupported files
    assert rows[os.path.join(f, "notes.csv")]["error_kind"] == "unsupported_format"
    for label in (f"{zpath}!kh/link.txt", f"{tpath}!plans/sym.txt", f"{tpath}!plans/hard.txt", f"{tpath}!plans/dev.txt"):
        assert rows[label]["error_kind"] == "unreadable" and "not followed" in rows[label]["error"]

    # manifest rows: the documented fields, fact counts for good documents
    ok = [r for r in rows.values() if r["status"] == "ok"]
    for r in ok:
        assert set(r["counts"]) == set(batch.COUNT_FIELDS)
        assert r["counts"]["sections"] > 0
        assert len(r["sha256"]) == 64 and r["skipped"] is False and r["error"] is None
        assert (outdir / r["output"]).is_file()


def test_folder_outputs_equal_vnplan_parse(inputs, converted):
    _, folder, _, _ = inputs
    _, outdir, _, _ = converted
    for i, p in enumerate(CORPUS):
        rel = ("sub/" if i >= 3 else "") + p.name
        src = os.path.join(str(folder), *rel.split("/"))
        out = outdir / (rel[: -len(".txt")] + ".json")
        assert out.read_text(encoding="utf-8") == expected_json(src), rel


def test_archive_outputs_equal_vnplan_parse(inputs, converted):
    _, _, zpath, tpath = inputs
    _, outdir, _, _ = converted
    for p in CORPUS:
        want = json.loads(expected_json(str(p)))
        for arc, member in ((zpath, f"kh/{p.name}"), (tpath, f"plans/{p.name}")):
            out = outdir / arc.name / (member[: -len(".txt")] + ".json")
            raw = out.read_text(encoding="utf-8")
            got = json.loads(raw)
            assert got["source"]["path"] == str(arc) and got["source"]["member"] == member
            got["source"].update(path=str(p), member=None)
            assert got == want, out
            # and byte for byte what parse_bytes gives for the member
            plan = vnplan.parse_bytes(p.read_bytes(), "txt", str(arc), member)
            assert raw == plan.to_json(indent=2) + "\n"


def test_nothing_written_outside_outdir(inputs, converted):
    base, _, _, _ = inputs
    _, outdir, before, after = converted
    assert before == after
    assert not (base / "evil.txt").exists() and not (base.parent / "evil.txt").exists()
    assert not list(base.parent.glob("evil*"))
    assert not [p for p in outdir.rglob("*") if p.name.endswith(".tmp")]
    assert all(p.resolve().is_relative_to(outdir.resolve()) for p in outdir.rglob("*"))


def test_output_symlinked_out_of_outdir_is_refused(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copyfile(CORPUS[0], folder / "sub" / "a.txt")
    outdir = tmp_path / "out"
    outdir.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (outdir / "sub").symlink_to(elsewhere)
    result = run_batch([folder], outdir, workers=0, quiet=True)
    assert result.failed == 1 and result.rows[0]["error_kind"] == "path_traversal"
    assert list(elsewhere.iterdir()) == []


# --------------------------------------------------------------------------- guards


def test_safe_member_parts():
    assert safe_member_parts("a/./b//c.txt") == ["a", "b", "c.txt"]
    assert safe_member_parts("a\\b.txt") == ["a", "b.txt"]
    for bad in ("../x.txt", "a/../../x.txt", "/etc/x.txt", "\\x.txt", "C:/x.txt", "a\x00.txt", "a\\..\\x.txt"):
        with pytest.raises(PathTraversalError):
            safe_member_parts(bad)


def test_archive_caps(tmp_path):
    z = tmp_path / "many.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"d/{i}.txt", CORPUS[0].read_bytes())
        zf.writestr("bomb.txt", b"\0" * 3_000_000)  # 3 MB of zeros, a few KB compressed
    t = tmp_path / "many.tar.gz"
    with tarfile.open(t, "w:gz") as tf:
        for i in range(5):
            tf.add(CORPUS[0], arcname=f"d/{i}.txt")

    items = collect_items([z, t], limits=Limits(max_members=4))
    assert [(i.source, i.error_kind) for i in items] == [(str(z), "archive_limit"), (str(t), "archive_limit")]
    items = collect_items([z, t], limits=Limits(max_total_bytes=50_000))
    assert [(i.source, i.error_kind) for i in items] == [(str(z), "archive_limit"), (str(t), "archive_limit")]
    items = collect_items([z], limits=Limits(max_member_bytes=1_000_000))
    assert [i.error_kind for i in items] == [None] * 5 + ["archive_limit"]
    assert items[-1].member == "bomb.txt" and "over the cap" in (items[-1].error or "")


def test_reading_stops_past_the_cap():
    class Endless(io.RawIOBase):
        served = 0

        def read(self, n=-1):
            self.served += n
            return b"x" * n

    src = Endless()
    with pytest.raises(archive.ArchiveLimitError):
        archive.read_capped(src, 10_000, "bomb")
    assert src.served <= 10_001


def test_lying_zip_member_is_not_read_past_its_declared_size(tmp_path):
    """A zip bomb that declares a small size: the check passes, reading stops at the cap."""
    z = tmp_path / "liar.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", b"\0" * 2_000_000)
    raw = bytearray(z.read_bytes())
    lh = raw.find(b"PK\x03\x04")
    raw[lh + 22 : lh + 26] = (1000).to_bytes(4, "little")  # local header: uncompressed size
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (1000).to_bytes(4, "little")  # central directory: uncompressed size
    z.write_bytes(bytes(raw))
    limits = Limits(max_member_bytes=10_000)
    (item,) = collect_items([z], limits=limits)
    assert item.error_kind is None and item.size == 1000
    with pytest.raises(vnplan.VnplanError) as e:
        item.read(limits)
    assert e.value.kind in {"archive_limit", "corrupt"}
    res = batch.convert_item(item, limits=limits)
    assert res.status == "error" and res.error_kind in {"archive_limit", "corrupt"}


def test_corrupt_archives_are_error_rows(tmp_path):
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "bad.tar.gz").write_bytes(b"\x1f\x8b\x08 truncated gzip")
    (tmp_path / "x.xyz").write_bytes(b"word")
    outdir = tmp_path / "out"
    result = run_batch([tmp_path / "bad.zip", tmp_path / "bad.tar.gz", tmp_path / "x.xyz"], outdir,
                       workers=0, quiet=True)
    assert [r["error_kind"] for r in result.rows] == ["corrupt", "corrupt", "unsupported_format"]
    assert result.exit_code == 1


# --------------------------------------------------------------------------- resume


def test_resume_skips_unchanged_and_reparses_changed(tmp_path):
    folder = make_folder(tmp_path / "docs")
    outdir = tmp_path / "out"
    first = run_batch([folder], outdir, workers=1, quiet=True)
    assert first.ok == 5 and first.failed == 4
    snap = outputs(outdir)

    second = run_batch([folder], outdir, workers=1, quiet=True, resume=True)
    assert second.skipped == 5 and second.ok == 5 and second.failed == 4
    assert outputs(outdir) == snap
    assert all(r["skipped"] for r in read_manifest(outdir) if r["status"] == "ok")

    changed = folder / "sub" / CORPUS[4].name
    changed.write_text("\n" + changed.read_text(encoding="utf-8"), encoding="utf-8")
    (outdir / CORPUS[0].name.replace(".txt", ".json")).unlink()  # a lost output is rebuilt
    third = run_batch([folder], outdir, workers=0, quiet=True, resume=True)
    assert third.skipped == 3 and third.ok == 5
    rows = {Path(r["source"]).name: r for r in read_manifest(outdir)}
    assert rows[changed.name]["skipped"] is False and rows[CORPUS[0].name]["skipped"] is False
    out = outdir / "sub" / changed.name.replace(".txt", ".json")
    assert out.read_text(encoding="utf-8") == expected_json(str(changed))
    assert (outdir / CORPUS[0].name.replace(".txt", ".json")).read_bytes() == snap[CORPUS[0].name.replace(".txt", ".json")]

    # a tampered output is not trusted
    (outdir / CORPUS[1].name.replace(".txt", ".json")).write_text("{}", encoding="utf-8")
    fourth = run_batch([folder], outdir, workers=0, quiet=True, resume=True)
    assert fourth.skipped == 4
    assert outputs(outdir)[CORPUS[1].name.replace(".txt", ".json")] == snap[CORPUS[1].name.replace(".txt", ".json")]


def test_resume_jsonl(tmp_path, inputs):
    _, _, zpath, tpath = inputs
    outdir = tmp_path / "out"
    first = run_batch([zpath, tpath], outdir, workers=0, fmt="jsonl", quiet=True)
    lines = (outdir / "plans.jsonl").read_bytes().splitlines(keepends=True)
    assert len(lines) == first.ok == 10
    rows = [r for r in read_manifest(outdir) if r["status"] == "ok"]
    assert [r["line"] for r in rows] == list(range(10))
    for r in rows:
        member_bytes = zipfile.ZipFile(zpath).read(r["member"]) if r["source"] == str(zpath) else (
            tarfile.open(tpath).extractfile(r["member"]).read())
        plan = vnplan.parse_bytes(member_bytes, "txt", r["source"], r["member"])
        assert lines[r["line"]] == (plan.to_json(indent=None) + "\n").encode("utf-8")
    again = run_batch([zpath, tpath], outdir, workers=0, fmt="jsonl", quiet=True, resume=True)
    assert again.skipped == 10
    assert (outdir / "plans.jsonl").read_bytes().splitlines(keepends=True) == lines


# --------------------------------------------------------------------------- determinism


def test_outputs_identical_with_one_and_two_workers(tmp_path, inputs, converted):
    base, folder, zpath, tpath = inputs
    _, out2, _, _ = converted
    out1 = tmp_path / "out1"
    run_batch([str(folder), str(zpath), str(tpath)], out1, workers=1, quiet=True)
    assert outputs(out1) == outputs(out2)
    assert manifest_without_timing(out1) == manifest_without_timing(out2)

    j1, j2 = tmp_path / "j1", tmp_path / "j2"
    run_batch([str(folder), str(zpath), str(tpath)], j1, workers=0, fmt="jsonl", quiet=True)
    run_batch([str(folder), str(zpath), str(tpath)], j2, workers=2, fmt="jsonl", quiet=True)
    assert outputs(j1) == outputs(j2) and set(outputs(j1)) == {"plans.jsonl"}
    assert manifest_without_timing(j1) == manifest_without_timing(j2)


# --------------------------------------------------------------------------- atomicity


class Crash(BaseException):
    """Stands for the process being killed."""


def test_killed_write_leaves_no_half_file(tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "docs")
    outdir = tmp_path / "out"
    real_replace = os.replace
    calls = []

    def crashing_replace(src, dst):
        if str(dst).endswith(".json"):
            calls.append(dst)
            if len(calls) == 3:
                # the temp file is fully written; the process dies before the rename
                raise Crash()
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crashing_replace)
    with pytest.raises(Crash):
        run_batch([folder], outdir, workers=0, quiet=True)
    monkeypatch.setattr(os, "replace", real_replace)
    assert not [p for p in outdir.rglob("*") if p.name.endswith(".tmp")]
    jsons = sorted(outdir.rglob("*.json"))
    assert len(jsons) == 2 and not Path(calls[2]).exists()
    for p in jsons:
        src = next(c for c in CORPUS if c.stem == p.stem)
        rel = p.relative_to(outdir).with_suffix(".txt")
        assert p.read_text(encoding="utf-8") == expected_json(os.path.join(str(folder), *rel.parts)), src
    # the manifest written on the way out names only the finished documents
    assert [r["output"] for r in read_manifest(outdir)] == [p.relative_to(outdir).as_posix() for p in jsons]


def test_stale_temp_files_are_cleaned(tmp_path):
    folder = make_folder(tmp_path / "docs")
    outdir = tmp_path / "out"
    outdir.mkdir()
    stale = outdir / f".{CORPUS[0].stem}.json.abcd1234.tmp"
    stale.write_text('{"half": ')
    keep = outdir / "notes.tmp"
    keep.write_text("user file")
    run_batch([folder], outdir, workers=0, quiet=True)
    assert not stale.exists() and keep.exists()


# --------------------------------------------------------------------------- CLI, exit codes


def _main(argv: list[str]) -> int:
    return batch.main(argv)


def test_exit_codes(tmp_path, capsys):
    good = tmp_path / "good"
    good.mkdir()
    shutil.copyfile(CORPUS[0], good / "a.txt")
    assert _main([str(good), "-o", str(tmp_path / "o1"), "--workers", "0", "--quiet"]) == 0
    bad = make_folder(tmp_path / "mixed")
    assert _main([str(bad), "-o", str(tmp_path / "o2"), "--workers", "0"]) == 1
    err = capsys.readouterr().err
    assert "5 ok, 4 failed" in err and "slowest:" in err and "empty" in err
    assert "by kind: ok 5, " in err and "unsupported_format" in err and "start-up" in err

    assert _main([str(tmp_path / "missing"), "-o", str(tmp_path / "o3")]) == 2
    assert "no such file" in capsys.readouterr().err
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert _main([str(good), "-o", str(afile)]) == 2
    assert _main([str(good), "-o", str(tmp_path / "o4"), "--workers", "-1"]) == 2
    assert _main([str(good), "-o", str(tmp_path / "o5"), "--scheduler", "tcp://x:1"]) == 2
    with pytest.raises(SystemExit) as e:
        _main([str(good)])  # -o is required
    assert e.value.code == 2
    assert not (tmp_path / "o3").exists()
    with pytest.raises(BatchUsageError):
        run_batch([], tmp_path / "o6")


def test_cli_is_wired(tmp_path):
    from vnplan.cli import main

    good = tmp_path / "good"
    good.mkdir()
    shutil.copyfile(CORPUS[0], good / "a.txt")
    assert main(["batch", str(good), "-o", str(tmp_path / "o"), "--workers", "0", "--quiet"]) == 0
    assert main(["batch", str(tmp_path / "nope"), "-o", str(tmp_path / "o")]) == 2


def test_fail_fast(tmp_path):
    folder = make_folder(tmp_path / "docs")
    (folder / "000_bad.pdf").write_bytes(BAD_PDF)  # sorts first
    r = run_batch([folder], tmp_path / "o1", workers=0, fail_fast=True, quiet=True)
    assert r.stopped and r.exit_code == 1 and len(r.rows) == 1 and r.rows[0]["error_kind"] == "corrupt"
    assert len(read_manifest(tmp_path / "o1")) == 1
    r = run_batch([folder], tmp_path / "o2", workers=1, fail_fast=True, quiet=True)
    assert r.stopped and r.exit_code == 1 and len(r.rows) < r.total


def test_ctrl_c_keeps_finished_outputs(tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "docs")
    real_update = batch.Progress.update
    seen = []

    def update(self, row):
        real_update(self, row)
        seen.append(row)
        if len(seen) == 3:
            # what a worker stopped in the middle of an atomic write leaves behind
            (outdir / ".999_killed.json.k1ll3d_x.tmp").write_text("{", encoding="utf-8")
            raise KeyboardInterrupt

    monkeypatch.setattr(batch.Progress, "update", update)
    for workers in (0, 2):
        seen.clear()
        outdir = tmp_path / f"out{workers}"
        r = run_batch([folder], outdir, workers=workers, quiet=True)
        assert r.interrupted and r.exit_code == 130
        rows = read_manifest(outdir)
        assert 3 <= len(rows) < r.total
        for row in rows:
            if row["status"] == "ok":
                assert (outdir / row["output"]).read_text(encoding="utf-8") == expected_json(row["source"])
        assert not [p for p in outdir.rglob("*") if p.name.endswith(".tmp")]


def test_parser_bug_is_an_internal_error_row(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copyfile(CORPUS[0], folder / "a.txt")
    shutil.copyfile(CORPUS[1], folder / "b.txt")
    import vnplan.pipeline as pipeline

    real = pipeline.parse_bytes

    def buggy(data, fmt, name=None, member=None, **options):  # options: ocr=, limits=
        if name and name.endswith("a.txt"):
            raise ZeroDivisionError("division by zero")
        return real(data, fmt, name, member, **options)

    monkeypatch.setattr(pipeline, "parse_bytes", buggy)
    r = run_batch([folder], tmp_path / "out", workers=0, quiet=True)
    assert [row["status"] for row in r.rows] == ["error", "ok"]
    assert r.rows[0]["error_kind"] == "internal" and "ZeroDivisionError" in r.rows[0]["error"]


# --------------------------------------------------------------------------- Dask


def test_dask_engine_gives_the_same_outputs(tmp_path, inputs, converted):
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask.bag")
    base, folder, zpath, tpath = inputs
    _, local_out, _, _ = converted
    outdir = tmp_path / "dask"
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster:
        r = run_batch([str(folder), str(zpath), str(tpath)], outdir, engine="dask", scheduler=cluster, quiet=True)
        assert r.ok == 15 and r.failed == 13
        assert outputs(outdir) == outputs(local_out)
        assert manifest_without_timing(outdir) == manifest_without_timing(local_out)

        with distributed.Client(cluster, set_as_default=False) as client:
            bag = batch.plans_bag([str(folder), str(zpath), str(tpath)], npartitions=3, errors="skip")
            plans = client.compute(bag).result()
        assert len(plans) == 15
        assert all(isinstance(p, vnplan.Plan) for p in plans)
        first = json.loads(outputs(local_out)[CORPUS[0].stem + ".json"])
        assert plans[0].to_json(indent=2) + "\n" == outputs(local_out)[CORPUS[0].stem + ".json"].decode("utf-8")
        assert plans[0].metadata.number == first["metadata"]["number"]
