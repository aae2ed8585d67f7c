"""``locale_info()`` (``_locale_info``): what a language switcher needs of each locale.

Each available locale's own name, English name, direction, coverage and review status;
``LocaleInfo`` is a frozen, fully described model.
"""

from __future__ import annotations

import babel
import pytest
from pydantic import ValidationError

from acupuncture_content import LocaleInfo, available_locales, load_guide, locale_info


def test_locale_info_lists_every_available_locale_sorted_by_tag():
    infos = locale_info()
    assert tuple(info.tag for info in infos) == available_locales()
    assert [info.tag for info in infos] == sorted(info.tag for info in infos)
    assert all(isinstance(info, LocaleInfo) for info in infos)


def _info(tag: str) -> LocaleInfo:
    return next(info for info in locale_info() if info.tag == tag)


@pytest.mark.parametrize(
    ("tag", "name", "english_name", "direction", "reviewed"),
    [
        ("ar", "العربية", "Arabic", "rtl", False),
        ("en", "English", "English", "ltr", True),  # the source is the author's own text
        ("de", "Deutsch", "German", "ltr", False),
        ("ja", "日本語", "Japanese", "ltr", False),
        # CLDR names Simplified Chinese and Brazilian Portuguese as languages of their own.
        ("zh-Hans", "简体中文", "Simplified Chinese", "ltr", False),
        ("pt-BR", "português (Brasil)", "Brazilian Portuguese", "ltr", False),
    ],
)
def test_locale_info_gives_each_locales_names_direction_and_review(
    tag, name, english_name, direction, reviewed
):
    assert _info(tag) == LocaleInfo(
        tag=tag,
        name=name,
        english_name=english_name,
        text_direction=direction,
        coverage=1.0,
        reviewed=reviewed,
    )


@pytest.mark.parametrize("tag", available_locales())
def test_locale_info_names_are_cldr_s_names_for_the_language(tag):
    locale = babel.Locale.parse(tag, sep="-")
    identifier = tag.replace("-", "_")
    info = _info(tag)
    assert info.name == locale.languages.get(identifier, locale.get_display_name(locale))
    assert info.english_name == babel.Locale("en").languages.get(
        identifier, locale.get_display_name("en")
    )
    assert info.text_direction == load_guide(locale=tag).text_direction
    assert 0.0 <= info.coverage <= 1.0


def test_locale_info_is_frozen():
    info = _info("ar")
    with pytest.raises(ValidationError):
        info.name = "Arabic"
    with pytest.raises(ValidationError):
        LocaleInfo.model_validate({**info.model_dump(), "extra": 1})
    assert LocaleInfo.model_validate_json(info.model_dump_json()) == info


def test_locale_info_is_in_a_json_schema_with_every_field_described():
    schema = LocaleInfo.model_json_schema()
    fields = set(LocaleInfo.model_fields)
    assert fields == {"tag", "name", "english_name", "text_direction", "coverage", "reviewed"}
    assert set(schema["properties"]) == fields
    assert set(schema["required"]) == fields
    assert schema["additionalProperties"] is False
    for field, definition in schema["properties"].items():
        assert definition.get("description", "").strip(), field
    assert schema["properties"]["text_direction"]["enum"] == ["ltr", "rtl"]
    assert schema["properties"]["coverage"]["minimum"] == 0.0
    assert schema["properties"]["coverage"]["maximum"] == 1.0
