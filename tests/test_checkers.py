"""The catalog rules that concern one message run as Babel checkers (``babel.checkers``).

``pybabel compile`` and ``Catalog.check()`` run them on this project's catalogs, with
the build's words; any other project's catalog in the same environment is left alone;
and nothing of it is imported when the package loads or renders a guide, nor recorded
in the precomputed data's digest.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from babel.messages import checkers as babel_checkers
from babel.messages.catalog import Catalog, Message, TranslationError
from babel.messages.pofile import read_po

from acupuncture_content import _checkers
from acupuncture_content._catalog_rules import check_catalog
from helpers import load_tool

ROOT = Path(__file__).parent.parent
PO_FILES = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))
INTERFACE_DOMAIN = "acupuncture_content"
GUIDE = "locales/de/LC_MESSAGES/acupuncture-for-back-pain.po"
P1 = "introduction/p1"
SOURCE = "Back pain affects millions of people."
WITH_LINK = "See [the WHO](https://www.who.int/) for more."
#: The rules a message can break; the others concern the catalog or its file.
MESSAGE_RULES = {"text", "placeholders", "markup"}


def _catalog(*messages: tuple[str, str, str], project: str = _checkers.PROJECT) -> Catalog:
    catalog = Catalog(
        locale="de", project=project, fuzzy=False, header_comment="# Review-Status: unreviewed"
    )
    for line, (context, msgid, msgstr) in enumerate(messages, start=20):
        catalog.add(msgid, msgstr, context=context, lineno=line)
    return catalog


def _reported(catalog: Catalog, path: str = GUIDE) -> list[str]:
    """What ``Catalog.check()`` finds, one line per problem with its file and line first."""
    return sorted(
        f"{path}:{message.lineno}: {line}"
        for message, errors in catalog.check()
        for error in errors
        for line in str(error).splitlines()
    )


def test_the_checkers_are_registered_beside_babels_own():
    registered = {f"{checker.__module__}:{checker.__name__}" for checker in babel_checkers.checkers}
    assert {
        "acupuncture_content._checkers:text",
        "acupuncture_content._checkers:placeholders",
        "acupuncture_content._checkers:markup",
        "babel.messages.checkers:num_plurals",
        "babel.messages.checkers:python_format",
    } <= registered


HOSTILE = [
    ("added link", P1, SOURCE, "Rückenschmerzen. [Termin](https://evil.example/phish)"),
    ("changed link", P1, WITH_LINK, "Siehe [die WHO](https://evil.example/who)."),
    ("script", P1, SOURCE, "Rückenschmerzen.<script>alert(1)</script>"),
    ("override as an entity", P1, SOURCE, "Rücken&#x202E;schmerzen."),
    ("raw override", P1, SOURCE, "Rücken\u202eschmerzen."),
    ("blank", P1, SOURCE, "\u200b"),
    ("link in a heading", "safety/heading", "Is It Safe?", "Ist es [sicher](https://x.example/)?"),
    ("emphasis added", P1, SOURCE, "Rückenschmerzen betreffen *Millionen*."),
    ("a link and the whole without text", P1, WITH_LINK, "[&#x200B;](https://www.who.int/)"),
    ("terminal escape", "disclaimer", "Talk to a professional.", "\x1b[2JHinweis"),
    ("renamed placeholder", "reading-time", "{duration} read", "Lesezeit: {dauer}"),
    ("format string", "reading-time", "{duration} read", "{duration.__class__} Lesezeit"),
]


@pytest.mark.parametrize(
    ("name", "context", "msgid", "msgstr"), HOSTILE, ids=[case[0] for case in HOSTILE]
)
def test_catalog_check_reports_what_the_build_reports(name, context, msgid, msgstr):  # noqa: ARG001 - the id
    catalog = _catalog((context, msgid, msgstr))
    interface = context in {"disclaimer", "reading-time"}
    build = sorted(
        str(problem)
        for problem in check_catalog(catalog, GUIDE, folder="de", interface=interface)
        if problem.rule in MESSAGE_RULES
    )
    assert build  # each case breaks a rule
    assert _reported(catalog) == build


def test_each_problem_of_a_rule_is_one_line_naming_the_rule():
    """One error per rule and message (Babel's protocol), one line per problem in it."""
    catalog = _catalog((P1, WITH_LINK, "[&#x200B;](https://www.who.int/)"))
    [(message, errors)] = catalog.check()
    assert message.context == P1
    lines = (
        f"[markup] msgctxt '{P1}': the link to 'https://www.who.int/' has no text",
        f"[markup] msgctxt '{P1}': the translation has no text once its markup is read",
    )
    assert [str(error) for error in errors] == ["\n".join(lines)]


def test_a_catalog_that_obeys_the_rules_passes():
    catalog = _catalog(
        (P1, WITH_LINK, "Siehe [die WHO](https://www.who.int/)."),
        ("title", "Title", "Titel"),
        ("reading-time", "{duration} read", "Lesezeit: {duration}"),
        ("introduction/p2", SOURCE, ""),  # untranslated: served in English
    )
    assert list(catalog.check()) == []


def test_interface_strings_are_plain_text_and_segments_have_no_placeholders():
    catalog = _catalog(
        ("reading-time", "{duration} read", "*{duration}* Lesezeit"),
        (P1, "Use {braces} freely.", "Klammern {wie diese} sind Text."),
    )
    assert list(catalog.check()) == []


def test_a_message_without_context_is_an_interface_string():
    assert _checkers.is_guide_segment(None) is False
    catalog = _catalog()
    catalog.add("{duration} read", "*Lesezeit:* {dauer}", lineno=20)
    assert _reported(catalog) == [
        (
            f"{GUIDE}:20: [placeholders] msgctxt None: '*Lesezeit:* {{dauer}}' must contain "
            "exactly these placeholders, once each, and no other braces: {duration}"
        )
    ]


def test_another_projects_catalog_is_left_alone():
    """Entry points reach every catalog checked in the environment: an app's own stay its own."""
    catalog = _catalog(
        ("greeting", "Hello\n", "Hallo\n"),
        (P1, SOURCE, "[Termin](https://evil.example/phish)"),
        ("count", "{n} items", "{anzahl} Dinge"),
        project="some-clinic-app",
    )
    assert list(catalog.check()) == []


def test_a_message_checked_without_its_catalog_is_left_alone():
    message = Message(SOURCE, "[Termin](https://evil.example/phish)", context=P1)
    assert message.check() == []
    assert message.check(_catalog()) != []


def test_the_header_is_not_a_message():
    catalog = _catalog()
    header = next(iter(catalog))  # what Catalog.__iter__ gives first
    assert header.id == ""
    assert "\n" in str(header.string)
    _checkers.text(catalog, header)  # its line breaks are the header's, not a translation's


def test_each_checker_raises_only_its_own_rule():
    message = Message(SOURCE, "R\u00fccken\u202e[x](https://evil.example/).", context=P1)
    catalog = _catalog()
    with pytest.raises(TranslationError, match=r"^\[text\] msgctxt 'introduction/p1': "):
        _checkers.text(catalog, message)
    with pytest.raises(TranslationError, match=r"^\[markup\] msgctxt 'introduction/p1': "):
        _checkers.markup(catalog, message)
    _checkers.placeholders(catalog, message)  # a guide segment has no placeholder rule


@pytest.mark.parametrize(
    "path", PO_FILES, ids=lambda path: f"{path.parent.parent.name}/{path.stem}"
)
def test_a_message_is_told_a_segment_by_its_context_as_the_build_tells_it_by_the_file(path):
    """Babel reads a catalog without its domain; the build knows it from the file name."""
    with path.open("rb") as file:
        catalog = read_po(file)  # as pybabel compile reads it
    assert catalog.project == _checkers.PROJECT
    for message in catalog:
        if message.id:
            assert _checkers.is_guide_segment(message.context) == (path.stem != INTERFACE_DOMAIN)


def test_the_catalogs_the_tools_write_are_recognised():
    assert load_tool("catalogs").PROJECT == _checkers.PROJECT


def test_pybabel_compile_refuses_a_hostile_catalog(tmp_path):
    """What a translator runs before sending a catalog: the build's message rules."""
    folder = tmp_path / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog_path = folder / "acupuncture-for-back-pain.po"
    text = (ROOT / GUIDE).read_text(encoding="utf-8")
    good = 'msgstr "Akupunktur bei Rückenschmerzen: wie sie wirkt und was Sie erwartet"'
    assert good in text
    catalog_path.write_text(
        text.replace(good, 'msgstr "Akupunktur [jetzt buchen](https://evil.example/phish)"'),
        encoding="utf-8",
    )
    line = text[: text.index(good)].count("\n")  # Babel's line: the message's msgid
    pybabel = Path(sys.executable).parent / "pybabel"
    result = subprocess.run(
        [str(pybabel), "compile", "-D", "acupuncture-for-back-pain", "-d", "locales"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert (
        f"error: locales/de/LC_MESSAGES/acupuncture-for-back-pain.po:{line}: [markup] msgctxt "
        "'title': a title or heading must be plain text, without emphasis or links"
    ) in result.stderr
    assert "1 errors encountered." in result.stderr


def test_the_shipped_catalogs_pass_catalog_check():
    for path in PO_FILES:
        with path.open("rb") as file:
            assert list(read_po(file).check()) == [], path


def test_importing_the_checkers_loads_no_rules_until_a_catalog_of_ours_is_checked():
    """Babel imports every registered checker whenever any catalog in the environment is checked."""
    script = (
        "import sys\n"
        "from babel.messages.catalog import Catalog\n"
        "catalog = Catalog(locale='de', project='some-clinic-app')\n"
        "catalog.add('Hello', 'Hallo', context='greeting')\n"
        "assert list(catalog.check()) == []\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    assert "acupuncture_content._checkers" in loaded
    assert not {"acupuncture_content._catalog_rules", "acupuncture_content.models"} & loaded
    assert not {"pydantic", "markdown_it"} & loaded


def test_loading_and_rendering_a_guide_imports_no_catalog_rule():
    script = (
        "import sys\n"
        "import acupuncture_content\n"
        "for tag in acupuncture_content.available_locales():\n"
        "    acupuncture_content.render(acupuncture_content.load_guide(locale=tag))\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    assert "acupuncture_content._api" in loaded
    assert not {"acupuncture_content._checkers", "acupuncture_content._catalog_rules"} & loaded


def test_the_precomputed_data_does_not_depend_on_the_catalog_rules():
    """An edit to a rule cannot make the shipped guides stale: they are not among their inputs."""
    folder = resources.files("acupuncture_content").joinpath("_precomputed")
    recorded = set()
    for slug in folder.iterdir():
        for stored in slug.iterdir():
            recorded |= set(json.loads(stored.read_bytes())["inputs"]["modules"])
    assert "models.py" in recorded
    assert not {"_checkers.py", "_catalog_rules.py"} & recorded
