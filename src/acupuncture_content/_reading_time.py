"""Reading-time estimates from a guide's text.

Space-separated scripts are counted in words, at 200 words a minute. Chinese,
Japanese and Korean are counted in characters, at 500 a minute: Chinese and
Japanese do not separate words with spaces, and a Korean space-separated unit
(eojeol) holds several words, so spaces undercount all three.
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["reading_time_minutes"]

WORDS_PER_MINUTE = 200
CHARACTERS_PER_MINUTE = 500

#: Languages whose reading time is counted in characters rather than words.
CHARACTER_COUNTED_LANGUAGES = frozenset({"ja", "ko", "zh"})

# A word is a run of non-space characters holding a letter or digit. (A regex "\w+"
# would split Devanagari at every vowel sign, a combining mark, and overcount Hindi.)
_WORD = re.compile(r"\S+")


def _is_counted_character(character: str) -> bool:
    # Letters and digits count; spaces, punctuation and marks do not.
    return unicodedata.category(character)[0] in {"L", "N"}


def reading_time_minutes(text: str, language: str) -> int:
    """Return the minutes needed to read ``text``, rounded up, at least 1.

    Args:
        text: The guide's plain text (title, headings, paragraphs, list items).
        language: The ISO 639 language code of ``text`` (``"en"``, ``"zh"``).
    """
    if language in CHARACTER_COUNTED_LANGUAGES:
        units = sum(1 for character in text if _is_counted_character(character))
        per_minute = CHARACTERS_PER_MINUTE
    else:
        units = sum(1 for word in _WORD.findall(text) if any(map(str.isalnum, word)))
        per_minute = WORDS_PER_MINUTE
    return max(1, math.ceil(units / per_minute))
