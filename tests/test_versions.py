"""One source of truth for the version, and a changelog that agrees with it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import acupuncture_content

ROOT = Path(__file__).parent.parent
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_version_comes_from_the_project_metadata():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert acupuncture_content.__version__ == project["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", project["version"])


def test_changelog_keeps_unreleased_on_top_and_its_top_release_is_the_version():
    headings = re.findall(
        r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", CHANGELOG, flags=re.MULTILINE
    )
    assert headings[0] == ("Unreleased", "")
    version, date = headings[1]
    assert version == acupuncture_content.__version__
    assert date, "a released version needs its date"


def test_changelog_sections_use_keep_a_changelog_names():
    kinds = set(re.findall(r"^### (\w+)$", CHANGELOG, flags=re.MULTILINE))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
