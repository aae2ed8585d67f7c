"""The models: every validation rule rejects bad input with an error naming the field path.

Also: untrusted guide JSON is validated in linear time, model instances nested in it
are validated like dicts, segment keys are derived and unique, the characters that
would break an output are refused in every text field, and ``Guide.model_copy`` gives a
validated guide with its own fingerprint or fails at the copy.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from pydantic import ValidationError, model_validator

from acupuncture_content import Guide, Link, Text, chunks, labels, load_guide, render
from acupuncture_content._text_rules import first_forbidden
from acupuncture_content._urls import check_href
from acupuncture_content._validated import is_validated
from acupuncture_content.models import MAX_INLINE_DEPTH, Author, Paragraph, Section, plain_text


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
        (("title",), " \t ", "must contain a visible character"),
        (("title",), "tab\tin title", "control character U+0009"),
        (("sections", 0, "heading"), "", "must contain a visible character"),
        (("author", "name"), "  ", "must contain a visible character"),
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
        # The scheme must be written plainly: a browser or an HTML consumer decodes
        # these into https:, a check of the raw text would not.
        "&#104;ttps://example.org/",
        "&#x68;ttps://example.org/",
        "%68ttps://example.org/",
        "h%74tps://example.org/",
        "%2568ttps://example.org/",
        "&#109;ailto:care@example.org",
        # Once decoded, a web URL names a host and a mailto: URL an address.
        "mailto:%20",
        "mailto:%00",
        "mailto:%20care@example.org",
        "mailto:&#32;care@example.org",
        "https://%20",
        "https://%20/path",
        "https://%00/",
        "https://exa%20mple.org/",
        "http://%09example.org/",
        "https://exa%0Ample.org/",
        "https://example.org%0D/",
        # The findings of issue 17: two hosts, userinfo, a host character browsers drop.
        "https://evil.example\\@good.example/",
        "https://user:pw@good.example/",
        "https://\u115fgood.example/",
        "mailto:care@example.org?subject=Back%20pain",
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
        "https://example.org/a%20b",
        "https://example.org/?q=&#32;",
        "https://bücher.example/",
        "tel:+1-555-0100",
    ],
)
def test_web_mail_and_phone_hrefs_are_accepted(href):
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


def _nested(depth: int, kinds: tuple[str, ...] = ("emphasis", "strong")) -> dict[str, Any]:
    """Inline markup ``depth`` levels deep, counting the text (plain text is 1 deep)."""
    node: dict[str, Any] = {"type": "text", "text": "deep"}
    for level in range(depth - 1):
        node = {"type": kinds[level % len(kinds)], "children": [node]}
    return node


@pytest.mark.parametrize(
    "content",
    [
        lambda depth: [_nested(depth)],
        lambda depth: [{"type": "text", "text": "flat "}, _nested(depth)],
        lambda depth: [_nested(depth), {"type": "text", "text": " flat"}],
        lambda depth: [_nested(2), _nested(depth), _nested(3)],
        lambda depth: [
            {"type": "link", "href": "https://example.org/", "children": [_nested(depth - 1)]}
        ],
    ],
)
def test_inline_nesting_of_16_levels_is_accepted_and_17_rejected(content):
    assert MAX_INLINE_DEPTH == 16
    accepted = _edit(("sections", 0, "blocks", 0, "content"), content(16))
    paragraph = Guide.model_validate(accepted).sections[0].blocks[0]
    assert (
        paragraph.content
        == Paragraph.model_validate(  # type: ignore[union-attr]
            {"type": "paragraph", "content": content(16)}
        ).content
    )
    rejected = _edit(("sections", 0, "blocks", 0, "content"), content(17))
    assert "must not nest more than 16 levels deep" in str(_error_of(rejected))
    item = {"type": "bullet_list", "items": [{"content": content(17)}]}
    assert "must not nest more than 16" in str(_error_of(_edit(("sections", 0, "blocks", 0), item)))


def test_link_text_nesting_is_bounded_on_its_own():
    link = {"type": "link", "href": "https://example.org/", "children": [_nested(16)]}
    assert Link.model_validate(link).children[0].type == "emphasis"
    with pytest.raises(ValidationError, match="must not nest more than 16 levels"):
        Link.model_validate({**link, "children": [_nested(17)]})


SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]


@pytest.mark.parametrize("surrogate", SURROGATES)
def test_lone_surrogates_are_rejected_by_the_text_rules(surrogate):
    code = f"U+{ord(surrogate):04X}"
    assert first_forbidden(f"ab{surrogate}") == f"lone surrogate {code} at position 2"
    with pytest.raises(ValidationError, match=re.escape(f"lone surrogate {code} at position 2")):
        Author(name=f"ab{surrogate}")
    with pytest.raises(ValidationError, match=re.escape(f"lone surrogate {code} at position 2")):
        Section(id="s", heading=f"ab{surrogate}")
    with pytest.raises(ValidationError, match=re.escape(f"lone surrogate {code} at position 2")):
        Guide.model_validate({**_valid(), "title": f"ab{surrogate}"})
    with pytest.raises(ValueError, match=re.escape("at position 20: write it percent-encoded")):
        check_href(f"https://example.org/{surrogate}")
    with pytest.raises(ValueError, match="must be one address"):
        check_href(f"mailto:care{surrogate}@example.org")
    # Pydantic's own string check refuses them in constrained fields first.
    with pytest.raises(ValidationError):
        Link(href=f"https://example.org/{surrogate}", children=(Text(text="x"),))
    with pytest.raises(ValidationError):
        Text(text=f"ab{surrogate}")


@pytest.mark.parametrize("character", ["\ud7ff", "\uf900", "\U00010000", "\U0001f600"])
def test_the_code_points_around_the_surrogates_are_text(character):
    assert first_forbidden(f"ab{character}") is None
    assert Author(name=f"ab{character}").name == f"ab{character}"
    # In a link, any non-ASCII character of a path is percent-encoded (the link policy).
    encoded = "".join(f"%{byte:02X}" for byte in character.encode("utf-8"))
    assert check_href(f"https://example.org/{encoded}") == f"https://example.org/{encoded}"


def test_sequences_are_tuples_and_lists_are_accepted_on_input():
    guide = Guide.model_validate(copy.deepcopy(_valid()))
    assert isinstance(guide.sections, tuple)
    assert isinstance(guide.sections[0].blocks[0].content, tuple)  # type: ignore[union-attr]


def test_empty_inline_content_is_rejected_as_too_short():
    for path in (
        ("introduction", 0, "content"),
        ("sections", 0, "blocks", 2, "items", 0, "content"),
    ):
        error = _error_of(_edit(path, []))
        assert [item["type"] for item in error.errors()] == ["too_short"]


_TEXT_B = {"type": "text", "text": "b"}


def test_plain_text_joins_the_text_of_every_inline():
    content = Paragraph.model_validate(
        {
            "type": "paragraph",
            "content": [
                {"type": "text", "text": "a "},
                {"type": "emphasis", "children": [{"type": "strong", "children": [_TEXT_B]}]},
                {"type": "link", "href": "https://example.org/", "children": [_TEXT_B, _TEXT_B]},
                {"type": "text", "text": " c"},
            ],
        }
    ).content
    assert plain_text(content) == "a bbb c"


def test_the_guide_schema_describes_every_field_and_names_its_dialect():
    schema = Guide.model_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["title"]["description"] == "The guide's title as plain text."
    assert all("description" in field for field in schema["properties"].values())


def test_a_list_s_items_get_keys_from_the_list_s_own_key():
    data = _valid()
    blocks = data["sections"][1]["blocks"]
    bullet_list = next(block for block in blocks if block["type"] == "bullet_list")
    bullet_list["key"] = "types-of-back-pain-treated/my-list"
    for item in bullet_list["items"]:
        del item["key"]
    section = Guide.model_validate(data).sections[1]
    keyed = next(block for block in section.blocks if block.type == "bullet_list")
    assert [item.key for item in keyed.items] == [  # type: ignore[union-attr]
        f"types-of-back-pain-treated/my-list/item{number}"
        for number in range(1, len(bullet_list["items"]) + 1)
    ]


@pytest.mark.parametrize(
    ("where", "key"),
    [
        (("sections", 0, "blocks", 1, "key"), "how-acupuncture-helps-with-back-pain/p1"),
        (("sections", 1, "blocks", 0, "key"), "how-acupuncture-helps-with-back-pain/p1"),
        (
            ("sections", 0, "blocks", 2, "items", 1, "key"),
            "how-acupuncture-helps-with-back-pain/p1",
        ),
        (
            ("sections", 0, "blocks", 2, "items", 1, "key"),
            "how-acupuncture-helps-with-back-pain/list1/item1",
        ),
        (("sections", 0, "blocks", 0, "key"), "types-of-back-pain-treated/heading"),
        (("introduction", 0, "key"), "title"),
    ],
)
def test_every_segment_key_is_unique_in_a_guide(where, key):
    data = _edit(where, key)
    assert f"duplicate segment key {key!r}" in str(_error_of(data))


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        (("slug",), 100),
        (("sections", 0, "id"), 100),
        (("sections", 0, "blocks", 0, "key"), 300),
        (("sections", 0, "blocks", 2, "items", 0, "key"), 300),
    ],
)
def test_ids_and_keys_have_a_length_limit(path, limit):
    Guide.model_validate(_edit(path, "a" * limit))  # at the limit: accepted
    error = _error_of(_edit(path, "a" * (limit + 1)))
    assert [item["type"] for item in error.errors()] == ["string_too_long"]
    assert error.errors()[0]["ctx"] == {"max_length": limit}


def test_a_locale_tag_over_64_characters_is_refused_before_any_lookup():
    assert _error_of(_edit(("locale",), "a" * 64)).errors()[0]["type"] == "value_error"
    error = _error_of(_edit(("locale",), "a" * 65))
    assert (error.errors()[0]["type"], error.errors()[0]["ctx"]) == (
        "string_too_long",
        {"max_length": 64},
    )


# Each forbidden range, at both ends, and the allowed characters just outside it.
FORBIDDEN_EDGES = [
    ("\x00", "control character U+0000"),
    ("\x1f", "control character U+001F"),
    ("\x7f", "control character U+007F"),
    ("\x9f", "control character U+009F"),
    ("\u2028", "line or paragraph separator U+2028"),
    ("\u2029", "line or paragraph separator U+2029"),
    ("\u202a", "bidirectional embedding or override U+202A"),
    ("\u202e", "bidirectional embedding or override U+202E"),
    ("\u2061", "invisible character U+2061"),
    ("\u2064", "invisible character U+2064"),
    ("\ud800", "lone surrogate U+D800"),
    ("\udfff", "lone surrogate U+DFFF"),
    ("\ue000", "private-use character U+E000"),
    ("\uf8ff", "private-use character U+F8FF"),
    ("\ufdd0", "Unicode noncharacter U+FDD0"),
    ("\ufdef", "Unicode noncharacter U+FDEF"),
    ("\ufeff", "invisible character U+FEFF"),
    ("\ufff9", "invisible character U+FFF9"),
    ("\ufffb", "invisible character U+FFFB"),
    ("\ufffe", "Unicode noncharacter U+FFFE"),
    ("\uffff", "Unicode noncharacter U+FFFF"),
    ("\U0001fffe", "Unicode noncharacter U+1FFFE"),
    ("\U000e0000", "tag character (hidden text) U+E0000"),
    ("\U000e007f", "tag character (hidden text) U+E007F"),
    ("\U000f0000", "private-use character U+F0000"),
    ("\U000ffffd", "private-use character U+FFFFD"),
    ("\U000ffffe", "Unicode noncharacter U+FFFFE"),
    ("\U000dffff", "Unicode noncharacter U+DFFFF"),  # just below the tag characters
    ("\U000effff", "Unicode noncharacter U+EFFFF"),  # just below plane 15's private use
    ("\U0010fffe", "Unicode noncharacter U+10FFFE"),  # just after plane 16's private use
    ("\U00100000", "private-use character U+100000"),
    ("\U0010fffd", "private-use character U+10FFFD"),
    ("\U0010ffff", "Unicode noncharacter U+10FFFF"),
]
ALLOWED_NEIGHBOURS = (
    " ~\xa0"  # around the controls
    "\u2027\u202f"  # hyphenation point, narrow no-break space
    "\u2060\u2065"  # word joiner; U+2065, unassigned
    "\ud7ff\uf900"  # last Hangul jamo, first CJK compatibility ideograph
    "\ufdcf\ufdf0\ufefe\ufff8\ufffc\ufffd"
    "\U0001fffd\U000dfffd\U000e0080\U000efffd"
)


@pytest.mark.parametrize(("character", "described"), FORBIDDEN_EDGES)
def test_each_forbidden_range_is_named_at_both_ends(character, described):
    assert first_forbidden(f"ab{character}") == f"{described} at position 2"


def test_the_characters_just_outside_each_range_are_allowed():
    assert first_forbidden(ALLOWED_NEIGHBOURS) is None
    for character in ALLOWED_NEIGHBOURS:
        assert Text(text=f"a{character}b").text == f"a{character}b"


def test_every_node_type_has_its_discriminator_by_default():
    from acupuncture_content.models import BulletList, Emphasis, ListItem, Strong

    text = Text(text="a")
    nodes = {
        "text": text,
        "emphasis": Emphasis(children=(text,)),
        "strong": Strong(children=(text,)),
        "link": Link(href="https://example.org/", children=(text,)),
        "paragraph": Paragraph(content=(text,)),
        "bullet_list": BulletList(items=(ListItem(content=(text,)),)),
    }
    for node_type, node in nodes.items():
        assert node.type == node_type
        assert node.model_dump()["type"] == node_type


def test_the_introduction_s_id_is_reserved():
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["sections"][1]["id"] = "introduction"
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate(data)
    assert caught.value.errors()[0]["loc"] == ("sections",)
    assert (
        "section id 'introduction' is reserved for the blocks before the first section"
        in (caught.value.errors()[0]["msg"])
    )


@pytest.mark.parametrize("first", ["forged", "real"])
@pytest.mark.parametrize("format", ["html", "markdown", "text", "json"])
def test_a_subclass_that_forges_its_fingerprint_never_gets_or_gives_another_guide_s_page(
    first,
    format,  # noqa: A002 - render's own name
):
    """Issue 17, finding 7: render caches are keyed by the guide's exact type as well."""
    from acupuncture_content import _cache, render

    real = load_guide()

    class ForgedGuide(Guide):
        # Guide's own validator no longer consults compute_fingerprint(), so a subclass
        # forges its fingerprint in a validator of its own, after Guide's has run.
        @model_validator(mode="after")
        def _forge(self) -> ForgedGuide:
            object.__setattr__(self, "fingerprint", real.fingerprint)
            return self

    data = _valid()
    data["title"] = "Forged title"
    forged = ForgedGuide.model_validate(data)
    assert forged.fingerprint == real.fingerprint  # the forgery works on the model
    _cache.clear_caches()
    order = (forged, real) if first == "forged" else (real, forged)
    pages = {id(guide): render(guide, format) for guide in order}
    assert "Forged title" in pages[id(forged)]
    assert "Forged title" not in pages[id(real)]
    assert render(real, format) == render(load_guide(), format) == pages[id(real)]


