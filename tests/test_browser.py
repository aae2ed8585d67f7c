"""Every locale's HTML in a real browser: accessible, valid, reflowing, printable and inert.

Runs headless Chromium (Debian's ``chromium``, driven by Playwright with
``executable_path``; no browser is downloaded), axe-core and the Nu Html Checker
(``vnu-jar``, run with Java), both from ``npm install --prefix tests/browser``, and
reads printed PDFs with pypdf, whose text is only there when a font has the script's
glyphs (the Noto fonts). ``.ci/run`` installs all of them; elsewhere each test is skipped,
with the reason, when a tool it needs is missing (``chromium`` on ``PATH`` or
``$CHROMIUM``, ``java`` on ``PATH``, ``tests/browser/node_modules``, fonts for Arabic,
Hindi, Japanese, Korean and Chinese), and fails instead when ``CI`` is set so a broken
setup cannot pass unnoticed. ``pytest -m "not browser"`` leaves them all out.

The pages, for each bundled locale: the full document (``full_document=True``), the
fragment inside a clinic's page (``heading_offset=1, id_prefix="guide-"``), without and
with ``stylesheet()`` around it (the clinic's page then has styles of its own), the
exported page (``<slug>/<tag>/index.html``, with its language switcher), and the
export's root language picker; the Nu Html Checker also reads the full documents
rendered with a ``base_url`` (canonical and ``hreflang`` links). The stylesheet must
leave the clinic's own elements exactly as they were, style the title and the section
headings by their role at every ``heading_offset``, and print on A4 and on Letter with
no heading left at the foot of a page. One Chromium serves the whole module, and each
test loops over the pages itself, so the file runs in a few minutes.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from acupuncture_content import (
    available_locales,
    labels,
    load_guide,
    locale_info,
    render,
    stylesheet,
)
from acupuncture_content._export import export
from helpers import ROOT, guide_from_body
from hostile import HOSTILE_HREFS, XSS, accepted, guide_with

pytestmark = pytest.mark.browser

TOOLS = Path(__file__).parent / "browser" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: ``$CHROMIUM``, or ``chromium`` on ``PATH`` (Debian's is ``/usr/bin/chromium``).
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium")
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
BASE_URL = "https://clinic.example/guides/"
LOCALES = available_locales()
#: WCAG 2.0, 2.1 and 2.2 success criteria of levels A and AA, as axe-core tags them.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: WCAG 1.4.12 Text Spacing: what a user's style sheet may impose (the W3C's bookmarklet).
TEXT_SPACING = (
    "*, *::before, *::after { line-height: 1.5 !important;"
    " letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)


def _require(what: str, *, present: bool) -> None:
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; .ci/run should have installed it")
    pytest.skip(f"{what} is missing (see tests/test_browser.py)")


def _require_chromium() -> None:
    present = CHROMIUM is not None and Path(CHROMIUM).is_file()
    _require(f"Chromium ({CHROMIUM or 'chromium on PATH, or $CHROMIUM'})", present=present)


#: A language of each script the guide is written in besides Latin and Cyrillic, as
#: fontconfig names them (``fc-list :lang=ja``).
SCRIPT_LANGUAGES = ("ar", "hi", "ja", "ko", "zh-cn")


@functools.cache
def _languages_without_a_font() -> tuple[str, ...]:
    """The ``SCRIPT_LANGUAGES`` no installed font covers (all of them without fontconfig)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return SCRIPT_LANGUAGES
    return tuple(
        language
        for language in SCRIPT_LANGUAGES
        if not subprocess.run(
            [fc_list, f":lang={language}", "family"], capture_output=True, text=True, check=False
        ).stdout.strip()
    )


