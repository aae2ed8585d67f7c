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
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from translate.filters import checks
from translate.storage import factory

from acupuncture_content import available_locales
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
        checkerconfig=checks.CheckerConfig(targetlanguage=language),
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
