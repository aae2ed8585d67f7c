"""The build hook checks every catalog against the rules, then compiles it; fuzzy is never served.

A translator's catalog is input like any other: these are the hostile catalogs that
0.2.0 built and shipped (an injected Markdown heading, terminal escapes, a format
string reaching into Python objects, a plural formula dividing by zero, a review
status that only looked like one), each now refused by the build itself, naming the
file, line and rule, before anything is written.
"""

from __future__ import annotations

import gettext
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).parent.parent


def _hook():
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _hook()

PO_HEADER = """# Test catalog.
#
# Review-Status: {status}
msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: {plural}\\n"

"""
GERMAN_PLURAL = "nplurals=2; plural=(n != 1);"
OUTPUT = "src/acupuncture_content/locales/de/LC_MESSAGES"


def _po(body: str, status: str = "unreviewed", plural: str = GERMAN_PLURAL) -> str:
    return PO_HEADER.format(status=status, plural=plural) + body


def _project(tmp_path: Path, interface: str, guide: str | None = None) -> Path:
    folder = tmp_path / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "acupuncture_content.po").write_text(interface, encoding="utf-8")
    if guide is not None:
        (folder / "acupuncture-for-back-pain.po").write_text(guide, encoding="utf-8")
    return tmp_path


def _compiled(root: Path, domain: str = "acupuncture_content") -> gettext.GNUTranslations:
    with (root / OUTPUT / f"{domain}.mo").open("rb") as file:
        return gettext.GNUTranslations(file)


def test_fuzzy_entries_are_not_compiled(tmp_path):
    root = _project(
        tmp_path,
        _po(
            'msgctxt "a"\nmsgid "Kept"\nmsgstr "Behalten"\n\n'
            '#, fuzzy\nmsgctxt "b"\nmsgid "Guessed"\nmsgstr "Geraten"\n'
        ),
    )
    assert len(hook.compile_catalogs(root)) == 2
    translations = _compiled(root)
    assert translations.pgettext("a", "Kept") == "Behalten"
    assert translations.pgettext("b", "Guessed") == "Guessed"


@pytest.mark.parametrize("status", ["reviewed", "unreviewed"])
def test_review_status_is_written_to_the_sidecar(tmp_path, status):
    root = _project(tmp_path, _po('msgctxt "a"\nmsgid "Kept"\nmsgstr "Behalten"\n', status))
    hook.compile_catalogs(root)
    sidecar = root / OUTPUT / "acupuncture_content.json"
    assert json.loads(sidecar.read_text()) == {
        "catalog": "de/acupuncture_content",
        "reviewed": status == "reviewed",
    }


DISCLAIMER = (
    "This guide is general information only and is not a substitute for professional "
    "medical advice. Talk to a qualified health professional about your symptoms and "
    "treatment."
)


def _interface(context: str, msgid: str, msgstr: str) -> str:
    return f'msgctxt "{context}"\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'


HOSTILE = [
    (
        "injected heading",
        _po(_interface("disclaimer", DISCLAIMER, "Hinweis.\\n\\n# INJECTED HEADING")),
        "[text] msgctxt 'disclaimer': control character U+000A at position 8 is not allowed",
    ),
    (
        "terminal escape",
        _po(_interface("disclaimer", DISCLAIMER, "\x1b[2JHinweis")),
        "[text] msgctxt 'disclaimer': control character U+001B at position 0 is not allowed",
    ),
    (
        "line separator",
        _po(_interface("disclaimer", DISCLAIMER, "Hinweis\u2028mehr")),
        "[text] msgctxt 'disclaimer': line or paragraph separator U+2028",
    ),
    (
        "bidi override",
        _po(_interface("disclaimer", DISCLAIMER, "Hinweis \u202eetiseb")),
        "[text] msgctxt 'disclaimer': bidirectional embedding or override U+202E",
    ),
    (
        "format string reaching into objects",
        _po(
            _interface(
                "reading-time",
                "{duration} read",
                "{duration.__class__.__name__} {duration:*^30}",
            )
        ),
        "[placeholders] msgctxt 'reading-time'",
    ),
    (
        "positional placeholder",
        _po(_interface("reading-time", "{duration} read", "{0} Lesezeit")),
        "must contain exactly these placeholders, once each, and no other braces: {duration}",
    ),
    (
        "placeholder twice",
        _po(_interface("reading-time", "{duration} read", "{duration} {duration}")),
        "[placeholders]",
    ),
    (
        "placeholder missing",
        _po(_interface("reading-time", "{duration} read", "Lesezeit")),
        "[placeholders]",
    ),
    (
        "plural formula dividing by zero",
        _po(_interface("a", "Kept", "Behalten"), plural="nplurals=2; plural=(n%(n-7) != 0);"),
        "[plural-forms] Plural-Forms gives form 0 for n=0, CLDR gives 1",
    ),
    (
        "plural formula dividing by zero where CLDR's agrees",
        _po(
            _interface("a", "Kept", "Behalten"),
            plural="nplurals=2; plural=(n != 1) + 0 * (n % (n - 1));",
        ),
        "[plural-forms] Plural-Forms expression cannot be evaluated (integer modulo by zero)",
    ),
    (
        "plural formula not CLDR's",
        _po(_interface("a", "Kept", "Behalten"), plural="nplurals=2; plural=(n > 1);"),
        "[plural-forms] Plural-Forms gives form 0 for n=0, CLDR gives 1",
    ),
    (
        "plural count not CLDR's",
        _po(_interface("a", "Kept", "Behalten"), plural="nplurals=3; plural=(n != 1);"),
        "[plural-forms] Plural-Forms has nplurals=3, but CLDR has nplurals=2 for de",
    ),
    (
        "review status lookalike",
        _po(_interface("a", "Kept", "Behalten"), status="reviewed-NOT-really"),
        "[review-status] the header comment must have exactly one line 'Review-Status: reviewed' or 'Review-Status: unreviewed'",
    ),
    (
        "review status missing",
        _po(_interface("a", "Kept", "Behalten")).replace("# Review-Status: unreviewed\n", ""),
        "[review-status]",
    ),
    (
        "review status twice",
        _po(_interface("a", "Kept", "Behalten")).replace(
            "# Review-Status: unreviewed\n",
            "# Review-Status: unreviewed\n# Review-Status: reviewed\n",
        ),
        "[review-status]",
    ),
    (
        "blank translation",
        _po(_interface("disclaimer", DISCLAIMER, "   ")),
        "[text] msgctxt 'disclaimer': the translation is blank",
    ),
    (
        "wrong language",
        _po(_interface("a", "Kept", "Behalten")).replace("Language: de", "Language: fr"),
        "[language] the Language header is fr, not 'de'",
    ),
]


