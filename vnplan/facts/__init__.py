"""Fact extractors: one module per kind of fact, run in order over a Plan's text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence

from .common import Context as Context, Draft as Draft

if TYPE_CHECKING:
    from ..models import Metadata
    from ..structure.header import Header
    from ..structure.sections import SectionTree
    from .registry import Extractor


def make_context(text: str, metadata: Metadata, header: Header, tree: SectionTree) -> Context:
    first = min((f[0] for f in tree.flat), default=header.body_start)
    closing = header.body_end if header.body_end is not None else len(text)
    return Context(
        text=text,
        tree=tree,
        body_start=header.body_start,
        first_section=max(first, header.body_start),
        body_end=closing,
        closing_start=header.closing_start,
        appendix_start=header.appendix_start,
        own_number=metadata.number,
        issuer=metadata.issuer,
        issuer_level=metadata.issuer_level,
        issuer_parent=metadata.issuer_parent,
        title=metadata.title,
    )


def extract_facts(draft: Draft, header: Header, tree: SectionTree, metadata: Metadata,
                  extractors: Optional[Sequence[Extractor]] = None) -> dict[str, list[Any]]:
    """The facts of a plan under construction, by Plan field (legal refs, quantities, targets,
    deadlines, agencies, tasks, funding), from the extractors of
    :mod:`vnplan.facts.registry` (``extractors``: that list, default
    :data:`~vnplan.facts.registry.DEFAULT_EXTRACTORS`); then the owners of targets and deadlines
    are linked (:mod:`vnplan.facts.owners`)."""
    from .registry import DEFAULT_EXTRACTORS, run_extractors

    from .owners import link_owners

    ctx = make_context(draft.text, metadata, header, tree)
    facts = run_extractors(DEFAULT_EXTRACTORS if extractors is None else extractors, draft, ctx)
    link_owners(draft.text, draft.sections, facts["targets"], facts["deadlines"], facts["tasks"],
                facts["agencies"])
    return facts
