"""What integrators used to write by hand: labels, chunks and keys, with exact values.

(negotiate and locale_info have their own modules: test_accept_language.py and
test_locale_tags.py.)
"""

from __future__ import annotations

import hashlib
import json

import pytest
from pydantic import ValidationError

from acupuncture_content import (
    Chunk,
    Guide,
    Labels,
    LocaleInfo,
    available_locales,
    chunks,
    labels,
    load_guide,
    render,
)
from acupuncture_content._fingerprint import canonical_json

BASE = "https://clinic.example/guides/"
SECTION_IDS = [
    "how-acupuncture-helps-with-back-pain",
    "types-of-back-pain-treated",
    "what-to-expect-during-treatment",
    "safety-and-side-effects",
    "is-acupuncture-right-for-you",
]


# labels -------------------------------------------------------------------------------


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


# keys ---------------------------------------------------------------------------------


def test_every_block_and_item_has_its_segment_key_in_every_locale():
    for locale in ("en", "ar", "zh-Hans"):
        guide = load_guide(locale=locale)
        assert [block.key for block in guide.introduction] == ["introduction/p1"]
        section = guide.sections[0]
        assert [block.key for block in section.blocks] == [
            f"{section.id}/p1",
            f"{section.id}/p2",
            f"{section.id}/list1",
        ]
        assert [item.key for item in section.blocks[2].items] == [  # type: ignore[union-attr]
            f"{section.id}/list1/item{number}" for number in range(1, 5)
        ]


def test_keys_omitted_on_input_are_derived_from_the_position():
    data = load_guide(locale="ko").model_dump(mode="json")
    del data["fingerprint"]
    for block in data["sections"][1]["blocks"]:
        block.pop("key")
        for item in block.get("items", []):
            item.pop("key")
    assert Guide.model_validate(data) == load_guide(locale="ko")


def test_keys_must_be_unique_and_well_formed():
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["sections"][1]["blocks"][0]["key"] = "introduction/p1"
    with pytest.raises(ValidationError, match="duplicate segment key 'introduction/p1'"):
        Guide.model_validate(data)
    data["sections"][1]["blocks"][0]["key"] = "title"
    with pytest.raises(ValidationError, match="duplicate segment key 'title'"):
        Guide.model_validate(data)
    data["sections"][1]["blocks"][0]["key"] = "Not A Key"
    with pytest.raises(ValidationError, match="String should match pattern"):
        Guide.model_validate(data)


def test_a_section_may_not_take_the_introduction_s_id():
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["sections"][0]["id"] = "introduction"
    with pytest.raises(ValidationError, match="section id 'introduction' is reserved"):
        Guide.model_validate(data)


# chunks -------------------------------------------------------------------------------


def test_the_english_chunks_are_the_introduction_then_each_section():
    parts = chunks(load_guide())
    assert [part.id for part in parts] == ["introduction", *SECTION_IDS]
    introduction, helps, *_ = parts
    assert introduction.heading is None
    assert introduction.anchor == ""
    assert introduction.text == load_guide().introduction[0].content[0].text  # type: ignore[union-attr]
    assert helps.heading == "How Acupuncture Helps with Back Pain"
    assert helps.anchor == "#how-acupuncture-helps-with-back-pain"
    assert helps.url is None
    assert helps.text.splitlines()[:3] == [
        "How Acupuncture Helps with Back Pain",
        "",
        (
            "Acupuncture involves inserting thin, sterile needles at specific points on the "
            "body. These points correspond to pathways known as meridians, which influence "
            "the flow of energy (or qi) and affect various bodily functions."
        ),
    ]
    assert "• Calming the nervous system to decrease muscle tension and spasms" in helps.text
    assert helps.markdown.startswith("## How Acupuncture Helps with Back Pain\n\n")
    assert "- Calming the nervous system to decrease muscle tension and spasms" in helps.markdown
    assert (helps.author, helps.published.isoformat(), helps.reviewed) == (
        "Sheila Woodford",
        "2025-05-31",
        True,
    )
    assert helps.disclaimer == labels(load_guide()).disclaimer
    assert (helps.translation_notice, helps.review_notice) == (None, None)


