"""The fact extractors as a named, ordered list: what each fills, what it reads.

As spaCy runs pipeline components from a list, :func:`run_extractors` runs extractors in
order. Each is a plain function ``(draft, ctx) -> list`` that returns its facts; it fills the
:class:`~vnplan.models.Plan` field of its name and reads only the facts it declares in
``reads`` (targets read quantities; tasks read agencies and deadlines). The pipeline builds the
Plan once from what they return, so every value is validated where it is made.

Swap or disable one without touching the others::

    from vnplan.facts.registry import DEFAULT_EXTRACTORS, Extractor, without, replaced
    plan = vnplan.parse("plan.txt", extractors=without("funding"))
    plan = vnplan.parse("plan.txt", extractors=replaced(Extractor("funding", my_funding)))

A list whose extractor reads a fact that no earlier one fills raises ``ValueError`` before any
text is read; a disabled extractor's field stays empty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from . import agencies, deadlines, funding, targets, tasks
from .citations import extract_legal_refs
from .common import Context, Draft
from .numbers import extract_quantities

__all__ = ["Extractor", "DEFAULT_EXTRACTORS", "FACT_FIELDS", "check_order", "run_extractors",
           "without", "replaced"]

#: The Plan fields that hold facts, in the order the default extractors fill them.
FACT_FIELDS = ("legal_refs", "quantities", "targets", "deadlines", "agencies", "tasks", "funding")

ExtractFn = Callable[[Draft, Context], list[Any]]


@dataclass(frozen=True)
class Extractor:
    """One extractor: ``name`` is the Plan field it fills, ``run(draft, ctx)`` returns its facts,
    ``reads`` names the facts of earlier extractors it reads from ``draft.facts``."""

    name: str
    run: ExtractFn
    reads: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.name not in FACT_FIELDS:
            raise ValueError(f"extractor {self.name!r}: not a fact field of Plan ({', '.join(FACT_FIELDS)})")


def _legal_refs(draft: Draft, ctx: Context) -> list[Any]:
    return extract_legal_refs(ctx)


def _quantities(draft: Draft, ctx: Context) -> list[Any]:
    return extract_quantities(ctx)


DEFAULT_EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("legal_refs", _legal_refs),
    Extractor("quantities", _quantities),
    Extractor("targets", targets.extract, reads=("quantities",)),
    Extractor("deadlines", deadlines.extract),
    Extractor("agencies", agencies.extract),
    Extractor("tasks", tasks.extract, reads=("agencies", "deadlines")),
    Extractor("funding", funding.extract, reads=("quantities",)),
)


def check_order(extractors: Sequence[Extractor]) -> None:
    """Raise ``ValueError`` unless each extractor's reads are filled by one before it, and no
    field is filled twice."""
    done: set[str] = set()
    for ex in extractors:
        if ex.name in done:
            raise ValueError(f"two extractors fill {ex.name!r}")
        missing = [r for r in ex.reads if r not in done]
        if missing:
            raise ValueError(f"extractor {ex.name!r} reads {', '.join(missing)}, which no extractor "
                             "before it fills (disable it too, or put one in front)")
        done.add(ex.name)


def run_extractors(extractors: Sequence[Extractor], draft: Draft, ctx: Context) -> dict[str, list[Any]]:
    """Run ``extractors`` in order; their facts by field name (every fact field present)."""
    check_order(extractors)
    facts: dict[str, list[Any]] = {name: [] for name in FACT_FIELDS}
    for ex in extractors:
        view = Draft(draft.text, draft.sections, draft.tables,
                     MappingProxyType({r: facts[r] for r in ex.reads}))
        facts[ex.name] = list(ex.run(view, ctx))
    return facts


def without(*names: str, base: Sequence[Extractor] = DEFAULT_EXTRACTORS) -> tuple[Extractor, ...]:
    """``base`` without the extractors named (``ValueError`` for a name not in it)."""
    unknown = set(names) - {ex.name for ex in base}
    if unknown:
        raise ValueError(f"no extractor named {', '.join(sorted(unknown))}")
    return tuple(ex for ex in base if ex.name not in names)


def replaced(*new: Extractor, base: Sequence[Extractor] = DEFAULT_EXTRACTORS) -> tuple[Extractor, ...]:
    """``base`` with each extractor of ``new`` put in the place of the one of the same name."""
    by_name = {ex.name: ex for ex in new}
    unknown = set(by_name) - {ex.name for ex in base}
    if unknown:
        raise ValueError(f"no extractor named {', '.join(sorted(unknown))} to replace")
    return tuple(by_name.get(ex.name, ex) for ex in base)
