"""Every validation rule rejects bad input with an error naming the field path."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from acupuncture_content import Guide, Link, Text, load_guide


def _valid() -> dict[str, Any]:
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    return data


def _error_of(data: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate(data)
    return caught.value


_TAGS = {"paragraph", "bullet_list", "text", "emphasis", "strong", "link"}


def _locations(error: ValidationError) -> list[tuple[int | str, ...]]:
    """Error paths without the discriminator tags pydantic adds after list indexes."""
    paths = []
    for item in error.errors():
        location = item["loc"]
        paths.append(
            tuple(
                part
                for index, part in enumerate(location)
                if not (part in _TAGS and index and isinstance(location[index - 1], int))
            )
        )
    return paths


def _edit(path: tuple[int | str, ...], value: object) -> dict[str, Any]:
    data = _valid()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


FIRST_TEXT = ("sections", 0, "blocks", 0, "content", 0, "text")


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (FIRST_TEXT, "", "at least 1 character"),
        (
            ("sections", 0, "blocks", 0, "content"),
            [{"type": "text", "text": "   "}],
            "non-whitespace",
        ),
        (FIRST_TEXT, "bell \x07 here", "control character U+0007"),
        (FIRST_TEXT, "line\nbreak", "control character U+000A"),
        (FIRST_TEXT, "c1 \x85 control", "control character U+0085"),
        (FIRST_TEXT, "separator \u2028", "line or paragraph separator U+2028"),
        (("title",), " \t ", "empty or whitespace"),
        (("title",), "tab\tin title", "control character U+0009"),
        (("sections", 0, "heading"), "", "empty or whitespace"),
        (("author", "name"), "  ", "empty or whitespace"),
        (("sections", 0, "id"), "Not-Lowercase", "String should match pattern"),
        (("sections", 0, "id"), "-leading-hyphen", "String should match pattern"),
        (("sections", 0, "id"), "has space", "String should match pattern"),
        (("slug",), "Bad Slug", "String should match pattern"),
        (("reading_time_minutes",), 0, "greater than or equal to 1"),
        (("reading_time_minutes",), "2", "valid integer"),
        (("text_direction",), "rtl", "does not match locale 'en'"),
        (("locale",), "xx", "not a known BCP 47 locale tag"),
        (("locale",), "en_US", "canonical BCP 47 form; write 'en-US'"),
        (("locale",), "pt-br", "canonical BCP 47 form; write 'pt-BR'"),
        (("source_locale",), "<script>", "not a known BCP 47 locale tag"),
        (("published",), "31 May 2025", "valid date"),
    ],
)
def test_bad_field_values_are_rejected_with_their_path(path, value, message):
    error = _error_of(_edit(path, value))
    assert message in str(error)
    assert any(location[: len(path)] == path for location in _locations(error)) or any(
        location == path[:-1] for location in _locations(error)
    ), _locations(error)


def test_unknown_block_type_is_rejected():
    error = _error_of(_edit(("sections", 0, "blocks", 0), {"type": "table", "rows": []}))
    assert "does not match any of the expected tags" in str(error)
    assert _locations(error)[0][:4] == ("sections", 0, "blocks", 0)


def test_unknown_inline_type_is_rejected():
    data = _edit(("sections", 0, "blocks", 0, "content", 0), {"type": "image", "src": "x.png"})
    assert "'image'" in str(_error_of(data))


@pytest.mark.parametrize("where", [(), ("sections", 0), ("sections", 0, "blocks", 0)])
def test_unknown_fields_are_rejected(where):
    data = _valid()
    target: Any = data
    for key in where:
        target = target[key]
    target["onclick"] = "alert(1)"
    error = _error_of(data)
    assert "Extra inputs are not permitted" in str(error)
    assert (*where, "onclick") in _locations(error)


def test_duplicate_section_ids_are_rejected():
    data = _valid()
    data["sections"][1]["id"] = data["sections"][0]["id"]
    assert "duplicate section id 'how-acupuncture-helps-with-back-pain'" in str(_error_of(data))


def test_stale_fingerprint_is_rejected_and_omitted_one_is_computed():
    guide = load_guide()
    data = guide.model_dump()
    data["title"] = "Edited title"
    assert "does not match the content" in str(_error_of(data))
    del data["fingerprint"]
    assert Guide.model_validate(data).fingerprint != guide.fingerprint
    assert Guide.model_validate(_valid()).fingerprint == guide.fingerprint


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "%6Aavascript:alert(1)",
        "%256Aavascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "//evil.example/path",
        "/relative/path",
        "relative.html",
        "https:no-host",
        "https://",
        "mailto:",
        "",
        "https://exa mple.org/",
    ],
)
def test_unsafe_or_relative_hrefs_are_rejected(href):
    with pytest.raises(ValidationError) as caught:
        Link(href=href, children=(Text(text="x"),))
    assert caught.value.errors()[0]["loc"] == ("href",)


@pytest.mark.parametrize(
    "href",
    [
        "https://www.nhs.uk/conditions/back-pain/",
        "HTTP://EXAMPLE.ORG",
        "http://example.com/a_(b)?q=1&r=2#frag",
        "mailto:care@example.org",
    ],
)
def test_web_and_mail_hrefs_are_accepted(href):
    assert Link(href=href, children=(Text(text="x"),)).href == href


def test_links_cannot_nest():
    inner = {
        "type": "link",
        "href": "https://a.example/",
        "children": [{"type": "text", "text": "a"}],
    }
    data = _edit(
        ("sections", 0, "blocks", 0, "content"),
        [{"type": "link", "href": "https://b.example/", "children": [inner]}],
    )
    assert "must not contain another link" in str(_error_of(data))


def test_inline_nesting_is_bounded():
    node: dict[str, Any] = {"type": "text", "text": "deep"}
    for _ in range(40):
        node = {"type": "emphasis", "children": [node]}
    data = _edit(("sections", 0, "blocks", 0, "content"), [node])
    assert "must not nest more than 16 levels" in str(_error_of(data))


def test_sequences_are_tuples_and_lists_are_accepted_on_input():
    guide = Guide.model_validate(copy.deepcopy(_valid()))
    assert isinstance(guide.sections, tuple)
    assert isinstance(guide.sections[0].blocks[0].content, tuple)  # type: ignore[union-attr]
