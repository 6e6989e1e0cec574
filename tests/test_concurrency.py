"""Parses running at the same time give the same output as one at a time (issue 13).

No module- or class-level state may hold per-document data: a cache of agency mentions per
line, kept on a class and keyed on the text object, once handed one thread's agencies to
another. Such a leak needs two texts whose lines start at the same offsets but name other
bodies, parsed in step, so besides the corpus plans these tests parse *twins*: a text and the
same text with every "Sở " written "Bộ " (every line starts where it did, the names differ).

* the 12 corpus plans, serially, then each 4 times in shuffled order in 8 threads;
* short plans made of the corpus lines that name a Sở, and their twins, in 8 threads started
  together for each plan (a barrier), at a tiny and at a coarser thread switch interval;
* the corpus and its twins as a folder through ``run_batch`` with the Dask engine on a
  threaded local cluster, against a serial ``run_batch``.

Every output must equal the serial one byte for byte. The leak is a race: on the code before
the per-parse memo, the lockstep test found it in each of 3 runs (9 to 38 of 1,920 parses wrong),
the other two tests only sometimes.
"""

from __future__ import annotations

import random
import shutil
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

import vnplan
from vnplan.batch import run_batch

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
THREADS = 8
ROUNDS = 20  # lockstep rounds over the 12 short plans: 1,920 parses per switch interval

_SHORT_HEAD = ["ỦY BAN NHÂN DÂN", "TỈNH KON TUM", "Số: 12/KH-UBND", "", "KẾ HOẠCH",
               "Phối hợp các sở, ngành năm 2024", "", "I. TỔ CHỨC THỰC HIỆN"]


def _twin(text: str) -> str:
    """The same text with other agency names at the same offsets."""
    return text.replace("Sở ", "Bộ ")


def _short_plan(text: str, lines: int = 30) -> str:
    """A small plan of the lines of ``text`` that name a Sở (after its header)."""
    body = [ln for ln in text.split("\n")[15:] if "Sở " in ln][:lines]
    return "\n".join(_SHORT_HEAD + body) + "\n"


def _corpus() -> dict[str, str]:
    """The corpus plans by file name."""
    assert len(PLANS) == 12
    return {p.name: p.read_text(encoding="utf-8") for p in PLANS}


def _as_json(texts: dict[str, str], name: str) -> str:
    """The output of one text as the batch writes it (``Plan.to_json``, indented)."""
    return vnplan.parse_text(texts[name], name=name).to_json(indent=2)


