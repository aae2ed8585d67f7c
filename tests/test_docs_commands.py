"""The catalog commands documented in docs/translating.md work as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from acupuncture_content._catalog_rules import check_catalog

ROOT = Path(__file__).parent.parent
TRANSLATING = (ROOT / "docs" / "translating.md").read_text(encoding="utf-8")
CONTENT = "src/acupuncture_content/content/acupuncture-for-back-pain.md"


def _documented_commands() -> list[str]:
    """Every command in the page's shell blocks, comments dropped."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```$", TRANSLATING, flags=re.MULTILINE | re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            command = line.split("#", 1)[0].strip()
            if command:
                commands.append(re.sub(r"\s+", " ", command))
    return commands


def _command(prefix: str) -> str:
    return next(command for command in _documented_commands() if command.startswith(prefix))


@pytest.fixture
def project(tmp_path):
    """A copy of what the commands read and write."""
    for name in ("locales", "src", "tools"):
        shutil.copytree(
            ROOT / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("*.mo", "_precomputed", "__pycache__"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _run(command: str, cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=check,
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_page_documents_every_command():
    assert [command.split()[:3] for command in _documented_commands()] == [
        ["python", "tools/catalogs.py", "extract"],
        ["python", "tools/catalogs.py", "update"],
        ["python", "tools/catalogs.py", "stats"],
        ["python", "tools/catalogs.py", "check"],
        ["python", "tools/catalogs.py", "init"],
        ["pybabel", "compile", "-D"],
    ]


def test_extract_and_update_change_nothing_when_nothing_changed(project):
    before = _tree(project / "locales")
    assert "nothing to do" in _run(_command("python tools/catalogs.py extract"), project).stdout
    assert "nothing to do" in _run(_command("python tools/catalogs.py update"), project).stdout
    assert _tree(project / "locales") == before
    assert _run(_command("python tools/catalogs.py check"), project).stdout.strip() == (
        "catalogs are up to date"
    )


def test_a_changed_english_sentence_becomes_fuzzy_everywhere_and_check_fails(project):
    content = project / CONTENT
    content.write_text(
        content.read_text(encoding="utf-8").replace(
            "Side effects are rare", "Side effects are uncommon"
        ),
        encoding="utf-8",
    )
    stale = _run(_command("python tools/catalogs.py check"), project, check=False)
    assert stale.returncode == 1
    assert "locales/acupuncture-for-back-pain.pot: stale" in stale.stdout
    _run(_command("python tools/catalogs.py extract"), project)
    _run(_command("python tools/catalogs.py update"), project)
    fuzzy = _run(_command("python tools/catalogs.py check"), project, check=False)
    assert fuzzy.returncode == 1
    folders = sorted(path.name for path in (project / "locales").iterdir() if path.is_dir())
    assert re.findall(r"locales/(\w+)/LC_MESSAGES/acupuncture-for-back-pain\.po:\d+: fuzzy "
                      r"\(msgctxt 'safety-and-side-effects/p1'\)", fuzzy.stdout) == folders  # fmt: skip
    stats = _run(_command("python tools/catalogs.py stats"), project).stdout
    assert (
        "locales/de/LC_MESSAGES/acupuncture-for-back-pain.po: 21 of 22 translated, 1 fuzzy" in stats
    )


def test_init_starts_both_catalogs_of_a_new_language_that_the_build_accepts(project):
    _run(_command("python tools/catalogs.py init"), project)
    folder = project / "locales" / "it" / "LC_MESSAGES"
    assert sorted(path.name for path in folder.iterdir()) == [
        "acupuncture-for-back-pain.po",
        "acupuncture_content.po",
    ]
    for path in folder.iterdir():
        with path.open("rb") as file:
            catalog = read_po(file, domain=path.stem)
        assert str(catalog.locale) == "it"
        assert "Review-Status: unreviewed" in catalog.header_comment
        assert (
            check_catalog(
                catalog, str(path), folder="it", interface=path.stem == "acupuncture_content"
            )
            == []
        )
    report = (
        _run(_command("pybabel compile"), project).stdout
        + _run(_command("pybabel compile"), project).stderr
    )
    assert (
        "0 of 6 messages (0%) translated in locales/it/LC_MESSAGES/acupuncture_content.po" in report
    )
    assert (
        "6 of 6 messages (100%) translated in locales/de/LC_MESSAGES/acupuncture_content.po"
        in report
    )
