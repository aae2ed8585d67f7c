"""JSON renderer: the guide's own JSON, as apps in any language consume it.

``render(guide, "json")`` is ``guide.model_dump_json()``: the content model's JSON
shape (see ``docs/content-model.md``), described by ``acupuncture-content schema``.
It takes no options; the interface strings are in ``labels.json`` of the export, or
:func:`acupuncture_content.labels`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..models import ensure_validated
from ._base import ExportFile, Renderer

if TYPE_CHECKING:
    from .._labels import Labels
    from .._pages import PageContext
    from ..models import Guide
    from ._options import Option

__all__ = ["JsonRenderer"]


class JsonRenderer(Renderer):
    """Render a guide as its JSON (``guide.model_dump_json()``); no options."""

    format: ClassVar[str] = "json"
    options: ClassVar[tuple[Option, ...]] = ()
    exports: ClassVar[tuple[ExportFile, ...]] = (ExportFile("guide.json", "json"),)

    def render(
        self, guide: Guide, labels: Labels | None = None, page: PageContext | None = None
    ) -> str:
        """Return ``guide.model_dump_json()`` (``labels`` and ``page`` are not part of it)."""
        return ensure_validated(guide, f"{type(self).__name__}.render()").model_dump_json()

    def render_guide(self, guide: Guide) -> str:
        """Return ``guide.model_dump_json()``."""
        return self.render(guide)
