"""The release history: each release's content, chunk by chunk, per guide and locale.

For every release since 0.1.0 the package ships (in ``_history.json``) its version,
its date and, per guide and locale, the fingerprint of the guide and of each of its
chunks, and whether the source-locale text of that chunk changed in that release.
That answers what a clinic's reviewer asks before approving an upgrade: which
sections changed, in which language, and whether the English original changed or
only a translation did. It is data made from the release commits (never computed
from git at run time):

- ``tools/compat_corpus.py`` stores each release's own JSON and labels in
  ``tests/compat/``; ``tools/release_history.py`` loads them with the current models,
  cuts them with the current :func:`~._chunks.chunks` and writes this file;
- cutting a release appends the new release's entry, computed from the package
  itself (``docs/versioning.md``).

A guide's entries per locale are its chunks, in ``chunks()`` order (``introduction``,
then one per section), then :data:`LABELS`: the strings around the chunks (the title,
the byline, the notices and the disclaimer). Every fingerprint is the recipe of
:mod:`._fingerprint`, recomputed for old releases, so releases compare directly.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ._cache import memoized
from ._fingerprint import fingerprint_of
from ._types import Slug

if TYPE_CHECKING:
    from .models import Guide

__all__ = [
    "HISTORY_FILE",
    "LABELS",
    "ChunkState",
    "GuideState",
    "History",
    "LocaleState",
    "Release",
    "ShownLabels",
    "chunk_fingerprints",
    "history",
    "installed_version",
    "labels_fingerprint",
    "modified_date",
    "version_key",
]

#: The data file, inside the package.
HISTORY_FILE = "_history.json"

#: The id of the entry for the strings around the chunks (as ``Change.chunk`` names it).
LABELS = "labels"

#: The interface strings a release showed with a guide (``Labels`` fields as JSON).
ShownLabels = Mapping[str, str | None]

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
ReleaseVersion = Annotated[str, Field(pattern=r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)){2}$")]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class ChunkState(_Record):
    """One chunk (or :data:`LABELS`) of a guide in one locale, as a release had it."""

    id: Slug
    """The chunk id as ``chunks()`` gives it (``introduction`` or a section id), or
    ``labels``."""
    fingerprint: Sha256
    """Its fingerprint by today's recipe."""
    source_changed: bool
    """Whether the same chunk in the guide's source locale changed in this release
    (compared with the release before; a chunk new in the source counts as changed)."""


class LocaleState(_Record):
    """A guide in one locale, as a release had it."""

    fingerprint: Sha256
    """The guide's content fingerprint by today's recipe."""
    chunks: tuple[ChunkState, ...]
    """Its chunks in ``chunks()`` order, then :data:`LABELS`."""


class GuideState(_Record):
    """A guide in every locale a release had."""

    source_locale: str
    """The locale the guide is written in."""
    locales: dict[str, LocaleState]
    """By BCP 47 tag."""


class Release(_Record):
    """One release: when it was made and what each guide held in each locale."""

    version: ReleaseVersion
    """``X.Y.Z``."""
    date: datetime.date
    """The date CHANGELOG.md gives it."""
    guides: dict[Slug, GuideState]
    """By guide slug."""


class History(_Record):
    """Every release, oldest first."""

    releases: tuple[Release, ...]

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        versions = [version_key(release.version) for release in self.releases]
        if versions != sorted(set(versions)):
            msg = "releases must be listed once each, oldest first"
            raise ValueError(msg)
        return self

    def versions(self) -> tuple[str, ...]:
        """The versions of every release, oldest first."""
        return tuple(release.version for release in self.releases)

    def release(self, version: str) -> Release:
        """Return the release ``version``.

        Raises:
            ValueError: ``version`` is not a release, naming the releases there are.
        """
        for release in self.releases:
            if release.version == version:
                return release
        msg = f"{version!r} is not a release; releases: {', '.join(self.versions())}"
        raise ValueError(msg)


def version_key(version: str) -> tuple[int, ...]:
    """``"0.4.0"`` as ``(0, 4, 0)``, so release versions sort as numbers."""
    return tuple(int(part) for part in version.split("."))


@memoized(max_entries=1)
def history() -> History:
    """Return the release history shipped with the package (read once, on first use).

    >>> history().versions()[:3]
    ('0.1.0', '0.2.0', '0.3.0')
    >>> first = history().release("0.1.0").guides["acupuncture-for-back-pain"]
    >>> [chunk.id for chunk in first.locales["en"].chunks][:2]
    ['introduction', 'how-acupuncture-helps-with-back-pain']
    """
    data = resources.files(__package__).joinpath(HISTORY_FILE).read_bytes()
    return History.model_validate_json(data)


def labels_fingerprint(guide: Guide, labels: ShownLabels) -> str:
    """The fingerprint of what a reader sees around a guide's chunks.

    That is the title, the author and the :class:`~._labels.Labels` strings (the
    byline's date and reading time, the notices, the disclaimer and its label),
    hashed as :mod:`._fingerprint` hashes content. ``labels`` holds the strings a
    release showed: releases before 0.4.0 had no disclaimer label, so their entries
    hash the five strings they had, and the label's arrival counts as a change.
    """
    return fingerprint_of(
        {
            "guide": guide.slug,
            "locale": guide.locale,
            "id": LABELS,
            "title": guide.title,
            "author": guide.author.name,
            **labels,
        }
    )


def installed_version() -> str:
    """The installed distribution's version (what ``__version__`` says).

    A function, not the value, so that tests can make a development build look like a
    release; :mod:`._version` reads it once, when first asked.
    """
    from ._version import __version__  # importlib.metadata is slow: only when asked

    return __version__


def chunk_fingerprints(state: GuideState | None, tag: str) -> dict[str, str]:
    """``{chunk id: fingerprint}`` of locale ``tag`` in ``state`` (empty when it lacks it)."""
    locale = state.locales.get(tag) if state is not None else None
    return {} if locale is None else {chunk.id: chunk.fingerprint for chunk in locale.chunks}


def modified_date(guide: Guide, shown: ShownLabels) -> datetime.date | None:
    """The date of the release in which ``guide``'s content in its locale last changed.

    That is the newest release whose chunks (and :data:`~.LABELS`) in this
    locale differ from the release before's, or the first release that had them. It
    is known only when ``guide`` and the labels ``shown`` with it are exactly what the
    newest release has: not for an unreleased change in a development build, nor for a
    guide an app built or edited itself (a date is never invented).
    """
    releases = history().releases
    state = releases[-1].guides.get(guide.slug)
    locale = state.locales.get(guide.locale) if state is not None else None
    if locale is None or locale.fingerprint != guide.fingerprint:
        return None
    chunks = {chunk.id: chunk.fingerprint for chunk in locale.chunks}
    if chunks.get(LABELS) != labels_fingerprint(guide, shown):
        return None
    date = releases[-1].date
    for older in reversed(releases[:-1]):
        older_state = older.guides.get(guide.slug)
        if chunk_fingerprints(older_state, guide.locale) != chunks:
            return date
        date = older.date
    return date
