"""The content model: a guide as immutable, validated Pydantic models.

The JSON shape is part of the public contract::

    Block  = {"type": "paragraph", "key": "...", "content": [Inline, ...]}
           | {"type": "bullet_list", "key": "...", "items": [Item, ...]}
    Item   = {"key": "...", "content": [Inline, ...]}
    Inline = {"type": "text", "text": "..."}
           | {"type": "emphasis", "children": [Inline, ...]}
           | {"type": "strong", "children": [Inline, ...]}
           | {"type": "link", "href": "https://...", "children": [Inline, ...]}

Every model is frozen, forbids unknown fields, stores sequences as tuples and
validates model instances nested in its input like dicts, so a validated guide can
be shared between threads and used as a cache key. The rules for each kind of field
live in :mod:`._types`; this module is about the shape of a guide.

This is the one tree of blocks and inlines: the parser builds these models, the
localizer maps them to models in another locale, the precomputed data is rebuilt
through :data:`BLOCK_TYPES` and :data:`INLINE_TYPES`, and the renderers' rule tables
are keyed on them. The functions here that treat each kind of block or inline
differently end in ``assert_never``, so ``mypy --strict`` names each place a new
type must be handled (``CONTRIBUTING.md``, "Add a block type").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, Self, TypeVar, assert_never, cast, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ._fingerprint import earlier_fingerprints, fingerprint_of, guide_content
from ._schema import describe_fields
from ._tags import text_direction_of
from ._types import (
    Fingerprint,
    Href,
    InlineText,
    LocaleTag,
    PlainText,
    ReadingMinutes,
    SegmentKey,
    Slug,
)
from ._validated import is_validated, mark_validated

__all__ = [
    "BLOCK_TYPES",
    "INLINE_TYPES",
    "INTRODUCTION",
    "MAX_INLINE_DEPTH",
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
    "SegmentNode",
    "Strong",
    "Text",
    "TranslationInfo",
    "ensure_validated",
    "keyed",
    "plain_text",
    "segments",
    "with_segment_content",
]

#: Inline markup may nest, but not without bound: renderers recurse over it.
MAX_INLINE_DEPTH = 16

#: The id of the blocks before the first section (their keys' prefix, their chunk's id).
INTRODUCTION = "introduction"


class _Model(BaseModel):
    """Shared configuration: immutable, strict about fields, tuples for sequences."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        # An instance nested in input (made by model_construct or model_copy) is
        # validated like a dict: nothing unchecked reaches a guide.
        revalidate_instances="always",
        # Validators are built on first use, not at import: importing the package
        # (or loading precomputed guides) never pays for them.
        defer_build=True,
        json_schema_extra=describe_fields,
    )


class Text(_Model):
    """A run of plain text. It is always escaped on output, never read as markup."""

    type: Literal["text"] = "text"
    """Discriminator: always ``"text"``."""
    text: InlineText
    """The characters, exactly as a reader sees them (no markup, no escapes)."""


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
    """A hyperlink to an ``https:``, ``http:``, ``mailto:`` or ``tel:`` URL (the link policy)."""

    type: Literal["link"] = "link"
    """Discriminator: always ``"link"``."""
    href: Href
    """The target URL: ``https:``, ``http:``, ``mailto:`` or ``tel:``, at most 2,048 characters."""
    children: Annotated[tuple[Inline, ...], Field(min_length=1)]
    """The link text, as inlines (links cannot contain links)."""

    @field_validator("children")
    @classmethod
    def _no_nested_links(cls, value: tuple[Inline, ...]) -> tuple[Inline, ...]:
        if _contains_link(value):
            msg = "a link must not contain another link"
            raise ValueError(msg)
        return _check_inline_content(value)


InlineNode = Text | Emphasis | Strong | Link
Inline = Annotated[InlineNode, Field(discriminator="type")]
"""One piece of inline content: text, emphasis, strong emphasis or a link."""

InlineContent = Annotated[tuple[Inline, ...], Field(min_length=1)]


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """Return the text of ``inlines`` without any markup."""
    parts = []
    for inline in inlines:
        match inline:
            case Text():
                parts.append(inline.text)
            case Emphasis() | Strong() | Link():
                parts.append(plain_text(inline.children))
            case _:
                assert_never(inline)
    return "".join(parts)


def _contains_link(inlines: tuple[Inline, ...]) -> bool:
    for inline in inlines:
        match inline:
            case Link():
                return True
            case Text():
                pass
            case Emphasis() | Strong():
                if _contains_link(inline.children):
                    return True
            case _:
                assert_never(inline)
    return False