# Untrusted guide JSON: validation is linear in the input, model instances nested in it
# are validated like dicts, and text that would break an output is refused by field.


def _with_link(href: str) -> dict[str, Any]:
    data = _valid()
    data["introduction"][0]["content"] = [
        {"type": "link", "href": href, "children": [{"type": "text", "text": "more"}]}
    ]
    return data


def test_an_83_kb_guide_json_is_refused_at_once(tmp_path):
    # An href thousands of percent-encodings deep, then thousands of entities.
    data = _with_link("https://example.org/%" + "25" * 16000 + "41" + "&amp;" * 10000)
    document = json.dumps(data)
    assert len(document) > 83_000
    script = textwrap.dedent(
        """
        import sys
        from pydantic import ValidationError
        from acupuncture_content import Guide
        try:
            Guide.model_validate_json(open(sys.argv[1], encoding="utf-8").read())
        except ValidationError as error:
            print(error.errors()[0]["loc"])
        """
    )
    path = tmp_path / "guide.json"
    path.write_text(document, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,  # 0.2.0 took 15 s; linear validation takes milliseconds
    )
    assert result.stdout.strip() == "('introduction', 0, 'paragraph', 'content', 0, 'link', 'href')"


def test_a_model_copy_link_with_javascript_is_validated_inside_a_guide():
    safe = Link(href="https://example.org/", children=[Text(text="x")])
    evil = safe.model_copy(update={"href": "javascript:alert(document.cookie)"})
    data = _valid()
    data["introduction"][0]["content"] = [evil]
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate(data)
    assert caught.value.errors()[0]["loc"][-1] == "href"


