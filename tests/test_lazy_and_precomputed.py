"""Import does nothing heavy; bundled guides load from build-time data equal to the sources."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from acupuncture_content import _api, _precomputed, available_locales, load_guide, render
from acupuncture_content._ui import compute_labels


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
def test_precomputed_guides_equal_the_guides_built_from_sources(locale):
    found = _precomputed.load("acupuncture-for-back-pain", locale)
    assert found is not None, "no precomputed data, or it is stale: run `pip install -e .` again"
    precomputed, labels = found
    from_source = _api.localize_from_source("acupuncture-for-back-pain", locale)
    assert precomputed == from_source
    assert precomputed.model_dump_json() == from_source.model_dump_json()
    assert labels == dataclasses.asdict(compute_labels(from_source))
    assert render(precomputed, "html") == render(from_source, "html")


def test_stale_precomputed_data_is_ignored(monkeypatch):
    monkeypatch.setattr(_precomputed, "inputs_digest", lambda _slug, _tag: "0" * 64)
    assert _precomputed.load("acupuncture-for-back-pain", "de") is None


def test_missing_precomputed_data_is_ignored():
    assert _precomputed.load("acupuncture-for-back-pain", "it") is None


def test_payload_records_the_digest_of_its_inputs():
    guide, labels = _precomputed.load("acupuncture-for-back-pain", "fr")
    payload = json.loads(_precomputed.payload(guide, labels))
    assert payload["inputs"] == _precomputed.inputs_digest("acupuncture-for-back-pain", "fr")
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
