"""The translation catalogs' maintenance commands: extract, update, check, stats.

There is one gettext domain per guide (its slug: the guide's segments, extracted by
the package's own extractor) and one for the interface strings in code
(``acupuncture_content``, extracted by Babel's Python extractor). This script keeps
``locales/<domain>.pot`` and every ``locales/<ll_CC>/LC_MESSAGES/<domain>.po`` in
step with the sources, with Babel's own functions (as ``pybabel extract``/``update``
do), and writes a file only when its messages changed, so a run with nothing to do
leaves the tree untouched (``pybabel`` would rewrite every creation date).

Usage (``nox -s catalogs`` runs ``extract``, ``update`` and ``stats``)::

    python tools/catalogs.py extract    # write the templates from the sources
    python tools/catalogs.py update     # merge templates into every catalog (changes: fuzzy)
    python tools/catalogs.py init LL    # start a catalog for a new locale (both domains)
    python tools/catalogs.py check      # exit 1 if templates or catalogs are stale or fuzzy
    python tools/catalogs.py stats      # translated / total per catalog
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po, write_po

if TYPE_CHECKING:
    from babel.messages.catalog import Message

ROOT = Path(__file__).resolve().parent.parent
INTERFACE_DOMAIN = "acupuncture_content"
PROJECT = "acupuncture-content"
COMMENT_TAGS = ("TRANSLATORS:",)
GUIDE_EXTRACTOR = "acupuncture_content._extract:extract_guide"
WIDTH = 76


def _package(root: Path) -> Path:
    return root / "src" / "acupuncture_content"


def guide_sources(root: Path) -> list[Path]:
    """Every bundled guide's source file."""
    return sorted((_package(root) / "content").glob("*.md"))


def _version(root: Path) -> str:
    import tomllib

    with (root / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def _new_catalog(domain: str, root: Path) -> Catalog:
    return Catalog(
        project=PROJECT, version=_version(root), domain=domain, charset="utf-8", fuzzy=False
    )


def _add(
    catalog: Catalog, found: Iterable[tuple[int, object, list[str], str | None]], where: str
) -> None:
    for line, message, comments, context in found:
        catalog.add(
            message,  # type: ignore[arg-type]
            None,
            [(where, line)],
            auto_comments=comments,
            context=context,
        )


def extract_templates(root: Path) -> dict[str, Catalog]:
    """Extract every domain's template from the sources, by domain."""
    templates: dict[str, Catalog] = {}
    interface = _new_catalog(INTERFACE_DOMAIN, root)
    for path in sorted(_package(root).rglob("*.py")):
        where = path.relative_to(root).as_posix()
        found = extract_from_file(
            "python",
            str(path),
            keywords=DEFAULT_KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=False,
        )
        _add(interface, found, where)
    templates[INTERFACE_DOMAIN] = interface
    sys.path.insert(0, str(root / "src"))
    try:
        for path in guide_sources(root):
            catalog = _new_catalog(path.stem, root)
            found = extract_from_file(
                GUIDE_EXTRACTOR, str(path), keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS
            )
            _add(catalog, found, path.relative_to(root).as_posix())
            templates[path.stem] = catalog
    finally:
        sys.path.remove(str(root / "src"))
    return templates


def _messages(
    catalog: Catalog,
) -> list[tuple[str, str, str, list[str], tuple[str, ...], tuple[str, ...]]]:
    """What a catalog says, without dates and line numbers that churn on every run."""
    return sorted(
        (
            message.context or "",
            str(message.id),
            str(message.string or ""),
            " ".join(message.auto_comments).split(),  # write_po rewraps comments
            tuple(sorted(message.flags)),
            tuple(location[0] for location in message.locations),
        )
        for message in catalog
        if message.id
    )


def _render(catalog: Catalog, *, template: bool) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        sort_by_file=True,
        ignore_obsolete=True,
        include_previous=not template,
        omit_header=False,
    )
    return buffer.getvalue()


def _read(path: Path, domain: str) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as file:
        return read_po(file, domain=domain)


def _headers(catalog: Catalog) -> list[tuple[str, str]]:
    """The header fields, without those that change on every run or every version.

    Babel sets the dates to "now"; the project version changes with each release while
    the messages may not. A template is rewritten only when its messages change, and
    then records the version and date of that change.
    """
    dated = {"POT-Creation-Date", "PO-Revision-Date", "Project-Id-Version"}
    return [(name, value) for name, value in catalog.mime_headers if name not in dated]


def _write_if_changed(path: Path, old: Catalog | None, new: Catalog, *, template: bool) -> bool:
    if old is not None and _messages(old) == _messages(new) and _headers(old) == _headers(new):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_render(new, template=template))
    return True


