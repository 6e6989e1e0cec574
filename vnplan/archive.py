"""Batch inputs → work items: files, folders and archives, read without unpacking to disk.

``vnplan batch`` accepts any mix of

* **files** (``kh-12.pdf``): one work item, written as ``OUTDIR/kh-12.json``;
* **folders**: walked recursively, in sorted order, keeping only the extensions vnplan reads
  (``.txt .text .md .markdown .html .htm .pdf .docx``) and the archives below; hidden files and
  folders (name starting with ``.``) are skipped. ``D/a/b/kh-12.pdf`` is written as
  ``OUTDIR/a/b/kh-12.json``;
* **archives** ``.zip``, ``.tar``, ``.tar.gz``/``.tgz`` (also ``.tar.bz2``/``.tbz2`` and
  ``.tar.xz``/``.txz``), given directly or found in a folder: their members are read one by
  one from the archive, never extracted. Member ``a/kh.txt`` of ``dl/2024.zip`` is written as
  ``OUTDIR/2024.zip/a/kh.json`` (``OUTDIR/<folder path>/2024.zip/a/kh.json`` when the archive
  was found in a folder).

Archive guards (see :class:`Limits`):

* a member name with a ``..`` component, an absolute path (``/etc/x``, ``C:\\x``) or a NUL is
  refused: it becomes an error item of kind ``path_traversal`` and nothing is read;
* symlink, hardlink, device and FIFO members and directories are ignored, as are macOS
  ``__MACOSX/`` and ``._*`` resource forks;
* an archive with more than ``max_members`` entries, or whose regular members add up to more
  than ``max_total_bytes`` uncompressed, is refused whole (one ``archive_limit`` error item);
* a member declaring more than ``max_member_bytes`` is refused, and reading any member stops
  one byte past that cap (a zip bomb that lies about its size is caught while reading);
* encrypted zip members are ``encrypted`` errors; a damaged archive is a ``corrupt`` error.

Work items are small picklable records. Files and zip members are read where the item is
processed (a worker process re-opens the zip, with a per-process cache of open archives);
members of a tar stream cannot be reached without decompressing everything before them, so the
parent reads them in order with :func:`with_payloads`, one window of items at a time, which
keeps memory bounded by the number of items in flight.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import stat
import tarfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from .errors import CorruptFileError, EncryptedFileError, UnreadableFileError, VnplanError
from .readers import EXTENSIONS

PathLike = Union[str, "os.PathLike[str]"]

ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ARCHIVE_SUFFIXES = ZIP_SUFFIXES + TAR_SUFFIXES


class PathTraversalError(VnplanError):
    """An archive member whose name points outside the archive (``..`` or an absolute path)."""

    kind = "path_traversal"


class ArchiveLimitError(VnplanError):
    """An archive or member over the member-count or size caps (a zip bomb guard)."""

    kind = "archive_limit"


@dataclass(frozen=True)
class Limits:
    """Caps applied to every archive (per archive, not per run)."""

    max_members: int = 10_000
    """Most entries (of any type, directories included) one archive may hold."""
    max_total_bytes: int = 2 * 1024**3
    """Most uncompressed bytes of all regular members of one archive (2 GiB)."""
    max_member_bytes: int = 256 * 1024**2
    """Most uncompressed bytes of one member (256 MiB); also caps plain files."""


DEFAULT_LIMITS = Limits()


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
        :func:`with_payloads`) or are located by scanning the archive (slow for big tars).
        """
        if self.error_kind is not None:
            raise _error(self.error_kind, self.error or "", self.label)
        if self.payload is not None:
            return self.payload
        if self.container == "file":
            return _read_file(self.source, limits)
        if self.container == "zip":
            return _read_zip_member(self.source, self.member or "", self.position, limits)
        if self.container == "tar":
            return _read_tar_member_by_scan(self.source, self.member or "", self.position, limits)
        raise ValueError(f"unknown container {self.container!r}")


# ------------------------------------------------------------------------------ classification


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


_DRIVE = re.compile(r"^[A-Za-z]:")


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


