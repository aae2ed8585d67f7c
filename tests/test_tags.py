"""Locale tags (``_tags``): parsing, CLDR's parent chain, canonical tags and direction.

This file proves that:

- ``parse_tag`` reads BCP 47 (RFC 5646) and POSIX names in any case into exactly the
  language, script and territory that choose a translation, and returns ``None`` for
  anything malformed;
- ``load_guide`` serves the contract's examples, including the 0.3.0 rules (regional
  variants follow CLDR to the language's default locale; scripts are never crossed);
- ``match_locale`` walks CLDR's parent chain (``es-MX`` -> ``es-419``, ``zh-MO`` ->
  ``zh-Hant-HK``, ``pt-AO`` -> ``pt-PT``), which plain truncation of the tag cannot do,
  and stops at the script (``zh-TW`` is not served ``zh-Hant-HK``);
- ``text_direction_of`` agrees with Babel for every locale CLDR ships;
- ``check_locale_tag`` accepts canonical CLDR tags and names the canonical form of the
  others, in a short message whatever the input.

(``locale_info()``, what a language switcher needs of each locale, is in
test_locale_info.py.)
"""

from __future__ import annotations

import dataclasses

import babel
import pytest
from babel.core import get_global
from babel.localedata import locale_identifiers

from acupuncture_content import (
    UnknownLocaleError,
    _cache,
    _tags,
    available_locales,
    load_guide,
    negotiate,
)
from acupuncture_content._i18n import locale_tags_cache, match_locale
from acupuncture_content._tags import (
    LocaleParts,
    check_locale_tag,
    maximized,
    parent_chain,
    parse_tag,
    text_direction_of,
)

# parse_tag

TAG_128 = "de-" + "-".join(["abcdefgh"] * 14)
TAG_129 = "deu-" + "-".join(["abcdefgh"] * 14)


def test_the_length_limit_tags_have_the_intended_lengths():
    assert (len(TAG_128), len(TAG_129)) == (128, 129)


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        # language, any case, either separator
        ("en", LocaleParts("en")),
        ("EN", LocaleParts("en")),
        ("ast", LocaleParts("ast")),
        ("en-US", LocaleParts("en", None, "US")),
        ("en-us", LocaleParts("en", None, "US")),
        ("EN-us", LocaleParts("en", None, "US")),
        ("en_US", LocaleParts("en", None, "US")),
        ("pt_br", LocaleParts("pt", None, "BR")),
        # extended language: the extlang is the language (RFC 5646 §2.2.2)
        ("zh-yue", LocaleParts("yue")),
        ("zh-yue-HK", LocaleParts("yue", None, "HK")),
        ("zh-cmn-Hans-CN", LocaleParts("cmn", "Hans", "CN")),
        # scripts, in title case whatever the input
        ("zh-Hans", LocaleParts("zh", "Hans")),
        ("ZH-HANT", LocaleParts("zh", "Hant")),
        ("zh-Hant-TW", LocaleParts("zh", "Hant", "TW")),
        ("zh_hant_tw", LocaleParts("zh", "Hant", "TW")),
        ("sr-Latn-RS", LocaleParts("sr", "Latn", "RS")),
        ("und-Latn", LocaleParts("und", "Latn")),
        # UN M.49 regions
        ("es-419", LocaleParts("es", None, "419")),
        ("en-001", LocaleParts("en", None, "001")),
        # variants, extensions and private use are dropped
        ("de-DE-1996", LocaleParts("de", None, "DE")),
        ("de-CH-1901", LocaleParts("de", None, "CH")),
        ("sl-rozaj-biske", LocaleParts("sl")),
        ("hy-Latn-IT-arevela", LocaleParts("hy", "Latn", "IT")),
        ("de-DE-u-co-phonebk", LocaleParts("de", None, "DE")),
        ("ja-JP-u-ca-japanese", LocaleParts("ja", None, "JP")),
        ("zh-Hans-CN-u-nu-hanidec", LocaleParts("zh", "Hans", "CN")),
        ("en-US-x-private", LocaleParts("en", None, "US")),
        ("en-x-a", LocaleParts("en")),
        ("en-a-bbb-x-a-ccc", LocaleParts("en")),
        (TAG_128, LocaleParts("de")),
        # POSIX names: codeset and modifier are dropped
        ("de_DE.UTF-8", LocaleParts("de", None, "DE")),
        ("pt_BR.utf8", LocaleParts("pt", None, "BR")),
        ("fr_FR@euro", LocaleParts("fr", None, "FR")),
        ("fr_FR.UTF-8@euro", LocaleParts("fr", None, "FR")),
        ("en.UTF-8", LocaleParts("en")),
        ("sr_RS@latin", LocaleParts("sr", None, "RS")),
        # the POSIX "C" and "POSIX" locales are the source language
        ("C", LocaleParts("en")),
        ("POSIX", LocaleParts("en")),
        ("C.UTF-8", LocaleParts("en")),
        ("C.utf8", LocaleParts("en")),
    ],
)
def test_parse_tag_reads_bcp47_and_posix_names(value, parts):
    assert parse_tag(value) == parts


