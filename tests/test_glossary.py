"""Every catalog uses the approved term of the glossary wherever the source has the concept.

The glossary (``locales/glossary.tbx``, TBX, readable by every CAT tool) gives, per
locale, the approved target term for acupuncture, back pain, lower back pain, sciatica,
licensed practitioner, needles, meridians, qi, endorphins, physical therapy, side
effects, bruising and medical history (and for practitioner, back, muscle strain,
acupuncture point, sprain and qualified, where an audit found defects); terms an audit
replaced are kept as superseded, so a catalog that goes back to one fails;
``tools/glossary.py`` checks a catalog against it with translate-toolkit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import load_tool

ROOT = Path(__file__).parent.parent
CATALOGS = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))


glossary = load_tool("glossary")
CONCEPTS = glossary.load_glossary(ROOT / "locales" / "glossary.tbx")
REQUIRED = {
    "acupuncture",
    "back pain",
    "lower back pain",
    "sciatica",
    "licensed practitioner",
    "needle",
    "meridian",
    "qi",
    "endorphin",
    "physical therapy",
    "side effect",
    "bruising",
    "medical history",
}


def test_the_glossary_has_every_concept_in_every_locale():
    sources = {form for concept in CONCEPTS for form in concept.source_forms}
    assert sources >= REQUIRED
    folders = {path.parent.parent.name for path in CATALOGS}
    for concept in CONCEPTS:
        missing = {folder for folder in folders if not concept.approved_for(folder)}
        assert missing == set(), (concept.source_forms, missing)


@pytest.mark.parametrize(
    "path", CATALOGS, ids=lambda path: f"{path.parent.parent.name}/{path.stem}"
)
def test_every_catalog_uses_the_approved_terms(path):
    assert [str(violation) for violation in glossary.find_violations([path])] == []


def test_the_check_catches_a_deprecated_term(tmp_path):
    broken = tmp_path / "ja" / "LC_MESSAGES" / "acupuncture-for-back-pain.po"
    broken.parent.mkdir(parents=True)
    source = (ROOT / "locales" / "ja" / "LC_MESSAGES" / "acupuncture-for-back-pain.po").read_text(
        encoding="utf-8"
    )
    broken.write_text(source.replace("筋肉の損傷（肉離れなど）", "筋肉の挫傷"), encoding="utf-8")
    found = [str(violation) for violation in glossary.find_violations([broken])]
    assert len(found) == 1
    assert "types-of-back-pain-treated/list1/item3" in found[0]
