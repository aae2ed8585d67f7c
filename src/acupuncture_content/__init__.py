"""acupuncture-content: a patient guide as validated models, in twelve locales.

>>> from acupuncture_content import load_guide, render
>>> guide = load_guide(locale="en")
>>> guide.title
'Acupuncture for Back Pain: How It Works and What to Expect'
"""

from __future__ import annotations

from importlib.metadata import version as _distribution_version

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

__version__: str = _distribution_version("acupuncture-content")

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
