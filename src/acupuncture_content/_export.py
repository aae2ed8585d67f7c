"""Static export: every guide x locale x format as files, the site pages, and a manifest.

For static hosts, CDNs and apps in any language. The output is deterministic: the
same package version writes byte-identical files, so a re-run changes nothing and a
deployment diff shows only real content changes.

The folder may hold other people's files, so export checks everything before it
writes anything (a refused export leaves the folder as it was):

- its names are known in advance, from :func:`_plan` (the :data:`SITE_PAGES`, and per
  guide and locale the renderers' ``exports``, ``chunks.jsonl`` and ``labels.json``).
  It trusts only a ``manifest.json`` of its package, a readable regular file listing
  only those names, each with its SHA-256: any other manifest stops it;
- it overwrites only files that manifest lists, as that export left them: a regular
  file, not read-only, with the listed SHA-256. It deletes only a listed site page it
  no longer writes (``sitemap.xml`` and ``changes.xml`` without a base URL), as listed;
- every folder it will write in must be writable: by its mode (even for root, as for
  files) and by the kernel's ``access``;
- it never follows a link inside the folder: the folder is opened once, and every
  file and subfolder is reached from it, one name at a time, with ``O_NOFOLLOW``.

Just before it replaces or deletes a file it reads it again from an open descriptor:
a file changed since the check stops it, with the journal in place for a rerun. A
temporary file of its own naming in its folders was left by a killed export: the
next one removes it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from ._api import available_locales, list_guides, load_guide, locale_info
from ._chunks import chunks_in
from ._errors import ExportError
from ._feed import FEED_NAME, changes_feed
from ._labels import labels
from ._page_layout import ROOT_FROM_PAGE, PageLayout, page_folder, page_url
from ._page_urls import own_layout
from ._pages import page_context
from ._schema import FROZEN_DATA
from ._site import SiteGuide, language_picker, llms_txt, sitemap_xml
from ._writing import FOLDER_FLAGS, replace_file_at, writable_by_mode
from .renderers import FORMATS, renderer_class
from .renderers._options import BASE_URL

if TYPE_CHECKING:
    from ._page_layout import PageUrls
    from .models import Guide

__all__ = [
    "MANIFEST_NAME",
    "PACKAGE",
    "SITE_PAGES",
    "ExportReport",
    "check_distinct_pages",
    "export",
    "known_paths",
]

MANIFEST_NAME = "manifest.json"
PACKAGE = "acupuncture-content"
#: A larger manifest is not one this package wrote.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
#: How a site page is made: from the guides, the base URL, and the site's own page
#: URLs if it has them; ``None``: not written.
SitePage = Callable[[list[SiteGuide], str | None, PageLayout | None], str | None]
#: The pages at the root of the export: their manifest format, and how each is made.
SITE_PAGES: dict[str, tuple[str, SitePage]] = {
    "index.html": ("site-index", lambda guides, _base_url, own: language_picker(guides, own)),
    "llms.txt": ("llms-txt", lambda guides, base_url, _own: llms_txt(guides, base_url)),
    "sitemap.xml": (
        "sitemap",
        lambda guides, url, _own: None if url is None else sitemap_xml(guides, url),
    ),
    FEED_NAME: (
        "changes-feed",
        lambda guides, url, _own: None if url is None else changes_feed(guides, url),
    ),
}
#: A file export writes is never larger; a bigger one at its path is not its own.
_MAX_FILE_BYTES = 64 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
#: The names replace_file_at gives its temporary files.
_TEMPORARY = re.compile(r"\.acupuncture-content-[0-9a-f]{12}\.tmp")
_SUBFOLDER_FLAGS = FOLDER_FLAGS | os.O_NOFOLLOW
# O_NONBLOCK: a FIFO put where a file should be must not hang the export.
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
#: What _digest says of a link, folder, FIFO or device: no file export wrote.
_NOT_A_FILE = "not a regular file"


@dataclasses.dataclass(frozen=True, slots=True)
class _File:
    """A file the export writes: where, what, and its manifest entry."""

    path: str
    data: bytes
    format: str
    guide: str | None = None
    locale: str | None = None
    fingerprint: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def entry(self) -> dict[str, object]:
        return {
            "fingerprint": self.fingerprint,
            "format": self.format,
            "guide": self.guide,
            "locale": self.locale,
            "path": self.path,
            "sha256": self.sha256,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class _Change:
    """A change export makes: write ``file`` at ``path`` (or, if ``None``, delete it).

    ``found`` is the SHA-256 of the file the check found there (``None``: nothing).
    """

    path: str
    found: str | None
    file: _File | None


#: What a trusted manifest says: each listed path, with the SHA-256s its file may have.
Listing = dict[str, frozenset[str]]


def known_paths(planned: list[_File]) -> frozenset[str]:
    """Every path an export of this version may list: its plan's and every site page."""
    return frozenset({file.path for file in planned} | set(SITE_PAGES))


