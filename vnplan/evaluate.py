"""``vnplan eval``: compare vnplan's output with hand-made gold files (corpus/GOLD.md).

Two matchers. Neither uses the extractor's own normalizers (its agency aliases, its repairs of
legal symbols): a value printed differently from the gold file is a miss. Every gold item
matches at most one prediction, so a predicted duplicate is a false positive.

lenient (the default) — strings are *folded*: NFC, case folded, every character that is not a
letter or a digit read as a space, runs of spaces collapsed.

* metadata: accuracy per field, folded values equal; ``title`` is right when the folded
  similarity ratio is at least 0.9; ``signer`` is the signer's name.
* sections: (kind, folded heading) pairs; sections of kind ``other`` are not counted.
* legal_refs: folded symbols (``1899/QĐ-TTG`` matches ``1899/QĐ-TTg``).
* percentages: per-cent values (a range gives both bounds).
* targets: (value, per-cent or not); comparator accuracy on the matched pairs.
* agencies: folded names, a leading group word (``các``, ``những``: data/eval.yaml) dropped;
  lead accuracy on the matched pairs.
* deadlines: one folded quote contains the other, greedily in document order; kind accuracy on
  the matched pairs.

strict (``--strict``) — exact strings: NFC, runs of white space read as one space, nothing else.

* metadata: every field exact, ``title`` included.
* sections: kind and heading exact.  legal_refs: symbols exact.  percentages: as lenient.
* targets: the target's text is the gold quote, and value, value_max, unit and comparator equal.
* agencies: names exact.  deadlines: quotes exact.

Scores are precision, recall and F1 per field, per plan and micro-averaged over the plans.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import unicodedata
from collections import defaultdict, deque
from pathlib import Path
from typing import Any, Callable, Hashable, Literal, Optional, Sequence

from .datafiles import load_data

META_FIELDS = ["number", "issuer", "issuer_level", "place", "issued_date", "year", "title", "signer", "signer_title"]
ACCURACIES = {"targets": "comparator_accuracy", "agencies": "lead_accuracy", "deadlines": "kind_accuracy"}
Mode = Literal["lenient", "strict"]
MODES: tuple[Mode, ...] = ("lenient", "strict")


def fold(s: Any) -> str:
    """The lenient form of a string: NFC, case folded, non-alphanumerics as spaces, spaces collapsed."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in s).split())


def exact(s: Any) -> str:
    """The strict form of a string: NFC with runs of white space read as one space."""
    return "" if s is None else " ".join(unicodedata.normalize("NFC", str(s)).split())


def _agency_fold(name: str) -> str:
    words = fold(name).split()
    if words and words[0] in load_data("eval")["agency_leading_words"]:
        words = words[1:]
    return " ".join(words)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": p, "recall": r, "f1": f}


def match_pairs(pred: Sequence[Hashable], gold: Sequence[Hashable],
                same: Optional[Callable[[Any, Any], bool]] = None) -> list[tuple[int, int]]:
    """One-to-one matches ``(pred index, gold index)``: predictions in order, each takes the first
    free gold item equal to it (or ``same`` as it); a gold item is used once."""
    j: Optional[int]  # a gold index; None when no free gold item matches
    if same is None:
        free: dict[Hashable, deque[int]] = defaultdict(deque)
        for j, g in enumerate(gold):
            free[g].append(j)
        return [(i, free[p].popleft()) for i, p in enumerate(pred) if free.get(p)]
    used = [False] * len(gold)
    out = []
    for i, p in enumerate(pred):
        j = next((j for j, g in enumerate(gold) if not used[j] and same(p, g)), None)
        if j is not None:
            used[j] = True
            out.append((i, j))
    return out


def _num(v: Any) -> Optional[float]:
    return None if v is None else round(float(v), 4)


def _metadata(plan: Any, gold: dict[str, Any], mode: Mode) -> dict[str, bool]:
    m = plan.metadata
    pred = {
        "number": m.number, "issuer": m.issuer, "issuer_level": m.issuer_level, "place": m.place,
        "issued_date": m.issued_date.isoformat() if m.issued_date else None, "year": m.year,
        "title": m.title, "signer": m.signer.name, "signer_title": m.signer.title,
    }
    out: dict[str, bool] = {}
    for k in META_FIELDS:
        if k not in gold.get("metadata", {}):
            continue
        g = gold["metadata"][k]
        if mode == "strict":
            out[k] = exact(pred[k]) == exact(g)
        elif k == "title":
            out[k] = difflib.SequenceMatcher(None, fold(pred[k]), fold(g)).ratio() >= 0.9
        else:
            out[k] = fold(pred[k]) == fold(g)
    return out


