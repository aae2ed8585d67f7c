"""Locale tags: parsing, canonical form, CLDR's likely subtags and text direction.

Tags arrive from untrusted places (an ``Accept-Language`` header, a query string, a
guide's JSON), so they are parsed here by their grammar (BCP 47, RFC 5646, or POSIX
``ll_CC.codeset@modifier``) before anything else sees them, and CLDR is consulted only
through its static tables (likely subtags, parent locales, aliases), which never grow.
Babel's per-identifier functions (``Locale.parse``, ``localedata.exists``) keep an
unbounded cache of every name asked for, so they are only ever called with the
bounded set of identifiers CLDR ships.

A parsed tag is a :class:`LocaleParts` (language, script, territory); variants,
extensions, private-use subtags, codesets and modifiers do not choose a translation
and are dropped.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from typing import TYPE_CHECKING, Literal

from ._cache import memoized

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "MAX_TAG_LENGTH",
    "RTL_SCRIPTS",
    "LocaleParts",
    "canonical_tag",
    "check_locale_tag",
    "cldr_identifiers",
    "import_babel",
    "known_language",
    "likely_territory",
    "maximized",
    "parent_chain",
    "parse_tag",
    "text_direction_of",
]

#: Longer values are not locale tags (RFC 5646 tags in real use are under 40 characters).
MAX_TAG_LENGTH = 128

#: Scripts written right to left (ISO 15924; CLDR's scriptMetadata marks these rtl).
RTL_SCRIPTS = frozenset(
    {
        "Adlm", "Arab", "Aran", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr",
        "Hung", "Khar", "Lydi", "Mand", "Mani", "Mend", "Merc", "Mero", "Narb", "Nbat",
        "Nkoo", "Ougr", "Orkh", "Palm", "Phli", "Phlp", "Phnx", "Prti", "Rohg", "Samr",
        "Sarb", "Sogd", "Sogo", "Syrc", "Thaa", "Yezi",
    }
)  # fmt: skip

# RFC 5646 langtag, separators "-" or "_" (POSIX), any case, then the codeset and
# modifier a POSIX name may carry ("de_DE.UTF-8", as in $LANG; "@euro"). Groups:
# language, extended language, script, region; variants, extensions and private use
# are matched and dropped.
_END = r"(?=[-_.@]|\Z)"
_LANGTAG = re.compile(
    rf"(?P<language>[a-z]{{2,3}}){_END}(?:[-_](?P<extlang>[a-z]{{3}}){_END})?"
    rf"(?:[-_](?P<script>[a-z]{{4}}){_END})?"
    rf"(?:[-_](?P<region>[a-z]{{2}}|[0-9]{{3}}){_END})?"
    rf"(?:[-_](?:[a-z0-9]{{5,8}}|[0-9][a-z0-9]{{3}}){_END})*"
    rf"(?:[-_][a-wyz0-9](?:[-_][a-z0-9]{{2,8}}{_END})+)*"
    rf"(?:[-_]x(?:[-_][a-z0-9]{{1,8}}{_END})+)?"
    r"(?:\.[a-z0-9_-]{1,32})?(?:@[a-z0-9]{1,32})?",
    re.IGNORECASE | re.ASCII,
)
# The POSIX "C" and "POSIX" locales are the source language of every program.
_POSIX_ENGLISH = re.compile(r"(?:C|POSIX)(?:\.[A-Za-z0-9_-]{1,32})?(?:@[A-Za-z0-9]{1,32})?")


@dataclasses.dataclass(frozen=True, slots=True)
class LocaleParts:
    """The parts of a locale tag that choose a translation, in canonical case.

    Attributes:
        language: ISO 639 code, lowercase (``pt``).
        script: ISO 15924 code, title case (``Hans``), or ``None``.
        territory: ISO 3166 or UN M.49 code, uppercase (``BR``, ``419``), or ``None``.
    """

    language: str
    script: str | None = None
    territory: str | None = None

    @property
    def tag(self) -> str:
        """The BCP 47 tag (``pt-BR``)."""
        return "-".join(part for part in (self.language, self.script, self.territory) if part)

    @property
    def identifier(self) -> str:
        """The CLDR/Babel identifier (``pt_BR``)."""
        return self.tag.replace("-", "_")


def parse_tag(value: str) -> LocaleParts | None:
    """Parse a BCP 47 or POSIX tag in any case, or return ``None`` if it is not one.

    Only the grammar is checked here; :func:`known_language` says whether CLDR knows it.

    >>> parse_tag("zh_hant_tw.UTF-8")
    LocaleParts(language='zh', script='Hant', territory='TW')
    >>> parse_tag("en-US-x-private"), parse_tag("de--DE")
    (LocaleParts(language='en', script=None, territory='US'), None)
    """
    if len(value) > MAX_TAG_LENGTH:
        return None
    if _POSIX_ENGLISH.fullmatch(value):
        return LocaleParts("en")
    match = _LANGTAG.fullmatch(value)
    if match is None:
        return None
    language = (match.group("extlang") or match.group("language")).lower()
    script = match.group("script")
    region = match.group("region")
    return LocaleParts(
        language,
        script.title() if script else None,
        region.upper() if region else None,
    )


_babel_imported = threading.Event()
_babel_import_lock = threading.Lock()


def import_babel() -> None:
    """Import every Babel module the package uses, once per process, under one lock.

    Why: Babel's modules import each other, and two threads that import different
    ones for the first time at once can each hold one module's import lock while
    waiting for the other's; Python then raises ``_DeadlockError`` in one of them
    (seen as ``_ModuleLock('babel.core')`` in about one fresh process in 150 with 32
    threads). Every first use of Babel in the package calls this first, so the
    imports happen in one thread, in one order.
    """
    if _babel_imported.is_set():
        return
    with _babel_import_lock:
        if not _babel_imported.is_set():
            import babel.core
            import babel.dates
            import babel.localedata
            import babel.numbers
            import babel.units  # noqa: F401 - imported for the side effect of loading

            _babel_imported.set()


@memoized(max_entries=1)
def _cldr_tables() -> tuple[Mapping[str, str], Mapping[str, str], Mapping[str, str]]:
    """CLDR's likely subtags, parent locales and language aliases (static, loaded once)."""
    import_babel()
    from babel.core import get_global

    return (
        get_global("likely_subtags"),
        get_global("parent_exceptions"),
        get_global("language_aliases"),
    )


