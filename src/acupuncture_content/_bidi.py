"""Direction of a run of text, to isolate text of one direction inside the other.

A Latin author name in an Arabic byline is pulled apart by the Unicode bidirectional
algorithm ("31 · Sheila Woodford مايو 2025" instead of the date after the name)
unless it is isolated: ``<bdi>`` in HTML, FIRST STRONG ISOLATE (U+2068) ... POP
DIRECTIONAL ISOLATE (U+2069) in plain text and Markdown.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

__all__ = ["FIRST_STRONG_ISOLATE", "POP_DIRECTIONAL_ISOLATE", "isolate", "text_direction"]

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def text_direction(text: str) -> Literal["ltr", "rtl"] | None:
    """The direction of ``text``'s first strongly directional character, if any.

    >>> text_direction("Sheila Woodford"), text_direction("31 مايو"), text_direction("2025")
    ('ltr', 'rtl', None)
    """
    if text.isascii():
        return "ltr" if any(character.isalpha() for character in text) else None
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in {"R", "AL"}:
            return "rtl"
    return None


def needs_isolation(text: str, direction: Literal["ltr", "rtl"]) -> bool:
    """Whether ``text`` runs against ``direction`` and must be isolated inside it."""
    found = text_direction(text)
    return found is not None and found != direction


def isolate(text: str, direction: Literal["ltr", "rtl"]) -> str:
    r"""Wrap ``text`` in FSI/PDI when its direction differs from ``direction``.

    >>> isolate("Sheila Woodford", "rtl")
    '\u2068Sheila Woodford\u2069'
    >>> isolate("Sheila Woodford", "ltr")
    'Sheila Woodford'
    """
    if needs_isolation(text, direction):
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text