def test_arabic_chunks_carry_direction_review_status_and_the_arabic_disclaimer():
    guide = load_guide(locale="ar")
    safety = chunks(guide, base_url=BASE)[4]
    assert safety == Chunk(
        id="safety-and-side-effects",
        guide="acupuncture-for-back-pain",
        locale="ar",
        text_direction="rtl",
        title=guide.title,
        heading="السلامة والآثار الجانبية",
        text=(
            "السلامة والآثار الجانبية\n\n"
            "يُعدّ الوخز بالإبر آمنًا بشكل عام عند إجرائه على يد معالج مرخَّص. والآثار "
            "الجانبية نادرة، لكنها قد تشمل كدمات طفيفة أو ألمًا خفيفًا في مواضع الإبر."
        ),
        markdown=(
            "## السلامة والآثار الجانبية\n\n"
            "يُعدّ الوخز بالإبر آمنًا بشكل عام عند إجرائه على يد معالج مرخَّص. والآثار "
            "الجانبية نادرة، لكنها قد تشمل كدمات طفيفة أو ألمًا خفيفًا في مواضع الإبر."
        ),
        anchor="#safety-and-side-effects",
        url=f"{BASE}acupuncture-for-back-pain/ar/#safety-and-side-effects",
        fingerprint=safety.fingerprint,
        author="Sheila Woodford",
        published=guide.published,
        source_locale="en",
        reviewed=False,
        disclaimer=labels(guide).disclaimer,
        translation_notice=labels(guide).translation_notice,
        review_notice=labels(guide).review_notice,
    )


def test_chinese_chunk_text_and_url():
    part = chunks(load_guide(locale="zh-Hans"), base_url=BASE)[2]
    assert part.heading == "可治疗的腰背痛类型"
    assert part.text.startswith(
        "可治疗的腰背痛类型\n\n针灸可能对不同类型的腰背痛有效，包括：\n\n• 慢性腰痛（下背痛）"
    )
    assert part.url == f"{BASE}acupuncture-for-back-pain/zh-Hans/#types-of-back-pain-treated"


def test_the_anchors_match_the_ids_the_html_page_writes():
    page = render(load_guide(locale="hi"), "html")
    for part in chunks(load_guide(locale="hi"))[1:]:
        assert f'id="{part.anchor[1:]}"' in page


def test_a_chunk_fingerprint_follows_a_documented_recipe():
    guide = load_guide(locale="ja")
    section = guide.sections[2]
    content = {
        "guide": guide.slug,
        "locale": guide.locale,
        "id": section.id,
        "heading": section.heading,
        "blocks": [block.model_dump(mode="json", exclude={"key"}) for block in section.blocks],
    }
    # A list's items lose their keys too: only what the chunk says is hashed.
    for block in content["blocks"]:
        for item in block.get("items", ()):
            del item["key"]
    assert chunks(guide)[3].fingerprint == hashlib.sha256(canonical_json(content)).hexdigest()


def test_a_chunk_fingerprint_changes_only_when_that_chunk_changes():
    before = chunks(load_guide())
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["sections"][3]["blocks"][0]["content"][0]["text"] = "Acupuncture is safe."
    after = chunks(Guide.model_validate(data))
    changed = [
        old.id for old, new in zip(before, after, strict=True) if old.fingerprint != new.fingerprint
    ]
    assert changed == ["safety-and-side-effects"]


def test_a_chunk_fingerprint_ignores_what_the_chunk_does_not_say():
    before = chunks(load_guide(locale="de"))
    data = load_guide(locale="de").model_dump(mode="json")
    del data["fingerprint"]
    # Keys (derived), the title, the byline and the translation record are not part
    # of any section's text: no chunk changes.
    data["sections"][1]["blocks"][0]["key"] = "types-of-back-pain-treated/p7"
    data["title"] = "Ein anderer Titel"
    data["reading_time_minutes"] = 9
    data["translation"] = {**data["translation"], "reviewed": True, "coverage": 0.5}
    after = chunks(Guide.model_validate(data))
    assert [part.fingerprint for part in after] == [part.fingerprint for part in before]
    # A heading is what the chunk says: it changes that chunk alone.
    data["sections"][0]["heading"] = "Wie Akupunktur hilft"
    changed = chunks(Guide.model_validate(data))
    assert [
        old.id
        for old, new in zip(before, changed, strict=True)
        if old.fingerprint != new.fingerprint
    ] == ["how-acupuncture-helps-with-back-pain"]


def test_chunks_reject_a_bad_base_url_and_a_non_guide():
    with pytest.raises(
        ValueError, match=r"chunks\(\) argument 'base_url' must be None or an absolute http"
    ):
        chunks(load_guide(), base_url="clinic.example/")
    with pytest.raises(TypeError, match=r"chunks\(\) needs a Guide"):
        chunks("guide")  # type: ignore[arg-type]


def test_chunk_and_locale_info_are_in_the_json_schema_docs():
    for model in (Chunk, LocaleInfo, Labels):
        schema = model.model_json_schema()
        assert all("description" in field for field in schema["properties"].values()), model
