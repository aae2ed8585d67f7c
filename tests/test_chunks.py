"""``chunks()``: the guide cut for search indexes and chatbots, with exact values.

One chunk for the introduction and one per section, each carrying its text, Markdown,
anchor, URL, attribution and notices; and a fingerprint per chunk that changes when,
and only when, what that chunk says changes.
"""

from __future__ import annotations

import hashlib

import pytest

from acupuncture_content import Chunk, Guide, chunks, labels, load_guide, render
from acupuncture_content._fingerprint import canonical_json

BASE = "https://clinic.example/guides/"


SECTION_IDS = [
    "how-acupuncture-helps-with-back-pain",
    "types-of-back-pain-treated",
    "what-to-expect-during-treatment",
    "safety-and-side-effects",
    "is-acupuncture-right-for-you",
]


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
