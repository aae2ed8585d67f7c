"""Nothing in content can become markup or script, in any output format."""

from __future__ import annotations

import json
import re

import html5lib
import pytest
from hypothesis import given, settings
from markdown_it import MarkdownIt

from acupuncture_content import render
from acupuncture_content._bidi import isolate
from acupuncture_content._width import display_width
from helpers import valid_text
from hostile import CORPUS, HOSTILE_HREFS, accepted, guide_with

NS = "{http://www.w3.org/1999/xhtml}"
#: Every element the HTML renderer may emit, and every attribute.
ELEMENTS = {
    "html",
    "head",
    "meta",
    "title",
    "script",
    "body",
    "main",
    "article",
    "header",
    "footer",
    "aside",
    "bdi",
    "nav",
    "link",
    "style",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "span",
    "time",
    "ul",
    "li",
    "em",
    "strong",
    "a",
}
ATTRIBUTES = {
    "lang",
    "dir",
    "charset",
    "name",
    "content",
    "type",
    "class",
    "datetime",
    "id",
    "aria-labelledby",
    "href",
    "rel",
    "role",
    "aria-label",
    "aria-current",
    "hreflang",
}
#: markdown-it-py with raw HTML enabled (as the CommonMark preset is): what content may produce.
MARKDOWN = MarkdownIt("commonmark", {"html": True})
MARKDOWN_TOKENS = {
    "hr",
    "heading_open",
    "heading_close",
    "paragraph_open",
    "paragraph_close",
    "inline",
    "bullet_list_open",
    "bullet_list_close",
    "list_item_open",
    "list_item_close",
}
INLINE_TOKENS = {
    "text",
    "em_open",
    "em_close",
    "strong_open",
    "strong_close",
    "link_open",
    "link_close",
}

STRINGS = [text for text in CORPUS if accepted(text)]


def _text(element) -> str:
    return "".join(element.itertext())


def _check_html(guide, markup: str, *, document: bool) -> None:
    if document:
        root = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(markup)
    else:
        root = html5lib.parseFragment(markup, namespaceHTMLElements=True)
    elements = list(root.iter()) if document else [e for child in root for e in child.iter()]
    for element in elements:
        assert element.tag.removeprefix(NS) in ELEMENTS, element.tag
        assert set(element.attrib) <= ATTRIBUTES, element.attrib
    scripts = [element for element in elements if element.tag == f"{NS}script"]
    assert len(scripts) == (1 if document else 0)
    if document:
        assert scripts[0].get("type") == "application/ld+json"
        data = json.loads(_text(scripts[0]))
        assert data["name"] == guide.title
        assert data["author"]["name"] == guide.author.name
        assert _text(root.find(f".//{NS}title")) == guide.title
    headings = [e for e in elements if e.tag in {f"{NS}h1", f"{NS}h2"}]
    assert [_text(h) for h in headings] == [guide.title] + [s.heading for s in guide.sections]
    assert _text(next(e for e in elements if e.get("class") == "author")) == guide.author.name
    links = [e for e in elements if e.tag == f"{NS}a"]
    assert [link.get("href") for link in links] == [guide.introduction[0].content[6].href]
    assert all(
        link.get("rel") == "noopener noreferrer"
        for link in links
        if link.get("href").startswith("http")
    )
    items = [e for e in elements if e.tag == f"{NS}li"]
    assert [_text(item) for item in items] == [
        s.blocks[1].items[0].content[0].text for s in guide.sections
    ]


def _inline_text(children) -> str:
    return "".join(child.content for child in children if child.type == "text")


def _check_markdown(guide, markdown: str) -> None:
    tokens = MARKDOWN.parse(markdown)
    assert {token.type for token in tokens} <= MARKDOWN_TOKENS
    inlines = [token for token in tokens if token.type == "inline"]
    for token in inlines:
        assert {child.type for child in token.children} <= INLINE_TOKENS, [
            c.type for c in token.children
        ]
    links = [child for token in inlines for child in token.children if child.type == "link_open"]
    assert len(links) == 1
    title, byline, intro, *rest = inlines
    text = guide.title
    assert _inline_text(title.children) == text
    author = isolate(guide.author.name, guide.text_direction)  # FSI..PDI if it runs the other way
    assert _inline_text(byline.children).startswith(author + " · ")
    assert _inline_text(intro.children) == f"{text} {text} {text} {text}"
    headings = rest[0:-2:3]  # each section: heading, paragraph, item; then label, disclaimer
    assert [_inline_text(h.children) for h in headings] == [s.heading for s in guide.sections]


def _check_text(guide, output: str, width: int) -> None:
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", output)
    for line in output.splitlines():
        overflowing = display_width(line) > width
        assert not overflowing or len(line.strip().removeprefix("• ").split(" ")) == 1, line
    squeezed = re.sub(r"\s+", "", output)
    assert re.sub(r"\s+", "", guide.title) in squeezed


@pytest.mark.parametrize("text", STRINGS)
def test_hostile_strings_stay_text_in_every_format(text):
    guide = guide_with(text)
    _check_html(guide, render(guide, "html"), document=False)
    _check_html(guide, render(guide, "html", full_document=True), document=True)
    _check_markdown(guide, render(guide, "markdown"))
    _check_text(guide, render(guide, "text", width=40), 40)


@pytest.mark.parametrize("href", HOSTILE_HREFS)
def test_hostile_hrefs_stay_one_attribute(href):
    guide = guide_with("Read more", href)
    _check_html(guide, render(guide, "html", full_document=True), document=True)
    _check_markdown(guide, render(guide, "markdown"))


@settings(max_examples=150, deadline=None)
@given(text=valid_text)
def test_any_text_in_every_field_stays_text_in_every_format(text):
    guide = guide_with(text)
    _check_html(guide, render(guide, "html"), document=False)
    _check_html(guide, render(guide, "html", full_document=True), document=True)
    _check_markdown(guide, render(guide, "markdown"))
    _check_text(guide, render(guide, "text", width=30), 30)
