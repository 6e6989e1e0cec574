"""Index 1,000 plans (copies of the corpus outputs) into a fresh SQLite database; print seconds.

    python benchmarks/index_bench.py [--plans 1000] [--keep DIR]

The corpus plans are parsed once, then written out as N Plan JSON files whose source sha256 is
made unique per copy (otherwise the index would skip them as already indexed). The timed part
is ``vnplan.index.build_index`` over that folder: reading and validating each JSON, the rows,
the RRULE expansion and FTS5. A second, incremental run over the same folder (every plan
skipped) is timed too. Not part of the tests: speed is measured here, never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_copies(n: int, outdir: Path) -> int:
    """Write ``n`` Plan JSON files to ``outdir`` cycling through the corpus; total bytes."""
    import vnplan

    plans = [vnplan.parse_file(f) for f in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
    total = 0
    for i in range(n):
        plan = plans[i % len(plans)]
        sha = hashlib.sha256(f"{plan.source.sha256}:{i}".encode()).hexdigest()
        copy = plan.model_copy(update={"source": plan.source.model_copy(update={"sha256": sha})})
        data = copy.to_json(indent=None)
        (outdir / f"{i:05d}.json").write_text(data, encoding="utf-8")
        total += len(data.encode())
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    args = ap.parse_args()
    from vnplan.index import build_index

    work = Path(args.keep or tempfile.mkdtemp(prefix="vnplan-index-bench-"))
    out, db = work / "out", work / "plans.db"
    out.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    size = make_copies(args.plans, out)
    t0 = time.perf_counter()
    first = build_index(out, db)
    t1 = time.perf_counter()
    again = build_index(out, db)
    t2 = time.perf_counter()
    print(f"{first.added} plans ({size / 1e6:.1f} MB of JSON) indexed in {t1 - t0:.2f} s "
          f"({first.added / (t1 - t0):.0f} plans/s); database {db.stat().st_size / 1e6:.1f} MB")
    print(f"re-index (all {again.skipped} skipped): {t2 - t1:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
