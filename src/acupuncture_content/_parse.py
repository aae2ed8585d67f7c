"""Strict Markdown parsing of guide sources into segments and plain data.

A guide body is CommonMark restricted to what the content model can hold: one
level-1 heading (the title), level-2 section headings, paragraphs, flat bullet
lists, and inline emphasis, strong emphasis and links. Anything else is a
:class:`ContentError` naming the file and line, so an unsupported construct is
never dropped or passed through silently.

The parser returns a *skeleton*: the document's structure with one
:class:`Segment` per title, heading, paragraph and list item. Each segment keeps
its Markdown inline source, which is exactly what translators see as the gettext
``msgid``; :func:`parse_inline` turns that source (or its translation) into the
plain data that the models validate.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import unicodedata
from typing import TYPE_CHECKING, Any

from ._errors import ContentError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from ._source import GuideSource

__all__ = [
    "BulletListSkeleton",
    "DocumentSkeleton",
    "ParagraphSkeleton",
    "SectionSkeleton",
    "Segment",
    "parse_document",
    "parse_inline",
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
class ParagraphSkeleton:
    """A paragraph: one segment."""

    segment: Segment


@dataclasses.dataclass(frozen=True, slots=True)
class BulletListSkeleton:
    """A bullet list: its segment id (``<section>/list1``) and one segment per item."""

    id: str
    items: tuple[Segment, ...]


BlockSkeleton = ParagraphSkeleton | BulletListSkeleton


@dataclasses.dataclass(frozen=True, slots=True)
class SectionSkeleton:
    """A section: its stable id, heading segment and blocks."""

    id: str
    heading: Segment
    blocks: tuple[BlockSkeleton, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class DocumentSkeleton:
    """The structure of a guide, independent of any locale."""

    source: GuideSource
    title: Segment
    introduction: tuple[BlockSkeleton, ...]
    sections: tuple[SectionSkeleton, ...]

    def segments(self) -> tuple[Segment, ...]:
        """Return every segment in document order."""
        found = [self.title]
        found.extend(_block_segments(self.introduction))
        for section in self.sections:
            found.append(section.heading)
            found.extend(_block_segments(section.blocks))
        return tuple(found)


def _block_segments(blocks: tuple[BlockSkeleton, ...]) -> list[Segment]:
    found: list[Segment] = []
    for block in blocks:
        if isinstance(block, ParagraphSkeleton):
            found.append(block.segment)
        else:
            found.extend(block.items)
    return found


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


# The segment-id prefix of the blocks before the first section (models.INTRODUCTION;
# not imported from there, so that parsing never loads Pydantic).
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
    """Parse a guide body into its skeleton.

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


