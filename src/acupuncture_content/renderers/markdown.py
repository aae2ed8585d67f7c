"""CommonMark renderer.

Text is escaped only where CommonMark would read it as syntax (see
:mod:`._commonmark`), so any CommonMark parser gives back exactly the content's text
while ordinary prose stays as written. No content can produce raw HTML, a link, an
image or an autolink.

Emphasis is the subtle part: whether a run of ``*`` or ``_`` opens or closes
emphasis depends on its neighbours, and touching runs of one character merge. Each
emphasis picks ``*`` or ``_`` to differ from the runs around and before it, and
puts a character reference where a run would otherwise not "flank" its text. As a
safety net, every block with inline markup is parsed back with markdown-it-py: if
the structure differs from the content's, the block is written again without
emphasis, and if need be as plain text. The text itself is never lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from .._bidi import isolate
from .._errors import ContentError
from ..models import plain_text
from ._base import ExportFile, Renderer
from ._commonmark import (
    character_reference,
    escape_block_start,
    escape_link_destination,
    escape_markdown,
    is_boundary,
    protect_edges,
    reference_first,
    reference_last,
)
from ._options import HEADING_OFFSET, Option

if TYPE_CHECKING:
    from .._labels import Labels
    from ..models import (
        BulletList,
        Emphasis,
        Guide,
        Inline,
        Link,
        ListItem,
        Paragraph,
        Section,
        Strong,
        Text,
    )

__all__ = ["MarkdownRenderer", "escape_markdown", "inline_shape"]

_DELIMITED = frozenset({"emphasis", "strong"})


class MarkdownRenderer(Renderer):
    """Render a guide as CommonMark.

    Options:
        heading_offset: Added to heading levels (title ``#``, sections ``##``).
    """

    format: ClassVar[str] = "markdown"
    options: ClassVar[tuple[Option, ...]] = (HEADING_OFFSET,)
    exports: ClassVar[tuple[ExportFile, ...]] = (ExportFile("guide.md", "markdown"),)

    def render_heading(self, level: int, text: str) -> str:
        """Render an ATX heading (``## Text``) at ``level`` plus the heading offset."""
        marker = "#" * (level + self.heading_offset)
        content = protect_edges(escape_markdown(text, block_start=True, heading=True), text)
        return f"{marker} {content}"

    def _line(self, text: str) -> str:
        """Escape a standalone line of plain text (byline, notices, disclaimer)."""
        return protect_edges(escape_markdown(text, block_start=True), text)

    def render_header(self, guide: Guide, labels: Labels) -> str:
        """Render the title, the byline and the notices as blocks."""
        author = isolate(guide.author.name, guide.text_direction)
        blocks = [
            self.render_heading(1, guide.title),
            self._line(f"{author} · {labels.published} · {labels.reading_time}"),
        ]
        notices = (labels.translation_notice, labels.review_notice)
        blocks.extend(self._line(notice) for notice in notices if notice)
        return "\n\n".join(blocks)

    def render_footer(self, guide: Guide, labels: Labels) -> str:
        """Render the disclaimer as the last paragraph."""
        return self._line(labels.disclaimer)

    def render_section(self, section: Section) -> str:
        """Render the section heading and its blocks."""
        parts = [self.render_heading(2, section.heading)]
        parts.extend(self.render_block(block) for block in section.blocks)
        return "\n\n".join(parts)

    def render_paragraph(self, paragraph: Paragraph) -> str:
        """Render a paragraph on one line."""
        return self.render_block_inlines(paragraph.content)

    def render_bullet_list(self, bullet_list: BulletList) -> str:
        """Render a tight list with ``-`` markers."""
        return "\n".join(self.render_list_item(item) for item in bullet_list.items)

    def render_list_item(self, item: ListItem) -> str:
        """Render one ``- `` item."""
        return f"- {self.render_block_inlines(item.content)}"

    def render_block_inlines(self, inlines: tuple[Inline, ...]) -> str:
        """Render the inlines of a whole block, escaping block-start syntax and edges.

        A block with emphasis is parsed back (see the module docstring); a subclass
        that overrides an inline rule gets its output as written.
        """
        plain = all(inline.type == "text" for inline in inlines)
        if plain or self._custom_inlines():
            return self._as_block(inlines)
        for attempt in (inlines, _without_emphasis(inlines)):
            rendered = self._as_block(attempt)
            if _reads_back_as(rendered, attempt):
                return rendered
        return self._as_block((_as_text(inlines),))

    def _as_block(self, inlines: tuple[Inline, ...]) -> str:
        rendered = escape_block_start(self.render_inlines(inlines))
        return protect_edges(rendered, plain_text(inlines))

    def _custom_inlines(self) -> bool:
        """Whether a subclass overrides how any inline node renders."""
        return any(
            self._overrides(node_type) for node_type in ("text", "emphasis", "strong", "link")
        )

    def _overrides(self, node_type: str) -> bool:
        """Whether a subclass renders ``node_type`` itself (then its method is used as is)."""
        method = f"render_{node_type}"
        return getattr(type(self), method) is not getattr(MarkdownRenderer, method)

    # Inlines -------------------------------------------------------------------------

    def render_text(self, text: Text) -> str:
        """Render escaped text."""
        return escape_markdown(text.text)

    def render_emphasis(self, emphasis: Emphasis) -> str:
        """Render ``*...*`` (``_..._`` where ``*`` would merge with a neighbour)."""
        return self._delimited(1, emphasis.children)

    def render_strong(self, strong: Strong) -> str:
        """Render ``**...**`` (``__...__`` where ``*`` would merge with a neighbour)."""
        return self._delimited(2, strong.children)

    def render_link(self, link: Link) -> str:
        """Render ``[text](<href>)``."""
        return f"[{self.render_inlines(link.children)}](<{escape_link_destination(link.href)}>)"

    def render_inlines(self, inlines: tuple[Inline, ...]) -> str:
        """Render inlines, keeping emphasis delimiters readable as delimiters."""
        return self._inline_run(inlines, avoid=None)[0]

    def _delimited(self, count: int, children: tuple[Inline, ...], character: str = "*") -> str:
        """Wrap ``children`` in a run of ``count`` ``character``s (1 emphasis, 2 strong)."""
        inner, opens_with_run, closes_with_run = self._inline_run(children, avoid=character)
        # A run never flanks whitespace; as a numeric reference the space becomes "&...;",
        # punctuation, which the run can flank (given a boundary outside it).
        if not opens_with_run and inner[0].isspace():
            inner = character_reference(inner[0]) + inner[1:]
        if not closes_with_run and inner[-1].isspace():
            inner = inner[:-1] + character_reference(inner[-1])
        run = character * count
        return f"{run}{inner}{run}"

    def _inline_run(self, inlines: tuple[Inline, ...], avoid: str | None) -> tuple[str, bool, bool]:
        """Render inlines inside a run of ``avoid`` (or at top level when ``None``).

        Returns:
            The Markdown, and whether it begins and whether it ends with a delimiter run.
        """
        pieces: list[str] = []
        characters: list[str | None] = []
        for index, inline in enumerate(inlines):
            character = self._delimiter_for(inlines, index, characters, avoid)
            if character is None:
                if inline.type in _DELIMITED and not self._overrides(inline.type):
                    # No delimiter may be used here: keep the text, drop this node's markup.
                    pieces.append(self._inline_run(inline.children, avoid)[0])  # type: ignore[union-attr]
                else:
                    pieces.append(self.render_inline(inline))
            else:
                count = 1 if inline.type == "emphasis" else 2
                pieces.append(self._delimited(count, inline.children, character))  # type: ignore[union-attr]
            characters.append(character)
        _separate_runs(inlines, pieces, characters)
        return "".join(pieces), characters[0] is not None, characters[-1] is not None

    def _delimiter_for(
        self,
        inlines: tuple[Inline, ...],
        index: int,
        previous: list[str | None],
        avoid: str | None,
    ) -> str | None:
        """Choose ``*`` or ``_`` for the emphasis at ``index``, or ``None`` for none.

        Runs of one character that touch merge, so the choice differs from the run
        just before (and, at an edge, from the run around). A run nested at the edge
        of another run next to punctuation could pair with the wrong partner, and
        where neither character is free only the text can be kept.
        """
        inline = inlines[index]
        if inline.type not in _DELIMITED or self._overrides(inline.type):
            return None
        final = len(inlines) - 1
        taken = {previous[index - 1]} if index else set()
        if avoid is not None and index in {0, final}:
            taken.add(avoid)
        text = plain_text(inline.children)  # type: ignore[union-attr]
        touching_edge = (index == 0 and is_boundary(text[0])) or (
            index == final and is_boundary(text[-1])
        )
        if avoid is not None and touching_edge:
            return None
        return next((character for character in "*_" if character not in taken), None)


def _separate_runs(
    inlines: tuple[Inline, ...], pieces: list[str], characters: list[str | None]
) -> None:
    """Make each delimiter run flank its text, referencing a neighbour's edge character.

    A run whose inside edge is punctuation (a reference "&#32;", a nested run, an
    escape) flanks only with whitespace or punctuation on its outside; so does "_"
    always, as it never opens or closes inside a word.
    """
    for index, character in enumerate(characters):
        if character is None:
            continue
        count = 1 if inlines[index].type == "emphasis" else 2
        inner = pieces[index][count:-count]
        needs_before = character == "_" or is_boundary(inner[0])
        needs_after = character == "_" or is_boundary(inner[-1])
        if index and needs_before and not is_boundary(pieces[index - 1][-1]):
            pieces[index - 1] = reference_last(pieces[index - 1])
        following = index + 1 < len(pieces)
        if following and needs_after and not is_boundary(pieces[index + 1][0]):
            pieces[index + 1] = reference_first(pieces[index + 1])


def inline_shape(inlines: tuple[Inline, ...] | list[dict[str, Any]]) -> list[object]:
    """Structure and text of inlines, adjacent text merged, link targets left out.

    Two runs of inlines with the same shape read the same: this is what the
    read-back compares.
    """
    shape: list[object] = []
    for inline in inlines:
        item = inline if isinstance(inline, dict) else inline.model_dump()
        if item["type"] == "text":
            if shape and isinstance(shape[-1], str):
                shape[-1] += item["text"]
            else:
                shape.append(item["text"])
        else:
            shape.append((item["type"], inline_shape(item["children"])))
    return shape


def _reads_back_as(markdown: str, inlines: tuple[Inline, ...]) -> bool:
    """Whether CommonMark parses ``markdown`` back into ``inlines`` (text and structure)."""
    from .._parse import parse_inline  # markdown-it loads only for blocks with markup

    try:
        parsed = parse_inline(markdown, "rendered Markdown")
    except ContentError:
        return False
    return inline_shape(list(parsed)) == inline_shape(inlines)


def _without_emphasis(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The same inlines with emphasis and strong unwrapped (links and text kept)."""
    flat: list[Inline] = []
    for inline in inlines:
        if inline.type in _DELIMITED:
            flat.extend(_without_emphasis(inline.children))  # type: ignore[union-attr]
        elif inline.type == "link":
            flat.append(inline.model_copy(update={"children": _without_emphasis(inline.children)}))
        else:
            flat.append(inline)
    return tuple(flat)


def _as_text(inlines: tuple[Inline, ...]) -> Text:
    from ..models import Text

    return Text.model_construct(type="text", text=plain_text(inlines))