@memoized(max_entries=1)
def cldr_identifiers() -> frozenset[str]:
    """Every locale identifier CLDR ships data for (``de``, ``pt_BR``, ``zh_Hant_HK``)."""
    import_babel()
    from babel.localedata import locale_identifiers

    return frozenset(locale_identifiers())


@memoized(max_entries=1)
def _known_languages() -> frozenset[str]:
    likely, _, aliases = _cldr_tables()
    languages = {identifier.split("_")[0] for identifier in cldr_identifiers()}
    languages.update(key for key in likely if "_" not in key)
    languages.update(key for key in aliases if "_" not in key)
    # CLDR's likely subtags guess a language for "und" (undetermined); a request for no
    # language in particular is not a locale, as "root" is not (issue 17).
    return frozenset(languages - {"und"})


def known_language(language: str) -> bool:
    """Whether CLDR knows the (lowercase) language code ``language`` (``und`` is none)."""
    return language in _known_languages()


def _split(identifier: str) -> LocaleParts:
    parts = identifier.split("_")
    script = next((part for part in parts[1:] if len(part) == 4), None)
    territory = next((part for part in parts[1:] if len(part) in {2, 3}), None)
    return LocaleParts(parts[0], script, territory)


def _unaliased(parts: LocaleParts) -> LocaleParts:
    """Replace a deprecated language code by CLDR's (``iw`` -> ``he``, ``sh`` -> ``sr-Latn``)."""
    replacement = _cldr_tables()[2].get(parts.language)
    if replacement is None:
        return parts
    target = _split(replacement)
    return LocaleParts(
        target.language, parts.script or target.script, parts.territory or target.territory
    )


def maximized(parts: LocaleParts) -> LocaleParts:
    """Fill in the script and territory CLDR considers likely (``zh-TW`` -> ``zh-Hant-TW``)."""
    parts = _unaliased(parts)
    likely = _cldr_tables()[0]
    keys = []
    if parts.script and parts.territory:
        keys.append(f"{parts.language}_{parts.script}_{parts.territory}")
    if parts.script:
        keys.append(f"{parts.language}_{parts.script}")
    if parts.territory:
        keys.append(f"{parts.language}_{parts.territory}")
    keys.append(parts.language)
    found = next((likely[key] for key in keys if key in likely), None)
    if found is None:
        return parts
    guess = _split(found)
    return LocaleParts(
        parts.language, parts.script or guess.script, parts.territory or guess.territory
    )


