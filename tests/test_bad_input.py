"""Every bad input gets its documented exception, with a message naming the bad value."""

from __future__ import annotations

import re
from typing import Any

import babel
import pytest
from pydantic import ValidationError

from acupuncture_content import (
    ContentError,
    Guide,
    GuideNotFoundError,
    UnknownLocaleError,
    available_locales,
    changes,
    load_guide,
    render,
)

AVAILABLE = f"available locales: {', '.join(available_locales())}"
GUIDE = load_guide()

CASES: list[tuple[str, Any, type[Exception], str]] = [
    # Arguments of load_guide: the guide
    ("guide int", lambda: load_guide(1), TypeError, "guide must be a str slug, not int"),
    ("guide None", lambda: load_guide(None), TypeError, "guide must be a str slug, not NoneType"),
    (
        "guide unknown",
        lambda: load_guide("back-pain"),
        GuideNotFoundError,
        "unknown guide 'back-pain'; available guides: acupuncture-for-back-pain",
    ),
    ("guide empty", lambda: load_guide(""), GuideNotFoundError, "unknown guide ''"),
    (
        "guide given a locale",
        lambda: load_guide("de"),
        GuideNotFoundError,
        "acupuncture-for-back-pain; did you mean locale='de'?",
    ),
    (
        "guide 1 MB long",
        lambda: load_guide("x" * 1_000_000),
        GuideNotFoundError,
        f"unknown guide '{'x' * 97}...'; available guides: acupuncture-for-back-pain",
    ),
    # Arguments of load_guide: the locale
    (
        "locale int",
        lambda: load_guide(locale=1),
        TypeError,
        "locale must be a str or babel.Locale, not int",
    ),
    ("locale bytes", lambda: load_guide(locale=b"en"), TypeError, "not bytes"),
    ("locale list", lambda: load_guide(locale=["en"]), TypeError, "not list"),
    (
        "locale empty",
        lambda: load_guide(locale=""),
        UnknownLocaleError,
        f"'' is not a locale; {AVAILABLE}",
    ),
    (
        "locale junk",
        lambda: load_guide(locale="en-!!"),
        UnknownLocaleError,
        f"'en-!!' is not a locale; {AVAILABLE}",
    ),
    (
        "locale unknown language",
        lambda: load_guide(locale="xx"),
        UnknownLocaleError,
        "'xx' is not a locale",
    ),
    (
        "locale unserved",
        lambda: load_guide(locale="it", fallback=False),
        UnknownLocaleError,
        f"serves locale 'it'; {AVAILABLE}",
    ),
    (
        "locale other script",
        lambda: load_guide(locale="zh-Hant", fallback=False),
        UnknownLocaleError,
        "serves locale 'zh-Hant'",
    ),
    (
        "babel locale unserved",
        lambda: load_guide(locale=babel.Locale("nl"), fallback=False),
        UnknownLocaleError,
        "serves locale 'nl'",
    ),
    # Arguments of load_guide: the fallback flag
    (
        "fallback str",
        lambda: load_guide(fallback="yes"),
        TypeError,
        "fallback must be a bool, not str",
    ),
    ("fallback int", lambda: load_guide(fallback=0), TypeError, "fallback must be a bool, not int"),
    # available_locales
    (
        "available guide int",
        lambda: available_locales(3),
        TypeError,
        "guide must be a str slug, not int",
    ),
    (
        "available guide unknown",
        lambda: available_locales("x"),
        GuideNotFoundError,
        "unknown guide 'x'",
    ),
    # Arguments of render: the guide and the format
    (
        "render dict",
        lambda: render(GUIDE.model_dump()),
        TypeError,
        "render() needs a Guide, not dict",
    ),
    ("render None", lambda: render(None), TypeError, "render() needs a Guide, not NoneType"),
    ("format int", lambda: render(GUIDE, 1), TypeError, "format must be a str, not int"),
    (
        "format unknown",
        lambda: render(GUIDE, "pdf"),
        ValueError,
        "unknown format 'pdf'; choose one of: html, markdown, text",
    ),
    ("format case", lambda: render(GUIDE, "HTML"), ValueError, "unknown format 'HTML'"),
    (
        "format pdf",
        lambda: render(GUIDE, "pdf"),
        ValueError,
        "unknown format 'pdf'; choose one of: html, markdown, text, json",
    ),
    (
        "json options",
        lambda: render(GUIDE, "json", heading_offset=1),
        TypeError,
        "unknown render option 'heading_offset' for format 'json'; allowed: none",
    ),
    # render: option names
    (
        "option unknown",
        lambda: render(GUIDE, "html", colour="red"),
        TypeError,
        "unknown render option 'colour' for format 'html'; allowed: base_url, full_document, heading_offset, id_prefix, page_url, stylesheet",
    ),
    (
        "option of other format",
        lambda: render(GUIDE, "text", id_prefix="a"),
        TypeError,
        "unknown render option 'id_prefix' for format 'text'; allowed: heading_offset, width",
    ),
    (
        "option typo",
        lambda: render(GUIDE, "html", heading_ofset=1),
        TypeError,
        "unknown render option 'heading_ofset'",
    ),
    # render: option values
    (
        "heading_offset high",
        lambda: render(GUIDE, "html", heading_offset=5),
        ValueError,
        "render option 'heading_offset' must be an integer from 0 to 4, got 5",
    ),
    (
        "heading_offset negative",
        lambda: render(GUIDE, "markdown", heading_offset=-1),
        ValueError,
        "got -1",
    ),
    (
        "heading_offset bool",
        lambda: render(GUIDE, "text", heading_offset=True),
        TypeError,
        "render option 'heading_offset' must be int, not bool",
    ),
    (
        "heading_offset float",
        lambda: render(GUIDE, "html", heading_offset=1.0),
        TypeError,
        "must be int, not float",
    ),
    (
        "heading_offset str",
        lambda: render(GUIDE, "html", heading_offset="1"),
        TypeError,
        "must be int, not str",
    ),
    (
        "id_prefix digit",
        lambda: render(GUIDE, "html", id_prefix="1-"),
        ValueError,
        "render option 'id_prefix' must be empty or a valid id start",
    ),
    ("id_prefix space", lambda: render(GUIDE, "html", id_prefix="a b"), ValueError, "got 'a b'"),
    ("id_prefix quote", lambda: render(GUIDE, "html", id_prefix='a"'), ValueError, "got 'a\"'"),
    ("id_prefix unicode", lambda: render(GUIDE, "html", id_prefix="é"), ValueError, "'id_prefix'"),
    (
        "id_prefix of 100,000 characters",  # issue 17: bounded as ids are, at 100
        lambda: render(GUIDE, "html", id_prefix="a" * 100_000),
        ValueError,
        (
            "render option 'id_prefix' must be empty or a valid id start of at most 100 "
            "characters (a letter, then letters, digits, '-' or '_'), got 'aaaa"
        ),
    ),
    (
        "id_prefix of 101 characters",
        lambda: render(GUIDE, "html", id_prefix="a" * 101),
        ValueError,
        "must be empty or a valid id start of at most 100 characters",
    ),
    (
        "id_prefix list",
        lambda: render(GUIDE, "html", id_prefix=["a"]),
        TypeError,
        "render option 'id_prefix' must be str, not list",
    ),
    (
        "full_document int",
        lambda: render(GUIDE, "html", full_document=1),
        TypeError,
        "render option 'full_document' must be bool, not int",
    ),
    (
        "full_document str",
        lambda: render(GUIDE, "html", full_document="yes"),
        TypeError,
        "must be bool, not str",
    ),
    (
        "width small",
        lambda: render(GUIDE, "text", width=19),
        ValueError,
        "render option 'width' must be None or an integer from 20 to 1000, got 19",
    ),
    (
        "width 2**62",  # a rule of 2**62 dashes under the disclaimer: MemoryError
        lambda: render(GUIDE, "text", width=2**62),
        ValueError,
        "render option 'width' must be None or an integer from 20 to 1000, got 4611686018427387904",
    ),
    (
        "width 1001",
        lambda: render(GUIDE, "text", width=1001),
        ValueError,
        "render option 'width' must be None or an integer from 20 to 1000, got 1001",
    ),
    ("width zero", lambda: render(GUIDE, "text", width=0), ValueError, "got 0"),
    (
        "width float",
        lambda: render(GUIDE, "text", width=80.5),
        TypeError,
        "render option 'width' must be int or None, not float",
    ),
    (
        "width bool",
        lambda: render(GUIDE, "text", width=True),
        TypeError,
        "must be int or None, not bool",
    ),
    # Arguments of changes(): since must be a release; guide and locale as load_guide's
    (
        "since not a release",
        lambda: changes("0.2.5"),
        ValueError,
        "changes() argument 'since' must be a release, not '0.2.5'; known releases: 0.1.0,",
    ),
    (
        "since a development version",
        lambda: changes("0.4.0.dev0"),
        ValueError,
        "must be a release, not '0.4.0.dev0'; known releases:",
    ),
    (
        "since 1 MB long",
        lambda: changes("9" * 1_000_000),
        ValueError,
        f"must be a release, not '{'9' * 61}...'; known releases:",
    ),
    (
        "since None",
        lambda: changes(None),
        TypeError,
        "'since' must be a release version (a str), not NoneType",
    ),
    (
        "changes of an unknown guide",
        lambda: changes("0.2.0", guide="back-pain"),
        GuideNotFoundError,
        "unknown guide 'back-pain'",
    ),
    (
        "changes of an unserved locale",
        lambda: changes("0.2.0", locale="it"),
        UnknownLocaleError,
        f"serves locale 'it'; {AVAILABLE}",
    ),
    (
        "changes of a locale int",
        lambda: changes("0.2.0", locale=1),
        TypeError,
        "locale must be a str or babel.Locale, not int",
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "error", "message"), CASES, ids=[case[0] for case in CASES]
)
def test_bad_arguments(name, call, error, message):  # noqa: ARG001 - name is the test id
    with pytest.raises(error) as caught:
        call()
    assert message in str(caught.value)
    assert type(caught.value) is error or issubclass(type(caught.value), error)


