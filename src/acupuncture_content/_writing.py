"""Writing output files without destroying what is there, or handing it to anyone.

:func:`write_output` (``render --output``) walks its path once, one name at a time
from folder descriptors, and does all else on descriptors: a file, link or folder
swapped in at the path meanwhile cannot make it write, chmod or chown anything else.

- A symbolic link, FIFO or device (at the end, or a link on the way) is used only if
  it is the user's or root's, under one name: another user's link could point root's
  output at any file, their FIFO or terminal hold it forever (:class:`PermissionError`).
  The kernel follows its own links to open files (``/proc/self/fd/1``: ``pipe:[1]``).
- Standard output or error, found so (``/dev/stdout``, ``/proc/self/fd/2``, the file
  the shell redirected it to), is written through its descriptor, like ``-``.
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
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

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
        OSError: ``IsADirectoryError``, ``PermissionError`` (a read-only file; another
            user's link, FIFO or device), ``FileNotFoundError`` (no such folder) or any
            other; it names ``path``.
    """
    try:
        with _located(str(path)) as (folder, name, found):
            if found is None:
                replace_file_at(folder, name, data)
                return
            status = os.fstat(found)
            stream = _standard_stream(status)
            if stream is not None:
                _write_all(stream, data)
            elif stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            elif not stat.S_ISREG(status.st_mode):
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


def _standard_stream(found: os.stat_result) -> int | None:
    """Standard output's or error's descriptor, if ``found`` is the file it is open on."""
    for descriptor in (1, 2):
        with contextlib.suppress(OSError):  # closed
            if os.path.samestat(os.fstat(descriptor), found):
                return descriptor
    return None


def _kernel_links_device() -> int | None:
    """The device of ``/proc``, whose links only the kernel makes; ``None`` without it."""
    with contextlib.suppress(OSError):
        return Path("/proc/self").stat().st_dev
    return None


@contextlib.contextmanager
def _located(path: str) -> Iterator[tuple[int, str, int | None]]:
    """Walk ``path`` one name at a time, following only links of this user or root.

    A link in ``/proc`` whose target is not a path (``/proc/self/fd/1`` of a pipe reads
    ``pipe:[1]``) names an open file: the kernel, which made it, follows it. Yields
    ``O_PATH`` descriptors (names, not opened files) of the folder that holds the last
    name, that name, and a descriptor of what is there (never a link), or ``None``.

    Raises:
        PermissionError: a link on the way, or a FIFO or device at the end, may be
            another user's.
        OSError: a folder on the way is missing or not a folder, or links loop.
    """
    with contextlib.ExitStack() as opened:

        def look(name: str, folder: int | None = None, flags: int = _LOOK) -> int:
            descriptor = os.open(name, flags, dir_fd=folder)
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
            # Another user may have made a second name (a hard link) of root's.
            theirs = status.st_uid not in {0, os.geteuid()} or status.st_nlink != 1
            if theirs and stat.S_IFMT(status.st_mode) not in {stat.S_IFREG, stat.S_IFDIR}:
                message = "a link, FIFO or device that may be another user's: not used"
                raise PermissionError(errno.EACCES, message)
            if stat.S_ISLNK(status.st_mode):
                target = os.readlink("", dir_fd=found)  # this very link, not the name's
                if target.startswith("/") or status.st_dev != _kernel_links_device():
                    links += 1
                    if links > _MAX_LINKS:
                        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))
                    folder = look("/") if target.startswith("/") else folder
                    names[:0] = [part or "." for part in target.split("/")]
                    continue
                found = look(name, folder, os.O_PATH | os.O_CLOEXEC)  # /proc's "pipe:[1]"
            if names:
                folder = found  # if not a folder, the next name fails with ENOTDIR
        yield folder, name, found
