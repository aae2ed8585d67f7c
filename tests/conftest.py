"""Shared fixtures: the test-only fixture guide, a release build made up for a test, cold caches."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from acupuncture_content._history import History

FIXTURES = Path(__file__).parent / "fixtures"
#: Tests marked ``slow`` here, not by a decorator in their file: (file, test) pairs whose
#: file also runs as a script in fresh interpreters that must import nothing but the
#: package under test, so not pytest.
SLOW_SCRIPT_TESTS = {
    ("test_threads.py", "test_first_use_from_32_threads_in_fresh_processes_matches_serial_results"),
}


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of :data:`SLOW_SCRIPT_TESTS` slow."""
    for item in items:
        if (item.path.name, getattr(item, "originalname", item.name)) in SLOW_SCRIPT_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def fixture_guide_source() -> str:
    """A test-only guide using inline markup the real article lacks."""
    return (FIXTURES / "inline-markup-guide.md").read_text(encoding="utf-8")


@pytest.fixture
def as_release(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., History]]:
    """Make the installed package look like a release build, as the release step leaves it.

    ``as_release(("9.0.0", date), ...)`` appends the installed content to the shipped
    history as each of those releases (what ``tools/release_history.py --add-current``
    does) and makes the last one the installed version. Caches are cleared before and
    after, so nothing computed from the made-up history outlives the test.
    """
    from acupuncture_content import _history
    from acupuncture_content._cache import clear_caches
    from helpers import load_tool

    tool = load_tool("release_history")

    def release(*versions: tuple[str, datetime.date]) -> History:
        made = list(_history.history().releases)
        contents = tool.installed_contents()
        for version, date in versions:
            made.append(tool.entry(version, date, contents, made[-1]))
        extended = _history.History(releases=tuple(made))
        monkeypatch.setattr(_history, "history", lambda: extended)
        monkeypatch.setattr(_history, "installed_version", lambda: versions[-1][0])
        clear_caches()
        return extended

    yield release
    clear_caches()


@pytest.fixture
def cold() -> Iterator[None]:
    """Empty every cache before and after the test."""
    from acupuncture_content._cache import clear_caches

    clear_caches()
    yield
    clear_caches()
