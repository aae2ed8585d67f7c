"""Translation QA: every catalog is complete, consistent and faithful in form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

ROOT = Path(__file__).parent.parent
LOCALES_DIR = ROOT / "locales"
TEMPLATE = LOCALES_DIR / "acupuncture_content.pot"
PO_FILES = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/acupuncture_content.po"))
NUMBER = re.compile(r"\d+")
URL = re.compile(r"(?:https?|mailto):[^\s)>]+")
MARKUP = re.compile(r"\*+|\[|\]\(|<|>|`|\{[a-z_]+\}")


def _read(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def _keys(catalog) -> set[tuple[str | None, str]]:
    return {
        (message.context, message.id if isinstance(message.id, str) else message.id[0])
        for message in catalog
        if message.id
    }


def test_there_is_a_catalog_for_every_translated_locale():
    assert [path.parent.parent.name for path in PO_FILES] == [
        "ar",
        "de",
        "es",
        "fr",
        "hi",
        "ja",
        "ko",
        "pt_BR",
        "ru",
        "vi",
        "zh_Hans",
    ]


def test_template_is_up_to_date_with_the_sources():
    """The .pot holds exactly what pybabel extract finds now (run it after any change)."""
    method_map = [
        ("src/acupuncture_content/content/**.md", "acupuncture_guide"),
        ("src/acupuncture_content/**.py", "python"),
    ]
    extracted = set()
    for _filename, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, comment_tags=("TRANSLATORS:",)
    ):
        extracted.add((context, message if isinstance(message, str) else message[0]))
    assert extracted == _keys(_read(TEMPLATE))


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.parent.parent.name)
def test_catalog_matches_template_and_is_complete(path):
    template = _read(TEMPLATE)
    catalog = _read(path)
    assert _keys(catalog) == _keys(template)
    assert not catalog.fuzzy
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.context
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(string.strip() for string in strings), message.context
    assert not list(catalog.obsolete)


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.parent.parent.name)
def test_numbers_urls_markup_and_placeholders_are_preserved(path):
    for message in _read(path):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert sorted(NUMBER.findall(string)) == sorted(NUMBER.findall(source)), (
                message.context,
                string,
            )
            assert URL.findall(string) == URL.findall(source), message.context
            assert sorted(MARKUP.findall(string)) == sorted(MARKUP.findall(source)), (
                message.context,
                string,
            )
            assert "Sheila Woodford" not in source or "Sheila Woodford" in string


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.parent.parent.name)
def test_plural_forms_header_matches_cldr(path):
    catalog = _read(path)
    expected = get_plural(Locale.parse(path.parent.parent.name))
    assert catalog.plural_forms == expected.plural_forms
    reading_time = next(message for message in catalog if message.context == "reading-time")
    assert len(reading_time.string) == expected.num_plurals


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.parent.parent.name)
def test_review_status_is_recorded_honestly(path):
    header = _read(path).header_comment
    assert "Review-Status: unreviewed" in header
    assert "No qualified human medical translator has reviewed it" in header.replace(
        "#", ""
    ).replace("\n ", " ")
