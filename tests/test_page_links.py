"""The clinic's own page URLs: page_links, page_url, chunks(url=) and export(url=) (issue 20.1).

A site serving the guide at ``/guide/<lang>`` gets the canonical URL, the alternates,
x-default and the switcher from one ``url`` (a template or a callable), and full
documents, chunks and the export use the same URLs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib
import pytest
from pydantic import ValidationError

from acupuncture_content import (
    Alternate,
    Guide,
    PageLinks,
    available_locales,
    chunks,
    export,
    labels,
    load_guide,
    locale_info,
    page_links,
    render,
)
from acupuncture_content.cli import main

SLUG = "acupuncture-for-back-pain"
TEMPLATE = "/guide/{locale}/"
NS = "{http://www.w3.org/1999/xhtml}"


def _head_links(page: str) -> list[str]:
    return re.findall(r'<link rel="(?:canonical|alternate)"[^>]*>', page)


def _switcher(page: str) -> str:
    match = re.search(r'<nav class="language-switcher".*?</nav>\n', page, re.DOTALL)
    assert match is not None
    return match.group()


# page_links ------------------------------------------------------------------------------


def test_page_links_for_a_template_under_guide_lang():
    links = page_links(load_guide(locale="de"), url=TEMPLATE)
    assert isinstance(links, PageLinks)
    assert links.canonical == "/guide/de/"
    assert links.x_default == "/guide/en/"
    assert links.alternates == tuple(
        Alternate(
            locale=info.tag,
            hreflang=info.tag,
            url=f"/guide/{info.tag}/",
            name=info.name,
            text_direction=info.text_direction,
        )
        for info in locale_info()
    )
    assert [alternate.name for alternate in links.alternates][:3] == [
        "العربية",
        "Deutsch",
        "English",
    ]
    assert list(PageLinks.model_fields) == ["canonical", "alternates", "x_default"]
    assert list(Alternate.model_fields) == ["locale", "hreflang", "url", "name", "text_direction"]


def test_head_html_is_the_canonical_every_alternate_and_x_default():
    links = page_links(load_guide(locale="pt-BR"), url=TEMPLATE)
    expected = [
        '<link rel="canonical" href="/guide/pt-BR/">',
        *(
            f'<link rel="alternate" hreflang="{tag}" href="/guide/{tag}/">'
            for tag in available_locales()
        ),
        '<link rel="alternate" hreflang="x-default" href="/guide/en/">',
    ]
    assert links.head_html() == "\n".join(expected) + "\n"


@pytest.mark.parametrize("locale", ["en", "ar", "zh-Hans"])
def test_the_links_and_switcher_are_exactly_the_full_document_s(locale):
    guide = load_guide(locale=locale)
    links = page_links(guide, url=TEMPLATE)
    page = render(guide, "html", full_document=True, page_url=TEMPLATE)
    assert f"\n{links.head_html()}" in page
    assert _head_links(page) == links.head_html().splitlines()
    assert _switcher(page) == links.switcher_html()
    switcher = html5lib.parseFragment(links.switcher_html(), namespaceHTMLElements=True)
    anchors = switcher.findall(f".//{NS}a")
    assert [
        (a.get("href"), a.get("hreflang"), a.get("lang"), "".join(a.itertext())) for a in anchors
    ] == [
        (alternate.url, alternate.hreflang, alternate.locale, alternate.name)
        for alternate in links.alternates
    ]
    assert [a.get("aria-current") for a in anchors].count("page") == 1


def test_a_full_document_with_page_url_uses_it_everywhere_it_links_to_pages():
    guide = load_guide(locale="fr")
    template = "https://clinic.example/{locale}/guides/{guide}"
    page = render(guide, "html", full_document=True, page_url=template)
    assert (
        '<link rel="canonical" href="https://clinic.example/fr/guides/acupuncture-for-back-pain">'
        in page
    )
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])
    assert data["url"] == "https://clinic.example/fr/guides/acupuncture-for-back-pain"
    assert (
        data["translationOfWork"]["url"]
        == "https://clinic.example/en/guides/acupuncture-for-back-pain"
    )
    assert "acupuncture-for-back-pain/fr/" not in page  # nothing of the export's layout


def test_the_same_layout_through_base_url_and_through_a_callable_gives_the_same_page():
    guide = load_guide(locale="ja")
    base = "https://clinic.example/guides/"
    through_base = render(guide, "html", full_document=True, base_url=base)
    through_callable = render(
        guide, "html", full_document=True, page_url=lambda slug, tag: f"{base}{slug}/{tag}/"
    )
    assert through_callable == through_base


def test_a_callable_layout():
    calls = []

    def url(slug: str, tag: str) -> str:
        calls.append((slug, tag))
        return f"https://{tag.lower()}.clinic.example/{slug}"

    links = page_links(load_guide(locale="ko"), url=url)
    assert links.canonical == "https://ko.clinic.example/acupuncture-for-back-pain"
    assert links.x_default == "https://en.clinic.example/acupuncture-for-back-pain"
    assert {tag for _, tag in calls} == set(available_locales())
    assert {slug for slug, _ in calls} == {SLUG}


def test_urls_are_escaped_in_html():
    links = page_links(load_guide(locale="es"), url="/guide?lang={locale}&v=2")
    assert links.canonical == "/guide?lang=es&v=2"
    assert '<link rel="canonical" href="/guide?lang=es&amp;v=2">' in links.head_html()
    assert 'href="/guide?lang=de&amp;v=2"' in links.switcher_html()
    assert "&v" not in links.head_html().replace("&amp;", "")


def test_an_edited_guide_keeps_its_links_and_an_app_s_own_guide_has_only_its_own():
    clinic = load_guide(locale="vi").model_copy(update={"title": "Châm cứu tại phòng khám"})
    edited, original = (
        page_links(clinic, url=TEMPLATE),
        page_links(load_guide(locale="vi"), url=TEMPLATE),
    )
    assert edited.model_dump() == original.model_dump()
    assert edited.head_html() == original.head_html()
    assert edited.switcher_html() == original.switcher_html()
    own = Guide.model_validate(
        {**load_guide().model_dump(exclude={"fingerprint"}), "slug": "our-own-guide"}
    )
    links = page_links(own, url="/{guide}/{locale}/")
    assert (links.canonical, links.alternates, links.x_default) == (
        "/our-own-guide/en/",
        (),
        "/our-own-guide/en/",
    )
    assert links.head_html() == '<link rel="canonical" href="/our-own-guide/en/">\n'
    assert links.switcher_html() == ""


def test_page_links_are_frozen_and_serialise():
    links = page_links(load_guide(), url=TEMPLATE)
    with pytest.raises(ValidationError):
        links.canonical = "/elsewhere/"  # type: ignore[misc]
    data = links.model_dump(mode="json")
    assert set(data) == {"canonical", "alternates", "x_default"}
    assert data["alternates"][0] == {
        "locale": "ar",
        "hreflang": "ar",
        "url": "/guide/ar/",
        "name": "العربية",
        "text_direction": "rtl",
    }


# Bad layouts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/guide/", "needs the placeholder {locale}"),
        ("/guides/{guide}/", "needs the placeholder {locale}"),
        ("/guide/{lang}/", "found '{lang}'"),
        ("/guide/{locale}/{}", "found '{}'"),
        ("/guide/{{locale}}/", "found '{'"),
        ("/guide/{locale", "found '{locale'"),
        ("/guide/{locale}/}", "found '}'"),
        ("guide/{locale}/", "must make an absolute http(s) URL or a root-relative path"),
        ("//evil.example/{locale}/", "must make an absolute http(s) URL or a root-relative"),
        ("javascript:alert(1)//{locale}", "must make an absolute http(s) URL"),
        ("/guide/{locale}/#top", "no fragment"),
        ('/guide/{locale}/"onmouseover="x', "must make an absolute"),
        ("/guide/<{locale}>/", "must make an absolute"),
        ("ftp://clinic.example/{locale}/", "must make an absolute"),
        ("https://user@clinic.example/{locale}/", "must make an absolute"),
        ("https:///{locale}/", "must make an absolute"),
        ("/guide/{locale}/ x", "must make an absolute"),
        ("/" + "a" * 2100 + "/{locale}/", "must make an absolute"),
    ],
)
def test_a_bad_template_is_refused_naming_the_argument(url, message):
    with pytest.raises(ValueError, match=r"^page_links\(\) argument 'url' ") as caught:
        page_links(load_guide(), url=url)
    assert message in str(caught.value)


@pytest.mark.parametrize("url", [None, 42, b"/guide/{locale}/", ["/guide/{locale}/"]])
def test_a_url_that_is_neither_a_template_nor_callable_is_a_type_error(url):
    with pytest.raises(TypeError, match=r"^page_links\(\) argument 'url' must be a str template"):
        page_links(load_guide(), url=url)


@pytest.mark.parametrize(
    ("returned", "error", "message"),
    [
        (
            None,
            TypeError,
            "returned NoneType for ('acupuncture-for-back-pain', 'en'); it must return a str",
        ),
        (b"/de/", TypeError, "returned bytes for"),
        (
            "javascript:alert(1)",
            ValueError,
            "returned 'javascript:alert(1)' for ('acupuncture-for-back-pain', 'en'); a page URL must be",
        ),
        ("de/", ValueError, "returned 'de/'"),
        ('/de/" onload="x', ValueError, "a page URL must be"),
    ],
)
def test_a_callable_returning_no_page_url_is_refused_naming_it(returned, error, message):
    with pytest.raises(error) as caught:
        page_links(load_guide(), url=lambda _slug, _tag: returned)
    assert str(caught.value).startswith("page_links() argument 'url' returned ")
    assert message in str(caught.value)


def test_page_links_needs_a_guide_and_a_url():
    with pytest.raises(TypeError, match=r"page_links\(\) needs a Guide, not str"):
        page_links("acupuncture-for-back-pain", url=TEMPLATE)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        page_links(load_guide())  # type: ignore[call-arg]


# Full documents: page_url ----------------------------------------------------------------


def test_page_url_and_base_url_exclude_each_other():
    with pytest.raises(
        ValueError, match="render options 'page_url' and 'base_url' exclude each other"
    ):
        render(
            load_guide(),
            "html",
            full_document=True,
            base_url="https://x.example/",
            page_url=TEMPLATE,
        )


def test_page_url_needs_a_full_document_and_a_good_template():
    with pytest.raises(ValueError, match="render option 'page_url' needs full_document=True"):
        render(load_guide(), "html", page_url=TEMPLATE)
    with pytest.raises(
        ValueError, match=r"^render option 'page_url' must be None, a template with \{locale\}"
    ):
        render(load_guide(), "html", full_document=True, page_url="/guide/")
    with pytest.raises(
        TypeError, match="render option 'page_url' must be str or Callable or None, not int"
    ):
        render(load_guide(), "html", full_document=True, page_url=3)
    with pytest.raises(ValueError, match="render option 'page_url' returned '//x' for"):
        render(load_guide(), "html", full_document=True, page_url=lambda _slug, _tag: "//x")


def test_render_page_url_on_the_command_line(capsys):
    assert main(["render", "--locale", "de", "--full-document", "--page-url", TEMPLATE]) == 0
    page = capsys.readouterr().out
    assert (
        page == render(load_guide(locale="de"), "html", full_document=True, page_url=TEMPLATE) + ""
    )
    both = ["render", "--full-document", "--page-url", TEMPLATE, "--base-url", "https://x.example/"]
    assert main(both) == 2
    assert capsys.readouterr().err.endswith(
        "--page-url and --base-url exclude each other: give one\n"
    )
    assert main(["render", "--full-document", "--page-url", "/guide/"]) == 2
    assert "--page-url must be a template with {locale}" in capsys.readouterr().err


# chunks(url=) ----------------------------------------------------------------------------


def test_chunk_urls_follow_the_layout():
    guide = load_guide(locale="hi")
    cut = chunks(guide, url=TEMPLATE)
    assert [chunk.url for chunk in cut] == [
        "/guide/hi/",
        *(f"/guide/hi/#{section.id}" for section in guide.sections),
    ]
    called = chunks(guide, url=lambda slug, tag: f"https://clinic.example/{tag}/{slug}")
    assert called[1].url == f"https://clinic.example/hi/{SLUG}#{guide.sections[0].id}"
    # Everything but the URL is as without one.
    assert [chunk.model_copy(update={"url": None}) for chunk in cut] == list(chunks(guide))


def test_chunks_takes_base_url_by_position_and_not_with_url():
    guide = load_guide()
    assert chunks(guide, "https://clinic.example/")[0].url == f"https://clinic.example/{SLUG}/en/"
    with pytest.raises(
        ValueError, match=r"chunks\(\) arguments 'base_url' and 'url' exclude each other"
    ):
        chunks(guide, "https://clinic.example/", url=TEMPLATE)
    with pytest.raises(
        ValueError, match=r"^chunks\(\) argument 'url' needs the placeholder \{locale\}"
    ):
        chunks(guide, url="/guide/")


# export(url=) and --url --------------------------------------------------------------------


def _read(root: Path, relative: str) -> str:
    return (root / relative).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def own_urls(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("own")
    export(root, url=TEMPLATE)
    return root


def test_exported_pages_link_to_the_site_s_own_urls(own_urls):
    for tag in available_locales():
        guide = load_guide(locale=tag)
        page = _read(own_urls, f"{SLUG}/{tag}/index.html")
        assert page == render(guide, "html", full_document=True, page_url=TEMPLATE) + ""
        links = page_links(guide, url=TEMPLATE)
        assert _head_links(page) == links.head_html().splitlines()
        lines = _read(own_urls, f"{SLUG}/{tag}/chunks.jsonl").splitlines()
        assert [json.loads(line)["url"] for line in lines] == [
            chunk.url for chunk in chunks(guide, url=TEMPLATE)
        ]


def test_the_picker_links_the_own_urls_and_llms_txt_the_folder_s_files(own_urls):
    picker = _read(own_urls, "index.html")
    assert '<a href="/guide/de/" hreflang="de" lang="de"' in picker
    assert f"{SLUG}/de/" not in picker
    assert f"]({SLUG}/de/guide.md)" in _read(own_urls, "llms.txt")
    assert not (own_urls / "sitemap.xml").exists()  # only with a base URL


def test_the_command_line_export_url_writes_the_same_folder(own_urls, tmp_path, capsys):
    assert main(["export", "--output", str(tmp_path), "--url", TEMPLATE]) == 0
    assert capsys.readouterr().out.startswith("wrote ")

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert files(tmp_path) == files(own_urls)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--url", "/guide/"], "--url needs the placeholder {locale}"),
        (["--url", "/{lang}/"], "--url may hold only the placeholders {guide} and {locale}"),
        (["--url", TEMPLATE, "--base-url", "https://x.example/"], "not allowed with argument"),
    ],
)
def test_the_command_line_refuses_a_bad_url(tmp_path, capsys, arguments, message):
    assert main(["export", "--output", str(tmp_path / "out"), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_export_url_errors(tmp_path):
    with pytest.raises(
        ValueError, match=r"export\(\) arguments 'base_url' and 'url' exclude each other"
    ):
        export(tmp_path, base_url="https://x.example/", url=TEMPLATE)
    with pytest.raises(ValueError, match=r"^export\(\) argument 'url' may hold only"):
        export(tmp_path, url="/{slug}/{locale}/")
    with pytest.raises(TypeError, match=r"^export\(\) argument 'url' returned int"):
        export(tmp_path, url=lambda _slug, _tag: 1)
    with pytest.raises(
        ValueError, match=r"^export\(\) argument 'url' gives two pages the URL '/same/'"
    ):
        export(tmp_path, url=lambda _slug, _tag: "/same/")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("slug", ["a-", "xn--zz", "a" * 100])
def test_a_template_s_urls_are_checked_for_every_guide_not_only_a_sample(slug):
    # The sample slug makes a good host; these slugs, valid for a guide, make none.
    guide = load_guide().model_copy(update={"slug": slug})
    with pytest.raises(
        ValueError, match=r"argument 'url' returned 'https://.*; a page URL must be"
    ):
        page_links(guide, url="https://{guide}.example/{locale}/")
    assert page_links(guide, url="/{guide}/{locale}/").canonical == f"/{slug}/en/"


@pytest.mark.parametrize(
    "call",
    [lambda: page_links(None, url="/{locale}/"), lambda: chunks(None), lambda: labels(None)],
    ids=["page_links", "chunks", "labels"],
)
def test_none_is_no_guide(call):
    # None once passed as a validated guide: the record of validated objects answered
    # None for None.
    with pytest.raises(TypeError, match="NoneType"):
        call()
