"""Mutation testing: would the test suite notice a small bug in a module?

Run it before a release, not in CI (it runs the test suite once per mutant)::

    python tools/mutate.py models.py renderers/html.py --sample 60 --seed 1 --jobs 2
    python tools/mutate.py _width.py --tests tests/test_render_text.py --list

Each MODULE is a path relative to the package folder (``src/<package>``); put the
MODULEs before ``--tests``, which takes several paths. A *mutant* is the module with
exactly one small edit to one syntax node:

- ``compare``: a comparison flipped (``<``/``>=``, ``<=``/``>``, ``==``/``!=``,
  ``in``/``not in``, ``is``/``is not``);
- ``boolop``: ``and`` and ``or`` swapped; ``negate``: the condition of an ``if``,
  ``elif``, ``while`` or ternary wrapped in ``not (...)``;
- ``number``: an int or float literal n changed to n + 1 and, from 1 up, to n - 1;
  ``string``: ``XX`` appended to a string or f-string literal;
- ``bool``: ``True`` and ``False`` swapped; ``return-none``: ``return x`` made
  ``return None``;
- ``delete``: an expression statement, assignment, ``raise`` or ``del`` replaced by
  ``pass``; ``jump``: ``break`` and ``continue`` swapped;
- ``arith``: ``+``/``-`` swapped, ``*`` made ``/``, ``/`` and ``//`` made ``*``, ``%``
  made ``*`` (in expressions and augmented assignments alike).

Docstrings, type annotations, ``__all__``, ``if TYPE_CHECKING:`` blocks and the
arguments of ``cast``/``TypeVar``-like calls are never mutated. Neither are messages,
whose wording tests rightly leave alone: the strings inside ``raise`` statements,
``msg = ...`` assignments and logging calls, nor the logging calls themselves.

Every mutant has a stable id, ``MODULE:OPERATOR:LINE:COLUMN:DESCRIPTION`` (column
counted from 1), e.g. ``models.py:compare:120:17:Lt->GtE``. ``--sample N`` picks N
mutants per module at random, seeded by ``--seed`` and the module's path, so the same
seed and the same source always give the same sample. ``--list`` prints the chosen
mutants with their changes and runs nothing.

A mutant is *killed* when pytest fails (``-x``: the first failure ends the run),
*survived* when pytest passes, and *timeout* when the run outlives ``--timeout``
(counted as killed, reported apart). Each survivor is printed with a diff of its
one-line change so a maintainer can decide whether it is a gap in the tests or an
*equivalent* mutant, one that cannot change behaviour (a cache size, say). Equivalent
ones go in the allow-list, ``tools/mutants-equivalent.txt`` by default: one id per
line, with a ``#`` comment saying why. Listed ids are left out of the second score
printed beside the raw one; a listed id that no longer matches a mutant (the code
moved) is reported, so is a listed mutant that was killed. ``--report FILE`` writes
every result as JSON: module path to a list of ``{id, status, line, column,
operator, description, diff, equivalent, killed_by, seconds}``.

The working tree is never written to. Each job copies the package folder, build
outputs included (compiled catalogs, precomputed JSON), into a temporary directory,
writes one mutant at a time into that copy and runs pytest from the project root with
the copy first on ``PYTHONPATH``, which wins over the editable install. A tiny pytest
plugin records where the package was imported from, so a project configuration that
puts the source tree first (``pythonpath`` in pytest's settings, a conftest.py that
edits ``sys.path``) aborts the run instead of silently testing the unmutated code.
Byte-code caching is off and the Hypothesis database lives in the job's directory.

Before the mutants, the unmutated suite must pass in every copy. Then a *null
change* (a comment appended to each module) is run: tests that fail on it check the
source text, not behaviour, would kill every mutant, and are deselected, with a
warning naming them. In this package they are the tests that the precomputed guides
are fresh, and only for the modules that build guides: the precomputed data records a
digest of those modules' source, so any edit to one of them makes it stale (an edit to
a renderer, the export or the CLI does not, and deselects nothing).

Exit status: 0 when the run completed, whatever the scores; 1 when the unmutated suite
fails or does not import the copy; 2 for a usage error; 130 when interrupted.
"""

from __future__ import annotations

import argparse
import ast
import bisect
import contextlib
import dataclasses
import difflib
import io
import json
import math
import os
import queue
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tokenize
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

DEFAULT_PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EQUIVALENT = Path(__file__).resolve().with_name("mutants-equivalent.txt")
DEFAULT_TESTS = ("tests",)
DEFAULT_MARKERS = "not build and not browser"
PYTEST_OPTIONS = ("-q", "-p", "no:cacheprovider", "-p", "no:randomly")
GUARD_PLUGIN = "_mutate_guard"
# Appended to every module for the null check: a change of text, not of behaviour.
NULL_CHANGE = "\n# mutate.py: a change of text that cannot change behaviour\n"
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
OUTPUT_TAIL_LINES = 40

_COMPARE_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.LtE: ast.Gt,
    ast.Gt: ast.LtE,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_COMPARE_TEXT: dict[type[ast.cmpop], str] = {
    ast.Lt: "<",
    ast.GtE: ">=",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
_ARITH_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.Mult,
}
_ARITH_TEXT: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
}
# Calls whose string arguments are messages for people, not behaviour under test.
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"},
)
# Typing helpers: their arguments are type expressions or names for type checkers.
_TYPING_CALLS = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple", "NewType", "TypeAliasType"})
# Nodes of Python 3.12+ that hold only typing information (``type X = ...``, ``[T]``).
_TYPING_NODES = frozenset({"TypeAlias", "TypeVar", "ParamSpec", "TypeVarTuple"})
_SIMPLE_STATEMENTS = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Raise, ast.Delete)
_STRING_END_TOKENS = frozenset(
    {name for number, name in tokenize.tok_name.items() if name.endswith("STRING_END")},
)