def _require_fonts() -> None:
    """Printed text is only in the PDF when a font draws it: without one, pypdf reads
    nothing back for the script, and the print checks would fail for want of a font."""
    missing = _languages_without_a_font()
    _require(
        f"a font for {', '.join(missing)} (Debian: fonts-noto-core fonts-noto-cjk)",
        present=not missing,
    )


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
    """Every page the tests open, by name: ``<tag>-page``, ``-embedded``, ``-styled``
    (embedded, with the stylesheet, in a page with styles of its own), ``-exported``,
    ``-linked`` (full document with ``base_url``) and ``root`` (the export's picker)."""
    folder = tmp_path_factory.mktemp("pages")
    site = folder / "site"
    export(site)
    written = {"root": site / "index.html"}
    for locale in LOCALES:
        guide = load_guide(locale=locale)
        fragment = render(guide, "html", heading_offset=1, id_prefix="guide-")
        variants = {
            "page": render(guide, "html", full_document=True),
            "embedded": host_page(fragment, locale),
            "styled": styled_host(fragment, locale, stylesheet()),
            "linked": render(guide, "html", full_document=True, base_url=BASE_URL),
        }
        for kind, markup in variants.items():
            path = folder / f"{locale}-{kind}.html"
            path.write_text(markup, encoding="utf-8")
            written[f"{locale}-{kind}"] = path
        written[f"{locale}-exported"] = site / guide.slug / locale / "index.html"
    assert all(path.is_file() for path in written.values())
    return written


def _select(pages: dict[str, Path], *kinds: str) -> dict[str, Path]:
    """The pages of the given kinds (``"page"``, ``"embedded"``..., ``"root"``)."""
    return {name: path for name, path in pages.items() if name.rpartition("-")[2] in kinds}


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _new_page(browser, **options):
    """A tab in a fresh context that records every dialog a script opens."""
    context = browser.new_context(java_script_enabled=True, **options)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.dialogs = dialogs
    return tab


@pytest.fixture
def page(browser):
    tab = _new_page(browser)
    yield tab
    tab.context.close()


# Accessibility and validity -----------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_wcag_aa_violations_in_either_color_scheme(browser, pages, scheme):
    _require("axe-core (npm install --prefix tests/browser)", present=AXE.exists())
    tab = _new_page(browser, color_scheme=scheme)
    tab.context.add_init_script(path=str(AXE))  # in every page, before it loads: faster
    failures = {}
    try:
        for name, path in _select(pages, "page", "embedded", "styled", "exported", "root").items():
            tab.goto(path.as_uri())
            assert tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
                scheme == "dark"
            )
            result = tab.evaluate(
                "async (tags) => await axe.run(document,"
                " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                WCAG_AA,
            )
            violations = [
                {"id": violation["id"], "nodes": [node["target"] for node in violation["nodes"]]}
                for violation in result["violations"]
            ]
            if violations:
                failures[name] = violations
            assert result["passes"], f"axe ran no check on {name}"
    finally:
        tab.context.close()
    assert failures == {}


def test_the_dark_scheme_restyles_the_pages_that_embed_the_stylesheet(browser, pages):
    backgrounds = {}
    for scheme in ("light", "dark"):
        tab = _new_page(browser, color_scheme=scheme)
        tab.goto(pages["en-page"].as_uri())
        backgrounds[scheme] = tab.evaluate(
            "getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number)"
        )
        tab.context.close()
    assert min(backgrounds["light"]) > 200 and max(backgrounds["dark"]) < 60, backgrounds


def test_every_page_passes_the_nu_html_checker(pages):
    _require("vnu-jar (npm install --prefix tests/browser)", present=VNU.exists())
    _require("Java", present=shutil.which("java") is not None)
    names = {path: name for name, path in pages.items()}
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, names)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        (
            names.get(Path(message.get("url", "").removeprefix("file:")), message.get("url")),
            message["message"],
        )
        for message in messages
    ]
    assert errors == []
    assert result.returncode == 0


# Layout: reflow, text spacing, direction ------------------------------------------------


def test_no_page_scrolls_sideways_at_320_css_pixels(browser, pages):
    tab = _new_page(browser, viewport={"width": 320, "height": 640})
    widths = {}
    for name, path in _select(pages, "page", "linked", "styled", "exported", "root").items():
        tab.goto(path.as_uri())
        scroll_width, inner_width = tab.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            widths[name] = scroll_width
    tab.context.close()
    assert widths == {}


