"""Broken catalogs and sources, concurrent first loads, and failed writes."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from acupuncture_content import (
    ContentError,
    _api,
    _catalogs,
    _i18n,
    _precomputed,
    available_locales,
    load_guide,
)
from acupuncture_content._source import split_source
from acupuncture_content.cli import main


@pytest.fixture
def cold():
    """Empty every per-process cache, restoring them afterwards."""
    saved = (dict(_api._guides), dict(_api._documents), dict(_catalogs._catalogs))
    _api._guides.clear()
    _api._documents.clear()
    _catalogs._catalogs.clear()
    yield
    _api._guides.clear()
    _api._documents.clear()
    _catalogs._catalogs.clear()
    _api._guides.update(saved[0])
    _api._documents.update(saved[1])
    _catalogs._catalogs.update(saved[2])


def _catalog_folder(
    tmp_path: Path, mo: bytes, sidecar: str = '{"catalog": "de", "reviewed": false}'
) -> Path:
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "acupuncture_content.mo").write_bytes(mo)
    (folder / "acupuncture_content.json").write_text(sidecar)
    return tmp_path


@pytest.mark.parametrize(
    ("mo", "sidecar", "message"),
    [
        (
            b"not a catalog at all",
            '{"catalog": "de", "reviewed": false}',
            "cannot load compiled catalog",
        ),
        (
            b"\xde\x12\x04\x95" + b"\x00" * 8,
            '{"catalog": "de", "reviewed": false}',
            "cannot load compiled catalog",
        ),
        (None, "{not json", "cannot read catalog review status"),
        (None, '{"catalog": "fr", "reviewed": false}', "describes catalog 'fr', not 'de'"),
        (None, '{"catalog": "de", "reviewed": "no"}', "'reviewed' must be true or false"),
    ],
)
@pytest.mark.usefixtures("cold")
def test_a_corrupt_catalog_is_a_content_error_naming_the_file(
    monkeypatch, tmp_path, mo, sidecar, message
):
    from importlib import resources

    installed = resources.files("acupuncture_content").joinpath("locales")
    real = installed.joinpath("de/LC_MESSAGES/acupuncture_content.mo").read_bytes()
    root = _catalog_folder(tmp_path, real if mo is None else mo, sidecar)
    french = root / "fr" / "LC_MESSAGES"
    french.mkdir(parents=True)
    for name in ("acupuncture_content.mo", "acupuncture_content.json"):
        (french / name).write_bytes(installed.joinpath("fr/LC_MESSAGES", name).read_bytes())
    monkeypatch.setattr(_i18n, "locales_root", lambda: root)
    monkeypatch.setattr(_precomputed, "load", lambda _slug, _tag: None)
    with pytest.raises(ContentError, match=message) as caught:
        load_guide(locale="de")
    assert "acupuncture_content/locales/de/LC_MESSAGES/acupuncture_content." in str(caught.value)
    # Other locales are unaffected, and the failure is not cached as a success.
    assert load_guide(locale="fr").locale == "fr"
    with pytest.raises(ContentError):
        load_guide(locale="de")


@pytest.mark.usefixtures("cold")
def test_a_broken_guide_source_is_a_content_error_with_file_and_line(monkeypatch):
    broken = '+++\nslug = "acupuncture-for-back-pain"\nauthor = "A"\npublished = 2025-05-31\nsource_locale = "en"\n+++\n# Title\n\n<script>x</script>\n'
    monkeypatch.setattr(
        _api,
        "read_guide_source",
        lambda _slug: split_source(broken, "acupuncture-for-back-pain.md"),
    )
    monkeypatch.setattr(_precomputed, "load", lambda _slug, _tag: None)
    with pytest.raises(
        ContentError, match=r"^acupuncture-for-back-pain\.md:9: raw HTML are not supported"
    ):
        load_guide(locale="en")


@pytest.mark.usefixtures("cold")
def test_each_locale_is_localized_once_however_many_threads_ask(monkeypatch):
    calls: list[tuple[str, str]] = []
    lock = threading.Lock()
    original = _api._load_precomputed

    def counting(slug: str, tag: str):
        with lock:
            calls.append((slug, tag))
        return original(slug, tag)

    monkeypatch.setattr(_api, "_load_precomputed", counting)
    requests = [locale for locale in available_locales() for _ in range(8)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        guides = list(pool.map(lambda locale: load_guide(locale=locale), requests))
    assert sorted(calls) == sorted(
        ("acupuncture-for-back-pain", locale) for locale in available_locales()
    )
    for locale, guide in zip(requests, guides, strict=True):
        assert guide is load_guide(locale=locale)


def test_a_failed_render_leaves_an_existing_output_file_untouched(tmp_path, capsys):
    target = tmp_path / "guide.html"
    target.write_text("previous content")
    assert main(["render", "--locale", "xx", "--output", str(target)]) == 2
    assert target.read_text() == "previous content"
    assert "'xx' is not a locale" in capsys.readouterr().err


def test_a_failed_write_leaves_no_partial_or_temporary_file(tmp_path, monkeypatch, capsys):
    target = tmp_path / "guide.html"
    target.write_text("previous content")

    def failing_replace(_self, _other):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", failing_replace)
    assert main(["render", "--output", str(target)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert target.read_text() == "previous content"
    assert [path.name for path in tmp_path.iterdir()] == ["guide.html"]


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat

    from acupuncture_content._files import write_atomically

    old = os.umask(0o022)
    try:
        new = tmp_path / "new.txt"
        write_atomically(new, b"x")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        existing = tmp_path / "existing.txt"
        existing.write_text("old")
        existing.chmod(0o640)
        write_atomically(existing, b"y")
        assert stat.S_IMODE(existing.stat().st_mode) == 0o640
        assert existing.read_bytes() == b"y"
    finally:
        os.umask(old)


@pytest.mark.parametrize("target", ["missing-folder/x.html", "."])
def test_write_errors_name_the_target_not_a_temporary_file(tmp_path, capsys, target):
    path = tmp_path / target
    assert main(["render", "--output", str(path)]) == 2
    error = capsys.readouterr().err
    assert str(path) in error
    assert ".tmp" not in error
    assert sorted(p.name for p in tmp_path.iterdir()) == []
