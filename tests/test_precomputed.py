"""Bundled guides load from build-time data (``_precomputed``) equal to the sources.

What is served needs neither Babel nor markdown-it-py; data built from anything
but what is installed (a module that builds guides, the source, a catalog, a
dependency's version) is stale and ignored.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from acupuncture_content import _cache, _precomputed, available_locales, load_guide, render
from acupuncture_content._guides import localize_from_source
from acupuncture_content._labels import _compute, labels_cache, labels_key
from acupuncture_content._locale_info import locale_infos_cache
from helpers import modules_after

SLUG = "acupuncture-for-back-pain"


def test_rendering_a_bundled_guide_needs_neither_babel_nor_markdown_it():
    modules = modules_after(
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
    labels = labels_cache.get(labels_key(precomputed))
    info = locale_infos_cache.get((SLUG, locale))
    _cache.clear_caches()
    with monkeypatch.context() as patched:
        patched.setattr(_precomputed, "load", lambda *_arguments: None)
        from_source = localize_from_source(SLUG, locale)
        from acupuncture_content._guides import locale_info_for

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
    assert _precomputed.load(SLUG, "xx", "en") is None


# Run in a copy of the installed package: edits one file at a time, asks whether the
# precomputed German guide is still served, and puts the file back.
_EDIT_EACH = f"""
import json, sys
from pathlib import Path
from acupuncture_content import _cache, _precomputed
package = Path(_precomputed.__file__).parent
assert package == Path(sys.argv[1]), package  # the copy, not the installed package
served = {{}}
for edited in json.loads(sys.argv[2]):
    path = package / edited
    original = path.read_bytes()
    path.write_bytes(original + b"\\n# an edit that changes the file, not what it does\\n")
    _cache.clear_caches()
    served[edited] = _precomputed.load({SLUG!r}, "de", "en") is not None
    path.write_bytes(original)