# Written beside each job's copy and loaded with ``-p``: at the end of the session it
# records which file each watched module was imported from, so the tool can prove the
# tests ran against the copy and not the working tree, and which tests failed.
_GUARD_SOURCE = '''\
"""Written by tools/mutate.py: where the watched modules came from, which tests failed."""

import json
import os
import sys

_failed = []


def pytest_collectreport(report):
    if report.failed:
        _failed.append(report.nodeid)


def pytest_runtest_logreport(report):
    if report.failed:
        _failed.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    names = os.environ["MUTATE_GUARD_MODULES"].split(",")
    found = {name: getattr(sys.modules.get(name), "__file__", None) for name in names}
    record = {"imported": found, "failed": list(dict.fromkeys(_failed))}
    with open(os.environ["MUTATE_GUARD_FILE"], "w", encoding="utf-8") as file:
        json.dump(record, file)
'''

Status = Literal["killed", "survived", "timeout"]


class UsageError(Exception):
    """The command line or the project layout does not allow a run."""


class RunAbortedError(Exception):
    """The unmutated suite failed, or the tests did not import the copy."""


# --------------------------------------------------------------------------- source


@dataclasses.dataclass(frozen=True)
class _Token:
    kind: int
    text: str
    start: int
    end: int


class _Source:
    """A module's text, its syntax tree and tokens, addressed by character offsets.

    The ``ast`` gives columns in UTF-8 bytes and ``tokenize`` in characters; every
    position here is converted to an offset into ``text`` so edits can be spliced in
    without reformatting the rest of the file (which keeps each diff to one line).
    """

    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.tree = ast.parse(text, filename=filename)
        # Split on "\n" only: str.splitlines() also breaks at form feeds and other
        # characters that Python's tokenizer treats as ordinary whitespace.
        self._lines = text.split("\n")
        self._line_starts = [0]
        for line in self._lines[:-1]:
            self._line_starts.append(self._line_starts[-1] + len(line) + 1)
        self.tokens = [
            _Token(token.type, token.string, self._offset(*token.start), self._offset(*token.end))
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
        ]
        self._token_starts = [token.start for token in self.tokens]

    def _offset(self, lineno: int, column: int) -> int:
        return self._line_starts[lineno - 1] + column

    def _ast_offset(self, lineno: int, byte_column: int) -> int:
        line = self._lines[lineno - 1]
        if line.isascii():
            return self._offset(lineno, byte_column)
        return self._offset(lineno, len(line.encode()[:byte_column].decode(errors="replace")))

    def span(self, node: ast.expr | ast.stmt) -> tuple[int, int] | None:
        """Return the character offsets where ``node`` starts and ends, if known."""
        if node.end_lineno is None or node.end_col_offset is None:
            return None
        start = self._ast_offset(node.lineno, node.col_offset)
        return start, self._ast_offset(node.end_lineno, node.end_col_offset)

    def location(self, offset: int) -> tuple[int, int]:
        """Return the line and the column (both from 1) of a character offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def tokens_between(self, start: int, end: int) -> list[_Token]:
        """Return the tokens lying wholly between two offsets."""
        tokens = []
        for token in self.tokens[bisect.bisect_left(self._token_starts, start) :]:
            if token.start >= end:
                break
            if token.end <= end:
                tokens.append(token)
        return tokens


# -------------------------------------------------------------------------- mutants


@dataclasses.dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (character offsets) with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One small edit to one syntax node of a module."""

    module: str
    operator: str
    line: int
    column: int
    description: str
    edits: tuple[Edit, ...]

    @property
    def mutant_id(self) -> str:
        """The stable id: module, operator, line, column and description."""
        return f"{self.module}:{self.operator}:{self.line}:{self.column}:{self.description}"

    def apply(self, text: str) -> str:
        """Return ``text`` (the module's source) with this mutant's edits made."""
        for edit in sorted(self.edits, key=lambda edit: edit.start, reverse=True):
            text = text[: edit.start] + edit.replacement + text[edit.end :]
        return text

    def diff(self, text: str) -> str:
        """Return the unified diff, without context lines, from ``text`` to the mutant."""
        lines = difflib.unified_diff(
            text.split("\n"),
            self.apply(text).split("\n"),
            f"a/{self.module}",
            f"b/{self.module}",
            n=0,
            lineterm="",
        )
        return "\n".join(lines)


