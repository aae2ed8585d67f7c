"""The base renderer: the document outline, option validation and dispatch by node type.

A renderer is a class with one method per node type (``render_paragraph``,
``render_link``...), in the manner of markdown-it-py's renderer rules, and a few
hooks for the parts around the content. The base class owns the outline every
format shares::

    render_header(guide, labels)      title, byline, notices
    render_blocks(introduction)       the introduction, one part per block
    render_section(section) ...       each section: its heading and blocks
    render_footer(guide, labels)      the disclaimer, set apart from the article
    join(parts) -> render_page(guide, body)

and, for formats written as lines of text (Markdown, plain text), the header,
sections and footer themselves, built from four small hooks: ``render_heading``,
``render_line`` (a line of plain text: the byline, a notice, the disclaimer),
``render_label`` and ``render_rule``. HTML, whose parts are elements, overrides the
three parts instead.

An app changes how one kind of node renders by subclassing a built-in renderer and
overriding that one method; a new format is a subclass that implements the node
methods (see ``docs/rendering.md``). The node types are the models' own
(:data:`~acupuncture_content.models.BLOCK_TYPES` and
:data:`~acupuncture_content.models.INLINE_TYPES`).

Renderer instances are immutable after construction and shared between threads.
:meth:`Renderer.render` works on a per-call copy that carries the document being
rendered (:attr:`Renderer.document`), so node methods can ask, for example, whether
a block fell back to the source language, without any global state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self

from .._bidi import isolate
from .._labels import labels_of_validated
from ..models import BLOCK_TYPES, INLINE_TYPES, ensure_validated
from ._options import HEADING_OFFSET, Option

if TYPE_CHECKING:
    from .._labels import Labels
    from .._pages import PageContext
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

__all__ = ["NODE_TYPES", "Document", "ExportFile", "Renderer"]

#: Every block and inline ``type`` of the models; each has a ``render_<type>`` method.
NODE_TYPES = (*BLOCK_TYPES, *INLINE_TYPES)


@dataclasses.dataclass(frozen=True, slots=True)
class Document:
    """The guide a renderer is rendering, with what is computed once per render.

    Attributes:
        guide: The validated guide.
        labels: Its interface strings.
        untranslated: Segment ids that fell back to the source language.
        page: For full HTML documents: languages, links and structured data.
    """

    guide: Guide
    labels: Labels
    untranslated: frozenset[str]
    page: PageContext | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ExportFile:
    """A file the static export writes for every guide and locale with this renderer.

    Attributes:
        name: File name inside ``<slug>/<tag>/`` (``guide.html``).
        format_id: The manifest's ``format`` value (``html-fragment``).
        options: Render options for this file.
    """

    name: str
    format_id: str
    options: Mapping[str, object] = dataclasses.field(default_factory=dict)


class Renderer:
    """Base class of the renderers: the outline, option validation and node dispatch.

    Subclasses set :attr:`format` (and :attr:`options`, :attr:`exports`) and
    implement the hooks and one ``render_<type>`` method per node type.
    """

    format: ClassVar[str]
    #: The options this renderer accepts.
    options: ClassVar[tuple[Option, ...]] = (HEADING_OFFSET,)
    #: The files ``acupuncture-content export`` writes with this renderer.
    exports: ClassVar[tuple[ExportFile, ...]] = ()
    #: What :meth:`join` puts between the parts of a document, and the default
    #: header and sections between their blocks.
    block_separator: ClassVar[str] = "\n\n"
    #: What the default footer puts between its rule, the label and the disclaimer.
    footer_separator: ClassVar[str] = "\n\n"

    heading_offset: int
    #: The document being rendered; set on the per-call copy :meth:`render` makes.
    document: Document | None = None

    def __init__(self, **options: object) -> None:
        """Validate and store the render options.

        Raises:
            TypeError: an option name is unknown, or a value has the wrong type.
            ValueError: a value is out of range.
        """
        known = {option.name: option for option in self.options}
        unknown = sorted(set(options) - set(known))
        if unknown:
            allowed = ", ".join(sorted(known)) or "none"
            msg = (
                f"unknown render option {unknown[0]!r} for format {self.format!r}; "
                f"allowed: {allowed}"
            )
            raise TypeError(msg)
        for name, option in known.items():
            setattr(self, name, option.validate(options.get(name, option.default)))
        for name, option in known.items():
            given = name in options and options[name] != option.default
            if option.requires and given and getattr(self, option.requires) is not True:
                msg = f"render option {name!r} needs {option.requires}=True"
                raise ValueError(msg)
            excluded = option.excludes
            if given and excluded and getattr(self, excluded) != known[excluded].default:
                msg = f"render options {name!r} and {excluded!r} exclude each other: give one"
                raise ValueError(msg)
        self._bind_rules()

    def _bind_rules(self) -> None:
        # The rule table, as in markdown-it-py: node type -> bound render method, looked
        # up once so that overriding a method in a subclass is all it takes. A format
        # without a method for a node type (JSON renders no nodes) fails only when it
        # meets one, naming the method it lacks.
        self.rules: dict[str, Callable[[Any], str]] = {
            node_type: getattr(self, f"render_{node_type}", None) or self._missing(node_type)
            for node_type in NODE_TYPES
        }

    def _missing(self, node_type: str) -> Callable[[Any], str]:
        def missing(_node: object) -> str:
            msg = f"{type(self).__name__} has no render_{node_type}() for {node_type!r} nodes"
            raise NotImplementedError(msg)

        return missing

    def settings(self) -> tuple[tuple[str, object], ...]:
        """Return the validated options as a hashable tuple (for caching)."""
        return tuple((option.name, getattr(self, option.name)) for option in self.options)

    # The outline ---------------------------------------------------------------------

    def render(
        self, guide: Guide, labels: Labels | None = None, page: PageContext | None = None
    ) -> str:
        """Render ``guide`` to a string.

        Args:
            guide: The guide; one not made by validation is validated first.
            labels: Its interface strings; by default ``labels(guide)``.
            page: For full HTML documents, the languages and links around the guide;
                by default computed from the bundled guides.

        Raises:
            TypeError: ``guide`` is not a Guide.
            pydantic.ValidationError: ``guide`` was built without validation and is invalid.
        """
        guide = ensure_validated(guide, f"{type(self).__name__}.render()")
        return self.bound(guide, labels, page).render_guide(guide)

    def bound(
        self, guide: Guide, labels: Labels | None = None, page: PageContext | None = None
    ) -> Self:
        """Return a copy of this renderer that carries ``guide`` as its :attr:`document`.

        Raises:
            TypeError: ``guide`` is not a Guide.
            pydantic.ValidationError: ``guide`` was built without validation and is invalid.
        """
        guide = ensure_validated(guide, f"{type(self).__name__}.bound()")
        translation = guide.translation
        bound = object.__new__(type(self))  # a shallow copy, cheaper than copy.copy
        bound.__dict__.update(self.__dict__)
        bound.document = Document(
            guide=guide,
            labels=labels if labels is not None else labels_of_validated(guide),
            untranslated=frozenset(translation.untranslated) if translation else frozenset(),
            page=page,
        )
        bound._bind_rules()  # the copy's rules must call the copy
        return bound

    def render_guide(self, guide: Guide) -> str:
        """Render the whole guide: header, introduction, sections, footer, page."""
        if self.document is None or self.document.guide is not guide:
            return self.render(guide)
        labels = self.document.labels
        parts = [self.render_header(guide, labels)]
        parts.extend(self.render_blocks(guide.introduction))
        parts.extend(self.render_section(section) for section in guide.sections)
        parts.append(self.render_footer(guide, labels))
        return self.render_page(guide, self.join(parts))

    def join(self, parts: list[str]) -> str:
        """Join the rendered parts of a document (blocks, sections) into its body."""
        return self.block_separator.join(part for part in parts if part) + "\n"

    def render_blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        """Render a run of blocks (the introduction, a section's), one part each.

        The default renders each with :meth:`render_block`; a format overrides it when a
        block's rendering depends on its neighbour (Markdown keeps two lists apart).
        """
        return [self.render_block(block) for block in blocks]

    def render_page(self, guide: Guide, body: str) -> str:
        """Wrap the rendered body; the default returns it as is."""
        return body

    def is_untranslated(self, key: str | None) -> bool:
        """Whether the segment ``key`` of the document fell back to the source language."""
        return self.document is not None and key in self.document.untranslated

    # The parts of the outline ----------------------------------------------------------

    def render_header(self, guide: Guide, labels: Labels) -> str:
        """Render the title, the byline and, for translations, the notices, one block each."""
        author = isolate(guide.author.name, guide.text_direction)
        blocks = [
            self.render_heading(1, guide.title),
            self.render_line(f"{author} · {labels.published} · {labels.reading_time}"),
        ]
        notices = (labels.translation_notice, labels.review_notice)
        blocks.extend(self.render_line(notice) for notice in notices if notice)
        return self.block_separator.join(blocks)

    def render_footer(self, guide: Guide, labels: Labels) -> str:
        """Render the medical disclaimer after a rule, under its label.

        Set apart so that no reader takes it for the author's last paragraph.
        """
        return self.footer_separator.join(
            [
                self.render_rule(),
                self.render_label(labels.disclaimer_label),
                self.render_line(labels.disclaimer),
            ]
        )

    def render_section(self, section: Section) -> str:
        """Render a section: its heading and blocks."""
        parts = [self.render_heading(2, section.heading)]
        parts.extend(self.render_blocks(section.blocks))
        return self.block_separator.join(parts)

    # Hooks of the parts, for formats written as lines of text -------------------------

    def render_heading(self, level: int, text: str) -> str:
        """Render a heading at ``level`` (1 the title, 2 a section) plus the heading offset."""
        raise NotImplementedError

    def render_line(self, text: str) -> str:
        """Render a line of plain text that stands on its own (byline, notice, disclaimer)."""
        raise NotImplementedError

    def render_label(self, text: str) -> str:
        """Render a label that names what follows (the disclaimer's)."""
        raise NotImplementedError

    def render_rule(self) -> str:
        """Render the rule that sets the footer apart from the article."""
        raise NotImplementedError

    # Dispatch ------------------------------------------------------------------------

    def render_block(self, block: Block) -> str:
        """Render one block by calling ``render_<block.type>``."""
        return self.rules[block.type](block)

    def render_inline(self, inline: Inline) -> str:
        """Render one inline node by calling ``render_<inline.type>``."""
        return self.rules[inline.type](inline)

    def render_inlines(self, inlines: tuple[Inline, ...]) -> str:
        """Render a run of inline nodes."""
        rules = self.rules
        if len(inlines) == 1:  # most paragraphs and items are one run of text
            return rules[inlines[0].type](inlines[0])
        return "".join([rules[inline.type](inline) for inline in inlines])

    # Node types that every format implements -------------------------------------------

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
