"""Translation QA: every catalog is complete, current, and passes a localization team's checks.

The checks are translate-toolkit's ``pofilter`` checks, the field's own tool, with
those that suit this content (a guide and a few interface strings):

- ``numbers``, ``urls``, ``emails``, ``xmltags``, ``escapes``, ``newlines``, ``tabs``,
  ``variables``, ``pythonbraceformat``, ``printf``: nothing a reader or the renderer
  depends on is translated or lost (the "30-60 minutes", a link, ``{duration}``);
- ``untranslated``, ``blank``, ``isfuzzy``, ``unchanged``, ``nplurals``: complete;
- ``startwhitespace``, ``endwhitespace``, ``doublespacing``, ``purepunc``,
  ``sentencecount``, ``acronyms``, ``singlequoting``: form.

Left out, with why (each gave only false positives on correct translations here):
``brackets`` and ``doublequoting`` (Chinese and Japanese use full-width brackets and
quotes), ``startpunc``/``endpunc``/``puncspacing`` (a reading-time template such as
"Lesezeit: {duration}" starts differently; Arabic, CJK and Korean punctuate and space
differently), ``startcaps``/``simplecaps`` (scripts without case; German nouns),
``doublewords`` (French "vous vous détendez" is correct), ``long``/``short`` (CJK is
legitimately much shorter), and the spelling, accelerator and KDE checks, which do not
apply. The Markdown markup inside segments is compared separately below, as pofilter
has no CommonMark check.

Last, loading them (``_catalogs``): a corrupt compiled catalog or review-status file is
a ``ContentError`` naming the file, for that locale only, and never cached as a success.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st
from translate.filters import checks
from translate.storage import factory

from acupuncture_content import (
    ContentError,
    _catalogs,
    _precomputed,
    available_locales,
    load_guide,
    render,
)
from acupuncture_content._catalog_rules import check_catalog
from helpers import load_tool

ROOT = Path(__file__).parent.parent
LOCALES_DIR = ROOT / "locales"
PO_FILES = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po"))
FOLDERS = sorted(path.name for path in LOCALES_DIR.iterdir() if path.is_dir())
MARKUP = re.compile(r"\*+|_+(?=\w)|(?<=\w)_+|\[|\]\(|<|>|`")

POFILTER_CHECKS = [
    "numbers",
    "urls",
    "emails",
    "xmltags",
    "escapes",
    "newlines",
    "tabs",
    "variables",
    "pythonbraceformat",
    "printf",
    "untranslated",
    "blank",
    "isfuzzy",
    "unchanged",
    "nplurals",
    "startwhitespace",
    "endwhitespace",
    "doublespacing",
    "purepunc",
    "sentencecount",
    "acronyms",
    "singlequoting",
]

#: Acronyms each language writes its own way, which the ``acronyms`` check would want
#: left as in English: "AI" is KI in German, IA in French, Spanish and Portuguese, ИИ
#: in Russian, एआई in Hindi (Japanese, Korean, Chinese and Vietnamese keep "AI").
TRANSLATED_ACRONYMS = ["AI"]


def _read(path: Path):
    with path.open("rb") as file:
        return read_po(file, domain=path.stem)


def _id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.stem}"


def test_every_locale_folder_has_both_catalogs_and_is_served():
    domains = {"acupuncture_content", "acupuncture-for-back-pain"}
    for folder in FOLDERS:
        assert {
            path.stem for path in (LOCALES_DIR / folder / "LC_MESSAGES").glob("*.po")
        } == domains
    assert sorted(tag.replace("-", "_") for tag in available_locales() if tag != "en") == FOLDERS


def test_templates_and_catalogs_are_current_with_the_sources():
    """What `python tools/catalogs.py check` (and `nox -s catalogs`) reports."""
    assert load_tool("catalogs").check(ROOT) == []


@pytest.mark.parametrize("path", PO_FILES, ids=_id)
def test_catalog_is_complete(path):
    catalog = _read(path)
    assert not catalog.fuzzy
    for message in catalog:
        if message.id:
            assert not message.fuzzy, message.context
            assert str(message.string).strip(), message.context
    assert not list(catalog.obsolete)


@pytest.mark.parametrize("path", PO_FILES, ids=_id)
def test_catalog_obeys_the_build_rules(path):
    catalog = _read(path)
    problems = check_catalog(
        catalog,
        str(path),
        folder=path.parent.parent.name,
        interface=path.stem == "acupuncture_content",
    )
    assert problems == []


@pytest.mark.parametrize("path", PO_FILES, ids=_id)
def test_catalog_passes_pofilter(path):
    language = path.parent.parent.name.split("_")[0]
    checker = checks.StandardChecker(
        checkerconfig=checks.CheckerConfig(
            targetlanguage=language, musttranslatewords=TRANSLATED_ACRONYMS
        ),
        limitfilters=POFILTER_CHECKS,
    )
    failures = {}
    for unit in factory.getobject(str(path)).units:
        if unit.isheader() or not unit.source:
            continue
        found = checker.run_filters(unit)
        if found:
            failures[unit.getcontext()] = found
    assert failures == {}


def test_pofilter_catches_what_it_is_trusted_with(tmp_path):
    """The checks relied on above do fail on the defects they exist for."""
    broken = tmp_path / "broken.po"
    broken.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "a"\nmsgid "Sessions last 30-60 minutes."\nmsgstr "Sitzungen dauern 30-90 Minuten."\n\n'
        'msgctxt "b"\nmsgid "See https://example.org/."\nmsgstr "Siehe https://example.com/."\n\n'
        'msgctxt "c"\nmsgid "{duration} read"\nmsgstr "Lesezeit: {dauer}"\n',
        encoding="utf-8",
    )
    checker = checks.StandardChecker(
        checkerconfig=checks.CheckerConfig(targetlanguage="de"), limitfilters=POFILTER_CHECKS
    )
    found = {
        unit.getcontext(): set(checker.run_filters(unit))
        for unit in factory.getobject(str(broken)).units
        if not unit.isheader()
    }
    assert "numbers" in found["a"]
    assert "urls" in found["b"]
    assert "pythonbraceformat" in found["c"]


@pytest.mark.parametrize(
    "path", [path for path in PO_FILES if path.stem != "acupuncture_content"], ids=_id
)
def test_markdown_markup_is_preserved(path):
    for message in _read(path):
        if message.id:
            assert sorted(MARKUP.findall(str(message.string))) == sorted(
                MARKUP.findall(str(message.id))
            ), message.context


@pytest.mark.parametrize("path", PO_FILES, ids=_id)
def test_review_status_is_recorded_honestly(path):
    header = _read(path).header_comment
    assert "Review-Status: unreviewed" in header
    assert "No qualified human medical translator has reviewed it" in header.replace(
        "#", ""
    ).replace("\n ", " ")


# The markup and language rules, on catalogs made in memory (what a hostile or
# careless translator could write; the build hook runs the same check_catalog).

GUIDE_PATH = "locales/de/LC_MESSAGES/acupuncture-for-back-pain.po"
LINE = 20
P1 = "introduction/p1"
HEADING = "is-acupuncture-safe/heading"
SOURCE = "Back pain affects millions of people."
WITH_LINK = "See [the WHO](https://www.who.int/) for more."
TWO_LINKS = "See [the WHO](https://www.who.int/) and [the NHS](https://www.nhs.uk/)."
WITH_AUTOLINK = "See <https://example.org/auto> for more."


def _nested(levels: int, word: str = "x") -> str:
    """``word`` inside ``levels`` alternating emphasis and strong spans (depth levels + 1)."""
    text = word
    for level in range(levels):
        marker = "*" if level % 2 == 0 else "**"
        text = f"{marker}a {text} a{marker}"
    return text


def _catalog(*messages: tuple[str, str, str], language: str | None = "de") -> Catalog:
    catalog = Catalog(locale=language, fuzzy=False, header_comment="# Review-Status: unreviewed")
    for line, (context, msgid, msgstr) in enumerate(messages, start=LINE):
        catalog.add(msgid, msgstr, context=context, lineno=line)
    return catalog


def _problems(catalog: Catalog, *, folder: str = "de", interface: bool = False) -> list[str]:
    return [
        str(problem)
        for problem in check_catalog(catalog, GUIDE_PATH, folder=folder, interface=interface)
    ]


MARKUP_REFUSED = [
    (
        "added link",
        P1,
        SOURCE,
        "Rückenschmerzen. [Jetzt Termin buchen](https://evil.example/phish)",
        (
            "the translation adds a link to 'https://evil.example/phish'; keep exactly the "
            "source's link targets (none)"
        ),
    ),
    (
        "autolink",
        P1,
        SOURCE,
        "Rückenschmerzen. <https://evil.example/auto>",
        "adds a link to 'https://evil.example/auto'",
    ),
    (
        "email autolink",
        P1,
        SOURCE,
        "Rückenschmerzen. <phish@evil.example>",
        "adds a link to 'mailto:phish@evil.example'",
    ),
    (
        "changed href",
        P1,
        WITH_LINK,
        "Siehe [die WHO](https://evil.example/who).",
        "adds a link to 'https://evil.example/who' and drops a link to 'https://www.who.int/'",
    ),
    (
        "removed link",
        P1,
        WITH_LINK,
        "Siehe die WHO.",
        (
            "drops a link to 'https://www.who.int/'; keep exactly the source's link targets "
            "('https://www.who.int/')"
        ),
    ),
    (
        "the source's link twice",
        P1,
        WITH_LINK,
        "Siehe [die WHO](https://www.who.int/) und [hier](https://www.who.int/).",
        "adds a link to 'https://www.who.int/'",
    ),
    (
        "a link rewritten as an autolink",
        P1,
        WITH_LINK,
        "Siehe <https://www.who.int/>.",
        "writes a link to 'https://www.who.int/' as an autolink (<...>)",
    ),
    (
        "script",
        P1,
        SOURCE,
        "Rückenschmerzen.<script>alert(1)</script>",
        "raw HTML are not supported in guides",
    ),
    (
        "image",
        P1,
        SOURCE,
        "![x](https://evil.example/x.png) Rückenschmerzen.",
        "images are not supported in guides",
    ),
    ("code span", P1, SOURCE, "Rückenschmerzen `rm -rf /`.", "inline code are not supported"),
    (
        "link in a heading",
        HEADING,
        "Is Acupuncture Safe?",
        "Ist Akupunktur [sicher](https://evil.example/)?",
        "a title or heading must be plain text, without emphasis or links",
    ),
    (
        "link in the title",
        "title",
        "Acupuncture for Back Pain",
        "<https://evil.example/>",
        "a title or heading must be plain text",
    ),
    (
        "emphasis in a heading",
        HEADING,
        "Is Acupuncture Safe?",
        "Ist Akupunktur *sicher*?",
        "a title or heading must be plain text",
    ),
    (
        "override as an entity",
        P1,
        SOURCE,
        "Rücken&#x202E;schmerzen.",
        (
            "(bidirectional embedding or override U+202E at position 6); entities such as "
            "&#x202E; and backslash escapes are decoded before this check"
        ),
    ),
    (
        "override as an entity in a heading",
        HEADING,
        "Is Acupuncture Safe?",
        "Ist Akupunktur &#x202E;sicher?",
        "bidirectional embedding or override U+202E at position 15",
    ),
    (
        "unbalanced isolate as an entity",
        P1,
        SOURCE,
        "Rücken&#x2066;schmerzen.",
        "(bidirectional control character U+2066 at position 6)",
    ),
    (
        "balanced isolates as entities",
        P1,
        SOURCE,
        "&#x2066;Rücken&#x2069;schmerzen.",
        "(bidirectional control character U+2066 at position 0)",
    ),
    (
        "directional mark as an entity",
        P1,
        SOURCE,
        "Rücken&lrm;schmerzen.",
        "(bidirectional control character U+200E at position 6)",
    ),
    (
        "isolates as entities in a heading",
        HEADING,
        "Is Acupuncture Safe?",
        "Ist &#x2067;Akupunktur&#x2069; sicher?",
        "(bidirectional control character U+2067 at position 4)",
    ),
    (
        "line separator as an entity",
        P1,
        SOURCE,
        "Rücken&#x2028;schmerzen.",
        "line or paragraph separator U+2028",
    ),
    (
        "17 levels deep",
        P1,
        _nested(16),
        _nested(16, "y"),
        "inline markup nests 17 levels deep; at most 16 are allowed",
    ),
    ("blank once decoded", P1, SOURCE, "&#32;", "the translation has no text once its markup"),
    (
        "link without text",
        P1,
        WITH_LINK,
        "Siehe [](https://www.who.int/).",
        "the link to 'https://www.who.int/' has no text",
    ),
    (
        "emphasis added",
        P1,
        SOURCE,
        "Rückenschmerzen betreffen *Millionen*.",
        (
            "the translation has 1 emphasis (*...*) and 0 strong (**...**) spans, the source 0 "
            "and 0: keep the same number of each"
        ),
    ),
    (
        "emphasis made strong",
        P1,
        "Do *not* stop the treatment.",
        "Brechen Sie die Behandlung **nicht** ab.",
        "the translation has 0 emphasis (*...*) and 1 strong (**...**) spans, the source 1 and 0",
    ),
]


@pytest.mark.parametrize(
    ("name", "context", "msgid", "msgstr", "message"),
    MARKUP_REFUSED,
    ids=[case[0] for case in MARKUP_REFUSED],
)
def test_markup_rule_refuses(name, context, msgid, msgstr, message):  # noqa: ARG001 - the id
    problems = _problems(_catalog((context, msgid, msgstr)))
    expected = f"{GUIDE_PATH}:{LINE}: [markup] msgctxt {context!r}: "
    assert any(problem.startswith(expected) and message in problem for problem in problems), (
        problems
    )
    # Written in plain ASCII or as entities: the text rule, which reads the raw file,
    # has nothing to say; the markup rule reads what the pipeline would.
    assert all("[markup]" in problem for problem in problems), problems


MARKUP_ACCEPTED = [
    ("translated link text", P1, WITH_LINK, "Siehe [die WHO](https://www.who.int/)."),
    (
        "links in another order",
        P1,
        TWO_LINKS,
        "Siehe [den NHS](https://www.nhs.uk/) und [die WHO](https://www.who.int/).",
    ),
    ("the source's autolink kept", P1, WITH_AUTOLINK, "Siehe <https://example.org/auto>."),
    ("emphasis on another word", P1, "Do *not* stop.", "*Nicht* aufhören."),
    ("escaped stars in a heading", HEADING, "Is It Safe?", "Ist es \\*sicher\\*?"),
    ("entities in a heading", "title", "Title", "5 &lt; 20 &amp; mehr"),
    ("16 levels deep", P1, _nested(15), _nested(15, "y")),
    ("untranslated", P1, WITH_LINK, ""),
]


@pytest.mark.parametrize(
    ("name", "context", "msgid", "msgstr"),
    MARKUP_ACCEPTED,
    ids=[case[0] for case in MARKUP_ACCEPTED],
)
def test_markup_rule_accepts(name, context, msgid, msgstr):  # noqa: ARG001 - the id
    assert _problems(_catalog((context, msgid, msgstr))) == []


def test_markup_rule_reports_each_message_at_its_line():
    catalog = _catalog(
        (P1, SOURCE, "Rückenschmerzen."),
        ("introduction/p2", SOURCE, "[x](https://evil.example/)"),
        ("introduction/p3", SOURCE, "Rücken&#x202E;schmerzen."),
    )
    assert [problem.split(" msgctxt")[0] for problem in _problems(catalog)] == [
        f"{GUIDE_PATH}:{LINE + 1}: [markup]",
        f"{GUIDE_PATH}:{LINE + 2}: [markup]",
    ]


def test_a_raw_override_is_reported_once_by_the_text_rule():
    problems = _problems(_catalog((P1, SOURCE, "Rücken\u202eschmerzen.")))
    assert problems == [
        (
            f"{GUIDE_PATH}:{LINE}: [text] msgctxt {P1!r}: bidirectional embedding or override "
            "U+202E at position 6 is not allowed"
        )
    ]


# Bidirectional controls. Balanced isolates pass the content model (its 0.3.0 contract),
# yet reorder what a reader sees: this displays "Acupuncture is not a substitute for
# medical care." and is stored (read by screen readers, search, language models) as
# "Acupuncture a substitute for medical care. is not". The renderers isolate text
# themselves, so a translation needs none of them.
RLI, LRI, PDI, ALM = "\u2067", "\u2066", "\u2069", "\u061c"
REORDERED = f"Acupuncture {RLI}{LRI}a substitute for medical care.{PDI} {LRI}is not{PDI}{PDI}"
DISCLAIMER = "Acupuncture is not a substitute for medical care."
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_balanced_isolates_that_reorder_the_disclaimer_are_refused():
    catalog = _catalog(("disclaimer", DISCLAIMER, REORDERED))
    assert _problems(catalog, interface=True) == [
        (
            f"{GUIDE_PATH}:{LINE}: [text] msgctxt 'disclaimer': bidirectional control character "
            "U+2067 at position 12 is not allowed"
        )
    ]
    guide = _catalog((P1, DISCLAIMER, REORDERED))
    assert _problems(guide) == [
        (
            f"{GUIDE_PATH}:{LINE}: [text] msgctxt {P1!r}: bidirectional control character "
            "U+2067 at position 12 is not allowed"
        )
    ]


def test_arabic_letter_marks_that_swap_numbers_are_refused():
    """ALM 1 ALM 20 displays as "20 1" in a left-to-right paragraph."""
    catalog = _catalog(("reading-time", "{duration} read", f"{ALM}1 {ALM}20 {{duration}}"))
    assert _problems(catalog, interface=True) == [
        (
            f"{GUIDE_PATH}:{LINE}: [text] msgctxt 'reading-time': bidirectional control character "
            "U+061C at position 0 is not allowed"
        )
    ]


@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=lambda control: f"U+{ord(control):04X}")
def test_every_bidirectional_control_is_refused_raw_or_as_an_entity(control):
    code = f"U+{ord(control):04X}"
    for context, interface in (("disclaimer", True), (P1, False), (HEADING, False)):
        written = f"R\u00fccken{control}schmerzen{control}."
        problems = _problems(_catalog((context, SOURCE, written)), interface=interface)
        assert problems == [
            (
                f"{GUIDE_PATH}:{LINE}: [text] msgctxt {context!r}: "
                f"{_bidi_kind(control)} {code} at position 6 is not allowed"
            )
        ]
    entity = f"R\u00fccken&#x{ord(control):X};schmerzen."
    problems = _problems(_catalog((P1, SOURCE, entity)))
    assert len(problems) == 1
    assert f"[markup] msgctxt {P1!r}: the text as read breaks the text rules " in problems[0]
    assert f"({_bidi_kind(control)} {code} at position 6)" in problems[0]


def _bidi_kind(control: str) -> str:
    if "\u202a" <= control <= "\u202e":
        return "bidirectional embedding or override"  # the content model's own word
    return "bidirectional control character"


def test_the_content_model_still_takes_balanced_isolates_and_marks():
    """Guide JSON keeps the 0.3.0 contract; only the package's own strings lose them."""
    from acupuncture_content import Text

    assert Text(text=REORDERED).text == REORDERED
    assert Text(text=f"{ALM}1 {ALM}20 \u200e\u200f").text == f"{ALM}1 {ALM}20 \u200e\u200f"


