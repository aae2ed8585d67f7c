"""The pages that tie an export's folders into a site: language picker, llms.txt, sitemap.

Each is built from :func:`~acupuncture_content.locale_info` and the guides' own
data, so a new locale or guide appears everywhere without a template to edit.
Links are relative to the export's root unless the site's ``base_url`` is known.
"""

from __future__ import annotations

import dataclasses
import html
from typing import TYPE_CHECKING

from ._page_layout import PageLayout, page_url
from ._stylesheet import stylesheet
from .renderers._commonmark import escape_markdown

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._locale_info import LocaleInfo
    from .models import Guide

__all__ = ["SiteGuide", "language_picker", "llms_txt", "sitemap_xml"]

SITE_TITLE = "Patient guides"


@dataclasses.dataclass(frozen=True, slots=True)
class SiteGuide:
    """A bundled guide as the site's index pages list it.

    Attributes:
        source: The guide in its source locale (title, author, date).
        languages: Every locale it is in.
        titles: The guide's title in each of those locales, by tag.
    """

    source: Guide
    languages: tuple[LocaleInfo, ...]
    titles: Mapping[str, str]


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def language_picker(guides: list[SiteGuide], layout: PageLayout | None = None) -> str:
    """The export's root ``index.html``: every guide, every locale by its own name.

    The page is English; each link is in its own language (``lang``, ``dir``,
    ``hreflang``): the language's own name, then the guide's title in that language,
    so that a reader finds both in the script they read. The links go to the pages'
    folders, relative to the export's root where this page is, unless ``layout`` (the
    site's own page URLs) says where the pages are.
    """
    layout = layout or PageLayout()
    sections = []
    for entry in guides:
        slug = entry.source.slug
        items = []
        for info in entry.languages:
            tag = _escape(info.tag)
            items.append(
                f'<li><a href="{_escape(page_url(layout, slug, info.tag))}" hreflang="{tag}"'
                f' lang="{tag}" dir="{info.text_direction}"><strong>{_escape(info.name)}</strong>'
                f" {_escape(entry.titles[info.tag])}</a></li>"
            )
        sections.append(
            f'<section aria-labelledby="{_escape(slug)}">\n'
            f'<h2 id="{_escape(slug)}">{_escape(entry.source.title)}</h2>\n'
            '<ul class="language-list">\n' + "\n".join(items) + "\n</ul>\n</section>"
        )
    return (
        "<!doctype html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{SITE_TITLE}</title>\n"
        '<meta name="color-scheme" content="light dark">\n'
        f'<style>\n{stylesheet()}</style>\n</head>\n<body class="guide-page">\n'
        f'<main class="site-index">\n<h1>{SITE_TITLE}</h1>\n'
        + "\n".join(sections)
        + "\n</main>\n</body>\n</html>\n"
    )


def llms_txt(guides: list[SiteGuide], base_url: str | None) -> str:
    """The export's ``llms.txt`` (llmstxt.org): where agents find each guide's Markdown."""
    layout = PageLayout(base_url or "", absolute=base_url is not None)
    lines = [
        f"# {SITE_TITLE}",
        "",
        (
            "> Patient-facing health guides, each in several languages, as Markdown for "
            "language models and HTML for people. They are general information, not a "
            "substitute for professional medical advice; show each guide's disclaimer "
            "(labels.json beside its Markdown) with anything built from it."
        ),
    ]
    for entry in guides:
        source = entry.source
        slug = source.slug
        lines += [
            "",
            f"## {escape_markdown(source.title, heading=True)}",
            "",
            (
                f"By {escape_markdown(source.author.name)}, published "
                f"{source.published.isoformat()}. "
                "Translations were made by machine translation (AI) and are marked as "
                "such, with whether a qualified medical translator reviewed them."
            ),
            "",
        ]
        for info in entry.languages:
            if info.tag == source.locale:
                status = "the original"
            else:
                reviewed = (
                    "reviewed"
                    if info.reviewed
                    else "not reviewed by a qualified medical translator"
                )
                status = f"machine translation (AI), {reviewed}, {info.coverage:.0%} translated"
            name = (
                info.name
                if info.name == info.english_name
                else f"{info.name} ({info.english_name})"
            )
            # base_url, slug and tag hold no Markdown syntax (their checks make sure);
            # names and titles are escaped so that they stay text.
            target = f"{page_url(layout, slug, info.tag)}guide.md"
            lines.append(f"- [{escape_markdown(name)}]({target}): {status}")
    return "\n".join(lines) + "\n"


def sitemap_xml(guides: list[SiteGuide], base_url: str) -> str:
    """A sitemap of every page, each with its ``hreflang`` alternates (needs ``base_url``)."""
    layout = PageLayout(base_url, absolute=True)
    urls = [f"<url><loc>{_escape(base_url)}</loc></url>"]
    for entry in guides:
        slug = entry.source.slug
        alternates = [
            f'<xhtml:link rel="alternate" hreflang="{_escape(info.tag)}"'
            f' href="{_escape(page_url(layout, slug, info.tag))}"/>'
            for info in entry.languages
        ]
        alternates.append(
            '<xhtml:link rel="alternate" hreflang="x-default"'
            f' href="{_escape(page_url(layout, slug, entry.source.locale))}"/>'
        )
        urls.extend(
            f"<url><loc>{_escape(page_url(layout, slug, info.tag))}</loc>"
            + "".join(alternates)
            + "</url>"
            for info in entry.languages
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(urls) + "\n</urlset>\n"
    )