def _sections(plan: Any, gold: dict[str, Any], mode: Mode) -> dict[str, Any]:
    key = exact if mode == "strict" else fold
    pred = [(s.kind, key(s.heading)) for s in plan.iter_sections() if s.kind != "other"]
    gl = [(s["kind"], key(s["heading"])) for s in gold.get("sections", [])]
    return _prf(len(match_pairs(pred, gl)), len(pred), len(gl))


def _legal_refs(plan: Any, gold: dict[str, Any], mode: Mode) -> dict[str, Any]:
    key = exact if mode == "strict" else fold
    pred = [key(r.symbol) for r in plan.legal_refs]
    gl = [key(s) for s in gold.get("legal_refs", [])]
    return _prf(len(match_pairs(pred, gl)), len(pred), len(gl))


def _percentages(plan: Any, gold: dict[str, Any], mode: Mode) -> dict[str, Any]:
    pred = []
    for q in plan.quantities:
        if q.unit.startswith("%"):  # "%/năm" too
            pred += [_num(q.value)] + ([_num(q.value_max)] if q.value_max is not None else [])
    gl = [_num(v) for v in gold.get("percentages", [])]
    return _prf(len(match_pairs(pred, gl)), len(pred), len(gl))


def _targets(plan: Any, gold: dict[str, Any], mode: Mode) -> dict[str, Any]:
    gt = list(gold.get("targets", []))
    pred: list[tuple[Any, ...]]
    gl: list[tuple[Any, ...]]
    if mode == "strict":
        pred = [(exact(t.text), _num(t.value), _num(t.value_max), t.unit, t.comparator) for t in plan.targets]
        gl = [(exact(g.get("quote")), _num(g["value"]), _num(g.get("value_max")), g["unit"], g.get("comparator", "eq"))
              for g in gt]
    else:
        pred = [(_num(t.value), t.unit.startswith("%")) for t in plan.targets]
        gl = [(_num(g["value"]), g["unit"].startswith("%")) for g in gt]
    pairs = match_pairs(pred, gl)
    res = _prf(len(pairs), len(pred), len(gl))
    res["comparator_accuracy"] = _share(plan.targets[i].comparator == gt[j].get("comparator", "eq") for i, j in pairs)
    return res


def _agencies(plan: Any, gold: dict[str, Any], mode: Mode) -> dict[str, Any]:
    key = exact if mode == "strict" else _agency_fold
    ga = gold.get("agencies", [])
    pairs = match_pairs([key(a.name) for a in plan.agencies], [key(g["name"]) for g in ga])
    res = _prf(len(pairs), len(plan.agencies), len(ga))
    res["lead_accuracy"] = _share(plan.agencies[i].lead == bool(ga[j].get("lead")) for i, j in pairs)
    return res


def _contains(a: str, b: str) -> bool:
    return bool(a and b) and (a in b or b in a)


def _deadlines(plan: Any, gold: dict[str, Any], mode: Mode) -> dict[str, Any]:
    gd = gold.get("deadlines", [])
    if mode == "strict":
        pairs = match_pairs([exact(d.text) for d in plan.deadlines], [exact(g["quote"]) for g in gd])
    else:
        pairs = match_pairs([fold(d.text) for d in plan.deadlines], [fold(g["quote"]) for g in gd], _contains)
    res = _prf(len(pairs), len(plan.deadlines), len(gd))
    res["kind_accuracy"] = _share(plan.deadlines[i].kind == gd[j].get("kind") for i, j in pairs)
    return res


def _share(oks: Any) -> Optional[float]:
    oks = list(oks)
    return sum(oks) / len(oks) if oks else None


_SCORERS: dict[str, Callable[[Any, dict[str, Any], Mode], dict[str, Any]]] = {
    "sections": _sections, "legal_refs": _legal_refs, "percentages": _percentages,
    "targets": _targets, "agencies": _agencies, "deadlines": _deadlines,
}
FIELDS = list(_SCORERS)  # the scored fact lists, in report order


