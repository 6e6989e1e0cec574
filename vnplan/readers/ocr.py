"""OCR of PDF pages with Tesseract and its Vietnamese model (the optional ``vnplan[ocr]`` extra).

A page is rendered with pdfplumber's ``page.to_image`` (pypdfium2, offline) and read by
Tesseract through ``pytesseract.image_to_data``; the words come back with their boxes in PDF
points, so the PDF reader lays them out exactly as it lays out a text layer (lines, two-column
header and signature blocks, wrapped lines joined). Nothing here is imported until a page needs
OCR; :func:`unavailable` says what is missing and how to get it.

Needs: ``pip install 'vnplan[ocr]'`` (pytesseract) and the Tesseract binary with the ``vie``
model (Debian/Ubuntu: ``apt-get install tesseract-ocr tesseract-ocr-vie``).
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from functools import lru_cache
from typing import Any, Optional

__all__ = ["OCRFailed", "unavailable", "page_words", "DPI", "LANG"]

DPI = 300  # Tesseract reads 10–13 pt print best at 300 dpi
LANG = "vie"
MIN_CONF = 0.0  # Tesseract's confidence below which a "word" is noise (-1: not a word)
TIMEOUT = 120  # seconds per page
_HOW = ("to read it, enable OCR: pip install 'vnplan[ocr]' and "
        "apt-get install tesseract-ocr tesseract-ocr-vie")


class OCRFailed(RuntimeError):
    """Tesseract failed on one page."""


@lru_cache(maxsize=1)
def unavailable() -> Optional[str]:
    """None when OCR can run; else what is missing and how to enable OCR."""
    try:
        import pytesseract
    except ImportError:
        return "OCR not installed; " + _HOW
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return "the tesseract binary is not on PATH; " + _HOW
    try:
        langs = pytesseract.get_languages(config="")
    except Exception as e:  # a broken install
        return f"tesseract does not run ({e}); " + _HOW
    if LANG not in langs:
        return "Tesseract's Vietnamese model is missing; apt-get install tesseract-ocr-vie"
    return None


def page_words(page: Any, dpi: int = DPI) -> list[dict[str, Any]]:
    """The words Tesseract reads on a pdfplumber page, as pdfplumber-style word dicts."""
    import pytesseract

    # Tesseract's OpenMP threads thrash on small machines (8.3 s a page with them, 1.5 s
    # without, on 2 cores); batch workers give parallelism. The caller may set it otherwise.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        image = page.to_image(resolution=dpi).original.convert("L")
        data = pytesseract.image_to_data(image, lang=LANG, config="--psm 3",
                                         output_type=pytesseract.Output.DICT, timeout=TIMEOUT)
    except Exception as e:  # TesseractError, RuntimeError (timeout), rendering errors
        raise OCRFailed(str(e) or type(e).__name__) from None
    return _words(data, 72.0 / dpi)


def _words(data: dict[str, list[Any]], scale: float) -> list[dict[str, Any]]:
    """Word dicts in points; every word of a Tesseract line gets the line's top and bottom
    (tone marks above and descenders below would otherwise scatter one line over three)."""
    words: list[dict[str, Any]] = []
    keys: list[tuple[int, int, int]] = []
    for i, text in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", (text or "").strip())
        if not text or float(data["conf"][i]) < MIN_CONF:
            continue
        x, y, w, h = (data[k][i] * scale for k in ("left", "top", "width", "height"))
        words.append({"text": text, "x0": x, "x1": x + w, "top": y, "bottom": y + h})
        keys.append((data["block_num"][i], data["par_num"][i], data["line_num"][i]))
    spans: dict[tuple[int, int, int], tuple[float, float]] = {}
    for w, k in zip(words, keys):
        top, bottom = spans.get(k, (w["top"], w["bottom"]))
        spans[k] = (min(top, w["top"]), max(bottom, w["bottom"]))
    for w, k in zip(words, keys):
        w["top"], w["bottom"] = spans[k]
    return words
