"""Babel extractor for guide source files (tooling only, never used at run time).

Registered under the ``babel.extractors`` entry point as ``acupuncture_guide``, so
``pybabel extract -F babel.cfg`` collects one message per title, heading,
paragraph and list item, with ``msgctxt`` = the segment id and the front matter's
translator comments attached.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from ._parse import parse_document
from ._source import split_source

__all__ = ["extract_guide"]

# Babel's extractor protocol: (line, funcname, messages, comments), where for
# "pgettext" (keyword spec ((1, "c"), 2)) messages is (context, msgid).
ExtractedMessage = tuple[int, str, tuple[str, str], list[str]]


def extract_guide(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[ExtractedMessage]:
    """Yield every segment of a guide source file as a Babel message.

    Args:
        fileobj: The guide source, opened in binary mode.
        keywords: Unused; segments are not function calls.
        comment_tags: Unused; comments come from the front matter.
        options: Babel options; ``encoding`` defaults to UTF-8.
    """
    del keywords, comment_tags
    encoding = str(options.get("encoding", "utf-8"))
    name = str(getattr(fileobj, "name", "<guide>"))
    source = split_source(fileobj.read().decode(encoding), name.rsplit("/", 1)[-1])
    comments = source.front_matter.translator_comments
    for segment in parse_document(source).segments():
        note = comments.get(segment.id)
        yield segment.line, "pgettext", (segment.id, segment.source), [note] if note else []
