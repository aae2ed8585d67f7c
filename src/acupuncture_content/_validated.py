"""Which objects were made by validation, so their fingerprints can be trusted.

A :class:`~acupuncture_content.Guide` built by ``model_validate`` has a fingerprint
that matches its content. One made by ``model_construct`` (or changed by Pydantic's
own ``BaseModel.model_copy``, which ``Guide.model_copy`` replaces with a validated
copy) may not: its fingerprint is whatever it was given or copied. Caches keyed by
fingerprint ask :func:`is_validated` first, so they never answer for different
content. Objects are recorded by identity and held weakly: a copy is a new object
and is never mistaken for the original. The models record their guides here (and
:func:`acupuncture_content.models.ensure_validated` asks), so this module needs to
know nothing of them.
"""

from __future__ import annotations

import threading
import weakref

__all__ = ["is_validated", "mark_validated"]

_lock = threading.Lock()
_validated: weakref.WeakValueDictionary[int, object] = weakref.WeakValueDictionary()


def mark_validated(instance: object) -> None:
    """Record that ``instance`` was made by validation (or from data validated at build time)."""
    with _lock:
        _validated[id(instance)] = instance


_NOT_RECORDED = object()


def is_validated(instance: object) -> bool:
    """Whether this very object was recorded by :func:`mark_validated`."""
    # A sentinel, not get()'s None: ``None`` itself was never validated.
    return _validated.get(id(instance), _NOT_RECORDED) is instance
