"""The strict parser: supported Markdown becomes data, anything else a located error."""

from __future__ import annotations

import re

import pytest

from acupuncture_content import ContentError
from acupuncture_content._parse import section_id_from_heading
from helpers import FRONT_MATTER, guide_from_body, guide_from_source

FIRST_BODY_LINE = FRONT_MATTER.count("\n") + 1


def test_fixture_guide_with_inline_markup(fixture_guide_source):
    guide = guide_from_source(fixture_guide_source, "inline-markup-guide.md")
    assert guide.title == 'Inline Markup: 5 * 3 < 20 & "Quotes"'
    assert guide.author.name == "Ada <Tester> & Co"
    intro = guide.introduction[0].model_dump(mode="json")["content"]
    assert intro[0] == {"type": "text", "text": "Plain "}
    assert intro[1] == {"type": "emphasis", "children": [{"type": "text", "text": "emphasis"}]}
    assert intro[3] == {"type": "strong", "children": [{"type": "text", "text": "strong"}]}
    assert intro[5] == {
        "type": "emphasis",
        "children": [{"type": "strong", "children": [{"type": "text", "text": "both"}]}],
    }
    link = intro[7]
    assert link["type"] == "link"
    assert link["href"] == "https://www.who.int/health-topics"
    assert link["children"][1] == {
        "type": "emphasis",
        "children": [{"type": "text", "text": "WHO"}],
    }
    assert intro[9]["href"] == "https://example.org/auto"
    assert intro[11]["href"] == "mailto:care@example.org"
    # The soft line break is a space, and adjacent text is merged.
    assert intro[12] == {"type": "text", "text": ". A soft break joins lines."}
    first, second = guide.sections
    assert (first.id, second.id) == ("first-section", "second-section")
    escaped = first.blocks[0].model_dump(mode="json")["content"]
    assert escaped == [
        {
            "type": "text",
            "text": "Escaped *stars*, _underscores_, [brackets], `ticks`, & entities © and a back\\slash.",
        }
    ]
    items = first.blocks[1].model_dump(mode="json")["items"]
    assert items[1]["content"][1]["href"] == "http://example.com/a_(b)"
    assert (
        second.blocks[0]
        .model_dump(mode="json")["content"][0]["text"]
        .startswith("1. Not a list, # not")
    )


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("Intro first.\n\n# Title\n", 1, "must begin with its title"),
        ("# Title\n\n### Deep heading\n", 3, "not '###' headings"),
        ("# Title\n\n# Second title\n", 3, "not '#' headings"),
        ("# Title\n\n> quoted\n", 3, "block quotes are not supported"),
        ("# Title\n\n1. one\n2. two\n", 3, "ordered lists are not supported"),
        ("# Title\n\n    code\n", 3, "indented code blocks are not supported"),
        ("# Title\n\n```\ncode\n```\n", 3, "fenced code blocks are not supported"),
        ("# Title\n\n---\n", 3, "thematic breaks are not supported"),
        ("# Title\n\n<div>html</div>\n", 3, "raw HTML are not supported"),
        ("# Title\n\n- outer\n  - inner\n", 4, "must hold one paragraph only"),
        ("# Title\n\nSee <b>this</b>.\n", 3, "raw HTML are not supported"),
        ("# Title\n\n![alt](https://example.org/i.png)\n", 3, "images are not supported"),
        ("# Title\n\nUse `code`.\n", 3, "inline code are not supported"),
        ("# Title\n\nHard  \nbreak\n", 3, "hard line breaks are not supported"),
        ("# Title with *emphasis*\n", 1, "headings must be plain text"),
        ("# Title\n\n## Same\n\n## Same\n", 5, "duplicate section id 'same'"),
        ("# Title\n\n## ???\n", 3, "cannot derive a section id"),
    ],
)
def test_unsupported_markdown_is_an_error_with_file_and_line(body, line, message):
    with pytest.raises(ContentError, match=message) as caught:
        guide_from_body(body)
    assert str(caught.value).startswith(f"test-guide.md:{FIRST_BODY_LINE + line - 1}: ")


def test_link_reference_definitions_are_rejected():
    with pytest.raises(
        ContentError, match=r"link reference definitions are not supported \(\[REF\]\)"
    ):
        guide_from_body("# Title\n\nSee [x][ref].\n\n[ref]: https://example.org/\n")


