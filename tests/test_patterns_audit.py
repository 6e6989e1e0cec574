"""Pattern audit: no pattern vnplan uses backtracks catastrophically.

The patterns are discovered, not listed: every module under ``vnplan/`` is imported and its
module-level and class-level ``re``/``regex`` patterns are collected (also inside dicts, lists
and tuples), every zero-argument ``functools`` cache of the package is called so the patterns it
builds from ``vnplan/data/*.yaml`` are reached, the source is scanned for ``re.X("literal")``
calls, and the YAML values under the keys the code compiles (``compile(d["key"])``) are compiled
with the flags the code uses.

Each pattern runs ``search``, ``match`` and ``finditer`` (consumed) over 100 KB adversarial
strings — runs of spaces, tabs, dots, digits, ``|``, ``#``, ``*``, ``-``, Vietnamese letters,
newlines, their alternations, nested indentation, and runs of the pattern's own words. A single
call over one second fails the test (a linear pattern needs milliseconds: this is a guard
against catastrophic backtracking, not a speed goal). Calls run in a forked worker watched by the
parent, and ``regex`` patterns also get ``timeout=``, so a runaway pattern fails instead of
hanging CI. A pattern is reported at its first slow call and not tried further.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import multiprocessing as mp
import pkgutil
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest
import regex

import vnplan
from vnplan.datafiles import load_data

PKG = Path(vnplan.__file__).resolve().parent
SIZE = 100_000
LIMIT_S = 1.0  # one call over this fails
GUARD_S = 4.0  # the parent kills a worker silent for this long (an `re` pattern cannot time out)
_CALLS = ("search", "match", "finditer")
_RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
_MAX_WORDS = 3


@dataclass(frozen=True)
class Found:
    """One pattern and where it was found (the first place, when several share it)."""

    origin: str
    engine: str  # "re" or "regex"
    pattern: str
    flags: int

    def compiled(self) -> Any:
        """The pattern compiled by its engine."""
        return (regex if self.engine == "regex" else re).compile(self.pattern, self.flags)


def _engine(p: Any) -> Optional[str]:
    if isinstance(p, re.Pattern):
        return "re"
    if isinstance(p, regex.Pattern):
        return "regex"
    return None


def _flags(p: Any) -> int:
    """Flags as given (minus the implicit ones each engine adds to str patterns)."""
    if isinstance(p, re.Pattern):
        return p.flags & ~re.UNICODE
    return p.flags & ~(regex.UNICODE | regex.VERSION0 | regex.VERSION1)


def _walk(obj: Any, origin: str, out: dict, seen: set[int], depth: int = 0) -> None:
    """Collect patterns in ``obj`` and in the containers and vnplan objects it holds."""
    if depth > 6 or id(obj) in seen:
        return
    seen.add(id(obj))
    eng = _engine(obj)
    if eng:
        out.setdefault((eng, obj.pattern, _flags(obj)), Found(origin, eng, obj.pattern, _flags(obj)))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _walk(v, f"{origin}[{k!r}]" if isinstance(k, (str, int)) else origin, out, seen, depth + 1)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for i, v in enumerate(obj):
            _walk(v, f"{origin}[{i}]", out, seen, depth + 1)
    elif isinstance(obj, type) and obj.__module__.startswith("vnplan"):
        for k, v in vars(obj).items():
            _walk(v, f"{origin}.{k}", out, seen, depth + 1)
    elif type(obj).__module__.startswith("vnplan") and hasattr(obj, "__dict__"):
        _walk(vars(obj), origin, out, seen, depth + 1)


def _modules() -> list[Any]:
    """Every module of the package, imported (``__main__`` would run the command line)."""
    mods = [vnplan]
    for info in pkgutil.walk_packages(vnplan.__path__, "vnplan."):
        if not info.name.endswith(".__main__"):
            mods.append(importlib.import_module(info.name))
    return mods


def _cached_zero_arg(mod: Any) -> Iterator[tuple[str, Any]]:
    """(name, function) for the module's own functools caches that take no argument."""
    for name, fn in vars(mod).items():
        if not (callable(fn) and hasattr(fn, "cache_info") and getattr(fn, "__module__", "") == mod.__name__):
            continue
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            continue
        if all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
            yield name, fn


def _const_int(node: Optional[ast.expr]) -> int:
    """The value of a constant flags expression (``regex.I``, ``re.I | re.M``, ``0``)."""
    if node is None:
        return 0
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("re", "regex"):
        return int(getattr(regex if node.value.id == "regex" else re, node.attr, 0))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _const_int(node.left) | _const_int(node.right)
    return 0


