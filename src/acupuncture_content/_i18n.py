"""Which locales a guide is in, and which of them serves a requested locale.

A guide is available in its source locale and in every locale that has a compiled
catalog of its own domain (see :mod:`._catalogs`). Matching a requested locale
follows CLDR's parent chain and never crosses scripts (see
:func:`._tags.parent_chain`); it consults only CLDR's static tables, and its results
are cached by the parsed request, so an app passing through any number of distinct
(even hostile) tags keeps a bounded amount of memory. Nothing here reads the
process's ``LC_*`` environment: the locale is always an argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._cache import Cache, memoized
from ._catalogs import compiled_tags
from ._errors import UnknownLocaleError
from ._source import read_guide_source
from ._tags import LocaleParts, import_babel, known_language, maximized, parent_chain, parse_tag

if TYPE_CHECKING:
    import babel

__all__ = [
    "SOURCE_LOCALE",
    "available_locale_tags",
    "exact_tag",
    "locale_tags_cache",
    "match_locale",
    "parse_requested",
    "source_locale_of",
]

#: The locale of the interface strings in code, and of the bundled guides.
SOURCE_LOCALE = "en"

#: Negotiation results (the served tag, or None), by (available tags, parsed request).
locale_tags_cache: Cache[tuple[tuple[str, ...], LocaleParts], tuple[str | None]] = Cache(
    "locale_tags", max_entries=2048
)


@memoized(max_entries=64)
def source_locale_of(slug: str) -> str:
    """Return the locale the bundled guide ``slug`` is written in (from its front matter)."""
    return read_guide_source(slug).front_matter.source_locale


@memoized(max_entries=64)
def available_locale_tags(slug: str) -> tuple[str, ...]:
    """Return the BCP 47 tags guide ``slug`` is available in: its source and its catalogs."""
    return tuple(sorted({source_locale_of(slug), *compiled_tags(slug)}))


def exact_tag(value: str, available: Sequence[str]) -> str | None:
    """Return the tag of ``available`` that ``value`` names exactly (``pt_br`` -> ``pt-BR``)."""
    folded = value.lower().replace("_", "-")
    return next((tag for tag in available if tag.lower() == folded), None)


def tag_for(locale: babel.Locale) -> str:
    """Return the BCP 47 tag of a ``babel.Locale`` (``Locale("pt", territory="BR")``: ``pt-BR``)."""
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)


def parse_requested(value: object, available: Sequence[str]) -> LocaleParts:
    """Parse a requested locale: a BCP 47 or POSIX tag in any case, or a ``babel.Locale``.

    Raises:
        TypeError: ``value`` is neither a string nor a ``babel.Locale``.
        UnknownLocaleError: ``value`` is not a locale (its grammar, or a language CLDR
            does not know); the message lists ``available``.
    """
    if not isinstance(value, str):
        import_babel()
        import babel  # only to recognise a babel.Locale argument

        if not isinstance(value, babel.Locale):
            msg = f"locale must be a str or babel.Locale, not {type(value).__name__}"
            raise TypeError(msg)
        value = tag_for(value)
    parts = parse_tag(value)
    if parts is None or not known_language(parts.language):
        shown = value if len(value) <= 64 else f"{value[:61]}..."
        msg = f"{shown!r} is not a locale; available locales: {', '.join(available)}"
        raise UnknownLocaleError(msg)
    return parts


def _key(parts: LocaleParts) -> tuple[str, str | None, str | None]:
    return parts.language, maximized(parts).script, parts.territory


def match_locale(parts: LocaleParts, available: Sequence[str]) -> str | None:
    """Return the tag of ``available`` that serves ``parts``, or ``None`` if none does.

    >>> match_locale(LocaleParts("es", territory="MX"), ("en", "es-419", "es"))
    'es-419'
    >>> match_locale(LocaleParts("zh", territory="TW"), ("en", "zh-Hans")) is None
    True
    """
    cache_key = (tuple(available), parts)
    cached = locale_tags_cache.get(cache_key)
    if cached is not None:
        return cached[0]
    offered: dict[tuple[str, str | None, str | None], str] = {}
    for tag in available:
        offered_parts = parse_tag(tag)
        if offered_parts is not None:
            offered.setdefault(_key(offered_parts), tag)
    found = next(
        (
            offered[candidate.language, candidate.script, candidate.territory]
            for candidate in parent_chain(maximized(parts))
            if (candidate.language, candidate.script, candidate.territory) in offered
        ),
        None,
    )
    locale_tags_cache.put(cache_key, (found,))
    return found