def _is_junk(parts: Sequence[str]) -> bool:
    """macOS archive litter: ``__MACOSX/…`` and ``._name`` resource forks."""
    return bool(parts) and (parts[0] == "__MACOSX" or parts[-1].startswith("._"))


def _json_name(rel_parts: Sequence[str]) -> str:
    """``a/b/kh-12.pdf`` → ``a/b/kh-12.json``."""
    *dirs, last = rel_parts
    stem = posixpath.splitext(last)[0] or last
    return "/".join([*dirs, stem + ".json"])


def _error(kind: str, message: str, path: Optional[str]) -> VnplanError:
    cls = {
        "path_traversal": PathTraversalError,
        "archive_limit": ArchiveLimitError,
        "corrupt": CorruptFileError,
        "encrypted": EncryptedFileError,
        "unreadable": UnreadableFileError,
    }.get(kind)
    if cls is None:
        err = VnplanError(message, path)
        err.kind = kind
        return err
    return cls(message, path)


# ------------------------------------------------------------------------------ enumeration


@dataclass
class _Proto:
    """An item before indices and collision-free output names are assigned."""

    source: str
    member: Optional[str]
    rel: Optional[list[str]]  # output path parts with the original extension
    fmt: Optional[str]
    container: str = "file"
    position: Optional[int] = None
    size: Optional[int] = None
    error_kind: Optional[str] = None
    error: Optional[str] = None


def collect_items(
    inputs: Iterable[PathLike],
    *,
    limits: Limits = DEFAULT_LIMITS,
    exclude: Optional[PathLike] = None,
) -> list[WorkItem]:
    """List the work items of ``inputs`` in a deterministic order (no document is parsed).

    Order: inputs as given; inside a folder, relative paths sorted component by component;
    inside an archive, the archive's own member order. ``exclude`` is a folder never walked
    (the output folder). The same file or member reached twice is listed once. Missing inputs
    raise :class:`FileNotFoundError`. Output names that would collide (``kh.txt`` and
    ``kh.pdf`` in one folder) keep the source extension: ``kh.json``, then ``kh.pdf.json``.
    """
    excl = os.path.realpath(exclude) if exclude is not None else None
    protos: list[_Proto] = []
    for inp in inputs:
        src = os.fspath(inp)
        if not os.path.lexists(src):
            raise FileNotFoundError(f"no such file or directory: {src}")
        if os.path.isdir(src):
            protos.extend(_walk_folder(src, limits, excl))
        else:
            protos.extend(_one_path(src, [os.path.basename(src.rstrip("/\\")) or src], limits))
    return _finalize(protos)


def _one_path(path: str, rel: list[str], limits: Limits) -> list[_Proto]:
    kind = archive_kind(rel[-1])
    if kind == "zip":
        return list(_zip_members(path, rel, limits))
    if kind == "tar":
        return list(_tar_members(path, rel, limits))
    fmt = doc_format(rel[-1])
    if fmt is None:
        ext = posixpath.splitext(rel[-1])[1] or "(no extension)"
        return [
            _Proto(
                path,
                None,
                None,
                None,
                error_kind="unsupported_format",
                error=f"unsupported format {ext!r}; vnplan reads "
                + ", ".join(sorted(set(EXTENSIONS)))
                + " and .zip/.tar/.tar.gz archives",
            )
        ]
    return [_Proto(path, None, rel, fmt)]


def _walk_folder(top: str, limits: Limits, exclude: Optional[str]) -> Iterator[_Proto]:
    found: list[tuple[tuple[str, ...], str]] = []
    for dirpath, dirnames, filenames in os.walk(top):
        keep = []
        for d in dirnames:
            if d.startswith("."):
                continue
            if exclude is not None and os.path.realpath(os.path.join(dirpath, d)) == exclude:
                continue
            keep.append(d)
        dirnames[:] = sorted(keep)
        rel_dir = os.path.relpath(dirpath, top)
        base = () if rel_dir == "." else tuple(Path(rel_dir).parts)
        for f in filenames:
            if f.startswith("."):
                continue
            if doc_format(f) is None and archive_kind(f) is None:
                continue
            full = os.path.join(dirpath, f)
            if not os.path.isfile(full):  # broken symlink, socket, …
                continue
            found.append((base + (f,), full))
    found.sort(key=lambda t: t[0])
    for parts, full in found:
        yield from _one_path(full, list(parts), limits)


