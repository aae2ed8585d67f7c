"""Localized interface strings around a guide: byline, notices and disclaimer.

These are ordinary gettext messages in code (extracted by ``pybabel extract``),
looked up in the catalog of the guide's locale. Dates and numbers come from CLDR
through Babel with that explicit locale, never from the process's ``LC_*``.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from typing import TYPE_CHECKING

from . import _i18n

if TYPE_CHECKING:
    import gettext

    from .models import Guide

__all__ = ["Labels", "compute_labels", "labels_for", "remember_labels"]


@dataclasses.dataclass(frozen=True, slots=True)
class Labels:
    """The localized strings a renderer places around a guide's content.

    Attributes:
        published: The publication date, formatted for the locale (``May 31, 2025``).
        reading_time: The reading time (``2 min read``).
        disclaimer: The medical disclaimer shown with every guide.
        translation_notice: Says the guide is a translation; ``None`` for originals.
        review_notice: Says no qualified medical translator reviewed the translation;
            ``None`` for originals and reviewed translations.
    """

    published: str
    reading_time: str
    disclaimer: str
    translation_notice: str | None
    review_notice: str | None


# Labels computed at build time for bundled guides, by guide fingerprint: rendering
# those guides then needs neither Babel nor the catalog.
_remembered: dict[str, Labels] = {}


def remember_labels(guide: Guide, labels: dict[str, str | None]) -> None:
    """Record precomputed ``labels`` (``Labels`` fields as a dict) for ``guide``."""
    _remembered[guide.fingerprint] = Labels(**labels)  # type: ignore[arg-type]


def labels_for(guide: Guide) -> Labels:
    """Return the localized interface strings for ``guide``."""
    remembered = _remembered.get(guide.fingerprint)
    return remembered if remembered is not None else compute_labels(guide)


def compute_labels(guide: Guide) -> Labels:
    """Compute the interface strings for ``guide`` from its catalog and CLDR."""
    translation = guide.translation
    return _labels(
        guide.locale,
        guide.published,
        guide.reading_time_minutes,
        # The catalogs' notice says "from the English original"; other sources get none.
        translation_notice=translation is not None
        and translation.source_locale == _i18n.SOURCE_LOCALE,
        review_notice=translation is not None and not translation.reviewed,
    )


def _translations(tag: str) -> gettext.NullTranslations:
    # Guides in a locale we ship a catalog for get its interface strings; any other
    # locale (an app's own guide) gets the source-language strings.
    import gettext  # noqa: PLC0415

    from ._catalogs import load_catalog  # noqa: PLC0415

    if tag != _i18n.SOURCE_LOCALE and tag in _i18n.available_locale_tags():
        return load_catalog(tag).translations
    return gettext.NullTranslations()


@functools.lru_cache(maxsize=512)
def _labels(
    tag: str,
    published: datetime.date,
    minutes: int,
    *,
    translation_notice: bool,
    review_notice: bool,
) -> Labels:
    from babel.dates import format_date  # noqa: PLC0415
    from babel.numbers import format_decimal  # noqa: PLC0415

    locale = _i18n.parse_locale(tag)
    translations = _translations(tag)
    # TRANSLATORS: reading time in the byline ("2 min read"); keep {minutes} as is.
    reading_time = translations.npgettext(
        "reading-time", "{minutes} min read", "{minutes} min read", minutes
    ).format(minutes=format_decimal(minutes, locale=locale))
    # TRANSLATORS: medical disclaimer shown with every guide; do not soften or strengthen it.
    disclaimer = translations.pgettext(
        "disclaimer",
        "This guide is general information only and is not a substitute for professional "
        "medical advice. Talk to a qualified health professional about your symptoms and "
        "treatment.",
    )
    translation_text = (
        # TRANSLATORS: shown on every translated guide; the original is in English.
        translations.pgettext("translation-notice", "Translated from the English original.")
        if translation_notice
        else None
    )
    review_text = (
        # TRANSLATORS: shown while no qualified human medical translator has reviewed
        # this translation.
        translations.pgettext(
            "review-notice",
            "This translation has not been reviewed by a qualified medical translator.",
        )
        if review_notice
        else None
    )
    return Labels(
        published=format_date(published, format="long", locale=locale),
        reading_time=str(reading_time),
        disclaimer=str(disclaimer),
        translation_notice=None if translation_text is None else str(translation_text),
        review_notice=None if review_text is None else str(review_text),
    )
