"""Typed errors. Every user-facing failure is a :class:`VnplanError` naming the file."""

from __future__ import annotations

from typing import Optional


class VnplanError(Exception):
    """Base class. ``path`` names the input that failed (None for text given directly)."""

    kind = "error"

    def __init__(self, message: str, path: Optional[str] = None):
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class UnsupportedFormatError(VnplanError):
    """The file's extension or content is not a format vnplan reads."""

    kind = "unsupported_format"


class UnreadableFileError(VnplanError):
    """The file cannot be read: missing, a directory, no permission, or bytes that decode to nothing."""

    kind = "unreadable"


class CorruptFileError(UnreadableFileError):
    """The container is damaged (truncated PDF, a DOCX that is not a zip, …)."""

    kind = "corrupt"


class EncryptedFileError(UnreadableFileError):
    """The file is password-protected."""

    kind = "encrypted"


class ScannedPDFError(VnplanError):
    """A PDF whose pages carry no text layer (or a broken one): OCR is needed."""

    kind = "scanned"


class UnreadableTextLayerError(ScannedPDFError):
    """A PDF whose text layer is mostly glyphs without a Unicode map (a broken font): OCR is needed."""

    kind = "unreadable_text_layer"


class EmptyDocumentError(VnplanError):
    """The input holds no text."""

    kind = "empty"


class InputTooLargeError(VnplanError):
    """The input is over a cap of :class:`vnplan.limits.Limits`: ``cap`` names it, ``limit`` its value."""

    kind = "too_large"

    def __init__(self, message: str, path: Optional[str] = None, *, cap: str = "", value: int = 0, limit: int = 0):
        self.cap, self.value, self.limit = cap, value, limit
        super().__init__(message, path)


class NotAPlanError(VnplanError):
    """The text does not look like an administrative plan (no KẾ HOẠCH, no plan structure)."""

    kind = "not_a_plan"


__all__ = [
    "VnplanError",
    "UnsupportedFormatError",
    "UnreadableFileError",
    "CorruptFileError",
    "EncryptedFileError",
    "ScannedPDFError",
    "UnreadableTextLayerError",
    "EmptyDocumentError",
    "NotAPlanError",
    "InputTooLargeError",
]
