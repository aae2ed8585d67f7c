"""Export touches only what it could have written, as it found it (issue 17, findings 5-7).

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
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import acupuncture_content._export as export_module
from acupuncture_content import available_locales
from acupuncture_content._errors import ExportError
from acupuncture_content._export import _plan, export, known_paths
from acupuncture_content.cli import main

SLUG = "acupuncture-for-back-pain"
BASE_URL = "https://clinic.example/guides/"
TIMEOUT = 120
TEMPORARY = ".acupuncture-content-0123456789ab.tmp"


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | str | None]]:
    """Every entry under ``folder`` (type, permission bits, content), never following a link."""
    entries: dict[str, tuple[int, int, bytes | str | None]] = {}
    for path in sorted(folder.rglob("*")):
        status = path.lstat()
        content: bytes | str | None = None
        if stat.S_ISREG(status.st_mode):
            content = path.read_bytes()
        elif stat.S_ISLNK(status.st_mode):
            content = str(path.readlink())
        entries[str(path.relative_to(folder))] = (
            stat.S_IFMT(status.st_mode),
            stat.S_IMODE(status.st_mode),
            content,
        )
    return entries


def _manifest(root: Path) -> dict[str, object]:
    return json.loads((root / "manifest.json").read_text(encoding="utf-8"))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _one_line(text: str) -> str:
    assert "Traceback" not in text
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    root = tmp_path_factory.mktemp("pristine") / "site"
    export(root)
    return root


@pytest.fixture
def exported(pristine, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(pristine, root, symlinks=True)
    return root


# Finding 5: export deletes only what it could have written.


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


# Finding 6a: a file changed between the check and the write is left as it is.


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


# Finding 6b: the check finds every folder export cannot write in.


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


# Finding 7: temporary files a killed export left behind.

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
        timeout=TIMEOUT,
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
