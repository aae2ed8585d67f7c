"""The stylesheet full documents embed, for hosts that want it around a fragment too."""

from __future__ import annotations

from importlib import resources

from ._cache import memoized

__all__ = ["stylesheet"]


@memoized(max_entries=1)
def stylesheet() -> str:
    """Return the CSS that full documents embed.

    A readable measure, a font stack per script, dark mode, print styles, and the
    notices and disclaimer set apart from the article.

    >>> "prefers-color-scheme: dark" in stylesheet()
    True
    """
    return resources.files("acupuncture_content").joinpath("guide.css").read_text("utf-8")