# Problems with the text of the page, under the user's text spacing:
# - a text container (or any element) that clips its content and has more than it shows;
# - text outside the box of an ancestor that clips (overflow other than visible);
# - text of one block (paragraph, list item, heading) overlapping another block's text.
FIND_HIDDEN_TEXT = r"""
(selector) => {
  const problems = [];
  const describe = (element) => element.tagName.toLowerCase()
      + (element.className ? '.' + element.className : '');
  const clips = (style) => [style.overflowX !== 'visible', style.overflowY !== 'visible'];
  for (const element of document.querySelectorAll(selector)) {
    const [clipX, clipY] = clips(getComputedStyle(element));
    if ((clipX && element.scrollWidth > element.clientWidth + 1)
        || (clipY && element.scrollHeight > element.clientHeight + 1)) {
      problems.push(`${describe(element)} clips its text: "${element.textContent.slice(0, 40)}"`);
    }
  }
  const runs = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.data.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    for (let element = node.parentElement; element; element = element.parentElement) {
      const [clipX, clipY] = clips(getComputedStyle(element));
      if (!clipX && !clipY) continue;
      const box = element.getBoundingClientRect();
      const left = box.left + element.clientLeft, top = box.top + element.clientTop;
      for (const r of rects) {
        if ((clipX && (r.left < left - 1 || r.right > left + element.clientWidth + 1))
            || (clipY && (r.top < top - 1 || r.bottom > top + element.clientHeight + 1))) {
          problems.push(`${describe(element)} cuts off "${node.data.trim().slice(0, 40)}"`);
        }
      }
    }
    const block = node.parentElement.closest('p, li, h1, h2, h3, h4, h5, h6');
    if (block) for (const r of rects) runs.push({block, r, text: node.data.trim().slice(0, 40)});
  }
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i], b = runs[j];
      if (a.block === b.block) continue;
      if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1
          && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) {
        problems.push(`"${a.text}" overlaps "${b.text}"`);
      }
    }
  }
  return problems;
}
"""


@pytest.mark.parametrize("width", [320, 1000])
def test_text_spacing_overrides_hide_no_text(browser, pages, width):
    tab = _new_page(browser, viewport={"width": width, "height": 800})
    problems = {}
    for name, path in _select(pages, "page", "styled", "exported", "root").items():
        tab.goto(path.as_uri())
        tab.add_style_tag(content=TEXT_SPACING)
        applied = tab.evaluate(
            "(() => { const s = getComputedStyle(document.querySelector('main p, main li'));"
            " return parseFloat(s.letterSpacing) / parseFloat(s.fontSize); })()"
        )
        assert applied == pytest.approx(0.12, abs=0.005), name
        found = tab.evaluate(FIND_HIDDEN_TEXT, "p, li, h1, h2, h3, a, .byline, time")
        if found:
            problems[name] = found
    tab.context.close()
    assert problems == {}


def test_arabic_renders_right_to_left(page, pages):
    for name in ("ar-page", "ar-embedded", "ar-styled", "ar-exported"):
        page.goto(pages[name].as_uri())
        direction = page.evaluate("getComputedStyle(document.querySelector('article')).direction")
        assert direction == "rtl", name
    page.goto(pages["en-page"].as_uri())
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "ltr"


# The boxes of the byline's text, per part: the author's, the date's, and the rest.
BYLINE_BOXES = r"""
() => {
  const byline = document.querySelector('.byline');
  const parts = {author: byline.querySelector('.author'), date: byline.querySelector('time')};
  const boxes = {author: [], date: [], other: []};
  const walker = document.createTreeWalker(byline, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const part = Object.keys(parts).find((key) => parts[key].contains(node)) || 'other';
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0) boxes[part].push([r.left, r.right, r.top, r.bottom]);
    }
  }
  return boxes;
}
"""


