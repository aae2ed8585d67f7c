"""Broken catalogs and sources, concurrent first loads, and failed writes."""

from __future__ import annotations

import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from acupuncture_content import (
    ContentError,
    _catalogs,
    _guides,
    _precomputed,
    available_locales,
    load_guide,
    render,
)
from acupuncture_content._cache import clear_caches
from acupuncture_content._source import split_source
from acupuncture_content.cli import main


@pytest.fixture
def cold():
    """Empty every cache before and after the test."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    """A copy of the compiled catalogs that a test may break, used instead of the real ones."""
    from importlib import resources

    installed = Path(str(resources.files("acupuncture_content").joinpath("locales")))
    copy = tmp_path / "locales"
    shutil.copytree(installed, copy)
    monkeypatch.setattr(
        _catalogs, "catalog_folder", lambda tag: copy / tag.replace("-", "_") / "LC_MESSAGES"
    )
    monkeypatch.setattr(_precomputed, "load", lambda *_arguments: None)
    return copy


GUIDE_DOMAIN = "acupuncture-for-back-pain"


@pytest.mark.parametrize("domain", [GUIDE_DOMAIN, "acupuncture_content"])
@pytest.mark.parametrize(
    ("mo", "sidecar", "message"),
    [
        (b"not a catalog at all", None, "cannot load compiled catalog"),
        (b"\xde\x12\x04\x95" + b"\x00" * 8, None, "cannot load compiled catalog"),
        (None, "{not json", "cannot read catalog review status"),
        (
            None,
            '{"catalog": "fr/DOMAIN", "reviewed": false}',
            "describes catalog 'fr/DOMAIN', not 'de/DOMAIN'",
        ),
        (None, '{"catalog": "de/DOMAIN", "reviewed": "no"}', "'reviewed' must be true or false"),
    ],
)
@pytest.mark.usefixtures("cold")
def test_a_corrupt_catalog_is_a_content_error_naming_the_file(
    catalogs, domain, mo, sidecar, message
):
    folder = catalogs / "de" / "LC_MESSAGES"
    if mo is not None:
        (folder / f"{domain}.mo").write_bytes(mo)
    if sidecar is not None:
        (folder / f"{domain}.json").write_text(sidecar.replace("DOMAIN", domain))
    with pytest.raises(ContentError, match=re.escape(message.replace("DOMAIN", domain))) as caught:
        render(load_guide(locale="de"), "html")
    assert f"acupuncture_content/locales/de/LC_MESSAGES/{domain}." in str(caught.value)
    # Other locales are unaffected, and the failure is not cached as a success.
    assert render(load_guide(locale="fr"), "html").startswith('<article class="guide" lang="fr"')
    with pytest.raises(ContentError):
        render(load_guide(locale="de"), "html")


@pytest.mark.usefixtures("cold")
def test_a_broken_guide_source_is_a_content_error_with_file_and_line(monkeypatch):
    broken = '+++\nslug = "acupuncture-for-back-pain"\nauthor = "A"\npublished = 2025-05-31\nsource_locale = "en"\n+++\n# Title\n\n<script>x</script>\n'
    monkeypatch.setattr(
        _guides,
        "read_guide_source",
        lambda _slug: split_source(broken, "acupuncture-for-back-pain.md"),
    )
    monkeypatch.setattr(_precomputed, "load", lambda *_arguments: None)
    with pytest.raises(
        ContentError, match=r"^acupuncture-for-back-pain\.md:9: raw HTML are not supported"
    ):
        load_guide(locale="en")


@pytest.mark.usefixtures("cold")
def test_each_locale_is_localized_once_however_many_threads_ask(monkeypatch):
    calls: list[tuple[str, str]] = []
    lock = threading.Lock()
    original = _guides._load

    def counting(slug: str, tag: str):
        with lock:
            calls.append((slug, tag))
        return original(slug, tag)

    monkeypatch.setattr(_guides, "_load", counting)
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


@pytest.mark.parametrize("target", ["missing-folder/x.html", "."])
def test_write_errors_name_the_target_not_a_temporary_file(tmp_path, capsys, target):
    path = tmp_path / target
    assert main(["render", "--output", str(path)]) == 2
    error = capsys.readouterr().err
    assert str(path.parent if target != "." else path) in error
    assert ".tmp" not in error
    assert sorted(p.name for p in tmp_path.iterdir()) == []
