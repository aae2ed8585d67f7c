"""HTML keeps any text exactly; nothing in text becomes an element or attribute."""

from __future__ import annotations

import html5lib
from hypothesis import given, settings

from acupuncture_content import render
from helpers import guide_with_text, valid_text

NS = "{http://www.w3.org/1999/xhtml}"


@settings(max_examples=300, deadline=None)
@given(text=valid_text)
def test_any_text_survives_html_rendering_and_parsing(text):
    fragment = html5lib.parseFragment(
        render(guide_with_text(text), "html"), namespaceHTMLElements=True
    )
    article = next(iter(fragment))
    section = article.find(f"{NS}section")
    heading = section.find(f"{NS}h2")
    paragraph = section.find(f"{NS}p")
    item = section.find(f"{NS}ul/{NS}li")
    assert "".join(heading.itertext()) == text
    assert "".join(paragraph.itertext()) == text
    assert "".join(item.itertext()) == text
    assert list(paragraph) == [] and list(item) == [] and list(heading) == []
