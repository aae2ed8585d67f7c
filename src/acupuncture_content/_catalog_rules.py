"""The rules a translation catalog must obey before the build compiles it.

A translator's ``.po`` file is input like any other: the build refuses a catalog
that breaks a rule, naming the file, line and rule, instead of shipping output that
an attacker (or a slip) shaped. The rules (``docs/translating.md``):

1. ``review-status``: the header comment has exactly one line
   ``Review-Status: reviewed`` or ``Review-Status: unreviewed``;
2. ``fuzzy-header``: the header is not marked fuzzy;
3. ``language``: the ``Language`` header names the catalog's folder (``pt_BR``);
4. ``plural-forms``: ``Plural-Forms`` says what CLDR says for the language (the
   same number of forms, the same form for every n);
5. ``text``: every translation obeys the text rules of the content model (no
   control characters or line breaks, no noncharacters, no bidirectional overrides,
   balanced isolates; not blank);
6. ``placeholders``: an interface string keeps exactly the placeholders of its
   source (``{duration}``), once each, and has no other braces.

This module uses Babel's catalog objects and runs at build time and in the tests,
never when the package is imported.
"""

from __future__ import annotations

import dataclasses
import gettext
import re
from typing import TYPE_CHECKING

from ._text_rules import first_forbidden

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

__all__ = ["REVIEW_STATUSES", "CatalogProblem", "check_catalog", "review_status"]

#: The values a catalog's ``Review-Status`` line may have.
REVIEW_STATUSES = ("reviewed", "unreviewed")

_REVIEW_LINE = re.compile(r"^#?\s*Review-Status:(.*)$", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$")
#: The numbers every plural expression is evaluated at when compared with CLDR's.
_PLURAL_SAMPLES = (*range(1001), 1_000_000, 1_000_001)


@dataclasses.dataclass(frozen=True, slots=True)
class CatalogProblem:
    """One broken rule: where, which rule, and what is wrong.

    Attributes:
        path: The catalog file, as given.
        line: 1-based line in the file (the header is line 1).
        rule: The rule's name (``text``, ``placeholders``...).
        message: What is wrong, naming the bad value.
    """

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.message}"


def review_status(catalog: Catalog) -> str | None:
    """Return the catalog's ``Review-Status`` value if it is exactly one allowed value."""
    found = [match.group(1).strip() for match in _REVIEW_LINE.finditer(catalog.header_comment)]
    if len(found) == 1 and found[0] in REVIEW_STATUSES:
        return found[0]
    return None


def _plural_problem(catalog: Catalog) -> str | None:
    """Describe how the catalog's Plural-Forms differs from CLDR's, or return ``None``.

    The reference is Babel's gettext plural table, which Babel derives from CLDR's
    plural rules for every language (gettext expressions cannot use CLDR's newer
    operands such as the compact exponent ``e``, so it is not ``Locale.plural_form``).
    """
    from babel.messages.plurals import get_plural

    declared = dict(catalog.mime_headers).get("Plural-Forms", "")
    match = _PLURAL_FORMS.match(declared)
    if match is None:
        return f"Plural-Forms {declared!r} is not 'nplurals=N; plural=EXPRESSION;'"
    reference = get_plural(catalog.locale)
    expected_text = f"nplurals={reference.num_plurals}; plural={reference.plural_expr};"
    if int(match.group(1)) != reference.num_plurals:
        return (
            f"Plural-Forms has nplurals={match.group(1)}, but CLDR has "
            f"nplurals={reference.num_plurals} for {catalog.locale}: write {expected_text!r}"
        )
    try:
        ours = gettext.c2py(match.group(2))
        theirs = gettext.c2py(reference.plural_expr)
        for number in _PLURAL_SAMPLES:
            if ours(number) != theirs(number):
                return (
                    f"Plural-Forms gives form {ours(number)} for n={number}, CLDR gives "
                    f"{theirs(number)}: write {expected_text!r}"
                )
    except (ValueError, ArithmeticError, RecursionError, TypeError) as error:
        return f"Plural-Forms expression cannot be evaluated ({error}): write {expected_text!r}"
    return None


def _strings(message: object) -> list[str]:
    value = getattr(message, "string", "")
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return [str(value)]


def check_catalog(
    catalog: Catalog, path: str, *, folder: str, interface: bool
) -> list[CatalogProblem]:
    """Return every rule ``catalog`` breaks (empty when it may be compiled).

    Args:
        catalog: The catalog as Babel's ``read_po`` reads it.
        path: The file, for messages.
        folder: The gettext folder name it lives in (``pt_BR``).
        interface: Whether it holds interface strings (placeholders are checked there).
    """
    problems = [
        CatalogProblem(path, 1, rule, message)
        for rule, message in _header_problems(catalog, folder)
    ]
    for message in catalog:
        if message.id:  # the header has none
            problems.extend(
                CatalogProblem(path, message.lineno or 1, rule, text)
                for rule, text in _message_problems(message, interface=interface)
            )
    return problems


def _header_problems(catalog: Catalog, folder: str) -> list[tuple[str, str]]:
    problems = []
    if review_status(catalog) is None:
        allowed = " or ".join(f"'Review-Status: {value}'" for value in REVIEW_STATUSES)
        problems.append(
            ("review-status", f"the header comment must have exactly one line {allowed}")
        )
    if catalog.fuzzy:
        problems.append(("fuzzy-header", "the header is marked fuzzy; review it before building"))
    if str(catalog.locale) != folder:
        problems.append(("language", f"the Language header is {catalog.locale}, not {folder!r}"))
    else:
        plural = _plural_problem(catalog)
        if plural is not None:
            problems.append(("plural-forms", plural))
    return problems


def _message_problems(message: Message, *, interface: bool) -> list[tuple[str, str]]:
    problems = []
    context = f"msgctxt {message.context!r}"
    source_ids = [message.id] if isinstance(message.id, str) else list(message.id)
    expected = sorted({found for text in source_ids for found in _PLACEHOLDER.findall(text)})
    for text in _strings(message):
        if not text:
            continue  # untranslated: served in the source language, counted in coverage
        forbidden = first_forbidden(text)
        if forbidden is not None:
            problems.append(("text", f"{context}: {forbidden} is not allowed"))
        elif not text.strip():
            problems.append(("text", f"{context}: the translation is blank"))
        if interface and not _placeholders_match(text, expected):
            shown = ", ".join(expected) or "none"
            problems.append(
                (
                    "placeholders",
                    (
                        f"{context}: {text!r} must contain exactly these placeholders, "
                        f"once each, and no other braces: {shown}"
                    ),
                )
            )
    return problems


def _placeholders_match(text: str, expected: list[str]) -> bool:
    found = _PLACEHOLDER.findall(text)
    stray = _PLACEHOLDER.sub("", text)
    return sorted(found) == expected and "{" not in stray and "}" not in stray
