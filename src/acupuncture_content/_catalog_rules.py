"""The rules a translation catalog must obey before the build compiles it.

A translator's ``.po`` file is input like any other: the build refuses a catalog
that breaks a rule, naming the file, line and rule, instead of shipping output that
an attacker (or a slip) shaped. The rules (``docs/translating.md``), first those about
the whole catalog (:func:`check_catalog` runs them on the header), then those about
one message (:func:`message_problems`, which Babel runs too, see below):

1. ``review-status``: the header comment has exactly one line
   ``Review-Status: reviewed`` or ``Review-Status: unreviewed``;
2. ``fuzzy-header``: the header is not marked fuzzy;
3. ``language``: the catalog's folder is a locale CLDR has data for, named by its
   canonical identifier in POSIX form (``de``, ``pt_BR``, ``zh_Hans``; not ``None``,
   ``root``, ``und``, ``pt-BR`` or ``pt_br``), and the ``Language`` header is a
   locale Babel knows that names that folder;
4. ``plural-forms``: ``Plural-Forms`` says what CLDR says for the language (the
   same number of forms, the same form for every n);
5. ``text``: every translation obeys the text rules of the content model (no
   control characters or line breaks, no noncharacters, no bidirectional overrides,
   balanced isolates; a visible character: a letter, digit, punctuation mark or
   symbol, so U+2800 or U+200B alone is blank), as written in the file;
6. ``placeholders``: an interface string keeps exactly the placeholders of its
   source (``{duration}``), once each, and has no other braces;
7. ``markup``: a guide segment's translation is read with the pipeline's own inline
   parser (:func:`._parse.parse_inline`) and must become the content the model
   accepts, with the source's links:

   - it parses: raw HTML, images, inline code and hard line breaks are refused,
     naming the construct (the parser refuses them);
   - a title or heading (``msgctxt`` ``title`` or ``<section>/heading``) is plain
     text, without emphasis or links, as the pipeline requires
     (:func:`._parse.parse_plain`);
   - its links go exactly where the source's go: the multiset of link targets
     equals the msgid's, so no link is added, dropped or redirected; an autolink
     (``<https://...>``) is accepted only where the source has that same autolink;
   - the text as read, after entities and backslash escapes are decoded, obeys the
     text rules in every text run (``&#x202E;`` is a bidirectional override like
     U+202E itself, ``&#x200B;`` alone is blank), and is not blank; no link has
     blank text;
   - inline markup nests at most :data:`.models.MAX_INLINE_DEPTH` levels deep;
   - it has as many emphasis (``*...*``) and as many strong (``**...**``) spans as
     the source: their number, not their place, so a translation may move the stress
     to other words but not add, drop or upgrade it. In a medical guide stress carries
     meaning (a warning, a hedge), which the translator rules forbid strengthening or
     softening; and every shipped catalog keeps these counts, so the rule refuses no
     translation made so far (trivially today: the bundled guide has no emphasis, and
     ``tests/test_catalogs.py`` already holds every catalog to the source's ``*`` and
     ``_`` characters). The cost: a language that must split one span in two (German
     ``Do not *stop*`` -> ``*Hören* Sie nicht *auf*``) has to reword, or this be
     relaxed;
   - finally the content is validated by the model itself (:class:`.models.ListItem`,
     or plain text for headings), so nothing that passes this rule fails later.

The ``file`` rule (a catalog that is a symbolic link, under a linked folder, or not a
regular file) and the ``interface``, ``syntax`` and ``guide`` rules are the build
hook's (``hatch_build.py``), which sees the files rather than the catalogs.

Where it runs: the build hook calls :func:`check_catalog` on every catalog. The message
rules (5 to 7) are also registered as Babel checkers (:mod:`._checkers`, under the
``babel.checkers`` entry point group), so ``pybabel compile`` and ``Catalog.check()``
run them on a translator's machine; Babel's checker protocol is one message at a time,
so the catalog rules (1 to 4) stay the build's. That is why this module ships in the
wheel rather than beside ``hatch_build.py``, as the extractor (:mod:`._extract`) does;
nothing imports it when a guide is loaded or rendered, and the precomputed guides do
not count it among their inputs (the build computes them in a fresh import).
"""

