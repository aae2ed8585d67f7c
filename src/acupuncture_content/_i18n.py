"""Locales: parsing, negotiation over the CLDR parent chain, and catalog loading.

Catalogs are ordinary gettext ``.mo`` files compiled from ``locales/*.po`` by the
build hook and shipped inside the package at
``acupuncture_content/locales/<ll_CC>/LC_MESSAGES/acupuncture_content.mo``, each
with a ``.json`` sidecar that records the catalog's review status. Nothing here
reads the process's ``LC_*`` environment: the locale is always an argument.
"""

from __future__ import annotations

import dataclasses
import functools
import gettext
import io
import json
import struct
import threading
from importlib import resources
from typing import TYPE_CHECKING

from ._errors import ContentError, UnknownLocaleError

if TYPE_CHECKING:
    import babel

__all__ = [
    "DOMAIN",
    "SOURCE_LOCALE",
    "Catalog",
    "Untranslated",
    "available_locale_tags",
    "catalog_directory_name",
    "load_catalog",
    "negotiate",
    "parse_locale",
    "tag_for",
]

#: The gettext domain of every catalog.
DOMAIN = "acupuncture_content"
#: The locale guides are written in; always available, needs no catalog.
SOURCE_LOCALE = "en"

_PACKAGE = "acupuncture_content"
_LOCALE_FOLDER = "locales"


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


def tag_for(locale: babel.Locale) -> str:
    """Return the BCP 47 tag of ``locale`` (``Locale('pt', territory='BR')`` -> ``pt-BR``)."""
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)


def catalog_directory_name(tag: str) -> str:
    """Return the gettext directory name of a BCP 47 tag (``zh-Hans`` -> ``zh_Hans``)."""
    return tag.replace("-", "_")


def _locales_root() -> resources.abc.Traversable:
    return resources.files(_PACKAGE).joinpath(_LOCALE_FOLDER)


@functools.cache
def available_locale_tags() -> tuple[str, ...]:
    """Return the BCP 47 tags of the source locale and every compiled catalog, sorted."""
    tags = {SOURCE_LOCALE}
    root = _locales_root()
    if root.is_dir():
        for entry in root.iterdir():
            if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.mo").is_file():
                tags.add(entry.name.replace("_", "-"))
    return tuple(sorted(tags))


def parse_locale(value: object) -> babel.Locale:
    """Parse a BCP 47 or POSIX tag in any letter case, or accept a ``babel.Locale``.

    Raises:
        TypeError: ``value`` is neither a string nor a ``babel.Locale``.
        UnknownLocaleError: ``value`` is not a locale CLDR knows.
    """
    import babel  # noqa: PLC0415 - Babel's locale data loads on first use only

    if isinstance(value, babel.Locale):
        return value
    if not isinstance(value, str):
        msg = f"locale must be a str or babel.Locale, not {type(value).__name__}"
        raise TypeError(msg)
    separator = "-" if "-" in value else "_"
    try:
        return babel.Locale.parse(value, sep=separator)
    except (ValueError, TypeError, babel.UnknownLocaleError) as error:
        msg = f"{value!r} is not a locale; available locales: {', '.join(available_locale_tags())}"
        raise UnknownLocaleError(msg) from error


def _candidates(locale: babel.Locale) -> list[tuple[str, str, str | None]]:
    """Return (language, script, territory) keys to try, most specific first.

    The chain follows CLDR parent locales (``es-MX -> es-419 -> es``) but always
    keeps the script, so ``zh-TW`` (Traditional) never reaches ``zh-Hans``.
    """
    from babel.core import get_global  # noqa: PLC0415

    likely = get_global("likely_subtags")
    parents = get_global("parent_exceptions")
    language = locale.language
    lookup = f"{language}_{locale.territory}" if locale.territory else language
    maximized = likely.get(lookup) or likely.get(language) or language
    parts = maximized.split("_")
    script = locale.script or (parts[1] if len(parts) > 1 and len(parts[1]) == 4 else "")
    keys: list[tuple[str, str, str | None]] = []
    territory = locale.territory
    while territory:
        keys.append((language, script, territory))
        parent = parents.get(f"{language}_{territory}") or parents.get(
            f"{language}_{script}_{territory}"
        )
        parent_parts = parent.split("_") if parent and parent != "root" else []
        same_language = parent_parts and parent_parts[0] == language
        territory = parent_parts[-1] if same_language and len(parent_parts) > 1 else None
    keys.append((language, script, None))
    if not locale.territory and len(parts) > 2:
        # A bare language means its most likely region: "pt" is Brazilian Portuguese in CLDR.
        keys.append((language, script, parts[2]))
    return keys


@functools.cache
def _available_keys() -> dict[tuple[str, str, str | None], str]:
    import babel  # noqa: PLC0415

    keys: dict[tuple[str, str, str | None], str] = {}
    for tag in available_locale_tags():
        locale = babel.Locale.parse(tag, sep="-")
        language, script, territory = _candidates(locale)[0]
        keys[(language, script, territory)] = tag
    return keys


def negotiate(locale: babel.Locale) -> str | None:
    """Return the available tag that serves ``locale``, or ``None`` if none does."""
    available = _available_keys()
    for key in _candidates(locale):
        if key in available:
            return available[key]
    return None


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
    folder = _locales_root().joinpath(catalog_directory_name(tag), "LC_MESSAGES")
    path = f"{_PACKAGE}/{_LOCALE_FOLDER}/{catalog_directory_name(tag)}/LC_MESSAGES/{DOMAIN}.mo"
    try:
        translations = gettext.GNUTranslations(
            io.BytesIO(folder.joinpath(f"{DOMAIN}.mo").read_bytes())
        )
    except (OSError, ValueError, UnicodeError, struct.error, IndexError, KeyError) as error:
        msg = f"{path}: cannot load compiled catalog: {error}"
        raise ContentError(msg) from error
    # Stateless fallback: a lookup miss returns the source text marked as Untranslated.
    translations.add_fallback(_MarkMissing())
    sidecar = path.removesuffix(".mo") + ".json"
    try:
        review = json.loads(folder.joinpath(f"{DOMAIN}.json").read_text("utf-8"))
        reviewed = review["reviewed"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        msg = f"{sidecar}: cannot read catalog review status: {error}"
        raise ContentError(msg) from error
    if not isinstance(reviewed, bool):
        msg = f"{sidecar}: 'reviewed' must be true or false, got {reviewed!r}"
        raise ContentError(msg)
    return Catalog(tag=tag, path=path, translations=translations, reviewed=reviewed)
