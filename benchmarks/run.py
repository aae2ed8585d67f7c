"""Benchmark acupuncture-content against the floors any alternative pays.

Run ``python benchmarks/run.py`` (stdlib, the installed package and markdown-it-py
only). Every figure is a ratio measured side by side in one run: cold commands are
alternated with their floor and the medians compared; in-process timings are medians
of many calls. Each line shows the figure, its target and whether it holds.

``--quick`` runs few repetitions, to prove the script works (CI uses it; shared
machines are too noisy for its figures to mean much). ``--check`` exits 1 when a
target does not hold.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

FLOOR_IMPORT = "from pydantic import BaseModel"


@dataclass(frozen=True)
class Figure:
    """One measured ratio and its target."""

    name: str
    ratio: float
    target: float
    unit: str = ""

    def holds(self) -> bool:
        """Whether the ratio meets its target."""
        return self.ratio <= self.target

    def line(self) -> str:
        """Format the figure as one report line."""
        verdict = "ok" if self.holds() else "MISSED"
        return (
            f"{self.name:<62} {self.ratio:8.3f}{self.unit:<4} target <= {self.target:<5} {verdict}"
        )


# An installed package has its bytecode compiled (pip does it at install time). With
# PYTHONDONTWRITEBYTECODE set (common in containers) an editable or source checkout
# would recompile every module on every cold start and measure the compiler instead:
# the warm-up run writes the bytecode, as an install would have.
_COLD_ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}


def _cold_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=_COLD_ENVIRONMENT)
    return time.perf_counter() - start


def cold_ratio(command: list[str], floor: list[str], runs: int) -> float:
    """Median wall time of ``command`` over that of ``floor``, runs alternated."""
    _cold_seconds(command)  # warm the OS file cache for both, then measure
    _cold_seconds(floor)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(_cold_seconds(command))
        theirs.append(_cold_seconds(floor))
    return statistics.median(ours) / statistics.median(theirs)


def per_call(function: Callable[[], object], calls: int, rounds: int) -> float:
    """Median over ``rounds`` of the mean time of one call, in seconds."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


def without_keys(value: object) -> object:
    """A copy of guide JSON without segment keys, so that copied sections get their own."""
    if isinstance(value, dict):
        return {name: without_keys(item) for name, item in value.items() if name != "key"}
    if isinstance(value, list):
        return [without_keys(item) for item in value]
    return value


