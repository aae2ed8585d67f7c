"""What a language switcher needs to know about each locale a guide is in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, Field

from ._cache import Cache, memoized
from ._schema import FROZEN_DATA
from ._tags import import_babel
from ._types import LocaleTag

if TYPE_CHECKING:
    from .models import Guide

__all__ = ["LocaleInfo", "describe_locale", "display_names", "locale_infos_cache"]


class LocaleInfo(BaseModel):
    """One locale a guide is available in, as a language switcher shows it."""

    model_config = FROZEN_DATA

    tag: LocaleTag
    """BCP 47 tag (``pt-BR``), as ``load_guide`` and the export's paths use it."""
    name: str
    """The language's own name, as CLDR writes it (``Deutsch``, ``العربية``)."""
    english_name: str
    """The language's English name (``German``, ``Arabic``)."""
    text_direction: Literal["ltr", "rtl"]
    """Direction of the locale's script."""
    coverage: Annotated[float, Field(ge=0.0, le=1.0)]
    """Share of the guide's segments translated in this locale (1.0 for the source)."""
    reviewed: bool
    """Whether a qualified human review happened: a qualified medical translator
    reviewed the translation. ``True`` for the source locale, the author's own text,
    which is not a translation."""


@memoized(max_entries=256)
def display_names(tag: str) -> tuple[str, str]:
    """Return the locale's own name and its English name, from CLDR."""
    import_babel()
    import babel

    locale = babel.Locale.parse(tag, sep="-")
    identifier = tag.replace("-", "_")
    # CLDR names some languages as a whole ("简体中文", "Brazilian Portuguese"); the
    # rest are composed from language and region ("português (Brasil)").
    own = locale.languages.get(identifier) or locale.get_display_name(locale) or tag
    english_names = babel.Locale("en").languages
    english = english_names.get(identifier) or locale.get_display_name("en") or tag
    return own, english


#: What a language switcher shows of each locale, by (guide slug, tag): filled by
#: ``_guides.locale_info_for`` and, with the data built with them, by precomputed guides.
locale_infos_cache: Cache[tuple[str, str], LocaleInfo] = Cache("locale_infos", max_entries=1024)


def describe_locale(guide: Guide) -> LocaleInfo:
    """Return the :class:`LocaleInfo` of the locale ``guide`` is in."""
    name, english_name = display_names(guide.locale)
    translation = guide.translation
    return LocaleInfo(
        tag=guide.locale,
        name=name,
        english_name=english_name,
        text_direction=guide.text_direction,
        coverage=1.0 if translation is None else translation.coverage,
        reviewed=True if translation is None else translation.reviewed,
    )
