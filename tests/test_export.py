"""The static export: its layout, what each file holds, the manifest, links, reruns.

Also ``export()`` from Python and the report it returns, which the command line's last
line gives. The safety rules (what export will and will not touch) are in
test_export_safety.py; what it does when the system refuses a call, in
test_export_faults.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import subprocess
import sys
import urllib.parse
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import jsonschema
import pytest
from markdown_it import MarkdownIt
from pydantic import ValidationError

import acupuncture_content
from acupuncture_content import (
    Chunk,
    ContentError,
    ExportReport,
    Guide,
    Labels,
    __version__,
    available_locales,
    chunks,
    export,
    labels,
    list_guides,
    load_guide,
    locale_info,
    render,
)
from acupuncture_content._export import _plan
from acupuncture_content._page_layout import PageLayout
from acupuncture_content._pages import page_context
from acupuncture_content.cli import main
from acupuncture_content.renderers import HtmlRenderer

SLUG = "acupuncture-for-back-pain"
BASE = "https://clinic.example/guides/"
NS = "{http://www.w3.org/1999/xhtml}"
PER_LOCALE = {
    "guide.html": "html-fragment",
    "index.html": "html-document",
    "guide.md": "markdown",
    "guide.txt": "text",
    "guide.json": "json",
    "chunks.jsonl": "chunks",
    "labels.json": "labels",
}


def _export(folder: Path, *extra: str) -> Path:
    assert main(["export", "--output", str(folder), *extra]) == 0
    return folder


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return _export(tmp_path_factory.mktemp("export"))


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    return _export(tmp_path_factory.mktemp("published"), "--base-url", BASE)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_layout_is_the_contract_s(exported, published):
    expected = {"manifest.json", "index.html", "llms.txt"} | {
        f"{SLUG}/{tag}/{name}" for tag in available_locales() for name in PER_LOCALE
    }
    assert set(_snapshot(exported)) == expected
    assert set(_snapshot(published)) == expected | {"sitemap.xml", "changes.xml"}


@pytest.mark.parametrize("locale", available_locales())
def test_each_locale_s_files_hold_what_the_api_returns(exported, locale):
    guide = load_guide(locale=locale)
    folder = exported / SLUG / locale

    def read(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    assert read("guide.html") == render(guide, "html")
    assert read("guide.md") == render(guide, "markdown")
    assert read("guide.txt") == render(guide, "text")
    assert read("guide.json") == render(guide, "json") + "\n"
    assert Guide.model_validate_json(read("guide.json")) == guide
    page = page_context(guide, PageLayout("../../"))
    assert read("index.html") == HtmlRenderer(full_document=True).render(guide, labels(guide), page)
    assert Labels.model_validate_json(read("labels.json")) == labels(guide)
    lines = read("chunks.jsonl").splitlines()
    assert [Chunk.model_validate_json(line) for line in lines] == list(chunks(guide))


def test_with_a_base_url_chunks_and_pages_carry_absolute_urls(published):
    lines = (published / SLUG / "de" / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert [Chunk.model_validate_json(line) for line in lines] == list(
        chunks(load_guide(locale="de"), base_url=BASE)
    )
    page = (published / SLUG / "de" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}{SLUG}/de/">' in page
    assert f'<a href="{BASE}{SLUG}/fr/" hreflang="fr" lang="fr">français</a>' in page


def test_the_manifest_lists_every_file_with_its_hash(exported):
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["package"] == "acupuncture-content"
    assert manifest["version"] == __version__
    entries = manifest["files"]
    assert [entry["path"] for entry in entries] == sorted(entry["path"] for entry in entries)
    assert {entry["path"] for entry in entries} == set(_snapshot(exported)) - {"manifest.json"}
    for entry in entries:
        data = (exported / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        if entry["locale"] is None:
            assert entry == {**entry, "guide": None, "fingerprint": None}
            assert entry["format"] in {"site-index", "llms-txt"}
            continue
        assert entry["guide"] == SLUG
        assert entry["fingerprint"] == load_guide(locale=entry["locale"]).fingerprint
        assert entry["format"] == PER_LOCALE[entry["path"].rsplit("/", 1)[1]]


def test_rerunning_gives_byte_identical_files(exported, tmp_path):
    _export(tmp_path)
    assert _snapshot(tmp_path) == _snapshot(exported)
    _export(tmp_path)
    assert _snapshot(tmp_path) == _snapshot(exported)
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob(".*"))


def test_every_exported_json_validates_against_the_cli_schema(exported):
    result = subprocess.run(
        [sys.executable, "-m", "acupuncture_content", "schema"],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in exported.rglob("guide.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        validator.validate(data)
        assert Guide.model_validate(data) == load_guide(locale=data["locale"])


def test_the_schema_rejects_what_the_models_reject():
    validator = jsonschema.Draft202012Validator(Guide.model_json_schema())
    data = load_guide().model_dump(mode="json")
    data["sections"][0]["blocks"][0]["type"] = "table"
    assert not validator.is_valid(data)
    data = load_guide().model_dump(mode="json")
    data["unknown"] = 1
    assert not validator.is_valid(data)


def test_the_root_page_picks_every_language_by_its_own_name_and_title(exported):
    """Each link names its language and the guide's title in it, marked up as that
    language (lang, dir, hreflang); the page around them stays English."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    document = parser.parse((exported / "index.html").read_text(encoding="utf-8"))
    assert (document.get("lang"), document.get("dir")) == ("en", "ltr")
    links = document.findall(f".//{NS}main//{NS}a")
    assert [
        (
            a.get("href"),
            a.get("hreflang"),
            a.get("lang"),
            a.get("dir"),
            "".join(a.find(f"{NS}strong").itertext()),
            "".join(a.itertext()),
        )
        for a in links
    ] == [
        (
            f"{SLUG}/{info.tag}/",
            info.tag,
            info.tag,
            info.text_direction,
            info.name,
            f"{info.name} {load_guide(locale=info.tag, fallback=False).title}",
        )
        for info in locale_info()
    ]
    assert [a.get("dir") for a in links if a.get("hreflang") == "ar"] == ["rtl"]
    assert "".join(links[0].itertext()).endswith(
        "الوخز بالإبر لعلاج آلام الظهر: كيف يعمل وما الذي تتوقعه"
    )


