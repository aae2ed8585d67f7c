"""Write the compatibility corpus: every release's own JSON, for every guide and locale.

For each release CHANGELOG.md records (``tools/releases.py``), this takes the tree of
its release commit (``git archive``), installs it (not editable) into a throwaway
virtual environment, and runs *that release's* command line::

    acupuncture-content render --guide SLUG --locale TAG --format json

for every guide and locale it has, storing the output byte for byte as
``tests/compat/<version>/<slug>/<tag>.json``. ``tests/test_compat.py`` loads every file
with the current models, so JSON any release wrote keeps loading in every later one.

Beside them, ``tests/compat/<version>/<slug>/labels.json`` holds, per locale, the
strings that release's pages put around the content (the ``Labels`` fields: the
byline's date and reading time, the notices, the disclaimer), read from its own
``render --format html`` by the elements' classes (:func:`labels_from_fragment`);
for a release that has ``labels()`` they are checked against it. The JSON does not
hold them, and ``tools/release_history.py`` needs them to say when they changed.

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
import html.parser
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


#: The elements whose text is a label, by class (``<time>`` in the byline is the date).
_LABEL_CLASSES = {
    "reading-time": "reading_time",
    "translation-notice": "translation_notice",
    "review-notice": "review_notice",
    "disclaimer": "disclaimer",
}
_VOID_ELEMENTS = frozenset({"br", "hr", "img", "meta", "link", "wbr"})


class _LabelReader(html.parser.HTMLParser):
    """Collects the text of the elements that hold labels in an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[str]] = {}
        self._open: list[str | None] = []  # per open element: the label it holds, if any

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_ELEMENTS:
            return
        classes = (dict(attrs).get("class") or "").split()
        label = next((_LABEL_CLASSES[name] for name in classes if name in _LABEL_CLASSES), None)
        if tag == "time" and "published" not in self.found:
            label = "published"
        if label is not None:
            self.found.setdefault(label, [])
        self._open.append(label)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID_ELEMENTS and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for label in self._open:
            if label is not None:
                self.found[label].append(data)


def labels_from_fragment(fragment: str) -> dict[str, str | None]:
    """The ``Labels`` fields as an HTML fragment of any release shows them.

    Every release so far marks them the same way: the date is the byline's
    ``<time>``, the others carry the classes in :data:`_LABEL_CLASSES` (0.3.0 moved
    the notices and disclaimer into ``<aside>``s; the classes stayed).
    """
    reader = _LabelReader()
    reader.feed(fragment)
    reader.close()
    labels = {label: "".join(parts).strip() for label, parts in reader.found.items()}
    return {
        "published": labels["published"],
        "reading_time": labels["reading_time"],
        "disclaimer": labels["disclaimer"],
        "translation_notice": labels.get("translation_notice"),
        "review_notice": labels.get("review_notice"),
    }


#: Run by a release's own interpreter: its ``labels()`` for a guide and locale, if it has one.
_OWN_LABELS = """
import json, sys
import acupuncture_content as package
if not hasattr(package, "labels"):
    print("null")
else:
    guide = package.load_guide(sys.argv[1], sys.argv[2], fallback=False)
    print(json.dumps(package.labels(guide).model_dump(mode="json")))
"""


def _labels(program: Path, guide: str, tag: str) -> dict[str, str | None]:
    fragment = _run([str(program), "render", "--guide", guide, "--locale", tag]).decode()
    labels = labels_from_fragment(fragment)
    python = program.parent / "python"
    own = json.loads(_run([str(python), "-c", _OWN_LABELS, guide, tag]))
    if own is None:  # a release before labels(): what its page shows is all there is
        return labels
    # The fragment shows every label but the disclaimer's own (0.4.0 and later print it
    # in text and Markdown only); labels() must agree on what the page shows, and then
    # gives them all.
    if {name: own.get(name) for name in labels} != labels:
        msg = f"{guide}/{tag}: the page shows {labels}, but labels() says {own}"
        raise RuntimeError(msg)
    return own


def write_release(release: Release, output: Path) -> list[Path]:
    """Write ``release``'s JSON for every guide and locale under ``output/<version>``."""
    with tempfile.TemporaryDirectory(prefix=f"compat-{release.version}-") as scratch:
        tree = Path(scratch) / "tree"
        _export_tree(release.commit, tree)
        program = _install(tree, Path(scratch) / "venv")
        staged = Path(scratch) / "corpus"
        written: list[Path] = []
        for guide in _guides(program):
            labels: dict[str, dict[str, str | None]] = {}
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
                labels[tag] = _labels(program, guide, tag)
            labels_text = json.dumps(labels, ensure_ascii=False, sort_keys=True, indent=1)
            (staged / guide / "labels.json").write_text(labels_text + "\n", encoding="utf-8")
            written.append(output / release.version / guide / "labels.json")
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
