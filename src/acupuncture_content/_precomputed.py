"""Guides localized and validated at build time, loaded without doing that work again.

The build hook runs the whole pipeline (parse, translate, validate, format labels,
look up language names) for every bundled guide and locale and writes the result as
JSON under ``_precomputed/``. At run time :func:`load` rebuilds the frozen models from
that JSON without validating them again (they were validated when written) and
without importing markdown-it-py or Babel.

Each file records what it was computed from, as a SHA-256 (:func:`inputs_digest`):
the source of every module of the package that the build had loaded when it built the
guides (their paths are recorded beside the digest), the guide's source file, the
compiled catalogs of the locale, and the versions of Babel (CLDR data), Pydantic and
markdown-it-py. When that no longer matches, the file is ignored and the guide is
computed from its sources, so a stale file is never served. Code that only renders,
exports or parses the command line does not run when a guide is built, so changing it
leaves the data fresh (and mutation testing of it needs no rebuild).

The modules are recorded by the build rather than listed here: a change that makes the
pipeline import another module changes the text of one it already imported, which is
recorded, so the list cannot silently fall behind the code. (A data-format version
bumped by hand would matter only in a development install, since a wheel's code and
data are built together, and there it would serve stale guides between an edit and
the bump.) A comment added to a recorded module still makes the data stale: telling
comments from code would mean tokenizing every module on each cold start.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ._cache import memoized
from ._catalogs import INTERFACE_DOMAIN, catalog_directory_name, catalog_folder
from ._labels import Labels, labels_cache, labels_key
from ._locale_info import LocaleInfo, locale_infos_cache
from ._source import source_bytes
from ._validated import mark_validated
from .models import (
    BLOCK_TYPES,
    INLINE_TYPES,
    Author,
    Block,
    Guide,
    Inline,
    ListItem,
    Section,
    TranslationInfo,
)

__all__ = ["FOLDER", "inputs_digest", "load", "loaded_modules", "payload", "relative_path"]

Model = TypeVar("Model", bound=BaseModel)

_PACKAGE = "acupuncture_content"
FOLDER = "_precomputed"

#: Distributions whose version changes what a localized guide contains.
_DEPENDENCIES = ("babel", "pydantic", "markdown_it_py")


def loaded_modules() -> tuple[str, ...]:
    """The package's modules loaded in this process, as paths inside the package, sorted.

    The build hook calls it once every guide is built: these are the modules whose code
    made the data (and the few the hook itself imports), the ones :func:`inputs_digest`
    reads.
    """
    package = Path(__file__).parent
    files = [
        getattr(module, "__file__", None)
        for name, module in list(sys.modules.items())
        if name.partition(".")[0] == _PACKAGE
    ]
    # Namespace packages (``content``) have no file: their files are data, keyed apart.
    return tuple(sorted(Path(file).relative_to(package).as_posix() for file in files if file))


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


@memoized(max_entries=1)
def _code_digest(modules: tuple[str, ...]) -> bytes:
    """SHA-256 of the named modules' source and of the dependencies' versions."""
    digest = hashlib.sha256()
    package = resources.files(_PACKAGE)
    for name in modules:
        data = package.joinpath(name).read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    for version in _dependency_versions():
        digest.update(f"{version}\0".encode())
    return digest.digest()


def inputs_digest(slug: str, tag: str, source_locale: str, modules: tuple[str, ...]) -> str:
    """Return the SHA-256 of everything the (``slug``, ``tag``) guide is computed from.

    Args:
        slug: The guide.
        tag: The locale it is built in.
        source_locale: The guide's source locale (it has no catalogs).
        modules: Paths inside the package of the modules that build it
            (:func:`loaded_modules` at build time).
    """
    digest = hashlib.sha256(_code_digest(modules))
    guide_source = source_bytes(slug)
    digest.update(f"{len(guide_source)}\0".encode())
    digest.update(guide_source)
    if tag != source_locale:
        folder = catalog_folder(tag)
        for domain in (slug, INTERFACE_DOMAIN):
            for suffix in (".mo", ".json"):
                digest.update(folder.joinpath(f"{domain}{suffix}").read_bytes())
    return digest.hexdigest()


def relative_path(slug: str, tag: str) -> str:
    """Where, under :data:`FOLDER`, the precomputed (``slug``, ``tag``) guide is stored."""
    return f"{slug}/{catalog_directory_name(tag)}.json"


def payload(guide: Guide, labels: Labels, info: LocaleInfo, modules: tuple[str, ...]) -> str:
    """Return the JSON written for ``guide``, its labels and locale info at build time.

    ``modules`` are the modules that built them (:func:`loaded_modules`).
    """
    inputs = {
        "digest": inputs_digest(guide.slug, guide.locale, guide.source_locale, modules),
        "modules": list(modules),
    }
    data = {
        "inputs": inputs,
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
        # The module paths come from the package's own build output, as trusted as its
        # code; a module that is gone (OSError) makes the data stale like any change.
        inputs = data["inputs"]
        modules = tuple(inputs["modules"])
        if inputs["digest"] != inputs_digest(slug, tag, source_locale, modules):
            return None
        guide = _guide(data["guide"])
        labels = Labels.model_construct(**data["labels"])
        info = LocaleInfo.model_construct(**data["locale"])
    except (OSError, KeyError, TypeError, ValueError):
        return None
    mark_validated(guide)
    labels_cache.put(labels_key(guide), labels)
    locale_infos_cache.put((slug, tag), info)
    return guide


# Rebuilding models from trusted, already-validated JSON: model_construct skips
# validation. Each block and inline is made by the class its "type" names in the
# models' tables, from its own fields, so a new type needs nothing here; the fields
# that hold nodes are rebuilt first, in place (the JSON was parsed for this alone).


def _inlines(items: list[dict[str, Any]]) -> tuple[Inline, ...]:
    return tuple(map(_inline, items))


def _items(items: list[dict[str, Any]]) -> tuple[ListItem, ...]:
    return tuple(
        ListItem.model_construct(key=item["key"], content=_inlines(item["content"]))
        for item in items
    )


#: The fields that hold nodes, and how to rebuild them.
_NODE_FIELDS: dict[str, Callable[[Any], tuple[Any, ...]]] = {
    "children": _inlines,
    "content": _inlines,
    "items": _items,
}


def _rebuilder(model: type[Model]) -> Callable[[dict[str, Any]], Model]:
    """How to rebuild a node of ``model`` from its JSON: its node fields, then itself.

    Made once per type, so a rebuild asks nothing of the JSON but its ``type``.
    """
    node_fields = [
        (name, _NODE_FIELDS[name]) for name in model.model_fields if name in _NODE_FIELDS
    ]
    construct = model.model_construct

    def rebuild(data: dict[str, Any]) -> Model:
        for name, rebuild_field in node_fields:
            data[name] = rebuild_field(data[name])
        return construct(**data)

    return rebuild


_INLINE_REBUILDERS = {name: _rebuilder(model) for name, model in INLINE_TYPES.items()}
_BLOCK_REBUILDERS = {name: _rebuilder(model) for name, model in BLOCK_TYPES.items()}


def _inline(data: dict[str, Any]) -> Inline:
    return _INLINE_REBUILDERS[data["type"]](data)


def _block(data: dict[str, Any]) -> Block:
    return _BLOCK_REBUILDERS[data["type"]](data)


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
        introduction=tuple(map(_block, data["introduction"])),
        sections=tuple(
            Section.model_construct(
                id=section["id"],
                heading=section["heading"],
                blocks=tuple(map(_block, section["blocks"])),
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