def _union(rects: list[list[float]]) -> tuple[float, float]:
    """The horizontal extent (left, right) of a part of the byline, all on one line."""
    assert rects
    assert max(rect[2] for rect in rects) - min(rect[2] for rect in rects) < 1, "wrapped"
    return min(rect[0] for rect in rects), max(rect[1] for rect in rects)


def _byline_order(tab, markup: str, tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "byline.html"
    path.write_text(markup, encoding="utf-8")
    tab.goto(path.as_uri())
    boxes = tab.evaluate(BYLINE_BOXES)
    author, date = _union(boxes["author"]), _union(boxes["date"])
    intruders = {
        part: [
            rect
            for other in ("author", "date", "other")
            if other != part
            for rect in boxes[other]
            if rect[0] < extent[1] - 0.5 and rect[1] > extent[0] + 0.5
        ]
        for part, extent in (("author", author), ("date", date))
    }
    return {
        "author": author,
        "date": date,
        "interleaved": author[0] < date[1] - 0.5 and date[0] < author[1] - 0.5,
        "contiguous": intruders == {"author": [], "date": []},
        "author_right_of_date": author[0] >= date[1] - 0.5,
    }


ARABIC_BYLINE = "Sheila Woodford", "31 مايو 2025"


def test_arabic_byline_shows_the_latin_author_and_the_date_each_in_one_piece(page, tmp_path):
    markup = render(load_guide(locale="ar"), "html", full_document=True)
    assert f'<span class="author"><bdi>{ARABIC_BYLINE[0]}</bdi></span>' in markup
    assert f">{ARABIC_BYLINE[1]}</time>" in markup
    order = _byline_order(page, markup, tmp_path)
    # Right to left, the author (first in logical order) is at the right, then the date.
    assert order["contiguous"], order
    assert not order["interleaved"], order
    assert order["author_right_of_date"], order


def test_without_bdi_the_arabic_byline_would_mix_the_author_into_the_date(page, tmp_path):
    """The control: the isolation is what keeps the byline in order in Chromium."""
    markup = render(load_guide(locale="ar"), "html", full_document=True)
    unisolated = markup.replace("<bdi>", "").replace("</bdi>", "")
    assert unisolated != markup
    order = _byline_order(page, unisolated, tmp_path)
    # "31" of the date is pulled to the right of the author: "31 · Sheila Woodford مايو 2025".
    assert order["interleaved"] or not order["author_right_of_date"], order
    assert not order["contiguous"], order


# The stylesheet around a fragment ---------------------------------------------------------


def styled_host(fragment: str, locale: str, css: str, *, filler: int = 0) -> str:
    """A clinic's page with styles of its own and the guide fragment, with ``css`` in a
    ``<style>`` of its own (empty for the page as the clinic made it). The clinic uses
    every element the stylesheet styles in the guide, at every heading level, and even
    the guide's class names (``notices``, ``byline``, ``disclaimer``...) for its own
    things; ``filler`` paragraphs make it print on several pages."""
    direction = load_guide(locale=locale).text_direction
    filler_text = "".join(
        f"<p>Clinic news {number}: " + "opening hours and parking, " * 20 + "as usual.</p>\n"
        for number in range(filler)
    )
    return (
        "<!doctype html>\n"
        f'<html lang="{locale}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        "<title>Example Clinic: patient guides</title>\n"
        "<style>\n"
        "body { margin: 12px 24px; background: #f3efe6; color: #222;"
        " font: 17px/1.4 Georgia, serif; }\n"
        "h1 { font-size: 2.5rem; color: #7a2e00; }\n"
        "a { color: #5a2ca0; }\n"
        "nav a { display: inline-block; padding: 4px; }\n"
        "</style>\n"
        f"<style>{css}</style>\n</head>\n<body>\n"
        "<header><h1>Example Clinic</h1>\n"
        '<nav><ul><li><a href="https://clinic.example/">Home</a></li>'
        '<li><a href="/contact" lang="ar" dir="rtl">اتصل بنا</a></li></ul></nav>\n'
        '<p class="byline">Opening hours: <em>Monday</em> to <strong>Friday</strong>.</p>\n'
        "</header>\n<main>\n"
        '<section><h2>Our team</h2><p>Read <a href="https://clinic.example/team">about us</a>.'
        '</p><ul><li>Dr A</li><li lang="ja">鍼灸師</li></ul></section>\n'
        f"{fragment}"
        '<aside class="notices" role="note"><p class="review-notice">Closed on May 1.</p></aside>\n'
        f"{filler_text}</main>\n"
        '<footer><aside class="disclaimer"><h3>Contact</h3><h4>Phone</h4><h5>Fax</h5>'
        "<h6>Post</h6><p>1 Main Street</p></aside></footer>\n"
        "</body>\n</html>\n"
    )


# Every computed property of every element of the host page, outside the guide's
# <article>, and of its ::before, ::after and ::marker, custom properties included.
# Height and the origins computed from it are left out: the styled guide is taller.
HOST_STYLES = r"""
() => {
  const skipped = new Set(['height', 'block-size', 'transform-origin', 'perspective-origin']);
  const styles = {};
  const elements = [...document.querySelectorAll('*')].filter((e) => !e.closest('.guide'));
  elements.forEach((element, index) => {
    for (const pseudo of ['', '::before', '::after', '::marker']) {
      const style = getComputedStyle(element, pseudo || null);
      const values = {};
      for (const name of style) {
        if (!skipped.has(name)) values[name] = style.getPropertyValue(name);
      }
      styles[`${index} ${element.tagName.toLowerCase()}${pseudo}`] = values;
    }
  });
  return JSON.stringify(styles);  // one string: much faster to hand over than objects
}
"""


#: The guide's own look, for the control: its title's size and its background.
GUIDE_LOOK = (
    "[getComputedStyle(document.querySelector('.guide > header > *')).fontSize,"
    " getComputedStyle(document.querySelector('.guide')).backgroundColor]"
)


def _host_styles(tab, path: Path, markup: str) -> dict[str, dict[str, str]]:
    path.write_text(markup, encoding="utf-8")
    tab.goto(path.as_uri())
    return json.loads(tab.evaluate(HOST_STYLES))


@pytest.mark.parametrize("mode", ["light", "dark", "print"])
def test_the_stylesheet_around_a_fragment_leaves_the_host_page_as_it_was(browser, tmp_path, mode):
    tab = _new_page(browser, color_scheme="dark" if mode == "dark" else "light")
    tab.emulate_media(media="print" if mode == "print" else "screen")
    changed = {}
    unstyled = []
    try:
        for locale, offset in (("en", 0), ("ar", 1), ("ja", 2), ("de", 4)):
            fragment = render(load_guide(locale=locale), "html", heading_offset=offset)
            bare = _host_styles(tab, tmp_path / "bare.html", styled_host(fragment, locale, ""))
            bare_guide = tab.evaluate(GUIDE_LOOK)
            styled = _host_styles(
                tab, tmp_path / "styled.html", styled_host(fragment, locale, stylesheet())
            )
            # The control: the stylesheet does style the guide itself.
            if tab.evaluate(GUIDE_LOOK) == bare_guide:
                unstyled.append((locale, offset))
            assert bare.keys() == styled.keys()
            for element, values in bare.items():
                differences = {
                    name: (values.get(name), styled[element].get(name))
                    for name in values.keys() | styled[element].keys()
                    if values.get(name) != styled[element].get(name)
                }
                if differences:
                    changed[f"{locale} offset {offset}: {element}"] = differences
    finally:
        tab.context.close()
    assert changed == {}
    assert unstyled == []


def test_the_stylesheet_leaves_the_host_page_margins_on_paper_as_they_were(page, tmp_path):
    """``@page`` cannot be read with getComputedStyle: the printed host page must be
    the same, page by page, and start at the same place on the paper."""
    _require("pypdf (pip install pypdf)", present=importlib.util.find_spec("pypdf") is not None)
    from pypdf import PdfReader

    def printed_host(css: str) -> tuple[list[str], float]:
        path = tmp_path / "host.html"
        path.write_text(styled_host("", "en", css, filler=12), encoding="utf-8")
        page.emulate_media(media="print")
        page.goto(path.as_uri())
        reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
        starts: list[float] = []
        reader.pages[0].extract_text(
            visitor_text=lambda text, cm, tm, *_: (
                starts.append(tm[4] * cm[0] + cm[4]) if text.strip() else None
            )
        )
        return [sheet.extract_text() for sheet in reader.pages], min(starts)

    bare_pages, bare_start = printed_host("")
    styled_pages, styled_start = printed_host(stylesheet())
    assert len(bare_pages) >= 2
    assert styled_pages == bare_pages
    assert styled_start == pytest.approx(bare_start)
    # The control: the package's own page does get its 18 mm (51 pt) margins.
    path = tmp_path / "page.html"
    path.write_text(render(load_guide(), "html", full_document=True), encoding="utf-8")
    page.goto(path.as_uri())
    starts: list[float] = []
    PdfReader(io.BytesIO(page.pdf(format="A4"))).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, *_: (
            starts.append(tm[4] * cm[0] + cm[4]) if text.strip() else None
        )
    )
    assert min(starts) == pytest.approx(18 / 25.4 * 72, abs=1)


