"""Locale parsing and negotiation, fallback, coverage, localized metadata."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import babel
import pytest

from acupuncture_content import (
    Guide,
    UnknownLocaleError,
    available_locales,
    labels,
    load_guide,
    render,
)
from acupuncture_content._guides import _document
from acupuncture_content._localize import localize
from helpers import catalog_without


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
        ("C.UTF-8", "en"),  # the POSIX "C" locale is the source language of every program
        # 0.3.0: regional variants follow CLDR's chain to the language's default locale.
        ("pt-PT", "pt-BR"),
        ("pt-AO", "pt-BR"),
        ("es-ES", "es"),
        ("de-XX", "de"),  # a well-formed region CLDR has no data for: still German
    ],
)
def test_negotiation_walks_the_cldr_parent_chain(requested, served):
    assert load_guide(locale=requested, fallback=False).locale == served


@pytest.mark.parametrize(
    "requested", ["zh-TW", "zh-Hant", "zh-HK", "it", "sr-Latn", "nl-BE", "ja-Latn", "ar-Latn"]
)
def test_no_translation_falls_back_to_english_or_raises(requested):
    assert load_guide(locale=requested).locale == "en"
    with pytest.raises(
        UnknownLocaleError,
        match=f"available locales: {', '.join(available_locales())}",
    ):
        load_guide(locale=requested, fallback=False)


@pytest.mark.parametrize("requested", ["", "xx", "12", "en-!!", "not a locale", "i-klingon"])
def test_non_locales_always_raise(requested):
    with pytest.raises(UnknownLocaleError, match="is not a locale; available locales"):
        load_guide(locale=requested)


def test_babel_locales_are_accepted_and_other_types_rejected():
    assert load_guide(locale=babel.Locale("ja")).locale == "ja"
    assert load_guide(locale=babel.Locale.parse("zh_Hant_TW")).locale == "en"
    with pytest.raises(TypeError, match="not bytes"):
        load_guide(locale=b"en")


def test_arabic_is_rtl_and_translations_carry_provenance():
    guide = load_guide(locale="ar")
    assert guide.text_direction == "rtl"
    assert guide.translation is not None
    assert guide.translation.source_locale == "en"
    assert guide.translation.reviewed is False
    assert guide.translation.coverage == 1.0
    assert guide.translation.untranslated == ()


# Every byline, as a reader sees it: the date in CLDR's long form (Vietnamese as its
# government and press write a full date), the author's "2 min read" in each
# language's usual unit form (Japanese 2分 as the guide writes 30〜60分, no space).
BYLINES = {
    "ar": ("31 مايو 2025", "مدة القراءة: دقيقتان"),  # the dual: "two minutes"
    "de": ("31. Mai 2025", "Lesezeit: 2 Minuten"),
    "en": ("May 31, 2025", "2 min read"),
    "es": ("31 de mayo de 2025", "2 minutos de lectura"),
    "fr": ("31 mai 2025", "2 minutes de lecture"),
    "hi": ("31 मई 2025", "पढ़ने का समय: 2 मिनट"),
    "ja": ("2025年5月31日", "読了時間：2分"),
    "ko": ("2025년 5월 31일", "읽는 데 2분"),
    "pt-BR": ("31 de maio de 2025", "2 minutos de leitura"),
    "ru": ("31 мая 2025\u202fг.", "2 минуты чтения"),  # CLDR: narrow no-break space
    "vi": ("31 tháng 5 năm 2025", "2 phút đọc"),
    "zh-Hans": ("2025年5月31日", "阅读时间：2分钟"),
}


def test_every_locale_has_a_byline():
    assert sorted(BYLINES) == sorted(available_locales())


@pytest.mark.parametrize(("locale", "byline"), BYLINES.items())
def test_localized_byline(locale, byline):
    date, reading_time = byline
    text = render(load_guide(locale=locale), "text", width=None)
    author = "\u2068Sheila Woodford\u2069" if locale == "ar" else "Sheila Woodford"
    assert f"{author} · {date} · {reading_time}" in text.splitlines()


@pytest.mark.parametrize("minutes", [1, 2, 3, 11, 100])
def test_japanese_writes_minutes_without_a_space_for_every_number(minutes):
    data = load_guide(locale="ja").model_dump()
    data["reading_time_minutes"] = minutes
    del data["fingerprint"]
    assert labels(Guide.model_validate(data)).reading_time == f"読了時間：{minutes}分"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-01-09", "9 tháng 1 năm 2025"),
        ("2025-12-31", "31 tháng 12 năm 2025"),
    ],
)
def test_vietnamese_dates_are_written_in_full(day, expected):
    import datetime

    data = load_guide(locale="vi").model_dump()
    data["published"] = datetime.date.fromisoformat(day)
    del data["fingerprint"]
    assert labels(Guide.model_validate(data)).published == expected


@pytest.mark.parametrize("locale", available_locales())
def test_every_locale_tells_the_author_s_reading_time(locale):
    # The article says "2 min read"; a translation says what the original says, so its
    # reader is told the same time.
    assert load_guide(locale=locale).reading_time_minutes == 2


@pytest.mark.parametrize("locale", ["ar", "ja", "pt-BR", "zh-Hans"])
def test_without_the_author_s_figure_a_translation_tells_the_source_s_estimate(locale):
    import dataclasses

    document = _document("acupuncture-for-back-pain")
    unstated = dataclasses.replace(document.source.front_matter, reading_time_minutes=None)
    document = dataclasses.replace(
        document, source=dataclasses.replace(document.source, front_matter=unstated)
    )
    # 304 English words at 238 a minute: 2 minutes, in the translations too (which
    # per-language rates made 3 in Arabic, Japanese, Portuguese and Chinese).
    assert localize(document, "en", None).reading_time_minutes == 2
    assert localize(document, locale, catalog_without(locale, set())).reading_time_minutes == 2


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (1, "مدة القراءة: دقيقة"),
        (2, "مدة القراءة: دقيقتان"),  # the dual, as CLDR has it
        (3, "مدة القراءة: 3 دقائق"),
        (11, "مدة القراءة: 11 دقيقة"),
        (100, "مدة القراءة: 100 دقيقة"),
    ],
)
def test_reading_time_agrees_with_its_number_through_cldr_units(minutes, expected):
    guide = load_guide(locale="ar")
    data = guide.model_dump()
    data["reading_time_minutes"] = minutes
    del data["fingerprint"]
    assert labels(Guide.model_validate(data)).reading_time == expected


def test_a_missing_message_falls_back_for_that_segment_only_and_is_reported():
    missing = "safety-and-side-effects/p1"
    guide = localize(_document("acupuncture-for-back-pain"), "de", catalog_without("de", {missing}))
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


def test_a_translation_from_the_source_language_says_so():
    assert labels(load_guide()).translation_notice is None
    assert labels(load_guide(locale="de")).translation_notice == (
        "Dieser Ratgeber wurde aus dem englischen Original maschinell (mit KI) übersetzt."
    )
    assert labels(load_guide(locale="en-GB")).reading_time == "2 min read"


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("pt-BR", "pt-BR"),
        ("pt_br", "pt-BR"),
        ("PT_BR", "pt-BR"),
        ("ZH-hans", "zh-Hans"),
        ("pt", None),  # exact only: matching is match_locale's job
        ("pt-br-x", None),
    ],
)
def test_exact_tag_folds_case_and_separator_only(value, tag):
    from acupuncture_content._i18n import exact_tag

    assert exact_tag(value, ("en", "pt-BR", "zh-Hans")) == tag


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("x" * 63 + "!", "x" * 63 + "!"),  # 64 characters: in full
        ("x" * 64 + "!", "x" * 61 + "..."),  # 65: cut to 61 and an ellipsis
    ],
)
def test_a_long_non_locale_is_shortened_in_the_message(value, shown):
    with pytest.raises(UnknownLocaleError) as caught:
        load_guide(locale=value)
    assert str(caught.value).startswith(f"{shown!r} is not a locale; available locales: ar, ")


def test_match_results_are_cached_by_request(monkeypatch):
    from acupuncture_content import _i18n
    from acupuncture_content._tags import LocaleParts

    _i18n.locale_tags_cache.clear()
    walks = []
    real_chain = _i18n.parent_chain
    monkeypatch.setattr(
        _i18n, "parent_chain", lambda parts: walks.append(parts) or real_chain(parts)
    )
    available = ("en", "es-419", "es")
    for _ in range(3):
        assert _i18n.match_locale(LocaleParts("es", territory="MX"), available) == "es-419"
        assert _i18n.match_locale(LocaleParts("fr"), available) is None
    assert len(walks) == 2
    assert len(_i18n.locale_tags_cache) == 2
    _i18n.locale_tags_cache.clear()


# However many distinct tags are asked for, the match cache stays bounded and Babel's own
# unbounded cache of locale names never sees a hostile one.
MEMORY = textwrap.dedent(
    """
    import gc, tracemalloc
    from acupuncture_content import UnknownLocaleError, load_guide
    from babel import localedata

    def ask(tag):
        try:
            load_guide(locale=tag)
        except UnknownLocaleError:
            pass

    for i in range(50):  # warm up what is loaded once
        ask(f"de-{i:03d}")
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(1024):
        ask("de." + str(i) + "x" * 1_000_000)
    for i in range(20000):
        ask(f"de-DE@{'y' * 4096}{i}")
        ask(f"de-DE-x-{i}")
    gc.collect()
    print(tracemalloc.get_traced_memory()[0] - before, localedata.exists.cache_info().currsize)
    """
)


@pytest.mark.slow  # 41,000 tags in a fresh interpreter, every allocation traced
def test_memory_stays_flat_however_many_distinct_tags_load_guide_is_asked_for():
    result = subprocess.run(
        [sys.executable, "-c", MEMORY], capture_output=True, text=True, check=True, timeout=300
    )
    growth, babel_entries = map(int, result.stdout.split())
    assert growth < 4 * 1024 * 1024, growth  # 0.2.0 kept +978 MB
    assert babel_entries < 50  # Babel's unbounded cache never sees a hostile tag
