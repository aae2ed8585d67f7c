"""The static export: every guide x locale x format, a manifest, byte-identical reruns."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import jsonschema
import pytest

from acupuncture_content import Guide, __version__, available_locales, load_guide, render
from acupuncture_content.cli import main

FILES = {
    "guide.html": ("html-fragment", lambda guide: render(guide, "html")),
    "index.html": ("html-document", lambda guide: render(guide, "html", full_document=True)),
    "guide.md": ("markdown", lambda guide: render(guide, "markdown")),
    "guide.txt": ("text", lambda guide: render(guide, "text")),
    "guide.json": ("json", lambda guide: guide.model_dump_json(indent=2) + "\n"),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    output = tmp_path_factory.mktemp("export")
    assert main(["export", "--output", str(output)]) == 0
    return output


def _snapshot(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_every_locale_and_format_is_written_with_the_api_output(exported):
    for locale in available_locales():
        guide = load_guide(locale=locale)
        for name, (_format, produce) in FILES.items():
            path = exported / "acupuncture-for-back-pain" / locale / name
            assert path.read_text(encoding="utf-8") == produce(guide), path


def test_manifest_lists_every_file_with_hash_and_fingerprint(exported):
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["package"] == "acupuncture-content"
    assert manifest["version"] == __version__
    entries = manifest["files"]
    assert len(entries) == len(available_locales()) * len(FILES)
    assert [entry["path"] for entry in entries] == sorted(entry["path"] for entry in entries)
    for entry in entries:
        data = (exported / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["fingerprint"] == load_guide(locale=entry["locale"]).fingerprint
        assert entry["guide"] == "acupuncture-for-back-pain"
        assert FILES[entry["path"].rsplit("/", 1)[1]][0] == entry["format"]
    on_disk = {path for path in _snapshot(exported) if path != "manifest.json"}
    assert on_disk == {entry["path"] for entry in entries}


def test_rerunning_gives_byte_identical_files(exported, tmp_path):
    assert main(["export", "--output", str(tmp_path)]) == 0
    assert _snapshot(tmp_path) == _snapshot(exported)
    assert main(["export", "--output", str(tmp_path)]) == 0
    assert _snapshot(tmp_path) == _snapshot(exported)
    assert not list(tmp_path.rglob("*.tmp"))


def test_every_exported_json_validates_against_the_cli_schema(exported):
    result = subprocess.run(
        [sys.executable, "-m", "acupuncture_content", "schema"],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in exported.rglob("guide.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        validator.validate(data)
        assert Guide.model_validate(data) == load_guide(locale=data["locale"])


def test_the_schema_rejects_what_the_models_reject():
    validator = jsonschema.Draft202012Validator(Guide.model_json_schema())
    data = load_guide().model_dump(mode="json")
    data["sections"][0]["blocks"][0]["type"] = "table"
    assert not validator.is_valid(data)
    data = load_guide().model_dump(mode="json")
    data["unknown"] = 1
    assert not validator.is_valid(data)


def test_export_to_a_file_path_exits_2(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "acupuncture_content", "export", "--output", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "exists and is not a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_requires_output():
    result = subprocess.run(
        [sys.executable, "-m", "acupuncture_content", "export"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "the following arguments are required: --output" in result.stderr


def test_rerunning_removes_only_files_an_earlier_export_wrote(tmp_path):
    assert main(["export", "--output", str(tmp_path)]) == 0
    manifest_path = tmp_path / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    gone = "acupuncture-for-back-pain/xx/guide.html"
    (tmp_path / gone).parent.mkdir()
    (tmp_path / gone).write_text("from an older version")
    manifest["files"].append({"path": gone})
    manifest["files"].append({"path": "../outside.txt"})
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path.parent / "outside.txt").write_text("not ours")
    (tmp_path / "notes.txt").write_text("the host's own file")
    assert main(["export", "--output", str(tmp_path)]) == 0
    assert not (tmp_path / gone).exists()
    assert not (tmp_path / "acupuncture-for-back-pain" / "xx").exists()
    assert (tmp_path / "notes.txt").read_text() == "the host's own file"
    assert (tmp_path.parent / "outside.txt").read_text() == "not ours"
