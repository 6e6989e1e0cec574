"""``vnplan eval``: compare vnplan's output with hand-made gold files (corpus/GOLD.md).

Matching rules, per field:

* metadata — accuracy per field, exact after normalization (NFC, case and spaces folded;
  ``signer`` is the signer's name); ``title`` is fuzzy: right when the normalized similarity
  ratio is at least 0.9.
* sections — (kind, heading) pairs, headings compared case- and punctuation-folded; sections of
  kind ``other`` are not counted. Precision/recall/F1 over the multisets.
* legal_refs — symbols (typo-repaired like the parser does), as sets.
* percentages — the multiset of per-cent values (a range gives both bounds).
* targets — by value and %-or-not (multiset); comparator accuracy on the matched pairs.
* agencies — by normalized name (abbreviations expanded, case, ``các`` and a trailing locality
  folded); lead accuracy on the matched pairs.
* deadlines — a predicted deadline matches a gold one when one quote contains the other
  (case-folded), greedily in document order; kind accuracy on the matched pairs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Optional

FIELDS = ["sections", "legal_refs", "percentages", "targets", "agencies", "deadlines"]
META_FIELDS = ["number", "issuer", "issuer_level", "place", "issued_date", "year", "title", "signer", "signer_title"]


def _norm(s: Any) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).casefold()
    s = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in s)
    return " ".join(s.split())


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": p, "recall": r, "f1": f}


def _multiset(pred: list, gold: list) -> dict[str, float]:
    tp = sum((Counter(pred) & Counter(gold)).values())
    return _prf(tp, len(pred), len(gold))


def _num(v: Any) -> float:
    return round(float(v), 4)


def evaluate_doc(plan, gold: dict) -> dict[str, Any]:
    """Scores of one parsed plan against one gold annotation."""
    from .facts.agencies import merge_key
    from .facts.citations import normalize_symbol

    m = plan.metadata
    pred_meta = {
        "number": m.number,
        "issuer": m.issuer,
        "issuer_level": m.issuer_level,
        "place": m.place,
        "issued_date": m.issued_date.isoformat() if m.issued_date else None,
        "year": m.year,
        "title": m.title,
        "signer": m.signer.name,
        "signer_title": m.signer.title,
    }
    meta: dict[str, bool] = {}
    for k in META_FIELDS:
        if k not in gold.get("metadata", {}):
            continue
        g = gold["metadata"][k]
        if k == "title":
            meta[k] = difflib.SequenceMatcher(None, _norm(pred_meta[k]), _norm(g)).ratio() >= 0.9
        else:
            meta[k] = _norm(pred_meta[k]) == _norm(g)
    out: dict[str, Any] = {"metadata": meta}

    secs = [(s.kind, _norm(s.heading)) for s in plan.iter_sections() if s.kind != "other"]
    out["sections"] = _multiset(secs, [(s["kind"], _norm(s["heading"])) for s in gold.get("sections", [])])

    out["legal_refs"] = _multiset(
        list(dict.fromkeys(normalize_symbol(r.symbol) for r in plan.legal_refs)),
        list(dict.fromkeys(normalize_symbol(s) for s in gold.get("legal_refs", []))),
    )

    pct = []
    for q in plan.quantities:
        if q.unit.startswith("%"):  # "%/năm" too
            pct.append(_num(q.value))
            if q.value_max is not None:
                pct.append(_num(q.value_max))
    out["percentages"] = _multiset(pct, [_num(v) for v in gold.get("percentages", [])])

    def tkey(value, unit):
        return (_num(value), unit.startswith("%"))

    gt = list(gold.get("targets", []))
    res = _multiset([tkey(t.value, t.unit) for t in plan.targets], [tkey(t["value"], t["unit"]) for t in gt])
    right = matched = 0
    pool = list(gt)
    for t in plan.targets:
        for g in pool:
            if tkey(g["value"], g["unit"]) == tkey(t.value, t.unit):
                matched += 1
                right += g.get("comparator") == t.comparator
                pool.remove(g)
                break
    res["comparator_accuracy"] = right / matched if matched else None
    out["targets"] = res

    pa = {merge_key(a.name): a for a in plan.agencies}
    ga = {merge_key(a["name"]): a for a in gold.get("agencies", [])}
    res = _prf(len(set(pa) & set(ga)), len(pa), len(ga))
    both = set(pa) & set(ga)
    res["lead_accuracy"] = sum(pa[k].lead == bool(ga[k].get("lead")) for k in both) / len(both) if both else None
    out["agencies"] = res

    gd = list(gold.get("deadlines", []))
    used = [False] * len(gd)
    tp = kind_ok = 0
    for d in plan.deadlines:
        q = _norm(d.text)
        for i, g in enumerate(gd):
            gq = _norm(g["quote"])
            if not used[i] and q and gq and (gq in q or q in gq):
                used[i] = True
                tp += 1
                kind_ok += g.get("kind") == d.kind
                break
    res = _prf(tp, len(plan.deadlines), len(gd))
    res["kind_accuracy"] = kind_ok / tp if tp else None
    out["deadlines"] = res
    return out


def evaluate_dir(gold_dir: Path, docs_dir: Optional[Path] = None) -> dict[str, Any]:
    """Parse every document that has a gold file and score it; totals micro-averaged."""
    from .pipeline import parse_file

    gold_dir = Path(gold_dir)
    docs_dir = Path(docs_dir) if docs_dir else gold_dir.parent / "raw"
    per_doc: dict[str, Any] = {}
    totals: dict[str, list[int]] = {f: [0, 0, 0] for f in FIELDS}
    meta_tot = Counter()
    meta_n = Counter()
    extra: dict[str, list[float]] = {"comparator_accuracy": [], "lead_accuracy": [], "kind_accuracy": []}
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        name = gold.get("doc") or gf.stem + ".txt"
        path = docs_dir / name
        if not path.exists():
            cands = sorted(docs_dir.glob(gf.stem + ".*"))
            if not cands:
                per_doc[name] = {"error": f"no document {name} in {docs_dir}"}
                continue
            path = cands[0]
        plan = parse_file(path)
        res = evaluate_doc(plan, gold)
        per_doc[name] = res
        for k, ok in res["metadata"].items():
            meta_tot[k] += ok
            meta_n[k] += 1
        for f in FIELDS:
            r = res[f]
            totals[f][0] += r["tp"]
            totals[f][1] += r["pred"]
            totals[f][2] += r["gold"]
            for x in extra:
                if r.get(x) is not None:
                    extra[x].append(r[x])
    overall: dict[str, Any] = {f: _prf(*totals[f]) for f in FIELDS}
    overall["metadata"] = {k: meta_tot[k] / meta_n[k] for k in meta_n}
    for x, vals in extra.items():
        overall[x] = sum(vals) / len(vals) if vals else None
    return {"documents": per_doc, "overall": overall}


def format_report(result: dict[str, Any]) -> str:
    lines = []
    head = f"{'document':<28} " + " ".join(f"{f[:11]:>11}" for f in FIELDS) + "   metadata"
    lines.append("F1 per field")
    lines.append(head)
    for name, r in result["documents"].items():
        if "error" in r:
            lines.append(f"{name:<28} {r['error']}")
            continue
        meta = r["metadata"]
        macc = sum(meta.values()) / len(meta) if meta else 1.0
        lines.append(f"{name[:28]:<28} " + " ".join(f"{r[f]['f1']:>11.3f}" for f in FIELDS) + f"   {macc:.3f}")
    o = result["overall"]
    lines.append("")
    lines.append(f"{'overall':<14} {'precision':>9} {'recall':>7} {'f1':>6}   (tp/pred/gold)")
    for f in FIELDS:
        r = o[f]
        lines.append(f"{f:<14} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f}   ({r['tp']}/{r['pred']}/{r['gold']})")
    lines.append("metadata accuracy: " + ", ".join(f"{k} {v:.2f}" for k, v in o["metadata"].items()))
    acc = [f"{k} {o[k]:.3f}" for k in ("comparator_accuracy", "lead_accuracy", "kind_accuracy") if o.get(k) is not None]
    lines.append("on matches: " + ", ".join(acc))
    return "\n".join(lines)


def _cmd(args: argparse.Namespace) -> int:
    from .errors import VnplanError

    gold = Path(args.gold_dir)
    if not gold.is_dir():
        print(f"vnplan: {gold}: not a folder of gold files", file=sys.stderr)
        return 2
    try:
        result = evaluate_dir(gold, Path(args.docs) if args.docs else None)
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


def register(sub) -> None:
    p = sub.add_parser(
        "eval",
        help="score vnplan against gold annotations (precision, recall, F1 per field)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of gold JSON files (corpus/GOLD.md)")
    p.add_argument("--docs", metavar="DIR", help="folder of the documents (default: raw/ beside GOLD_DIR)")
    p.add_argument("--json", metavar="FILE", help="also write the full scores as JSON")
    p.add_argument("--min-f1", type=float, metavar="X", help="exit 1 when any field's overall F1 is below X")
    p.set_defaults(func=_cmd)
