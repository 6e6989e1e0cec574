"""The batch warm-up loads every lazy part of the parser once, before workers fork."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_warm_up_loads_the_segmenter_that_counts_of_open_nouns_need():
    # a worker that loaded underthesea on its first real document would pay ~0.5 s inside the
    # batch and hold its own copy instead of sharing the fork server's pages
    code = ("import sys\nfrom vnplan.batch.warmup import warm_up\n"
            "assert 'underthesea' not in sys.modules\nwarm_up()\nprint('underthesea' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_the_warm_plan_holds_a_count_of_a_noun_outside_the_unit_list():
    import vnplan
    from vnplan.batch.warmup import _WARM_PLAN

    plan = vnplan.parse_text(_WARM_PLAN)
    assert any(t.unit == "bản" and t.value == 5000 for t in plan.targets)