def _name_of(node: ast.expr) -> str | None:
    """Return the last name of ``x`` or ``a.b.x``, the way calls and tests name things."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _assigns_to(node: ast.AST, names: frozenset[str]) -> bool:
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    return any(isinstance(target, ast.Name) and target.id in names for target in targets)


def _is_type_checking(test: ast.expr) -> bool:
    return _name_of(test) == "TYPE_CHECKING"


def _is_log_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    receiver = _name_of(node.func.value) or ""
    return node.func.attr in _LOG_METHODS and "log" in receiver.lower()


def _is_skipped(node: ast.AST) -> bool:
    """Whether nothing in ``node`` is mutated (see the module docstring for why)."""
    if isinstance(node, ast.arg) or type(node).__name__ in _TYPING_NODES:
        return True  # an argument holds only its annotation; the default is elsewhere
    if isinstance(node, ast.Expr):
        value = node.value
        # Docstrings and other bare literals do nothing; ``__all__.extend(...)`` is API.
        if isinstance(value, ast.Constant):
            return True
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            return _name_of(value.func.value) == "__all__"
    if isinstance(node, ast.Call):
        return _name_of(node.func) in _TYPING_CALLS
    return _assigns_to(node, frozenset({"__all__"}))


def _silences_strings(node: ast.AST) -> bool:
    """Whether the string literals under ``node`` are messages (left alone)."""
    return (
        isinstance(node, ast.Raise) or _assigns_to(node, frozenset({"msg"})) or _is_log_call(node)
    )


def _children(node: ast.AST) -> Iterator[ast.AST]:
    """Yield the child nodes that may hold mutants (annotations left out)."""
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        yield from node.orelse
    elif isinstance(node, ast.JoinedStr):
        # Only the expressions of an f-string: its literal parts are mutated as a
        # whole (the ``string`` operator), and format specs are formatting.
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                yield value.value
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        yield from (child for child in ast.iter_child_nodes(node) if child is not node.returns)
    elif isinstance(node, ast.AnnAssign):
        if node.value is not None:
            yield node.value
    elif isinstance(node, ast.Call) and _name_of(node.func) == "cast":
        yield node.func  # cast(TYPE, value): the first argument is a type expression
        yield from node.args[1:]
        yield from (keyword.value for keyword in node.keywords)
    else:
        yield from ast.iter_child_nodes(node)


class _Finder:
    """Collects every mutant of one module."""

    def __init__(self, module: str, source: _Source) -> None:
        self.module = module
        self.source = source
        self.found: list[Mutant] = []
        self._reliable: dict[int, bool] = {}

    def find(self) -> list[Mutant]:
        """Return all mutants, sorted by position, each id unique."""
        # An explicit stack rather than recursion: deep expressions (long chains of
        # ``+``) must not hit the interpreter's recursion limit.
        stack: list[tuple[ast.AST, bool]] = [(self.source.tree, True)]
        while stack:
            node, strings_ok = stack.pop()
            if _is_skipped(node):
                continue
            self._mutate(node, strings_ok=strings_ok)
            child_strings_ok = strings_ok and not _silences_strings(node)
            stack.extend((child, child_strings_ok) for child in _children(node))
        return _unique(sorted(self.found, key=lambda m: (m.line, m.column, m.operator)))

    def _mutate(self, node: ast.AST, *, strings_ok: bool) -> None:
        self._compare(node)
        self._boolop(node)
        self._negate(node)
        self._constant(node, strings_ok=strings_ok)
        self._return_none(node)
        self._delete(node)
        self._jump(node)
        self._arith(node)

    def _add(self, operator: str, offset: int, description: str, *edits: Edit) -> None:
        line, column = self.source.location(offset)
        mutant = Mutant(self.module, operator, line, column, description, edits)
        self.found.append(mutant)

    def _span(self, node: ast.expr | ast.stmt) -> tuple[int, int] | None:
        """Return the node's span if its source text parses back to the same node.

        Positions reported by ``ast`` have been wrong in corners (f-strings in older
        Pythons); a node whose text does not round-trip is not mutated rather than
        mutated in the wrong place.
        """
        span = self.source.span(node)
        if span is None:
            return None
        if id(node) not in self._reliable:
            segment = self.source.text[span[0] : span[1]]
            try:
                if isinstance(node, ast.stmt):
                    parsed: ast.AST = ast.parse(segment).body[0]
                else:
                    # Parentheses let an expression that spans lines parse on its own.
                    parsed = ast.parse(f"({segment}\n)", mode="eval").body
            except (SyntaxError, IndexError):
                self._reliable[id(node)] = False
            else:
                self._reliable[id(node)] = ast.dump(parsed) == ast.dump(node)
        return span if self._reliable[id(node)] else None

    def _operator_tokens(self, before: ast.expr, after: ast.expr) -> list[_Token]:
        """Return the operator's tokens between two operands, parentheses left out."""
        first, second = self.source.span(before), self.source.span(after)
        if first is None or second is None:
            return []
        return [
            token
            for token in self.source.tokens_between(first[1], second[0])
            if token.kind in {tokenize.OP, tokenize.NAME} and token.text not in {"(", ")"}
        ]

    def _compare(self, node: ast.AST) -> None:
        if not isinstance(node, ast.Compare) or self._span(node) is None:
            return
        operands = [node.left, *node.comparators]
        for index, op in enumerate(node.ops):
            tokens = self._operator_tokens(operands[index], operands[index + 1])
            if not tokens or " ".join(token.text for token in tokens) != _COMPARE_TEXT[type(op)]:
                continue
            flipped = _COMPARE_FLIPS[type(op)]
            edit = Edit(tokens[0].start, tokens[-1].end, _COMPARE_TEXT[flipped])
            description = f"{type(op).__name__}->{flipped.__name__}"
            self._add("compare", tokens[0].start, description, edit)

    def _boolop(self, node: ast.AST) -> None:
        if not isinstance(node, ast.BoolOp) or self._span(node) is None:
            return
        old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        edits = []
        # The node's one operator sits between each pair of values: swap them all.
        for before, after in zip(node.values, node.values[1:], strict=False):
            tokens = self._operator_tokens(before, after)
            if [token.text for token in tokens] != [old]:
                return
            edits.append(Edit(tokens[0].start, tokens[0].end, new))
        description = f"{old.capitalize()}->{new.capitalize()}"
        self._add("boolop", edits[0].start, description, *edits)

    def _negate(self, node: ast.AST) -> None:
        if isinstance(node, ast.If) and not _is_type_checking(node.test):
            kind = "if"
        elif isinstance(node, ast.While):
            kind = "while"
        elif isinstance(node, ast.IfExp):
            kind = "ternary"
        else:
            return
        span = self._span(node.test)
        if span is not None:
            segment = self.source.text[span[0] : span[1]]
            self._add("negate", span[0], f"not-{kind}", Edit(*span, f"not ({segment})"))

    def _constant(self, node: ast.AST, *, strings_ok: bool) -> None:
        if isinstance(node, ast.JoinedStr):
            if strings_ok:
                self._string(node)
            return
        if not isinstance(node, ast.Constant):
            return
        value = node.value
        if isinstance(value, bool):
            span = self._span(node)
            if span is not None:
                self._add("bool", span[0], f"{value}->{not value}", Edit(*span, str(not value)))
        elif isinstance(value, int | float):
            self._number(node, value)
        elif isinstance(value, str | bytes) and strings_ok:
            self._string(node)

    def _number(self, node: ast.Constant, value: float) -> None:
        span = self._span(node)
        if span is None or not math.isfinite(value):
            return
        # n - 1 only from 1 up: 0 - 1 rarely means anything a test could pin down.
        replacements = [value + 1] if value < 1 else [value + 1, value - 1]
        for replacement in replacements:
            text = repr(replacement)
            self._add("number", span[0], f"{value!r}->{text}", Edit(*span, text))

    def _string(self, node: ast.Constant | ast.JoinedStr) -> None:
        span = self._span(node)
        if span is None:
            return
        tokens = self.source.tokens_between(*span)
        if not tokens:
            return
        last = tokens[-1]
        if tokenize.tok_name[last.kind] in _STRING_END_TOKENS:
            insert_at = last.start  # Python 3.12+ tokenizes f-strings; this is the quote
        elif last.kind == tokenize.STRING:
            body = last.text.lstrip("rRbBuUfFtT")
            quote = body[:3] if body[:3] in {'"""', "'''"} else body[:1]
            insert_at = last.end - len(quote)
        else:
            return
        self._add("string", span[0], "append-XX", Edit(insert_at, insert_at, "XX"))

    def _return_none(self, node: ast.AST) -> None:
        if not isinstance(node, ast.Return) or node.value is None:
            return
        if isinstance(node.value, ast.Constant) and node.value.value is None:
            return
        span = self._span(node.value)
        if span is not None:
            self._add("return-none", span[0], "value->None", Edit(*span, "None"))

    def _delete(self, node: ast.AST) -> None:
        if not isinstance(node, _SIMPLE_STATEMENTS):
            return
        if isinstance(node, ast.Expr) and _is_log_call(node.value):
            return  # logging is for people, like the messages left alone above
        if isinstance(node, ast.AnnAssign) and node.value is None:
            return  # a bare annotation: nothing runs
        span = self._span(node)
        if span is not None:
            self._add("delete", span[0], f"{type(node).__name__}->pass", Edit(*span, "pass"))

    def _jump(self, node: ast.AST) -> None:
        if not isinstance(node, ast.Break | ast.Continue):
            return
        span = self._span(node)
        if span is not None:
            old, new = (
                ("Break", "Continue") if isinstance(node, ast.Break) else ("Continue", "Break")
            )
            self._add("jump", span[0], f"{old}->{new}", Edit(*span, new.lower()))

    def _arith(self, node: ast.AST) -> None:
        if isinstance(node, ast.BinOp):
            before, after, suffix = node.left, node.right, ""
        elif isinstance(node, ast.AugAssign):
            before, after, suffix = node.target, node.value, "="
        else:
            return
        swapped = _ARITH_SWAPS.get(type(node.op))
        if swapped is None or self._span(node) is None:
            return
        tokens = self._operator_tokens(before, after)
        if [token.text for token in tokens] != [_ARITH_TEXT[type(node.op)] + suffix]:
            return
        edit = Edit(tokens[0].start, tokens[0].end, _ARITH_TEXT[swapped] + suffix)
        description = f"{type(node.op).__name__}->{swapped.__name__}"
        self._add("arith", tokens[0].start, description, edit)