# Text a linkifier turns into a link. The Markdown output carries a URL written as text
# as text, and GitHub, chat apps and markdown-it's linkify make it a link: a link the
# translation added, which the link rule cannot see.
SEES_A_LINK = "which Markdown viewers and chat apps turn into a link"
LINK_LIKE_REFUSED = [
    (
        "bare URL and www",
        P1,
        SOURCE,
        "Mehr unter https://evil.example/phish und www.evil.example.",
        "'https://evil.example/phish', 'www.evil.example'",
    ),
    ("colon as an entity", P1, SOURCE, "Mehr: https&#58;//evil.example", "'https://evil.example'"),
    ("escaped colon", P1, SOURCE, "Mehr: https\\://evil.example", "'https://evil.example'"),
    ("capitals", P1, SOURCE, "Mehr: WWW.EVIL.EXAMPLE", "'WWW.EVIL.EXAMPLE'"),
    ("another scheme", P1, SOURCE, "Mehr: ftp://evil.example/x", "'ftp://evil.example/x'"),
    ("a scheme with a plus", P1, SOURCE, "Mehr: web+evil://x.example", "'evil://x.example'"),
    ("after a full stop", P1, SOURCE, "Mehr.https://evil.example", "'https://evil.example'"),
    ("after an underscore", P1, SOURCE, "Mehr_https://evil.example", "'https://evil.example'"),
    ("after a letter", P1, SOURCE, "R\u00fcckenhttps://evil.example", "'ckenhttps://evil"),
    ("email", P1, SOURCE, "Schreiben Sie an hilfe@evil.example.", "'hilfe@evil.example'"),
    (
        "split by emphasis",
        P1,
        "Do *not* stop.",
        "*https*://evil.example, nicht aufhören.",
        "'https://evil.example'",
    ),
    (
        "as a link's text",
        P1,
        WITH_LINK,
        "Siehe [www.evil.example](https://www.who.int/).",
        "'www.evil.example'",
    ),
    ("in a heading", HEADING, "Is Acupuncture Safe?", "Sicher? www.evil.example", "'www.evil"),
    ("in the title", "title", "Title", "Titel https://evil.example", "'https://evil.example'"),
    (
        "the source's address lengthened",
        P1,
        "See www.who.int for more.",
        "Siehe www.who.int.evil.example.",
        "'www.who.int.evil.example'",
    ),
    (
        "the source's address twice",
        P1,
        "See www.who.int for more.",
        "Siehe www.who.int und www.who.int.",
        "'www.who.int'",
    ),
]


