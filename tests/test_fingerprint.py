"""Fingerprints: the documented recipe, recomputed independently, and pinned values.

``docs/content-model.md`` promises that any app can recompute a guide's fingerprint:
the SHA-256, as 64 lowercase hex digits, of the canonical JSON of what a reader sees
(the guide's JSON without ``key``, ``text_direction``, ``fingerprint`` and, of
``translation``, all but ``reviewed``): keys sorted, no insignificant whitespace,
non-ASCII characters as themselves (not ``\\u`` escapes), UTF-8. Apps key caches and
HTTP ``ETag``s on it, so a change to the recipe must fail here: the serialiser below
does not use :mod:`json`, the content is cut by dropping fields (not by the package's
field-by-field copy), and the pinned values are of guides built in this file, so
that only the recipe can move them, not an edit of the bundled content.

The fingerprint changes when, and only when, what a reader sees changes: every
visible field moves it, every derived or provenance field leaves it alone. JSON
earlier releases wrote carries their recipe's fingerprint, which is recognised (and
replaced); ``tests/test_compat.py`` loads the real thing.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import pytest

from acupuncture_content import Guide, available_locales, load_guide, render
from acupuncture_content._fingerprint import (
    canonical_json,
    earlier_fingerprints,
    fingerprint_of,
    guide_content,
)

# What JSON requires escaping inside a string; validated text holds no control
# characters, so these two are all a guide's strings can need.
_STRING_ESCAPES = {'"': '\\"', "\\": "\\\\"}
_CONSTANTS = {None: "null", True: "true", False: "false"}


def _canonical(value: Any) -> str:
    """The documented canonical JSON, written out by hand (no :mod:`json`)."""
    if value is None or isinstance(value, bool):
        return _CONSTANTS[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # As Python writes floats: the shortest repr that round-trips, so 1.0 is
        # "1.0" (JavaScript's JSON.stringify would write "1").
        return repr(value)
    if isinstance(value, str):
        assert all(ord(character) >= 0x20 for character in value)
        return '"' + "".join(_STRING_ESCAPES.get(character, character) for character in value) + '"'
    if isinstance(value, list):
        return "[" + ",".join(_canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        members = sorted(value.items())  # by code point, as Python sorts str keys
        return (
            "{" + ",".join(f"{_canonical(key)}:{_canonical(item)}" for key, item in members) + "}"
        )
    raise TypeError(type(value))


#: Fields the recipe leaves out, wherever they stand: derived from other fields.
_DERIVED = {"key", "text_direction", "fingerprint"}


def _visible(value: Any) -> Any:
    """The documented cut: drop the derived fields, and all of translation but reviewed."""
    if isinstance(value, list):
        return [_visible(item) for item in value]
    if not isinstance(value, dict):
        return value
    kept = {name: _visible(item) for name, item in value.items() if name not in _DERIVED}
    if isinstance(kept.get("translation"), dict):
        kept["translation"] = {"reviewed": kept["translation"]["reviewed"]}
    return kept


def _recomputed(guide: Guide) -> str:
    data = _visible(guide.model_dump(mode="json"))
    return hashlib.sha256(_canonical(data).encode("utf-8")).hexdigest()


def _text(text: str) -> dict[str, str]:
    return {"type": "text", "text": text}


def _guide(locale: str, direction: str, title: str, words: tuple[str, str, str]) -> dict[str, Any]:
    """A small guide using every kind of node, with text in ``locale``'s script."""
    data: dict[str, Any] = {
        "slug": "fingerprint-example",
        "locale": locale,
        "source_locale": "en",
        "text_direction": direction,
        "title": title,
        "author": {"name": "Sheila Woodford"},
        "published": "2025-05-31",
        "reading_time_minutes": 3,
        "introduction": [
            {
                "type": "paragraph",
                "content": [
                    _text(f"{words[0]} "),
                    {"type": "emphasis", "children": [_text(words[1])]},
                    _text(' "quoted" \\ '),
                    {"type": "strong", "children": [_text(words[2])]},
                ],
            }
        ],
        "sections": [
            {
                "id": "first-section",
                "heading": words[1],
                "blocks": [
                    {
                        "type": "bullet_list",
                        "items": [
                            {
                                "content": [
                                    {
                                        "type": "link",
                                        "href": "https://example.org/a?b=1&amp;c=2",
                                        "children": [_text(words[0])],
                                    }
                                ]
                            },
                            {"content": [_text(words[2])]},
                        ],
                    }
                ],
            }
        ],
    }
    if locale != "en":
        data["translation"] = {
            "source_locale": "en",
            "reviewed": False,
            "coverage": 1.0,
            "untranslated": ["first-section/heading"],
        }
    return data


EXAMPLES = {
    "en": _guide("en", "ltr", "Acupuncture · Back Pain", ("Needles", "gently", "Safety")),
    "ar": _guide("ar", "rtl", "الوخز بالإبر لآلام الظهر", ("الإبر", "بلطف", "السلامة")),
    "ja": _guide("ja", "ltr", "腰痛のための鍼治療", ("鍼", "やさしく", "安全性")),
}

