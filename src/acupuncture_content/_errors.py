"""Exceptions raised by acupuncture-content.

The hierarchy::

    ContentError                      base of every content and locale error
    ├── GuideNotFoundError            (also LookupError) unknown guide slug
    ├── UnknownLocaleError            (also ValueError) not a locale, or no translation
    └── ExportError                   the static export refused to touch its folder
                                      (internal: raised by ``acupuncture-content export``)

Model validation raises :class:`pydantic.ValidationError`; misuse such as a wrong
argument type or an unknown render option raises :class:`TypeError` or
:class:`ValueError`, as Python itself does.
"""

from __future__ import annotations

__all__ = ["ContentError", "ExportError", "GuideNotFoundError", "UnknownLocaleError"]


class ContentError(Exception):
    """A guide, its source file or a translation catalog cannot be used."""

    # Shown in tracebacks as the public name, not this private module.
    __module__ = "acupuncture_content"


class GuideNotFoundError(ContentError, LookupError):
    """No bundled guide has the requested slug."""

    __module__ = "acupuncture_content"


class UnknownLocaleError(ContentError, ValueError):
    """The tag is not a locale, or (without fallback) no translation serves it."""

    __module__ = "acupuncture_content"


class ExportError(ContentError):
    """The static export would lose or expose a file, so it wrote nothing."""
