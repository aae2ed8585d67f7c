"""The installed distribution's version, read when first asked for.

Modules import it from here rather than from the package's public facade, which
sits above every module (``from . import __version__`` would be an import that runs
back up). Importing :mod:`importlib.metadata` costs more than the rest of the
package, so only the code that needs the version imports this module.
"""

from __future__ import annotations

from importlib.metadata import version

__all__ = ["__version__"]

#: The installed version of ``acupuncture-content`` (SemVer, or ``X.Y.Z.devN`` while unreleased).
__version__ = version("acupuncture-content")
