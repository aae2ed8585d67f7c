"""Static export: every guide x locale x format as files, plus a JSON manifest.

For static hosts, CDNs and apps in any language. The output is deterministic: the
same package version writes byte-identical files, so a re-run changes nothing and a
deployment diff shows only real content changes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ._api import available_locales, list_guides, load_guide, render
from ._files import write_atomically

if TYPE_CHECKING:
    from .models import Guide

__all__ = ["EXPORT_FORMATS", "MANIFEST_NAME", "export"]

MANIFEST_NAME = "manifest.json"

#: File name of each exported format, and how it is produced.
EXPORT_FORMATS: dict[str, tuple[str, str, dict[str, object]]] = {
    "html-fragment": ("guide.html", "html", {}),
    "html-document": ("index.html", "html", {"full_document": True}),
    "markdown": ("guide.md", "markdown", {}),
    "text": ("guide.txt", "text", {}),
    "json": ("guide.json", "json", {}),
}


def _content(guide: Guide, format_name: str, options: dict[str, object]) -> str:
    if format_name == "json":
        return guide.model_dump_json(indent=2) + "\n"
    return render(guide, format_name, **options)


def export(output: Path) -> dict[str, object]:
    """Write every bundled guide in every locale and format under ``output``.

    Files are laid out as ``<guide>/<locale>/<file>`` and each is written atomically;
    ``manifest.json`` lists them with their SHA-256 and the guide's fingerprint. Files an
    earlier export listed in its manifest but this one no longer writes (a locale or
    guide that was removed) are deleted; nothing else in ``output`` is touched.

    Returns:
        The manifest that was written.

    Raises:
        OSError: ``output`` cannot be created or written.
    """
    from . import __version__  # noqa: PLC0415 - reads importlib.metadata, only here

    output.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, str]] = []
    for slug in list_guides():
        for locale in available_locales(slug):
            guide = load_guide(slug, locale, fallback=False)
            for format_id, (file_name, format_name, options) in EXPORT_FORMATS.items():
                relative = f"{slug}/{locale}/{file_name}"
                (output / relative).parent.mkdir(parents=True, exist_ok=True)
                data = _content(guide, format_name, options).encode("utf-8")
                write_atomically(output / relative, data)
                entries.append(
                    {
                        "guide": slug,
                        "locale": locale,
                        "format": format_id,
                        "path": relative,
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "fingerprint": guide.fingerprint,
                    }
                )
    manifest: dict[str, object] = {
        "package": "acupuncture-content",
        "version": __version__,
        "files": sorted(entries, key=lambda entry: entry["path"]),
    }
    previous = _previous_paths(output)
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomically(output / MANIFEST_NAME, text.encode("utf-8"))
    _remove_stale(output, previous - {entry["path"] for entry in entries})
    return manifest


def _previous_paths(output: Path) -> set[str]:
    """Paths listed by the manifest of an earlier export into ``output``, if any."""
    try:
        files = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
        return {str(entry["path"]) for entry in files}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _remove_stale(output: Path, stale: set[str]) -> None:
    """Delete files an earlier export wrote that this one no longer writes.

    Only paths from our own earlier manifest that stay inside ``output`` are touched, so
    other files in the folder are left alone.
    """
    root = output.resolve()
    for relative in sorted(stale):
        path = (output / relative).resolve()
        if path.is_relative_to(root) and path.is_file():
            path.unlink()
            for folder in path.parents:
                if folder == root or any(folder.iterdir()):
                    break
                folder.rmdir()