# The sizes of the title, the section headings and the text of the article, and
# whether each heading is kept with what follows it on paper.
ROLE_STYLES = r"""
(offset) => {
  const size = (element) => parseFloat(getComputedStyle(element).fontSize);
  const article = document.querySelector('article.guide');
  const title = article.querySelector(`:scope > header > h${1 + offset}`);
  const headings = [...article.querySelectorAll(`:scope > section > h${2 + offset}`)];
  const text = [...article.querySelectorAll(':scope > p, :scope > section > :is(p, ul > li)')];
  return {
    title: size(title),
    headings: headings.map(size),
    text: text.map(size),
    breaks: [title, ...headings].map((heading) => getComputedStyle(heading).breakAfter),
  };
}
"""


@pytest.mark.parametrize("media", ["screen", "print"])
def test_the_title_outranks_the_section_headings_at_every_heading_offset(browser, tmp_path, media):
    tab = _new_page(browser)
    tab.emulate_media(media=media)
    wrong = {}
    try:
        for locale in LOCALES:
            guide = load_guide(locale=locale)
            for offset in range(5):
                variants = {
                    "page": render(guide, "html", full_document=True, heading_offset=offset),
                    "embedded": styled_host(
                        render(guide, "html", heading_offset=offset), locale, stylesheet()
                    ),
                }
                for kind, markup in variants.items():
                    path = tmp_path / f"{kind}.html"
                    path.write_text(markup, encoding="utf-8")
                    tab.goto(path.as_uri())
                    found = tab.evaluate(ROLE_STYLES, offset)
                    assert len(found["headings"]) == len(guide.sections), (locale, offset)
                    ranked = found["title"] > max(found["headings"]) and min(
                        found["headings"]
                    ) > max(found["text"])
                    kept = set(found["breaks"]) == {"avoid"} if media == "print" else True
                    if not (ranked and kept):
                        wrong[f"{locale} {kind} offset {offset}"] = found
    finally:
        tab.context.close()
    assert wrong == {}


