"""The bundled guides (``_guides``): the seed's text word for word, made once per locale.

The bundled article is the seed's text, word for word; a broken source is a
``ContentError`` naming its file and line; and however many threads ask for a locale
at once, it is localized once.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from acupuncture_content import ContentError, _guides, _precomputed, available_locales, load_guide
from acupuncture_content._source import split_source
from acupuncture_content.models import plain_text

SEED = Path(__file__).parent / "fixtures" / "seed-article.txt"


def _guide_lines() -> list[str]:
    guide = load_guide()
    lines = [guide.title]

    def blocks(items):
        for block in items:
            if block.type == "paragraph":
                lines.append(plain_text(block.content))
            else:
                lines.extend(plain_text(item.content) for item in block.items)

    blocks(guide.introduction)
    for section in guide.sections:
        lines.append(section.heading)
        blocks(section.blocks)
    return lines


def test_every_line_of_the_seed_is_carried_word_for_word():
    seed = SEED.read_text(encoding="utf-8").splitlines()
    title, author, date, reading_time, *body = seed
    assert author == "- Sheila Woodford"
    assert date == "- May 31, 2025"
    assert reading_time == "- 2 min read"
    assert _guide_lines() == [title, *body]


def test_structure_is_an_introduction_five_sections_and_two_lists():
    guide = load_guide()
    assert len(guide.introduction) == 1
    assert len(guide.sections) == 5
    lists = [
        block
        for section in guide.sections
        for block in section.blocks
        if block.type == "bullet_list"
    ]
    assert [len(bullet_list.items) for bullet_list in lists] == [4, 5]


@pytest.mark.usefixtures("cold")
def test_a_broken_guide_source_is_a_content_error_with_file_and_line(monkeypatch):
    broken = '+++\nslug = "acupuncture-for-back-pain"\nauthor = "A"\npublished = 2025-05-31\nsource_locale = "en"\n+++\n# Title\n\n<script>x</script>\n'
    monkeypatch.setattr(
        _guides,
        "read_guide_source",
        lambda _slug: split_source(broken, "acupuncture-for-back-pain.md"),
    )
    monkeypatch.setattr(_precomputed, "load", lambda *_arguments: None)
    with pytest.raises(
        ContentError, match=r"^acupuncture-for-back-pain\.md:9: raw HTML are not supported"
    ):
        load_guide(locale="en")


@pytest.mark.usefixtures("cold")
def test_each_locale_is_localized_once_however_many_threads_ask(monkeypatch):
    calls: list[tuple[str, str]] = []
    lock = threading.Lock()
    original = _guides._load

    def counting(slug: str, tag: str):
        with lock:
            calls.append((slug, tag))
        return original(slug, tag)

    monkeypatch.setattr(_guides, "_load", counting)
    requests = [locale for locale in available_locales() for _ in range(8)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        guides = list(pool.map(lambda locale: load_guide(locale=locale), requests))
    assert sorted(calls) == sorted(
        ("acupuncture-for-back-pain", locale) for locale in available_locales()
    )
    for locale, guide in zip(requests, guides, strict=True):
        assert guide is load_guide(locale=locale)
