"""Bounded caches, and the one call that empties them all.

The package does each piece of work once per process: parsing a guide source,
loading a catalog, localizing a guide, formatting its labels, rendering it. Each
module that makes such a value keeps it in its own :class:`Cache`, declared next to
the code that makes it (``docs/performance.md`` lists every one, with its key and
bound); pure helper functions memoize with :func:`memoized`. Either way the cache is
a least-recently-used map bounded by entry count and, where values can be large
(rendered pages), by their total size in bytes, so memory stays flat however many
distinct guides, options or locale tags a long-running app passes through, and it
registers itself here.

:func:`clear_caches` empties every registered cache, for tests and for apps that want
the memory back; nothing is lost but time. This module imports nothing of the
package, so any module can declare a cache.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, ParamSpec, TypeVar

__all__ = ["Cache", "clear_caches", "memoized"]

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")
Parameters = ParamSpec("Parameters")
Result = TypeVar("Result")

_registry: list[Callable[[], None]] = []


def _size_of(value: object) -> int:
    return sys.getsizeof(value)


class Cache(Generic[Key, Value]):
    """A thread-safe LRU map bounded by entries and, optionally, by the bytes of its values.

    A value larger than a quarter of ``max_bytes`` is never stored (it would evict
    everything else for one entry). Reads take the lock too, so the recency order is
    exact; a lookup costs a dictionary access and a lock.
    """

    def __init__(self, name: str, *, max_entries: int, max_bytes: int | None = None) -> None:
        self.name = name
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Key, tuple[Value, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        # Re-entrant: building a guide may load a catalog through another cache.
        self._build_lock = threading.RLock()
        _registry.append(self.clear)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_in_bytes(self) -> int:
        """The summed size of the stored values (counted only when ``max_bytes`` is set)."""
        return self._bytes

    def get(self, key: Key) -> Value | None:
        """Return the value stored under ``key`` (marking it recently used), or ``None``."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Key, value: Value) -> Value:
        """Store ``value`` under ``key``, evicting the least recently used; return ``value``."""
        size = _size_of(value) if self.max_bytes is not None else 0
        if self.max_bytes is not None and size > self.max_bytes // 4:
            return value
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while len(self._entries) > self.max_entries or (
                self.max_bytes is not None and self._bytes > self.max_bytes
            ):
                _, (_, evicted_size) = self._entries.popitem(last=False)
                self._bytes -= evicted_size
        return value

    def get_or_create(self, key: Key, create: Callable[[], Value]) -> Value:
        """Return the cached value for ``key``, creating and storing it once if missing.

        ``create`` runs under a per-cache build lock, so concurrent first requests for
        one key do the work once; it may raise, and then nothing is stored.
        """
        found = self.get(key)
        if found is not None:
            return found
        with self._build_lock:
            found = self.get(key)
            if found is not None:
                return found
            return self.put(key, create())

    def clear(self) -> None:
        """Remove every entry."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0


def memoized(
    max_entries: int,
) -> Callable[[Callable[Parameters, Result]], Callable[Parameters, Result]]:
    """Memoize a pure function with :func:`functools.lru_cache`, registered for clearing."""

    def decorate(function: Callable[Parameters, Result]) -> Callable[Parameters, Result]:
        cached = functools.lru_cache(maxsize=max_entries)(function)
        _registry.append(cached.cache_clear)
        return cached  # type: ignore[return-value]

    return decorate


def clear_caches() -> None:
    """Empty every cache the package keeps (the next calls do their work again)."""
    for clear in _registry:
        clear()
