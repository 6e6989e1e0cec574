"""Fact extractors: one module per kind of fact, run in order over a Plan's text."""

from __future__ import annotations

from .common import Context


def make_context(plan, header, tree) -> Context:
    first = min((f[0] for f in tree.flat), default=header.body_start)
    closing = header.body_end if header.body_end is not None else len(plan.text)
    return Context(
        text=plan.text,
        tree=tree,
        body_start=header.body_start,
        first_section=max(first, header.body_start),
        body_end=closing,
        closing_start=header.closing_start,
        appendix_start=header.appendix_start,
        own_number=plan.metadata.number,
        issuer=plan.metadata.issuer,
        issuer_level=plan.metadata.issuer_level,
        issuer_parent=plan.metadata.issuer_parent,
    )


def extract_facts(plan, header, tree) -> None:
    """Fill the fact lists of ``plan`` (legal refs, quantities, targets, agencies, tasks,
    deadlines, funding) from its text, header landmarks and section tree."""
    from . import agencies, deadlines, funding, tasks, targets
    from .citations import extract_legal_refs
    from .numbers import extract_quantities

    ctx = make_context(plan, header, tree)
    plan.legal_refs = extract_legal_refs(ctx)
    plan.quantities = extract_quantities(ctx)
    # order matters: targets read quantities, tasks read agencies and deadlines
    for module in (targets, deadlines, agencies, tasks, funding):
        module.extract(plan, ctx)
