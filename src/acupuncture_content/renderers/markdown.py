"""CommonMark renderer.

Text is escaped only where CommonMark would read it as syntax (see
:mod:`._commonmark`), so any CommonMark parser gives back exactly the content's text
while ordinary prose stays as written. No content can produce raw HTML, a link, an
image or an autolink.

Emphasis is the subtle part: whether a run of ``*`` or ``_`` opens or closes
emphasis depends on its neighbours, and touching runs of one character merge. Each
emphasis picks ``*`` or ``_`` to differ from the runs touching it, preferring one
no run around it uses, and puts a character reference where a run would otherwise
not "flank" its text. Two cases cannot be written, and there the node keeps its
text and loses only its markup (its children take its place):

- both characters are taken: the run just before it uses one and, at the first or
  last position inside another run, that run uses the other (``*_a_ _b_*`` without
  the space);
- it must use the character of a run around it (inside runs of both characters,
  or after a run of the other one), and its text starts or ends with whitespace,
  punctuation, a symbol or another run, so it could be read as that run's end.

As a safety net, every block with inline markup is parsed back with markdown-it-py:
if the structure differs from the one intended, the block is written again without
emphasis, and if need be as plain text. The text itself is never lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from .._bidi import isolate
from .._errors import ContentError
from ..models import Strong, Text, plain_text
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
    touches_punctuation,
)
from ._options import HEADING_OFFSET, Option

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .._labels import Labels
    from ..models import (
        Block,
        BulletList,
        Emphasis,
        Guide,
        Inline,
        Link,
        ListItem,
        Paragraph,
        Section,
    )

    #: Delimited runs already rendered while rendering one block, by (``id`` of the
    #: children, run length, character, characters around). A node whose markup cannot
    #: be written is rendered again among its siblings, so without it a node 16 levels
    #: deep would be rendered up to 2**16 times; with it, at most 8 times (one per
    #: context).
    _Memo = dict[tuple[int, int, str, frozenset[str]], tuple[str, list[Inline | dict[str, Any]]]]

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
        # After "## ", nothing starts a block: only the closing "#" run needs care.
        content = protect_edges(escape_markdown(text, heading=True), text)
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
        """Render the disclaimer after a thematic break, under its label in strong emphasis.

        Set apart so that no reader takes it for the author's last paragraph.
        """
        label = Strong(type="strong", children=(Text(type="text", text=labels.disclaimer_label),))
        return "\n\n".join(
            ["---", self.render_block_inlines((label,)), self._line(labels.disclaimer)]
        )

    def render_section(self, section: Section) -> str:
        """Render the section heading and its blocks."""
        parts = [self.render_heading(2, section.heading)]
        parts.extend(self.render_blocks(section.blocks))
        return "\n\n".join(parts)

    def render_blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        """Render blocks, alternating ``-`` and ``*`` between neighbouring bullet lists.

        CommonMark reads two lists with the same marker, a blank line apart, as one
        loose list; a list that starts with the other marker starts a new list.
        """
        parts: list[str] = []
        follows_a_dash_list = False
        own_lists = not (self._overrides("bullet_list") or self._overrides("list_item"))
        for block in blocks:
            if block.type == "bullet_list" and own_lists and follows_a_dash_list:
                items = (self.render_block_inlines(item.content) for item in block.items)
                parts.append("\n".join(f"* {item}" for item in items))
                follows_a_dash_list = False
            else:
                parts.append(self.render_block(block))
                follows_a_dash_list = block.type == "bullet_list" and own_lists
        return parts

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
        plain = all(inline.type == "text" for inline in inlines)
        if plain or self._custom_inlines():
            return self._as_block(inlines)
        markdown, _opens, _closes, intended = self._inline_run(inlines, None, frozenset(), {})
        rendered = protect_edges(escape_block_start(markdown), plain_text(inlines))
        if _reads_back_as(rendered, intended):
            return rendered
        flat = _without_emphasis(inlines)
        rendered = self._as_block(flat)
        if _reads_back_as(rendered, flat):
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
        return self._delimited(1, emphasis.children, "*", frozenset(), {})[0]

    def render_strong(self, strong: Strong) -> str:
        """Render ``**...**`` (``__...__`` where ``*`` would merge with a neighbour)."""
        return self._delimited(2, strong.children, "*", frozenset(), {})[0]

    def render_link(self, link: Link) -> str:
        """Render ``[text](<href>)``."""
        return _link(self.render_inlines(link.children), link.href)

    def render_inlines(self, inlines: tuple[Inline, ...]) -> str:
        """Render inlines, keeping emphasis delimiters readable as delimiters."""
        return self._inline_run(inlines, None, frozenset(), {})[0]

    def _delimited(
        self,
        count: int,
        children: tuple[Inline, ...],
        character: str,
        around: frozenset[str],
        memo: _Memo,
    ) -> tuple[str, list[Inline | dict[str, Any]]]:
        """Wrap ``children`` in a run of ``count`` ``character``s (1 emphasis, 2 strong).

        Args:
            count: 1 for emphasis, 2 for strong emphasis.
            children: The inlines inside the run.
            character: ``*`` or ``_``.
            around: The characters of the runs around this one.
            memo: What this call of the renderer already made of which children (see
                :data:`_Memo`).

        Returns:
            The Markdown, and the children as CommonMark reads them back.
        """
        key = (id(children), count, character, around)
        if key in memo:
            return memo[key]
        inner, opens_with_run, closes_with_run, intended = self._inline_run(
            children, character, around | {character}, memo
        )
        # A run never flanks whitespace; as a numeric reference the space becomes "&...;",
        # punctuation, which the run can flank (given a boundary outside it).
        if not opens_with_run and inner[0].isspace():
            inner = character_reference(inner[0]) + inner[1:]
        if not closes_with_run and inner[-1].isspace():
            inner = inner[:-1] + character_reference(inner[-1])
        run = character * count
        memo[key] = (f"{run}{inner}{run}", intended)
        return memo[key]

    def _inline_run(
        self,
        inlines: tuple[Inline, ...],
        avoid: str | None,
        around: frozenset[str],
        memo: _Memo,
    ) -> tuple[str, bool, bool, list[Inline | dict[str, Any]]]:
        """Render inlines inside a run of ``avoid`` (or at top level when ``None``).

        Args:
            inlines: The inlines.
            avoid: The character of the run directly around them, if any.
            around: The characters of every run around them (link text starts afresh).
            memo: Shared by every call made while rendering one block.

        Returns:
            The Markdown; whether it begins and whether it ends with a delimiter run;
            and the inlines as CommonMark reads them back (a node whose markup cannot
            be written gives its children in its place).
        """
        pieces: list[str] = []
        characters: list[str | None] = []
        intended: list[Inline | dict[str, Any]] = []
        run = list(inlines)
        index = 0
        while index < len(run):
            inline = run[index]
            character = self._delimiter_for(run, index, characters, avoid, around)
            if character is not None:
                count = 1 if inline.type == "emphasis" else 2
                piece, inner = self._delimited(count, inline.children, character, around, memo)  # type: ignore[union-attr]
                if character in around and not _letters_inside(piece, count):
                    character = None  # it could be read as the end of the run around it
                else:
                    intended.append({"type": inline.type, "children": inner})
            if character is None and inline.type in _DELIMITED and not self._overrides(inline.type):
                # No delimiter may be used here: keep the text, drop this node's markup;
                # its children take its place among its siblings.
                run[index : index + 1] = inline.children  # type: ignore[union-attr]
                continue
            if inline.type == "link" and not self._overrides("link"):
                # Link text starts afresh, but the nodes inside it that lose their
                # markup must be known, for the read-back.
                text, _opens, _closes, inner = self._inline_run(
                    inline.children, None, frozenset(), memo
                )
                piece = _link(text, inline.href)
                intended.append({"type": "link", "children": inner})
            elif character is None:
                piece = self.render_inline(inline)
                intended.append(inline)
            pieces.append(piece)
            characters.append(character)
            index += 1
        _separate_runs(run, pieces, characters, around)
        return "".join(pieces), characters[0] is not None, characters[-1] is not None, intended

    def _delimiter_for(
        self,
        inlines: Sequence[Inline],
        index: int,
        previous: list[str | None],
        avoid: str | None,
        around: frozenset[str],
    ) -> str | None:
        """Choose ``*`` or ``_`` for the emphasis at ``index``, or ``None`` for none.

        Runs of one character that touch merge, so the choice differs from the run
        just before and, at the first or last position inside another run, from that
        run; where neither character is left, only the text can be kept. Of the
        characters left, one that no run around uses is preferred.
        """
        inline = inlines[index]
        if inline.type not in _DELIMITED or self._overrides(inline.type):
            return None
        taken = {previous[index - 1]} if index else set()
        if avoid is not None and index in {0, len(inlines) - 1}:
            taken.add(avoid)
        free = [character for character in "*_" if character not in taken]
        preferred = [character for character in free if character not in around]
        return next(iter(preferred or free), None)


def _link(text: str, href: str) -> str:
    return f"[{text}](<{escape_link_destination(href)}>)"


def _letters_inside(piece: str, count: int) -> bool:
    """Whether a delimited piece has neither whitespace nor punctuation inside its runs.

    Then its opening run can only open and its closing run only close (given a
    boundary outside each, see :func:`_separate_runs`), so neither can be read as
    the end of a run of the same character around it.
    """
    return not touches_punctuation(piece[count]) and not touches_punctuation(piece[-count - 1])


def _separate_runs(
    inlines: Sequence[Inline],
    pieces: list[str],
    characters: list[str | None],
    around: frozenset[str],
) -> None:
    """Make each delimiter run flank its text, referencing a neighbour's edge character.

    A run whose inside edge is punctuation (a reference "&#32;", a nested run, an
    escape) flanks only with whitespace or punctuation on its outside; so does "_"
    always, as it never opens or closes inside a word, and so does a run of the
    character of a run around it, which must not be read as that run's end. A "!"
    just before a link is escaped, or the two would read as an image.
    """
    for index, character in enumerate(characters):
        # The text escape never leaves a final "!" escaped (it escapes "!" only before "[").
        if index and pieces[index].startswith("[") and pieces[index - 1].endswith("!"):
            pieces[index - 1] = pieces[index - 1][:-1] + "\\!"
        if character is None:
            continue
        count = 1 if inlines[index].type == "emphasis" else 2
        inner = pieces[index][count:-count]
        strict = character == "_" or character in around
        needs_before = strict or touches_punctuation(inner[0])
        needs_after = strict or touches_punctuation(inner[-1])
        if index and needs_before and not is_boundary(pieces[index - 1][-1]):
            pieces[index - 1] = reference_last(pieces[index - 1])
        following = index + 1 < len(pieces)
        if following and needs_after and not is_boundary(pieces[index + 1][0]):
            pieces[index + 1] = reference_first(pieces[index + 1])


def inline_shape(inlines: Sequence[Inline | dict[str, Any]]) -> list[object]:
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


def _reads_back_as(markdown: str, inlines: Sequence[Inline | dict[str, Any]]) -> bool:
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
    return Text.model_construct(type="text", text=plain_text(inlines))
