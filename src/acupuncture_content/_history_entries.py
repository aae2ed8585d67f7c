"""Entries of the release history, made from guides: each chunk's fingerprint per locale.

The read-only history (:mod:`._history`) sits below the renderers, so that a full page
can say when its content last changed; making an entry cuts each guide into chunks,
which renders them, so it lives here, above the renderers. ``tools/release_history.py``
appends a release with :func:`release_entry`; ``changes()`` describes the installed
development build with :func:`guide_state`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._chunks import chunks
from ._history import LABELS, ChunkState, GuideState, LocaleState, Release, labels_fingerprint

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

    from ._history import ShownLabels
    from .models import Guide

__all__ = ["guide_state", "locale_fingerprints", "release_entry"]


def locale_fingerprints(guide: Guide, labels: ShownLabels) -> tuple[tuple[str, str], ...]:
    """``(id, fingerprint)`` of each of ``guide``'s chunks, then of :data:`LABELS`."""
    return (
        *((chunk.id, chunk.fingerprint) for chunk in chunks(guide)),
        (LABELS, labels_fingerprint(guide, labels)),
    )


def guide_state(
    slug: str, by_tag: Mapping[str, tuple[Guide, ShownLabels]], previous: Release | None
) -> GuideState:
    """Describe guide ``slug`` as it is in ``by_tag`` (tag -> guide and the labels shown).

    ``previous`` is the release before (``None`` for the first), against which
    ``source_changed`` is decided. :func:`release_entry` makes a release's entry from
    these; ``changes()`` compares the installed package's with the last release's.

    Raises:
        ValueError: the guide lacks its source locale, or a guide is filed under the
            wrong slug or tag.
    """
    for tag, (guide, _) in by_tag.items():
        if (guide.slug, guide.locale) != (slug, tag):
            msg = f"the guide filed as {slug}/{tag} is {guide.slug}/{guide.locale}"
            raise ValueError(msg)
    source_locale = next(iter(by_tag.values()))[0].source_locale
    if source_locale not in by_tag:
        msg = f"{slug}: no guide in its source locale {source_locale!r}"
        raise ValueError(msg)
    source_now = dict(locale_fingerprints(*by_tag[source_locale]))
    source_before: dict[str, str] = {}
    if previous is not None and slug in previous.guides:
        before = previous.guides[slug].locales.get(source_locale)
        if before is not None:
            source_before = {chunk.id: chunk.fingerprint for chunk in before.chunks}
    return GuideState(
        source_locale=source_locale,
        locales={
            tag: LocaleState(
                fingerprint=guide.fingerprint,
                chunks=tuple(
                    ChunkState(
                        id=chunk_id,
                        fingerprint=fingerprint,
                        source_changed=source_now.get(chunk_id) != source_before.get(chunk_id),
                    )
                    for chunk_id, fingerprint in locale_fingerprints(guide, labels)
                ),
            )
            for tag, (guide, labels) in sorted(by_tag.items())
        },
    )


def release_entry(
    version: str,
    date: datetime.date,
    guides: Mapping[str, Mapping[str, tuple[Guide, ShownLabels]]],
    previous: Release | None,
) -> Release:
    """Describe a release whose guides are ``guides`` (slug -> tag -> guide and labels).

    ``previous`` is the release before it (``None`` for the first), against which
    ``source_changed`` is decided.

    Raises:
        ValueError: a guide lacks its source locale, or is filed under the wrong slug or tag.
    """
    states = {slug: guide_state(slug, by_tag, previous) for slug, by_tag in guides.items()}
    return Release(version=version, date=date, guides=dict(sorted(states.items())))