def test_llms_txt_follows_the_convention_and_links_every_markdown(exported, published):
    text = (exported / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Patient guides"
    assert lines[2].startswith("> ")
    assert f"## {load_guide().title}" in lines
    targets = [line.split("](", 1)[1].split(")", 1)[0] for line in lines if line.startswith("- [")]
    assert targets == [f"{SLUG}/{tag}/guide.md" for tag in available_locales()]
    assert all((exported / target).is_file() for target in targets)
    assert "- [English](acupuncture-for-back-pain/en/guide.md): the original" in lines
    assert any(
        line.startswith("- [العربية (Arabic)](")
        and "machine translation (AI), not reviewed by a qualified medical translator" in line
        for line in lines
    )
    absolute = (published / "llms.txt").read_text(encoding="utf-8")
    assert f"({BASE}{SLUG}/ja/guide.md)" in absolute
    # Read as CommonMark, it has exactly one link per locale and no other markup.
    for document, root in ((text, ""), (absolute, BASE)):
        tokens = MarkdownIt("commonmark").parseInline(document)
        hrefs = [
            child.attrs["href"]
            for token in tokens
            for child in token.children or []
            if child.type == "link_open"
        ]
        assert hrefs == [f"{root}{SLUG}/{tag}/guide.md" for tag in available_locales()]
        inline_types = {child.type for token in tokens for child in token.children or []}
        assert inline_types <= {"text", "link_open", "link_close", "softbreak"}


def test_the_sitemap_lists_every_page_with_its_alternates(published):
    namespaces = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    root = ElementTree.fromstring((published / "sitemap.xml").read_bytes())  # noqa: S314 - our own output
    urls = root.findall("s:url", namespaces)
    locations = [url.find("s:loc", namespaces).text for url in urls]
    assert locations == [BASE] + [f"{BASE}{SLUG}/{tag}/" for tag in available_locales()]
    for url in urls[1:]:
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)
        }
        assert alternates == {
            **{tag: f"{BASE}{SLUG}/{tag}/" for tag in available_locales()},
            "x-default": f"{BASE}{SLUG}/en/",
        }


