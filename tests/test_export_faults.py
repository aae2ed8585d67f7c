"""Export when the system says no: every error it can meet becomes one clear ``ExportError``.

Running as root (as CI does) no permission is ever denied, so the refusals are made by
wrapping the ``os`` calls export makes, for one name at a time. Each test checks the
exact message and that the folder is left as it was. Also here: the manifest's
``format`` of every site file, what a listed path no export writes is called, and that
a stale file deleted by hand is simply dropped.
"""

from __future__ import annotations

import errno
import json
import os
import shutil

import pytest

import acupuncture_content._export as export_module
from acupuncture_content._errors import ExportError
from acupuncture_content._export import _plan, export, known_paths

SLUG = "acupuncture-for-back-pain"
BASE_URL = "https://clinic.example/guides/"


def read_manifest(root, known: frozenset[str]):
    """What export reads of the manifest in ``root``: its listing (``None`` without one)."""
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        listing, digest = export_module._read_manifest(folder, root, known)
    finally:
        os.close(folder)
    return None if digest is None else listing


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    root = tmp_path_factory.mktemp("pristine") / "out"
    export(root, base_url=BASE_URL)
    return root


@pytest.fixture(scope="module")
def known():
    return known_paths(_plan(None))


@pytest.fixture
def exported(pristine, tmp_path):
    root = tmp_path / "out"
    shutil.copytree(pristine, root, symlinks=True)
    return root


def _contents(root):
    return {
        str(path.relative_to(root)): path.read_bytes() if path.is_file() else None
        for path in sorted(root.rglob("*"))
    }


def _failing(monkeypatch, name, when, error):
    """Make ``os.<name>`` raise ``error`` for the calls ``when(*arguments)`` selects."""
    real = getattr(os, name)

    def wrapper(*arguments, **keywords):
        if when(*arguments, **keywords):
            raise error
        return real(*arguments, **keywords)

    monkeypatch.setattr(os, name, wrapper)


DENIED = PermissionError(errno.EACCES, os.strerror(errno.EACCES))


def test_a_folder_that_cannot_be_opened(exported, monkeypatch):
    before = _contents(exported)
    _failing(monkeypatch, "open", lambda path, *_a, **_k: str(path) == str(exported), DENIED)
    with pytest.raises(ExportError) as caught:
        export(exported, base_url=BASE_URL)
    assert str(caught.value) == f"{exported} cannot be opened: Permission denied"
    monkeypatch.undo()
    assert _contents(exported) == before


def test_a_manifest_that_cannot_be_opened(exported, monkeypatch):
    before = _contents(exported)
    _failing(
        monkeypatch,
        "open",
        lambda path, *_a, **k: path == "manifest.json" and "dir_fd" in k,
        DENIED,
    )
    with pytest.raises(ExportError) as caught:
        export(exported, base_url=BASE_URL)
    assert str(caught.value) == f"{exported / 'manifest.json'} cannot be read: Permission denied"
    monkeypatch.undo()
    assert _contents(exported) == before


def test_a_manifest_that_cannot_be_read(exported, known, monkeypatch):
    before = _contents(exported)
    _failing(monkeypatch, "read", lambda *_a: True, OSError(errno.EIO, os.strerror(errno.EIO)))
    with pytest.raises(ExportError) as caught:
        read_manifest(exported, known)
    assert str(caught.value) == (
        f"{exported / 'manifest.json'} cannot be read: {os.strerror(errno.EIO)}"
    )
    monkeypatch.undo()
    assert _contents(exported) == before


def test_a_subfolder_that_cannot_be_opened(exported, monkeypatch):
    before = _contents(exported)
    _failing(monkeypatch, "open", lambda path, *_a, **k: path == SLUG and "dir_fd" in k, DENIED)
    with pytest.raises(ExportError) as caught:
        export(exported, base_url=BASE_URL)
    assert str(caught.value) == f"{exported / SLUG} cannot be opened: Permission denied"
    monkeypatch.undo()
    assert _contents(exported) == before


def test_a_file_that_cannot_be_examined(exported, monkeypatch):
    # Examined (for its mode) only when export would replace it: without the base URL
    # every full page changes.
    before = _contents(exported)
    _failing(
        monkeypatch, "stat", lambda path, *_a, **k: path == "index.html" and "dir_fd" in k, DENIED
    )
    with pytest.raises(ExportError, match=r"/index\.html cannot be examined: Permission denied$"):
        export(exported)
    monkeypatch.undo()
    assert _contents(exported) == before


def test_a_file_where_a_subfolder_goes_is_in_the_way(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    (root / SLUG).write_text("a clinic's file", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        export(root)
    assert str(caught.value) == f"{root / SLUG} is in the way: export needs a folder there"
    assert (root / SLUG).read_text(encoding="utf-8") == "a clinic's file"


@pytest.mark.parametrize(
    "path",
    ["..", "../x", "/etc/passwd", "a/../../x", ".", f"./{SLUG}/en/guide.md", "manifest.json"],
)
def test_a_listed_path_export_does_not_write_is_named_so(tmp_path, known, path):
    # Outside the folder, or another spelling of its own: no export writes that name.
    manifest = {"package": "acupuncture-content", "files": [{"path": path, "sha256": "0" * 64}]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ExportError, match=f"lists a path no export writes: {path!r}"):
        read_manifest(tmp_path, known)


def test_every_site_file_has_its_format_in_the_manifest(pristine):
    manifest = json.loads((pristine / "manifest.json").read_text(encoding="utf-8"))
    formats = {entry["path"]: entry["format"] for entry in manifest["files"]}
    assert {path: formats[path] for path in ("index.html", "llms.txt", "sitemap.xml")} == {
        "index.html": "site-index",
        "llms.txt": "llms-txt",
        "sitemap.xml": "sitemap",
    }


def test_export_makes_the_folders_leading_to_its_own(tmp_path):
    root = tmp_path / "site" / "guides" / "out"
    export(root)
    assert (root / "manifest.json").is_file()


def test_a_stale_file_deleted_by_hand_is_simply_dropped(exported):
    (exported / "sitemap.xml").unlink()
    report = export(exported)  # without a base URL: the sitemap is stale, and gone already
    assert "sitemap.xml" not in {*report.written, *report.unchanged, *report.removed}
    listed = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert "sitemap.xml" not in {entry["path"] for entry in listed}
    assert not (exported / "sitemap.xml").exists()


def test_an_unchanged_file_is_not_written_again(exported):
    index = exported / SLUG / "de" / "index.html"
    os.utime(index, ns=(1_000_000_000, 1_000_000_000))
    export(exported, base_url=BASE_URL)  # the same export again
    assert index.stat().st_mtime_ns == 1_000_000_000
    export(exported)  # without base_url, every full page changes
    assert index.stat().st_mtime_ns != 1_000_000_000


def test_exports_into_one_folder_at_once_take_turns(tmp_path):
    import threading

    root = tmp_path / "out"
    errors = []

    def exports(base_url):
        try:
            for _ in range(2):
                export(root, base_url=base_url)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=exports, args=(url,)) for url in (None, BASE_URL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = export(root)  # and the folder is still export's own
    listed = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["files"]
    written_or_not = {*report.written, *report.unchanged}
    assert {entry["path"] for entry in listed} | {"manifest.json"} == written_or_not
    for entry in listed:
        assert (root / entry["path"]).is_file()
