"""The ``acupuncture-content`` command line.

Success exits 0. Every bad input (an argument, an unknown guide or locale, a file
that may not be written) prints one line to stderr and exits 2, without a
traceback. An I/O error (a full disk, a device that refuses the write) prints one
line naming where the output was going and exits 1. A closed or broken standard
output ends the program quietly with status 1, as ``head`` and friends expect of a
Unix tool; nothing ever prints a traceback.

The render flags are built from the renderers' own options (see
:mod:`acupuncture_content.renderers`), so a new format or option appears here
without editing this module.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ._api import DEFAULT_GUIDE, check_guide, list_guides, load_guide, locale_info, render
from ._errors import ContentError, UnknownLocaleError
from .renderers import FORMATS

if TYPE_CHECKING:
    from collections.abc import Callable

    from .renderers import Option

__all__ = ["main"]

EXIT_USAGE = 2
EXIT_OUTPUT_CLOSED = 1
EXIT_IO_ERROR = 1
#: What an OSError says about the path it names that makes it bad input (exit 2): the
#: path is wrong or may not be written. Any other (ENOSPC, EIO, EDQUOT) is an I/O error.
_BAD_PATH_ERRORS = frozenset(
    {
        errno.EACCES,
        errno.EPERM,
        errno.ENOENT,
        errno.ENOTDIR,
        errno.EISDIR,
        errno.EEXIST,
        errno.ELOOP,
        errno.ENAMETOOLONG,
        errno.ENXIO,
        errno.EROFS,
    }
)
PROGRAM = "acupuncture-content"
_MAX_MESSAGE = 1000  # characters of an error line


class _ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


# What a flag such as --no-wrap stores: the option's value None, told apart from "not given".
_NONE = object()


class _OutputClosedError(Exception):
    """Standard output was closed or its reader went away."""


def _shortened(text: str, limit: int = 64) -> str:
    """``text`` as shown in a message: never longer than ``limit`` characters."""
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        msg = f"expected an integer, got {_shortened(text)!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _render_options() -> dict[str, tuple[Option, list[str]]]:
    """Every render option of every format, by name, with the formats that accept it."""
    from .renderers import renderer_class

    options: dict[str, tuple[Option, list[str]]] = {}
    for format_name in FORMATS:
        for option in renderer_class(format_name).options:
            options.setdefault(option.name, (option, []))[1].append(format_name)
    return options


def _add_option_flags(parser: argparse.ArgumentParser) -> None:
    for name, (option, formats) in _render_options().items():
        applies = "" if len(formats) == len(FORMATS) else f" [{', '.join(formats)}]"
        if bool in option.types:
            parser.add_argument(
                option.flag,
                dest=name,
                action="store_const",
                const=not option.default,
                default=None,
                help=option.help + applies,
            )
            continue
        value_type: Callable[[str], object] = _integer if int in option.types else str
        # A value flag and its "no value" flag (--width N, --no-wrap) are alternatives:
        # given together, argparse names both and exits 2, rather than the last winning.
        flags = parser.add_mutually_exclusive_group() if option.none_flag else parser
        flags.add_argument(
            option.flag,
            dest=name,
            type=value_type,
            default=None,
            metavar=option.metavar or "VALUE",
            help=option.help + applies,
        )
        if option.none_flag:
            flags.add_argument(
                option.none_flag,
                dest=name,
                action="store_const",
                const=_NONE,
                help=option.none_help + applies,
            )


class _VersionAction(argparse.Action):
    """``--version``, reading the version only when asked (importlib.metadata is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, *_arguments: object) -> None:
        from ._version import __version__

        _write_stdout(f"{PROGRAM} {__version__}\n")
        parser.exit()


def _build_parser() -> _ArgumentParser:
    parser = _ArgumentParser(
        prog=PROGRAM,
        description="Render the bundled patient guides in any of their locales.",
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="print the version and exit"
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
        "--format", choices=list(FORMATS), default="html", help="output format (default: html)"
    )
    render_command.add_argument(
        "--no-fallback",
        action="store_true",
        help="fail (exit 2) when no translation serves --locale, instead of printing English",
    )
    _add_option_flags(render_command)
    render_command.add_argument(
        "--output",
        metavar="FILE",
        help="write here instead of stdout ('-' is stdout): a regular file is replaced "
        "atomically; a symlink is followed, a FIFO or device written through, if yours or "
        "root's",
    )
    commands.add_parser("guides", help="list the bundled guides, one slug per line")
    locales_command = commands.add_parser(
        "locales", help="list locales: tag, own name, coverage, review status"
    )
    locales_command.add_argument(
        "--guide", default=DEFAULT_GUIDE, help=f"guide slug (default: {DEFAULT_GUIDE})"
    )
    commands.add_parser("schema", help="print the JSON Schema of Guide")
    export_command = commands.add_parser(
        "export", help="write every guide x locale x format, the site pages and a manifest"
    )
    export_command.add_argument("--output", metavar="DIR", required=True, help="output folder")
    # Each says where the pages are: given together, argparse names both and exits 2.
    where = export_command.add_mutually_exclusive_group()
    where.add_argument(
        "--base-url",
        metavar="URL",
        help="where the folder is published (https://example.org/guides/): canonical and "
        "hreflang links, absolute URLs in llms.txt and chunks, sitemap.xml and changes.xml",
    )
    where.add_argument(
        "--url",
        metavar="TEMPLATE",
        help="where the site serves the pages instead, as a template with {locale} (and "
        "{guide}): /guide/{locale}/ or https://clinic.example/{locale}/{guide}/ "
        "(canonical, hreflang and switcher links, the language picker, chunk URLs)",
    )
    _add_changes_command(commands)
    return parser


