"""vnplan — read Vietnamese administrative plans (Kế hoạch … /KH-UBND) into typed data.

Usage::

    import vnplan
    plan = vnplan.parse("ke-hoach-125.docx")        # .txt .md .html .pdf .docx .doc, or text
    plan.metadata.number, plan.metadata.issuer     # '125/KH-UBND', 'Ủy ban nhân dân huyện …'
    [s.kind for s in plan.iter_sections()]         # 'muc_tieu', 'to_chuc_thuc_hien', …
    plan.targets[0].value, plan.targets[0].owners  # 60.0, ['Phòng Nông nghiệp …']
    plan.deadlines[0].kind, plan.deadlines[0].rule # 'recurring', 'FREQ=MONTHLY;…'
    plan.quote(plan.agencies[0].span)              # every fact has a span into plan.text
    plan.to_json()                                 # the data contract (vnplan.models)

- Bad input raises a :class:`vnplan.VnplanError` subclass naming the file and the problem
  (``NotAPlanError``, ``ScannedPDFError``, ``InputTooLargeError``, …; ``vnplan.errors``).
- Scans: ``parse(path, ocr="auto")`` (``pip install 'vnplan[ocr]'`` and Tesseract).
- Archives: ``vnplan batch IN… -o OUT`` on the command line, or :func:`vnplan.batch.run_batch`;
  Dask: :func:`vnplan.batch.plans_bag`.
- Exports (rules, iCalendar, CSV, JSONL, spaCy patterns): ``vnplan export``, :mod:`vnplan.export`.
- Which extractors run: ``parse(..., extractors=vnplan.facts.registry.without("funding"))``.
- Scores against gold files: ``vnplan eval corpus/gold`` (:mod:`vnplan.evaluate`).

The models' fields are described in ``help(vnplan.Plan)`` and in the JSON Schema
(``vnplan schema``).
"""

from .errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncryptedFileError,
    InputTooLargeError,
    NotAPlanError,
    ScannedPDFError,
    UnreadableFileError,
    UnsupportedFormatError,
    VnplanError,
)
from .models import (
    SCHEMA_VERSION,
    Agency,
    Deadline,
    Funding,
    LegalRef,
    Metadata,
    Plan,
    Quantity,
    Section,
    Signer,
    Source,
    Table,
    Target,
    Task,
)
from .limits import Limits
from .pipeline import parse, parse_bytes, parse_file, parse_text

__version__ = "0.1.0"

__all__ = [
    "parse",
    "parse_file",
    "parse_bytes",
    "parse_text",
    "__version__",
    "SCHEMA_VERSION",
    "Plan",
    "Source",
    "Metadata",
    "Signer",
    "Section",
    "LegalRef",
    "Quantity",
    "Target",
    "Agency",
    "Task",
    "Deadline",
    "Funding",
    "Table",
    "VnplanError",
    "UnsupportedFormatError",
    "UnreadableFileError",
    "CorruptFileError",
    "EncryptedFileError",
    "ScannedPDFError",
    "EmptyDocumentError",
    "NotAPlanError",
    "InputTooLargeError",
    "Limits",
]
