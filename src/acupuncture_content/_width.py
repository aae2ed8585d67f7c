"""Display width of text in a terminal, and wrapping by display columns.

East Asian wide and fullwidth characters take two columns; combining marks,
format characters and Hangul medial/final jamo take none. Lines break at spaces
and, in scripts written without spaces (Chinese, Japanese), between characters,
keeping closing punctuation off the start of a line (kinsoku).
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["display_width", "wrap"]

# Characters that must not begin a line (closing brackets and CJK/Latin stops)...
_NO_LINE_START = frozenset(
    "、。，．,.!?！？：；:;）)]］」』】〕〉》〗〙〛〞ー…‥〜～・ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
# ...and characters that must not end one (opening brackets).
_NO_LINE_END = frozenset("（([［「『【〔〈《〖〘〚〝")

_SPACES = re.compile(r"(\s+)")


@functools.lru_cache(maxsize=4096)
def _character_width(character: str) -> int:
    if unicodedata.combining(character) or unicodedata.category(character) in {"Mn", "Me", "Cf"}:
        return 0
    if "\u1160" <= character <= "\u11ff":  # Hangul medial vowels and final consonants
        return 0
    return 2 if unicodedata.east_asian_width(character) in {"W", "F"} else 1


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` occupies."""
    return sum(_character_width(character) for character in text)


def _breaks_anywhere(character: str) -> bool:
    """Whether a line may break before or after ``character`` without a space."""
    # Korean is wide but written with spaces between words, so it breaks at spaces.
    is_hangul = "\uac00" <= character <= "\ud7a3" or "\u1100" <= character <= "\u11ff"
    return unicodedata.east_asian_width(character) in {"W", "F"} and not is_hangul


def _atoms(word: str) -> list[str]:
    """Split a space-free word into pieces a line may break between."""
    atoms: list[str] = []
    for character in word:
        joins_previous = bool(atoms) and (
            character in _NO_LINE_START
            or atoms[-1][-1] in _NO_LINE_END
            or not (_breaks_anywhere(character) or _breaks_anywhere(atoms[-1][-1]))
            or _character_width(character) == 0
        )
        if joins_previous:
            atoms[-1] += character
        else:
            atoms.append(character)
    return atoms


def wrap(text: str, width: int | None, *, indent: str = "", hanging: str = "") -> list[str]:
    """Wrap ``text`` into lines of at most ``width`` display columns.

    Args:
        text: One paragraph of text; runs of whitespace become line breaks or spaces.
        width: Maximum columns per line, including indents; ``None`` means no wrapping.
        indent: Prefix of the first line (a list bullet).
        hanging: Prefix of every following line.

    Returns:
        The lines, without newlines. A single unbreakable piece wider than the line
        is kept whole on a line of its own rather than cut.
    """
    words = [piece for piece in _SPACES.split(text.strip()) if piece]
    if width is None:
        return [indent + " ".join(word for word in words if not word.isspace())]
    lines: list[str] = []
    line = indent
    line_width = display_width(indent)
    line_has_text = False
    pending_space = False
    for piece in words:
        if piece.isspace():
            pending_space = True
            continue
        for position, atom in enumerate(_atoms(piece)):
            separator = " " if pending_space and position == 0 and line_has_text else ""
            atom_width = display_width(atom)
            if line_has_text and line_width + len(separator) + atom_width > width:
                lines.append(line)
                line, line_width = hanging, display_width(hanging)
                separator = ""
            line += separator + atom
            line_width += len(separator) + atom_width
            line_has_text = True
        pending_space = False
    lines.append(line)
    return lines