def _ids(path: Path) -> set[str]:
    document = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=True)
    return {element.get("id") for element in document.iter() if element.get("id")}


def _internal_links(root: Path, base_url: str | None):
    """(page, target file, fragment) for every link in every exported HTML page."""
    for page in sorted(root.rglob("*.html")):
        document = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=True)
        for element in document.iter():
            href = element.get("href") if element.tag in {f"{NS}a", f"{NS}link"} else None
            if href is None:
                continue
            if base_url and href.startswith(base_url):
                relative = href[len(base_url) :]
                folder = ""
            elif urllib.parse.urlsplit(href).scheme:
                continue  # a link out of the site (the guide has none today)
            else:
                relative = href
                folder = page.parent.relative_to(root).as_posix()
            path, _, fragment = relative.partition("#")
            target = (
                posixpath.normpath(posixpath.join(folder, path))
                if path
                else page.relative_to(root).as_posix()
            )
            if path.endswith("/") or not path:
                target = posixpath.join(target, "index.html") if path else target
            yield page, root / target, fragment


@pytest.mark.parametrize("which", ["exported", "published"])
def test_every_internal_link_and_anchor_resolves(which, request):
    root = request.getfixturevalue(which)
    links = list(_internal_links(root, BASE if which == "published" else None))
    assert len(links) >= 12 * 12  # the root picker and every page's language switcher
    for page, target, fragment in links:
        assert target.is_file(), (page, target)
        if fragment:
            assert fragment in _ids(target), (page, target, fragment)


def test_the_link_checker_reports_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><a href="missing/">x</a><a href="#nope">y</a>'
    )
    links = list(_internal_links(tmp_path, None))
    assert [target.name for _, target, _ in links] == ["index.html", "index.html"]
    assert not links[0][1].is_file()
    assert "nope" not in _ids(links[1][1])


def test_a_later_export_without_base_url_removes_the_sitemap(tmp_path):
    _export(tmp_path, "--base-url", BASE)
    assert (tmp_path / "sitemap.xml").is_file()
    (tmp_path / "notes.txt").write_text("the host's own file")
    _export(tmp_path)
    assert not (tmp_path / "sitemap.xml").exists()
    assert (tmp_path / "notes.txt").read_text() == "the host's own file"


def test_a_manifest_listing_a_locale_no_export_writes_is_not_trusted(tmp_path, capsys):
    # Export's names are known in advance; a manifest listing another is not its own,
    # and nothing it lists is deleted.
    _export(tmp_path)
    manifest_path = tmp_path / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    gone = f"{SLUG}/xx/guide.html"
    (tmp_path / gone).parent.mkdir()
    (tmp_path / gone).write_text("from an older version")
    digest = hashlib.sha256(b"from an older version").hexdigest()
    manifest["files"].append({"path": gone, "sha256": digest})
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    capsys.readouterr()
    assert main(["export", "--output", str(tmp_path)]) == 2
    assert f"lists a path no export writes: '{gone}'" in capsys.readouterr().err
    assert (tmp_path / gone).read_text() == "from an older version"


def test_export_covers_every_bundled_guide(exported):
    assert sorted(path.name for path in exported.iterdir() if path.is_dir()) == list(list_guides())


# export() from Python and its report; the command line's last line. The rules export
# keeps run through both doors: the command line calls this very function.


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def planned() -> tuple[str, ...]:
    """Every path an export without a base URL writes, the manifest included."""
    return tuple(sorted([*(file.path for file in _plan(None)), "manifest.json"]))


def test_a_first_export_reports_every_file_written(tmp_path, planned):
    report = export(tmp_path / "site")
    assert isinstance(report, ExportReport)
    assert report == ExportReport(written=planned, unchanged=(), removed=())
    assert tuple(_files(tmp_path / "site")) == planned


def test_an_identical_rerun_writes_nothing_not_even_the_manifest(tmp_path, planned):
    root = tmp_path / "site"
    export(root)
    before = _files(root)
    long_ago = (1_000_000_000, 1_000_000_000)
    for path in root.rglob("*"):
        os.utime(path, ns=long_ago)
    report = export(str(root))  # a str works as well as a Path
    assert report == ExportReport(written=(), unchanged=planned, removed=())
    assert _files(root) == before
    assert {path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file()} == {long_ago[0]}


