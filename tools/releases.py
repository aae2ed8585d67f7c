"""The releases CHANGELOG.md records: version, date and the commit each was cut from.

Tags are not kept in this repository, so the changelog is where a release is found:
under each released heading, the first line names the release commit in full (the
newest release lacks it only in its own release commit, which cannot name itself;
the next commit adds it)::

    ## [0.3.0] - 2026-11-27

    Release commit: `c2187c06f930392906193adb1fc008b04856dfae`

``tests/test_changelog.py`` checks that every commit named exists and that its
``pyproject.toml`` says that version; ``tools/compat_corpus.py`` and
``tools/release_history.py`` read the releases from here.

Usage: ``python tools/releases.py`` prints one ``version date commit`` line per
release, oldest first.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = ROOT / "CHANGELOG.md"

#: A released heading, and the line that names its commit if it is there.
_RELEASE = re.compile(
    r"^## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d{2}-\d{2})\n"
    r"(?:\nRelease commit: `(?P<commit>[0-9a-f]{40})`$)?",
    flags=re.MULTILINE,
)
_RELEASED_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\]", flags=re.MULTILINE)


@dataclass(frozen=True)
class Release:
    """One release as the changelog records it."""

    version: str
    date: datetime.date
    #: ``None`` only for the newest release, until the commit after its release
    #: commit records it (a commit cannot name itself).
    commit: str | None


def releases(changelog: str | None = None) -> tuple[Release, ...]:
    """Return every release in ``changelog`` (default: CHANGELOG.md), oldest first.

    Raises:
        ValueError: a released heading other than the newest has no ``Release commit:``
            line under it, or a heading is not ``## [X.Y.Z] - YYYY-MM-DD``.
    """
    text = CHANGELOG.read_text(encoding="utf-8") if changelog is None else changelog
    found = [
        Release(
            version=match["version"],
            date=datetime.date.fromisoformat(match["date"]),
            commit=match["commit"],
        )
        for match in _RELEASE.finditer(text)
    ]
    headings = _RELEASED_HEADING.findall(text)
    if headings != [release.version for release in found]:
        msg = f"released headings must read '## [X.Y.Z] - YYYY-MM-DD': {', '.join(headings)}"
        raise ValueError(msg)
    missing = [release.version for release in found[1:] if release.commit is None]
    if missing:
        msg = (
            f"released headings without a 'Release commit: `<40 hex digits>`' line under "
            f"them: {', '.join(missing)}"
        )
        raise ValueError(msg)
    return tuple(reversed(found))


def main() -> int:
    """Print the releases, oldest first."""
    for release in releases():
        print(release.version, release.date.isoformat(), release.commit or "(not recorded yet)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
