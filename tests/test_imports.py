"""Imports point down: the import-linter contracts in pyproject.toml hold, and see every import.

The contracts are the statement of the package's layers (``[tool.importlinter]``);
these tests run ``lint-imports`` as CI does, and check that an import hidden inside
a function or under ``TYPE_CHECKING`` still breaks them, so the layers cannot be
kept by hiding an import. And importing the package imports none of its dependencies.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from helpers import modules_after

ROOT = Path(__file__).parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` on ``project`` (its pyproject.toml, its ``src``)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "pyproject.toml"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project / "src"), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_keeps_every_import_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Contracts: (\d+) kept, 0 broken", result.stdout)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The project's sources and pyproject.toml, to plant imports in."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(
        ROOT / "src",
        tmp_path / "src",
        ignore=shutil.ignore_patterns("__pycache__", "_precomputed", "locales", "*.egg-info"),
    )
    return tmp_path


PLANTED = {
    # An import inside a function (switcher_label's first line), as the package defers
    # its heavy imports: it runs only when the function is called.
    "function": (
        "_labels.py",
        '    """The accessible name of the language switcher',
        "    from ._api import render  # planted\n",
        "acupuncture_content._labels -> acupuncture_content._api",
    ),
    # An import only type checkers run: still a dependency on the layer that owns the type.
    "TYPE_CHECKING": (
        "models.py",
        "__all__ = [",
        (
            "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
            "    from .renderers import Renderer  # planted\n\n"
        ),
        "acupuncture_content.models -> acupuncture_content.renderers",
    ),
}


@pytest.mark.parametrize("kind", PLANTED)
def test_an_upward_import_breaks_the_layers_wherever_it_hides(copy, kind):
    module, anchor, planted, chain = PLANTED[kind]
    path = copy / "src" / "acupuncture_content" / module
    source = path.read_text(encoding="utf-8")
    edited = source.replace(anchor, planted + anchor, 1)
    assert edited != source
    path.write_text(edited, encoding="utf-8")
    line = edited[: edited.index("# planted")].count("\n") + 1
    result = _lint(copy)
    assert result.returncode == 1
    assert "Each module imports only the layers below it BROKEN" in result.stdout
    assert f"- {chain} (l.{line})" in result.stdout


def test_no_module_imports_the_public_facade():
    # The package's __init__ sits above every layer (it imports them all, lazily); a
    # module that imported it would run back up. The version lives in _version.
    graph = grimp.build_graph(
        "acupuncture_content", exclude_type_checking_imports=False, cache_dir=None
    )
    assert graph.find_modules_that_directly_import("acupuncture_content") == set()


# Importing the package only defines names: the models, Babel and markdown-it-py load
# when first used.


def test_importing_the_package_imports_no_dependency():
    modules = modules_after("import acupuncture_content")
    assert not {"pydantic", "babel", "markdown_it", "importlib.metadata"} & modules
    assert "acupuncture_content.models" not in modules