@pytest.mark.parametrize(("name", "catalog", "message"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_the_build_refuses_a_hostile_catalog_naming_file_line_and_rule(
    tmp_path,
    name,  # noqa: ARG001 - the test id
    catalog,
    message,
):
    root = _project(tmp_path, catalog)
    with pytest.raises(hook.CatalogBuildError) as caught:
        hook.compile_catalogs(root)
    text = str(caught.value)
    assert f"{root / 'locales/de/LC_MESSAGES/acupuncture_content.po'}:" in text
    assert message in text, text
    assert not (root / "src").exists()  # refused before anything was written


def test_a_problem_is_reported_at_its_line(tmp_path):
    root = _project(tmp_path, _po(_interface("disclaimer", DISCLAIMER, "\x07")))
    with pytest.raises(hook.CatalogBuildError, match=r"acupuncture_content\.po:11: \[text\]"):
        hook.compile_catalogs(root)


def test_a_guide_catalog_needs_an_interface_catalog_beside_it(tmp_path):
    root = tmp_path
    folder = root / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "acupuncture-for-back-pain.po").write_text(
        _po(_interface("title", "Title", "Titel")), encoding="utf-8"
    )
    with pytest.raises(
        hook.CatalogBuildError, match=r"\[interface\] de has a guide catalog but no"
    ):
        hook.compile_catalogs(root)


@pytest.mark.parametrize(
    "text",
    ["> ein Zitat", "    eingerückt wie Code", "---", "# keine Überschrift", "1. keine Liste"],
)
def test_block_syntax_on_one_line_is_allowed_and_stays_text_in_markdown(tmp_path, text):
    from acupuncture_content import labels, load_guide
    from acupuncture_content.renderers import MarkdownRenderer

    root = _project(tmp_path, _po(_interface("disclaimer", DISCLAIMER, text)))
    hook.compile_catalogs(root)  # one line of text: allowed, and the renderers escape it
    assert _compiled(root).pgettext("disclaimer", DISCLAIMER) == text
    guide = load_guide(locale="de")
    catalog_labels = labels(guide).model_copy(update={"disclaimer": text})
    markdown = MarkdownRenderer().render(guide, catalog_labels)
    tokens = MarkdownIt("commonmark").parse(markdown)
    assert {token.type for token in tokens} <= {
        "heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline",
        "bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close",
    }  # fmt: skip
    assert tokens[-2].content == text.strip() or tokens[-2].children[0].content == text


def test_the_real_catalogs_compile(tmp_path):
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    written = hook.compile_catalogs(tmp_path)
    assert len(written) == 2 * 2 * len(list((ROOT / "locales").glob("*/LC_MESSAGES")))


def test_outputs_of_deleted_catalogs_do_not_survive_a_rebuild(tmp_path):
    root = _project(tmp_path, _po('msgctxt "a"\nmsgid "Kept"\nmsgstr "Behalten"\n'))
    stale = root / "src/acupuncture_content/locales/it/LC_MESSAGES"
    stale.mkdir(parents=True)
    (stale / "acupuncture_content.mo").write_bytes(b"old")
    hook.compile_catalogs(root)
    assert not (root / "src/acupuncture_content/locales/it").exists()
    assert (root / OUTPUT / "acupuncture_content.mo").exists()
