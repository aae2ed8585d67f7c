"""The clinic's phone-number recipe, end to end (issue 20, point 3; docs/embedding.md).

A clinic adds a closing paragraph, "Call us on <a tel: link>", with
``Guide.model_copy``; every format shows the number and its link, before the
disclaimer, and the chunks carry it too.
"""

from __future__ import annotations

import html5lib
import pytest
from markdown_it import MarkdownIt

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

NS = "{http://www.w3.org/1999/xhtml}"
PHONE = "tel:+1-555-0100"
BASE = "https://clinic.example/guides/"
#: Left-to-right isolate ... pop: the number keeps its order in a right-to-left page.
ISOLATED = "\u2066+1 555 0100\u2069"


def _clinic(locale: str, words: tuple[str, str], number: str = "+1 555 0100") -> Guide:
    guide = load_guide(locale=locale)
    call_us = Paragraph(
        content=[
            Text(text=words[0]),
            Link(href=PHONE, children=[Text(text=number)]),
            Text(text=words[1]),
        ]
    )
    last = guide.sections[-1]
    return guide.model_copy(
        update={
            "title": "Acupuncture at Riverside Clinic",
            "sections": (
                *guide.sections[:-1],
                last.model_copy(update={"blocks": (*last.blocks, call_us)}),
            ),
        }
    )


@pytest.fixture(scope="module")
def clinic() -> Guide:
    return _clinic("en", ("Call us on ", " to book a session."))


def test_html_links_the_number_in_the_last_section_before_the_disclaimer(clinic):
    page = render(clinic, "html", full_document=True)
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page)
    sections = document.findall(f".//{NS}article/{NS}section")
    closing = sections[-1].findall(f"{NS}p")[-1]
    assert "".join(closing.itertext()) == "Call us on +1 555 0100 to book a session."
    (link,) = closing.findall(f"{NS}a")
    assert link.get("href") == PHONE
    assert "".join(link.itertext()) == "+1 555 0100"
    fragment = render(clinic, "html")
    assert fragment.index(f'<a href="{PHONE}"') < fragment.index('<aside class="disclaimer"')
    assert '<a href="tel:+1-555-0100"' in fragment
    assert "</a> to book a session.</p>\n</section>\n<footer>" in fragment


def test_markdown_keeps_the_link_for_any_commonmark_reader(clinic):
    markdown = render(clinic, "markdown")
    line = "Call us on [+1 555 0100](<tel:+1-555-0100>) to book a session."
    assert f"\n\n{line}\n\n---\n\n**{labels(clinic).disclaimer_label}**\n\n" in markdown
    tokens = MarkdownIt("commonmark").parseInline(line)[0].children
    assert [token.attrs.get("href") for token in tokens if token.type == "link_open"] == [PHONE]


def test_text_shows_the_number_and_the_link(clinic):
    text = render(clinic, "text", width=None)
    line = "Call us on +1 555 0100 <tel:+1-555-0100> to book a session."
    assert text.index(line) < text.index(labels(clinic).disclaimer_label)
    assert f"{line}\n\n" in text


def test_the_last_chunk_carries_the_number_and_only_it_changes(clinic):
    original = chunks(load_guide(), base_url=BASE)
    edited = chunks(clinic, base_url=BASE)
    last = edited[-1]
    assert last.text.endswith("\n\nCall us on +1 555 0100 <tel:+1-555-0100> to book a session.")
    assert last.markdown.endswith(
        "\n\nCall us on [+1 555 0100](<tel:+1-555-0100>) to book a session."
    )
    assert last.url == f"{BASE}acupuncture-for-back-pain/en/#{last.id}"
    assert last.disclaimer == labels(clinic).disclaimer
    assert last.fingerprint != original[-1].fingerprint
    assert [chunk.fingerprint for chunk in edited[:-1]] == [
        chunk.fingerprint for chunk in original[:-1]
    ]


def test_the_edited_guide_round_trips_through_json(clinic):
    assert Guide.model_validate_json(render(clinic, "json")) == clinic


def test_a_right_to_left_page_keeps_the_number_in_order():
    clinic = _clinic("ar", ("اتصل بنا على ", "."), number=ISOLATED)
    fragment = render(clinic, "html")
    assert f'<a href="{PHONE}" rel="noopener noreferrer">{ISOLATED}</a>.</p>' in fragment
    assert f"[{ISOLATED}](<{PHONE}>)" in render(clinic, "markdown")
    assert f"اتصل بنا على {ISOLATED} " in render(clinic, "text", width=None)
    assert ISOLATED in chunks(clinic)[-1].text


@pytest.mark.parametrize(
    "href", ["tel:555-0100", "tel:+1 555 0100", "tel:+1-555-0100;phone-context=x", "tel:"]
)
def test_a_number_that_is_not_global_is_refused_at_the_copy(href):
    guide = load_guide()
    last = guide.sections[-1]
    paragraph = Paragraph.model_construct(
        type="paragraph",
        key=None,
        content=(Link.model_construct(type="link", href=href, children=(Text(text="x"),)),),
    )
    with pytest.raises(ValueError, match="tel:"):
        guide.model_copy(
            update={
                "sections": (
                    *guide.sections[:-1],
                    last.model_copy(update={"blocks": (*last.blocks, paragraph)}),
                )
            }
        )
