"""Which guide objects were made by validation, so their fingerprints can be trusted.

A :class:`~acupuncture_content.Guide` built by ``model_validate`` has a fingerprint
that matches its content. One made by ``model_construct`` or changed by
``model_copy(update=...)`` may not: its fingerprint is whatever it was given or
copied. Caches keyed by fingerprint ask :func:`is_validated` first, so they never
answer for different content. Objects are recorded by identity and held weakly:
a copy is a new object and is never mistaken for the original.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from .models import Guide

__all__ = ["ensure_validated", "is_validated", "mark_validated"]

_lock = threading.Lock()
_validated: weakref.WeakValueDictionary[int, Guide] = weakref.WeakValueDictionary()


def mark_validated(instance: Guide) -> None:
    """Record that ``instance`` was made by validation (or from data validated at build time)."""
    with _lock:
        _validated[id(instance)] = instance


def is_validated(instance: object) -> TypeGuard[Guide]:
    """Whether this very object was recorded by :func:`mark_validated`."""
    return _validated.get(id(instance)) is instance


def ensure_validated(guide: object, caller: str = "this function") -> Guide:
    """Return ``guide`` if validation made it, else a validated copy (or raise).

    Raises:
        TypeError: ``guide`` is not a :class:`~acupuncture_content.Guide`.
        pydantic.ValidationError: ``guide`` was built without validation
            (``model_construct``, ``model_copy``) and its content is invalid.
    """
    if is_validated(guide):  # only guides are ever marked: the renderers' fast path
        return guide
    from .models import Guide  # the models import this module

    if not isinstance(guide, Guide):
        msg = f"{caller} needs a Guide, not {type(guide).__name__}"
        raise TypeError(msg)
    return Guide.model_validate(guide)