# Print ---------------------------------------------------------------------------------

#: Locales whose printed text pypdf cannot give back exactly (see ``_printed``).
LOSSY_PDF_TEXT = {"ar", "hi"}


def _pdf_pages(tab, path: Path, *, media: str = "print", paper: str = "A4") -> list[str]:
    """Print ``path`` to a PDF on ``paper`` (``"A4"`` or ``"Letter"``); return the text
    of each page. No paper size is forced by the stylesheet: the reader's printer picks."""
    _require("pypdf (pip install pypdf)", present=importlib.util.find_spec("pypdf") is not None)
    _require_fonts()
    from pypdf import PdfReader

    tab.emulate_media(media=media)
    tab.goto(path.as_uri())
    reader = PdfReader(io.BytesIO(tab.pdf(format=paper)))
    return [page.extract_text() for page in reader.pages]


def _pdf_text(tab, path: Path, *, media: str = "print", paper: str = "A4") -> tuple[int, str]:
    """Print ``path`` to a PDF (A4 unless told); return its page count and its text."""
    pages = _pdf_pages(tab, path, media=media, paper=paper)
    return len(pages), "\n".join(pages)


def _squeezed(text: str) -> str:
    """``text`` without whitespace, in NFKC (PDF text has ligatures such as U+FB01 "ﬁ",
    and Chromium's CJK fonts map some ideographs to Kangxi radicals such as U+2F64)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _skeleton(text: str) -> str:
    """The letters and digits of ``text`` (NFKC): no marks, punctuation or spaces."""
    return "".join(
        character
        for character in unicodedata.normalize("NFKC", text)
        if unicodedata.category(character)[0] in "LN"
    )


def _printed(label: str, pdf_text: str, locale: str) -> bool:
    """Whether the PDF text holds ``label``.

    Exactly (but for whitespace and compatibility forms) for most scripts. pypdf
    loses some of what Chromium's shaped Arabic and Devanagari glyphs stand for:
    Arabic vowel marks become NUL, and sentence punctuation moves to the visual end of
    the line; Devanagari vowel signs, the reph and some conjuncts (क्ष, द्व) are
    dropped. For those, the label's fingerprint must be there: its words in order as
    letters and digits only, a word with a conjunct (virama) matching any few letters.
    """
    if locale not in LOSSY_PDF_TEXT:
        return _squeezed(label) in _squeezed(pdf_text)
    return re.search(_fingerprint(label), _skeleton(pdf_text)) is not None


def _fingerprint(label: str) -> str:
    """A regex for ``label`` in the skeleton of lossy PDF text (see ``_printed``)."""
    return "".join(
        f".{{0,{len(word)}}}?"
        if any(unicodedata.combining(character) == 9 for character in word)
        else re.escape(_skeleton(word))
        for word in label.split()
    )


def _ends_with(pdf_text: str, label: str, locale: str) -> bool:
    """Whether the PDF text (one page's) ends with ``label``, as ``_printed`` finds it."""
    if locale not in LOSSY_PDF_TEXT:
        return _squeezed(pdf_text).endswith(_squeezed(label))
    return re.search(_fingerprint(label) + "$", _skeleton(pdf_text)) is not None


@pytest.fixture(scope="module")
def printed(browser, pages) -> dict[str, tuple[int, str]]:
    """Every locale's full page with a language switcher, printed: (pages, text)."""
    tab = _new_page(browser)
    try:
        return {locale: _pdf_text(tab, pages[f"{locale}-linked"]) for locale in LOCALES}
    finally:
        tab.context.close()


def test_the_english_guide_prints_on_two_a4_pages(printed):
    page_count, _ = printed["en"]
    assert page_count <= 2


def test_the_english_guide_prints_on_two_letter_pages_too(page, pages):
    page_count, _ = _pdf_text(page, pages["en-linked"], paper="Letter")
    assert page_count <= 2


#: Headings are kept with their text on paper: ``break-after: avoid`` on every heading.
#: Without it, the control shows headings left at the foot of a page.
KEEP_HEADINGS_APART = "h1, h2, h3, h4, h5, h6 { break-after: auto !important; }"


def _stranded_headings(tab, tmp_path: Path, locales, papers, extra_css: str = "") -> list:
    """(locale, kind, paper, page number, heading) for each page, but the last, whose
    text ends with a section heading, the guide one heading level down
    (``heading_offset=1``) as a full page and around a fragment in a clinic's page."""
    stranded = []
    for locale in locales:
        guide = load_guide(locale=locale)
        css = stylesheet() + extra_css
        variants = {
            "page": render(guide, "html", full_document=True, heading_offset=1).replace(
                "</style>", f"{extra_css}</style>", 1
            ),
            "embedded": styled_host(render(guide, "html", heading_offset=1), locale, css),
        }
        for kind, markup in variants.items():
            path = tmp_path / f"{locale}-{kind}.html"
            path.write_text(markup, encoding="utf-8")
            for paper in papers:
                texts = _pdf_pages(tab, path, paper=paper)
                stranded.extend(
                    (locale, kind, paper, number, section.heading)
                    for number, text in enumerate(texts[:-1], start=1)
                    for section in guide.sections
                    if _ends_with(text, section.heading, locale)
                )
    return stranded


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_no_printed_page_ends_with_a_section_heading(page, tmp_path, paper):
    assert _stranded_headings(page, tmp_path, LOCALES, [paper]) == []


def test_without_break_after_avoid_a_printed_page_would_end_with_a_section_heading(page, tmp_path):
    """The control: the check finds a heading left at the foot of a page (with this
    Chromium and its fonts: "Safety and Side Effects" at the foot of the first Letter
    page of the English guide, and the German "Was Sie während der Behandlung erwartet"
    on A4)."""
    stranded = _stranded_headings(
        page, tmp_path, ["en", "de"], ["A4", "Letter"], KEEP_HEADINGS_APART
    )
    assert stranded


def test_every_printed_guide_keeps_its_disclaimer_and_review_notice(printed):
    missing = {}
    for locale, (_, text) in printed.items():
        guide_labels = labels(load_guide(locale=locale))
        wanted = {"disclaimer": guide_labels.disclaimer}
        if locale != "en":
            assert guide_labels.review_notice, locale
            wanted["review notice"] = guide_labels.review_notice
        lost = [name for name, label in wanted.items() if not _printed(label, text, locale)]
        if lost:
            missing[locale] = lost
    assert missing == {}


def test_printed_guides_leave_out_the_language_switcher(printed):
    names = {info.tag: _squeezed(info.name) for info in locale_info()}
    shown = {}
    for locale, (_, text) in printed.items():
        found = [name for tag, name in names.items() if tag != locale and name in _squeezed(text)]
        if found:
            shown[locale] = found
    assert shown == {}


def test_the_language_switcher_is_in_the_pdf_text_when_not_hidden_for_print(page, pages):
    """The control: language names would be found if the switcher were printed."""
    _, text = _pdf_text(page, pages["en-linked"], media="screen")
    squeezed = _squeezed(text)
    for name in ("Deutsch", "français", "русский", "Tiếng Việt", "日本語"):
        assert _squeezed(name) in squeezed, name


def test_printed_links_show_their_address(page, tmp_path):
    url = "https://www.nhs.uk/conditions/back-pain/"
    guide = guide_from_body(f"# T\n\nSee [the NHS]({url}).\n")
    path = tmp_path / "link.html"
    path.write_text(render(guide, "html", full_document=True), encoding="utf-8")
    _, text = _pdf_text(page, path)
    assert f"({url})" in _squeezed(text).replace("\u2068", "").replace("\u2069", "")
    _, screen_text = _pdf_text(page, path, media="screen")
    assert url not in _squeezed(screen_text)


# Hostile content ------------------------------------------------------------------------


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


# The documentation's screenshots ---------------------------------------------------------

SCREENSHOTS = ("light", "dark", "arabic", "japanese", "print")


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking the signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_screenshot_script_writes_the_documentation_images(tmp_path):
    _require_chromium()
    pytest.importorskip("playwright.sync_api")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    sizes = {}
    for name in SCREENSHOTS:
        data = (tmp_path / f"{name}.png").read_bytes()
        width, height = _png_size(data)
        assert 20_000 < len(data) < 300_000, (name, len(data))
        sizes[name] = (width, height)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        f"{name}.png" for name in SCREENSHOTS
    )
    for name in ("light", "dark", "arabic", "japanese"):
        assert sizes[name][0] == 1000 and 800 <= sizes[name][1] <= 1700, (name, sizes[name])
    assert sizes["print"] == (794, 1123)