@pytest.mark.parametrize(
    "value",
    [
        "",
        " ",
        "de-",
        "-de",
        "de--DE",
        "de__DE",
        "en-!!",
        "e",
        "abcdefghi",
        "de DE",
        "de-DE ",
        " de",
        "en-a",  # an extension singleton needs a subtag
        "en-US-",
        "en@",
        "en_US.UTF-8@",
        "x-private",
        "i-klingon",
        "de-DE\n",
        "de-ＤＥ",  # fullwidth letters
        "ğe",
        TAG_129,
        "en-" + "a" * 10_000,
    ],
)
def test_parse_tag_returns_none_for_malformed_tags(value):
    assert parse_tag(value) is None


def test_locale_parts_spell_their_tag_and_identifier():
    parts = LocaleParts("zh", "Hant", "TW")
    assert (parts.tag, parts.identifier) == ("zh-Hant-TW", "zh_Hant_TW")
    assert LocaleParts("es", None, "419").tag == "es-419"


# load_guide: the contract's examples


@pytest.mark.parametrize(
    ("requested", "served"),
    [
        ("de-CH", "de"),
        ("de-AT", "de"),
        ("de-XX", "de"),  # an unassigned region: the language still serves it
        ("es-MX", "es"),
        ("es-419", "es"),
        ("es-ES", "es"),
        ("zh-CN", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("pt-PT", "pt-BR"),  # 0.3.0: pt-PT -> pt -> pt's default locale, pt-BR
        ("pt-AO", "pt-BR"),  # CLDR: pt_AO -> pt_PT -> pt
        ("pt-MZ", "pt-BR"),
        ("pt", "pt-BR"),
        ("pt_PT.UTF-8", "pt-BR"),
        (babel.Locale("pt", "PT"), "pt-BR"),
        ("en-GB", "en"),
        ("ar-EG", "ar"),
        ("ja-JP", "ja"),
    ],
)
def test_load_guide_follows_the_parent_chain_to_the_languages_default(requested, served):
    assert load_guide(locale=requested).locale == served
    assert load_guide(locale=requested, fallback=False).locale == served


@pytest.mark.parametrize(
    "requested", ["zh-TW", "zh-Hant", "zh-HK", "zh-Hant-CN", "sr-Latn", "ja-Latn", "ar-Latn"]
)
def test_load_guide_never_crosses_scripts(requested):
    assert load_guide(locale=requested).locale == "en"
    with pytest.raises(UnknownLocaleError, match="available locales: ar, de, en, es"):
        load_guide(locale=requested, fallback=False)


# match_locale: the parent chain, with available tags that include regional parents

REGIONAL = ("en", "es", "es-419", "zh-Hans", "zh-Hant-HK", "pt-PT", "pt-BR")


@pytest.fixture
def fresh_match_cache():
    """Match results are cached by request; start and end without them."""
    locale_tags_cache.clear()
    yield
    locale_tags_cache.clear()


@pytest.mark.parametrize(
    ("requested", "served"),
    [
        ("es-MX", "es-419"),  # CLDR: es_MX -> es_419 -> es
        ("es-AR", "es-419"),
        ("es-US", "es-419"),
        ("es-419", "es-419"),
        ("es-ES", "es"),
        ("es", "es"),
        ("zh-MO", "zh-Hant-HK"),  # CLDR: zh_Hant_MO -> zh_Hant_HK
        ("zh-Hant-MO", "zh-Hant-HK"),
        ("zh-HK", "zh-Hant-HK"),
        ("zh-TW", None),  # zh-Hant-TW, zh-Hant, (zh-Hant-TW): no zh-Hant-HK on the way
        ("zh-Hant", None),
        ("zh", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("pt-AO", "pt-PT"),  # CLDR: pt_AO -> pt_PT
        ("pt-MZ", "pt-PT"),
        ("pt-CV", "pt-PT"),
        ("pt-PT", "pt-PT"),
        ("pt", "pt-BR"),  # CLDR's pt is Brazilian Portuguese
        ("pt-BR", "pt-BR"),
        ("en-GB", "en"),
        ("de", None),
        ("sr-Latn", None),
    ],
)
@pytest.mark.usefixtures("fresh_match_cache")
def test_match_locale_walks_cldrs_parent_chain(requested, served):
    assert match_locale(parse_tag(requested), REGIONAL) == served


@pytest.fixture
def regional_catalogs(monkeypatch):
    """An in-memory catalog set with regional parents: es-419 (es's) and zh-Hant-HK (zh-Hans's).

    No bundled catalog is a regional parent, so only such a set shows the walk at work
    through ``load_guide`` and ``negotiate``.
    """
    from acupuncture_content import _catalogs, _i18n, _labels

    copies = {"es-419": "es", "zh-Hant-HK": "zh-Hans"}
    read, bundled = _catalogs._read_catalog, _catalogs.compiled_tags

    def compiled(domain):
        return tuple(sorted({*bundled(domain), *copies}))

    def read_copy(tag, domain):
        return dataclasses.replace(read(copies.get(tag, tag), domain), tag=tag)

    for module in (_i18n, _labels):
        monkeypatch.setattr(module, "compiled_tags", compiled)
    monkeypatch.setattr(_catalogs, "_read_catalog", read_copy)
    _cache.clear_caches()
    yield
    _cache.clear_caches()


@pytest.mark.parametrize(
    ("requested", "served"),
    [
        ("es-MX", "es-419"),
        ("es-AR", "es-419"),
        ("es-419", "es-419"),
        ("es-ES", "es"),
        ("es", "es"),
        ("zh-MO", "zh-Hant-HK"),
        ("zh-Hant-MO", "zh-Hant-HK"),
        ("zh-HK", "zh-Hant-HK"),
        ("zh-TW", "en"),  # zh-Hant-TW's chain does not pass zh-Hant-HK
        ("zh-CN", "zh-Hans"),
    ],
)
@pytest.mark.usefixtures("regional_catalogs")
def test_load_guide_and_negotiate_walk_to_an_in_memory_regional_parent(requested, served):
    assert served in available_locales()
    guide = load_guide(locale=requested)
    assert guide.locale == served
    assert negotiate(requested) == served
    if served == "es-419":
        assert guide.title == load_guide(locale="es").title
        assert guide.translation is not None and guide.translation.coverage == 1.0


def test_cldr_parent_data_is_what_the_chain_expects():
    parents = get_global("parent_exceptions")
    likely = get_global("likely_subtags")
    assert parents["es_MX"] == "es_419"
    assert parents["es_AR"] == "es_419"
    assert "es_ES" not in parents
    assert parents["zh_Hant_MO"] == "zh_Hant_HK"
    assert "zh_Hant_TW" not in parents  # so zh_Hant_TW's parent is zh_Hant (then root)
    assert "zh_Hant_HK" not in parents
    assert parents["pt_AO"] == "pt_PT"
    assert parents["pt_MZ"] == "pt_PT"
    assert likely["zh_TW"] == "zh_Hant_TW"
    assert likely["zh_Hant"] == "zh_Hant_TW"  # the default in Hant is TW, not HK
    assert likely["pt"] == "pt_Latn_BR"


@pytest.mark.parametrize(
    ("requested", "chain"),
    [
        ("es-MX", ["es-Latn-MX", "es-Latn-419", "es-Latn", "es-Latn-ES"]),
        ("es-ES", ["es-Latn-ES", "es-Latn"]),
        ("zh-MO", ["zh-Hant-MO", "zh-Hant-HK", "zh-Hant", "zh-Hant-TW"]),
        ("zh-TW", ["zh-Hant-TW", "zh-Hant"]),
        ("pt-AO", ["pt-Latn-AO", "pt-Latn-PT", "pt-Latn", "pt-Latn-BR"]),
        ("pt", ["pt-Latn-BR", "pt-Latn"]),
        ("en-GB", ["en-Latn-GB", "en-Latn-001", "en-Latn", "en-Latn-US"]),
    ],
)
def test_parent_chain_keeps_the_script(requested, chain):
    walked = parent_chain(maximized(parse_tag(requested)))
    assert [parts.tag for parts in walked] == chain
    assert {parts.script for parts in walked} == {maximized(parse_tag(requested)).script}


def _truncation_lookup(tag: str, available: tuple[str, ...]) -> str | None:
    """RFC 4647 §3.4 lookup: drop subtags from the end until an available tag matches."""
    offered = {candidate.lower(): candidate for candidate in available}
    subtags = tag.lower().split("-")
    while subtags:
        found = offered.get("-".join(subtags))
        if found is not None:
            return found
        subtags.pop()
    return None


@pytest.mark.parametrize(
    ("requested", "served"),
    [("es-MX", "es-419"), ("es-AR", "es-419"), ("zh-MO", "zh-Hant-HK"), ("pt-AO", "pt-PT")],
)
@pytest.mark.usefixtures("fresh_match_cache")
def test_plain_truncation_alone_would_serve_these_wrongly(requested, served):
    maximal = maximized(parse_tag(requested)).tag
    assert _truncation_lookup(requested, REGIONAL) != served
    assert _truncation_lookup(maximal, REGIONAL) != served
    assert match_locale(parse_tag(requested), REGIONAL) == served


@pytest.mark.parametrize(
    ("requested", "without_parents"),
    [("es-MX", "es"), ("es-AR", "es"), ("zh-MO", None), ("pt-AO", "pt-BR")],
)
@pytest.mark.usefixtures("fresh_match_cache")
def test_without_cldrs_parent_locales_the_walk_would_serve_these_wrongly(
    requested, without_parents, monkeypatch
):
    likely, _, aliases = _tags._cldr_tables()
    monkeypatch.setattr(_tags, "_cldr_tables", lambda: (likely, {}, aliases))
    assert match_locale(parse_tag(requested), REGIONAL) == without_parents


# text_direction_of


def test_text_direction_agrees_with_babel_for_every_cldr_locale():
    disagreements = {}
    vertical = set()
    for identifier in locale_identifiers():
        locale = babel.Locale.parse(identifier)
        expected = locale.text_direction
        if expected == "ttb":
            # Babel reports CLDR's top-to-bottom character order for Mongolian script; an
            # HTML dir (the contract's "ltr"/"rtl") for such text is ltr.
            vertical.add(identifier)
            expected = "ltr"
        actual = text_direction_of(identifier)
        if actual != expected:
            disagreements[identifier] = (actual, expected)
        hyphenated = identifier.replace("_", "-")
        if text_direction_of(hyphenated) != actual:
            disagreements[hyphenated] = (text_direction_of(hyphenated), actual)
    assert disagreements == {}
    assert {maximized(parse_tag(identifier)).script for identifier in vertical} <= {"Mong"}


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ar", "rtl"),
        ("ar-EG", "rtl"),
        ("he", "rtl"),
        ("iw", "rtl"),  # the deprecated code for Hebrew
        ("fa-IR", "rtl"),
        ("ur", "rtl"),
        ("pa-Arab", "rtl"),
        ("pa", "ltr"),
        ("az-Arab", "rtl"),
        ("ar-Latn", "ltr"),
        ("de-CH", "ltr"),
        ("zh-Hans", "ltr"),
        ("en", "ltr"),
    ],
)
def test_text_direction_follows_the_script(tag, direction):
    assert text_direction_of(tag) == direction


