"""CommonMark escaping: write plain text so that any CommonMark parser reads it back unchanged.

Only what CommonMark would read as syntax is escaped, so ordinary prose
(``30-60``, ``pain-relieving``, ``(or qi)``) stays as written:

- ``*``, ``_``, backticks, ``[``, ``]`` and ``<`` everywhere (emphasis, code, links,
  raw HTML and autolinks can never start);
- a backslash before ASCII punctuation or whitespace, and ``&`` before what would
  read as a character reference;
- block syntax at the start of a block (``#``, ``>``, ``-``, ``+``, ``1.``, ``~~~``,
  ``=``), and a trailing ``#`` in a heading;
- leading and trailing whitespace, which parsers strip, as numeric references.

Emphasis delimiters need more care; see :mod:`._emphasis`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "character_reference",
    "escape_block_start",
    "escape_link_destination",
    "escape_markdown",
    "is_boundary",
    "protect_edges",
    "reference_first",
    "reference_last",
    "touches_punctuation",
]

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
_DESTINATION_SYNTAX = re.compile(r"[<>\\]")


def character_reference(character: str) -> str:
    """Write ``character`` as a decimal numeric character reference (``&#32;``)."""
    return f"&#{ord(character)};"


def escape_markdown(text: str, *, block_start: bool = False, heading: bool = False) -> str:
    r"""Escape ``text`` so that CommonMark reads it back unchanged.

    >>> escape_markdown("# 2*3 = [six]", block_start=True)
    '\\# 2\\*3 = \\[six\\]'

    Args:
        text: Plain text.
        block_start: ``text`` begins a paragraph, list item or heading.
        heading: ``text`` is heading content (a trailing ``#`` run would be dropped).
    """
    escaped = _BACKSLASH.sub(r"\\\\", text)
    escaped = _ENTITY.sub(r"\\&", escaped)
    escaped = _ALWAYS.sub(lambda match: "\\" + match.group(), escaped)
    if block_start:
        escaped = escape_block_start(escaped)
    if heading and escaped.endswith("#") and not escaped.endswith("\\#"):
        escaped = escaped[:-1] + "\\#"
    return escaped


def escape_block_start(markdown: str) -> str:
    """Escape what would start a block construct (``#``, ``>``, ``-``, ``1.``...)."""
    match = _BLOCK_START.match(markdown)
    if not match:
        return markdown
    if match.group("number"):
        cut = match.end("number")
        return markdown[:cut] + "\\" + markdown[cut:]
    return "\\" + markdown


def escape_link_destination(href: str) -> str:
    """Escape an href for a ``<...>`` link destination: ``<``, ``>``, backslashes, entities."""
    escaped = _DESTINATION_SYNTAX.sub(lambda match: "\\" + match.group(), href)
    return _ENTITY.sub(r"\\&", escaped)


def protect_edges(rendered: str, text: str) -> str:
    """Keep ``text``'s leading and trailing whitespace, which parsers strip, as references."""
    leading = len(text) - len(text.lstrip())
    trailing = len(text) - len(text.rstrip())
    if not leading and not trailing:
        return rendered
    body_start = len(rendered) - len(rendered.lstrip())
    body_end = len(rendered.rstrip())
    prefix = "".join(character_reference(character) for character in rendered[:body_start])
    suffix = "".join(character_reference(character) for character in rendered[body_end:])
    return prefix + rendered[body_start:body_end] + suffix


def is_boundary(character: str) -> bool:
    """Whether ``character`` counts as whitespace or punctuation next to a delimiter run.

    Every version of CommonMark counts these: whitespace, ASCII punctuation and the
    Unicode punctuation categories (``P*``: ``。``, ``«``, ``—``).
    """
    return (
        character.isspace()
        or _PUNCTUATION.match(character) is not None
        or unicodedata.category(character).startswith("P")
    )


def touches_punctuation(character: str) -> bool:
    """Whether ``character`` may count as punctuation next to a delimiter run.

    CommonMark 0.31 also counts symbols (``S*``: ``€``, ``©``), earlier versions do
    not: inside a run they are taken as punctuation, outside it as letters, so the
    run flanks its text under either reading.
    """
    return is_boundary(character) or unicodedata.category(character).startswith("S")


def reference_first(rendered: str) -> str:
    """Write the first character of rendered text as a numeric character reference.

    Only called when that character is not already punctuation (an escape's
    backslash is), so it is never half of an escape.
    """
    return character_reference(rendered[0]) + rendered[1:]


def reference_last(rendered: str) -> str:
    r"""Write the last character of rendered text as a numeric character reference.

    Only called when that character is not punctuation, so it is never the escaped
    half of an escape; but a backslash before it (left as is before a letter) would
    escape the reference's ``&``, so that backslash is escaped too.

    >>> reference_last("a\\b")
    'a\\\\&#98;'
    """
    body = rendered[:-1]
    if (len(body) - len(body.rstrip("\\"))) % 2:
        body += "\\"
    return body + character_reference(rendered[-1])
