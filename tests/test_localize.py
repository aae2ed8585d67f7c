"""Localization maps the parsed guide's models to the same models in another locale."""

from __future__ import annotations

import dataclasses

import pytest

from acupuncture_content._guides import _document
from acupuncture_content._localize import localize
from acupuncture_content.models import BulletList, Paragraph
from helpers import catalog_without

SLUG = "acupuncture-for-back-pain"


class _Unknown:
    """A block of a type the localizer was not taught (a new type added half-way)."""

    type = "unknown"
    key = "introduction/unknown1"


def test_a_block_of_a_type_the_localizer_does_not_know_is_an_error_not_dropped():
    # It used to be left out of the guide without a word ("not a paragraph means a
    # bullet list", and then not that either).
    document = _document(SLUG)
    broken = dataclasses.replace(document, introduction=(*document.introduction, _Unknown()))
    with pytest.raises(AssertionError):
        localize(broken, "de", catalog_without("de", set()))


def test_the_source_locale_keeps_the_parsed_blocks_and_a_translation_maps_each_one():
    document = _document(SLUG)
    english = localize(document, "en", None)
    german = localize(document, "de", catalog_without("de", set()))
    assert english.introduction == document.introduction
    for source, translated in zip(document.sections, german.sections, strict=True):
        assert [type(block) for block in translated.blocks] == [
            type(block) for block in source.blocks
        ]
        assert [block.key for block in translated.blocks] == [block.key for block in source.blocks]
    lists = [block for block in german.sections[1].blocks if isinstance(block, BulletList)]
    assert lists[0].items[0].content[0].text.startswith("Chronische")  # type: ignore[union-attr]
    assert isinstance(german.introduction[0], Paragraph)
