"""Compiled gettext catalogs: loading them once per process, with their review status.

Catalogs are ``.mo`` files compiled from ``locales/*.po`` by the build hook and
shipped inside the package at
``acupuncture_content/locales/<ll_CC>/LC_MESSAGES/acupuncture_content.mo``, each with a
``.json`` sidecar that records whether a qualified human reviewed the translation.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
import json
import struct
import threading

from ._errors import ContentError
from ._i18n import DOMAIN, catalog_directory_name, catalog_display_path, catalog_folder

__all__ = ["Catalog", "Untranslated", "load_catalog"]


class Untranslated(str):
    """A string served from the source because the catalog lacks the message."""

    __slots__ = ()


class _MarkMissing(gettext.NullTranslations):
    """Catalog fallback that marks a missing segment, so coverage can be counted."""

    def pgettext(self, context: str, message: str) -> str:
        return Untranslated(message)


@dataclasses.dataclass(frozen=True, slots=True)
class Catalog:
    """A compiled translation catalog for one locale.

    Attributes:
        tag: BCP 47 tag of the catalog's locale (``pt-BR``).
        path: Package-relative path of the ``.mo`` file, for error messages.
        translations: The loaded gettext catalog.
        reviewed: Whether a qualified human medical translator reviewed it.
    """

    tag: str
    path: str
    translations: gettext.GNUTranslations
    reviewed: bool


_catalog_lock = threading.Lock()
_catalogs: dict[str, Catalog] = {}


def load_catalog(tag: str) -> Catalog:
    """Load (once per process) the compiled catalog of an available non-source locale.

    Raises:
        ContentError: the catalog or its review sidecar is missing or corrupt.
    """
    catalog = _catalogs.get(tag)
    if catalog is not None:
        return catalog
    with _catalog_lock:
        catalog = _catalogs.get(tag)
        if catalog is None:
            catalog = _read_catalog(tag)
            _catalogs[tag] = catalog
    return catalog


def _read_catalog(tag: str) -> Catalog:
    folder = catalog_folder(tag)
    path = catalog_display_path(tag)
    try:
        translations = gettext.GNUTranslations(
            io.BytesIO(folder.joinpath(f"{DOMAIN}.mo").read_bytes())
        )
    except (OSError, ValueError, UnicodeError, struct.error, IndexError, KeyError) as error:
        msg = f"{path}: cannot load compiled catalog: {error}"
        raise ContentError(msg) from error
    # Stateless fallback: a lookup miss returns the source text marked as Untranslated.
    translations.add_fallback(_MarkMissing())
    sidecar = catalog_display_path(tag, ".json")
    try:
        review = json.loads(folder.joinpath(f"{DOMAIN}.json").read_text("utf-8"))
        reviewed, described = review["reviewed"], review["catalog"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        msg = f"{sidecar}: cannot read catalog review status: {error}"
        raise ContentError(msg) from error
    if described != catalog_directory_name(tag):
        msg = f"{sidecar}: describes catalog {described!r}, not {catalog_directory_name(tag)!r}"
        raise ContentError(msg)
    if not isinstance(reviewed, bool):
        msg = f"{sidecar}: 'reviewed' must be true or false, got {reviewed!r}"
        raise ContentError(msg)
    return Catalog(tag=tag, path=path, translations=translations, reviewed=reviewed)
