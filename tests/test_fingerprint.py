"""Fingerprints: the documented recipe, recomputed independently, and pinned values.

``docs/content-model.md`` promises that any app can recompute a guide's fingerprint:
the SHA-256, as 64 lowercase hex digits, of the canonical JSON of every field but
``fingerprint`` (``model_dump(mode="json")``): keys sorted, no insignificant
whitespace, non-ASCII characters as themselves (not ``\\u`` escapes), UTF-8. Apps key
caches and HTTP ``ETag``s on it, so a change to the recipe must fail here: the
serialiser below does not use :mod:`json`, and the pinned values are of guides built
in this file, so that only the recipe (or the model's JSON shape) can move them, not
an edit of the bundled content.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from acupuncture_content import Guide, available_locales, load_guide
from acupuncture_content._fingerprint import canonical_json, fingerprint_of

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


def _recomputed(guide: Guide) -> str:
    data = guide.model_dump(mode="json", exclude={"fingerprint"})
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

#: Fingerprints of EXAMPLES. They change only if the recipe or the model's JSON shape
#: does: every cached page and ETag an app keyed on a fingerprint would then go
#: stale, which is a breaking change to announce, not to make silently.
PINNED = {
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


@pytest.mark.parametrize("locale", available_locales())
def test_every_bundled_guide_s_fingerprint_follows_the_documented_recipe(locale):
    guide = load_guide(locale=locale)
    assert guide.fingerprint == _recomputed(guide)
    assert len(guide.fingerprint) == 64
    assert guide.fingerprint == guide.fingerprint.lower()


def test_the_canonical_json_of_a_non_latin_guide_holds_its_text_as_utf_8():
    guide = Guide.model_validate(EXAMPLES["ar"])
    canonical = canonical_json(guide.model_dump(mode="json", exclude={"fingerprint"}))
    assert canonical == _canonical(guide.model_dump(mode="json", exclude={"fingerprint"})).encode()
    assert "الوخز بالإبر".encode() in canonical
    assert b"\\u" not in canonical  # no escapes: the characters themselves
    assert b'"coverage":1.0,' in canonical
    assert b'"translation":{' in canonical
    assert b'"published":"2025-05-31"' in canonical
    assert b' \\"quoted\\" \\\\ ' in canonical  # quotes and backslash escaped


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
