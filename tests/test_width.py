"""Display width and wrapping (``_width``): columns per character, both wrapping paths.

``wrap`` and ``fill`` take a fast path for text whose every character is one column
wide (a regular expression does the greedy wrap) and measure atom by atom otherwise;
the properties here compare the fast path with the measured one on one-column text,
which a property drawing from all of Unicode almost never reaches.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from acupuncture_content._width import _wrap_by_atoms, display_width, fill, wrap


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("plain ascii", 11),
        ("café · naïve", 12),  # below U+0300 and "·": the one-column fast path
        ("e\u0301", 1),  # a combining mark (Mn) takes no column
        ("\u20dd", 0),  # an enclosing mark (Me)
        ("a\u200db", 2),  # format characters (Cf) take none: ZWJ...
        ("a\u2060b\ufeff", 2),  # ...word joiner, BOM...
        ("a\u00adb", 2),  # ...and the soft hyphen, the one below U+0300
        ("é\u00ad", 1),  # (so the fast path must not count it)
        ("鍼治療", 6),  # wide
        ("Ａ", 2),  # fullwidth
        ("ｱ", 1),  # halfwidth
        ("\u1100", 2),  # a Hangul initial consonant is wide...
        ("\u1100\u1161", 2),  # ...the medial vowel after it takes none...
        ("\u1100\u1161\u11a8", 2),  # ...nor does the final consonant
        ("\u115f", 2),  # the initial filler, just before the medial range, is wide
        ("\u1160", 0),  # the first medial (the filler)...
        ("\u11ff", 0),  # ...to the last final consonant
        ("\u1200", 1),  # Ethiopic, just after
        ("한국어", 6),  # precomposed syllables are wide
        ("•·", 2),
    ],
)
def test_display_width(text, width):
    assert display_width(text) == width


@pytest.mark.parametrize(
    ("text", "width", "indent", "hanging", "lines"),
    [
        # The one-column fast path, with prefixes of equal width.
        ("aaa bbb ccc ddd", 9, "• ", "  ", ["• aaa bbb", "  ccc ddd"]),
        ("aaa bbb ccc ddd", 9, "> ", "> ", ["> aaa bbb", "> ccc ddd"]),
        ("aaa bbb", 9, "• ", "  ", ["• aaa bbb"]),
        ("aaa  bbb   ccc ddd ", 9, "• ", "  ", ["• aaa bbb", "  ccc ddd"]),
        ("aaa bbb ccc", 7, "", "", ["aaa bbb", "ccc"]),
        ("aaa bbb ccc", 6, "", "", ["aaa", "bbb", "ccc"]),
        ("abcdefghij xy", 5, "", "", ["abcdefghij", "xy"]),  # a long word kept whole
        # Prefixes of different widths take the measured path.
        ("aaa bbb ccc ddd", 9, "1. ", "", ["1. aaa", "bbb ccc", "ddd"]),
        ("aaa bbb ccc ddd", 9, "", "    ", ["aaa bbb", "    ccc", "    ddd"]),
        # Wide text breaks between characters, never before closing punctuation.
        ("鍼治療は安全です。", 10, "", "", ["鍼治療は安", "全です。"]),
        ("鍼治療は安全です。", 12, "• ", "  ", ["• 鍼治療は安", "  全です。"]),
        ("一二三四（五六）七", 8, "", "", ["一二三四", "（五六）", "七"]),
        ("一二三四（五六）七", 6, "", "", ["一二三", "四（五", "六）七"]),
        ("字（字字", 4, "", "", ["字", "（字", "字"]),  # an opening bracket never ends a line
        ("字字X字字", 5, "", "", ["字字X", "字字"]),  # a narrow letter beside wide ones
        ("ＡＢＣＤ", 4, "", "", ["ＡＢ", "ＣＤ"]),  # fullwidth letters break anywhere too
        # Prefixes of different widths, one of them empty.
        ("aaa bbb ccc", 7, "x", "", ["xaaa", "bbb ccc"]),
        ("aaa bbb ccc", 7, "", " ", ["aaa bbb", " ccc"]),
        # Korean breaks at spaces only, syllables and jamo alike.
        ("가가가 가가가", 8, "", "", ["가가가", "가가가"]),
        ("힣힣힣힣힣 가", 6, "", "", ["힣힣힣힣힣", "가"]),
        ("\u1100\u1161" * 3, 2, "", "", ["\u1100\u1161" * 3]),
        # Zero-width characters stay with the character before them.
        ("字\u200d字\u0301字", 4, "", "", ["字\u200d字\u0301", "字"]),
    ],
)
def test_wrap(text, width, indent, hanging, lines):
    assert wrap(text, width, indent=indent, hanging=hanging) == lines
    assert fill(text, width, indent=indent, hanging=hanging) == "\n".join(lines)


def test_no_width_folds_spaces_and_keeps_one_line():
    assert wrap("  a  b   c ", None) == ["a b c"]
    assert wrap("  a  b ", None, indent="• ", hanging="  ") == ["• a b"]
    assert fill("  a  b ", None, indent="> ") == "> a b"
    assert fill("鍼  治療", None) == "鍼 治療"


def test_fill_folds_runs_of_spaces_on_its_fast_path():
    assert fill("a  b", 80) == "a b"
    assert fill("one  two", 5) == "one\ntwo"
    assert fill("  padded  text  ", 80, indent="• ", hanging="  ") == "• padded text"


_ONE_COLUMN = st.text(alphabet="ab  ·é-", min_size=1, max_size=80)
_MIXED = st.text(alphabet="ab  ·é字。한\u0301\u200d（", min_size=1, max_size=60)
_PREFIXES = st.sampled_from(
    [("", ""), ("• ", "  "), ("> ", "> "), ("1. ", "   "), ("", "  "), ("*", ""), ("", " ")]
)


@settings(max_examples=400, deadline=None)
@given(text=_ONE_COLUMN, width=st.integers(min_value=4, max_value=30), prefixes=_PREFIXES)
@example(text="a  b", width=80, prefixes=("", ""))
@example(text="aa  bb  cc", width=5, prefixes=("• ", "  "))
def test_one_column_fast_paths_agree_with_the_measured_wrap(text, width, prefixes):
    indent, hanging = prefixes
    folded = " ".join(text.split(" ")).strip(" ")
    while "  " in folded:
        folded = folded.replace("  ", " ")
    expected = _wrap_by_atoms(folded, width, indent, hanging)
    assert wrap(text, width, indent=indent, hanging=hanging) == expected
    assert fill(text, width, indent=indent, hanging=hanging) == "\n".join(expected)


@settings(max_examples=300, deadline=None)
@given(text=_MIXED, width=st.integers(min_value=4, max_value=30), prefixes=_PREFIXES)
def test_wrapped_lines_fit_and_keep_every_character(text, width, prefixes):
    indent, hanging = prefixes
    lines = wrap(text, width, indent=indent, hanging=hanging)
    assert fill(text, width, indent=indent, hanging=hanging) == "\n".join(lines)
    assert lines[0].startswith(indent)
    assert all(line.startswith(hanging) for line in lines[1:])
    bodies = [lines[0][len(indent) :], *(line[len(hanging) :] for line in lines[1:])]
    assert "".join(bodies).replace(" ", "") == text.replace(" ", "")
    for line, body in zip(lines, bodies, strict=True):
        # Only a piece that cannot be broken may overflow, alone on its line.
        assert display_width(line) <= width or " " not in body, lines


@pytest.mark.parametrize("text", ["д" + "a" * 100_000, "ก" * 100_000, "字" * 10_000])
def test_a_long_run_without_break_opportunities_wraps_correctly(text):
    lines = wrap(text, 40)
    assert "".join(lines) == text
    if text[0] == "字":
        assert {len(line) for line in lines} == {20}
    else:
        assert lines == [text]  # one unbreakable word, kept whole
