"""The package type-checks under ``mypy --strict`` (it ships ``py.typed``): every public
function and model is typed as users' own type checkers will see it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_is_clean() -> None:
    assert (ROOT / "vnplan" / "py.typed").exists()
    cache = ROOT / ".mypy_cache"
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "vnplan"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "Success: no issues found" in run.stdout


def test_a_user_script_type_checks_against_the_public_api(tmp_path: Path) -> None:
    script = tmp_path / "use_vnplan.py"
    script.write_text(
        "import vnplan\n"
        "from vnplan.facts.registry import without\n"
        "plan: vnplan.Plan = vnplan.parse_text('KẾ HOẠCH', extractors=without('funding'))\n"
        "number: str | None = plan.metadata.number\n"
        "owners: list[str] = [o for t in plan.targets for o in t.owners]\n"
        "offset: int | None = plan.source_offset(0)\n"
        "wrong: int = plan.metadata.title\n",  # a str | None is not an int: mypy must say so
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(ROOT / ".mypy_cache"),
                          str(script)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    errors = [ln for ln in run.stdout.splitlines() if ": error:" in ln]
    assert len(errors) == 1 and "use_vnplan.py:7:" in errors[0], run.stdout
