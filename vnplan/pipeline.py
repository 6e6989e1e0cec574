"""The one-way flow: file → text → sections → facts → Plan."""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

from .errors import EmptyDocumentError, UnreadableFileError
from .limits import DEFAULT_LIMITS, Limits, check_document, check_size, current, using
from .models import Plan, Source
from .readers import EXTENSIONS, RawDocument, read_bytes, read_file, sha256

if TYPE_CHECKING:
    from .facts.registry import Extractor

PathLike = Union[str, "os.PathLike[str]"]


_MAX_PATH = 4096  # longer strings, or strings of several lines, are always plan text


def _one_line(s: str) -> bool:
    return len(s) <= _MAX_PATH and "\n" not in s and "\r" not in s


def _names_a_path(s: str) -> bool:
    """A one-line string that reads as a path, not as text: the extension of a format vnplan
    reads (``missing.txt``, ``kế hoạch 2024.docx``), or no whitespace at all (``plans/125``,
    ``plan``): no plan is one word long."""
    s = s.strip()
    return bool(s) and (Path(s).suffix.lower() in EXTENSIONS or not any(ch.isspace() for ch in s))


def _existing(s: str) -> bool:
    try:
        return Path(s).exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return False


def _check_extractors(extractors: Optional[Sequence[Extractor]]) -> None:
    """A bad extractor list fails before any file is read."""
    if extractors is not None:
        from .facts.registry import check_order

        check_order(extractors)


def _parse_str(source: str, format: Optional[str], ocr: str, limits: Optional[Limits],
               extractors: Optional[Sequence[Extractor]]) -> Plan:
    """A string: a file's path when it names one, an error when it looks like a path to no
    file (a typo must not be parsed as a plan's text), else plan text."""
    if format is None and _one_line(source):
        if _existing(source):
            return parse_file(source, ocr=ocr, limits=limits, extractors=extractors)
        if _names_a_path(source):
            raise UnreadableFileError(
                "no such file (a one-line string that looks like a path; give plan text to "
                "vnplan.parse_text)",
                source,
            )
    return parse_text(source, format=format or "txt", limits=limits, extractors=extractors)


def parse(
    source: Union[PathLike, bytes],
    *,
    format: Optional[str] = None,
    ocr: str = "auto",
    limits: Optional[Limits] = None,
    extractors: Optional[Sequence[Extractor]] = None,
) -> Plan:
    """Parse a plan from a path, from text, or from bytes.

    ``source`` may be a :class:`pathlib.Path` (any ``os.PathLike``), a string naming an
    existing file, a string of plan text, or bytes (then ``format`` names the format, default
    ``txt``). A one-line string that names no file but looks like a path (a known extension, or
    no whitespace) raises :class:`vnplan.errors.UnreadableFileError`; :func:`parse_text` and
    :func:`parse_file` take text and paths explicitly.
    ``ocr`` (PDF): ``auto`` (OCR only the pages without a usable text layer, when the
    ``vnplan[ocr]`` extra and Tesseract are installed), ``always`` or ``never``.
    ``limits`` (:class:`vnplan.limits.Limits`, default caps when None): past a cap the input
    fails with :class:`vnplan.errors.InputTooLargeError`.
    ``extractors``: the fact extractors to run, in order (:mod:`vnplan.facts.registry`: e.g.
    ``without("funding")``); the default list when None.
    Raises a subclass of :class:`vnplan.errors.VnplanError` for bad input.
    """
    if isinstance(source, os.PathLike):
        return parse_file(os.fspath(source), ocr=ocr, limits=limits, extractors=extractors)
    if isinstance(source, (bytes, bytearray)):
        return parse_bytes(bytes(source), format or "txt", ocr=ocr, limits=limits, extractors=extractors)
    if isinstance(source, str):
        return _parse_str(source, format, ocr, limits, extractors)
    raise TypeError(f"parse() takes a path, a str or bytes, not {type(source).__name__}")


