"""Render the review pages with Jinja2: one self-contained HTML page per plan, and an index page.

The templates live in ``vnplan/review/templates``; CSS and JavaScript are included inline, so a
page needs no network and works from ``file://``. Autoescaping is on for every template: all
document text goes through ``{{ }}`` and is escaped; the fact cards travel as JSON through the
``tojson`` filter (which escapes ``<``, ``>``, ``&`` and quotes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from jinja2 import Environment, PackageLoader

from .. import __version__
from ..models import Plan, Section
from .cards import KINDS, card_items, plan_cards
from .layout import Item, build_tree


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment over the package templates, autoescape on."""
    env = Environment(
        loader=PackageLoader("vnplan.review", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _section_items(plan: Plan) -> list[Item]:
    items: list[Item] = []
    for s in plan.iter_sections():
        items.append(Item("section", "sec-" + s.id, s.span[0], s.span[1], block=True))
        if s.heading_span:
            kind = "heading" if s.children else "leaf_heading"  # a leaf's heading is its whole item
            items.append(Item(kind, "head-" + s.id, s.heading_span[0], s.heading_span[1]))
    return items


def _metadata_rows(plan: Plan) -> list[tuple[str, str]]:
    m = plan.metadata
    signer = ", ".join(x for x in (m.signer.authority, m.signer.title, m.signer.name) if x)
    rows = [
        ("Number", m.number or "(blank)"), ("Issuer", m.issuer), ("Level", m.issuer_level),
        ("Place", m.place), ("Date", m.issued_date.isoformat() if m.issued_date else None),
        ("Year", m.year), ("Title", m.title), ("Signer", signer),
        ("Recipients", len(m.recipients) or None), ("Source", plan.source.path),
        ("SHA-256", plan.source.sha256[:16] + "…"),
    ]
    return [(k, str(v)) for k, v in rows if v not in (None, "")]


@dataclass
class PlanCounts:
    """Number of facts of each kind in a plan (what the page highlights)."""

    counts: dict[str, int]

    @classmethod
    def of(cls, plan: Plan) -> "PlanCounts":
        """The counts of ``plan``, keyed by review kind (``target``, ``agency``, …)."""
        return cls({kind: len(getattr(plan, field)) for kind, field, _ in KINDS})


def plan_context(plan: Plan, index_href: Optional[str] = None) -> dict[str, Any]:
    """Everything ``plan.html.j2`` needs for ``plan``."""
    cards = plan_cards(plan)
    tree = build_tree(len(plan.text), _section_items(plan) + card_items(cards))
    sections: dict[str, Section] = {"sec-" + s.id: s for s in plan.iter_sections()}
    return {
        "plan": plan,
        "text": plan.text,
        "tree": tree,
        "sections": sections,
        "kinds": KINDS,
        "cards": cards,
        "facts_json": {c.uid: c.as_json() for cs in cards.values() for c in cs},
        "metadata": _metadata_rows(plan),
        "title": plan.metadata.number or plan.metadata.title or plan.source.path or "plan",
        "index_href": index_href,
        "version": __version__,
    }


def render_plan(plan: Plan, index_href: Optional[str] = None) -> str:
    """The review page of ``plan`` as one self-contained HTML document.

    ``index_href`` adds a link back to a site's index page (``vnplan review OUTDIR``).
    """
    return environment().get_template("plan.html.j2").render(**plan_context(plan, index_href))


@dataclass
class IndexRow:
    """One plan in the site's index page."""

    href: str
    number: Optional[str]
    issuer: Optional[str]
    issued_date: Optional[str]
    year: Optional[int]
    title: Optional[str]
    counts: dict[str, int]

    @classmethod
    def of(cls, plan: Plan, href: str) -> "IndexRow":
        """The index row of ``plan``, whose page is at ``href``."""
        m = plan.metadata
        return cls(href, m.number, m.issuer, m.issued_date.isoformat() if m.issued_date else None,
                   m.year, m.title, PlanCounts.of(plan).counts)


def render_index(rows: list[IndexRow], errors: list[tuple[str, str]]) -> str:
    """The index page of a review site: a sortable table of ``rows``, then the inputs that failed."""
    return environment().get_template("index.html.j2").render(
        rows=rows, errors=errors, kinds=KINDS, version=__version__
    )
