"""Path safety and file classification: which names are safe, which are documents, which are junk."""

from __future__ import annotations

import posixpath
import re
import stat
import zipfile
from typing import Optional, Sequence

from ..readers import EXTENSIONS
from .items import PathTraversalError

ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ARCHIVE_SUFFIXES = ZIP_SUFFIXES + TAR_SUFFIXES

JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX"})
"""File and folder names that operating systems leave in folders and archives."""

_DRIVE = re.compile(r"^[A-Za-z]:")


def archive_kind(name: str) -> Optional[str]:
    """``"zip"`` or ``"tar"`` for an archive file name, else None."""
    low = name.lower()
    if low.endswith(ZIP_SUFFIXES):
        return "zip"
    if low.endswith(TAR_SUFFIXES):
        return "tar"
    return None


def doc_format(name: str) -> Optional[str]:
    """The vnplan format of a document name (``txt``, ``pdf`` …), or None if not supported."""
    return EXTENSIONS.get(posixpath.splitext(name)[1].lower())


def unsupported_message(name: str) -> str:
    """The message of an ``unsupported_format`` row for a file called ``name``."""
    ext = posixpath.splitext(name)[1] or "(no extension)"
    return (f"unsupported format {ext!r}; vnplan reads " + ", ".join(sorted(set(EXTENSIONS)))
            + " and .zip/.tar/.tar.gz archives")


def safe_member_parts(name: str) -> list[str]:
    """The components of an archive member name, or raise :class:`PathTraversalError`.

    Backslashes count as separators (archives made on Windows); ``.`` and empty components
    are dropped; ``..``, absolute names, drive letters and NUL characters are refused.
    """
    if "\x00" in name:
        raise PathTraversalError("path traversal: member name holds a NUL character", name)
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        raise PathTraversalError("path traversal: absolute member name refused", name)
    parts = [p for p in unified.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise PathTraversalError("path traversal: member name with '..' refused", name)
    return parts


def is_junk(parts: Sequence[str]) -> bool:
    """Operating-system litter: ``__MACOSX/…``, ``._name`` resource forks, ``.DS_Store``,
    ``Thumbs.db``, ``desktop.ini`` (anywhere in the path)."""
    return any(p in JUNK_NAMES or p.startswith("._") for p in parts)


def is_hidden(name: str) -> bool:
    """A hidden file or folder name (``.git``, ``.cache``): folders skip them, as junk."""
    return name.startswith(".")


def zip_is_regular(zi: zipfile.ZipInfo) -> bool:
    """False for directories and for unix symlinks, devices, FIFOs stored in a zip."""
    if zi.is_dir():
        return False
    mode = zi.external_attr >> 16
    if zi.create_system == 3 and mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        return False
    return True


def json_name(rel_parts: Sequence[str]) -> str:
    """``a/b/kh-12.pdf`` → ``a/b/kh-12.json``."""
    *dirs, last = rel_parts
    stem = posixpath.splitext(last)[0] or last
    return "/".join([*dirs, stem + ".json"])
