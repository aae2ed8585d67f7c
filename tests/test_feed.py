"""changes.xml: the export's Atom feed of each release's content changes.

Read as a feed reader reads it (feedparser) and checked against the Atom schema:
RFC 4287's own RELAX NG compact schema (Appendix B, ``tests/data/atom.rnc``),
converted to RELAX NG XML by ``rnc2rng`` and applied by ``lxml``; the two Schematron
rules the schema carries as annotations (an author for every entry, an alternate
link or content in every entry) are checked with XPath.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import feedparser
import pytest
import rnc2rng
from lxml import etree

from acupuncture_content import __version__, available_locales, changes, load_guide
from acupuncture_content._export import _plan, export
from acupuncture_content._history import LABELS, history

BASE = "https://clinic.example/guides/"
SLUG = "acupuncture-for-back-pain"
ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = Path(__file__).parent / "data" / "atom.rnc"
SECTION_ANCHOR = re.compile(rf"{re.escape(BASE)}{SLUG}/([a-zA-Z-]+)/#([a-z0-9-]+)")


def _feed(base_url: str) -> str:
    """The feed an export to ``base_url`` writes (planned in memory, nothing written)."""
    (feed,) = [file for file in _plan(base_url) if file.path == "changes.xml"]
    return feed.data.decode("utf-8")


@pytest.fixture(scope="module")
def feed_text(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("export")
    export(folder, base_url=BASE)
    return (folder / "changes.xml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    grammar = rnc2rng.dumps(rnc2rng.load(str(SCHEMA)))
    # rnc2rng declares the compact syntax's `namespace local = ""` as xmlns:local="",
    # which XML forbids; the grammar itself already reads local:* as <nsName ns=""/>.
    grammar = grammar.replace(' xmlns:local=""', "").replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(grammar.encode()))


def _released_editions(since: str) -> list[tuple[str, str]]:
    """(release, locale) of every dated change after ``since``, in changes() order."""
    seen: dict[tuple[str, str], None] = {}
    for change in changes(since):
        if change.date is not None:
            seen[change.release, change.locale] = None
    return list(seen)


def test_the_feed_is_valid_atom_by_rfc_4287_s_schema(feed_text, atom_schema):
    document = etree.fromstring(feed_text.encode())
    assert atom_schema.validate(document), atom_schema.error_log
    # The schema's Schematron rules: the feed has an author (so entries need none),
    # and every entry has an alternate link.
    assert document.findall(f"{ATOM}author")
    for entry in document.iter(f"{ATOM}entry"):
        assert entry.findall(f"{ATOM}link[@rel='alternate']")


def test_the_schema_check_catches_what_atom_forbids(feed_text, atom_schema):
    undated = feed_text.replace("T00:00:00Z</updated>", "</updated>", 1)
    assert not atom_schema.validate(etree.fromstring(undated.encode()))
    untitled = re.sub(r"<title>[^<]*</title>", "", feed_text, count=1)
    assert not atom_schema.validate(etree.fromstring(untitled.encode()))


def test_a_feed_reader_reads_one_entry_per_released_change_of_each_locale(feed_text):
    feed = feedparser.parse(feed_text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Patient guides: content changes"
    assert [(link.rel, link.href) for link in feed.feed.links] == [
        ("self", f"{BASE}changes.xml"),
        ("alternate", BASE),
    ]
    newest = history().releases[-1].date
    assert feed.feed.updated_parsed[:3] == newest.timetuple()[:3]
    # Newest release first; within a release, the locales in available_locales() order.
    editions = _released_editions(history().versions()[0])
    expected = sorted(editions, key=lambda edition: -history().versions().index(edition[0]))
    assert [(entry.title.split(":")[0], entry.tags[0].term) for entry in feed.entries] == expected
    assert expected[-1] == ("0.2.0", "ko")
    # 0.3.0 in all eleven translations, 0.2.0 in Korean, and 0.4.0 (once released) in
    # every locale: its new disclaimer label is in English too.
    in_0_4_0 = len(available_locales()) if "0.4.0" in history().versions() else 0
    assert len(feed.entries) == 12 + in_0_4_0


def test_each_entry_links_to_the_page_and_to_the_sections_that_changed(feed_text):
    feed = feedparser.parse(feed_text)
    for entry in feed.entries:
        release, tag = entry.title.split(":")[0], entry.tags[0].term
        found = [c for c in changes(history().versions()[0], locale=tag) if c.release == release]
        alternate = [link.href for link in entry.links if link.rel == "alternate"]
        assert alternate == [f"{BASE}{SLUG}/{tag}/"]
        related = [
            SECTION_ANCHOR.fullmatch(link.href) for link in entry.links if link.rel == "related"
        ]
        sections = [c.chunk for c in found if c.chunk not in {"introduction", LABELS}]
        assert [(match.group(1), match.group(2)) for match in related] == [
            (tag, section) for section in sections
        ]
        release_date = history().release(release).date
        assert entry.updated_parsed[:3] == release_date.timetuple()[:3]
        assert entry.id.startswith("urn:uuid:")
        for change in found:
            origin = "source changed" if change.source_changed else "translation only"
            name = (
                "the title, byline, notices and disclaimer"
                if change.chunk == LABELS
                else change.chunk
            )
            assert f"{name}: {change.kind}, {origin}" in entry.summary
        # The content lists the parts, each section linked by its heading on the page.
        content = entry.content[0].value
        headings = {s.id: s.heading for s in load_guide(locale=tag).sections}
        for section in sections:
            assert f'href="{BASE}{SLUG}/{tag}/#{section}"' in content
            assert headings[section] in content


def test_the_0_3_0_german_entry_says_what_the_audit_changed(feed_text):
    feed = feedparser.parse(feed_text)
    (german,) = [e for e in feed.entries if e.title.startswith("0.3.0:") and e.tags[0].term == "de"]
    assert german.title == (
        "0.3.0: Acupuncture for Back Pain: How It Works and What to Expect in German (de): "
        "2 parts changed, translation only"
    )
    assert german.summary == (
        f"Changed in 0.3.0 ({history().release('0.3.0').date.isoformat()}) in German (de): "
        "what-to-expect-during-treatment: changed, translation only; "
        "the title, byline, notices and disclaimer: changed, translation only."
    )


@pytest.mark.skipif(
    not any(change.date is None for change in changes(history().versions()[-1])),
    reason="no unreleased changes in this build",
)
def test_unreleased_changes_have_no_date_and_are_no_entry_yet(feed_text):
    assert f"<title>{__version__}:" not in feed_text
    assert f'<generator version="{__version__}">acupuncture-content</generator>' in feed_text


def test_a_release_build_s_feed_has_its_release_first(as_release):
    # A development build is made to look like a release build, as the release step
    # leaves it; a release build (this one, once 0.4.0 is cut) is one already.
    made = history()
    if __version__ not in made.versions():
        made = as_release(("9.0.0", datetime.date(2099, 1, 31)))
    releases = made.releases
    feed = feedparser.parse(_feed(BASE))
    assert not feed.bozo
    assert feed.feed.updated_parsed[:3] == releases[-1].date.timetuple()[:3]
    # The newest release that changed anything leads (a build with no content change
    # since the last release adds no entry of its own).
    changed = {change.release for change in changes(releases[0].version)}
    release = next(release for release in reversed(releases) if release.version in changed)
    previous = releases[releases.index(release) - 1]
    newest = [entry for entry in feed.entries if entry.title.startswith(f"{release.version}:")]
    assert [entry.tags[0].term for entry in newest] == list(
        dict.fromkeys(c.locale for c in changes(previous.version) if c.release == release.version)
    )
    assert feed.entries[: len(newest)] == newest
    english = newest[[e.tags[0].term for e in newest].index("en")]
    assert english.title.endswith("(en): 1 part changed, source changed")


def test_the_feed_is_deterministic_and_its_entry_ids_do_not_move_with_the_site(feed_text):
    assert _feed(BASE) == feed_text
    elsewhere = feedparser.parse(_feed("https://other.example/"))
    here = feedparser.parse(feed_text)
    assert [entry.id for entry in elsewhere.entries] == [entry.id for entry in here.entries]
    assert len({entry.id for entry in here.entries}) == len(here.entries)
    assert elsewhere.feed.id != here.feed.id
    assert all(
        link.href.startswith("https://other.example/")
        for entry in elsewhere.entries
        for link in entry.links
    )