def _unique(mutants: list[Mutant]) -> list[Mutant]:
    """Suffix ``~2``, ``~3``... to ids that would otherwise repeat (rare, but ids are keys)."""
    seen: Counter[str] = Counter()
    unique = []
    for mutant in mutants:
        seen[mutant.mutant_id] += 1
        if seen[mutant.mutant_id] > 1:
            description = f"{mutant.description}~{seen[mutant.mutant_id]}"
            mutant = dataclasses.replace(mutant, description=description)  # noqa: PLW2901
        unique.append(mutant)
    return unique


def find_mutants(module: str, text: str) -> list[Mutant]:
    """Return every mutant of a module's source that still compiles, sorted by position.

    Args:
        module: The module's path relative to the package folder, POSIX style.
        text: The module's source.

    Returns:
        The mutants, in source order.
    """
    mutants = _Finder(module, _Source(text, module)).find()
    valid = []
    for mutant in mutants:
        # A mutant that does not compile would be "killed" by an import error and
        # inflate the score: drop it (the checks above make this all but unheard of).
        try:
            compile(mutant.apply(text), module, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            continue
        valid.append(mutant)
    return valid


def sample_mutants(mutants: Sequence[Mutant], size: int | None, seed: int) -> list[Mutant]:
    """Return ``size`` mutants chosen at random (all when ``size`` is None), in order.

    The generator is seeded with the seed and the module's path, so a module's sample
    does not depend on which other modules share the command line.
    """
    if size is None or size >= len(mutants):
        return list(mutants)
    # Reproducible sampling, not cryptography.
    rng = random.Random(f"{seed}:{mutants[0].module}")  # noqa: S311
    order = {mutant: index for index, mutant in enumerate(mutants)}
    return sorted(rng.sample(list(mutants), size), key=order.__getitem__)


# -------------------------------------------------------------------------- running


@dataclasses.dataclass(frozen=True)
class Project:
    """Where the project, its package folder and its tests are."""

    root: Path
    package_dir: Path

    @property
    def package(self) -> str:
        """The package's import name."""
        return self.package_dir.name


@dataclasses.dataclass(frozen=True)
class ModuleInfo:
    """One module to mutate: its source and its chosen mutants."""

    path: str
    dotted: str
    text: str
    encoding: str
    mutants: tuple[Mutant, ...]
    selected: tuple[Mutant, ...]


@dataclasses.dataclass(frozen=True)
class Outcome:
    """How one pytest run ended, and what the guard plugin recorded of it."""

    returncode: int | None
    seconds: float
    output: str
    recorded: bool
    imported: dict[str, str | None]
    failed: tuple[str, ...]

    @property
    def status(self) -> Status:
        """``killed`` (pytest failed), ``survived`` (passed) or ``timeout``."""
        if self.returncode is None:
            return "timeout"
        return "survived" if self.returncode == 0 else "killed"


@dataclasses.dataclass(frozen=True)
class RunConfig:
    """What every pytest run shares."""

    project: Project
    python: str
    pytest_args: tuple[str, ...]
    watched: tuple[str, ...]
    deselected: tuple[str, ...] = ()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill pytest and whatever its tests started (they share its session)."""
    if sys.platform == "win32":
        process.kill()
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def _read_guard(path: Path) -> tuple[bool, dict[str, str | None], tuple[str, ...]]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False, {}, ()
    imported = {
        str(name): None if file is None else str(file) for name, file in record["imported"].items()
    }
    return True, imported, tuple(str(nodeid) for nodeid in record["failed"])


class Job:
    """A private copy of the package in which mutants are run one after another."""

    def __init__(self, index: int, workdir: Path, config: RunConfig, stop: threading.Event) -> None:
        """Set up a job; nothing is copied before :meth:`prepare`.

        Args:
            index: The job's number, from 0.
            workdir: An empty directory of its own (created by :meth:`prepare`).
            config: What its pytest runs share with the other jobs'.
            stop: Set when the whole run is interrupted.
        """
        self.index = index
        self.workdir = workdir
        self.config = config
        self.src = workdir / "src"
        self.copy = self.src / config.project.package
        self._stop = stop
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._originals: dict[str, bytes] = {}

    def prepare(self) -> None:
        """Copy the package folder, build outputs included, and the guard plugin."""
        shutil.copytree(
            self.config.project.package_dir,
            self.copy,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        # Beside the package, not in it: a package that hashes its own files (this one
        # does, to tell stale precomputed data) must see exactly its own files.
        (self.src / f"{GUARD_PLUGIN}.py").write_text(_GUARD_SOURCE, encoding="utf-8")

    def command(self, *, exitfirst: bool = True) -> list[str]:
        """Return the pytest command line (``-P``: the project root must not shadow src)."""
        options = [
            "-p",
            GUARD_PLUGIN,
            f"--basetemp={self.workdir / 'pytest-tmp'}",
            *(["-x"] if exitfirst else []),
            *(f"--deselect={nodeid}" for nodeid in self.config.deselected),
        ]
        return [self.config.python, "-P", "-m", "pytest", *options, *self.config.pytest_args]

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        paths = [str(self.src), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
        # Without byte-code files, no mutant can be served a stale .pyc of another.
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # Hypothesis would otherwise keep its example database in the project root.
        env["HYPOTHESIS_STORAGE_DIRECTORY"] = str(self.workdir / "hypothesis")
        env["MUTATE_GUARD_FILE"] = str(self.workdir / "guard.json")
        env["MUTATE_GUARD_MODULES"] = ",".join(self.config.watched)
        return env

    def run(
        self,
        changes: Sequence[tuple[ModuleInfo, str]],
        timeout: float | None,
        *,
        exitfirst: bool = True,
    ) -> Outcome:
        """Run pytest with each module's new text written into the copy, then restore it.

        Args:
            changes: Modules and the text to run in their place (none: the original code).
            timeout: Seconds after which the run is killed and counted as a timeout.
            exitfirst: Stop at the first failure (``-x``), which is all a mutant needs.

        Returns:
            How the run ended.
        """
        written: list[tuple[Path, bytes]] = []
        try:
            for module, text in changes:
                path = self.copy / module.path
                original = self._originals.setdefault(module.path, path.read_bytes())
                written.append((path, original))
                path.write_bytes(text.encode(module.encoding))
            return self._pytest(timeout, exitfirst=exitfirst)
        finally:
            for path, original in written:
                path.write_bytes(original)
            # Belt and braces: a test that re-enabled byte-code writing must not leak it.
            for cache in list(self.copy.rglob("__pycache__")):
                shutil.rmtree(cache, ignore_errors=True)

    def _pytest(self, timeout: float | None, *, exitfirst: bool) -> Outcome:
        # Each run starts afresh: no examples or guard record left by the previous one.
        shutil.rmtree(self.workdir / "hypothesis", ignore_errors=True)
        guard = self.workdir / "guard.json"
        guard.unlink(missing_ok=True)
        log = self.workdir / "pytest.log"
        started = time.perf_counter()
        with log.open("wb") as output, self._lock:
            if self._stop.is_set():
                raise KeyboardInterrupt
            # Our own interpreter running pytest on the project's tests: no untrusted input.
            self._process = subprocess.Popen(
                self.command(exitfirst=exitfirst),
                cwd=self.config.project.root,
                env=self._environment(),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = self._process
        try:
            returncode: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            returncode = None
        finally:
            # Also ends any process a test left behind, finished run or not.
            _kill_group(process)
            process.wait()
            with self._lock:
                self._process = None
        seconds = time.perf_counter() - started
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        tail = "\n".join(lines[-OUTPUT_TAIL_LINES:])
        return Outcome(returncode, seconds, tail, *_read_guard(guard))

    def stop(self) -> None:
        """Kill the pytest run in progress, if any."""
        with self._lock:
            if self._process is not None:
                _kill_group(self._process)


def _failure(job: Job, outcome: Outcome, what: str, *, exitfirst: bool = True) -> str:
    status = "timed out" if outcome.returncode is None else f"exited {outcome.returncode}"
    command = shlex.join(job.command(exitfirst=exitfirst))
    return (
        f"{what} (pytest {status} in job {job.index}).\n"
        f"command (from {job.config.project.root}): {command}\n"
        f"last lines of its output:\n{outcome.output}"
    )


def _check_baseline(job: Job, outcome: Outcome, modules: Sequence[ModuleInfo]) -> list[str]:
    """Raise RunAbortedError unless the unmutated suite passed against the copy.

    Returns:
        Warnings about modules the tests never imported in the pytest process.
    """
    if outcome.returncode != 0:
        what = "the unmutated test suite fails, so no mutant can be judged: fix the tests first"
        msg = _failure(job, outcome, what + " or choose --tests that pass")
        if "Unknown marker" in outcome.output:
            msg += "\n(--markers names this repository's markers: pass --markers '' elsewhere)"
        raise RunAbortedError(msg)
    package = job.config.project.package
    if not outcome.recorded:
        msg = f"the guard plugin left no record, so the copy in {job.copy} cannot be shown in use"
        raise RunAbortedError(msg)
    origin = outcome.imported.get(package)
    if origin is not None and not Path(origin).resolve().is_relative_to(job.copy.resolve()):
        msg = (
            f"the tests imported {package} from {origin}, not from the copy in {job.copy}:"
            " something (pytest's pythonpath setting, a conftest.py editing sys.path) puts"
            " the source tree ahead of PYTHONPATH, so mutants would never be tested."
        )
        raise RunAbortedError(msg)
    return [
        f"the selected tests never imported {module.dotted} in the pytest process; unless"
        " they run it in a subprocess, every mutant of it will survive."
        for module in modules
        if outcome.imported.get(module.dotted) is None
    ]


class Runner:
    """Runs mutants on a pool of jobs, each with its own copy of the package."""

    def __init__(self, config: RunConfig, jobs: int, workdir: Path) -> None:
        """Set up ``jobs`` jobs in subdirectories of ``workdir`` (see :meth:`baseline`).

        Args:
            config: What all pytest runs share.
            jobs: How many mutants to run at once.
            workdir: A temporary directory for the copies.
        """
        self.stop = threading.Event()
        self.jobs = [
            Job(index, workdir / f"job-{index}", config, self.stop) for index in range(jobs)
        ]
        self._free: queue.Queue[Job] = queue.Queue()

    def baseline(self, modules: Sequence[ModuleInfo], timeout: float | None) -> float:
        """Prepare every job and run the unmutated suite in each (in parallel).

        Returns:
            The slowest baseline run, in seconds.
        """

        def prepare(job: Job) -> Outcome:
            job.prepare()
            return job.run((), timeout)

        outcomes = self._parallel(prepare, self.jobs)
        warnings: set[str] = set()
        for job, outcome in zip(self.jobs, outcomes, strict=True):
            warnings.update(_check_baseline(job, outcome, modules))
            self._free.put(job)
        for warning in sorted(warnings):
            _err(f"warning: {warning}")
        return max(outcome.seconds for outcome in outcomes)

    def null_check(self, modules: Sequence[ModuleInfo], timeout: float) -> tuple[str, ...]:
        """Deselect the tests that fail when the modules' text changes but not their code.

        Such tests (comparing a digest of the package's files, say) would kill every
        mutant, equivalent or not, and make the score meaningless. One run without
        ``-x`` finds them all; a second run checks that the rest pass.

        Returns:
            The node ids deselected from now on.
        """
        job = self.jobs[0]
        changes = [(module, module.text + NULL_CHANGE) for module in modules]
        outcome = job.run(changes, timeout, exitfirst=False)
        if outcome.returncode == 0:
            return ()
        what = "the tests fail when a comment is appended to the modules"
        if outcome.returncode is None or not outcome.failed:
            raise RunAbortedError(_failure(job, outcome, what, exitfirst=False))
        config = dataclasses.replace(job.config, deselected=outcome.failed)
        for each in self.jobs:
            each.config = config
        again = job.run(changes, timeout)
        if again.returncode != 0:
            raise RunAbortedError(_failure(job, again, what + ", even with those deselected"))
        return outcome.failed

    def _parallel(self, work: Callable[[Job], Outcome], jobs: Sequence[Job]) -> list[Outcome]:
        with ThreadPoolExecutor(max_workers=len(jobs)) as executor:
            futures = [executor.submit(work, job) for job in jobs]
            try:
                return [future.result() for future in futures]
            except BaseException:
                self.interrupt(futures)
                raise

    def interrupt(self, futures: Iterable[Future[Outcome]]) -> None:
        """Cancel queued runs and kill the ones in progress."""
        self.stop.set()
        for future in futures:
            future.cancel()
        for job in self.jobs:
            job.stop()

    def run(
        self,
        work: Sequence[tuple[ModuleInfo, Mutant]],
        timeout: float,
    ) -> Iterator[tuple[Mutant, Outcome]]:
        """Run each mutant on the first free job; yield results as they come in."""

        def one(module: ModuleInfo, mutant: Mutant) -> Outcome:
            job = self._free.get()
            try:
                return job.run([(module, mutant.apply(module.text))], timeout)
            finally:
                self._free.put(job)

        with ThreadPoolExecutor(max_workers=len(self.jobs)) as executor:
            futures = {executor.submit(one, *item): item[1] for item in work}
            try:
                for future in as_completed(futures):
                    yield futures[future], future.result()
            except BaseException:
                self.interrupt(futures)
                raise


# -------------------------------------------------------------------------- reports


@dataclasses.dataclass(frozen=True)
class Result:
    """A mutant and how its run ended."""

    mutant: Mutant
    status: Status
    seconds: float
    equivalent: bool
    killed_by: str | None


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


def format_module_report(module: ModuleInfo, results: Sequence[Result], seed: int) -> str:
    """Return the scores of one module and its surviving mutants with their diffs."""
    tried = len(results)
    killed = sum(result.status != "survived" for result in results)
    timeouts = sum(result.status == "timeout" for result in results)
    counted = [result for result in results if not result.equivalent]
    counted_killed = sum(result.status != "survived" for result in counted)
    sampled = f"{tried} of {len(module.mutants)} mutants"
    if tried < len(module.mutants):
        sampled += f", sampled with seed {seed}"
    lines = [
        f"{module.path}  ({sampled})",
        f"  killed {killed}/{tried} ({_percent(killed, tried)})"
        + (f", {timeouts} of them by timeout" if timeouts else "")
        + f"; without equivalent mutants {counted_killed}/{len(counted)}"
        f" ({_percent(counted_killed, len(counted))}), {tried - len(counted)} listed",
    ]
    lines.extend(
        f"  listed as equivalent but killed (remove it from the list): {result.mutant.mutant_id}"
        for result in results
        if result.equivalent and result.status != "survived"
    )
    survivors = [result for result in results if result.status == "survived"]
    if survivors:
        lines.append("  surviving mutants:")
    for result in survivors:
        note = "  [listed as equivalent]" if result.equivalent else ""
        lines.append(f"    {result.mutant.mutant_id}{note}")
        lines.append(_indent(result.mutant.diff(module.text)))
    return "\n".join(lines)


def json_report(modules: Sequence[ModuleInfo], results: dict[Mutant, Result]) -> str:
    """Return the results as JSON: module path to a list of mutants in source order."""
    report = {
        module.path: [
            {
                "id": mutant.mutant_id,
                "status": results[mutant].status,
                "line": mutant.line,
                "column": mutant.column,
                "operator": mutant.operator,
                "description": mutant.description,
                "diff": mutant.diff(module.text),
                "equivalent": results[mutant].equivalent,
                "killed_by": results[mutant].killed_by,
                "seconds": round(results[mutant].seconds, 2),
            }
            for mutant in module.selected
            if mutant in results
        ]
        for module in modules
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def format_listing(modules: Sequence[ModuleInfo], seed: int) -> str:
    """Return the chosen mutants, each with its one-line change, for ``--list``."""
    lines = []
    for module in modules:
        counts = Counter(mutant.operator for mutant in module.selected)
        chosen = len(module.selected)
        sampled = f", {chosen} sampled with seed {seed}" if chosen < len(module.mutants) else ""
        per_operator = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
        lines.append(f"{module.path}: {len(module.mutants)} mutants{sampled} ({per_operator})")
        for mutant in module.selected:
            lines.append(f"  {mutant.mutant_id}")
            changed = mutant.diff(module.text).split("\n")[3:]  # headers and hunk line off
            lines.extend(f"      {line}" for line in changed)
    return "\n".join(lines)


def read_equivalent(path: Path) -> set[str]:
    """Read the allow-list: one mutant id per line, ``#`` starting a comment."""
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            ids.add(entry)
    return ids


# ---------------------------------------------------------------------- command line


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        msg = f"must be at least 1, not {value}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        msg = f"must be positive, not {text}"
        raise argparse.ArgumentTypeError(msg)
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    parser = argparse.ArgumentParser(
        prog="mutate.py",
        description="Mutation testing for a src-layout package: run the tests against"
        " small edits of the given modules and report the edits they miss.",
        epilog="Put the MODULEs before --tests, which takes several paths.",
    )
    parser.add_argument(
        "modules",
        nargs="+",
        metavar="MODULE",
        help="a module path relative to the package folder, e.g. models.py or renderers/html.py",
    )
    parser.add_argument("--sample", type=_positive_int, metavar="N", help="mutants per module")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="sampling seed (0)")
    parser.add_argument(
        "--tests",
        nargs="+",
        default=list(DEFAULT_TESTS),
        metavar="PATH",
        help="pytest paths or node ids, relative to the project root (tests)",
    )
    parser.add_argument(
        "--markers",
        default=DEFAULT_MARKERS,
        metavar="EXPR",
        help=f"pytest -m expression, '' for none ({DEFAULT_MARKERS!r})",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        metavar="SECONDS",
        help="per mutant (default: 3 x the unmutated run + 10 s)",
    )
    parser.add_argument("--jobs", type=_positive_int, default=1, metavar="J", help="parallel runs")
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument("--report", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument(
        "--equivalent",
        type=Path,
        metavar="FILE",
        help="allow-list of equivalent mutant ids (mutants-equivalent.txt beside this script)",
    )
    parser.add_argument(
        "--project-root",
        type=Path,
        default=DEFAULT_PROJECT_ROOT,
        metavar="DIR",
        help="the project (src layout, tests run from here); default: this script's ../",
    )
    parser.add_argument("--package", metavar="NAME", help="the package in DIR/src, if several")
    parser.add_argument(
        "--python",
        default=sys.executable,
        metavar="PATH",
        help="interpreter with pytest and the project installed (this one)",
    )
    return parser


def find_project(root: Path, package: str | None) -> Project:
    """Locate the package folder under ``root/src``."""
    src = root.resolve() / "src"
    if package is not None:
        candidates = [src / package]
    else:
        candidates = sorted(path.parent for path in src.glob("*/__init__.py"))
    if len(candidates) != 1 or not (candidates[0] / "__init__.py").is_file():
        found = ", ".join(path.name for path in candidates) or "none"
        msg = f"expected one package in {src} (found: {found}); use --project-root or --package"
        raise UsageError(msg)
    return Project(root.resolve(), candidates[0])


def load_module(project: Project, name: str, sample: int | None, seed: int) -> ModuleInfo:
    """Read a module, find its mutants and choose the sample."""
    path = project.package_dir / name
    if not path.is_file():
        # Forgive a path given from the project root (src/<package>/models.py).
        path = project.root / name
    path = path.resolve()
    if path.suffix != ".py" or not path.is_file() or not path.is_relative_to(project.package_dir):
        msg = f"{name}: not a .py file of {project.package_dir}"
        raise UsageError(msg)
    relative = path.relative_to(project.package_dir)
    parts = [project.package, *relative.with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    with tokenize.open(path) as file:
        text, encoding = file.read(), file.encoding
    try:
        mutants = find_mutants(relative.as_posix(), text)
    except SyntaxError as error:
        msg = f"{name}: cannot parse: {error}"
        raise UsageError(msg) from error
    selected = sample_mutants(mutants, sample, seed)
    return ModuleInfo(
        relative.as_posix(),
        ".".join(parts),
        text,
        encoding,
        tuple(mutants),
        tuple(selected),
    )


def _pytest_args(project: Project, tests: Sequence[str], markers: str) -> tuple[str, ...]:
    for test in tests:
        path = (project.root / test.split("::", 1)[0]).resolve()
        if not path.exists():
            msg = f"--tests {test}: no such path under {project.root}"
            raise UsageError(msg)
        if path.is_relative_to(project.package_dir):
            # Doctests collected from src/ would import the working tree, not the copy.
            msg = f"--tests {test}: tests inside the package itself cannot see the mutants"
            raise UsageError(msg)
    selection = ("-m", markers) if markers else ()
    return (*PYTEST_OPTIONS, *selection, *tests)


def _stale_ids(modules: Sequence[ModuleInfo], equivalent: set[str]) -> list[str]:
    """Return the listed ids of these modules that match no mutant any more."""
    known = {mutant.mutant_id for module in modules for mutant in module.mutants}
    prefixes = tuple(f"{module.path}:" for module in modules)
    return sorted(
        entry for entry in equivalent if entry.startswith(prefixes) and entry not in known
    )


def _run_mutants(
    config: RunConfig,
    work: Sequence[tuple[ModuleInfo, Mutant]],
    jobs: int,
    args: argparse.Namespace,
    equivalent: set[str],
) -> tuple[dict[Mutant, Result], float, tuple[str, ...]]:
    """Run the baseline, the null check and the mutants in temporary copies.

    Returns:
        The results, the slowest baseline run in seconds and the deselected tests.
    """
    modules = list(dict.fromkeys(module for module, _mutant in work))
    with tempfile.TemporaryDirectory(prefix="mutate-") as workdir:
        runner = Runner(config, jobs, Path(workdir))
        copies = f"{jobs} cop{'y' if jobs == 1 else 'ies'}"
        command = shlex.join(runner.jobs[0].command()[3:])
        _err(f"running the unmutated tests in {copies}: {command}")
        baseline = runner.baseline(modules, args.timeout)
        timeout: float = args.timeout or 3 * baseline + 10
        _err(f"baseline {baseline:.1f} s; checking that a comment alone kills nothing")
        deselected = runner.null_check(modules, timeout)
        for nodeid in deselected:
            _err(f"warning: deselected {nodeid}: it fails on a change of text alone")
        _err(f"{len(work)} mutants, timeout {timeout:.0f} s each")
        results: dict[Mutant, Result] = {}
        for count, (mutant, outcome) in enumerate(runner.run(work, timeout), 1):
            killed_by = outcome.failed[0] if outcome.failed else None
            listed = mutant.mutant_id in equivalent
            results[mutant] = Result(mutant, outcome.status, outcome.seconds, listed, killed_by)
            progress = f"[{count}/{len(work)}] {outcome.status:8} {outcome.seconds:5.1f} s"
            _err(f"{progress}  {mutant.mutant_id}")
    return results, baseline, deselected


def _run(args: argparse.Namespace, modules: Sequence[ModuleInfo], project: Project) -> int:
    equivalent_path: Path = args.equivalent or DEFAULT_EQUIVALENT
    if args.equivalent is not None and not equivalent_path.is_file():
        msg = f"--equivalent {equivalent_path}: no such file"
        raise UsageError(msg)
    equivalent = read_equivalent(equivalent_path) if equivalent_path.is_file() else set()
    for entry in _stale_ids(modules, equivalent):
        _err(f"warning: {equivalent_path.name} lists {entry}, which matches no mutant any more")
    watched = (project.package, *(module.dotted for module in modules))
    pytest_args = _pytest_args(project, args.tests, args.markers)
    config = RunConfig(project, args.python, pytest_args, watched)
    work = [(module, mutant) for module in modules for mutant in module.selected]
    if not work:
        _out("no mutants to run")
        return 0
    jobs = min(args.jobs, len(work))
    started = time.perf_counter()
    results, baseline, deselected = _run_mutants(config, work, jobs, args, equivalent)
    elapsed = time.perf_counter() - started
    for module in modules:
        chosen = [results[mutant] for mutant in module.selected]
        _out(format_module_report(module, chosen, args.seed))
    if deselected:
        _out(f"deselected (they fail on a change of text alone): {', '.join(deselected)}")
    seconds = sorted(result.seconds for result in results.values())
    _out(
        f"{len(results)} mutants in {elapsed:.0f} s with {jobs} job(s); per mutant run:"
        f" mean {sum(seconds) / len(seconds):.1f} s, median {seconds[len(seconds) // 2]:.1f} s"
        f" (unmutated suite {baseline:.1f} s)",
    )
    if args.report is not None:
        args.report.write_text(json_report(modules, results), encoding="utf-8")
        _out(f"JSON report written to {args.report}")
    return 0


def _terminate(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    # A plain kill must clean up like Ctrl-C does: the pytest runs live in sessions of
    # their own (so a timeout can kill all they started) and would outlive the tool,
    # and the temporary copies would stay behind.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        project = find_project(args.project_root, args.package)
        names = dict.fromkeys(args.modules)  # the order given, without repeats
        modules = [load_module(project, name, args.sample, args.seed) for name in names]
        if args.list:
            _out(format_listing(modules, args.seed))
            return 0
        return _run(args, modules, project)
    except UsageError as error:
        _err(f"mutate.py: error: {error}")
        return EXIT_USAGE
    except RunAbortedError as error:
        _err(f"mutate.py: aborted: {error}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _err("mutate.py: interrupted")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
