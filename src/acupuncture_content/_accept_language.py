"""Choosing a guide's locale from an HTTP ``Accept-Language`` header (RFC 9110 §12.5.4).

The header lists language ranges (RFC 4647), each with an optional weight
``q`` from 0 to 1 (three decimals at most). Ranges are tried by descending weight,
ties in header order; ``q=0`` means "not this one" and excludes every locale the
range would match; ``*`` stands for the guide's source locale. A malformed range or
weight is skipped, never an error: the header comes from anyone on the internet.
Each range is matched as :func:`acupuncture_content.load_guide` matches a tag, with
one more rule: browsers add the bare language after a regional range
(``zh-TW,zh;q=0.8``), and such a bare language is not used to cross scripts (a
reader of Traditional Chinese is not served Simplified).
"""

from __future__ import annotations

import dataclasses
import re

from ._i18n import available_locale_tags, match_locale, source_locale_of
from ._tags import LocaleParts, known_language, maximized, parse_tag

__all__ = ["MAX_RANGES", "negotiate_accept_language"]

#: Ranges read from one header; browsers send a handful, a hostile client thousands.
MAX_RANGES = 64

_RANGE = re.compile(r"\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_WEIGHT = re.compile(r"[qQ]=(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)")
_WHITESPACE = " \t"


@dataclasses.dataclass(frozen=True, slots=True)
class _Range:
    position: int
    weight: float
    text: str
    parts: LocaleParts | None  # None for "*"


def _ranges(header: str) -> list[_Range]:
    """Parse the well-formed ranges of ``header``, skipping everything else."""
    found: list[_Range] = []
    for position, element in enumerate(header.split(",", MAX_RANGES)[:MAX_RANGES]):
        language_range, *parameters = element.split(";", 2)
        language_range = language_range.strip(_WHITESPACE)
        if not _RANGE.fullmatch(language_range):
            continue
        weight = 1.0
        if parameters:
            match = _WEIGHT.fullmatch(parameters[0].strip(_WHITESPACE))
            if match is None or len(parameters) > 1:
                continue  # RFC 9110 defines only the weight for Accept-Language
            weight = float(match.group(1))
        if language_range == "*":
            found.append(_Range(position, weight, language_range, None))
            continue
        parts = parse_tag(language_range)
        if parts is not None and known_language(parts.language):
            found.append(_Range(position, weight, language_range, parts))
    return found


def _names(language_range: str, tag: str) -> bool:
    """Whether ``language_range`` matches ``tag`` by RFC 4647 basic filtering."""
    language_range, tag = language_range.lower(), tag.lower()
    return tag == language_range or tag.startswith(f"{language_range}-")


def _crosses_script(candidate: _Range, ranges: list[_Range], served: str) -> bool:
    """Whether a bare-language range would serve another script than a regional range before it."""
    if candidate.parts is None or candidate.parts.territory or candidate.parts.script:
        return False
    served_parts = parse_tag(served)
    served_script = maximized(served_parts).script if served_parts else None
    for earlier in ranges:
        if earlier.position >= candidate.position:
            break
        parts = earlier.parts
        if parts is None or parts.language != candidate.parts.language or earlier.weight == 0:
            continue  # a regional range the reader refused (q=0) says nothing about scripts
        if (parts.territory or parts.script) and maximized(parts).script != served_script:
            return True
    return False


def negotiate_accept_language(header: object, slug: str) -> str:
    """Return the tag of guide ``slug`` to serve for an ``Accept-Language`` value.

    ``None``, ``""`` and any other string never raise; with no usable range the guide's
    source locale is returned.

    Raises:
        TypeError: ``header`` is neither ``None`` nor a string.
    """
    source = source_locale_of(slug)
    if header is None:
        return source
    if not isinstance(header, str):
        msg = f"accept_language must be a str or None, not {type(header).__name__}"
        raise TypeError(msg)
    available = available_locale_tags(slug)
    ranges = _ranges(header)
    # A range with q=0 makes the locales it names unacceptable: those it matches by
    # RFC 4647 basic filtering ("de" names de, de-CH...; "de-CH" does not name de).
    excluded = {
        tag
        for entry in ranges
        if entry.weight == 0 and entry.parts is not None
        for tag in available
        if _names(entry.text, tag)
    }
    by_preference = sorted(
        (entry for entry in ranges if entry.weight > 0),
        key=lambda entry: (-entry.weight, entry.position),
    )
    for entry in by_preference:
        served = match_locale(entry.parts, available) if entry.parts else source
        if served is None or served in excluded:
            continue
        if _crosses_script(entry, ranges, served):
            continue
        return served
    return source
