"""The build hook compiles catalogs, never serves fuzzy entries, and demands a review status."""

from __future__ import annotations

import gettext
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
from hatch_build import CatalogBuildError, compile_catalogs  # noqa: E402

PO_HEADER = """# Test catalog.
#
# Review-Status: {status}
msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def _project(tmp_path: Path, body: str, status: str = "unreviewed") -> Path:
    folder = tmp_path / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "acupuncture_content.po").write_text(
        PO_HEADER.format(status=status) + body, encoding="utf-8"
    )
    return tmp_path


def _compiled(root: Path) -> gettext.GNUTranslations:
    path = root / "src/acupuncture_content/locales/de/LC_MESSAGES/acupuncture_content.mo"
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)


def test_fuzzy_entries_are_not_compiled(tmp_path):
    root = _project(
        tmp_path,
        'msgctxt "a"\nmsgid "Kept"\nmsgstr "Behalten"\n\n#, fuzzy\nmsgctxt "b"\nmsgid "Guessed"\nmsgstr "Geraten"\n',
    )
    written = compile_catalogs(root)
    assert len(written) == 2
    translations = _compiled(root)
    assert translations.pgettext("a", "Kept") == "Behalten"
    assert translations.pgettext("b", "Guessed") == "Guessed"


@pytest.mark.parametrize("status", ["reviewed", "unreviewed"])
def test_review_status_is_written_to_the_sidecar(tmp_path, status):
    root = _project(tmp_path, 'msgctxt "a"\nmsgid "Kept"\nmsgstr "Behalten"\n', status)
    compile_catalogs(root)
    sidecar = root / "src/acupuncture_content/locales/de/LC_MESSAGES/acupuncture_content.json"
    assert json.loads(sidecar.read_text()) == {"catalog": "de", "reviewed": status == "reviewed"}


def test_a_catalog_without_review_status_stops_the_build(tmp_path):
    root = _project(tmp_path, 'msgctxt "a"\nmsgid "Kept"\nmsgstr "Behalten"\n', status="maybe")
    with pytest.raises(
        CatalogBuildError, match=r"must state 'Review-Status: reviewed\|unreviewed'"
    ):
        compile_catalogs(root)


def test_the_real_catalogs_compile(tmp_path):
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    written = compile_catalogs(tmp_path)
    assert len(written) == 2 * 11


def test_outputs_of_deleted_catalogs_do_not_survive_a_rebuild(tmp_path):
    root = _project(tmp_path, 'msgctxt "a"\nmsgid "Kept"\nmsgstr "Behalten"\n')
    stale = root / "src/acupuncture_content/locales/it/LC_MESSAGES"
    stale.mkdir(parents=True)
    (stale / "acupuncture_content.mo").write_bytes(b"old")
    compile_catalogs(root)
    assert not (root / "src/acupuncture_content/locales/it").exists()
    assert (root / "src/acupuncture_content/locales/de/LC_MESSAGES/acupuncture_content.mo").exists()