def test_a_javascript_link_in_source_never_becomes_a_link():
    guide = guide_from_body("# Title\n\n[click](javascript:alert(1))\n")
    content = guide.introduction[0].model_dump(mode="json")["content"]
    assert content == [{"type": "text", "text": "[click](javascript:alert(1))"}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter\n", "must start with TOML front matter"),
        ("+++\nslug = 'x'\n", "front matter is not closed"),
        ("+++\nslug = \n+++\n# T\n", "invalid TOML front matter"),
        (
            "+++\nslug = 'x'\nauthor = 'A'\npublished = 2024-01-01\nsource_locale = 'en'\nextra = 1\n+++\n",
            "unknown front matter keys: extra",
        ),
        (
            "+++\nslug = 'x'\nauthor = 'A'\npublished = '2024-01-01'\nsource_locale = 'en'\n+++\n",
            "'published' must be a TOML date",
        ),
        (
            "+++\nslug = 'x'\nauthor = 'A'\npublished = 2024-01-01T10:00:00\nsource_locale = 'en'\n+++\n",
            "'published' must be a TOML date",
        ),
    ],
)
def test_bad_front_matter_is_an_error(text, message):
    with pytest.raises(ContentError, match=message):
        guide_from_source(text)


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("How Acupuncture Helps with Back Pain", "how-acupuncture-helps-with-back-pain"),
        ("Is Acupuncture Right for You?", "is-acupuncture-right-for-you"),
        ("Café & Crème: 30-60 Minutes", "cafe-creme-30-60-minutes"),
    ],
)
def test_section_ids_are_derived_from_english_headings(heading, expected):
    assert section_id_from_heading(heading) == expected


# Reading time --------------------------------------------------------------------------


def _with_front_matter(extra: str, body: str = "# Title\n\nText.\n") -> str:
    return FRONT_MATTER.replace('source_locale = "en"\n', f'source_locale = "en"\n{extra}\n') + body


def test_a_stated_reading_time_is_the_guide_s_whatever_its_length():
    body = "# Title\n\n" + "word " * 5000 + "\n"
    assert (
        guide_from_source(_with_front_matter("reading_time_minutes = 2", body)).reading_time_minutes
        == 2
    )


@pytest.mark.parametrize(
    ("words", "minutes"),
    [
        # Brysbaert (2019): adults read English non-fiction silently at 238 words a
        # minute; the title is one word here, so the body holds the rest.
        (1, 1),
        (238, 1),
        (239, 2),
        (476, 2),
        (477, 3),
    ],
)
def test_without_a_stated_time_english_is_counted_at_238_words_a_minute(words, minutes):
    body = "# Title\n\n" + "word " * (words - 1) + "\n" if words > 1 else "# Title\n"
    assert guide_from_body(body).reading_time_minutes == minutes


def test_the_count_is_of_words_a_reader_sees():
    # The title, 232 words, a link's two words (its address is not read), "x", "y" and
    # "30-60" (the dashes and emphasis markers are no words): 238, so one minute.
    body = (
        "# Title\n\n"
        + "word " * 232
        + "[a *link*](https://example.org/a/b/c) — *x* **y** — 30-60\n"
    )
    assert guide_from_body(body).reading_time_minutes == 1
    assert guide_from_body(body.replace("30-60", "30-60 more")).reading_time_minutes == 2


def test_a_guide_in_another_source_language_must_state_its_reading_time():
    text = FRONT_MATTER.replace('source_locale = "en"', 'source_locale = "de"') + "# Titel\n"
    with pytest.raises(ContentError, match=r"reading_time_minutes.*English.*'de'"):
        guide_from_source(text)
    stated = text.replace('source_locale = "de"', 'source_locale = "de"\nreading_time_minutes = 4')
    assert guide_from_source(stated).reading_time_minutes == 4


@pytest.mark.parametrize(
    ("value", "shown"),
    [("0", "0"), ("1001", "1001"), ("-1", "-1"), ("'2'", "'2'"), ("2.0", "2.0"), ("true", "True")],
)
def test_a_stated_reading_time_is_a_whole_number_of_minutes_from_1_to_1000(value, shown):
    message = (
        f"front matter 'reading_time_minutes' must be a whole number from 1 to 1,000, got {shown}"
    )
    with pytest.raises(ContentError, match=re.escape(message)):
        guide_from_source(_with_front_matter(f"reading_time_minutes = {value}"))