def _shown(root: Path, relative: str) -> str:
    return str(root / relative)


def _hashes(entry: dict[str, object]) -> frozenset[str]:
    """The SHA-256s a listed file may have: its own and, in a journal, the one it replaces."""
    values = [entry.get("sha256")]
    if "previous_sha256" in entry:
        values.append(entry["previous_sha256"])
    if not all(isinstance(value, str) and _SHA256.fullmatch(value) for value in values):
        msg = f"lists {entry.get('path')!r:.80} without a valid SHA-256"
        raise ExportError(msg)
    return frozenset(str(value) for value in values)


def _read_manifest(folder: int, root: Path, known: frozenset[str]) -> tuple[Listing, str | None]:
    """What the previous export's manifest in ``folder`` lists, and the manifest's SHA-256.

    Each listed path (one of ``known``) with the SHA-256s its file may have; nothing
    and ``None`` when there is no manifest (a fresh folder).

    Raises:
        ExportError: the manifest is not a regular file, unreadable, too large,
            malformed, not this package's, or lists a path not in ``known``.
    """
    where = f"{root / MANIFEST_NAME} "
    try:
        data = _read_regular_file(folder, MANIFEST_NAME, where, MAX_MANIFEST_BYTES)
    except FileNotFoundError:
        return {}, None
    if data is None:
        msg = f"{where}is not a regular file; export does not trust it (choose another folder)"
        raise ExportError(msg)
    if len(data) > MAX_MANIFEST_BYTES:
        msg = f"{where}is larger than any manifest export writes; export does not trust it"
        raise ExportError(msg)
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        msg = f"{where}is not valid JSON; export does not trust it (choose another folder)"
        raise ExportError(msg) from None
    if not isinstance(manifest, dict) or manifest.get("package") != PACKAGE:
        msg = f"{where}is not an {PACKAGE} manifest; export leaves this folder alone"
        raise ExportError(f"{msg} (choose another folder)")
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(entry, dict) for entry in files):
        msg = f"{where}is malformed ('files' must be a list of objects)"
        raise ExportError(msg)
    listing: Listing = {}
    for entry in files:
        path = entry.get("path")
        # Export writes only names it knows in advance: any other is not its own.
        if not isinstance(path, str) or path not in known:
            msg = f"{where}lists a path no export writes: {path!r:.80}; export does not trust it"
            raise ExportError(f"{msg} (choose another folder)")
        try:
            listing[path] = listing.get(path, frozenset()) | _hashes(entry)
        except ExportError as error:
            raise ExportError(f"{where}{error}; export does not trust it") from None
    return listing, hashlib.sha256(data).hexdigest()


def _read_regular_file(folder: int, name: str, where: str, limit: int) -> bytes | None:
    """Read ``name`` in ``folder`` (at most ``limit`` + 1 bytes); ``None`` if not a regular file.

    Never follows a link and never blocks on a FIFO.

    Raises:
        FileNotFoundError: nothing is there.
        ExportError: the file cannot be read.
    """
    try:
        descriptor = os.open(name, _READ_FLAGS, dir_fd=folder)
    except FileNotFoundError:
        raise
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