def _pattern_calls() -> Iterator[tuple[str, str, ast.Call]]:
    """(file, engine, call) for every ``re.X(...)``/``regex.X(...)`` call in the package source."""
    for path in sorted(PKG.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("re", "regex")
                and node.func.attr in _RE_FUNCS
                and node.args
            ):
                yield str(path.relative_to(PKG.parent)), node.func.value.id, node


def _call_flags(call: ast.Call) -> int:
    kw = next((k.value for k in call.keywords if k.arg == "flags"), None)
    if kw is None and call.func.attr == "compile" and len(call.args) > 1:  # type: ignore[attr-defined]
        kw = call.args[1]
    return _const_int(kw)


def _source_patterns(out: dict) -> dict[str, tuple[str, int]]:
    """Literal patterns in calls go into ``out``; returns {yaml key: (engine, flags)} compiled from data."""
    yaml_keys: dict[str, tuple[str, int]] = {}
    for file, eng, call in _pattern_calls():
        first, flags = call.args[0], _call_flags(call)
        if isinstance(first, ast.Constant) and isinstance(first.value, (str, bytes)):
            flags = _flags(Found("", eng, first.value, flags).compiled())  # inline flags count too
            out.setdefault((eng, first.value, flags), Found(f"{file}:{call.lineno}", eng, first.value, flags))
        elif isinstance(first, ast.Subscript) and isinstance(first.slice, ast.Constant):
            yaml_keys[str(first.slice.value)] = (eng, flags)
    return yaml_keys


def _yaml_patterns(out: dict, keys: dict[str, tuple[str, int]]) -> int:
    """Compile the YAML strings under ``keys`` the way the code does; returns how many."""
    count = 0

    def visit(obj: Any, where: str) -> None:
        nonlocal count
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k in keys and isinstance(v, str):
                    eng, flags = keys[k]
                    flags = _flags(Found("", eng, v, flags).compiled())
                    out.setdefault((eng, v, flags), Found(f"{where}.{k}", eng, v, flags))
                    count += 1
                else:
                    visit(v, f"{where}.{k}")
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                visit(v, f"{where}[{i}]")

    for path in sorted((PKG / "data").glob("*.yaml")):
        visit(load_data(path.stem), f"data/{path.name}:")
    return count


@functools.lru_cache(maxsize=None)
def discover() -> tuple[tuple[Found, ...], int, int]:
    """Every pattern found, how many zero-argument caches were called, how many YAML patterns."""
    out: dict = {}
    seen: set[int] = set()
    called = 0
    for mod in _modules():
        for name, value in vars(mod).items():
            if isinstance(value, type) and value.__module__ != mod.__name__:
                continue
            _walk(value, f"{mod.__name__}.{name}", out, seen)
        for name, fn in _cached_zero_arg(mod):
            _walk(fn(), f"{mod.__name__}.{name}()", out, seen)
            called += 1
    n_yaml = _yaml_patterns(out, _source_patterns(out))
    found = tuple(sorted(out.values(), key=lambda f: f.origin))
    return found, called, n_yaml


_UNITS = (
    " ", "\t", " \t", "\n", " \n", ".", "1", "1.", "1. ", "12,", "|", "| ", "#", "*", "**", "-", "- ",
    "–", ":", "/", "%", "(", "a ", "a\n", "ệ", "Đ ", "I. ", "a) ", "<", "&", "_",
)


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _nested(indent: str) -> str:
    """Lines of a nested list, each indented one step more than the last, 100 KB in all."""
    lines: list[str] = []
    width = 0
    while width <= SIZE:
        lines.append(indent * len(lines) + "- mục ệ")
        width += len(lines[-1]) + 1
    return "\n".join(lines)


@functools.lru_cache(maxsize=None)
def _generic() -> tuple[tuple[str, str], ...]:
    """(name, 100 KB string): runs of each unit ending in a character nothing expects."""
    out = [(f"run of {u!r}", _fill(u) + "\x00") for u in _UNITS]
    out.append(("nested indentation", _nested("   ")))
    out.append(("nested indentation, tabs", _nested("\t")))
    return tuple(out)


_NOT_WORDS = regex.compile(r"\\[pPN]\{[^}]*\}|\\.|\(\?P?[<=]\w+[>)]|\(\?[a-zA-Z]+[:)]|\(\?<?[=!]")


def _own_words(pattern: str) -> list[str]:
    """The first few words the pattern spells out (runs of its own literals are adversarial)."""
    words: list[str] = []
    for w in regex.findall(r"\p{L}{2,}", _NOT_WORDS.sub(" ", pattern)):
        if w not in words:
            words.append(w)
    return words[:_MAX_WORDS]


