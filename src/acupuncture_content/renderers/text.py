"""Plain-text renderer: underlined headings and paragraphs wrapped by display width."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from .._bidi import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE, needs_isolation
from .._width import display_width, fill, wrap
from ._base import ExportFile, Renderer
from ._options import HEADING_OFFSET, Option

if TYPE_CHECKING:
    from ..models import (
        BulletList,
        Emphasis,
        Link,
        ListItem,
        Paragraph,
        Strong,
        Text,
    )

__all__ = ["TextRenderer"]

#: Underline characters by heading level 1-6 (reStructuredText's usual order).
UNDERLINES = "=-~^\"'"
BULLET = "•"
MIN_WIDTH = 20
#: Wider than any screen or printed page; a width is a line's length, so it is bounded
#: like every other size (the disclaimer's rule is ``width`` characters long).
MAX_WIDTH = 1000
DEFAULT_WIDTH = 80
_BULLET_INDENT = f"{BULLET} "


class TextRenderer(Renderer):
    """Render a guide as plain text.

    Options:
        heading_offset: Shifts heading levels, shown by the underline character
            (level 1 ``=``, level 2 ``-``, level 3 ``~``...).
        width: Wrap lines at this many display columns (East Asian wide characters
            count 2); ``None`` for no wrapping.
    """

    format: ClassVar[str] = "text"
    options: ClassVar[tuple[Option, ...]] = (
        HEADING_OFFSET,
        Option(
            name="width",
            types=(int, type(None)),
            default=DEFAULT_WIDTH,
            check=lambda value: value is None or MIN_WIDTH <= value <= MAX_WIDTH,
            description=f"None or an integer from {MIN_WIDTH} to {MAX_WIDTH}",
            help=(
                f"wrap lines at this many display columns, {MIN_WIDTH} to {MAX_WIDTH} (default: 80)"
            ),
            metavar="N",
            none_flag="--no-wrap",
            none_help="do not wrap lines (width None)",
            cli_description=f"an integer from {MIN_WIDTH} to {MAX_WIDTH} (or --no-wrap)",
        ),
    )
    exports: ClassVar[tuple[ExportFile, ...]] = (ExportFile("guide.txt", "text"),)
    #: The rule, the label and the disclaimer are consecutive lines.
    footer_separator: ClassVar[str] = "\n"

    width: int | None

    def render_heading(self, level: int, text: str) -> str:
        """Render a heading underlined by its level's character (``=``, ``-``, ``~``...)."""
        lines = wrap(text, self.width)
        underline = UNDERLINES[level + self.heading_offset - 1]
        return "\n".join([*lines, underline * max(map(display_width, lines))])

    def render_line(self, text: str) -> str:
        """Render a line of text, wrapped."""
        return fill(text, self.width)

    def render_label(self, text: str) -> str:
        """Render the label on its own line, wrapped, directly above what it names."""
        return fill(text, self.width)

    def render_rule(self) -> str:
        """Render a rule of hyphens across the width (80 columns when unwrapped)."""
        return "-" * (self.width or DEFAULT_WIDTH)

    def render_paragraph(self, paragraph: Paragraph) -> str:
        """Render a wrapped paragraph."""
        return fill(self.render_inlines(paragraph.content), self.width)

    def render_bullet_list(self, bullet_list: BulletList) -> str:
        """Render the items, one bullet each."""
        return "\n".join([self.render_list_item(item) for item in bullet_list.items])

    def render_list_item(self, item: ListItem) -> str:
        """Render a bulleted item with a hanging indent."""
        return fill(
            self.render_inlines(item.content), self.width, indent=_BULLET_INDENT, hanging="  "
        )

    def render_text(self, text: Text) -> str:
        """Render the text as is."""
        return text.text

    def render_emphasis(self, emphasis: Emphasis) -> str:
        """Render emphasized text without markup."""
        return self.render_inlines(emphasis.children)

    def render_strong(self, strong: Strong) -> str:
        """Render strong text without markup."""
        return self.render_inlines(strong.children)

    def render_link(self, link: Link) -> str:
        """Render the link text followed by its URL in angle brackets.

        In a right-to-left guide the URL, written left to right, is isolated so that
        the bidirectional algorithm cannot reorder its parts around the text.
        """
        text = self.render_inlines(link.children)
        if text == link.href:
            return text
        direction = self.document.guide.text_direction if self.document else "ltr"
        url = f"<{link.href}>"
        if needs_isolation(link.href, direction):
            url = f"{FIRST_STRONG_ISOLATE}{url}{POP_DIRECTIONAL_ISOLATE}"
        return f"{text} {url}"
