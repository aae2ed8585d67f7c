"""The public functions: list and load guides, and render them."""

from __future__ import annotations

import collections
import threading
from typing import TYPE_CHECKING

from . import _i18n
from ._errors import UnknownLocaleError
from ._source import list_guide_slugs, read_guide_source
from .models import Guide

if TYPE_CHECKING:
    import babel

    from ._parse import DocumentSkeleton

__all__ = ["DEFAULT_GUIDE", "available_locales", "list_guides", "load_guide", "render"]

DEFAULT_GUIDE = "acupuncture-for-back-pain"

#: Rendered outputs kept per process; guides are frozen, so a render never goes stale.
RENDER_CACHE_SIZE = 256

_lock = threading.RLock()
_documents: dict[str, DocumentSkeleton] = {}
_guides: dict[tuple[str, str], Guide] = {}
_renders: collections.OrderedDict[tuple[str, str, tuple[tuple[str, object], ...]], str] = (
    collections.OrderedDict()
)


def list_guides() -> tuple[str, ...]:
    """Return the slugs of every bundled guide, sorted.

    >>> list_guides()
    ('acupuncture-for-back-pain',)
    """
    return list_guide_slugs()


def _check_guide(guide: object) -> str:
    if not isinstance(guide, str):
        msg = f"guide must be a str slug, not {type(guide).__name__}"
        raise TypeError(msg)
    if guide not in list_guide_slugs():
        # read_guide_source raises the documented GuideNotFoundError with the list.
        read_guide_source(guide)
    return guide


def available_locales(guide: str = DEFAULT_GUIDE) -> tuple[str, ...]:
    """Return the BCP 47 tags ``guide`` is available in, sorted.

    Raises:
        GuideNotFoundError: no bundled guide has this slug.
    """
    _check_guide(guide)
    return _i18n.available_locale_tags()


def _document(slug: str) -> DocumentSkeleton:
    from ._parse import parse_document  # noqa: PLC0415 - markdown-it loads on first use

    document = _documents.get(slug)
    if document is None:
        document = parse_document(read_guide_source(slug))
        _documents[slug] = document
    return document


def load_guide(
    guide: str = DEFAULT_GUIDE,
    locale: str | babel.Locale = "en",
    *,
    fallback: bool = True,
) -> Guide:
    """Return the validated, immutable guide ``guide`` in the best locale for ``locale``.

    Args:
        guide: Slug of a bundled guide (see :func:`list_guides`).
        locale: BCP 47 (``pt-BR``) or POSIX (``pt_BR``) tag in any letter case, or a
            ``babel.Locale``. Negotiation walks the CLDR parent chain (``de-CH`` ->
            ``de``) but never crosses scripts (``zh-TW`` is not served ``zh-Hans``).
        fallback: When no translation serves ``locale``, serve the source locale
            (``True``) or raise :class:`UnknownLocaleError` (``False``).

    Returns:
        The guide; ``guide.locale`` is the tag actually served.

    Raises:
        TypeError: ``guide`` or ``locale`` has the wrong type.
        GuideNotFoundError: no bundled guide has this slug.
        UnknownLocaleError: ``locale`` is not a locale, or (``fallback=False``) no
            translation serves it.
        ContentError: a bundled source or catalog is broken.

    >>> load_guide(locale="de-CH").locale
    'de'
    """
    slug = _check_guide(guide)
    if not isinstance(fallback, bool):
        msg = f"fallback must be a bool, not {type(fallback).__name__}"
        raise TypeError(msg)
    requested = _i18n.parse_locale(locale)
    tag = _i18n.negotiate(requested)
    if tag is None:
        if not fallback:
            msg = (
                f"no translation of {slug!r} serves locale {_requested_name(locale, requested)!r}; "
                f"available locales: {', '.join(_i18n.available_locale_tags())}"
            )
            raise UnknownLocaleError(msg)
        tag = _i18n.SOURCE_LOCALE
    key = (slug, tag)
    cached = _guides.get(key)
    if cached is not None:
        return cached
    with _lock:
        cached = _guides.get(key)
        if cached is None:
            from ._localize import localize  # noqa: PLC0415

            catalog = None if tag == _i18n.SOURCE_LOCALE else _i18n.load_catalog(tag)
            cached = localize(_document(slug), tag, catalog)
            _guides[key] = cached
    return cached


def _requested_name(locale: object, parsed: babel.Locale) -> str:
    """Name the locale as the caller wrote it, or as a tag for a ``babel.Locale``."""
    return locale if isinstance(locale, str) else _i18n.tag_for(parsed)


def render(guide: Guide, format: str = "html", **options: object) -> str:  # noqa: A002 - the documented name
    """Render ``guide`` as ``"html"``, ``"markdown"`` or ``"text"``.

    Args:
        guide: A guide from :func:`load_guide` or :meth:`Guide.model_validate`.
        format: The output format.
        **options: ``heading_offset`` (all formats); ``id_prefix`` and
            ``full_document`` (HTML); ``width`` (text). See the rendering docs.

    Raises:
        TypeError: ``guide`` is not a Guide, or an option is unknown or mistyped.
        ValueError: ``format`` is unknown, or an option value is out of range.

    >>> print(render(load_guide(), "text", width=60).splitlines()[0])
    Acupuncture for Back Pain: How It Works and What to Expect
    """
    from .renderers import RENDERERS  # noqa: PLC0415

    if not isinstance(guide, Guide):
        msg = f"render() needs a Guide, not {type(guide).__name__}"
        raise TypeError(msg)
    if not isinstance(format, str):
        msg = f"format must be a str, not {type(format).__name__}"
        raise TypeError(msg)
    renderer_class = RENDERERS.get(format)
    if renderer_class is None:
        msg = f"unknown format {format!r}; choose one of: {', '.join(RENDERERS)}"
        raise ValueError(msg)
    renderer = renderer_class(**options)
    key = (guide.fingerprint, format, renderer.settings())
    with _lock:
        output = _renders.get(key)
        if output is not None:
            _renders.move_to_end(key)
            return output
    output = renderer.render(guide)
    with _lock:
        _renders[key] = output
        if len(_renders) > RENDER_CACHE_SIZE:
            _renders.popitem(last=False)
    return output