@contextmanager
def _switch_interval(seconds: float):
    """Run with the interpreter's thread switch interval set to ``seconds``."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(seconds)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def _differ(texts: dict[str, str], jobs: list[str], got: list[str], serial: dict[str, str]) -> str:
    """How many outputs differ from the serial ones, and of which texts ('' when none)."""
    wrong = [name for name, out in zip(jobs, got) if out != serial[name]]
    return f"{len(wrong)} of {len(jobs)} differ: {sorted(set(wrong))}" if wrong else ""


def test_corpus_in_threads_gives_the_serial_outputs():
    texts = _corpus()
    serial = {name: _as_json(texts, name) for name in texts}
    jobs = [name for name in texts for _ in range(4)]
    random.Random(13).shuffle(jobs)
    with _switch_interval(1e-5), ThreadPoolExecutor(THREADS) as pool:
        got = list(pool.map(lambda name: _as_json(texts, name), jobs))
    assert not _differ(texts, jobs, got, serial)


def _lockstep(texts: dict[str, str], names: list[str], rounds: int) -> tuple[list[str], list[str]]:
    """Each thread parses, plan after plan, the plan or its twin (alternating threads), all
    threads starting each plan together; returns the jobs and their outputs."""
    start = threading.Barrier(THREADS)
    done: list[list[tuple[str, str]]] = [[] for _ in range(THREADS)]

    def worker(k: int) -> None:
        for _ in range(rounds):
            for name in names:
                job = name + ("~" if k % 2 else "")
                start.wait()
                done[k].append((job, _as_json(texts, job)))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pairs = [pair for per_thread in done for pair in per_thread]
    return [job for job, _ in pairs], [out for _, out in pairs]


def test_twins_in_lockstep_threads_give_the_serial_outputs():
    texts: dict[str, str] = {}
    for name, text in _corpus().items():
        texts[name] = _short_plan(text)
        texts[name + "~"] = _twin(texts[name])
    assert texts["003_1a37aa9cdf3894bb.txt"] != texts["003_1a37aa9cdf3894bb.txt~"]
    serial = {name: _as_json(texts, name) for name in texts}
    names = sorted(n for n in texts if not n.endswith("~"))
    found = []
    for interval in (1e-6, 1e-3):  # which one shows a race best depends on the machine's load
        with _switch_interval(interval):
            jobs, got = _lockstep(texts, names, rounds=ROUNDS)
        assert len(jobs) == ROUNDS * THREADS * len(names)
        if _differ(texts, jobs, got, serial):
            found.append(f"switch interval {interval}: {_differ(texts, jobs, got, serial)}")
    assert not found, "; ".join(found)


def _outputs(outdir: Path) -> dict[str, bytes]:
    """The JSON outputs of a batch folder, by name."""
    return {p.name: p.read_bytes() for p in sorted(outdir.glob("*.json"))}


def test_dask_threads_give_the_serial_batch_outputs(tmp_path):
    distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")
    folder = tmp_path / "plans"
    folder.mkdir()
    for name, text in _corpus().items():
        for k in range(2):  # each plan and its twin twice, under other names
            (folder / f"{Path(name).stem}-{k}.txt").write_text(text, encoding="utf-8")
            (folder / f"{Path(name).stem}-twin-{k}.txt").write_text(_twin(text), encoding="utf-8")
    serial = run_batch([folder], tmp_path / "serial", workers=0, quiet=True)
    assert serial.ok == 4 * len(PLANS) and serial.failed == 0
    with _switch_interval(1e-5), distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=4, dashboard_address=None
    ) as cluster:
        threaded = run_batch([folder], tmp_path / "dask", engine="dask", scheduler=cluster, quiet=True)
    assert threaded.ok == serial.ok and threaded.failed == 0
    want, got = _outputs(tmp_path / "serial"), _outputs(tmp_path / "dask")
    assert sorted(got) == sorted(want)
    wrong = [name for name in want if got[name] != want[name]]
    assert not wrong, f"{len(wrong)} of {len(want)} Dask outputs differ from the serial batch: {wrong}"


def test_zip_members_read_in_threads_while_the_cache_evicts(tmp_path):
    """More archives than the cache of open archives holds, read in 8 threads: an evicted
    archive is not closed under a reader (which then saw a 'damaged archive member')."""
    import zipfile

    from vnplan.archive.items import DEFAULT_LIMITS
    from vnplan.archive.reading import read_zip_member

    want: dict[tuple[str, str], bytes] = {}
    for z in range(7):
        path = tmp_path / f"a{z}.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for k in range(20):
                data = f"archive {z} member {k}\n".encode() * 2000
                zf.writestr(f"m{k}.txt", data)
                want[(str(path), f"m{k}.txt")] = data
    jobs = list(want) * 3
    random.Random(7).shuffle(jobs)
    with _switch_interval(1e-5), ThreadPoolExecutor(THREADS) as pool:
        got = list(pool.map(lambda job: read_zip_member(job[0], job[1], None, DEFAULT_LIMITS), jobs))
    assert sum(g != want[job] for job, g in zip(jobs, got)) == 0


def test_a_users_pipeline_does_not_change_parsing():
    """``vnplan.nlp.get_nlp()`` hands each caller a pipeline of its own: pipes added to it, or
    a smaller ``max_length``, never reach the pipeline vnplan's extractors tokenize with."""
    import vnplan.spacy_component  # noqa: F401  (registers the "vnplan" factory)
    from vnplan.nlp import get_nlp

    name = "003_1a37aa9cdf3894bb.txt"
    texts = _corpus()
    before = _as_json(texts, name)
    mine = get_nlp()
    assert mine is not get_nlp()
    mine.add_pipe("vnplan")
    mine.max_length = 10  # a shared pipeline would make every longer line fail to tokenize
    assert _as_json(texts, name) == before


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_doc_files_convert_in_threads(tmp_path):
    """Legacy .doc files converted by LibreOffice in 3 threads at once: each thread has its own
    LibreOffice profile (one per process made all but one conversion fail as 'damaged')."""
    import docx

    import office_fixtures as of

    src = tmp_path / "plan.docx"
    document = docx.Document()
    for line in _SHORT_HEAD + ["1. Sở Tài chính chủ trì, phối hợp với Sở Nội vụ thực hiện."]:
        document.add_paragraph(line)
    document.save(src)
    path = of.convert(src, "doc", tmp_path)
    with ThreadPoolExecutor(3) as pool:
        plans = list(pool.map(lambda _: vnplan.parse_file(path), range(3)))
    assert [p.metadata.number for p in plans] == ["12/KH-UBND"] * 3
