"""Display width of text in a terminal, and wrapping by display columns.

East Asian wide and fullwidth characters take two columns; combining marks,
format characters and Hangul medial/final jamo take none. Lines break at spaces
and, in scripts written without spaces (Chinese, Japanese), between characters,
keeping closing punctuation off the start of a line (kinsoku).
"""

from __future__ import annotations

import re
import unicodedata

from ._cache import memoized

__all__ = ["display_width", "fill", "wrap"]

# Characters that must not begin a line (closing brackets and CJK/Latin stops)...
_NO_LINE_START = frozenset(
    "、。，．,.!?！？：；:;）)]］」』】〕〉》〗〙〛〞ー…‥〜～・ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
# ...and characters that must not end one (opening brackets).
_NO_LINE_END = frozenset("（([［「『【〔〈《〖〘〚〝")


@memoized(max_entries=4096)
def _character_width(character: str) -> int:
    if unicodedata.combining(character) or unicodedata.category(character) in {"Mn", "Me", "Cf"}:
        return 0
    if "\u1160" <= character <= "\u11ff":  # Hangul medial vowels and final consonants
        return 0
    return 2 if unicodedata.east_asian_width(character) in {"W", "F"} else 1


def _all_narrow(text: str) -> bool:
    """Whether every character of ``text`` takes exactly one column (checked cheaply)."""
    # Below U+0300 there are no wide or combining characters; U+00AD (soft hyphen) is
    # the one zero-width format character there. "•" and "·" are common and narrow.
    return text.isascii() or (max(text) < "\u0300" and "\u00ad" not in text)


@memoized(max_entries=256)
def _prefix_width(prefix: str) -> int:
    # Indents and bullets repeat on every line: measure each once.
    return display_width(prefix)


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` occupies."""
    if _all_narrow(text):
        return len(text)
    return sum(_character_width(character) for character in text)


def _breaks_anywhere(character: str) -> bool:
    """Whether a line may break before or after ``character`` without a space."""
    # Korean is wide but written with spaces between words, so it breaks at spaces.
    is_hangul = "\uac00" <= character <= "\ud7a3" or "\u1100" <= character <= "\u11ff"
    return unicodedata.east_asian_width(character) in {"W", "F"} and not is_hangul


def _atoms(word: str) -> list[str]:
    """Split a space-free word into pieces a line may break between.

    Break points are found in one pass and the pieces cut as slices, so a long run
    without break opportunities (a Thai paragraph, a long Cyrillic token) costs time
    in proportion to its length.
    """
    starts = [0]
    for position in range(1, len(word)):
        character, previous = word[position], word[position - 1]
        joins_previous = (
            character in _NO_LINE_START
            or previous in _NO_LINE_END
            or not (_breaks_anywhere(character) or _breaks_anywhere(previous))
            or _character_width(character) == 0
        )
        if not joins_previous:
            starts.append(position)
    ends = [*starts[1:], len(word)]
    return [word[start:end] for start, end in zip(starts, ends, strict=True)]


_SPACE_RUN = re.compile(" {2,}")


@memoized(max_entries=64)
def _line_pattern(width: int) -> re.Pattern[str]:
    # The longest run that starts and ends with a non-space and fits in ``width``,
    # followed by a space or the end; failing that, one whole (too long) word.
    # Only the ASCII space breaks lines: a no-break space must keep its words together.
    return re.compile(rf"[^ ](?:.{{0,{width - 2}}}[^ ])?(?= |$)|[^ ]+")


def wrap(text: str, width: int | None, *, indent: str = "", hanging: str = "") -> list[str]:
    """Wrap ``text`` into lines of at most ``width`` display columns.

    Args:
        text: One paragraph of text; a run of spaces becomes one space or a break.
        width: Maximum columns per line, including indents; ``None`` means no wrapping.
        indent: Prefix of the first line (a list bullet).
        hanging: Prefix of every following line.

    Returns:
        The lines, without newlines. A single unbreakable piece wider than the line
        is kept whole on a line of its own rather than cut.
    """
    # Validated content holds no tabs or newlines; only runs of spaces need folding.
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    text = text.strip(" ")
    if width is None:
        return [indent + text]
    indent_width = _prefix_width(indent) if indent else 0
    hanging_width = _prefix_width(hanging) if hanging else 0
    if indent_width == hanging_width and (text.isascii() or _all_narrow(text)):
        if indent_width + len(text) <= width:
            return [indent + text]
        # Fast path: one regular expression does the greedy wrap at C speed.
        lines: list[str] = _line_pattern(width - indent_width).findall(text) or [""]
        if indent or hanging:
            lines = [indent + lines[0], *[hanging + line for line in lines[1:]]]
        return lines
    return _wrap_by_atoms(text, width, indent, hanging)


def fill(text: str, width: int | None, *, indent: str = "", hanging: str = "") -> str:
    """Return ``text`` wrapped as by :func:`wrap`, joined into one string with newlines."""
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    text = text.strip(" ")
    if width is not None and (text.isascii() or _all_narrow(text)):
        indent_width = _prefix_width(indent) if indent else 0
        if indent_width == (_prefix_width(hanging) if hanging else 0):
            # The common case, joined in one step: no intermediate list of prefixed lines.
            if indent_width + len(text) <= width:
                return indent + text
            lines = _line_pattern(width - indent_width).findall(text)
            return indent + ("\n" + hanging).join(lines)
    return "\n".join(wrap(text, width, indent=indent, hanging=hanging))


def _wrap_by_atoms(text: str, width: int, indent: str, hanging: str) -> list[str]:
    """Greedy wrap that breaks between wide characters and measures each atom.

    Each line is collected as a list of pieces and joined once, so wrapping is
    linear in the length of the text.
    """
    lines: list[str] = []
    line = [indent]
    line_width = _prefix_width(indent)
    line_has_text = False
    for word in text.split(" "):
        for position, atom in enumerate(_atoms(word)):
            separator = " " if position == 0 and line_has_text else ""
            atom_width = display_width(atom)
            if line_has_text and line_width + len(separator) + atom_width > width:
                lines.append("".join(line))
                line, line_width = [hanging], _prefix_width(hanging)
                separator = ""
            line.append(separator + atom)
            line_width += len(separator) + atom_width
            line_has_text = True
    lines.append("".join(line))
    return lines
