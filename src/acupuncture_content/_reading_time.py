"""Reading-time estimates, at a published reading rate for each language.

Rates come from the International Reading Speed Texts study (IReST:
Trauzettel-Klosinski S, Dietz K, IReST Study Group, Invest Ophthalmol Vis Sci.
2012;53(9):5452-5461, doi:10.1167/iovs.11-8284), which timed native adult readers of
17 languages on texts matched for content and difficulty. Languages written with
spaces are counted in words; Chinese and Japanese, written without them, in
characters (letters and digits; punctuation is not counted), at the study's
characters-per-minute rate for that language.

A language the study does not cover gets the source guide's figure: a translation
says what the original says, so its reader is told the same time (Korean, Hindi and
Vietnamese today). A guide whose *source* language has no published rate is counted
in words at the study's mean over all 17 languages. ``docs/localization.md`` has the
table with each rate's source.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from typing import Literal

__all__ = ["IREST", "MEAN_WORDS_PER_MINUTE", "RATES", "ReadingRate", "reading_time_minutes"]

#: The study every rate below comes from.
IREST = (
    "Trauzettel-Klosinski S, Dietz K, IReST Study Group. Standardized assessment of "
    "reading performance: the New International Reading Speed Texts IReST. Invest "
    "Ophthalmol Vis Sci. 2012;53(9):5452-5461. doi:10.1167/iovs.11-8284"
)

#: IReST's mean over its 17 languages, for a source language it did not measure.
MEAN_WORDS_PER_MINUTE = 184


@dataclasses.dataclass(frozen=True, slots=True)
class ReadingRate:
    """How fast native adults read a language, and in what unit.

    Attributes:
        unit: ``"words"`` (runs of non-space characters holding a letter or digit)
            or ``"characters"`` (letters and digits).
        per_minute: Units read per minute.
    """

    unit: Literal["words", "characters"]
    per_minute: int


#: Rates by ISO 639 language code, from IReST (table of per-language results).
RATES: dict[str, ReadingRate] = {
    "ar": ReadingRate("words", 138),
    "de": ReadingRate("words", 179),
    "en": ReadingRate("words", 228),
    "es": ReadingRate("words", 218),
    "fr": ReadingRate("words", 195),
    "ja": ReadingRate("characters", 357),
    "pt": ReadingRate("words", 181),
    "ru": ReadingRate("words", 184),
    "zh": ReadingRate("characters", 255),
}

# A word is a run of non-space characters holding a letter or digit. (A regex "\w+"
# would split Devanagari at every vowel sign, a combining mark, and overcount Hindi.)
_WORD = re.compile(r"\S+")


def _units(text: str, unit: Literal["words", "characters"]) -> int:
    if unit == "characters":
        return sum(1 for character in text if unicodedata.category(character)[0] in {"L", "N"})
    return sum(1 for word in _WORD.findall(text) if any(map(str.isalnum, word)))


def reading_time_minutes(text: str, language: str, source_minutes: int | None = None) -> int:
    """Return the minutes needed to read ``text``, rounded up, at least 1.

    Args:
        text: The guide's plain text (title, headings, paragraphs, list items).
        language: The ISO 639 language code of ``text`` (``"en"``, ``"zh"``).
        source_minutes: The source guide's figure, for a translation; used when no
            published rate covers ``language``.
    """
    rate = RATES.get(language)
    if rate is None:
        if source_minutes is not None:
            return source_minutes
        rate = ReadingRate("words", MEAN_WORDS_PER_MINUTE)
    return max(1, math.ceil(_units(text, rate.unit) / rate.per_minute))
