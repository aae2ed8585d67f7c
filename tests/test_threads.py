"""Loading and rendering from many threads gives exactly the serial results.

markdown-it-py compiles its rule chains lazily and not thread-safely; a parser shared
by threads once skipped the emphasis rule during its first parses, so Markdown lost
emphasis in 3 of 240 runs, and the degraded output was cached. The package now gives
each thread its own parser; this stress test forces the interleavings (a switch
interval of a microsecond) on cold caches, many times over.

Some state cannot be made cold again inside a process: mdurl (markdown-it-py's URL
helper) fills module-level lookup tables on first use, publishing each before filling
it, and a second thread indexed a half-built one (``IndexError`` in 9 of 100 fresh
processes). So the last tests start fresh interpreters, many at once, each calling
every public entry point for the first time from 32 threads at once, with mdurl's
publish-to-fill gap held open so that a thread which can fall into it does.
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acupuncture_content import (
    Guide,
    _cache,
    available_locales,
    changes,
    chunks,
    labels,
    load_guide,
    locale_info,
    negotiate,
    render,
    stylesheet,
)
from acupuncture_content._guides import guides_cache

if TYPE_CHECKING:
    from collections.abc import Callable

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
        assert load_guide(locale=locale) is guides_cache.get(("acupuncture-for-back-pain", locale))


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


# --- First use in fresh processes -------------------------------------------------------

FRESH_PROCESSES = 50
THREADS_PER_PROCESS = 32
PUBLISH_PAUSE = 0.02  # seconds
# The bundled locales, written out so that nothing is loaded before the threads start.
LOCALES = ("ar", "de", "en", "es", "fr", "hi", "ja", "ko", "pt-BR", "ru", "vi", "zh-Hans")
ACCEPT_LANGUAGE = ("de-CH,de;q=0.9,en;q=0.5", "zh-TW,zh;q=0.8,ja;q=0.5", "pt-PT", "*", "")


def _custom_guide(locale: str, direction: str, word: str) -> dict[str, Any]:
    """Guide JSON from outside the package, with emphasis, strong and links in every block kind."""

    def text(value: str) -> dict[str, Any]:
        return {"type": "text", "text": value}

    def link(href: str, *children: dict[str, Any]) -> dict[str, Any]:
        return {"type": "link", "href": href, "children": list(children)}

    def emphasis(*children: dict[str, Any]) -> dict[str, Any]:
        return {"type": "emphasis", "children": list(children)}

    def strong(*children: dict[str, Any]) -> dict[str, Any]:
        return {"type": "strong", "children": list(children)}

    def paragraph(*content: dict[str, Any]) -> dict[str, Any]:
        return {"type": "paragraph", "content": list(content)}

    return {
        "slug": f"first-use-{locale.lower()}",
        "locale": locale,
        "source_locale": locale,
        "text_direction": direction,
        "title": f"{word}: *stars*, [brackets] & <angles>",
        "author": {"name": "Sheila Woodford"},
        "published": "2025-05-31",
        "reading_time_minutes": 2,
        "introduction": [
            paragraph(
                text(f"{word} "),
                emphasis(text("gently")),
                text(", see "),
                link("https://www.who.int/health-topics/back-pain?x=1&y=%C3%BC#top", text("WHO")),
                text(" or "),
                link("mailto:care@example.org", strong(text("write")), text(" to us")),
                text("."),
            ),
        ],
        "sections": [
            {
                "id": "what-to-expect",
                "heading": f"{word} 2",
                "blocks": [
                    paragraph(
                        strong(emphasis(text("Both")), text(" kinds")),
                        text(" and a "),
                        link("http://example.com/a_(b)/r%C3%BCcken", emphasis(text("link"))),
                    ),
                    {
                        "type": "bullet_list",
                        "items": [
                            {"content": [emphasis(text(word))]},
                            {"content": [link("https://example.org/%7Euser/", text("home"))]},
                        ],
                    },
                ],
            },
        ],
    }


CUSTOM_GUIDES = (
    json.dumps(_custom_guide("en", "ltr", "Needles")),
    json.dumps(_custom_guide("ar", "rtl", "الوخز بالإبر")),
    json.dumps(_custom_guide("ja", "ltr", "鍼治療")),
)


def first_use_jobs() -> dict[str, Callable[[], object]]:
    """Every public entry point as jobs whose results can be compared across runs.

    Grouped by entry point, the ones that parse Markdown (the Markdown renderer reads
    its output back; chunks carry Markdown) first.
    """

    def custom(document: str) -> Guide:
        return Guide.model_validate(json.loads(document))

    jobs: dict[str, Callable[[], object]] = {}
    for index, document in enumerate(CUSTOM_GUIDES):
        jobs[f"render(custom {index}, markdown)"] = lambda d=document: render(custom(d), "markdown")
    for index, document in enumerate(CUSTOM_GUIDES):
        jobs[f"chunks(custom {index})"] = lambda d=document: [
            chunk.model_dump_json()
            for chunk in chunks(custom(d), base_url="https://clinic.example/")
        ]
    for name in ("html", "text", "json"):
        for index, document in enumerate(CUSTOM_GUIDES):
            jobs[f"render(custom {index}, {name})"] = lambda d=document, n=name: render(
                custom(d), n
            )
    for index, document in enumerate(CUSTOM_GUIDES):
        jobs[f"render(custom {index}, html, full_document)"] = lambda d=document: render(
            custom(d), "html", full_document=True
        )
    for index, document in enumerate(CUSTOM_GUIDES):
        jobs[f"labels(custom {index})"] = lambda d=document: labels(custom(d)).model_dump_json()
    for tag in LOCALES:
        jobs[f"load_guide({tag})"] = lambda t=tag: load_guide(locale=t).model_dump_json()
    jobs["locale_info()"] = locale_info
    jobs["negotiate()"] = lambda: [negotiate(header) for header in ACCEPT_LANGUAGE]
    jobs["stylesheet()"] = stylesheet
    jobs["changes(0.3.0)"] = lambda: [change.model_dump_json() for change in changes("0.3.0")]
    return jobs


def _outcome(job: Callable[[], object]) -> str:
    """A job's result as a digest, or the exception it raised and where."""
    try:
        result = job()
    except Exception as error:  # noqa: BLE001 - any exception is the finding
        where = traceback.extract_tb(error.__traceback__)[-1]
        return f"{type(error).__name__}: {error} ({where.filename}:{where.lineno})"
    return hashlib.sha256(repr(result).encode()).hexdigest()


