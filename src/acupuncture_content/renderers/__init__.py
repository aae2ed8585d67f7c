"""Renderers: one class per output format, one method per node type.

Use :func:`acupuncture_content.render` for the built-in formats. To change how one
kind of node renders, subclass a renderer and override its method::

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
    from .._ui import Labels
    from ._base import Option, Renderer
    from .html import HtmlRenderer
    from .markdown import MarkdownRenderer
    from .text import TextRenderer

__all__ = [
    "FORMATS",
    "HtmlRenderer",
    "Labels",
    "MarkdownRenderer",
    "Option",
    "Renderer",
    "TextRenderer",
]

#: Where each renderer class lives; a format's module is imported on first use.
_LOCATIONS = {
    "Labels": ".._ui",  # what render_header and render_footer receive
    "Option": "._base",
    "Renderer": "._base",
    "HtmlRenderer": ".html",
    "MarkdownRenderer": ".markdown",
    "TextRenderer": ".text",
}

#: The built-in renderer class name of each format.
FORMATS = {"html": "HtmlRenderer", "markdown": "MarkdownRenderer", "text": "TextRenderer"}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the type depends on the name
    if name not in _LOCATIONS:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(_LOCATIONS[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