def test_a_model_construct_text_with_terminal_escapes_is_validated_inside_a_guide():
    data = _valid()
    data["introduction"][0]["content"] = [Text.model_construct(text="\x1b[2J\x00")]
    with pytest.raises(ValidationError, match="control character U\\+001B"):
        Guide.model_validate(data)


@pytest.mark.parametrize(
    ("character", "message"),
    [
        ("\uffff", "Unicode noncharacter U+FFFF"),
        ("\ufdd0", "Unicode noncharacter U+FDD0"),
        ("\U0010ffff", "Unicode noncharacter U+10FFFF"),
        ("\u202e", "bidirectional embedding or override U+202E"),
        ("\u202a", "bidirectional embedding or override U+202A"),
        ("\ud800", "lone surrogate U+D800"),
        ("\u2066", "is not closed by U+2069"),
        ("\u2069", "closes nothing"),
        # Text no reader sees but a language model reads ("ASCII smuggling"), found by
        # an outside tester in chunks and llms.txt.
        ("\U000e0049\U000e0067\U000e006e", "tag character (hidden text) U+E0049"),
        ("\ufff9", "invisible character U+FFF9"),
        ("\u2064", "invisible character U+2064"),
        ("\ufeff", "invisible character U+FEFF"),
        ("\ue000", "private-use character U+E000"),
        ("\U0010fffd", "private-use character U+10FFFD"),
    ],
)
@pytest.mark.parametrize("field", ["title", "author", "heading", "text"])
def test_characters_that_break_outputs_are_rejected_in_every_text_field(field, character, message):
    data = _valid()
    value = f"Safe {character} text"
    location: tuple = ()
    if field == "title":
        data["title"], location = value, ("title",)
    elif field == "author":
        data["author"]["name"], location = value, ("author", "name")
    elif field == "heading":
        data["sections"][0]["heading"], location = value, ("sections", 0, "heading")
    else:
        data["sections"][0]["blocks"][0]["content"][0]["text"] = value
        location = ("sections", 0, "blocks", 0, "paragraph", "content", 0, "text", "text")
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate(data)
    assert caught.value.errors()[0]["loc"] == location
    # Pydantic itself refuses a lone surrogate in some fields, before the text rules run.
    assert message in str(caught.value) or "valid string" in str(caught.value)


