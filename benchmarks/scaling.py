"""Scaling benchmark: is every stage of ``vnplan.parse`` linear in the size of a plan?

Usage (from the repository root, in the project's virtualenv)::

    python benchmarks/scaling.py                  # both variants, 25 KB … 1 MB
    python benchmarks/scaling.py --variant tables --sizes 25,1024
    python benchmarks/scaling.py --variant dense  # the stress variant only
    python benchmarks/scaling.py --markdown       # also print the README table

Builds plans of 25, 100, 250, 500 and 1,024 KB (UTF-8) out of the corpus, each one plan that
parses as one: the header of ``014_hatinh`` (up to its first section), then the bodies of
several corpus plans (first section up to the closing paragraph) repeated until the size is
reached, then that plan's closing paragraph, recipients and signature. Two variants:

* ``plain``: bodies only;
* ``tables``: 40 % of the bytes are bodies, 60 % the appendices of the corpus plans that have
  tables (``PHỤ LỤC`` after the signature: crawler pipe tables, one cell a line, and TAB
  rows), repeated: thousands of cells at 1 MB.

Each stage of the pipeline (see ``vnplan/pipeline.py`` and ``vnplan/facts/__init__.py``) is
timed by wrapping its function for the run (outputs unchanged; a stage's time excludes the
stages it calls), and printed in ms per KB of input for each size, with the ratio of the
largest size to the smallest. The goal (issue 11): at most 1.5× per KB for the whole parse.
A stage below 0.02 ms/KB at every size is noise and is not held to it. Python's cyclic GC runs
its full collections (over the whole heap, which grows with the plan) inside whichever stage
happens to allocate at that moment, so at 1 MB one stage or another may show 3-5× while the
whole parse does not; ``--no-gc`` measures with the collector off to tell the two apart.

Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RAW = ROOT / "corpus" / "raw"
BASE = "014_hatinh-624-giao-duc-mam-non.txt"
# short ones first, so that the smallest plan (the unit the larger ones repeat) holds several
BODIES = [
    "015_laichau-7360-luat-tieu-chuan-quy-chuan.txt",  # tasks, deadlines, funding
    "000_f5d23d8c80671bfb.txt",  # targets, quantities, tasks by agency
    "014_hatinh-624-giao-duc-mam-non.txt",  # targets
]
APPENDICES = [
    "025_nghean-980-phong-thu-dan-su.txt",  # a task table: STT, tasks, lead, partners, time
    "004_14088f7d74b7bf6d.txt",  # TAB rows with merged cells
    "016_thanhhoa-235-quan-trac-moi-truong-thuy-san.txt",  # crawler pipe tables, a cell a line
]
TABLE_SHARE = 0.6  # of the bytes of the "tables" variant, in appendices
SIZES_KB = (25, 100, 250, 500, 1024)
GOAL = 1.5
NOISE_MS_PER_KB = 0.02

# (stage, module, function): the functions the pipeline calls through their module; the
# extractors (module None) are timed through the registry list the pipeline reads
STAGES: list[tuple[str, Optional[str], str]] = [
    ("read", "vnplan.pipeline", "read_bytes"),
    ("normalize", "vnplan.normalize", "normalize"),
    ("header", "vnplan.structure.header", "extract_header"),
    ("sections", "vnplan.structure.sections", "build_sections"),
    ("tables", "vnplan.structure.tables", "find_tables"),
    ("citations", None, "legal_refs"),
    ("quantities", None, "quantities"),
    ("targets", None, "targets"),
    ("deadlines", None, "deadlines"),
    ("agencies", None, "agencies"),
    ("tasks", None, "tasks"),
    ("funding", None, "funding"),
    ("owners", "vnplan.facts.owners", "link_owners"),
    ("offset map", "vnplan.offsets", "OffsetMap.to_compact"),
]


# ------------------------------------------------------------------------------ the plans


def _landmarks(path: Path) -> tuple[str, int, int, Optional[int]]:
    """The reader's text of a corpus plan and, in it, the line starts of its first section,
    of its closing paragraph (or block) and of its first appendix."""
    import vnplan
    from vnplan.readers import read_bytes
    from vnplan.structure.header import extract_header

    doc = read_bytes(path.read_bytes(), "txt")
    plan = vnplan.parse_file(path)
    header = extract_header(plan.text)
    appendix = next((s.span[0] for s in plan.sections if s.kind == "phu_luc"), None)

    def raw(i: Optional[int]) -> Optional[int]:
        if i is None:
            return None
        return doc.text.rfind("\n", 0, plan.source_offset(i)) + 1

    first = raw(plan.sections[0].span[0])
    end = raw(header.body_end if header.body_end is not None else appendix if appendix is not None else len(plan.text))
    assert first is not None and end is not None, path
    return doc.text, first, end, raw(appendix)


def _pieces() -> tuple[str, str, list[str], list[str]]:
    """Header, closing (of the base plan), bodies and appendices of the corpus."""
    text, first, end, _ = _landmarks(RAW / BASE)
    head, closing = text[:first], text[end:]
    bodies = []
    for name in BODIES:
        t, s, e, _ = _landmarks(RAW / name)
        bodies.append(_without_residue(t[s:e]) + "\n\n")
    appendices = []
    for name in APPENDICES:
        t, _, _, a = _landmarks(RAW / name)
        assert a is not None, name
        appendices.append("\n\n" + t[a:].strip("\n") + "\n")
    return head, closing, bodies, appendices


def _fill(parts: list[str], nbytes: int) -> str:
    """Paragraphs of ``parts``, round-robin, up to about ``nbytes`` UTF-8 bytes (at least one)."""
    out: list[str] = []
    n = 0
    k = 0
    while True:
        for para in re.split(r"(?<=\n\n)", parts[k % len(parts)]):
            size = len(para.encode("utf-8"))
            if out and n + size > nbytes:
                return "".join(out)
            out.append(para)
            n += size
        k += 1


def _without_residue(body: str) -> str:
    """``body`` without its last lines of markup residue (``|``, ``* *``) before a closing."""
    lines = body.rstrip().split("\n")
    while lines and not lines[-1].strip(" \t*|"):
        lines.pop()
    return "\n".join(lines)


_DENSE_TABLE = (
    "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n"
    "1\tRà soát, xây dựng kế hoạch chi tiết\tSở Nội vụ\tỦy ban nhân dân các xã\tQuý I/2026\n"
    "2\tBáo cáo kết quả thực hiện\tSở Tài chính\tCác sở, ngành\ttrước ngày 15/12/2026\n\n"
)
_DENSE_NUMBERS = (
    "- Phấn đấu có hai mươi lăm xã đạt chuẩn, 35 trường đạt 95% và ba trăm hộ được hỗ trợ "
    "12 tỷ đồng, mười hai mô hình.\n\n"
)


def _dense(bodies: list[str]) -> list[str]:
    """The bodies with a task table after every third paragraph and numbers after each."""
    out = []
    for body in bodies:
        paras = [p for p in body.split("\n\n") if p.strip()]
        out.append("".join(p + "\n\n" + (_DENSE_TABLE if i % 3 == 0 else "") + _DENSE_NUMBERS for i, p in enumerate(paras)))
    return out


def build_plan_text(kb: int, variant: str, pieces: Optional[tuple] = None) -> str:
    """A plan of about ``kb`` KB: header, bodies, closing (and appendices).

    The bodies (and appendices) of the smallest size are the unit that every larger size
    repeats, so that each size holds the same mix of text and the same facts per KB.
    """
    head, closing, bodies, appendices = pieces or _pieces()
    fixed = len((head + closing).encode("utf-8"))
    unit = SIZES_KB[0] * 1024 - fixed
    room = max(kb * 1024 - fixed, 1)
    if variant in ("plain", "dense"):
        parts = bodies if variant == "plain" else _dense(bodies)
        return head + _fill([_fill(parts, unit)], room) + closing
    share = TABLE_SHARE
    body, appendix = _fill(bodies, int(unit * (1 - share))), _fill(appendices, int(unit * share))
    return head + _fill([body], int(room * (1 - share))) + closing.rstrip("\n") + _fill([appendix], int(room * share))


# ------------------------------------------------------------------------------ the timer


class StageTimer:
    """Exclusive time of each wrapped stage function (a stage's time excludes nested stages)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {name: 0.0 for name, _, _ in STAGES}
        self._stack: list[float] = []  # time spent in nested stages, per open call

    def wrap(self, name: str, fn: Callable) -> Callable:
        def timed(*a, **k):
            self._stack.append(0.0)
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                dt = time.perf_counter() - t0
                nested = self._stack.pop()
                self.times[name] += dt - nested
                if self._stack:
                    self._stack[-1] += dt

        return timed

    def reset(self) -> None:
        for k in self.times:
            self.times[k] = 0.0


@contextmanager
def stage_timer() -> Iterator[StageTimer]:
    """Wrap every stage function for the duration of the block."""
    from vnplan.facts import registry

    timer = StageTimer()
    saved: list[tuple[Any, str, Any]] = []
    extractor_stage = {attr: name for name, mod, attr in STAGES if mod is None}
    for name, mod, attr in STAGES:
        if mod is None:
            continue
        owner: Any = importlib.import_module(mod)
        for part in attr.split(".")[:-1]:  # a method: patch it on its class
            owner = getattr(owner, part)
        leaf = attr.split(".")[-1]
        fn = getattr(owner, leaf)
        saved.append((owner, leaf, fn))
        setattr(owner, leaf, timer.wrap(name, fn))
    saved.append((registry, "DEFAULT_EXTRACTORS", registry.DEFAULT_EXTRACTORS))
    registry.DEFAULT_EXTRACTORS = tuple(
        registry.Extractor(ex.name, timer.wrap(extractor_stage[ex.name], ex.run), ex.reads)
        for ex in registry.DEFAULT_EXTRACTORS)
    try:
        yield timer
    finally:
        for owner, leaf, fn in saved:
            setattr(owner, leaf, fn)


def measure(data: bytes, timer: StageTimer, budget: float = 3.0, most: int = 9) -> dict[str, float]:
    """Seconds per stage (the least of a few parses of ``data``, stage by stage: the machine is
    shared), ``total`` (the fastest parse) and ``other`` (what the stages leave of it)."""
    import vnplan

    limits = vnplan.Limits(max_chars=10**8, max_lines=10**7, max_table_cells=10**7)
    best: dict[str, float] = {}
    spent = 0.0
    runs = 0
    while runs < 2 or (spent < budget and runs < most):
        gc.collect()  # the garbage of the run before is not this run's time (works with GC off too)
        timer.reset()
        t0 = time.perf_counter()
        plan = vnplan.parse_bytes(data, "txt", limits=limits)
        total = time.perf_counter() - t0
        del plan  # freeing the result is not parsing either
        spent += total
        runs += 1
        for k, v in dict(timer.times, total=total).items():
            best[k] = min(best.get(k, v), v)
        if runs == 1 and total > 8:
            break  # one run of a slow (quadratic) case is enough
    best["other"] = max(0.0, best["total"] - sum(best[n] for n, _, _ in STAGES))
    return best


# ------------------------------------------------------------------------------ report


def run(variant: str, sizes: tuple[int, ...], pieces: tuple) -> dict[int, tuple[int, dict[str, float]]]:
    """Per size: the input bytes and the seconds per stage."""
    out: dict[int, tuple[int, dict[str, float]]] = {}
    with stage_timer() as timer:
        for kb in sizes:
            data = build_plan_text(kb, variant, pieces).encode("utf-8")
            out[kb] = (len(data), measure(data, timer))
            print(f"  {variant} {kb} KB: {1000 * out[kb][1]['total']:.0f} ms", file=sys.stderr)
    return out


def per_kb_table(variant: str, res: dict[int, tuple[int, dict[str, float]]]) -> str:
    """Stages × sizes in ms/KB, and the ratio of the largest size to the smallest."""
    sizes = sorted(res)
    names = [n for n, _, _ in STAGES] + ["other", "total"]
    head = ["stage"] + [f"{kb} KB" for kb in sizes] + ["largest ÷ smallest"]
    lines = [f"variant: {variant}", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in names:
        vals = [1000 * res[kb][1][name] / (res[kb][0] / 1024) for kb in sizes]
        ratio = vals[-1] / vals[0] if vals[0] > 0 else float("inf")
        small = max(vals) < NOISE_MS_PER_KB
        verdict = "(noise)" if small else ("" if ratio <= GOAL else " **over 1.5×**")
        cells = [name] + [f"{v:.3f}" for v in vals] + [f"{ratio:.2f}×{verdict}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def readme_table(results: dict[str, dict[int, tuple[int, dict[str, float]]]]) -> str:
    """Size → whole-parse ms/KB, one column per variant."""
    variants = list(results)
    sizes = sorted(next(iter(results.values())))
    lines = ["| size | " + " | ".join(f"{v}: ms/KB" for v in variants) + " |", "|---|" + "---|" * len(variants)]
    for kb in sizes:
        cells = [f"{1000 * results[v][kb][1]['total'] / (results[v][kb][0] / 1024):.2f}" for v in variants]
        lines.append(f"| {kb} KB | " + " | ".join(cells) + " |")
    ratios = []
    for v in variants:
        r = results[v]
        a, b = (1000 * r[k][1]["total"] / (r[k][0] / 1024) for k in (sizes[0], sizes[-1]))
        ratios.append(f"{b / a:.2f}×")
    lines.append(f"| {sizes[-1]} KB ÷ {sizes[0]} KB | " + " | ".join(ratios) + " |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variant", choices=("plain", "tables", "dense", "both", "all"), default="both",
                    help="both: plain and tables; all: the three")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES_KB)), help="KB, comma-separated")
    ap.add_argument("--markdown", action="store_true", help="also print the README table")
    ap.add_argument("--no-gc", action="store_true",
                    help="cyclic GC off while parsing: tells a stage's own growth from the full "
                         "collections that land in whichever stage allocates when they run")
    args = ap.parse_args(argv)
    sizes = tuple(sorted(int(s) for s in args.sizes.split(",")))
    import vnplan

    for p in sorted(RAW.glob("*.txt")):  # warm-up: lazy imports, models, caches
        vnplan.parse_file(p)
    pieces = _pieces()
    variants = {"both": ("plain", "tables"), "all": ("plain", "tables", "dense")}.get(args.variant, (args.variant,))
    if args.no_gc:
        gc.disable()
    results = {v: run(v, sizes, pieces) for v in variants}
    gc.enable()
    for v in variants:
        print(per_kb_table(v, results[v]) + "\n")
    if args.markdown:
        print(readme_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