def _inline_depth(inlines: tuple[Inline, ...]) -> int:
    """Return how deeply ``inlines`` nest (a flat run of text has depth 1)."""
    deepest = 0
    for inline in inlines:
        match inline:
            case Text():
                deepest = max(deepest, 1)
            case Emphasis() | Strong() | Link():
                deepest = max(deepest, 1 + _inline_depth(inline.children))
            case _:
                assert_never(inline)
    return deepest


def _check_inline_content(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Validate a run of inlines that forms one paragraph, list item or link text."""
    if not plain_text(content).strip():
        msg = "content must contain some non-whitespace text"
        raise ValueError(msg)
    if _inline_depth(content) > MAX_INLINE_DEPTH:
        msg = f"inline markup must not nest more than {MAX_INLINE_DEPTH} levels deep"
        raise ValueError(msg)
    return content


class Paragraph(_Model):
    """A paragraph of inline content."""

    type: Literal["paragraph"] = "paragraph"
    """Discriminator: always ``"paragraph"``."""
    key: SegmentKey | None = None
    """Segment id, the paragraph's ``msgctxt`` (``introduction/p1``); derived from its
    position in a guide when omitted."""
    content: InlineContent
    """The paragraph's inlines."""

    @field_validator("content")
    @classmethod
    def _has_text(cls, value: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return _check_inline_content(value)


class ListItem(_Model):
    """One item of a bullet list: a single run of inline content."""

    key: SegmentKey | None = None
    """Segment id, the item's ``msgctxt`` (``types-of-back-pain-treated/list1/item2``);
    derived from its position when omitted."""
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
    key: SegmentKey | None = None
    """Segment id of the list (``types-of-back-pain-treated/list1``); derived from its
    position in a guide when omitted."""
    items: Annotated[tuple[ListItem, ...], Field(min_length=1)]
    """The list items, in order."""


BlockNode = Paragraph | BulletList
Block = Annotated[BlockNode, Field(discriminator="type")]
"""One block of content: a paragraph or a bullet list."""

SegmentNode = Paragraph | ListItem
"""A node that is one segment: a ``key`` (its ``msgctxt``) and one run of inline content."""


_Node = TypeVar("_Node", bound=_Model)


def _by_type(union: Any) -> dict[str, Any]:  # noqa: ANN401 - a union of model classes
    """Map each ``type`` discriminator of a union of models to its class."""
    return {model.model_fields["type"].default: model for model in get_args(union)}


#: Every block ``type`` and its model, in the order of :data:`Block`.
BLOCK_TYPES: Mapping[str, type[BlockNode]] = _by_type(BlockNode)

#: Every inline ``type`` and its model, in the order of :data:`Inline`.
INLINE_TYPES: Mapping[str, type[InlineNode]] = _by_type(InlineNode)


def _replaced(node: _Node, **changes: Any) -> _Node:  # noqa: ANN401 - any field's value
    """A copy of ``node`` with ``changes``, not validated (model_copy costs twice as much)."""
    return cast("_Node", node.model_construct(**{**node.__dict__, **changes}))


def segments(block: Block) -> tuple[SegmentNode, ...]:
    """Return the segments of ``block`` in reading order (a paragraph is one; a list, its items)."""
    match block:
        case Paragraph():
            return (block,)
        case BulletList():
            return block.items
        case _:
            assert_never(block)


def with_segment_content(
    block: Block, content: Callable[[SegmentNode], tuple[Inline, ...]]
) -> Block:
    """Return ``block`` with each segment's inlines replaced by ``content(segment)``.

    The copy is not validated: it is meant to be validated as part of a guide (the
    localizer maps the parsed source's blocks to a locale's with it).
    """
    match block:
        case Paragraph():
            return _replaced(block, content=content(block))
        case BulletList():
            items = tuple(_replaced(item, content=content(item)) for item in block.items)
            return _replaced(block, items=items)
        case _:
            assert_never(block)


def keyed(blocks: tuple[Block, ...], prefix: str) -> tuple[Block, ...]:
    """Give every block and list item without a key the one its position implies.

    These are the segment ids of the catalogs: paragraphs and lists are numbered
    separately within their section, ``<prefix>/p1``, ``<prefix>/list1``,
    ``<prefix>/list1/item1``. The parser numbers a guide's source this way too.
    """
    if _all_keyed(blocks):
        return blocks
    numbered: list[Block] = []
    paragraphs = lists = 0
    for block in blocks:
        match block:
            case Paragraph():
                paragraphs += 1
                numbered.append(
                    block
                    if block.key is not None
                    else _replaced(block, key=f"{prefix}/p{paragraphs}")
                )
            case BulletList():
                lists += 1
                key = block.key or f"{prefix}/list{lists}"
                items = tuple(
                    item if item.key is not None else _replaced(item, key=f"{key}/item{number}")
                    for number, item in enumerate(block.items, start=1)
                )
                numbered.append(_replaced(block, key=key, items=items))
            case _:
                assert_never(block)
    return tuple(numbered)


def _all_keyed(blocks: tuple[Block, ...]) -> bool:
    return all(
        block.key is not None and all(segment.key is not None for segment in segments(block))
        for block in blocks
    )


class Section(_Model):
    """A titled section of a guide (a level-2 heading and the blocks under it)."""

    id: Slug
    """Stable id, the same in every locale (``how-acupuncture-helps-with-back-pain``)."""
    heading: PlainText
    """The section heading as plain text."""
    blocks: tuple[Block, ...] = ()
    """The paragraphs and lists of the section, in order."""


class Author(_Model):
    """The author of a guide."""

    name: PlainText
    """The author's name as published; never translated."""


class TranslationInfo(_Model):
    """Where a localized guide's text comes from, and how far it can be trusted."""

    source_locale: LocaleTag
    """The locale the guide was written in (BCP 47)."""
    reviewed: bool
    """Whether a qualified human medical translator has reviewed this translation."""
    coverage: Annotated[float, Field(ge=0.0, le=1.0)]
    """Share of the guide's segments served from the catalog (the rest are in the
    source language)."""
    untranslated: tuple[SegmentKey, ...] = ()
    """Segment ids (``title``, ``<section>/heading``, block and item keys) served in
    the source language because the catalog lacks them."""


def _guide_schema_extra(schema: dict[str, Any], model: type[Any]) -> None:
    """Describe the fields and name the JSON Schema dialect Pydantic writes."""
    describe_fields(schema, model)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"


class Guide(_Model):
    """A complete guide in one locale: metadata, introduction and sections.

    Block and list item ``key``s may be omitted on input; they are then derived from
    their position, as the catalogs number them. ``fingerprint`` may be omitted too;
    it is then computed. When given, it must match the content, so a stored guide
    that was edited without updating it is rejected rather than served under a stale
    fingerprint. A fingerprint an earlier release computed (by the recipe of its
    time) for this very content is accepted too, and replaced by the current one, so
    JSON written by any earlier release loads.
    """

    model_config = ConfigDict(title="Guide", json_schema_extra=_guide_schema_extra)

    slug: Slug
    """The guide's identifier (``acupuncture-for-back-pain``)."""
    locale: LocaleTag
    """BCP 47 tag of the locale actually served (``pt-BR``, ``zh-Hans``)."""
    source_locale: LocaleTag
    """BCP 47 tag of the locale the guide was written in (``en``)."""
    text_direction: Literal["ltr", "rtl"]
    """Direction of the served locale's script, from CLDR."""
    title: PlainText
    """The guide's title as plain text."""
    author: Author
    """Who wrote the guide."""
    published: datetime.date
    """Date the original article was published."""
    reading_time_minutes: ReadingMinutes
    """Estimated reading time in the served locale, in whole minutes (1 to 1,000)."""
    introduction: tuple[Block, ...] = ()
    """Blocks before the first section heading."""
    sections: tuple[Section, ...] = ()
    """The sections, in order."""
    translation: TranslationInfo | None = None
    """Provenance of a translated guide; ``None`` when the guide is in its source locale."""
    fingerprint: Fingerprint = ""
    """Hex SHA-256 of the canonical JSON of the content a reader sees (the recipe is in
    docs/content-model.md); computed when omitted, and recomputed when an earlier
    release's recipe made it."""

    @field_validator("sections")
    @classmethod
    def _unique_section_ids(cls, value: tuple[Section, ...]) -> tuple[Section, ...]:
        seen: set[str] = set()
        for section in value:
            if section.id == INTRODUCTION:
                msg = (
                    f"section id {INTRODUCTION!r} is reserved for the blocks before the "
                    "first section; give the section another id"
                )
                raise ValueError(msg)
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
        # Frozen models allow no assignment; these run once, during validation.
        object.__setattr__(self, "introduction", keyed(self.introduction, INTRODUCTION))
        object.__setattr__(
            self,
            "sections",
            tuple(
                section
                if _all_keyed(section.blocks)
                else section.model_copy(update={"blocks": keyed(section.blocks, section.id)})
                for section in self.sections
            ),
        )
        _check_unique_keys(self)
        data = self.model_dump(mode="json", exclude={"fingerprint"})
        computed = fingerprint_of(guide_content(data))
        # JSON an earlier release wrote carries the fingerprint of that release's
        # recipe: it vouches for the content just as well, and is replaced below.
        if (
            self.fingerprint
            and self.fingerprint != computed
            and self.fingerprint not in earlier_fingerprints(data).values()
        ):
            msg = (
                f"fingerprint {self.fingerprint!r} does not match the content: it is "
                f"neither its fingerprint ({computed!r}) nor one an earlier release "
                "computed for it; omit it to have it computed"
            )
            raise ValueError(msg)
        object.__setattr__(self, "fingerprint", computed)
        mark_validated(self)
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """Return a copy of the guide, validated, with ``update``'s fields changed.

        Unlike Pydantic's own ``model_copy``, the copy is validated like
        :meth:`model_validate`'s output, and its ``fingerprint`` is computed for its
        content (unless ``update`` gives one, which must then match). A bad edit raises
        here, never later inside ``render()``, ``labels()`` or ``chunks()``::

            >>> from acupuncture_content import load_guide
            >>> guide = load_guide()
            >>> clinic = guide.model_copy(update={"title": "Acupuncture at Riverside Clinic"})
            >>> clinic.title, clinic.fingerprint == guide.fingerprint
            ('Acupuncture at Riverside Clinic', False)

        Args:
            update: Field values to change (model instances or plain data, validated
                like :meth:`model_validate`'s input); keys of blocks and list items
                added without one are derived from their position.
            deep: Copy the unchanged fields deeply too (they are immutable, so this
                only matters to code that compares identities).

        Raises:
            pydantic.ValidationError: the edited guide is invalid (an unknown field, an
                empty title, a ``javascript:`` link...); the error names the field path.
        """
        if not update and is_validated(self):
            # Same content, same fingerprint: a plain copy is as valid as the original.
            copied = super().model_copy(deep=deep)
            mark_validated(copied)
            return copied
        source = super().model_copy(deep=True) if deep else self
        data: dict[str, Any] = {name: getattr(source, name) for name in type(self).model_fields}
        if update:
            # The old fingerprint is for the old content: computed afresh unless given.
            data.pop("fingerprint")
            data.update(update)
        return type(self).model_validate(data)

    def compute_fingerprint(self) -> str:
        """Return the hex SHA-256 of the canonical JSON of the content a reader sees.

        The content is the guide's JSON without what is derived or provenance
        (``key``, ``text_direction``, ``translation`` but for ``reviewed``, and
        ``fingerprint``); the canonical JSON has sorted keys, no insignificant
        whitespace and non-ASCII characters as themselves, encoded as UTF-8.
        ``docs/content-model.md`` spells the recipe out, so any consumer can
        recompute it.
        """
        return fingerprint_of(guide_content(self.model_dump(mode="json")))

    def __hash__(self) -> int:
        # The fingerprint identifies the content, so hashing it is cheap and consistent
        # with equality (equal guides have equal fingerprints).
        return hash(self.fingerprint)


def _check_unique_keys(guide: Guide) -> None:
    # The title and headings are segments too: a block may not take their ids.
    seen = {"title", *(f"{section.id}/heading" for section in guide.sections)}
    everything = [*guide.introduction]
    for section in guide.sections:
        everything.extend(section.blocks)
    for block in everything:
        keys = [block.key, *(segment.key for segment in segments(block) if segment is not block)]
        for key in keys:
            if key is None:  # pragma: no cover - keyed() gave every block a key
                continue
            if key in seen:
                msg = f"duplicate segment key {key!r}: every block and list item needs its own"
                raise ValueError(msg)
            seen.add(key)


def ensure_validated(guide: object, caller: str = "this function") -> Guide:
    """Return ``guide`` if validation made it, else a validated copy (or raise).

    Raises:
        TypeError: ``guide`` is not a :class:`Guide`.
        pydantic.ValidationError: ``guide`` was built without validation
            (``model_construct``, ``model_copy``) and its content is invalid.
    """
    if is_validated(guide):  # only guides are ever marked: the renderers' fast path
        return cast("Guide", guide)
    if not isinstance(guide, Guide):
        msg = f"{caller} needs a Guide, not {type(guide).__name__}"
        raise TypeError(msg)
    return Guide.model_validate(guide)