@pytest.mark.parametrize("tag", ["", "xx", "de--DE", "i-klingon", "a" * 10_000])
def test_text_direction_of_a_non_locale_is_a_value_error(tag):
    with pytest.raises(ValueError, match="is not a known BCP 47 locale tag"):
        text_direction_of(tag)


# check_locale_tag


@pytest.mark.parametrize(
    "tag", ["pt-BR", "zh-Hans", "zh-Hant-TW", "es-419", "sr-Latn", "en", "de-CH", "ar"]
)
def test_check_locale_tag_accepts_canonical_cldr_tags(tag):
    assert check_locale_tag(tag) == tag


@pytest.mark.parametrize(
    ("tag", "canonical"),
    [
        ("pt_BR", "pt-BR"),
        ("pt-br", "pt-BR"),
        ("zh-TW", "zh-Hant-TW"),
        ("zh-hans", "zh-Hans"),
        ("ES-419", "es-419"),
    ],
)
def test_check_locale_tag_names_the_canonical_form(tag, canonical):
    with pytest.raises(ValueError, match="not in canonical BCP 47 form") as raised:
        check_locale_tag(tag)
    assert str(raised.value).endswith(f"write {canonical!r}")


@pytest.mark.parametrize("tag", ["de-XX", "xx", "", "i-klingon", "de--DE", "a" * 10_000])
def test_check_locale_tag_rejects_non_locales_with_a_short_message(tag):
    with pytest.raises(ValueError, match="is not a known BCP 47 locale tag") as raised:
        check_locale_tag(tag)
    assert len(str(raised.value)) < 200


