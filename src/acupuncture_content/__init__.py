"""acupuncture-content: a patient guide as validated models, in every bundled locale.

Importing the package only defines names: the models, Babel and markdown-it-py load
when first used, so apps that import it in web workers or CLIs pay almost nothing.

>>> from acupuncture_content import load_guide, render
>>> guide = load_guide(locale="en")
>>> guide.title
'Acupuncture for Back Pain: How It Works and What to Expect'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # What type checkers see; "name as name" marks each as re-exported.
    from ._api import DEFAULT_GUIDE as DEFAULT_GUIDE
    from ._api import available_locales as available_locales
    from ._api import changes as changes
    from ._api import list_guides as list_guides
    from ._api import load_guide as load_guide
    from ._api import locale_info as locale_info
    from ._api import negotiate as negotiate
    from ._api import render as render
    from ._changes import Change as Change
    from ._chunks import Chunk as Chunk
    from ._chunks import chunks as chunks
    from ._errors import ContentError as ContentError
    from ._errors import GuideNotFoundError as GuideNotFoundError
    from ._errors import UnknownLocaleError as UnknownLocaleError
    from ._export import ExportReport as ExportReport
    from ._export import export as export
    from ._labels import Labels as Labels
    from ._labels import labels as labels
    from ._locale_info import LocaleInfo as LocaleInfo
    from ._page_links import Alternate as Alternate
    from ._page_links import PageLinks as PageLinks
    from ._page_links import page_links as page_links
    from ._stylesheet import stylesheet as stylesheet
    from .models import Author as Author
    from .models import BulletList as BulletList
    from .models import Emphasis as Emphasis
    from .models import Guide as Guide
    from .models import Link as Link
    from .models import ListItem as ListItem
    from .models import Paragraph as Paragraph
    from .models import Section as Section
    from .models import Strong as Strong
    from .models import Text as Text

    __version__: str

# Where each public name lives, resolved on first access (PEP 562). A test checks
# that this table and the imports above name the same things.
_EXPORTS = {
    "._api": (
        "DEFAULT_GUIDE",
        "available_locales",
        "changes",
        "list_guides",
        "load_guide",
        "locale_info",
        "negotiate",
        "render",
    ),
    "._changes": ("Change",),
    "._chunks": ("Chunk", "chunks"),
    "._errors": ("ContentError", "GuideNotFoundError", "UnknownLocaleError"),
    "._export": ("ExportReport", "export"),
    "._labels": ("Labels", "labels"),
    "._locale_info": ("LocaleInfo",),
    "._page_links": ("Alternate", "PageLinks", "page_links"),
    "._stylesheet": ("stylesheet",),
    ".models": (
        "Author",
        "BulletList",
        "Emphasis",
        "Guide",
        "Link",
        "ListItem",
        "Paragraph",
        "Section",
        "Strong",
        "Text",
    ),
}
_LOCATIONS = {name: module for module, names in _EXPORTS.items() for name in names}

# Plain sorted() order, as the contract lists it.
__all__ = sorted([*_LOCATIONS, "__version__"])  # noqa: PLE0605 - built from the table above


def __getattr__(name: str) -> object:
    import importlib

    if name == "__version__":
        # importlib.metadata costs more to import than the rest of the package.
        from ._version import __version__

        value: object = __version__
    elif name in _LOCATIONS:
        value = getattr(importlib.import_module(_LOCATIONS[name], __name__), name)
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return list(__all__)
