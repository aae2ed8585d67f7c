"""``labels()``: the byline, notices and disclaimer around a guide, with exact values.

Every translation says, in its own language, that it was machine translated and not
reviewed; a regional locale uses its language's catalog; a locale without a catalog
gets English strings with a local date.
"""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from acupuncture_content import (
    Guide,
    Labels,
    available_locales,
    labels,
    load_guide,
)


def test_english_labels_are_the_article_s_byline_and_the_disclaimer():
    assert labels(load_guide()) == Labels(
        published="May 31, 2025",
        reading_time="2 min read",
        disclaimer_label="Medical disclaimer",
        disclaimer=(
            "This guide is general information only and is not a substitute for "
            "professional medical advice. Talk to a qualified health professional about "
            "your symptoms and treatment."
        ),
        translation_notice=None,
        review_notice=None,
    )


def test_arabic_labels_carry_both_notices():
    assert labels(load_guide(locale="ar")) == Labels(
        published="31 مايو 2025",
        reading_time="مدة القراءة: دقيقتان",
        disclaimer_label="إخلاء المسؤولية الطبية",
        disclaimer=(
            "يتضمن هذا الدليل معلومات عامة فقط، ولا يُعدّ بديلًا عن المشورة الطبية المهنية. "
            "تحدّث إلى أخصائي رعاية صحية مؤهَّل بشأن أعراضك وعلاجك."
        ),
        translation_notice=(
            "تُرجم هذا الدليل من النص الأصلي باللغة الإنجليزية باستخدام الترجمة الآلية "
            "(الذكاء الاصطناعي)."
        ),
        review_notice="لم يراجع هذه الترجمةَ مترجمٌ طبي مؤهَّل.",
    )


def test_japanese_labels():
    found = labels(load_guide(locale="ja"))
    assert (found.published, found.reading_time) == ("2025年5月31日", "読了時間：2分")
    assert found.translation_notice == "このガイドは、英語の原文をAIで機械翻訳したものです。"
    assert found.review_notice == "この翻訳は、資格を持つ医療翻訳者による確認を受けていません。"


# Every translation says, in its own language, that a machine (AI) translated it: a
# word for machine or automatic translation, and the language's own word for AI.
MACHINE_TRANSLATION = {
    "ar": ("الترجمة الآلية", "الذكاء الاصطناعي"),
    "de": ("maschinell", "KI"),
    "es": ("traducción automática", "IA"),
    "fr": ("traduit automatiquement", "IA"),
    "hi": ("मशीनी अनुवाद", "एआई"),
    "ja": ("機械翻訳", "AI"),
    "ko": ("기계 번역", "AI"),
    "pt-BR": ("tradução automática", "IA"),
    "ru": ("машинный перевод", "ИИ"),
    "vi": ("dịch tự động", "AI"),
    "zh-Hans": ("机器翻译", "AI"),
}


@pytest.mark.parametrize(("locale", "words"), MACHINE_TRANSLATION.items())
def test_every_translation_says_it_was_machine_translated(locale, words):
    found = labels(load_guide(locale=locale))
    assert found.translation_notice is not None
    assert all(word in found.translation_notice for word in words), found.translation_notice
    # and still that no qualified medical translator reviewed it
    assert found.review_notice is not None


def test_every_translated_locale_is_named_above():
    assert sorted(MACHINE_TRANSLATION) == sorted(set(available_locales()) - {"en"})


def test_labels_are_data_a_json_consumer_can_read():
    data = json.loads(labels(load_guide(locale="fr")).model_dump_json())
    assert set(data) == {
        "published",
        "reading_time",
        "disclaimer_label",
        "disclaimer",
        "translation_notice",
        "review_notice",
    }
    assert data["translation_notice"] == (
        "Ce guide a été traduit automatiquement (par IA) à partir de la version originale en anglais."
    )
    with pytest.raises(ValidationError, match="frozen"):
        labels(load_guide()).disclaimer = "nothing"  # type: ignore[misc]


def test_labels_of_a_guide_in_a_regional_locale_use_the_language_s_catalog():
    data = load_guide(locale="de").model_dump()
    del data["fingerprint"]
    data["locale"] = "de-CH"
    swiss = labels(Guide.model_validate(data))
    assert swiss.disclaimer == labels(load_guide(locale="de")).disclaimer
    assert swiss.reading_time == "Lesezeit: 2 Minuten"


def test_labels_of_a_locale_without_a_catalog_are_english_with_a_local_date():
    data = load_guide().model_dump()
    del data["fingerprint"]
    data["locale"] = "it"
    italian = labels(Guide.model_validate(data))
    assert (italian.published, italian.reading_time) == ("31 maggio 2025", "2 min read")


def test_labels_need_a_guide():
    with pytest.raises(TypeError, match=r"labels\(\) needs a Guide, not dict"):
        labels({})  # type: ignore[arg-type]
