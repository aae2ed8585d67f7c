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
import os
import shutil
import subprocess
import sys
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


def _project(tmp_path: Path, interface: str, guide: str | None = None, locale: str = "de") -> Path:
    folder = tmp_path / "locales" / locale / "LC_MESSAGES"
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
        "braille blank disclaimer",  # labels(de).disclaimer == "\u2800" built in 0.3.x
        _po(_interface("disclaimer", DISCLAIMER, "\u2800")),
        "[text] msgctxt 'disclaimer': the translation is blank: it needs a visible character",
    ),
    (
        "zero-width disclaimer",
        _po(_interface("disclaimer", DISCLAIMER, "\u200b\u200b")),
        "[text] msgctxt 'disclaimer': the translation is blank: it needs a visible character",
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
        "bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close", "hr",
    }  # fmt: skip
    # The one thematic break is the renderer's own, before the disclaimer's label.
    assert [token.type for token in tokens].count("hr") == 1
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


# A guide's segments: the markup rule (links, raw HTML, decoded text, nesting,
# headings), reported at the message's line (the msgid's: line 11 after the header).

GUIDE = "locales/de/LC_MESSAGES/acupuncture-for-back-pain.po"
INTERFACE = "locales/de/LC_MESSAGES/acupuncture_content.po"
SEGMENT = "Back pain affects millions of people."
LINKED = "See [the WHO](https://www.who.int/) for more."


def _deep(levels: int) -> str:
    text = "x"
    for level in range(levels):
        marker = "*" if level % 2 == 0 else "**"
        text = f"{marker}a {text} a{marker}"
    return text


GUIDE_HOSTILE = [
    (
        "added link",
        _interface(
            "introduction/p1", SEGMENT, "Rücken. [Jetzt Termin buchen](https://evil.example/phish)"
        ),
        (
            "[markup] msgctxt 'introduction/p1': the translation adds a link to "
            "'https://evil.example/phish'; keep exactly the source's link targets (none)"
        ),
    ),
    (
        "autolink",
        _interface("introduction/p1", SEGMENT, "Rücken. <https://evil.example/auto>"),
        (
            "[markup] msgctxt 'introduction/p1': the translation adds a link to "
            "'https://evil.example/auto'"
        ),
    ),
    (
        "changed href",
        _interface("introduction/p1", LINKED, "Siehe [die WHO](https://evil.example/who)."),
        (
            "[markup] msgctxt 'introduction/p1': the translation adds a link to "
            "'https://evil.example/who' and drops a link to 'https://www.who.int/'"
        ),
    ),
    (
        "removed link",
        _interface("introduction/p1", LINKED, "Siehe die WHO."),
        (
            "[markup] msgctxt 'introduction/p1': the translation drops a link to "
            "'https://www.who.int/'"
        ),
    ),
    (
        "script",
        _interface("introduction/p1", SEGMENT, "Rücken.<script>alert(1)</script>"),
        "[markup] msgctxt 'introduction/p1': raw HTML are not supported in guides",
    ),
    (
        "image",
        _interface("introduction/p1", SEGMENT, "![x](https://evil.example/x.png) Rücken."),
        "[markup] msgctxt 'introduction/p1': images are not supported in guides",
    ),
    (
        "link in a heading",
        _interface("is-it-safe/heading", "Is It Safe?", "Ist es [sicher](https://evil.example/)?"),
        "[markup] msgctxt 'is-it-safe/heading': a title or heading must be plain text",
    ),
    (
        "override as an entity",
        _interface("introduction/p1", SEGMENT, "Rücken&#x202E;schmerzen."),
        (
            "[markup] msgctxt 'introduction/p1': the text as read breaks the text rules "
            "(bidirectional embedding or override U+202E at position 6)"
        ),
    ),
    (
        "unbalanced isolate as an entity",
        _interface("introduction/p1", SEGMENT, "Rücken&#x2066;schmerzen."),
        (
            "[markup] msgctxt 'introduction/p1': the text as read breaks the text rules "
            "(a directional isolate (U+2066..U+2068) is not closed by U+2069)"
        ),
    ),
    (
        "17 levels deep",
        _interface("introduction/p1", _deep(16), _deep(16).replace("x", "y")),
        "[markup] msgctxt 'introduction/p1': inline markup nests 17 levels deep; at most 16",
    ),
]


