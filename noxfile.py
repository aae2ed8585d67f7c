"""The maintainer's commands, as nox sessions: ``nox -l`` lists them, ``nox -s NAME`` runs one.

nox, because every step here is Python (Babel's catalog functions, the build hook, the
benchmark), sessions are plain Python functions in one file, and each gets a fresh
virtual environment with exactly the project's dependency groups (``[dependency-groups]``
in pyproject.toml, read by ``nox.project.dependency_groups``), as a new contributor's
machine would. ``.ci/run`` stays the CI entry point and runs the README's test command; these
sessions are what a maintainer runs locally, and what the release checklist names.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "actionlint", "types", "imports", "tests", "catalogs_check"]
nox.options.default_venv_backend = "venv"

PYTHONS = ["3.11", "3.12", "3.13"]
PYPROJECT = nox.project.load_toml("pyproject.toml")
#: The package in development mode and the test tools, as the README installs them.
TEST_INSTALL = ("-e", ".", *nox.project.dependency_groups(PYPROJECT, "test"))
CODE = ["src", "tests", "tools", "benchmarks", "hatch_build.py", "noxfile.py"]
#: The modules mutation testing covers, and the tests that exercise each (a module's own
#: tests, not the whole suite: each mutant runs them once). tools/mutate.py's docstring
#: and docs/testing.md say how to read the report.
_MODEL_TESTS = ["tests/test_models.py", "tests/test_api.py", "tests/test_schema.py"]
_HTML_TESTS = ["tests/test_render_html.py", "tests/test_golden.py"]
_MARKDOWN_TESTS = ["tests/test_render_markdown.py", "tests/test_golden.py"]
_LOCALE_TESTS = ["tests/test_tags.py", "tests/test_i18n.py"]
MUTATION_TARGETS = {
    "renderers/html.py": _HTML_TESTS,
    "renderers/_json_ld.py": _HTML_TESTS,
    "renderers/text.py": ["tests/test_render_text.py", "tests/test_golden.py"],
    "renderers/markdown.py": _MARKDOWN_TESTS,
    "renderers/_emphasis.py": _MARKDOWN_TESTS,
    "renderers/_commonmark.py": _MARKDOWN_TESTS,
    "_export.py": [
        "tests/test_export.py",
        "tests/test_export_safety.py",
        "tests/test_export_faults.py",
    ],
    "models.py": [*_MODEL_TESTS, "tests/test_fingerprint.py"],
    "_fingerprint.py": [
        "tests/test_fingerprint.py",
        "tests/test_models.py",
        "tests/test_compat.py",
        "tests/test_chunks.py",
    ],
    "_text_rules.py": [*_MODEL_TESTS, "tests/test_text_rules.py"],
    "_urls.py": [*_MODEL_TESTS, "tests/test_urls.py"],
    "_catalog_rules.py": [
        "tests/test_catalogs.py",
        "tests/test_text_rules.py",
        "tests/test_checkers.py",
    ],
    "_checkers.py": ["tests/test_checkers.py"],
    "_types.py": _MODEL_TESTS,
    "_tags.py": _LOCALE_TESTS,
    "_width.py": ["tests/test_width.py", "tests/test_render_text.py"],
    "_i18n.py": _LOCALE_TESTS,
}


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole test suite (pass pytest arguments after --)."""
    session.install(*TEST_INSTALL)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: the broad rule set and the formatter."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", *CODE)
    session.run("ruff", "format", "--check", *CODE)


@nox.session
def actionlint(session: nox.Session) -> None:
    """actionlint: the GitHub Actions workflows (ShellCheck on their scripts, when installed)."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("actionlint", *session.posargs)


@nox.session
def types(session: nox.Session) -> None:
    """Type-check the package with mypy --strict."""
    session.install(*TEST_INSTALL)
    session.run("mypy", "--strict", "src")


@nox.session
def imports(session: nox.Session) -> None:
    """lint-imports: every import points down the layers of pyproject.toml."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    # It reads the sources and imports nothing: finding the package on the path is enough.
    session.run("lint-imports", "--no-cache", env={"PYTHONPATH": "src"})


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site, failing on any warning (``-- serve`` to preview)."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "docs"))
    command = "serve" if "serve" in session.posargs else "build"
    arguments = [] if command == "serve" else ["--strict", "--site-dir", session.create_tmp()]
    session.run("mkdocs", command, *arguments, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def catalogs(session: nox.Session) -> None:
    """After the English changed: extract the templates, update every catalog, compile, count."""
    session.install(*TEST_INSTALL)
    session.run("python", "tools/catalogs.py", "extract")
    session.run("python", "tools/catalogs.py", "update")
    # The build hook checks every catalog against the rules, then compiles it.
    session.install("-e", ".")
    session.run("python", "tools/catalogs.py", "stats")
    session.run("python", "tools/glossary.py", success_codes=[0, 1])


@nox.session
def catalogs_check(session: nox.Session) -> None:
    """Fail when a template or catalog is behind the sources, or anything is fuzzy."""
    session.install("babel>=2.14", "markdown-it-py>=3,<5", "pydantic>=2.7,<3")
    session.run("python", "tools/catalogs.py", "check")


@nox.session
def golden(session: nox.Session) -> None:
    """Rewrite the golden files from the current output; then review ``git diff tests/golden``."""
    session.install(*TEST_INSTALL)
    session.run("pytest", "-q", "tests/test_golden.py", env={"UPDATE_GOLDEN": "1"})
    session.run("git", "diff", "--stat", "tests/golden", external=True)


@nox.session
def bench(session: nox.Session) -> None:
    """The full benchmark: ratios against the floors an alternative pays (``-- --check``)."""
    session.install(".")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def mutate(session: nox.Session) -> None:
    """Mutation testing of the core modules (slow: run it before a release, not in CI)."""
    session.install(*TEST_INSTALL)
    for module, tests_of_module in MUTATION_TARGETS.items():
        session.run(
            "python",
            "tools/mutate.py",
            module,
            "--sample",
            "60",
            "--seed",
            "1",
            "--jobs",
            "2",
            "--report",
            f"{session.create_tmp()}/mutants-{module.replace('/', '-')}.json",
            "--tests",
            *tests_of_module,
            *session.posargs,
        )


@nox.session
def readability(session: nox.Session) -> None:
    """Regenerate docs/readability.md from the current translations."""
    session.install(*TEST_INSTALL)
    session.run("python", "tools/readability.py", "--write", "docs/readability.md")


@nox.session
def screenshots(session: nox.Session) -> None:
    """Regenerate the documentation's screenshots with the real renderer and Chromium."""
    session.install(*TEST_INSTALL)
    session.run("python", "tools/screenshots.py", "docs/images")
