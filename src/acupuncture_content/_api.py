"""The public functions: list and load guides, and render them."""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

from . import _i18n
from ._errors import UnknownLocaleError
from ._source import check_slug, list_guide_slugs, read_guide_source
from .models import Guide

if TYPE_CHECKING:
    import babel

    from ._parse import DocumentSkeleton
    from .renderers import Renderer

__all__ = ["DEFAULT_GUIDE", "available_locales", "list_guides", "load_guide", "render"]

DEFAULT_GUIDE = "acupuncture-for-back-pain"

#: Rendered outputs kept per process; guides are frozen, so a render never goes stale.
RENDER_CACHE_SIZE = 256

_lock = threading.RLock()
_documents: dict[str, DocumentSkeleton] = {}
_guides: dict[tuple[str, str], Guide] = {}
_Settings = tuple[object, tuple[tuple[str, type, object], ...]]
_renders: dict[tuple[str, _Settings], str] = {}
_renderers: dict[_Settings, Renderer] = {}


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
    return check_slug(guide)


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
    # An exact available tag (any case, "-" or "_") needs no CLDR data at all.
    tag = _i18n.exact_tag(locale) if isinstance(locale, str) else None
    if tag is None:
        if isinstance(locale, str):
            tag = _negotiated(locale)
        else:  # a babel.Locale; anything else is a TypeError from parse_locale
            tag = _i18n.negotiate(_i18n.parse_locale(locale))
    if tag is None:
        if not fallback:
            msg = (
                f"no translation of {slug!r} serves locale {_requested_name(locale)!r}; "
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
            cached = _load_precomputed(slug, tag) or localize_from_source(slug, tag)
            _guides[key] = cached
    return cached


@functools.lru_cache(maxsize=1024)
def _negotiated(locale: str) -> str | None:
    # Web apps ask with the same Accept-Language tags over and over: negotiate each once.
    return _i18n.negotiate(_i18n.parse_locale(locale))


def _load_precomputed(slug: str, tag: str) -> Guide | None:
    from . import _precomputed, _ui  # noqa: PLC0415

    found = _precomputed.load(slug, tag)
    if found is None:
        return None
    guide, labels = found
    _ui.remember_labels(guide, labels)
    return guide


def localize_from_source(slug: str, tag: str) -> Guide:
    """Parse, translate and validate guide ``slug`` for the available locale ``tag``."""
    from ._catalogs import load_catalog  # noqa: PLC0415
    from ._localize import localize  # noqa: PLC0415

    catalog = None if tag == _i18n.SOURCE_LOCALE else load_catalog(tag)
    return localize(_document(slug), tag, catalog)


def _requested_name(locale: str | babel.Locale) -> str:
    """Name the locale as the caller wrote it, or as a tag for a ``babel.Locale``."""
    return locale if isinstance(locale, str) else _i18n.tag_for(locale)


def render(guide: Guide, format: str = "html", **options: object) -> str:  # noqa: A002 - the documented name
    """Render ``guide`` as ``"html"``, ``"markdown"`` or ``"text"``.

    Renders are cached per (guide fingerprint, format, options), so rendering the same
    guide again costs a dictionary lookup; the cache keeps the newest 256 renders.
    (A guide changed with ``model_copy(update=...)`` keeps its old fingerprint: build
    changed guides with ``Guide.model_validate`` instead.)

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
    if not isinstance(guide, Guide):
        msg = f"render() needs a Guide, not {type(guide).__name__}"
        raise TypeError(msg)
    # Only validated options ever reach the caches, so a hit needs no validation. The
    # value's type is part of the key: heading_offset=True must never match 1.
    settings = (
        format,
        tuple(sorted((name, type(value), value) for name, value in options.items())),
    )
    key = (guide.fingerprint, settings)
    try:
        cached = _renders.get(key)
        renderer = _renderers.get(settings)
    except TypeError:  # an unhashable value: validation below names the option
        cached = renderer = None
    if cached is not None:
        return cached
    if renderer is None:
        renderer = _renderer(format, options)
    output = renderer.render(guide)
    with _lock:
        # Renderers are immutable after construction, so one instance serves all threads.
        _renderers[settings] = renderer
        _renders[key] = output
        _trim(_renders)
        _trim(_renderers)
    return output


def _trim(cache: dict[Any, Any]) -> None:
    # Oldest first: reads take no lock, so hits do not reorder the cache.
    while len(cache) > RENDER_CACHE_SIZE:
        del cache[next(iter(cache))]


def _renderer(format: object, options: dict[str, object]) -> Renderer:  # noqa: A002
    """Return a validated renderer for ``format`` and ``options`` (raising on bad ones)."""
    from . import renderers  # noqa: PLC0415

    if not isinstance(format, str):
        msg = f"format must be a str, not {type(format).__name__}"
        raise TypeError(msg)
    class_name = renderers.FORMATS.get(format)
    if class_name is None:
        msg = f"unknown format {format!r}; choose one of: {', '.join(renderers.FORMATS)}"
        raise ValueError(msg)
    renderer_class: type[Renderer] = getattr(renderers, class_name)
    return renderer_class(**options)
