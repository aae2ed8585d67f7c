r"""Content fingerprints: the SHA-256 of the canonical JSON of what a reader sees.

The recipe is public (``docs/content-model.md``) so that apps in any language can
recompute a fingerprint from a guide's JSON:

1. Keep what a reader sees and what links point to (:func:`guide_content`): the
   slug, locale and source locale, the title, the author's name, the publication date,
   the reading time, whether the translation was reviewed, and the introduction and
   sections (ids, headings, and every block's and inline's type, text and ``href``).
   Leave out what is derived or provenance: ``key`` (from the position),
   ``text_direction`` (from the locale), ``translation``'s ``coverage``,
   ``untranslated`` and ``source_locale``, and ``fingerprint`` itself.
2. Serialize that as JSON with keys sorted, no insignificant whitespace (separators
   ``,`` and ``:``), non-ASCII characters written as themselves (not ``\u``
   escapes), encoded as UTF-8 (:func:`canonical_json`).
3. Hash it with SHA-256, written as 64 lowercase hex digits (:func:`fingerprint_of`).

Chunks (``chunks()``) use the same steps over their own part of the guide
(:func:`chunk_content`). Releases 0.1.0 to 0.3.0 hashed the guide's whole JSON
instead, so a field derived from others (``key``, new in 0.3.0) changed every
fingerprint without any content changing; :func:`earlier_fingerprints` recognises
what they wrote, so their JSON still loads (and gets the current fingerprint).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "EARLIER_RECIPES",
    "blocks_content",
    "canonical_json",
    "chunk_content",
    "earlier_fingerprints",
    "fingerprint_of",
    "guide_content",
]

JSONObject = Mapping[str, Any]


def canonical_json(data: object) -> bytes:
    r"""Serialize JSON-compatible ``data`` the one way fingerprints are computed over.

    >>> canonical_json({"b": "é", "a": [1, 2]})
    b'{"a":[1,2],"b":"\xc3\xa9"}'
    """
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def fingerprint_of(data: object) -> str:
    """Return the hex SHA-256 of the canonical JSON of ``data``."""
    return hashlib.sha256(canonical_json(data)).hexdigest()


def _inline(inline: JSONObject) -> dict[str, Any]:
    """An inline's type and what a reader sees of it: its text, or its children and href."""
    if inline["type"] == "text":
        return {"type": "text", "text": inline["text"]}
    content = {"type": inline["type"], "children": [_inline(child) for child in inline["children"]]}
    if inline["type"] == "link":
        content["href"] = inline["href"]
    return content


def _block(block: JSONObject, *, with_keys: bool) -> dict[str, Any]:
    if block["type"] == "paragraph":
        content: dict[str, Any] = {
            "type": "paragraph",
            "content": [_inline(inline) for inline in block["content"]],
        }
    else:
        items = []
        for item in block["items"]:
            entry: dict[str, Any] = {"content": [_inline(inline) for inline in item["content"]]}
            if with_keys:
                entry["key"] = item["key"]
            items.append(entry)
        content = {"type": "bullet_list", "items": items}
    if with_keys:
        content["key"] = block["key"]
    return content


def blocks_content(blocks: Sequence[JSONObject]) -> list[dict[str, Any]]:
    """The part of blocks (as JSON) that fingerprints cover: everything but ``key``."""
    return [_block(block, with_keys=False) for block in blocks]


def _sections(guide: JSONObject, *, with_keys: bool) -> list[dict[str, Any]]:
    return [
        {
            "id": section["id"],
            "heading": section["heading"],
            "blocks": [_block(block, with_keys=with_keys) for block in section["blocks"]],
        }
        for section in guide["sections"]
    ]


def guide_content(guide: JSONObject) -> dict[str, Any]:
    """The part of a guide's JSON (``model_dump(mode="json")``) its fingerprint covers.

    >>> content = guide_content({
    ...     "slug": "s", "locale": "de", "source_locale": "en", "text_direction": "ltr",
    ...     "title": "T", "author": {"name": "A"}, "published": "2025-05-31",
    ...     "reading_time_minutes": 2, "introduction": [], "sections": [],
    ...     "translation": {"source_locale": "en", "reviewed": False, "coverage": 0.5,
    ...                     "untranslated": ["title"]},
    ...     "fingerprint": "",
    ... })
    >>> sorted(content)  # doctest: +NORMALIZE_WHITESPACE
    ['author', 'introduction', 'locale', 'published', 'reading_time_minutes', 'sections',
     'slug', 'source_locale', 'title', 'translation']
    >>> content["translation"]
    {'reviewed': False}
    """
    translation = guide.get("translation")
    return {
        "slug": guide["slug"],
        "locale": guide["locale"],
        "source_locale": guide["source_locale"],
        "title": guide["title"],
        "author": {"name": guide["author"]["name"]},
        "published": guide["published"],
        "reading_time_minutes": guide["reading_time_minutes"],
        # The review notice a reader sees; where the text came from is not content.
        "translation": None if translation is None else {"reviewed": translation["reviewed"]},
        "introduction": blocks_content(guide["introduction"]),
        "sections": _sections(guide, with_keys=False),
    }


def chunk_content(
    *, guide: str, locale: str, chunk_id: str, heading: str | None, blocks: Sequence[JSONObject]
) -> dict[str, Any]:
    """The part of a chunk its fingerprint covers: which chunk it is, and what it says."""
    return {
        "guide": guide,
        "locale": locale,
        "id": chunk_id,
        "heading": heading,
        "blocks": blocks_content(blocks),
    }


# Earlier recipes ---------------------------------------------------------------------
#
# Releases 0.1.0 to 0.3.0 hashed every field of the guide's JSON but ``fingerprint``,
# in the shape each of them wrote. Each function below rebuilds that shape from a
# guide's current JSON, field by field, so a field added later never changes it. They
# are only ever used to recognise a fingerprint such a release wrote; nothing computes
# new fingerprints with them.


def _whole_guide(guide: JSONObject, *, with_keys: bool) -> dict[str, Any]:
    translation = guide.get("translation")
    return {
        "slug": guide["slug"],
        "locale": guide["locale"],
        "source_locale": guide["source_locale"],
        "text_direction": guide["text_direction"],
        "title": guide["title"],
        "author": {"name": guide["author"]["name"]},
        "published": guide["published"],
        "reading_time_minutes": guide["reading_time_minutes"],
        "introduction": [_block(block, with_keys=with_keys) for block in guide["introduction"]],
        "sections": _sections(guide, with_keys=with_keys),
        "translation": None
        if translation is None
        else {
            "source_locale": translation["source_locale"],
            "reviewed": translation["reviewed"],
            "coverage": translation["coverage"],
            "untranslated": list(translation["untranslated"]),
        },
    }


def _recipe_of_0_1(guide: JSONObject) -> dict[str, Any]:
    """0.1.0 and 0.2.0: the whole JSON, whose blocks had no ``key`` yet."""
    return _whole_guide(guide, with_keys=False)


def _recipe_of_0_3(guide: JSONObject) -> dict[str, Any]:
    """0.3.0: the whole JSON, ``key``s included."""
    return _whole_guide(guide, with_keys=True)


#: The recipes of earlier releases, by the releases that used them, oldest first.
EARLIER_RECIPES = {
    "0.1.0-0.2.0": _recipe_of_0_1,
    "0.3.0": _recipe_of_0_3,
}


def earlier_fingerprints(guide: JSONObject) -> dict[str, str]:
    """The fingerprints earlier releases computed for this guide's JSON, by release."""
    return {releases: fingerprint_of(recipe(guide)) for releases, recipe in EARLIER_RECIPES.items()}
