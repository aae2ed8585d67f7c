"""Strict Markdown parsing of guide sources into content models and segments.

A guide body is CommonMark restricted to what the content model can hold: one
level-1 heading (the title), level-2 section headings, paragraphs, flat bullet
lists, and inline emphasis, strong emphasis and links. Anything else is a
:class:`ContentError` naming the file and line, so an unsupported construct is
never dropped or passed through silently.

The parser returns a :class:`DocumentSkeleton`: the guide's blocks as the content
models (:mod:`.models`) in the source language, keyed by their segment ids, and one
:class:`Segment` per title, heading, paragraph and list item. Each segment keeps its
Markdown inline source, which is exactly what translators see as the gettext
``msgid``; :func:`parse_inline` turns a translation of it into inline models.
The models are built here without validation: the guide they become part of is
validated as a whole.
"""

from __future__ import annotations

import dataclasses

# markdown-it-py imports html.entities directly (child before parent); a thread
# importing `html` (the HTML renderer) at the same moment then holds the parent's
# import lock while this one holds the child's, and Python raises _DeadlockError
# (about one fresh process in 100 with 32 threads). Importing the package `html`
# whole before markdown-it-py can load keeps the order parent-first.
import html  # noqa: F401 - imported for its place in the import order
import itertools
import re
import threading
import unicodedata
from typing import TYPE_CHECKING, Any

