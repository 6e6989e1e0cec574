"""A spaCy pipeline component that runs vnplan over a doc: ``nlp.add_pipe("vnplan")``.

>>> from vnplan.nlp import get_nlp                                 # doctest: +SKIP
>>> import vnplan.spacy_component                                 # doctest: +SKIP
>>> nlp = get_nlp(); nlp.add_pipe("vnplan")                       # doctest: +SKIP
>>> doc = nlp(open("corpus/raw/003_1a37aa9cdf3894bb.txt").read())  # doctest: +SKIP
>>> [s.text for s in doc.spans["agencies"]][:1]                   # doctest: +SKIP
['Sở Nông nghiệp và Phát triển nông thôn']

The component parses ``doc.text`` with :func:`vnplan.parse_text` and sets four span groups
(labels in brackets): ``doc.spans["agencies"]`` (``AGENCY``, one span per mention, ``kb_id_`` =
the canonical name), ``doc.spans["deadlines"]`` (``DEADLINE``), ``doc.spans["quantities"]``
(``QUANTITY``) and ``doc.spans["targets"]`` (``TARGET``). The :class:`~vnplan.models.Plan`
is kept as its JSON text in ``doc.user_data["vnplan"]``, so the doc serializes
(``doc.to_bytes()``, ``DocBin(store_user_data=True)``); ``doc._.vnplan`` (or
:func:`plan_of`) reads it back as a Plan. displaCy shows a group with
``displacy.render(doc, style="span", options={"spans_key": "agencies"})``.

Offsets. A Plan's spans point into ``plan.text``, the *normalized* text (NFC, one tone-mark
convention, markdown residue and blank lines removed). When ``doc.text`` is already normalized
(make the doc with :func:`normalized_doc`) the spans are used as they are; otherwise each fact's
quoted text is looked up in ``doc.text`` at the occurrence nearest to where normalization says
it came from, and a fact that cannot be found is left out.

The Vietnamese pipeline with the syllable tokenizer is :func:`vnplan.nlp.get_nlp`; any spaCy
``Language`` works (character spans are expanded to token boundaries).
"""

from __future__ import annotations

import unicodedata
from typing import Iterable, Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan

from .models import Plan, Span
from .offsets import OffsetMapError

SPAN_KEYS = {
    "agencies": "AGENCY",
    "deadlines": "DEADLINE",
    "quantities": "QUANTITY",
    "targets": "TARGET",
}
USER_DATA_KEY = "vnplan"
ERROR_KEY = "vnplan_error"

_GAP = r"[\s*_#>|]+"


class SpanMapper:
    """Maps spans of ``plan.text`` to character offsets of another text of the same document."""

    #: An exact match this close to where the fact is expected is taken without further search.
    NEAR = 40

    def __init__(self, plan: Plan, text: str):
        self.plan = plan
        self.text = text
        self.same = plan.text == text
        self.ratio = len(text) / max(1, len(plan.text))
        self._folded: Optional[str] = None

    def _hint(self, i: int) -> int:
        """Where character ``i`` of the plan's text came from: its offset map, when the plan
        has one, else the same share of the other text."""
        try:
            off = self.plan.source_offset(i)
        except OffsetMapError:  # a plan built by hand, or loaded from an old JSON
            off = None
        return off if off is not None else int(i * self.ratio)

    def _folded_text(self) -> Optional[str]:
        """``text`` in NFC with vnplan's tone-mark convention, when that keeps every offset."""
        if self._folded is None:
            folded = unicodedata.normalize("NFC", self.text)
            from .normalize import normalize_tones

            folded = normalize_tones(folded)
            self._folded = folded if len(folded) == len(self.text) else ""
        return self._folded or None

    @staticmethod
    def _nearest(matches: Iterable[tuple[int, int]], hint: int) -> Optional[tuple[int, int]]:
        best = None
        for s, e in matches:
            if best is None or abs(s - hint) < abs(best[0] - hint):
                best = (s, e)
        return best

    def map(self, span: Span) -> Optional[tuple[int, int]]:
        """``span`` of ``plan.text`` as ``(start, end)`` in the other text, or None when not found."""
        start, end = span
        if self.same:
            return (start, end)
        quote = self.plan.text[start:end]
        words = quote.split()
        if not words:
            return None
        hint = self._hint(start)
        exact = []
        i = self.text.find(quote)
        while i >= 0:
            exact.append((i, i + len(quote)))
            i = self.text.find(quote, i + 1)
        found = self._nearest(exact, hint)
        if found and abs(found[0] - hint) <= self.NEAR:
            return found
        # Not at the expected place: the quote may be split by markup or line breaks, or spelled
        # with the other tone-mark convention there. Take the nearest of every loose match.
        pattern = regex.compile(_GAP.join(regex.escape(w) for w in words), regex.IGNORECASE)
        candidates = list(exact)
        for hay in (self.text, self._folded_text()):
            if hay:
                candidates.extend((m.start(), m.end()) for m in pattern.finditer(hay))
        return self._nearest(candidates, hint)