@pytest.mark.parametrize(
    ("name", "body", "message"), GUIDE_HOSTILE, ids=[case[0] for case in GUIDE_HOSTILE]
)
def test_the_build_refuses_a_hostile_guide_catalog_naming_file_line_and_rule(
    tmp_path,
    name,  # noqa: ARG001 - the test id
    body,
    message,
):
    root = _project(tmp_path, _po(_interface("a", "Kept", "Behalten")), guide=_po(body))
    with pytest.raises(hook.CatalogBuildError) as caught:
        hook.compile_catalogs(root)
    text = str(caught.value)
    assert f"{root / GUIDE}:11: {message}" in text, text
    assert not (root / "src").exists()


@pytest.mark.parametrize(
    ("folder", "language", "message"),
    [
        ("None", "xx-notalocale", "[language] the folder name 'None' is not a locale CLDR knows"),
        ("None", "xx-notalocale", "[language] the Language header 'xx_notalocale' is not a"),
        ("root", "root", "[language] the folder name 'root' is not a locale CLDR knows"),
        ("und", "und", "[language] the folder name 'und' is not a locale CLDR knows"),
    ],
)
def test_the_build_refuses_a_folder_that_is_not_a_locale(tmp_path, folder, language, message):
    catalog = _po(_interface("a", "Kept", "Behalten")).replace(
        "Language: de", f"Language: {language}"
    )
    root = _project(tmp_path, catalog, locale=folder)
    with pytest.raises(hook.CatalogBuildError) as caught:
        hook.compile_catalogs(root)
    path = root / "locales" / folder / "LC_MESSAGES" / "acupuncture_content.po"
    assert f"{path}:1: {message}" in str(caught.value), str(caught.value)
    assert not (root / "src").exists()


# Catalogs are files in the repository: never a link to a file elsewhere (a link to
# /etc/passwd was read, and would be compiled and shipped if it parsed).


def _good_catalog() -> str:
    return _po(_interface("a", "Kept", "Behalten"))


def test_the_build_refuses_a_catalog_that_is_a_symbolic_link(tmp_path):
    root = _project(tmp_path, _good_catalog())
    elsewhere = tmp_path / "elsewhere.po"
    elsewhere.write_text(_good_catalog(), encoding="utf-8")  # valid, and still refused
    (root / "locales/de/LC_MESSAGES/acupuncture-for-back-pain.po").symlink_to(elsewhere)
    (root / "locales/de/LC_MESSAGES/passwd.po").symlink_to("/etc/passwd")
    with pytest.raises(hook.CatalogBuildError) as caught:
        hook.compile_catalogs(root)
    lines = str(caught.value).splitlines()[1:]
    assert lines == [
        f"{root / GUIDE}:1: [file] the catalog is a symbolic link; {hook._REGULAR}",
        (
            f"{root / 'locales/de/LC_MESSAGES/passwd.po'}:1: [file] the catalog is a symbolic "
            f"link; {hook._REGULAR}"
        ),
    ]
    assert not (root / "src").exists()


