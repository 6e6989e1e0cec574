"""What the review page shows about each fact: its highlight items and its card of fields.

Reads a :class:`~vnplan.models.Plan` and never changes it. Each fact gets a ``uid``
(``<kind>-<n>``, n its index in the Plan list); an agency is one fact highlighted at each of its
mentions. Owners of targets and deadlines come from the same helpers the exports use, so the page
and ``vnplan export`` name the same owners.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, cast

from ..export._common import SectionIndex, agency_mentions
from ..models import Agency, Deadline, LegalRef, Plan, Quantity, Span, Target, Task
from .layout import Item
from .rrule_words import rrule_words

#: (kind, Plan field, label) in the order of the legend and the panel.
KINDS: list[tuple[str, str, str]] = [
    ("task", "tasks", "Tasks"),
    ("target", "targets", "Targets"),
    ("quantity", "quantities", "Quantities"),
    ("agency", "agencies", "Agencies"),
    ("deadline", "deadlines", "Deadlines"),
    ("legal_ref", "legal_refs", "Legal references"),
]

COMPARATOR_WORDS = {
    "eq": "= (equal to)",
    "gt": "> (more than)",
    "gte": "≥ (at least)",
    "lt": "< (less than)",
    "lte": "≤ (at most)",
    "approx": "≈ (about)",
}
ROLE_WORDS = {
    "chu_tri": "chủ trì (leads)",
    "phoi_hop": "phối hợp (co-operates)",
    "tham_muu": "tham mưu (advises)",
    "thuc_hien": "thực hiện (carries out)",
    "bao_cao": "báo cáo (reports)",
}


@dataclass
class Card:
    """One fact as the page shows it: list entry, tooltip / side card fields, highlight spans."""

    uid: str
    kind: str
    title: str
    quote: str
    section: Optional[str]
    fields: list[tuple[str, str]]
    spans: list[tuple[int, int]]

    def as_json(self) -> dict[str, Any]:
        """The card as the page's JSON (tooltip and side card)."""
        return {"kind": self.kind, "title": self.title, "section": self.section,
                "fields": [list(f) for f in self.fields]}


def _num(v: Optional[float]) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _value(value: float, value_max: Optional[float], unit: str) -> str:
    rng = _num(value) + (f"–{_num(value_max)}" if value_max is not None else "")
    return f"{rng} {unit}".strip()


def _fields(pairs: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    out = []
    for k, v in pairs:
        if isinstance(v, list):
            v = "; ".join(str(x) for x in v)
        if v is not None and v != "":
            out.append((k, str(v)))
    return out


def _target(t: Target, plan: Plan, idx: SectionIndex) -> list[tuple[str, str]]:
    return _fields([
        ("comparator", COMPARATOR_WORDS.get(t.comparator, t.comparator)),
        ("value", _value(t.value, t.value_max, t.unit)),
        ("change", t.change), ("baseline", t.baseline), ("year", t.year),
        ("subject", t.subject), ("owners", t.owners),
    ])


def _quantity(q: Quantity, plan: Plan, idx: SectionIndex) -> list[tuple[str, str]]:
    return _fields([("value", _value(q.value, q.value_max, q.unit)), ("of total", _num(q.of_total))])


def _agency(a: Agency, plan: Plan, idx: SectionIndex) -> list[tuple[str, str]]:
    return _fields([
        ("roles", [ROLE_WORDS.get(r, r) for r in a.roles]), ("lead", "yes" if a.lead else "no"),
        ("aliases", a.aliases), ("mentions", len(agency_mentions(a))),
    ])


def _deadline(d: Deadline, plan: Plan, idx: SectionIndex) -> list[tuple[str, str]]:
    return _fields([
        ("kind", d.kind), ("date", d.date), ("years", _years(d)), ("frequency", d.frequency),
        ("times", d.times), ("rule", d.rule), ("rule in words", rrule_words(d.rule)),
        ("event", d.event), ("offset days", d.offset_days),
        ("owners", d.owners),
    ])


def _years(d: Deadline) -> str:
    if d.start_year and d.end_year and d.start_year != d.end_year:
        return f"{d.start_year}–{d.end_year}"
    return str(d.year or d.end_year or d.start_year or "")


def _legal(r: LegalRef, plan: Plan, idx: SectionIndex) -> list[tuple[str, str]]:
    return _fields([
        ("symbol", r.symbol), ("type", r.doc_type), ("number", r.number),
        ("issued", r.issued_date), ("issuer", r.issuer), ("basis", "yes" if r.is_basis else "no"),
    ])


def _task(t: Task, plan: Plan, idx: SectionIndex) -> list[tuple[str, str]]:
    return _fields([
        ("lead", t.lead), ("partners", t.partners),
        ("deadline", t.deadline.text if t.deadline else t.deadline_text),
    ])


_FIELDS: dict[str, Callable[[Any, Plan, SectionIndex], list[tuple[str, str]]]] = {
    "task": _task, "target": _target, "quantity": _quantity, "agency": _agency,
    "deadline": _deadline, "legal_ref": _legal,
}


def _title(kind: str, fact: Any) -> str:
    if kind == "agency":
        return cast(str, fact.name)
    if kind == "legal_ref":
        return " ".join(x for x in (fact.doc_type, fact.symbol) if x)
    if kind in ("target", "quantity"):
        return _value(fact.value, fact.value_max, fact.unit)
    return " ".join(fact.text.split())[:120]


def plan_cards(plan: Plan) -> dict[str, list[Card]]:
    """The cards of every fact of ``plan``, by kind, each list in Plan order."""
    idx = SectionIndex(plan.sections)
    out: dict[str, list[Card]] = {}
    for kind, field, _ in KINDS:
        cards = []
        for n, fact in enumerate(getattr(plan, field)):
            spans = cast("list[Span]", sorted({tuple(s) for s in agency_mentions(fact)}) if kind == "agency"
                         else [tuple(fact.span)])  # the tuples are (start, end) pairs
            cards.append(Card(
                uid=f"{kind}-{n}", kind=kind, title=_title(kind, fact),
                quote=plan.quote(spans[0]), section=fact.section,
                fields=_FIELDS[kind](fact, plan, idx), spans=spans,
            ))
        out[kind] = cards
    return out


def card_items(cards: dict[str, list[Card]]) -> list[Item]:
    """The highlight items of all ``cards`` (an agency has one per mention, all with its uid)."""
    return [Item(c.kind, c.uid, s, e) for kind_cards in cards.values() for c in kind_cards for s, e in c.spans]
