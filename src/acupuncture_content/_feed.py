"""The export's ``changes.xml``: an Atom 1.0 feed (RFC 4287) of each release's content changes.

A clinic subscribes to it to hear which sections of which guide changed in which
language when a new version of the package is published, and whether the English
original changed or only a translation. It is :func:`~acupuncture_content.changes`
as a feed: one entry per release, guide and locale with changes, listing the
changed parts, each linked to its section on the page (``<base_url><slug>/<tag>/#<id>``).

The feed is deterministic, like every export file: it depends only on the package
(its history and version) and the base URL, never on the clock.

- Only released changes are entries, dated by their release (``updated`` is the
  release date at midnight UTC). A development build's unreleased changes have no date
  yet, and a feed entry must have one: they are left out until their release.
- The feed starts after the first release, whose content is the baseline (everything
  in it was new); the feed's ``updated`` is the newest release's date.
- Ids are ``urn:uuid:`` URNs (RFC 4122 version 5 UUIDs) made from the release, guide
  and locale (an entry) or the base URL (the feed), so they never change between
  exports, and an entry keeps its id when the site moves.
- Link text for a section is its heading as the installed version has it (the link
  leads to the page as it is now).
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import uuid
from collections import defaultdict
from typing import TYPE_CHECKING

from . import _history
from ._api import changes, load_guide
from ._history import LABELS
from ._page_layout import PageLayout, page_url
from .models import INTRODUCTION

if TYPE_CHECKING:
    from ._changes import Change
    from ._locale_info import LocaleInfo
    from ._site import SiteGuide
    from .models import Guide

__all__ = ["FEED_NAME", "changes_feed"]

#: Where the feed is written in an export (and published, under the base URL).
FEED_NAME = "changes.xml"
FEED_TITLE = "Patient guides: content changes"
FEED_SUBTITLE = (
    "Which parts of each guide changed, in which language, in each release, "
    "and whether the original changed or only a translation."
)
# Every id is a version 5 UUID in this package's own namespace.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pypi.org/project/acupuncture-content/")
_LABELS_TEXT = "the title, byline, notices and disclaimer"


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _timestamp(date: datetime.date) -> str:
    """An RFC 3339 date-time for a release date: midnight UTC."""
    return f"{date.isoformat()}T00:00:00Z"


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def _origin(change: Change) -> str:
    return "source changed" if change.source_changed else "translation only"


def changes_feed(guides: list[SiteGuide], base_url: str) -> str:
    """The Atom feed of every released content change to ``guides``.

    Entries run newest release first, then by guide (as ``guides`` lists them), then by
    locale (as each guide's languages are listed).

    Args:
        guides: The bundled guides, as the site pages list them.
        base_url: Where the export is published (absolute, ending in ``/``).
    """
    released = _history.history().versions()
    ranked: list[tuple[tuple[int, int, int], str]] = []
    for guide_rank, entry in enumerate(guides):
        tags = [info.tag for info in entry.languages]
        by_edition: dict[tuple[str, datetime.date, str], list[Change]] = defaultdict(list)
        for change in changes(released[0], guide=entry.source.slug):
            if change.date is not None:  # unreleased: no date to give an entry yet
                by_edition[change.release, change.date, change.locale].append(change)
        for (release, date, tag), found in by_edition.items():
            edition = _Edition(release, date, entry.languages[tags.index(tag)], found)
            rank = (-released.index(release), guide_rank, tags.index(tag))
            ranked.append((rank, _entry(entry.source, edition, base_url)))
    version = _history.installed_version()
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"<id>{_urn(f'changes-feed/{base_url}')}</id>",
        f"<title>{FEED_TITLE}</title>",
        f"<subtitle>{FEED_SUBTITLE}</subtitle>",
        f"<updated>{_timestamp(_history.history().releases[-1].date)}</updated>",
        "<author><name>acupuncture-content</name></author>",
        f'<generator version="{_escape(version)}">acupuncture-content</generator>',
        f'<link rel="self" type="application/atom+xml" href="{_escape(base_url + FEED_NAME)}"/>',
        f'<link rel="alternate" type="text/html" href="{_escape(base_url)}"/>',
        *(text for _, text in sorted(ranked)),
        "</feed>",
    ]
    return "\n".join(lines) + "\n"


@dataclasses.dataclass(frozen=True, slots=True)
class _Edition:
    """One release's changes to one guide in one locale: what an entry tells."""

    release: str
    date: datetime.date
    info: LocaleInfo
    changes: list[Change]


def _entry(source: Guide, edition: _Edition, base_url: str) -> str:
    """One release's changes to one guide in one locale, as an ``<entry>``."""
    slug, tag, found = source.slug, edition.info.tag, edition.changes
    page = page_url(PageLayout(base_url, absolute=True), slug, tag)
    guide = load_guide(slug, tag, fallback=False)
    headings = {section.id: section.heading for section in guide.sections}
    where = f"{edition.info.english_name} ({tag})"
    when = f"{edition.release} ({edition.date.isoformat()})"
    origin = "source changed" if any(c.source_changed for c in found) else "translation only"
    parts = "1 part" if len(found) == 1 else f"{len(found)} parts"
    title = f"{edition.release}: {source.title} in {where}: {parts} changed, {origin}"
    listed = "; ".join(
        f"{_part_name(change.chunk)}: {change.kind}, {_origin(change)}" for change in found
    )
    summary = f"Changed in {when} in {where}: {listed}."
    alternate = (
        f'<link rel="alternate" type="text/html" hreflang="{_escape(tag)}" href="{_escape(page)}"/>'
    )
    # The changed sections that are on the page now, for feed readers that list links.
    related = [
        f'<link rel="related" type="text/html" hreflang="{_escape(tag)}"'
        f' href="{_escape(f"{page}#{change.chunk}")}" title="{_escape(headings[change.chunk])}"/>'
        for change in found
        if change.chunk in headings
    ]
    introduction = (
        f"<p>Release {_escape(when)} changed these parts of "
        f'<a href="{_escape(page)}" hreflang="{_escape(tag)}">{_escape(source.title)}</a>'
        f" in {_escape(where)}:</p>"
    )
    return "\n".join(
        [
            "<entry>",
            f"<id>{_urn(f'changes/{edition.release}/{slug}/{tag}')}</id>",
            f"<title>{_escape(title)}</title>",
            f"<updated>{_timestamp(edition.date)}</updated>",
            alternate,
            *related,
            f'<category term="{_escape(tag)}" label="{_escape(edition.info.english_name)}"/>',
            f"<summary>{_escape(summary)}</summary>",
            '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">',
            introduction,
            "<ul>",
            *(_item(change, page, headings, edition.info) for change in found),
            "</ul>",
            "</div></content>",
            "</entry>",
        ]
    )


def _part_name(chunk: str) -> str:
    return _LABELS_TEXT if chunk == LABELS else chunk


def _item(change: Change, page: str, headings: dict[str, str], info: LocaleInfo) -> str:
    """One changed part as a list item: its name (linked while on the page), kind and origin."""
    chunk = change.chunk
    if chunk == LABELS:
        shown = f'<a href="{_escape(page)}">{_LABELS_TEXT.capitalize()}</a> (<code>labels</code>)'
    elif chunk == INTRODUCTION and change.kind != "removed":
        shown = f'<a href="{_escape(page)}">Introduction</a> (<code>{INTRODUCTION}</code>)'
    elif chunk in headings:
        # The heading is in the guide's language, inside English text.
        direction = f' dir="{info.text_direction}"' if info.text_direction == "rtl" else ""
        shown = (
            f'<a href="{_escape(f"{page}#{chunk}")}" hreflang="{_escape(info.tag)}"'
            f' xml:lang="{_escape(info.tag)}"{direction}>{_escape(headings[chunk])}</a>'
            f" (<code>{_escape(chunk)}</code>)"
        )
    else:  # no longer on the page
        shown = f"<code>{_escape(chunk)}</code>"
    return f"<li>{shown}: {change.kind}, {_origin(change)}</li>"
