"""HTML output: semantic structure, escaping, options, JSON-LD, subclassing."""

from __future__ import annotations

import json

import html5lib
import pytest

from acupuncture_content import load_guide, render
from acupuncture_content.renderers import HtmlRenderer
from helpers import guide_from_body

NS = "{http://www.w3.org/1999/xhtml}"


def _parse_fragment(markup: str):
    return html5lib.parseFragment(markup, namespaceHTMLElements=True)


def _parse_document(markup: str):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(markup)


def _text(element) -> str:
    return "".join(element.itertext())


def test_english_fragment_structure():
    fragment = _parse_fragment(render(load_guide(), "html"))
    (article,) = list(fragment)
    assert article.tag == f"{NS}article"
    assert (article.get("lang"), article.get("dir")) == ("en", "ltr")
    h1s = article.findall(f".//{NS}h1")
    h2s = article.findall(f".//{NS}h2")
    assert [_text(h) for h in h1s] == ["Acupuncture for Back Pain: How It Works and What to Expect"]
    assert [h.get("id") for h in h2s] == [section.id for section in load_guide().sections]
    assert [_text(h) for h in h2s] == [section.heading for section in load_guide().sections]
    assert len(article.findall(f".//{NS}li")) == 9
    assert len(article.findall(f".//{NS}section")) == 5
    header = article.find(f"{NS}header")
    byline = header.find(f"{NS}p")
    assert _text(byline) == "Sheila Woodford · May 31, 2025 · 2 min read"
    assert byline.find(f".//{NS}time").get("datetime") == "2025-05-31"
    assert "not a substitute for professional medical advice" in _text(article.find(f"{NS}footer"))


def test_arabic_is_right_to_left_with_notices():
    fragment = _parse_fragment(render(load_guide(locale="ar"), "html"))
    article = next(iter(fragment))
    assert (article.get("lang"), article.get("dir")) == ("ar", "rtl")
    classes = [p.get("class") for p in article.find(f"{NS}header").findall(f"{NS}p")]
    assert classes == ["byline", "translation-notice", "review-notice"]


def test_full_document_is_valid_html5_with_json_ld():
    markup = render(load_guide(locale="pt-BR"), "html", full_document=True)
    assert markup.startswith("<!doctype html>\n")
    document = _parse_document(markup)  # strict: raises on any parse error
    assert (document.get("lang"), document.get("dir")) == ("pt-BR", "ltr")
    head = document.find(f"{NS}head")
    assert head.find(f"{NS}meta").get("charset") == "utf-8"
    assert _text(head.find(f"{NS}title")) == load_guide(locale="pt-BR").title
    main = document.find(f"{NS}body/{NS}main")
    assert main.find(f"{NS}article") is not None
    data = json.loads(_text(head.find(f"{NS}script")))
    assert data["@type"] == "MedicalWebPage"
    assert data["inLanguage"] == "pt-BR"
    assert data["author"] == {"@type": "Person", "name": "Sheila Woodford"}
    assert data["datePublished"] == "2025-05-31"
    assert data["timeRequired"] == "PT2M"
    assert data["translationOfWork"]["inLanguage"] == "en"
    assert "lastReviewed" not in data


HOSTILE = "</script><script>alert(1)</script><!-- & \"quotes\" 'single' <b>bold</b>"


def test_hostile_text_is_escaped_everywhere_including_json_ld():
    guide = guide_from_body(
        f"# Title {HOSTILE.replace('<', chr(92) + '<')}\n\n"
        'Para \\<img src=x onerror=alert(1)\\> and [link](https://example.org/?a="b"&c=<d>).\n'
    )
    markup = render(guide, "html", full_document=True)
    document = _parse_document(markup)
    assert document.findall(f".//{NS}img") == []
    assert len(document.findall(f".//{NS}script")) == 1
    assert document.findall(f".//{NS}b") == []
    script = document.find(f".//{NS}script")
    assert json.loads(_text(script))["name"] == guide.title
    assert "</script" not in _text(script) and "<!--" not in _text(script)
    assert _text(document.find(f".//{NS}h1")) == guide.title
    link = document.find(f".//{NS}a")
    assert link.get("href") == guide.introduction[0].content[1].href  # type: ignore[union-attr]
    assert link.get("rel") == "noopener noreferrer"


