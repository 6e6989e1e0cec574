"""Fact extractors: one module per kind of fact, run in order over a Plan's text."""

from __future__ import annotations


def extract_facts(plan, header, tree) -> None:
    """Fill the fact lists of ``plan`` (legal refs, quantities, targets, agencies, tasks,
    deadlines, funding) from its text, header landmarks and section tree."""
    return None
