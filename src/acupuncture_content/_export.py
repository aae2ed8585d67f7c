"""Static export: every guide x locale x format as files, the site pages, and a manifest.

For static hosts, CDNs and apps in any language. The output is deterministic: the
same package version writes byte-identical files, so a re-run changes nothing and a
deployment diff shows only real content changes.

The folder may hold other people's files, so export follows strict rules, all
checked before anything is written (a refused export leaves the folder as it was):

- it trusts only a ``manifest.json`` that is a regular file, readable, well-formed,
  says ``"package": "acupuncture-content"``, and lists only paths of the export's own
  shape (``index.html``, ``llms.txt``, ``sitemap.xml`` or ``<slug>/<tag>/<file>``),
  each with its SHA-256, at most :data:`MAX_MANIFEST_ENTRIES` of them; any other
  manifest stops it;
- it overwrites only files its previous manifest lists, and only as that export
  left them: a regular file, not read-only, whose SHA-256 is the manifest's. It
  stops, naming the file, before overwriting anything else (a clinic's own
  ``index.html``, a page someone edited);
- it deletes only what it would overwrite: listed regular files, unchanged since,
  that it is not writing this time; anything else listed is left alone, and so is
  a folder that is not empty;
- it never follows a symbolic link inside the folder, so it never reads, writes or
  deletes outside it. The folder is opened once, and every file and subfolder is
  reached from that descriptor, one name at a time, with ``O_NOFOLLOW``: swapping
  a subfolder for a link while export runs cannot lead it elsewhere.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import hashlib
import json
import os
import posixpath
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ._api import available_locales, list_guides, load_guide, locale_info
from ._chunks import chunks
from ._errors import ExportError
from ._labels import labels
from ._page_layout import ROOT_FROM_PAGE, page_folder
from ._pages import page_context
from ._site import SiteGuide, language_picker, llms_txt, sitemap_xml
from ._writing import FOLDER_FLAGS, replace_file_at, writable_by_mode
from .renderers import FORMATS, renderer_class

if TYPE_CHECKING:
    from .models import Guide

__all__ = ["MANIFEST_NAME", "MAX_MANIFEST_ENTRIES", "PACKAGE", "export", "read_manifest"]

MANIFEST_NAME = "manifest.json"
PACKAGE = "acupuncture-content"
#: A larger manifest is not one this package wrote.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
#: A manifest listing more files than this is not one this package wrote.
MAX_MANIFEST_ENTRIES = 10_000
#: The files export writes at the root of its folder (the manifest aside).
SITE_FILES = ("index.html", "llms.txt", "sitemap.xml")
#: A file export writes is never larger; a bigger one at its path is not its own.
_MAX_FILE_BYTES = 64 * 1024 * 1024
# A slug, a locale tag or a file name: what export writes under <slug>/<tag>/<file>.
_COMPONENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_SUBFOLDER_FLAGS = FOLDER_FLAGS | _NO_FOLLOW
# O_NONBLOCK: a FIFO put where a file should be must not hang the export.
_READ_FLAGS = os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC


class _InTheWayError(ExportError):
    """A link or a file stands where export would need a folder."""


@dataclasses.dataclass(frozen=True, slots=True)
class _File:
    """A file the export writes: where, what, and its manifest entry."""

    path: str
    data: bytes
    format: str
    guide: str | None = None
    locale: str | None = None
    fingerprint: str | None = None

    def entry(self) -> dict[str, object]:
        return {
            "fingerprint": self.fingerprint,
            "format": self.format,
            "guide": self.guide,
            "locale": self.locale,
            "path": self.path,
            "sha256": hashlib.sha256(self.data).hexdigest(),
        }


#: What a trusted manifest says: each listed path, with the SHA-256s its file may have.
Listing = dict[str, frozenset[str]]


def _shown(root: Path, relative: str) -> str:
    return str(root / relative)


def _normalised(path: object) -> str:
    """Return a manifest entry's path in normal form, or raise ``ExportError``."""
    if not isinstance(path, str) or not path:
        msg = f"lists a path that is not a non-empty string: {path!r:.80}"
        raise ExportError(msg)
    # The shape check below admits only ASCII names of export's own (no NUL, no
    # backslash, no lone surrogate, at most 302 characters); before it, only whether
    # the path leaves the folder, for a clearer message.
    normal = posixpath.normpath(path)
    if posixpath.isabs(normal) or normal == ".." or normal.startswith("../") or normal == ".":
        msg = f"lists a path outside the folder: {path!r:.80}"
        raise ExportError(msg)
    parts = normal.split("/")
    own_shape = (
        normal in (*SITE_FILES, MANIFEST_NAME)
        if len(parts) == 1
        else len(parts) == 3 and all(_COMPONENT.fullmatch(part) for part in parts)
    )
    if not own_shape:
        msg = f"lists a path no export writes: {path!r:.80}"
        raise ExportError(msg)
    return normal