def check_distinct_pages(layout: PageLayout, *, spelled: str) -> None:
    """Raise ``ValueError`` if ``layout`` gives two bundled pages one URL.

    A template without ``{guide}`` is enough while one guide is bundled; with two, it
    would send both guides' pages in a locale to one address.
    """
    seen: dict[str, str] = {}
    for slug in list_guides():
        for tag in available_locales(slug):
            address = page_url(layout, slug, tag)
            other = seen.setdefault(address, f"{slug} in {tag}")
            if other != f"{slug} in {tag}":
                msg = (
                    f"{spelled} gives two pages the URL {address!r} ({other}, and {slug} in "
                    f"{tag}): put {{guide}} and {{locale}} in it"
                )
                raise ValueError(msg)


def _plan(base_url: str | None, own: PageLayout | None = None) -> list[_File]:
    """Render every file of the export in memory (``own``: the site's own page URLs)."""
    planned: list[_File] = []
    site_guides: list[SiteGuide] = []
    for slug in list_guides():
        languages = locale_info(slug)
        titles = {info.tag: load_guide(slug, info.tag, fallback=False).title for info in languages}
        site_guides.append(SiteGuide(load_guide(slug, languages[0].tag), languages, titles))
        for tag in available_locales(slug):
            guide = load_guide(slug, tag, fallback=False)
            planned.extend(_guide_files(guide, base_url, own))
    site_guides = [
        SiteGuide(
            load_guide(entry.source.slug, entry.source.source_locale),
            entry.languages,
            entry.titles,
        )
        for entry in site_guides
    ]
    for name, (format_id, make) in SITE_PAGES.items():
        text = make(site_guides, base_url, own)
        if text is not None:
            planned.append(_File(name, text.encode(), format_id))
    return sorted(planned, key=lambda file: file.path)


def _guide_files(guide: Guide, base_url: str | None, own: PageLayout | None) -> list[_File]:
    folder = page_folder(guide.slug, guide.locale)
    guide_labels = labels(guide)
    # Pages link to each other at the site's own URLs, at the export's published URL,
    # or else relative to the export's root.
    if own is not None:
        layout = own
    elif base_url is not None:
        layout = PageLayout(base_url, absolute=True)
    else:
        layout = PageLayout(ROOT_FROM_PAGE)
    page = page_context(guide, layout)
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
    lines = [
        chunk.model_dump_json() for chunk in chunks_in(guide, layout if layout.absolute else None)
    ]
    files.append(
        _File(f"{folder}chunks.jsonl", ("\n".join(lines) + "\n").encode(), "chunks", **identity)
    )
    labels_json = guide_labels.model_dump_json(indent=2) + "\n"
    files.append(_File(f"{folder}labels.json", labels_json.encode(), "labels", **identity))
    return files


