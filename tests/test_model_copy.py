"""``Guide.model_copy``: a clinic's edits give a validated guide, or fail at the copy.

Pydantic's own ``model_copy(update=...)`` skips validation and keeps the old
fingerprint, so an edited guide used to fail later, inside ``render()``,
``labels()`` or ``chunks()`` (a 500 in a request handler). Issue 20, point 2.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from acupuncture_content import (
    Guide,
    Link,
    Paragraph,
    Text,
    chunks,
    labels,
    load_guide,
    render,
)
from acupuncture_content._validated import is_validated

CLINIC_TITLE = "Acupuncture at Riverside Clinic"


def _closing(href: str = "https://riverside.example/book") -> Paragraph:
    return Paragraph(
        content=[Text(text="Book a visit "), Link(href=href, children=[Text(text="online")])]
    )


def _with_closing(guide: Guide, paragraph: Paragraph) -> Guide:
    last = guide.sections[-1]
    return guide.model_copy(
        update={
            "sections": (
                *guide.sections[:-1],
                last.model_copy(update={"blocks": (*last.blocks, paragraph)}),
            )
        }
    )


@pytest.mark.parametrize("locale", ["en", "de", "ar"])
def test_a_new_title_gives_a_validated_guide_with_its_own_fingerprint(locale):
    guide = load_guide(locale=locale)
    clinic = guide.model_copy(update={"title": CLINIC_TITLE})
    assert clinic.title == CLINIC_TITLE
    assert is_validated(clinic)
    assert clinic.fingerprint == clinic.compute_fingerprint()
    assert clinic.fingerprint != guide.fingerprint
    # Everything that failed before works, and shows the new title.
    assert f">{CLINIC_TITLE}</h1>" in render(clinic, "html")
    assert render(clinic, "text").startswith(f"{CLINIC_TITLE}\n")
    assert labels(clinic) == labels(guide)
    assert {chunk.title for chunk in chunks(clinic)} == {CLINIC_TITLE}
    # The original is untouched, and its cached render is its own.
    assert guide.title != CLINIC_TITLE
    assert CLINIC_TITLE not in render(guide, "html")


def test_a_copy_equals_its_validated_data():
    clinic = load_guide().model_copy(update={"title": CLINIC_TITLE})
    data = load_guide().model_dump()
    data["title"] = CLINIC_TITLE
    del data["fingerprint"]
    assert clinic == Guide.model_validate(data)


@pytest.mark.parametrize("deep", [False, True])
def test_a_copy_without_update_is_equal_and_trusted(deep):
    guide = load_guide(locale="fr")
    copied = guide.model_copy(deep=deep)
    assert copied == guide
    assert copied is not guide
    assert is_validated(copied)
    assert render(copied, "markdown") == render(guide, "markdown")


def test_a_deep_copy_with_update_shares_no_section_with_the_original():
    guide = load_guide()
    copied = guide.model_copy(update={"title": CLINIC_TITLE}, deep=True)
    assert copied.sections == guide.sections
    assert all(a is not b for a, b in zip(copied.sections, guide.sections, strict=True))


@pytest.mark.parametrize(
    ("update", "location"),
    [
        ({"title": "   "}, ("title",)),
        ({"titel": CLINIC_TITLE}, ("titel",)),
        ({"reading_time_minutes": 0}, ("reading_time_minutes",)),
        ({"text_direction": "rtl"}, ()),
        ({"fingerprint": "0" * 64}, ()),
    ],
)
def test_a_bad_update_raises_at_the_copy_naming_the_field(update, location):
    with pytest.raises(ValidationError) as caught:
        load_guide().model_copy(update=update)
    assert caught.value.errors()[0]["loc"] == location


def test_a_javascript_link_in_an_added_paragraph_raises_at_the_copy():
    guide = load_guide()
    # Made without validation (model_construct), as an app might build it in a hurry.
    evil = Paragraph.model_construct(
        type="paragraph",
        key=None,
        content=(Link.model_construct(type="link", href="javascript:alert(1)", children=()),),
    )
    with pytest.raises(ValidationError) as caught:
        _with_closing(guide, evil)
    assert caught.value.errors()[0]["loc"][:3] == ("sections", len(guide.sections) - 1, "blocks")
    assert caught.value.errors()[0]["loc"][-1] == "href"


def test_a_matching_fingerprint_in_the_update_is_accepted():
    guide = load_guide()
    assert guide.model_copy(update={"fingerprint": guide.fingerprint}) == guide


def test_a_guide_built_without_validation_is_validated_by_its_copy():
    guide = load_guide()
    broken = Guide.model_construct(**{**guide.__dict__, "title": "Edited"})
    with pytest.raises(ValidationError, match="fingerprint"):
        broken.model_copy()  # its fingerprint is the original's
    fixed = broken.model_copy(update={"fingerprint": ""})
    assert fixed.title == "Edited"
    assert is_validated(fixed)


def test_a_closing_paragraph_stays_before_the_disclaimer_in_every_format():
    guide = load_guide()
    clinic = _with_closing(guide, _closing())
    last = clinic.sections[-1]
    # The key is derived from the position, as the catalogs number segments.
    paragraphs = [block for block in last.blocks if block.type == "paragraph"]
    assert paragraphs[-1].key == f"{last.id}/p{len(paragraphs)}"
    disclaimer_label = labels(clinic).disclaimer_label
    for format_name, added, disclaimer in (
        ("html", '<p>Book a visit <a href="https://riverside.example/book"', 'class="disclaimer"'),
        ("markdown", "Book a visit [online](<https://riverside.example/book>)", disclaimer_label),
        ("text", "Book a visit online <https://riverside.example/book>", disclaimer_label),
    ):
        output = render(clinic, format_name)
        assert output.count(disclaimer) == 1, format_name
        assert output.index(last.heading) < output.index(added), format_name
        assert output.index(added) < output.index(disclaimer), format_name
    assert chunks(clinic)[-1].text.endswith(
        "\n\nBook a visit online <https://riverside.example/book>"
    )
    assert chunks(clinic)[-1].fingerprint != chunks(guide)[-1].fingerprint
    assert chunks(clinic)[0] == chunks(guide)[0]
