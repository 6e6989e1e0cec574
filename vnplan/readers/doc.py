"""Legacy Word 97–2003 ``.doc``: converted to DOCX by LibreOffice headless, then read as DOCX.

LibreOffice (``soffice``) must be on PATH (Debian/Ubuntu: ``apt-get install
libreoffice-writer-nogui``); without it, :class:`UnsupportedFormatError` names the fix. Each
process uses its own LibreOffice profile under the temporary directory
(``-env:UserInstallation=file:///tmp/vnplan-lo-<uid>-<pid>``), so parallel batch workers do not
lock each other out, and a conversion is stopped after :data:`TIMEOUT` seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Optional

from ..errors import CorruptFileError, UnsupportedFormatError
from . import RawDocument

__all__ = ["read_doc", "TIMEOUT"]

TIMEOUT = 120  # seconds for one conversion
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FIX = "install LibreOffice (apt-get install libreoffice-writer-nogui) so that soffice is on PATH"


def _soffice() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> str:
    """The LibreOffice user profile of this thread: one soffice started on a profile already
    in use hands its job to the running one and exits before the output exists, so threads
    converting at the same time (a threaded Dask worker) each need their own."""
    path = Path(tempfile.gettempdir()) / f"vnplan-lo-{os.getuid()}-{os.getpid()}-{threading.get_ident()}"
    return path.as_uri()


def convert_to_docx(data: bytes, path: Optional[str] = None) -> bytes:
    """The DOCX LibreOffice makes of ``.doc`` bytes."""
    binary = _soffice()
    if binary is None:
        raise UnsupportedFormatError(f"legacy .doc needs LibreOffice to be read: {_FIX}", path)
    with tempfile.TemporaryDirectory(prefix="vnplan-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        cmd = [binary, f"-env:UserInstallation={_profile()}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False,
                           stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise CorruptFileError(f"LibreOffice did not convert the .doc within {TIMEOUT} s", path) from None
        out = Path(tmp) / "in.docx"
        if not out.exists():
            raise CorruptFileError("damaged .doc: LibreOffice could not convert it", path)
        return out.read_bytes()


def read_doc(data: bytes, path: Optional[str] = None) -> RawDocument:
    """Read a Word 97–2003 plan (see the module docstring)."""
    from .docx import read_docx

    if not data.startswith(OLE_MAGIC):
        raise CorruptFileError("not a Word 97-2003 .doc file (no OLE header)", path)
    doc = read_docx(convert_to_docx(data, path), path)
    doc.format = "doc"
    doc.warnings.append("legacy .doc converted to DOCX with LibreOffice")
    return doc
