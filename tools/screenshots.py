"""Take the documentation's screenshots of the guide, rendered by the package and Chromium.

Usage::

    python tools/screenshots.py OUTPUT_DIR

writes five PNG files into ``OUTPUT_DIR`` (``docs/images`` for the documentation):

- ``light.png``: the English full page in the light colour scheme;
- ``dark.png``: the same page in the dark colour scheme;
- ``arabic.png``: the Arabic full page, right to left, with its language switcher
  (rendered with a ``base_url``);
- ``japanese.png``: the Japanese full page;
- ``print.png``: the English page as it prints (the print style sheet, on a sheet of
  A4 paper with the page margins of the stylesheet's ``@page`` rule).

Pages come from :func:`acupuncture_content.render` exactly as an application would
serve them, and Chromium is Debian's (``/usr/bin/chromium``, or ``$CHROMIUM``), driven
by Playwright with ``executable_path``: no browser is downloaded. Each image shows the
top of the page only (the whole English page, down to its disclaimer; the first
``CLIP_HEIGHT`` CSS pixels of the others; one A4 sheet of the printed page), at one
device pixel per CSS pixel, so that each file stays well under 300 KB.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from playwright.sync_api import sync_playwright

from acupuncture_content import load_guide, render, stylesheet

if TYPE_CHECKING:
    from collections.abc import Sequence

    from playwright.sync_api import Browser

#: Debian's Chromium, unless ``$CHROMIUM`` names another build.
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: As the browser tests run Chromium: no sandbox as root, no background traffic,
#: and no scrollbars in the pictures.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
)
#: Where the pages say they are published, so the Arabic page shows its switcher.
BASE_URL = "https://clinic.example/guides/"
#: A desktop browser window, in CSS pixels.
SCREEN = (1000, 800)
#: A sheet of A4 paper (210 mm x 297 mm) at CSS's 96 pixels per inch.
A4 = (794, 1123)
#: The tallest part of a page an image shows, in CSS pixels, unless its shot says otherwise.
CLIP_HEIGHT = 1400
#: Tall enough for the whole English page, so its images show the disclaimer.
WHOLE_ENGLISH_PAGE = 1700

_PAGE_MARGIN = re.compile(r"@page\b[^{]*\{[^}]*?margin:\s*([^;}]+)")


@dataclasses.dataclass(frozen=True, slots=True)
class Shot:
    """One screenshot: which page, seen how.

    Attributes:
        name: The file name, without ``.png``.
        locale: The guide's locale tag.
        color_scheme: The colour scheme the browser prefers.
        media: ``"print"`` renders the print style sheet on an A4-sized sheet.
        base_url: Render the page as published there (canonical links and the
            language switcher), or ``None`` for a page that does not know its URL.
        height: The most of the page's height the image shows, in CSS pixels.
    """

    name: str
    locale: str
    color_scheme: Literal["light", "dark"] = "light"
    media: Literal["screen", "print"] = "screen"
    base_url: str | None = None
    height: int = CLIP_HEIGHT


SHOTS = (
    Shot("light", "en", height=WHOLE_ENGLISH_PAGE),
    Shot("dark", "en", color_scheme="dark", height=WHOLE_ENGLISH_PAGE),
    Shot("arabic", "ar", base_url=BASE_URL),
    Shot("japanese", "ja"),
    Shot("print", "en", media="print", height=A4[1]),
)


def page_margin() -> str:
    """Return the page margin of the stylesheet's ``@page`` rule (``"18mm"``).

    On screen, ``@page`` margins do not apply, so the print image pads the sheet by
    this much to look like the paper.
    """
    found = _PAGE_MARGIN.search(stylesheet())
    return found.group(1).strip() if found else "0"


def page_html(shot: Shot) -> str:
    """Return the full HTML page ``shot`` shows, as :func:`render` writes it."""
    guide = load_guide(locale=shot.locale)
    return render(guide, "html", full_document=True, base_url=shot.base_url)


def take(browser: Browser, shot: Shot, output: Path) -> Path:
    """Render ``shot`` in ``browser`` and write it to ``output/<name>.png``.

    Returns:
        The path of the PNG file written.
    """
    width, height = A4 if shot.media == "print" else SCREEN
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        color_scheme=shot.color_scheme,
        java_script_enabled=True,
    )
    try:
        page = context.new_page()
        page.emulate_media(media=shot.media)
        page.set_content(page_html(shot), wait_until="load")
        if shot.media == "print":
            page.add_style_tag(content=f"html {{ padding: {page_margin()}; background: #fff; }}")
        page.evaluate("document.fonts.ready.then(() => true)")
        full_height = page.evaluate("document.documentElement.scrollHeight")
        path = output / f"{shot.name}.png"
        page.screenshot(
            path=str(path),
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": min(full_height, shot.height)},
            animations="disabled",
        )
        return path
    finally:
        context.close()


def take_all(output: Path, shots: Sequence[Shot] = SHOTS) -> list[Path]:
    """Write every shot into ``output`` (created if need be) with one Chromium.

    Returns:
        The paths of the PNG files written, in the order of ``shots``.

    Raises:
        FileNotFoundError: Chromium is not installed where ``CHROMIUM`` says.
    """
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"Chromium not found at {CHROMIUM} (set $CHROMIUM)")
    output.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            return [take(browser, shot, output) for shot in shots]
        finally:
            browser.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line: write the screenshots into the folder given.

    Returns:
        The exit status: 0, or 2 when Chromium is missing.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("output", type=Path, help="folder for the PNG files (docs/images)")
    arguments = parser.parse_args(argv)
    try:
        written = take_all(arguments.output)
    except FileNotFoundError as error:
        print(f"screenshots: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"{path} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
