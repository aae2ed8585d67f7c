"""CommonMark renderer.

Text is escaped only where CommonMark would read it as syntax, so any CommonMark
parser gives back exactly the content's text while ordinary prose (``30-60``,
``pain-relieving``, ``(or qi)``) stays as written. No content can produce raw HTML,
a link, an image or an autolink: ``<``, ``[`` and ``]`` are always escaped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from .._ui import labels_for
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
        match = _BLOCK_START.match(escaped)
        if match:
            if match.group("number"):
                cut = match.end("number")
                escaped = escaped[:cut] + "\\" + escaped[cut:]
            else:
                escaped = "\\" + escaped
    if heading and escaped.endswith("#") and not escaped.endswith("\\#"):
        escaped = escaped[:-1] + "\\#"
    return escaped


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
        """Render the inlines of a whole block, escaping block-start syntax and edges."""
        rendered = self.render_inlines(inlines)
        first = inlines[0]
        if first.type == "text":
            # Re-escape the opening text with block-start rules (a leading "-" or "#").
            opening = self.render_text(first)
            rendered = escape_markdown(first.text, block_start=True) + rendered[len(opening) :]
        text = "".join(_plain(inline) for inline in inlines)
        return _protect_edges(rendered, text)

    def render_text(self, text: Text) -> str:
        """Render escaped text."""
        return escape_markdown(text.text)

    def _delimited(self, delimiter: str, children: tuple[Inline, ...]) -> str:
        inner = self.render_inlines(children)
        # CommonMark only reads "*" as emphasis when it is not followed (opening) or
        # preceded (closing) by whitespace or punctuation from the text. Writing such
        # a character as a numeric reference keeps the text and makes the "*" count.
        first, last = children[0], children[-1]
        if first.type == "text" and _needs_reference(first.text[0]):
            inner = _reference_first(inner)
        if last.type == "text" and _needs_reference(last.text[-1]):
            inner = _reference_last(inner)
        return f"{delimiter}{inner}{delimiter}"

    def render_inlines(self, inlines: tuple[Inline, ...]) -> str:
        """Render inlines, keeping emphasis delimiters readable as delimiters."""
        pieces = [self.render_inline(inline) for inline in inlines]
        for index, inline in enumerate(inlines):
            if inline.type not in {"emphasis", "strong"}:
                continue
            piece = pieces[index].lstrip("*")
            # An opener followed by a reference ("*&#32;") needs whitespace or
            # punctuation before it; a closer preceded by one needs it after.
            if piece.startswith("&#") and index and not _is_boundary(pieces[index - 1][-1]):
                pieces[index - 1] = _reference_last(pieces[index - 1])
            closes_after_reference = pieces[index].rstrip("*").endswith(";")
            followed = index + 1 < len(pieces)
            if closes_after_reference and followed and not _is_boundary(pieces[index + 1][0]):
                pieces[index + 1] = _reference_first(pieces[index + 1])
        return "".join(pieces)

    def render_emphasis(self, emphasis: Emphasis) -> str:
        """Render ``*...*``."""
        return self._delimited("*", emphasis.children)

    def render_strong(self, strong: Strong) -> str:
        """Render ``**...**``."""
        return self._delimited("**", strong.children)

    def render_link(self, link: Link) -> str:
        """Render ``[text](<href>)``."""
        href = re.sub(r"[<>\\]", lambda match: "\\" + match.group(), link.href)
        href = _ENTITY.sub(r"\\&", href)
        return f"[{self.render_inlines(link.children)}](<{href}>)"


def _needs_reference(character: str) -> bool:
    return character.isspace() or _PUNCTUATION.match(character) is not None


def _is_boundary(character: str) -> bool:
    """Whether ``character`` counts as whitespace or punctuation next to a delimiter."""
    return character.isspace() or _PUNCTUATION.match(character) is not None


def _reference_first(rendered: str) -> str:
    """Write the first character of rendered text as a numeric character reference."""
    if rendered.startswith("\\"):
        return _character_reference(rendered[1]) + rendered[2:]
    return _character_reference(rendered[0]) + rendered[1:]


def _reference_last(rendered: str) -> str:
    """Write the last character of rendered text as a numeric character reference."""
    if len(rendered) >= 2 and rendered[-2] == "\\":
        return rendered[:-2] + _character_reference(rendered[-1])
    return rendered[:-1] + _character_reference(rendered[-1])


def _plain(inline: Inline) -> str:
    if inline.type == "text":
        return inline.text
    return "".join(_plain(child) for child in inline.children)