#: Fingerprints of EXAMPLES. They change only if the recipe does: every cached page
#: and ETag an app keyed on a fingerprint would then go stale, which is a breaking
#: change to announce, not to make silently (0.4.0 made the last one).
PINNED = {
    "en": "e2e18235eef9c07bae1ce1f49311557dc1bf1bbce7f01fc8d34073cd1ed9cd62",
    "ar": "4efe7798820f7d6c50534e615e048e56471fac9853e261ed7bc95f50186c08f6",
    "ja": "4b7b69321b102b7287814e497673b1d590ebf456139be5d845f36615b9551e07",
}

#: What 0.3.0 computed for EXAMPLES (the whole JSON, keys included): recognised on
#: input, and replaced by the current fingerprint.
PINNED_BY_0_3_0 = {
    "en": "579bdc74c96c5b9aa3ec91185cf6531ef5cef6179988489c4dc15fb959c728b0",
    "ar": "ef8f39331f54492d4c899b6018b3d3b2ada492f5b643c011a8af483f89067a87",
    "ja": "155545b99e9bc64c310061a77aa4c11ebafaddad01e5e06a85971c0d6749964d",
}


@pytest.mark.parametrize("locale", sorted(EXAMPLES))
def test_fingerprints_of_known_guides_are_pinned(locale):
    guide = Guide.model_validate(EXAMPLES[locale])
    assert guide.fingerprint == PINNED[locale]
    assert guide.compute_fingerprint() == PINNED[locale]
    assert _recomputed(guide) == PINNED[locale]


@pytest.mark.parametrize("locale", sorted(EXAMPLES))
def test_a_given_fingerprint_is_accepted_only_if_it_is_the_recipes(locale):
    data = {**EXAMPLES[locale], "fingerprint": PINNED[locale]}
    assert Guide.model_validate(data).fingerprint == PINNED[locale]
    with pytest.raises(ValueError, match="does not match the content"):
        Guide.model_validate({**data, "fingerprint": "0" * 64})


@pytest.mark.parametrize("locale", sorted(EXAMPLES))
def test_a_fingerprint_by_the_0_3_0_recipe_is_recognised_and_replaced(locale):
    old = {**EXAMPLES[locale], "fingerprint": PINNED_BY_0_3_0[locale]}
    guide = Guide.model_validate(old)
    assert guide.fingerprint == PINNED[locale]
    assert Guide.model_validate_json(json.dumps(old)).fingerprint == PINNED[locale]
    assert earlier_fingerprints(guide.model_dump(mode="json"))["0.3.0"] == PINNED_BY_0_3_0[locale]


def test_an_old_recipe_s_fingerprint_of_other_content_is_refused():
    edited = {**EXAMPLES["en"], "title": "Edited", "fingerprint": PINNED_BY_0_3_0["en"]}
    with pytest.raises(ValueError, match="nor one an earlier release computed"):
        Guide.model_validate(edited)
    # Another locale's fingerprint, by either recipe, is not this guide's either.
    for stranger in (PINNED["ja"], PINNED_BY_0_3_0["ja"]):
        with pytest.raises(ValueError, match="does not match the content"):
            Guide.model_validate({**EXAMPLES["en"], "fingerprint": stranger})


def test_the_0_1_recipe_is_the_whole_json_without_keys():
    guide = Guide.model_validate(EXAMPLES["ar"])
    whole = guide.model_dump(mode="json", exclude={"fingerprint"})
    for block in [*whole["introduction"], *whole["sections"][0]["blocks"]]:
        del block["key"]
        for item in block.get("items", ()):
            del item["key"]
    by_hand = hashlib.sha256(_canonical(whole).encode()).hexdigest()
    assert earlier_fingerprints(guide.model_dump(mode="json"))["0.1.0-0.2.0"] == by_hand
    assert Guide.model_validate({**EXAMPLES["ar"], "fingerprint": by_hand}) == guide


