"""acupuncture-content: a patient guide as validated models, in twelve locales.

Importing the package only defines names: the models, Babel and markdown-it-py load
when first used, so apps that import it in web workers or CLIs pay almost nothing.

>>> from acupuncture_content import load_guide, render
>>> guide = load_guide(locale="en")
>>> guide.title
'Acupuncture for Back Pain: How It Works and What to Expect'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._api import DEFAULT_GUIDE, available_locales, list_guides, load_guide, render
    from ._errors import ContentError, GuideNotFoundError, UnknownLocaleError
    from .models import (
        Author,
        BulletList,
        Emphasis,
        Guide,
        Link,
        ListItem,
        Paragraph,
        Section,
        Strong,
        Text,
    )

    __version__: str

# Plain sorted() order, as CONTRACT.md lists it (tests compare the two).
__all__ = [  # noqa: RUF022
    "Author",
    "BulletList",
    "ContentError",
    "DEFAULT_GUIDE",
    "Emphasis",
    "Guide",
    "GuideNotFoundError",
    "Link",
    "ListItem",
    "Paragraph",
    "Section",
    "Strong",
    "Text",
    "UnknownLocaleError",
    "__version__",
    "available_locales",
    "list_guides",
    "load_guide",
    "render",
]

# Where each public name lives; resolved on first access (PEP 562).
_LOCATIONS = {
    "DEFAULT_GUIDE": "._api",
    "available_locales": "._api",
    "list_guides": "._api",
    "load_guide": "._api",
    "render": "._api",
    "ContentError": "._errors",
    "GuideNotFoundError": "._errors",
    "UnknownLocaleError": "._errors",
    **dict.fromkeys(
        (
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
        ".models",
    ),
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the type depends on the name
    if name == "__version__":
        # importlib.metadata costs more to import than the rest of the package.
        from importlib.metadata import version  # noqa: PLC0415

        value: Any = version("acupuncture-content")
    elif name in _LOCATIONS:
        value = getattr(importlib.import_module(_LOCATIONS[name], __name__), name)
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
