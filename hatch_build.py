"""Hatchling build hook: check and compile the catalogs, then precompute the guides.

Every ``locales/<ll_CC>/LC_MESSAGES/<domain>.po`` (one domain per guide, named by its
slug, plus ``acupuncture_content`` for the interface strings) is first checked
against the catalog rules (``acupuncture_content._catalog_rules``): a catalog that
breaks one stops the build, naming the file, line and rule, before anything is
written. The rules about one message are also Babel checkers (``babel.checkers``
entry points, ``acupuncture_content._checkers``), for ``pybabel compile`` and
translators' tools; the build calls the rules directly, since the package it builds
is not installed and Babel would not find them. The rules about a whole catalog, and
those below about files, have no Babel checker: they run here only. A catalog must
be a regular file, reached without symbolic links below ``locales/`` (rule ``file``):
a link could make the build read, and ship, any file of the machine that builds it.
Then each is compiled to
``src/acupuncture_content/locales/<ll_CC>/LC_MESSAGES/<domain>.mo`` with Babel, next
to a ``.json`` sidecar holding its review status. Fuzzy entries are never compiled.
Finally every bundled guide is localized and validated in every locale and written to
``src/acupuncture_content/_precomputed/<slug>/<ll_CC>.json``, so that apps load it
without parsing or re-validating. Each file records the modules that built it (the
package is imported afresh for this, so only they are loaded): a change to one of them
makes the file stale, a change to any other module does not. All of these are build
outputs: ignored by git, shipped in the wheel.

A refused build prints one ``path:line: [rule] message`` line per problem and exits
with status 1, without a traceback: the hook ends the build with ``SystemExit``,
which the build frontends (pip, ``python -m build``) report as the backend's exit
status and output.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

INTERFACE_DOMAIN = "acupuncture_content"


class CatalogBuildError(RuntimeError):
    """A catalog breaks a rule, or a guide cannot be built; the build stops rather than ship it."""


@contextmanager
def _package_from(root: Path) -> Iterator[None]:
    """Import ``acupuncture_content`` from ``root/src`` (the tree being built)."""
    source = str(root / "src")
    sys.path.insert(0, source)
    try:
        yield
    finally:
        sys.path.remove(source)


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"acupuncture_content.{name}")


def _is_package_module(name: str) -> bool:
    return name.partition(".")[0] == "acupuncture_content"


@contextmanager
def _fresh_package(root: Path) -> Iterator[None]:
    """Import ``acupuncture_content`` from ``root/src`` anew, as if nothing had loaded it.

    Afterwards the modules loaded before are put back, so a caller that holds them (a
    test that runs the hook in its own process) keeps working with its own.
    """
    before = {name: module for name, module in sys.modules.items() if _is_package_module(name)}
    for name in before:
        del sys.modules[name]
    try:
        with _package_from(root):
            yield
    finally:
        for name in [name for name in sys.modules if _is_package_module(name)]:
            del sys.modules[name]
        sys.modules.update(before)


_REGULAR = "a catalog must be a regular file inside locales/, reached without symbolic links"


class _NotARegularFileError(OSError):
    """The catalog path names something other than a regular file."""


def _file_problem(po_path: Path) -> str | None:
    """Describe why ``po_path`` may not be read as a catalog, or return ``None``.

    The file, its ``LC_MESSAGES`` folder and its locale folder must not be symbolic
    links, and the file must be a regular file (not a folder, pipe or device).
    """
    for part in (po_path.parent.parent, po_path.parent):
        if part.is_symlink():
            return f"{po_path}:1: [file] its folder {part} is a symbolic link; {_REGULAR}"
    if po_path.is_symlink():
        return f"{po_path}:1: [file] the catalog is a symbolic link; {_REGULAR}"
    try:
        mode = po_path.lstat().st_mode
    except OSError as error:
        return f"{po_path}:1: [file] cannot read the catalog: {error.strerror or error}"
    if not stat.S_ISREG(mode):
        return f"{po_path}:1: [file] the catalog is not a regular file; {_REGULAR}"
    return None


def _read_regular_file(path: Path) -> bytes:
    """Read ``path`` without following a symbolic link or blocking on a pipe.

    Checked again on the open file, so a file swapped for a link or a pipe after
    :func:`_file_problem` looked at it is still refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            msg = f"{path} is not a regular file"
            raise _NotARegularFileError(msg)
        return file.read()


