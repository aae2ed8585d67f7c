"""``negotiate`` serves the right locale for real ``Accept-Language`` headers.

This file proves that:

- the Accept-Language headers that Chrome, Firefox, Safari and Edge really send, on many
  OS and language settings, are served the tag the contract requires (CLDR parent chain,
  regional variants to the language's default locale, never a script crossing);
- RFC 9110 §12.5.4 is followed: ranges go by descending ``q`` and ties keep header
  order, ``q=0`` excludes what the range names under RFC 4647 basic filtering, malformed
  ranges and weights are skipped, ``*`` means the source locale, and ``None``, ``""``
  and blank headers get the source locale;
- a bare language is not used to cross scripts when it follows a regional range of the
  same language (``zh-TW,zh;q=0.8``), but it is when it comes first;
- no ``str`` makes ``negotiate`` raise, and the result is always an available locale;
- hostile headers, however many and however distinct, leave memory flat and never
  reach Babel's unbounded per-identifier caches.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acupuncture_content import (
    DEFAULT_GUIDE,
    GuideNotFoundError,
    available_locales,
    negotiate,
)

AVAILABLE = available_locales()
SOURCE = "en"


def test_the_guide_is_available_in_the_locales_the_tables_assume():
    # The header table below expects these tags to be served: each must be bundled, and
    # the default guide is the one negotiate() serves without a slug.
    assumed = {expected for _, expected in BROWSER_HEADERS}
    assert assumed <= set(AVAILABLE), assumed - set(AVAILABLE)
    assert {"ar", "en", "ja", "pt-BR", "zh-Hans"} <= assumed
    assert available_locales(DEFAULT_GUIDE) == AVAILABLE


# Header as the browser sends it -> the tag the contract says to serve.
BROWSER_HEADERS = [
    # Chrome / Edge (Chromium) on Windows, macOS, Linux, Android: "<locale>,<language>;q=0.9,..."
    ("en-US,en;q=0.9", "en"),
    ("en-GB,en-US;q=0.9,en;q=0.8", "en"),
    ("en-AU,en-GB;q=0.9,en;q=0.8", "en"),
    ("en-IN,en-GB;q=0.9,en-US;q=0.8,en;q=0.7,hi;q=0.6", "en"),
    ("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "de"),
    ("de-CH,de;q=0.9,en;q=0.8", "de"),
    ("de-AT,de;q=0.9,en-US;q=0.8,en;q=0.7", "de"),
    ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"),
    ("fr-CA,fr;q=0.9,en-CA;q=0.8,en;q=0.7", "fr"),
    ("es-ES,es;q=0.9", "es"),
    ("es-419,es;q=0.9", "es"),
    ("es-MX,es;q=0.9,en;q=0.8", "es"),
    ("es-US,es;q=0.9,en-US;q=0.8,en;q=0.7", "es"),
    ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "pt-BR"),
    ("pt-PT,pt;q=0.9,en;q=0.8", "pt-BR"),  # 0.3.0: pt-PT follows CLDR to pt's default, pt-BR
    ("pt-AO,pt;q=0.9,en;q=0.8", "pt-BR"),
    ("zh-CN,zh;q=0.9", "zh-Hans"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans"),
    ("zh-SG,zh;q=0.9,en;q=0.8", "zh-Hans"),
    ("zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", "en"),  # never Simplified for Traditional
    ("zh-HK,zh;q=0.9,zh-TW;q=0.8", "en"),
    ("zh-HK,zh-TW;q=0.9,zh;q=0.8,en;q=0.7", "en"),
    ("ja,en-US;q=0.9,en;q=0.8", "ja"),
    ("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7", "ja"),
    ("ko-KR,ko;q=0.9,en-US;q=0.8", "ko"),
    ("ko,en;q=0.9,en-US;q=0.8", "ko"),
    ("ar-SA,ar;q=0.9,en-US;q=0.8", "ar"),
    ("ar-EG,ar;q=0.9,en-US;q=0.8,en;q=0.7", "ar"),
    ("ar,en-US;q=0.9,en;q=0.8", "ar"),
    ("hi-IN,hi;q=0.9,en;q=0.8", "hi"),
    ("vi-VN,vi;q=0.9,fr-FR;q=0.8", "vi"),
    ("vi,en-US;q=0.9,en;q=0.8", "vi"),
    ("ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
    ("en-US,en;q=0.9,zh-CN;q=0.8,zh;q=0.7", "en"),
    # Firefox: "<locale>,<language>;q=0.5" and steps of 0.2 or 0.3 below
    ("en-GB,en;q=0.5", "en"),
    ("en-US,en;q=0.5", "en"),
    ("de,en-US;q=0.7,en;q=0.3", "de"),
    ("fr,fr-FR;q=0.8,en-US;q=0.5,en;q=0.3", "fr"),
    ("ja,en-US;q=0.7,en;q=0.3", "ja"),
    ("ru-RU,ru;q=0.8,en-US;q=0.5,en;q=0.3", "ru"),
    ("zh-CN,zh;q=0.8,zh-TW;q=0.7,zh-HK;q=0.5,en-US;q=0.3,en;q=0.2", "zh-Hans"),
    ("zh-TW,zh;q=0.8,en-US;q=0.5,en;q=0.3", "en"),
    ("pt-BR,pt;q=0.8,en-US;q=0.5,en;q=0.3", "pt-BR"),
    # Safari (macOS, iOS): often a single lowercase tag, or tag plus script
    ("en-gb", "en"),
    ("en-us", "en"),
    ("de-de", "de"),
    ("fr-fr", "fr"),
    ("ja-jp", "ja"),
    ("zh-cn", "zh-Hans"),
    ("zh-tw", "en"),
    ("en-GB,en;q=0.9", "en"),
    ("zh-CN,zh-Hans;q=0.9", "zh-Hans"),
    ("zh-Hans-CN,zh-Hans;q=0.9", "zh-Hans"),
    ("zh-TW,zh-Hant;q=0.9", "en"),
    ("zh-Hant-HK,zh-Hant;q=0.9,en;q=0.8", "en"),
    # Edge / old Internet Explorer, and hand-written headers: spaces, upper case, "*"
    ("en-US,en;q=0.9,de;q=0.8", "en"),
    ("de,de-DE;q=0.9,en;q=0.8,en-GB;q=0.7,en-US;q=0.6", "de"),
    ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr"),
    ("fr-BE, fr;q=0.9, nl;q=0.8, en;q=0.7", "fr"),
    ("de-DE, de; q=0.9, en; q=0.8", "de"),
    ("  es-MX ,  es ; q=0.9 ", "es"),
    ("DE-DE,DE;Q=0.9,EN;Q=0.8", "de"),
    ("PT-BR", "pt-BR"),
    ("ZH-HANS-CN", "zh-Hans"),
    ("*", "en"),
    # Languages the guide lacks: the next acceptable range, else the source
    ("it-IT,it;q=0.9,en;q=0.8", "en"),
    ("it-IT,it;q=0.9,fr;q=0.8,en;q=0.7", "fr"),
    ("nl-NL,nl;q=0.9,de;q=0.8", "de"),
    ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "en"),
    ("uk-UA,uk;q=0.9,ru;q=0.8,en;q=0.7", "ru"),
    ("tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7", "en"),
    ("he-IL,he;q=0.9,en-US;q=0.8,en;q=0.7", "en"),
    ("fa-IR,fa;q=0.9,ar;q=0.8,en;q=0.7", "ar"),
    ("ca-ES,ca;q=0.9,es;q=0.8,en;q=0.7", "es"),
    ("nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en-US;q=0.6,en;q=0.5", "en"),
    ("th-TH,th;q=0.9", "en"),
    ("bn-BD,bn;q=0.9,hi;q=0.8,en;q=0.7", "hi"),
    ("sr-Latn-RS,sr;q=0.9,en;q=0.8", "en"),
    ("sr-Latn-RS,sr;q=0.9,de;q=0.8", "de"),
    ("zh-Hant-TW,zh;q=0.8,en;q=0.6", "en"),
    ("yue-HK,yue;q=0.9,zh-HK;q=0.8,zh;q=0.7,en;q=0.6", "en"),
]


def test_the_header_table_has_at_least_forty_real_headers():
    assert len(BROWSER_HEADERS) >= 40
    assert len({header for header, _ in BROWSER_HEADERS}) == len(BROWSER_HEADERS)


@pytest.mark.parametrize(("header", "served"), BROWSER_HEADERS)
def test_real_browser_headers_are_served_the_contracts_locale(header, served):
    assert negotiate(header) == served
    assert negotiate(header, DEFAULT_GUIDE) == served


# RFC 9110 §12.5.4 and RFC 4647


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("fr;q=0.5, de", "de"),  # no q means q=1
        ("de;q=0.5,fr;q=0.7,es;q=0.6", "fr"),
        ("ja;q=0.2, ko;q=0.3, vi;q=0.25", "ko"),
        ("en;q=0.8, ar;q=0.9", "ar"),
        ("ru;q=0.999, hi", "hi"),
    ],
)
def test_ranges_are_tried_by_descending_weight(header, served):
    assert negotiate(header) == served


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("fr;q=0.8, de;q=0.8", "fr"),
        ("de;q=0.8, fr;q=0.8", "de"),
        ("ko, ja", "ko"),
        ("ja, ko", "ja"),
        ("it;q=0.5, vi;q=0.5, ru;q=0.5", "vi"),  # it is unavailable: next in header order
        ("es;q=0.5, es-MX;q=0.50, fr;q=0.500", "es"),
        ("ar;q=1, hi;q=1.0, en;q=1.000", "ar"),
    ],
)
def test_equal_weights_keep_header_order(header, served):
    assert negotiate(header) == served


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("de;q=0, de-CH", "en"),  # "de" names de, de-CH...: de-CH would be served de
        ("de-CH, de;q=0", "en"),  # position does not matter for an exclusion
        ("de;q=0.000, de-AT;q=0.9, fr;q=0.5", "fr"),
        ("de;q=0., de-DE", "en"),  # "0." is a valid qvalue: zero
        ("pt;q=0, pt-PT, pt-BR", "en"),
        ("zh;q=0, zh-CN", "en"),
        ("fr;q=0, ja", "ja"),
        ("*;q=0.5, de;q=0", "en"),
        ("de-CH;q=0, de", "de"),  # "de-CH" does not name "de" (RFC 4647 basic filtering)
        ("pt-PT;q=0, pt", "pt-BR"),
        ("zh-Hans;q=0, zh-CN, ja;q=0.5", "ja"),
        ("PT-br;q=0, pt, es;q=0.1", "es"),  # basic filtering ignores case
    ],
)
def test_q_zero_excludes_every_locale_the_range_names(header, served):
    assert negotiate(header) == served


@pytest.mark.parametrize(
    "weight",
    [
        "q=abc",
        "q=1.5",
        "q=0.1234",
        "q=-1",
        "q=1.001",
        "q=2",
        "q=.5",
        "q=",
        "q",
        "q =0.5",
        "q= 0.5",
        "q=0,5",
        "q=0.5x",
        "q=1e0",
        "q=\u0661",  # ARABIC-INDIC DIGIT ONE is not a DIGIT
        "x=1",
        "",
    ],
)
def test_a_malformed_weight_skips_only_its_range(weight):
    assert negotiate(f"de;{weight}, fr;q=0.5") == "fr"
    assert negotiate(f"de;{weight}") == "en"


@pytest.mark.parametrize(
    "header",
    [
        "de;q=0.9;level=1, fr;q=0.5",
        "de;level=1, fr;q=0.5",
        "de;q=0.9;q=0.8, fr;q=0.5",
        "de;charset=utf-8;q=0.9, fr;q=0.5",
        "de;;q=0.9, fr;q=0.5",
    ],
)
def test_a_range_with_extra_parameters_is_skipped(header):
    assert negotiate(header) == "fr"


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("de;Q=0.5, fr;q=0.4", "de"),  # parameter names are case-insensitive
        ("de ; q=0.5, fr;q=0.4", "de"),  # OWS around ";" (RFC 9110 weight = OWS ";" OWS)
        ("\tde\t;\tq=0.5,\tfr;q=0.4", "de"),
        ("de;q=1.000, fr", "de"),
        ("de;q=1., fr", "de"),
        ("fr;q=0.5, de;q=0.501", "de"),
    ],
)
def test_well_formed_weights_are_read(header, served):
    assert negotiate(header) == served


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("de-*, fr;q=0.5", "fr"),  # extended ranges are not basic ranges
        ("*-DE, fr;q=0.5", "fr"),
        ("pt_BR, fr;q=0.5", "fr"),  # "_" is not in the range grammar
        ("de-DE@euro, fr;q=0.5", "fr"),
        ("de\u00a0, fr;q=0.5", "fr"),  # NO-BREAK SPACE is not OWS
        ("ｄｅ, fr;q=0.5", "fr"),  # fullwidth letters are not ALPHA
        ("abcdefghi, fr;q=0.5", "fr"),  # a subtag of more than 8 characters
        ("i-klingon, fr;q=0.5", "fr"),  # well-formed range but no CLDR language
        ("xx-YY, fr;q=0.5", "fr"),
        ("x-private, fr;q=0.5", "fr"),
        (" , ,de", "de"),  # empty list elements are ignored (RFC 9110 §5.6.1)
        (",,,", "en"),
        ("de,", "de"),
    ],
)
def test_malformed_ranges_are_skipped(header, served):
    assert negotiate(header) == served


@pytest.mark.parametrize("header", ["*", " * ", "*;q=1", "*;q=0.5", "*;q=0.001"])
def test_the_wildcard_alone_is_the_source_locale(header):
    assert negotiate(header) == SOURCE


def test_the_wildcard_is_the_source_locale_at_its_own_weight():
    assert negotiate("*;q=0.5, de;q=0") == "en"
    assert negotiate("fr;q=0.4, *;q=0.5") == "en"
    assert negotiate("fr;q=0.6, *;q=0.5") == "fr"
    assert negotiate("*, de") == "en"  # a tie keeps header order


@pytest.mark.parametrize("header", [None, "", " ", "\t", " \t ", ",", ";", ";q=1", "q=1"])
def test_empty_and_blank_headers_are_served_the_source_locale(header):
    assert negotiate(header) == SOURCE


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("de;q=0.001", "de"),
        ("it, de;q=0.001", "de"),
        ("de;q=0.001, fr;q=0.002", "fr"),
        ("de;q=0.0001, fr;q=0.001", "fr"),  # four decimals: that range is skipped
        ("ja;q=0.010, ko;q=0.01", "ja"),
    ],
)
def test_weights_of_up_to_three_decimals_count(header, served):
    assert negotiate(header) == served


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("zh-TW,zh;q=0.8", "en"),
        ("zh-TW,zh;q=0.8,en;q=0.5", "en"),
        ("zh-TW,zh;q=0.8,ja;q=0.5", "ja"),
        ("zh-Hant,zh;q=0.9", "en"),
        ("zh-HK, zh", "en"),
        ("zh-MO,zh;q=0.9", "en"),
        ("zh;q=0.9,zh-TW;q=0.8", "zh-Hans"),  # the bare language comes first
        ("zh,zh-TW;q=0.8", "zh-Hans"),
        ("zh-SG,zh;q=0.9", "zh-Hans"),  # same script: nothing crossed
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("zh-TW,zh-CN;q=0.9,zh;q=0.8", "zh-Hans"),  # an explicit Simplified range
        ("zh-TW,zh;q=0.9,zh-CN;q=0.8", "zh-Hans"),
        ("sr-Latn-RS,sr;q=0.9,ru;q=0.8", "ru"),
    ],
)
def test_a_bare_language_after_a_regional_range_does_not_cross_scripts(header, served):
    assert negotiate(header) == served


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("pt-PT", "pt-BR"),
        ("pt-AO", "pt-BR"),
        ("pt-MZ", "pt-BR"),
        ("pt", "pt-BR"),
        ("pt-BR", "pt-BR"),
        ("es-ES", "es"),
        ("es-MX", "es"),
        ("es-419", "es"),
        ("es-AR", "es"),
        ("en-GB", "en"),
        ("en-AU", "en"),
        ("en-IN", "en"),
        ("de-AT", "de"),
        ("de-CH", "de"),
        ("de-LI", "de"),
        ("fr-CA", "fr"),
        ("fr-CH", "fr"),
        ("ar-MA", "ar"),
        ("ru-UA", "ru"),
        ("zh-CN", "zh-Hans"),
        ("zh-Hans-SG", "zh-Hans"),
    ],
)
def test_regional_variants_follow_the_cldr_parent_chain(header, served):
    assert negotiate(header) == served
    assert negotiate(f"{header};q=0.5") == served


@pytest.mark.parametrize("header", ["zh-TW", "zh-Hant", "zh-HK", "sr-Latn", "ja-Latn", "ar-Latn"])
def test_a_single_range_in_another_script_is_served_the_source_locale(header):
    assert negotiate(header) == SOURCE


# Any string: never an error, always an available locale

REALISTIC_RANGES = [
    "*",
    "en",
    "en-US",
    "en-GB",
    "de",
    "de-DE",
    "de-CH",
    "fr",
    "fr-CA",
    "es",
    "es-419",
    "es-MX",
    "pt",
    "pt-PT",
    "pt-BR",
    "zh",
    "zh-CN",
    "zh-TW",
    "zh-HK",
    "zh-Hans",
    "zh-Hant-TW",
    "ja",
    "ko-KR",
    "ar-SA",
    "hi-IN",
    "vi",
    "ru-RU",
    "sr-Latn-RS",
    "it-IT",
    "nl",
    "und",
    "i-klingon",
    "x-private",
    "en-US-x-private",
    "de-DE-u-co-phonebk",
    "pt_BR",
    "de-DE@euro",
    "de-*",
    "",
]
WEIGHTS = [
    "",
    ";q=1",
    ";q=0",
    ";q=0.",
    ";q=0.5",
    ";q=0.001",
    ";Q=0.9",
    ";q=1.000",
    ";q=abc",
    ";q=1.5",
    ";q=-1",
    ";q=0.1234",
    ";q=0.5;level=1",
    ";",
    ";;q=0.5",
    "; q=0.7",
]
ows = st.sampled_from(["", " ", "  ", "\t", " \t"])
language_range = st.one_of(
    st.sampled_from(REALISTIC_RANGES),
    st.from_regex(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,4}", fullmatch=True),
    st.text(max_size=12),
)
weight = st.one_of(
    st.sampled_from(WEIGHTS),
    st.text(max_size=10).map(lambda text: f";{text}"),
    st.from_regex(r";[qQ]=[0-9.\-+eE]{0,7}", fullmatch=True),
)
element = st.tuples(ows, language_range, ows, weight, ows).map("".join)
header_shaped = st.one_of(
    st.lists(element, max_size=12).map(",".join),
    st.lists(element, max_size=100).map(", ".join),
    st.builds(lambda part, count: ",".join([part] * count), element, st.integers(1, 5000)),
    st.builds(
        lambda part, count: part * count, st.text(min_size=1, max_size=6), st.integers(1, 100_000)
    ),
    st.builds(
        lambda prefix, tail: prefix + tail, element, st.text(alphabet="-;=,.q0", max_size=2000)
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_served_an_available_locale(header):
    assert negotiate(header) in AVAILABLE


@settings(max_examples=300, deadline=None)
@given(header_shaped)
def test_any_header_shaped_string_is_served_an_available_locale(header):
    served = negotiate(header)
    assert served in AVAILABLE
    assert negotiate(header) == served  # deterministic


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([tag for tag in AVAILABLE if tag != SOURCE]), header_shaped)
def test_a_range_with_q_zero_is_never_served(excluded, header):
    assert negotiate(f"{excluded};q=0,{header}") != excluded
    assert negotiate(f"{excluded.upper()};q=0,{header}") != excluded


@pytest.mark.parametrize("tag", AVAILABLE)
def test_each_available_tag_alone_is_served_itself(tag):
    assert negotiate(tag) == tag
    assert negotiate(tag.lower()) == tag
    assert negotiate(tag.upper()) == tag
    assert negotiate(f" {tag} ;q=0.3") == tag


@pytest.mark.parametrize("header", [0, 1, 3.5, b"de", bytearray(b"de"), ["de"], ("de",), object()])
def test_a_header_that_is_neither_str_nor_none_is_a_type_error(header):
    with pytest.raises(TypeError, match="accept_language must be a str or None"):
        negotiate(header)


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.integers(), st.binary()))
def test_ints_and_bytes_are_type_errors(header):
    with pytest.raises(TypeError):
        negotiate(header)


def test_an_unknown_guide_is_a_guide_not_found_error():
    with pytest.raises(GuideNotFoundError, match="no-such"):
        negotiate("de", guide="no-such")
    with pytest.raises(GuideNotFoundError):
        negotiate(None, guide="no-such")
    with pytest.raises(LookupError):  # GuideNotFoundError is a LookupError too
        negotiate("de", "no-such")


@pytest.mark.parametrize("guide", [None, 1, b"acupuncture-for-back-pain"])
def test_a_guide_that_is_not_a_str_is_a_type_error(guide):
    with pytest.raises(TypeError, match="guide must be a str"):
        negotiate("de", guide=guide)


# Memory: a fresh interpreter, so that earlier tests' caches do not hide growth. Tracing
# every allocation over 21,000 headers takes seconds: these tests are marked slow.

MEMORY_SCRIPT = textwrap.dedent(
    """
    import gc
    import json
    import string
    import tracemalloc

    import babel.localedata

    from acupuncture_content import _cache, available_locales, negotiate
    from acupuncture_content._i18n import locale_tags_cache

    available = set(available_locales())
    letters = string.ascii_lowercase


    def hostile(i):
        kind = i % 16
        if kind in {0, 1, 2}:  # the tags that once grew Babel's cache by 85 MB
            return f"de-DE@{'x' * 4000}{i}"
        if kind in {3, 4}:
            return f"de.{i}{'y' * 10000}"
        if kind in {5, 6}:
            return f"x{i:06d}"
        if kind in {7, 8}:
            return f"de-DE-x-{i:08d}"
        if kind in {9, 10}:  # well-formed language-region pairs, most unknown to CLDR
            a, b, c, d = (letters[i // 26**k % 26] for k in range(4))
            return f"{a}{b}-{c.upper()}{d.upper()},{b}{c}{d};q=0.5,{a}{b}{c}-{i % 1000:03d}"
        if kind in {11, 12}:
            return f"en-US;q=0.{i % 1000:03d}, de-{i % 1000:03d}-{'z' * 8}, *;q=0.1"
        if kind in {13, 14}:
            return f"{letters[i % 26]}{letters[i // 26 % 26]}_{i}.UTF-8@euro"
        return ",".join(f"q{i}-{j};q=0.{j:03d}" for j in range(100))


    def megabyte(i):
        size = 1 << 20
        kind = i % 32
        if kind < 6:
            text = "de-DE;q=0.5," * (size // 12)
        elif kind < 12:
            text = "a" * size
        elif kind < 17:
            text = "de;q=0." + "1" * size
        elif kind < 22:
            text = "de-DE@" + "x" * size
        elif kind < 27:
            text = "," * size
        elif kind < 29:
            text = "zh-TW,zh;q=0.8," + " " * size
        elif kind == 29:
            text = "en-US-x-" + "-".join(["abcdefgh"] * (size // 9))
        elif kind == 30:
            text = "-".join(["abcdefgh"] * (size // 9))
        else:
            text = "de;" + ";" * size
        return f"{text}{i}"


    for warm in ("de-CH,de;q=0.9", "zh-TW,zh;q=0.8", "pt-PT", "*", "x", "ab-CD", "en;q=0"):
        negotiate(warm)
    gc.collect()
    exists_before = babel.localedata.exists.cache_info().currsize
    loaded_before = len(babel.localedata._cache)

    tracemalloc.start()
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(20_000):
        assert negotiate(hostile(i)) in available
    gc.collect()
    after_headers = tracemalloc.get_traced_memory()[0]
    exists_after_headers = babel.localedata.exists.cache_info().currsize
    for i in range(1024):
        assert negotiate(megabyte(i)) in available
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()

    print(json.dumps({
        "headers_growth": after_headers - before,
        "growth": after - before,
        "exists_before": exists_before,
        "exists_after_headers": exists_after_headers,
        "exists_after": babel.localedata.exists.cache_info().currsize,
        "loaded_before": loaded_before,
        "loaded_after": len(babel.localedata._cache),
        "locale_tags": len(locale_tags_cache),
        "locale_tags_max": locale_tags_cache.max_entries,
    }))
    """
)


@pytest.fixture(scope="module")
def memory_report():
    completed = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


MEGABYTE = 1 << 20


@pytest.mark.slow
def test_memory_stays_flat_over_twenty_thousand_distinct_hostile_headers(memory_report):
    assert memory_report["headers_growth"] < 8 * MEGABYTE, memory_report


@pytest.mark.slow
def test_memory_stays_flat_over_a_thousand_distinct_one_megabyte_headers(memory_report):
    assert memory_report["growth"] < 8 * MEGABYTE, memory_report


@pytest.mark.slow
def test_hostile_headers_never_feed_babels_unbounded_caches(memory_report):
    assert memory_report["exists_after_headers"] == memory_report["exists_before"], memory_report
    assert memory_report["exists_after"] == memory_report["exists_before"], memory_report
    assert memory_report["loaded_after"] == memory_report["loaded_before"], memory_report


@pytest.mark.slow
def test_the_packages_own_negotiation_cache_stays_within_its_bound(memory_report):
    assert memory_report["locale_tags"] <= memory_report["locale_tags_max"], memory_report