def _zip_is_regular(zi: zipfile.ZipInfo) -> bool:
    """False for directories and for unix symlinks, devices, FIFOs stored in a zip."""
    if zi.is_dir():
        return False
    mode = zi.external_attr >> 16
    if zi.create_system == 3 and mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        return False
    return True


def _zip_members(path: str, rel: list[str], limits: Limits) -> Iterator[_Proto]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        yield _Proto(path, None, None, None, "zip", error_kind="corrupt", error=f"not a readable zip archive: {e}")
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            yield _Proto(
                path, None, None, None, "zip", error_kind="archive_limit",
                error=f"archive refused: {len(infos)} members, over the cap of {limits.max_members}",
            )
            return
        total = sum(zi.file_size for zi in infos if _zip_is_regular(zi))
        if total > limits.max_total_bytes:
            yield _Proto(
                path, None, None, None, "zip", error_kind="archive_limit",
                error=f"archive refused: {total} uncompressed bytes, over the cap of {limits.max_total_bytes}",
            )
            return
        for pos, zi in enumerate(infos):
            yield from _member_proto(path, rel, "zip", pos, zi.filename, _zip_is_regular(zi), zi.file_size,
                                     encrypted=bool(zi.flag_bits & 0x1), limits=limits)


def _member_proto(
    path: str,
    rel: list[str],
    container: str,
    pos: int,
    name: str,
    regular: bool,
    size: int,
    *,
    encrypted: bool,
    limits: Limits,
) -> Iterator[_Proto]:
    try:
        parts = safe_member_parts(name)
    except PathTraversalError as e:
        yield _Proto(path, name, None, None, container, pos, size, error_kind=e.kind, error=e.message)
        return
    if not regular or not parts or _is_junk(parts):
        return
    fmt = doc_format(parts[-1])
    if fmt is None:
        return
    out = [*rel, *parts]
    if encrypted:
        yield _Proto(path, name, out, fmt, container, pos, size, "encrypted", "the archive member is encrypted")
    elif size > limits.max_member_bytes:
        yield _Proto(
            path, name, out, fmt, container, pos, size, "archive_limit",
            f"member refused: {size} bytes, over the cap of {limits.max_member_bytes}",
        )
    else:
        yield _Proto(path, name, out, fmt, container, pos, size)


def _tar_members(path: str, rel: list[str], limits: Limits) -> Iterator[_Proto]:
    members: list[_Proto] = []
    count = 0
    total = 0
    try:
        with tarfile.open(path, "r|*") as tf:
            for ti in tf:
                count += 1
                if count > limits.max_members:
                    yield _Proto(
                        path, None, None, None, "tar", error_kind="archive_limit",
                        error=f"archive refused: more than {limits.max_members} members",
                    )
                    return
                if ti.isreg():
                    total += ti.size
                    if total > limits.max_total_bytes:
                        yield _Proto(
                            path, None, None, None, "tar", error_kind="archive_limit",
                            error=f"archive refused: more than {limits.max_total_bytes} uncompressed bytes",
                        )
                        return
                members.extend(
                    _member_proto(path, rel, "tar", count - 1, ti.name, ti.isreg(), ti.size,
                                  encrypted=False, limits=limits)
                )
    except (tarfile.TarError, OSError, EOFError, ValueError) as e:
        yield from members
        yield _Proto(path, None, None, None, "tar", error_kind="corrupt", error=f"damaged tar archive: {e}")
        return
    yield from members


def _finalize(protos: list[_Proto]) -> list[WorkItem]:
    items: list[WorkItem] = []
    seen: set[tuple[str, Optional[str], Optional[int]]] = set()
    used: set[str] = set()
    real: dict[str, str] = {}
    for p in protos:
        if p.source not in real:
            real[p.source] = os.path.realpath(p.source)
        key = (real[p.source], p.member, p.position)
        if p.error_kind is None or p.member is not None:
            if key in seen:
                continue
            seen.add(key)
        output = None
        if p.rel is not None and p.error_kind is None:
            output = _unique_output(p.rel, used)
        items.append(
            WorkItem(
                index=len(items), source=p.source, member=p.member, output=output, fmt=p.fmt,
                container=p.container, position=p.position, size=p.size,
                error_kind=p.error_kind, error=p.error,
            )
        )
    return items