def parse_file(path: PathLike, ocr: str = "auto", limits: Optional[Limits] = None,
               extractors: Optional[Sequence[Extractor]] = None) -> Plan:
    """Parse the plan in file ``path`` (format from the extension); the options are those of
    :func:`parse`."""
    _check_extractors(extractors)
    if Path(path).is_dir():
        raise UnreadableFileError("is a directory, not a file", str(path))
    if not _existing(str(path)):  # before the extension: a missing 'plans/125' is missing
        raise UnreadableFileError("no such file", str(path))
    with using(limits) as lim:
        try:
            check_size(Path(path).stat().st_size, EXTENSIONS.get(Path(path).suffix.lower(), ""), lim, str(path))
        except OSError:
            pass  # read_file names the problem
        doc, data = read_file(path, ocr=ocr)
        source = Source(path=str(path), format=doc.format, sha256=sha256(data), pages=doc.pages)
        return build_plan(doc, source, lim, extractors)


def parse_bytes(
    data: bytes,
    fmt: str,
    name: Optional[str] = None,
    member: Optional[str] = None,
    ocr: str = "auto",
    limits: Optional[Limits] = None,
    extractors: Optional[Sequence[Extractor]] = None,
) -> Plan:
    """Parse ``data`` in format ``fmt``; ``name`` is reported as the source path, ``member`` as
    the archive member; the options are those of :func:`parse`."""
    _check_extractors(extractors)
    with using(limits) as lim:
        check_size(len(data), fmt, lim, name)
        doc = read_bytes(data, fmt, name, ocr=ocr)
        source = Source(path=name, format=doc.format, sha256=sha256(data), pages=doc.pages, member=member)
        return build_plan(doc, source, lim, extractors)


def parse_text(text: str, format: str = "txt", name: Optional[str] = None, limits: Optional[Limits] = None,
               extractors: Optional[Sequence[Extractor]] = None) -> Plan:
    """Parse plan text given as a string (markdown residue is cleaned as for .txt files)."""
    check_document(text, (), limits or DEFAULT_LIMITS, name)  # before copying it into bytes
    return parse_bytes(text.encode("utf-8"), format, name, limits=limits, extractors=extractors)


def build_plan(doc: RawDocument, source: Source, limits: Optional[Limits] = None,
               extractors: Optional[Sequence[Extractor]] = None) -> Plan:
    """Run normalization, structure and fact extraction over a reader's output.

    The reader's output is first held to ``limits`` (the current ones when None). The facts come
    from ``extractors`` (:mod:`vnplan.facts.registry`; the default list when None), and the
    Plan is built once from them, validated.
    """
    from .normalize import normalize
    from .structure.doc_type import check_plan
    from .structure.header import extract_header
    from .structure.lines import split_lines
    from .structure.sections import build_sections
    from .structure.tables import find_tables
    from .facts import Draft, extract_facts

    path = source.path
    check_document(doc.text, doc.tables, limits or current(), path)
    if not doc.text.strip():
        raise EmptyDocumentError("the document holds no text", path)
    norm = normalize(doc.text, wrapped=doc.wrapped)
    text = norm.text
    if len(text.strip()) < 20:
        raise EmptyDocumentError("the document holds no text", path)
    warnings = list(doc.warnings)
    lines = split_lines(text)  # one line table for the header, sections and tables
    header = extract_header(text, lines)
    check_plan(header, path)
    warnings.extend(header.warnings)
    tree = build_sections(text, header, norm.heading_hints, lines)
    tables = find_tables(text, tree, lines)
    facts: dict[str, Any] = extract_facts(Draft(text, tree.sections, tables), header, tree, header.metadata,
                                          extractors)
    plan = Plan(
        source=source,
        text=text,
        metadata=header.metadata,
        sections=tree.sections,
        tables=tables,
        warnings=warnings,
        offset_map=norm.offsets.to_compact(),
        **facts,
    )
    plan._offsets = norm.offsets
    return plan