def test_balanced_isolates_and_directional_marks_are_allowed():
    data = _valid()
    data["title"] = "A \u2068Sheila\u2069 title \u200e\u200f\u061c"
    assert Guide.model_validate(data).title == data["title"]


def test_zero_width_spaces_joiners_and_soft_hyphens_that_scripts_need_are_allowed():
    data = _valid()
    # Thai word boundaries, a Devanagari conjunct with ZWJ/ZWNJ, a soft hyphen.
    data["title"] = (
        "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b\u0e04\u0e23\u0e31\u0e1a \u0915\u094d\u200d\u0937 a\u00adb \u200c"
    )
    assert Guide.model_validate(data).title == data["title"]


@pytest.mark.parametrize("minutes", [1001, 10**25])
def test_an_absurd_reading_time_is_rejected_by_validation_not_by_rendering(minutes):
    data = {**_valid(), "reading_time_minutes": minutes}
    with pytest.raises(ValidationError, match="less than or equal to 1000") as caught:
        Guide.model_validate(data)
    assert caught.value.errors()[0]["loc"] == ("reading_time_minutes",)
    assert (
        Guide.model_validate({**_valid(), "reading_time_minutes": 1000}).reading_time_minutes
        == 1000
    )


# Segment keys: on every block and item, derived when omitted, unique and well formed.


