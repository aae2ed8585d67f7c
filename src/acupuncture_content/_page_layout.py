"""Where a guide's page is: the one place that knows the page layout ``<slug>/<tag>/``.

The export writes the files of guide ``slug`` in locale ``tag`` in the folder
:func:`page_folder` names, and a page's URL is that folder under the root of a
:class:`PageLayout` (:func:`page_url`): an absolute ``base_url`` on a published site
(``https://example.org/guides/``), ``../../`` from one exported page to another, or
``""`` from the export's root. Every link to a page (canonical and ``hreflang``
links, the language switcher, JSON-LD, chunk URLs, the sitemap, ``llms.txt``, the
export's language picker) and every folder the export writes is built here.

An app's own URL layout (the ``url`` of ``page_links``, ``chunks`` and ``export``,
and the ``page_url`` of full documents: a template with ``{guide}`` and ``{locale}``,
or a callable ``(slug, tag) -> str``) is a :class:`PageLayout` whose ``own`` function
makes each URL; :mod:`._page_urls` checks it and builds that function.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

__all__ = ["ROOT_FROM_PAGE", "PageLayout", "PageUrls", "page_folder", "page_url"]

#: What makes the URL of guide ``slug``'s page in locale ``tag``: ``(slug, tag) -> str``.
PageUrls = Callable[[str, str], str]


@dataclasses.dataclass(frozen=True, slots=True)
class PageLayout:
    """How the URLs of guide pages are made: the export's folders under a root, or the app's.

    Attributes:
        root: What every page URL starts with: an absolute ``base_url`` ending in
            ``/``, a relative path ending in ``/`` (``../../``), or ``""``.
        absolute: Whether the URLs are the pages' published addresses (an absolute
            ``base_url``, or an app's own layout): only then does a page get canonical
            and ``hreflang`` links and a JSON-LD ``url``.
        own: The app's own layout, already checked (see :mod:`._page_urls`): it makes
            every URL, and ``root`` is not used.
    """

    root: str = ""
    absolute: bool = False
    own: PageUrls | None = None


def page_folder(slug: str, tag: str) -> str:
    """The folder of guide ``slug``'s page in locale ``tag``, relative to the site root.

    >>> page_folder("acupuncture-for-back-pain", "pt-BR")
    'acupuncture-for-back-pain/pt-BR/'
    """
    return f"{slug}/{tag}/"


#: The site root seen from a page's folder: one ``../`` for each level of :func:`page_folder`.
ROOT_FROM_PAGE = "../../"


def page_url(layout: PageLayout, slug: str, tag: str) -> str:
    """The URL of guide ``slug``'s page in locale ``tag`` in ``layout``.

    >>> page_url(PageLayout("https://example.org/guides/", absolute=True), "g", "de")
    'https://example.org/guides/g/de/'
    >>> page_url(PageLayout(ROOT_FROM_PAGE), "g", "zh-Hans")
    '../../g/zh-Hans/'
    >>> page_url(PageLayout(absolute=True, own=lambda slug, tag: f"/{tag}/{slug}"), "g", "de")
    '/de/g'
    """
    if layout.own is not None:
        return layout.own(slug, tag)
    return layout.root + page_folder(slug, tag)
