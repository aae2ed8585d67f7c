"""Atomic file writes: a reader never sees a half-written file."""

from __future__ import annotations

import errno
import functools
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_atomically"]


@functools.cache
def _new_file_mode() -> int:
    # What open() would give a new file: 0o666 less the process umask. Reading the
    # umask means setting it, so it is read once.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _naming(error: OSError, path: Path) -> OSError:
    """The same error, about ``path`` rather than the temporary file."""
    return type(error)(error.errno, error.strerror, str(path))


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename.

    The rename is atomic on POSIX and Windows, so ``path`` holds either its old content
    or all of ``data``. The file gets the permissions an ordinary write would give it
    (the existing file's, or the umask's for a new one). The temporary file is removed
    if writing fails. The folder must exist already.

    Raises:
        OSError: ``path`` cannot be written; the error names ``path``.
    """
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _new_file_mode()
        descriptor, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise _naming(error, path) from error
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _naming(error, path) from error
        raise
