"""Where a guide's page is: the one place that knows the page layout ``<slug>/<tag>/``.

The export writes the files of guide ``slug`` in locale ``tag`` in the folder
:func:`page_folder` names, and a page's URL is that folder under the root of a
:class:`PageLayout` (:func:`page_url`): an absolute ``base_url`` on a published site
(``https://example.org/guides/``), ``../../`` from one exported page to another, or
``""`` from the export's root. Every link to a page (canonical and ``hreflang``
links, the language switcher, JSON-LD, chunk URLs, the sitemap, ``llms.txt``, the
export's language picker) and every folder the export writes is built here.

An app's own URL layout (a template with ``{guide}`` and ``{locale}``, or a callable
``(slug, tag) -> str``) will be another kind of :class:`PageLayout`, resolved by
:func:`page_url`; its callers will not change.
"""

from __future__ import annotations

import dataclasses

__all__ = ["ROOT_FROM_PAGE", "PageLayout", "page_folder", "page_url"]


@dataclasses.dataclass(frozen=True, slots=True)
class PageLayout:
    """How the URLs of guide pages are made: today, the export's folders under a root.

    Attributes:
        root: What every page URL starts with: an absolute ``base_url`` ending in
            ``/``, a relative path ending in ``/`` (``../../``), or ``""``.
        absolute: Whether the URLs are the pages' published addresses (an absolute
            ``base_url``): only then does a page get canonical and ``hreflang`` links
            and a JSON-LD ``url``.
    """

    root: str = ""
    absolute: bool = False


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
    """
    return layout.root + page_folder(slug, tag)
