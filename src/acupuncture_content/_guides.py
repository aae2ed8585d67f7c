"""The bundled guides, each made once per process and locale, and what describes them.

A guide in an available locale comes from the data the build precomputed when that
is fresh (:mod:`._precomputed`), and otherwise from its source: parsed once per
process (markdown-it-py loads then), translated with the locale's catalogs and
validated (:mod:`._localize`). Both paths end in :data:`guides_cache`, so concurrent
first requests for one guide do the work once.

This is the top of the localization layer: :mod:`._api` checks the caller's
arguments and negotiates the locale before asking here, and what a page shows
around a guide (:mod:`._pages`: every locale it is in) asks here too, below the
renderers, so no module ever imports the public API from below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cache import Cache
from ._catalogs import INTERFACE_DOMAIN, load_catalog
from ._i18n import available_locale_tags, source_locale_of
from ._locale_info import LocaleInfo, describe_locale, locale_infos_cache
from ._source import read_guide_source

if TYPE_CHECKING:
    from ._parse import DocumentSkeleton
    from .models import Guide

__all__ = [
    "documents_cache",
    "guide_in",
    "guides_cache",
    "locale_info_for",
    "locale_infos_of",
    "localize_from_source",
]

#: Parsed guide sources, by slug.
documents_cache: Cache[str, DocumentSkeleton] = Cache("documents", max_entries=64)
#: Localized guides, by (slug, tag).
guides_cache: Cache[tuple[str, str], Guide] = Cache("guides", max_entries=256)


def guide_in(slug: str, tag: str) -> Guide:
    """Return the bundled guide ``slug`` in ``tag``, one of its available locales."""
    return guides_cache.get_or_create((slug, tag), lambda: _load(slug, tag))


def _load(slug: str, tag: str) -> Guide:
    from . import _precomputed

    return _precomputed.load(slug, tag, source_locale_of(slug)) or localize_from_source(slug, tag)


def _document(slug: str) -> DocumentSkeleton:
    from ._parse import parse_document  # markdown-it loads on first use

    return documents_cache.get_or_create(slug, lambda: parse_document(read_guide_source(slug)))


def localize_from_source(slug: str, tag: str) -> Guide:
    """Parse, translate and validate guide ``slug`` for the available locale ``tag``."""
    from ._localize import localize

    source = source_locale_of(slug)
    if tag == source:
        return localize(_document(slug), tag, None)
    catalog = load_catalog(tag, slug)
    interface = load_catalog(tag, INTERFACE_DOMAIN)
    return localize(
        _document(slug),
        tag,
        catalog,
        reviewed=catalog.reviewed and interface.reviewed,
    )


def locale_info_for(slug: str, tag: str) -> LocaleInfo:
    """Return the :class:`LocaleInfo` of guide ``slug`` in its available locale ``tag``."""
    return locale_infos_cache.get_or_create(
        (slug, tag), lambda: describe_locale(guide_in(slug, tag))
    )


def locale_infos_of(slug: str) -> tuple[LocaleInfo, ...]:
    """Describe every locale guide ``slug`` is in, sorted by tag."""
    return tuple(locale_info_for(slug, tag) for tag in available_locale_tags(slug))
