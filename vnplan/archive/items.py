"""Work items: the records that listing produces and workers consume.

The archive caps (``max_members``, ``max_total_bytes``, ``max_member_bytes``) are fields of the one
:class:`vnplan.limits.Limits`, re-exported here (``Limits``, ``DEFAULT_LIMITS``) for the archive modules.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Optional

from ..errors import (
    CorruptFileError,
    EncryptedFileError,
    UnreadableFileError,
    UnsupportedFormatError,
    VnplanError,
)
from ..limits import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_LIMITS", "ArchiveLimitError", "Limits", "PathTraversalError", "WorkItem", "error_of_kind"]


class PathTraversalError(VnplanError):
    """An archive member whose name points outside the archive (``..`` or an absolute path)."""

    kind = "path_traversal"


class ArchiveLimitError(VnplanError):
    """An archive or member over the member-count or size caps (a zip bomb guard)."""

    kind = "archive_limit"


@dataclass(frozen=True)
class WorkItem:
    """One document to convert, or one input that failed before any parsing.

    ``source`` is the file path (or the archive path) as the user spelled it, joined with the
    relative path for files found in a folder, so that the plan's ``source.path`` equals what
    ``vnplan parse`` prints for that path. ``output`` is the POSIX path of the JSON output
    relative to OUTDIR (None for error items that have no document). ``container`` is
    ``"file"``, ``"zip"`` or ``"tar"``; ``position`` is the member's entry number in the
    archive. ``payload`` holds the bytes when they were read by the parent (tar members).
    """

    index: int
    source: str
    member: Optional[str]
    output: Optional[str]
    fmt: Optional[str]
    container: str = "file"
    position: Optional[int] = None
    size: Optional[int] = None
    error_kind: Optional[str] = None
    error: Optional[str] = None
    payload: Optional[bytes] = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """``path`` or ``archive!member``, for messages and summaries."""
        return f"{self.source}!{self.member}" if self.member is not None else self.source

    def read(self, limits: Limits = DEFAULT_LIMITS) -> bytes:
        """The document's bytes (raises :class:`VnplanError` subclasses on failure).

        Files and zip members are read here; tar members must carry a ``payload`` (see
        :func:`~vnplan.archive.with_payloads`) or are located by scanning the archive (slow
        for big tars).
        """
        from .reading import read_file, read_tar_member_by_scan, read_zip_member

        if self.error_kind is not None:
            raise error_of_kind(self.error_kind, self.error or "", self.label)
        if self.payload is not None:
            return self.payload
        if self.container == "file":
            return read_file(self.source, limits)
        if self.container == "zip":
            return read_zip_member(self.source, self.member or "", self.position, limits)
        if self.container == "tar":
            return read_tar_member_by_scan(self.source, self.member or "", self.position, limits)
        raise ValueError(f"unknown container {self.container!r}")


_ERRORS: dict[str, type[VnplanError]] = {
    "path_traversal": PathTraversalError,
    "archive_limit": ArchiveLimitError,
    "corrupt": CorruptFileError,
    "encrypted": EncryptedFileError,
    "unreadable": UnreadableFileError,
    "unsupported_format": UnsupportedFormatError,
}


def error_of_kind(kind: str, message: str, path: Optional[str]) -> VnplanError:
    """The typed error for an error item's ``kind`` (a plain VnplanError with that kind otherwise)."""
    cls = _ERRORS.get(kind)
    if cls is None:
        err = VnplanError(message, path)
        err.kind = kind
        return err
    return cls(message, path)