def _spans(doc: Doc, mapper: SpanMapper, items: Iterable[tuple[Span, Optional[str]]], label: str) -> list[SpacySpan]:
    out: list[SpacySpan] = []
    seen: set[tuple[int, int]] = set()
    for span, kb_id in items:
        mapped = mapper.map(span)
        if mapped is None:
            continue
        s = doc.char_span(mapped[0], mapped[1], label=label, kb_id=kb_id or "", alignment_mode="expand")
        if s is None or (s.start, s.end) in seen:
            continue
        seen.add((s.start, s.end))
        out.append(s)
    return out


def plan_of(doc: Doc) -> Optional[Plan]:
    """The Plan the ``vnplan`` pipe stored in ``doc`` (None when the parse failed or none ran);
    a new Plan object, validated from the stored JSON, at each call."""
    data = doc.user_data.get(USER_DATA_KEY)
    return None if data is None else Plan.model_validate_json(data)


if not Doc.has_extension("vnplan"):
    Doc.set_extension("vnplan", getter=plan_of)  # a getter: nothing is stored on the Doc class


def set_plan_spans(doc: Doc, plan: Plan) -> Doc:
    """Set the four span groups of ``doc`` from ``plan`` and store the plan's JSON in
    ``doc.user_data`` (read it back with ``doc._.vnplan``)."""
    mapper = SpanMapper(plan, doc.text)
    agencies = sorted(
        ((m, a.name) for a in plan.agencies for m in (a.mentions or [a.span])), key=lambda x: (x[0][0], x[0][1])
    )
    deadline_spans = {tuple(d.span) for d in plan.deadlines}
    deadlines = list(plan.deadlines) + [
        t.deadline for t in plan.tasks if t.deadline is not None and tuple(t.deadline.span) not in deadline_spans
    ]
    groups: dict[str, Iterable[tuple[Span, Optional[str]]]] = {
        "agencies": agencies,
        "deadlines": sorted(((d.span, None) for d in deadlines), key=lambda x: x[0]),
        "quantities": [(q.span, None) for q in plan.quantities],
        "targets": [(t.span, None) for t in plan.targets],
    }
    for key, label in SPAN_KEYS.items():
        doc.spans[key] = _spans(doc, mapper, groups[key], label)
    doc.user_data[USER_DATA_KEY] = plan.to_json(indent=None)
    return doc


class VnplanComponent:
    """The ``vnplan`` pipe: parses the doc's text and sets span groups (see the module doc)."""

    def __init__(self, nlp: Language, name: str = "vnplan", strict: bool = False):
        self.name = name
        self.strict = strict

    def __call__(self, doc: Doc) -> Doc:
        from . import parse_text
        from .errors import VnplanError

        try:
            plan = parse_text(doc.text)
        except VnplanError as e:
            if self.strict:
                raise
            for key in SPAN_KEYS:
                doc.spans[key] = []
            doc.user_data[USER_DATA_KEY] = None
            doc.user_data[ERROR_KEY] = str(e)
            return doc
        return set_plan_spans(doc, plan)


@Language.factory(
    "vnplan",
    default_config={"strict": False},
    assigns=["doc.spans"],
)
def make_vnplan(nlp: Language, name: str, strict: bool) -> VnplanComponent:
    """Factory of the ``vnplan`` pipe. With ``strict`` a text that is not a plan raises
    :class:`~vnplan.errors.VnplanError`; without (the default) the doc gets empty span groups,
    ``doc.user_data["vnplan"] = None`` and the message in ``doc.user_data["vnplan_error"]``."""
    return VnplanComponent(nlp, name, strict)


def normalized_doc(text: str, nlp: Optional[Language] = None) -> Doc:
    """Run ``nlp`` (default :func:`vnplan.nlp.get_nlp`) over vnplan's normalized form of ``text``.

    Then ``doc.text`` is exactly the text a Plan's spans point into, so the ``vnplan`` pipe (if
    ``nlp`` has it) and any use of ``Plan`` offsets on the doc need no mapping.
    """
    from .normalize import normalize

    if nlp is None:
        from .nlp import get_nlp

        nlp = get_nlp()
    return nlp(normalize(text).text)


__all__ = ["VnplanComponent", "make_vnplan", "normalized_doc", "set_plan_spans", "SpanMapper", "SPAN_KEYS"]
