"""Hatchling build hook: compile the catalogs and precompute the guides into the package.

``locales/<ll_CC>/LC_MESSAGES/acupuncture_content.po`` is compiled to
``src/acupuncture_content/locales/<ll_CC>/LC_MESSAGES/acupuncture_content.mo`` with
Babel, next to a ``.json`` sidecar holding the catalog's review status (read from
the ``Review-Status:`` line of the PO header comment). Fuzzy entries are never
compiled. Then every bundled guide is localized and validated in every locale and
written to ``src/acupuncture_content/_precomputed/<slug>/<ll_CC>.json`` so that apps
load it without parsing or re-validating. All of these are build outputs: ignored by
git, shipped in the wheel.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DOMAIN = "acupuncture_content"
REVIEW_STATUS = re.compile(r"^#?\s*Review-Status:\s*(reviewed|unreviewed)\b", re.MULTILINE)


class CatalogBuildError(RuntimeError):
    """A catalog cannot be compiled; the build stops rather than ship it."""


def compile_catalogs(root: Path) -> list[Path]:
    """Compile every catalog under ``root/locales`` into the package; return the outputs."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source_root = root / "locales"
    target_root = root / "src" / "acupuncture_content" / "locales"
    # Start clean: a catalog deleted from locales/ must not live on in the package.
    shutil.rmtree(target_root, ignore_errors=True)
    written: list[Path] = []
    for po_path in sorted(source_root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, domain=DOMAIN)
        if catalog.fuzzy:
            msg = f"{po_path}: the catalog header is marked fuzzy; review it before building"
            raise CatalogBuildError(msg)
        status = REVIEW_STATUS.search(catalog.header_comment or "")
        if status is None:
            msg = f"{po_path}: the header comment must state 'Review-Status: reviewed|unreviewed'"
            raise CatalogBuildError(msg)
        target = target_root / po_path.parent.parent.name / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        mo_path = target / f"{DOMAIN}.mo"
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        sidecar = target / f"{DOMAIN}.json"
        review = {"catalog": po_path.parent.parent.name, "reviewed": status.group(1) == "reviewed"}
        sidecar.write_text(json.dumps(review) + "\n", encoding="utf-8")
        written.extend([mo_path, sidecar])
    return written


def precompute_guides(root: Path) -> list[Path]:
    """Localize and validate every bundled guide in every locale; write them as JSON.

    Runs the package's own pipeline from ``src/`` (so the catalogs must be compiled
    first) and returns the files written under ``_precomputed/``.
    """
    import dataclasses
    import importlib
    import sys

    sys.path.insert(0, str(root / "src"))
    try:
        api = importlib.import_module("acupuncture_content._api")
        precomputed = importlib.import_module("acupuncture_content._precomputed")
        ui = importlib.import_module("acupuncture_content._ui")
        folder = root / "src" / "acupuncture_content" / precomputed.FOLDER
        shutil.rmtree(folder, ignore_errors=True)  # nothing stale survives a rebuild
        written: list[Path] = []
        for slug in api.list_guides():
            for tag in api.available_locales(slug):
                guide = api.localize_from_source(slug, tag)
                labels = dataclasses.asdict(ui.compute_labels(guide))
                target = folder / precomputed.relative_path(slug, tag)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(precomputed.payload(guide, labels), encoding="utf-8")
                written.append(target)
        return written
    finally:
        sys.path.remove(str(root / "src"))


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile catalogs before hatchling collects the wheel's files."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the catalogs, then precompute the guides (regular and editable wheels)."""
        compile_catalogs(Path(self.root))
        precompute_guides(Path(self.root))
