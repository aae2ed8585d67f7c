"""The public API is exactly the one promised to downstream apps, and behaves as documented."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

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
    list_guides,
    load_guide,
    render,
)

# The promised names (0.1.0's, the 0.3.0 and the 0.4.0 additions; docs/api.md), in plain sorted() order.
CONTRACT_NAMES = [
    "Author",
    "BulletList",
    "Change",
    "Chunk",
    "ContentError",
    "DEFAULT_GUIDE",
    "Emphasis",
    "Guide",
    "GuideNotFoundError",
    "Labels",
    "Link",
    "ListItem",
    "LocaleInfo",
    "Paragraph",
    "Section",
    "Strong",
    "Text",
    "UnknownLocaleError",
    "__version__",
    "available_locales",
    "changes",
    "chunks",
    "labels",
    "list_guides",
    "load_guide",
    "locale_info",
    "negotiate",
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
    with pytest.raises(ValidationError, match="model_copy"):
        render(changed, "html")  # its copied fingerprint no longer matches its content
    assert render(original, "html") == expected
