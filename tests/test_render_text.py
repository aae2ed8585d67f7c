"""Plain-text output: underlined headings, bullets, wrapping by display width."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acupuncture_content import available_locales, load_guide, render
from acupuncture_content._width import display_width, wrap
from helpers import guide_with_text, valid_text


def test_english_text_layout():
    lines = render(load_guide(), "text").splitlines()
    assert lines[0] == "Acupuncture for Back Pain: How It Works and What to Expect"
    assert lines[1] == "=" * len(lines[0])
    assert lines[3] == "Sheila Woodford · May 31, 2025 · 2 min read"
    assert "How Acupuncture Helps with Back Pain" in lines
    heading_index = lines.index("How Acupuncture Helps with Back Pain")
    assert lines[heading_index + 1] == "-" * len("How Acupuncture Helps with Back Pain")
    assert "• Sciatica" in lines
    assert "• Stimulating the release of endorphins and other natural pain-relieving" in lines
    assert "  chemicals" in lines


@pytest.mark.parametrize("locale", available_locales())
@pytest.mark.parametrize("width", [20, 33, 80])
def test_no_line_is_wider_than_width_in_any_locale(locale, width):
    for line in render(load_guide(locale=locale), "text", width=width).splitlines():
        # A single unbreakable word ("Behandlungsmöglichkeiten,") may overflow a narrow width.
        fits = display_width(line) <= width
        assert fits or len(line.strip().removeprefix("• ").split()) == 1, line


def test_no_wrapping_keeps_each_paragraph_on_one_line():
    text = render(load_guide(), "text", width=None)
    assert any(
        line.startswith("A typical acupuncture session") and line.endswith("during treatment.")
        for line in text.splitlines()
    )


def test_wide_characters_count_two_columns():
    assert display_width("鍼治療") == 6
    assert display_width("e\u0301") == 1  # combining acute accent
    assert display_width("한국어") == 6
    assert wrap("鍼治療は安全です。", 10) == ["鍼治療は安", "全です。"]


def test_closing_punctuation_never_starts_a_line():
    for line in wrap("一二三四五。六七八九十、一二三四五", 10)[1:]:
        assert line[0] not in "。、"


def test_korean_wraps_at_spaces():
    assert wrap("침 치료는 일반적으로 안전합니다", 12) == ["침 치료는", "일반적으로", "안전합니다"]


def test_long_unbreakable_token_is_kept_whole():
    url = "https://example.org/" + "x" * 50
    assert wrap(f"see {url} now", 30) == ["see", url, "now"]


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"width": 19}, ValueError, "'width' must be None or an integer from 20 to 1000, got 19"),
        (
            {"width": 1001},
            ValueError,
            "'width' must be None or an integer from 20 to 1000, got 1001",
        ),
        ({"width": 80.0}, TypeError, "'width' must be int or None, not float"),
        ({"width": False}, TypeError, "'width' must be int or None, not bool"),
        (
            {"full_document": True},
            TypeError,
            "unknown render option 'full_document' for format 'text'",
        ),
    ],
)
def test_bad_text_options(options, error, message):
    with pytest.raises(error, match=message):
        render(load_guide(), "text", **options)


def test_heading_offset_changes_underline_characters():
    lines = render(load_guide(), "text", heading_offset=1).splitlines()
    assert set(lines[1]) == {"-"}
    assert "~" * len("Safety and Side Effects") in lines


@settings(max_examples=200, deadline=None)
@given(text=valid_text, width=st.integers(min_value=20, max_value=100))
def test_property_lines_fit_unless_a_token_is_too_long(text, width):
    output = render(guide_with_text(text), "text", width=width)
    assert all(ord(ch) >= 32 or ch == "\n" for ch in output)
    for line in output.splitlines():
        if display_width(line) > width:
            # Only a single unbreakable token (after any indent/bullet) may overflow.
            assert len(line.strip().removeprefix("• ").split()) == 1, line


def test_no_break_spaces_never_become_line_breaks():
    text = "mal de dos\u00a0: comment elle agit " * 4
    for line in wrap(text, 24):
        assert not line.startswith(":")
    assert "\u00a0:" in "\n".join(wrap(text, 24))


@settings(max_examples=300, deadline=None)
@given(
    text=valid_text,
    width=st.integers(min_value=20, max_value=60),
    bullet=st.booleans(),
)
def test_fill_is_wrap_joined(text, width, bullet):
    from acupuncture_content._width import fill

    indent, hanging = ("• ", "  ") if bullet else ("", "")
    assert fill(text, width, indent=indent, hanging=hanging) == "\n".join(
        wrap(text, width, indent=indent, hanging=hanging)
    )


def test_every_heading_level_has_its_underline():
    lines = render(load_guide(), "text", heading_offset=4).splitlines()
    title = "Acupuncture for Back Pain: How It Works and What to Expect"
    assert lines[:2] == [title, '"' * len(title)]  # level 5
    assert "'" * len("Safety and Side Effects") in lines  # level 6, the deepest


def test_the_text_options_on_the_command_line(capsys):
    from acupuncture_content.cli import main

    assert main(["render", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert (
        "--width N wrap lines at this many display columns, 20 to 1000 (default: 80) [text]"
        in help_text
    )
    assert "--no-wrap do not wrap lines (width None) [text]" in help_text


def test_the_text_export_file_is_the_export_layout_s():
    from acupuncture_content.renderers import TextRenderer

    exports = [(file.name, file.format_id, dict(file.options)) for file in TextRenderer.exports]
    assert exports == [("guide.txt", "text", {})]


def _with_link(locale: str, text: str, href: str):
    from acupuncture_content import Guide

    data = load_guide(locale=locale).model_dump(mode="json")
    del data["fingerprint"]
    link = {"type": "link", "href": href, "children": [{"type": "text", "text": text}]}
    data["introduction"][0]["content"] = [{"type": "text", "text": "→ "}, link]
    return Guide.model_validate(data)


def test_a_url_in_right_to_left_text_is_isolated():
    output = render(_with_link("ar", "المزيد", "https://example.org/a"), "text", width=None)
    assert "→ المزيد \u2068<https://example.org/a>\u2069\n" in output
    output = render(_with_link("de", "mehr", "https://example.org/a"), "text", width=None)
    assert "→ mehr <https://example.org/a>\n" in output
    output = render(_with_link("ar", "https://example.org/a", "https://example.org/a"), "text")
    assert "→ https://example.org/a\n" in output  # a bare URL is written once


def test_a_link_rendered_outside_a_guide_is_left_to_right():
    from acupuncture_content import Link, Text
    from acupuncture_content.renderers import TextRenderer

    link = Link(href="https://example.org/", children=(Text(text="المزيد"),))
    assert TextRenderer().render_link(link) == "المزيد <https://example.org/>"


@pytest.mark.parametrize("width", [None, 20, 80])
def test_the_disclaimer_follows_a_rule_and_its_label(width):
    text = render(load_guide(), "text", width=width)
    rule = "-" * (width or 80)
    footer = text.split(f"\n\n{rule}\n", 1)[1]
    assert footer.startswith("Medical disclaimer\nThis guide is")
    assert " ".join(footer.split()) == (
        "Medical disclaimer This guide is general information only and is not a substitute "
        "for professional medical advice. Talk to a qualified health professional about "
        "your symptoms and treatment."
    )


def test_the_disclaimer_is_the_only_text_after_the_rule_in_every_locale():
    from acupuncture_content import labels

    for locale in available_locales():
        guide = load_guide(locale=locale)
        strings = labels(guide)
        text = render(guide, "text", width=None)
        assert text.endswith(f"\n\n{'-' * 80}\n{strings.disclaimer_label}\n{strings.disclaimer}\n")
