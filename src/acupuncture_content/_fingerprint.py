r"""Content fingerprints: the SHA-256 of a canonical JSON serialisation.

The recipe is public (``docs/content-model.md``) so that apps in any language can
recompute a fingerprint: JSON with keys sorted, no insignificant whitespace
(separators ``,`` and ``:``), non-ASCII characters written as themselves (not
``\u`` escapes), encoded as UTF-8, hashed with SHA-256, written as 64 lowercase
hex digits.
"""

from __future__ import annotations

import hashlib
import json

__all__ = ["canonical_json", "fingerprint_of"]


def canonical_json(data: object) -> bytes:
    r"""Serialize JSON-compatible ``data`` the one way fingerprints are computed over.

    >>> canonical_json({"b": "é", "a": [1, 2]})
    b'{"a":[1,2],"b":"\xc3\xa9"}'
    """
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def fingerprint_of(data: object) -> str:
    """Return the hex SHA-256 of the canonical JSON of ``data``."""
    return hashlib.sha256(canonical_json(data)).hexdigest()
