"""Renderers: one class per output format, one method per node type.

:data:`FORMATS` is the one registry of output formats: ``render()``, the command
line (its ``--format`` choices and its flags, built from each renderer's
:attr:`~Renderer.options`) and the static export (each renderer's
:attr:`~Renderer.exports`) are all built from it. A new format is one module with a
:class:`Renderer` subclass and one line here.

To change how one kind of node renders, subclass a renderer and override its method::

    from acupuncture_content import load_guide
    from acupuncture_content.renderers import HtmlRenderer

    class ClinicHtmlRenderer(HtmlRenderer):
        def render_link(self, link):
            return super().render_link(link).replace("<a ", '<a class="external" ', 1)

    html = ClinicHtmlRenderer(id_prefix="guide-").render(load_guide())
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._labels import Labels
    from .._pages import PageContext
    from ._base import Document, ExportFile, Renderer
    from ._options import Option
    from .html import HtmlRenderer
    from .json import JsonRenderer
    from .markdown import MarkdownRenderer
    from .text import TextRenderer

__all__ = [
    "FORMATS",
    "Document",
    "ExportFile",
    "HtmlRenderer",
    "JsonRenderer",
    "Labels",
    "MarkdownRenderer",
    "Option",
    "PageContext",
    "Renderer",
    "TextRenderer",
    "renderer_class",
]

#: Every output format: its name and "module:class" of its renderer, imported on first use.
FORMATS = {
    "html": "html:HtmlRenderer",
    "markdown": "markdown:MarkdownRenderer",
    "text": "text:TextRenderer",
    "json": "json:JsonRenderer",
}

_SHARED = {
    "Labels": ".._labels",  # what render_header and render_footer receive
    "Document": "._base",
    "ExportFile": "._base",
    "Renderer": "._base",
    "Option": "._options",
    "PageContext": ".._pages",  # what render() may be given for a full HTML document
}


def renderer_class(format: str) -> type[Renderer]:  # noqa: A002 - the documented name
    """Return the renderer class of ``format``.

    Raises:
        TypeError: ``format`` is not a string.
        ValueError: ``format`` is not one of :data:`FORMATS`.
    """
    if not isinstance(format, str):
        msg = f"format must be a str, not {type(format).__name__}"
        raise TypeError(msg)
    location = FORMATS.get(format)
    if location is None:
        msg = f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}"
        raise ValueError(msg)
    module, _, name = location.partition(":")
    found: type[Renderer] = getattr(importlib.import_module(f".{module}", __name__), name)
    return found


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the type depends on the name
    by_class = {
        location.partition(":")[2]: f".{location.partition(':')[0]}"
        for location in FORMATS.values()
    }
    module = _SHARED.get(name) or by_class.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