print(json.dumps(served))
"""


def _served_after_each_edit(tmp_path: Path, edits: list[str]) -> dict[str, bool]:
    """Whether a copy of the installed package still serves its precomputed guide after
    a comment is appended to each file of ``edits`` (paths inside the package) alone."""
    copy = tmp_path / "src" / "acupuncture_content"
    shutil.copytree(
        Path(_precomputed.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    result = subprocess.run(
        [sys.executable, "-c", _EDIT_EACH, str(copy), json.dumps(edits)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "src"), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    return json.loads(result.stdout)


def test_code_that_does_not_build_guides_leaves_the_precomputed_data_fresh(tmp_path):
    edits = ["renderers/html.py", "renderers/text.py", "_width.py", "cli.py", "guide.css"]
    assert _served_after_each_edit(tmp_path, edits) == dict.fromkeys(edits, True)


def test_any_change_to_what_builds_a_guide_makes_its_precomputed_data_stale(tmp_path):
    edits = [
        "_localize.py",
        "models.py",
        "_labels.py",
        "_precomputed.py",
        "content/acupuncture-for-back-pain.md",
        "locales/de/LC_MESSAGES/acupuncture-for-back-pain.mo",
        "locales/de/LC_MESSAGES/acupuncture_content.json",
    ]
    assert _served_after_each_edit(tmp_path, edits) == dict.fromkeys(edits, False)


def test_the_precomputed_data_names_every_module_that_builds_a_guide():
    # The modules a fresh process loads to build every locale from the sources, as the
    # build does: each must be among the ones the precomputed data was checked against.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from acupuncture_content import _api, _guides, _labels, _precomputed\n"
        f"for tag in _api.available_locales({SLUG!r}):\n"
        f"    guide = _guides.localize_from_source({SLUG!r}, tag)\n"
        "    _labels.labels(guide)\n"
        f"    _guides.locale_info_for({SLUG!r}, tag)\n"
        "    _precomputed.payload(guide, _labels.labels(guide), "
        f"_guides.locale_info_for({SLUG!r}, tag), ())\n"
        "package = Path(_api.__file__).parent\n"
        "for module in list(sys.modules.values()):\n"
        "    if module.__name__.split('.')[0] == 'acupuncture_content' and module.__file__:\n"
        "        print(Path(module.__file__).relative_to(package).as_posix())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    stored = _precomputed.resources.files("acupuncture_content").joinpath(
        _precomputed.FOLDER, _precomputed.relative_path(SLUG, "fr")
    )
    recorded = set(json.loads(stored.read_bytes())["inputs"]["modules"])
    assert {"_api.py", "_localize.py", "_parse.py", "models.py", "_labels.py"} <= loaded
    assert loaded <= recorded
    assert not {"cli.py", "_width.py", "_export.py", "renderers/html.py"} & recorded


def test_the_digest_covers_the_dependency_versions(monkeypatch):
    modules = ("_api.py", "models.py")
    before = _precomputed.inputs_digest(SLUG, "fr", "en", modules)
    versions = _precomputed._dependency_versions()
    assert [version.rsplit("-", 1)[0] for version in versions] == [
        "babel",
        "pydantic",
        "markdown_it_py",
    ]
    assert "unknown" not in " ".join(versions)
    _cache.clear_caches()
    monkeypatch.setattr(_precomputed, "_dependency_versions", lambda: ["babel-0.0.0"])
    assert _precomputed.inputs_digest(SLUG, "fr", "en", modules) != before
    _cache.clear_caches()


def test_payload_records_the_digest_of_its_inputs():
    _cache.clear_caches()
    guide = load_guide(locale="fr")
    modules = ("_api.py", "models.py")
    payload = json.loads(
        _precomputed.payload(
            guide,
            labels_cache.get(labels_key(guide)),
            locale_infos_cache.get((SLUG, "fr")),
            modules,
        )
    )
    assert payload["inputs"] == {
        "digest": _precomputed.inputs_digest(SLUG, "fr", "en", modules),
        "modules": list(modules),
    }
    assert payload["guide"] == guide.model_dump(mode="json")


def test_the_cli_uses_precomputed_guides():
    modules = modules_after(
        "import sys\nsys.argv = ['acupuncture-content', 'render', '--locale', 'ar']\n"
        "import io, contextlib\n"
        "from acupuncture_content.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])"
    )
    assert "babel" not in modules
    assert "markdown_it" not in modules
    assert load_guide(locale="ar").locale == "ar"


def test_every_block_and_inline_is_rebuilt_by_the_class_its_type_names():
    guide = load_guide(locale="fr")
    data = guide.model_dump(mode="json")
    rebuilt = _precomputed._guide(data)
    assert rebuilt == guide
    for block, again in zip(guide.sections[0].blocks, rebuilt.sections[0].blocks, strict=True):
        assert type(again) is type(block)


def test_a_new_block_type_is_rebuilt_from_the_models_table_alone():
    # The rebuild used to know two block types by hand: anything that was not a
    # paragraph was read as a bullet list, and a third type would have made every
    # precomputed guide look stale (a KeyError, swallowed), so every load recomputed.
    # Now each type of the models' tables gets its rebuilder from its model alone.
    from pydantic import BaseModel, ConfigDict

    from acupuncture_content import models

    assert _precomputed._BLOCK_REBUILDERS.keys() == models.BLOCK_TYPES.keys()
    assert _precomputed._INLINE_REBUILDERS.keys() == models.INLINE_TYPES.keys()

    class Callout(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")
        type: str = "callout"
        key: str | None = None
        content: tuple[models.Inline, ...]

    data = {
        "type": "callout",
        "key": "introduction/callout1",
        "content": [{"type": "strong", "children": [{"type": "text", "text": "Note"}]}],
    }
    block = _precomputed._rebuilder(Callout)(data)
    assert isinstance(block, Callout)
    assert block.content == (models.Strong(children=(models.Text(text="Note"),)),)
