"""The web-framework examples in docs/embedding.md, run against their test clients."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import html5lib
import pytest

import acupuncture_content
from acupuncture_content import (
    available_locales,
    labels,
    load_guide,
    locale_info,
    page_links,
    render,
    stylesheet,
)

EMBEDDING = Path(__file__).parent.parent / "docs" / "embedding.md"
BLOCK = re.compile(
    r'^```python title="(?P<name>[\w.]+)"\n(?P<code>.*?)^```$', re.MULTILINE | re.DOTALL
)
NS = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """Every titled example, written to a file and imported from it."""
    folder = tmp_path_factory.mktemp("examples")
    modules = {}
    for match in BLOCK.finditer(EMBEDDING.read_text(encoding="utf-8")):
        path = folder / match["name"]
        path.write_text(match["code"], encoding="utf-8")
        name = match["name"].removesuffix(".py")
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # Django imports its ROOT_URLCONF by name
        spec.loader.exec_module(module)
        modules[name] = module
    assert list(modules) == [
        "flask_app",
        "flask_own_urls",
        "fastapi_app",
        "django_views",
        "jinja_page",
    ]
    yield modules
    for name in modules:
        sys.modules.pop(name, None)


def _check_page(body: str, locale: str, **options: object) -> None:
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(body)
    assert document.get("lang") == locale
    assert body == render(load_guide(locale=locale), "html", full_document=True, **options)


def test_flask(examples):
    client = examples["flask_app"].app.test_client()
    base = "https://clinic.example/guides/"
    slug = "acupuncture-for-back-pain"
    negotiated = client.get(f"/guides/{slug}/", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert negotiated.status_code == 303
    assert negotiated.headers["Location"] == f"{base}{slug}/ru/"
    assert negotiated.headers["Vary"] == "Accept-Language"
    response = client.get(f"/guides/{slug}/ru/", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "ru"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    etag = response.headers["ETag"]
    assert etag == f'"{load_guide(locale="ru").fingerprint[:32]}-{acupuncture_content.__version__}"'
    body = response.get_data(as_text=True)
    _check_page(body, "ru", base_url=base)
    assert "evil.example" not in body  # the canonical links come from configuration
    # Every link of the language switcher is a page the app serves.
    switcher = re.findall(r'<a href="https://clinic\.example(/guides/[^"]+)" hreflang=', body)
    assert len(switcher) == len(available_locales())
    for href in switcher:
        assert client.get(href).status_code == 200, href
    again = client.get(f"/guides/{slug}/ru/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert client.get(f"/guides/{slug}/ko/", headers={"If-None-Match": etag}).status_code == 200
    assert client.get(f"/guides/{slug}/xx/").status_code == 404
    assert client.get("/guides/nope/").status_code == 404
    assert client.get("/guides/nope/en/").status_code == 404
    data = client.get(f"/guides/{slug}/vi/guide.json").get_json()
    assert data["guide"] == load_guide(locale="vi").model_dump(mode="json")
    assert data["labels"] == labels(load_guide(locale="vi")).model_dump()
    assert data["labels"]["review_notice"]


def test_flask_on_the_clinic_s_own_urls(examples):
    module = examples["flask_own_urls"]
    client = module.app.test_client()
    negotiated = client.get("/guide", headers={"Accept-Language": "de-AT,de;q=0.9"})
    assert negotiated.status_code == 303
    assert negotiated.headers["Location"] == "https://clinic.example/guide/de"
    assert negotiated.headers["Vary"] == "Accept-Language"
    response = client.get("/guide/ar", headers={"Host": "evil.example"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(body)
    assert document.get("lang") == "en"  # the clinic's page; the guide marks its own
    guide = load_guide(locale="ar")
    links = page_links(guide, url=module.PAGE_URL)
    # The head links and the switcher are the package's, on the clinic's URLs.
    head = body[: body.index("</head>")]
    assert re.findall(r"<link [^>]*>", head) == links.head_html().splitlines()
    assert len(document.findall(f".//{NS}head/{NS}link")) == len(available_locales()) + 2
    assert links.switcher_html() in body
    assert render(guide, "html") in body
    assert "evil.example" not in body
    article = document.find(f".//{NS}main/{NS}article")
    assert (article.get("lang"), article.get("dir")) == ("ar", "rtl")
    # Every link of the switcher is a page the app serves.
    hrefs = [a.get("href") for a in document.findall(f".//{NS}nav//{NS}a")]
    assert len(hrefs) == len(available_locales())
    for href in hrefs:
        assert href.startswith("https://clinic.example/guide/")
        assert client.get(href.removeprefix("https://clinic.example")).status_code == 200, href
    assert client.get("/guide/xx").status_code == 404


def test_fastapi(examples):
    from fastapi.testclient import TestClient

    client = TestClient(examples["fastapi_app"].app)
    response = client.get("/guide", headers={"Accept-Language": "ar-EG"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == "ar"
    assert response.headers["vary"] == "Accept-Language"
    assert response.headers["cache-control"] == "public, max-age=3600"
    _check_page(response.text, "ar")
    etag = response.headers["etag"]
    assert (
        client.get("/guide", headers={"Accept-Language": "ar", "If-None-Match": etag}).status_code
        == 304
    )
    json_response = client.get("/guide.json", headers={"Accept-Language": "hi"})
    assert json_response.headers["vary"] == "Accept-Language"
    assert json_response.headers["content-language"] == "hi"
    data = json_response.json()
    assert data["guide"]["locale"] == "hi"
    assert data["guide"]["fingerprint"] == load_guide(locale="hi").fingerprint
    assert data["labels"]["disclaimer"] == labels(load_guide(locale="hi")).disclaimer
    languages = client.get("/languages").json()
    assert [(entry["tag"], entry["name"]) for entry in languages][:2] == [
        ("ar", "العربية"),
        ("de", "Deutsch"),
    ]


def test_django(examples):  # noqa: ARG001 - the fixture makes django_views importable
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            ROOT_URLCONF="django_views",
            ALLOWED_HOSTS=["testserver"],
            SECRET_KEY="test-only",  # noqa: S106
            USE_I18N=False,
            MIDDLEWARE=[],
        )
        import django

        django.setup()
    from django.test import Client

    client = Client()
    response = client.get("/guide", headers={"Accept-Language": "es-419,es;q=0.9"})
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert response["Vary"] == "Accept-Language"
    assert response["Cache-Control"] == "public, max-age=3600"
    _check_page(response.content.decode(), "es")
    again = client.get(
        "/guide", headers={"Accept-Language": "es", "If-None-Match": response["ETag"]}
    )
    assert again.status_code == 304


def _clinic_page(examples, lang, accept_language):
    page = examples["jinja_page"].clinic_page(lang, accept_language)
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page)


def test_jinja_page_embeds_the_fragment_one_level_down(examples):
    document = _clinic_page(examples, None, "fr-CA,fr;q=0.9")
    h1s = document.findall(f".//{NS}h1")
    assert ["".join(h.itertext()) for h in h1s] == ["Example Clinic"]
    h3s = document.findall(f".//{NS}h3")
    assert [h.get("id") for h in h3s] == [
        f"guide-{section.id}" for section in load_guide(locale="fr").sections
    ]
    article = document.find(f".//{NS}main/{NS}article")
    assert article is not None
    assert (article.get("lang"), article.get("dir")) == ("fr", "ltr")
    menu = document.findall(f".//{NS}nav//{NS}a")
    assert ["".join(a.itertext()) for a in menu] == [info.name for info in locale_info()]
    assert [(a.get("lang"), a.get("hreflang"), a.get("dir")) for a in menu] == [
        (info.tag, info.tag, info.text_direction) for info in locale_info()
    ]
    assert "".join(document.find(f".//{NS}style").itertext()) == stylesheet()


def test_jinja_page_keeps_the_clinics_own_language_around_the_guide(examples):
    """The clinic's header and menu are English: only the guide's element says Arabic."""
    document = _clinic_page(examples, None, "ar")
    assert (document.get("lang"), document.get("dir")) == ("en", "ltr")
    article = document.find(f".//{NS}main/{NS}article")
    assert (article.get("lang"), article.get("dir")) == ("ar", "rtl")
    title = document.find(f".//{NS}title")
    assert "".join(title.itertext()) == load_guide(locale="ar").title
    assert (title.get("lang"), title.get("dir")) == ("ar", "rtl")


@pytest.mark.parametrize(
    ("lang", "accept_language", "served"),
    [
        ("de", None, "de"),  # the menu's choice
        ("de", "fr-CA,fr;q=0.9", "de"),  # wins over the browser's header
        ("pt-BR", "en", "pt-BR"),
        (None, "ja", "ja"),  # no choice: the header decides
        ("", "ja", "ja"),
        ("xx", "ko", "ko"),  # not a language the guide has: the header decides
        ("de-CH", "ko", "ko"),  # the menu links exact tags only
        ("<script>", None, "en"),
        (None, None, "en"),
    ],
)
def test_jinja_page_serves_the_language_chosen_in_its_menu(examples, lang, accept_language, served):
    article = _clinic_page(examples, lang, accept_language).find(f".//{NS}main/{NS}article")
    assert article.get("lang") == served


def test_jinja_page_menu_links_each_lead_to_their_language(examples):
    document = _clinic_page(examples, None, "ru")
    for link in document.findall(f".//{NS}nav//{NS}a"):
        href = link.get("href")
        assert href.startswith("?lang=")
        lang = href.removeprefix("?lang=")
        chosen = _clinic_page(examples, lang, "ru").find(f".//{NS}main/{NS}article")
        assert chosen.get("lang") == link.get("hreflang") == lang
