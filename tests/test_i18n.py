"""Locale parsing and negotiation, fallback, coverage, localized metadata."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from gettext import GNUTranslations

import babel
import pytest
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo

from acupuncture_content import UnknownLocaleError, available_locales, load_guide, render
from acupuncture_content._api import _document
from acupuncture_content._catalogs import Catalog
from acupuncture_content._i18n import parse_locale
from acupuncture_content._localize import localize


@pytest.mark.parametrize(
    ("requested", "served"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("de", "de"),
        ("de-CH", "de"),
        ("de_AT", "de"),
        ("es-MX", "es"),
        ("es-419", "es"),
        ("fr-CA", "fr"),
        ("pt-BR", "pt-BR"),
        ("pt_br", "pt-BR"),
        ("PT-BR", "pt-BR"),
        ("pt", "pt-BR"),
        ("zh", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh-Hans", "zh-Hans"),
        ("zh_Hans_CN", "zh-Hans"),
        ("ja-JP", "ja"),
        ("ar-EG", "ar"),
        ("hi-IN", "hi"),
        ("ko-KR", "ko"),
        ("ru-RU", "ru"),
        ("vi-VN", "vi"),
        (babel.Locale("de", "CH"), "de"),
        ("de_DE.UTF-8", "de"),
        ("pt_BR.utf8", "pt-BR"),
        ("fr_FR.UTF-8@euro", "fr"),
        ("C.UTF-8", "en"),  # Babel reads the POSIX "C" locale as en_US_POSIX
    ],
)
def test_negotiation_walks_the_cldr_parent_chain(requested, served):
    assert load_guide(locale=requested, fallback=False).locale == served


@pytest.mark.parametrize(
    "requested", ["zh-TW", "zh-Hant", "zh-HK", "pt-PT", "it", "sr-Latn", "nl-BE"]
)
def test_no_translation_falls_back_to_english_or_raises(requested):
    assert load_guide(locale=requested).locale == "en"
    with pytest.raises(
        UnknownLocaleError,
        match="available locales: ar, de, en, es, fr, hi, ja, ko, pt-BR, ru, vi, zh-Hans",
    ):
        load_guide(locale=requested, fallback=False)


@pytest.mark.parametrize("requested", ["", "xx", "12", "en-!!", "not a locale", "i-klingon"])
def test_non_locales_always_raise(requested):
    with pytest.raises(UnknownLocaleError, match="is not a locale; available locales"):
        load_guide(locale=requested)


def test_parse_locale_accepts_babel_locales_and_rejects_other_types():
    locale = babel.Locale("ja")
    assert parse_locale(locale) is locale
    with pytest.raises(TypeError, match="not bytes"):
        parse_locale(b"en")


def test_arabic_is_rtl_and_translations_carry_provenance():
    guide = load_guide(locale="ar")
    assert guide.text_direction == "rtl"
    assert guide.translation is not None
    assert guide.translation.source_locale == "en"
    assert guide.translation.reviewed is False
    assert guide.translation.coverage == 1.0
    assert guide.translation.untranslated == ()


@pytest.mark.parametrize(
    ("locale", "date", "reading_time"),
    [
        ("en", "May 31, 2025", "2 min read"),
        ("de", "31. Mai 2025", "2 Min. Lesezeit"),
        ("fr", "31 mai 2025", "2 min de lecture"),
        ("ja", "2025年5月31日", "2分で読めます"),
        ("ru", "31 мая 2025\u202fг.", "2 мин чтения"),  # CLDR: narrow no-break space
    ],
)
def test_localized_byline(locale, date, reading_time):
    text = render(load_guide(locale=locale), "text", width=None)
    assert f"Sheila Woodford · {date} · {reading_time}" in text.splitlines()


@pytest.mark.parametrize("locale", ["zh-Hans", "ja", "ko"])
def test_cjk_reading_time_counts_characters(locale):
    from acupuncture_content._reading_time import reading_time_minutes

    assert reading_time_minutes("字" * 500, locale.split("-")[0]) == 1
    assert reading_time_minutes("字" * 501, locale.split("-")[0]) == 2
    assert load_guide(locale=locale).reading_time_minutes == 2


@pytest.mark.parametrize(
    ("locale", "minutes"),
    [("en", 2), ("ar", 2), ("de", 2), ("hi", 2), ("ru", 2), ("vi", 3)],
)
def test_reading_time_of_each_translation(locale, minutes):
    # Vietnamese writes every syllable as a separate word, so it counts more words.
    assert load_guide(locale=locale).reading_time_minutes == minutes


def test_words_with_combining_marks_count_once():
    from acupuncture_content._reading_time import reading_time_minutes

    hindi = "मेरिडियन कहलाने वाले मार्ग "  # 4 words, several vowel signs
    assert reading_time_minutes(hindi * 50, "hi") == 1
    assert reading_time_minutes(hindi * 51, "hi") == 2
    assert reading_time_minutes("— 30-60 — " * 300, "en") == 2  # dashes are not words


def test_reading_time_plural_forms_follow_the_locale_rules():
    from acupuncture_content._ui import _labels

    guide = load_guide(locale="ar")
    forms = {
        n: _labels(
            "ar", guide.published, n, translation_notice=True, review_notice=True
        ).reading_time
        for n in (1, 2, 3, 11, 100)
    }
    assert forms[3].endswith("دقائق للقراءة")  # Arabic "few" (3-10) uses the plural
    assert forms[11].endswith("دقيقة للقراءة")


def _catalog_missing(context: str) -> Catalog:
    """The German catalog rebuilt in memory without one message, as babel's tests do."""
    from importlib import resources

    from babel.messages.mofile import read_mo

    path = resources.files("acupuncture_content").joinpath(
        "locales/de/LC_MESSAGES/acupuncture_content.mo"
    )
    source = read_mo(io.BytesIO(path.read_bytes()))
    catalog = BabelCatalog(locale="de", domain="acupuncture_content")
    for message in source:
        if message.id and message.context != context:
            catalog.add(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = GNUTranslations(buffer)
    from acupuncture_content._catalogs import _MarkMissing

    translations.add_fallback(_MarkMissing())
    return Catalog(tag="de", path="memory/de.mo", translations=translations, reviewed=False)


def test_a_missing_message_falls_back_for_that_segment_only_and_is_reported():
    missing = "safety-and-side-effects/p1"
    guide = localize(_document("acupuncture-for-back-pain"), "de", _catalog_missing(missing))
    safety = next(section for section in guide.sections if section.id == "safety-and-side-effects")
    assert safety.heading == "Sicherheit und Nebenwirkungen"
    assert safety.blocks[0].content[0].text.startswith("Acupuncture is generally safe")  # type: ignore[union-attr]
    assert guide.translation is not None
    assert guide.translation.untranslated == (missing,)
    segments = len(_document("acupuncture-for-back-pain").segments())
    assert segments == 22
    assert guide.translation.coverage == round((segments - 1) / segments, 4)
    assert guide.title == load_guide(locale="de").title


@pytest.mark.parametrize(
    "environment",
    [{"LC_ALL": "de_DE.UTF-8"}, {"LANG": "ja_JP.UTF-8", "LANGUAGE": "ja"}, {"LC_ALL": "C"}],
)
def test_output_does_not_depend_on_the_process_locale(environment):
    env = {**os.environ, **environment}
    script = "from acupuncture_content import load_guide, render; print(render(load_guide(locale='fr'), 'text', width=None))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    assert result.stdout == render(load_guide(locale="fr"), "text", width=None) + "\n"


def test_every_locale_is_fully_covered():
    assert load_guide(locale="en").translation is None
    for locale in set(available_locales()) - {"en"}:
        translation = load_guide(locale=locale).translation
        assert translation is not None
        assert (translation.coverage, translation.untranslated) == (1.0, ())
