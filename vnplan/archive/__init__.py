"""Batch inputs → work items: files, folders and archives, read without unpacking to disk.

``vnplan batch`` accepts any mix of

* **files** (``kh-12.pdf``): one work item, written as ``OUTDIR/kh-12.json``;
* **folders**: walked recursively, in sorted order. Every file is an item: the extensions
  vnplan reads (``.txt .text .md .markdown .html .htm .pdf .docx``) and the archives below are
  read, any other file gets an ``unsupported_format`` error item (so it has a manifest row);
  hidden files and folders (name starting with ``.``) and OS litter are skipped as junk and
  counted (:attr:`Listing.junk`). ``D/a/b/kh-12.pdf`` is written as ``OUTDIR/a/b/kh-12.json``;
* **archives** ``.zip``, ``.tar``, ``.tar.gz``/``.tgz`` (also ``.tar.bz2``/``.tbz2`` and
  ``.tar.xz``/``.txz``), given directly or found in a folder: their members are read one by
  one from the archive, never extracted. Member ``a/kh.txt`` of ``dl/2024.zip`` is written as
  ``OUTDIR/2024.zip/a/kh.json`` (``OUTDIR/<folder path>/2024.zip/a/kh.json`` when the archive
  was found in a folder).

Archive guards (see :class:`Limits`):

* a member name with a ``..`` component, an absolute path (``/etc/x``, ``C:\\x``) or a NUL is
  refused: it becomes an error item of kind ``path_traversal`` and nothing is read;
* symlink, hardlink, device and FIFO members are never followed: they become ``unreadable``
  error items; directories are not files; macOS ``__MACOSX/`` and ``._*`` resource forks,
  ``.DS_Store``, ``Thumbs.db`` and ``desktop.ini`` are junk (counted, not listed); members
  with an extension vnplan does not read are ``unsupported_format`` error items; an archive
  holding no file at all is one ``empty`` error item;
* an archive with more than ``max_members`` entries, or whose regular members add up to more
  than ``max_total_bytes`` uncompressed, is refused whole (one ``archive_limit`` error item);
* a member declaring more than ``max_member_bytes`` is refused, and reading any member stops
  one byte past that cap (a zip bomb that lies about its size is caught while reading);
* encrypted zip members are ``encrypted`` errors; a damaged archive is a ``corrupt`` error.

Work items are small picklable records (:mod:`.items`); listing them is :mod:`.listing`,
name safety and classification :mod:`.safety`, reading their bytes :mod:`.reading` (files
and zip members are read where the item is processed, tar members by the parent with
:func:`with_payloads`).
"""

from __future__ import annotations

from .items import DEFAULT_LIMITS, ArchiveLimitError, Limits, PathTraversalError, WorkItem
from .listing import Listing, collect_items, list_inputs
from .reading import read_capped, with_payloads
from .safety import ARCHIVE_SUFFIXES, archive_kind, doc_format, safe_member_parts

__all__ = [
    "ARCHIVE_SUFFIXES",
    "ArchiveLimitError",
    "DEFAULT_LIMITS",
    "Limits",
    "Listing",
    "PathTraversalError",
    "WorkItem",
    "archive_kind",
    "collect_items",
    "doc_format",
    "list_inputs",
    "read_capped",
    "safe_member_parts",
    "with_payloads",
]
