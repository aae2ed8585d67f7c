"""Markdown output: CommonMark round trips give back exactly the content's text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from acupuncture_content import Guide, load_guide, render
from acupuncture_content.renderers.markdown import escape_markdown
from helpers import guide_with_text, valid_text

PARSER = MarkdownIt("commonmark")

PUNCTUATION_HEAVY = st.text(
    alphabet="*_`[]<>&#!\\-+=.()1 :;~|{}\"'a", min_size=1, max_size=30
).filter(lambda text: text.strip())


def _inline_text(tokens) -> str:
    parts = []
    for token in tokens:
        if token.type == "text":
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append("\n")
        else:
            # Any other token (html_inline, link, image, code) means syntax leaked.
            parts.append(f"<{token.type}>")
    return "".join(parts)


def _section_texts(markdown: str) -> tuple[str, str, str]:
    tokens = PARSER.parse(markdown)
    types = [token.type for token in tokens]
    assert "html_block" not in types and "code_block" not in types and "fence" not in types
    inlines = [token for token in tokens if token.type == "inline"]
    # title, byline, intro paragraph, then section 1: heading, paragraph, list item
    heading, paragraph, item = inlines[3], inlines[4], inlines[5]
    return (
        _inline_text(heading.children),
        _inline_text(paragraph.children),
        _inline_text(item.children),
    )


@settings(max_examples=300, deadline=None)
@given(text=valid_text)
def test_any_text_survives_a_commonmark_round_trip(text):
    heading, paragraph, item = _section_texts(render(guide_with_text(text), "markdown"))
    assert heading == text
    assert paragraph == text
    assert item == text


@settings(max_examples=300, deadline=None)
@given(text=PUNCTUATION_HEAVY)
def test_markdown_syntax_characters_survive_a_round_trip(text):
    heading, paragraph, item = _section_texts(render(guide_with_text(text), "markdown"))
    assert (heading, paragraph, item) == (text, text, text)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<https://evil.example>",
        "[x](javascript:alert(1))",
        "![img](https://evil.example/x.png)",
        "&lt;b&gt; &#60; &amp;",
        "    four spaces of code",
        "# not a heading",
        "- not a list",
        "1. not a list",
        "---",
        "--",
        "- -",
        "-- x",
        "```fence",
        "> not a quote",
        "trailing backslash \\",
        "x <!-- comment -->",
    ],
)
def test_injection_strings_stay_text(text):
    assert _section_texts(render(guide_with_text(text), "markdown")) == (text, text, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pain-relieving", "pain-relieving"),
        ("30-60 minutes", "30-60 minutes"),
        ("(or qi)", "(or qi)"),
        ("Is Acupuncture Right for You?", "Is Acupuncture Right for You?"),
        ("a*b", "a\\*b"),
        ("<b>", "\\<b>"),
        ("AT&T", "AT&T"),
        ("&amp;", "\\&amp;"),
        ("C:\\path", "C:\\path"),
    ],
)
def test_only_syntax_is_escaped(text, expected):
    assert escape_markdown(text) == expected


def test_english_markdown_reads_like_the_seed():
    markdown = render(load_guide(), "markdown")
    lines = markdown.splitlines()
    assert lines[0] == "# Acupuncture for Back Pain: How It Works and What to Expect"
    assert lines[2] == "Sheila Woodford · May 31, 2025 · 2 min read"
    assert "A typical acupuncture session lasts about 30-60 minutes." in markdown
    assert "- Sciatica" in lines
    assert "\\" not in markdown


def test_heading_offset_adds_hashes():
    lines = render(load_guide(), "markdown", heading_offset=2).splitlines()
    assert lines[0].startswith("### Acupuncture")
    assert "#### Safety and Side Effects" in lines


def test_markdown_rejects_html_options():
    with pytest.raises(TypeError, match="unknown render option 'id_prefix' for format 'markdown'"):
        render(load_guide(), "markdown", id_prefix="x")


def test_inline_markup_round_trips_structurally(fixture_guide_source):
    from helpers import guide_from_source

    guide = guide_from_source(fixture_guide_source, "inline-markup-guide.md")
    markdown = render(guide, "markdown")
    again = guide_from_source(
        fixture_guide_source.split("+++\n", 2)[0]
        + "+++\n"
        + fixture_guide_source.split("+++\n", 2)[1]
        + "+++\n"
        + _body(markdown),
        "inline-markup-guide.md",
    )
    assert again.introduction == guide.introduction
    assert again.sections == guide.sections
    assert again.title == guide.title


def _body(markdown: str) -> str:
    """Drop the byline and disclaimer blocks the renderer adds around the content."""
    blocks = markdown.split("\n\n")
    return "\n\n".join([blocks[0], *blocks[2:-1]]) + "\n"


_SMALL = st.text(alphabet=st.sampled_from(list("ab *_[]\\<>&#!:.-`~é字")), min_size=1, max_size=6)
_INLINES = st.recursive(
    st.builds(lambda text: {"type": "text", "text": text}, _SMALL),
    lambda children: st.one_of(
        st.builds(
            lambda c: {"type": "emphasis", "children": c},
            st.lists(children, min_size=1, max_size=3),
        ),
        st.builds(
            lambda c: {"type": "strong", "children": c}, st.lists(children, min_size=1, max_size=3)
        ),
        st.builds(
            lambda c: {"type": "link", "href": "https://example.org/a_(b)", "children": c},
            st.lists(
                st.builds(lambda text: {"type": "text", "text": text}, _SMALL),
                min_size=1,
                max_size=2,
            ),
        ),
    ),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(content=st.lists(_INLINES, min_size=1, max_size=4))
def test_any_inline_markup_keeps_its_text_through_commonmark(content):
    from pydantic import ValidationError

    from acupuncture_content.models import plain_text

    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["introduction"] = [{"type": "paragraph", "content": content}]
    try:
        guide = Guide.model_validate(data)
    except ValidationError:  # e.g. whitespace-only content
        return
    tokens = PARSER.parse(render(guide, "markdown"))
    intro = [token for token in tokens if token.type == "inline"][2]
    allowed = {
        "text",
        "em_open",
        "em_close",
        "strong_open",
        "strong_close",
        "link_open",
        "link_close",
    }
    assert {child.type for child in intro.children} <= allowed
    text = "".join(child.content for child in intro.children if child.type == "text")
    assert text == plain_text(guide.introduction[0].content)


def test_ambiguous_nested_emphasis_keeps_its_text_and_drops_only_markup():
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    colon = {"type": "text", "text": ":"}
    nested = {
        "type": "emphasis",
        "children": [{"type": "emphasis", "children": [{"type": "emphasis", "children": [colon]}]}],
    }
    data["introduction"] = [{"type": "paragraph", "content": [nested]}]
    markdown = render(Guide.model_validate(data), "markdown")
    intro = [token for token in PARSER.parse(markdown) if token.type == "inline"][2]
    assert "".join(child.content for child in intro.children if child.type == "text") == ":"


def test_a_subclass_inline_rule_is_used_as_written(fixture_guide_source):
    from acupuncture_content.renderers import MarkdownRenderer
    from helpers import guide_from_source

    class MarkedLinks(MarkdownRenderer):
        def render_link(self, link):
            return super().render_link(link) + " (external)"

    guide = guide_from_source(fixture_guide_source, "inline-markup-guide.md")
    markdown = MarkedLinks().render(guide)
    assert "[link to *WHO*](<https://www.who.int/health-topics>) (external)" in markdown
    assert "**strong**" in markdown
