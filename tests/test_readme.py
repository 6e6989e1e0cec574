"""The README's examples print what the code gives today (a stale example misleads users)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

import vnplan
from vnplan.export.rules import to_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(after: str, lang: str) -> str:
    start = README.index(after)
    m = re.compile(rf"```{lang}\n(.*?)```", re.S).search(README, start)
    assert m, (after, lang)
    return m.group(1)


def test_the_use_it_example_comments_are_what_the_code_returns(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # the example's paths are relative to the repository
    code = _block("## Use it", "python")
    env: dict = {"vnplan": vnplan}
    checked = 0
    for line in code.splitlines():
        stmt, _, comment = line.partition("#")
        m = re.match(r"\s*('[^']*')", comment)
        if not stmt.strip() or stmt.lstrip().startswith("print("):
            continue
        try:
            tree = ast.parse(stmt.strip(), mode="eval")
        except SyntaxError:  # an assignment or an import: run it
            exec(compile(stmt.strip(), "README", "exec"), env)
            continue
        value = eval(compile(tree, "README", "eval"), env)
        if m:
            expected = ast.literal_eval(m.group(1))
            got = value[0] if isinstance(value, list) else value
            assert got == expected, (stmt.strip(), got)
            checked += 1
    assert checked >= 4


def test_the_rules_example_is_the_first_rule_of_its_plan() -> None:
    shown = yaml.safe_load(_block("vnplan export corpus/raw/003", "yaml"))
    plan = vnplan.parse(ROOT / "corpus" / "raw" / "003_1a37aa9cdf3894bb.txt")
    doc = to_rules(plan)
    assert {k: doc["source"][k] for k in shown["source"]} == shown["source"]
    first = doc["rules"][0]
    assert {k: first[k] for k in shown["rules"][0]} == shown["rules"][0]
