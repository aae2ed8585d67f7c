"""What changed in a guide's content, per release, locale and chunk, from the release history.

A clinic's reviewer asks, before approving an upgrade: which sections changed, in
which language, and was it the English original or only a translation? The release
history (:mod:`._history`) holds, for every release, each chunk's fingerprint in
every locale; a :class:`Change` is one chunk whose fingerprint differs between two
consecutive releases. The strings around the chunks (title, byline, notices,
disclaimer) are one more entry, ``"labels"``.

A development build (``X.Y.Z.devN``) is not in the history: its content is compared
with the last release's and reported under its own version, with no date (it has not
been released). The same history dates a page: :func:`modified_date` is the date of the
release in which a guide's content in a locale last changed (JSON-LD
``dateModified``), known only while the guide is exactly as that release had it.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import BaseModel, Field, model_validator

from . import _history
from ._schema import FROZEN_DATA
from ._types import LocaleTag, Slug

if TYPE_CHECKING:
    from ._history import GuideState

__all__ = [
    "Change",
    "Edition",
    "changes_between",
    "editions",
    "locale_order",
    "released_since",
]

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Change(BaseModel):
    """One chunk of a guide, in one locale, that a release changed.

    Frozen and JSON-serialisable (``model_dump_json()`` is what ``acupuncture-content
    changes --format json`` prints for each).

    >>> from acupuncture_content import changes
    >>> change = changes("0.1.0", locale="ko")[0]
    >>> change.release, change.chunk, change.kind, change.source_changed
    ('0.2.0', 'what-to-expect-during-treatment', 'changed', False)
    """

    model_config = FROZEN_DATA

    release: str
    """The version that made the change (``0.3.0``; a development build's own version,
    ``0.4.0.dev0``, for changes not yet released)."""
    date: datetime.date | None
    """The release's date; ``None`` for changes not yet released."""
    guide: Slug
    """The guide's slug."""
    locale: LocaleTag
    """BCP 47 tag of the locale whose content changed."""
    chunk: Slug
    """The chunk id as ``chunks()`` gives it (``introduction`` or a section id), or
    ``labels`` for the strings around the chunks: the title, the byline (author, date,
    reading time), the notices and the disclaimer."""
    kind: Literal["added", "removed", "changed"]
    """``added`` (new in this release), ``removed`` (gone in it) or ``changed``."""
    source_changed: bool
    """Whether the source-locale text of the same chunk changed in the same release;
    ``False`` means the change is to the translation alone."""
    before: Sha256 | None
    """The chunk's fingerprint in the release before; ``None`` when it was added."""
    after: Sha256 | None
    """The chunk's fingerprint in this release; ``None`` when it was removed."""

    @model_validator(mode="after")
    def _kind_matches_the_fingerprints(self) -> Self:
        expected = {
            "added": self.before is None and self.after is not None,
            "removed": self.before is not None and self.after is None,
            "changed": None not in (self.before, self.after) and self.before != self.after,
        }
        if not expected[self.kind]:
            msg = (
                f"kind {self.kind!r} does not fit before={self.before!r} and "
                f"after={self.after!r} (added: no before; removed: no after; "
                "changed: two different fingerprints)"
            )
            raise ValueError(msg)
        return self


@dataclasses.dataclass(frozen=True, slots=True)
class Edition:
    """The content of one release (or of the installed development build) of one guide.

    Attributes:
        version: The release's version, or the development build's.
        date: The release date; ``None`` for a development build.
        state: The guide in every locale; ``None`` when this edition did not have it.
    """

    version: str
    date: datetime.date | None
    state: GuideState | None


def editions(slug: str, unreleased: GuideState | None = None) -> tuple[Edition, ...]:
    """Every release's edition of guide ``slug``, oldest first, then the unreleased one.

    ``unreleased`` is the installed package's content, given only when the installed
    version is not a release (a ``.devN`` build); it is listed under that version.
    """
    found = tuple(
        Edition(release.version, release.date, release.guides.get(slug))
        for release in _history.history().releases
    )
    if unreleased is None:
        return found
    return (*found, Edition(_history.installed_version(), None, unreleased))


def released_since(since: object, known: Sequence[str], *, spelled: str) -> int:
    """The index of release ``since`` in ``known``, checked.

    Raises:
        TypeError: ``since`` is not a string.
        ValueError: ``since`` is not one of ``known``, naming them.
    """
    if not isinstance(since, str):
        msg = f"{spelled} must be a release version (a str), not {type(since).__name__}"
        raise TypeError(msg)
    if since not in known:
        shown = since if len(since) <= 64 else f"{since[:61]}..."
        msg = f"{spelled} must be a release, not {shown!r}; known releases: {', '.join(known)}"
        raise ValueError(msg)
    return known.index(since)


def changes_between(
    found: Sequence[Edition], since: int, slug: str, tags: Sequence[str]
) -> tuple[Change, ...]:
    """Every change to guide ``slug`` in ``tags`` in the editions after ``found[since]``.

    Ordered by edition, then by the order of ``tags``, then in chunk order (a removed
    chunk where it stood in the edition before).
    """
    found_changes: list[Change] = []
    for before, after in zip(found[since:], found[since + 1 :], strict=False):
        for tag in tags:
            found_changes.extend(_locale_changes(before, after, slug, tag))
    return tuple(found_changes)


def _locale_changes(before: Edition, after: Edition, slug: str, tag: str) -> list[Change]:
    old = _history.chunk_fingerprints(before.state, tag)
    new = _history.chunk_fingerprints(after.state, tag)
    if old == new:
        return []
    # Two editions that differ have the guide in at least one of them.
    source = next(e.state.source_locale for e in (after, before) if e.state is not None)
    source_old = _history.chunk_fingerprints(before.state, source)
    source_new = _history.chunk_fingerprints(after.state, source)

    def kind(chunk_id: str) -> Literal["added", "removed", "changed"]:
        return "added" if chunk_id not in old else "removed" if chunk_id not in new else "changed"

    return [
        Change(
            release=after.version,
            date=after.date,
            guide=slug,
            locale=tag,
            chunk=chunk_id,
            kind=kind(chunk_id),
            source_changed=source_old.get(chunk_id) != source_new.get(chunk_id),
            before=old.get(chunk_id),
            after=new.get(chunk_id),
        )
        for chunk_id in _chunk_order(list(old), list(new))
        if old.get(chunk_id) != new.get(chunk_id)
    ]


def _chunk_order(old: list[str], new: list[str]) -> list[str]:
    """``new``'s order, with each chunk only ``old`` has after the one it followed there."""
    order = list(new)
    for index, chunk_id in enumerate(old):
        if chunk_id in order:
            continue
        preceding = next((earlier for earlier in reversed(old[:index]) if earlier in order), None)
        order.insert(0 if preceding is None else order.index(preceding) + 1, chunk_id)
    return order


def locale_order(available: Sequence[str], found: Sequence[Edition]) -> tuple[str, ...]:
    """``available`` (every locale the guide is in now), then any locale only history has."""
    gone = {
        tag
        for edition in found
        if edition.state is not None
        for tag in edition.state.locales
        if tag not in available
    }
    return (*available, *sorted(gone))
