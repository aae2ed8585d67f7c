"""Loading and rendering from many threads gives exactly the serial results."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

from acupuncture_content import _api, _catalogs, available_locales, load_guide, render

FORMATS = ("html", "markdown", "text")


def test_concurrent_loads_and_renders_match_serial_results():
    jobs = list(itertools.product(available_locales(), FORMATS)) * 4
    serial = {(locale, name): render(load_guide(locale=locale), name) for locale, name in jobs}
    # Start cold so threads race on the first load of every locale.
    _api._guides.clear()
    _api._renders.clear()
    _catalogs._catalogs.clear()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda job: (job, render(load_guide(locale=job[0]), job[1])), jobs))
    assert all(output == serial[job] for job, output in results)
    # Each locale was localized once: every thread got the same cached object.
    for locale in available_locales():
        assert load_guide(locale=locale) is _api._guides[("acupuncture-for-back-pain", locale)]