def _hashes(entry: dict[str, object]) -> frozenset[str]:
    """The SHA-256s a listed file may have: its own and, in a journal, the one it replaces."""
    values = [entry.get("sha256")]
    if "previous_sha256" in entry:
        values.append(entry["previous_sha256"])
    if not all(isinstance(value, str) and _SHA256.fullmatch(value) for value in values):
        msg = f"lists {entry.get('path')!r:.80} without a valid SHA-256"
        raise ExportError(msg)
    return frozenset(str(value) for value in values)


def read_manifest(root: Path) -> Listing | None:
    """Return what the previous export's manifest in ``root`` lists.

    ``None`` when there is no manifest (a fresh folder). Otherwise each listed path,
    normalised, with the SHA-256s its file may have.

    Raises:
        ExportError: the manifest is not a regular file, unreadable, malformed, too
            large, not this package's, or lists a path export does not write.
    """
    try:
        folder = os.open(root, FOLDER_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        msg = f"{root} cannot be read: {error.strerror}"
        raise ExportError(msg) from error
    try:
        return _read_manifest_at(folder, root)
    finally:
        os.close(folder)


def _read_manifest_at(folder: int, root: Path) -> Listing | None:
    where = f"{root / MANIFEST_NAME} "
    try:
        os.stat(MANIFEST_NAME, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as error:
        msg = f"{where}cannot be read: {error.strerror}"
        raise ExportError(msg) from error
    data = _read_regular_file(folder, MANIFEST_NAME, where, MAX_MANIFEST_BYTES)
    if data is None:  # a link, a FIFO, a folder: also one swapped in since the stat
        msg = f"{where}is not a regular file; export does not trust it (choose another folder)"
        raise ExportError(msg)
    if len(data) > MAX_MANIFEST_BYTES:
        msg = f"{where}is larger than any manifest export writes; export does not trust it"
        raise ExportError(msg)
    return _parse_manifest(data, where)


def _parse_manifest(data: bytes, where: str) -> Listing:
    """Check a manifest's content and return what it lists (see :func:`read_manifest`)."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        msg = f"{where}is not valid JSON; export does not trust it (choose another folder)"
        raise ExportError(msg) from None
    if not isinstance(manifest, dict) or manifest.get("package") != PACKAGE:
        msg = (
            f"{where}is not an {PACKAGE} manifest; export leaves this folder alone "
            "(choose another folder)"
        )
        raise ExportError(msg)
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(entry, dict) for entry in files):
        msg = f"{where}is malformed ('files' must be a list of objects)"
        raise ExportError(msg)
    if len(files) > MAX_MANIFEST_ENTRIES:
        msg = f"{where}lists more files than any export writes; export does not trust it"
        raise ExportError(msg)
    listing: Listing = {}
    try:
        for entry in files:
            path = _normalised(entry.get("path"))
            listing[path] = listing.get(path, frozenset()) | _hashes(entry)
    except ExportError as error:
        msg = f"{where}{error}; export does not trust it"
        raise ExportError(msg) from None
    return listing


def _read_regular_file(folder: int, name: str, where: str, limit: int) -> bytes | None:
    """Read ``name`` in ``folder`` (at most ``limit`` + 1 bytes); ``None`` if not a regular file.

    Never follows a link and never blocks on a FIFO.

    Raises:
        ExportError: the file cannot be read.
    """
    try:
        descriptor = os.open(name, _READ_FLAGS, dir_fd=folder)
    except OSError as error:
        if error.errno in {errno.ELOOP, errno.ENXIO, errno.EISDIR}:
            return None  # a link, a socket or a folder: not a file export wrote
        msg = f"{where}cannot be read: {error.strerror}"
        raise ExportError(msg) from error
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        chunks_read = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks_read.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks_read)
    except OSError as error:
        msg = f"{where}cannot be read: {error.strerror}"
        raise ExportError(msg) from error
    finally:
        os.close(descriptor)


def _plan(base_url: str | None) -> list[_File]:
    """Render every file of the export in memory."""
    planned: list[_File] = []
    site_guides: list[SiteGuide] = []
    for slug in list_guides():
        languages = locale_info(slug)
        site_guides.append(SiteGuide(load_guide(slug, languages[0].tag), languages))
        for tag in available_locales(slug):
            guide = load_guide(slug, tag, fallback=False)
            planned.extend(_guide_files(guide, base_url))
    site_guides = [
        SiteGuide(load_guide(entry.source.slug, entry.source.source_locale), entry.languages)
        for entry in site_guides
    ]
    planned.append(_File("index.html", language_picker(site_guides).encode(), "site-index"))
    planned.append(_File("llms.txt", llms_txt(site_guides, base_url).encode(), "llms-txt"))
    if base_url is not None:
        planned.append(_File("sitemap.xml", sitemap_xml(site_guides, base_url).encode(), "sitemap"))
    return sorted(planned, key=lambda file: file.path)


def _guide_files(guide: Guide, base_url: str | None) -> list[_File]:
    folder = page_folder(guide.slug, guide.locale)
    guide_labels = labels(guide)
    # Pages link to each other relative to the export's root unless its URL is known.
    page = page_context(guide, base_url or ROOT_FROM_PAGE, absolute=base_url is not None)
    identity = {"guide": guide.slug, "locale": guide.locale, "fingerprint": guide.fingerprint}
    files = []
    for format_name in FORMATS:
        renderer_type = renderer_class(format_name)
        for export_file in renderer_type.exports:
            options = dict(export_file.options)
            if options.get("full_document") and base_url is not None:
                options["base_url"] = base_url
            text = renderer_type(**options).render(guide, guide_labels, page)
            data = (text if text.endswith("\n") else text + "\n").encode()
            files.append(
                _File(f"{folder}{export_file.name}", data, export_file.format_id, **identity)
            )
    lines = [chunk.model_dump_json() for chunk in chunks(guide, base_url=base_url)]
    files.append(
        _File(f"{folder}chunks.jsonl", ("\n".join(lines) + "\n").encode(), "chunks", **identity)
    )
    labels_json = guide_labels.model_dump_json(indent=2) + "\n"
    files.append(_File(f"{folder}labels.json", labels_json.encode(), "labels", **identity))
    return files


@contextlib.contextmanager
def _opened_folder(root: Path) -> Iterator[int]:
    """Open the export's folder once; everything else is reached from this descriptor."""
    try:
        descriptor = os.open(root, FOLDER_FLAGS)
    except OSError as error:
        msg = f"{root} cannot be opened: {error.strerror}"
        raise ExportError(msg) from error
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def _status(folder: int, name: str, shown: str) -> os.stat_result | None:
    """``lstat`` of ``name`` in ``folder``; ``None`` if absent.

    Raises:
        ExportError: it cannot be examined (a name too long, no permission).
    """
    try:
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as error:
        msg = f"{shown} cannot be examined: {error.strerror}"
        raise ExportError(msg) from error


def _open_subfolder(folder: int, name: str, shown: str) -> int | None:
    """Open the subfolder ``name`` of ``folder``, never through a link; ``None`` if absent.

    Raises:
        _InTheWayError: a link or a file is there.
        ExportError: it cannot be opened.
    """
    try:
        return os.open(name, _SUBFOLDER_FLAGS, dir_fd=folder)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno not in {errno.ELOOP, errno.ENOTDIR}:
            msg = f"{shown} cannot be opened: {error.strerror}"
            raise ExportError(msg) from error
    # A link (O_NOFOLLOW refuses it) or a file. Which one, only for the message: it
    # may have changed since, and either way export does not go there.
    status = _status(folder, name, shown)
    if status is None or stat.S_ISLNK(status.st_mode) or stat.S_ISDIR(status.st_mode):
        msg = (
            f"{shown} is a symbolic link; export never writes through links (it could "
            "write outside the folder)"
        )
    else:
        msg = f"{shown} is in the way: export needs a folder there"
    raise _InTheWayError(msg)


@contextlib.contextmanager
def _folders_of(
    root_folder: int, root: Path, relative: str, *, create: bool
) -> Iterator[list[tuple[int, str]] | None]:
    """Open the folders on the way to ``relative``, one name at a time, never following a link.

    Yields the chain as ``(descriptor, name)`` pairs, from the export's folder to the
    one that holds the file, each descriptor open on the folder the name is in; the
    last descriptor holds the file. ``None`` when a folder is missing (and ``create``
    is false). Descriptors are closed on exit.

    Raises:
        _InTheWayError: a link or a file stands where a folder should be.
        ExportError: a folder cannot be opened or created.
    """
    parts = relative.split("/")
    opened: list[int] = []
    chain: list[tuple[int, str]] = []
    current = root_folder
    try:
        for depth, name in enumerate(parts[:-1], start=1):
            shown = _shown(root, "/".join(parts[:depth]))
            subfolder = _open_subfolder(current, name, shown)
            if subfolder is None and create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, dir_fd=current)
                subfolder = _open_subfolder(current, name, shown)
            if subfolder is None:
                yield None
                return
            chain.append((current, name))
            opened.append(subfolder)
            current = subfolder
        chain.append((current, parts[-1]))
        yield chain
    finally:
        for descriptor in opened:
            os.close(descriptor)


def _digest(folder: int, name: str, shown: str) -> str | None:
    """The SHA-256 of the regular file ``name`` in ``folder``; ``None`` for anything else."""
    data = _read_regular_file(folder, name, f"{shown} ", _MAX_FILE_BYTES)
    if data is None or len(data) > _MAX_FILE_BYTES:
        return None
    return hashlib.sha256(data).hexdigest()


def _check(root_folder: int, root: Path, planned: list[_File], previous: Listing) -> dict[str, str]:
    """Raise ``ExportError`` if writing ``planned`` would touch what is not export's own.

    Returns the SHA-256 of every listed file that is still as an export left it, by
    path: the files export may overwrite or delete. Stale paths are examined too, so
    that nothing about them can fail after writing has begun.
    """
    ours: dict[str, str] = {}
    written = {file.path for file in planned}
    for relative in sorted(set(previous) - written - {MANIFEST_NAME}):
        digest = _unchanged_stale_file(root_folder, root, relative, previous[relative])
        if digest is not None:
            ours[relative] = digest
    for file in planned:
        digest = _replaceable_file(root_folder, root, file.path, previous)
        if digest is not None:
            ours[file.path] = digest
    return ours


def _unchanged_stale_file(
    root_folder: int, root: Path, relative: str, expected: frozenset[str]
) -> str | None:
    """The SHA-256 of a stale listed file still as listed (to delete); else ``None``."""
    shown = _shown(root, relative)
    try:
        with _folders_of(root_folder, root, relative, create=False) as chain:
            if chain is None:
                return None
            folder, name = chain[-1]
            status = _status(folder, name, shown)
            if status is None or not stat.S_ISREG(status.st_mode):
                return None  # gone, or a link, folder or device: left alone
            digest = _digest(folder, name, shown)
    except _InTheWayError:
        return None  # behind a link or a file: it will not be deleted
    return digest if digest in expected else None


def _replaceable_file(root_folder: int, root: Path, relative: str, previous: Listing) -> str | None:
    """The SHA-256 of the file export may replace at ``relative``; ``None`` if there is none.

    Raises:
        ExportError: something that is not export's own is there.
    """
    shown = _shown(root, relative)
    with _folders_of(root_folder, root, relative, create=False) as chain:
        if chain is None:
            return None
        folder, name = chain[-1]
        status = _status(folder, name, shown)
        if status is None:
            return None
        if stat.S_ISDIR(status.st_mode):
            msg = f"{shown} is a folder where export writes a file"
            raise ExportError(msg)
        if relative not in previous:
            msg = (
                f"{shown} exists and no earlier export wrote it (its manifest does not "
                "list it); export does not overwrite it: move it, or choose another folder"
            )
            raise ExportError(msg)
        digest = _digest(folder, name, shown) if stat.S_ISREG(status.st_mode) else None
    if digest is None or digest not in previous[relative]:
        msg = (
            f"{shown} has changed since the last export (it is not the file its manifest "
            "lists); export does not overwrite it: move it, or choose another folder"
        )
        raise ExportError(msg)
    if not writable_by_mode(status):
        msg = f"{shown} is read-only; export does not overwrite it"
        raise ExportError(msg)
    return digest


def _remove_stale(root_folder: int, root: Path, stale: dict[str, str]) -> None:
    """Delete the files in ``stale`` that are still as checked, and folders left empty."""
    for relative, expected in sorted(stale.items()):
        try:
            with _folders_of(root_folder, root, relative, create=False) as chain:
                if chain is None:
                    continue
                folder, name = chain[-1]
                if _digest(folder, name, _shown(root, relative)) != expected:
                    continue  # changed, or replaced by a link, since the check: left alone
                os.unlink(name, dir_fd=folder)
                for parent, subfolder in reversed(chain[:-1]):
                    try:
                        os.rmdir(subfolder, dir_fd=parent)
                    except OSError:
                        break  # not empty: someone else's files live there too
        except _InTheWayError:
            continue  # never delete through a link


def _manifest(entries: list[dict[str, object]]) -> bytes:
    from ._version import __version__

    manifest = {"package": PACKAGE, "version": __version__, "files": entries}
    # Every value is ASCII (paths of export's shape, hex digests, tags, the version).
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()


def _write(root_folder: int, root: Path, relative: str, data: bytes) -> None:
    with _folders_of(root_folder, root, relative, create=True) as chain:
        if chain is None:  # pragma: no cover - create=True makes every folder
            raise ExportError(f"{_shown(root, relative)}: its folder could not be created")
        folder, name = chain[-1]
        replace_file_at(folder, name, data, shown=_shown(root, relative))


def export(output: Path, *, base_url: str | None = None) -> dict[str, object]:
    """Write every bundled guide in every locale and format, and the site pages, under ``output``.

    Files are laid out as ``<guide>/<locale>/<file>`` (see ``docs/cli.md``); the
    manifest lists each with its SHA-256 and the guide's fingerprint.

    Returns:
        The manifest that was written.

    Raises:
        ExportError: the folder holds something export must not touch; nothing was written.
        OSError: ``output`` cannot be created or written.
    """
    root = Path(output)
    if root.exists() and not root.is_dir():
        msg = f"{root} exists and is not a folder"
        raise ExportError(msg)
    planned = _plan(base_url)
    root.mkdir(parents=True, exist_ok=True)
    with _opened_folder(root) as root_folder:
        # Two exports into one folder at once would each trust the other's half-written
        # manifest; the second waits for the first (an advisory lock on the folder).
        fcntl.flock(root_folder, fcntl.LOCK_EX)
        previous = _read_manifest_at(root_folder, root) or {}
        ours = _check(root_folder, root, planned, previous)
        written = {file.path for file in planned}
        entries = [file.entry() for file in planned]
        # Until the export ends, the manifest lists the old files and the new, each
        # with the SHA-256 it may have, so an interrupted export can be run again.
        stale = {path: digest for path, digest in ours.items() if path not in written}
        journal = [
            {**entry, "previous_sha256": ours[str(entry["path"])]}
            if entry["path"] in ours and ours[str(entry["path"])] != entry["sha256"]
            else entry
            for entry in entries
        ]
        journal.extend({"path": path, "sha256": digest} for path, digest in stale.items())
        journal.sort(key=lambda entry: str(entry["path"]))
        manifest_shown = _shown(root, MANIFEST_NAME)
        replace_file_at(root_folder, MANIFEST_NAME, _manifest(journal), shown=manifest_shown)
        new_digests = {str(entry["path"]): entry["sha256"] for entry in entries}
        for file in planned:
            # A file already as export would write it is left alone: tools that sync
            # by modification time see only what changed.
            if ours.get(file.path) != new_digests[file.path]:
                _write(root_folder, root, file.path, file.data)
        _remove_stale(root_folder, root, stale)
        final = _manifest(entries)
        replace_file_at(root_folder, MANIFEST_NAME, final, shown=manifest_shown)
    return json.loads(final)  # type: ignore[no-any-return]
