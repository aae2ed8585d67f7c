"""The static export never loses, overwrites or exposes a file that is not its own.

Every rule of ``acupuncture_content._export`` as an exact reproduction against the real
export: only its own regular ``manifest.json``, listing only names export writes, is
trusted; a file the previous manifest does not list is never overwritten; nothing is
written through a symlink (so never outside the folder); only listed regular files
export no longer writes (the sitemap) are deleted; hostile manifests (absolute or
escaping paths, other spellings, NUL, backslashes, over-long paths, FIFOs,
200,000-deep JSON) are refused at once, before anything is written. Then two
Hypothesis properties: ``read_manifest`` returns paths inside the folder or raises
``ExportError``, never anything else; and ``export`` over arbitrary folder layouts
either leaves every file that is not its own as it was, or refuses and leaves the
whole folder as it was.

Last, export touches only what it could have written, as it found it:

- A manifest is export's own only if every path it lists is a name export writes (a
  site page, or ``<slug>/<tag>/<file>`` of a bundled guide, one of its locales and a
  file written per locale); a forged one that lists a patient database, with its
  correct SHA-256, is refused and the database survives.
- Check and writes agree: a file edited (or created, or swapped for a link) after the
  check and before export replaces or deletes it is left as it is, export stops with
  status 2, and the journal lets a later run finish.
- The check finds every folder export cannot write in, before anything changes.
- A ``kill -9`` mid-export leaves temporary files; the next export removes those of
  its own naming in its own folders, and nothing else.

(What export writes is in test_export.py; what it does when the system refuses a call,
in test_export_faults.py.)
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import posixpath
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import acupuncture_content._export as export_module
from acupuncture_content import available_locales
from acupuncture_content._errors import ExportError
from acupuncture_content._export import _File, _plan, _read_regular_file, export, known_paths
from acupuncture_content.cli import main

SLUG = "acupuncture-for-back-pain"
PACKAGE = "acupuncture-content"
TAGS = available_locales()
GUIDE_FILES = (
    "index.html",
    "guide.html",
    "guide.md",
    "guide.txt",
    "guide.json",
    "chunks.jsonl",
    "labels.json",
)
EXPORT_PATHS = sorted(
    {"index.html", "llms.txt"} | {f"{SLUG}/{tag}/{name}" for tag in TAGS for name in GUIDE_FILES}
)
BASE_URL = "https://clinic.example/guides/"
DEEP = 200_000
TIMEOUT = 60  # seconds: a guard against hangs, not a benchmark
#: Every path an export of this version may list (export's own, from its plan).
KNOWN = frozenset([*EXPORT_PATHS, "sitemap.xml"])

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def read_manifest(root: Path, known: frozenset[str]):
    """What export reads of the manifest in ``root``: its listing (``None`` without one)."""
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        listing, digest = export_module._read_manifest(folder, root, known)
    finally:
        os.close(folder)
    return None if digest is None else listing


@dataclasses.dataclass(frozen=True)
class Entry:
    """One thing in a folder, seen with lstat: its type, permission bits and content."""

    kind: int
    mode: int
    content: bytes | str | None  # bytes of a file, target of a link, None otherwise


def _snapshot(folder: Path) -> dict[str, Entry]:
    """Everything under ``folder``, never following a link; ``{}`` if it does not exist."""
    entries: dict[str, Entry] = {}

    def visit(directory: Path, prefix: str) -> None:
        for entry in sorted(os.scandir(directory), key=lambda entry: entry.name):
            relative = prefix + entry.name
            status = entry.stat(follow_symlinks=False)
            kind = stat.S_IFMT(status.st_mode)
            content: bytes | str | None = None
            if kind == stat.S_IFREG:
                content = Path(entry.path).read_bytes()
            elif kind == stat.S_IFLNK:
                content = str(Path(entry.path).readlink())
            entries[relative] = Entry(kind, stat.S_IMODE(status.st_mode), content)
            if kind == stat.S_IFDIR:
                visit(Path(entry.path), relative + "/")

    if folder.is_dir() and not folder.is_symlink():
        visit(folder, "")
    return entries


def _files(snapshot: dict[str, Entry]) -> dict[str, bytes | str | None]:
    return {path: entry.content for path, entry in snapshot.items() if entry.kind != stat.S_IFDIR}


def _manifest_paths(root: Path) -> list[str]:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["package"] == PACKAGE
    return [entry["path"] for entry in manifest["files"]]


def _sha256_of(root: Path, path: object) -> str:
    """The SHA-256 an earlier export would have listed for ``path``: its file's, if any."""
    try:
        candidate = root / str(path)
        if candidate.is_file() and not candidate.is_symlink():
            return hashlib.sha256(candidate.read_bytes()).hexdigest()
    except (OSError, ValueError):
        pass
    return "0" * 64


def _write_manifest(root: Path, paths: list[object]) -> None:
    """An acupuncture-content manifest listing ``paths`` (what an older export wrote)."""
    files = [{"path": p, "sha256": _sha256_of(root, p)} for p in paths]
    document = {"package": PACKAGE, "version": "0.0.1", "files": files}
    (root / "manifest.json").write_text(json.dumps(document), encoding="utf-8")


def _also_list(root: Path, *paths: object) -> None:
    """Add ``paths`` to the manifest an earlier export left in ``root``."""
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"].extend({"path": path, "sha256": _sha256_of(root, path)} for path in paths)
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _one_line(text: str) -> str:
    assert "Traceback" not in text
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text


def _cli_export(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "acupuncture_content", "export", "--output", str(root), *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )


