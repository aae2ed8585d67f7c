"""Build guides from Markdown source text, as the package does for bundled files."""

from __future__ import annotations

import io
from gettext import GNUTranslations
from importlib import resources
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import read_mo, write_mo

from acupuncture_content._catalogs import Catalog, _MarkMissing
from acupuncture_content._localize import localize
from acupuncture_content._parse import parse_document
from acupuncture_content._source import split_source

if TYPE_CHECKING:
    from acupuncture_content.models import Guide

FRONT_MATTER = """+++
slug = "test-guide"
author = "Test Author"
published = 2024-02-29
source_locale = "en"
+++
"""


def guide_from_source(text: str, filename: str = "test-guide.md") -> Guide:
    """Parse, localize (source locale) and validate a guide source."""
    return localize(parse_document(split_source(text, filename)), "en", None)


def guide_from_body(body: str) -> Guide:
    """Build a guide from a Markdown body under standard test front matter."""
    return guide_from_source(FRONT_MATTER + body)


def catalog_without(
    locale: str, missing: set[str], slug: str = "acupuncture-for-back-pain"
) -> Catalog:
    """The compiled catalog of ``slug`` in ``locale``, rebuilt in memory without ``missing``.

    Built as Babel's own tests build catalogs (``Catalog`` + ``write_mo``): a partial
    translation, as a catalog with untranslated messages serves it.
    """
    path = resources.files("acupuncture_content").joinpath(
        f"locales/{locale.replace('-', '_')}/LC_MESSAGES/{slug}.mo"
    )
    source = read_mo(io.BytesIO(path.read_bytes()))
    catalog = BabelCatalog(locale=locale.replace("-", "_"), domain=slug)
    for message in source:
        if message.id and message.context not in missing:
            catalog.add(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = GNUTranslations(buffer)
    translations.add_fallback(_MarkMissing())
    return Catalog(
        tag=locale,
        domain=slug,
        path=f"memory/{locale}/{slug}.mo",
        translations=translations,
        reviewed=False,
    )


def partial_guide(locale: str, missing: set[str]) -> Guide:
    """The bundled guide in ``locale`` as a catalog lacking the ``missing`` segments serves it."""
    from acupuncture_content._api import _document

    return localize(
        _document("acupuncture-for-back-pain"),
        locale,
        catalog_without(locale, missing),
        source_minutes=2,
    )
