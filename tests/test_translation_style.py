"""The typographic and orthographic conventions of each language, in the guide catalogs.

pofilter's punctuation and capitalisation checks do not fit this content (see
``tests/test_catalogs.py``), so the conventions an audit of the translations asked for
(issue 21) are checked here, each for the languages whose norm it is:

- a list that continues a sentence ending in ":" is punctuated as that sentence in
  Brazilian Portuguese (ABNT NBR 6024, alíneas) and Russian (рубрики as parts of one
  sentence): each item starts in lower case and ends with ";", the last with ".";
- the part of the title after the colon is not a sentence, so it starts in lower case
  in the cased languages (English capitalises it only because of title case);
- French writes the apostrophe as U+2019 (’), not the typewriter's ';
- Arabic writes a range in words (من 30 إلى 60): digits joined by a hyphen in
  right-to-left text can be read either way round.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.messages.pofile import read_po

from acupuncture_content import BulletList, Paragraph, list_guides, load_guide

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LOCALES_DIR = Path(__file__).parent.parent / "locales"
SENTENCE_LISTS = ["pt_BR", "ru"]
CASED_TITLES = ["de", "es", "fr", "pt_BR", "ru", "vi"]
TYPEWRITER_APOSTROPHE = "'"
ARABIC_NUMERIC_RANGE = re.compile(r"\d+\s*[-\u2010-\u2015]\s*\d+")


def _read(path: Path, guide: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, domain=guide)


def _catalog(folder: str, guide: str) -> Catalog:
    return _read(LOCALES_DIR / folder / "LC_MESSAGES" / f"{guide}.po", guide)


def _translations(folder: str, guide: str) -> dict[str, str]:
    """Each segment id's translation."""
    return {
        str(message.context): str(message.string)
        for message in _catalog(folder, guide)
        if message.id
    }


def _lists_continuing_a_sentence(guide: str) -> list[tuple[str, list[str]]]:
    """(lead-in segment id, item segment ids) of each list whose English lead-in ends with ":"."""
    sources = {
        str(message.context): str(message.id)
        for message in _read(LOCALES_DIR / f"{guide}.pot", guide)
        if message.id
    }
    english = load_guide(guide, "en")
    found = []
    for blocks in [english.introduction, *(section.blocks for section in english.sections)]:
        for before, block in itertools.pairwise(blocks):
            if (
                isinstance(before, Paragraph)
                and isinstance(block, BulletList)
                and sources[str(before.key)].rstrip().endswith(":")
            ):
                found.append((str(before.key), [str(item.key) for item in block.items]))
    return found


def test_the_guide_has_lists_that_continue_a_sentence():
    """Otherwise the list rule below would pass without checking anything."""
    assert len(_lists_continuing_a_sentence("acupuncture-for-back-pain")) == 2


@pytest.mark.parametrize("guide", list_guides())
@pytest.mark.parametrize("folder", SENTENCE_LISTS)
def test_a_list_that_continues_a_sentence_is_punctuated_as_one(folder, guide):
    translations = _translations(folder, guide)
    wrong = []
    for lead_in, items in _lists_continuing_a_sentence(guide):
        assert translations[lead_in].rstrip().endswith(":"), lead_in
        for number, item in enumerate(items, start=1):
            text = translations[item]
            end = "." if number == len(items) else ";"
            if not (text[0].islower() and text.endswith(end) and not text[:-1].endswith(";")):
                wrong.append(f"{item}: {text!r} (expected lower case, ending {end!r})")
    assert wrong == []


@pytest.mark.parametrize("guide", list_guides())
@pytest.mark.parametrize("folder", CASED_TITLES)
def test_the_title_after_its_colon_starts_in_lower_case(folder, guide):
    title = _translations(folder, guide)["title"]
    if ":" in title:
        after = title.split(":", 1)[1].lstrip()
        assert after[0].islower(), title


@pytest.mark.parametrize("guide", list_guides())
def test_french_writes_the_typographic_apostrophe(guide):
    typewritten = {
        context: text
        for context, text in _translations("fr", guide).items()
        if TYPEWRITER_APOSTROPHE in text
    }
    assert typewritten == {}


@pytest.mark.parametrize("guide", list_guides())
def test_arabic_writes_ranges_in_words(guide):
    ranges = {
        context: ARABIC_NUMERIC_RANGE.findall(text)
        for context, text in _translations("ar", guide).items()
        if ARABIC_NUMERIC_RANGE.search(text)
    }
    assert ranges == {}
