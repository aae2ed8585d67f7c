"""The catalog rules about one message, as Babel checkers (tooling; never used at run time).

Babel calls every function registered under the ``babel.checkers`` entry point group
on each message of a catalog it checks, as ``checker(catalog, message)``, and collects
the :class:`~babel.messages.catalog.TranslationError` each raises: ``pybabel compile``
does (it prints ``error: path:line: ...`` and exits with status 1) and so does
:meth:`Catalog.check() <babel.messages.catalog.Catalog.check>`, which a translator's own
tools can call. ``pyproject.toml`` registers :func:`text`, :func:`placeholders` and
:func:`markup`, one for each rule of the build (:mod:`._catalog_rules`) that concerns a
single message. Each runs that rule exactly as the build does and raises one error
whose lines are the build's, without the file and line: ``[markup] msgctxt
'introduction/p1': the translation adds a link to ...``. So a translator sees what
``pip install .`` would refuse before building anything.

The build's other rules are about a whole catalog (``review-status``, ``fuzzy-header``,
``language``, ``plural-forms``) or its file (``file``, ``syntax``, ``interface``,
``guide``); Babel has no checker for those, and the build hook (``hatch_build.py``) is
what runs them, with these three, through :func:`._catalog_rules.check_catalog`.

An entry point reaches every catalog checked in the environment, including an app's
own when it embeds the guides, so a checker acts only on this project's catalogs (their
``Project-Id-Version`` names :data:`PROJECT`, as ``tools/catalogs.py`` writes it) and
on none when it is not given the catalog. It also imports the rules, and with them
Pydantic and markdown-it-py, only when it meets such a catalog: Babel imports this
module whenever anything in the environment checks a catalog.

Babel reads a catalog without its domain, so a message's kind comes from its
``msgctxt`` (:func:`is_guide_segment`); the build takes it from the file's name, and
``tests/test_checkers.py`` holds the two to the same answer on every shipped catalog.

Like the extractor (:mod:`._extract`), this module ships so that Babel can load it;
loading or rendering a guide imports neither it nor the rules, and the precomputed
guides do not record them among their inputs (``hatch_build.py`` builds the guides in a
fresh import of the package), so an edit to a rule leaves them fresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel.messages.catalog import TranslationError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

__all__ = ["PROJECT", "is_guide_segment", "markup", "placeholders", "text"]

#: The project every catalog of the package names in its ``Project-Id-Version``.
PROJECT = "acupuncture-content"


def is_guide_segment(context: str | None) -> bool:
    """Whether a message with ``msgctxt`` ``context`` is a guide segment.

    A segment's context is its id: ``title``, or a path below a section or the
    introduction (``introduction/p1``, ``<section>/heading``, ``<section>/list1/item2``).
    An interface string's is a label's name, without a ``/`` (``reading-time``), or
    none at all.
    """
    if context is None:
        return False
    return context == "title" or "/" in context


def text(catalog: Catalog | None, message: Message) -> None:
    """Rule ``text``: what the content model asks of every text, as written in the file.

    Raises:
        TranslationError: a translation has a control character, a line break, a
            noncharacter, a bidirectional override or an unbalanced isolate, or shows
            nothing.
    """
    _check("text", catalog, message)


def placeholders(catalog: Catalog | None, message: Message) -> None:
    """Rule ``placeholders``: an interface string keeps exactly its source's placeholders.

    Raises:
        TranslationError: a placeholder is missing, renamed or repeated, or a brace
            is left over.
    """
    _check("placeholders", catalog, message)


def markup(catalog: Catalog | None, message: Message) -> None:
    """Rule ``markup``: a guide segment reads, as the pipeline reads it, as the source does.

    Raises:
        TranslationError: the translation is not guide content (raw HTML, an image,
            markup in a heading, text that breaks the text rules once decoded), or
            its links or emphasis differ from the source's.
    """
    _check("markup", catalog, message)


def _check(rule: str, catalog: Catalog | None, message: Message) -> None:
    """Raise the problems ``message`` has under ``rule``, one line each, if it is ours.

    The header (the message whose id is empty) is not a translation; Babel never
    passes it, but a tool may.
    """
    if catalog is None or catalog.project != PROJECT or not message.id:
        return
    from ._catalog_rules import message_problems  # only for this project's catalogs

    interface = not is_guide_segment(message.context)
    problems = [
        f"[{rule}] {problem}"
        for found, problem in message_problems(message, interface=interface)
        if found == rule
    ]
    if problems:
        raise TranslationError("\n".join(problems))