def _strings(f: Found) -> Iterator[tuple[str, Any]]:
    """The adversarial inputs for one pattern (bytes for a bytes pattern)."""
    items = list(_generic())
    words = _own_words(f.pattern) if isinstance(f.pattern, str) else []
    items += [(f"run of {w + ' '!r}", _fill(w + " ") + "\x00") for w in words]
    if len(words) > 1:
        items.append(("run of its words", _fill(" ".join(words) + " ") + "\x00"))
    for name, s in items:
        yield name, (s.encode("utf-8") if isinstance(f.pattern, bytes) else s)


def _call(p: Any, call: str, s: Any, engine: str) -> None:
    """One search/match/finditer; a regex pattern stops itself soon after the limit."""
    kw = {"timeout": LIMIT_S * 1.5} if engine == "regex" else {}
    if call == "finditer":
        for _ in p.finditer(s, **kw):
            pass
    else:
        getattr(p, call)(s, **kw)


def _worker(conn: Any, items: tuple[Found, ...], start: int) -> None:
    """Run the calls from pattern ``start`` on, reporting each before and after it runs."""
    for i in range(start, len(items)):
        p = items[i].compiled()
        slow = False
        for name, s in _strings(items[i]):
            for call in _CALLS:
                conn.send(("begin", i, name, call))
                t0 = time.perf_counter()
                try:
                    _call(p, call, s, items[i].engine)
                except TimeoutError:
                    pass
                elapsed = time.perf_counter() - t0
                conn.send(("end", elapsed))
                slow = elapsed > LIMIT_S
                if slow:
                    break
            if slow:
                break
    conn.send(("finished",))


def _start(items: tuple[Found, ...], start: int) -> tuple[Any, Any]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, items, start), daemon=True)
    proc.start()
    child.close()
    return proc, parent


def audit(items: tuple[Found, ...]) -> list[str]:
    """One line per pattern with a call over the limit (a silent worker is killed and replaced)."""
    slow: list[str] = []
    proc, conn = _start(items, 0)
    current: Optional[tuple] = None
    try:
        while True:
            if not conn.poll(GUARD_S):
                i, name, call = current[1:] if current else (0, "?", "?")
                slow.append(_report(items[i], name, call, f"> {GUARD_S:.0f} s (killed)"))
                proc.kill()
                proc.join()
                proc, conn = _start(items, i + 1)
                current = None
                continue
            msg = conn.recv()
            if msg[0] == "finished":
                return slow
            if msg[0] == "begin":
                current = msg
            elif current and msg[1] > LIMIT_S:
                slow.append(_report(items[current[1]], current[2], current[3], f"{msg[1]:.1f} s"))
    finally:
        proc.kill()
        proc.join()


def _report(f: Found, name: str, call: str, took: str) -> str:
    pat = f.pattern if len(f.pattern) < 120 else f.pattern[:117] + "..."
    return f"{f.origin} ({f.engine}): {call} over {name} took {took}: {pat!r}"


def _module_level_compiles() -> Iterator[tuple[str, str]]:
    """(module, name) for every module-level ``NAME = re/regex.compile(...)`` in the source."""
    for path in sorted(PKG.rglob("*.py")):
        mod = ".".join(path.relative_to(PKG.parent).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, (ast.Assign, ast.AnnAssign))
                and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute)
                and node.value.func.attr == "compile"
            ):
                target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                if isinstance(target, ast.Name):
                    yield mod, target.id


def test_discovery_reaches_every_compile_site() -> None:
    """The walk finds each module-level compiled pattern, calls the caches, reads the YAML."""
    found, called, n_yaml = discover()
    keys = {(f.engine, f.pattern, f.flags) for f in found}
    missing = []
    for mod, name in _module_level_compiles():
        p = getattr(importlib.import_module(mod), name)
        if (_engine(p), p.pattern, _flags(p)) not in keys:
            missing.append(f"{mod}.{name}")
    assert not missing, f"patterns the audit does not reach: {missing}"
    assert called >= 5 and n_yaml >= 10, (called, n_yaml)
    assert len(found) >= 100


def test_adversarial_strings_are_100kb() -> None:
    assert all(len(s) >= SIZE for _, s in _generic())
    assert _own_words(r"(?P<day>\d{1,2}) (?:của )?tháng\s+\p{L}") == ["của", "tháng"]


def test_no_pattern_backtracks_catastrophically() -> None:
    """Every pattern, every adversarial string, search/match/finditer: each call under 1 s."""
    slow = audit(discover()[0])
    assert not slow, f"{len(slow)} pattern(s) backtrack over 100 KB:\n" + "\n".join(slow)


def test_guard_stops_a_runaway_pattern() -> None:
    """An exponential ``re`` pattern (no timeout possible) is killed and reported; the audit goes on."""
    runaway = Found("synthetic", "re", r"^(?:\s|\s)*$", 0)
    fine = Found("fine", "re", r"x", 0)
    slow = audit((runaway, fine))
    assert len(slow) == 1 and slow[0].startswith("synthetic (re): search over run of ' '"), slow
