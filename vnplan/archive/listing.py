"""Listing batch inputs as work items, in a deterministic order, without parsing anything.

Every file under an input folder or archive becomes one item: a document to parse, or an
error item that still gets its manifest row (``unsupported_format`` for an extension vnplan
does not read, ``path_traversal``, ``encrypted``, ``archive_limit``, ``unreadable`` for a
broken symlink or a symlink/device member, ``empty`` for an archive holding no file, …).
Only junk is left out — hidden files and folders in a folder walk, ``__MACOSX/``, ``._*``,
``.DS_Store``, ``Thumbs.db``, ``desktop.ini`` — and it is counted (:attr:`Listing.junk`),
so that rows + junk = files. Directory entries of archives are not files.
"""

from __future__ import annotations

import os
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .items import DEFAULT_LIMITS, Limits, PathTraversalError, WorkItem
from .safety import (
    archive_kind,
    doc_format,
    is_hidden,
    is_junk,
    json_name,
    safe_member_parts,
    unsupported_message,
    zip_is_regular,
)

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


@dataclass
class Listing:
    """The work items of some inputs, and the junk files left out (their labels)."""

    items: list[WorkItem] = field(default_factory=list)
    junk: list[str] = field(default_factory=list)


class _Walk:
    """Accumulates protos and junk while inputs are walked."""

    def __init__(self, limits: Limits, exclude: Optional[str]):
        self.limits = limits
        self.exclude = exclude
        self.protos: list[_Proto] = []
        self.junk: list[str] = []


def list_inputs(
    inputs: Iterable["str | os.PathLike[str]"],
    *,
    limits: Limits = DEFAULT_LIMITS,
    exclude: Optional["str | os.PathLike[str]"] = None,
) -> Listing:
    """The work items of ``inputs`` in a deterministic order, and the junk left out.

    Order: inputs as given; inside a folder, relative paths sorted component by component;
    inside an archive, the archive's own member order. ``exclude`` is a folder never walked
    (the output folder; not counted as junk). The same file or member reached twice is listed
    once. Missing inputs raise :class:`FileNotFoundError`. Output names that would collide
    (``kh.txt`` and ``kh.pdf`` in one folder) keep the source extension: ``kh.json``, then
    ``kh.pdf.json``.
    """
    walk = _Walk(limits, os.path.realpath(exclude) if exclude is not None else None)
    for inp in inputs:
        src = os.fspath(inp)
        if not os.path.lexists(src):
            raise FileNotFoundError(f"no such file or directory: {src}")
        if os.path.isdir(src):
            _walk_folder(walk, src)
        else:
            _one_path(walk, src, [os.path.basename(src.rstrip("/\\")) or src])
    return Listing(_finalize(walk.protos), walk.junk)


def collect_items(
    inputs: Iterable["str | os.PathLike[str]"],
    *,
    limits: Limits = DEFAULT_LIMITS,
    exclude: Optional["str | os.PathLike[str]"] = None,
) -> list[WorkItem]:
    """The work items of ``inputs`` (see :func:`list_inputs`, which also counts the junk)."""
    return list_inputs(inputs, limits=limits, exclude=exclude).items


def _one_path(walk: _Walk, path: str, rel: list[str]) -> None:
    kind = archive_kind(rel[-1])
    if kind == "zip":
        walk.protos.extend(_nonempty(path, "zip", _zip_members(walk, path, rel)))
    elif kind == "tar":
        walk.protos.extend(_nonempty(path, "tar", _tar_members(walk, path, rel)))
    elif not os.path.isfile(path):  # a broken symlink, a socket, a FIFO …
        walk.protos.append(_Proto(path, None, None, None, error_kind="unreadable",
                                  error="not a regular file (broken symlink, socket or device)"))
    else:
        fmt = doc_format(rel[-1])
        if fmt is None:
            walk.protos.append(_Proto(path, None, None, None, error_kind="unsupported_format",
                                      error=unsupported_message(rel[-1])))
        else:
            walk.protos.append(_Proto(path, None, rel, fmt))