def likely_territory(language: str, script: str | None) -> str | None:
    """The territory of a language's default locale in a script (``pt``, ``Latn`` -> ``BR``)."""
    likely = _cldr_tables()[0]
    found = likely.get(f"{language}_{script}") if script else None
    if found is None:
        found = likely.get(language)
        if found is None or (script and _split(found).script != script):
            return None
    return _split(found).territory


def parent_chain(parts: LocaleParts) -> list[LocaleParts]:
    """The locales that may serve ``parts``, most specific first, never changing script.

    ``parts`` must be :func:`maximized`. The chain follows CLDR's parent locales
    (``es-MX`` -> ``es-419`` -> ``es``; ``zh-Hant-MO`` -> ``zh-Hant-HK``), then the
    language in the same script, then the language's default locale in that script
    (``pt`` means Brazilian Portuguese in CLDR, so ``pt-PT`` ends at ``pt-BR``).
    """
    parents = _cldr_tables()[1]
    language, script = parts.language, parts.script
    chain: list[LocaleParts] = []
    territory = parts.territory
    while territory and len(chain) < 8:  # CLDR's chains are at most three long
        chain.append(LocaleParts(language, script, territory))
        parent = parents.get(f"{language}_{script}_{territory}") or parents.get(
            f"{language}_{territory}"
        )
        parent_parts = _split(parent) if parent and parent != "root" else None
        same_language = parent_parts is not None and parent_parts.language == language
        territory = parent_parts.territory if same_language and parent_parts else None
    chain.append(LocaleParts(language, script, None))
    default = likely_territory(language, script)
    if default and LocaleParts(language, script, default) not in chain:
        chain.append(LocaleParts(language, script, default))
    return chain


def canonical_tag(value: str) -> str | None:
    """The canonical BCP 47 form of a CLDR locale ``value`` names, or ``None``.

    >>> canonical_tag("PT_br"), canonical_tag("zh-TW"), canonical_tag("de-XX")
    ('pt-BR', 'zh-Hant-TW', None)
    """
    parts = parse_tag(value)
    if parts is None or not known_language(parts.language):
        return None
    parts = _unaliased(parts)
    if parts.identifier in cldr_identifiers():
        return parts.tag
    full = maximized(parts)
    for candidate in (
        LocaleParts(full.language, full.script, parts.territory),
        LocaleParts(full.language, parts.script, full.territory),
        full,
    ):
        if candidate.identifier in cldr_identifiers():
            return candidate.tag
    return None


def text_direction_of(tag: str) -> Literal["ltr", "rtl"]:
    """Return the direction of the script a locale is written in.

    >>> text_direction_of("ar"), text_direction_of("de-CH"), text_direction_of("pa-Arab")
    ('rtl', 'ltr', 'rtl')

    Raises:
        ValueError: ``tag`` is not a locale tag.
    """
    parts = parse_tag(tag)
    if parts is None or not known_language(parts.language):
        msg = f"{tag[:MAX_TAG_LENGTH]!r} is not a known BCP 47 locale tag"
        raise ValueError(msg)
    return "rtl" if maximized(parts).script in RTL_SCRIPTS else "ltr"


def check_locale_tag(tag: str) -> str:
    """Return ``tag`` if it is the canonical BCP 47 tag of a locale CLDR has data for.

    >>> check_locale_tag("pt-BR")
    'pt-BR'
    >>> check_locale_tag("pt_BR")
    Traceback (most recent call last):
    ...
    ValueError: locale tag 'pt_BR' is not in canonical BCP 47 form; write 'pt-BR'

    Raises:
        ValueError: ``tag`` is not a locale CLDR knows, or not in canonical form.
    """
    canonical = canonical_tag(tag)
    if canonical is None:
        msg = f"{tag[:MAX_TAG_LENGTH]!r} is not a known BCP 47 locale tag"
        raise ValueError(msg)
    if canonical != tag:
        msg = f"locale tag {tag!r} is not in canonical BCP 47 form; write {canonical!r}"
        raise ValueError(msg)
    return tag
