"""Every text shows something: the visible-character rule, in the models and the catalogs.

Issue 17, finding 2: a translation made only of invisible characters built and
rendered (``labels(de).disclaimer == "\\u2800"``, an empty disclaimer box), and guide
JSON from outside could do the same to a heading or a paragraph. A text must hold a
letter, digit, punctuation mark or symbol that draws something.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
import regex
from babel.messages.catalog import Catalog
from pydantic import ValidationError

from acupuncture_content import Author, Guide, Link, Section, Text, load_guide
from acupuncture_content._catalog_rules import check_catalog
from acupuncture_content._text_rules import has_visible, is_default_ignorable

#: The reproductions of the finding, and their relatives: each shows nothing.
INVISIBLE = {
    "braille blank": "\u2800",
    "two zero-width spaces": "\u200b\u200b",
    "hangul filler": "\u3164",
    "hangul choseong filler": "\u115f",
    "hangul jungseong filler": "\u1160",
    "halfwidth hangul filler": "\uffa0",
    "soft hyphen": "\u00ad",
    "mongolian vowel separator": "\u180e",
    "lone combining mark": "\u0301",
    "null notehead": "\U0001d159",
    "word joiner and variation selector": "\u2060\ufe0f",
    "spaces around a zero-width space": " \u200b ",
    "combining grapheme joiner": "\u034f",
    "khmer inherent vowel": "\u17b4",
}
#: Short texts that are seen, though some are not words.
VISIBLE = {
    "comma between emphasis": ", ",
    "ideographic comma": "\u3001",
    "em dash": "\u2014",
    "letter and combining accent": "e\u0301",
    "devanagari syllable": "\u0915\u093f",
    "arabic-indic digit": "\u0663",
    "plus sign": "+",
    "snowman": "\u2603",
    "hangul syllable": "\ud55c",
    "zero-width space inside a word": "Akupunktur\u200bbehandlung",
}


def test_the_default_ignorable_table_is_unicodes_property_for_every_code_point():
    """Python has no Default_Ignorable_Code_Point; the regex module's Unicode data has."""
    ignorable = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    differing = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if is_default_ignorable(chr(code)) != bool(ignorable.match(chr(code)))
    ]
    assert differing == []