# RTL_SCRIPTS against the Unicode database: one letter of each script, with its bidi class.
RTL_SCRIPT_LETTERS = {
    "Adlm": "\U0001e900", "Arab": "\u0627", "Aran": "\u0627", "Armi": "\U00010840",
    "Avst": "\U00010b00", "Chrs": "\U00010fb0", "Cprt": "\U00010800", "Elym": "\U00010fe0",
    "Hatr": "\U000108e0", "Hebr": "\u05d0", "Hung": "\U00010c80", "Khar": "\U00010a10",
    "Lydi": "\U00010920", "Mand": "\u0840", "Mani": "\U00010ac0", "Mend": "\U0001e800",
    "Merc": "\U000109a0", "Mero": "\U00010980", "Narb": "\U00010a80", "Nbat": "\U00010880",
    "Nkoo": "\u07ca", "Ougr": "\U00010f70", "Orkh": "\U00010c00", "Palm": "\U00010860",
    "Phli": "\U00010b60", "Phlp": "\U00010b80", "Phnx": "\U00010900", "Prti": "\U00010b40",
    "Rohg": "\U00010d00", "Samr": "\u0800", "Sarb": "\U00010a60", "Sogd": "\U00010f30",
    "Sogo": "\U00010f00", "Syrc": "\u0710", "Thaa": "\u0780", "Yezi": "\U00010e80",
}  # fmt: skip
LTR_SCRIPT_LETTERS = {
    "Latn": "a", "Cyrl": "\u0430", "Deva": "\u0915", "Hans": "\u4e2d", "Hant": "\u4e2d",
    "Jpan": "\u3042", "Kore": "\ud55c", "Thai": "\u0e01", "Grek": "\u03b1", "Ethi": "\u1200",
}  # fmt: skip


