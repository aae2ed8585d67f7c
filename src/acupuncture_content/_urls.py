r"""The link policy: one narrow grammar that every ``href`` in content is checked against.

A patient guide links to web pages, an e-mail address and a phone number::

    https://HOST[/PATH][?QUERY][#FRAGMENT]    (or http://)
    mailto:LOCAL-PART@HOST                    one address: no ?subject=, no ?bcc=
    tel:+DIGITS[;ext=DIGITS]                  digits and the separators - . ( )

``HOST`` is a domain name of ASCII or internationalized labels (``xn--`` ones in
``mailto:``), with no user, password, port or IP address; ``PATH``, ``QUERY`` and
``FRAGMENT`` hold the ASCII characters RFC 3986 allows there and percent-escapes.
Nothing is decoded: the href is checked as written, so every consumer (a browser, by
the WHATWG URL standard; ``urllib.parse``; a CommonMark parser) reads the scheme and
host checked (``tests/test_urls.py`` compares with a WHATWG parser). A backslash
(``https://evil.example\@good.example/`` is ``evil.example`` to a browser), userinfo
and characters browsers drop from hosts (U+115F) have no place in it. Internationalized
labels use the standard library's IDNA 2003 codec, only where it and the UTS 46 of
browsers agree (see :func:`_label`). ``docs/content-model.md`` has the whole policy.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NoReturn

from ._text_rules import is_default_ignorable

__all__ = ["ALLOWED_LINK_SCHEMES", "MAX_HREF_LENGTH", "check_href", "href_host"]

#: The longest ``href`` accepted, in characters (what browsers and CDNs reliably carry).
MAX_HREF_LENGTH = 2048

# re.ASCII throughout: otherwise (?i) reads "ſ" as "s" and the Kelvin sign as "k".
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):", re.ASCII)
# RFC 3986 pchar: unreserved, sub-delims, ":", "@" or a percent-escape. A web URL is
# matched as a prefix: where the match stops is the character it may not hold.
_PCHAR = r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})"
_WEB = re.compile(
    rf"(?i:https?)://([^/?#]*)(?:/{_PCHAR}*)*(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?",
    re.ASCII,
)
# An RFC 5322 dot-atom of 64 at most, narrowed to letters, digits and _ ' + -: no "&"
# or "=", which a mail program might read as a header (?bcc=), nor what a URI encodes.
_ATOM = r"[A-Za-z0-9_'+-]+"
_MAILTO = re.compile(
    rf"(?i:mailto):(?=[^@]{{1,64}}@){_ATOM}(?:\.{_ATOM})*@([A-Za-z0-9.-]+)", re.ASCII
)
_PHONE = r"[-.()]*[0-9][-.()0-9]*"  # RFC 3966 phonedigits, one of them a digit
_TEL = re.compile(rf"(?i:tel):\+{_PHONE}(?:(?i:;ext=){_PHONE})?", re.ASCII)
_LDH_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE | re.ASCII)
_TOP_LEVEL_LABEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]+")
_LABEL_CATEGORIES = frozenset({"Ll", "Lo", "Lm", "Mn", "Mc", "Nd"})
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})


def check_href(href: str) -> str:
    r"""Return ``href`` if the link policy allows it (see the module's docstring).

    >>> check_href("https://www.nhs.uk/conditions/back-pain/?a=1&amp;b=2")
    'https://www.nhs.uk/conditions/back-pain/?a=1&amp;b=2'
    >>> check_href("https://evil.example\\@good.example/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: link href 'https://evil.example\\@good.example/' must not contain a backslash...

    Raises:
        ValueError: ``href`` is not in the grammar; the message says where and why.
    """
    href_host(href)
    return href


def href_host(href: str) -> str:
    """Check ``href`` and return its host as browsers and DNS read it, ``""`` for ``tel:``.

    The host is lowercase ASCII, internationalized labels as ``xn--`` labels
    (``bücher.example`` is ``xn--bcher-kva.example``).

    Raises:
        ValueError: ``href`` is not in the grammar.
    """
    if not 0 < len(href) <= MAX_HREF_LENGTH:
        _refuse(href[:40], f"must be 1 to {MAX_HREF_LENGTH} characters long, not {len(href)}")
    match = _SCHEME.match(href)
    grammar = _GRAMMARS.get(match.group(1).lower() if match else "")
    if grammar is None:
        allowed = ", ".join(f"{scheme}:" for scheme in sorted(_GRAMMARS))
        _refuse(href, f"is not allowed: only absolute {allowed} URLs are")
    if "\\" in href:
        _refuse(href, "must not contain a backslash (browsers read it as '/')")
    return grammar(href)


def _refuse(href: str, why: str) -> NoReturn:
    msg = f"link href {href!r} {why}"
    raise ValueError(msg)


def _web(href: str) -> str:
    web = _WEB.match(href)
    if web is None:
        _refuse(href, "must name a host, as in https://example.org/")
    if web.end() < len(href):
        bad = href[web.end()]
        escaped = "".join(f"%{byte:02X}" for byte in bad.encode("utf-8", "surrogatepass"))
        _refuse(href, f"has {bad!r} at position {web.end()}: write it percent-encoded ({escaped})")
    return _host(href, web.group(1))


def _mailto(href: str) -> str:
    address = _MAILTO.fullmatch(href)
    if address is None:
        _refuse(href, "must be one address, as in mailto:care@example.org (no ?subject=; xn--)")
    return _host(href, address.group(1))


def _tel(href: str) -> str:
    if _TEL.fullmatch(href) is None:
        _refuse(href, "must be a global number, as in tel:+1-555-0100 (+, digits, - . ( ), ;ext=)")
    return ""


_GRAMMARS = {"http": _web, "https": _web, "mailto": _mailto, "tel": _tel}
#: Link schemes that can never run code in a browser or read local files.
ALLOWED_LINK_SCHEMES = frozenset(_GRAMMARS)


def _host(href: str, host: str) -> str:
    """Return ``host`` as DNS reads it: lowercase ASCII, with ``xn--`` labels."""
    if "@" in host or ":" in host:
        _refuse(href, "must name a host alone, as in https://example.org/ (no user or port)")
    domain = "must name a domain, as in example.org: the last label letters, 253 characters at most"
    if len(host) > 253:  # an xn-- form is longer still: refused before any IDNA work
        _refuse(href, domain)
    labels = [_label(href, label) for label in host.split(".")]
    canonical = ".".join(labels)
    if len(labels) < 2 or not _TOP_LEVEL_LABEL.fullmatch(labels[-1]) or len(canonical) > 253:
        _refuse(href, domain)
    return canonical


def _label(href: str, label: str) -> str:
    """Return one label of a host as DNS reads it, or refuse ``href`` saying why.

    ASCII letters, digits and inner hyphens; or an internationalized label, as the
    ``xn--`` form or as IDNA writes it (lowercase, NFKC, nothing IDNA maps or drops),
    of letters, marks and digits that are neither default-ignorable nor right-to-left
    (browsers apply RFC 5893's Bidi rule across the whole name; IDNA 2003's differs).
    """
    if label.isascii():
        if not _LDH_LABEL.fullmatch(label):
            _refuse(href, f"has the host label {label!r}: use letters, digits and inner hyphens")
        label = label.lower()
        if not label.startswith("xn--"):
            return label
    unicode = _through_idna(href, label)[1] if label.isascii() else label
    bad = next((character for character in unicode if not _label_character(character)), None)
    if bad is not None:
        _refuse(
            href,
            f"has the host label {label!r} with U+{ord(bad):04X}: an internationalized label "
            "holds lowercase letters, marks and digits of left-to-right scripts",
        )
    ascii_form, written = _through_idna(href, unicode)
    if (
        written != unicode
        or unicodedata.normalize("NFKC", unicode.casefold()) != unicode
        or unicodedata.category(unicode[0])[0] == "M"
        or "-" in (unicode[0], unicode[-1])
    ):
        suggested = unicodedata.normalize("NFKC", written.casefold())
        _refuse(
            href,
            f"has the host label {label!r}: write it as IDNA does ({suggested!r}), starting "
            "and ending with a letter or digit",
        )
    return ascii_form


def _through_idna(href: str, label: str) -> tuple[str, str]:
    """Return ``label`` after IDNA's ToASCII, and then after its ToUnicode."""
    try:
        encoded = label.encode("idna")
        return encoded.decode("ascii"), encoded.decode("idna")
    except UnicodeError as error:
        _refuse(href, f"has the host label {label[:63]!r}, which IDNA refuses: {error}")


def _label_character(character: str) -> bool:
    return (
        (unicodedata.category(character) in _LABEL_CATEGORIES or character == "-")
        and not is_default_ignorable(character)
        and unicodedata.bidirectional(character) not in _RIGHT_TO_LEFT
    )
