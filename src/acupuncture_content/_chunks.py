"""The guide cut into chunks for search indexes and chatbots.

One chunk for the introduction and one per section, in order, each carrying what a
retrieval system needs to cite it: the text and Markdown (made by the same node
methods as the text and Markdown renderers), an anchor that matches the HTML page's
section id, the page URL when the site's base URL is known, the attribution, the
review status, the localized medical disclaimer and, for a translation, the same
notices the page shows (machine-translated from the English original; not reviewed
by a qualified medical translator), so an answer built from one chunk can show them.
Each chunk has its own fingerprint, which changes when, and only when, what that
chunk says changes (its heading, and its blocks' text, inline markup and link
targets; never a derived ``key``), so an index re-embeds only what changed. The
recipe is the guide fingerprint's (:mod:`._fingerprint`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from ._fingerprint import chunk_content, fingerprint_of
from ._labels import labels
from ._page_layout import PageLayout, page_url
from ._page_urls import own_layout
from ._schema import FROZEN_DATA
from ._types import LocaleTag, Slug
from .models import INTRODUCTION, ensure_validated
from .renderers._options import BASE_URL

if TYPE_CHECKING:
    from ._page_layout import PageUrls
    from .models import Block, Guide

__all__ = ["Chunk", "chunks", "chunks_in"]


class Chunk(BaseModel):
    """A part of a guide (its introduction or one section) for search and chatbots."""

    model_config = FROZEN_DATA

    id: Slug
    """``introduction``, or the section id (``safety-and-side-effects``)."""
    guide: Slug
    """The guide's slug."""
    locale: LocaleTag
    """BCP 47 tag of the chunk's locale."""
    text_direction: Literal["ltr", "rtl"]
    """Direction of the locale's script."""
    title: str
    """The guide's title."""
    heading: str | None
    """The section heading; ``None`` for the introduction."""
    text: str
    """Plain text of the heading and blocks, unwrapped (list items start with "• ")."""
    markdown: str
    """The heading (``##``) and blocks as CommonMark."""
    anchor: str
    """``#<id>`` as the HTML page writes the section id; ``""`` for the introduction."""
    url: str | None
    """The page's URL + anchor: ``base_url`` + ``<slug>/<locale>/``, or the ``url``
    layout's URL for the guide and locale; ``None`` without either."""
    fingerprint: str
    """Hex SHA-256 of the chunk's content (guide, locale, id, heading, blocks without
    their keys): it changes when, and only when, what this chunk says changes."""
    author: str
    """The guide's author."""
    published: datetime.date
    """Date the original article was published."""
    source_locale: LocaleTag
    """The locale the guide was written in."""
    reviewed: bool
    """Whether a qualified human review happened (``True`` for the source locale's own text)."""
    disclaimer: str
    """The localized medical disclaimer, to show with anything built from the chunk."""
    translation_notice: str | None
    """As ``labels(guide).translation_notice``: says the guide was machine-translated (AI)
    from the English original; ``None`` for originals."""
    review_notice: str | None
    """As ``labels(guide).review_notice``: says no qualified medical translator reviewed the
    translation; ``None`` for originals and reviewed translations."""


def chunks(
    guide: Guide, base_url: str | None = None, *, url: str | PageUrls | None = None
) -> tuple[Chunk, ...]:
    """Return ``guide`` cut into chunks: the introduction, then one per section.

    Args:
        guide: The guide.
        base_url: Where the export's pages are published (absolute, ending in ``/``):
            each chunk's ``url`` is ``<base_url><slug>/<locale>/`` + its anchor.
        url: The site's own page URLs instead, as :func:`~acupuncture_content.page_links`
            takes them: a template with ``{locale}`` (and ``{guide}``), absolute or
            root-relative, or a callable ``(slug, tag) -> str``. Not with ``base_url``.

    >>> from acupuncture_content import load_guide
    >>> introduction, first = chunks(load_guide())[:2]
    >>> introduction.id, first.id
    ('introduction', 'how-acupuncture-helps-with-back-pain')
    >>> chunks(load_guide(), base_url="https://example.org/")[1].url
    'https://example.org/acupuncture-for-back-pain/en/#how-acupuncture-helps-with-back-pain'
    >>> chunks(load_guide(locale="de"), url="/guide/{locale}/")[1].url
    '/guide/de/#how-acupuncture-helps-with-back-pain'

    Raises:
        TypeError: ``guide`` is not a Guide, ``base_url`` not a string, or ``url``
            neither a string nor callable (or a callable returned something else
            than a string).
        ValueError: ``base_url`` is not an absolute http(s) URL ending in ``/``;
            ``url`` is not a template of a page URL (or a callable returned no page
            URL); or both are given.
        pydantic.ValidationError: ``guide`` was built without validation and is invalid.
    """
    guide = ensure_validated(guide, "chunks()")
    BASE_URL.validate(base_url, spelled="chunks() argument 'base_url'")
    layout = None if base_url is None else PageLayout(base_url, absolute=True)
    if url is not None:
        if base_url is not None:
            msg = "chunks() arguments 'base_url' and 'url' exclude each other: give one"
            raise ValueError(msg)
        layout = own_layout(url, spelled="chunks() argument 'url'")
    return chunks_in(guide, layout)


def chunks_in(guide: Guide, layout: PageLayout | None) -> tuple[Chunk, ...]:
    """:func:`chunks` of a validated ``guide`` whose pages are in ``layout`` (if known)."""
    from .renderers.markdown import MarkdownRenderer
    from .renderers.text import TextRenderer

    guide_labels = labels(guide)
    text_renderer = TextRenderer(width=None).bound(guide, guide_labels)
    markdown_renderer = MarkdownRenderer().bound(guide, guide_labels)
    translation = guide.translation
    page = None if layout is None else page_url(layout, guide.slug, guide.locale)

    def chunk(chunk_id: str, heading: str | None, blocks: tuple[Block, ...]) -> Chunk:
        text_parts = text_renderer.render_blocks(blocks)
        markdown_parts = markdown_renderer.render_blocks(blocks)
        if heading is not None:
            text_parts.insert(0, heading)
            markdown_parts.insert(0, markdown_renderer.render_heading(2, heading))
        anchor = "" if heading is None else f"#{chunk_id}"
        content = chunk_content(
            guide=guide.slug,
            locale=guide.locale,
            chunk_id=chunk_id,
            heading=heading,
            blocks=[block.model_dump(mode="json") for block in blocks],
        )
        return Chunk(
            id=chunk_id,
            guide=guide.slug,
            locale=guide.locale,
            text_direction=guide.text_direction,
            title=guide.title,
            heading=heading,
            text="\n\n".join(text_parts),
            markdown="\n\n".join(markdown_parts),
            anchor=anchor,
            url=None if page is None else page + anchor,
            fingerprint=fingerprint_of(content),
            author=guide.author.name,
            published=guide.published,
            source_locale=guide.source_locale,
            reviewed=True if translation is None else translation.reviewed,
            disclaimer=guide_labels.disclaimer,
            translation_notice=guide_labels.translation_notice,
            review_notice=guide_labels.review_notice,
        )

    return (
        chunk(INTRODUCTION, None, guide.introduction),
        *(chunk(section.id, section.heading, section.blocks) for section in guide.sections),
    )