def test_every_block_and_item_has_its_segment_key_in_every_locale():
    for locale in ("en", "ar", "zh-Hans"):
        guide = load_guide(locale=locale)
        assert [block.key for block in guide.introduction] == ["introduction/p1"]
        section = guide.sections[0]
        assert [block.key for block in section.blocks] == [
            f"{section.id}/p1",
            f"{section.id}/p2",
            f"{section.id}/list1",
        ]
        assert [item.key for item in section.blocks[2].items] == [  # type: ignore[union-attr]
            f"{section.id}/list1/item{number}" for number in range(1, 5)
        ]


def test_keys_omitted_on_input_are_derived_from_the_position():
    data = load_guide(locale="ko").model_dump(mode="json")
    del data["fingerprint"]
    for block in data["sections"][1]["blocks"]:
        block.pop("key")
        for item in block.get("items", []):
            item.pop("key")
    assert Guide.model_validate(data) == load_guide(locale="ko")


def test_keys_must_be_unique_and_well_formed():
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["sections"][1]["blocks"][0]["key"] = "introduction/p1"
    with pytest.raises(ValidationError, match="duplicate segment key 'introduction/p1'"):
        Guide.model_validate(data)
    data["sections"][1]["blocks"][0]["key"] = "title"
    with pytest.raises(ValidationError, match="duplicate segment key 'title'"):
        Guide.model_validate(data)
    data["sections"][1]["blocks"][0]["key"] = "Not A Key"
    with pytest.raises(ValidationError, match="String should match pattern"):
        Guide.model_validate(data)


