"""One source of truth for the version, and a version that never claims a release it is not.

After a release the version moves to the next ``.devN`` (PEP 440) as soon as the
changelog's ``[Unreleased]`` section has an entry, so a wheel built from the work in
between never carries a released number whose content it does not match.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import acupuncture_content

ROOT = Path(__file__).parent.parent
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
VERSION = re.compile(r"(?P<release>\d+\.\d+\.\d+)(?:\.dev(?P<dev>\d+))?")


def _project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def _headings() -> list[tuple[str, str]]:
    return re.findall(
        r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", CHANGELOG, flags=re.MULTILINE
    )


def _unreleased_entries(changelog: str) -> list[str]:
    section = re.search(r"^## \[Unreleased\]\n(.*?)(?=^## \[)", changelog, re.MULTILINE | re.DOTALL)
    assert section is not None
    return re.findall(r"^[-*] ", section.group(1), flags=re.MULTILINE)


def _parts(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_version_comes_from_the_project_metadata():
    assert acupuncture_content.__version__ == _project_version()
    assert VERSION.fullmatch(_project_version())


def check_version_against_changelog(version: str, changelog: str) -> str | None:  # noqa: PLR0911 - one return per rule
    """What is wrong with ``version`` given ``changelog``, or ``None``."""
    match = VERSION.fullmatch(version)
    if match is None:
        return f"{version} is not X.Y.Z or X.Y.Z.devN"
    headings = re.findall(
        r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", changelog, flags=re.MULTILINE
    )
    if headings[0] != ("Unreleased", ""):
        return "the changelog must start with ## [Unreleased]"
    released, date = headings[1]
    if not date:
        return f"released version {released} has no date"
    entries = _unreleased_entries(changelog)
    if match.group("dev") is None:
        if entries:
            return f"[Unreleased] has entries but the version is the release {version}: use a .devN"
        if version != released:
            return f"the version {version} is not the changelog's latest release {released}"
        return None
    if _parts(match.group("release")) <= _parts(released):
        return f"{version} must come after the latest release {released}"
    return None


def test_the_version_never_claims_a_release_it_is_not():
    assert check_version_against_changelog(_project_version(), CHANGELOG) is None


def test_the_rule_catches_a_released_number_with_unreleased_changes():
    released = "## [Unreleased]\n\n## [0.2.0] - 2026-11-27\n\n### Added\n- x\n"
    changed = "## [Unreleased]\n\n### Fixed\n- a fix\n\n## [0.2.0] - 2026-11-27\n"
    assert check_version_against_changelog("0.2.0", released) is None
    assert "use a .devN" in check_version_against_changelog("0.2.0", changed)
    assert check_version_against_changelog("0.2.1.dev0", changed) is None
    assert "must come after" in check_version_against_changelog("0.2.0.dev0", changed)
    assert "not the changelog's latest release" in check_version_against_changelog(
        "0.1.0", released
    )


def test_changelog_sections_use_keep_a_changelog_names():
    kinds = set(re.findall(r"^### (\w+)$", CHANGELOG, flags=re.MULTILINE))
    # Keep a Changelog's kinds, and what to do when upgrading (tests/test_changelog.py).
    assert kinds <= {"Upgrading", "Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    assert _headings()[0] == ("Unreleased", "")


def test_the_classifiers_claim_only_pythons_that_ci_tests():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    claimed = {
        classifier.rsplit(" :: ", 1)[1]
        for classifier in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
    }
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tested = set(re.findall(r"^PYTHONS=\"([^\"]+)\"$", ci, flags=re.MULTILINE)[0].split())
    assert claimed == tested | {"3.11"}
    assert project["requires-python"] == ">=3.11"
