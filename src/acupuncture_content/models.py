"""The content model: a guide as immutable, validated Pydantic models.

The JSON shape is part of the public contract (see ``CONTRACT.md``)::

    Block  = {"type": "paragraph", "content": [Inline, ...]}
           | {"type": "bullet_list", "items": [{"content": [Inline, ...]}, ...]}
    Inline = {"type": "text", "text": "..."}
           | {"type": "emphasis", "children": [Inline, ...]}
           | {"type": "strong", "children": [Inline, ...]}
           | {"type": "link", "href": "https://...", "children": [Inline, ...]}

Every model is frozen, forbids unknown fields and stores sequences as tuples, so a
validated guide can be shared between threads and used as a cache key. This module
imports nothing else from the package.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import html
import json
import re
import unicodedata
import urllib.parse
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "Author",
    "Block",
    "BulletList",
    "Emphasis",
    "Guide",
    "Inline",
    "Link",
    "ListItem",
    "Paragraph",
    "Section",
    "Strong",
    "Text",
    "TranslationInfo",
]

#: Section ids and guide slugs: lowercase ASCII letters, digits and hyphens.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")

#: Link schemes that can never run code in a browser or read local files.
ALLOWED_LINK_SCHEMES = frozenset({"http", "https", "mailto"})

#: Inline markup may nest, but not without bound: renderers recurse over it.
MAX_INLINE_DEPTH = 16

# Unicode categories rejected anywhere in text: controls (Cc), lone surrogates (Cs)
# and the line/paragraph separators (Zl, Zp), which some consumers treat as newlines.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})

# Browsers strip these from the start and end of a URL and drop tab/newline anywhere
# (WHATWG URL standard), so "java\tscript:" is a javascript: URL.
_URL_STRIPPED = "".join(chr(code) for code in range(0x21))
_URL_REMOVED = re.compile(r"[\t\n\r]")
_URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def _check_characters(value: str) -> str:
    """Reject control characters, surrogates and line separators in ``value``."""
    for position, character in enumerate(value):
        if unicodedata.category(character) in _FORBIDDEN_CATEGORIES:
            msg = (
                f"control character U+{ord(character):04X} at position {position} "
                "is not allowed in text"
            )
            raise ValueError(msg)
    return value


def _check_plain_text(value: str) -> str:
    """Validate a standalone text field such as a title or heading."""
    if not value.strip():
        msg = "text must not be empty or whitespace only"
        raise ValueError(msg)
    return _check_characters(value)


def _decode_for_scheme_check(href: str) -> str:
    """Decode ``href`` the ways a browser or an HTML consumer might before using it."""
    previous = None
    decoded = href
    # Repeat until stable so that double encodings ("&amp;#106;", "%256A") are seen through.
    while decoded != previous:
        previous = decoded
        decoded = html.unescape(decoded)
        decoded = urllib.parse.unquote(decoded)
        decoded = _URL_REMOVED.sub("", decoded).strip(_URL_STRIPPED)
    return decoded


def check_href(href: str) -> str:
    """Return ``href`` if it is a safe absolute ``http``, ``https`` or ``mailto`` URL.

    The scheme is checked the way browsers read URLs: after stripping leading and
    trailing controls and spaces, removing tabs and newlines, and decoding HTML
    entities and percent-encoding, in any letter case.

    Raises:
        ValueError: the href is relative, protocol-relative (``//host``), uses
            another scheme (``javascript:``, ``data:``, ``file:``...), or contains
            whitespace or control characters.
    """
    if not href:
        msg = "link href must not be empty"
        raise ValueError(msg)
    if any(character.isspace() for character in href):
        msg = f"link href {href!r} must not contain whitespace"
        raise ValueError(msg)
    _check_characters(href)
    decoded = _decode_for_scheme_check(href)
    match = _URL_SCHEME.match(decoded)
    scheme = match.group(1).lower() if match else None
    if scheme not in ALLOWED_LINK_SCHEMES:
        allowed = ", ".join(f"{name}:" for name in sorted(ALLOWED_LINK_SCHEMES))
        msg = f"link href {href!r} is not allowed: only absolute {allowed} URLs are"
        raise ValueError(msg)
    # The raw text must agree with the decoded reading, so no consumer can see another scheme.
    if not href.lower().startswith(f"{scheme}:"):
        msg = f"link href {href!r} must start with its scheme written plainly"
        raise ValueError(msg)
    if scheme in {"http", "https"} and not urllib.parse.urlsplit(decoded).netloc:
        msg = f"link href {href!r} must name a host, as in https://example.org/"
        raise ValueError(msg)
    if scheme == "mailto" and len(decoded) <= len("mailto:"):
        msg = f"link href {href!r} must name an address after mailto:"
        raise ValueError(msg)
    return href


@functools.lru_cache(maxsize=64)
def text_direction_of(tag: str) -> Literal["ltr", "rtl"]:
    """Return the CLDR text direction of a canonical BCP 47 tag, or raise ValueError."""
    # Babel's locale data is imported only when a tag is first validated.
    import babel  # noqa: PLC0415

    try:
        parsed = babel.Locale.parse(tag, sep="-")
    except (ValueError, TypeError, babel.UnknownLocaleError) as error:
        msg = f"{tag!r} is not a known BCP 47 locale tag"
        raise ValueError(msg) from error
    canonical = "-".join(
        part for part in (parsed.language, parsed.script, parsed.territory) if part
    )
    if canonical != tag:
        msg = f"locale tag {tag!r} is not in canonical BCP 47 form; write {canonical!r}"
        raise ValueError(msg)
    return "rtl" if parsed.text_direction == "rtl" else "ltr"


def check_locale_tag(tag: str) -> str:
    """Return ``tag`` if it is a canonical BCP 47 tag that CLDR knows (``pt-BR``)."""
    text_direction_of(tag)
    return tag


def _inline_depth(inlines: tuple[Inline, ...]) -> int:
    """Return how deeply ``inlines`` nest (a flat run of text has depth 1)."""
    depth = 0
    for inline in inlines:
        if isinstance(inline, Text):
            depth = max(depth, 1)
        else:
            depth = max(depth, 1 + _inline_depth(inline.children))
    return depth


def _check_inline_content(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Validate a run of inlines that forms one paragraph, list item or link text."""
    if not plain_text(content).strip():
        msg = "content must contain some non-whitespace text"
        raise ValueError(msg)
    if _inline_depth(content) > MAX_INLINE_DEPTH:
        msg = f"inline markup must not nest more than {MAX_INLINE_DEPTH} levels deep"
        raise ValueError(msg)
    return content


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """Return the text of ``inlines`` without any markup."""
    return "".join(
        inline.text if isinstance(inline, Text) else plain_text(inline.children)
        for inline in inlines
    )


@functools.cache
def _attribute_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """Return the docstrings written under each field of ``model``'s class body."""
    # Only JSON Schema generation needs this, so its imports wait until then.
    import ast  # noqa: PLC0415
    import inspect  # noqa: PLC0415
    import itertools  # noqa: PLC0415
    import textwrap  # noqa: PLC0415

    tree = ast.parse(textwrap.dedent(inspect.getsource(model)))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    found: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        is_docstring = isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
        is_field = isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
        if is_field and is_docstring:
            found[statement.target.id] = inspect.cleandoc(str(following.value.value))  # type: ignore[attr-defined]
    return found


def _describe_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Put each field's docstring into the JSON Schema as its description.

    Pydantic's ``use_attribute_docstrings`` does the same, but reads the source of
    every model when the class is created; this reads it only when a schema is asked for.
    """
    for name, description in _attribute_docstrings(model).items():
        properties = schema.get("properties", {})
        if name in properties:
            properties[name].setdefault("description", description)


def _guide_schema_extra(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Describe the fields and name the JSON Schema dialect Pydantic writes."""
    _describe_fields(schema, model)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"


class _Model(BaseModel):
    """Shared configuration: immutable, strict about fields, tuples for sequences."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=True,
        # Validators are built on first use, not at import: importing the package
        # (or loading precomputed guides) never pays for them.
        defer_build=True,
        json_schema_extra=_describe_fields,
    )


class Text(_Model):
    """A run of plain text. It is always escaped on output, never read as markup."""

    type: Literal["text"] = "text"
    """Discriminator: always ``"text"``."""
    text: Annotated[str, Field(min_length=1)]
    """The characters, exactly as a reader sees them (no markup, no escapes)."""

    @field_validator("text")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        return _check_characters(value)


class Emphasis(_Model):
    """Emphasized text (rendered as ``<em>`` or ``*...*``)."""

    type: Literal["emphasis"] = "emphasis"
    """Discriminator: always ``"emphasis"``."""
    children: Annotated[tuple[Inline, ...], Field(min_length=1)]
    """The emphasized inlines."""


class Strong(_Model):
    """Strongly emphasized text (rendered as ``<strong>`` or ``**...**``)."""

    type: Literal["strong"] = "strong"
    """Discriminator: always ``"strong"``."""
    children: Annotated[tuple[Inline, ...], Field(min_length=1)]
    """The strongly emphasized inlines."""


class Link(_Model):
    """A hyperlink to an absolute ``http:``, ``https:`` or ``mailto:`` URL."""

    type: Literal["link"] = "link"
    """Discriminator: always ``"link"``."""
    href: str
    """The target URL; only ``http:``, ``https:`` and ``mailto:`` are accepted."""
    children: Annotated[tuple[Inline, ...], Field(min_length=1)]
    """The link text, as inlines (links cannot contain links)."""

    @field_validator("href")
    @classmethod
    def _safe_href(cls, value: str) -> str:
        return check_href(value)

    @field_validator("children")
    @classmethod
    def _no_nested_links(cls, value: tuple[Inline, ...]) -> tuple[Inline, ...]:
        if _contains_link(value):
            msg = "a link must not contain another link"
            raise ValueError(msg)
        return _check_inline_content(value)


def _contains_link(inlines: tuple[Inline, ...]) -> bool:
    return any(
        isinstance(inline, Link)
        or (not isinstance(inline, Text) and _contains_link(inline.children))
        for inline in inlines
    )


Inline = Annotated[Text | Emphasis | Strong | Link, Field(discriminator="type")]
"""One piece of inline content: text, emphasis, strong emphasis or a link."""

InlineContent = Annotated[tuple[Inline, ...], Field(min_length=1)]


class Paragraph(_Model):
    """A paragraph of inline content."""

    type: Literal["paragraph"] = "paragraph"
    """Discriminator: always ``"paragraph"``."""
    content: InlineContent
    """The paragraph's inlines."""

    @field_validator("content")
    @classmethod
    def _has_text(cls, value: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return _check_inline_content(value)


class ListItem(_Model):
    """One item of a bullet list: a single run of inline content."""

    content: InlineContent
    """The item's inlines."""

    @field_validator("content")
    @classmethod
    def _has_text(cls, value: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return _check_inline_content(value)


class BulletList(_Model):
    """An unordered list (items are not nested)."""

    type: Literal["bullet_list"] = "bullet_list"
    """Discriminator: always ``"bullet_list"``."""
    items: Annotated[tuple[ListItem, ...], Field(min_length=1)]
    """The list items, in order."""


Block = Annotated[Paragraph | BulletList, Field(discriminator="type")]
"""One block of content: a paragraph or a bullet list."""


class Section(_Model):
    """A titled section of a guide (a level-2 heading and the blocks under it)."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)]
    """Stable id, the same in every locale (``how-acupuncture-helps-with-back-pain``)."""
    heading: str
    """The section heading as plain text."""
    blocks: tuple[Block, ...] = ()
    """The paragraphs and lists of the section, in order."""

    @field_validator("heading")
    @classmethod
    def _heading_text(cls, value: str) -> str:
        return _check_plain_text(value)


class Author(_Model):
    """The author of a guide."""

    name: str
    """The author's name as published; never translated."""

    @field_validator("name")
    @classmethod
    def _name_text(cls, value: str) -> str:
        return _check_plain_text(value)


class TranslationInfo(_Model):
    """Where a localized guide's text comes from, and how far it can be trusted."""

    source_locale: str
    """The locale the guide was written in (BCP 47)."""
    reviewed: bool
    """Whether a qualified human medical translator has reviewed this translation."""
    coverage: Annotated[float, Field(ge=0.0, le=1.0)]
    """Share of the guide's segments served from the catalog (the rest are in English)."""
    untranslated: tuple[str, ...] = ()
    """Segment ids that fell back to the source text because the catalog lacks them."""

    @field_validator("source_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        return check_locale_tag(value)


def _canonical_json(data: object) -> bytes:
    """Serialize ``data`` the one way that fingerprints are computed over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


class Guide(_Model):
    """A complete guide in one locale: metadata, introduction and sections.

    ``fingerprint`` may be omitted on input; it is then computed. When given, it must
    match the content, so a stored guide that was edited without updating it is
    rejected rather than served under a stale fingerprint.
    """

    model_config = ConfigDict(title="Guide", json_schema_extra=_guide_schema_extra)

    slug: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)]
    """The guide's identifier (``acupuncture-for-back-pain``)."""
    locale: str
    """BCP 47 tag of the locale actually served (``pt-BR``, ``zh-Hans``)."""
    source_locale: str
    """BCP 47 tag of the locale the guide was written in (``en``)."""
    text_direction: Literal["ltr", "rtl"]
    """Direction of the served locale's script, from CLDR."""
    title: str
    """The guide's title as plain text."""
    author: Author
    """Who wrote the guide."""
    published: datetime.date
    """Date the original article was published."""
    reading_time_minutes: Annotated[int, Field(ge=1, strict=True)]
    """Estimated reading time in the served locale, in whole minutes (rounded up)."""
    introduction: tuple[Block, ...] = ()
    """Blocks before the first section heading."""
    sections: tuple[Section, ...] = ()
    """The sections, in order."""
    translation: TranslationInfo | None = None
    """Provenance of a translated guide; ``None`` when the guide is in its source locale."""
    fingerprint: Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$")] = ""
    """Hex SHA-256 of the canonical JSON of every other field; computed when omitted."""

    @field_validator("title")
    @classmethod
    def _title_text(cls, value: str) -> str:
        return _check_plain_text(value)

    @field_validator("locale", "source_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        return check_locale_tag(value)

    @field_validator("sections")
    @classmethod
    def _unique_section_ids(cls, value: tuple[Section, ...]) -> tuple[Section, ...]:
        seen: set[str] = set()
        for section in value:
            if section.id in seen:
                msg = f"duplicate section id {section.id!r}"
                raise ValueError(msg)
            seen.add(section.id)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        expected_direction = text_direction_of(self.locale)
        if self.text_direction != expected_direction:
            msg = (
                f"text_direction {self.text_direction!r} does not match locale "
                f"{self.locale!r}, which is written {expected_direction!r}"
            )
            raise ValueError(msg)
        if self.translation is not None:
            if self.translation.source_locale != self.source_locale:
                msg = (
                    f"translation.source_locale {self.translation.source_locale!r} must equal "
                    f"source_locale {self.source_locale!r}"
                )
                raise ValueError(msg)
            if self.locale == self.source_locale:
                msg = f"a guide in its source locale {self.locale!r} is not a translation"
                raise ValueError(msg)
        computed = self.compute_fingerprint()
        if not self.fingerprint:
            # Frozen models allow no assignment; this runs once, during validation.
            object.__setattr__(self, "fingerprint", computed)
        elif self.fingerprint != computed:
            msg = (
                f"fingerprint {self.fingerprint!r} does not match the content "
                f"(expected {computed!r}); omit it to have it computed"
            )
            raise ValueError(msg)
        return self

    def compute_fingerprint(self) -> str:
        """Return the hex SHA-256 of the canonical JSON of the content.

        The canonical JSON is every field except ``fingerprint``, with sorted keys, no
        insignificant whitespace and UTF-8 text, so any consumer can recompute it.
        """
        data = self.model_dump(mode="json", exclude={"fingerprint"})
        return hashlib.sha256(_canonical_json(data)).hexdigest()

    def __hash__(self) -> int:
        # The fingerprint identifies the content, so hashing it is cheap and consistent
        # with equality (equal guides have equal fingerprints).
        return hash(self.fingerprint)
