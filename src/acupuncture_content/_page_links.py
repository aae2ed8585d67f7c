"""A guide page's links on the app's own URLs: canonical, alternates, x-default, switcher.

A site that serves the guide at its own addresses (``/guide/<lang>``) gets from
:func:`page_links` what a full document built with ``page_url`` carries: the canonical
URL, one alternate per locale with the language's own name, the ``x-default`` URL
(the source locale's page), and the HTML of the ``<head>`` links and of the language
switcher. The HTML comes from the HTML renderer's own code, given the same page
context, so a template using these and a full document cannot differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, PrivateAttr

from ._page_layout import page_url
from ._page_urls import own_layout
from ._pages import PageContext, page_context
from ._schema import FROZEN_DATA
from ._types import LocaleTag
from .models import Guide, ensure_validated

if TYPE_CHECKING:
    from ._page_layout import PageUrls

__all__ = ["Alternate", "PageLinks", "page_links"]


class Alternate(BaseModel):
    """The guide's page in one locale, as ``hreflang`` links and a language switcher give it."""

    model_config = FROZEN_DATA

    locale: LocaleTag
    """BCP 47 tag of the locale (``pt-BR``)."""
    hreflang: str
    """The ``hreflang`` value of the page's link (the tag)."""
    url: str
    """The page's URL, as the app's ``url`` layout makes it."""
    name: str
    """The language's own name, as CLDR writes it (``Deutsch``, ``العربية``)."""
    text_direction: Literal["ltr", "rtl"]
    """Direction of the locale's script."""


class PageLinks(BaseModel):
    """The links of a guide's page on the app's own URLs (see :func:`page_links`)."""

    model_config = FROZEN_DATA

    canonical: str
    """The URL of this page (the guide in its locale)."""
    alternates: tuple[Alternate, ...]
    """The guide's page in every locale it is in, this one included, sorted by tag."""
    x_default: str
    """The URL of the page in the source locale, for ``hreflang="x-default"``."""

    # What the HTML renderer needs to make the same links and switcher as a full page.
    _guide: Guide | None = PrivateAttr(default=None)
    _page: PageContext = PrivateAttr(default_factory=PageContext)

    def head_html(self) -> str:
        """The ``<link>`` elements for the page's ``<head>``, one a line.

        ``rel="canonical"``, one ``rel="alternate"`` with ``hreflang`` per locale and
        ``hreflang="x-default"``, exactly as a full document with ``page_url`` has them.
        URLs are escaped for HTML.
        """
        from .renderers.html import HtmlRenderer

        if self._guide is None:
            return ""
        return "".join(f"{line}\n" for line in HtmlRenderer.head_links(self._guide, self._page))

    def switcher_html(self) -> str:
        """The language switcher: the same ``<nav>`` a full document with ``page_url`` has.

        Each link has ``hreflang``, ``lang`` (and ``dir`` where the direction differs
        from the page's) and the language's own name; the current page's has
        ``aria-current="page"``. Empty for a guide in only one locale.
        """
        from .renderers.html import HtmlRenderer

        if self._guide is None:
            return ""
        return HtmlRenderer().render_language_switcher(self._guide, self._page)


def page_links(guide: Guide, *, url: str | PageUrls) -> PageLinks:
    """Return the links of ``guide``'s page on the app's own URL layout.

    >>> from acupuncture_content import load_guide
    >>> links = page_links(load_guide(locale="de"), url="/guide/{locale}/")
    >>> links.canonical, links.x_default
    ('/guide/de/', '/guide/en/')
    >>> tuple((alternate.hreflang, alternate.name) for alternate in links.alternates[:2])
    (('ar', 'العربية'), ('de', 'Deutsch'))
    >>> print(links.head_html().splitlines()[0])
    <link rel="canonical" href="/guide/de/">

    Args:
        guide: The guide on the page (one an app edited with ``model_copy`` too).
        url: Where the app serves each page: a template with ``{locale}`` and, where
            the site has several guides, ``{guide}`` (the slug), absolute
            (``"https://clinic.example/{locale}/guide/"``) or root-relative
            (``"/guide/{locale}/"``), with no other braces; or a callable
            ``(slug, tag) -> str`` returning such a URL, the same one for the same
            page every time it is called. A query is allowed, a fragment is not.
            Each URL is checked as it is made.

    Returns:
        The canonical URL, the alternates, the x-default URL, and their HTML. For a
        guide that is not bundled (an app's own), ``alternates`` is empty and
        ``head_html()`` has the canonical link alone.

    Raises:
        TypeError: ``guide`` is not a Guide; ``url`` is neither a string nor a
            callable, or the callable returned something else than a string.
        ValueError: the template lacks ``{locale}``, has other braces, or makes no
            absolute http(s) URL or root-relative path; or the callable returned
            such a URL.
        pydantic.ValidationError: ``guide`` was built without validation and is invalid.
    """
    guide = ensure_validated(guide, "page_links()")
    layout = own_layout(url, spelled="page_links() argument 'url'")
    page = page_context(guide, layout)
    links = PageLinks(
        canonical=page_url(layout, guide.slug, guide.locale),
        alternates=tuple(
            Alternate(
                locale=info.tag,
                hreflang=info.tag,
                url=page_url(layout, guide.slug, info.tag),
                name=info.name,
                text_direction=info.text_direction,
            )
            for info in page.languages
        ),
        x_default=page_url(layout, guide.slug, guide.source_locale),
    )
    links._guide = guide  # noqa: SLF001 - set once, here, where the model is made
    links._page = page  # noqa: SLF001
    return links