@pytest.mark.parametrize(
    ("name", "context", "msgid", "msgstr", "found"),
    LINK_LIKE_REFUSED,
    ids=[case[0] for case in LINK_LIKE_REFUSED],
)
def test_text_a_linkifier_turns_into_a_link_is_refused(name, context, msgid, msgstr, found):  # noqa: ARG001 - the id
    problems = _problems(_catalog((context, msgid, msgstr)))
    expected = f"{GUIDE_PATH}:{LINE}: [markup] msgctxt {context!r}: the translation writes "
    assert any(
        problem.startswith(expected) and found in problem and SEES_A_LINK in problem
        for problem in problems
    ), problems


LINK_LIKE_ACCEPTED = [
    (
        "the source's addresses kept",
        "See www.who.int or write to info@who.int.",
        "Siehe www.who.int oder schreiben Sie an info@who.int.",
    ),
    (
        "other punctuation after an address",
        "Visit https://www.who.int/.",
        "\u8bf7\u8bbf\u95ee https://www.who.int/\u3002",
    ),
    ("prose with full stops", SOURCE, "z.\u202fB. 30-60 Minuten, Dr.\u00a0med. A.\u00a0Schmidt."),
    ("an at sign without a domain", SOURCE, "Kosten @ 30 Euro, 2@3."),
]