def in_process_figures(calls: int, rounds: int) -> list[Figure]:
    from markdown_it import MarkdownIt

    from acupuncture_content import Guide, load_guide, render
    from acupuncture_content._api import renders_cache

    markdown_it = MarkdownIt("commonmark")
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    guide = Guide.model_validate(data)
    markdown = render(guide, "markdown")
    floor = per_call(lambda: markdown_it.render(markdown), calls, rounds)

    def first(format_name: str, subject: Guide, **options: object) -> Callable[[], object]:
        def call() -> object:
            renders_cache.clear()  # a render-cache miss, as for a freshly loaded guide
            return render(subject, format_name, **options)

        return call

    first_html = per_call(first("html", guide), calls, rounds)
    repeat_html = per_call(lambda: render(guide, "html"), calls * 10, rounds)
    first_text = per_call(first("text", guide, width=80), calls, rounds)

    big = dict(data)
    big["sections"] = [
        {**without_keys(section), "id": f"{section['id']}-{copy}"}
        for copy in range(40)
        for section in data["sections"]
    ]
    big_guide = Guide.model_validate(big)

    def validate_and_render(subject: dict[str, object]) -> Callable[[], object]:
        def call() -> object:
            renders_cache.clear()
            return render(Guide.model_validate(subject), "html")

        return call

    per_section_small = per_call(validate_and_render(data), calls, rounds) / len(data["sections"])
    per_section_big = per_call(validate_and_render(big), max(1, calls // 20), rounds) / len(
        big_guide.sections
    )
    return [
        Figure("4. first HTML render / markdown-it render()", first_html / floor, 0.1),
        Figure("5. repeat HTML render / markdown-it render()", repeat_html / floor, 0.01),
        Figure("6. text render (width 80) / markdown-it render()", first_text / floor, 0.1),
        Figure(
            "7. per-section time, 40x sections / real guide",
            per_section_big / per_section_small,
            1.3,
        ),
    ]


MEMORY_PROBE = """
import tracemalloc
from pydantic import BaseModel
import acupuncture_content
tracemalloc.start()
from acupuncture_content import available_locales, load_guide, render
for locale in available_locales():
    guide = load_guide(locale=locale)
    for format_name in ("html", "markdown", "text"):
        render(guide, format_name)
print(tracemalloc.get_traced_memory()[1])
"""

EVERYTHING = (
    "from acupuncture_content import available_locales, load_guide, render\n"
    "for locale in available_locales():\n"
    "    guide = load_guide(locale=locale)\n"
    "    for format_name in ('html', 'markdown', 'text'):\n"
    "        render(guide, format_name)\n"
)


def doubling_ratio(make: Callable[[int], Callable[[], object]], size: int, rounds: int) -> float:
    """Time at twice the input size over time at the size: about 2 when linear, 4 when quadratic."""
    small = per_call(make(size), 1, rounds)
    large = per_call(make(2 * size), 1, rounds)
    return large / small


def linearity_figures(rounds: int, *, quick: bool) -> list[Figure]:
    from acupuncture_content import Guide, load_guide
    from acupuncture_content._width import wrap

    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    scale = 4 if quick else 1

    def validation(size: int) -> Callable[[], object]:
        # Many paragraphs with long links: text rules and href checks on every one.
        link = {
            "type": "link",
            "href": "https://example.org/%2541?a=1&amp;b=" + "x" * 1900,
            "children": [{"type": "text", "text": "a link " * 50}],
        }
        blocks = [
            {"type": "paragraph", "content": [link, {"type": "text", "text": " and text " * 200}]}
        ]
        subject = {**data, "introduction": blocks * (size // 1000)}
        document = json.dumps(subject)
        return lambda: Guide.model_validate_json(document)

    def wrapping(text: Callable[[int], str]) -> Callable[[int], Callable[[], object]]:
        return lambda size: lambda: wrap(text(size), 80)

    return [
        Figure(
            "9. validation time, 2x guide JSON / 1x (linear: 2)",
            doubling_ratio(validation, 400_000 // scale, rounds),
            2.6,
        ),
        Figure(
            "10. text wrap, 2x 'д'+'a'*n / 1x (linear: 2)",
            doubling_ratio(wrapping(lambda n: "д" + "a" * n), 320_000 // scale, rounds),
            2.6,
        ),
        Figure(
            "11. text wrap, 2x Thai paragraph / 1x (linear: 2)",
            doubling_ratio(wrapping(lambda n: "ก" * n), 320_000 // scale, rounds),
            2.6,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions (CI smoke test)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    arguments = parser.parse_args()
    runs, calls, rounds = (3, 20, 3) if arguments.quick else (21, 300, 9)

    python = sys.executable
    floor = [python, "-c", FLOOR_IMPORT]
    console_script = shutil.which("acupuncture-content")
    cli = [console_script] if console_script else [python, "-m", "acupuncture_content"]
    figures = [
        Figure(
            "1. cold import acupuncture_content / pydantic floor",
            cold_ratio([python, "-c", "import acupuncture_content"], floor, runs),
            1.1,
        ),
        Figure(
            "2. cold CLI render --locale ar --format html / floor",
            cold_ratio([*cli, "render", "--locale", "ar", "--format", "html"], floor, runs),
            2.0,
        ),
        Figure(
            "3. cold load every locale + render every format / floor",
            cold_ratio([python, "-c", EVERYTHING], floor, runs),
            2.5,
        ),
        *in_process_figures(calls, rounds),
    ]
    peak = int(
        subprocess.run(
            [python, "-c", MEMORY_PROBE],
            check=True,
            capture_output=True,
            text=True,
            env=_COLD_ENVIRONMENT,
        ).stdout
    )
    figures.append(Figure("8. extra peak memory, every locale x format", peak / 2**20, 10, " MiB"))
    figures.extend(linearity_figures(rounds, quick=arguments.quick))

    print(f"python {sys.version.split()[0]}, {'quick' if arguments.quick else 'full'} run")
    for figure in figures:
        print(figure.line())
    missed = [figure for figure in figures if not figure.holds()]
    return 1 if arguments.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