def _assert_refused(root: Path, capsys, *, naming: str | None = None) -> None:
    """Export (API and command line) refuses and leaves everything around ``root`` as it was."""
    around = root.parent
    before = _snapshot(around)
    with pytest.raises(ExportError) as caught:
        export(root)
    if naming is not None:
        assert naming in str(caught.value)
    assert _snapshot(around) == before
    assert main(["export", "--output", str(root)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    error = _one_line(captured.err)
    if naming is not None:
        assert naming in error
    assert _snapshot(around) == before


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A real export, made once; tests work on copies of it."""
    root = tmp_path_factory.mktemp("pristine") / "out"
    export(root)
    return root


@pytest.fixture
def exported(pristine, tmp_path):
    """A copy of a real export, in a folder of its own (``tmp_path / "out"``)."""
    root = tmp_path / "out"
    shutil.copytree(pristine, root, symlinks=True)
    return root


def test_the_export_layout_is_the_one_the_contract_names(pristine):
    assert sorted(_manifest_paths(pristine)) == EXPORT_PATHS
    assert set(_files(_snapshot(pristine))) == {*EXPORT_PATHS, "manifest.json"}


# A manifest that is not ours, and files that are not ours.


def test_a_clinic_pwa_manifest_is_refused_and_the_clinic_files_stay_byte_identical(
    tmp_path, capsys
):
    root = tmp_path / "site"
    root.mkdir()
    (root / "manifest.json").write_text(
        json.dumps({"name": "Clinic PWA", "files": [{"path": "index.html"}]}), encoding="utf-8"
    )
    (root / "index.html").write_text("<h1>Our clinic</h1>\n", encoding="utf-8")
    _assert_refused(root, capsys, naming=str(root / "manifest.json"))
    assert sorted(path.name for path in root.iterdir()) == ["index.html", "manifest.json"]


UNTRUSTED_MANIFESTS = {
    "another-package": json.dumps({"package": "clinic-site", "files": []}).encode(),
    "no-package": json.dumps({"files": [{"path": "index.html"}]}).encode(),
    "package-not-a-string": json.dumps({"package": [PACKAGE], "files": []}).encode(),
    "not-json": b"<!doctype html><title>not a manifest</title>\n",
    "not-utf-8": b'{"package": "acupuncture-content", "files": [], "x": "\xff"}',
    "empty": b"",
    "json-list": b"[]",
    "json-string": json.dumps(PACKAGE).encode(),
    "files-missing": json.dumps({"package": PACKAGE}).encode(),
    "files-not-a-list": json.dumps({"package": PACKAGE, "files": {"path": "x"}}).encode(),
    "entries-not-objects": json.dumps({"package": PACKAGE, "files": ["index.html"]}).encode(),
    "entry-without-path": json.dumps({"package": PACKAGE, "files": [{"sha256": "0"}]}).encode(),
    "larger-than-any-manifest": b'{"package": "acupuncture-content", "files": []'
    + b" " * (16 * 1024 * 1024)
    + b"}",
}


@pytest.mark.parametrize("data", UNTRUSTED_MANIFESTS.values(), ids=UNTRUSTED_MANIFESTS.keys())
def test_a_manifest_that_is_not_ours_stops_export_before_anything_is_written(
    exported, capsys, data
):
    (exported / "manifest.json").write_bytes(data)
    (exported / "index.html").write_text("the clinic's page", encoding="utf-8")
    _assert_refused(exported, capsys, naming="manifest.json")


@pytest.mark.parametrize(
    "where",
    ["index.html", "llms.txt", f"{SLUG}/en/guide.html", f"{SLUG}/zh-Hans/labels.json"],
)
def test_a_clinics_own_file_without_a_manifest_is_refused_and_the_folder_unchanged(
    tmp_path, capsys, where
):
    root = tmp_path / "site"
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    (root / where).write_text("<h1>Our clinic</h1>\n", encoding="utf-8")
    _assert_refused(root, capsys, naming=str(root / where))


def test_a_file_the_previous_manifest_does_not_list_is_never_overwritten(exported, capsys):
    # The clinic's sitemap, in a folder an earlier export (without --base-url) wrote.
    (exported / "sitemap.xml").write_text("<urlset>the clinic's</urlset>\n", encoding="utf-8")
    before = _snapshot(exported.parent)
    with pytest.raises(ExportError, match=r"sitemap\.xml"):
        export(exported, base_url=BASE_URL)
    assert _snapshot(exported.parent) == before
    assert main(["export", "--output", str(exported), "--base-url", BASE_URL]) == 2
    assert str(exported / "sitemap.xml") in _one_line(capsys.readouterr().err)
    assert _snapshot(exported.parent) == before


def test_a_folder_where_export_writes_a_file_is_refused(exported, capsys):
    shutil.rmtree(exported / SLUG / "en")
    (exported / SLUG / "en" / "guide.html").mkdir(parents=True)
    _assert_refused(exported, capsys, naming=str(exported / SLUG / "en" / "guide.html"))


def test_a_file_where_export_needs_a_folder_is_refused(exported, capsys):
    shutil.rmtree(exported / SLUG / "de")
    (exported / SLUG / "de").write_text("a clinic's file named de", encoding="utf-8")
    _assert_refused(exported, capsys, naming=str(exported / SLUG / "de"))


# Manifest paths: what they may name, and what they normalise to.


@pytest.mark.parametrize(
    "spelling",
    [
        f"./{SLUG}/en/guide.html",
        f"{SLUG}//en/./guide.html",
        f"{SLUG}/en/../en/guide.html",
        f"{SLUG}/en/guide.html/",
        "./index.html",
        "manifest.json",
        "./manifest.json",
    ],
)
def test_another_spelling_of_a_written_path_is_not_trusted(exported, capsys, spelling):
    # Export writes each of its names one way, and never lists its manifest.
    _also_list(exported, spelling)
    _assert_refused(exported, capsys, naming="lists a path no export writes")


REFUSED_PATHS = [
    pytest.param("//de/index.html", id="double-slash-absolute"),
    pytest.param("/de/index.html", id="absolute"),
    pytest.param("/etc/hostname", id="absolute-system-file"),
    pytest.param("../outside.txt", id="dot-dot"),
    pytest.param(f"{SLUG}/../../outside.txt", id="dot-dot-after-a-folder"),
    pytest.param("..", id="the-parent"),
    pytest.param(".", id="the-folder-itself"),
    pytest.param(f"{SLUG}/..", id="back-to-the-folder-itself"),
    pytest.param("", id="empty"),
    pytest.param("index.html\0", id="nul-after-a-real-path"),
    pytest.param(f"{SLUG}/\0/guide.html", id="nul-component"),
    pytest.param("..\\outside.txt", id="backslash-escape"),
    pytest.param(f"{SLUG}\\en\\guide.html", id="backslashes"),
    pytest.param("x" * 5000, id="5000-characters"),
    pytest.param(f"{SLUG}/" + "y" * 300 + "/guide.html", id="300-byte-component"),
    pytest.param("é" * 150, id="300-byte-component-in-utf-8"),
    pytest.param(5, id="a-number"),
    pytest.param(None, id="null"),
    pytest.param(["index.html"], id="a-list"),
]


@pytest.mark.parametrize("listed", REFUSED_PATHS)
def test_a_manifest_listing_a_path_no_export_writes_is_refused_before_anything_is_written(
    exported, capsys, listed
):
    (exported.parent / "outside.txt").write_text("not ours", encoding="utf-8")
    _also_list(exported, listed)
    _assert_refused(exported, capsys, naming="manifest.json")


# Symbolic links: never written through, never deleted through.


@pytest.mark.parametrize("target", ["inside", "outside"])
def test_a_listed_symlink_is_left_alone_and_the_file_it_names_survives(exported, tmp_path, target):
    # The sitemap is listed and not written without a base URL: a stale path.
    link = exported / "sitemap.xml"
    if target == "inside":
        host = exported / "host.txt"
        link.symlink_to("host.txt")
    else:
        (tmp_path / "elsewhere").mkdir()
        host = tmp_path / "elsewhere" / "host.txt"
        link.symlink_to(host)
    host.write_text("the host's file\n", encoding="utf-8")
    _also_list(exported, "sitemap.xml")
    export(exported)
    assert host.read_text(encoding="utf-8") == "the host's file\n"
    assert link.is_symlink()
    assert link.readlink() in {Path("host.txt"), host}
    assert "sitemap.xml" not in _manifest_paths(exported)


@pytest.mark.parametrize(
    ("link", "leads"),
    [
        (SLUG, "outside"),
        (SLUG, "inside"),
        (f"{SLUG}/en", "outside"),
        (f"{SLUG}/en", "inside"),
    ],
)
@pytest.mark.parametrize("history", ["fresh", "exported"])
def test_a_symlinked_subfolder_is_refused_and_nothing_is_written_outside(
    tmp_path, pristine, capsys, *, link, leads, history
):
    root = tmp_path / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    if history == "exported":
        shutil.copytree(pristine, root, symlinks=True)
        shutil.rmtree(root / link)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    if leads == "outside":
        (root / link).symlink_to(outside, target_is_directory=True)
    else:
        (root / "elsewhere").mkdir()
        (root / link).symlink_to(root / "elsewhere", target_is_directory=True)
    _assert_refused(root, capsys, naming=str(root / link))
    assert list(outside.iterdir()) == []
    if leads == "inside":
        assert list((root / "elsewhere").iterdir()) == []


def test_a_listed_file_turned_into_a_symlink_is_refused_and_its_target_untouched(
    exported, tmp_path, capsys
):
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n", encoding="utf-8")
    (exported / "index.html").unlink()
    (exported / "index.html").symlink_to(victim)
    _assert_refused(exported, capsys, naming="index.html has changed since the last export")
    assert victim.read_text(encoding="utf-8") == "someone else's file\n"
    assert (exported / "index.html").is_symlink()


def test_an_unlisted_symlink_where_export_writes_is_refused(tmp_path, capsys):
    root = tmp_path / "out"
    root.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n", encoding="utf-8")
    (root / "index.html").symlink_to(victim)
    _assert_refused(root, capsys, naming=str(root / "index.html"))
    assert victim.read_text(encoding="utf-8") == "someone else's file\n"


LOOPS = {
    "subfolder-to-itself": [(SLUG, SLUG)],
    "two-links": [(SLUG, "other"), ("other", SLUG)],
    "locale-folder-to-itself": [(f"{SLUG}/en", "en")],
    "manifest-to-itself": [("manifest.json", "manifest.json")],
    "page-to-itself": [("index.html", "index.html")],
}


@pytest.mark.parametrize("links", LOOPS.values(), ids=LOOPS.keys())
def test_a_symlink_loop_is_refused_quickly_without_a_traceback(tmp_path, capsys, links):
    root = tmp_path / "out"
    root.mkdir()
    for name, target in links:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).symlink_to(target)
    started = time.monotonic()
    _assert_refused(root, capsys)
    assert time.monotonic() - started < 5


def test_a_symlink_loop_is_refused_by_the_command_with_one_line(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    (root / SLUG).symlink_to(SLUG)
    result = _cli_export(root)
    assert (result.returncode, result.stdout) == (2, "")
    assert str(root / SLUG) in _one_line(result.stderr)
    assert _snapshot(root) == {SLUG: Entry(stat.S_IFLNK, 0o777, SLUG)}


# Hostile manifests: deep, FIFOs, symlinks and other non-regular files.


DEEP_MANIFESTS = {
    "arrays": b"[" * DEEP + b"]" * DEEP,
    "objects": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "inside-ours": b'{"package": "acupuncture-content", "files": [{"path": '
    + b"[" * DEEP
    + b"]" * DEEP
    + b"}]}",
}


@pytest.mark.parametrize("data", DEEP_MANIFESTS.values(), ids=DEEP_MANIFESTS.keys())
def test_a_200000_deep_manifest_is_refused_within_a_second(exported, capsys, data):
    (exported / "manifest.json").write_bytes(data)
    started = time.monotonic()
    with pytest.raises(ExportError, match="not valid JSON"):
        read_manifest(exported, KNOWN)
    assert time.monotonic() - started < 5
    started = time.monotonic()
    _assert_refused(exported, capsys, naming="manifest.json")
    assert time.monotonic() - started < 10  # two exports


def test_a_200000_deep_manifest_exits_2_with_one_line(exported):
    (exported / "manifest.json").write_bytes(DEEP_MANIFESTS["arrays"])
    before = _snapshot(exported)
    result = _cli_export(exported)
    assert (result.returncode, result.stdout) == (2, "")
    assert "manifest.json" in _one_line(result.stderr)
    assert _snapshot(exported) == before


def _within(seconds: float, function, unblock):
    """Run ``function`` in a thread; if it is still running after ``seconds``, unblock it."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    hung = thread.is_alive()
    if hung:
        unblock()
        thread.join(seconds)
    return hung, outcome


def _open_writer(fifo: Path):
    def unblock() -> None:
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    return unblock


@needs_fifo
def test_a_fifo_manifest_is_refused_without_blocking(exported):
    (exported / "manifest.json").unlink()
    fifo = exported / "manifest.json"
    os.mkfifo(fifo)
    before = _snapshot(exported.parent)
    hung, outcome = _within(TIMEOUT, lambda: export(exported), _open_writer(fifo))
    assert not hung, "export blocked opening a FIFO manifest"
    assert isinstance(outcome.get("error"), ExportError)
    assert "not a regular file" in str(outcome["error"])
    assert _snapshot(exported.parent) == before
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@needs_fifo
def test_a_fifo_swapped_in_after_the_check_does_not_block_either(tmp_path):
    # The second guard: reading opens with O_NONBLOCK and checks the open file.
    fifo = tmp_path / "manifest.json"
    os.mkfifo(fifo)
    folder = os.open(tmp_path, os.O_RDONLY)
    try:
        hung, outcome = _within(
            TIMEOUT,
            lambda: _read_regular_file(folder, "manifest.json", f"{fifo} ", 1024),
            _open_writer(fifo),
        )
    finally:
        os.close(folder)
    assert not hung, "reading a FIFO blocked"
    assert outcome.get("value", "unset") is None  # not a regular file


@needs_fifo
def test_a_fifo_manifest_exits_2_with_one_line(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    os.mkfifo(root / "manifest.json")
    result = _cli_export(root)  # the timeout turns a hang into a failure
    assert (result.returncode, result.stdout) == (2, "")
    assert "manifest.json" in _one_line(result.stderr)
    assert [path.name for path in root.iterdir()] == ["manifest.json"]


@pytest.mark.parametrize("kind", ["folder", "link-to-our-manifest", "link-outside", "dangling"])
def test_a_manifest_that_is_not_a_regular_file_is_not_trusted(exported, tmp_path, capsys, kind):
    manifest = exported / "manifest.json"
    if kind == "folder":
        manifest.unlink()
        manifest.mkdir()
    elif kind == "link-to-our-manifest":
        manifest.rename(exported / "real-manifest.json")
        manifest.symlink_to("real-manifest.json")
    elif kind == "link-outside":
        manifest.rename(tmp_path / "manifest-outside.json")
        manifest.symlink_to(tmp_path / "manifest-outside.json")
    else:
        manifest.unlink()
        manifest.symlink_to("nowhere.json")
    _assert_refused(exported, capsys, naming="not a regular file")


@pytest.mark.parametrize("kind", ["file", "fifo", "link-to-a-file", "dangling-link"])
def test_an_output_that_is_not_a_folder_exits_2_and_nothing_is_created(tmp_path, capsys, kind):
    output = tmp_path / "out"
    if kind == "file":
        output.write_text("a file\n", encoding="utf-8")
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this platform")
        os.mkfifo(output)
    elif kind == "link-to-a-file":
        (tmp_path / "file.txt").write_text("a file\n", encoding="utf-8")
        output.symlink_to("file.txt")
    else:
        output.symlink_to(tmp_path / "missing" / "folder")
    before = _snapshot(tmp_path)
    assert main(["export", "--output", str(output)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(output) in _one_line(captured.err)
    assert _snapshot(tmp_path) == before


def test_export_with_an_empty_output_exits_2_and_creates_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--output", ""]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--output" in _one_line(captured.err)
    assert list(tmp_path.iterdir()) == []


# What export deletes: its own stale regular files, and nothing else.


def test_a_stale_listed_file_is_deleted_and_an_unlisted_neighbour_survives(exported, pristine):
    sitemap = exported / "sitemap.xml"
    sitemap.write_text("<urlset>an older export's</urlset>\n", encoding="utf-8")
    notes = exported / "notes.txt"
    notes.write_text("the clinic's notes\n", encoding="utf-8")
    _also_list(exported, "sitemap.xml")
    export(exported)
    assert not sitemap.exists()
    assert notes.read_text(encoding="utf-8") == "the clinic's notes\n"
    assert "sitemap.xml" not in _manifest_paths(exported)
    expected = _files(_snapshot(pristine)) | {"notes.txt": b"the clinic's notes\n"}
    assert _files(_snapshot(exported)) == expected


def test_a_stale_listed_file_edited_since_is_kept_and_forgotten(exported, pristine):
    sitemap = exported / "sitemap.xml"
    sitemap.write_text("<urlset>an older export's</urlset>\n", encoding="utf-8")
    _also_list(exported, "sitemap.xml")
    sitemap.write_text("<urlset>the clinic's own now</urlset>\n", encoding="utf-8")
    export(exported)
    assert sitemap.read_text(encoding="utf-8") == "<urlset>the clinic's own now</urlset>\n"
    assert "sitemap.xml" not in _manifest_paths(exported)
    expected = _files(_snapshot(pristine)) | {
        "sitemap.xml": b"<urlset>the clinic's own now</urlset>\n"
    }
    assert _files(_snapshot(exported)) == expected


def test_a_listed_file_edited_since_the_last_export_is_never_overwritten(exported, capsys):
    page = exported / SLUG / "de" / "guide.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>Praxis Beispiel</p>\n")
    _assert_refused(
        exported, capsys, naming=f"{SLUG}/de/guide.html has changed since the last export"
    )


def test_a_listed_file_made_read_only_is_never_overwritten(exported):
    page = exported / SLUG / "fr" / "index.html"  # the full page changes with a base URL
    page.chmod(0o444)
    before = _snapshot(exported.parent)
    with pytest.raises(ExportError, match=f"{SLUG}/fr/index.html is read-only"):
        export(exported, base_url=BASE_URL)
    assert _snapshot(exported.parent) == before
    assert stat.S_IMODE(page.stat().st_mode) == 0o444


def test_a_read_only_file_export_would_not_change_does_not_stop_it(exported, pristine):
    page = exported / SLUG / "fr" / "guide.txt"
    page.chmod(0o444)
    export(exported)
    assert stat.S_IMODE(page.stat().st_mode) == 0o444
    assert _files(_snapshot(exported)) == _files(_snapshot(pristine))


@pytest.mark.parametrize(
    "listed",
    [
        "patients.db",  # a clinic's file at the root: export writes only its site files there
        "data/patients/records.db",
        "notes/today.txt",
        f"{SLUG}/en/deeper/guide.html",
        "/".join(["a"] * 490) + "/00001",  # a path chain that would take minutes to walk
        f"{SLUG}/en/.hidden",
        f"{SLUG}/it/guide.html",  # a locale this version does not have
        "retired-guide/en/guide.html",  # a guide this version does not have
        f"{SLUG}/en/notes.txt",  # a file no renderer exports
    ],
)
def test_a_manifest_listing_a_path_of_another_shape_is_refused(exported, capsys, listed):
    _also_list(exported, listed)
    _assert_refused(exported, capsys, naming="lists a path no export writes")


def test_a_manifest_listing_more_files_than_any_export_writes_is_refused_at_once(exported, capsys):
    paths = [f"{SLUG}/x{number}/guide.html" for number in range(10_001)]
    _also_list(exported, *paths)
    started = time.monotonic()
    _assert_refused(exported, capsys, naming="lists a path no export writes")
    assert time.monotonic() - started < TIMEOUT


def test_a_manifest_entry_without_a_sha256_is_not_trusted(exported, capsys):
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"][3]["sha256"]
    (exported / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _assert_refused(exported, capsys, naming="without a valid SHA-256")


@pytest.mark.parametrize(
    "kind", ["empty-folder", "folder", "fifo", "link-to-file", "link-to-outside-file"]
)
def test_a_listed_stale_path_that_is_not_a_regular_file_is_left_alone(exported, tmp_path, kind):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "file.txt").write_text("outside\n", encoding="utf-8")
    host = exported / "host.txt"
    host.write_text("inside\n", encoding="utf-8")
    stale = exported / "sitemap.xml"  # listed, and not written without a base URL
    if kind == "empty-folder":
        stale.mkdir()
    elif kind == "folder":
        stale.mkdir()
        (stale / "keep.txt").write_text("keep\n", encoding="utf-8")
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this platform")
        os.mkfifo(stale)
    elif kind == "link-to-file":
        stale.symlink_to("host.txt")
    else:
        stale.symlink_to(outside / "file.txt")
    _also_list(exported, "sitemap.xml")
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:  # what a file there would have had: the linked one's
        if entry["path"] == "sitemap.xml":
            entry["sha256"] = hashlib.sha256(b"outside\n").hexdigest()
    (exported / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = {path: entry for path, entry in _snapshot(exported).items() if "sitemap" in path}
    outside_before = _snapshot(outside)
    export(exported)
    after = {path: entry for path, entry in _snapshot(exported).items() if "sitemap" in path}
    assert after == before
    assert _snapshot(outside) == outside_before
    assert host.read_text(encoding="utf-8") == "inside\n"
    assert "sitemap.xml" not in _manifest_paths(exported)


# A folder swapped for a link while export runs (a race an attacker with write access
# to the folder can win): export works from folder descriptors and never follows it.


def _swap_for_link(folder: Path, target: Path) -> None:
    shutil.rmtree(folder)
    folder.symlink_to(target, target_is_directory=True)


def test_a_subfolder_swapped_for_a_link_after_the_check_is_never_written_through(
    exported, tmp_path, monkeypatch
):
    outside = tmp_path / "outside"
    outside.mkdir()
    checked = export_module._check

    def check_then_swap(*arguments):
        result = checked(*arguments)
        _swap_for_link(exported / SLUG, outside)
        return result

    monkeypatch.setattr(export_module, "_check", check_then_swap)
    with pytest.raises(ExportError, match="is a symbolic link"):
        export(exported, base_url=BASE_URL)  # new pages: there is something to write
    assert list(outside.iterdir()) == []


# Re-running, and --base-url.


def test_rerunning_export_into_its_own_output_is_byte_identical(tmp_path, capsys):
    root = tmp_path / "out"
    export(root)
    first = _snapshot(root)
    assert set(_files(first)) == {*EXPORT_PATHS, "manifest.json"}
    export(root)
    assert _snapshot(root) == first
    assert main(["export", "--output", str(root)]) == 0
    captured = capsys.readouterr()
    everything = len(EXPORT_PATHS) + 1  # and the manifest
    assert captured == (f"wrote 0, unchanged {everything}, removed 0: {root}\n", "")
    assert _snapshot(root) == first
    assert not list(root.rglob("*.tmp"))
    assert set(_snapshot(tmp_path)) == {"out"} | {f"out/{path}" for path in first}


def test_sitemap_and_feed_appear_with_a_base_url_and_go_when_a_later_export_has_none(
    exported, pristine, capsys
):
    assert main(["export", "--output", str(exported), "--base-url", BASE_URL]) == 0
    capsys.readouterr()
    sitemap, feed = exported / "sitemap.xml", exported / "changes.xml"
    assert sitemap.is_file() and feed.is_file()
    assert BASE_URL in sitemap.read_text(encoding="utf-8")
    assert BASE_URL in feed.read_text(encoding="utf-8")
    assert sorted(_manifest_paths(exported)) == sorted(
        [*EXPORT_PATHS, "sitemap.xml", "changes.xml"]
    )
    assert main(["export", "--output", str(exported)]) == 0
    assert not sitemap.exists() and not feed.exists()
    assert sorted(_manifest_paths(exported)) == EXPORT_PATHS
    assert _snapshot(exported) == _snapshot(pristine)


# Paths the manifest accepts but no file system can use.


def _assert_refused_or_harmless(root: Path) -> None:
    """Export either refuses, changing nothing, or succeeds and can run again."""
    around = root.parent
    before = _snapshot(around)
    try:
        export(root)
    except ExportError:
        assert _snapshot(around) == before
        return
    except Exception as error:  # noqa: BLE001 - the failure to report
        after = _snapshot(around)
        changed = sorted(path for path in {*before, *after} if before.get(path) != after.get(path))
        pytest.fail(
            f"export raised {type(error).__name__} (not ExportError): {str(error)[:120]}...; "
            f"it had already changed {len(changed)} entries, e.g. {changed[:3]}"
        )
    export(root)
    assert sorted(_manifest_paths(root)) == EXPORT_PATHS


def test_a_manifest_path_too_long_in_bytes_is_refused_or_ignored_never_half_exported(tmp_path):
    # 1,023 characters (under the limit in characters), 4,047 bytes in UTF-8: with the
    # folder's own path, longer than any path the file system accepts (PATH_MAX).
    root = tmp_path / "out"
    root.mkdir()
    component = "\N{GRINNING FACE}" * 63  # 252 bytes, under the 255-byte limit
    long_path = "/".join([component] * 16)
    assert len(long_path) <= 1024 and len(long_path.encode()) + len(str(root)) > 4096
    _write_manifest(root, [long_path])
    _assert_refused_or_harmless(root)


def test_a_manifest_path_with_a_lone_surrogate_is_refused_or_ignored(exported):
    # Valid JSON ("\ud800"), but no file name: it cannot be encoded for the file system.
    _also_list(exported, f"{SLUG}/\ud800/guide.html")
    _assert_refused_or_harmless(exported)


# Properties.


PATH_PARTS = ["..", ".", "", "a", SLUG, "en", "it", "guide.html", "\0", "é", "\\", "x" * 300]
path_texts = st.one_of(
    st.sampled_from([*EXPORT_PATHS, "manifest.json", "sitemap.xml", "/", "//", "./", "../"]),
    st.lists(st.sampled_from(PATH_PARTS), max_size=8).map("/".join),
    st.text(max_size=40),
    st.text(alphabet="./\\\0aé\ud800", max_size=20),
    st.builds(
        lambda unit, count: unit * count,
        st.sampled_from(["a/", "../", "é", "\N{GRINNING FACE}", "./", "/"]),
        st.integers(0, 1100),
    ),
)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12), path_texts
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
manifest_entries = st.one_of(
    st.fixed_dictionaries({"path": path_texts}, optional={"sha256": json_values}),
    json_values,
)
plausible_paths = st.one_of(
    st.sampled_from([*EXPORT_PATHS, f"./{SLUG}/en/guide.html", f"{SLUG}//de/./index.html"]),
    st.text(alphabet="ab\N{GRINNING FACE}é./-", min_size=1, max_size=30),
)
manifest_values = st.one_of(
    st.fixed_dictionaries(
        {
            "package": st.just(PACKAGE),
            "files": st.lists(
                st.fixed_dictionaries(
                    {"path": plausible_paths, "sha256": st.sampled_from(["0" * 64, "a" * 64])}
                ),
                max_size=6,
            ),
        }
    ),
    st.fixed_dictionaries(
        {"package": st.just(PACKAGE), "files": st.lists(manifest_entries, max_size=6)},
        optional={"version": json_values},
    ),
    st.fixed_dictionaries({"package": json_values, "files": json_values}),
    json_values,
)
manifest_documents = st.one_of(
    manifest_values.map(lambda value: json.dumps(value).encode()),
    manifest_values.map(
        lambda value: json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    ),
    st.binary(max_size=64),
)


def _inside(path: str) -> bool:
    return (
        isinstance(path, str)
        and path not in {"", "."}
        and posixpath.normpath(path) == path
        and not posixpath.isabs(path)
        and ".." not in path.split("/")
        and "\0" not in path
        and "\\" not in path
        and len(path) <= 3 * 100 + 2  # <slug>/<tag>/<file>, each at most 100 characters
        and all(len(part.encode("utf-8", "surrogatepass")) <= 255 for part in path.split("/"))
    )


@settings(max_examples=300, deadline=None)
@given(document=manifest_documents)
def test_read_manifest_returns_paths_inside_the_folder_or_raises_export_error(document):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "manifest.json").write_bytes(document)
        try:
            paths = read_manifest(root, KNOWN)
        except ExportError:
            event("refused")
            return
        event("accepted" if paths else "accepted, nothing listed")
        assert isinstance(paths, dict)
        assert json.loads(document)["package"] == PACKAGE
        for path in paths:
            assert path in KNOWN
            assert _inside(path), path
            joined = posixpath.normpath(posixpath.join(folder, path))
            assert joined.startswith(folder + "/"), path


@settings(max_examples=100, deadline=None)
@given(paths=st.lists(st.sampled_from([*EXPORT_PATHS, "sitemap.xml"])))
def test_read_manifest_returns_exactly_the_paths_an_export_listed(paths):
    with tempfile.TemporaryDirectory() as folder:
        _write_manifest(Path(folder), list(paths))
        assert set(read_manifest(Path(folder), KNOWN)) == set(paths)


PLANNED = [
    _File("index.html", b"<p>language picker</p>\n", "site-index"),
    _File("llms.txt", b"# llms\n", "llms-txt"),
    _File(f"{SLUG}/de/index.html", b"<p>de</p>\n", "html-document", SLUG, "de", "d" * 64),
    _File(f"{SLUG}/en/guide.html", b"<p>en</p>\n", "html-fragment", SLUG, "en", "e" * 64),
    _File(f"{SLUG}/en/guide.md", b"# en\n", "markdown", SLUG, "en", "e" * 64),
]
PLANNED_PATHS = {file.path for file in PLANNED}
LAYOUT_PATHS = [
    *sorted(PLANNED_PATHS),
    "manifest.json",
    SLUG,
    f"{SLUG}/en",
    f"{SLUG}/de",
    f"{SLUG}/it",
    f"{SLUG}/it/guide.html",
    f"{SLUG}/en/notes.txt",
    "notes.txt",
    "sitemap.xml",
    "llms.txt/inside-a-file",
    "sub",
    "sub/file.txt",
]
LISTED_SAFE = [
    *LAYOUT_PATHS,
    "./index.html",
    f"{SLUG}/./en/guide.html",
    f"{SLUG}/it/../it/guide.html",
    "./sub/file.txt",
]
LISTED_HOSTILE = ["../outside/file.txt", "//outside/file.txt", "/etc/hostname", "sub/../..", "a\\b"]
KINDS = [
    "file",
    "folder",
    "link-inside",
    "link-outside-file",
    "link-outside-folder",
    "link-loop",
    "link-dangling",
    "fifo",
]
layouts = st.lists(
    st.tuples(
        st.sampled_from(LAYOUT_PATHS),
        st.one_of(st.just("file"), st.sampled_from(KINDS)),  # mostly regular files
        st.binary(max_size=6),
    ),
    max_size=8,
)
STALE_PATHS = [
    "sitemap.xml",  # the one listed path a later export may not write: deleted
    f"{SLUG}/it/guide.html",
    f"{SLUG}/en/notes.txt",
    "sub/file.txt",
    "old/deep/page.html",
]
listed_paths = st.lists(st.sampled_from(LISTED_SAFE), max_size=10)
manifests = st.one_of(
    st.none(),
    st.just("foreign"),
    listed_paths,
    # The usual case: an earlier export listed its files, and perhaps some others.
    listed_paths.map(lambda extra: [*sorted(PLANNED_PATHS), *extra]),
    st.lists(st.sampled_from(LISTED_SAFE + LISTED_HOSTILE), min_size=1, max_size=10),
)


def _make_link(root: Path, outside: Path, path: Path, kind: str) -> None:
    targets = {
        "link-inside": os.path.relpath(root / "notes.txt", path.parent),
        "link-outside-file": str(outside / "file.txt"),
        "link-outside-folder": str(outside / "folder"),
        "link-loop": path.name,
        "link-dangling": "nowhere",
    }
    path.symlink_to(targets[kind], target_is_directory=kind == "link-outside-folder")


def _make(root: Path, outside: Path, relative: str, kind: str, data: bytes) -> None:
    """Create one entry of a layout, unless something is already in its way."""
    folder = root
    for part in relative.split("/")[:-1]:
        folder /= part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return
        folder.mkdir(exist_ok=True)
    path = root / relative
    if os.path.lexists(path):
        return
    if kind == "file":
        path.write_bytes(data)
    elif kind == "folder":
        path.mkdir()
    elif kind.startswith("link-"):
        _make_link(root, outside, path, kind)
    elif hasattr(os, "mkfifo"):
        os.mkfifo(path)


def _trusted(root: Path) -> set[str] | None:
    """What the old manifest lists (normalised), or None when export must not trust it."""
    try:
        return set(read_manifest(root, known_paths(PLANNED)) or ())
    except ExportError:
        return None


def _assert_only_its_own_changed(
    root: Path, before: dict[str, Entry], after: dict[str, Entry], trusted: set[str]
) -> None:
    """After a successful export: its files as planned, everything else as it was or stale."""
    for file in PLANNED:
        assert after[file.path] == Entry(stat.S_IFREG, after[file.path].mode, file.data)
    assert set(_manifest_paths(root)) == PLANNED_PATHS
    own = PLANNED_PATHS | {"manifest.json"}
    # Whatever is gone was a regular file the old manifest listed (or a folder it emptied).
    gone = {path for path in before if path not in after and path not in own}
    deleted = {path for path in gone if before[path].kind != stat.S_IFDIR}
    assert all(before[path].kind == stat.S_IFREG and path in trusted for path in deleted), deleted
    if deleted:
        event("deleted a stale file")
    for path in gone - deleted:
        assert any(file.startswith(path + "/") for file in deleted), path
    # Whatever is still there and not its own is exactly as it was.
    kept = set(before) - gone - own
    assert {path: after[path] for path in kept} == {path: before[path] for path in kept}
    # Every stale regular file it listed is gone.
    stale = {path for path in trusted - own if path in before}
    assert not {path for path in stale if before[path].kind == stat.S_IFREG} - deleted
    # Nothing new but its own files and the folders they need.
    needed = {posixpath.dirname(path) for path in PLANNED_PATHS}
    needed |= {posixpath.dirname(path) for path in needed}
    assert set(after) - set(before) <= own | needed


@settings(max_examples=400, deadline=None)
@given(layout=layouts, manifest=manifests, stale=st.lists(st.sampled_from(STALE_PATHS)))
def test_export_leaves_what_is_not_its_own_or_refuses_and_changes_nothing(layout, manifest, stale):
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        root = Path(folder) / "out"
        outside = Path(folder) / "outside"
        (outside / "folder").mkdir(parents=True)
        (outside / "file.txt").write_bytes(b"outside\n")
        (outside / "folder" / "inner.txt").write_bytes(b"inner\n")
        root.mkdir()
        for relative in stale:  # files an earlier export wrote, when it has a manifest
            _make(root, outside, relative, "file", b"stale\n")
        for relative, kind, data in layout:
            _make(root, outside, relative, kind, data)
        if isinstance(manifest, list):
            manifest = [*manifest, *stale]
        if os.path.lexists(root / "manifest.json"):
            pass  # the layout put something there already
        elif manifest == "foreign":
            (root / "manifest.json").write_text('{"name": "Clinic PWA", "files": []}')
        elif manifest is not None:
            _write_manifest(root, list(manifest))
        before = _snapshot(root)
        outside_before = _snapshot(outside)
        trusted = _trusted(root)
        patch.setattr(export_module, "_plan", lambda _base_url, _own=None: list(PLANNED))
        try:
            export(root)
        except ExportError:
            event("refused")
            assert _snapshot(root) == before
            assert _snapshot(outside) == outside_before
            return
        event("exported" if trusted else "exported into a folder without a manifest")
        assert _snapshot(outside) == outside_before
        assert trusted is not None, "export trusted a manifest read_manifest refuses"
        _assert_only_its_own_changed(root, before, _snapshot(root), trusted)


# Interruption, descriptors, bounds and the manifest's own form ---------------------------


def test_an_interrupted_export_can_be_run_again(exported, monkeypatch):
    """Killed halfway, an export leaves a journal that lets the next run finish the job.

    The journal lists each file with the SHA-256 it had and the one it is about to get,
    so files not yet rewritten (still as the last export left them) stay export's own.
    """
    before = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    old = {entry["path"]: entry["sha256"] for entry in before["files"]}
    real_apply = export_module._apply
    calls = []

    def write_three_then_fail(root_folder, root, change):
        if change.path != "manifest.json":
            if len(calls) == 3:
                raise OSError(28, "No space left on device")
            calls.append(change.path)
        real_apply(root_folder, root, change)

    monkeypatch.setattr(export_module, "_apply", write_three_then_fail)
    with pytest.raises(OSError, match="No space left"):
        export(exported, base_url=BASE_URL)  # every page changes: canonical links
    journal = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    replaced = {entry["path"]: entry for entry in journal["files"] if "previous_sha256" in entry}
    assert len(calls) == 3
    assert set(replaced) - set(calls)  # changed files still to be written
    for path, entry in replaced.items():
        assert entry["previous_sha256"] == old[path] != entry["sha256"]
        on_disk = hashlib.sha256((exported / path).read_bytes()).hexdigest()
        assert on_disk == (entry["sha256"] if path in calls else old[path])

    monkeypatch.setattr(export_module, "_apply", real_apply)
    report = export(exported, base_url=BASE_URL)
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert all("previous_sha256" not in entry for entry in manifest["files"])
    for entry in manifest["files"]:
        data = (exported / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    # The rerun finished the job: it wrote what the interrupted one had not.
    assert set(replaced) - set(calls) <= set(report.written)
    assert set(calls) <= set(report.unchanged)


def _open_descriptors() -> set[str]:
    return {entry.name for entry in Path("/proc/self/fd").iterdir()}


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_export_leaves_no_descriptor_open(exported):
    before = _open_descriptors()
    export(exported)  # into a folder with every subfolder already there
    export(exported, base_url=BASE_URL)
    (exported / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ExportError):
        export(exported)
    assert _open_descriptors() == before


def test_a_manifest_is_read_up_to_its_bound_and_no_further(tmp_path, monkeypatch):
    limit = 16 * 1024 * 1024  # docs/cli.md: "a regular file of at most 16 MiB"
    body = json.dumps({"package": PACKAGE, "files": []}).encode()
    manifest = tmp_path / "manifest.json"
    manifest.write_bytes(body + b" " * (limit - len(body)))  # exactly the bound
    assert read_manifest(tmp_path, KNOWN) == {}
    manifest.write_bytes(body + b" " * (limit + 1 - len(body)))
    with pytest.raises(ExportError, match="larger than any manifest export writes"):
        read_manifest(tmp_path, KNOWN)
    manifest.write_bytes(b" " * (4 * limit))
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, size: read.append(real_read(fd, size)) or read[-1])
    with pytest.raises(ExportError, match="larger than any manifest export writes"):
        read_manifest(tmp_path, KNOWN)
    assert sum(len(chunk) for chunk in read) == limit + 1


def test_the_manifest_is_indented_sorted_json(exported):
    text = (exported / "manifest.json").read_text(encoding="ascii")
    manifest = json.loads(text)
    assert text == json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    assert text.startswith('{\n  "files": [\n    {\n      "fingerprint": "')


def test_export_into_a_file_is_refused_and_the_file_kept(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("a clinic's notes", encoding="utf-8")
    with pytest.raises(ExportError, match=r"notes\.txt exists and is not a folder"):
        export(target)
    assert target.read_text(encoding="utf-8") == "a clinic's notes"


TEMPORARY = ".acupuncture-content-0123456789ab.tmp"


def _manifest(root: Path) -> dict[str, object]:
    return json.loads((root / "manifest.json").read_text(encoding="utf-8"))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Export deletes only what it could have written: a manifest is its own only if every
# path it lists is a name export writes.


def test_the_names_export_trusts_are_those_its_plan_writes_and_the_site_pages():
    planned = _plan(None)
    known = known_paths(planned)
    per_locale = {path.split("/", 2)[2] for path in known if "/" in path}
    assert per_locale == {
        "index.html",
        "guide.html",
        "guide.md",
        "guide.txt",
        "guide.json",
        "chunks.jsonl",
        "labels.json",
    }
    assert {path for path in known if "/" not in path} == {
        "index.html",
        "llms.txt",
        "sitemap.xml",
        "changes.xml",
    }
    assert {path.rsplit("/", 1)[0] for path in known if "/" in path} == {
        f"{SLUG}/{tag}" for tag in available_locales(SLUG)
    }
    assert {file.path for file in planned} == known - {"sitemap.xml", "changes.xml"}


def test_a_forged_manifest_listing_a_patient_database_deletes_nothing(exported, capsys):
    records = exported / "data" / "patients" / "records.db"
    records.parent.mkdir(parents=True)
    records.write_bytes(b"SQLite format 3\0 patient records\n")
    manifest = _manifest(exported)
    manifest["files"].append(  # type: ignore[union-attr]
        {"path": "data/patients/records.db", "sha256": _sha256(records.read_bytes())}
    )
    (exported / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = _snapshot(exported)
    assert main(["export", "--output", str(exported), "--base-url", BASE_URL]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    error = _one_line(captured.err)
    assert "lists a path no export writes: 'data/patients/records.db'" in error
    assert _snapshot(exported) == before
    assert records.read_bytes() == b"SQLite format 3\0 patient records\n"


# Check and writes agree: a file changed between the check and the write is left as it
# is, export stops with status 2, and the journal lets a later run finish.


def _after_the_journal(monkeypatch, action):
    """Run ``action`` once, right after export has written its journal (the interim manifest)."""
    real = export_module.replace_file_at
    done = []

    def replace_then_act(folder, name, data, *arguments, **keywords):
        real(folder, name, data, *arguments, **keywords)
        if name == "manifest.json" and b"previous_sha256" in data and not done:
            done.append(name)
            action()

    monkeypatch.setattr(export_module, "replace_file_at", replace_then_act)
    return done


def test_a_file_edited_after_the_check_is_not_overwritten_and_a_rerun_finishes(
    exported, monkeypatch, capsys
):
    llms = exported / "llms.txt"  # written again: its links become absolute
    edit = b"\n- [Our clinic's own notes](notes.md)\n"

    def watcher_appends() -> None:
        with llms.open("ab") as file:
            file.write(edit)

    edited = llms.read_bytes() + edit
    done = _after_the_journal(monkeypatch, watcher_appends)
    assert main(["export", "--output", str(exported), "--base-url", BASE_URL]) == 2
    assert done
    error = _one_line(capsys.readouterr().err)
    assert f"{llms} changed while export was writing" in error
    assert llms.read_bytes() == edited
    journal = _manifest(exported)
    assert any("previous_sha256" in entry for entry in journal["files"])  # type: ignore[union-attr]
    monkeypatch.undo()
    # The journal is trusted: the next run names the edited file, and once it is moved
    # away, finishes the job.
    assert main(["export", "--output", str(exported), "--base-url", BASE_URL]) == 2
    assert f"{llms} has changed since the last export" in _one_line(capsys.readouterr().err)
    llms.rename(exported.parent / "llms-edited.txt")
    export(exported, base_url=BASE_URL)
    manifest = _manifest(exported)
    for entry in manifest["files"]:  # type: ignore[union-attr]
        assert _sha256((exported / entry["path"]).read_bytes()) == entry["sha256"]
    assert "previous_sha256" not in (exported / "manifest.json").read_text(encoding="utf-8")
    assert (exported.parent / "llms-edited.txt").read_bytes() == edited


def test_a_file_created_after_the_check_where_there_was_none_is_not_overwritten(
    exported, monkeypatch
):
    (exported / "llms.txt").unlink()  # nothing there at the check: export would create it

    def someone_creates() -> None:
        (exported / "llms.txt").write_bytes(b"the clinic's own llms.txt\n")

    _after_the_journal(monkeypatch, someone_creates)
    with pytest.raises(ExportError, match=r"llms\.txt changed while export was writing"):
        export(exported, base_url=BASE_URL)
    assert (exported / "llms.txt").read_bytes() == b"the clinic's own llms.txt\n"


@pytest.mark.parametrize("change", ["edited", "linked", "deleted"])
def test_a_stale_file_changed_after_the_check_is_not_deleted(
    exported, tmp_path, monkeypatch, change
):
    export(exported, base_url=BASE_URL)
    sitemap = exported / "sitemap.xml"  # stale in an export without a base URL
    data = sitemap.read_bytes()
    outside = tmp_path / "outside.xml"
    outside.write_bytes(data)  # the same bytes: only the descriptor's file tells them apart

    def meanwhile() -> None:
        if change == "edited":
            sitemap.write_bytes(data + b"<!-- the clinic's -->\n")
        elif change == "linked":
            sitemap.unlink()
            sitemap.symlink_to(outside)
        else:
            sitemap.unlink()

    _after_the_journal(monkeypatch, meanwhile)
    with pytest.raises(ExportError, match=r"sitemap\.xml changed while export was writing"):
        export(exported)
    assert outside.read_bytes() == data
    if change == "edited":
        assert sitemap.read_bytes() == data + b"<!-- the clinic's -->\n"
    elif change == "linked":
        assert sitemap.is_symlink()
    monkeypatch.undo()
    export(exported)  # a rerun: the sitemap is no longer as listed, so it is left alone
    assert "sitemap.xml" not in (exported / "manifest.json").read_text(encoding="utf-8")
    assert outside.read_bytes() == data


# The check finds every folder export cannot write in, before anything changes.


def test_a_read_only_locale_folder_stops_export_before_any_file_changes(exported, capsys):
    russian = exported / SLUG / "ru"
    russian.chmod(0o555)
    try:
        before = _snapshot(exported)
        assert main(["export", "--output", str(exported), "--base-url", BASE_URL]) == 2
        error = _one_line(capsys.readouterr().err)
        assert f"{russian} is a folder export cannot write in" in error
        assert _snapshot(exported) == before
    finally:
        russian.chmod(0o755)


def test_a_read_only_folder_export_changes_nothing_in_does_not_stop_it(exported, pristine):
    russian = exported / SLUG / "ru"
    russian.chmod(0o555)
    try:
        export(exported)  # as it was: nothing to write in ru
    finally:
        russian.chmod(0o755)
    assert _snapshot(exported) == _snapshot(pristine)


def test_a_read_only_export_folder_stops_export_before_anything_changes(exported):
    exported.chmod(0o555)
    try:
        before = _snapshot(exported)
        with pytest.raises(ExportError, match="is a folder export cannot write in"):
            export(exported)
        assert _snapshot(exported) == before
    finally:
        exported.chmod(0o755)


def test_a_folder_the_kernel_denies_stops_export_before_anything_changes(exported, monkeypatch):
    # An ACL or a read-only mount: the mode allows it, the kernel's access check does not.
    russian = exported / SLUG / "ru"
    denied = russian.stat().st_ino
    real_access = os.access

    def access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True):
        if dir_fd is not None and os.fstat(dir_fd).st_ino == denied:
            return False
        return real_access(
            path, mode, dir_fd=dir_fd, effective_ids=effective_ids, follow_symlinks=follow_symlinks
        )

    monkeypatch.setattr(os, "access", access)
    before = _snapshot(exported)
    with pytest.raises(ExportError, match=f"{russian} is a folder export cannot write in"):
        export(exported, base_url=BASE_URL)
    assert _snapshot(exported) == before


def test_a_read_only_folder_where_export_makes_a_new_one_stops_it(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / SLUG).mkdir(mode=0o555)  # export would make <slug>/<tag>/ in it
    try:
        with pytest.raises(ExportError, match=f"{root / SLUG} is a folder export cannot write in"):
            export(root)
        assert sorted(path.name for path in root.iterdir()) == [SLUG]
        assert list((root / SLUG).iterdir()) == []
    finally:
        (root / SLUG).chmod(0o755)


# Temporary files a killed export left behind: the next export removes those of its own
# naming in its own folders, and nothing else.

KILLED_EXPORT_TIMEOUT = 120  # seconds: a guard against hangs, not a benchmark
KILLED_EXPORT = r"""
import os, signal, stat, sys
from pathlib import Path
from acupuncture_content._export import export

synced = []
real_fsync = os.fsync

def fsync_then_die(descriptor):
    real_fsync(descriptor)
    if stat.S_ISREG(os.fstat(descriptor).st_mode):  # a file, not its folder
        synced.append(descriptor)
    if len(synced) == int(sys.argv[2]):  # the Nth file is on disk, not yet renamed
        os.kill(os.getpid(), signal.SIGKILL)

os.fsync = fsync_then_die
export(Path(sys.argv[1]), base_url=sys.argv[3])
"""


def _temporaries(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob(".acupuncture-content-*"))


@pytest.mark.parametrize("killed_at", [1, 2, 12])
def test_a_rerun_removes_the_temporary_files_a_killed_export_left(exported, killed_at):
    result = subprocess.run(
        [sys.executable, "-c", KILLED_EXPORT, str(exported), str(killed_at), BASE_URL],
        capture_output=True,
        timeout=KILLED_EXPORT_TIMEOUT,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    left = _temporaries(exported)
    assert len(left) == 1, left  # the file being written when it died
    export(exported, base_url=BASE_URL)
    assert _temporaries(exported) == []
    for entry in _manifest(exported)["files"]:  # type: ignore[union-attr]
        assert _sha256((exported / entry["path"]).read_bytes()) == entry["sha256"]


def test_only_regular_files_of_its_own_naming_in_its_own_folders_are_removed(exported, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not export's\n")
    locale = exported / SLUG / "de"
    stale = [TEMPORARY, f"{SLUG}/{TEMPORARY}", f"{SLUG}/de/{TEMPORARY}"]
    for relative in stale:
        (exported / relative).write_bytes(b"half a page")
    kept = {
        # Not its naming: a different length, other letters, no leading dot.
        ".acupuncture-content-0123456789abc.tmp": b"x",
        ".acupuncture-content-0123456789AB.tmp": b"x",
        ".acupuncture-content-01234567.tmp": b"x",
        "acupuncture-content-0123456789ab.tmp": b"x",
        ".acupuncture-content-0123456789ab.tmp.bak": b"x",
        # Its naming, in folders that are not its own.
        f"notes/{TEMPORARY}": b"the clinic's",
        f"{SLUG}/it/{TEMPORARY}": b"the clinic's",
    }
    for relative, data in kept.items():
        (exported / relative).parent.mkdir(parents=True, exist_ok=True)
        (exported / relative).write_bytes(data)
    # Its naming, in its folders, but not a regular file: a link, a folder.
    (locale / ".acupuncture-content-aaaaaaaaaaaa.tmp").symlink_to(outside)
    (locale / ".acupuncture-content-bbbbbbbbbbbb.tmp").mkdir()
    (locale / ".acupuncture-content-bbbbbbbbbbbb.tmp" / "inside").write_bytes(b"kept")
    before = _snapshot(exported)
    export(exported)
    after = _snapshot(exported)
    assert sorted(set(before) - set(after)) == sorted(stale)
    assert {path: after[path] for path in after} == {path: before[path] for path in after}
    assert outside.read_bytes() == b"not export's\n"


def test_a_refused_export_removes_no_temporary_file(exported, capsys):
    (exported / TEMPORARY).write_bytes(b"half a page")
    (exported / "index.html").write_text("<h1>edited by the clinic</h1>\n", encoding="utf-8")
    before = _snapshot(exported)
    assert main(["export", "--output", str(exported)]) == 2
    assert "index.html has changed" in _one_line(capsys.readouterr().err)
    assert _snapshot(exported) == before
