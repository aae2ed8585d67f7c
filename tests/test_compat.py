"""JSON written by every earlier release loads in this one, with its content intact.

``tests/compat/<version>/<slug>/<tag>.json`` is what each release's own command line
printed (``render --format json``) for every guide and locale it had, written by
``tools/compat_corpus.py`` from the release commits CHANGELOG.md names. Every file
must validate with today's models; the fingerprint it carries (made by its release's
recipe) must be recognised and replaced by today's; and today's fingerprint must say
what changed between releases exactly where the changelog says the content changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from acupuncture_content import Guide, Labels, available_locales, labels, load_guide, render
from acupuncture_content._fingerprint import earlier_fingerprints, fingerprint_of
from acupuncture_content._history import version_key
from helpers import load_tool

CORPUS = Path(__file__).parent / "compat"
RELEASES = load_tool("releases").releases()
GUIDE = "acupuncture-for-back-pain"
FILES = sorted(path for path in CORPUS.glob("*/*/*.json") if path.name != "labels.json")
corpus_tool = load_tool("compat_corpus")

#: The recipe each release computed its fingerprints with.
# The fingerprint recipe each release wrote with; "current" is today's, final since 0.4.0.
RECIPE_OF = {
    "0.1.0": "0.1.0-0.2.0",
    "0.2.0": "0.1.0-0.2.0",
    "0.3.0": "0.3.0",
    "0.4.0": "current",
}


def _id(path: Path) -> str:
    return "/".join(path.relative_to(CORPUS).parts)


def _loaded(version: str, tag: str) -> Guide:
    return Guide.model_validate_json((CORPUS / version / GUIDE / f"{tag}.json").read_bytes())


def test_the_corpus_holds_every_release_and_every_locale_it_had():
    assert sorted(path.name for path in CORPUS.iterdir()) == [r.version for r in RELEASES]
    assert set(RECIPE_OF) == {release.version for release in RELEASES}
    for release in RELEASES:
        guides = sorted(path.name for path in (CORPUS / release.version).iterdir())
        assert guides == [GUIDE]
        folder = CORPUS / release.version / GUIDE
        tags = sorted(path.stem for path in folder.glob("*.json") if path.name != "labels.json")
        # Every release so far had the twelve locales this one has.
        assert tags == sorted(available_locales()), release.version
        shown = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
        assert sorted(shown) == tags
        for tag in tags:
            # What every release showed: the Labels fields of its time (0.4.0 added the
            # disclaimer's label, shown only in text and Markdown).
            fields = set(Labels.model_fields)
            if version_key(release.version) < (0, 4, 0):
                fields -= {"disclaimer_label"}
            assert set(shown[tag]) == fields, (release.version, tag)
    assert len(FILES) == len(available_locales()) * len(RELEASES)


@pytest.mark.parametrize("tag", available_locales())
def test_the_labels_read_from_a_page_are_the_labels_it_was_made_with(tag):
    # How the corpus tool reads each release's labels, checked on this release (and,
    # when the tool ran, on every release that has labels()).
    guide = load_guide(locale=tag)
    fragment = render(guide, "html")
    shown = labels(guide).model_dump(mode="json", exclude={"disclaimer_label"})
    assert corpus_tool.labels_from_fragment(fragment) == shown


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_every_file_validates_and_gets_today_s_fingerprint(path):
    raw = path.read_bytes()
    guide = Guide.model_validate_json(raw)
    version, slug, tag = path.relative_to(CORPUS).with_suffix("").parts
    assert (guide.slug, guide.locale) == (slug, tag)
    assert guide.fingerprint == guide.compute_fingerprint()
    written = json.loads(raw)
    stored = written.pop("fingerprint")
    if RECIPE_OF[version] == "current":
        # Written with today's recipe, which is final: the fingerprint is kept as it is.
        assert stored == guide.fingerprint
    else:
        # The file carries its release's fingerprint: that release hashed its whole
        # JSON, and the recipe kept for it recomputes exactly that from the loaded guide.
        assert stored == fingerprint_of(written)
        assert earlier_fingerprints(guide.model_dump(mode="json"))[RECIPE_OF[version]] == stored
        assert stored != guide.fingerprint
    # What loaded is a guide like any other: it round-trips and renders.
    assert Guide.model_validate_json(guide.model_dump_json()) == guide
    page = render(guide, "html")
    assert all(f'id="{section.id}"' in page for section in guide.sections)
    for format_name in ("markdown", "text"):
        assert "Sheila Woodford" in render(guide, format_name)


def test_a_stored_fingerprint_whose_content_was_edited_is_refused():
    data = json.loads((CORPUS / "0.2.0" / GUIDE / "de.json").read_bytes())
    data["sections"][0]["blocks"][0]["content"][0]["text"] += " Ergänzt."
    with pytest.raises(ValidationError, match="nor one an earlier release computed for it"):
        Guide.model_validate_json(json.dumps(data))
    data = json.loads((CORPUS / "0.3.0" / GUIDE / "de.json").read_bytes())
    data["reading_time_minutes"] = 5
    with pytest.raises(ValidationError, match="does not match the content"):
        Guide.model_validate(data)


def test_another_release_s_fingerprint_of_other_content_is_refused():
    # The German of 0.2.0 and of 0.3.0 differ: neither file's fingerprint vouches
    # for the other's content.
    old = json.loads((CORPUS / "0.2.0" / GUIDE / "de.json").read_bytes())
    new = json.loads((CORPUS / "0.3.0" / GUIDE / "de.json").read_bytes())
    with pytest.raises(ValidationError, match="does not match the content"):
        Guide.model_validate({**new, "fingerprint": old["fingerprint"]})


def _changed(before: str, after: str) -> set[str]:
    return {
        tag
        for tag in available_locales()
        if _loaded(before, tag).fingerprint != _loaded(after, tag).fingerprint
    }


def test_today_s_fingerprint_changes_exactly_where_the_content_did():
    # 0.2.0 corrected one Korean sentence; nothing else a reader sees changed.
    assert _changed("0.1.0", "0.2.0") == {"ko"}
    # 0.3.0: reading times by each language's rate (ar, ja, pt-BR, zh-Hans: 3; vi: 2;
    # hi counted right) and the translation fixes of de, ja, ko, ar and hi. The
    # English, Spanish (its fix was to an interface string), French and Russian
    # guides did not change, although 0.3.0 added a key to every block.
    assert _changed("0.2.0", "0.3.0") == {"ar", "de", "hi", "ja", "ko", "pt-BR", "vi", "zh-Hans"}
    assert _loaded("0.1.0", "en").fingerprint == _loaded("0.3.0", "en").fingerprint


def test_equal_content_from_two_releases_loads_as_equal_guides():
    # 0.1.0 wrote no keys; they are derived from the position, as 0.3.0 wrote them.
    assert _loaded("0.1.0", "fr") == _loaded("0.3.0", "fr")