def test_an_id_prefix_as_long_as_an_id_may_be_is_accepted():
    prefix = "g" + "-" * 99
    assert f'id="{prefix}how-acupuncture-helps-with-back-pain"' in render(
        GUIDE, "html", id_prefix=prefix
    )


def test_the_widest_width_is_accepted_and_spans_the_disclaimer_rule():
    lines = render(GUIDE, "text", width=1000).splitlines()
    assert "-" * 1000 in lines
    assert max(map(len, lines)) == 1000


def test_content_errors_are_also_the_python_error_kinds():
    assert isinstance(GuideNotFoundError("x"), LookupError)
    assert isinstance(UnknownLocaleError("x"), ValueError)
    assert isinstance(UnknownLocaleError("x"), ContentError)


def _data() -> dict[str, Any]:
    data = GUIDE.model_dump(mode="json")
    del data["fingerprint"]
    return data


def _set(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = _data()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


P = ("sections", 0, "blocks", 0, "content", 0)
MODEL_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "empty text",
        _set((*P, "text"), ""),
        "sections.0.blocks.0.paragraph.content.0.text.text",
        "String should have at least 1 character",
    ),
    (
        "whitespace content",
        _set(P[:-1], [{"type": "text", "text": " \u00a0 "}]),
        "sections.0.blocks.0.paragraph.content",
        "content must contain some non-whitespace text",
    ),
    (
        "control character",
        _set((*P, "text"), "a\x1bb"),
        "sections.0.blocks.0.paragraph.content.0.text.text",
        "control character U+001B at position 1 is not allowed in text",
    ),
    ("delete character", _set(("title",), "a\x7f"), "title", "control character U+007F"),
    (
        "paragraph separator",
        _set(("author", "name"), "a\u2029b"),
        "author.name",
        "line or paragraph separator U+2029 at position 1 is not allowed in text",
    ),
    (
        "blank title",
        _set(("title",), "   "),
        "title",
        (
            "text must contain a visible character (a letter, digit, punctuation mark or symbol), "
            "not only spaces or invisible characters"
        ),
    ),
    (
        "blank heading",
        _set(("sections", 2, "heading"), ""),
        "sections.2.heading",
        (
            "text must contain a visible character (a letter, digit, punctuation mark or symbol), "
            "not only spaces or invisible characters"
        ),
    ),
    (
        "unknown block",
        _set(("sections", 0, "blocks", 0, "type"), "quote"),
        "sections.0.blocks.0",
        "Input tag 'quote' found using 'type' does not match any of the expected tags: 'paragraph', 'bullet_list'",
    ),
    (
        "unknown inline",
        _set((*P, "type"), "code"),
        "sections.0.blocks.0.paragraph.content.0",
        "Input tag 'code' found using 'type' does not match any of the expected tags: 'text', 'emphasis', 'strong', 'link'",
    ),
    (
        "unknown field",
        _set(("sections", 0, "style"), "x"),
        "sections.0.style",
        "Extra inputs are not permitted",
    ),
    (
        "empty list",
        _set(("sections", 0, "blocks", 2, "items"), []),
        "sections.0.blocks.2.bullet_list.items",
        "Tuple should have at least 1 item",
    ),
    (
        "empty emphasis",
        _set(P, {"type": "emphasis", "children": []}),
        "sections.0.blocks.0.paragraph.content.0.emphasis.children",
        "Tuple should have at least 1 item",
    ),
    (
        "malformed id",
        _set(("sections", 0, "id"), "How_It_Works"),
        "sections.0.id",
        "String should match pattern '^[a-z0-9][a-z0-9-]*$'",
    ),
    (
        "duplicate id",
        _set(("sections", 4, "id"), "safety-and-side-effects"),
        "sections",
        "duplicate section id 'safety-and-side-effects'",
    ),
    (
        "javascript href",
        _set(
            P,
            {
                "type": "link",
                "href": "javascript:alert(1)",
                "children": [{"type": "text", "text": "x"}],
            },
        ),
        "sections.0.blocks.0.paragraph.content.0.link.href",
        "link href 'javascript:alert(1)' is not allowed: only absolute http:, https:, mailto:, tel: URLs are",
    ),
    (
        "protocol-relative href",
        _set(
            P,
            {"type": "link", "href": "//evil.example", "children": [{"type": "text", "text": "x"}]},
        ),
        "sections.0.blocks.0.paragraph.content.0.link.href",
        "is not allowed",
    ),
    (
        "nested link",
        _set(
            P,
            {
                "type": "link",
                "href": "https://a.example",
                "children": [
                    {
                        "type": "link",
                        "href": "https://b.example",
                        "children": [{"type": "text", "text": "x"}],
                    }
                ],
            },
        ),
        "sections.0.blocks.0.paragraph.content.0.link.children",
        "a link must not contain another link",
    ),
    (
        "bad locale",
        _set(("locale",), "english"),
        "locale",
        "'english' is not a known BCP 47 locale tag",
    ),
    (
        "posix locale",
        _set(("locale",), "pt_BR"),
        "locale",
        "locale tag 'pt_BR' is not in canonical BCP 47 form; write 'pt-BR'",
    ),
    (
        "lowercase locale",
        _set(("source_locale",), "zh-hans"),
        "source_locale",
        "locale tag 'zh-hans' is not in canonical BCP 47 form; write 'zh-Hans'",
    ),
    (
        "wrong direction",
        _set(("text_direction",), "rtl"),
        "",
        "text_direction 'rtl' does not match locale 'en', which is written 'ltr'",
    ),
    (
        "unknown direction",
        _set(("text_direction",), "ttb"),
        "text_direction",
        "Input should be 'ltr' or 'rtl'",
    ),
    (
        "zero minutes",
        _set(("reading_time_minutes",), 0),
        "reading_time_minutes",
        "Input should be greater than or equal to 1",
    ),
    (
        "float minutes",
        _set(("reading_time_minutes",), 2.0),
        "reading_time_minutes",
        "Input should be a valid integer",
    ),
    ("bad date", _set(("published",), "2025-02-30"), "published", "Input should be a valid date"),
    (
        "bad fingerprint",
        {**_data(), "fingerprint": "abc"},
        "fingerprint",
        "String should match pattern",
    ),
    ("stale fingerprint", {**_data(), "fingerprint": "0" * 64}, "", "does not match the content"),
    ("bad slug", _set(("slug",), "Back Pain"), "slug", "String should match pattern"),
    (
        "translation from elsewhere",
        {
            **_data(),
            "locale": "de",
            "translation": {"source_locale": "fr", "reviewed": False, "coverage": 1.0},
        },
        "",
        "translation.source_locale 'fr' must equal source_locale 'en'",
    ),
    (
        "translation of itself",
        {**_data(), "translation": {"source_locale": "en", "reviewed": False, "coverage": 1.0}},
        "",
        "a guide in its source locale 'en' is not a translation",
    ),
    (
        "missing title",
        {key: value for key, value in _data().items() if key != "title"},
        "title",
        "Field required",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "location", "message"), MODEL_CASES, ids=[case[0] for case in MODEL_CASES]
)
def test_bad_models_name_the_field_path(name, data, location, message):  # noqa: ARG001
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate(data)
    errors = caught.value.errors()
    locations = [".".join(str(part) for part in error["loc"]) for error in errors]
    assert location in locations, locations
    assert any(message in error["msg"] for error in errors), [error["msg"] for error in errors]
    assert re.search(re.escape(message), str(caught.value))
