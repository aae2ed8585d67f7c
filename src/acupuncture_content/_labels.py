"""The localized strings around a guide's content: byline, notices and disclaimer.

These are ordinary gettext messages in code (extracted by ``pybabel extract``) in the
:data:`~._catalogs.INTERFACE_DOMAIN` catalog of the guide's locale, found over the
same CLDR parent chain as guides (``de-CH`` uses ``de``). A locale with no catalog
gets the source (English) strings. Dates and durations come from CLDR through Babel
with the guide's locale, never from the process's ``LC_*``. Translations only fill
in one placeholder, ``{duration}``, by plain replacement (never ``str.format``),
and the build checks every catalog obeys the text rules (see ``docs/translating.md``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from ._cache import Cache
from ._catalogs import INTERFACE_DOMAIN, compiled_tags, load_catalog
from ._i18n import SOURCE_LOCALE, match_locale
from ._schema import FROZEN_DATA
from ._tags import import_babel, parse_tag
from .models import ensure_validated

if TYPE_CHECKING:
    import gettext

    from .models import Guide

__all__ = [
    "DURATION_PLACEHOLDER",
    "Labels",
    "labels",
    "labels_cache",
    "labels_key",
    "labels_of_validated",
    "switcher_label",
]

#: The one placeholder of the reading-time message.
DURATION_PLACEHOLDER = "{duration}"

# Where CLDR's pattern is not how a language writes a date or a duration in running
# text, by language. Each entry cites the usage it follows; every other language takes
# CLDR's as Babel gives it.
#
# Japanese writes a number and its unit together: the guide itself writes 約30〜60分,
# and CLDR's "{0} 分" would print "2 分". Japanese has one plural form, so a single
# pattern serves every number.
_MINUTES_PATTERNS = {"ja": "{0}分"}
# Vietnamese writes a full date "31 tháng 5 năm 2025", with "năm" (year) before the
# year, as Decree 30/2020/ND-CP (Appendix I) prescribes for administrative documents
# ("ngày 12 tháng 3 năm 2023"); CLDR's long date gives "31 tháng 5, 2025". CLDR's
# month names are kept ("tháng 5").
_DATE_PATTERNS = {"vi": "d MMMM 'năm' y"}


class Labels(BaseModel):
    """The localized strings the renderers place around a guide's content.

    JSON consumers and chatbots show the same disclaimer and notices as the pages by
    using these. Frozen; ``model_dump_json()`` gives what ``export`` writes as
    ``labels.json``.
    """

    model_config = FROZEN_DATA

    published: str
    """The publication date, formatted for the locale (``May 31, 2025``)."""
    reading_time: str
    """The reading time (``2 min read``)."""
    disclaimer_label: str
    """The label above the disclaimer in text and Markdown (``Medical disclaimer``), so
    that no reader takes it for the author's last paragraph."""
    disclaimer: str
    """The medical disclaimer shown with every guide."""
    translation_notice: str | None
    """Says the guide was machine-translated (AI) from the English original; ``None``
    for originals."""
    review_notice: str | None
    """Says no qualified medical translator reviewed the translation; ``None`` for
    originals and reviewed translations."""


LabelsKey = tuple[str, datetime.date, int, bool, bool]

#: Interface strings, by what they are computed from (never by fingerprint alone).
labels_cache: Cache[LabelsKey, Labels] = Cache("labels", max_entries=512)


def labels_key(guide: Guide) -> LabelsKey:
    """What a guide's labels are computed from (its content plays no part)."""
    translation = guide.translation
    return (
        guide.locale,
        guide.published,
        guide.reading_time_minutes,
        # The catalogs' notice says "from the English original"; other sources get none.
        translation is not None and translation.source_locale == SOURCE_LOCALE,
        translation is not None and not translation.reviewed,
    )


def labels(guide: Guide) -> Labels:
    """Return the localized strings the renderers place around ``guide``'s content.

    >>> from acupuncture_content import load_guide
    >>> labels(load_guide()).reading_time
    '2 min read'

    Raises:
        TypeError: ``guide`` is not a Guide.
        pydantic.ValidationError: ``guide`` was not made by validation and is invalid.
    """
    return labels_of_validated(ensure_validated(guide, "labels()"))