def _add_changes_command(commands: argparse._SubParsersAction[_ArgumentParser]) -> None:
    changes_command = commands.add_parser(
        "changes",
        help="list the content changes of each release since VERSION: per locale and "
        "section, and whether the original changed or only a translation",
    )
    changes_command.add_argument(
        "--since",
        metavar="VERSION",
        required=True,
        help="a released version (0.3.0): list what the releases after it changed",
    )
    changes_command.add_argument(
        "--guide",
        metavar="SLUG",
        default=DEFAULT_GUIDE,
        help=f"guide slug (default: {DEFAULT_GUIDE})",
    )
    changes_command.add_argument(
        "--locale",
        metavar="TAG",
        help="one locale, matched as render --locale is (default: every locale)",
    )
    changes_command.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text: one line per change; json: an array of Change objects (default: text)",
    )


def _options_for(arguments: argparse.Namespace) -> dict[str, object]:
    """The render options given on the command line, checked against the chosen format."""
    given = {}
    for name, (option, formats) in _render_options().items():
        value = getattr(arguments, name)
        if value is None:
            continue
        flag = option.none_flag if value is _NONE else option.flag
        if arguments.format not in formats:
            msg = f"{flag} applies to --format {' or '.join(formats)} only"
            raise ValueError(msg)
        given[name] = option.validate(
            None if value is _NONE else value, spelled=flag, command_line=True
        )
    for name, (option, _) in _render_options().items():
        if name in given and option.requires and given.get(option.requires) is not True:
            required = _render_options()[option.requires][0].flag
            msg = f"{option.flag} needs {required}"
            raise ValueError(msg)
        if name in given and option.excludes and given.get(option.excludes) is not None:
            excluded = _render_options()[option.excludes][0].flag
            msg = f"{option.flag} and {excluded} exclude each other: give one"
            raise ValueError(msg)
    return given


def _guide_flag(slug: str) -> str:
    """Return ``--guide``'s slug, if a bundled guide has it.

    Checked here, before the API checks it, so that a locale given as the guide
    (``--guide de``) is answered with the flag it belongs to: ``did you mean --locale de?``.
    """
    return check_guide(slug, locale_advice="--locale {}")


def _command_render(arguments: argparse.Namespace) -> str:
    guide = load_guide(
        _guide_flag(arguments.guide), arguments.locale, fallback=not arguments.no_fallback
    )
    options = _options_for(arguments)
    output = render(guide, arguments.format, **options)
    return output if output.endswith("\n") else output + "\n"


def _command_guides(_arguments: argparse.Namespace) -> str:
    return "".join(f"{slug}\n" for slug in list_guides())


def _command_locales(arguments: argparse.Namespace) -> str:
    lines = []
    for info in locale_info(_guide_flag(arguments.guide)):
        source = load_guide(arguments.guide, info.tag, fallback=False).translation is None
        status = "source" if source else "reviewed" if info.reviewed else "not reviewed"
        lines.append(f"{info.tag}\t{info.name}\t{info.coverage:.0%}\t{status}")
    return "\n".join(lines) + "\n"


