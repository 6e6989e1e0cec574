"""Reading documents out of files and archives, every read capped (the zip-bomb guard).

Files and zip members are read where the item is processed (a worker process re-opens the
zip, with a per-process cache of open archives); members of a tar stream cannot be reached
without decompressing everything before them, so the parent reads them in order with
:func:`with_payloads`, one window of items at a time, which keeps memory bounded by the
number of items in flight.
"""

from __future__ import annotations

import dataclasses
import os
import tarfile
import threading
import zipfile
from typing import IO, Iterable, Iterator, Optional

from ..errors import CorruptFileError, EncryptedFileError, UnreadableFileError, VnplanError
from .items import DEFAULT_LIMITS, ArchiveLimitError, Limits, WorkItem


def read_capped(fh: IO[bytes], limit: int, label: str) -> bytes:
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


def read_file(path: str, limits: Limits) -> bytes:
    """The bytes of a plain file, at most ``limits.max_member_bytes`` (typed errors otherwise)."""
    try:
        with open(path, "rb") as fh:
            return read_capped(fh, limits.max_member_bytes, path)
    except IsADirectoryError:
        raise UnreadableFileError("is a directory, not a file", path) from None
    except FileNotFoundError:
        raise UnreadableFileError("no such file", path) from None
    except PermissionError:
        raise UnreadableFileError("permission denied", path) from None
    except OSError as e:
        raise UnreadableFileError(f"cannot read: {e.strerror or e}", path) from None


# Open archives of this process, least recently used first: (mtime_ns, size), the ZipFile and
# the lock its readers hold. Not per-document data: a reopened or evicted archive is closed
# under its own lock, and a reader that finds its archive closed opens it again.
_ZIP_CACHE: dict[str, tuple[tuple[int, int], zipfile.ZipFile, threading.Lock]] = {}
_ZIP_CACHE_LOCK = threading.Lock()
_ZIP_CACHE_SIZE = 4


def _open_zip(path: str) -> tuple[zipfile.ZipFile, threading.Lock]:
    """An open ZipFile for ``path``, cached per process (reopening parses the whole directory)."""
    st = os.stat(path)
    stamp = (st.st_mtime_ns, st.st_size)
    retired: list[tuple[zipfile.ZipFile, threading.Lock]] = []
    try:
        with _ZIP_CACHE_LOCK:
            hit = _ZIP_CACHE.pop(path, None)
            if hit and hit[0] == stamp:
                _ZIP_CACHE[path] = hit  # now the most recently used
                return hit[1], hit[2]
            if hit:
                retired.append((hit[1], hit[2]))
            while len(_ZIP_CACHE) >= _ZIP_CACHE_SIZE:
                _, old, old_lock = _ZIP_CACHE.pop(next(iter(_ZIP_CACHE)))
                retired.append((old, old_lock))
            zf = zipfile.ZipFile(path)
            lock = threading.Lock()
            _ZIP_CACHE[path] = (stamp, zf, lock)
            return zf, lock
    finally:
        for old, old_lock in retired:  # after its readers are done with it
            with old_lock:
                old.close()


def _read_open_member(zf: zipfile.ZipFile, name: str, position: Optional[int], limits: Limits, label: str) -> bytes:
    """The bytes of one member of an open archive (by entry number, else by name), capped."""
    infos = zf.infolist()
    if position is not None and position < len(infos) and infos[position].filename == name:
        zi = infos[position]
    else:
        zi = zf.getinfo(name)
    if zi.file_size > limits.max_member_bytes:
        raise ArchiveLimitError(f"member refused: {zi.file_size} bytes, over the cap", label)
    with zf.open(zi) as fh:
        return read_capped(fh, min(limits.max_member_bytes, zi.file_size), label)


def _read_cached_member(path: str, name: str, position: Optional[int], limits: Limits, label: str) -> bytes:
    """Read a member through the cache of open archives, reopening one closed meanwhile."""
    while True:
        zf, lock = _open_zip(path)
        with lock:
            if zf.fp is not None:  # None: evicted by another thread since _open_zip
                return _read_open_member(zf, name, position, limits, label)


def read_zip_member(path: str, name: str, position: Optional[int], limits: Limits) -> bytes:
    """The bytes of one zip member (found by its entry number, else by name), capped."""
    label = f"{path}!{name}"
    try:
        return _read_cached_member(path, name, position, limits, label)
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


def read_tar_member_by_scan(path: str, name: str, position: Optional[int], limits: Limits) -> bytes:
    """The bytes of one tar member, found by streaming the archive from its start."""
    label = f"{path}!{name}"
    try:
        with tarfile.open(path, "r|*") as tf:
            for i, ti in enumerate(tf):
                if (position is None or i == position) and ti.name == name and ti.isreg():
                    fh = tf.extractfile(ti)
                    if fh is None:
                        break
                    return read_capped(fh, limits.max_member_bytes, label)
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
            return read_tar_member_by_scan(self.path, name, None, self.limits)
        try:
            if self._tf is None:
                self._tf = tarfile.open(self.path, "r|*")
                self._it = iter(self._tf)
            assert self._it is not None
            if position <= self._pos:  # asked out of order: fall back to a fresh scan
                return read_tar_member_by_scan(self.path, name, position, self.limits)
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
            return read_capped(fh, self.limits.max_member_bytes, label)
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
