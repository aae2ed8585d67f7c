"""The pybabel commands documented in docs/translating.md work as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).parent.parent
TRANSLATING = (ROOT / "docs" / "translating.md").read_text(encoding="utf-8")


def _documented_commands() -> list[str]:
    """Every pybabel command in the page's shell blocks, continuation lines joined."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```$", TRANSLATING, flags=re.MULTILINE | re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            command = line.split("#", 1)[0].strip()
            if command.startswith("pybabel"):
                commands.append(re.sub(r"\s+", " ", command))
    return commands


@pytest.fixture
def project(tmp_path):
    """A copy of what the commands read and write."""
    for name in ("locales", "src"):
        shutil.copytree(
            ROOT / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("*.mo", "_precomputed", "__pycache__"),
        )
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    return tmp_path


def _run(command: str, cwd: Path) -> str:
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout + result.stderr


def test_the_page_documents_extract_update_init_and_compile():
    verbs = [command.split()[1] for command in _documented_commands()]
    assert verbs == ["extract", "update", "init", "compile"]


def test_documented_update_leaves_complete_catalogs_complete(project):
    extract, update = _documented_commands()[:2]
    _run(extract, project)
    _run(update, project)
    for path in (project / "locales").glob("*/LC_MESSAGES/*.po"):
        with path.open("rb") as file:
            catalog = read_po(file)
        messages = [message for message in catalog if message.id]
        assert len(messages) == 26, path
        assert not [message for message in messages if message.fuzzy or not message.string], path


def test_documented_init_and_compile_add_a_language(project):
    init, compile_command = _documented_commands()[2:]
    _run(init, project)
    assert (project / "locales" / "it" / "LC_MESSAGES" / "acupuncture_content.po").exists()
    report = _run(compile_command, project)
    # Babel counts the untranslated plural message as translated, hence "1 of 26".
    assert re.search(r"[01] of 26 messages \(\d+%\) translated in locales/it/LC_MESSAGES/", report)
    assert (
        "26 of 26 messages (100%) translated in locales/de/LC_MESSAGES/acupuncture_content.po"
        in report
    )