def _command_schema(_arguments: argparse.Namespace) -> str:
    import json

    from .models import Guide

    return json.dumps(Guide.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _command_export(arguments: argparse.Namespace) -> str:
    from ._export import check_distinct_pages, export
    from ._page_urls import own_layout
    from .renderers._options import BASE_URL

    if not arguments.output:
        msg = "--output must name a folder (it is empty)"
        raise ValueError(msg)
    base_url = BASE_URL.validate(arguments.base_url, spelled="--base-url", command_line=True)
    if arguments.url is not None:  # checked here too, so that messages name --url
        check_distinct_pages(own_layout(arguments.url, spelled="--url"), spelled="--url")
    report = export(Path(arguments.output), base_url=base_url, url=arguments.url)  # type: ignore[arg-type]
    return (
        f"wrote {len(report.written)}, unchanged {len(report.unchanged)}, "
        f"removed {len(report.removed)}: {arguments.output}\n"
    )


def _command_changes(arguments: argparse.Namespace) -> str:
    from ._api import changes
    from ._changes import released_since
    from ._history import history

    released_since(arguments.since, history().versions(), spelled="--since")
    guide = _guide_flag(arguments.guide)
    found = changes(arguments.since, guide=guide, locale=arguments.locale)
    if arguments.format == "json":
        import json

        data = [change.model_dump(mode="json") for change in found]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    rows = [
        (
            change.release,
            change.date.isoformat() if change.date else "unreleased",
            change.locale,
            change.chunk,
            change.kind,
            "source changed" if change.source_changed else "translation only",
        )
        for change in found
    ]
    # Columns padded to their widest value, so the lines read as a table (the last,
    # "translation only" or "source changed", is not padded: no trailing spaces).
    widths = [max(len(row[column]) for row in rows) for column in range(5)] if rows else []
    return "".join(
        "  ".join(value.ljust(width) for value, width in zip(row, [*widths, 0], strict=True)) + "\n"
        for row in rows
    )


def _write_stdout(text: str) -> None:
    stream = sys.stdout
    if stream is None:
        raise _OutputClosedError
    try:
        # Output is always UTF-8, whatever the terminal's or PYTHONIOENCODING's encoding.
        binary = getattr(stream, "buffer", None)
        if binary is not None:
            stream.flush()
            # Unbuffered (python -u), the raw stream may write part of the data and
            # return a short count when the reader leaves: write until all is out.
            # surrogateescape: a file name that is not UTF-8 (from argv) is written back
            # as the bytes it was, not mistaken for a closed stream.
            remaining = memoryview(text.encode("utf-8", "surrogateescape"))
            while remaining:
                written = binary.write(remaining)
                remaining = remaining[written if written is not None else 0 :]
            binary.flush()
        else:
            stream.write(text)
            stream.flush()
    except UnicodeError:
        raise
    except (BrokenPipeError, ValueError) as error:  # ValueError: a closed stream
        raise _OutputClosedError from error
    except OSError as error:
        if error.errno in {32, 9}:  # EPIPE, EBADF: the reader is gone or fd 1 is closed
            raise _OutputClosedError from error
        raise OSError(error.errno, error.strerror, "standard output") from error


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null so that Python's exit-time flush cannot fail loudly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def _error(message: str) -> None:
    """Print one line to stderr, if there is a stderr to print to."""
    stream = sys.stderr
    if stream is None:
        return
    # One line, of a size a terminal and a log can take, however large the input was.
    message = _shortened(message, _MAX_MESSAGE)
    try:
        stream.write(f"{PROGRAM}: error: {message}\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def _one_line(error: BaseException) -> str:
    text = str(error)
    if isinstance(error, OSError) and error.strerror and error.filename is not None:
        text = f"{error.filename}: {error.strerror}"
    return text.splitlines()[0] if text else type(error).__name__


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    except _OutputClosedError:
        _silence_stdout()
        return EXIT_OUTPUT_CLOSED
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # --version's line could not be written: an I/O error
        _error(_one_line(error))
        return EXIT_IO_ERROR
    except Exception as error:  # noqa: BLE001 - the promise is: never a traceback
        _error(f"internal error ({type(error).__name__}): {_one_line(error)}; please report it")
        return 1


def _check_output_path(output_path: str | None) -> None:
    if output_path == "":
        msg = "--output must name a file, or '-' for standard output"
        raise ValueError(msg)


def _main(argv: list[str]) -> int:
    parser = _build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help, --version or a usage error
        if exit_request.code == 0:
            _write_stdout("")  # a closed stdout after --help/--version: exit 1, as for output
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE
    commands = {
        "render": _command_render,
        "guides": _command_guides,
        "locales": _command_locales,
        "schema": _command_schema,
        "export": _command_export,
        "changes": _command_changes,
    }
    output_path = getattr(arguments, "output", None) if arguments.command == "render" else None
    try:
        _check_output_path(output_path)
        output = commands[arguments.command](arguments)
        if output_path is not None and output_path != "-":
            from ._writing import write_output

            write_output(Path(output_path), output.encode("utf-8"))
        else:
            _write_stdout(output)
    except (ContentError, UnknownLocaleError, TypeError, ValueError) as error:
        _error(_one_line(error))
        return EXIT_USAGE
    except OSError as error:
        _error(_one_line(error))
        return EXIT_USAGE if error.errno in _BAD_PATH_ERRORS else EXIT_IO_ERROR
    return 0
