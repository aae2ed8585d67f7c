"""JSON Schema descriptions (``_schema``): read from the docstrings under each field, when asked."""

from __future__ import annotations

import subprocess
import sys

from acupuncture_content import Chunk, Labels, LocaleInfo


def test_the_json_schema_works_in_a_bytecode_only_install(tmp_path):
    import compileall
    import shutil
    from importlib import resources

    package = tmp_path / "acupuncture_content"
    shutil.copytree(
        str(resources.files("acupuncture_content")),
        package,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    assert compileall.compile_dir(package, legacy=True, quiet=1)
    for source in package.rglob("*.py"):
        source.unlink()
    script = (
        "import acupuncture_content.models as m; "
        "schema = m.Guide.model_json_schema(); "
        "print(m.__file__.endswith('.pyc'), 'description' in schema['properties']['title'], "
        "schema['title'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
        timeout=120,
    )
    assert result.stdout.split() == ["True", "False", "Guide"]


def test_chunk_and_locale_info_are_in_the_json_schema_docs():
    for model in (Chunk, LocaleInfo, Labels):
        schema = model.model_json_schema()
        assert all("description" in field for field in schema["properties"].values()), model