def test_a_section_may_not_take_the_introduction_s_id():
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["sections"][0]["id"] = "introduction"
    with pytest.raises(ValidationError, match="section id 'introduction' is reserved"):
        Guide.model_validate(data)


# Every kind of bad guide, from the JSON an app might send: the error names the field path.
P = ("sections", 0, "blocks", 0, "content", 0)


MODEL_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "empty text",
        _edit((*P, "text"), ""),
        "sections.0.blocks.0.paragraph.content.0.text.text",
        "String should have at least 1 character",
    ),
    (
        "whitespace content",
        _edit(P[:-1], [{"type": "text", "text": " \u00a0 "}]),
        "sections.0.blocks.0.paragraph.content",
        "content must contain some non-whitespace text",
    ),
    (
        "control character",
        _edit((*P, "text"), "a\x1bb"),
        "sections.0.blocks.0.paragraph.content.0.text.text",
        "control character U+001B at position 1 is not allowed in text",
    ),
    ("delete character", _edit(("title",), "a\x7f"), "title", "control character U+007F"),
    (
        "paragraph separator",
        _edit(("author", "name"), "a\u2029b"),
        "author.name",
        "line or paragraph separator U+2029 at position 1 is not allowed in text",
    ),
    (
        "blank title",
        _edit(("title",), "   "),
        "title",
        (
            "text must contain a visible character (a letter, digit, punctuation mark or symbol), "
            "not only spaces or invisible characters"
        ),
    ),
    (
        "blank heading",
        _edit(("sections", 2, "heading"), ""),
        "sections.2.heading",
        (
            "text must contain a visible character (a letter, digit, punctuation mark or symbol), "
            "not only spaces or invisible characters"
        ),
    ),
    (
        "unknown block",
        _edit(("sections", 0, "blocks", 0, "type"), "quote"),
        "sections.0.blocks.0",
        "Input tag 'quote' found using 'type' does not match any of the expected tags: 'paragraph', 'bullet_list'",
    ),
    (
        "unknown inline",
        _edit((*P, "type"), "code"),
        "sections.0.blocks.0.paragraph.content.0",
        "Input tag 'code' found using 'type' does not match any of the expected tags: 'text', 'emphasis', 'strong', 'link'",
    ),
    (
        "unknown field",
        _edit(("sections", 0, "style"), "x"),
        "sections.0.style",
        "Extra inputs are not permitted",
    ),
    (
        "empty list",
        _edit(("sections", 0, "blocks", 2, "items"), []),
        "sections.0.blocks.2.bullet_list.items",
        "Tuple should have at least 1 item",
    ),
    (
        "empty emphasis",
        _edit(P, {"type": "emphasis", "children": []}),
        "sections.0.blocks.0.paragraph.content.0.emphasis.children",
        "Tuple should have at least 1 item",
    ),
    (
        "malformed id",
        _edit(("sections", 0, "id"), "How_It_Works"),
        "sections.0.id",
        "String should match pattern '^[a-z0-9][a-z0-9-]*$'",
    ),
    (
        "duplicate id",
        _edit(("sections", 4, "id"), "safety-and-side-effects"),
        "sections",
        "duplicate section id 'safety-and-side-effects'",
    ),
    (
        "javascript href",
        _edit(
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
        _edit(
            P,
            {"type": "link", "href": "//evil.example", "children": [{"type": "text", "text": "x"}]},
        ),
        "sections.0.blocks.0.paragraph.content.0.link.href",
        "is not allowed",
    ),
    (
        "nested link",
        _edit(
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
        _edit(("locale",), "english"),
        "locale",
        "'english' is not a known BCP 47 locale tag",
    ),
    (
        "posix locale",
        _edit(("locale",), "pt_BR"),
        "locale",
        "locale tag 'pt_BR' is not in canonical BCP 47 form; write 'pt-BR'",
    ),
    (
        "lowercase locale",
        _edit(("source_locale",), "zh-hans"),
        "source_locale",
        "locale tag 'zh-hans' is not in canonical BCP 47 form; write 'zh-Hans'",
    ),
    (
        "wrong direction",
        _edit(("text_direction",), "rtl"),
        "",
        "text_direction 'rtl' does not match locale 'en', which is written 'ltr'",
    ),
    (
        "unknown direction",
        _edit(("text_direction",), "ttb"),
        "text_direction",
        "Input should be 'ltr' or 'rtl'",
    ),
    (
        "zero minutes",
        _edit(("reading_time_minutes",), 0),
        "reading_time_minutes",
        "Input should be greater than or equal to 1",
    ),
    (
        "float minutes",
        _edit(("reading_time_minutes",), 2.0),
        "reading_time_minutes",
        "Input should be a valid integer",
    ),
    ("bad date", _edit(("published",), "2025-02-30"), "published", "Input should be a valid date"),
    (
        "bad fingerprint",
        {**_valid(), "fingerprint": "abc"},
        "fingerprint",
        "String should match pattern",
    ),
    ("stale fingerprint", {**_valid(), "fingerprint": "0" * 64}, "", "does not match the content"),
    ("bad slug", _edit(("slug",), "Back Pain"), "slug", "String should match pattern"),
    (
        "translation from elsewhere",
        {
            **_valid(),
            "locale": "de",
            "translation": {"source_locale": "fr", "reviewed": False, "coverage": 1.0},
        },
        "",
        "translation.source_locale 'fr' must equal source_locale 'en'",
    ),
    (
        "translation of itself",
        {**_valid(), "translation": {"source_locale": "en", "reviewed": False, "coverage": 1.0}},
        "",
        "a guide in its source locale 'en' is not a translation",
    ),
    (
        "missing title",
        {key: value for key, value in _valid().items() if key != "title"},
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


# Guide.model_copy: a clinic's edits give a validated guide, or fail at the copy.
# Pydantic's own model_copy(update=...) skips validation and keeps the old fingerprint,
# so an edited guide used to fail later, inside render(), labels() or chunks() (a 500
# in a request handler).

CLINIC_TITLE = "Acupuncture at Riverside Clinic"


def _closing(href: str = "https://riverside.example/book") -> Paragraph:
    return Paragraph(
        content=[Text(text="Book a visit "), Link(href=href, children=[Text(text="online")])]
    )


def _with_closing(guide: Guide, paragraph: Paragraph) -> Guide:
    last = guide.sections[-1]
    return guide.model_copy(
        update={
            "sections": (
                *guide.sections[:-1],
                last.model_copy(update={"blocks": (*last.blocks, paragraph)}),
            )
        }
    )


@pytest.mark.parametrize("locale", ["en", "de", "ar"])
def test_a_new_title_gives_a_validated_guide_with_its_own_fingerprint(locale):
    guide = load_guide(locale=locale)
    clinic = guide.model_copy(update={"title": CLINIC_TITLE})
    assert clinic.title == CLINIC_TITLE
    assert is_validated(clinic)
    assert clinic.fingerprint == clinic.compute_fingerprint()
    assert clinic.fingerprint != guide.fingerprint
    # Everything that failed before works, and shows the new title.
    assert f">{CLINIC_TITLE}</h1>" in render(clinic, "html")
    assert render(clinic, "text").startswith(f"{CLINIC_TITLE}\n")
    assert labels(clinic) == labels(guide)
    assert {chunk.title for chunk in chunks(clinic)} == {CLINIC_TITLE}
    # The original is untouched, and its cached render is its own.
    assert guide.title != CLINIC_TITLE
    assert CLINIC_TITLE not in render(guide, "html")


def test_a_copy_equals_its_validated_data():
    clinic = load_guide().model_copy(update={"title": CLINIC_TITLE})
    data = load_guide().model_dump()
    data["title"] = CLINIC_TITLE
    del data["fingerprint"]
    assert clinic == Guide.model_validate(data)


@pytest.mark.parametrize("deep", [False, True])
def test_a_copy_without_update_is_equal_and_trusted(deep):
    guide = load_guide(locale="fr")
    copied = guide.model_copy(deep=deep)
    assert copied == guide
    assert copied is not guide
    assert is_validated(copied)
    assert render(copied, "markdown") == render(guide, "markdown")


def test_a_deep_copy_with_update_shares_no_section_with_the_original():
    guide = load_guide()
    copied = guide.model_copy(update={"title": CLINIC_TITLE}, deep=True)
    assert copied.sections == guide.sections
    assert all(a is not b for a, b in zip(copied.sections, guide.sections, strict=True))


@pytest.mark.parametrize(
    ("update", "location"),
    [
        ({"title": "   "}, ("title",)),
        ({"titel": CLINIC_TITLE}, ("titel",)),
        ({"reading_time_minutes": 0}, ("reading_time_minutes",)),
        ({"text_direction": "rtl"}, ()),
        ({"fingerprint": "0" * 64}, ()),
    ],
)
def test_a_bad_update_raises_at_the_copy_naming_the_field(update, location):
    with pytest.raises(ValidationError) as caught:
        load_guide().model_copy(update=update)
    assert caught.value.errors()[0]["loc"] == location


def test_a_javascript_link_in_an_added_paragraph_raises_at_the_copy():
    guide = load_guide()
    # Made without validation (model_construct), as an app might build it in a hurry.
    evil = Paragraph.model_construct(
        type="paragraph",
        key=None,
        content=(Link.model_construct(type="link", href="javascript:alert(1)", children=()),),
    )
    with pytest.raises(ValidationError) as caught:
        _with_closing(guide, evil)
    assert caught.value.errors()[0]["loc"][:3] == ("sections", len(guide.sections) - 1, "blocks")
    assert caught.value.errors()[0]["loc"][-1] == "href"


def test_a_matching_fingerprint_in_the_update_is_accepted():
    guide = load_guide()
    assert guide.model_copy(update={"fingerprint": guide.fingerprint}) == guide


def test_a_guide_built_without_validation_is_validated_by_its_copy():
    guide = load_guide()
    broken = Guide.model_construct(**{**guide.__dict__, "title": "Edited"})
    with pytest.raises(ValidationError, match="fingerprint"):
        broken.model_copy()  # its fingerprint is the original's
    fixed = broken.model_copy(update={"fingerprint": ""})
    assert fixed.title == "Edited"
    assert is_validated(fixed)


def test_a_closing_paragraph_stays_before_the_disclaimer_in_every_format():
    guide = load_guide()
    clinic = _with_closing(guide, _closing())
    last = clinic.sections[-1]
    # The key is derived from the position, as the catalogs number segments.
    paragraphs = [block for block in last.blocks if block.type == "paragraph"]
    assert paragraphs[-1].key == f"{last.id}/p{len(paragraphs)}"
    disclaimer_label = labels(clinic).disclaimer_label
    for format_name, added, disclaimer in (
        ("html", '<p>Book a visit <a href="https://riverside.example/book"', 'class="disclaimer"'),
        ("markdown", "Book a visit [online](<https://riverside.example/book>)", disclaimer_label),
        ("text", "Book a visit online <https://riverside.example/book>", disclaimer_label),
    ):
        output = render(clinic, format_name)
        assert output.count(disclaimer) == 1, format_name
        assert output.index(last.heading) < output.index(added), format_name
        assert output.index(added) < output.index(disclaimer), format_name
    assert chunks(clinic)[-1].text.endswith(
        "\n\nBook a visit online <https://riverside.example/book>"
    )
    assert chunks(clinic)[-1].fingerprint != chunks(guide)[-1].fingerprint
    assert chunks(clinic)[0] == chunks(guide)[0]
