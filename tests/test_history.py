"""The release history the package ships: made from the releases' own JSON, and true.

``src/acupuncture_content/_history.json`` is written by ``tools/release_history.py``
from ``tests/compat/`` (each release's JSON and labels, loaded by today's models and
cut by today's ``chunks()``). Regenerating it must give exactly what is shipped, and
what it says changed must be what the changelog says changed.
"""

from __future__ import annotations

import datetime

import pytest
from pydantic import ValidationError

from acupuncture_content import available_locales, chunks, labels, load_guide
from acupuncture_content._cache import clear_caches
from acupuncture_content._history import LABELS, History, history, labels_fingerprint
from helpers import load_tool

history_tool = load_tool("release_history")
releases_tool = load_tool("releases")
GUIDE = "acupuncture-for-back-pain"


def _changed(version: str) -> dict[str, list[tuple[str, bool]]]:
    """Per locale, the chunks whose fingerprint ``version`` changed, with source_changed."""
    shipped = history()
    index = shipped.versions().index(version)
    now = shipped.releases[index].guides[GUIDE].locales
    before = shipped.releases[index - 1].guides[GUIDE].locales
    changed = {}
    for tag, state in now.items():
        old = {chunk.id: chunk.fingerprint for chunk in before[tag].chunks}
        moved = [(c.id, c.source_changed) for c in state.chunks if old.get(c.id) != c.fingerprint]
        if moved:
            changed[tag] = moved
    return changed


def test_regenerating_0_3_0_from_the_stored_corpus_gives_the_shipped_entry():
    shipped = history()
    previous = shipped.release("0.2.0")
    contents = history_tool.corpus_contents("0.3.0")
    regenerated = history_tool.entry("0.3.0", datetime.date(2026, 11, 27), contents, previous)
    assert regenerated == shipped.release("0.3.0")


def test_the_shipped_history_is_the_corpus_s_and_the_changelog_s():
    assert history_tool.from_corpus() == history_tool.shipped() == history()
    recorded = releases_tool.releases()
    assert history().versions() == tuple(release.version for release in recorded)
    assert [release.date for release in history().releases] == [r.date for r in recorded]


def test_every_release_has_every_locale_and_every_chunk():
    for release in history().releases:
        state = release.guides[GUIDE]
        assert state.source_locale == "en"
        assert tuple(state.locales) == available_locales()
        for tag, locale in state.locales.items():
            ids = [chunk.id for chunk in locale.chunks]
            assert ids == [*(part.id for part in chunks(load_guide(locale=tag))), LABELS]


def test_the_history_says_what_each_release_changed():
    # 0.1.0 brought everything: every chunk is new in the source too.
    first = history().release("0.1.0").guides[GUIDE].locales
    assert all(chunk.source_changed for state in first.values() for chunk in state.chunks)
    # 0.2.0 corrected one Korean paragraph, a translation alone.
    assert _changed("0.2.0") == {"ko": [("what-to-expect-during-treatment", False)]}
    # 0.3.0: the audit's translation fixes (de, ja, ko, ar, hi) in the sections they
    # touched; reading times and interface strings (labels) in the other locales; and
    # nothing in English.
    changed = _changed("0.3.0")
    assert "en" not in changed
    sections = {
        tag: sorted(chunk for chunk, _ in moved if chunk != LABELS)
        for tag, moved in changed.items()
    }
    assert {tag: ids for tag, ids in sections.items() if ids} == {
        "ar": [
            "how-acupuncture-helps-with-back-pain",
            "is-acupuncture-right-for-you",
            "types-of-back-pain-treated",
            "what-to-expect-during-treatment",
        ],
        "de": ["what-to-expect-during-treatment"],
        "hi": ["types-of-back-pain-treated", "what-to-expect-during-treatment"],
        "ja": [
            "how-acupuncture-helps-with-back-pain",
            "types-of-back-pain-treated",
            "what-to-expect-during-treatment",
        ],
        "ko": ["types-of-back-pain-treated", "what-to-expect-during-treatment"],
    }
    assert sorted(tag for tag, moved in changed.items() if (LABELS, False) in moved) == [
        "ar", "de", "es", "fr", "hi", "ja", "pt-BR", "ru", "vi", "zh-Hans",
    ]  # fmt: skip
    assert not any(source for moved in changed.values() for _, source in moved)


def test_an_entry_for_the_package_as_it_is_can_be_made():
    # What the release step (--add-current) appends; the English text is the seed's,
    # unchanged since 0.1.0.
    contents = history_tool.installed_contents()
    latest = history().releases[-1]
    made = history_tool.entry("99.0.0", datetime.date(2099, 1, 1), contents, latest)
    english = [c for c in made.guides[GUIDE].locales["en"].chunks if c.id != LABELS]
    assert english == [c for c in latest.guides[GUIDE].locales["en"].chunks if c.id != LABELS]
    assert not any(chunk.source_changed for chunk in english)
    guide = load_guide(locale="ja")
    ja = made.guides[GUIDE].locales["ja"]
    assert ja.fingerprint == guide.fingerprint
    assert ja.chunks[-1].fingerprint == labels_fingerprint(
        guide, labels(guide).model_dump(mode="json")
    )


def test_the_history_is_read_once_and_cleared_with_the_other_caches():
    assert history() is history()
    first = history()
    clear_caches()
    assert history() is not first
    assert history() == first


def test_an_unknown_release_is_named_with_the_known_ones():
    with pytest.raises(
        ValueError, match=r"'0\.2\.5' is not a release; releases: 0\.1\.0, 0\.2\.0, 0\.3\.0"
    ):
        history().release("0.2.5")


def test_releases_out_of_order_are_refused():
    data = history().model_dump(mode="json")
    data["releases"].reverse()
    with pytest.raises(ValidationError, match="oldest first"):
        History.model_validate(data)