from __future__ import annotations

import collections
import dataclasses
import gettext
import re
from typing import TYPE_CHECKING, assert_never

from pydantic import ValidationError

from ._errors import ContentError
from ._parse import _parser, parse_inline
from ._tags import canonical_tag, check_locale_tag, known_language, parse_tag
from ._text_rules import VISIBLE, check_plain_text, first_forbidden, has_visible
from .models import MAX_INLINE_DEPTH, Emphasis, Link, ListItem, Strong, Text

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from babel.messages.catalog import Catalog, Message

    from .models import Inline

__all__ = [
    "REVIEW_STATUSES",
    "CatalogProblem",
    "check_catalog",
    "message_problems",
    "review_status",
]

#: The values a catalog's ``Review-Status`` line may have.
REVIEW_STATUSES = ("reviewed", "unreviewed")

_REVIEW_LINE = re.compile(r"^#?\s*Review-Status:(.*)$", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$")
#: The numbers every plural expression is evaluated at when compared with CLDR's.
_PLURAL_SAMPLES = (*range(1001), 1_000_000, 1_000_001)
#: How a [markup] message explains that it checked the decoded text.
_DECODED = "entities such as &#x202E; and backslash escapes are decoded before this check"


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
        interface: Whether it holds interface strings (placeholders are checked
            there); otherwise it holds a guide's segments (markup is checked).
    """
    problems = [
        CatalogProblem(path, 1, rule, message)
        for rule, message in _header_problems(catalog, folder)
    ]
    for message in catalog:
        if message.id:  # the header has none
            problems.extend(
                CatalogProblem(path, message.lineno or 1, rule, text)
                for rule, text in message_problems(message, interface=interface)
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
    language = _language_problems(catalog, folder)
    problems.extend(("language", text) for text in language)
    if not language:
        plural = _plural_problem(catalog)
        if plural is not None:
            problems.append(("plural-forms", plural))
    return problems


def _shown(value: str, limit: int = 80) -> str:
    """Quote untrusted ``value`` for a message: escaped, and cut at ``limit`` characters."""
    return repr(value[:limit]) + ("..." if len(value) > limit else "")


def _folder_problem(folder: str) -> str | None:
    """Describe why ``folder`` is not a CLDR locale's POSIX identifier, or return ``None``.

    The package serves a folder as the BCP 47 tag ``folder.replace("_", "-")`` and the
    content model accepts only canonical tags of locales CLDR has data for, so the
    folder must be exactly the POSIX form of such a tag.
    """
    parts = parse_tag(folder)
    if parts is None or not known_language(parts.language):
        return (
            f"the folder name {_shown(folder)} is not a locale CLDR knows: name the folder "
            "after the catalog's language, as 'de', 'pt_BR' or 'zh_Hans'"
        )
    canonical = canonical_tag(parts.tag)
    if canonical is None:
        return (
            f"the folder name {_shown(folder)} is not a locale CLDR has data for: name the "
            "folder after the catalog's language, as 'de', 'pt_BR' or 'zh_Hans'"
        )
    identifier = canonical.replace("-", "_")
    if folder != identifier:
        return (
            f"the folder name {_shown(folder)} is not the canonical POSIX identifier of "
            f"its locale: name the folder {identifier!r}"
        )
    try:
        check_locale_tag(canonical)  # what the content model asks of the served tag
    except ValueError as error:  # pragma: no cover - canonical_tag's result always passes
        return f"the folder name {_shown(folder)} is not a usable locale: {error}"
    return None


def _language_problems(catalog: Catalog, folder: str) -> list[str]:
    problems = []
    folder_problem = _folder_problem(folder)
    if folder_problem is not None:
        problems.append(folder_problem)
    if catalog.locale is None:
        declared = catalog.locale_identifier or ""
        wanted = "the catalog's language" if folder_problem else f"the folder's name, {folder!r}"
        problems.append(
            f"the Language header {_shown(declared)} is not a locale Babel knows: write {wanted}"
        )
    elif str(catalog.locale) != folder:
        problems.append(f"the Language header is {catalog.locale}, not {_shown(folder)}")
    return problems


def message_problems(message: Message, *, interface: bool) -> list[tuple[str, str]]:
    """Return the ``(rule, message)`` of every message rule ``message`` breaks.

    Args:
        message: A message of a catalog, not its header.
        interface: Whether it is an interface string (its placeholders are checked)
            rather than a guide segment (its markup is checked).
    """
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
        elif not has_visible(text):
            problems.append(("text", f"{context}: the translation is blank: it needs {VISIBLE}"))
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
        if not interface:
            markup = _markup_problems(
                source_ids[0],
                text,
                context,
                heading=_is_heading(message.context),
                text_checked=forbidden is None and has_visible(text),
            )
            problems.extend(("markup", found) for found in markup)
    return problems


def _is_heading(context: str | None) -> bool:
    """Whether the segment ``context`` names is a title or heading (plain text only)."""
    return context == "title" or (context or "").endswith("/heading")


def _walk(inlines: Sequence[Inline]) -> Iterator[tuple[Inline, int]]:
    """Yield every inline node of parsed ``inlines`` with its depth (top level is 1).

    Iterative, so that hostile nesting cannot exhaust the stack; the deepest node's
    depth is what :data:`.models.MAX_INLINE_DEPTH` limits.
    """
    stack = [(node, 1) for node in reversed(inlines)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        match node:
            case Text():
                pass
            case Emphasis() | Strong() | Link():
                stack.extend((child, depth + 1) for child in reversed(node.children))
            case _:
                assert_never(node)


def _plain(inlines: Sequence[Inline]) -> str:
    return "".join(node.text for node, _ in _walk(inlines) if isinstance(node, Text))


def _links(inlines: Sequence[Inline]) -> collections.Counter[str]:
    return collections.Counter(node.href for node, _ in _walk(inlines) if isinstance(node, Link))


def _autolinks(source: str) -> collections.Counter[str]:
    """The targets of the autolinks (``<https://...>``) in Markdown inline ``source``."""
    tokens = _parser().parseInline(source)
    children = (tokens[0].children or []) if tokens else []
    return collections.Counter(
        str(token.attrGet("href") or "")
        for token in children
        if token.type == "link_open" and token.markup == "autolink"
    )


def _spans(inlines: Sequence[Inline]) -> collections.Counter[str]:
    return collections.Counter(
        node.type for node, _ in _walk(inlines) if isinstance(node, Emphasis | Strong)
    )


def _listed(hrefs: collections.Counter[str]) -> str:
    return ", ".join(_shown(href) for href in sorted(hrefs.elements())) or "none"


def _links_to(hrefs: collections.Counter[str]) -> str:
    return ("a link to " if hrefs.total() == 1 else "links to ") + _listed(hrefs)


def _markup_problems(
    source: str, text: str, where: str, *, heading: bool, text_checked: bool
) -> list[str]:
    """What is wrong with guide-segment translation ``text`` of msgid ``source``.

    ``text_checked``: the raw text passed the ``text`` rule, so its decoded text is
    checked too (otherwise that rule has already reported the translation).
    """
    try:
        translated = parse_inline(text, where)
    except ContentError as error:
        return [f"{error}: a translation may hold only text, *emphasis*, **strong** and links"]
    try:
        original = parse_inline(source, f"{where} (msgid)")
    except ContentError as error:
        return [f"{error}: the msgid is not a guide segment's source"]
    if heading:
        return _heading_problems(translated, where, text_checked=text_checked)
    problems = []
    if text_checked:
        problems.extend(_text_run_problems(translated, where))
    deepest = max((depth for _, depth in _walk(translated)), default=0)
    if deepest > MAX_INLINE_DEPTH:
        problems.append(
            f"{where}: inline markup nests {deepest} levels deep; at most "
            f"{MAX_INLINE_DEPTH} are allowed"
        )
    problems.extend(_link_problems(source, text, original, translated, where))
    problems.extend(_span_problems(original, translated, where))
    if not problems and text_checked:
        try:
            ListItem.model_validate({"content": translated})
        except ValidationError as error:
            reasons = "; ".join(str(item["msg"]) for item in error.errors()[:3])
            problems.append(f"{where}: the translation is not valid guide content: {reasons}")
    return problems


def _heading_problems(
    translated: tuple[Inline, ...], where: str, *, text_checked: bool
) -> list[str]:
    if not all(isinstance(node, Text) for node in translated):
        msg = (
            f"{where}: a title or heading must be plain text, without emphasis or links "
            "(escape a literal * or [ with a backslash)"
        )
        return [msg]
    if not text_checked:
        return []
    plain = _plain(translated)
    forbidden = first_forbidden(plain)
    if forbidden is not None:
        return [f"{where}: the text as read breaks the text rules ({forbidden}); {_DECODED}"]
    try:
        check_plain_text(plain)
    except ValueError:
        return [f"{where}: the translation has no text once its entities are decoded"]
    return []


def _text_run_problems(translated: tuple[Inline, ...], where: str) -> list[str]:
    problems = []
    for node, _ in _walk(translated):
        if isinstance(node, Text):
            forbidden = first_forbidden(node.text)
            if forbidden is not None:
                problems.append(
                    f"{where}: the text as read breaks the text rules ({forbidden}); {_DECODED}"
                )
                break
        elif isinstance(node, Link) and not has_visible(_plain(node.children)):
            problems.append(f"{where}: the link to {_shown(node.href)} has no text")
    if not has_visible(_plain(translated)):
        problems.append(f"{where}: the translation has no text once its markup is read")
    return problems


def _link_problems(
    source: str,
    text: str,
    original: tuple[Inline, ...],
    translated: tuple[Inline, ...],
    where: str,
) -> list[str]:
    expected, found = _links(original), _links(translated)
    if found != expected:
        added, dropped = found - expected, expected - found
        changes = []
        if added:
            changes.append(f"adds {_links_to(added)}")
        if dropped:
            changes.append(f"drops {_links_to(dropped)}")
        msg = (
            f"{where}: the translation {' and '.join(changes)}; keep exactly the source's "
            f"link targets ({_listed(expected)})"
        )
        return [msg]
    expected_auto, found_auto = _autolinks(source), _autolinks(text)
    if found_auto != expected_auto:
        added, dropped = found_auto - expected_auto, expected_auto - found_auto
        changes = []
        if added:
            changes.append(f"writes {_links_to(added)} as an autolink (<...>)")
        if dropped:
            changes.append(f"does not write {_links_to(dropped)} as an autolink (<...>)")
        msg = (
            f"{where}: the translation {' and '.join(changes)}; write each link as the source does"
        )
        return [msg]
    return []


def _span_problems(
    original: tuple[Inline, ...], translated: tuple[Inline, ...], where: str
) -> list[str]:
    expected, found = _spans(original), _spans(translated)
    if found == expected:
        return []
    msg = (
        f"{where}: the translation has {found['emphasis']} emphasis (*...*) and "
        f"{found['strong']} strong (**...**) spans, the source {expected['emphasis']} and "
        f"{expected['strong']}: keep the same number of each (they may move to other words)"
    )
    return [msg]


def _placeholders_match(text: str, expected: list[str]) -> bool:
    found = _PLACEHOLDER.findall(text)
    stray = _PLACEHOLDER.sub("", text)
    return sorted(found) == expected and "{" not in stray and "}" not in stray
