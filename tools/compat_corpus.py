"""Write the compatibility corpus: every release's own JSON, for every guide and locale.

For each release CHANGELOG.md records (``tools/releases.py``), this takes the tree of
its release commit (``git archive``), installs it (not editable) into a throwaway
virtual environment, and runs *that release's* command line::

    acupuncture-content render --guide SLUG --locale TAG --format json

for every guide and locale it has, storing the output byte for byte as
``tests/compat/<version>/<slug>/<tag>.json``. ``tests/test_compat.py`` loads every file
with the current models, so JSON any release wrote keeps loading in every later one.

Usage::

    python tools/compat_corpus.py                 # every release
    python tools/compat_corpus.py 0.3.0           # one release
    python tools/compat_corpus.py --output DIR    # somewhere else than tests/compat

It needs git, the network (pip installs each release's dependencies) and a few
minutes per release. A release's files are replaced only once all of them were
written, so an interrupted run leaves the corpus as it was.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from releases import ROOT, Release, releases

CORPUS = ROOT / "tests" / "compat"

#: The one guide every release so far carried; releases without a ``guides``
#: command (0.1.0, 0.2.0) render it when no ``--guide`` is given.
_DEFAULT_GUIDE = "acupuncture-for-back-pain"


def _run(command: list[str]) -> bytes:
    """Run ``command``; return its standard output (raising if it fails)."""
    return subprocess.run(command, check=True, capture_output=True).stdout


def _export_tree(commit: str, into: Path) -> None:
    """Write the files of ``commit`` (as git stores them) into ``into``."""
    archive = into.with_suffix(".tar")
    _run(["git", "-C", str(ROOT), "archive", "--format=tar", f"--output={archive}", commit])
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    archive.unlink()


def _install(tree: Path, environment: Path) -> Path:
    """Install ``tree`` (a wheel built from it, not editable) into a new virtualenv."""
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--quiet", str(tree)])
    return environment / "bin" / "acupuncture-content"


def _guides(program: Path) -> list[str]:
    listed = subprocess.run([str(program), "guides"], capture_output=True, text=True, check=False)
    if listed.returncode != 0:  # no such command before 0.3.0
        return [_DEFAULT_GUIDE]
    return listed.stdout.split()


def _locales(program: Path, guide: str) -> list[str]:
    listed = _run([str(program), "locales", "--guide", guide]).decode()
    return [line.split()[0] for line in listed.splitlines() if line.strip()]


def write_release(release: Release, output: Path) -> list[Path]:
    """Write ``release``'s JSON for every guide and locale under ``output/<version>``."""
    with tempfile.TemporaryDirectory(prefix=f"compat-{release.version}-") as scratch:
        tree = Path(scratch) / "tree"
        _export_tree(release.commit, tree)
        program = _install(tree, Path(scratch) / "venv")
        staged = Path(scratch) / "corpus"
        written: list[Path] = []
        for guide in _guides(program):
            for tag in _locales(program, guide):
                command = [str(program), "render", "--format", "json", "--locale", tag]
                output_bytes = _run([*command, "--guide", guide])
                served = json.loads(output_bytes)
                if (served["slug"], served["locale"]) != (guide, tag):
                    msg = (
                        f"{release.version} served {served['slug']}/{served['locale']} "
                        f"for {guide}/{tag}"
                    )
                    raise RuntimeError(msg)
                path = staged / guide / f"{tag}.json"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(output_bytes)
                written.append(output / release.version / guide / f"{tag}.json")
        target = output / release.version
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the corpus for the releases named (default: every release)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("versions", nargs="*", help="releases to write (default: all)")
    parser.add_argument("--output", type=Path, default=CORPUS, help="corpus folder")
    arguments = parser.parse_args(argv)
    known = {release.version: release for release in releases()}
    unknown = [version for version in arguments.versions if version not in known]
    if unknown:
        parser.error(
            f"not a release in CHANGELOG.md: {', '.join(unknown)}; known: {', '.join(known)}"
        )
    for version in arguments.versions or list(known):
        written = write_release(known[version], arguments.output)
        size = sum(path.stat().st_size for path in written)
        print(f"{version}: {len(written)} files, {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