def labels_of_validated(guide: Guide) -> Labels:
    """:func:`labels` for a guide already known to be validated (the renderers' path)."""
    key = labels_key(guide)
    return labels_cache.get_or_create(key, lambda: _compute(*key))


def _interface_catalog(locale: str) -> tuple[gettext.NullTranslations, bool]:
    """The interface catalog serving ``locale``, and whether it holds the source strings."""
    import gettext

    parts = parse_tag(locale)
    available = (SOURCE_LOCALE, *compiled_tags(INTERFACE_DOMAIN))
    tag = match_locale(parts, available) if parts is not None else None
    if tag is None or tag == SOURCE_LOCALE:
        return gettext.NullTranslations(), True
    return load_catalog(tag, INTERFACE_DOMAIN).translations, False


def switcher_label(locale: str) -> str:
    """The accessible name of the language switcher ("Languages") in ``locale``."""
    catalog, _ = _interface_catalog(locale)
    # TRANSLATORS: accessible name of the list of links to this guide in other languages.
    return str(catalog.pgettext("language-switcher", "Languages"))


def _compute(
    locale: str,
    published: datetime.date,
    minutes: int,
    translation_notice: bool,  # noqa: FBT001 - positional, as labels_key orders them
    review_notice: bool,  # noqa: FBT001
) -> Labels:
    import_babel()
    from babel.dates import format_date  # Babel's CLDR machinery loads on first use
    from babel.numbers import format_decimal
    from babel.units import format_unit

    babel_locale = locale.replace("-", "_")
    language = babel_locale.split("_", maxsplit=1)[0]
    catalog, is_source = _interface_catalog(locale)
    # The source strings use CLDR's short unit ("2 min read", as the article has it);
    # translations use the long unit, whose plural forms CLDR gets right for every
    # language (Arabic "دقيقتان"), so no translator agrees a number by hand.
    length: Literal["short", "long"] = "short" if is_source else "long"
    minutes_pattern = _MINUTES_PATTERNS.get(language)
    if minutes_pattern is not None:
        duration = minutes_pattern.replace("{0}", format_decimal(minutes, locale=babel_locale))
    else:
        duration = format_unit(minutes, "duration-minute", length=length, locale=babel_locale)
    # TRANSLATORS: reading time in the byline ("2 min read"). Keep {duration} exactly
    # once: it becomes a duration in your language's words ("2 minutes"), already
    # agreed with its number.
    reading_time = str(catalog.pgettext("reading-time", "{duration} read"))
    # TRANSLATORS: label above the medical disclaimer in the text and
    # Markdown versions of every guide, so that readers see that the
    # disclaimer is not part of the author's article. Use the term health
    # websites in your language usually give it.
    disclaimer_label = catalog.pgettext("disclaimer-label", "Medical disclaimer")
    # TRANSLATORS: medical disclaimer shown with every guide; do not soften or strengthen it.
    disclaimer = catalog.pgettext(
        "disclaimer",
        "This guide is general information only and is not a substitute for professional "
        "medical advice. Talk to a qualified health professional about your symptoms and "
        "treatment.",
    )
    # TRANSLATORS: shown on every translated guide. Say plainly, in
    # everyday words, that a machine (an AI model) translated it from the
    # English original, so that no reader assumes a human translator. Write
    # "AI" as your language usually does.
    translated = catalog.pgettext(
        "translation-notice",
        "This guide was translated from the English original by machine translation (AI).",
    )
    # TRANSLATORS: shown while no qualified human medical translator has reviewed
    # this translation.
    unreviewed = catalog.pgettext(
        "review-notice",
        "This translation has not been reviewed by a qualified medical translator.",
    )
    return Labels(
        published=format_date(
            published, format=_DATE_PATTERNS.get(language, "long"), locale=babel_locale
        ),
        reading_time=reading_time.replace(DURATION_PLACEHOLDER, duration),
        disclaimer_label=str(disclaimer_label),
        disclaimer=str(disclaimer),
        translation_notice=str(translated) if translation_notice else None,
        review_notice=str(unreviewed) if review_notice else None,
    )
