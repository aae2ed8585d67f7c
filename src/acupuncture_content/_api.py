"""The public functions: list, load, negotiate, render and describe guides, and their changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cache import Cache, memoized
from ._errors import GuideNotFoundError, UnknownLocaleError
from ._guides import guide_in, locale_infos_of
from ._i18n import (
    available_locale_tags,
    exact_tag,
    match_locale,
    parse_requested,
    source_locale_of,
)
from ._source import check_slug, list_guide_slugs
from ._tags import known_language, parse_tag
from ._validated import is_validated
from .models import Guide, ensure_validated

if TYPE_CHECKING:
    import babel

    from ._changes import Change
    from ._history import GuideState
    from ._locale_info import LocaleInfo
    from .renderers import Renderer

__all__ = [
    "DEFAULT_GUIDE",
    "available_locales",
    "changes",
    "check_guide",
    "list_guides",
    "load_guide",
    "locale_info",
    "negotiate",
    "render",
    "renderers_cache",
    "renders_cache",
]

DEFAULT_GUIDE = "acupuncture-for-back-pain"

#: Validated renderer instances, by (format, options).
renderers_cache: Cache[tuple[object, ...], Renderer] = Cache("renderers", max_entries=256)
#: Rendered outputs of validated guides, by (exact type, guide, format, options).
renders_cache: Cache[tuple[object, ...], str] = Cache(
    "renders", max_entries=1024, max_bytes=32 * 1024 * 1024
)


def list_guides() -> tuple[str, ...]:
    """Return the slugs of every bundled guide, sorted.

    >>> list_guides()
    ('acupuncture-for-back-pain',)
    """
    return list_guide_slugs()


def check_guide(guide: object, *, locale_advice: str = "locale={!r}") -> str:
    """Return ``guide`` if it is a bundled guide's slug.

    Args:
        guide: the slug to check.
        locale_advice: how the caller spells a locale argument, as a format string for
            the tag (``"locale={!r}"`` in Python, ``"--locale {}"`` on the command
            line): a locale given as the guide is answered with "did you mean" it.

    Raises:
        TypeError: ``guide`` is not a string.
        GuideNotFoundError: no bundled guide has this slug; the message lists them.
    """
    if not isinstance(guide, str):
        msg = f"guide must be a str slug, not {type(guide).__name__}"
        raise TypeError(msg)
    try:
        return check_slug(guide)
    except GuideNotFoundError as error:
        # load_guide("de") is an easy slip: the slug comes first, the locale second.
        parts = parse_tag(guide) if len(guide) <= 64 else None
        if parts is None or not known_language(parts.language):
            raise
        msg = f"{error}; did you mean {locale_advice.format(guide)}?"
        raise GuideNotFoundError(msg) from None


def available_locales(guide: str = DEFAULT_GUIDE) -> tuple[str, ...]:
    """Return the BCP 47 tags ``guide`` is available in, sorted.

    >>> tags = available_locales()
    >>> "en" in tags, "pt-BR" in tags, tags == tuple(sorted(tags))
    (True, True, True)

    Raises:
        TypeError: ``guide`` is not a string.
        GuideNotFoundError: no bundled guide has this slug.
    """
    return available_locale_tags(check_guide(guide))


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
            ``de``, ``pt-PT`` -> ``pt-BR``) but never crosses scripts (``zh-TW`` is
            not served ``zh-Hans``).
        fallback: When no translation serves ``locale``, serve the source locale
            (``True``) or raise :class:`UnknownLocaleError` (``False``).

    Returns:
        The guide; ``guide.locale`` is the tag actually served.

    Raises:
        TypeError: ``guide``, ``locale`` or ``fallback`` has the wrong type.
        GuideNotFoundError: no bundled guide has this slug.
        UnknownLocaleError: ``locale`` is not a locale, or (``fallback=False``) no
            translation serves it.
        ContentError: a bundled source or catalog is broken.

    >>> load_guide(locale="de-CH").locale
    'de'
    """
    slug = check_guide(guide)
    if not isinstance(fallback, bool):
        msg = f"fallback must be a bool, not {type(fallback).__name__}"
        raise TypeError(msg)
    available = available_locale_tags(slug)
    # An exact available tag (any case, "-" or "_") needs no CLDR data at all.
    tag = exact_tag(locale, available) if isinstance(locale, str) else None
    if tag is None:
        requested = parse_requested(locale, available)
        tag = match_locale(requested, available)
        if tag is None:
            if not fallback:
                named = requested.tag if not isinstance(locale, str) else locale
                msg = (
                    f"no translation of {slug!r} serves locale {named!r}; "
                    f"available locales: {', '.join(available)}"
                )
                raise UnknownLocaleError(msg)
            tag = source_locale_of(slug)
    return guide_in(slug, tag)


