"""An app's own page URLs: a template with ``{guide}`` and ``{locale}``, or a callable.

A site that does not publish the export's folders (``<base_url><slug>/<tag>/``) says
where its guide pages are with ``url``: a template such as ``"/guide/{locale}/"`` or
``"https://clinic.example/{locale}/guides/{guide}"``, or a callable ``(slug, tag) ->
str``. :func:`own_layout` checks it once, at the edge, and returns the
:class:`~._page_layout.PageLayout` that carries it to the one place every page link
is built (:func:`~._page_layout.page_url`); a callable's every result is checked
there, when it is made.

A page URL is an absolute ``http(s)`` URL or a root-relative path (``/guide/de/``):
the pages link to each other from anywhere on the site, and a relative URL would
point elsewhere from each page. Its characters are those a ``base_url`` may have
(letters, digits, ``-._~``, ``%`` escapes and ``!$&+,;=:@/``), which mean the same
unescaped in HTML attributes, XML, Markdown link destinations and JSON, and a query
after ``?`` is allowed; a fragment is not (chunk URLs add the section's ``#anchor``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._page_layout import PageLayout
from ._urls import check_href

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._page_layout import PageUrls

__all__ = ["PAGE_URL_RULE", "URL_DESCRIPTION", "is_page_url", "is_url_layout", "own_layout"]

#: What a page URL may be, for error messages.
PAGE_URL_RULE = (
    "an absolute http(s) URL or a root-relative path such as /guide/de/ (letters, digits "
    "and -._~%!$&+,;=:@/, a query after '?', no fragment)"
)
_MAX_LENGTH = 2048
_PATH = r"(?:[A-Za-z0-9._~!$&+,;=:@/-]|%[0-9A-Fa-f]{2})*"
_QUERY = r"(?:\?(?:[A-Za-z0-9._~!$&+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?"
_PAGE_URL = re.compile(
    rf"(?P<origin>https?://[A-Za-z0-9.-]+(?::[0-9]{{1,5}})?)?/(?!/){_PATH}{_QUERY}",
    re.ASCII | re.IGNORECASE,
)
_BRACES = re.compile(r"\{[^{}]*\}?|\}")
_PLACEHOLDERS = frozenset({"{guide}", "{locale}"})
#: Stand-ins for checking a template: a slug and the longest kind of tag.
_SAMPLE = ("acupuncture-for-back-pain", "zh-Hans")


def is_page_url(value: str) -> bool:
    """Whether ``value`` is a page URL: see the module's docstring.

    >>> is_page_url("/guide/de/"), is_page_url("https://clinic.example/de?x=1")
    (True, True)
    >>> is_page_url("guide/de/"), is_page_url("//evil.example/"), is_page_url("/de/#top")
    (False, False, False)
    """
    match = _PAGE_URL.fullmatch(value) if len(value) <= _MAX_LENGTH else None
    if match is None:
        return False
    if match["origin"] is None:
        return True
    try:  # the host as browsers read it: no empty labels, no IP tricks
        check_href(value)
    except ValueError:
        return False
    return True


def own_layout(url: object, *, spelled: str) -> PageLayout:
    """Check ``url`` (a template or a callable) and return the page layout it describes.

    Args:
        url: A template holding ``{locale}`` (and ``{guide}`` where the site has
            several guides), no other braces; or a callable ``(slug, tag) -> str``,
            whose every result is checked when it is made.
        spelled: How messages name ``url`` (``page_links() argument 'url'``).

    Raises:
        TypeError: ``url`` is neither a string nor callable.
        ValueError: the template lacks ``{locale}``, has other braces, or does not
            make a page URL.

    >>> from ._page_layout import page_url
    >>> layout = own_layout("/guide/{locale}/", spelled="url")
    >>> page_url(layout, "acupuncture-for-back-pain", "pt-BR")
    '/guide/pt-BR/'
    """
    if isinstance(url, str):
        make = _template(url, spelled)
    elif callable(url):
        make = _checked_callable(url, spelled)
    else:
        msg = (
            f"{spelled} must be a str template or a callable (slug, tag) -> str, "
            f"not {type(url).__name__}"
        )
        raise TypeError(msg)
    return PageLayout(absolute=True, own=make)


#: What ``url`` may be, for the messages of render options.
URL_DESCRIPTION = (
    "None, a template with {locale} (and {guide}; no other braces) that makes "
    + PAGE_URL_RULE
    + ", or a callable (slug, tag) -> str"
)


def is_url_layout(value: object) -> bool:
    """Whether ``value`` is ``None``, a callable, or a template :func:`own_layout` accepts."""
    if not isinstance(value, str):
        return True  # None or a callable: a callable's results are checked as it makes them
    try:
        _template(value, "url")
    except ValueError:
        return False
    return True


def _shown(value: str) -> str:
    return repr(value if len(value) <= 80 else value[:77] + "...")


def _template(template: str, spelled: str) -> PageUrls:
    stray = next((found for found in _BRACES.findall(template) if found not in _PLACEHOLDERS), None)
    if stray is not None:
        msg = (
            f"{spelled} may hold only the placeholders {{guide}} and {{locale}}, "
            f"found {stray!r} in {_shown(template)}"
        )
        raise ValueError(msg)
    if "{locale}" not in template:
        msg = (
            f"{spelled} needs the placeholder {{locale}} (each locale's page has its own "
            f"URL), got {_shown(template)}"
        )
        raise ValueError(msg)

    def fill(slug: str, tag: str) -> str:
        return template.replace("{guide}", slug).replace("{locale}", tag)

    # A sample names a bad template at once; each URL is checked again as it is made,
    # since a slug can break a host (``{guide}.example``: ``a-``, ``xn--zz``) or the
    # length that the sample kept.
    if not is_page_url(fill(*_SAMPLE)):
        msg = f"{spelled} must make {PAGE_URL_RULE}; got {_shown(template)}"
        raise ValueError(msg)
    return _checked_callable(fill, spelled)


def _checked_callable(function: Callable[..., object], spelled: str) -> PageUrls:
    def make(slug: str, tag: str) -> str:
        value = function(slug, tag)
        if not isinstance(value, str):
            msg = (
                f"{spelled} returned {type(value).__name__} for ({slug!r}, {tag!r}); "
                "it must return a str"
            )
            raise TypeError(msg)
        if not is_page_url(value):
            msg = (
                f"{spelled} returned {_shown(value)} for ({slug!r}, {tag!r}); "
                f"a page URL must be {PAGE_URL_RULE}"
            )
            raise ValueError(msg)
        return value

    return make
