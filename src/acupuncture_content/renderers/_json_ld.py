"""schema.org structured data for a full HTML document, safe inside ``<script>``.

Only terms that exist in schema.org release 30.0, none superseded, each on a type
that allows it (``tests/data/schemaorg-30.0-vocab.json`` checks this): a
``MedicalWebPage`` with its name, language, author, publication date, topics
(``about``), audience (``Patient``), reading time, the date its content last changed
(``dateModified``, when the release history knows it), the package version
(``version``) and, for a translation, the work it translates. ``lastReviewed`` and
``reviewedBy`` are never written: no medical review of the content is claimed.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from .._page_layout import page_url

if TYPE_CHECKING:
    from .._pages import PageContext
    from ..models import Guide

__all__ = ["json_ld", "script_safe_json"]

# In JSON these escapes are equivalent to the characters, but keep HTML's script
# parser from ever seeing "</script" or "<!--".
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_JSON_UNSAFE = re.compile("[<>&]")


def script_safe_json(data: object) -> str:
    r"""Serialize ``data`` as compact JSON that cannot end or comment out a ``<script>``.

    >>> script_safe_json({"name": "</script><!--"})
    '{"name":"\\u003c/script\\u003e\\u003c!--"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda match: _JSON_ESCAPES[match.group()], text)


def json_ld(guide: Guide, page: PageContext | None) -> dict[str, object]:
    """Return the schema.org ``MedicalWebPage`` description of ``guide``'s page."""
    layout = page.published_layout if page else None
    topics = page.topics if page else ()
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": guide.title,
        "headline": guide.title,
        "inLanguage": guide.locale,
        "author": {"@type": "Person", "name": guide.author.name},
        "datePublished": guide.published.isoformat(),
        "about": [{"@type": topic.type, "name": topic.name} for topic in topics]
        or [{"@type": "Thing", "name": guide.title}],
        "audience": {"@type": "Patient"},
        "isAccessibleForFree": True,
        "timeRequired": f"PT{guide.reading_time_minutes}M",
    }
    if page is not None and page.date_modified is not None:
        data["dateModified"] = page.date_modified.isoformat()
    if page is not None and page.version is not None:
        data["version"] = page.version
    if layout is not None:
        data["url"] = page_url(layout, guide.slug, guide.locale)
    if guide.translation is not None:
        original: dict[str, object] = {
            "@type": "MedicalWebPage",
            "inLanguage": guide.translation.source_locale,
        }
        if layout is not None:
            original["url"] = page_url(layout, guide.slug, guide.translation.source_locale)
        data["translationOfWork"] = original
    return data
