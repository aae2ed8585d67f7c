"""Find and read the bundled guide source files.

Guides are Markdown files with TOML front matter, shipped inside the package under
``content/`` and read with :mod:`importlib.resources`, so they work from a wheel, a
zip or an editable install alike.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from importlib import resources
from typing import Any

from ._cache import memoized
from ._errors import ContentError, GuideNotFoundError
from ._types import MAX_READING_MINUTES

__all__ = [
    "FrontMatter",
    "GuideSource",
    "Topic",
    "check_slug",
    "list_guide_slugs",
    "read_guide_source",
    "source_bytes",
    "split_source",
    "topics_of",
]

_CONTENT_PACKAGE = "acupuncture_content.content"
_SUFFIX = ".md"
_FENCE = "+++"


#: schema.org types a guide's structured data may say it is ``about``.
TOPIC_TYPES = frozenset({"MedicalCondition", "MedicalTherapy", "MedicalProcedure", "Thing"})
_TOPIC_NAME = re.compile(r"[^\x00-\x1f\x7f]{1,200}")


@dataclasses.dataclass(frozen=True, slots=True)
class Topic:
    """What a guide is about, for its schema.org structured data.

    Attributes:
        type: A schema.org type (``MedicalCondition``, ``MedicalTherapy``...).
        name: The topic's name in the source language (``Back pain``).
    """

    type: str
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class FrontMatter:
    """The metadata block at the top of a guide source file."""

    slug: str
    author: str
    published: datetime.date
    source_locale: str
    about: tuple[Topic, ...]
    translator_comments: dict[str, str]
    reading_time_minutes: int | None = None
    """The reading time the author states (the article's "2 min read"), if any."""


@dataclasses.dataclass(frozen=True, slots=True)
class GuideSource:
    """A guide source file: its metadata and its Markdown body.

    Attributes:
        filename: Name used in error messages (``acupuncture-for-back-pain.md``).
        front_matter: The parsed TOML front matter.
        body: The Markdown after the front matter.
        body_first_line: 1-based line number of the body's first line in the file,
            so that parser errors point at the real line.
    """

    filename: str
    front_matter: FrontMatter
    body: str
    body_first_line: int


@memoized(max_entries=1)
def list_guide_slugs() -> tuple[str, ...]:
    """Return the slugs of every bundled guide, sorted."""
    folder = resources.files(_CONTENT_PACKAGE)
    return tuple(
        sorted(
            entry.name.removesuffix(_SUFFIX)
            for entry in folder.iterdir()
            if entry.name.endswith(_SUFFIX) and entry.is_file()
        )
    )


def check_slug(slug: str) -> str:
    """Return ``slug`` if a bundled guide has it.

    Raises:
        GuideNotFoundError: no bundled guide has this slug; the message lists them.
    """
    slugs = list_guide_slugs()
    if slug not in slugs:
        shown = slug if len(slug) <= 100 else f"{slug[:97]}..."  # never echo megabytes
        msg = f"unknown guide {shown!r}; available guides: {', '.join(slugs)}"
        raise GuideNotFoundError(msg)
    return slug


def read_guide_source(slug: str) -> GuideSource:
    """Read and split the source file of the bundled guide ``slug``.

    Raises:
        GuideNotFoundError: no bundled guide has this slug.
        ContentError: the file cannot be read or its front matter is invalid.
    """
    filename = f"{slug}{_SUFFIX}"
    try:
        text = source_bytes(slug).decode("utf-8")
    except UnicodeDecodeError as error:
        msg = f"{filename}: cannot read guide source: {error}"
        raise ContentError(msg) from error
    return split_source(text, filename, expected_slug=slug)


@memoized(max_entries=64)
def topics_of(slug: str) -> tuple[Topic, ...]:
    """What the bundled guide ``slug`` is about, from its front matter."""
    return read_guide_source(slug).front_matter.about


def source_bytes(slug: str) -> bytes:
    """Return the raw source file of the bundled guide ``slug``.

    Raises:
        GuideNotFoundError: no bundled guide has this slug.
        ContentError: the file cannot be read.
    """
    check_slug(slug)
    filename = f"{slug}{_SUFFIX}"
    try:
        return resources.files(_CONTENT_PACKAGE).joinpath(filename).read_bytes()
    except OSError as error:
        msg = f"{filename}: cannot read guide source: {error}"
        raise ContentError(msg) from error


def split_source(text: str, filename: str, *, expected_slug: str | None = None) -> GuideSource:
    """Split a guide source into front matter and body.

    Raises:
        ContentError: the front matter is missing, not valid TOML, or lacks a field.
    """
    import tomllib  # only sources need it, not precomputed guides

    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != _FENCE:
        msg = f"{filename}:1: a guide must start with TOML front matter between {_FENCE} lines"
        raise ContentError(msg)
    try:
        closing = next(
            index for index, line in enumerate(lines[1:], start=1) if line.rstrip("\r\n") == _FENCE
        )
    except StopIteration:
        msg = f"{filename}:1: front matter is not closed by a {_FENCE} line"
        raise ContentError(msg) from None
    try:
        data = tomllib.loads("".join(lines[1:closing]))
    except tomllib.TOMLDecodeError as error:
        msg = f"{filename}: invalid TOML front matter: {error}"
        raise ContentError(msg) from error
    front_matter = _front_matter(data, filename)
    if expected_slug is not None and front_matter.slug != expected_slug:
        msg = f"{filename}:2: front matter slug {front_matter.slug!r} must match the file name"
        raise ContentError(msg)
    return GuideSource(
        filename=filename,
        front_matter=front_matter,
        body="".join(lines[closing + 1 :]),
        body_first_line=closing + 2,
    )


def _front_matter(data: dict[str, Any], filename: str) -> FrontMatter:
    expected = {
        "slug": str,
        "author": str,
        "published": datetime.date,
        "source_locale": str,
        "about": list,
        "translator_comments": dict,
    }
    unknown = sorted(set(data) - {*expected, "reading_time_minutes"})
    if unknown:
        msg = f"{filename}: unknown front matter keys: {', '.join(unknown)}"
        raise ContentError(msg)
    for key, kind in expected.items():
        value = data.get(key, kind() if kind in {dict, list} else None)
        if not isinstance(value, kind) or (
            kind is datetime.date and isinstance(value, datetime.datetime)
        ):
            msg = f"{filename}: front matter {key!r} must be a TOML {kind.__name__}, got {value!r}"
            raise ContentError(msg)
    comments = data.get("translator_comments", {})
    if not all(isinstance(value, str) for value in comments.values()):
        msg = f"{filename}: every translator_comments value must be a string"
        raise ContentError(msg)
    return FrontMatter(
        slug=data["slug"],
        author=data["author"],
        published=data["published"],
        source_locale=data["source_locale"],
        about=tuple(_topic(entry, filename) for entry in data.get("about", [])),
        translator_comments=dict(comments),
        reading_time_minutes=_reading_time_minutes(data, filename),
    )


def _reading_time_minutes(data: dict[str, Any], filename: str) -> int | None:
    """The author's stated reading time: a whole number of minutes, or ``None`` if unstated."""
    minutes = data.get("reading_time_minutes")
    if minutes is None:
        return None
    # bool is an int to Python, but `true` is no number of minutes.
    if type(minutes) is not int or not 1 <= minutes <= MAX_READING_MINUTES:
        msg = (
            f"{filename}: front matter 'reading_time_minutes' must be a whole number "
            f"from 1 to {MAX_READING_MINUTES:,}, got {minutes!r}"
        )
        raise ContentError(msg)
    return minutes


def _topic(entry: object, filename: str) -> Topic:
    if (
        not isinstance(entry, dict)
        or set(entry) != {"type", "name"}
        or entry["type"] not in TOPIC_TYPES
        or not isinstance(entry["name"], str)
        or not _TOPIC_NAME.fullmatch(entry["name"])
    ):
        allowed = ", ".join(sorted(TOPIC_TYPES))
        msg = (
            f"{filename}: every 'about' entry must be a table with a 'type' ({allowed}) "
            f"and a 'name' of 1 to 200 characters, got {entry!r}"
        )
        raise ContentError(msg)
    return Topic(type=entry["type"], name=entry["name"])
