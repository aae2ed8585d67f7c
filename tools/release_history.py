"""Write the release history the package ships (``src/acupuncture_content/_history.json``).

For every release CHANGELOG.md records, the history holds its version, its date and,
per guide and locale, the fingerprint of the guide and of each chunk (and of the
strings around them) and whether the source-locale text of each chunk changed since
the release before (see ``src/acupuncture_content/_history.py``).

Usage::

    python tools/release_history.py            # rebuild it from tests/compat/
    python tools/release_history.py --check    # exit 1 if the shipped file is not that
    python tools/release_history.py --add-current   # release step: append this release

An old release's entry is made from what that release wrote (``tests/compat/<version>``,
made by ``tools/compat_corpus.py`` from its release commit), loaded by the current
models and cut by the current ``chunks()``, so every fingerprint is today's recipe and
releases compare directly. ``--add-current`` is step 4 of cutting a release
(``docs/versioning.md``): it appends the entry of the version ``pyproject.toml`` now
says, computed from this package, before the release commit is made; once the
release commit exists, its corpus is made and ``--check`` confirms both agree.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from releases import ROOT, releases

from acupuncture_content import Guide, available_locales, labels, list_guides, load_guide
from acupuncture_content._history import History, Release, ShownLabels
from acupuncture_content._history_entries import release_entry

if TYPE_CHECKING:
    import datetime

CORPUS = ROOT / "tests" / "compat"
HISTORY = ROOT / "src" / "acupuncture_content" / "_history.json"

Contents = dict[str, dict[str, tuple[Guide, ShownLabels]]]


def corpus_contents(version: str, corpus: Path = CORPUS) -> Contents:
    """Every guide and locale release ``version`` wrote, loaded by the current models."""
    contents: Contents = {}
    folder = corpus / version
    if not folder.is_dir():
        msg = f"no corpus for {version} in {corpus}: run tools/compat_corpus.py {version}"
        raise FileNotFoundError(msg)
    for guide_folder in sorted(path for path in folder.iterdir() if path.is_dir()):
        shown = json.loads((guide_folder / "labels.json").read_text(encoding="utf-8"))
        contents[guide_folder.name] = {
            path.stem: (
                Guide.model_validate_json(path.read_bytes()),
                shown[path.stem],
            )
            for path in sorted(guide_folder.glob("*.json"))
            if path.name != "labels.json"
        }
    return contents


def installed_contents() -> Contents:
    """Every bundled guide in every locale, as this package serves it."""
    contents: Contents = {}
    for slug in list_guides():
        contents[slug] = {}
        for tag in available_locales(slug):
            guide = load_guide(slug, tag, fallback=False)
            contents[slug][tag] = (guide, labels(guide).model_dump(mode="json"))
    return contents


def entry(
    version: str, date: datetime.date, contents: Contents, previous: Release | None
) -> Release:
    """The history's entry for a release with these contents."""
    return release_entry(version, date, contents, previous)


def from_corpus(corpus: Path = CORPUS) -> History:
    """The history of every release CHANGELOG.md records, made from the corpus."""
    made: list[Release] = []
    for release in releases():
        if release.commit is None:
            continue  # cut but not yet recorded: its entry comes from --add-current
        previous = made[-1] if made else None
        made.append(
            entry(release.version, release.date, corpus_contents(release.version, corpus), previous)
        )
    return History(releases=tuple(made))


def shipped() -> History:
    """The history in the source tree."""
    return History.model_validate_json(HISTORY.read_bytes())


def write(history: History, path: Path = HISTORY) -> None:
    """Write ``history`` as the package ships it: indented JSON, releases oldest first."""
    text = json.dumps(history.model_dump(mode="json"), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def _project_version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(project["version"])


def add_current() -> Release:
    """Append the entry of the release ``pyproject.toml`` names, made from this package.

    Raises:
        SystemExit: the version is not the changelog's newest release, or is recorded.
    """
    version = _project_version()
    newest = releases()[-1]
    if version != newest.version:
        msg = (
            f"pyproject.toml says {version}, but the newest release in CHANGELOG.md is "
            f"{newest.version}: set the version and date the release first"
        )
        raise SystemExit(msg)
    history = shipped()
    if version in history.versions():
        msg = f"{version} is already in {HISTORY.relative_to(ROOT)}"
        raise SystemExit(msg)
    added = entry(version, newest.date, installed_contents(), history.releases[-1])
    write(History(releases=(*history.releases, added)))
    return added


def main(argv: list[str] | None = None) -> int:
    """Rebuild, check or extend the shipped history."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", action="store_true", help="compare, do not write")
    action.add_argument("--add-current", action="store_true", help="append this release")
    arguments = parser.parse_args(argv)
    if arguments.add_current:
        added = add_current()
        print(f"added {added.version} ({added.date}) to {HISTORY.relative_to(ROOT)}")
        return 0
    rebuilt = from_corpus()
    if arguments.check:
        current = shipped()
        recorded = rebuilt.versions()
        if current.releases[: len(recorded)] != rebuilt.releases:
            print(f"{HISTORY.relative_to(ROOT)} differs from the corpus: run this tool again")
            return 1
        print(f"{HISTORY.relative_to(ROOT)} matches the corpus ({', '.join(recorded)})")
        return 0
    write(rebuilt)
    print(f"wrote {HISTORY.relative_to(ROOT)}: {', '.join(rebuilt.versions())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