@pytest.mark.parametrize("linked", ["de", "de/LC_MESSAGES"])
def test_the_build_refuses_a_catalog_under_a_linked_folder(tmp_path, linked):
    real = _project(tmp_path / "real", _good_catalog())
    root = tmp_path / "project"
    (root / "locales" / linked).parent.mkdir(parents=True)
    (root / "locales" / linked).symlink_to(real / "locales" / linked, target_is_directory=True)
    with pytest.raises(hook.CatalogBuildError) as caught:
        hook.compile_catalogs(root)
    expected = (
        f"{root / INTERFACE}:1: [file] its folder {root / 'locales' / linked} is a symbolic link"
    )
    assert expected in str(caught.value), str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_the_build_refuses_a_catalog_that_is_not_a_regular_file(tmp_path):
    root = _project(tmp_path, _good_catalog())
    os.mkfifo(root / "locales/de/LC_MESSAGES/pipe.po")  # reading it would block the build
    (root / "locales/de/LC_MESSAGES/folder.po").mkdir()
    with pytest.raises(hook.CatalogBuildError) as caught:
        hook.compile_catalogs(root)
    text = str(caught.value)
    for name in ("folder.po", "pipe.po"):
        path = root / "locales/de/LC_MESSAGES" / name
        assert f"{path}:1: [file] the catalog is not a regular file" in text, text


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="needs O_NOFOLLOW")
def test_a_catalog_swapped_for_a_link_after_the_check_is_not_read(tmp_path):
    link = tmp_path / "link.po"
    link.symlink_to("/etc/passwd")
    with pytest.raises(OSError):  # noqa: PT011 - ELOOP, whatever its message
        hook._read_regular_file(link)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.po")
        with pytest.raises(OSError, match="not a regular file"):
            hook._read_regular_file(tmp_path / "pipe.po")  # refused, without blocking


# End to end: what a packager sees from `pip wheel` when a catalog is refused. The
# problems, one line each, exit status 1, and no traceback (the hook exits with
# SystemExit rather than raising through the build backend).


def _copy_of_the_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for name in ("src", "locales"):
        shutil.copytree(
            ROOT / name,
            project / name,
            ignore=shutil.ignore_patterns("__pycache__", "_precomputed", "*.mo", "*.json"),
        )
    for name in ("pyproject.toml", "hatch_build.py", "README.md", "LICENSE", "NOTICE"):
        shutil.copy(ROOT / name, project / name)
    return project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _phishing_link(project: Path) -> tuple[Path, str]:
    path = project / GUIDE
    _edit(
        path,
        '"Rückenschmerzen."\n',
        '"Rückenschmerzen. [Jetzt Termin buchen](https://evil.example/phish) "\n'
        '"<https://evil.example/auto>"\n',
    )
    return path, "[markup] msgctxt 'introduction/p1': the translation adds links to"


def _script(project: Path) -> tuple[Path, str]:
    path = project / GUIDE
    _edit(path, '"Rückenschmerzen."\n', '"Rückenschmerzen.<script>alert(1)</script>"\n')
    return path, "[markup] msgctxt 'introduction/p1': raw HTML are not supported in guides"


def _none_folder(project: Path) -> tuple[Path, str]:
    folder = project / "locales" / "None" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    path = folder / "acupuncture_content.po"
    shutil.copy(project / INTERFACE, path)
    _edit(path, '"Language: de\\n"', '"Language: xx-notalocale\\n"')
    return path, "[language] the folder name 'None' is not a locale CLDR knows"


def _symlink(project: Path) -> tuple[Path, str]:
    path = project / INTERFACE
    path.unlink()
    path.symlink_to("/etc/passwd")
    return path, "[file] the catalog is a symbolic link"


def _broken_source(project: Path) -> tuple[Path, str]:
    _edit(
        project / "src/acupuncture_content/content/acupuncture-for-back-pain.md",
        "Back pain affects millions",
        "<b>Back</b> pain affects millions",
    )
    path = project / "src/acupuncture_content/content/acupuncture-for-back-pain.md"
    return path, "[guide] the en guide cannot be built: acupuncture-for-back-pain.md:"


@pytest.mark.parametrize(
    "break_it",
    [_phishing_link, _script, _none_folder, _symlink, _broken_source],
    ids=lambda function: function.__name__.strip("_"),
)
def test_pip_wheel_refuses_with_file_line_and_rule_and_no_traceback(tmp_path, break_it):
    project = _copy_of_the_project(tmp_path)
    path, message = break_it(project)
    result = subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps",
            "--no-index", "--wheel-dir", str(tmp_path / "dist"), str(project),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{path}:" in output and message in output, output
    line = next(line for line in output.splitlines() if message in line)
    assert line.strip().startswith(f"{path}:"), line
    assert "Traceback" not in output, output
    assert not list((tmp_path / "dist").glob("*.whl"))
