"""Every locale's HTML in a real browser: accessible, valid, right-to-left, and inert.

Runs headless Chromium (Debian's ``chromium``, driven by Playwright with
``executable_path``; no browser is downloaded), axe-core and the Nu Html Checker
(``vnu-jar``, run with Java), both from ``npm install --prefix tests/browser``.
``.ci/run`` installs all of them; elsewhere these tests are skipped when a tool is
missing, and fail instead when ``CI`` is set so a broken setup cannot pass unnoticed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from acupuncture_content import available_locales, load_guide, render
from hostile import HOSTILE_HREFS, XSS, accepted, guide_with

pytestmark = pytest.mark.browser

TOOLS = Path(__file__).parent / "browser" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# As this workplace runs Chromium: no sandbox as root, and no background network traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require(what: str, *, present: bool) -> None:
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; .ci/run should have installed it")
    pytest.skip(f"{what} is missing (see tests/test_browser.py)")


def host_page(fragment: str, locale: str) -> str:
    """A clinic page embedding the guide fragment under its own heading."""
    return (
        "<!doctype html>\n"
        f'<html lang="{locale}">\n<head>\n<meta charset="utf-8">\n'
        "<title>Example Clinic: patient guides</title>\n</head>\n"
        f"<body>\n<main>\n<h1>Example Clinic</h1>\n{fragment}</main>\n</body>\n</html>\n"
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Every locale as a full page and as a fragment in a host page, written to files."""
    folder = tmp_path_factory.mktemp("pages")
    written = {}
    for locale in available_locales():
        guide = load_guide(locale=locale)
        full = folder / f"{locale}-page.html"
        full.write_text(render(guide, "html", full_document=True), encoding="utf-8")
        embedded = folder / f"{locale}-embedded.html"
        fragment = render(guide, "html", heading_offset=1, id_prefix="guide-")
        embedded.write_text(host_page(fragment, locale), encoding="utf-8")
        written[f"{locale}-page"] = full
        written[f"{locale}-embedded"] = embedded
    return written


@pytest.fixture(scope="module")
def browser():
    _require(f"Chromium ({CHROMIUM})", present=Path(CHROMIUM).exists())
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=True)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()


def test_every_page_has_no_axe_violations(page, pages):
    _require("axe-core (npm install --prefix tests/browser)", present=AXE.exists())
    failures = {}
    for name, path in pages.items():
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = [
            {"id": violation["id"], "nodes": [node["target"] for node in violation["nodes"]]}
            for violation in result["violations"]
        ]
        if violations:
            failures[name] = violations
        assert result["passes"], f"axe ran no check on {name}"
    assert failures == {}


def test_every_page_passes_the_nu_html_checker(pages):
    _require("vnu-jar (npm install --prefix tests/browser)", present=VNU.exists())
    _require("Java", present=shutil.which("java") is not None)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages.values())],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [(Path(message.get("url", "")).name, message["message"]) for message in messages]
    assert errors == []
    assert result.returncode == 0


def test_arabic_renders_right_to_left(page, pages):
    for name in ("ar-page", "ar-embedded"):
        page.goto(pages[name].as_uri())
        direction = page.evaluate("getComputedStyle(document.querySelector('article')).direction")
        assert direction == "rtl", name
    page.goto(pages["en-page"].as_uri())
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "ltr"


def test_hostile_content_runs_no_script(page, tmp_path):
    payloads = [text for text in XSS if accepted(text)]
    guides = [guide_with(text) for text in payloads] + [
        guide_with("Read more", href) for href in HOSTILE_HREFS
    ]
    for index, guide in enumerate(guides):
        for kind, markup in (
            ("page", render(guide, "html", full_document=True)),
            ("embedded", host_page(render(guide, "html", heading_offset=1, id_prefix="g-"), "en")),
        ):
            path = tmp_path / f"hostile-{index}-{kind}.html"
            path.write_text(markup, encoding="utf-8")
            page.goto(path.as_uri())
            page.wait_for_timeout(50)  # let any onerror/onload/ontoggle handler fire
            page.hover("a")
            state = page.evaluate(
                "({xss: typeof window.__xss, scripts: document.scripts.length,"
                " handlers: [...document.querySelectorAll('*')].flatMap(e => e.getAttributeNames())"
                ".filter(n => n.startsWith('on')).length,"
                " frames: document.querySelectorAll('iframe, object, embed, img, svg, base, meta[http-equiv]').length})"
            )
            expected_scripts = 1 if kind == "page" else 0
            assert state == {
                "xss": "undefined",
                "scripts": expected_scripts,
                "handlers": 0,
                "frames": 0,
            }, (
                index,
                kind,
            )
            assert page.dialogs == [], (index, kind)
