"""The command line: outputs, exit codes, one-line errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from acupuncture_content import Guide, load_guide, render
from acupuncture_content.cli import main


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "acupuncture_content", *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_render_text_via_python_m():
    result = _run("render", "--format", "text")
    assert result.returncode == 0
    assert result.stdout == render(load_guide(), "text")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["render"], lambda: render(load_guide(), "html")),
        (
            ["render", "--locale", "ar", "--format", "html", "--full-document"],
            lambda: render(load_guide(locale="ar"), "html", full_document=True),
        ),
        (
            ["render", "--locale", "pt_BR", "--format", "markdown", "--heading-offset", "1"],
            lambda: render(load_guide(locale="pt-BR"), "markdown", heading_offset=1),
        ),
        (
            ["render", "--locale", "ja", "--format", "text", "--width", "40"],
            lambda: render(load_guide(locale="ja"), "text", width=40),
        ),
    ],
)
def test_render_matches_the_api(arguments, expected, capsys):
    assert main(arguments) == 0
    assert capsys.readouterr().out == expected()


def test_render_json_round_trips(capsys):
    assert main(["render", "--locale", "zh-CN", "--format", "json"]) == 0
    guide = Guide.model_validate_json(capsys.readouterr().out)
    assert guide == load_guide(locale="zh-Hans")


def test_render_to_a_file(tmp_path, capsys):
    target = tmp_path / "guide.md"
    assert main(["render", "--format", "markdown", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8") == render(load_guide(), "markdown")
    assert [path.name for path in tmp_path.iterdir()] == ["guide.md"]


def test_locales_lists_tag_name_coverage_and_review_status(capsys):
    assert main(["locales"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 12
    assert lines[0] == "ar\tالعربية\t100%\tnot reviewed"
    assert "en\tEnglish\t100%\tsource" in lines
    assert "pt-BR\tportuguês (Brasil)\t100%\tnot reviewed" in lines


def test_schema_prints_the_guide_json_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == Guide.model_json_schema()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "the following arguments are required: command"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["render", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["render", "--locale", "xx"], "'xx' is not a locale; available locales: ar, de"),
        (["render", "--locale", "zh-TW", "--guide", "nope"], "unknown guide 'nope'"),
        (
            ["render", "--heading-offset", "9"],
            "--heading-offset must be an integer from 0 to 4, got 9",
        ),
        (["render", "--heading-offset", "x"], "expected an integer, got 'x'"),
        (
            ["render", "--format", "text", "--width", "5"],
            "--width must be an integer from 20 to 1000 (or --no-wrap), got 5",
        ),
        (
            ["render", "--format", "text", "--width", "99999999999999"],
            "--width must be an integer from 20 to 1000 (or --no-wrap), got 99999999999999",
        ),
        (["render", "--width", "60"], "--width applies to --format text only"),
        (["render", "--no-wrap"], "--no-wrap applies to --format text only"),
        (
            ["render", "--format", "json", "--heading-offset", "1"],
            "--heading-offset applies to --format html or markdown or text only",
        ),
        (["render", "--base-url", "https://example.org/"], "--base-url needs --full-document"),
        (["render", "--no-stylesheet"], "--no-stylesheet needs --full-document"),
        (
            ["render", "--full-document", "--base-url", "https://example.org/guides"],
            (
                "--base-url must be an absolute http(s) URL ending in '/' (no query or "
                "fragment; letters, digits and -._~%:/@!$&+,;= only), got "
                "'https://example.org/guides'"
            ),
        ),
        (["render", "--id-prefix", "1x"], "--id-prefix must be empty or a valid id start"),
        (
            ["render", "--id-prefix", "a" * 100_000],
            "--id-prefix must be empty or a valid id start of at most 100 characters",
        ),
        (
            ["render", "--locale", "zh-TW", "--no-fallback"],
            "no translation of 'acupuncture-for-back-pain' serves locale 'zh-TW'; available locales: ar, de, en",
        ),
        (
            ["render", "--locale", "pt-PT", "--no-fallback", "--guide", "nope"],
            "unknown guide 'nope'",
        ),
        (["render", "--output", ""], "--output must name a file, or '-' for standard output"),
        (["export", "--output", ""], "--output must name a folder (it is empty)"),
        (
            ["export", "--output", "x", "--base-url", "ftp://example.org/"],
            "--base-url must be an absolute http(s) URL",
        ),
        (
            ["render", "--format", "text", "--full-document"],
            "--full-document applies to --format html only",
        ),
        (["render", "--output", "/nonexistent-dir/x.html"], "No such file or directory"),
        (["locales", "--guide", "nope"], "unknown guide 'nope'"),
    ],
)
def test_user_errors_exit_2_with_one_line_and_no_traceback(arguments, message):
    result = _run(*arguments)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("acupuncture-content")


def test_version_prints_the_distribution_version(capsys):
    from acupuncture_content import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"acupuncture-content {__version__}\n"


def test_guides_lists_one_slug_per_line(capsys):
    assert main(["guides"]) == 0
    assert capsys.readouterr().out == "acupuncture-for-back-pain\n"


def test_no_fallback_serves_a_regional_variant_that_cldr_leads_to_a_translation(capsys):
    assert main(["render", "--locale", "pt-PT", "--no-fallback", "--format", "text"]) == 0
    assert capsys.readouterr().out == render(load_guide(locale="pt-BR"), "text")


def test_without_no_fallback_an_unserved_locale_prints_english(capsys):
    assert main(["render", "--locale", "zh-TW", "--format", "text"]) == 0
    assert capsys.readouterr().out == render(load_guide(), "text")


def test_no_wrap_leaves_text_unwrapped(capsys):
    assert main(["render", "--format", "text", "--no-wrap", "--locale", "de"]) == 0
    assert capsys.readouterr().out == render(load_guide(locale="de"), "text", width=None)


@pytest.mark.parametrize(
    ("arguments", "options"),
    [
        (["--id-prefix", "guide-"], {"id_prefix": "guide-"}),
        (["--full-document", "--no-stylesheet"], {"full_document": True, "stylesheet": False}),
        (
            ["--full-document", "--base-url", "https://example.org/g/"],
            {"full_document": True, "base_url": "https://example.org/g/"},
        ),
    ],
)
def test_every_html_flag_is_a_render_option(arguments, options, capsys):
    assert main(["render", "--locale", "ko", *arguments]) == 0
    assert capsys.readouterr().out == render(load_guide(locale="ko"), "html", **options)


def test_render_json_is_what_render_json_returns(capsys):
    assert main(["render", "--format", "json", "--locale", "hi"]) == 0
    assert capsys.readouterr().out == render(load_guide(locale="hi"), "json") + "\n"


def test_help_shows_every_default(capsys):
    assert main(["render", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    for text in (
        "(default: acupuncture-for-back-pain)",
        "(default: en)",
        "(default: html)",
        "heading levels (default: 0)",
        "20 to 1000 (default: 80)",
        "--no-wrap",
        "--no-fallback",
        "--base-url URL",
    ):
        assert text in help_text


@pytest.mark.parametrize(
    "arguments",
    [
        ["render", "--guide", "g" * 100_000],
        ["render", "--width", "9" * 5000, "--format", "text"],
        ["render", "--locale", "de-" + "x" * 100_000],
    ],
    ids=["guide", "width", "locale"],
)
def test_an_error_never_echoes_a_huge_argument(arguments, capsys):
    assert main(arguments) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert len(captured.err) < 1100


def test_help_with_standard_output_closed_exits_1_like_any_output():
    result = subprocess.run(
        ["sh", "-c", '"$0" -m acupuncture_content --help >&-', sys.executable],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1


def test_export_into_a_folder_whose_name_is_not_utf8_reports_success(tmp_path):
    folder = bytes(tmp_path) + b"/export\xff"
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"acupuncture_content", b"export", b"--output", folder],
        capture_output=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == b"wrote 87, unchanged 0, removed 0: " + folder + b"\n"


@pytest.mark.parametrize(
    "arguments",
    [
        ["--width", "60", "--no-wrap"],
        ["--no-wrap", "--width", "60"],
        ["--no-wrap", "--width", "5"],
    ],
)
def test_width_and_no_wrap_are_alternatives_and_together_exit_2(arguments):
    """docs/cli.md shows ``[--width N | --no-wrap]``: neither may silently win."""
    result = _run("render", "--format", "text", *arguments)
    assert (result.returncode, result.stdout) == (2, "")
    (line,) = result.stderr.splitlines()
    assert line.startswith("acupuncture-content render: error: argument ")
    assert "--width" in line
    assert "--no-wrap" in line
    assert "not allowed with" in line


@pytest.mark.parametrize(
    ("arguments", "tag"),
    [
        (["render", "--guide", "de"], "de"),
        (["render", "--guide", "pt_BR", "--format", "text"], "pt_BR"),
        (["render", "--guide", "zh-Hans", "--locale", "en"], "zh-Hans"),
        (["locales", "--guide", "ja"], "ja"),
    ],
)
def test_a_locale_given_as_guide_suggests_the_locale_flag(arguments, tag):
    result = _run(*arguments)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"acupuncture-content: error: unknown guide {tag!r}; available guides: "
        f"acupuncture-for-back-pain; did you mean --locale {tag}?\n"
    )


def test_a_guide_that_is_no_locale_gets_no_locale_suggestion():
    result = _run("render", "--guide", "back-pain")
    assert result.returncode == 2
    assert result.stderr == (
        "acupuncture-content: error: unknown guide 'back-pain'; available guides: "
        "acupuncture-for-back-pain\n"
    )
