"""Parse a corpus plan and print its targets.

    python examples/print_targets.py [PLAN_FILE]
"""

import sys
from pathlib import Path

import vnplan

SYMBOL = {"eq": "=", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "approx": "≈"}


def main() -> None:
    default = Path(__file__).resolve().parent.parent / "corpus" / "raw" / "003_1a37aa9cdf3894bb.txt"
    plan = vnplan.parse_file(sys.argv[1] if len(sys.argv) > 1 else default)
    print(f"{plan.metadata.number or '(no number)'} — {plan.metadata.title}")
    for t in plan.targets:
        value = f"{t.value:g}" + (f"–{t.value_max:g}" if t.value_max is not None else "")
        change = {"increase": " (tăng)", "decrease": " (giảm)"}.get(t.change, "")
        year = f" by {t.year}" if t.year else ""
        print(f"  {SYMBOL[t.comparator]} {value} {t.unit}{change}{year}: {t.subject}")


if __name__ == "__main__":
    main()
