"""Build guides from Markdown source text, as the package does for bundled files."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
from gettext import GNUTranslations
from importlib import resources
from pathlib import Path
from types import ModuleType

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import read_mo, write_mo
from hypothesis import strategies as st

from acupuncture_content import load_guide
from acupuncture_content._catalogs import Catalog, _MarkMissing
from acupuncture_content._localize import localize
from acupuncture_content._parse import parse_document
from acupuncture_content._source import split_source
from acupuncture_content._text_rules import first_forbidden, has_visible
from acupuncture_content.models import Guide

FRONT_MATTER = """+++
slug = "test-guide"
author = "Test Author"
published = 2024-02-29
source_locale = "en"
+++
"""


def guide_from_source(text: str, filename: str = "test-guide.md") -> Guide:
    """Parse, localize (source locale) and validate a guide source."""
    return localize(parse_document(split_source(text, filename)), "en", None)


def guide_from_body(body: str) -> Guide:
    """Build a guide from a Markdown body under standard test front matter."""
    return guide_from_source(FRONT_MATTER + body)


def catalog_without(
    locale: str, missing: set[str], slug: str = "acupuncture-for-back-pain"
) -> Catalog:
    """The compiled catalog of ``slug`` in ``locale``, rebuilt in memory without ``missing``.

    Built as Babel's own tests build catalogs (``Catalog`` + ``write_mo``): a partial
    translation, as a catalog with untranslated messages serves it.
    """
    path = resources.files("acupuncture_content").joinpath(
        f"locales/{locale.replace('-', '_')}/LC_MESSAGES/{slug}.mo"
    )
    source = read_mo(io.BytesIO(path.read_bytes()))
    catalog = BabelCatalog(locale=locale.replace("-", "_"), domain=slug)
    for message in source:
        if message.id and message.context not in missing:
            catalog.add(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = GNUTranslations(buffer)
    translations.add_fallback(_MarkMissing())
    return Catalog(
        tag=locale,
        domain=slug,
        path=f"memory/{locale}/{slug}.mo",
        translations=translations,
        reviewed=False,
    )


def partial_guide(locale: str, missing: set[str]) -> Guide:
    """The bundled guide in ``locale`` as a catalog lacking the ``missing`` segments serves it."""
    from acupuncture_content._guides import _document

    return localize(
        _document("acupuncture-for-back-pain"),
        locale,
        catalog_without(locale, missing),
    )


def modules_after(code: str) -> set[str]:
    """The names of the modules a fresh interpreter has imported after running ``code``."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


ROOT = Path(__file__).parent.parent


def load_tool(name: str) -> ModuleType:
    """Import ``tools/<name>.py``, the maintainer's scripts, by path (they are no package)."""
    module_name = f"tools_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


#: Text the models accept in any text field: the text rules hold, and it shows something.
valid_text = st.text(min_size=1, max_size=60).filter(
    lambda text: has_visible(text) and first_forbidden(text) is None
)


def guide_with_text(text: str) -> Guide:
    """The English guide with ``text`` as its first section's heading, paragraph and item."""
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["sections"][0]["heading"] = text
    data["sections"][0]["blocks"] = [
        {"type": "paragraph", "content": [{"type": "text", "text": text}]},
        {"type": "bullet_list", "items": [{"content": [{"type": "text", "text": text}]}]},
    ]
    return Guide.model_validate(data)


GOLDEN = Path(__file__).parent / "golden"

#: Set UPDATE_GOLDEN=1 to rewrite golden files from the current output (then review the diff).
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"


#: What the package version in a full page's JSON-LD is written as in golden files.
VERSION_IN_GOLDEN = '"version":"VERSION"'


def without_version(output: str, version: str) -> str:
    """``output`` with the JSON-LD ``version`` written as in golden files.

    Golden files hold the page as every version writes it, so that moving the version
    (to a release, to the next ``.devN``) does not rewrite them; ``dateModified``
    stays, since it changes only with the content's release history.
    """
    return output.replace(f'"version":"{version}"', VERSION_IN_GOLDEN)


def assert_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``tests/golden/<name>``, or rewrite it when updating."""
    from acupuncture_content import __version__

    actual = without_version(actual, __version__)
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path} (UPDATE_GOLDEN=1 rewrites it)"
