"""Guides localized and validated at build time, loaded without doing that work again.

The build hook runs the full pipeline (parse, translate, validate, format labels) for
every bundled guide and locale and writes the result as JSON under ``_precomputed/``.
At run time :func:`load` rebuilds the frozen models from that JSON without validating
them again (they were validated when written) and without importing markdown-it-py or
Babel. Each file records a SHA-256 of everything it was computed from (the guide
source, the compiled catalog and the code that turns them into a guide); when that
no longer matches, the file is ignored and the guide is computed from its sources, so
a stale file can never be served.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from importlib import resources
from typing import Any

from ._i18n import DOMAIN, SOURCE_LOCALE, catalog_directory_name, catalog_folder
from .models import (
    Author,
    Block,
    BulletList,
    Emphasis,
    Guide,
    Inline,
    Link,
    ListItem,
    Paragraph,
    Section,
    Strong,
    Text,
    TranslationInfo,
)

__all__ = ["FOLDER", "inputs_digest", "load", "payload", "relative_path"]

_PACKAGE = "acupuncture_content"
FOLDER = "_precomputed"

#: Modules whose code decides what a localized guide contains.
_PIPELINE_MODULES = (
    "_catalogs.py",
    "_i18n.py",
    "_localize.py",
    "_parse.py",
    "_precomputed.py",
    "_reading_time.py",
    "_source.py",
    "_ui.py",
    "models.py",
)


@functools.cache
def _pipeline_digest() -> bytes:
    digest = hashlib.sha256()
    package = resources.files(_PACKAGE)
    for name in _PIPELINE_MODULES:
        digest.update(package.joinpath(name).read_bytes())
    return digest.digest()


def inputs_digest(slug: str, tag: str) -> str:
    """Return the SHA-256 of everything the (``slug``, ``tag``) guide is computed from."""
    package = resources.files(_PACKAGE)
    digest = hashlib.sha256(_pipeline_digest())
    digest.update(package.joinpath("content", f"{slug}.md").read_bytes())
    if tag != SOURCE_LOCALE:
        folder = catalog_folder(tag)
        digest.update(folder.joinpath(f"{DOMAIN}.mo").read_bytes())
        digest.update(folder.joinpath(f"{DOMAIN}.json").read_bytes())
    return digest.hexdigest()


def relative_path(slug: str, tag: str) -> str:
    """Where, under :data:`FOLDER`, the precomputed (``slug``, ``tag``) guide is stored."""
    return f"{slug}/{catalog_directory_name(tag)}.json"


def payload(guide: Guide, labels: dict[str, str | None]) -> str:
    """Return the JSON written for ``guide`` and its interface ``labels`` at build time."""
    data = {
        "inputs": inputs_digest(guide.slug, guide.locale),
        "guide": guide.model_dump(mode="json"),
        "labels": labels,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def load(slug: str, tag: str) -> tuple[Guide, dict[str, str | None]] | None:
    """Return the precomputed guide and labels, or ``None`` if absent or stale."""
    file = resources.files(_PACKAGE).joinpath(FOLDER, relative_path(slug, tag))
    try:
        data = json.loads(file.read_bytes())
    except (OSError, ValueError):
        return None
    try:
        if data["inputs"] != inputs_digest(slug, tag):
            return None
        return _guide(data["guide"]), data["labels"]
    except (OSError, KeyError, TypeError, ValueError):
        return None


# Rebuilding models from trusted, already-validated JSON: model_construct skips validation.


def _inline(data: dict[str, Any]) -> Inline:
    kind = data["type"]
    if kind == "text":
        return Text.model_construct(type="text", text=data["text"])
    children = tuple(_inline(child) for child in data["children"])
    if kind == "emphasis":
        return Emphasis.model_construct(type="emphasis", children=children)
    if kind == "strong":
        return Strong.model_construct(type="strong", children=children)
    return Link.model_construct(type="link", href=data["href"], children=children)


def _inlines(items: list[dict[str, Any]]) -> tuple[Inline, ...]:
    return tuple(_inline(item) for item in items)


def _block(data: dict[str, Any]) -> Block:
    if data["type"] == "paragraph":
        return Paragraph.model_construct(type="paragraph", content=_inlines(data["content"]))
    items = tuple(
        ListItem.model_construct(content=_inlines(item["content"])) for item in data["items"]
    )
    return BulletList.model_construct(type="bullet_list", items=items)


def _guide(data: dict[str, Any]) -> Guide:
    translation = data["translation"]
    return Guide.model_construct(
        slug=data["slug"],
        locale=data["locale"],
        source_locale=data["source_locale"],
        text_direction=data["text_direction"],
        title=data["title"],
        author=Author.model_construct(name=data["author"]["name"]),
        published=datetime.date.fromisoformat(data["published"]),
        reading_time_minutes=data["reading_time_minutes"],
        introduction=tuple(_block(block) for block in data["introduction"]),
        sections=tuple(
            Section.model_construct(
                id=section["id"],
                heading=section["heading"],
                blocks=tuple(_block(block) for block in section["blocks"]),
            )
            for section in data["sections"]
        ),
        translation=None
        if translation is None
        else TranslationInfo.model_construct(
            source_locale=translation["source_locale"],
            reviewed=translation["reviewed"],
            coverage=translation["coverage"],
            untranslated=tuple(translation["untranslated"]),
        ),
        fingerprint=data["fingerprint"],
    )
