"""Releases that can be found and believed: the changelog names each release's commit.

Tags are not kept in this repository, so under each released heading CHANGELOG.md
names the commit the release was cut from. That commit must exist, its
``pyproject.toml`` must say the release's version, its own changelog must have the
release's heading, and the commit before it must say another version (so the
commit named is the one that made the release, not a later one that kept the
number). Minor releases say how to upgrade from the one before.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from helpers import load_tool

ROOT = Path(__file__).parent.parent
releases_tool = load_tool("releases")
RELEASES = releases_tool.releases()
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def _git(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(ROOT), *arguments], capture_output=True, text=True, check=False
    )


def _why_history_is_missing() -> str | None:
    """Why the release commits cannot be looked up here, or ``None`` if they can."""
    try:
        top = _git("rev-parse", "--show-toplevel")
    except FileNotFoundError:
        return "git is not installed"
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != ROOT.resolve():
        return "not a git checkout of the project (an sdist, for one): no commits to check"
    if _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        return "a shallow clone lacks the release commits: fetch the whole history"
    return None


needs_history = pytest.mark.skipif(
    _why_history_is_missing() is not None, reason=str(_why_history_is_missing())
)


def _version_at(commit: str) -> str | None:
    shown = _git("show", f"{commit}:pyproject.toml")
    if shown.returncode != 0:
        return None
    return tomllib.loads(shown.stdout)["project"]["version"]


def test_every_release_names_its_commit():
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", CHANGELOG, flags=re.MULTILINE)
    assert [release.version for release in RELEASES] == versions[::-1]
    assert [release.version for release in RELEASES][:3] == ["0.1.0", "0.2.0", "0.3.0"]
    assert len({release.commit for release in RELEASES}) == len(RELEASES)


def test_only_the_release_being_cut_may_lack_its_commit_line():
    # The release commit cannot name itself: the next commit adds the line.
    cut = "## [Unreleased]\n\n## [0.2.0] - 2026-11-27\n\n### Added\n- x\n"
    assert releases_tool.releases(cut)[-1].commit is None
    older = cut + "\n## [0.1.0] - 2026-11-26\n\n### Added\n- y\n"
    with pytest.raises(
        ValueError, match=r"without a 'Release commit: .*' line under them: 0\.1\.0"
    ):
        releases_tool.releases(older)
    short = "## [0.2.0] - 2026-11-27\n\nRelease commit: `a75a1a5`\n\n## [0.1.0] - 2026-11-26\n"
    with pytest.raises(ValueError, match=r"0\.1\.0"):
        releases_tool.releases(short)
    undated = "## [0.2.0]\n\n### Added\n- x\n"
    with pytest.raises(ValueError, match=r"must read '## \[X\.Y\.Z\] - YYYY-MM-DD': 0\.2\.0"):
        releases_tool.releases(undated)


def test_a_release_without_its_commit_is_the_one_this_checkout_is():
    unrecorded = [release for release in RELEASES if release.commit is None]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert unrecorded in ([], [RELEASES[-1]])
    if unrecorded:
        assert project["version"] == unrecorded[0].version, (
            f"record {unrecorded[0].version}'s release commit under its heading"
        )


@needs_history
@pytest.mark.parametrize("release", RELEASES, ids=lambda release: release.version)
def test_the_release_commit_exists_and_is_that_release(release):
    if release.commit is None:
        pytest.skip(
            f"this checkout is {release.version}'s release commit, which cannot name itself"
        )
    exists = _git("cat-file", "-e", f"{release.commit}^{{commit}}")
    assert exists.returncode == 0, (
        f"{release.version}: no commit {release.commit} in this repository"
    )
    assert _version_at(release.commit) == release.version
    own_changelog = _git("show", f"{release.commit}:CHANGELOG.md").stdout
    assert f"## [{release.version}] - {release.date.isoformat()}" in own_changelog
    # The commit before it said another version: this is where the release was made.
    parent = _git("rev-parse", "--verify", "--quiet", f"{release.commit}^").stdout.strip()
    if parent:
        assert _version_at(parent) != release.version
    else:
        assert release.version == "0.1.0"  # the first commit of the repository


def test_minor_releases_say_how_to_upgrade_from_the_one_before():
    sections = re.split(r"^## ", CHANGELOG, flags=re.MULTILINE)
    upgrading = {
        section.split("]", 1)[0].lstrip("[")
        for section in sections
        if "\n### Upgrading\n" in section
    }
    minor = {release.version for release in RELEASES if release.version.endswith(".0")}
    assert minor - {"0.1.0"} <= upgrading
