"""Loading and rendering from many threads gives exactly the serial results.

markdown-it-py compiles its rule chains lazily and not thread-safely; a parser shared
by threads once skipped the emphasis rule during its first parses, so Markdown lost
emphasis in 3 of 240 runs, and the degraded output was cached. The package now gives
each thread its own parser; this stress test forces the interleavings (a switch
interval of a microsecond) on cold caches, many times over.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from acupuncture_content import _cache, available_locales, load_guide, render

FORMATS = ("html", "markdown", "text", "json")
FIXTURE = Path(__file__).parent / "fixtures" / "inline-markup-guide.md"


def test_concurrent_loads_and_renders_match_serial_results():
    jobs = list(itertools.product(available_locales(), FORMATS)) * 4
    serial = {(locale, name): render(load_guide(locale=locale), name) for locale, name in jobs}
    _cache.clear_caches()  # start cold, so threads race on the first load of every locale
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda job: (job, render(load_guide(locale=job[0]), job[1])), jobs))
    assert all(output == serial[job] for job, output in results)
    # Each locale was localized once: every thread got the same cached object.
    for locale in available_locales():
        assert load_guide(locale=locale) is _cache.guides.get(("acupuncture-for-back-pain", locale))


STRESS = textwrap.dedent(
    """
    import sys, threading
    from acupuncture_content import _cache, _parse, _precomputed, load_guide, render
    from acupuncture_content._localize import localize
    from acupuncture_content._source import split_source

    source = split_source(open(sys.argv[1], encoding="utf-8").read(), "fixture.md")
    _precomputed.load = lambda *arguments: None  # parse every bundled guide from source too

    def outputs():
        fixture = localize(_parse.parse_document(source), "en", None)
        return [render(fixture, "markdown")] + [
            render(load_guide(locale=tag), name)
            for tag in ("en", "ja", "ar") for name in ("markdown", "html")
        ]

    serial = outputs()
    sys.setswitchinterval(1e-6)
    mismatches = 0
    for _ in range(int(sys.argv[2])):
        _cache.clear_caches()
        _parse._local.__dict__.clear()  # this thread's parser is cold again too
        barrier = threading.Barrier(32)
        results = []

        def work():
            barrier.wait()
            results.append(outputs())

        threads = [threading.Thread(target=work) for _ in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        mismatches += sum(result != serial for result in results)
    print(mismatches)
    """
)


def test_first_parses_in_32_threads_at_once_match_a_serial_run():
    result = subprocess.run(
        [sys.executable, "-c", STRESS, str(FIXTURE), "8"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    assert result.stdout.strip() == "0", result.stderr
