"""Shared renderer machinery: option validation and dispatch by node type.

A renderer is a class with one method per node type (``render_paragraph``,
``render_link``...), in the manner of markdown-it-py's renderer rules. An app changes
how one kind of node renders by subclassing a built-in renderer and overriding
that one method; everything else keeps working.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
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
        Strong,
        Text,
    )

__all__ = ["Option", "Renderer"]

MAX_HEADING_OFFSET = 4

#: Every block and inline ``type``; each has a ``render_<type>`` method.
NODE_TYPES = ("paragraph", "bullet_list", "text", "emphasis", "strong", "link")


@dataclasses.dataclass(frozen=True, slots=True)
class Option:
    """A render option: its name, accepted types, default and value check.

    Attributes:
        name: The keyword argument name.
        types: Accepted types (``bool`` is never accepted where ``int`` is meant).
        default: The value used when the option is not given.
        check: Raises ``ValueError`` naming the option if a value is out of range.
        description: What the allowed values are, for error messages.
    """

    name: str
    types: tuple[type, ...]
    default: object
    check: Callable[[Any], bool]
    description: str

    def validate(self, value: object) -> object:
        """Return ``value`` if valid, else raise ``TypeError``/``ValueError`` naming the option."""
        # bool is an int subclass, but heading_offset=True is a mistake, not 1.
        stray_bool = isinstance(value, bool) and bool not in self.types
        if stray_bool or not isinstance(value, self.types):
            accepts = " or ".join(
                "None" if kind is type(None) else kind.__name__ for kind in self.types
            )
            msg = f"render option {self.name!r} must be {accepts}, not {type(value).__name__}"
            raise TypeError(msg)
        if not self.check(value):
            msg = f"render option {self.name!r} must be {self.description}, got {value!r}"
            raise ValueError(msg)
        return value


HEADING_OFFSET = Option(
    name="heading_offset",
    types=(int,),
    default=0,
    check=lambda value: 0 <= value <= MAX_HEADING_OFFSET,
    description=f"an integer from 0 to {MAX_HEADING_OFFSET}",
)


class Renderer:
    """Base class of the renderers: validates options and dispatches by node type.

    Subclasses set :attr:`format` and :attr:`options`, and implement
    :meth:`render_guide` and one ``render_<type>`` method per node type.
    """

    format: ClassVar[str]
    #: The options this renderer accepts.
    options: ClassVar[tuple[Option, ...]] = (HEADING_OFFSET,)

    heading_offset: int

    def __init__(self, **options: object) -> None:
        """Validate and store the render options.

        Raises:
            TypeError: an option name is unknown, or a value has the wrong type.
            ValueError: a value is out of range.
        """
        known = {option.name: option for option in self.options}
        unknown = sorted(set(options) - set(known))
        if unknown:
            msg = (
                f"unknown render option {unknown[0]!r} for format {self.format!r}; "
                f"allowed: {', '.join(sorted(known))}"
            )
            raise TypeError(msg)
        for name, option in known.items():
            value = options.get(name, option.default)
            setattr(self, name, option.validate(value))
        # The rule table, as in markdown-it-py: node type -> bound render method, looked
        # up once here so that overriding a method in a subclass is all it takes.
        self.rules: dict[str, Callable[[Any], str]] = {
            node_type: getattr(self, f"render_{node_type}") for node_type in NODE_TYPES
        }

    def settings(self) -> tuple[tuple[str, object], ...]:
        """Return the validated options as a hashable tuple (for caching)."""
        return tuple((option.name, getattr(self, option.name)) for option in self.options)

    def render(self, guide: Guide) -> str:
        """Render ``guide`` to a string."""
        return self.render_guide(guide)

    def render_guide(self, guide: Guide) -> str:
        """Render the whole guide."""
        raise NotImplementedError

    # Dispatch --------------------------------------------------------------------

    def render_block(self, block: Block) -> str:
        """Render one block by calling ``render_<block.type>``."""
        return self.rules[block.type](block)

    def render_inline(self, inline: Inline) -> str:
        """Render one inline node by calling ``render_<inline.type>``."""
        return self.rules[inline.type](inline)

    def render_inlines(self, inlines: tuple[Inline, ...]) -> str:
        """Render a run of inline nodes."""
        rules = self.rules
        return "".join([rules[inline.type](inline) for inline in inlines])

    # Node types that every format implements ---------------------------------------

    def render_section(self, section: Section) -> str:
        """Render a section: its heading and blocks."""
        raise NotImplementedError

    def render_paragraph(self, paragraph: Paragraph) -> str:
        """Render a paragraph."""
        raise NotImplementedError

    def render_bullet_list(self, bullet_list: BulletList) -> str:
        """Render a bullet list."""
        raise NotImplementedError

    def render_list_item(self, item: ListItem) -> str:
        """Render one list item."""
        raise NotImplementedError

    def render_text(self, text: Text) -> str:
        """Render a run of plain text."""
        raise NotImplementedError

    def render_emphasis(self, emphasis: Emphasis) -> str:
        """Render emphasized inlines."""
        raise NotImplementedError

    def render_strong(self, strong: Strong) -> str:
        """Render strongly emphasized inlines."""
        raise NotImplementedError

    def render_link(self, link: Link) -> str:
        """Render a link."""
        raise NotImplementedError
