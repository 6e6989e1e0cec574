"""Peak memory and time of hostile inputs under the input caps (``vnplan.Limits``).

Each case runs in a fresh interpreter (``python benchmarks/limits.py --case NAME``), which
parses the input as a batch worker would (parse, then ``to_json``) and reports its own peak RSS
(``resource.getrusage``, which includes the interpreter, spaCy and the word lists: ≈ 180 MB
once spaCy is loaded) and its time. The goal is a peak of at most 300 MB per worker for any
input under the caps. Run: ``python benchmarks/limits.py`` (about two minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional, Union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL_MB = 300


def _head() -> str:
    text = (ROOT / "corpus" / "raw" / "002_1cf771e150738f55.txt").read_text(encoding="utf-8")
    return text[: text.index("PHẦN 1")] + "I. NHIỆM VỤ VÀ GIẢI PHÁP\n"


def _nested(size: int = 1_000_000) -> str:
    lines: list[str] = []
    width = 0
    while width < size:
        lines.append(" " * (3 * len(lines)) + "- mục lục")
        width += len(lines[-1]) + 1
    return _head() + "\n".join(lines)


def _bullets(n: int, item: str = "- Nhiệm vụ {i}: Sở Tài chính chủ trì") -> str:
    return _head() + "\n".join(item.format(i=i) for i in range(n))


_DENSE = "a) Sở Tài chính chủ trì, phối hợp Ủy ban nhân dân cấp huyện thực hiện đạt 95% trước ngày 10/12/2025 ({i})"


def _table(rows: int) -> str:
    header = "STT\tNội dung\tCơ quan chủ trì\tPhối hợp\tThời gian\tKinh phí\tGhi chú\tKết quả\tTỷ lệ"
    body = (f"{i}\tNhiệm vụ {i}\tSở Tài chính\tSở Nội vụ\t2025\t{i}.000\t-\tBáo cáo\t{i % 100}%" for i in range(1, rows))
    return _head() + header + "\n" + "\n".join(body)


def _upto(chars: int, item: str) -> str:
    """Lines of ``item`` up to ``chars`` characters in all."""
    out, n, i = [_head()], len(_head()), 0
    while n + len(item) + 12 < chars:
        out.append(item.format(i=i) + "\n")
        n += len(out[-1])
        i += 1
    return "".join(out)


def _pdf(pages: int) -> Path:
    """A PDF of ``pages`` pages of plan text (Be Vietnam Pro, as the test fixtures)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import make_fixtures  # type: ignore
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    make_fixtures._register_fonts()
    out = Path("/tmp") / f"vnplan-bench-{pages}-pages.pdf"
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    for k in range(pages):
        c.setFont("BVP", 11)
        lines = _head().split("\n")[:6] if k == 0 else []
        lines += [f"{k}.{j}. Sở Tài chính chủ trì thực hiện nhiệm vụ, hoàn thành trước ngày 10/12/2025" for j in range(45)]
        for j, line in enumerate(lines):
            c.drawString(60, 800 - 16 * j, line[:95])
        c.showPage()
    c.save()
    return out


_TWO_LINE = "- Sở Tài chính chủ trì đạt 95% trước ngày 10/12/2025; Sở Nội vụ phối hợp trước ngày 15/11/2025 ({i})"
_LONG = ("Sở Tài chính chủ trì, đạt 95% trước ngày 10/12/2025; " * 2000)[:99_000]

# name: (description, builder (text, or a Path to parse as a file), Limits overrides or None)
CASES: dict[str, tuple[str, Callable[[], Union[str, Path]], Optional[dict]]] = {
    "normal": ("a corpus plan", lambda: (ROOT / "corpus/raw/002_1cf771e150738f55.txt").read_text(encoding="utf-8"), None),
    "nested": ("nested-indentation Markdown, 1 MB", _nested, None),
    "nested-raised": ("the same, max_depth raised", _nested, {"max_depth": 10**9, "max_chars": 10**9}),
    "bullets-100k": ("100,000 bullets", lambda: _bullets(100_000), None),
    "bullets-100k-raised": ("the same, caps raised", lambda: _bullets(100_000), {"max_lines": 10**9, "max_chars": 10**9}),
    "text-50mb": ("50 MB of plan text", lambda: (_bullets(2_000) * 700)[:50_000_000], None),
    "dense-at-cap": ("1 MB of fact-dense lines", lambda: _upto(999_000, _DENSE), None),
    "two-facts-at-cap": ("1 MB of lines with two deadlines each", lambda: _upto(999_000, _TWO_LINE), None),
    "short-lines-at-cap": ("19,990 one-item sections", lambda: _bullets(19_990, "a) Nhiệm vụ {i}"), None),
    "table-at-cap": ("a 9-column table of 5,500 rows (49,500 cells)", lambda: _table(5_500), None),
    "long-lines-at-cap": ("9 lines of 99,000 characters", lambda: _head() + "\n".join([_LONG] * 9), None),
    "pdf-300-pages": ("a PDF of 300 pages", lambda: _pdf(300), None),
}


def run_case(name: str) -> dict:
    """Parse one case in this process; its time, peak RSS and outcome."""
    import vnplan

    desc, build, over = CASES[name]
    source = build()
    limits = vnplan.Limits(**over) if over else None
    vnplan.parse_text(str(CASES["normal"][1]()))  # load spaCy and the data first, as a warm worker has
    t0 = time.perf_counter()
    try:
        if isinstance(source, Path):
            plan = vnplan.parse_file(source, limits=limits)
        else:
            plan = vnplan.parse_text(source, name=f"{name}.txt", limits=limits)
        outcome = f"parsed: {len(plan.sections)} sections, {len(plan.deadlines)} deadlines"
        plan.to_json()
    except vnplan.VnplanError as e:
        outcome = f"{type(e).__name__} ({getattr(e, 'cap', '') or e.kind})"
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = source.stat().st_size if isinstance(source, Path) else len(source)
    return {"case": name, "input": desc, "chars": size, "seconds": round(seconds, 2), "peak_mb": round(rss), "outcome": outcome}


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", choices=sorted(CASES), help="run one case in this process (JSON out)")
    args = ap.parse_args(argv)
    if args.case:
        print(json.dumps(run_case(args.case), ensure_ascii=False))
        return 0
    print(f"| input | size (chars, or bytes of a file) | outcome | time | peak RSS | ≤ {GOAL_MB} MB |\n|---|---:|---|---:|---:|---|")
    worst = 0
    for name in CASES:
        out = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        worst = max(worst, r["peak_mb"])
        ok = "pass" if r["peak_mb"] <= GOAL_MB else "**FAIL**"
        print(f"| {r['input']} | {r['chars']:,} | {r['outcome']} | {r['seconds']:.1f} s | {r['peak_mb']} MB | {ok} |", flush=True)
    print(f"\nworst peak: {worst} MB (goal ≤ {GOAL_MB} MB per worker)")
    return 0 if worst <= GOAL_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
