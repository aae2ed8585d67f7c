"""A second guide goes through the whole pipeline without touching any code.

In a copy of the project, a fixture guide is added as a second bundled guide, its
template extracted, a partial German catalog started and translated in part, the
catalogs compiled and the guides precomputed by the build hook; then the copy of the
package lists both guides, serves each in its own locales with its own coverage, keeps
the two guides' segments apart (both have a "title" and an "introduction/p1"), and
exports both.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "inline-markup-guide.md"
SLUG = "inline-markup-guide"


def _run(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("project")
    for name in ("src", "locales", "tools"):
        shutil.copytree(
            ROOT / name,
            project / name,
            ignore=shutil.ignore_patterns("__pycache__", "_precomputed", "*.mo"),
        )
    for name in ("pyproject.toml", "hatch_build.py"):
        shutil.copy(ROOT / name, project / name)
    shutil.copy(FIXTURE, project / "src" / "acupuncture_content" / "content" / f"{SLUG}.md")
    # The maintainer's loop, as CONTRIBUTING.md ("Add a guide") describes it.
    _run(project, "tools/catalogs.py", "extract")
    _run(project, "tools/catalogs.py", "init", "de")
    catalog_path = project / "locales" / "de" / "LC_MESSAGES" / f"{SLUG}.po"
    with catalog_path.open("rb") as file:
        catalog = read_po(file, domain=SLUG)
    translations = {
        "title": 'Inline-Auszeichnung: 5 * 3 < 20 & "Anführungszeichen"',
        "first-section/heading": "Erster Abschnitt",
    }
    for message in catalog:
        if message.context in translations:
            message.string = translations[message.context]
    with catalog_path.open("wb") as file:
        write_po(file, catalog)
    _run(
        project,
        "-c",
        "from pathlib import Path; "
        "import hatch_build as h; h.compile_catalogs(Path('.')); h.precompute_guides(Path('.'))",
    )
    return project


PROBE = """
import json
from pathlib import Path
from acupuncture_content import available_locales, export, list_guides, load_guide, page_links, render
from acupuncture_content import _precomputed

second = load_guide("inline-markup-guide", "de")
first = load_guide("acupuncture-for-back-pain", "de")
export(Path("out"))
manifest = json.loads(Path("out/manifest.json").read_text(encoding="utf-8"))
try:
    export(Path("shared"), url="/guide/{locale}/")
except ValueError as error:
    shared_url = str(error)
own = export(Path("own"), url="/{guide}/{locale}/")
links = page_links(second, url="/{guide}/{locale}/")
print(json.dumps({
    "package": __import__("acupuncture_content").__file__,
    "guides": list_guides(),
    "locales": available_locales("inline-markup-guide"),
    "first_locales": available_locales("acupuncture-for-back-pain"),
    "titles": [second.title, first.title],
    "english_title": load_guide("inline-markup-guide", "en").title,
    "reading_times": [
        load_guide("inline-markup-guide", tag).reading_time_minutes for tag in ("en", "de")
    ],
    "coverage": second.translation.coverage,
    "untranslated": second.translation.untranslated[:2],
    "fallback": load_guide("inline-markup-guide", "fr").locale,
    "precomputed": _precomputed.load("inline-markup-guide", "de", "en") is not None,
    "html": render(second, "html"),
    "exported": sorted({entry["guide"] for entry in manifest["files"] if entry["guide"]}),
    "llms": Path("out/llms.txt").read_text(encoding="utf-8"),
    "shared_url": shared_url,
    "shared_written": Path("shared").exists(),
    "own_written": len(own.written),
    "own_picker": Path("own/index.html").read_text(encoding="utf-8"),
    "links": [links.canonical, [alternate.url for alternate in links.alternates]],
}))
"""


@pytest.fixture(scope="module")
def report(project) -> dict:
    return json.loads(_run(project, "-c", PROBE).stdout)


def test_the_copy_of_the_package_is_the_one_imported(report, project):
    assert report["package"].startswith(str(project / "src"))


def test_both_guides_are_listed_each_with_its_own_locales(report):
    assert report["guides"] == ["acupuncture-for-back-pain", SLUG]
    assert report["locales"] == ["de", "en"]
    assert len(report["first_locales"]) == 12
    assert report["fallback"] == "en"  # French has a catalog of the first guide only


def test_the_guides_segments_never_collide(report):
    # Both guides have a segment "title"; each is translated from its own catalog.
    assert report["titles"] == [
        'Inline-Auszeichnung: 5 * 3 < 20 & "Anführungszeichen"',
        "Akupunktur bei Rückenschmerzen: wie sie wirkt und was Sie erwartet",
    ]
    assert report["english_title"] == 'Inline Markup: 5 * 3 < 20 & "Quotes"'


def test_a_guide_without_a_stated_reading_time_tells_the_source_s_in_every_locale(report):
    # The fixture states none: its English words are counted at 238 a minute (about
    # 50 words: one minute), and the German translation tells the same figure.
    assert report["reading_times"] == [1, 1]


def test_a_partial_catalog_is_served_with_its_coverage_and_language_of_parts(report):
    assert 0 < report["coverage"] < 1
    assert report["untranslated"] == ["introduction/p1", "first-section/p1"]
    assert '<h2 id="first-section">Erster Abschnitt</h2>' in report["html"]
    assert '<p lang="en">Plain <em>emphasis</em>' in report["html"]


def test_the_build_precomputed_it_and_the_export_covers_both_guides(report):
    assert report["precomputed"] is True
    assert report["exported"] == ["acupuncture-for-back-pain", SLUG]
    assert "(inline-markup-guide/de/guide.md)" in report["llms"]


def test_a_url_without_guide_is_refused_once_two_guides_would_share_it(report):
    assert report["shared_url"] == (
        "export() argument 'url' gives two pages the URL '/guide/de/' "
        "(acupuncture-for-back-pain in de, and inline-markup-guide in de): "
        "put {guide} and {locale} in it"
    )
    assert report["shared_written"] is False
    assert report["own_written"] > 0
    assert f'href="/{SLUG}/de/"' in report["own_picker"]
    assert report["links"] == [f"/{SLUG}/de/", [f"/{SLUG}/de/", f"/{SLUG}/en/"]]