def extract(root: Path) -> list[Path]:
    """Write ``locales/<domain>.pot`` for every domain whose messages changed."""
    changed = []
    for domain, template in extract_templates(root).items():
        path = root / "locales" / f"{domain}.pot"
        if _write_if_changed(path, _read(path, domain), template, template=True):
            changed.append(path)
    return changed


def catalog_paths(root: Path, domain: str) -> list[Path]:
    """Every locale's catalog of ``domain``."""
    return sorted((root / "locales").glob(f"*/LC_MESSAGES/{domain}.po"))


def updated(catalog: Catalog, template: Catalog) -> Catalog:
    """``catalog`` merged with ``template`` (new messages added, changed ones fuzzy)."""
    merged = read_po(io.BytesIO(_render(catalog, template=False)), domain=catalog.domain)
    merged.update(template, no_fuzzy_matching=False, update_header_comment=False)
    return merged


def update(root: Path) -> list[Path]:
    """Merge each template into every catalog of its domain; return the files changed."""
    changed = []
    for domain in [INTERFACE_DOMAIN, *(path.stem for path in guide_sources(root))]:
        template = _read(root / "locales" / f"{domain}.pot", domain)
        if template is None:
            continue
        for path in catalog_paths(root, domain):
            catalog = _read(path, domain)
            assert catalog is not None  # noqa: S101 - the path came from a glob
            if _write_if_changed(path, catalog, updated(catalog, template), template=False):
                changed.append(path)
    return changed


def init(root: Path, locale: str) -> list[Path]:
    """Start catalogs for a new ``locale`` (gettext folder name, ``it`` or ``pt_PT``)."""
    from babel import Locale

    written = []
    for domain in [INTERFACE_DOMAIN, *(path.stem for path in guide_sources(root))]:
        path = root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            continue
        template = _read(root / "locales" / f"{domain}.pot", domain)
        if template is None:
            continue
        catalog = read_po(
            io.BytesIO(_render(template, template=True)), locale=locale, domain=domain
        )
        catalog.locale = Locale.parse(locale)
        catalog.fuzzy = False
        catalog.header_comment = (
            f"# {catalog.locale.english_name} translation of acupuncture-content ({domain}).\n"
            "#\n# Review-Status: unreviewed\n"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_render(catalog, template=False))
        written.append(path)
    return written


def check(root: Path) -> list[str]:
    """Return what is stale: templates or catalogs behind their sources, fuzzy entries."""
    problems = []
    for domain, template in extract_templates(root).items():
        path = root / "locales" / f"{domain}.pot"
        current = _read(path, domain)
        if current is None or _messages(current) != _messages(template):
            problems.append(
                f"{path.relative_to(root)}: stale; run: python tools/catalogs.py extract"
            )
            continue
        for po_path in catalog_paths(root, domain):
            catalog = _read(po_path, domain)
            assert catalog is not None  # noqa: S101 - the path came from a glob
            if _messages(catalog) != _messages(updated(catalog, template)):
                problems.append(
                    f"{po_path.relative_to(root)}: stale; run: python tools/catalogs.py update"
                )
            problems.extend(
                f"{po_path.relative_to(root)}:{message.lineno}: fuzzy (msgctxt {message.context!r})"
                for message in catalog
                if message.id and message.fuzzy
            )
    return problems


def statistics(root: Path) -> list[str]:
    """One line per catalog: translated messages out of all, as ``pybabel compile --statistics``."""
    lines = []
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        catalog = _read(path, path.stem)
        assert catalog is not None  # noqa: S101 - the path came from a glob
        messages: list[Message] = [message for message in catalog if message.id]
        done = sum(1 for message in messages if message.string and not message.fuzzy)
        fuzzy = sum(1 for message in messages if message.fuzzy)
        lines.append(
            f"{path.relative_to(root)}: {done} of {len(messages)} translated"
            + (f", {fuzzy} fuzzy" if fuzzy else "")
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["extract", "update", "init", "check", "stats"])
    parser.add_argument("locale", nargs="?", help="init: the new locale's folder name (it, pt_PT)")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the repository (default: this one)"
    )
    arguments = parser.parse_args(argv)
    root: Path = arguments.root.resolve()
    if arguments.command == "check":
        problems = check(root)
        print("\n".join(problems) if problems else "catalogs are up to date")
        return 1 if problems else 0
    if arguments.command == "stats":
        print("\n".join(statistics(root)))
        return 0
    if arguments.command == "init":
        if not arguments.locale:
            parser.error("init needs the new locale's folder name, as in: init it")
        changed = init(root, arguments.locale)
    else:
        changed = extract(root) if arguments.command == "extract" else update(root)
    for path in changed:
        print(f"wrote {path.relative_to(root)}")
    if not changed:
        print("nothing to do")
    return 0


if __name__ == "__main__":
    sys.exit(main())
