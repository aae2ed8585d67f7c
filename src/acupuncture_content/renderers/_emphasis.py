"""CommonMark emphasis: delimiter runs chosen so that the Markdown reads back as written.

Whether a run of ``*`` or ``_`` opens or closes emphasis depends on its neighbours,
and touching runs of one character merge. :class:`InlineWriter` lets each emphasis
pick ``*`` or ``_`` to differ from the runs touching it, preferring one no run
around it uses, and puts a character reference where a run would otherwise not
"flank" its text. Two cases cannot be written, and there the node keeps its text
and loses only its markup (its children take its place):

- both characters are taken: the run just before it uses one and, at the first or
  last position inside another run, that run uses the other (``*_a_ _b_*`` without
  the space);
- it must use the character of a run around it (inside runs of both characters,
  or after a run of the other one), and its text starts or ends with whitespace,
  punctuation, a symbol or another run, so it could be read as that run's end.

The writer also returns the shape (:func:`inline_shape`) that CommonMark should read
back (a node that lost its markup gives its children in its place);
:func:`reads_back_as` compares it with what markdown-it-py actually reads, the
Markdown renderer's safety net. The escaping of text is :mod:`._commonmark`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from .._errors import ContentError
from ..models import Emphasis, Link, Strong, Text, plain_text
from ._commonmark import (
    character_reference,
    escape_link_destination,
    is_boundary,
    reference_first,
    reference_last,
    touches_punctuation,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ..models import Inline

    #: What a run of inlines reads as: runs of text (adjacent text merged) and
    #: ``(type, shape)`` for each emphasis, strong emphasis and link.
    Shape = list[object]

    #: Delimited runs already written for one block, by (``id`` of the children, run
    #: length, character, characters around). A node whose markup cannot be written is
    #: written again among its siblings, so without it a node 16 levels deep would be
    #: written up to 2**16 times; with it, at most 8 times (one per context).
    _Memo = dict[tuple[int, int, str, frozenset[str]], tuple[str, Shape]]

__all__ = [
    "InlineWriter",
    "as_text",
    "inline_shape",
    "link_markdown",
    "reads_back_as",
    "without_emphasis",
]


class InlineWriter:
    """Writes the inlines of one block as CommonMark, choosing each emphasis's delimiter.

    Args:
        render_inline: Renders a node the writer does not write itself: text, and
            every node whose type is in ``custom``.
        custom: Inline types that a renderer subclass renders itself; their output
            is used as it is.
    """

    def __init__(
        self, render_inline: Callable[[Inline], str], custom: frozenset[str] = frozenset()
    ) -> None:
        self._render_inline = render_inline
        self._custom = custom
        self._memo: _Memo = {}

    def write(self, inlines: tuple[Inline, ...]) -> tuple[str, Shape]:
        """Return the Markdown of ``inlines`` and the shape it should read back as."""
        markdown, _opens, _closes, intended = self._run(inlines, None, frozenset())
        return markdown, intended

    def delimited(
        self,
        count: int,
        children: tuple[Inline, ...],
        character: str = "*",
        around: frozenset[str] = frozenset(),
    ) -> tuple[str, Shape]:
        """Wrap ``children`` in a run of ``count`` ``character``s (1 emphasis, 2 strong).

        Args:
            count: 1 for emphasis, 2 for strong emphasis.
            children: The inlines inside the run.
            character: ``*`` or ``_``.
            around: The characters of the runs around this one.

        Returns:
            The Markdown, and the shape of the children as CommonMark reads them back.
        """
        key = (id(children), count, character, around)
        if key in self._memo:
            return self._memo[key]
        inner, opens_with_run, closes_with_run, intended = self._run(
            children, character, around | {character}
        )
        # A run never flanks whitespace; as a numeric reference the space becomes "&...;",
        # punctuation, which the run can flank (given a boundary outside it).
        if not opens_with_run and inner[0].isspace():
            inner = character_reference(inner[0]) + inner[1:]
        if not closes_with_run and inner[-1].isspace():
            inner = inner[:-1] + character_reference(inner[-1])
        run = character * count
        self._memo[key] = (f"{run}{inner}{run}", intended)
        return self._memo[key]

    def _run(
        self, inlines: tuple[Inline, ...], avoid: str | None, around: frozenset[str]
    ) -> tuple[str, bool, bool, Shape]:
        """Write inlines inside a run of ``avoid`` (or at top level when ``None``).

        Args:
            inlines: The inlines.
            avoid: The character of the run directly around them, if any.
            around: The characters of every run around them (link text starts afresh).

        Returns:
            The Markdown; whether it begins and whether it ends with a delimiter run;
            and the shape CommonMark reads back (a node whose markup cannot be
            written gives its children in its place).
        """
        pieces: list[str] = []
        characters: list[str | None] = []
        intended: Shape = []
        run = list(inlines)
        index = 0
        while index < len(run):
            inline = run[index]
            character = None
            if inline.type in self._custom:
                piece = self._render_inline(inline)
                _extend(intended, inline_shape((inline,)))
            else:
                match inline:
                    case Text():
                        piece = self._render_inline(inline)
                        _extend(intended, (inline.text,))
                    case Emphasis() | Strong():
                        character = self._delimiter_for(run, index, characters, avoid, around)
                        if character is not None:
                            count = _RUN_LENGTH[inline.type]
                            piece, inner = self.delimited(count, inline.children, character, around)
                            if character in around and not _letters_inside(piece, count):
                                character = None  # it could be read as the end of the run around it
                            else:
                                intended.append((inline.type, inner))
                        if character is None:
                            # No delimiter may be used here: keep the text, drop this node's
                            # markup; its children take its place among its siblings.
                            run[index : index + 1] = inline.children
                            continue
                    case Link():
                        # Link text starts afresh, but the nodes inside it that lose their
                        # markup must be known, for the read-back.
                        text, _opens, _closes, inner = self._run(inline.children, None, frozenset())
                        piece = link_markdown(text, inline.href)
                        intended.append((inline.type, inner))
                    case _:
                        assert_never(inline)
            pieces.append(piece)
            characters.append(character)
            index += 1
        _separate_runs(run, pieces, characters, around)
        return "".join(pieces), characters[0] is not None, characters[-1] is not None, intended

    @staticmethod
    def _delimiter_for(
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
        taken = {previous[index - 1]} if index else set()
        if avoid is not None and index in {0, len(inlines) - 1}:
            taken.add(avoid)
        free = [character for character in "*_" if character not in taken]
        preferred = [character for character in free if character not in around]
        return next(iter(preferred or free), None)


#: The length of the delimiter run of each kind of emphasis.
_RUN_LENGTH = {"emphasis": 1, "strong": 2}


def link_markdown(text: str, href: str) -> str:
    """Write a link with ``text`` (already Markdown) to ``href``: ``[text](<href>)``."""
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
        count = _RUN_LENGTH[inlines[index].type]
        inner = pieces[index][count:-count]
        strict = character == "_" or character in around
        needs_before = strict or touches_punctuation(inner[0])
        needs_after = strict or touches_punctuation(inner[-1])
        if index and needs_before and not is_boundary(pieces[index - 1][-1]):
            pieces[index - 1] = reference_last(pieces[index - 1])
        following = index + 1 < len(pieces)
        if following and needs_after and not is_boundary(pieces[index + 1][0]):
            pieces[index + 1] = reference_first(pieces[index + 1])


def inline_shape(inlines: Sequence[Inline]) -> Shape:
    """Structure and text of inlines, adjacent text merged, link targets left out.

    Two runs of inlines with the same shape read the same: this is what the
    read-back compares.
    """
    shape: Shape = []
    for inline in inlines:
        match inline:
            case Text():
                _extend(shape, (inline.text,))
            case Emphasis() | Strong() | Link():
                shape.append((inline.type, inline_shape(inline.children)))
            case _:
                assert_never(inline)
    return shape


def _extend(shape: Shape, items: Sequence[object]) -> None:
    """Add ``items`` to ``shape``, merging text that follows text."""
    for item in items:
        if isinstance(item, str) and shape and isinstance(shape[-1], str):
            shape[-1] += item
        else:
            shape.append(item)


def reads_back_as(markdown: str, shape: Shape) -> bool:
    """Whether CommonMark parses ``markdown`` back into ``shape`` (text and structure)."""
    from .._parse import parse_inline  # markdown-it loads only for blocks with markup

    try:
        parsed = parse_inline(markdown, "rendered Markdown")
    except ContentError:
        return False
    return inline_shape(parsed) == shape


def without_emphasis(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The same inlines with emphasis and strong unwrapped (links and text kept)."""
    flat: list[Inline] = []
    for inline in inlines:
        match inline:
            case Emphasis() | Strong():
                flat.extend(without_emphasis(inline.children))
            case Link():
                children = without_emphasis(inline.children)
                flat.append(inline.model_construct(**{**inline.__dict__, "children": children}))
            case Text():
                flat.append(inline)
            case _:
                assert_never(inline)
    return tuple(flat)


def as_text(inlines: tuple[Inline, ...]) -> Text:
    """The text of ``inlines`` as one run of text, without any markup."""
    return Text.model_construct(type="text", text=plain_text(inlines))