def evaluate_doc(plan: Any, gold: dict[str, Any], mode: Mode = "lenient") -> dict[str, Any]:
    """Scores of one parsed plan against one gold annotation (``mode``: ``lenient`` or ``strict``)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    out: dict[str, Any] = {"metadata": _metadata(plan, gold, mode)}
    for field, score in _SCORERS.items():
        out[field] = score(plan, gold, mode)
    return out


def _gold_document(gf: Path, name: str, docs_dir: Path) -> Optional[Path]:
    path = docs_dir / name
    if path.exists():
        return path
    cands = sorted(docs_dir.glob(gf.stem + ".*"))
    return cands[0] if cands else None


def evaluate_dir(gold_dir: Path, docs_dir: Optional[Path] = None, mode: Mode = "lenient") -> dict[str, Any]:
    """Parse every document that has a gold file and score it; totals micro-averaged."""
    from .pipeline import parse_file

    gold_dir = Path(gold_dir)
    docs_dir = Path(docs_dir) if docs_dir else gold_dir.parent / "raw"
    per_doc: dict[str, Any] = {}
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        name = gold.get("doc") or gf.stem + ".txt"
        path = _gold_document(gf, name, docs_dir)
        if path is None:
            per_doc[name] = {"error": f"no document {name} in {docs_dir}"}
            continue
        per_doc[name] = evaluate_doc(parse_file(path), gold, mode)
    return {"mode": mode, "documents": per_doc, "overall": _overall(per_doc)}


def _overall(per_doc: dict[str, Any]) -> dict[str, Any]:
    docs = [r for r in per_doc.values() if "error" not in r]
    overall: dict[str, Any] = {}
    for f in FIELDS:
        overall[f] = _prf(*(sum(r[f][k] for r in docs) for k in ("tp", "pred", "gold")))
    meta: dict[str, list[bool]] = defaultdict(list)
    for r in docs:
        for k, ok in r["metadata"].items():
            meta[k].append(ok)
    overall["metadata"] = {k: sum(v) / len(v) for k, v in meta.items()}
    for f, acc in ACCURACIES.items():  # micro: right answers over all matched pairs
        scored = [(r[f][acc], r[f]["tp"]) for r in docs if r[f].get(acc) is not None]
        n = sum(tp for _, tp in scored)
        overall[acc] = sum(a * tp for a, tp in scored) / n if n else None
    return overall


def format_report(result: dict[str, Any]) -> str:
    """The scores as text: precision/recall per plan and field, then the totals."""
    lines = [f"matcher: {result.get('mode', 'lenient')}", "precision/recall per plan"]
    lines.append(f"{'document':<28} " + " ".join(f"{f[:11]:>11}" for f in FIELDS) + "  metadata")
    for name, r in result["documents"].items():
        if "error" in r:
            lines.append(f"{name[:28]:<28} {r['error']}")
            continue
        meta = r["metadata"]
        macc = sum(meta.values()) / len(meta) if meta else 1.0
        cells = " ".join(f"{r[f]['precision']:>6.2f}/{r[f]['recall']:.2f}"[-11:].rjust(11) for f in FIELDS)
        lines.append(f"{name[:28]:<28} {cells}  {macc:8.2f}")
    o = result["overall"]
    lines += ["", f"{'overall':<14} {'precision':>9} {'recall':>7} {'f1':>6}   (tp/pred/gold)"]
    for f in FIELDS:
        r = o[f]
        lines.append(f"{f:<14} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f}   ({r['tp']}/{r['pred']}/{r['gold']})")
    lines.append("metadata accuracy: " + ", ".join(f"{k} {v:.2f}" for k, v in o["metadata"].items()))
    acc = [f"{k} {o[k]:.3f}" for k in ACCURACIES.values() if o.get(k) is not None]
    lines.append("on matches: " + ", ".join(acc))
    return "\n".join(lines)


def _cmd(args: argparse.Namespace) -> int:
    from .errors import VnplanError

    gold = Path(args.gold_dir)
    if not gold.is_dir():
        print(f"vnplan: {gold}: not a folder of gold files", file=sys.stderr)
        return 2
    try:
        result = evaluate_dir(gold, Path(args.docs) if args.docs else None, "strict" if args.strict else "lenient")
    except VnplanError as e:
        print(f"vnplan: {e}", file=sys.stderr)
        return 1
    print(format_report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    if args.min_f1 is not None:
        worst = min(result["overall"][f]["f1"] for f in FIELDS)
        if worst < args.min_f1:
            print(f"vnplan: lowest field F1 {worst:.3f} is below --min-f1 {args.min_f1}", file=sys.stderr)
            return 1
    return 0


def register(sub: Any) -> None:
    """Add the ``eval`` subcommand to the CLI's subparsers."""
    p = sub.add_parser(
        "eval",
        help="score vnplan against gold annotations (precision, recall, F1 per field and plan)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of gold JSON files (corpus/GOLD.md)")
    p.add_argument("--docs", metavar="DIR", help="folder of the documents (default: raw/ beside GOLD_DIR)")
    p.add_argument("--strict", action="store_true", help="match exact strings (see above); default: lenient")
    p.add_argument("--json", metavar="FILE", help="also write the full scores as JSON")
    p.add_argument("--min-f1", type=float, metavar="X", help="exit 1 when any field's overall F1 is below X")
    p.set_defaults(func=_cmd)
