"""docs/readability.md is what tools/readability.py computes from the current translations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "readability.py"
PAGE = ROOT / "docs" / "readability.md"


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the tool, which computes every locale's figures: seconds each time (marked slow)."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_page_is_current():
    result = run("--check", str(PAGE))
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_check_reports_a_stale_page(tmp_path):
    stale = tmp_path / "readability.md"
    stale.write_bytes(PAGE.read_bytes().replace(b"| en |", b"| en  |", 1))
    result = run("--check", str(stale))
    assert result.returncode == 1
    assert "out of date" in result.stderr


@pytest.mark.slow
def test_check_reports_a_missing_page(tmp_path):
    result = run("--check", str(tmp_path / "missing.md"))
    assert result.returncode == 1
    assert "does not exist" in result.stderr


def test_every_locale_has_a_row():
    from acupuncture_content import available_locales

    text = PAGE.read_text(encoding="utf-8")
    for tag in available_locales():
        assert f"| {tag} |" in text
