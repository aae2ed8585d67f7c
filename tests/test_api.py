"""The public API is exactly the one promised to downstream apps, and behaves as documented.

Every bad argument gets its documented exception with a message naming the bad value;
``render()`` validates what it is given and never answers one guide with another's page.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import babel
import pytest
from pydantic import ValidationError

import acupuncture_content as ac
from acupuncture_content import (
    ContentError,
    Guide,
    GuideNotFoundError,
    UnknownLocaleError,
    available_locales,
    changes,
    list_guides,
    load_guide,
    render,
)

# The promised names (0.1.0's, the 0.3.0 and 0.4.0 additions; docs/api.md), in sorted() order.
CONTRACT_NAMES = [
    "Alternate",
    "Author",
    "BulletList",
    "Change",
    "Chunk",
    "ContentError",
    "DEFAULT_GUIDE",
    "Emphasis",
    "ExportReport",
    "Guide",
    "GuideNotFoundError",
    "Labels",
    "Link",
    "ListItem",
    "LocaleInfo",
    "PageLinks",
    "Paragraph",
    "Section",
    "Strong",
    "Text",
    "UnknownLocaleError",
    "__version__",
    "available_locales",
    "changes",
    "chunks",
    "export",
    "labels",
    "list_guides",
    "load_guide",
    "locale_info",
    "negotiate",
    "page_links",
    "render",
    "stylesheet",
]
# The locales the contract promises (CONTRACT.md, ``available_locales``), written out on
# purpose: the one place outside ``locales/`` that names them. Adding a locale is an
# addition to the contract and removing one breaks it, so either shows up here in review;
# a list derived from ``locales/`` would not notice a catalog folder deleted by mistake.
# Every other test, and the docs, read the list from ``locales/`` or available_locales().
CONTRACT_LOCALES = ("ar", "de", "en", "es", "fr", "hi", "ja", "ko", "pt-BR", "ru", "vi", "zh-Hans")
PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"
SECTION_IDS = (
    "how-acupuncture-helps-with-back-pain",
    "types-of-back-pain-treated",
    "what-to-expect-during-treatment",
    "safety-and-side-effects",
    "is-acupuncture-right-for-you",
)


def test_all_is_exactly_the_contract_list_sorted():
    assert ac.__all__ == CONTRACT_NAMES == sorted(CONTRACT_NAMES)
    for name in ac.__all__:
        assert hasattr(ac, name)


def test_version_is_the_installed_distribution_version():
    assert ac.__version__ == version("acupuncture-content")
    # SemVer X.Y.Z for releases; X.Y.Z.devN (PEP 440) between them (see docs/versioning.md).
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+)?", ac.__version__)


def test_error_hierarchy():
    assert issubclass(GuideNotFoundError, ContentError)
    assert issubclass(GuideNotFoundError, LookupError)
    assert issubclass(UnknownLocaleError, ContentError)
    assert issubclass(UnknownLocaleError, ValueError)


def test_guides_and_locales():
    assert ac.DEFAULT_GUIDE == "acupuncture-for-back-pain"
    assert list_guides() == ("acupuncture-for-back-pain",)
    assert available_locales() == CONTRACT_LOCALES
    assert available_locales("acupuncture-for-back-pain") == CONTRACT_LOCALES


def test_the_natural_language_classifiers_name_the_language_of_every_bundled_locale():
    # pyproject.toml's metadata is static (hatchling reads it as written, and checks each
    # classifier against the Trove list), so this keeps it in step with locales/: one
    # classifier per locale, named by CLDR's English name of its language. A variant
    # ("Portuguese (Brazilian)", "Chinese (Simplified)") is Trove's wording, not CLDR's.
    classifiers = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["classifiers"]
    languages = [
        classifier.removeprefix("Natural Language :: ").split(" (")[0]
        for classifier in classifiers
        if classifier.startswith("Natural Language :: ")
    ]
    english = babel.Locale("en")
    assert sorted(languages) == sorted(
        english.languages[babel.Locale.parse(tag, sep="-").language] for tag in available_locales()
    )


def test_unknown_guide_is_a_lookup_error_listing_the_guides():
    with pytest.raises(GuideNotFoundError, match="available guides: acupuncture-for-back-pain"):
        load_guide("no-such-guide")
    with pytest.raises(GuideNotFoundError):
        available_locales("no-such-guide")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: load_guide(42), "guide must be a str"),
        (lambda: load_guide(locale=42), "locale must be a str or babel.Locale, not int"),
        (lambda: load_guide(locale=None), "not NoneType"),
        (lambda: load_guide(fallback="no"), "fallback must be a bool"),
        (lambda: available_locales(None), "guide must be a str"),
        (lambda: ac.render("not a guide"), "needs a Guide, not str"),
        (lambda: ac.render(load_guide(), 3), "format must be a str"),
    ],
)
def test_wrong_argument_types_raise_type_error(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_english_guide_matches_the_seed_metadata():
    guide = load_guide()
    assert guide.slug == "acupuncture-for-back-pain"
    assert guide.locale == guide.source_locale == "en"
    assert guide.text_direction == "ltr"
    assert guide.title == "Acupuncture for Back Pain: How It Works and What to Expect"
    assert guide.author.name == "Sheila Woodford"
    assert guide.published.isoformat() == "2025-05-31"
    assert guide.reading_time_minutes == 2
    assert guide.translation is None
    assert tuple(section.id for section in guide.sections) == SECTION_IDS
    assert re.fullmatch(r"[0-9a-f]{64}", guide.fingerprint)


@pytest.mark.parametrize("locale", available_locales())
def test_every_locale_round_trips_exactly_and_keeps_section_ids(locale):
    guide = load_guide(locale=locale, fallback=False)
    assert guide.locale == locale
    assert Guide.model_validate(guide.model_dump()) == guide
    assert Guide.model_validate_json(guide.model_dump_json()) == guide
    assert tuple(section.id for section in guide.sections) == SECTION_IDS
    assert guide.fingerprint == guide.compute_fingerprint()


def test_fingerprints_differ_per_locale():
    fingerprints = {load_guide(locale=locale).fingerprint for locale in available_locales()}
    assert len(fingerprints) == len(available_locales())


def test_guides_are_frozen_and_cached():
    guide = load_guide(locale="fr")
    assert load_guide(locale="fr_FR") is guide
    with pytest.raises(ValidationError, match="frozen"):
        guide.title = "changed"  # type: ignore[misc]


def test_model_json_schema_is_titled_guide():
    schema = Guide.model_json_schema()
    assert schema["title"] == "Guide"
    assert "sections" in schema["properties"]


# render() validates what it is given, and never answers one guide with another's page.


def _data() -> dict:
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    return data


def test_a_guide_built_without_validation_is_validated_before_rendering():
    data = _data()
    data["title"] = "\x1b[2J"
    forged = Guide.model_construct(**Guide.model_validate(_data()).__dict__)
    object.__setattr__(forged, "title", "\x1b[2J")
    with pytest.raises(ValidationError, match="control character"):
        render(forged, "text")


def test_guides_built_with_model_construct_never_share_a_render():
    base = Guide.model_validate(_data())
    patient_a = Guide.model_construct(**{**base.__dict__, "title": "Patient A", "fingerprint": ""})
    patient_b = Guide.model_construct(**{**base.__dict__, "title": "Patient B", "fingerprint": ""})
    assert "Patient A" in render(patient_a, "html")
    assert "Patient B" in render(patient_b, "html")
    assert "Patient A" not in render(patient_b, "html")


def test_a_model_copy_cannot_get_or_poison_the_original_s_render():
    original = load_guide(locale="fr")
    expected = render(original, "html")
    changed = original.model_copy(update={"title": "Changed"})
    # The copy is validated, with a fingerprint of its own: it renders as itself.
    assert changed.fingerprint == changed.compute_fingerprint() != original.fingerprint
    assert "<h1>Changed</h1>" in render(changed, "html")
    assert render(original, "html") == expected


# Every bad argument of the public functions gets its documented exception, with a
# message naming the bad value and what is allowed.
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
