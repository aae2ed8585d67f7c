"""Caches: each declared where its value is made, bounded, cleared by one call, documented."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import grimp

import acupuncture_content
from acupuncture_content import Guide, _cache, load_guide, render
from acupuncture_content._api import renders_cache

ROOT = Path(__file__).parent.parent


def _modules() -> list[str]:
    """Every module of the package but ``__main__`` (importing it runs the command line)."""
    found = pkgutil.walk_packages(acupuncture_content.__path__, "acupuncture_content.")
    return sorted(name for _, name, _ in found if not name.endswith("__main__"))


def _caches() -> dict[tuple[str, str], object]:
    """Every cache the package's modules declare: (module, name) -> the cache."""
    caches: dict[tuple[str, str], object] = {}
    for name in _modules():
        module = importlib.import_module(name)
        short = name.removeprefix("acupuncture_content.")
        source = inspect.getsource(module)
        for attribute, value in vars(module).items():
            if isinstance(value, _cache.Cache):
                # Declared here ("name: Cache[...] = Cache("), not imported from its home.
                if re.search(rf"^{attribute}: Cache\[", source, flags=re.MULTILINE):
                    caches[short, value.name] = value
            elif callable(getattr(value, "cache_clear", None)) and value.__module__ == name:
                caches[short, attribute] = value
    return caches


def _documented() -> set[tuple[str, str]]:
    """The (module, cache) rows of the table in docs/performance.md."""
    page = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    table = page.split("\n## Caches\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(\w+)` \| `([\w.]+)` \|", table, flags=re.MULTILINE))


def test_every_cache_is_bounded_registered_and_documented():
    caches = _caches()
    assert len(caches) >= 20  # the walk found them (24 when this was written)
    for (module, name), cache in caches.items():
        if isinstance(cache, _cache.Cache):
            assert cache.max_entries >= 1, (module, name)
            assert cache.clear in _cache._registry, (module, name)
        else:
            assert cache.cache_info().maxsize is not None, (module, name)  # type: ignore[attr-defined]
            assert cache.cache_clear in _cache._registry, (module, name)  # type: ignore[attr-defined]
    assert {(name, module) for module, name in caches} == _documented()


def test_one_call_empties_every_cache():
    render(load_guide(locale="de"), "html", full_document=True)
    filled = [key for key, cache in _caches().items() if _size(cache)]
    assert ("_api", "renders") in filled
    assert ("_guides", "guides") in filled
    _cache.clear_caches()
    assert [key for key, cache in _caches().items() if _size(cache)] == []


def _size(cache: object) -> int:
    if isinstance(cache, _cache.Cache):
        return len(cache)
    return cache.cache_info().currsize  # type: ignore[attr-defined]


def test_the_cache_module_imports_nothing_of_the_package():
    graph = grimp.build_graph(
        "acupuncture_content", exclude_type_checking_imports=False, cache_dir=None
    )
    assert graph.find_modules_directly_imported_by("acupuncture_content._cache") == set()


# Bounded in bytes too: the render cache holds at most 32 MB, and no one value over a quarter.


def _data() -> dict:
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    return data


def test_the_render_cache_is_bounded_in_bytes():
    _cache.clear_caches()
    limit = renders_cache.max_bytes
    assert limit is not None
    big = "word " * 150_000  # a 750 kB paragraph
    for copy in range(64):
        data = _data()
        data["introduction"][0]["content"] = [{"type": "text", "text": f"{copy} {big}"}]
        render(Guide.model_validate(data), "text", width=None)
    assert renders_cache.size_in_bytes <= limit
    assert len(renders_cache) < 64
    _cache.clear_caches()


def test_a_render_larger_than_a_quarter_of_the_cache_is_not_kept():
    _cache.clear_caches()
    data = _data()
    data["introduction"][0]["content"] = [{"type": "text", "text": "x " * 5_000_000}]
    render(Guide.model_validate(data), "text", width=None)
    assert len(renders_cache) == 0
    _cache.clear_caches()
