"""CommonMark renderer.

Text is escaped only where CommonMark would read it as syntax, so any CommonMark
parser gives back exactly the content's text while ordinary prose (``30-60``,
``pain-relieving``, ``(or qi)``) stays as written. No content can produce raw HTML,
a link, an image or an autolink: ``<``, ``[`` and ``]`` are always escaped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from .._errors import ContentError
from .._ui import labels_for
from ..models import plain_text
from ._base import HEADING_OFFSET, Option, Renderer

if TYPE_CHECKING:
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

__all__ = ["MarkdownRenderer", "escape_markdown"]

# Characters that are syntax wherever they stand in a line.
_ALWAYS = re.compile(r"[*_`\[\]<]")
# A backslash escapes the ASCII punctuation after it (and a space may become "&#32;"
# at a block's edge, so it is escaped before whitespace too); "&name;" is an entity.
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|\s|$)")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]*;)")
# Constructs recognised only at the start of a block.
_BLOCK_START = re.compile(
    r"^(?:(?P<hash>#{1,6})(?=[ \t]|$)|(?P<quote>>)|(?P<bullet>[-+])(?=[ \t]|$)"
    r"|(?P<rule>-)(?=[ \t]*-)|(?P<fence>~)(?=~~)|(?P<setext>=)"
    r"|(?P<number>[0-9]{1,9})(?P<delimiter>[.)])(?=[ \t]|$))"
)
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_DELIMITED = frozenset({"emphasis", "strong"})


def _character_reference(character: str) -> str:
    return f"&#{ord(character)};"


def escape_markdown(text: str, *, block_start: bool = False, heading: bool = False) -> str:
    """Escape ``text`` so that CommonMark reads it back unchanged.

    Args:
        text: Plain text.
        block_start: ``text`` begins a paragraph, list item or heading.
        heading: ``text`` is heading content (a trailing ``#`` run would be dropped).
    """
    escaped = _BACKSLASH.sub(r"\\\\", text)
    escaped = _ENTITY.sub(r"\\&", escaped)
    escaped = _ALWAYS.sub(lambda match: "\\" + match.group(), escaped)
    if block_start:
        escaped = _escape_block_start(escaped)
    if heading and escaped.endswith("#") and not escaped.endswith("\\#"):
        escaped = escaped[:-1] + "\\#"
    return escaped


def _escape_block_start(markdown: str) -> str:
    """Escape what would start a block construct (``#``, ``>``, ``-``, ``1.``...)."""
    match = _BLOCK_START.match(markdown)
    if not match:
        return markdown
    if match.group("number"):
        cut = match.end("number")
        return markdown[:cut] + "\\" + markdown[cut:]
    return "\\" + markdown


def _protect_edges(rendered: str, text: str) -> str:
    """Keep leading and trailing whitespace, which parsers strip, as references."""
    leading = len(text) - len(text.lstrip())
    trailing = len(text) - len(text.rstrip())
    if not leading and not trailing:
        return rendered
    body_start = len(rendered) - len(rendered.lstrip())
    body_end = len(rendered.rstrip())
    prefix = "".join(_character_reference(character) for character in rendered[:body_start])
    suffix = "".join(_character_reference(character) for character in rendered[body_end:])
    return prefix + rendered[body_start:body_end] + suffix


class MarkdownRenderer(Renderer):
    """Render a guide as CommonMark.

    Options:
        heading_offset: Added to heading levels (title ``#``, sections ``##``).
    """

    format: ClassVar[str] = "markdown"
    options: ClassVar[tuple[Option, ...]] = (HEADING_OFFSET,)

    def _heading(self, level: int, text: str) -> str:
        marker = "#" * (level + self.heading_offset)
        content = _protect_edges(escape_markdown(text, block_start=True, heading=True), text)
        return f"{marker} {content}"

    def _line(self, text: str) -> str:
        """Escape a standalone line of plain text (byline, notices)."""
        return _protect_edges(escape_markdown(text, block_start=True), text)

    def render_guide(self, guide: Guide) -> str:
        """Render the title, byline, notices, content and disclaimer as blocks."""
        labels = labels_for(guide)
        blocks = [
            self._heading(1, guide.title),
            self._line(f"{guide.author.name} · {labels.published} · {labels.reading_time}"),
        ]
        notices = (labels.translation_notice, labels.review_notice)
        blocks.extend(self._line(notice) for notice in notices if notice)
        blocks.extend(self.render_block(block) for block in guide.introduction)
        blocks.extend(self.render_section(section) for section in guide.sections)
        blocks.append(self._line(labels.disclaimer))
        return "\n\n".join(blocks) + "\n"

    def render_section(self, section: Section) -> str:
        """Render the section heading and its blocks."""
        parts = [self._heading(2, section.heading)]
        parts.extend(self.render_block(block) for block in section.blocks)
        return "\n\n".join(parts)

    def render_paragraph(self, paragraph: Paragraph) -> str:
        """Render a paragraph on one line."""
        return self.render_content(paragraph.content)

    def render_bullet_list(self, bullet_list: BulletList) -> str:
        """Render a tight list with ``-`` markers."""
        return "\n".join(self.render_list_item(item) for item in bullet_list.items)

    def render_list_item(self, item: ListItem) -> str:
        """Render one ``- `` item."""
        return f"- {self.render_content(item.content)}"

    def render_content(self, inlines: tuple[Inline, ...]) -> str:
        """Render the inlines of a whole block, escaping block-start syntax and edges.

        Emphasis delimiters are subtle (whether a run opens or closes depends on its
        neighbours), so a block with inline markup is parsed back with markdown-it-py:
        if the result differs from the content, the block is written again without
        emphasis, and if need be as plain text. The text itself is never lost. (A
        subclass that overrides an inline rule gets its output as written.)
        """
        plain = all(inline.type == "text" for inline in inlines)
        if plain or self._custom_inlines():
            # A subclass's own inline rules are used as written, without the read-back.
            return self._block_inlines(inlines)
        for attempt in (inlines, _without_emphasis(inlines)):
            rendered = self._block_inlines(attempt)
            if _reads_back_as(rendered, attempt):
                return rendered
        return self._block_inlines((_as_text(inlines),))

    def _custom_inlines(self) -> bool:
        """Whether a subclass overrides how any inline node renders."""
        return any(
            self._overrides(node_type) for node_type in ("text", "emphasis", "strong", "link")
        )

    def _block_inlines(self, inlines: tuple[Inline, ...]) -> str:
        rendered = _escape_block_start(self.render_inlines(inlines))
        return _protect_edges(rendered, plain_text(inlines))

    def render_text(self, text: Text) -> str:
        """Render escaped text."""
        return escape_markdown(text.text)

    def _delimited(self, count: int, children: tuple[Inline, ...], character: str = "*") -> str:
        """Wrap ``children`` in a run of ``count`` ``character``s (1 emphasis, 2 strong).

        CommonMark reads a delimiter run as emphasis only when it "flanks" its text,
        which depends on the characters on both sides of it (see :meth:`_inlines`).
        """
        inner, opens_with_run, closes_with_run = self._inlines(children, avoid=character)
        # A run never flanks whitespace; as a numeric reference the space becomes "&...;",
        # punctuation, which the run can flank (given a boundary outside, see _inlines).
        if not opens_with_run and inner[0].isspace():
            inner = _character_reference(inner[0]) + inner[1:]
        if not closes_with_run and inner[-1].isspace():
            inner = inner[:-1] + _character_reference(inner[-1])
        run = character * count
        return f"{run}{inner}{run}"

    def render_inlines(self, inlines: tuple[Inline, ...]) -> str:
        """Render inlines, keeping emphasis delimiters readable as delimiters."""
        return self._inlines(inlines, avoid=None)[0]

    def _inlines(self, inlines: tuple[Inline, ...], avoid: str | None) -> tuple[str, bool, bool]:
        """Render inlines inside a run of ``avoid`` (or at top level when ``None``).

        Runs of one delimiter character that touch merge into a single run, so each
        emphasis picks "*" or "_" to differ from the run around it (at the edges) and
        from the run just before it. When neither is free, which only deeply nested,
        adjacent emphasis can cause, the node's text is kept and its markup dropped; so
        it is for a run nested at the edge of another run next to punctuation.

        Returns:
            The Markdown, and whether it begins and whether it ends with a delimiter run.
        """
        pieces: list[str] = []
        characters: list[str | None] = []
        final = len(inlines) - 1
        for index, inline in enumerate(inlines):
            if inline.type not in _DELIMITED or self._overrides(inline.type):
                pieces.append(self.render_inline(inline))
                characters.append(None)
                continue
            taken = {characters[index - 1]} if index else set()
            if avoid is not None and index in {0, final}:
                taken.add(avoid)
            free = [character for character in "*_" if character not in taken]
            count = 1 if inline.type == "emphasis" else 2
            children: tuple[Inline, ...] = inline.children  # type: ignore[union-attr]
            text = plain_text(children)
            touching_edge = (index == 0 and _is_boundary(text[0])) or (
                index == final and _is_boundary(text[-1])
            )
            if free and not (avoid is not None and touching_edge):
                pieces.append(self._delimited(count, children, free[0]))
                characters.append(free[0])
            else:
                # No delimiter is free, or this run sits inside another next to
                # punctuation and could pair with the wrong partner: keep the text,
                # drop this node's markup.
                pieces.append(self._inlines(children, avoid)[0])
                characters.append(None)
        for index, character in enumerate(characters):
            if character is None:
                continue
            count = 1 if inlines[index].type == "emphasis" else 2
            inner = pieces[index][count:-count]
            # A run whose inside edge is punctuation (a reference "&#32;", a nested run,
            # an escape) flanks only with whitespace or punctuation on its outside; so
            # does "_" always, as it never opens or closes inside a word.
            needs_before = character == "_" or _is_boundary(inner[0])
            needs_after = character == "_" or _is_boundary(inner[-1])
            if index and needs_before and not _is_boundary(pieces[index - 1][-1]):
                pieces[index - 1] = _reference_last(pieces[index - 1])
            following = index + 1 < len(pieces)
            if following and needs_after and not _is_boundary(pieces[index + 1][0]):
                pieces[index + 1] = _reference_first(pieces[index + 1])
        return "".join(pieces), characters[0] is not None, characters[-1] is not None

    def _overrides(self, node_type: str) -> bool:
        """Whether a subclass renders ``node_type`` itself (then its method is used as is)."""
        method = f"render_{node_type}"
        return getattr(type(self), method) is not getattr(MarkdownRenderer, method)

    def render_emphasis(self, emphasis: Emphasis) -> str:
        """Render ``*...*`` (``_..._`` where ``*`` would merge with a neighbour)."""
        return self._delimited(1, emphasis.children)

    def render_strong(self, strong: Strong) -> str:
        """Render ``**...**`` (``__...__`` where ``*`` would merge with a neighbour)."""
        return self._delimited(2, strong.children)

    def render_link(self, link: Link) -> str:
        """Render ``[text](<href>)``."""
        href = re.sub(r"[<>\\]", lambda match: "\\" + match.group(), link.href)
        href = _ENTITY.sub(r"\\&", href)
        return f"[{self.render_inlines(link.children)}](<{href}>)"


def _is_boundary(character: str) -> bool:
    """Whether ``character`` counts as whitespace or punctuation next to a delimiter."""
    return character.isspace() or _PUNCTUATION.match(character) is not None


def _is_ascii_punctuation(character: str) -> bool:
    return _PUNCTUATION.fullmatch(character) is not None


def _reference_first(rendered: str) -> str:
    """Write the first character of rendered text as a numeric character reference."""
    if len(rendered) > 1 and rendered[0] == "\\" and _is_ascii_punctuation(rendered[1]):
        return _character_reference(rendered[1]) + rendered[2:]  # an escaped character
    return _character_reference(rendered[0]) + rendered[1:]


def _reference_last(rendered: str) -> str:
    """Write the last character of rendered text as a numeric character reference."""
    backslashes = len(rendered[:-1]) - len(rendered[:-1].rstrip("\\"))
    if backslashes % 2 and _is_ascii_punctuation(rendered[-1]):
        return rendered[:-2] + _character_reference(rendered[-1])  # an escaped character
    return rendered[:-1] + _character_reference(rendered[-1])


def _shape(inlines: tuple[Inline, ...] | list[dict[str, Any]]) -> list[object]:
    """Structure and text of inlines, adjacent text merged, link targets left out."""
    shape: list[object] = []
    for inline in inlines:
        item = inline if isinstance(inline, dict) else inline.model_dump()
        if item["type"] == "text":
            if shape and isinstance(shape[-1], str):
                shape[-1] += item["text"]
            else:
                shape.append(item["text"])
        else:
            shape.append((item["type"], _shape(item["children"])))
    return shape


def _reads_back_as(markdown: str, inlines: tuple[Inline, ...]) -> bool:
    """Whether CommonMark parses ``markdown`` back into ``inlines`` (text and structure)."""
    from .._parse import parse_inline  # noqa: PLC0415 - markdown-it loads only for markup

    try:
        parsed = parse_inline(markdown, "rendered Markdown")
    except ContentError:
        return False
    return _shape(list(parsed)) == _shape(inlines)


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
    from ..models import Text  # noqa: PLC0415

    return Text.model_construct(type="text", text=plain_text(inlines))
