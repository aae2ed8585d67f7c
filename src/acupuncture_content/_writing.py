"""Writing output files without destroying what is there, or handing it to anyone.

:func:`write_output` (``render --output``) walks its path once, one name at a time
from folder descriptors, and does all else on descriptors: a file, link or folder
swapped in at the path meanwhile cannot make it write, chmod or chown anything else.

- Standard output or error named as a file (``/dev/stdout``, ``/proc/self/fd/2``, the
  file the shell redirected it to) is written through its descriptor, like ``-``.
- A symbolic link (the last name or a folder on the way) is followed only if it is
  the user's or root's, under one name: with another user's, whoever can write a
  folder could point root's output at any file (:class:`PermissionError`).
- A regular file (or a new one) is replaced atomically: a new file beside it gets the
  data, ``fsync``, the old file's permission bits (never set-id bits) and, if root
  writes it, the old owner (``fchmod``/``fchown`` on its descriptor), and is renamed
  over the name. A new file's mode is the umask's, applied by the kernel.
- Any other file but a folder (a FIFO, ``/dev/null``) is written through, reopened
  from the descriptor that was examined.
- A read-only file, or a folder, is an error, even for root, who could overwrite it.

:func:`replace_file_at` is the replacement alone, for the static export.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

__all__ = ["FOLDER_FLAGS", "replace_file_at", "writable_by_mode", "write_output"]

_NEW_FILE_MODE = 0o666  # less the umask, as for open(path, "w")
#: Flags to open a folder by path, for the *at() calls made relative to it.
FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
# A descriptor that names a file without opening it; a link is the link itself.
_LOOK = os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC
_MAX_LINKS = 40  # the kernel's own limit before ELOOP


def writable_by_mode(status: os.stat_result) -> bool:
    """Whether the permission bits let this process write the file.

    Root may write anything, but a file made read-only says "do not overwrite": the
    owner's, group's or others' write bit decides, as for any other user.
    """
    uid = os.geteuid()
    if uid == status.st_uid:
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


def replace_file_at(
    folder: int,
    name: str,
    data: bytes,
    like: os.stat_result | None = None,
    before_rename: Callable[[], None] | None = None,
) -> None:
    """Atomically replace (or create) the file ``name`` in the folder descriptor ``folder``.

    The data goes to a new file in the same folder (a short random name: a target name
    near the file system's limit still has room), flushed to disk, and renamed over
    ``name``: a link at ``name`` is replaced, never followed. ``like`` is the status of
    the file replaced, whose permission bits and (where this process may) owner the new
    file gets. ``before_rename`` is called last; what it raises stops the replacement.

    Raises:
        OSError: the file cannot be written; nothing was replaced.
    """
    temporary = f".acupuncture-content-{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    mode = _NEW_FILE_MODE if like is None else 0o600
    descriptor = os.open(temporary, flags, mode, dir_fd=folder)
    try:
        try:
            _write_all(descriptor, data)
            if like is not None:
                with contextlib.suppress(PermissionError):  # only root gives files away
                    os.fchown(descriptor, like.st_uid, like.st_gid)
                os.fchmod(descriptor, like.st_mode & 0o777)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if before_rename is not None:
            before_rename()
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise
    with contextlib.suppress(OSError):  # the rename is durable once the folder is on disk
        synced = os.open(".", FOLDER_FLAGS, dir_fd=folder)
        try:
            os.fsync(synced)
        finally:
            os.close(synced)


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as ``render --output`` promises (see the module docstring).

    Raises:
        OSError: ``IsADirectoryError``, ``PermissionError`` (a read-only file, another
            user's link), ``FileNotFoundError`` (no such folder) or any other; it names
            ``path``.
    """
    try:
        stream = _standard_stream(path)
        if stream is not None:
            _write_all(stream, data)
            return
        with _located(str(path)) as (folder, name, found):
            if found is None:
                replace_file_at(folder, name, data)
                return
            status = os.fstat(found)
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            if not stat.S_ISREG(status.st_mode):
                # A FIFO or device is a channel, not a file to replace: write through the
                # very one examined (reopened from its descriptor, not found by name again).
                flags = os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC
                channel = os.open(f"/proc/self/fd/{found}", flags)
                try:
                    _write_all(channel, data)
                finally:
                    os.close(channel)
            elif not writable_by_mode(status):
                raise PermissionError(errno.EACCES, "the file is read-only")
            else:
                replace_file_at(folder, name, data, like=status)
    except OSError as error:  # named after the path, not a temporary file or a part of it
        raise type(error)(error.errno, error.strerror, str(path)) from error


def _standard_stream(path: Path) -> int | None:
    """Standard output's or error's descriptor, if ``path`` leads to the file it is open on.

    The kernel resolves ``path`` here (``/proc/self/fd/1`` of a pipe reads ``pipe:[1]``,
    which no walk by name can follow): whatever it leads to, output goes to our stream.
    """
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None  # nothing there, or a path that _located reports on
    for descriptor in (1, 2):
        with contextlib.suppress(OSError):  # closed
            stream = os.fstat(descriptor)
            if (stream.st_dev, stream.st_ino) == (status.st_dev, status.st_ino):
                return descriptor
    return None


@contextlib.contextmanager
def _located(path: str) -> Iterator[tuple[int, str, int | None]]:
    """Walk ``path`` one name at a time, following only links of this user or root.

    Yields ``O_PATH`` descriptors (names, not opened files) of the folder that holds the
    last name, that name, and a descriptor of what is there (never a link), or ``None``.

    Raises:
        PermissionError: a link on the way belongs to another user.
        OSError: a folder on the way is missing or not a folder, or links loop.
    """
    with contextlib.ExitStack() as opened:

        def look(name: str, folder: int | None = None) -> int:
            descriptor = os.open(name, _LOOK, dir_fd=folder)
            opened.callback(os.close, descriptor)
            return descriptor

        names = [name or "." for name in path.split("/")]
        folder, links, found = look("/" if path.startswith("/") else "."), 0, None
        while names:
            name = names.pop(0)
            try:
                found = look(name, folder)
            except FileNotFoundError:
                if names:
                    raise
                found = None
                break
            status = os.fstat(found)
            if not stat.S_ISLNK(status.st_mode):
                if names:
                    folder = found  # if not a folder, the next name fails with ENOTDIR
                continue
            links += 1
            # A second name of a link is one another user may have made (a hard link).
            if status.st_uid not in {0, os.geteuid()} or status.st_nlink != 1:
                message = "a symbolic link on the way may be another user's: not followed"
                raise PermissionError(errno.EACCES, message)
            if links > _MAX_LINKS:
                raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))
            target = os.readlink("", dir_fd=found)  # this very link, not the name's
            if target.startswith("/"):
                folder = look("/")
            names[:0] = [part or "." for part in target.split("/")]
        yield folder, name, found