def test_rtl_scripts_are_those_whose_letters_the_unicode_database_calls_right_to_left():
    import unicodedata

    from acupuncture_content._tags import RTL_SCRIPTS

    for script, letter in RTL_SCRIPT_LETTERS.items():
        assert unicodedata.bidirectional(letter) in {"R", "AL"}, script
    for script, letter in LTR_SCRIPT_LETTERS.items():
        assert unicodedata.bidirectional(letter) == "L", script
    assert frozenset(RTL_SCRIPT_LETTERS) == RTL_SCRIPTS
    assert RTL_SCRIPTS.isdisjoint(LTR_SCRIPT_LETTERS)


def test_languages_known_only_to_cldr_s_likely_subtags_are_known():
    from acupuncture_content._tags import known_language

    assert known_language("aaa")  # Ghotuo: likely subtags only, no locale data
    assert known_language("de")
    assert known_language("iw")  # an alias
    assert not known_language("qaa")  # private use
    assert not known_language("und")  # undetermined: CLDR has it, but it is no language


# Issue 17, finding 7: "und" was served English while "root" was refused. Neither is
# a locale (CLDR's "und" and "root" stand for no language at all), so both are refused
# as the contract says a tag that is not a locale is; negotiate() still never raises.
NOT_LOCALES = ["und", "UND", "und-Latn", "und_US", "und-x-private", "und-Arab-EG", "root"]


