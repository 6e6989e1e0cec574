"""Swap one fact extractor for your own, and drop another: the registry of vnplan.facts.registry.

    python examples/custom_extractor.py corpus/raw/003_1a37aa9cdf3894bb.txt

Here the funding extractor is replaced by one that also records every "tỷ đồng" amount of the
kinh phí part (a team that tracks budgets might want that), and the legal references are not
extracted at all. An extractor gets the plan under construction (text, sections, tables, and
the facts it declares in ``reads``) and the parse context, and returns its facts.
"""

from __future__ import annotations

import sys

import vnplan
from vnplan.facts.registry import DEFAULT_EXTRACTORS, Extractor, replaced, without
from vnplan.models import Funding


def funding_with_amounts(draft, ctx):
    default = next(ex for ex in DEFAULT_EXTRACTORS if ex.name == "funding")
    found = default.run(draft, ctx)
    for q in draft.facts["quantities"]:
        sec = next((s for s in draft.iter_sections() if s.id == q.section), None)
        if sec is not None and sec.kind == "kinh_phi" and q.unit.startswith("tỷ đồng"):
            found.append(Funding(source=f"{q.value:g} {q.unit}", text=q.text, span=q.span, section=q.section))
    return found


def main(path: str) -> None:
    extractors = replaced(Extractor("funding", funding_with_amounts, reads=("quantities",)),
                          base=without("legal_refs"))
    plan = vnplan.parse(path, extractors=extractors)
    print(f"{plan.metadata.number}: {len(plan.legal_refs)} legal refs (not extracted)")
    for f in plan.funding:
        print(f"  {f.source!r:40}  {plan.quote(f.span)!r}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "corpus/raw/003_1a37aa9cdf3894bb.txt")
