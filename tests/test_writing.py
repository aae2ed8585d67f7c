"""``render --output`` and ``write_output``: what a file, a link, a FIFO or a device gets.

Proves the promises of ``acupuncture_content._writing`` and of the command line's
output handling: regular files are replaced atomically (never a mix, never a temporary
left behind, the old mode and owner kept, a new file's mode from the umask without
calling ``os.umask``), symlinks are followed, FIFOs and devices are written through
and stay what they are (another user's link, FIFO or device is refused), read-only
files are refused even for root, and a closed or broken standard output ends the
program quietly with status 1.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import pathlib
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

import pytest

from acupuncture_content import load_guide, render
from acupuncture_content._writing import replace_file_at, writable_by_mode, write_output
from acupuncture_content.cli import main

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

DEVNULL = pathlib.Path(os.devnull)
TIMEOUT = 120  # seconds: a guard against hangs, not a benchmark

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
needs_sh = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give files away"
)
#: A second user for the tests that need two: the attacker, or a user who is not root.
OTHER = 65534  # "nobody" on Debian, Ubuntu, Fedora and Alpine
AS_OTHER = ["setpriv", f"--reuid={OTHER}", f"--regid={OTHER}", "--clear-groups"]


@functools.cache
def _second_user_missing() -> str | None:
    """Why no process can run this package as the second user here; ``None`` if one can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root, to run a process as a second user (the suite runs as root in CI)"
    if shutil.which("setpriv") is None:
        return "needs setpriv (util-linux) to run a process as a second user"
    probe = subprocess.run(
        [*AS_OTHER, sys.executable, "-c", "import acupuncture_content.cli"],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if probe.returncode != 0:
        return f"the second user cannot run this Python: {probe.stderr.decode()[-200:]}"
    return None


@pytest.fixture
def second_user() -> int:
    """The second user's id; skips the test when no process can run as them."""
    reason = _second_user_missing()
    if reason is not None:
        pytest.skip(reason)
    return OTHER


def _expected(locale: str = "en", format_name: str = "html", **options: object) -> bytes:
    """What ``render`` prints for these options (the API's output, newline-terminated)."""
    text = render(load_guide(locale=locale), format_name, **options)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def replace_file(path: pathlib.Path, data: bytes, *, mode: int | None = None) -> None:
    """``replace_file_at`` for a path, as if over a file of ``mode`` this user owns."""
    like = None
    if mode is not None:
        like = os.stat_result(
            (stat.S_IFREG | mode, 0, 0, 1, os.geteuid(), os.getegid(), 0, 0, 0, 0)
        )
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        replace_file_at(folder, path.name, data, like=like)
    finally:
        os.close(folder)


def _names(folder: pathlib.Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _temporaries(folder: pathlib.Path) -> list[str]:
    return sorted(path.name for path in folder.glob(".*.tmp"))


def _cli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "acupuncture_content", *arguments]


def _one_line(text: str) -> str:
    assert "Traceback" not in text
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text


def _environment(*, unbuffered: bool) -> dict[str, str]:
    """This environment, with Python's standard streams buffered or not (``python -u``)."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = "1"  # common in containers and CI
    return environment


BUFFERING = pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])


# Regular files, new and old.


def test_render_output_writes_a_new_file_with_the_rendered_bytes(tmp_path, capsys):
    target = tmp_path / "guide.txt"
    assert main(["render", "--format", "text", "--locale", "de", "--output", str(target)]) == 0
    assert target.read_bytes() == _expected("de", "text")
    assert capsys.readouterr() == ("", "")
    assert _temporaries(tmp_path) == []
    assert _names(tmp_path) == ["guide.txt"]


def test_an_existing_file_is_replaced_by_a_new_inode_with_its_whole_new_content(tmp_path):
    target = tmp_path / "guide.html"
    target.write_bytes(b"old content that is longer than nothing\n" * 1000)
    before = target.stat()
    assert main(["render", "--output", str(target)]) == 0
    assert target.read_bytes() == _expected()
    # Atomic replacement: a new file was renamed over the old one.
    assert target.stat().st_ino != before.st_ino
    assert _temporaries(tmp_path) == []


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o604, 0o664, 0o755])
def test_the_old_file_mode_is_kept_after_replacement(tmp_path, mode):
    target = tmp_path / "guide.html"
    target.write_bytes(b"old\n")
    target.chmod(mode)
    assert main(["render", "--output", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() == _expected()
    assert _temporaries(tmp_path) == []


@pytest.mark.parametrize("umask", [None, 0o022, 0o077, 0o002, 0o027])
def test_a_new_file_gets_the_umask_mode_without_write_output_calling_umask(
    tmp_path, monkeypatch, umask
):
    real_umask = os.umask
    previous = real_umask(0o022 if umask is None else umask)
    if umask is None:  # the process's own umask
        real_umask(previous)
    active = previous if umask is None else umask
    calls = []
    monkeypatch.setattr(os, "umask", lambda value: calls.append(value) or 0o022)
    try:
        target = tmp_path / "new.html"
        assert main(["render", "--output", str(target)]) == 0
        direct = tmp_path / "direct.bin"
        write_output(direct, b"data")
        replaced = tmp_path / "replaced.bin"
        replace_file(replaced, b"data")
    finally:
        monkeypatch.undo()
        real_umask(previous)
    assert calls == [], "os.umask races other threads; the kernel applies it"
    for path in (target, direct, replaced):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~active, path
    assert _temporaries(tmp_path) == []


def test_replace_file_gives_the_mode_it_is_asked_for(tmp_path):
    target = tmp_path / "file.bin"
    replace_file(target, b"first", mode=0o640)
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    replace_file(target, b"second", mode=0o604)
    assert target.read_bytes() == b"second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert _temporaries(tmp_path) == []


@needs_root
def test_root_replacing_someone_elses_file_gives_it_back_to_its_owner(tmp_path):
    target = tmp_path / "theirs.html"
    target.write_bytes(b"old\n")
    target.chmod(0o644)
    os.chown(target, 12345, 23456)
    assert main(["render", "--output", str(target)]) == 0
    status = target.stat()
    assert (status.st_uid, status.st_gid) == (12345, 23456)
    assert stat.S_IMODE(status.st_mode) == 0o644
    assert target.read_bytes() == _expected()


# Read-only files, directories, missing folders, empty names.


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o466, 0o000])
def test_a_read_only_file_exits_2_naming_it_and_stays_as_it_was(tmp_path, capsys, mode):
    # The suite may run as root, who could overwrite it: the mode still says no.
    target = tmp_path / "locked.html"
    target.write_bytes(b"the clinic's approved copy\n")
    target.chmod(mode)
    before = target.stat()
    assert main(["render", "--output", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(target) in _one_line(captured.err)
    after = target.stat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    target.chmod(0o600)  # to read it back without root
    assert target.read_bytes() == b"the clinic's approved copy\n"
    assert _temporaries(tmp_path) == []


def test_write_output_raises_permission_error_naming_a_read_only_file(tmp_path):
    target = tmp_path / "locked.txt"
    target.write_bytes(b"keep")
    target.chmod(0o444)
    with pytest.raises(PermissionError) as caught:
        write_output(target, b"new")
    assert caught.value.filename == str(target)
    assert target.read_bytes() == b"keep"


def test_a_symlink_to_a_read_only_file_is_refused_and_the_file_kept(tmp_path, capsys):
    target = tmp_path / "locked.html"
    target.write_bytes(b"keep\n")
    target.chmod(0o444)
    link = tmp_path / "link.html"
    link.symlink_to(target.name)
    assert main(["render", "--output", str(link)]) == 2
    assert str(link) in _one_line(capsys.readouterr().err)
    assert target.read_bytes() == b"keep\n"
    assert link.is_symlink() and link.readlink() == pathlib.Path(target.name)


def test_a_directory_exits_2_and_is_left_alone(tmp_path, capsys):
    folder = tmp_path / "folder"
    folder.mkdir()
    assert main(["render", "--output", str(folder)]) == 2
    error = _one_line(capsys.readouterr().err)
    assert str(folder) in error
    assert _names(folder) == []
    assert _temporaries(tmp_path) == []
    with pytest.raises(IsADirectoryError):
        write_output(folder, b"data")


def test_a_missing_folder_exits_2_and_is_not_created(tmp_path, capsys):
    target = tmp_path / "missing" / "guide.html"
    assert main(["render", "--output", str(target)]) == 2
    assert "missing" in _one_line(capsys.readouterr().err)
    assert not (tmp_path / "missing").exists()
    with pytest.raises(FileNotFoundError):
        write_output(target, b"data")
    assert _names(tmp_path) == []


def test_an_empty_output_name_exits_2_and_creates_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["render", "--output", ""]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--output" in _one_line(captured.err)
    assert _names(tmp_path) == []


def test_dash_writes_standard_output_and_creates_no_file_named_dash(
    tmp_path, monkeypatch, capsysbinary
):
    monkeypatch.chdir(tmp_path)
    assert main(["render", "--format", "markdown", "--locale", "ja", "--output", "-"]) == 0
    assert capsysbinary.readouterr() == (_expected("ja", "markdown"), b"")
    assert not (tmp_path / "-").exists()
    assert _names(tmp_path) == []


# Symbolic links are followed.


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    target = tmp_path / "real.html"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    link = tmp_path / "link.html"
    link.symlink_to("real.html")
    assert main(["render", "--output", str(link)]) == 0
    assert link.is_symlink() and link.readlink() == pathlib.Path("real.html")
    assert target.read_bytes() == _expected()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _temporaries(tmp_path) == []


def test_a_chain_of_symlinks_into_another_folder_is_followed_to_the_end(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "real.txt"
    target.write_bytes(b"old\n")
    here = tmp_path / "here"
    here.mkdir()
    (here / "second").symlink_to(target)
    (here / "first").symlink_to("second")
    assert main(["render", "--format", "text", "--output", str(here / "first")]) == 0
    assert target.read_bytes() == _expected(format_name="text")
    assert (here / "first").readlink() == pathlib.Path("second")
    assert (here / "second").readlink() == target
    assert _temporaries(here) == [] and _temporaries(elsewhere) == []


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to("not-yet.txt")
    assert main(["render", "--format", "text", "--output", str(link)]) == 0
    assert link.is_symlink()
    assert (tmp_path / "not-yet.txt").read_bytes() == _expected(format_name="text")


@pytest.mark.parametrize(("links", "status"), [(40, 0), (41, 2)])
def test_links_are_followed_as_far_as_the_kernel_would_follow_them(tmp_path, links, status):
    target = tmp_path / "page.html"
    target.write_bytes(b"old\n")
    for number in range(links):  # link0 -> link1 -> ... -> page.html
        following = f"link{number + 1}" if number + 1 < links else "page.html"
        (tmp_path / f"link{number}").symlink_to(following)
    assert main(["render", "--output", str(tmp_path / "link0")]) == status
    assert target.read_bytes() == (_expected() if status == 0 else b"old\n")


def test_a_symlink_loop_exits_2_without_a_traceback(tmp_path, capsys):
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    assert main(["render", "--output", str(loop)]) == 2
    _one_line(capsys.readouterr().err)
    assert loop.readlink() == pathlib.Path("loop")
    assert _temporaries(tmp_path) == []


# Non-regular files are written through, never replaced.


@pytest.mark.skipif(not DEVNULL.exists(), reason="no null device")
def test_dev_null_stays_a_character_device(capsys):
    before = DEVNULL.stat()
    if not stat.S_ISCHR(before.st_mode):
        pytest.skip("the null device is not a character device here")
    assert main(["render", "--output", os.devnull]) == 0
    assert main(["render", "--format", "text", "--output", os.devnull]) == 0
    after = DEVNULL.stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev, after.st_mode) == (
        before.st_ino,
        before.st_rdev,
        before.st_mode,
    )
    assert capsys.readouterr() == ("", "")
    assert _temporaries(DEVNULL.parent) == []


@needs_fifo
def test_a_fifo_receives_the_whole_output_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # Open both ends first (the writer end keeps the reader from seeing an early
    # end of file), so nothing here can block if the command fails.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    keep_open = os.open(fifo, os.O_WRONLY)
    os.set_blocking(reader, True)
    received = bytearray()

    def drain():
        while chunk := os.read(reader, 65536):
            received.extend(chunk)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    try:
        status = main(["render", "--full-document", "--locale", "ar", "--output", str(fifo)])
    finally:
        os.close(keep_open)
        thread.join(timeout=TIMEOUT)
    assert not thread.is_alive()
    os.close(reader)
    assert status == 0
    assert bytes(received) == _expected("ar", "html", full_document=True)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _temporaries(tmp_path) == []


@needs_fifo
def test_a_symlink_to_a_fifo_is_followed_and_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to("pipe")
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_output(link, b"small enough for the pipe's buffer\n")
        os.set_blocking(reader, True)
        assert os.read(reader, 4096) == b"small enough for the pipe's buffer\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()


@needs_fifo
def test_a_fifo_without_a_reader_waits_for_one(tmp_path):
    # As with any program: the user's own FIFO is written when a reader comes.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        _cli("render", "--format", "text", "--output", str(fifo)), stderr=subprocess.PIPE
    )
    try:
        time.sleep(1)
        assert writer.poll() is None  # still waiting for a reader
        received = fifo.read_bytes()  # opens the reading end: the write goes through
        assert writer.wait(timeout=TIMEOUT) == 0
    finally:
        writer.kill()
        writer.communicate(timeout=TIMEOUT)
    assert received == _expected("en", "text")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@needs_fifo
@pytest.mark.usefixtures("second_user")
@pytest.mark.parametrize("reader", [False, True], ids=["no reader", "a reader"])
def test_another_users_fifo_is_refused_at_once(reader):
    # The attacker's report after issue 17: a FIFO another user put at the output path
    # held root's render forever (no reader; or a reader that never reads, once the
    # output outgrows the pipe's buffer, which the reader may shrink to one page).
    folder = _shared_folder(OTHER)
    try:
        fifo = folder / "out.html"
        made = _as_other("mkfifo", str(fifo))
        assert made.returncode == 0, made.stderr
        reading = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK) if reader else None
        try:
            result = subprocess.run(
                _cli("render", "--output", str(fifo)), capture_output=True, timeout=10, check=False
            )
            if reading is not None:
                assert os.read(reading, 65536) == b""  # nothing was written
        finally:
            if reading is not None:
                os.close(reading)
        assert result.returncode == 2
        error = _one_line(result.stderr.decode())
        assert str(fifo) in error and "another user" in error
        assert stat.S_ISFIFO(fifo.lstat().st_mode) and fifo.lstat().st_uid == OTHER
    finally:
        shutil.rmtree(folder)


@needs_root
def test_another_users_device_is_refused(tmp_path, capsys):
    # The same rule as for a FIFO: its owner controls it (a terminal they stop with ^S).
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # as /dev/null
    except PermissionError:
        pytest.skip("no CAP_MKNOD here")
    os.chown(device, OTHER, OTHER)
    assert main(["render", "--output", str(device)]) == 2
    error = _one_line(capsys.readouterr().err)
    assert str(device) in error and "another user" in error
    os.chown(device, 0, 0)
    assert main(["render", "--output", str(device)]) == 0  # root's own device: written through
    assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.skipif(not pathlib.Path("/dev/full").exists(), reason="no /dev/full")
def test_a_device_that_refuses_the_write_exits_1_and_stays_a_device(capsys):
    # ENOSPC is an I/O error (status 1), not bad input (2).
    full = pathlib.Path("/dev/full")
    before = full.stat()
    assert main(["render", "--output", str(full)]) == 1
    assert str(full) in _one_line(capsys.readouterr().err)
    after = full.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_file_exits_2_and_stays_a_socket(tmp_path, capsys):
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
        assert main(["render", "--output", str(path)]) == 2
        assert str(path) in _one_line(capsys.readouterr().err)
        assert stat.S_ISSOCK(path.lstat().st_mode)
    assert _temporaries(tmp_path) == []


# Failures leave the old content and no temporary file.


def test_a_failed_render_leaves_an_existing_output_file_untouched(tmp_path, capsys):
    target = tmp_path / "guide.html"
    target.write_text("previous content")
    assert main(["render", "--locale", "xx", "--output", str(target)]) == 2
    assert target.read_text() == "previous content"
    assert "'xx' is not a locale" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["missing-folder/x.html", "."])
def test_write_errors_name_the_target_not_a_temporary_file(tmp_path, capsys, target):
    path = tmp_path / target
    assert main(["render", "--output", str(path)]) == 2
    error = capsys.readouterr().err
    assert str(path.parent if target != "." else path) in error
    assert ".tmp" not in error
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _failing(*_arguments: object) -> None:
    raise OSError(errno.EIO, os.strerror(errno.EIO))


def test_a_failed_replacement_keeps_the_old_content_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "guide.html"
    target.write_bytes(b"the old version\n")
    target.chmod(0o640)
    monkeypatch.setattr(os, "fsync", _failing)
    with pytest.raises(OSError, match="Input/output error") as caught:
        write_output(target, b"new data")
    assert caught.value.filename == str(target)  # not the temporary's name
    assert target.read_bytes() == b"the old version\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _temporaries(tmp_path) == []
    assert _names(tmp_path) == ["guide.html"]


def test_a_failed_new_file_is_not_created_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "guide.html"
    monkeypatch.setattr(os, "fsync", _failing)
    with pytest.raises(OSError, match="Input/output error"):
        write_output(target, b"new data")
    assert _names(tmp_path) == []


def test_a_failed_write_through_the_cli_exits_1_naming_the_file(tmp_path, monkeypatch, capsys):
    target = tmp_path / "guide.html"
    target.write_bytes(b"the old version\n")
    monkeypatch.setattr(os, "fsync", _failing)
    assert main(["render", "--output", str(target)]) == 1  # EIO: an I/O error, not bad input
    error = _one_line(capsys.readouterr().err)
    assert str(target) in error and ".tmp" not in error
    assert target.read_bytes() == b"the old version\n"
    assert _temporaries(tmp_path) == []


def test_a_failed_rename_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "guide.html"
    target.write_bytes(b"the old version\n")

    def refuse(source, destination, **_folders):
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(source), str(destination))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="cross-device") as caught:
        write_output(target, b"new data")
    monkeypatch.undo()
    assert caught.value.errno == errno.EXDEV
    assert target.read_bytes() == b"the old version\n"
    assert _temporaries(tmp_path) == []


def test_an_interrupted_write_leaves_no_temporary(tmp_path, monkeypatch):
    import acupuncture_content._writing as writing

    target = tmp_path / "guide.html"
    target.write_bytes(b"the old version\n")

    def interrupt(*_arguments):
        raise KeyboardInterrupt

    monkeypatch.setattr(writing, "_write_all", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_output(target, b"new data")
    assert target.read_bytes() == b"the old version\n"
    assert _temporaries(tmp_path) == []


# Many writers at once.


def test_many_threads_writing_one_file_leave_one_complete_version(tmp_path):
    target = tmp_path / "shared.bin"
    initial = b"initial\n"
    target.write_bytes(initial)
    target.chmod(0o640)
    versions = [bytes([ord("A") + number]) * (128 * 1024 + number) for number in range(12)]
    allowed = {initial, *versions}
    start = threading.Barrier(len(versions) + 1)
    done = threading.Event()
    errors: list[BaseException] = []
    mixed: list[int] = []

    def writer(data: bytes) -> None:
        try:
            start.wait(timeout=TIMEOUT)
            for _ in range(4):
                write_output(target, data)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    def reader() -> None:
        try:
            start.wait(timeout=TIMEOUT)
            while not done.is_set():
                seen = target.read_bytes()
                if seen not in allowed:
                    mixed.append(len(seen))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(data,)) for data in versions]
    watcher = threading.Thread(target=reader)
    for thread in [*threads, watcher]:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    done.set()
    watcher.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in [*threads, watcher])
    assert errors == []
    assert mixed == [], "a reader saw a mix of versions"
    assert target.read_bytes() in versions
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _temporaries(tmp_path) == []
    assert _names(tmp_path) == ["shared.bin"]


# Standard output closed or broken, standard error closed (real processes).


@needs_sh
@BUFFERING
@pytest.mark.parametrize(
    "arguments",
    [["render"], ["render", "--format", "text", "--output", "-"], ["guides"]],
    ids=["render", "render-dash", "guides"],
)
def test_a_closed_stdout_ends_quietly_with_status_1(arguments, unbuffered):
    result = subprocess.run(
        ["sh", "-c", '"$0" -m acupuncture_content "$@" >&-', sys.executable, *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_environment(unbuffered=unbuffered),
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stderr) == (1, b"")


@needs_sh
def test_a_closed_stdout_does_not_stop_output_to_a_file(tmp_path):
    target = tmp_path / "guide.html"
    result = subprocess.run(
        [
            "sh",
            "-c",
            '"$0" -m acupuncture_content render --output "$1" >&-',
            sys.executable,
            str(target),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert target.read_bytes() == _expected()


@pytest.mark.skipif(
    fcntl is None or not hasattr(fcntl, "F_SETPIPE_SZ"), reason="cannot shrink a pipe here"
)
@BUFFERING
def test_a_reader_that_leaves_after_one_byte_ends_the_program_quietly_with_status_1(unbuffered):
    # `render | head -c 1`, made deterministic: the pipe holds one page, the
    # output is larger, so the writer is still writing when the reader leaves.
    expected = _expected("ar", "html", full_document=True)
    read_end, write_end = os.pipe()
    capacity = fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    assert capacity + 1 < len(expected)
    try:
        with subprocess.Popen(
            _cli("render", "--full-document", "--locale", "ar"),
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=_environment(unbuffered=unbuffered),
        ) as process:
            os.close(write_end)
            write_end = -1
            first = os.read(read_end, 1)
            os.close(read_end)
            read_end = -1
            _, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        for descriptor in (read_end, write_end):
            if descriptor >= 0:
                os.close(descriptor)
    assert first == expected[:1]
    assert (process.returncode, stderr) == (1, b"")


@BUFFERING
def test_a_reader_that_never_reads_ends_the_program_quietly_with_status_1(unbuffered):
    # `render | true`: the reader is gone before the first write.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            _cli("render"),
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=_environment(unbuffered=unbuffered),
            timeout=TIMEOUT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (1, b"")


@needs_sh
@pytest.mark.parametrize(
    ("arguments", "redirections"),
    [
        (["render", "--locale", "xx"], "2>&-"),
        (["render", "--locale", "xx"], ">&- 2>&-"),
        (["render", "--output", "/nonexistent-folder/guide.html"], "2>&-"),
        (["render", "--output", ""], "2>&-"),
    ],
    ids=["bad-locale", "bad-locale-stdout-closed-too", "missing-folder", "empty-output"],
)
def test_bad_input_with_stderr_closed_still_exits_2(arguments, redirections):
    result = subprocess.run(
        [
            "sh",
            "-c",
            f'"$0" -m acupuncture_content "$@" {redirections}',
            sys.executable,
            *arguments,
        ],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (2, b"", b"")


# Standard output named as a file (/dev/stdout, /proc/self/fd/1).


@needs_sh
@pytest.mark.skipif(not pathlib.Path("/dev/stdout").exists(), reason="no /dev/stdout")
@pytest.mark.parametrize("name", ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"])
def test_output_to_dev_stdout_appends_to_the_log_the_shell_opened_and_keeps_it(tmp_path, name):
    if not pathlib.Path(name).exists():
        pytest.skip(f"no {name}")
    log = tmp_path / "app.log"
    log.write_bytes(b"IMPORTANT LOG\n")
    inode = log.stat().st_ino
    result = subprocess.run(
        [
            "sh",
            "-c",
            '"$0" -m acupuncture_content render --format text --output "$1" >> "$2"',
            sys.executable,
            name,
            str(log),
        ],
        stderr=subprocess.PIPE,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert log.stat().st_ino == inode  # the same file, not a replacement
    assert log.read_bytes() == b"IMPORTANT LOG\n" + _expected("en", "text")
    assert _names(tmp_path) == ["app.log"]


@pytest.mark.skipif(not pathlib.Path("/dev/stdout").exists(), reason="no /dev/stdout")
@pytest.mark.parametrize("name", ["/dev/stdout", "/proc/self/fd/1"])
def test_output_to_dev_stdout_through_a_pipe_reaches_the_reader(name):
    if not pathlib.Path(name).exists():
        pytest.skip(f"no {name}")
    result = subprocess.run(
        _cli("render", "--format", "markdown", "--output", name),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == _expected("en", "markdown")


@needs_sh
@pytest.mark.skipif(not pathlib.Path("/proc/self/fd").is_dir(), reason="no /proc")
def test_another_descriptor_of_a_file_names_that_file_which_is_replaced(tmp_path):
    # /proc/self/fd/7 reads as the file's path: it is walked as the path it names (its
    # folders' links checked), and the file is replaced, as when named directly.
    page = tmp_path / "page.html"
    page.write_bytes(b"old\n")
    inode = page.stat().st_ino
    result = subprocess.run(
        [
            "sh",
            "-c",
            '"$0" -m acupuncture_content render --output /proc/self/fd/7 7< "$1"',
            sys.executable,
            str(page),
        ],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    assert page.read_bytes() == _expected()
    assert page.stat().st_ino != inode  # a new file, renamed over the old one
    assert _names(tmp_path) == ["page.html"]


def test_a_file_name_near_the_limit_is_replaced_without_a_long_temporary(tmp_path):
    target = tmp_path / ("g" * 250)  # legal (255 bytes at most); a longer temporary is not
    target.write_bytes(b"the old version\n")
    write_output(target, b"new data")
    assert target.read_bytes() == b"new data"
    assert _names(tmp_path) == [target.name]


# Standard error named as a file (/dev/stderr, /proc/self/fd/2): written through fd 2.


@needs_sh
@pytest.mark.skipif(not pathlib.Path("/dev/stderr").exists(), reason="no /dev/stderr")
@pytest.mark.parametrize("name", ["/dev/stderr", "/proc/self/fd/2", "/dev/fd/2"])
def test_output_to_dev_stderr_appends_to_the_log_the_shell_opened_and_keeps_it(tmp_path, name):
    if not pathlib.Path(name).exists():
        pytest.skip(f"no {name}")
    log = tmp_path / "errors.log"
    log.write_bytes(b"IMPORTANT LOG\n")
    inode = log.stat().st_ino
    result = subprocess.run(
        [
            "sh",
            "-c",
            '"$0" -m acupuncture_content render --format text --output "$1" 2>> "$2"',
            sys.executable,
            name,
            str(log),
        ],
        stdout=subprocess.PIPE,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, b"")
    assert log.stat().st_ino == inode  # the same file, appended to, not replaced
    assert log.read_bytes() == b"IMPORTANT LOG\n" + _expected("en", "text")
    assert _names(tmp_path) == ["errors.log"]


@pytest.mark.skipif(not pathlib.Path("/dev/stderr").exists(), reason="no /dev/stderr")
@pytest.mark.parametrize("name", ["/dev/stderr", "/proc/self/fd/2"])
def test_output_to_dev_stderr_through_a_pipe_reaches_the_reader(name):
    result = subprocess.run(
        _cli("render", "--format", "markdown", "--output", name),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, b"")
    assert result.stderr == _expected("en", "markdown")


# An I/O error is status 1 and names where the output was going (issue 17, finding 7).


@pytest.mark.skipif(not pathlib.Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "arguments", [["render"], ["render", "--output", "-"], ["guides"], ["--version"]], ids=str
)
def test_standard_output_on_a_full_device_exits_1_naming_standard_output(arguments):
    with open("/dev/full", "wb") as full:  # noqa: PTH123 - a device, opened for the child
        result = subprocess.run(
            _cli(*arguments), stdout=full, stderr=subprocess.PIPE, timeout=TIMEOUT, check=False
        )
    assert result.returncode == 1
    error = _one_line(result.stderr.decode())
    assert error == "acupuncture-content: error: standard output: No space left on device\n"


# Another user's links and files: root must not be led to a file it did not name
# (issue 17, finding 1), and a user who is not root keeps the kernel's rules.


def _as_other(*command: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` as the second user, with no supplementary groups."""
    return subprocess.run([*AS_OTHER, *command], capture_output=True, timeout=TIMEOUT, check=False)


def _shared_folder(owner: int) -> pathlib.Path:
    """A folder under the system's temporary folder, owned by ``owner``, reachable by all."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="acupuncture-content-test-"))
    os.chown(folder, owner, owner)
    return folder


def _identity(path: pathlib.Path) -> tuple[int, int, int, int, bytes]:
    status = path.lstat()
    return (status.st_ino, status.st_uid, status.st_gid, status.st_mode, path.read_bytes())


@needs_root
@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_symlink_another_user_owns_is_not_followed(tmp_path, capsys, where):
    victims = tmp_path / "victims"
    victims.mkdir(mode=0o700)
    victim = victims / "guide.html"
    victim.write_bytes(b"root's secret\n")
    victim.chmod(0o600)
    before = _identity(victim)
    if where == "file":
        link = tmp_path / "guide.html"
        link.symlink_to(victim)
        output = link
    else:  # a folder on the way is the other user's link
        link = tmp_path / "site"
        link.symlink_to(victims, target_is_directory=True)
        output = link / "guide.html"
    os.lchown(link, OTHER, OTHER)
    assert main(["render", "--output", str(output)]) == 2
    error = _one_line(capsys.readouterr().err)
    assert str(output) in error and "another user" in error
    assert _identity(victim) == before
    assert link.is_symlink()
    assert _temporaries(tmp_path) == [] and _temporaries(victims) == []


@needs_root
def test_a_second_name_of_roots_symlink_is_not_followed(tmp_path, capsys):
    # Where the kernel lets users hard-link files they do not own (fs.protected_hardlinks
    # = 0), a user could put a second name of one of root's links in their folder.
    victim = tmp_path / "victim.html"
    victim.write_bytes(b"root's page\n")
    roots_link = tmp_path / "roots-link"
    roots_link.symlink_to(victim)
    second_name = tmp_path / "guide.html"
    os.link(roots_link, second_name, follow_symlinks=False)
    assert second_name.lstat().st_nlink == 2 and second_name.is_symlink()
    assert main(["render", "--output", str(second_name)]) == 2
    assert "another user" in _one_line(capsys.readouterr().err)
    assert victim.read_bytes() == b"root's page\n"


@pytest.mark.usefixtures("second_user")
@pytest.mark.parametrize("stdout", ["log", "pipe"])
def test_another_users_link_to_standard_output_is_not_followed(tmp_path, stdout):
    # The attacker's report after issue 17: the check for "is this our standard output?"
    # stat()ed the path, following every link before the owner check, so another user's
    # link to root's log (or to /dev/stdout) made root write the guide there, exit 0.
    log = tmp_path / "root.log"
    log.write_bytes(b"IMPORTANT LOG\n")
    folder = _shared_folder(OTHER)
    try:
        output = folder / "out.html"
        made = _as_other("ln", "-s", str(log) if stdout == "log" else "/dev/stdout", str(output))
        assert made.returncode == 0, made.stderr
        with log.open("ab") as appended:
            result = subprocess.run(
                _cli("render", "--output", str(output)),
                stdout=appended if stdout == "log" else subprocess.PIPE,
                stderr=subprocess.PIPE,
                timeout=TIMEOUT,
                check=False,
            )
        assert result.returncode == 2
        error = _one_line(result.stderr.decode())
        assert str(output) in error and "another user" in error
        assert log.read_bytes() == b"IMPORTANT LOG\n"
        assert not result.stdout  # None when it went to the log
        assert _names(folder) == ["out.html"] and output.is_symlink()
    finally:
        shutil.rmtree(folder)


@needs_root
def test_symlinks_root_owns_are_followed_through_folders_and_files(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "page.html").write_bytes(b"old\n")
    (tmp_path / "site").symlink_to("real", target_is_directory=True)
    (real / "latest.html").symlink_to("../site/page.html")
    assert main(["render", "--output", str(tmp_path / "site" / "latest.html")]) == 0
    assert (real / "page.html").read_bytes() == _expected()
    assert (real / "latest.html").is_symlink() and (tmp_path / "site").is_symlink()


@needs_root
@pytest.mark.parametrize("mode", [0o644, 0o464, 0o446, 0o666])
def test_root_replacing_another_users_writable_file_keeps_its_owner_and_mode(tmp_path, mode):
    target = tmp_path / "theirs.html"
    target.write_bytes(b"old\n")
    os.chown(target, OTHER, OTHER)
    target.chmod(mode)
    assert main(["render", "--output", str(target)]) == 0
    status = target.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (OTHER, OTHER, mode)
    assert target.read_bytes() == _expected()


@needs_root
@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555, 0o000])
def test_root_refuses_a_read_only_file_another_user_owns(tmp_path, capsys, mode):
    # Root could write it; a file without any write bit says "do not overwrite".
    target = tmp_path / "theirs.html"
    target.write_bytes(b"their approved copy\n")
    os.chown(target, OTHER, OTHER)
    target.chmod(mode)
    before = _identity(target)
    assert main(["render", "--output", str(target)]) == 2
    assert str(target) in _one_line(capsys.readouterr().err)
    assert _identity(target) == before


@needs_root
def test_a_replaced_file_never_keeps_set_id_bits(tmp_path):
    target = tmp_path / "theirs.html"
    target.write_bytes(b"old\n")
    os.chown(target, OTHER, OTHER)
    target.chmod(0o6755)
    assert main(["render", "--output", str(target)]) == 0
    status = target.stat()
    assert (status.st_uid, stat.S_IMODE(status.st_mode)) == (OTHER, 0o755)


def _fake_ids(monkeypatch, uid: int, gid: int, groups: list[int]) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    monkeypatch.setattr(os, "getegid", lambda: gid)
    monkeypatch.setattr(os, "getgroups", lambda: list(groups))


def _status(mode: int, uid: int = 1000, gid: int = 2000) -> os.stat_result:
    return os.stat_result((stat.S_IFREG | mode, 1, 1, 1, uid, gid, 0, 0, 0, 0))


@pytest.mark.parametrize(
    ("ids", "mode", "writable"),
    [
        # The owner: only the owner's bit counts.
        ((1000, 3000, []), 0o644, True),
        ((1000, 3000, []), 0o464, False),
        # In the group by the effective group, or by a supplementary group.
        ((1001, 2000, []), 0o664, True),
        ((1001, 2000, []), 0o646, False),
        ((1001, 3000, [4000, 2000]), 0o464, True),
        ((1001, 3000, [4000, 2000]), 0o646, False),
        # Neither owner nor in the group: only the others' bit counts.
        ((1001, 3000, [4000]), 0o646, True),
        ((1001, 3000, [4000]), 0o664, False),
        # Root, not the owner: any write bit.
        ((0, 0, [0]), 0o444, False),
        ((0, 0, [0]), 0o464, True),
        ((0, 0, [0]), 0o446, True),
        ((0, 0, [0]), 0o644, True),
    ],
)
def test_writable_by_mode_reads_the_bit_that_applies_to_this_process(
    monkeypatch, ids, mode, writable
):
    _fake_ids(monkeypatch, *ids)
    assert writable_by_mode(_status(mode)) is writable


@pytest.mark.usefixtures("second_user")
@pytest.mark.parametrize(("mode", "status"), [(0o646, 0), (0o664, 2), (0o644, 2)])
def test_a_user_who_is_neither_owner_nor_in_the_group_goes_by_the_others_bit(mode, status):
    folder = _shared_folder(OTHER)
    try:
        target = folder / "roots.html"
        target.write_bytes(b"root's page\n")
        target.chmod(mode)
        before = _identity(target)
        result = _as_other(*_cli("render", "--output", str(target)))
        assert result.returncode == status, result.stderr
        if status == 0:
            # A user cannot give a file away: the new file is theirs, with the old mode.
            after = target.stat()
            assert (after.st_uid, stat.S_IMODE(after.st_mode)) == (OTHER, mode)
            assert target.read_bytes() == _expected()
        else:
            assert str(target) in _one_line(result.stderr.decode())
            assert _identity(target) == before
        assert _temporaries(folder) == []
    finally:
        shutil.rmtree(folder)


@pytest.mark.usefixtures("second_user")
def test_a_user_follows_a_link_root_owns_to_their_own_file():
    folder = _shared_folder(OTHER)
    try:
        page = folder / "page.html"
        page.write_bytes(b"old\n")
        os.chown(page, OTHER, OTHER)
        (folder / "latest.html").symlink_to("page.html")  # made by root, so root's
        result = _as_other(*_cli("render", "--output", str(folder / "latest.html")))
        assert (result.returncode, result.stderr) == (0, b"")
        assert page.read_bytes() == _expected()
    finally:
        shutil.rmtree(folder)


# The race of finding 1: the user who owns the output folder swaps a file of their own
# and a link to root's file at the output path while root writes it, many times over.

ATTACKER = r"""
import os, sys, time
folder, victim, where = sys.argv[1:]
if where == "file":  # the output path itself: their own file, then a link to the victim
    out = os.path.join(folder, "guide.html")
    while True:
        with open(os.path.join(folder, "file.new"), "w") as page:
            page.write("the attacker's page\n")
        os.chmod(os.path.join(folder, "file.new"), 0o644)
        os.replace(os.path.join(folder, "file.new"), out)
        os.symlink(victim, os.path.join(folder, "link.new"))
        os.replace(os.path.join(folder, "link.new"), out)
else:  # a folder on the way: their own folder, then a link to the victim's folder
    site, own = os.path.join(folder, "site"), os.path.join(folder, "own")
    os.mkdir(own)
    with open(os.path.join(own, "guide.html"), "w") as page:
        page.write("the attacker's page\n")
    while True:  # a folder cannot replace a link in one step: each state stays a while
        os.rename(own, site)
        time.sleep(0.001)
        os.rename(site, own)
        os.symlink(os.path.dirname(victim), site)
        time.sleep(0.001)
        os.unlink(site)
"""


@pytest.mark.usefixtures("second_user")
@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_user_racing_links_into_the_output_path_never_gets_roots_file(tmp_path, capsys, where):
    victims = tmp_path / "victims"
    victims.mkdir(mode=0o700)
    victim = victims / "guide.html"
    victim.write_bytes(b"root's secret\n")
    victim.chmod(0o600)
    before = _identity(victim)
    folder = _shared_folder(OTHER)
    output = folder / "guide.html" if where == "file" else folder / "site" / "guide.html"
    outcomes: dict[int, int] = {}
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, folder)
        attacker = subprocess.Popen(
            [*AS_OTHER, sys.executable, "-c", ATTACKER, str(folder), str(victim), where],
            stderr=subprocess.PIPE,
        )
        cleanup.callback(attacker.communicate, timeout=TIMEOUT)  # reaps it, closes its pipe
        cleanup.callback(attacker.kill)
        deadline = time.monotonic() + 60
        attempts = 0
        while time.monotonic() < deadline and (attempts < 300 or len(outcomes) < 2):
            status = main(["render", "--output", str(output)])
            outcomes[status] = outcomes.get(status, 0) + 1
            attempts += 1
            assert _identity(victim) == before, f"attempt {attempts}: root's file changed"
        capsys.readouterr()
        assert attacker.poll() is None, attacker.stderr.read() if attacker.stderr else ""
        attacker.kill()
        attacker.wait(timeout=TIMEOUT)
        assert _identity(victim) == before
        assert set(outcomes) <= {0, 2}, outcomes  # written, or refused; never anything else
        assert 0 in outcomes and 2 in outcomes, f"the race was not run: {outcomes}"
        # Every file left in the user's folder is theirs: root handed nothing over.
        for path in folder.rglob("*"):
            assert path.lstat().st_uid == OTHER, path
