"""For Dask users: :func:`plans_bag` turns paths into a ``dask.bag.Bag`` of Plans."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

from ..archive import DEFAULT_LIMITS, Limits, WorkItem, collect_items, with_payloads
from .work import parse_item

if TYPE_CHECKING:
    from ..models import Plan

PathLike = Union[str, "os.PathLike[str]"]


def plans_bag(
    paths: Sequence[PathLike],
    npartitions: Optional[int] = None,
    *,
    errors: str = "raise",
    limits: Limits = DEFAULT_LIMITS,
    ocr: str = "auto",
) -> Any:
    """A ``dask.bag.Bag`` of :class:`~vnplan.models.Plan` objects, one per document of ``paths``.

    ``paths`` may mix files, folders and archives, exactly as ``vnplan batch`` takes them (see
    :mod:`vnplan.archive`); the documents are listed now, in the batch's deterministic order,
    and parsed when the bag is computed. Elements are Plan objects (Pydantic models: use
    ``.map(lambda p: p.model_dump(mode="json"))`` for dicts, or ``.map(vnplan.batch.render)``
    for the JSON text). ``errors="raise"`` (default) lets the first bad document fail the
    computation with its :class:`~vnplan.errors.VnplanError`; ``errors="skip"`` drops bad
    documents (every file under a folder or archive is an item, so a stray ``.csv`` fails the
    computation with ``errors="raise"``). ``ocr`` (``auto``, ``always``, ``never``) is that of
    ``vnplan.parse_file``: PDF pages without a readable text layer are read with Tesseract on the
    workers (``pip install 'vnplan[ocr]'`` and Tesseract's Vietnamese model there), and a Plan
    says in its ``warnings`` which pages were OCR'd. The paths must be readable from the Dask
    workers (a shared filesystem). Each partition streams every tar archive it covers once. Needs ``pip install 'vnplan[dask]'``::

        import vnplan.batch, distributed
        client = distributed.Client("tcp://scheduler:8786")
        bag = vnplan.batch.plans_bag(["plans/", "dl/2024.zip"])
        numbers = bag.map(lambda p: p.metadata.number).compute()
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be 'auto', 'always' or 'never', not {ocr!r}")
    try:
        import dask.bag as db
    except ImportError as e:
        raise ImportError("plans_bag needs dask: pip install 'vnplan[dask]'") from e
    from_sequence: Any = db.from_sequence  # dask.bag.from_sequence has no annotations
    items = collect_items(paths, limits=limits)
    if errors == "skip":
        items = [it for it in items if it.error_kind is None]
    if not items:
        return from_sequence([], npartitions=1)
    bag = from_sequence(items, npartitions=npartitions or min(len(items), 64))
    return bag.map_partitions(_plans_of_partition, errors=errors, limits=limits, ocr=ocr)


def _plans_of_partition(items: Iterable[WorkItem], errors: str = "raise",
                        limits: Limits = DEFAULT_LIMITS, ocr: str = "auto") -> list[Plan]:
    """Parse one partition's items (tar members streamed once per archive)."""
    from ..errors import VnplanError

    out: list[Plan] = []
    for item in with_payloads(list(items), limits):
        try:
            out.append(parse_item(item, limits, ocr=ocr))
        except VnplanError:
            if errors == "raise":
                raise
    return out
