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
"""

from __future__ import annotations

import re

__all__ = ["check_characters", "check_plain_text", "first_forbidden"]

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


def check_characters(value: str) -> str:
    """Return ``value`` if it holds no forbidden character, else raise ``ValueError``."""
    problem = first_forbidden(value)
    if problem is not None:
        msg = f"{problem} is not allowed in text"
        raise ValueError(msg)
    return value


def check_plain_text(value: str) -> str:
    """Validate a title, heading or name: not blank, and no forbidden characters."""
    if not value.strip():
        msg = "text must not be empty or whitespace only"
        raise ValueError(msg)
    return check_characters(value)