class _BlockReader:
    """Walks the block token stream once, building the skeleton."""

    def __init__(self, source: GuideSource, tokens: list[Token]) -> None:
        self._source = source
        self._tokens = tokens
        self._position = 0

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
        title = self._inline_segment("title", heading=True)
        self._next()  # heading_close
        introduction: list[BlockSkeleton] = []
        # (id, heading, blocks) while reading; frozen into SectionSkeletons at the end.
        sections: list[tuple[str, Segment, list[BlockSkeleton]]] = []
        counters = _Counters(_INTRODUCTION)
        blocks = introduction
        while self._position < len(self._tokens):
            token = self._next()
            if token.type == "heading_open":
                section_id = self._section_heading_id(token, {entry[0] for entry in sections})
                heading = self._inline_segment(f"{section_id}/heading", heading=True)
                self._next()  # heading_close
                blocks = []
                counters = _Counters(section_id)
                sections.append((section_id, heading, blocks))
            elif token.type == "paragraph_open":
                segment = self._inline_segment(counters.next_paragraph())
                self._next()  # paragraph_close
                blocks.append(ParagraphSkeleton(segment))
            elif token.type == "bullet_list_open":
                blocks.append(self._bullet_list(counters.next_list()))
            else:
                raise self._error(token, _unsupported_message(token))
        return DocumentSkeleton(
            source=self._source,
            title=title,
            introduction=tuple(introduction),
            sections=tuple(
                SectionSkeleton(section_id, heading, tuple(section_blocks))
                for section_id, heading, section_blocks in sections
            ),
        )

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

    def _bullet_list(self, list_id: str) -> BulletListSkeleton:
        items: list[Segment] = []
        # markdown-it always closes the list it opened, so this loop ends at its close.
        while True:
            token = self._next()
            if token.type == "bullet_list_close":
                return BulletListSkeleton(list_id, tuple(items))
            if token.type != "list_item_open":
                raise self._error(token, _unsupported_message(token))
            paragraph = self._next()
            if paragraph.type != "paragraph_open":
                raise self._error(
                    paragraph, f"a list item must hold text only, not {_describe(paragraph)}"
                )
            items.append(self._inline_segment(f"{list_id}/item{len(items) + 1}"))
            self._next()  # paragraph_close
            closing = self._next()
            if closing.type != "list_item_close":
                raise self._error(
                    closing,
                    f"a list item must hold one paragraph only, not also {_describe(closing)}",
                )

    def _inline_segment(self, segment_id: str, *, heading: bool = False) -> Segment:
        token = self._next()
        line = self._line(token)
        # A soft line break inside a paragraph is a space to the reader; the msgid is
        # one line so translators see the whole sentence.
        source = " ".join(part.strip() for part in token.content.split("\n"))
        where = f"{self._source.filename}:{line}"
        _inline_tokens_to_data(token.children or [], where)
        if heading and not _is_plain(token.children or []):
            msg = f"{where}: headings must be plain text, without emphasis or links"
            raise ContentError(msg)
        return Segment(segment_id, source, line)


@dataclasses.dataclass(slots=True)
class _Counters:
    """Numbers paragraphs and lists within one section for their segment ids."""

    prefix: str
    paragraphs: int = 0
    lists: int = 0

    def next_paragraph(self) -> str:
        self.paragraphs += 1
        return f"{self.prefix}/p{self.paragraphs}"

    def next_list(self) -> str:
        self.lists += 1
        return f"{self.prefix}/list{self.lists}"


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


def parse_inline(source: str, where: str) -> tuple[dict[str, Any], ...]:
    """Parse Markdown inline ``source`` into plain inline data for the models.

    Args:
        source: Markdown inline syntax (a segment's msgid or its translation).
        where: Location for error messages (``file:line`` or catalog and msgctxt).

    Raises:
        ContentError: the source uses inline syntax the model cannot hold.
    """
    tokens = _parser().parseInline(source)
    children = tokens[0].children if tokens else None
    return _inline_tokens_to_data(children or [], where)


def parse_plain(source: str, where: str) -> str:
    """Parse Markdown inline ``source`` that must be plain text (a title or heading)."""
    data = parse_inline(source, where)
    if any(item["type"] != "text" for item in data):
        msg = f"{where}: headings must be plain text, without emphasis or links"
        raise ContentError(msg)
    return "".join(item["text"] for item in data)


def _inline_tokens_to_data(tokens: list[Token], where: str) -> tuple[dict[str, Any], ...]:
    """Convert markdown-it inline tokens into nested dicts in the model's JSON shape."""
    root: list[dict[str, Any]] = []
    stack: list[list[dict[str, Any]]] = [root]
    for token in tokens:
        siblings = stack[-1]
        if token.type in {"text", "softbreak"}:
            text = token.content if token.type == "text" else " "
            if siblings and siblings[-1]["type"] == "text":
                siblings[-1]["text"] += text
            elif text:
                siblings.append({"type": "text", "text": text})
        elif token.type in {"em_open", "strong_open", "link_open"}:
            node: dict[str, Any] = {
                "type": {"em_open": "emphasis", "strong_open": "strong", "link_open": "link"}[
                    token.type
                ],
                "children": [],
            }
            if token.type == "link_open":
                node["href"] = str(token.attrGet("href") or "")
            siblings.append(node)
            stack.append(node["children"])
        elif token.type in {"em_close", "strong_close", "link_close"}:
            stack.pop()
        else:
            what = _UNSUPPORTED_INLINES.get(token.type, token.type.replace("_", " "))
            msg = f"{where}: {what} are not supported in guides"
            raise ContentError(msg)
    return tuple(root)