@pytest.mark.parametrize(
    ("name", "msgid", "msgstr"),
    LINK_LIKE_ACCEPTED,
    ids=[case[0] for case in LINK_LIKE_ACCEPTED],
)
def test_text_that_is_the_sources_or_no_link_is_accepted(name, msgid, msgstr):  # noqa: ARG001 - the id
    assert _problems(_catalog((P1, msgid, msgstr))) == []


def test_punctuation_around_an_at_sign_is_no_address():
    """'-@-.-' matches the address pattern, but is all trailing punctuation: no link."""
    assert _problems(_catalog((P1, SOURCE, "Pfeile -@-.- und 5@6 Punkte."))) == []


#: Text made mostly of what addresses are made of.
_ADDRESS_LIKE = st.lists(st.sampled_from([*"htpsw:/.@-_ (),\u3002\u00e4", "www.", "://"])).map(
    "".join
)


@given(source=_ADDRESS_LIKE)
@settings(max_examples=300, deadline=None)
def test_a_translation_that_keeps_the_sources_text_adds_no_link(source):
    """Whatever the source writes as text, writing it again is no new link; more is one."""
    problems = _problems(_catalog((P1, source or "x", source or "x")))
    assert not any("which Markdown viewers and chat apps turn into a link" in p for p in problems)
    added = _problems(_catalog((P1, source or "x", f"{source} x www.evil.example")))
    assert any("writes 'www.evil.example' in its text" in problem for problem in added)


