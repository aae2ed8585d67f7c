"""Static export: every guide x locale x format as files, the site pages, and a manifest.

For static hosts, CDNs and apps in any language. The output is deterministic: the
same package version writes byte-identical files, so a re-run changes nothing and a
deployment diff shows only real content changes.

The folder may hold other people's files, so export follows strict rules, all
checked before anything is written (a refused export leaves the folder as it was):

- it trusts only a ``manifest.json`` that is a regular file, readable, well-formed,
  and says ``"package": "acupuncture-content"``; any other manifest stops it;
- it overwrites only files its previous manifest lists, and stops, naming the file,
  before overwriting anything else (a clinic's own ``index.html``);
- it never writes through a symbolic link, so never outside the folder;
- it deletes only regular files that its previous manifest lists, whose normalised
  path stays inside the folder, that it is not writing this time; never through a
  symbolic link, never a folder that is not empty.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import posixpath
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from ._api import available_locales, list_guides, load_guide, locale_info
from ._chunks import chunks
from ._errors import ExportError
from ._labels import labels
from ._site import SiteGuide, language_picker, llms_txt, sitemap_xml
from ._writing import replace_file
from .renderers import FORMATS, renderer_class
from .renderers._page import page_context

if TYPE_CHECKING:
    from .models import Guide

__all__ = ["MANIFEST_NAME", "PACKAGE", "export", "read_manifest"]

MANIFEST_NAME = "manifest.json"
PACKAGE = "acupuncture-content"
#: A larger manifest is not one this package wrote.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
#: Paths longer than this (in UTF-8 bytes) are not ones this package wrote.
MAX_PATH_BYTES = 1024
_MAX_NAME_BYTES = 255


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

    def entry(self) -> dict[str, str | None]:
        return {
            "fingerprint": self.fingerprint,
            "format": self.format,
            "guide": self.guide,
            "locale": self.locale,
            "path": self.path,
            "sha256": hashlib.sha256(self.data).hexdigest(),
        }


def _shown(root: Path, relative: str) -> str:
    return str(root / relative)


def _normalised(path: object) -> str:
    """Return a manifest entry's path in normal form, or raise ``ExportError``."""
    if not isinstance(path, str) or not path:
        msg = f"lists a path that is not a non-empty string: {path!r:.80}"
        raise ExportError(msg)
    try:
        encoded = path.encode("utf-8")  # strict: a lone surrogate is no file name
    except UnicodeEncodeError:
        encoded = b""
    if not encoded or len(encoded) > MAX_PATH_BYTES or "\0" in path or "\\" in path:
        msg = f"lists a path no export writes: {path!r:.80}"
        raise ExportError(msg)
    normal = posixpath.normpath(path)
    if (
        posixpath.isabs(normal)
        or normal == ".."
        or normal.startswith("../")
        or normal == "."
        or any(
            len(part.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES
            for part in normal.split("/")
        )
    ):
        msg = f"lists a path outside the folder: {path!r:.80}"
        raise ExportError(msg)
    return normal


def read_manifest(root: Path) -> set[str] | None:
    """Return the normalised paths the previous export's manifest in ``root`` lists.

    ``None`` when there is no manifest (a fresh folder).

    Raises:
        ExportError: the manifest is not a regular file, unreadable, malformed, too
            large, not this package's, or lists a path outside the folder.
    """
    path = root / MANIFEST_NAME
    where = f"{path} "
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as error:
        msg = f"{where}cannot be read: {error.strerror}"
        raise ExportError(msg) from error
    if not stat.S_ISREG(status.st_mode):
        msg = f"{where}is not a regular file; export does not trust it (choose another folder)"
        raise ExportError(msg)
    data = _read_regular_file(path, where)
    if len(data) > MAX_MANIFEST_BYTES:
        msg = f"{where}is larger than any manifest export writes; export does not trust it"
        raise ExportError(msg)
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
    try:
        return {_normalised(entry.get("path")) for entry in files}
    except ExportError as error:
        msg = f"{where}{error}; export does not trust it"
        raise ExportError(msg) from None


def _read_regular_file(path: Path, where: str) -> bytes:
    """Read at most one byte over the manifest limit, refusing anything but a regular file."""
    # O_NONBLOCK: a FIFO swapped in after the lstat check must not hang the export.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        msg = f"{where}cannot be read: {error.strerror}"
        raise ExportError(msg) from error
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            msg = f"{where}is not a regular file; export does not trust it"
            raise ExportError(msg)
        return os.read(descriptor, MAX_MANIFEST_BYTES + 1)
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
    folder = f"{guide.slug}/{guide.locale}"
    guide_labels = labels(guide)
    # Pages link to each other relative to the export's root unless its URL is known.
    page = page_context(guide, base_url or "../../", absolute=base_url is not None)
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
                _File(f"{folder}/{export_file.name}", data, export_file.format_id, **identity)
            )
    lines = [chunk.model_dump_json() for chunk in chunks(guide, base_url=base_url)]
    files.append(
        _File(f"{folder}/chunks.jsonl", ("\n".join(lines) + "\n").encode(), "chunks", **identity)
    )
    labels_json = guide_labels.model_dump_json(indent=2) + "\n"
    files.append(_File(f"{folder}/labels.json", labels_json.encode(), "labels", **identity))
    return files


