"""Render options: each declared once, validated by name, and offered on the command line.

An :class:`Option` knows its accepted types, default and allowed values (for
``TypeError``/``ValueError`` messages that name it) and how the command line spells it,
so the CLI builds its flags from the renderers' options instead of repeating them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, cast

from .._page_urls import URL_DESCRIPTION, is_url_layout
from .._types import MAX_ID_LENGTH
from .._urls import check_href

__all__ = [
    "BASE_URL",
    "HEADING_OFFSET",
    "ID_PREFIX",
    "MAX_HEADING_OFFSET",
    "PAGE_URL",
    "Option",
    "check_base_url",
]

MAX_HEADING_OFFSET = 4


@dataclasses.dataclass(frozen=True, slots=True)
class Option:
    """A render option: its name, accepted types, default, value check and CLI spelling.

    Attributes:
        name: The keyword argument name (``heading_offset``).
        types: Accepted types (``bool`` is never accepted where ``int`` is meant).
        default: The value used when the option is not given.
        help: One line for ``--help``.
        check: Returns whether a value of an accepted type is allowed; ``None``
            allows every value of an accepted type (a ``bool`` switch).
        description: What the allowed values are, for error messages (needed with
            ``check``).
        metavar: The value's name on the command line (``N``, ``URL``); empty for a
            flag without a value.
        none_flag: A command-line flag that sets the option to ``None``
            (``--no-wrap`` for ``width``), if any.
        none_help: One line for ``--help`` about ``none_flag``.
        cli_description: The allowed values as the command line can give them, for
            its error messages (``None`` is not something a flag can be).
        requires: Another (boolean) option this one only applies with (``base_url``
            needs ``full_document``).
        excludes: Another option that may not be given with this one (``page_url``
            and ``base_url`` each say where the pages are).
    """

    name: str
    types: tuple[type, ...]
    default: object
    help: str
    check: Callable[[Any], bool] | None = None
    description: str = ""
    metavar: str = ""
    none_flag: str | None = None
    none_help: str = ""
    cli_description: str = ""
    requires: str | None = None
    excludes: str | None = None

    @property
    def flag(self) -> str:
        """The flag: ``--heading-offset``, or ``--no-stylesheet`` for a switch on by default."""
        name = self.name.replace("_", "-")
        return f"--no-{name}" if self.default is True else f"--{name}"

    def validate(
        self, value: object, *, spelled: str | None = None, command_line: bool = False
    ) -> object:
        """Return ``value`` if valid, else raise ``TypeError``/``ValueError`` naming the option.

        Args:
            value: The value to check.
            spelled: How to name the option in messages (``--width`` on the command
                line); by default ``render option 'width'``.
            command_line: Describe the allowed values as the command line gives them.
        """
        what = spelled or f"render option {self.name!r}"
        # bool is an int subclass, but heading_offset=True is a mistake, not 1.
        stray_bool = isinstance(value, bool) and bool not in self.types
        if stray_bool or not isinstance(value, self.types):
            accepts = " or ".join(
                "None" if kind is type(None) else kind.__name__ for kind in self.types
            )
            msg = f"{what} must be {accepts}, not {type(value).__name__}"
            raise TypeError(msg)
        if self.check is not None and not self.check(value):
            shown = value if not isinstance(value, str) or len(value) <= 80 else value[:77] + "..."
            description = (command_line and self.cli_description) or self.description
            msg = f"{what} must be {description}, got {shown!r}"
            raise ValueError(msg)
        return value


HEADING_OFFSET = Option(
    name="heading_offset",
    types=(int,),
    default=0,
    check=lambda value: 0 <= value <= MAX_HEADING_OFFSET,
    description=f"an integer from 0 to {MAX_HEADING_OFFSET}",
    help=f"0-{MAX_HEADING_OFFSET}, added to heading levels (default: 0)",
    metavar="N",
)

# A prefix is put before ids of up to MAX_ID_LENGTH characters, and is bounded as they are.
_ID_PREFIX = re.compile(rf"(?:[A-Za-z][A-Za-z0-9_-]{{0,{MAX_ID_LENGTH - 1}}})?")

ID_PREFIX = Option(
    name="id_prefix",
    types=(str,),
    default="",
    check=lambda value: _ID_PREFIX.fullmatch(value) is not None,
    description=(
        f"empty or a valid id start of at most {MAX_ID_LENGTH} characters (a letter, then "
        "letters, digits, '-' or '_')"
    ),
    help="put before every id the HTML has, to avoid clashes in a host page",
    metavar="PREFIX",
)

# Only characters that mean the same, unescaped, in HTML attributes, XML, Markdown link
# destinations and JSON: letters, digits, "-._~", "%" escapes and ":/@!$&+,;=". Anything
# else ("(", "[", "'", "<", a space) is percent-encoded by whoever publishes the site.
_TRAILING_SLASH_PATH = re.compile(
    r"https?://[A-Za-z0-9._~%!$&+,;=:@-]+(/[A-Za-z0-9._~%!$&+,;=:@/-]*)?/", re.IGNORECASE
)


def check_base_url(value: str) -> bool:
    """Whether ``value`` is an absolute ``http(s)`` URL ending in ``/`` (no query, no fragment).

    Its characters are letters, digits, ``-._~%`` and ``:/@!$&+,;=``: a URL that needs
    others (a space, brackets, quotes) must percent-encode them.
    """
    try:
        check_href(value)
    except ValueError:
        return False
    return _TRAILING_SLASH_PATH.fullmatch(value) is not None


BASE_URL = Option(
    name="base_url",
    types=(str, type(None)),
    default=None,
    check=lambda value: value is None or check_base_url(value),
    description=(
        "None or an absolute http(s) URL ending in '/' (no query or fragment; letters, "
        "digits and -._~%:/@!$&+,;= only)"
    ),
    help="with --full-document: where the pages are published, as "
    "https://example.org/guides/ (canonical and hreflang links, language switcher)",
    metavar="URL",
    cli_description=(
        "an absolute http(s) URL ending in '/' (no query or fragment; letters, digits and "
        "-._~%:/@!$&+,;= only)"
    ),
    requires="full_document",
)

PAGE_URL = Option(
    name="page_url",
    # collections.abc.Callable is a class isinstance() checks; type checkers call it a form.
    types=(str, cast("type", Callable), type(None)),
    default=None,
    check=is_url_layout,
    description=URL_DESCRIPTION,
    help="with --full-document: the site's own page URLs, as a template with {locale} "
    "(and {guide}): /guide/{locale}/ (canonical and hreflang links, language switcher)",
    metavar="TEMPLATE",
    cli_description=(
        "a template with {locale} (and {guide}; no other braces) that makes an absolute "
        "http(s) URL or a root-relative path such as /guide/de/"
    ),
    requires="full_document",
    excludes="base_url",
)
