"""Writing output files without destroying what is there.

:func:`write_output` is what ``render --output`` does with its path:

- a regular file (or a new one) is replaced atomically: the data goes to a new file
  beside it, is flushed to disk (``fsync``), takes the old file's permissions (a new
  file gets the process umask's, applied by the kernel when it is created, never
  read with ``os.umask``, which would race other threads), and is renamed over the
  target, so readers see the old content or all of the new;
- a symbolic link is followed: the file it points to is what gets written;
- anything that is not a regular file (a FIFO, ``/dev/null``, a terminal, a
  socket) is written through, never replaced;
- the file behind standard output or standard error (``/dev/stdout``,
  ``/proc/self/fd/1`` when the shell redirected it to a file) is written through its
  descriptor, like ``-``: appending when the shell appends, never replacing the file;
- a read-only file, or a directory, is an error (:class:`PermissionError`,
  :class:`IsADirectoryError`), even for root, who could overwrite it.

:func:`replace_file` and :func:`replace_file_at` are the atomic replacement alone,
for callers that have checked the target themselves (the static export, which works
from folder descriptors so that no link can lead it elsewhere).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

__all__ = ["FOLDER_FLAGS", "replace_file", "replace_file_at", "writable_by_mode", "write_output"]

_NEW_FILE_MODE = 0o666  # less the umask, as for open(path, "w")
#: Flags to open a folder by path, for the *at() calls made relative to it.
FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC


def _naming(error: OSError, path: Path | str) -> OSError:
    """The same error, about ``path`` rather than a temporary file."""
    return type(error)(error.errno, error.strerror, str(path))


def writable_by_mode(status: os.stat_result) -> bool:
    """Whether the permission bits let this process write the file.

    Root may write anything, but a file made read-only says "do not overwrite": the
    owner's, group's or others' write bit decides, as for any other user.
    """
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid is None or uid == status.st_uid:
        return bool(status.st_mode & stat.S_IWUSR)
    if uid == 0:
        return bool(status.st_mode & 0o222)
    if status.st_gid == os.getegid() or status.st_gid in os.getgroups():
        return bool(status.st_mode & stat.S_IWGRP)
    return bool(status.st_mode & stat.S_IWOTH)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def replace_file(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Atomically replace (or create) the regular file ``path`` with ``data``.

    Args:
        path: The file; its folder must exist. It must not be a symlink or a
            non-regular file (callers check).
        data: The new content.
        mode: Permission bits to give the file; ``None`` for a new file's default.

    Raises:
        OSError: the file cannot be written; the error names ``path``.
    """
    try:
        folder = os.open(path.parent, FOLDER_FLAGS)
    except OSError as error:
        raise _naming(error, path) from error
    try:
        replace_file_at(folder, path.name, data, mode=mode, shown=str(path))
    finally:
        os.close(folder)


def replace_file_at(
    folder: int, name: str, data: bytes, *, mode: int | None = None, shown: str
) -> None:
    """Atomically replace (or create) the file ``name`` in the open folder ``folder``.

    The data goes to a new file in the same folder (a short random name, so that a
    target name near the file system's limit still has room), is flushed to disk, and
    is renamed over ``name``: a link at ``name`` is replaced, never followed.

    Args:
        folder: A descriptor of the folder.
        name: The file's name in it.
        data: The new content.
        mode: Permission bits to give the file; ``None`` for a new file's default.
        shown: How to name the file in errors.

    Raises:
        OSError: the file cannot be written; the error names ``shown``.
    """
    temporary = f".acupuncture-content-{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
    try:
        descriptor = os.open(
            temporary, flags, 0o600 if mode is not None else _NEW_FILE_MODE, dir_fd=folder
        )
    except OSError as error:
        raise _naming(error, shown) from error
    try:
        try:
            _write_all(descriptor, data)
            if mode is not None:
                os.fchmod(descriptor, mode)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        if isinstance(error, OSError):
            raise _naming(error, shown) from error
        raise
    # The rename is durable once the folder's entry is on disk too.
    with contextlib.suppress(OSError):
        os.fsync(folder)


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as ``render --output`` promises (see the module docstring).

    Raises:
        IsADirectoryError: ``path`` is a directory.
        PermissionError: ``path`` is a read-only file.
        FileNotFoundError: ``path``'s folder does not exist.
        OSError: any other failure; the error names ``path``.
    """
    # The path itself first, every link followed by the kernel: /dev/stdout and
    # /proc/self/fd/N are links that no path resolution can turn back into a file name
    # (a pipe's is "pipe:[123]").
    try:
        status = path.stat()
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise _naming(error, path) from error
    if status is not None and _written_through(path, status, data):
        return
    target = Path(os.path.realpath(path))  # a symlink is followed to what it names
    if status is None:
        if not target.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(target.parent))
        replace_file(target, data)
        return
    if not writable_by_mode(status):
        raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    replace_file(target, data, mode=stat.S_IMODE(status.st_mode))
    if hasattr(os, "chown") and status.st_uid != os.geteuid():
        # Root replacing someone's file gives it back to its owner.
        with contextlib.suppress(OSError):
            os.chown(target, status.st_uid, status.st_gid)


def _written_through(path: Path, status: os.stat_result, data: bytes) -> bool:
    """Write ``data`` through a channel or a standard stream; ``False`` for a plain file.

    Raises:
        IsADirectoryError: ``path`` is a directory.
        OSError: the write failed.
    """
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(status.st_mode):
        # A FIFO, device or socket is a channel, not a file to replace: write through.
        _write_through(path, data, path)
        return True
    stream = _standard_stream_of(status)
    if stream is None:
        return False
    _write_descriptor(stream, data, path)
    return True


def _standard_stream_of(status: os.stat_result) -> int | None:
    """Standard output's or error's descriptor, if it is open on this very file."""
    for descriptor in (1, 2):
        try:
            stream = os.fstat(descriptor)
        except OSError:
            continue  # closed
        if (stream.st_dev, stream.st_ino) == (status.st_dev, status.st_ino):
            return descriptor
    return None


def _write_descriptor(descriptor: int, data: bytes, shown: Path) -> None:
    try:
        _write_all(descriptor, data)
    except OSError as error:
        raise _naming(error, shown) from error


def _write_through(target: Path, data: bytes, shown: Path) -> None:
    try:
        descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | os.O_CLOEXEC)
    except OSError as error:
        raise _naming(error, shown) from error
    try:
        _write_descriptor(descriptor, data, shown)
    finally:
        os.close(descriptor)
