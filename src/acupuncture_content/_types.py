"""The field types of the content model, each declared once.

Every model field that holds an identifier, text, a locale tag or a URL uses one of
these ``Annotated`` types, so a rule lives in one place and the JSON Schema shows it
(patterns and lengths appear as ``pattern``/``maxLength``; the checks done in Python
are named in each type's docstring).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from ._tags import check_locale_tag
from ._text_rules import check_inline_text, check_plain_text
from ._urls import MAX_HREF_LENGTH, check_href

__all__ = [
    "ID_PATTERN",
    "MAX_ID_LENGTH",
    "MAX_READING_MINUTES",
    "SEGMENT_KEY_PATTERN",
    "Fingerprint",
    "Href",
    "InlineText",
    "LocaleTag",
    "PlainText",
    "ReadingMinutes",
    "SegmentKey",
    "Slug",
]

#: Guide slugs and section ids: lowercase ASCII letters, digits and hyphens.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
#: Segment keys: ids joined by "/" (``how-acupuncture-helps-with-back-pain/list1/item2``).
SEGMENT_KEY_PATTERN = r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$"
#: The longest reading time a guide may state, in minutes.
MAX_READING_MINUTES = 1000
#: The longest guide slug or section id, and the longest HTML ``id_prefix``.
MAX_ID_LENGTH = 100

Slug = Annotated[str, Field(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)]
"""A guide slug or section id (``acupuncture-for-back-pain``)."""

SegmentKey = Annotated[str, Field(pattern=SEGMENT_KEY_PATTERN, max_length=300)]
"""A segment id, the ``msgctxt`` of a block or list item in the catalogs."""

PlainText = Annotated[str, AfterValidator(check_plain_text)]
"""A title, heading or name: a visible character, and none that text may not hold."""

InlineText = Annotated[str, Field(min_length=1), AfterValidator(check_inline_text)]
"""A run of inline text: only whitespace (between emphasis) or holding a visible
character, and never a forbidden character."""

LocaleTag = Annotated[str, Field(max_length=64), AfterValidator(check_locale_tag)]
"""The canonical BCP 47 tag of a locale CLDR has data for (``pt-BR``, ``zh-Hans``)."""

Href = Annotated[str, Field(max_length=MAX_HREF_LENGTH), AfterValidator(check_href)]
"""An ``https:``, ``http:``, ``mailto:`` or ``tel:`` URL in the link policy's grammar."""

ReadingMinutes = Annotated[int, Field(ge=1, le=MAX_READING_MINUTES, strict=True)]
"""Whole minutes, 1 to 1,000."""

Fingerprint = Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$")]
"""A hex SHA-256, or empty on input to have it computed."""