def test_the_report_names_what_changed_and_what_went(tmp_path):
    root = tmp_path / "site"
    published = export(root, base_url=BASE)
    assert "sitemap.xml" in published.written
    report = export(root)  # without the base URL: full pages change, the sitemap goes
    assert report.removed == ("changes.xml", "sitemap.xml")
    assert "acupuncture-for-back-pain/de/index.html" in report.written
    assert "manifest.json" in report.written
    assert "acupuncture-for-back-pain/de/guide.md" in report.unchanged  # no links in it
    assert not (root / "sitemap.xml").exists()
    # Each path is in exactly one list, and each list is sorted.
    lists = (report.written, report.unchanged, report.removed)
    assert all(list(paths) == sorted(paths) for paths in lists)
    assert sum(map(len, lists)) == len({*report.written, *report.unchanged, *report.removed})
    listed = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert {entry["path"] for entry in listed} | {"manifest.json"} == {
        *report.written,
        *report.unchanged,
    }


def test_the_report_is_a_frozen_model():
    report = ExportReport(written=("a",), unchanged=(), removed=())
    with pytest.raises(ValidationError):
        report.written = ()  # type: ignore[misc]
    assert ExportReport.model_validate_json(report.model_dump_json()) == report


def test_the_command_line_ends_with_the_report_s_counts(tmp_path, capsys, planned):
    root = tmp_path / "site"
    everything = len(planned) + 2  # and the sitemap and the feed
    assert main(["export", "--output", str(root), "--base-url", BASE]) == 0
    assert capsys.readouterr().out == f"wrote {everything}, unchanged 0, removed 0: {root}\n"
    assert main(["export", "--output", str(root), "--base-url", BASE]) == 0
    assert capsys.readouterr().out == f"wrote 0, unchanged {everything}, removed 0: {root}\n"
    assert main(["export", "--output", str(root)]) == 0
    written, unchanged = export(tmp_path / "python", base_url=BASE), export(tmp_path / "python")
    assert capsys.readouterr().out == (
        f"wrote {len(unchanged.written)}, unchanged {len(unchanged.unchanged)}, removed 2: {root}\n"
    )
    assert len(written.written) == len(planned) + 2  # the sitemap and the feed
    # The command line and the function write the same folder.
    assert _files(root) == _files(tmp_path / "python")


def test_the_command_line_calls_the_function(tmp_path, monkeypatch, capsys):
    calls = []

    def recording(output, **options):
        calls.append((output, options))
        return ExportReport(written=("manifest.json",), unchanged=("llms.txt",), removed=())

    monkeypatch.setattr("acupuncture_content._export.export", recording)
    assert main(["export", "--output", str(tmp_path), "--base-url", BASE]) == 0
    assert calls == [(tmp_path, {"base_url": BASE, "url": None})]
    assert capsys.readouterr().out == f"wrote 1, unchanged 1, removed 0: {tmp_path}\n"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ((42,), TypeError, "export() argument 'output' must be a str or path, not int"),
        ((b"site",), TypeError, "export() argument 'output' must be a str or path, not bytes"),
        (("",), ValueError, "export() argument 'output' must name a folder (it is empty)"),
    ],
)
def test_a_bad_output_is_refused_before_anything_is_written(arguments, error, message):
    with pytest.raises(error) as caught:
        export(*arguments)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("base_url", "error"),
    [("ftp://clinic.example/", ValueError), ("https://clinic.example", ValueError), (5, TypeError)],
)
def test_a_bad_base_url_is_refused_naming_the_argument(tmp_path, base_url, error):
    with pytest.raises(error, match=r"^export\(\) argument 'base_url' must be"):
        export(tmp_path / "site", base_url=base_url)
    assert not (tmp_path / "site").exists()


def test_a_clinic_s_own_page_is_never_overwritten_from_python_either(tmp_path):
    (tmp_path / "index.html").write_text("<p>Riverside Clinic</p>\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"index\.html exists and no earlier export wrote it"):
        export(tmp_path)
    assert _files(tmp_path) == {"index.html": b"<p>Riverside Clinic</p>\n"}


def test_export_is_public():
    assert acupuncture_content.export is export
    assert "export" in acupuncture_content.__all__
    assert "ExportReport" in acupuncture_content.__all__