def negotiate(accept_language: str | None, guide: str = DEFAULT_GUIDE) -> str:
    """Return the locale of ``guide`` to serve for an HTTP ``Accept-Language`` value.

    Ranges are tried by descending ``q`` (ties keep header order), ``q=0`` excludes a
    range, malformed ranges and ``q`` values are skipped, ``*`` stands for the source
    locale. Each range is matched as :func:`load_guide` matches a tag, and a bare
    language after a regional range of the same language (``zh-TW,zh;q=0.8``) is not
    used to cross scripts. ``None``, ``""`` and any other string never raise.

    >>> negotiate("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5")
    'fr'
    >>> negotiate("zh-TW,zh;q=0.8,en;q=0.5"), negotiate("pt-PT,pt;q=0.9")
    ('en', 'pt-BR')

    Returns:
        One of ``available_locales(guide)``; the source locale when nothing matches.

    Raises:
        TypeError: ``accept_language`` is neither a string nor ``None``, or ``guide``
            is not a string.
        GuideNotFoundError: no bundled guide has this slug.
    """
    from ._accept_language import negotiate_accept_language  # a web app's path, not the CLI's

    return negotiate_accept_language(accept_language, check_guide(guide))


def locale_info(guide: str = DEFAULT_GUIDE) -> tuple[LocaleInfo, ...]:
    """Describe every locale ``guide`` is in, sorted by tag, for language switchers.

    >>> arabic, german = locale_info()[:2]
    >>> arabic.name, arabic.text_direction, german.name, german.english_name
    ('العربية', 'rtl', 'Deutsch', 'German')

    Raises:
        TypeError: ``guide`` is not a string.
        GuideNotFoundError: no bundled guide has this slug.
    """
    return locale_infos_of(check_guide(guide))


def render(guide: Guide, format: str = "html", **options: object) -> str:  # noqa: A002 - the documented name
    """Render ``guide`` as ``"html"``, ``"markdown"``, ``"text"`` or ``"json"``.

    Renders of validated guides are cached per (type, fingerprint, format, options), so
    rendering the same guide again costs a dictionary lookup; the cache is bounded in
    entries and bytes. A guide not made by validation (``model_construct``; a
    :meth:`Guide.model_copy` is validated as it is made) is validated first, so its
    output is never another guide's and nothing invalid is rendered.

    Args:
        guide: A guide from :func:`load_guide` or :meth:`Guide.model_validate`.
        format: The output format.
        **options: ``heading_offset`` (all but json); ``id_prefix``,
            ``full_document``, ``stylesheet`` and ``base_url`` (html); ``width``
            (text). See the rendering docs.

    Raises:
        TypeError: ``guide`` is not a Guide, or an option is unknown or mistyped.
        ValueError: ``format`` is unknown, or an option value is out of range.
        pydantic.ValidationError: ``guide`` was built without validation and is invalid.

    >>> print(render(load_guide(), "text", width=60).splitlines()[0])
    Acupuncture for Back Pain: How It Works and What to Expect
    """
    if not isinstance(guide, Guide):
        msg = f"render() needs a Guide, not {type(guide).__name__}"
        raise TypeError(msg)
    # The option's type is part of the key: heading_offset=True must never match 1.
    settings = (
        (format, *sorted((name, type(value), value) for name, value in options.items()))
        if options
        else (format,)
    )
    try:
        hash(settings)
    except TypeError:  # an unhashable value: validation below names the option
        return _renderer(format, options).render(ensure_validated(guide, "render()"))
    renderer = renderers_cache.get_or_create(settings, lambda: _renderer(format, options))
    if not is_validated(guide):
        guide = ensure_validated(guide, "render()")
    # Keyed by the guide itself (hashed by its fingerprint, compared field by field):
    # the fingerprint covers only the content, and two guides with one fingerprint can
    # still render differently (untranslated segments are marked, JSON has every field).
    # The exact type too: a subclass may compute its fingerprint its own way (or forge
    # another guide's, and compare equal by its own rules), and must never get or give
    # another type's page.
    key = (type(guide), guide, settings)
    cached = renders_cache.get(key)
    if cached is not None:
        return cached
    return renders_cache.put(key, renderer.render(guide))