def _nonempty(path: str, container: str, members: Iterator[_Proto]) -> list[_Proto]:
    """The members of an archive, or one ``empty`` error item when it holds no file at all."""
    found = list(members)
    if found:
        return found
    return [_Proto(path, None, None, None, container, error_kind="empty",
                   error="the archive holds no file")]


def _walk_folder(walk: _Walk, top: str) -> None:
    found: list[tuple[tuple[str, ...], str]] = []
    for dirpath, dirnames, filenames in os.walk(top):
        keep = []
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if walk.exclude is not None and os.path.realpath(full) == walk.exclude:
                continue  # the output folder: neither input nor junk
            if is_hidden(d) or is_junk([d]):
                walk.junk.extend(_files_below(full))
                continue
            keep.append(d)
        dirnames[:] = sorted(keep)
        rel_dir = os.path.relpath(dirpath, top)
        base = () if rel_dir == "." else tuple(Path(rel_dir).parts)
        for f in filenames:
            full = os.path.join(dirpath, f)
            if is_hidden(f) or is_junk([f]):
                walk.junk.append(full)
            else:
                found.append((base + (f,), full))
    found.sort(key=lambda t: t[0])
    for parts, full in found:
        _one_path(walk, full, list(parts))


def _files_below(folder: str) -> list[str]:
    """Every file under a skipped folder (counted as junk, never read)."""
    return [os.path.join(d, f) for d, _dirs, files in os.walk(folder) for f in files]


def _zip_members(walk: _Walk, path: str, rel: list[str]) -> Iterator[_Proto]:
    limits = walk.limits
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
        total = sum(zi.file_size for zi in infos if zip_is_regular(zi))
        if total > limits.max_total_bytes:
            yield _Proto(
                path, None, None, None, "zip", error_kind="archive_limit",
                error=f"archive refused: {total} uncompressed bytes, over the cap of {limits.max_total_bytes}",
            )
            return
        for pos, zi in enumerate(infos):
            if zi.is_dir():
                continue
            yield from _member_proto(walk, path, rel, "zip", pos, zi.filename, zip_is_regular(zi), zi.file_size,
                                     encrypted=bool(zi.flag_bits & 0x1))


def _member_proto(
    walk: _Walk,
    path: str,
    rel: list[str],
    container: str,
    pos: int,
    name: str,
    regular: bool,
    size: int,
    *,
    encrypted: bool,
) -> Iterator[_Proto]:
    """The item of one archive entry that is not a directory (nothing for junk, counted)."""
    try:
        parts = safe_member_parts(name)
    except PathTraversalError as e:
        yield _Proto(path, name, None, None, container, pos, size, error_kind=e.kind, error=e.message)
        return
    if not parts:
        return
    if is_junk(parts):
        walk.junk.append(f"{path}!{name}")
        return
    fmt = doc_format(parts[-1])
    out = [*rel, *parts]
    if not regular:
        yield _Proto(path, name, None, None, container, pos, size, "unreadable",
                     "not a regular file (symlink, hard link or device member): not followed")
    elif fmt is None:
        yield _Proto(path, name, None, None, container, pos, size, "unsupported_format",
                     unsupported_message(parts[-1]))
    elif encrypted:
        yield _Proto(path, name, out, fmt, container, pos, size, "encrypted", "the archive member is encrypted")
    elif size > walk.limits.max_member_bytes:
        yield _Proto(
            path, name, out, fmt, container, pos, size, "archive_limit",
            f"member refused: {size} bytes, over the cap of {walk.limits.max_member_bytes}",
        )
    else:
        yield _Proto(path, name, out, fmt, container, pos, size)


def _tar_members(walk: _Walk, path: str, rel: list[str]) -> Iterator[_Proto]:
    limits = walk.limits
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
                if not ti.isdir():
                    members.extend(_member_proto(walk, path, rel, "tar", count - 1, ti.name, ti.isreg(), ti.size,
                                                 encrypted=False))
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
    cand = json_name(rel)
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
