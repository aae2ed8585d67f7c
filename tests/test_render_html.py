"""HTML output: semantic structure, escaping, options, JSON-LD, subclassing."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import html5lib
import pytest
from hypothesis import given, settings

from acupuncture_content import (
    Guide,
    __version__,
    available_locales,
    changes,
    load_guide,
    locale_info,
    render,
    stylesheet,
)
from acupuncture_content._history import history
from acupuncture_content.renderers import HtmlRenderer
from helpers import guide_from_body, guide_with_text, partial_guide, valid_text

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


def test_arabic_is_right_to_left_with_notices_set_apart_as_a_note():
    fragment = _parse_fragment(render(load_guide(locale="ar"), "html"))
    article = next(iter(fragment))
    assert (article.get("lang"), article.get("dir")) == ("ar", "rtl")
    header = article.find(f"{NS}header")
    assert [p.get("class") for p in header.findall(f"{NS}p")] == ["byline"]
    notices = header.find(f"{NS}aside")
    assert (notices.get("class"), notices.get("role")) == ("notices", "note")
    assert [p.get("class") for p in notices.findall(f"{NS}p")] == [
        "translation-notice",
        "review-notice",
    ]
    assert _text(notices.find(f"{NS}p[@class='review-notice']")) == (
        "لم يراجع هذه الترجمةَ مترجمٌ طبي مؤهَّل."
    )


def test_the_disclaimer_is_a_note_in_the_footer():
    footer = next(iter(_parse_fragment(render(load_guide(), "html")))).find(f"{NS}footer")
    aside = footer.find(f"{NS}aside")
    assert (aside.get("class"), aside.get("role")) == ("disclaimer", "note")
    assert _text(aside).strip().startswith("This guide is general information only")


def test_the_latin_author_name_is_isolated_in_an_arabic_byline_only():
    arabic = render(load_guide(locale="ar"), "html")
    assert '<span class="author"><bdi>Sheila Woodford</bdi></span>' in arabic
    assert '<time datetime="2025-05-31">31 مايو 2025</time>' in arabic  # same direction: as is
    english = render(load_guide(), "html")
    assert '<span class="author">Sheila Woodford</span>' in english
    assert "<bdi>" not in english


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
    assert data["timeRequired"] == "PT2M"  # the author's "2 min read", in every locale
    assert data["translationOfWork"] == {"@type": "MedicalWebPage", "inLanguage": "en"}
    assert data["about"] == [
        {"@type": "MedicalCondition", "name": "Back pain"},
        {"@type": "MedicalTherapy", "name": "Acupuncture"},
    ]
    assert data["audience"] == {"@type": "Patient"}
    assert data["isAccessibleForFree"] is True
    assert "url" not in data
    assert "lastReviewed" not in data and "reviewedBy" not in data


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
        ({"stylesheet": False}, ValueError, "'stylesheet' needs full_document=True"),
        ({"base_url": "https://example.org/"}, ValueError, "'base_url' needs full_document=True"),
        (
            {"full_document": True, "base_url": "https://example.org/guides"},
            ValueError,
            "'base_url' must be None or an absolute http\\(s\\) URL ending in '/'",
        ),
        ({"full_document": True, "base_url": "/guides/"}, ValueError, "'base_url'"),
        ({"full_document": True, "base_url": "javascript:alert(1)//"}, ValueError, "'base_url'"),
        (
            {"full_document": True, "base_url": "https://example.org/?q=1/"},
            ValueError,
            "'base_url'",
        ),
        ({"full_document": True, "base_url": "https://example.org/#x/"}, ValueError, "'base_url'"),
        # Characters that are syntax in Markdown link destinations, HTML or XML: the
        # publisher percent-encodes them (llms.txt embeds the URL in Markdown).
        *(
            ({"full_document": True, "base_url": url}, ValueError, "percent|-._~")
            for url in (
                "https://clinic.example/)[Click-me](https://evil.example/)<img/src=x>(/",
                "https://clinic.example/a b/",
                "https://clinic.example/(guides)/",
                "https://clinic.example/[x]/",
                "https://clinic.example/'x'/",
                'https://clinic.example/"x"/',
                "https://clinic.example/<x>/",
                "https://clinic.example/a\\b/",
                "https://[::1]/",
            )
        ),
        ({"full_document": True, "base_url": b"https://example.org/"}, TypeError, "'base_url'"),
        ({"width": 80}, TypeError, "unknown render option 'width' for format 'html'"),
        ({"colour": "red"}, TypeError, "unknown render option 'colour'"),
    ],
)
def test_bad_options_are_rejected_by_name(options, error, message):
    with pytest.raises(error, match=message):
        render(load_guide(), "html", **options)


def test_unknown_format_names_the_choices():
    with pytest.raises(
        ValueError, match="unknown format 'pdf'; choose one of: html, markdown, text, json"
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
    classes = [p.get("class") for p in header.findall(f".//{NS}p")]
    assert classes == ["byline", "review-notice"]


def _head_and_body(markup: str):
    document = _parse_document(markup)
    return document.find(f"{NS}head"), document.find(f"{NS}body")


def test_full_document_embeds_the_stylesheet_and_describes_itself():
    guide = load_guide(locale="ja")
    head, _ = _head_and_body(render(guide, "html", full_document=True))
    assert _text(head.find(f"{NS}style")).strip() == stylesheet().strip()
    metas = {meta.get("name"): meta.get("content") for meta in head.findall(f"{NS}meta")}
    assert metas["color-scheme"] == "light dark"
    assert metas["description"] == guide.introduction[0].content[0].text  # type: ignore[union-attr]
    assert head.findall(f"{NS}link") == []  # no base_url: no canonical, no alternates
    bare, body = _head_and_body(render(guide, "html", full_document=True, stylesheet=False))
    assert bare.find(f"{NS}style") is None
    assert body.find(f"{NS}nav") is None


BASE = "https://clinic.example/guides/"


def test_base_url_adds_canonical_alternates_and_a_language_switcher():
    guide = load_guide(locale="de")
    head, body = _head_and_body(render(guide, "html", full_document=True, base_url=BASE))
    links = head.findall(f"{NS}link")
    canonical = [link.get("href") for link in links if link.get("rel") == "canonical"]
    assert canonical == [f"{BASE}acupuncture-for-back-pain/de/"]
    alternates = {
        link.get("hreflang"): link.get("href") for link in links if link.get("rel") == "alternate"
    }
    assert set(alternates) == {*available_locales(), "x-default"}
    assert alternates["pt-BR"] == f"{BASE}acupuncture-for-back-pain/pt-BR/"
    assert alternates["x-default"] == f"{BASE}acupuncture-for-back-pain/en/"
    nav = body.find(f"{NS}nav")
    assert (nav.get("class"), nav.get("aria-label")) == ("language-switcher", "Sprachen")
    anchors = nav.findall(f".//{NS}a")
    assert [(a.get("hreflang"), a.get("lang"), _text(a)) for a in anchors] == [
        (info.tag, info.tag, info.name) for info in locale_info()
    ]
    current = [a for a in anchors if a.get("aria-current") == "page"]
    assert [a.get("hreflang") for a in current] == ["de"]
    arabic = next(a for a in anchors if a.get("hreflang") == "ar")
    assert arabic.get("dir") == "rtl"  # Arabic inside a German page is isolated
    data = json.loads(_text(head.find(f"{NS}script")))
    assert data["url"] == f"{BASE}acupuncture-for-back-pain/de/"
    assert data["translationOfWork"]["url"] == f"{BASE}acupuncture-for-back-pain/en/"


def test_a_guide_an_app_builds_itself_gets_a_page_without_switcher():
    guide = guide_from_body("# My own guide\n\nSome text.\n")
    head, body = _head_and_body(render(guide, "html", full_document=True, base_url=BASE))
    assert body.find(f"{NS}nav") is None
    assert [link.get("rel") for link in head.findall(f"{NS}link")] == ["canonical"]
    data = json.loads(_text(head.find(f"{NS}script")))
    assert data["about"] == [{"@type": "Thing", "name": "My own guide"}]


VOCABULARY = json.loads(
    (Path(__file__).parent / "data" / "schemaorg-30.0-vocab.json").read_text("utf-8")
)


def _supertypes(name: str) -> set[str]:
    found = {name}
    for parent in VOCABULARY["types"].get(name, {}).get("sub_of", []):
        found |= _supertypes(parent)
    return found


def _check_schema_org(node: object, path: str = "$") -> list[str]:
    """Every @type exists and every property exists, is current and allowed on its type."""
    problems = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            problems += _check_schema_org(item, f"{path}[{index}]")
    elif isinstance(node, dict):
        kind = node.get("@type")
        if kind not in VOCABULARY["types"]:
            problems.append(f"{path}: unknown type {kind!r}")
            return problems
        allowed = _supertypes(kind)
        for name, value in node.items():
            if name.startswith("@"):
                continue
            term = VOCABULARY["properties"].get(name)
            if term is None:
                problems.append(f"{path}.{name}: not a schema.org property")
            elif term.get("superseded_by"):
                problems.append(f"{path}.{name}: superseded by {term['superseded_by']}")
            elif not allowed & set(term["domain"]):
                problems.append(f"{path}.{name}: not allowed on {kind}")
            problems += _check_schema_org(value, f"{path}.{name}")
    return problems


@pytest.mark.parametrize("locale", ["en", "ar", "zh-Hans"])
@pytest.mark.parametrize("base_url", [None, BASE])
def test_json_ld_uses_only_current_schema_org_terms_on_types_that_allow_them(locale, base_url):
    head, _ = _head_and_body(
        render(load_guide(locale=locale), "html", full_document=True, base_url=base_url)
    )
    data = json.loads(_text(head.find(f"{NS}script")))
    assert data["@context"] == "https://schema.org"
    required = {
        "name",
        "inLanguage",
        "author",
        "datePublished",
        "about",
        "audience",
        "isAccessibleForFree",
    }
    assert required <= set(data)
    if locale != "en":
        assert data["translationOfWork"]["inLanguage"] == "en"
    assert _check_schema_org(data) == []


def _json_ld_of(guide, **options) -> dict:
    head, _ = _head_and_body(render(guide, "html", full_document=True, **options))
    return json.loads(_text(head.find(f"{NS}script")))


@pytest.mark.parametrize("locale", available_locales())
def test_json_ld_dates_the_page_by_the_release_history_and_names_the_version(locale):
    # dateModified: the date of the release in which this locale's content last
    # changed, when the history knows it. A development build with unreleased changes
    # in the locale does not know it (it is not released), so it says nothing.
    data = _json_ld_of(load_guide(locale=locale))
    assert data["version"] == __version__
    dates = [change.date for change in changes(history().versions()[0], locale=locale)]
    if None in dates:
        assert "dateModified" not in data
    else:
        first = history().releases[0].date
        assert data["dateModified"] == max(dates, default=first).isoformat()


@pytest.mark.skipif(
    "0.4.0" in history().versions(), reason="0.4.0 is released: its pages have a date"
)
def test_this_development_build_dates_no_page_since_every_locale_has_unreleased_changes():
    for locale in available_locales():
        assert "dateModified" not in _json_ld_of(load_guide(locale=locale)), locale


def test_a_release_build_dates_each_page_by_the_release_that_last_changed_it(as_release):
    # This round's work (every locale's labels: the disclaimer's label) is 0.4.0's once
    # that is released, else the first made-up release's; 9.1.0 changes nothing.
    released = "0.4.0" in history().versions()
    made = history().release("0.4.0").date if released else datetime.date(2099, 1, 31)
    as_release(("9.0.0", datetime.date(2099, 1, 31)), ("9.1.0", datetime.date(2099, 3, 1)))
    for locale, base_url in (("en", None), ("ar", BASE), ("zh-Hans", BASE)):
        data = _json_ld_of(load_guide(locale=locale), base_url=base_url)
        assert (data["dateModified"], data["version"]) == (made.isoformat(), "9.1.0")
        assert data["dateModified"] >= data["datePublished"]
        assert _check_schema_org(data) == []


def test_a_guide_an_app_changed_or_made_gets_no_date_but_the_version(as_release):
    as_release(("9.0.0", datetime.date(2099, 1, 31)))
    data = load_guide(locale="de").model_dump(mode="json", exclude={"fingerprint"})
    edited = Guide.model_validate({**data, "title": "Akupunktur im Rücken"})
    for guide in (edited, guide_from_body("# My own guide\n\nSome text.\n")):
        data = _json_ld_of(guide)
        assert "dateModified" not in data
        assert data["version"] == "9.0.0"


def test_the_vocabulary_check_catches_misused_terms():
    assert _check_schema_org({"@type": "MedicalWebPage", "nonsense": 1}) == [
        "$.nonsense: not a schema.org property"
    ]
    assert _check_schema_org({"@type": "Patient", "datePublished": "2025"}) == [
        "$.datePublished: not allowed on Patient"
    ]
    assert _check_schema_org({"@type": "Unicorn"}) == ["$: unknown type 'Unicorn'"]


@pytest.mark.parametrize(("locale", "direction"), [("de", None), ("ar", "ltr")])
def test_segments_in_the_source_language_carry_its_lang_and_direction(locale, direction):
    missing = {"title", "safety-and-side-effects/p1"}
    fragment = _parse_fragment(render(partial_guide(locale, missing), "html"))
    article = next(iter(fragment))
    title = article.find(f".//{NS}h1")
    assert (title.get("lang"), title.get("dir")) == ("en", direction)
    assert set(title.attrib) == {"lang", "dir"} - ({"dir"} if direction is None else set())
    english = [p for p in article.findall(f".//{NS}p") if p.get("lang") == "en"]
    assert [_text(p)[:30] for p in english] == ["Acupuncture is generally safe "]
    assert english[0].get("dir") == direction
    translated = [p for p in article.findall(f".//{NS}p") if p.get("lang") is None]
    assert len(translated) > 3  # the rest inherits the article's lang


def test_the_html_options_on_the_command_line(capsys):
    from acupuncture_content.cli import main

    assert main(["render", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    for text in (
        "--id-prefix PREFIX put before every id the HTML has, to avoid clashes in a host page",
        "--full-document a complete HTML page, not a fragment [html]",
        "--no-stylesheet with --full-document: leave out the embedded stylesheet [html]",
    ):
        assert text in help_text


def test_the_html_export_files_are_the_export_layout_s():
    exports = [(file.name, file.format_id, dict(file.options)) for file in HtmlRenderer.exports]
    assert exports == [
        ("guide.html", "html-fragment", {}),
        ("index.html", "html-document", {"full_document": True}),
    ]


def test_parts_joined_outside_a_render_get_an_undetermined_language():
    fragment = _parse_fragment(HtmlRenderer().join(["<p>one</p>", "", "<p>two</p>"]))
    (article,) = list(fragment)
    assert dict(article.attrib) == {"class": "guide", "lang": "und", "dir": "auto"}
    assert [_text(p) for p in article] == ["one", "two"]


def test_a_page_context_bound_with_the_guide_is_the_one_the_page_uses():
    """Export binds each page to its place in the site ("../../"): links are relative."""
    from acupuncture_content._page_layout import PageLayout
    from acupuncture_content._pages import page_context

    guide = load_guide(locale="de")
    renderer = HtmlRenderer(full_document=True)
    page = page_context(guide, PageLayout("../../"))
    html = renderer.bound(guide, page=page).render_guide(guide)
    assert '<a href="../../acupuncture-for-back-pain/en/" hreflang="en" lang="en">' in html
    assert '<link rel="canonical"' not in html  # relative: no canonical link
    assert 'class="language-switcher"' not in renderer.render(guide)  # unbound: no site


# HTML keeps any text exactly: nothing in text becomes an element or attribute.


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
