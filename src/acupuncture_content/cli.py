"""The ``acupuncture-content`` command line.

Success exits 0. Every user error (a bad argument, an unknown guide or locale)
prints one line to stderr and exits 2, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from ._api import DEFAULT_GUIDE, available_locales, load_guide, render
from ._errors import ContentError

__all__ = ["main"]

EXIT_USAGE = 2
FORMATS = ("html", "markdown", "text", "json")


class _ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        msg = f"expected an integer, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _build_parser() -> _ArgumentParser:
    parser = _ArgumentParser(
        prog="acupuncture-content",
        description="Render the bundled patient guides in any of their locales.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_ArgumentParser)
    render_command = commands.add_parser("render", help="render a guide to stdout or a file")
    render_command.add_argument(
        "--guide", default=DEFAULT_GUIDE, help=f"guide slug (default: {DEFAULT_GUIDE})"
    )
    render_command.add_argument(
        "--locale", default="en", help="BCP 47 or POSIX locale tag (default: en)"
    )
    render_command.add_argument(
        "--format", choices=FORMATS, default="html", help="output format (default: html)"
    )
    render_command.add_argument(
        "--full-document", action="store_true", help="HTML: a complete page, not a fragment"
    )
    render_command.add_argument(
        "--heading-offset", type=_integer, default=None, help="0-4 added to heading levels"
    )
    render_command.add_argument(
        "--width", type=_integer, default=None, help="text: wrap column, at least 20 (default: 80)"
    )
    render_command.add_argument(
        "--output", type=Path, help="write to this file (atomically) instead of stdout"
    )
    locales_command = commands.add_parser("locales", help="list locales and translation coverage")
    locales_command.add_argument(
        "--guide", default=DEFAULT_GUIDE, help=f"guide slug (default: {DEFAULT_GUIDE})"
    )
    commands.add_parser("schema", help="print the JSON Schema of Guide")
    export_command = commands.add_parser(
        "export", help="write every guide x locale x format and a JSON manifest"
    )
    export_command.add_argument("--output", type=Path, required=True, help="output directory")
    return parser


def _render_options(arguments: argparse.Namespace) -> dict[str, object]:
    options: dict[str, object] = {}
    if arguments.heading_offset is not None:
        options["heading_offset"] = arguments.heading_offset
    if arguments.full_document:
        if arguments.format != "html":
            msg = "--full-document applies to --format html only"
            raise ValueError(msg)
        options["full_document"] = True
    if arguments.width is not None:
        if arguments.format != "text":
            msg = "--width applies to --format text only"
            raise ValueError(msg)
        options["width"] = arguments.width
    return options


def _command_render(arguments: argparse.Namespace) -> str:
    guide = load_guide(arguments.guide, arguments.locale)
    options = _render_options(arguments)
    if arguments.format == "json":
        if options:
            msg = "render options do not apply to --format json"
            raise ValueError(msg)
        return guide.model_dump_json(indent=2) + "\n"
    return render(guide, arguments.format, **options)


def _command_locales(arguments: argparse.Namespace) -> str:
    import babel  # noqa: PLC0415

    lines = []
    for tag in available_locales(arguments.guide):
        guide = load_guide(arguments.guide, tag, fallback=False)
        locale = babel.Locale.parse(tag, sep="-")
        name = locale.get_display_name(locale) or tag
        if guide.translation is None:
            coverage, status = 1.0, "source"
        else:
            coverage = guide.translation.coverage
            status = "reviewed" if guide.translation.reviewed else "not reviewed"
        lines.append(f"{tag}\t{name}\t{coverage:.0%}\t{status}")
    return "\n".join(lines) + "\n"


def _command_schema(_arguments: argparse.Namespace) -> str:
    import json  # noqa: PLC0415

    from .models import Guide  # noqa: PLC0415

    return json.dumps(Guide.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _command_export(arguments: argparse.Namespace) -> str:
    from ._export import export  # noqa: PLC0415

    if arguments.output.exists() and not arguments.output.is_dir():
        msg = f"--output {str(arguments.output)!r} exists and is not a directory"
        raise ValueError(msg)
    manifest = export(arguments.output)
    files = manifest["files"]
    count = len(files) if isinstance(files, list) else 0
    return f"wrote {count} files and manifest.json to {arguments.output}\n"


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = _build_parser()
    arguments = parser.parse_args(argv)
    commands = {
        "render": _command_render,
        "locales": _command_locales,
        "schema": _command_schema,
        "export": _command_export,
    }
    try:
        output = commands[arguments.command](arguments)
        output_path: Path | None = getattr(arguments, "output", None)
        if output_path is not None and arguments.command == "render":
            from ._files import write_atomically  # noqa: PLC0415

            write_atomically(output_path, output.encode("utf-8"))
        else:
            sys.stdout.write(output)
    except (ContentError, TypeError, ValueError, OSError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        sys.stderr.write(f"{parser.prog}: error: {message}\n")
        return EXIT_USAGE
    return 0