@pytest.mark.parametrize("value", NOT_LOCALES)
@pytest.mark.parametrize("fallback", [True, False])
def test_und_and_root_are_not_locales(value, fallback):
    with pytest.raises(UnknownLocaleError) as caught:
        load_guide(locale=value, fallback=fallback)
    assert str(caught.value) == (
        f"{value!r} is not a locale; available locales: ar, de, en, es, fr, hi, ja, ko, "
        "pt-BR, ru, vi, zh-Hans"
    )


@pytest.mark.parametrize("value", NOT_LOCALES)
def test_und_and_root_are_skipped_by_negotiation_like_any_non_locale(value):
    assert negotiate(value) == "en"
    assert negotiate(f"{value}, de;q=0.5") == "de"  # skipped, not read as English


@pytest.mark.parametrize("value", ["und", "root"])
def test_the_cli_refuses_und_and_root_alike(value):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "acupuncture_content", "render", "--locale", value],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{value!r} is not a locale; available locales: ar, de, en" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("value", "tag"),
    [("iw", "he"), ("iw-IL", "he-IL"), ("in", "id"), ("sh", "sr-Latn"), ("he", "he")],
)
def test_canonical_tag_replaces_deprecated_language_codes(value, tag):
    from acupuncture_content._tags import canonical_tag

    assert canonical_tag(value) == tag


@pytest.mark.parametrize(
    ("parts", "full"),
    [
        (LocaleParts("sr", "Latn"), LocaleParts("sr", "Latn", "RS")),
        (LocaleParts("pa", "Arab"), LocaleParts("pa", "Arab", "PK")),
        (LocaleParts("zh", None, "TW"), LocaleParts("zh", "Hant", "TW")),
        (LocaleParts("aaa"), LocaleParts("aaa", "Latn", "NG")),
    ],
)
def test_maximized_fills_in_the_likely_script_and_territory_and_keeps_given_ones(parts, full):
    assert maximized(parts) == full