@pytest.mark.parametrize(
    "word",
    ["a", "a.", "a-", "a+", "a@", "a_", "www.", "a:/", "a@b", "\u00e4"],
)
def test_addresses_are_looked_for_in_linear_time(word):
    """A translation of 200,000 characters that is almost an address is checked at once."""
    import time

    text = word * (200_000 // len(word))
    started = time.perf_counter()
    _problems(_catalog(("disclaimer", DISCLAIMER, text)), interface=True)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("msgstr", "found"),
    [
        ("Mehr unter https://evil.example/phish.", "'https://evil.example/phish'"),
        ("Mehr: https&#58;//evil.example", "'https://evil.example'"),
        ("Fragen: hilfe@evil.example", "'hilfe@evil.example'"),
    ],
)
def test_an_interface_string_may_not_carry_a_link_either(msgstr, found):
    """Shown as text, escaped; but labels() reach chat apps that linkify (and decode) it."""
    problems = _problems(_catalog(("disclaimer", DISCLAIMER, msgstr)), interface=True)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{GUIDE_PATH}:{LINE}: [markup] msgctxt 'disclaimer': the translation writes {found}"
    )
    assert SEES_A_LINK in problems[0]


def test_text_that_breaks_the_rules_once_decoded_is_reported_once_per_translation():
    """The first run that breaks them is named; the translation is refused either way."""
    catalog = _catalog((P1, "Do *not* stop.", "&#x2067;Nicht *auf&#x2066;h\u00f6ren*&lrm;."))
    assert _problems(catalog) == [
        (
            f"{GUIDE_PATH}:{LINE}: [markup] msgctxt {P1!r}: the text as read breaks the text "
            "rules (bidirectional control character U+2067 at position 0); entities such as "
            "&#x202E; and backslash escapes are decoded before this check"
        )
    ]


