"""Import does nothing heavy; bundled guides load from build-time data equal to the sources."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from acupuncture_content import _api, _cache, _precomputed, available_locales, load_guide, render
from acupuncture_content._labels import _compute, labels_key

SLUG = "acupuncture-for-back-pain"


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_importing_the_package_imports_no_dependency():
    modules = _modules_after("import acupuncture_content")
    assert not {"pydantic", "babel", "markdown_it", "importlib.metadata"} & modules
    assert "acupuncture_content.models" not in modules


def test_rendering_a_bundled_guide_needs_neither_babel_nor_markdown_it():
    modules = _modules_after(
        "from acupuncture_content import load_guide, render\n"
        "render(load_guide(locale='ar'), 'html'); render(load_guide(locale='ja'), 'text')"
    )
    assert "babel" not in modules
    assert "markdown_it" not in modules
    assert "acupuncture_content.renderers.markdown" not in modules


@pytest.mark.parametrize("locale", available_locales())
def test_precomputed_guides_equal_the_guides_built_from_sources(locale, monkeypatch):
    _cache.clear_caches()
    precomputed = _precomputed.load(SLUG, locale, "en")
    assert precomputed is not None, "no precomputed data, or it is stale: run `pip install -e .`"
    labels = _cache.labels.get(labels_key(precomputed))
    info = _cache.locale_infos.get((SLUG, locale))
    _cache.clear_caches()
    with monkeypatch.context() as patched:
        patched.setattr(_precomputed, "load", lambda *_arguments: None)
        from_source = _api.localize_from_source(SLUG, locale)
        from acupuncture_content._locale_info import locale_info_for

        fresh_info = locale_info_for(SLUG, locale)
    _cache.clear_caches()
    assert precomputed == from_source
    assert precomputed.model_dump_json() == from_source.model_dump_json()
    assert labels == _compute(*labels_key(from_source))
    assert info is not None and info == fresh_info
    assert render(precomputed, "html") == render(from_source, "html")


def test_stale_precomputed_data_is_ignored(monkeypatch):
    monkeypatch.setattr(_precomputed, "inputs_digest", lambda *_arguments: "0" * 64)
    assert _precomputed.load(SLUG, "de", "en") is None


def test_missing_precomputed_data_is_ignored():
    assert _precomputed.load(SLUG, "it", "en") is None


def test_the_digest_covers_every_source_file_and_the_dependencies(monkeypatch):
    before = _precomputed.inputs_digest(SLUG, "fr", "en")
    files = dict(_precomputed._source_files(_precomputed.resources.files("acupuncture_content")))
    assert {
        "_api.py",
        "models.py",
        "renderers/html.py",
        "guide.css",
        "content/acupuncture-for-back-pain.md",
    } <= set(files)
    assert not any(name.startswith(("locales/", "_precomputed/")) for name in files)
    versions = _precomputed._dependency_versions()
    assert [version.rsplit("-", 1)[0] for version in versions] == [
        "babel",
        "pydantic",
        "markdown_it_py",
    ]
    assert "unknown" not in " ".join(versions)
    _cache.clear_caches()
    monkeypatch.setattr(_precomputed, "_dependency_versions", lambda: ["babel-0.0.0"])
    assert _precomputed.inputs_digest(SLUG, "fr", "en") != before
    _cache.clear_caches()


def test_payload_records_the_digest_of_its_inputs():
    _cache.clear_caches()
    guide = load_guide(locale="fr")
    payload = json.loads(
        _precomputed.payload(
            guide, _cache.labels.get(labels_key(guide)), _cache.locale_infos.get((SLUG, "fr"))
        )
    )
    assert payload["inputs"] == _precomputed.inputs_digest(SLUG, "fr", "en")
    assert payload["guide"] == guide.model_dump(mode="json")


def test_the_cli_uses_precomputed_guides():
    modules = _modules_after(
        "import sys\nsys.argv = ['acupuncture-content', 'render', '--locale', 'ar']\n"
        "import io, contextlib\n"
        "from acupuncture_content.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])"
    )
    assert "babel" not in modules
    assert "markdown_it" not in modules
    assert load_guide(locale="ar").locale == "ar"