class _PausingAfterPublish(dict[str, Any]):
    """A table registry that pauses right after a table is published, before it is filled.

    mdurl registers each lookup table before filling it; in a real process the gap lasts
    microseconds and a second thread falls into it in about one process in ten (less on
    a busy machine, where thread switches are coarser). Pausing there holds the gap open,
    so a thread that can reach a half-built table does so in almost every process.
    """

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        time.sleep(PUBLISH_PAUSE)


def first_use_in_threads() -> dict[str, list[str]]:
    """Run the jobs from 32 threads at once, in a process that has used nothing yet.

    The threads start at evenly spread jobs and each runs a third of them, so every
    job runs in about ten threads and every entry point is some thread's first call
    while others are inside theirs. Returns each job's distinct outcomes.
    """
    import mdurl._decode
    import mdurl._encode

    mdurl._encode.encode_cache = _PausingAfterPublish()
    mdurl._decode.decode_cache = _PausingAfterPublish()
    jobs = first_use_jobs()
    names = list(jobs)
    share = len(names) // 3
    outcomes: dict[str, set[str]] = collections.defaultdict(set)
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS_PER_PROCESS)

    def work(start: int) -> None:
        barrier.wait()
        for name in (names[start:] + names[:start])[:share]:
            outcome = _outcome(jobs[name])
            with lock:
                outcomes[name].add(outcome)

    sys.setswitchinterval(1e-6)
    threads = [
        threading.Thread(target=work, args=(index * len(names) // THREADS_PER_PROCESS,))
        for index in range(THREADS_PER_PROCESS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {name: sorted(found) for name, found in outcomes.items()}


def mdurl_tables() -> dict[str, dict[str, int]]:
    """The lookup tables mdurl has built so far: their keys and lengths."""
    import mdurl._decode
    import mdurl._encode

    return {
        "encode": {key: len(table) for key, table in mdurl._encode.encode_cache.items()},
        "decode": {key: len(table) for key, table in mdurl._decode.decode_cache.items()},
    }


def mdurl_tables_after_first_parser() -> dict[str, dict[str, dict[str, int]]]:
    """mdurl's tables once the first parser is handed out, and after every job."""
    from acupuncture_content._parse import _parser, parse_document
    from acupuncture_content._source import split_source

    _parser()
    first_parser = mdurl_tables()
    parse_document(split_source(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name))
    for job in first_use_jobs().values():
        job()
    return {"first parser": first_parser, "every job": mdurl_tables()}


def _fresh_process(*arguments: str) -> Any:
    result = subprocess.run(
        [sys.executable, __file__, *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_the_first_parser_fills_every_mdurl_table_the_package_reads():
    # Deterministic half of the first-use guarantee: the tables that threads could see
    # half-built are complete before any parser is handed out, and nothing the package
    # does later (links, autolinks, every renderer, chunks) builds another one.
    tables = _fresh_process("--mdurl-tables")
    assert tables["first parser"] == tables["every job"]
    assert {name: set(found.values()) for name, found in tables["first parser"].items()} == {
        "encode": {128},
        "decode": {128},
    }


# Marked slow (50 fresh interpreters: half a minute on two cores) in conftest.py: this
# file runs as the fresh processes' script, which must import nothing but the package.
def test_first_use_from_32_threads_in_fresh_processes_matches_serial_results():
    assert available_locales() == LOCALES  # the jobs cover every bundled locale
    serial = {name: _outcome(job) for name, job in first_use_jobs().items()}
    assert all(re.fullmatch("[0-9a-f]{64}", outcome) for outcome in serial.values()), serial
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = list(pool.map(lambda _: _fresh_process(), range(FRESH_PROCESSES)))
    assert all(run.keys() == serial.keys() for run in runs)
    failed = [run for run in runs if any(found != [serial[name]] for name, found in run.items())]
    wrong = collections.Counter(
        f"{name}: {outcome}"
        for run in failed
        for name, found in run.items()
        for outcome in found
        if outcome != serial[name]
    )
    assert (len(failed), wrong) == (0, {}), f"{len(failed)} of {FRESH_PROCESSES} processes"


if __name__ == "__main__":
    found = (
        mdurl_tables_after_first_parser()
        if "--mdurl-tables" in sys.argv
        else first_use_in_threads()
    )
    sys.stdout.write(json.dumps(found))
