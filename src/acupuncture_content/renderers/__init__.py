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

from ._base import Option, Renderer
from .html import HtmlRenderer
from .markdown import MarkdownRenderer
from .text import TextRenderer

__all__ = ["RENDERERS", "HtmlRenderer", "MarkdownRenderer", "Option", "Renderer", "TextRenderer"]

#: The built-in renderer of each format name.
RENDERERS: dict[str, type[Renderer]] = {
    "html": HtmlRenderer,
    "markdown": MarkdownRenderer,
    "text": TextRenderer,
}