def _open_subfolder(folder: int, name: str, shown: str) -> int | None:
    """Open the subfolder ``name`` of ``folder``, never through a link; ``None`` if absent.

    Raises:
        ExportError: a link or a file is there, or it cannot be opened.
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
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
            raise ExportError(f"{shown} is in the way: export needs a folder there")
    msg = f"{shown} is a symbolic link; export never writes through links (it could write"
    raise ExportError(f"{msg} outside the folder)")


@contextlib.contextmanager
def _folders(
    root_folder: int, root: Path, folders: list[str], *, create: bool
) -> Iterator[tuple[int, str, bool]]:
    """Open ``folders``, each in the one before, from the export's folder, never through a link.

    Yields the deepest folder reached, its path as messages show it, and whether it is
    the last of ``folders`` (not when one is missing and ``create`` is false). The
    descriptors are closed on exit.

    Raises:
        ExportError: a link or a file stands where a folder should be, or a folder
            cannot be opened or created.
    """
    opened: list[int] = []
    current, reached = root_folder, str(root)
    try:
        for depth, name in enumerate(folders, start=1):
            shown = _shown(root, "/".join(folders[:depth]))
            subfolder = _open_subfolder(current, name, shown)
            if subfolder is None and create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, dir_fd=current)
                subfolder = _open_subfolder(current, name, shown)
            if subfolder is None:
                yield current, reached, False
                return
            opened.append(subfolder)
            current, reached = subfolder, shown
        yield current, reached, True
    finally:
        for descriptor in opened:
            os.close(descriptor)


def _digest(folder: int, name: str, shown: str) -> str | None:
    """The SHA-256 of the regular file ``name`` in ``folder``; ``None`` if nothing is there.

    A link, folder, FIFO or device, or a file larger than export writes, is
    :data:`_NOT_A_FILE`.
    """
    try:
        data = _read_regular_file(folder, name, f"{shown} ", _MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    if data is None or len(data) > _MAX_FILE_BYTES:
        return _NOT_A_FILE
    return hashlib.sha256(data).hexdigest()


def _require_writable(folder: int, shown: str) -> None:
    """Raise ``ExportError`` unless export may write in the folder ``folder``."""
    if not (
        writable_by_mode(os.fstat(folder))
        and os.access(".", os.W_OK, dir_fd=folder, effective_ids=True)
    ):
        msg = f"{shown} is a folder export cannot write in (read-only); nothing was changed"
        raise ExportError(msg)


def _check(root_folder: int, root: Path, planned: list[_File], previous: Listing) -> list[_Change]:
    """Every change writing ``planned`` makes, each checked to touch only export's own.

    Raises:
        ExportError: a change would touch what is not export's own, or a folder it
            needs cannot be written.
    """
    _require_writable(root_folder, str(root))  # the manifest
    changes = [_check_file(root_folder, root, file, previous) for file in planned]
    written = {file.path for file in planned}
    changes += [
        _check_stale(root_folder, root, relative, previous[relative])
        for relative in sorted(set(previous) - written)
    ]
    return [change for change in changes if change is not None]


def _check_file(root_folder: int, root: Path, file: _File, previous: Listing) -> _Change | None:
    """The change that writes ``file``; ``None`` if it is already there as export writes it."""
    shown = _shown(root, file.path)
    *folders, name = file.path.split("/")
    with _folders(root_folder, root, folders, create=False) as (folder, reached, complete):
        found = _digest(folder, name, shown) if complete else None
        if found is not None and file.path not in previous:
            msg = (
                f"{shown} exists and no earlier export wrote it (its manifest does not "
                "list it); export does not overwrite it: move it, or choose another folder"
            )
            raise ExportError(msg)
        if found is not None and found not in previous[file.path]:
            msg = (
                f"{shown} has changed since the last export (it is not the file its manifest "
                "lists); export does not overwrite it: move it, or choose another folder"
            )
            raise ExportError(msg)
        if found == file.sha256:
            return None  # left alone: tools that sync by modification time see no change
        if found is not None and not writable_by_mode(_status(folder, name, shown)):
            msg = f"{shown} is read-only; export does not overwrite it"
            raise ExportError(msg)
        _require_writable(folder, reached)
    return _Change(file.path, found, file)


def _check_stale(
    root_folder: int, root: Path, relative: str, listed: frozenset[str]
) -> _Change | None:
    """The change that deletes a listed file export no longer writes, if still as listed."""
    *folders, name = relative.split("/")
    with _folders(root_folder, root, folders, create=False) as (folder, reached, complete):
        found = _digest(folder, name, _shown(root, relative)) if complete else None
        if found not in listed:
            return None  # gone, changed, or not a regular file: left alone, and forgotten
        _require_writable(folder, reached)
    return _Change(relative, found, None)


def _status(folder: int, name: str, shown: str) -> os.stat_result:
    try:
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    except OSError as error:
        msg = f"{shown} cannot be examined: {error.strerror}"
        raise ExportError(msg) from error


def _apply(root_folder: int, root: Path, change: _Change) -> None:
    """Make ``change``, if the file is still as the check found it.

    Raises:
        ExportError: the file changed since the check; it is left as it is.
        OSError: it cannot be written or deleted.
    """
    shown = _shown(root, change.path)
    *folders, name = change.path.split("/")
    create = change.file is not None
    with _folders(root_folder, root, folders, create=create) as (folder, _, complete):

        def unchanged() -> None:
            # Read again, from an open descriptor, just before the rename or the unlink.
            if (_digest(folder, name, shown) if complete else None) != change.found:
                msg = f"{shown} changed while export was writing; export left it and stopped"
                raise ExportError(f"{msg} (run it again)")

        try:
            if change.file is None:
                unchanged()
                os.unlink(name, dir_fd=folder)
            else:
                replace_file_at(folder, name, change.file.data, before_rename=unchanged)
        except OSError as error:
            raise type(error)(error.errno, error.strerror, shown) from error


def _remove_temporaries(root_folder: int, root: Path, planned: list[_File]) -> None:
    """Delete the temporary files of export's own naming in the folders it writes.

    Only regular files named exactly as :func:`replace_file_at` names them: what an
    export that was killed left behind (another cannot be running: the folder is locked).
    """
    folders = {
        tuple(parts[:depth])
        for parts in (file.path.split("/") for file in planned)
        for depth in range(len(parts))
    }
    for names in sorted(folders):
        with _folders(root_folder, root, list(names), create=False) as (folder, _, complete):
            for entry in os.scandir(folder) if complete else ():
                if _TEMPORARY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.name, dir_fd=folder)


def _manifest(entries: list[dict[str, object]]) -> bytes:
    from ._version import __version__

    manifest = {"package": PACKAGE, "version": __version__, "files": entries}
    # Every value is ASCII (paths of export's shape, hex digests, tags, the version).
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()


class ExportReport(BaseModel):
    """What :func:`export` did, by path relative to its folder (``manifest.json`` included).

    Every path export is responsible for is in exactly one of the three, each sorted.
    """

    model_config = FROZEN_DATA

    written: tuple[str, ...]
    """Files created or replaced, because they were missing or their content changed."""
    unchanged: tuple[str, ...]
    """Files already as export writes them: left alone (their modification time too)."""
    removed: tuple[str, ...]
    """Files an earlier export wrote and this one no longer does (``sitemap.xml``
    without a base URL), deleted."""


def export(
    output: str | os.PathLike[str],
    *,
    base_url: str | None = None,
    url: str | PageUrls | None = None,
) -> ExportReport:
    """Write every bundled guide in every locale and format, and the site pages, under ``output``.

    What ``acupuncture-content export`` does, with the same guarantees: export writes
    only names it knows in advance, overwrites or deletes only files its own previous
    manifest lists as it left them, never follows a link inside the folder, and when it
    refuses, changes nothing (see ``docs/cli.md``). Files are laid out as
    ``<guide>/<locale>/<file>``; ``manifest.json`` lists each with its SHA-256 and the
    guide's fingerprint. A file already as export writes it is left alone, so an
    identical rerun writes nothing.

    Args:
        output: The folder (created with its parents if missing).
        base_url: Where the folder is published (``https://clinic.example/guides/``):
            pages get canonical and ``hreflang`` links, chunks and ``llms.txt``
            absolute URLs, and ``sitemap.xml`` and ``changes.xml`` are written.
        url: Where the site serves the pages instead, when it does not publish the
            folders as they are: a template with ``{locale}`` (and ``{guide}``),
            absolute or root-relative (``"/guide/{locale}/"``), or a callable
            ``(slug, tag) -> str``, as :func:`~acupuncture_content.page_links` takes
            it. Canonical, ``hreflang`` and switcher links, the language picker and
            chunk URLs use it; ``llms.txt`` links the files in the folder. Not with
            ``base_url``.

    Returns:
        What was written, left unchanged and removed.

    Raises:
        TypeError: ``output`` is not a path, ``base_url`` not a string, or ``url``
            neither a string nor callable (or a callable returned no string).
        ValueError: ``output`` is empty; ``base_url`` is not an absolute http(s) URL
            ending in ``/``; ``url`` is not a template of a page URL, gives two pages
            one URL, or a callable returned no page URL; or both are given.
        ContentError: the folder holds something export must not touch (nothing was
            written), or a file changed while export ran (the journal stays, and a
            rerun finishes the job).
        OSError: ``output`` cannot be created or written.
    """
    if not isinstance(output, str | os.PathLike):
        msg = f"export() argument 'output' must be a str or path, not {type(output).__name__}"
        raise TypeError(msg)
    if not os.fspath(output):
        msg = "export() argument 'output' must name a folder (it is empty)"
        raise ValueError(msg)
    BASE_URL.validate(base_url, spelled="export() argument 'base_url'")
    own = None
    if url is not None:
        if base_url is not None:
            msg = "export() arguments 'base_url' and 'url' exclude each other: give one"
            raise ValueError(msg)
        own = own_layout(url, spelled="export() argument 'url'")
        check_distinct_pages(own, spelled="export() argument 'url'")
    root = Path(output)
    if root.exists() and not root.is_dir():
        msg = f"{root} exists and is not a folder"
        raise ExportError(msg)
    planned = _plan(base_url, own)
    root.mkdir(parents=True, exist_ok=True)
    try:
        root_folder = os.open(root, FOLDER_FLAGS)
    except OSError as error:
        msg = f"{root} cannot be opened: {error.strerror}"
        raise ExportError(msg) from error
    try:
        # Two exports into one folder at once would each trust the other's half-written
        # manifest; the second waits for the first (an advisory lock on the folder).
        fcntl.flock(root_folder, fcntl.LOCK_EX)
        previous, old_manifest = _read_manifest(root_folder, root, known_paths(planned))
        changes = _check(root_folder, root, planned, previous)
        entries = [file.entry() for file in planned]
        # Until the export ends, the manifest lists the old files and the new, each
        # with the SHA-256 it may have, so an interrupted export can be run again.
        replaced = {change.path: change.found for change in changes if change.found}
        journal = [
            {**entry, "previous_sha256": replaced[str(entry["path"])]}
            if entry["path"] in replaced
            else entry
            for entry in entries
        ]
        journal += [
            {"path": change.path, "sha256": change.found}
            for change in changes
            if change.file is None
        ]
        journal.sort(key=lambda entry: str(entry["path"]))
        manifests = [
            _File(MANIFEST_NAME, _manifest(journal), "journal"),
            _File(MANIFEST_NAME, _manifest(entries), "manifest"),
        ]
        manifest_unchanged = not changes and old_manifest == manifests[1].sha256
        if not manifest_unchanged:
            _apply(root_folder, root, _Change(MANIFEST_NAME, old_manifest, manifests[0]))
        _remove_temporaries(root_folder, root, planned)
        for change in changes:
            _apply(root_folder, root, change)
        if not manifest_unchanged:
            _apply(root_folder, root, _Change(MANIFEST_NAME, manifests[0].sha256, manifests[1]))
    finally:
        os.close(root_folder)
    return _report(planned, changes, manifest_unchanged=manifest_unchanged)


def _report(
    planned: list[_File], changes: list[_Change], *, manifest_unchanged: bool
) -> ExportReport:
    written = {change.path for change in changes if change.file is not None}
    removed = {change.path for change in changes if change.file is None}
    unchanged = {file.path for file in planned} - written
    (unchanged if manifest_unchanged else written).add(MANIFEST_NAME)
    return ExportReport(
        written=tuple(sorted(written)),
        unchanged=tuple(sorted(unchanged)),
        removed=tuple(sorted(removed)),
    )