def test_interface_strings_are_not_read_as_markdown():
    """They are plain text, escaped by every renderer; placeholders are their rule."""
    catalog = _catalog(("reading-time", "{duration} read", "*{duration}* Lesezeit"))
    assert _problems(catalog, interface=True) == []


def test_hostile_nesting_does_not_exhaust_the_stack():
    problems = _problems(_catalog((P1, SOURCE, _nested(3000))))
    assert any("levels deep; at most 16 are allowed" in problem for problem in problems)


LANGUAGE_REFUSED = [
    (
        "None",
        "xx_notalocale",  # read_po turns the header "xx-notalocale" into this
        [
            "the folder name 'None' is not a locale CLDR knows",
            (
                "the Language header 'xx_notalocale' is not a locale Babel knows: write the "
                "catalog's language"
            ),
        ],
    ),
    ("root", "root", ["the folder name 'root' is not a locale CLDR knows"]),
    ("und", "und", ["the folder name 'und' is not a locale CLDR knows"]),
    ("xx", "xx", ["the folder name 'xx' is not a locale CLDR knows"]),
    ("xx-notalocale", "de", ["the folder name 'xx-notalocale' is not a locale CLDR knows"]),
    (
        "pt-BR",
        "pt_BR",
        ["not the canonical POSIX identifier of its locale: name the folder 'pt_BR'"],
    ),
    ("pt_br", "pt_BR", ["name the folder 'pt_BR'", "the Language header is pt_BR, not 'pt_br'"]),
    ("iw", "he", ["name the folder 'he'"]),
    (
        "de",
        "xx_notalocale",  # read_po turns the header "xx-notalocale" into this
        ["the Language header 'xx_notalocale' is not a locale Babel knows: write the folder's"],
    ),
    ("de", None, ["the Language header '' is not a locale Babel knows"]),
]


