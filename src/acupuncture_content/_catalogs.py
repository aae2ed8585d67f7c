"""Compiled gettext catalogs: where they are, which exist, and loading them once.

There is one gettext domain per guide (named by its slug) holding the guide's
segments, and one domain, :data:`INTERFACE_DOMAIN`, for the interface strings the
renderers place around every guide (reading time, disclaimer, notices). A guide's
segments therefore never collide with another guide's, and each guide has its own
set of locales. The build hook compiles ``locales/<ll_CC>/LC_MESSAGES/<domain>.po``
into the package as ``acupuncture_content/locales/<ll_CC>/LC_MESSAGES/<domain>.mo``,
next to a ``.json`` sidecar recording whether a qualified human reviewed it.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
import json
import struct
from importlib import resources

from ._cache import Cache, memoized
from ._errors import ContentError

__all__ = [
    "INTERFACE_DOMAIN",
    "Catalog",
    "Untranslated",
    "catalog_directory_name",
    "catalog_display_path",
    "catalog_folder",
    "catalogs_cache",
    "compiled_tags",
    "load_catalog",
]

#: The gettext domain of the interface strings.
INTERFACE_DOMAIN = "acupuncture_content"

_PACKAGE = "acupuncture_content"
_LOCALE_FOLDER = "locales"


def catalog_directory_name(tag: str) -> str:
    """Return the gettext directory name of a BCP 47 tag (``zh-Hans`` -> ``zh_Hans``)."""
    return tag.replace("-", "_")


def catalog_folder(tag: str) -> resources.abc.Traversable:
    """Return the folder holding the compiled catalogs of ``tag`` and their sidecars."""
    return resources.files(_PACKAGE).joinpath(
        _LOCALE_FOLDER, catalog_directory_name(tag), "LC_MESSAGES"
    )


def catalog_display_path(tag: str, domain: str, suffix: str = ".mo") -> str:
    """Name a compiled catalog file in messages (package-relative, any install)."""
    name = catalog_directory_name(tag)
    return f"{_PACKAGE}/{_LOCALE_FOLDER}/{name}/LC_MESSAGES/{domain}{suffix}"


@memoized(max_entries=64)
def compiled_tags(domain: str) -> tuple[str, ...]:
    """Return the BCP 47 tags that have a compiled catalog of ``domain``, sorted."""
    root = resources.files(_PACKAGE).joinpath(_LOCALE_FOLDER)
    if not root.is_dir():
        return ()
    return tuple(
        sorted(
            entry.name.replace("_", "-")
            for entry in root.iterdir()
            if entry.joinpath("LC_MESSAGES", f"{domain}.mo").is_file()
        )
    )


class Untranslated(str):
    """A string served from the source because the catalog lacks the message."""

    __slots__ = ()


class _MarkMissing(gettext.NullTranslations):
    """Catalog fallback that marks a missing segment, so coverage can be counted."""

    def pgettext(self, context: str, message: str) -> str:
        return Untranslated(message)


@dataclasses.dataclass(frozen=True, slots=True)
class Catalog:
    """A compiled translation catalog for one locale and domain.

    Attributes:
        tag: BCP 47 tag of the catalog's locale (``pt-BR``).
        domain: The gettext domain (a guide slug, or :data:`INTERFACE_DOMAIN`).
        path: Package-relative path of the ``.mo`` file, for error messages.
        translations: The loaded gettext catalog; a missing message comes back as
            :class:`Untranslated` source text.
        reviewed: Whether a qualified human medical translator reviewed it.
    """

    tag: str
    domain: str
    path: str
    translations: gettext.GNUTranslations
    reviewed: bool


#: Loaded catalogs, by (domain, tag).
catalogs_cache: Cache[tuple[str, str], Catalog] = Cache("catalogs", max_entries=256)


def load_catalog(tag: str, domain: str) -> Catalog:
    """Load (once per process) the compiled catalog of ``domain`` for ``tag``.

    Raises:
        ContentError: the catalog or its review sidecar is missing or corrupt.
    """
    return catalogs_cache.get_or_create((domain, tag), lambda: _read_catalog(tag, domain))


def _read_catalog(tag: str, domain: str) -> Catalog:
    folder = catalog_folder(tag)
    path = catalog_display_path(tag, domain)
    try:
        translations = gettext.GNUTranslations(
            io.BytesIO(folder.joinpath(f"{domain}.mo").read_bytes())
        )
    except (OSError, ValueError, UnicodeError, struct.error, IndexError, KeyError) as error:
        msg = f"{path}: cannot load compiled catalog: {error}"
        raise ContentError(msg) from error
    # Stateless fallback: a lookup miss returns the source text marked as Untranslated.
    translations.add_fallback(_MarkMissing())
    sidecar = catalog_display_path(tag, domain, ".json")
    try:
        review = json.loads(folder.joinpath(f"{domain}.json").read_text("utf-8"))
        reviewed, described = review["reviewed"], review["catalog"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        msg = f"{sidecar}: cannot read catalog review status: {error}"
        raise ContentError(msg) from error
    expected = f"{catalog_directory_name(tag)}/{domain}"
    if described != expected:
        msg = f"{sidecar}: describes catalog {described!r}, not {expected!r}"
        raise ContentError(msg)
    if not isinstance(reviewed, bool):
        msg = f"{sidecar}: 'reviewed' must be true or false, got {reviewed!r}"
        raise ContentError(msg)
    return Catalog(tag=tag, domain=domain, path=path, translations=translations, reviewed=reviewed)
