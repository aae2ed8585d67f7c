"""Build guides from Markdown source text, as the package does for bundled files."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