def _kind(path: Path) -> int | None:
    """The file type bits of ``path`` itself (a link is a link), or ``None`` if absent.

    Raises:
        ExportError: ``path`` cannot be examined (too long for the file system, a
            loop, no permission).
    """
    try:
        return stat.S_IFMT(path.lstat().st_mode)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return stat.S_IFREG  # a file stands where a folder would have to be
    except OSError as error:
        msg = f"{path} cannot be examined: {error.strerror}"
        raise ExportError(msg) from error


def _check_folders(root: Path, relative: str) -> None:
    """Refuse a path whose folders inside ``root`` are links or files."""
    parts = relative.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        kind = _kind(root / folder)
        if kind == stat.S_IFLNK:
            msg = (
                f"{_shown(root, folder)} is a symbolic link; export never writes through "
                "links (it could write outside the folder)"
            )
            raise _InTheWayError(msg)
        if kind not in {None, stat.S_IFDIR}:
            msg = f"{_shown(root, folder)} is in the way: export needs a folder there"
            raise _InTheWayError(msg)
        if kind is None:
            return


def _check(root: Path, planned: list[_File], previous: set[str]) -> None:
    """Raise ``ExportError`` if writing ``planned`` would touch what is not export's own.

    Stale paths are examined too, so that nothing about them can fail after writing.
    """
    for relative in sorted(previous - {file.path for file in planned}):
        try:
            _check_folders(root, relative)
        except _InTheWayError:
            continue  # behind a link or a file: it will not be deleted
        _kind(root / relative)
    for file in planned:
        _check_folders(root, file.path)
        kind = _kind(root / file.path)
        if kind is None:
            continue
        if kind == stat.S_IFDIR:
            msg = f"{_shown(root, file.path)} is a folder where export writes a file"
            raise ExportError(msg)
        if file.path not in previous:
            msg = (
                f"{_shown(root, file.path)} exists and no earlier export wrote it (its "
                "manifest does not list it); export does not overwrite it: move it, or "
                "choose another folder"
            )
            raise ExportError(msg)


def _remove_stale(root: Path, stale: set[str]) -> None:
    """Delete the regular files in ``stale``, and folders that this leaves empty."""
    for relative in sorted(stale):
        try:
            _check_folders(root, relative)
        except _InTheWayError:
            continue  # never delete through a link
        path = root / relative
        if _kind(path) != stat.S_IFREG:
            continue  # a link, folder or device the manifest names is left alone
        path.unlink()
        folder = path.parent
        while folder != root and _kind(folder) == stat.S_IFDIR:
            try:
                folder.rmdir()
            except OSError:
                break  # not empty: someone else's files live there too
            folder = folder.parent


def _manifest(entries: list[dict[str, str | None]]) -> bytes:
    from . import __version__

    manifest = {"package": PACKAGE, "version": __version__, "files": entries}
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


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
    previous = read_manifest(root) if root.is_dir() else None
    planned = _plan(base_url)
    written = {file.path for file in planned} | {MANIFEST_NAME}
    owned = previous or set()
    _check(root, planned, owned | {MANIFEST_NAME} if previous is not None else owned)
    root.mkdir(parents=True, exist_ok=True)
    entries = [file.entry() for file in planned]
    # Until the export ends, the manifest lists old and new files, so an interrupted
    # export can be run again (and still clean up after the one before).
    leftover = sorted(owned - written)
    journal = entries + [
        {
            "fingerprint": None,
            "format": None,
            "guide": None,
            "locale": None,
            "path": path,
            "sha256": None,
        }
        for path in leftover
    ]
    replace_file(
        root / MANIFEST_NAME, _manifest(sorted(journal, key=lambda entry: str(entry["path"])))
    )
    for file in planned:
        (root / file.path).parent.mkdir(parents=True, exist_ok=True)
        _check_folders(root, file.path)  # again, right before writing
        replace_file(root / file.path, file.data)
    _remove_stale(root, owned - written)
    replace_file(root / MANIFEST_NAME, _manifest(entries))
    return json.loads(_manifest(entries))  # type: ignore[no-any-return]
