"""Golden files for every locale and format, and a few option combinations.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff before committing it.
"""

from __future__ import annotations

import pytest

from acupuncture_content import available_locales, load_guide, render
from conftest import assert_golden

FORMATS = {
    "fragment.html": ("html", {}),
    "document.html": ("html", {"full_document": True}),
    "guide.md": ("markdown", {}),
    "guide.txt": ("text", {}),
}
OPTION_COMBINATIONS = {
    "offset1-prefixed.html": ("html", {"heading_offset": 1, "id_prefix": "guide-"}),
    "offset2.md": ("markdown", {"heading_offset": 2}),
    "width40.txt": ("text", {"width": 40}),
    "nowrap.txt": ("text", {"width": None}),
}


@pytest.mark.parametrize("locale", available_locales())
@pytest.mark.parametrize("name", FORMATS)
def test_every_locale_and_format_matches_its_golden_file(locale, name):
    format_name, options = FORMATS[name]
    assert_golden(f"{locale}/{name}", render(load_guide(locale=locale), format_name, **options))


@pytest.mark.parametrize("locale", ["en", "ar", "ja"])
@pytest.mark.parametrize("name", OPTION_COMBINATIONS)
def test_option_combinations_match_their_golden_files(locale, name):
    format_name, options = OPTION_COMBINATIONS[name]
    assert_golden(f"{locale}/{name}", render(load_guide(locale=locale), format_name, **options))


@pytest.mark.parametrize("name", FORMATS)
def test_fixture_guide_with_inline_markup_matches_its_golden_files(fixture_guide_source, name):
    from helpers import guide_from_source

    guide = guide_from_source(fixture_guide_source, "inline-markup-guide.md")
    format_name, options = FORMATS[name]
    assert_golden(f"inline-markup-guide/{name}", render(guide, format_name, **options))
