"""Check that a release tag names the version that the built distributions carry.

The release workflow (``.github/workflows/release.yml``) runs it after ``python -m build``
and before anything is published::

    python tools/release_version.py --tag "$GITHUB_REF_NAME" dist

It reads the version from the distributions' own metadata (the wheel's
``*.dist-info/METADATA``, the sdist's ``PKG-INFO``), not from the source tree, because
those files are what the package index receives and what ``pip`` will report. The folder
must hold exactly one wheel and one sdist (the publish step uploads the whole folder),
both of this project, both of one version, and the tag must be ``v`` followed by that
version exactly (``v0.4.0`` for ``0.4.0``, ``v0.4.0.dev1`` for ``0.4.0.dev1``).

Exit status 0 prints the version; 1 prints what differs, naming the file.
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
import zipfile
from collections.abc import Sequence
from email.parser import HeaderParser
from pathlib import Path

PROJECT = "acupuncture-content"
WHEEL_METADATA = re.compile(r"[^/]+\.dist-info/METADATA")
SDIST_METADATA = re.compile(r"[^/]+/PKG-INFO")


class ReleaseVersionError(Exception):
    """The tag, the distributions or their metadata do not agree."""


def _read_metadata(text: str, source: Path) -> str:
    """The version in core metadata ``text``, after checking it is this project's."""
    headers = HeaderParser().parsestr(text)
    name, version = headers.get("Name"), headers.get("Version")
    if name is None or version is None:
        raise ReleaseVersionError(f"{source.name}: its metadata has no Name or no Version")
    if re.sub(r"[-_.]+", "-", name).lower() != PROJECT:
        raise ReleaseVersionError(f"{source.name}: a distribution of {name!r}, not {PROJECT}")
    return version


def wheel_version(wheel: Path) -> str:
    """The version in a wheel's ``*.dist-info/METADATA``."""
    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist() if WHEEL_METADATA.fullmatch(name)]
        if len(members) != 1:
            raise ReleaseVersionError(f"{wheel.name}: expected one .dist-info/METADATA")
        return _read_metadata(archive.read(members[0]).decode("utf-8"), wheel)


def sdist_version(sdist: Path) -> str:
    """The version in an sdist's top-level ``PKG-INFO``."""
    with tarfile.open(sdist) as archive:
        members = [member for member in archive if SDIST_METADATA.fullmatch(member.name)]
        if len(members) != 1 or (extracted := archive.extractfile(members[0])) is None:
            raise ReleaseVersionError(f"{sdist.name}: expected one top-level PKG-INFO")
        return _read_metadata(extracted.read().decode("utf-8"), sdist)


def check_release(tag: str, folder: Path) -> str:
    """The version of the distributions in ``folder``, if ``tag`` names it.

    Raises:
        ReleaseVersionError: naming the file or the tag that does not agree.
    """
    files = sorted(path for path in folder.iterdir() if path.is_file())
    wheels = [path for path in files if path.name.endswith(".whl")]
    sdists = [path for path in files if path.name.endswith(".tar.gz")]
    others = [path.name for path in files if path not in wheels and path not in sdists]
    if len(wheels) != 1 or len(sdists) != 1 or others:
        found = ", ".join(path.name for path in files) or "nothing"
        raise ReleaseVersionError(f"{folder}: expected one wheel and one sdist, found {found}")
    versions = {wheels[0].name: wheel_version(wheels[0]), sdists[0].name: sdist_version(sdists[0])}
    if len(set(versions.values())) != 1:
        listed = ", ".join(f"{name} says {version}" for name, version in versions.items())
        raise ReleaseVersionError(f"the distributions disagree: {listed}")
    (version,) = set(versions.values())
    if tag != f"v{version}":
        raise ReleaseVersionError(
            f"tag {tag!r} does not name the version the distributions carry: "
            f"{version} (tag it v{version}, or set project.version to {tag.removeprefix('v')})"
        )
    return version


def main(arguments: Sequence[str] | None = None) -> int:
    """Command line: ``--tag TAG FOLDER``; prints the version or the disagreement."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--tag", required=True, help="the pushed tag, e.g. v0.4.0")
    parser.add_argument("folder", type=Path, help="the folder python -m build wrote")
    options = parser.parse_args(arguments)
    try:
        version = check_release(options.tag, options.folder)
    except (ReleaseVersionError, OSError, tarfile.TarError, zipfile.BadZipFile) as error:
        print(f"release_version: {error}", file=sys.stderr)
        return 1
    print(version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