from ._errors import ContentError
from .models import (
    BulletList,
    Emphasis,
    Link,
    ListItem,
    Paragraph,
    Strong,
    Text,
    keyed,
    segments,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from ._source import GuideSource
    from .models import Block, Inline, SegmentNode

__all__ = [
    "DocumentSkeleton",
    "SectionSkeleton",
    "Segment",
    "parse_document",
    "parse_inline",
    "parse_plain",
    "section_id_from_heading",
]


@dataclasses.dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit: a title, heading, paragraph or list item.

    Attributes:
        id: Stable id, used as the gettext ``msgctxt`` (``safety-and-side-effects/p1``).
        source: The Markdown inline source, used as the gettext ``msgid``.
        line: 1-based line in the source file, for error messages and catalog references.
    """

    id: str
    source: str
    line: int


@dataclasses.dataclass(frozen=True, slots=True)
class SectionSkeleton:
    """A section: its stable id, heading segment and blocks (in the source language)."""

    id: str
    heading: Segment
    blocks: tuple[Block, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class DocumentSkeleton:
    """A parsed guide, the same for every locale.

    Attributes:
        source: The guide's source file.
        title: The title's segment.
        introduction: The blocks before the first section, in the source language.
        sections: The sections.
        block_segments: The segment of every paragraph and list item, by its key
            (:meth:`segment`).
    """

    source: GuideSource
    title: Segment
    introduction: tuple[Block, ...]
    sections: tuple[SectionSkeleton, ...]
    block_segments: Mapping[str, Segment]

    def segment(self, node: SegmentNode) -> Segment:
        """Return the segment (Markdown source and line) of a paragraph or list item."""
        return self.block_segments[node.key or ""]

    def segments(self) -> tuple[Segment, ...]:
        """Return every segment in document order."""
        found = [self.title]
        found.extend(self._segments_of(self.introduction))
        for section in self.sections:
            found.append(section.heading)
            found.extend(self._segments_of(section.blocks))
        return tuple(found)

    def _segments_of(self, blocks: tuple[Block, ...]) -> list[Segment]:
        return [self.segment(node) for block in blocks for node in segments(block)]


_local = threading.local()

# mdurl, which markdown-it-py calls to normalise link targets, fills module-level lookup
# tables on first use (``get_encode_cache``/``get_decode_cache``) and publishes each one
# before filling it: a second thread then indexes a half-built table (``IndexError``) or
# reads an entry not yet set. Every parser is therefore made and warmed up under this
# lock, so the first one fills every table the package's parsing reaches (a link:
# ``normalizeLink`` -> ``mdurl.encode``; an autolink also ``normalizeLinkText`` ->
# ``mdurl.decode``) before any parser is handed out. The upstream report is in
# docs/performance.md ("Threads and mdurl").
_first_parse_lock = threading.Lock()
_WARM_UP = "# *a* [b](https://example.org/)\n\n- c <https://example.org/> <c@example.org>"


def _parser() -> MarkdownIt:
    """Return this thread's CommonMark parser, made on first use.

    markdown-it-py compiles its rule chains lazily and not thread-safely (a
    ``Ruler`` publishes an empty cache before filling it), so a parser shared by
    threads can silently skip rules, such as emphasis, during its first parses.
    Each thread gets its own parser, compiled before it is used, and the shared
    tables of mdurl are filled before the first parser is returned.
    """
    parser: MarkdownIt | None = getattr(_local, "parser", None)
    if parser is None:
        from markdown_it import MarkdownIt  # markdown-it-py loads on first use

        with _first_parse_lock:
            parser = MarkdownIt("commonmark")
            parser.parse(_WARM_UP)  # compile every rule chain, fill mdurl's tables
        _local.parser = parser
    return parser


def section_id_from_heading(heading: str) -> str:
    """Derive a section id from an English heading (``"Is It Safe?"`` -> ``is-it-safe``)."""
    ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# The segment-id prefix of the blocks before the first section (models.INTRODUCTION,
# which the models check; the parser gives the reason in the source's terms).
_INTRODUCTION = "introduction"

# Block-level tokens that the content model cannot represent, with a reason each.
_UNSUPPORTED_BLOCKS = {
    "blockquote_open": "block quotes",
    "ordered_list_open": "ordered lists",
    "code_block": "indented code blocks",
    "fence": "fenced code blocks",
    "hr": "thematic breaks",
    "html_block": "raw HTML",
    "table_open": "tables",
}

_UNSUPPORTED_INLINES = {
    "code_inline": "inline code",
    "image": "images",
    "html_inline": "raw HTML",
    "hardbreak": "hard line breaks",
}


def parse_document(source: GuideSource) -> DocumentSkeleton:
    """Parse a guide body into its blocks and segments.

    Raises:
        ContentError: the body uses Markdown the content model cannot hold, has no
            title, repeats a section id, or its inline content is invalid.
    """
    env: dict[str, Any] = {}
    tokens = _parser().parse(source.body, env)
    reader = _BlockReader(source, tokens)
    document = reader.read()
    if env.get("references"):
        label = next(iter(env["references"]))
        msg = f"{source.filename}: link reference definitions are not supported ([{label}])"
        raise ContentError(msg)
    return document


@dataclasses.dataclass(slots=True)
class _Part:
    """The introduction or a section while it is read: blocks and their segments' sources."""

    prefix: str
    blocks: list[Block] = dataclasses.field(default_factory=list)
    # (Markdown source, line) of each segment, in reading order: the blocks get their
    # keys (and the segments their ids) when the part is complete.
    sources: list[tuple[str, int]] = dataclasses.field(default_factory=list)


class _BlockReader:
    """Walks the block token stream once, building the blocks and their segments."""

    def __init__(self, source: GuideSource, tokens: list[Token]) -> None:
        self._source = source
        self._tokens = tokens
        self._position = 0
        self._segments: dict[str, Segment] = {}

    def _line(self, token: Token) -> int:
        start = token.map[0] if token.map else 0
        return self._source.body_first_line + start

    def _error(self, token: Token, message: str) -> ContentError:
        return ContentError(f"{self._source.filename}:{self._line(token)}: {message}")

    def _next(self) -> Token:
        token = self._tokens[self._position]
        self._position += 1
        return token

    def read(self) -> DocumentSkeleton:
        if not self._tokens:
            msg = f"{self._source.filename}: the guide is empty; it needs a '# Title'"
            raise ContentError(msg)
        first = self._tokens[0]
        if first.type != "heading_open" or first.tag != "h1":
            raise self._error(first, "a guide must begin with its title as a '# ' heading")
        self._next()
        title = self._heading_segment("title")
        self._next()  # heading_close
        introduction = part = _Part(_INTRODUCTION)
        # (heading, part) of each section while reading.
        sections: list[tuple[Segment, _Part]] = []
        while self._position < len(self._tokens):
            token = self._next()
            if token.type == "heading_open":
                section_id = self._section_heading_id(token, {done.prefix for _, done in sections})
                heading = self._heading_segment(f"{section_id}/heading")
                self._next()  # heading_close
                part = _Part(section_id)
                sections.append((heading, part))
            elif token.type == "paragraph_open":
                content, source = self._inline_content()
                self._next()  # paragraph_close
                part.blocks.append(
                    Paragraph.model_construct(type="paragraph", key=None, content=content)
                )
                part.sources.append(source)
            elif token.type == "bullet_list_open":
                part.blocks.append(self._bullet_list(part))
            else:
                raise self._error(token, _unsupported_message(token))
        return DocumentSkeleton(
            source=self._source,
            title=title,
            introduction=self._keyed(introduction),
            sections=tuple(
                SectionSkeleton(section.prefix, heading, self._keyed(section))
                for heading, section in sections
            ),
            block_segments=self._segments,
        )

    def _keyed(self, part: _Part) -> tuple[Block, ...]:
        """Key the blocks of a complete part as the models number them; record each segment."""
        blocks = keyed(tuple(part.blocks), part.prefix)
        nodes = itertools.chain.from_iterable(segments(block) for block in blocks)
        for node, (source, line) in zip(nodes, part.sources, strict=True):
            key = node.key or ""
            self._segments[key] = Segment(key, source, line)
        return blocks

    def _section_heading_id(self, token: Token, taken: set[str]) -> str:
        if token.tag != "h2":
            raise self._error(
                token,
                f"only one '# ' title and '## ' section headings are supported, "
                f"not '{token.markup}' headings",
            )
        section_id = section_id_from_heading(_plain_inline_text(self._tokens[self._position]))
        if not section_id:
            raise self._error(token, "cannot derive a section id from this heading")
        if section_id in taken:
            raise self._error(token, f"duplicate section id {section_id!r}")
        if section_id == _INTRODUCTION:
            raise self._error(
                token,
                f"the section id {section_id!r} is reserved for the text before the first "
                "section; rename this heading",
            )
        return section_id

    def _bullet_list(self, part: _Part) -> BulletList:
        items: list[ListItem] = []
        # markdown-it always closes the list it opened, so this loop ends at its close.
        while True:
            token = self._next()
            if token.type == "bullet_list_close":
                return BulletList.model_construct(type="bullet_list", key=None, items=tuple(items))
            if token.type != "list_item_open":
                raise self._error(token, _unsupported_message(token))
            paragraph = self._next()
            if paragraph.type != "paragraph_open":
                raise self._error(
                    paragraph, f"a list item must hold text only, not {_describe(paragraph)}"
                )
            content, source = self._inline_content()
            items.append(ListItem.model_construct(key=None, content=content))
            part.sources.append(source)
            self._next()  # paragraph_close
            closing = self._next()
            if closing.type != "list_item_close":
                raise self._error(
                    closing,
                    f"a list item must hold one paragraph only, not also {_describe(closing)}",
                )

    def _inline_content(self) -> tuple[tuple[Inline, ...], tuple[str, int]]:
        """Read an inline token: its content as models, and its (Markdown source, line)."""
        token = self._next()
        line = self._line(token)
        # A soft line break inside a paragraph is a space to the reader; the msgid is
        # one line so translators see the whole sentence.
        source = " ".join(part.strip() for part in token.content.split("\n"))
        content = _inlines_from_tokens(token.children or [], f"{self._source.filename}:{line}")
        return content, (source, line)

    def _heading_segment(self, segment_id: str) -> Segment:
        token = self._tokens[self._position]
        # Read as any inline content first, so that unsupported syntax is named as such.
        _content, (source, line) = self._inline_content()
        if not _is_plain(token.children or []):
            where = f"{self._source.filename}:{line}"
            msg = f"{where}: headings must be plain text, without emphasis or links"
            raise ContentError(msg)
        return Segment(segment_id, source, line)


def _describe(token: Token) -> str:
    return _UNSUPPORTED_BLOCKS.get(token.type, token.type.removesuffix("_open").replace("_", " "))


def _unsupported_message(token: Token) -> str:
    if token.type == "bullet_list_open":
        return "nested lists are not supported"
    return f"{_describe(token)} are not supported in guides"


def _is_plain(children: list[Token]) -> bool:
    return all(child.type in {"text", "softbreak"} for child in children)


def _plain_inline_text(token: Token) -> str:
    return "".join(child.content for child in token.children or [] if child.type == "text")


def parse_inline(source: str, where: str) -> tuple[Inline, ...]:
    """Parse Markdown inline ``source`` into inline models (not yet validated).

    Args:
        source: Markdown inline syntax (a segment's msgid or its translation).
        where: Location for error messages (``file:line`` or catalog and msgctxt).

    Raises:
        ContentError: the source uses inline syntax the model cannot hold.
    """
    tokens = _parser().parseInline(source)
    children = tokens[0].children if tokens else None
    return _inlines_from_tokens(children or [], where)


def parse_plain(source: str, where: str) -> str:
    """Parse Markdown inline ``source`` that must be plain text (a title or heading)."""
    inlines = parse_inline(source, where)
    if not all(isinstance(inline, Text) for inline in inlines):
        msg = f"{where}: headings must be plain text, without emphasis or links"
        raise ContentError(msg)
    return "".join(inline.text for inline in inlines if isinstance(inline, Text))


# markdown-it's opening token of each inline node with children, and how to make its
# model from that token and the children. (Every field is given: model_construct is
# twice as fast when it fills in no defaults.)
_CONTAINERS: dict[str, Callable[[Token, tuple[Inline, ...]], Inline]] = {
    "em_open": lambda _opening, children: Emphasis.model_construct(
        type="emphasis", children=children
    ),
    "strong_open": lambda _opening, children: Strong.model_construct(
        type="strong", children=children
    ),
    "link_open": lambda opening, children: Link.model_construct(
        type="link", href=str(opening.attrGet("href") or ""), children=children
    ),
}
_CLOSING = frozenset({"em_close", "strong_close", "link_close"})


def _inlines_from_tokens(tokens: list[Token], where: str) -> tuple[Inline, ...]:
    """Convert markdown-it inline tokens into inline models, adjacent text merged.

    Iterative, so that deeply nested markup in a translation cannot exhaust the stack
    before validation limits its depth.
    """
    siblings: list[Inline] = []
    # Each open node: its opening token and the siblings it will join when it closes.
    open_nodes: list[tuple[Token, list[Inline]]] = []
    text: list[str] = []
    for token in tokens:
        if token.type in {"text", "softbreak"}:
            text.append(token.content if token.type == "text" else " ")
            continue
        if text:
            _append_text(siblings, text)
        if token.type in _CONTAINERS:
            open_nodes.append((token, siblings))
            siblings = []
        elif token.type in _CLOSING:
            opening, parent = open_nodes.pop()
            parent.append(_CONTAINERS[opening.type](opening, tuple(siblings)))
            siblings = parent
        else:
            what = _UNSUPPORTED_INLINES.get(token.type, token.type.replace("_", " "))
            msg = f"{where}: {what} are not supported in guides"
            raise ContentError(msg)
    if text:
        _append_text(siblings, text)
    return tuple(siblings)


def _append_text(siblings: list[Inline], text: list[str]) -> None:
    """Add the pending ``text`` as one run (none if it is empty) and clear it."""
    joined = "".join(text)
    text.clear()
    if joined:
        siblings.append(Text.model_construct(type="text", text=joined))
