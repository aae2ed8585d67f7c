"""What a full HTML document shows around a guide: its languages, links, topics and edition.

:func:`page_context` collects it once per (guide, locale, page layout) from the
bundled guides (every locale a guide is in, its topics) and the interface catalog
(the switcher's name). The export passes it to the HTML renderer explicitly with
the page's place in the site; a renderer given none asks here, as it asks
:mod:`._labels` for the labels it is not given. Either way the renderer itself
reads no files or catalogs, and this module, below the renderers, never reaches
up to the public API.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING

from . import _history
from ._guides import locale_infos_of
from ._labels import labels, switcher_label
from ._source import list_guide_slugs, topics_of

if TYPE_CHECKING:
    from ._locale_info import LocaleInfo
    from ._page_layout import PageLayout
    from ._source import Topic
    from .models import Guide

__all__ = ["PageContext", "page_context"]


@dataclasses.dataclass(frozen=True, slots=True)
class PageContext:
    """The languages, links and structured-data topics of a full HTML document.

    Attributes:
        languages: Every locale the guide is in (empty for a guide that is not bundled).
        switcher_label: The language switcher's accessible name, in the page's language.
        topics: What the guide is about, for schema.org ``about``.
        layout: Where the guide's pages are (``page_url`` makes their URLs): the
            export's folders under an absolute ``base_url`` or, inside an export, a
            relative path (``../../``), or an app's own layout; ``None`` when the page
            does not know where it is published (no switcher, no links).
        date_modified: The date of the release in which the guide's content in this
            locale last changed, for schema.org ``dateModified``; ``None`` when the
            release history does not know it (an unreleased change, a guide an app made).
        version: The package version, for schema.org ``version``.
    """

    languages: tuple[LocaleInfo, ...] = ()
    switcher_label: str = "Languages"
    topics: tuple[Topic, ...] = ()
    layout: PageLayout | None = None
    date_modified: datetime.date | None = None
    version: str | None = None

    @property
    def published_layout(self) -> PageLayout | None:
        """:attr:`layout` when its URLs are the pages' published addresses, else ``None``."""
        return self.layout if self.layout is not None and self.layout.absolute else None


def page_context(guide: Guide, layout: PageLayout | None) -> PageContext:
    """Collect what the full document of ``guide`` shows around it.

    Args:
        guide: The guide on the page.
        layout: Where its pages are (see :class:`~._page_layout.PageLayout`), or
            ``None`` when the page does not know where it is published.
    """
    bundled = guide.slug in list_guide_slugs()
    return PageContext(
        languages=locale_infos_of(guide.slug) if bundled and layout is not None else (),
        switcher_label=switcher_label(guide.locale),
        topics=topics_of(guide.slug) if bundled else (),
        layout=layout,
        date_modified=_history.modified_date(guide, labels(guide).model_dump(mode="json")),
        version=_history.installed_version(),
    )