def check_catalogs(root: Path) -> list[tuple[Path, Any]]:
    """Read and check every catalog under ``root/locales``; return (path, catalog) pairs.

    Raises:
        CatalogBuildError: a catalog breaks a rule (every problem is listed).
    """
    from babel.messages.pofile import read_po

    rules = _module("_catalog_rules")
    problems: list[str] = []
    catalogs: list[tuple[Path, Any]] = []
    paths = sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))
    folders_with_interface = {
        path.parent.parent.name for path in paths if path.stem == INTERFACE_DOMAIN
    }
    for po_path in paths:
        folder = po_path.parent.parent.name
        file_problem = _file_problem(po_path)
        if file_problem is not None:
            problems.append(file_problem)
            continue
        try:
            content = _read_regular_file(po_path)
        except OSError as error:
            problems.append(f"{po_path}:1: [file] {error.strerror or error}; {_REGULAR}")
            continue
        try:
            catalog = read_po(io.BytesIO(content), domain=po_path.stem)
        except Exception as error:  # noqa: BLE001 - Babel raises many kinds for a bad file
            problems.append(f"{po_path}:1: [syntax] cannot read the catalog: {error}")
            continue
        problems.extend(
            str(problem)
            for problem in rules.check_catalog(
                catalog, str(po_path), folder=folder, interface=po_path.stem == INTERFACE_DOMAIN
            )
        )
        if po_path.stem != INTERFACE_DOMAIN and folder not in folders_with_interface:
            problems.append(
                f"{po_path}:1: [interface] {folder} has a guide catalog but no "
                f"{INTERFACE_DOMAIN}.po: the disclaimer and notices would be in English"
            )
        catalogs.append((po_path, catalog))
    if problems:
        raise CatalogBuildError("catalogs break the catalog rules:\n" + "\n".join(problems))
    return catalogs


def compile_catalogs(root: Path) -> list[Path]:
    """Check, then compile every catalog under ``root/locales`` into the package."""
    from babel.messages.mofile import write_mo

    # The rules stay loaded in this process; precompute_guides imports the package
    # afresh, so they are not among the modules recorded as the guides' inputs.
    with _package_from(root):
        catalogs = check_catalogs(root)
        rules = _module("_catalog_rules")
    target_root = root / "src" / "acupuncture_content" / "locales"
    # Start clean: a catalog deleted from locales/ must not live on in the package.
    shutil.rmtree(target_root, ignore_errors=True)
    written: list[Path] = []
    for po_path, catalog in catalogs:
        folder = po_path.parent.parent.name
        target = target_root / folder / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        mo_path = target / f"{po_path.stem}.mo"
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        sidecar = target / f"{po_path.stem}.json"
        review = {
            "catalog": f"{folder}/{po_path.stem}",
            "reviewed": rules.review_status(catalog) == "reviewed",
        }
        sidecar.write_text(json.dumps(review) + "\n", encoding="utf-8")
        written.extend([mo_path, sidecar])
    return written


def precompute_guides(root: Path) -> list[Path]:
    """Localize and validate every bundled guide in every locale; write them as JSON.

    Runs the package's own pipeline from ``src/`` (so the catalogs must be compiled
    first), imported afresh so that the modules loaded once every guide is built are
    the ones that built them (recorded in each file, see ``_precomputed``), and returns
    the files written under ``_precomputed/``. Each guide is built in its source locale
    first, so that a broken source is reported as the source's.

    Raises:
        CatalogBuildError: a guide cannot be built (rule ``guide``). The catalog rules
            are meant to refuse every translation the pipeline would; this reports,
            rather than as a traceback, anything they let through.
    """
    with _fresh_package(root):
        api = _module("_api")
        guides = _module("_guides")
        labels = _module("_labels")
        locale_info = _module("_locale_info")
        precomputed = _module("_precomputed")
        errors = _module("_errors")
        i18n = _module("_i18n")
        folder = root / "src" / "acupuncture_content" / precomputed.FOLDER
        shutil.rmtree(folder, ignore_errors=True)  # nothing stale survives a rebuild
        built: list[tuple[str, str, Any, Any, Any]] = []
        for slug in api.list_guides():
            source_file = root / "src" / "acupuncture_content" / "content" / f"{slug}.md"
            where, what = source_file, f"guide {slug!r}"
            try:
                source = i18n.source_locale_of(slug)
                for tag in sorted(api.available_locales(slug), key=lambda tag: tag != source):
                    what = f"the {tag} guide"
                    where = (
                        source_file
                        if tag == source
                        else root / "locales" / tag.replace("-", "_") / "LC_MESSAGES" / f"{slug}.po"
                    )
                    guide = guides.localize_from_source(slug, tag)
                    info = locale_info.describe_locale(guide)
                    built.append((slug, tag, guide, labels.labels(guide), info))
            except errors.ContentError as error:
                message = f"{where}:1: [guide] {what} cannot be built: {error}"
                raise CatalogBuildError("a guide cannot be built:\n" + message) from error
        modules = precomputed.loaded_modules()
        written: list[Path] = []
        for slug, tag, guide, guide_labels, info in built:
            target = folder / precomputed.relative_path(slug, tag)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                precomputed.payload(guide, guide_labels, info, modules), encoding="utf-8"
            )
            written.append(target)
        return written


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile catalogs and precompute guides before hatchling collects the wheel's files."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the catalogs, then precompute the guides (regular and editable wheels).

        A refused build exits with status 1 and the problems, one per line: the
        frontend shows that output, and a traceback would only bury it.
        """
        try:
            compile_catalogs(Path(self.root))
            precompute_guides(Path(self.root))
        except CatalogBuildError as error:
            raise SystemExit(f"error: {error}") from None
