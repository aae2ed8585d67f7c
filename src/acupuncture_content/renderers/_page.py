"""What a full HTML document shows around a guide: its languages, links, topics and edition.

Computed once per (guide, locale, link base) by :func:`page_context` from the bundled
guides, and passed to the HTML renderer explicitly, so the renderer itself reads no
files or catalogs.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._locale_info import LocaleInfo
    from .._source import Topic
    from ..models import Guide

__all__ = ["PageContext", "page_context", "page_url"]


@dataclasses.dataclass(frozen=True, slots=True)
class PageContext:
    """The languages, links and structured-data topics of a full HTML document.

    Attributes:
        languages: Every locale the guide is in (empty for a guide that is not bundled).
        switcher_label: The language switcher's accessible name, in the page's language.
        topics: What the guide is about, for schema.org ``about``.
        site_root: The URL of the site root the pages hang from: an absolute
            ``base_url``, a relative path (``../../``) inside an export, or ``None``
            when the page does not know where it is published (no switcher, no links).
        absolute: Whether ``site_root`` is an absolute URL (then the page gets
            canonical and ``hreflang`` links).
        date_modified: The date of the release in which the guide's content in this
            locale last changed, for schema.org ``dateModified``; ``None`` when the
            release history does not know it (an unreleased change, a guide an app made).
        version: The package version, for schema.org ``version``.
    """

    languages: tuple[LocaleInfo, ...] = ()
    switcher_label: str = "Languages"
    topics: tuple[Topic, ...] = ()
    site_root: str | None = None
    absolute: bool = False
    date_modified: datetime.date | None = None
    version: str | None = None

    @property
    def absolute_root(self) -> str | None:
        """``site_root`` when it is an absolute URL, else ``None``."""
        return self.site_root if self.absolute else None


def page_url(site_root: str, slug: str, tag: str) -> str:
    """The URL of a guide's page in a locale under ``site_root`` (``<root><slug>/<tag>/``)."""
    return f"{site_root}{slug}/{tag}/"


def page_context(guide: Guide, site_root: str | None, *, absolute: bool) -> PageContext:
    """Collect what the full document of ``guide`` shows around it."""
    from .._api import edition_of, list_guides, locale_info
    from .._labels import switcher_label
    from .._source import topics_of

    bundled = guide.slug in list_guides()
    date_modified, version = edition_of(guide)
    return PageContext(
        languages=locale_info(guide.slug) if bundled and site_root is not None else (),
        switcher_label=switcher_label(guide.locale),
        topics=topics_of(guide.slug) if bundled else (),
        site_root=site_root,
        absolute=absolute,
        date_modified=date_modified,
        version=version,
    )
