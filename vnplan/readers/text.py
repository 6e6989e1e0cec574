"""Plain-text reader: byte decoding (UTF-8, UTF-16, cp1258) and line-end / NFC normalization.

The same decoding is used by the markdown and HTML readers (:func:`decode_bytes`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Optional

from ..errors import UnsupportedFormatError
from . import RawDocument

__all__ = ["read_text", "decode_text", "decode_bytes", "clean_text"]

# how many bytes are sampled to guess BOM-less UTF-16 and binary content
_SAMPLE = 8192
# share of control characters (besides TAB, LF, CR, FF, VT) above which a text is binary
_MAX_CONTROL_SHARE = 0.10
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")


def _utf16_without_bom(data: bytes) -> Optional[str]:
    """The codec name if ``data`` looks like BOM-less UTF-16 (NULs on one byte parity), else None.

    ASCII and Latin-1 letters (most of a Vietnamese text) have a zero high byte in UTF-16, so
    one parity of the byte positions is mostly NUL and the other almost never is.
    """
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    half = len(sample) // 2
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    if odd_nul >= 0.3 * half and even_nul <= 0.02 * half:
        return "utf-16-le"
    if even_nul >= 0.3 * half and odd_nul <= 0.02 * half:
        return "utf-16-be"
    return None


def _is_binary_text(text: str) -> bool:
    """True if a decoded text is mostly control characters (a binary file decoded by force)."""
    sample = text[:_SAMPLE]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample)


def clean_text(text: str) -> str:
    """CRLF / CR (and Unicode line separators) → LF, a leading BOM dropped, NFC."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _NEWLINES.sub("\n", text)
    return unicodedata.normalize("NFC", text)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode_with_bom(data: bytes, warnings: list[str]) -> Optional[tuple[str, str]]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                warnings.append(f"invalid {enc} bytes replaced by U+FFFD")
                return data[len(bom):].decode(enc, errors="replace"), enc
    return None


def _decode_utf16(data: bytes, path: Optional[str], warnings: list[str]) -> Optional[tuple[str, str]]:
    """BOM-less UTF-16 told by its NUL bytes; other NUL bytes mean a binary file."""
    if b"\x00" not in data:
        return None
    enc16 = _utf16_without_bom(data)
    if enc16 is None:
        raise UnsupportedFormatError("binary file, not text", path)
    try:
        text = data.decode(enc16)
    except UnicodeDecodeError:
        raise UnsupportedFormatError("binary file, not text", path) from None
    warnings.append(f"no byte-order mark: decoded as {enc16}")
    return text, enc16


def _decode_utf8(data: bytes) -> Optional[tuple[str, str]]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def _decode_declared(data: bytes, declared: Optional[str], warnings: list[str]) -> Optional[tuple[str, str]]:
    """The charset a page declares, when it decodes the bytes."""
    if not declared:
        return None
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        warnings.append(f"unknown declared charset {declared!r} ignored")
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        warnings.append(f"declared charset {declared!r} does not decode the bytes")
        return None


def decode_bytes(
    data: bytes, path: Optional[str] = None, declared: Optional[str] = None
) -> tuple[str, str, list[str]]:
    """Decode text bytes; returns ``(text, encoding, warnings)``. The text is not cleaned.

    Order: a BOM (UTF-8, UTF-16 LE/BE, UTF-32) wins; then BOM-less UTF-16 guessed from the
    NUL-byte pattern; then strict UTF-8 (valid UTF-8 is taken as UTF-8 whatever a page
    declares); then a ``declared`` charset (HTML ``<meta charset>``) if it decodes the bytes;
    then the single-byte Vietnamese encodings — cp1258 (Windows codepage), TCVN3 or VNI —
    whichever turns the bytes into Vietnamese syllables (:mod:`vnplan.readers.legacy`). NUL bytes outside UTF-16, or a
    result that is mostly control characters, mean a binary file:
    :class:`UnsupportedFormatError` ``("binary file, not text", path)``.
    """
    warnings: list[str] = []
    if not data:
        return "", "utf-8", warnings
    found = (_decode_with_bom(data, warnings) or _decode_utf16(data, path, warnings)
             or _decode_utf8(data) or _decode_declared(data, declared, warnings))
    text, encoding = found if found else (None, "")
    if text is None:
        text, encoding = _decode_single_byte(data, warnings)
    if _is_binary_text(text):
        raise UnsupportedFormatError("binary file, not text", path)
    return text, encoding, warnings


_LEGACY_NAMES = {
    "cp1258": "cp1258 (Vietnamese Windows codepage)",
    "tcvn3": "TCVN3 (ABC fonts .VnTime…), converted to Unicode",
    "vni": "VNI (fonts VNI-Times…), converted to Unicode",
}


def _decode_single_byte(data: bytes, warnings: list[str]) -> tuple[str, str]:
    """Bytes that are not UTF-8: cp1258, TCVN3 or VNI, told from the bytes (legacy.py)."""
    from .legacy import decode_legacy_bytes

    text, encoding = decode_legacy_bytes(data)
    if encoding == "cp1258" and "\ufffd" in text:
        warnings.append("bytes undefined in cp1258 replaced by U+FFFD")
    warnings.append(f"not valid UTF-8: decoded as {_LEGACY_NAMES[encoding]}")
    return text, encoding


def decode_text(data: bytes, path: Optional[str] = None) -> str:
    """Decode text bytes (see :func:`decode_bytes`) and clean them: LF line ends, NFC."""
    text, _enc, _warnings = decode_bytes(data, path)
    return clean_text(text)


def read_text(data: bytes, path: Optional[str] = None) -> RawDocument:
    """Read a plain-text plan. No table detection (tables stay as text lines)."""
    text, _enc, warnings = decode_bytes(data, path)
    return RawDocument(text=clean_text(text), format="txt", warnings=warnings)