def _renderer(format: object, options: dict[str, object]) -> Renderer:  # noqa: A002
    """Return a validated renderer for ``format`` and ``options`` (raising on bad ones)."""
    from .renderers import renderer_class

    return renderer_class(format)(**options)  # type: ignore[arg-type]


def changes(
    since: str,
    *,
    guide: str = DEFAULT_GUIDE,
    locale: str | babel.Locale | None = None,
) -> tuple[Change, ...]:
    """Return every content change to ``guide`` in the releases after ``since``.

    Each :class:`Change` is one chunk (the introduction, a section, or ``"labels"``:
    the title, byline, notices and disclaimer) in one locale whose fingerprint a
    release changed, with whether the source-locale text of that chunk changed too.
    The changes run up to the installed version; a development build (``0.4.0.dev0``)
    adds its own, unreleased changes against the last release, under its version and
    with ``date`` ``None``.

    Args:
        since: A released version (``"0.2.0"``); changes made by later releases are listed.
        guide: Slug of a bundled guide.
        locale: ``None`` for every locale, or one locale, matched as :func:`load_guide`
            matches it (``de-CH`` reports ``de``'s changes, the content a ``de-CH``
            reader is served); one that no translation serves is an error, not the
            source locale's changes.

    Returns:
        The changes, by release (oldest first), then locale (in
        :func:`available_locales` order), then chunk (in :func:`chunks` order).

    Raises:
        TypeError: ``since``, ``guide`` or ``locale`` has the wrong type.
        ValueError: ``since`` is not a release; the message names the known releases.
        GuideNotFoundError: no bundled guide has this slug.
        UnknownLocaleError: ``locale`` is not a locale, or no translation of the guide serves it.

    >>> first = changes("0.1.0", locale="ko")[0]
    >>> first.release, first.chunk, first.kind, first.source_changed
    ('0.2.0', 'what-to-expect-during-treatment', 'changed', False)
    >>> changes("0.3.0", locale="de-CH")[0].locale
    'de'
    """
    from . import _history
    from ._changes import changes_between, editions, locale_order, released_since

    slug = check_guide(guide)
    known = _history.history().versions()
    start = released_since(since, known, spelled="changes() argument 'since'")
    if locale is not None:
        locale = load_guide(slug, locale, fallback=False).locale
    unreleased = None if _history.installed_version() in known else _installed_state(slug)
    found = editions(slug, unreleased)
    tags = (locale,) if locale is not None else locale_order(available_locale_tags(slug), found)
    return changes_between(found, start, slug, tags)


@memoized(max_entries=64)
def _installed_state(slug: str) -> GuideState:
    """Guide ``slug`` in every locale as this package serves it, described as a release is."""
    from ._history import history
    from ._history_entries import guide_state
    from ._labels import labels

    served = {}
    for tag in available_locale_tags(slug):
        localized = load_guide(slug, tag, fallback=False)
        served[tag] = (localized, labels(localized).model_dump(mode="json"))
    return guide_state(slug, served, history().releases[-1])
