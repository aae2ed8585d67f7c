"""Build a validated :class:`Guide` for one locale from a parsed source and a catalog.

Each segment's Markdown source is looked up in the catalog with ``pgettext``
(``msgctxt`` = segment id). A segment the catalog lacks is served in the source
language and listed in the guide's translation provenance; nothing fails.

Every locale tells the source guide's reading time: a translation says what its
original says, so its reader needs about as long (IReST, which timed matched texts in
17 languages, found about the same number of texts read per minute in each: see
``docs/localization.md``). The figure is the author's, stated in the front matter, or
else counted in the English source at the silent-reading rate of
:data:`SILENT_READING_WORDS_PER_MINUTE`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ._catalogs import Untranslated
from ._errors import ContentError
from ._parse import parse_inline, parse_plain
from ._tags import text_direction_of
from .models import Guide, TranslationInfo, plain_text, segments, with_segment_content

if TYPE_CHECKING:
    from ._catalogs import Catalog
    from ._parse import DocumentSkeleton, Segment
    from .models import Block, Inline, SegmentNode

__all__ = ["SILENT_READING_WORDS_PER_MINUTE", "localize", "reading_time_minutes"]

#: Adults' silent reading of English non-fiction, in words per minute: Brysbaert M.
#: How many words do we read per minute? A review and meta-analysis of reading rate.
#: Journal of Memory and Language 2019;109:104047. doi:10.1016/j.jml.2019.104047
SILENT_READING_WORDS_PER_MINUTE = 238


class _SegmentTranslator:
    """Looks up segments in one catalog and remembers which ones it lacked."""

    def __init__(self, catalog: Catalog | None, source_file: str) -> None:
        self._catalog = catalog
        self._source_file = source_file
        self.missing: list[str] = []
        self.total = 0

    def _where(self, segment: Segment) -> str:
        if self._catalog is None:
            return f"{self._source_file}:{segment.line}"
        return f"{self._catalog.path} (msgctxt {segment.id!r})"

    def _translation(self, segment: Segment) -> str | None:
        """The catalog's translation of ``segment``; ``None`` for the source's own text."""
        self.total += 1
        if self._catalog is None:
            return None
        text = self._catalog.translations.pgettext(segment.id, segment.source)
        if isinstance(text, Untranslated):
            self.missing.append(segment.id)
            return None
        return text

    def inlines(self, segment: Segment, source_content: tuple[Inline, ...]) -> tuple[Inline, ...]:
        """The inline content of ``segment``, given its content in the source language."""
        text = self._translation(segment)
        return source_content if text is None else parse_inline(text, self._where(segment))

    def plain(self, segment: Segment) -> str:
        """The plain text of a title or heading ``segment``."""
        text = self._translation(segment)
        return parse_plain(segment.source if text is None else text, self._where(segment))


def localize(
    document: DocumentSkeleton,
    tag: str,
    catalog: Catalog | None,
    *,
    reviewed: bool = False,
) -> Guide:
    """Return the validated guide of ``document`` in locale ``tag``.

    The blocks of ``document`` (models in the source language) are mapped to the
    same blocks with each segment's content translated.

    Args:
        document: The parsed guide source.
        tag: BCP 47 tag of the served locale.
        catalog: The guide's catalog for ``tag``, or ``None`` for the source locale.
        reviewed: Whether a qualified human reviewed every catalog the guide uses.

    Raises:
        ContentError: a segment or translation holds unsupported or invalid content.
    """
    source_file = document.source.filename
    translate = _SegmentTranslator(catalog, source_file)

    def content(node: SegmentNode) -> tuple[Inline, ...]:
        return translate.inlines(document.segment(node), node.content)

    def blocks(source_blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(with_segment_content(block, content) for block in source_blocks)

    front_matter = document.source.front_matter
    data: dict[str, Any] = {
        "slug": front_matter.slug,
        "locale": tag,
        "source_locale": front_matter.source_locale,
        "title": translate.plain(document.title),
        "author": {"name": front_matter.author},
        "published": front_matter.published,
        "introduction": blocks(document.introduction),
        "sections": [
            {
                "id": section.id,
                "heading": translate.plain(section.heading),
                "blocks": blocks(section.blocks),
            }
            for section in document.sections
        ],
    }
    data["reading_time_minutes"] = reading_time_minutes(document)
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


def reading_time_minutes(document: DocumentSkeleton) -> int:
    """Return the reading time every locale of ``document`` tells, in whole minutes.

    The author's figure from the front matter when it states one; otherwise the
    source's words (runs of non-space characters holding a letter or digit, in the
    text a reader sees) at :data:`SILENT_READING_WORDS_PER_MINUTE`, rounded up.

    Raises:
        ContentError: the guide states no figure and its source is not English, the
            only language the rate is for; or a segment is invalid.
    """
    front_matter = document.source.front_matter
    if front_matter.reading_time_minutes is not None:
        return front_matter.reading_time_minutes
    source_file = document.source.filename
    if front_matter.source_locale.split("-", maxsplit=1)[0] != "en":
        msg = (
            f"{source_file}: state reading_time_minutes in the front matter: it can be "
            f"estimated only for English (at {SILENT_READING_WORDS_PER_MINUTE} words a "
            f"minute), not for source locale {front_matter.source_locale!r}"
        )
        raise ContentError(msg)
    texts = [parse_plain(document.title.source, f"{source_file}:{document.title.line}")]
    blocks = list(document.introduction)
    for section in document.sections:
        heading = section.heading
        texts.append(parse_plain(heading.source, f"{source_file}:{heading.line}"))
        blocks.extend(section.blocks)
    texts.extend(plain_text(node.content) for block in blocks for node in segments(block))
    words = sum(1 for text in texts for word in text.split() if any(map(str.isalnum, word)))
    return max(1, math.ceil(words / SILENT_READING_WORDS_PER_MINUTE))
