"""What text may contain: the rules every text field and every translation obeys.

One regular expression finds every forbidden character, so checking a field costs
one pass in C however long the text is. The rules:

- no control characters (``Cc``: C0, DEL, C1), line or paragraph separators
  (U+2028, U+2029) or lone surrogates (``Cs``): consumers treat them as line breaks,
  terminal commands or invalid UTF-8;
- no Unicode noncharacters (U+FDD0..U+FDEF and the last two code points of every
  plane): strict HTML parsers reject them;
- no bidirectional embeddings or overrides (U+202A..U+202E), which can make text
  display in an order other than the one stored; isolates (U+2066..U+2069) are
  allowed when balanced, as are the marks LRM, RLM and ALM;
- no characters that carry text no reader sees: the tag characters
  (U+E0000..U+E007F, which spell out hidden ASCII that language models read), the
  interlinear annotation marks (U+FFF9..U+FFFB), the invisible mathematical
  operators (U+2061..U+2064), the zero-width no-break space U+FEFF, and private-use
  characters (whose meaning only a private agreement gives). Zero-width spaces and
  joiners, which some scripts need, remain allowed.

And a text must show something: :func:`has_visible` says whether it holds a visible
character, one a reader sees as ink. That is decided by Unicode properties, not by a
list of invisible code points: letters (``L*``), numbers (``N*``), punctuation
(``P*``) and symbols (``S*``) are visible; separators (``Z*``: spaces), format
characters (``Cf``: U+200B, U+00AD, U+180E), combining marks (``M*``, which only
change a character before them) and the other ``C*`` are not; and neither are the
characters Unicode says to draw as nothing (its ``Default_Ignorable_Code_Point``
property, which takes the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0 out of the
letters), nor the two symbols that draw a blank, U+2800 BRAILLE PATTERN BLANK and
U+1D159 MUSICAL SYMBOL NULL NOTEHEAD (the rule's only named exceptions). Punctuation
counts because a run of text between two emphasised words is often only ``", "`` or
``"、"``; an invisible text is the danger, not a short one.

Python's :mod:`unicodedata` has no ``Default_Ignorable_Code_Point``, so
:data:`DEFAULT_IGNORABLE_RANGES` copies it from Unicode's ``DerivedCoreProperties.txt``
(17 ranges, the same from Unicode 14 to 16, unassigned code points included);
``tests/test_text_rules.py`` compares it, code point by code point, with the
property as the ``regex`` module has it. The link policy (:mod:`._urls`) uses it too:
browsers drop these characters from host names.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DEFAULT_IGNORABLE_RANGES",
    "VISIBLE",
    "check_characters",
    "check_inline_text",
    "check_plain_text",
    "first_forbidden",
    "has_visible",
    "is_default_ignorable",
]

#: Unicode's Default_Ignorable_Code_Point property: the characters to draw as nothing
#: (DerivedCoreProperties.txt; see the module's docstring).
DEFAULT_IGNORABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)  # fmt: skip
_DEFAULT_IGNORABLE = re.compile(
    "["
    + "".join(
        f"{re.escape(chr(first))}-{re.escape(chr(last))}"
        for first, last in DEFAULT_IGNORABLE_RANGES
    )
    + "]"
)
#: The symbols that draw a blank though they are not default-ignorable.
_BLANK_SYMBOLS = frozenset("\u2800\U0001d159")
#: What a visible character is, before the exceptions: the first letter of its category.
_VISIBLE_CATEGORY_CLASSES = frozenset("LNPS")
#: What messages say a visible character is.
VISIBLE = "a visible character (a letter, digit, punctuation mark or symbol)"

#: Every forbidden range of code points, with what messages call it. The regular
#: expression and the messages are both made from it, so they cannot disagree.
_FORBIDDEN_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x001F, "control character"),
    (0x007F, 0x009F, "control character"),
    (0x2028, 0x2029, "line or paragraph separator"),
    (0x202A, 0x202E, "bidirectional embedding or override"),
    (0x2061, 0x2064, "invisible character"),
    (0xD800, 0xDFFF, "lone surrogate"),
    (0xE000, 0xF8FF, "private-use character"),
    (0xFDD0, 0xFDEF, "Unicode noncharacter"),
    (0xFEFF, 0xFEFF, "invisible character"),
    (0xFFF9, 0xFFFB, "invisible character"),
    (0xE0000, 0xE007F, "tag character (hidden text)"),
    (0xF0000, 0xFFFFD, "private-use character"),
    (0x100000, 0x10FFFD, "private-use character"),
    # The last two code points of every plane.
    *((plane << 16 | 0xFFFE, plane << 16 | 0xFFFF, "Unicode noncharacter") for plane in range(17)),
)
_FORBIDDEN = re.compile(
    "["
    + "".join(
        f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last, _ in _FORBIDDEN_RANGES
    )
    + "]"
)
_ISOLATE = re.compile("[\u2066-\u2069]")
_POP_DIRECTIONAL_ISOLATE = "\u2069"


def _describe(character: str) -> str:
    code = ord(character)
    return next(kind for first, last, kind in _FORBIDDEN_RANGES if first <= code <= last)


def first_forbidden(value: str) -> str | None:
    r"""Describe the first character ``value`` must not contain, or return ``None``.

    >>> first_forbidden("fine")
    >>> first_forbidden("a\u202eb")
    'bidirectional embedding or override U+202E at position 1'
    """
    match = _FORBIDDEN.search(value)
    if match is not None:
        character = match.group()
        return f"{_describe(character)} U+{ord(character):04X} at position {match.start()}"
    if _ISOLATE.search(value):
        return _unbalanced_isolate(value)
    return None


def _unbalanced_isolate(value: str) -> str | None:
    depth = 0
    for match in _ISOLATE.finditer(value):
        if match.group() == _POP_DIRECTIONAL_ISOLATE:
            if depth == 0:
                return f"directional isolate U+2069 at position {match.start()} closes nothing"
            depth -= 1
        else:
            depth += 1
    if depth:
        return "a directional isolate (U+2066..U+2068) is not closed by U+2069"
    return None


def has_visible(value: str) -> bool:
    r"""Whether ``value`` holds a character a reader sees (see the module's docstring).

    >>> has_visible("\u200b\u00ad\u2800"), has_visible(" \u3164 "), has_visible("\u0301")
    (False, False, False)
    >>> has_visible("\u200b, "), has_visible("\u0915\u093f")
    (True, True)
    """
    return any(
        unicodedata.category(character)[0] in _VISIBLE_CATEGORY_CLASSES
        and character not in _BLANK_SYMBOLS
        and not _DEFAULT_IGNORABLE.match(character)
        for character in value
    )


def is_default_ignorable(character: str) -> bool:
    """Whether Unicode says to draw ``character`` as nothing (``Default_Ignorable_Code_Point``)."""
    return _DEFAULT_IGNORABLE.match(character) is not None


def check_characters(value: str) -> str:
    """Return ``value`` if it holds no forbidden character, else raise ``ValueError``."""
    problem = first_forbidden(value)
    if problem is not None:
        msg = f"{problem} is not allowed in text"
        raise ValueError(msg)
    return value


def check_inline_text(value: str) -> str:
    """Validate a run of inline text: no forbidden characters, and not invisible.

    A run may be only whitespace (the space between two emphasised words); otherwise
    it holds a visible character. A run of invisible characters alone (U+200B) is
    refused even inside a paragraph that has text elsewhere: it shows nothing and can
    only hide something.
    """
    check_characters(value)
    if not value.isspace() and not has_visible(value):
        msg = f"a text run must be only whitespace or contain {VISIBLE}; {value[:40]!r} has none"
        raise ValueError(msg)
    return value


def check_plain_text(value: str) -> str:
    """Validate a title, heading or name: a visible character, and no forbidden characters."""
    if not has_visible(value):
        msg = f"text must contain {VISIBLE}, not only spaces or invisible characters"
        raise ValueError(msg)
    return check_characters(value)
