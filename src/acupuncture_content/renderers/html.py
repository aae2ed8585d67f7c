"""HTML renderer: a semantic ``<article>`` fragment or a complete HTML5 page.

Every text and attribute value is escaped; no element or attribute name ever comes
from content. The JSON-LD block escapes ``<``, ``>`` and ``&`` so that no content can
end the ``<script>`` element or open a comment inside it.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, ClassVar

from .._ui import labels_for
from ._base import HEADING_OFFSET, Option, Renderer

if TYPE_CHECKING:
    from .._ui import Labels
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

_ID_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)?")

# In JSON these escapes are equivalent to the characters, but keep HTML's script
# parser from ever seeing "</script", "<!--" or a line terminator JavaScript rejects.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


class HtmlRenderer(Renderer):
    """Render a guide as HTML.

    Options:
        heading_offset: Added to heading levels (title ``h1``, sections ``h2``).
        id_prefix: Put before every ``id`` this renderer emits, to avoid clashes
            with the host page; empty or a letter followed by letters, digits,
            ``-`` or ``_``.
        full_document: Return a complete HTML5 page with ``<main>``, ``<title>`` and
            schema.org ``MedicalWebPage`` JSON-LD instead of an ``<article>`` fragment.

    Example: render links with a class for the host page's stylesheet::

        class ClinicHtmlRenderer(HtmlRenderer):
            def render_link(self, link):
                return super().render_link(link).replace("<a ", '<a class="external" ', 1)
    """

    format: ClassVar[str] = "html"
    options: ClassVar[tuple[Option, ...]] = (
        HEADING_OFFSET,
        Option(
            name="id_prefix",
            types=(str,),
            default="",
            check=lambda value: _ID_PREFIX.fullmatch(value) is not None,
            description="empty or a valid id start (a letter, then letters, digits, '-' or '_')",
        ),
        Option(
            name="full_document",
            types=(bool,),
            default=False,
            check=lambda _value: True,
            description="True or False",
        ),
    )

    id_prefix: str
    full_document: bool

    def _heading(self, level: int, text: str, element_id: str | None = None) -> str:
        tag = f"h{level + self.heading_offset}"
        id_attribute = f' id="{_escape(self.id_prefix + element_id)}"' if element_id else ""
        return f"<{tag}{id_attribute}>{_escape(text)}</{tag}>"

    def render_guide(self, guide: Guide) -> str:
        """Render the ``<article>``, wrapped in a page when ``full_document`` is set."""
        labels = labels_for(guide)
        parts = [
            f'<article class="guide" lang="{_escape(guide.locale)}" dir="{guide.text_direction}">',
            self.render_header(guide, labels),
        ]
        parts.extend(self.render_block(block) for block in guide.introduction)
        parts.extend(self.render_section(section) for section in guide.sections)
        parts.append(self.render_footer(guide, labels))
        parts.append("</article>")
        article = "\n".join(parts) + "\n"
        return self.render_page(guide, article) if self.full_document else article

    def render_header(self, guide: Guide, labels: Labels) -> str:
        """Render the title, the byline and, for translations, the translation notice."""
        byline = (
            f'<p class="byline"><span class="author">{_escape(guide.author.name)}</span>'
            f' · <time datetime="{guide.published.isoformat()}">{_escape(labels.published)}</time>'
            f' · <span class="reading-time">{_escape(labels.reading_time)}</span></p>'
        )
        lines = ["<header>", self._heading(1, guide.title), byline]
        if labels.translation_notice:
            lines.append(f'<p class="translation-notice">{_escape(labels.translation_notice)}</p>')
        if labels.review_notice:
            lines.append(f'<p class="review-notice">{_escape(labels.review_notice)}</p>')
        lines.append("</header>")
        return "\n".join(lines)

    def render_footer(self, guide: Guide, labels: Labels) -> str:
        """Render the medical disclaimer."""
        return f'<footer>\n<p class="disclaimer">{_escape(labels.disclaimer)}</p>\n</footer>'

    def render_section(self, section: Section) -> str:
        """Render a ``<section>`` labelled by its heading, which carries the section id."""
        heading_id = self.id_prefix + section.id
        lines = [
            f'<section aria-labelledby="{_escape(heading_id)}">',
            self._heading(2, section.heading, section.id),
        ]
        lines.extend(self.render_block(block) for block in section.blocks)
        lines.append("</section>")
        return "\n".join(lines)

    def render_paragraph(self, paragraph: Paragraph) -> str:
        """Render a ``<p>``."""
        return f"<p>{self.render_inlines(paragraph.content)}</p>"

    def render_bullet_list(self, bullet_list: BulletList) -> str:
        """Render a ``<ul>``."""
        items = "\n".join(self.render_list_item(item) for item in bullet_list.items)
        return f"<ul>\n{items}\n</ul>"

    def render_list_item(self, item: ListItem) -> str:
        """Render an ``<li>``."""
        return f"<li>{self.render_inlines(item.content)}</li>"

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

    def render_page(self, guide: Guide, article: str) -> str:
        """Wrap the rendered ``article`` in a complete HTML5 page."""
        return (
            "<!doctype html>\n"
            f'<html lang="{_escape(guide.locale)}" dir="{guide.text_direction}">\n'
            "<head>\n"
            '<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_escape(guide.title)}</title>\n"
            f'<script type="application/ld+json">{self.json_ld(guide)}</script>\n'
            "</head>\n"
            "<body>\n"
            "<main>\n"
            f"{article}"
            "</main>\n"
            "</body>\n"
            "</html>\n"
        )

    def json_ld(self, guide: Guide) -> str:
        """Return schema.org ``MedicalWebPage`` JSON-LD, safe inside ``<script>``."""
        data: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": guide.title,
            "headline": guide.title,
            "inLanguage": guide.locale,
            "author": {"@type": "Person", "name": guide.author.name},
            "datePublished": guide.published.isoformat(),
            "timeRequired": f"PT{guide.reading_time_minutes}M",
        }
        if guide.translation is not None:
            data["translationOfWork"] = {
                "@type": "MedicalWebPage",
                "inLanguage": guide.translation.source_locale,
            }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return _JSON_UNSAFE.sub(lambda match: _JSON_ESCAPES[match.group()], text)
