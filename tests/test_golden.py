"""Golden files for every locale and format, and a few option combinations.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff before committing it.
"""

from __future__ import annotations

import pytest

from acupuncture_content import available_locales, list_guides, load_guide, render
from helpers import assert_golden, guide_from_source

FORMATS = {
    "fragment.html": ("html", {}),
    "document.html": ("html", {"full_document": True}),
    "guide.md": ("markdown", {}),
    "guide.txt": ("text", {}),
    "guide.json": ("json", {}),
}
OPTION_COMBINATIONS = {
    "offset1-prefixed.html": ("html", {"heading_offset": 1, "id_prefix": "guide-"}),
    "published.html": (
        "html",
        {"full_document": True, "base_url": "https://clinic.example/guides/"},
    ),
    "offset2.md": ("markdown", {"heading_offset": 2}),
    "width40.txt": ("text", {"width": 40}),
    "nowrap.txt": ("text", {"width": None}),
}
EDITIONS = [(slug, locale) for slug in list_guides() for locale in available_locales(slug)]


@pytest.mark.parametrize(("slug", "locale"), EDITIONS)
@pytest.mark.parametrize("name", FORMATS)
def test_every_guide_locale_and_format_matches_its_golden_file(slug, locale, name):
    format_name, options = FORMATS[name]
    output = render(load_guide(slug, locale), format_name, **options)
    assert_golden(f"{slug}/{locale}/{name}", output)


@pytest.mark.parametrize("locale", ["en", "ar", "ja"])
@pytest.mark.parametrize("name", OPTION_COMBINATIONS)
def test_option_combinations_match_their_golden_files(locale, name):
    format_name, options = OPTION_COMBINATIONS[name]
    output = render(load_guide(locale=locale), format_name, **options)
    assert_golden(f"acupuncture-for-back-pain/{locale}/{name}", output)


@pytest.mark.parametrize("name", FORMATS)
def test_fixture_guide_with_inline_markup_matches_its_golden_files(fixture_guide_source, name):
    guide = guide_from_source(fixture_guide_source, "inline-markup-guide.md")
    format_name, options = FORMATS[name]
    assert_golden(f"inline-markup-guide/{name}", render(guide, format_name, **options))