def test_heading_offset_and_id_prefix():
    fragment = _parse_fragment(render(load_guide(), "html", heading_offset=1, id_prefix="guide-"))
    article = next(iter(fragment))
    assert article.findall(f".//{NS}h1") == []
    assert len(article.findall(f".//{NS}h2")) == 1
    h3s = article.findall(f".//{NS}h3")
    assert len(h3s) == 5
    assert all(h.get("id").startswith("guide-") for h in h3s)
    sections = article.findall(f".//{NS}section")
    assert [s.get("aria-labelledby") for s in sections] == [h.get("id") for h in h3s]


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"heading_offset": 5},
            ValueError,
            "'heading_offset' must be an integer from 0 to 4, got 5",
        ),
        ({"heading_offset": -1}, ValueError, "'heading_offset'"),
        ({"heading_offset": True}, TypeError, "'heading_offset' must be int, not bool"),
        ({"heading_offset": "1"}, TypeError, "'heading_offset' must be int, not str"),
        ({"id_prefix": "1abc"}, ValueError, "'id_prefix' must be empty or a valid id start"),
        ({"id_prefix": "a b"}, ValueError, "'id_prefix'"),
        ({"id_prefix": '"><script>'}, ValueError, "'id_prefix'"),
        ({"id_prefix": None}, TypeError, "'id_prefix' must be str, not NoneType"),
        ({"full_document": 1}, TypeError, "'full_document' must be bool, not int"),
        ({"width": 80}, TypeError, "unknown render option 'width' for format 'html'"),
        ({"colour": "red"}, TypeError, "unknown render option 'colour'"),
    ],
)
def test_bad_options_are_rejected_by_name(options, error, message):
    with pytest.raises(error, match=message):
        render(load_guide(), "html", **options)


def test_unknown_format_names_the_choices():
    with pytest.raises(
        ValueError, match="unknown format 'pdf'; choose one of: html, markdown, text"
    ):
        render(load_guide(), "pdf")


def test_an_app_overrides_one_node_type_by_subclassing():
    class ClinicHtmlRenderer(HtmlRenderer):
        def render_bullet_list(self, bullet_list):
            return (
                super().render_bullet_list(bullet_list).replace("<ul>", '<ul class="checklist">', 1)
            )

    fragment = _parse_fragment(ClinicHtmlRenderer(id_prefix="g-").render(load_guide()))
    lists = next(iter(fragment)).findall(f".//{NS}ul")
    assert [element.get("class") for element in lists] == ["checklist", "checklist"]


def test_repeat_renders_are_cached_and_identical():
    guide = load_guide(locale="ko")
    first = render(guide, "html", heading_offset=2)
    assert render(guide, "html", heading_offset=2) is first
    assert render(guide, "html") != first


def test_an_app_can_replace_the_footer_with_the_public_labels_type():
    from acupuncture_content.renderers import Labels

    class ShortFooter(HtmlRenderer):
        def render_footer(self, guide, labels: Labels) -> str:
            assert isinstance(labels, Labels)
            return f'<footer><p class="disclaimer">{labels.disclaimer}</p><p>Clinic</p></footer>'

    fragment = _parse_fragment(ShortFooter().render(load_guide(locale="ko")))
    footer = next(iter(fragment)).find(f"{NS}footer")
    assert [_text(p) for p in footer.findall(f"{NS}p")][1] == "Clinic"


def test_json_schema_names_its_dialect():
    from acupuncture_content import Guide

    assert Guide.model_json_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_a_translation_from_another_language_gets_the_review_notice_only():
    from acupuncture_content import Guide

    data = load_guide(locale="de").model_dump(mode="json")
    del data["fingerprint"]
    data["source_locale"] = "fr"
    data["translation"]["source_locale"] = "fr"
    header = next(iter(_parse_fragment(render(Guide.model_validate(data), "html")))).find(
        f"{NS}header"
    )
    classes = [p.get("class") for p in header.findall(f"{NS}p")]
    assert classes == ["byline", "review-notice"]
