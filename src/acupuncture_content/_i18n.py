"""Locales: which are available, parsing tags, and negotiation over the CLDR parent chain.

A locale is available when its compiled catalog is in the package (see
:mod:`._catalogs`); the source locale always is. Nothing here reads the process's
``LC_*`` environment: the locale is always an argument.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

from ._errors import UnknownLocaleError

if TYPE_CHECKING:
    import babel

__all__ = [
    "DOMAIN",
    "SOURCE_LOCALE",
    "available_locale_tags",
    "catalog_directory_name",
    "catalog_display_path",
    "catalog_folder",
    "exact_tag",
    "locales_root",
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


def tag_for(locale: babel.Locale) -> str:
    """Return the BCP 47 tag of ``locale`` (``Locale('pt', territory='BR')`` -> ``pt-BR``)."""
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)


def catalog_directory_name(tag: str) -> str:
    """Return the gettext directory name of a BCP 47 tag (``zh-Hans`` -> ``zh_Hans``)."""
    return tag.replace("-", "_")


def locales_root() -> resources.abc.Traversable:
    """Return the folder of compiled catalogs inside the package."""
    return resources.files(_PACKAGE).joinpath(_LOCALE_FOLDER)


def catalog_folder(tag: str) -> resources.abc.Traversable:
    """Return the folder holding the compiled catalog of ``tag`` and its review sidecar."""
    return locales_root().joinpath(catalog_directory_name(tag), "LC_MESSAGES")


def catalog_display_path(tag: str, suffix: str = ".mo") -> str:
    """Name the catalog file of ``tag`` in messages (package-relative, any install)."""
    name = catalog_directory_name(tag)
    return f"{_PACKAGE}/{_LOCALE_FOLDER}/{name}/LC_MESSAGES/{DOMAIN}{suffix}"


@functools.cache
def available_locale_tags() -> tuple[str, ...]:
    """Return the BCP 47 tags of the source locale and every compiled catalog, sorted."""
    tags = {SOURCE_LOCALE}
    root = locales_root()
    if root.is_dir():
        for entry in root.iterdir():
            if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.mo").is_file():
                tags.add(entry.name.replace("_", "-"))
    return tuple(sorted(tags))


@functools.cache
def _exact_tags() -> dict[str, str]:
    return {tag.lower().replace("_", "-"): tag for tag in available_locale_tags()}


def exact_tag(value: str) -> str | None:
    """Return the available tag ``value`` names exactly (``pt_br`` -> ``pt-BR``), if any."""
    return _exact_tags().get(value.lower().replace("_", "-"))


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
    requested = value
    # POSIX names may carry a codeset ("de_DE.UTF-8", as in $LANG): it is not part of
    # the locale. A modifier after it ("@euro") is left for Babel to read.
    base, dot, rest = value.partition(".")
    if dot:
        modifier = rest.partition("@")[2]
        value = f"{base}@{modifier}" if modifier else base
    separator = "-" if "-" in value else "_"
    try:
        return babel.Locale.parse(value, sep=separator)
    except (ValueError, TypeError, babel.UnknownLocaleError) as error:
        msg = (
            f"{requested!r} is not a locale; "
            f"available locales: {', '.join(available_locale_tags())}"
        )
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
