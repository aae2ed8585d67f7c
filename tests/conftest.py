"""Shared fixtures: the test-only fixture guide."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixture_guide_source() -> str:
    """A test-only guide using inline markup the real article lacks."""
    return (FIXTURES / "inline-markup-guide.md").read_text(encoding="utf-8")