def test_the_only_letters_or_symbols_that_count_as_invisible_are_these_six():
    """The ignorable letters (Hangul fillers) and the two blank symbols; nothing else."""
    invisible_graphic = {
        character
        for character in map(chr, range(0x110000))
        if unicodedata.category(character)[0] in "LNPS" and not has_visible(character)
    }
    assert invisible_graphic == {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\U0001d159"}


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_text_has_no_visible_character(text):
    assert not has_visible(text)
    assert not has_visible(text * 100)


@pytest.mark.parametrize("text", VISIBLE.values(), ids=VISIBLE.keys())
def test_short_texts_that_are_seen_have_a_visible_character(text):
    assert has_visible(text)
    assert Text(text=text).text == text


def _guide_data() -> dict[str, Any]:
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    return data


def _error(data: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate(data)
    first = caught.value.errors()[0]
    return first["loc"], first["msg"]


PLAIN = (
    "Value error, text must contain a visible character (a letter, digit, punctuation mark "
    "or symbol), not only spaces or invisible characters"
)
RUN = "Value error, a text run must be only whitespace or contain a visible character"
FIRST_PARAGRAPH = ("sections", 0, "blocks", 0)


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
@pytest.mark.parametrize(
    "path", [("title",), ("author", "name"), ("sections", 2, "heading")], ids=str
)
def test_an_invisible_title_heading_or_name_in_untrusted_json_is_refused(text, path):
    data = _guide_data()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = text
    assert _error(data) == (path, PLAIN)


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_paragraph_or_list_item_in_untrusted_json_is_refused(text):
    data = _guide_data()
    data["sections"][0]["blocks"][0]["content"] = [{"type": "text", "text": text}]
    location, message = _error(data)
    assert location == (*FIRST_PARAGRAPH, "paragraph", "content", 0, "text", "text")
    assert message.startswith(RUN)
    data = _guide_data()
    data["sections"][0]["blocks"][0] = {
        "type": "bullet_list",
        "items": [
            {"content": [{"type": "text", "text": "Seen."}]},
            {"content": [{"type": "text", "text": text}]},
        ],
    }
    location, message = _error(data)
    assert location == (*FIRST_PARAGRAPH, "bullet_list", "items", 1, "content", 0, "text", "text")
    assert message.startswith(RUN)


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_run_between_emphasis_or_as_link_text_is_refused(text):
    """Per run: whitespace alone is the space between two emphasised words; this is not."""
    emphasis = {"type": "emphasis", "children": [{"type": "text", "text": "Rest"}]}
    data = _guide_data()
    data["sections"][0]["blocks"][0]["content"] = [
        emphasis,
        {"type": "text", "text": text},
        emphasis,
    ]
    location, message = _error(data)
    assert location == (*FIRST_PARAGRAPH, "paragraph", "content", 1, "text", "text")
    assert message.startswith(RUN)
    with pytest.raises(ValidationError, match="a text run must be only whitespace"):
        Link(href="https://example.org/", children=[Text(text=text)])


def test_whitespace_runs_between_emphasis_stay_allowed():
    for space in (" ", "\u00a0", "\u3000"):
        assert Text(text=space).text == space
        with pytest.raises(ValidationError, match="text must contain a visible character"):
            Author(name=space)
        with pytest.raises(ValidationError, match="text must contain a visible character"):
            Section(id="s", heading=space)


@pytest.mark.parametrize("text", VISIBLE.values(), ids=VISIBLE.keys())
def test_a_short_visible_heading_or_name_is_accepted(text):
    assert Author(name=text).name == text
    assert Section(id="s", heading=text).heading == text


def test_invisible_text_is_refused_in_linear_time():
    """A megabyte of zero-width spaces is refused after one pass, not a quadratic one."""
    import time

    text = "\u200b" * 1_000_000
    started = time.perf_counter()
    with pytest.raises(ValidationError):
        Text(text=text)
    assert time.perf_counter() - started < 2


# The catalogs: the build refuses a translation that shows nothing (the build hook runs
# check_catalog on every catalog, and tests/test_build_hook.py runs the hook itself).

PATH = "locales/de/LC_MESSAGES/acupuncture_content.po"
LINE = 20
DISCLAIMER = "This guide is general information only."
SEGMENT = "Back pain affects millions of people."
LINKED = "See [the WHO](https://www.who.int/) for more."


def _problems(context: str, msgid: str, msgstr: str, *, interface: bool) -> list[str]:
    catalog = Catalog(locale="de", fuzzy=False, header_comment="# Review-Status: unreviewed")
    catalog.add(msgid, msgstr, context=context, lineno=LINE)
    return [
        str(problem) for problem in check_catalog(catalog, PATH, folder="de", interface=interface)
    ]


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_interface_string_is_refused_by_the_text_rule(text):
    assert _problems("disclaimer", DISCLAIMER, text, interface=True) == [
        (
            f"{PATH}:{LINE}: [text] msgctxt 'disclaimer': the translation is blank: it needs a "
            "visible character (a letter, digit, punctuation mark or symbol)"
        )
    ]


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_guide_segment_is_refused_by_the_text_rule(text):
    for context, msgid in (("introduction/p1", SEGMENT), ("title", "Title")):
        problems = _problems(context, msgid, text, interface=False)
        assert problems == [
            (
                f"{PATH}:{LINE}: [text] msgctxt {context!r}: the translation is blank: it needs a "
                "visible character (a letter, digit, punctuation mark or symbol)"
            )
        ]


ENTITIES = {
    "zero-width space": "&#x200B;",
    "braille blank": "&#x2800;",
    "hangul filler": "&#12644;",
    "soft hyphen": "&shy;",
}


@pytest.mark.parametrize("entity", ENTITIES.values(), ids=ENTITIES.keys())
def test_an_invisible_character_written_as_an_entity_is_refused_by_the_markup_rule(entity):
    where = f"{PATH}:{LINE}: [markup] msgctxt"
    assert _problems("introduction/p1", SEGMENT, entity, interface=False) == [
        f"{where} 'introduction/p1': the translation has no text once its markup is read"
    ]
    assert _problems("title", "Title", entity, interface=False) == [
        f"{where} 'title': the translation has no text once its entities are decoded"
    ]
    assert _problems(
        "introduction/p1", LINKED, f"Siehe [{entity}](https://www.who.int/).", interface=False
    ) == [f"{where} 'introduction/p1': the link to 'https://www.who.int/' has no text"]
    between = _problems(
        "introduction/p1", "Do *not* *stop*.", f"*Nicht*{entity}*aufh\u00f6ren*.", interface=False
    )
    assert len(between) == 1
    assert between[0].startswith(
        f"{where} 'introduction/p1': the translation is not valid guide content: "
    )
    assert "a text run must be only whitespace or contain a visible character" in between[0]


def test_interface_strings_are_plain_text_so_an_entity_there_is_seen_as_written():
    """Interface strings are never read as Markdown or HTML: the renderers escape them."""
    assert _problems("disclaimer", DISCLAIMER, "&#x200B;", interface=True) == []
