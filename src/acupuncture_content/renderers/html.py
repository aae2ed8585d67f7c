"""HTML renderer: a semantic ``<article>`` fragment or a complete HTML5 page.

Every text and attribute value is escaped; no element or attribute name ever comes
from content. Text of the other direction than the page (a Latin author name in an
Arabic byline) is isolated with ``<bdi>``; a segment that fell back to the source
language carries that language's ``lang`` (and ``dir`` where it differs), as WCAG
3.1.2 asks.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, ClassVar

from .._bidi import needs_isolation
from .._page_layout import PageLayout, page_url
from .._page_urls import own_layout
from .._stylesheet import stylesheet
from .._tags import text_direction_of
from ..models import plain_text
from ._base import ExportFile, Renderer
from ._json_ld import json_ld, script_safe_json
from ._options import BASE_URL, HEADING_OFFSET, ID_PREFIX, PAGE_URL, Option

if TYPE_CHECKING:
    from collections.abc import Callable

    from .._labels import Labels
    from .._pages import PageContext
    from ..models import (
        BulletList,
        Emphasis,
        Guide,
        Link,
        ListItem,
        Paragraph,
        Section,
        Strong,
        Text,
    )

__all__ = ["HtmlRenderer"]

# Escapes &, <, >, " and ' (quote=True is the default). Bound directly, not wrapped:
# a guide's render escapes a few dozen strings and a wrapper call is a tenth of it.
_escape = html.escape


class HtmlRenderer(Renderer):
    """Render a guide as HTML.

    Options:
        heading_offset: Added to heading levels (title ``h1``, sections ``h2``).
        id_prefix: Put before every ``id`` this renderer emits, to avoid clashes
            with the host page; empty or a letter followed by letters, digits,
            ``-`` or ``_``, 100 characters at most.
        full_document: Return a complete HTML5 page with ``<main>``, ``<title>`` and
            schema.org ``MedicalWebPage`` JSON-LD instead of an ``<article>`` fragment.
        stylesheet: With ``full_document``, embed :func:`acupuncture_content.stylesheet`.
        base_url: With ``full_document``, where the pages are published
            (``https://example.org/guides/``): adds the canonical link, ``hreflang``
            alternates and a language switcher (page URLs are ``<base_url><slug>/<tag>/``).
        page_url: With ``full_document``, the site's own page URLs instead: a template
            with ``{locale}`` (and ``{guide}``), absolute or root-relative
            (``"/guide/{locale}/"``), or a callable ``(slug, tag) -> str``, as
            :func:`acupuncture_content.page_links` takes it. Not with ``base_url``.

    Example: render links with a class for the host page's stylesheet::

        class ClinicHtmlRenderer(HtmlRenderer):
            def render_link(self, link):
                return super().render_link(link).replace("<a ", '<a class="external" ', 1)
    """

    format: ClassVar[str] = "html"
    options: ClassVar[tuple[Option, ...]] = (
        HEADING_OFFSET,
        ID_PREFIX,
        Option(
            name="full_document",
            types=(bool,),
            default=False,
            help="a complete HTML page, not a fragment",
        ),
        Option(
            name="stylesheet",
            types=(bool,),
            default=True,
            help="with --full-document: leave out the embedded stylesheet",
            requires="full_document",
        ),
        BASE_URL,
        PAGE_URL,
    )
    exports: ClassVar[tuple[ExportFile, ...]] = (
        ExportFile("guide.html", "html-fragment"),
        ExportFile("index.html", "html-document", {"full_document": True}),
    )
    id_prefix: str
    full_document: bool
    stylesheet: bool
    base_url: str | None
    page_url: str | Callable[[str, str], str] | None

    # Helpers -------------------------------------------------------------------------

    def _direction(self) -> str:
        return self.document.guide.text_direction if self.document else "ltr"

    def _language_attributes(self, key: str | None) -> str:
        """``lang`` (and ``dir``) for a segment served in the source language."""
        document = self.document
        if document is None or key not in document.untranslated:
            return ""
        source = document.guide.source_locale
        direction = text_direction_of(source)
        dir_attribute = "" if direction == document.guide.text_direction else f' dir="{direction}"'
        return f' lang="{_escape(source)}"{dir_attribute}'

    def _isolated(self, text: str) -> str:
        """Escape ``text``, in ``<bdi>`` if it runs against the page's direction."""
        escaped = _escape(text)
        return f"<bdi>{escaped}</bdi>" if needs_isolation(text, self._direction()) else escaped  # type: ignore[arg-type]

    def _heading(self, level: int, text: str, key: str, element_id: str | None = None) -> str:
        tag = f"h{level + self.heading_offset}"
        id_attribute = f' id="{_escape(self.id_prefix + element_id)}"' if element_id else ""
        return f"<{tag}{id_attribute}{self._language_attributes(key)}>{_escape(text)}</{tag}>"

    # The outline ---------------------------------------------------------------------

    def join(self, parts: list[str]) -> str:
        """Wrap the parts in the ``<article>`` that carries the guide's ``lang`` and ``dir``."""
        guide = self.document.guide if self.document else None
        lang = _escape(guide.locale) if guide else "und"
        direction = guide.text_direction if guide else "auto"
        opening = f'<article class="guide" lang="{lang}" dir="{direction}">'
        return "\n".join([opening, *(part for part in parts if part), "</article>"]) + "\n"

    def render_header(self, guide: Guide, labels: Labels) -> str:
        """Render the title, the byline and, for translations, the notices."""
        byline = (
            f'<p class="byline"><span class="author">{self._isolated(guide.author.name)}</span>'
            f' · <time datetime="{guide.published.isoformat()}">'
            f"{self._isolated(labels.published)}</time>"
            f' · <span class="reading-time">{self._isolated(labels.reading_time)}</span></p>'
        )
        lines = ["<header>", self._heading(1, guide.title, "title"), byline]
        notices = [
            f'<p class="{kind}">{_escape(text)}</p>'
            for kind, text in (
                ("translation-notice", labels.translation_notice),
                ("review-notice", labels.review_notice),
            )
            if text
        ]
        if notices:
            lines.extend(['<aside class="notices" role="note">', *notices, "</aside>"])
        lines.append("</header>")
        return "\n".join(lines)

    def render_footer(self, guide: Guide, labels: Labels) -> str:
        """Render the medical disclaimer, set apart as a note."""
        return (
            '<footer>\n<aside class="disclaimer" role="note">\n'
            f"<p>{_escape(labels.disclaimer)}</p>\n</aside>\n</footer>"
        )

    def render_section(self, section: Section) -> str:
        """Render a ``<section>`` labelled by its heading, which carries the section id."""
        heading_id = self.id_prefix + section.id
        lines = [
            f'<section aria-labelledby="{_escape(heading_id)}">',
            self._heading(2, section.heading, f"{section.id}/heading", section.id),
        ]
        lines.extend(self.render_blocks(section.blocks))
        lines.append("</section>")
        return "\n".join(lines)

    # Node types ----------------------------------------------------------------------

    def render_paragraph(self, paragraph: Paragraph) -> str:
        """Render a ``<p>``."""
        attributes = self._language_attributes(paragraph.key)
        return f"<p{attributes}>{self.render_inlines(paragraph.content)}</p>"

    def render_bullet_list(self, bullet_list: BulletList) -> str:
        """Render a ``<ul>``."""
        items = "\n".join(self.render_list_item(item) for item in bullet_list.items)
        return f"<ul>\n{items}\n</ul>"

    def render_list_item(self, item: ListItem) -> str:
        """Render an ``<li>``."""
        attributes = self._language_attributes(item.key)
        return f"<li{attributes}>{self.render_inlines(item.content)}</li>"

    def render_text(self, text: Text) -> str:
        """Render escaped text."""
        return _escape(text.text)

    def render_emphasis(self, emphasis: Emphasis) -> str:
        """Render ``<em>``."""
        return f"<em>{self.render_inlines(emphasis.children)}</em>"

    def render_strong(self, strong: Strong) -> str:
        """Render ``<strong>``."""
        return f"<strong>{self.render_inlines(strong.children)}</strong>"

    def render_link(self, link: Link) -> str:
        """Render ``<a>``; web links get ``rel="noopener noreferrer"``."""
        rel = "" if link.href.lower().startswith("mailto:") else ' rel="noopener noreferrer"'
        return f'<a href="{_escape(link.href)}"{rel}>{self.render_inlines(link.children)}</a>'

    # The page ------------------------------------------------------------------------

    def render_page(self, guide: Guide, body: str) -> str:
        """Wrap the rendered ``<article>`` in a complete HTML5 page, if asked to."""
        if not self.full_document:
            return body
        page = self._page(guide)
        head = [
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_escape(guide.title)}</title>",
        ]
        description = self._description(guide)
        if description:
            head.append(f'<meta name="description" content="{_escape(description)}">')
        head.extend(self.head_links(guide, page))
        if self.stylesheet:
            head.append('<meta name="color-scheme" content="light dark">')
            head.append(f"<style>\n{stylesheet()}</style>")
        head.append(
            f'<script type="application/ld+json">{script_safe_json(json_ld(guide, page))}</script>'
        )
        switcher = self.render_language_switcher(guide, page)
        return (
            "<!doctype html>\n"
            f'<html lang="{_escape(guide.locale)}" dir="{guide.text_direction}">\n'
            "<head>\n" + "\n".join(head) + '\n</head>\n<body class="guide-page">\n'
            f"{switcher}"
            f"<main>\n{body}</main>\n</body>\n</html>\n"
        )

    def _page(self, guide: Guide) -> PageContext:
        document = self.document
        if document is not None and document.page is not None:
            return document.page
        from .._pages import page_context  # asked only by a full document given no page

        return page_context(guide, self._layout())

    def _layout(self) -> PageLayout | None:
        """Where the pages are, as the options say: ``page_url``, ``base_url`` or unknown."""
        if self.page_url is not None:
            return own_layout(self.page_url, spelled="render option 'page_url'")
        if self.base_url is not None:
            return PageLayout(self.base_url, absolute=True)
        return None

    @staticmethod
    def _description(guide: Guide) -> str:
        """The first paragraph of the introduction, for search results and link previews."""
        for block in guide.introduction:
            if block.type == "paragraph":
                return plain_text(block.content)
        return ""

    @staticmethod
    def head_links(guide: Guide, page: PageContext) -> list[str]:
        """The canonical link and one ``hreflang`` alternate per locale, plus ``x-default``.

        Only for a page whose URL is known (``base_url`` or ``page_url``);
        :meth:`acupuncture_content.PageLinks.head_html` gives the same lines.
        """
        layout = page.published_layout
        if layout is None:
            return []
        canonical = _escape(page_url(layout, guide.slug, guide.locale))
        links = [f'<link rel="canonical" href="{canonical}">']
        for info in page.languages:
            href = _escape(page_url(layout, guide.slug, info.tag))
            links.append(f'<link rel="alternate" hreflang="{_escape(info.tag)}" href="{href}">')
        if page.languages:
            default = _escape(page_url(layout, guide.slug, guide.source_locale))
            links.append(f'<link rel="alternate" hreflang="x-default" href="{default}">')
        return links

    def render_language_switcher(self, guide: Guide, page: PageContext) -> str:
        """Render the ``<nav>`` linking to the guide in every other locale it is in.

        :meth:`acupuncture_content.PageLinks.switcher_html` gives the same ``<nav>``.
        """
        layout = page.layout
        if len(page.languages) < 2 or layout is None:
            return ""
        items = []
        for info in page.languages:
            current = ' aria-current="page"' if info.tag == guide.locale else ""
            direction = (
                f' dir="{info.text_direction}"'
                if info.text_direction != guide.text_direction
                else ""
            )
            href = _escape(page_url(layout, guide.slug, info.tag))
            items.append(
                f'<li><a href="{href}" hreflang="{_escape(info.tag)}" lang="{_escape(info.tag)}"'
                f"{direction}{current}>{_escape(info.name)}</a></li>"
            )
        return (
            f'<nav class="language-switcher" aria-label="{_escape(page.switcher_label)}">\n'
            "<ul>\n" + "\n".join(items) + "\n</ul>\n</nav>\n"
        )
