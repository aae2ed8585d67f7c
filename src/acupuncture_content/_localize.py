"""Build a validated :class:`Guide` for one locale from a parsed source and a catalog.

Each segment's Markdown source is looked up in the catalog with ``pgettext``
(``msgctxt`` = segment id). A segment the catalog lacks is served in the source
language and listed in the guide's translation provenance; nothing fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ._catalogs import Untranslated
from ._errors import ContentError
from ._parse import BulletListSkeleton, ParagraphSkeleton, parse_inline, parse_plain
from ._reading_time import reading_time_minutes
from ._tags import text_direction_of
from .models import Guide, TranslationInfo

if TYPE_CHECKING:
    from ._catalogs import Catalog
    from ._parse import BlockSkeleton, DocumentSkeleton, Segment

__all__ = ["localize"]


class _SegmentTranslator:
    """Looks up segments in one catalog and remembers which ones it lacked."""

    def __init__(self, catalog: Catalog | None) -> None:
        self._catalog = catalog
        self.missing: list[str] = []
        self.total = 0

    def where(self, segment: Segment, source_file: str) -> str:
        if self._catalog is None:
            return f"{source_file}:{segment.line}"
        return f"{self._catalog.path} (msgctxt {segment.id!r})"

    def __call__(self, segment: Segment) -> str:
        self.total += 1
        if self._catalog is None:
            return segment.source
        text = self._catalog.translations.pgettext(segment.id, segment.source)
        if isinstance(text, Untranslated):
            self.missing.append(segment.id)
        return text


def localize(
    document: DocumentSkeleton,
    tag: str,
    catalog: Catalog | None,
    *,
    reviewed: bool = False,
    source_minutes: int | None = None,
) -> Guide:
    """Return the validated guide of ``document`` in locale ``tag``.

    Args:
        document: The parsed guide source.
        tag: BCP 47 tag of the served locale.
        catalog: The guide's catalog for ``tag``, or ``None`` for the source locale.
        reviewed: Whether a qualified human reviewed every catalog the guide uses.
        source_minutes: The source guide's reading time, for languages without a
            published reading rate.

    Raises:
        ContentError: a segment or translation holds unsupported or invalid content.
    """
    source_file = document.source.filename
    translate = _SegmentTranslator(catalog)

    def inline(segment: Segment) -> tuple[dict[str, Any], ...]:
        return parse_inline(translate(segment), translate.where(segment, source_file))

    def plain(segment: Segment) -> str:
        return parse_plain(translate(segment), translate.where(segment, source_file))

    def blocks(skeletons: tuple[BlockSkeleton, ...]) -> list[dict[str, Any]]:
        built: list[dict[str, Any]] = []
        for block in skeletons:
            if isinstance(block, ParagraphSkeleton):
                built.append(
                    {"type": "paragraph", "key": block.segment.id, "content": inline(block.segment)}
                )
            elif isinstance(block, BulletListSkeleton):
                items = [{"key": item.id, "content": inline(item)} for item in block.items]
                built.append({"type": "bullet_list", "key": block.id, "items": items})
        return built

    front_matter = document.source.front_matter
    data: dict[str, Any] = {
        "slug": front_matter.slug,
        "locale": tag,
        "source_locale": front_matter.source_locale,
        "title": plain(document.title),
        "author": {"name": front_matter.author},
        "published": front_matter.published,
        "introduction": blocks(document.introduction),
        "sections": [
            {"id": section.id, "heading": plain(section.heading), "blocks": blocks(section.blocks)}
            for section in document.sections
        ],
    }
    language = tag.split("-", maxsplit=1)[0]
    data["reading_time_minutes"] = reading_time_minutes(_all_text(data), language, source_minutes)
    data["text_direction"] = text_direction_of(tag)
    if catalog is not None:
        translated = translate.total - len(translate.missing)
        data["translation"] = TranslationInfo(
            source_locale=front_matter.source_locale,
            reviewed=reviewed,
            coverage=round(translated / translate.total, 4) if translate.total else 1.0,
            untranslated=tuple(translate.missing),
        )
    try:
        return Guide.model_validate(data)
    except ValidationError as error:
        where = catalog.path if catalog is not None else source_file
        msg = f"{where}: the {tag} guide is invalid: {error}"
        raise ContentError(msg) from error


def _inline_text(inlines: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> str:
    return "".join(
        item["text"] if item["type"] == "text" else _inline_text(item["children"])
        for item in inlines
    )


def _all_text(data: dict[str, Any]) -> str:
    """Return every reader-visible string of guide ``data``, space separated."""
    parts = [data["title"]]

    def block_text(raw_blocks: list[dict[str, Any]]) -> None:
        for block in raw_blocks:
            if block["type"] == "paragraph":
                parts.append(_inline_text(block["content"]))
            else:
                parts.extend(_inline_text(item["content"]) for item in block["items"])

    block_text(data["introduction"])
    for section in data["sections"]:
        parts.append(section["heading"])
        block_text(section["blocks"])
    return " ".join(parts)