@pytest.mark.parametrize(
    ("folder", "language", "messages"),
    LANGUAGE_REFUSED,
    ids=[f"{case[0]}-{case[1]}" for case in LANGUAGE_REFUSED],
)
def test_language_rule_refuses(folder, language, messages):
    problems = _problems(
        _catalog((P1, SOURCE, "Rückenschmerzen."), language=language), folder=folder
    )
    assert all(problem.startswith(f"{GUIDE_PATH}:1: [language] ") for problem in problems)
    for message in messages:
        assert any(message in problem for problem in problems), problems


@pytest.mark.parametrize("folder", ["de", "pt_BR", "zh_Hans", "es_419", "sr_Latn"])
def test_language_rule_accepts_canonical_posix_folders(folder):
    assert _problems(_catalog(language=folder), folder=folder) == []


# Issue 17, finding 8: each rule's bounds, so that a mutant of the rule fails a test.


def _with_plural_forms(plural_forms: str) -> Catalog:
    import io

    text = (
        "# Review-Status: unreviewed\n"
        'msgid ""\nmsgstr ""\n'
        '"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {plural_forms}\\n"\n\n'
        f'msgctxt "{P1}"\nmsgid "{SOURCE}"\nmsgstr "Rückenschmerzen."\n'
    )
    return read_po(io.StringIO(text), domain="acupuncture-for-back-pain")


@pytest.mark.parametrize(
    ("expression", "number", "form"),
    [
        ("(n != 1 && n != 1000)", 1000, 0),  # the last of the first thousand
        ("(n != 1 && n != 1000000)", 1_000_000, 0),
        ("(n != 1 && n != 1000001)", 1_000_001, 0),  # matches CLDR up to 1,000,000
    ],
)
def test_plural_forms_are_compared_with_cldr_up_to_the_last_sample(expression, number, form):
    problems = _problems(_with_plural_forms(f"nplurals=2; plural={expression};"))
    assert problems == [
        (
            f"{GUIDE_PATH}:1: [plural-forms] Plural-Forms gives form {form} for n={number}, CLDR "
            "gives 1: write 'nplurals=2; plural=(n != 1);'"
        )
    ]


@pytest.mark.parametrize(
    "plural_forms",
    [
        "nplurals=2; plural=(n != 1);",
        "nplurals=2; plural=n!=1",
        "nplurals=2; plural=(n > 1 || n == 0);",
    ],
)
def test_plural_forms_that_agree_with_cldr_at_every_sample_are_accepted(plural_forms):
    assert _problems(_with_plural_forms(plural_forms)) == []


@pytest.mark.parametrize(
    "translation",
    [
        "{duration} Lesezeit {",  # an unclosed brace and no closing one anywhere
        "{ {duration} Lesezeit",
        "{duration} Lesezeit }",
        "}{duration}",
        "{duration} {{duration}}",
    ],
)
def test_a_stray_brace_beside_the_right_placeholder_is_refused(translation):
    catalog = _catalog(("reading-time", "{duration} read", translation))
    assert _problems(catalog, interface=True) == [
        (
            f"{GUIDE_PATH}:{LINE}: [placeholders] msgctxt 'reading-time': {translation!r} must "
            "contain exactly these placeholders, once each, and no other braces: {duration}"
        )
    ]


