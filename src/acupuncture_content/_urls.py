"""The link policy: which ``href`` values content may carry.

Only absolute ``http:``, ``https:`` and ``mailto:`` URLs, written so that every
consumer reads the same scheme:

- the scheme is written plainly at the start of the raw text (no entity,
  percent-escape, space or control character in front of or inside it), so no HTML
  consumer or browser decodes it into something else (``&#106;avascript:``);
- the text holds no whitespace, control or other forbidden character (see
  :mod:`._text_rules`), and is at most :data:`MAX_HREF_LENGTH` characters;
- after decoding HTML entities and percent-escapes (at most
  :data:`MAX_DECODING_ROUNDS` layers deep, so validation stays linear in the input),
  a web URL still names a host and a ``mailto:`` URL an address.

Browsers drop tabs and newlines anywhere in a URL and strip leading controls
(WHATWG URL standard); the rules above reject those characters outright.
"""

from __future__ import annotations

import html
import re
import urllib.parse

from ._text_rules import first_forbidden

__all__ = ["ALLOWED_LINK_SCHEMES", "MAX_DECODING_ROUNDS", "MAX_HREF_LENGTH", "check_href"]

#: Link schemes that can never run code in a browser or read local files.
ALLOWED_LINK_SCHEMES = frozenset({"http", "https", "mailto"})

#: The longest ``href`` accepted, in characters (what browsers and CDNs reliably carry).
MAX_HREF_LENGTH = 2048

#: How many layers of entity and percent encoding are decoded; an href encoded more
#: times over is refused.
MAX_DECODING_ROUNDS = 4

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# The authority of a web URL: what follows "//" up to the path, query or fragment.
_AUTHORITY = re.compile(r"//[^/?#]*")


def _visible_name(name: str) -> bool:
    """Whether ``name`` (a host or an address, decoded) is made of characters a reader sees.

    Letters and digits of any script, with ``-._:[]%+`` between them: no dots alone
    (``https://../``), no zero-width or filler characters, no backslashes.
    """
    return any(character.isalnum() for character in name) and all(
        (character.isalnum() and character != "\u3164") or character in "-._:[]%+"
        for character in name
    )


def _allowed() -> str:
    return ", ".join(f"{name}:" for name in sorted(ALLOWED_LINK_SCHEMES))


def _decoded(href: str) -> str | None:
    """Decode entities and percent-escapes until stable; ``None`` if still changing."""
    decoded = href
    # One round per layer, and one more to see that nothing is left to decode.
    for _ in range(MAX_DECODING_ROUNDS + 1):
        previous = decoded
        decoded = urllib.parse.unquote(html.unescape(decoded))
        if decoded == previous:
            return decoded
    return None


def check_href(href: str) -> str:
    """Return ``href`` if it is a safe absolute ``http``, ``https`` or ``mailto`` URL.

    >>> check_href("https://example.org/a?b=1&amp;c=2")
    'https://example.org/a?b=1&amp;c=2'
    >>> check_href("&#104;ttps://example.org/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: link href '&#104;ttps://example.org/' is not allowed: only absolute ...

    Raises:
        ValueError: the href is too long, relative, protocol-relative (``//host``),
            uses another scheme (``javascript:``, ``data:``...), hides its scheme
            behind an encoding, holds whitespace or control characters, or names
            no host or address.
    """
    if not href:
        msg = "link href must not be empty"
        raise ValueError(msg)
    if len(href) > MAX_HREF_LENGTH:
        msg = f"link href must be at most {MAX_HREF_LENGTH} characters, not {len(href)}"
        raise ValueError(msg)
    if _SPACE_OR_CONTROL.search(href):
        msg = f"link href {href!r} must not contain whitespace or control characters"
        raise ValueError(msg)
    problem = first_forbidden(href)
    if problem is not None:
        msg = f"link href {href!r} must not contain a {problem}"
        raise ValueError(msg)
    match = _SCHEME.match(href)
    scheme = match.group(1).lower() if match else None
    if scheme is None or scheme not in ALLOWED_LINK_SCHEMES:
        msg = f"link href {href!r} is not allowed: only absolute {_allowed()} URLs are"
        raise ValueError(msg)
    _check_target(href, scheme)
    return href


def _check_target(href: str, scheme: str) -> None:
    """Check that ``href`` names a host (web) or an address (mailto) once decoded."""
    decoded = _decoded(href)
    if decoded is None:
        msg = f"link href {href!r} is encoded more than {MAX_DECODING_ROUNDS} times over"
        raise ValueError(msg)
    rest = decoded[len(scheme) + 1 :]
    if scheme == "mailto":
        # An address has a local part and a domain: "?subject=x" or an invisible
        # character alone is no one's address.
        address = rest.split("?", 1)[0]
        if "@" not in address or not _visible_name(address.replace("@", "")):
            msg = f"link href {href!r} must name an address after mailto:"
            raise ValueError(msg)
        return
    try:
        host = urllib.parse.urlsplit(decoded).hostname or ""
    except ValueError:  # an unclosed IPv6 bracket, "https://[::1"
        host = ""
    # "//" must be written as such: a browser reads "https:%2F%2Fexample.org" as a
    # path on the current site. urlsplit drops tabs and newlines anywhere, so the
    # authority is checked as decoded: "http://%09example.org/" names no host.
    authority = _AUTHORITY.match(rest)
    written_plainly = href[len(scheme) + 1 :].startswith("//")
    if (
        authority is None
        or not written_plainly
        or not _visible_name(host)
        or _SPACE_OR_CONTROL.search(authority.group())
    ):
        msg = f"link href {href!r} must name a host, as in https://example.org/"
        raise ValueError(msg)
