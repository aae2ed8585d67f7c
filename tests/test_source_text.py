"""The bundled article is the seed's text, word for word."""

from __future__ import annotations

from pathlib import Path

from acupuncture_content import load_guide
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