def test_an_interface_string_without_placeholders_may_hold_no_brace():
    catalog = _catalog(("disclaimer", "Talk to a professional.", "Sprechen Sie {mit uns"))
    assert _problems(catalog, interface=True) == [
        (
            f"{GUIDE_PATH}:{LINE}: [placeholders] msgctxt 'disclaimer': 'Sprechen Sie {{mit "
            "uns' must contain exactly these placeholders, once each, and no other braces: none"
        )
    ]


def test_dropped_links_are_listed_each_by_its_target():
    assert _problems(_catalog((P1, TWO_LINKS, "Siehe die Quellen."))) == [
        (
            f"{GUIDE_PATH}:{LINE}: [markup] msgctxt '{P1}': the translation drops links to "
            "'https://www.nhs.uk/', 'https://www.who.int/'; keep exactly the source's link "
            "targets ('https://www.nhs.uk/', 'https://www.who.int/')"
        )
    ]


def test_every_reason_the_model_refuses_a_translation_is_named():
    run = (
        "Value error, a text run must be only whitespace or contain a visible character (a "
        "letter, digit, punctuation mark or symbol); '\\u200b' has none"
    )
    catalog = _catalog((P1, "Do *not* *stop* *now*.", "*Nicht*&#x200B;*auf*&#x200B;*jetzt*."))
    assert _problems(catalog) == [
        (
            f"{GUIDE_PATH}:{LINE}: [markup] msgctxt '{P1}': the translation is not valid guide "
            f"content: {run}; {run}"
        )
    ]


def test_a_language_header_babel_does_not_know_is_named_in_full():
    catalog = _catalog((P1, SOURCE, "Rückenschmerzen."), language="xx_notalocale")
    assert _problems(catalog) == [
        (
            f"{GUIDE_PATH}:1: [language] the Language header 'xx_notalocale' is not a locale "
            "Babel knows: write the folder's name, 'de'"
        )
    ]


# Loading compiled catalogs ------------------------------------------------------------

GUIDE_DOMAIN = "acupuncture-for-back-pain"


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    """A copy of the compiled catalogs that a test may break, used instead of the real ones."""
    from importlib import resources

    installed = Path(str(resources.files("acupuncture_content").joinpath("locales")))
    copy = tmp_path / "locales"
    shutil.copytree(installed, copy)
    monkeypatch.setattr(
        _catalogs, "catalog_folder", lambda tag: copy / tag.replace("-", "_") / "LC_MESSAGES"
    )
    monkeypatch.setattr(_precomputed, "load", lambda *_arguments: None)
    return copy


@pytest.mark.parametrize("domain", [GUIDE_DOMAIN, "acupuncture_content"])
@pytest.mark.parametrize(
    ("mo", "sidecar", "message"),
    [
        (b"not a catalog at all", None, "cannot load compiled catalog"),
        (b"\xde\x12\x04\x95" + b"\x00" * 8, None, "cannot load compiled catalog"),
        (None, "{not json", "cannot read catalog review status"),
        (
            None,
            '{"catalog": "fr/DOMAIN", "reviewed": false}',
            "describes catalog 'fr/DOMAIN', not 'de/DOMAIN'",
        ),
        (None, '{"catalog": "de/DOMAIN", "reviewed": "no"}', "'reviewed' must be true or false"),
    ],
)
@pytest.mark.usefixtures("cold")
def test_a_corrupt_catalog_is_a_content_error_naming_the_file(
    catalogs, domain, mo, sidecar, message
):
    folder = catalogs / "de" / "LC_MESSAGES"
    if mo is not None:
        (folder / f"{domain}.mo").write_bytes(mo)
    if sidecar is not None:
        (folder / f"{domain}.json").write_text(sidecar.replace("DOMAIN", domain))
    with pytest.raises(ContentError, match=re.escape(message.replace("DOMAIN", domain))) as caught:
        render(load_guide(locale="de"), "html")
    assert f"acupuncture_content/locales/de/LC_MESSAGES/{domain}." in str(caught.value)
    # Other locales are unaffected, and the failure is not cached as a success.
    assert render(load_guide(locale="fr"), "html").startswith('<article class="guide" lang="fr"')
    with pytest.raises(ContentError):
        render(load_guide(locale="de"), "html")
