"""Guides localized and validated at build time, loaded without doing that work again.

The build hook runs the whole pipeline (parse, translate, validate, format labels,
look up language names) for every bundled guide and locale and writes the result as
JSON under ``_precomputed/``. At run time :func:`load` rebuilds the frozen models from
that JSON without validating them again (they were validated when written) and
without importing markdown-it-py or Babel. Each file records a SHA-256 of everything
it was computed from: every file of the package's source (code, guide sources,
stylesheet), the compiled catalogs it used, and the versions of Babel (CLDR data),
Pydantic and markdown-it-py. When that no longer matches, the file is ignored and the
guide is computed from its sources, so a stale file is never served.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from . import _cache
from ._catalogs import INTERFACE_DOMAIN, catalog_directory_name, catalog_folder
from ._labels import Labels, labels_key
from ._locale_info import LocaleInfo
from ._validated import mark_validated
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

#: Folders of the package that hold build outputs, not sources.
_BUILD_OUTPUTS = frozenset({"locales", FOLDER, "__pycache__"})

#: Distributions whose version changes what a localized guide contains.
_DEPENDENCIES = ("babel", "pydantic", "markdown_it_py")


def _source_files(folder: resources.abc.Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name not in _BUILD_OUTPUTS:
                files.extend(_source_files(entry, f"{name}/"))
        elif not entry.name.endswith((".pyc", ".pyo")):
            files.append((name, entry.read_bytes()))
    return files


def _dependency_versions() -> list[str]:
    """The installed versions of :data:`_DEPENDENCIES`, from their dist-info folder names.

    Globbing ``sys.path`` costs about a millisecond; ``importlib.metadata`` would cost
    thirty on every cold start.
    """
    found = []
    for name in _DEPENDENCIES:
        # Any letter case: older installers wrote "Babel-2.9.1.dist-info".
        pattern = "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in name)
        for folder in sys.path:
            matches = sorted(Path(folder or ".").glob(f"{pattern}-*.dist-info"))
            if matches:
                found.append(matches[0].name.removesuffix(".dist-info"))
                break
        else:
            found.append(f"{name}-unknown")
    return found


@_cache.memoized(max_entries=1)
def _pipeline_digest() -> bytes:
    digest = hashlib.sha256()
    for name, data in _source_files(resources.files(_PACKAGE)):
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    for version in _dependency_versions():
        digest.update(f"{version}\0".encode())
    return digest.digest()


def inputs_digest(slug: str, tag: str, source_locale: str) -> str:
    """Return the SHA-256 of everything the (``slug``, ``tag``) guide is computed from."""
    digest = hashlib.sha256(_pipeline_digest())
    if tag != source_locale:
        folder = catalog_folder(tag)
        for domain in (slug, INTERFACE_DOMAIN):
            for suffix in (".mo", ".json"):
                digest.update(folder.joinpath(f"{domain}{suffix}").read_bytes())
    return digest.hexdigest()


def relative_path(slug: str, tag: str) -> str:
    """Where, under :data:`FOLDER`, the precomputed (``slug``, ``tag``) guide is stored."""
    return f"{slug}/{catalog_directory_name(tag)}.json"


def payload(guide: Guide, labels: Labels, info: LocaleInfo) -> str:
    """Return the JSON written for ``guide``, its labels and locale info at build time."""
    data = {
        "inputs": inputs_digest(guide.slug, guide.locale, guide.source_locale),
        "guide": guide.model_dump(mode="json"),
        "labels": labels.model_dump(mode="json"),
        "locale": info.model_dump(mode="json"),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def load(slug: str, tag: str, source_locale: str) -> Guide | None:
    """Return the precomputed guide, or ``None`` if absent or stale.

    Its labels and locale info go into their caches, so rendering it needs neither
    Babel nor the catalogs.
    """
    file = resources.files(_PACKAGE).joinpath(FOLDER, relative_path(slug, tag))
    try:
        data = json.loads(file.read_bytes())
    except (OSError, ValueError):
        return None
    try:
        if data["inputs"] != inputs_digest(slug, tag, source_locale):
            return None
        guide = _guide(data["guide"])
        labels = Labels.model_construct(**data["labels"])
        info = LocaleInfo.model_construct(**data["locale"])
    except (OSError, KeyError, TypeError, ValueError):
        return None
    mark_validated(guide)
    _cache.labels.put(labels_key(guide), labels)
    _cache.locale_infos.put((slug, tag), info)
    return guide


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
        return Paragraph.model_construct(
            type="paragraph", key=data["key"], content=_inlines(data["content"])
        )
    items = tuple(
        ListItem.model_construct(key=item["key"], content=_inlines(item["content"]))
        for item in data["items"]
    )
    return BulletList.model_construct(type="bullet_list", key=data["key"], items=items)


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
