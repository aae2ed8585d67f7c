"""CommonMark renderer.

Text is escaped only where CommonMark would read it as syntax (see
:mod:`._commonmark`), so any CommonMark parser gives back exactly the content's text
while ordinary prose stays as written. No content can produce raw HTML, a link, an
image or an autolink.

Emphasis is the subtle part: :mod:`._emphasis` chooses each run's delimiter so that
it reads back as written, and names the two arrangements CommonMark cannot write
(there a node keeps its text and loses only its markup). As a safety net, every
block with inline markup is parsed back with markdown-it-py: if the structure
differs from the one intended, the block is written again without emphasis, and if
need be as plain text. The text itself is never lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..models import INLINE_TYPES, BulletList, Strong, Text, plain_text
from ._base import ExportFile, Renderer
from ._commonmark import escape_block_start, escape_markdown, protect_edges
from ._emphasis import (
    InlineWriter,
    as_text,
    inline_shape,
    link_markdown,
    reads_back_as,
    without_emphasis,
)
from ._options import HEADING_OFFSET, Option

if TYPE_CHECKING:
    from ..models import Block, Emphasis, Inline, Link, ListItem, Paragraph

__all__ = ["MarkdownRenderer", "escape_markdown"]


class MarkdownRenderer(Renderer):
    """Render a guide as CommonMark.

    Options:
        heading_offset: Added to heading levels (title ``#``, sections ``##``).
    """

    format: ClassVar[str] = "markdown"
    options: ClassVar[tuple[Option, ...]] = (HEADING_OFFSET,)
    exports: ClassVar[tuple[ExportFile, ...]] = (ExportFile("guide.md", "markdown"),)

    #: Inline types a subclass renders itself (their methods are used as they are).
    _custom_inlines: frozenset[str]

    def _bind_rules(self) -> None:
        super()._bind_rules()
        self._custom_inlines = frozenset(
            node_type for node_type in INLINE_TYPES if self._overrides(node_type)
        )

    def _overrides(self, node_type: str) -> bool:
        """Whether a subclass renders ``node_type`` itself (then its method is used as is)."""
        method = f"render_{node_type}"
        return getattr(type(self), method) is not getattr(MarkdownRenderer, method)

    # The parts of the outline --------------------------------------------------------

    def render_heading(self, level: int, text: str) -> str:
        """Render an ATX heading (``## Text``) at ``level`` plus the heading offset."""
        marker = "#" * (level + self.heading_offset)
        # After "## ", nothing starts a block: only the closing "#" run needs care.
        content = protect_edges(escape_markdown(text, heading=True), text)
        return f"{marker} {content}"

    def render_line(self, text: str) -> str:
        """Render a line of plain text as a paragraph of its own, escaped."""
        return protect_edges(escape_markdown(text, block_start=True), text)

    def render_label(self, text: str) -> str:
        """Render a label as a paragraph in strong emphasis."""
        label = Strong(type="strong", children=(Text(type="text", text=text),))
        return self.render_block_inlines((label,))

    def render_rule(self) -> str:
        """Render a thematic break."""
        return "---"

    def render_blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        """Render blocks, alternating ``-`` and ``*`` between neighbouring bullet lists.

        CommonMark reads two lists with the same marker, a blank line apart, as one
        loose list; a list that starts with the other marker starts a new list.
        """
        parts: list[str] = []
        follows_a_dash_list = False
        own_lists = not (self._overrides("bullet_list") or self._overrides("list_item"))
        for block in blocks:
            if isinstance(block, BulletList) and own_lists and follows_a_dash_list:
                items = (self.render_block_inlines(item.content) for item in block.items)
                parts.append("\n".join(f"* {item}" for item in items))
                follows_a_dash_list = False
            else:
                parts.append(self.render_block(block))
                follows_a_dash_list = isinstance(block, BulletList) and own_lists
        return parts

    # Blocks --------------------------------------------------------------------------

    def render_paragraph(self, paragraph: Paragraph) -> str:
        """Render a paragraph on one line."""
        return self.render_block_inlines(paragraph.content)

    def render_bullet_list(self, bullet_list: BulletList) -> str:
        """Render a tight list with ``-`` markers (``*`` right after another list)."""
        return "\n".join(self.render_list_item(item) for item in bullet_list.items)

    def render_list_item(self, item: ListItem) -> str:
        """Render one ``- `` item."""
        return f"- {self.render_block_inlines(item.content)}"

    def render_block_inlines(self, inlines: tuple[Inline, ...]) -> str:
        """Render the inlines of a whole block, escaping block-start syntax and edges.

        A block with emphasis is parsed back (see the module docstring); a subclass
        that overrides an inline rule gets its output as written.
        """
        plain = all(isinstance(inline, Text) for inline in inlines)
        if plain or self._custom_inlines:
            return self._as_block(inlines)
        markdown, shape = self._writer().write(inlines)
        rendered = protect_edges(escape_block_start(markdown), plain_text(inlines))
        if reads_back_as(rendered, shape):
            return rendered
        flat = without_emphasis(inlines)
        rendered = self._as_block(flat)
        if reads_back_as(rendered, inline_shape(flat)):
            return rendered
        return self._as_block((as_text(inlines),))

    def _as_block(self, inlines: tuple[Inline, ...]) -> str:
        rendered = escape_block_start(self.render_inlines(inlines))
        return protect_edges(rendered, plain_text(inlines))

    # Inlines -------------------------------------------------------------------------

    def render_inlines(self, inlines: tuple[Inline, ...]) -> str:
        """Render inlines, keeping emphasis delimiters readable as delimiters."""
        texts = [inline.text for inline in inlines if isinstance(inline, Text)]
        if len(texts) == len(inlines) and not self._custom_inlines:
            # Most paragraphs and items: no delimiter to choose, and escaped text
            # never starts a link (an image needs "!" before one).
            return "".join([escape_markdown(text) for text in texts])
        return self._writer().write(inlines)[0]

    def render_text(self, text: Text) -> str:
        """Render escaped text."""
        return escape_markdown(text.text)

    def render_emphasis(self, emphasis: Emphasis) -> str:
        """Render ``*...*`` (``_..._`` where ``*`` would merge with a neighbour)."""
        return self._writer().delimited(1, emphasis.children)[0]

    def render_strong(self, strong: Strong) -> str:
        """Render ``**...**`` (``__...__`` where ``*`` would merge with a neighbour)."""
        return self._writer().delimited(2, strong.children)[0]

    def render_link(self, link: Link) -> str:
        """Render ``[text](<href>)``."""
        return link_markdown(self.render_inlines(link.children), link.href)

    def _writer(self) -> InlineWriter:
        return InlineWriter(self.render_inline, self._custom_inlines)