def _edited(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(EXAMPLES["ar"])
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


_LINK = ("sections", 0, "blocks", 0, "items", 0, "content", 0)

#: One edit of each thing a reader sees or a link points to.
VISIBLE_EDITS = {
    "slug": (("slug",), "another-guide"),
    "locale": (("locale",), "fa"),
    "title": (("title",), "عنوان آخر"),
    "author": (("author", "name"), "Another Author"),
    "published": (("published",), "2025-06-01"),
    "reading time": (("reading_time_minutes",), 4),
    "review status": (("translation", "reviewed"), True),
    "no translation record": (("translation",), None),
    "section id": (("sections", 0, "id"), "another-id"),
    "heading": (("sections", 0, "heading"), "عنوان"),
    "text": (("introduction", 0, "content", 0, "text"), "الإبر  "),
    "href": ((*_LINK, "href"), "https://example.org/a?b=1&amp;c=3"),
    "link text": ((*_LINK, "children", 0, "text"), "رابط"),
    "emphasis made strong": (("introduction", 0, "content", 1, "type"), "strong"),
    "link made emphasis": ((*_LINK,), {"type": "emphasis", "children": [_text("الإبر")]}),
    "list made paragraph": (
        ("sections", 0, "blocks", 0),
        {"type": "paragraph", "content": [_text("الإبر"), _text("السلامة")]},
    ),
    "a second section": (
        ("sections",),
        [*EXAMPLES["ar"]["sections"], {"id": "more", "heading": "المزيد", "blocks": []}],
    ),
}


@pytest.mark.parametrize("edit", sorted(VISIBLE_EDITS))
def test_every_visible_change_changes_the_fingerprint(edit):
    path, value = VISIBLE_EDITS[edit]
    base = Guide.model_validate(EXAMPLES["ar"])
    changed = Guide.model_validate(_edited(path, value))
    assert changed.fingerprint != base.fingerprint
    assert changed.fingerprint == _recomputed(changed)


#: Edits of derived and provenance fields, which no reader sees as content.
INVISIBLE_EDITS = {
    "coverage": (("translation", "coverage"), 0.25),
    "untranslated": (("translation", "untranslated"), ["title", "introduction/p1"]),
    "explicit keys": (
        ("sections", 0, "blocks", 0),
        {**EXAMPLES["ar"]["sections"][0]["blocks"][0], "key": "first-section/list7"},
    ),
    "explicit item keys": (
        ("introduction", 0),
        {**EXAMPLES["ar"]["introduction"][0], "key": "introduction/p9"},
    ),
}


@pytest.mark.parametrize("edit", sorted(INVISIBLE_EDITS))
def test_derived_and_provenance_fields_leave_the_fingerprint_alone(edit):
    path, value = INVISIBLE_EDITS[edit]
    base = Guide.model_validate(EXAMPLES["ar"])
    changed = Guide.model_validate(_edited(path, value))
    assert changed != base
    assert changed.fingerprint == base.fingerprint


@pytest.mark.parametrize("locale", available_locales())
def test_every_bundled_guide_s_fingerprint_follows_the_documented_recipe(locale):
    guide = load_guide(locale=locale)
    assert guide.fingerprint == _recomputed(guide)
    assert len(guide.fingerprint) == 64
    assert guide.fingerprint == guide.fingerprint.lower()


def test_the_canonical_json_of_a_non_latin_guide_holds_its_text_as_utf_8():
    guide = Guide.model_validate(EXAMPLES["ar"])
    canonical = canonical_json(guide_content(guide.model_dump(mode="json")))
    assert canonical == _canonical(_visible(guide.model_dump(mode="json"))).encode()
    assert "الوخز بالإبر".encode() in canonical
    assert b"\\u" not in canonical  # no escapes: the characters themselves
    assert b'"translation":{"reviewed":false}' in canonical
    assert b'"published":"2025-05-31"' in canonical
    assert b' \\"quoted\\" \\\\ ' in canonical  # quotes and backslash escaped
    for left_out in (b'"key"', b'"coverage"', b'"untranslated"', b'"text_direction"'):
        assert left_out not in canonical


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"b": "é", "a": [1, 2]}, b'{"a":[1,2],"b":"\xc3\xa9"}'),
        ({"z": None, "y": True, "x": 0.5}, b'{"x":0.5,"y":true,"z":null}'),
        ({"日": {"b": [], "a": "腰痛"}}, '{"日":{"a":"腰痛","b":[]}}'.encode()),
        ({"B": 1, "a": 2, "_": 3}, b'{"B":1,"_":3,"a":2}'),  # by code point, not case
        ("\u0627\u0644", '"\u0627\u0644"'.encode()),
        ({"q": 'say "hi" \\'}, b'{"q":"say \\"hi\\" \\\\"}'),
    ],
)
def test_canonical_json_is_sorted_compact_and_utf_8(data, expected):
    assert canonical_json(data) == expected
    assert canonical_json(data) == _canonical(data).encode("utf-8")
    assert fingerprint_of(data) == hashlib.sha256(expected).hexdigest()


def test_a_fingerprint_is_the_same_for_equal_content_and_differs_per_locale():
    first = Guide.model_validate(EXAMPLES["ja"])
    again = Guide.model_validate(first.model_dump(mode="json"))
    assert again.fingerprint == first.fingerprint
    assert hash(again) == hash(first)
    assert len({Guide.model_validate(data).fingerprint for data in EXAMPLES.values()}) == 3


def test_guides_with_one_fingerprint_but_other_provenance_each_render_their_own():
    # The render cache must not take the fingerprint for the whole guide: what it
    # leaves out still shows in output (untranslated segments carry lang="en" in
    # HTML; the JSON holds every field).
    translated = Guide.model_validate(EXAMPLES["ar"])
    partly = Guide.model_validate(
        _edited(("translation",), {**EXAMPLES["ar"]["translation"], "untranslated": ["title"]})
    )
    assert translated.fingerprint == partly.fingerprint
    for format_name in ("html", "json"):
        assert render(translated, format_name) != render(partly, format_name)
        assert render(partly, format_name) == render(partly.model_copy(), format_name)
    assert '<h1 lang="en" dir="ltr">' in render(partly, "html")
    assert '<h1 lang="en"' not in render(translated, "html")
