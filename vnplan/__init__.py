"""vnplan — read Vietnamese administrative plans (Kế hoạch … /KH-UBND) into typed data.

>>> import vnplan
>>> plan = vnplan.parse("corpus/raw/003_1a37aa9cdf3894bb.txt")   # doctest: +SKIP
>>> plan.metadata.number                                          # doctest: +SKIP
'219/KH-UBND'
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
