"""One batch at a time per output folder: ``OUTDIR/.vnplan-batch.lock``.

The lock is an ``fcntl.flock`` on that file, held for the whole run; the file holds the
holder's PID and host for the message. The kernel drops the lock when its process dies, so
a killed run never leaves a stale lock behind (a lock file left by a dead process is simply
taken over). Where ``fcntl`` is missing (Windows) the file is created with ``O_EXCL`` and a
lock whose PID is no longer running is removed as stale.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Optional

from .errors import BatchUsageError

LOCK = ".vnplan-batch.lock"

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


class OutdirLock:
    """Exclusive use of an output folder; raises :class:`BatchUsageError` when it is in use."""

    def __init__(self, outdir: Path):
        self.path = outdir / LOCK
        self.fd: Optional[int] = None

    def acquire(self) -> "OutdirLock":
        """Take the lock at once or fail with a message naming the holder."""
        for _ in range(5):  # the file may be replaced between open and lock: retry
            fd = self._open()
            if fd is None:
                continue
            stamp = f"{os.getpid()} {socket.gethostname()} {time.strftime('%Y-%m-%dT%H:%M:%S')}\n"
            os.ftruncate(fd, 0)
            os.write(fd, stamp.encode())
            self.fd = fd
            return self
        raise BatchUsageError(f"cannot lock {self.path}")

    def _open(self) -> Optional[int]:
        if fcntl is None:  # pragma: no cover
            return self._open_excl()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(fd)
            os.close(fd)
            raise self._busy(holder) from None
        if os.fstat(fd).st_ino != _inode(self.path):  # unlinked by a finishing run meanwhile
            os.close(fd)
            return None
        return fd

    def _open_excl(self) -> Optional[int]:  # pragma: no cover - only without fcntl
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            pass
        holder = self.path.read_text(errors="replace").strip()
        pid = int(holder.split()[0]) if holder[:1].isdigit() else 0
        if pid and _alive(pid):
            raise self._busy(holder)
        try:
            self.path.unlink()  # stale: its process is gone
        except OSError:
            pass
        return None

    def _busy(self, holder: str) -> BatchUsageError:
        who = f" (pid {holder.split()[0]})" if holder[:1].isdigit() else ""
        return BatchUsageError(
            f"OUTDIR {self.path.parent} is in use by another vnplan batch{who}; "
            f"wait for it to finish or use another OUTDIR (lock: {self.path})"
        )

    def release(self) -> None:
        """Remove the lock file and drop the lock."""
        if self.fd is None:
            return
        try:
            self.path.unlink()
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode(errors="replace").strip()
    except OSError:
        return ""


def _inode(path: Path) -> int:
    try:
        return os.stat(path).st_ino
    except OSError:
        return -1


def _alive(pid: int) -> bool:  # pragma: no cover - only without fcntl
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