def _unique_output(rel: list[str], used: set[str]) -> str:
    """A JSON output name not used yet: ``kh.json``, else ``kh.pdf.json``, else ``kh.pdf~2.json``."""
    cand = _json_name(rel)
    if cand in used:
        *dirs, last = rel
        base = "/".join([*dirs, last])
        cand = base + ".json"
        n = 2
        while cand in used:
            cand = f"{base}~{n}.json"
            n += 1
    used.add(cand)
    return cand


# ------------------------------------------------------------------------------ reading


def _read_capped(fh, limit: int, label: str) -> bytes:
    """Read at most ``limit`` bytes from ``fh``; raise if there is more (never reads past limit+1)."""
    chunks = []
    got = 0
    while True:
        chunk = fh.read(min(1 << 20, limit + 1 - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
        if got > limit:
            raise ArchiveLimitError(f"refused: more than {limit} bytes once uncompressed", label)
    return b"".join(chunks)


def _read_file(path: str, limits: Limits) -> bytes:
    try:
        with open(path, "rb") as fh:
            return _read_capped(fh, limits.max_member_bytes, path)
    except IsADirectoryError:
        raise UnreadableFileError("is a directory, not a file", path) from None
    except FileNotFoundError:
        raise UnreadableFileError("no such file", path) from None
    except PermissionError:
        raise UnreadableFileError("permission denied", path) from None
    except OSError as e:
        raise UnreadableFileError(f"cannot read: {e.strerror or e}", path) from None


_ZIP_CACHE: dict[str, tuple[tuple[int, int], zipfile.ZipFile, threading.Lock]] = {}
_ZIP_CACHE_LOCK = threading.Lock()
_ZIP_CACHE_SIZE = 4


def _open_zip(path: str) -> tuple[zipfile.ZipFile, threading.Lock]:
    """An open ZipFile for ``path``, cached per process (reopening parses the whole directory)."""
    st = os.stat(path)
    stamp = (st.st_mtime_ns, st.st_size)
    with _ZIP_CACHE_LOCK:
        hit = _ZIP_CACHE.get(path)
        if hit and hit[0] == stamp:
            return hit[1], hit[2]
        if hit:
            hit[1].close()
            del _ZIP_CACHE[path]
        while len(_ZIP_CACHE) >= _ZIP_CACHE_SIZE:
            _, (_, old, _) = _ZIP_CACHE.popitem()
            old.close()
        zf = zipfile.ZipFile(path)
        lock = threading.Lock()
        _ZIP_CACHE[path] = (stamp, zf, lock)
        return zf, lock


def _read_zip_member(path: str, name: str, position: Optional[int], limits: Limits) -> bytes:
    label = f"{path}!{name}"
    try:
        zf, lock = _open_zip(path)
        with lock:
            infos = zf.infolist()
            if position is not None and position < len(infos) and infos[position].filename == name:
                zi = infos[position]
            else:
                zi = zf.getinfo(name)
            if zi.file_size > limits.max_member_bytes:
                raise ArchiveLimitError(f"member refused: {zi.file_size} bytes, over the cap", label)
            with zf.open(zi) as fh:
                return _read_capped(fh, min(limits.max_member_bytes, zi.file_size), label)
    except VnplanError:
        raise
    except KeyError:
        raise UnreadableFileError("member no longer in the archive", label) from None
    except RuntimeError as e:  # zipfile raises RuntimeError for encrypted members
        raise EncryptedFileError(f"cannot read member: {e}", label) from None
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as e:
        raise CorruptFileError(f"damaged archive member: {e}", label) from None
    except OSError as e:
        raise UnreadableFileError(f"cannot read: {e.strerror or e}", label) from None
    except Exception as e:  # zlib.error and friends
        raise CorruptFileError(f"damaged archive member: {type(e).__name__}: {e}", label) from None


def _read_tar_member_by_scan(path: str, name: str, position: Optional[int], limits: Limits) -> bytes:
    label = f"{path}!{name}"
    try:
        with tarfile.open(path, "r|*") as tf:
            for i, ti in enumerate(tf):
                if (position is None or i == position) and ti.name == name and ti.isreg():
                    fh = tf.extractfile(ti)
                    if fh is None:
                        break
                    return _read_capped(fh, limits.max_member_bytes, label)
                if position is not None and i > position:
                    break
    except VnplanError:
        raise
    except (tarfile.TarError, OSError, EOFError, ValueError) as e:
        raise CorruptFileError(f"damaged tar archive: {e}", label) from None
    raise UnreadableFileError("member no longer in the archive", label)


def with_payloads(items: Iterable[WorkItem], limits: Limits = DEFAULT_LIMITS) -> Iterator[WorkItem]:
    """Yield ``items`` in order, tar members with their bytes attached as ``payload``.

    Each tar archive is streamed once, in step with its items (they are contiguous and in
    archive order, as :func:`collect_items` lists them). A member that cannot be read comes
    back as an error item. Other items pass through unchanged (they are read by the worker).
    Only the item being yielded holds its bytes here, so memory stays bounded by the caller's
    window of items in flight.
    """
    cursor: Optional[_TarCursor] = None
    try:
        for item in items:
            if item.container != "tar" or item.error_kind is not None or item.member is None:
                yield item
                continue
            if cursor is None or cursor.path != item.source:
                if cursor is not None:
                    cursor.close()
                cursor = _TarCursor(item.source, limits)
            try:
                data = cursor.read(item.position, item.member)
            except VnplanError as e:
                yield dataclasses.replace(item, error_kind=e.kind, error=e.message)
                continue
            yield dataclasses.replace(item, payload=data)
    finally:
        if cursor is not None:
            cursor.close()


class _TarCursor:
    """A tar archive opened in stream mode and advanced member by member."""

    def __init__(self, path: str, limits: Limits):
        self.path = path
        self.limits = limits
        self._tf: Optional[tarfile.TarFile] = None
        self._it: Optional[Iterator[tarfile.TarInfo]] = None
        self._pos = -1
        self._broken: Optional[str] = None

    def read(self, position: Optional[int], name: str) -> bytes:
        label = f"{self.path}!{name}"
        if self._broken:
            raise CorruptFileError(self._broken, label)
        if position is None:
            return _read_tar_member_by_scan(self.path, name, None, self.limits)
        try:
            if self._tf is None:
                self._tf = tarfile.open(self.path, "r|*")
                self._it = iter(self._tf)
            assert self._it is not None
            if position <= self._pos:  # asked out of order: fall back to a fresh scan
                return _read_tar_member_by_scan(self.path, name, position, self.limits)
            ti = None
            while self._pos < position:
                ti = next(self._it, None)
                self._pos += 1
                if ti is None:
                    raise UnreadableFileError("member no longer in the archive", label)
            assert ti is not None
            if ti.name != name or not ti.isreg():
                raise UnreadableFileError("the archive changed during the run", label)
            fh = self._tf.extractfile(ti)
            if fh is None:
                raise UnreadableFileError("member is not a regular file", label)
            return _read_capped(fh, self.limits.max_member_bytes, label)
        except VnplanError:
            raise
        except (tarfile.TarError, OSError, EOFError, ValueError) as e:
            self._broken = f"damaged tar archive: {e}"
            raise CorruptFileError(self._broken, label) from None

    def close(self) -> None:
        if self._tf is not None:
            try:
                self._tf.close()
            except Exception:  # pragma: no cover - closing a broken stream
                pass
            self._tf = None


__all__ = [
    "ARCHIVE_SUFFIXES",
    "ArchiveLimitError",
    "DEFAULT_LIMITS",
    "Limits",
    "PathTraversalError",
    "WorkItem",
    "archive_kind",
    "collect_items",
    "doc_format",
    "safe_member_parts",
    "with_payloads",
]
