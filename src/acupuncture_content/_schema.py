"""JSON Schema descriptions from the docstrings written under each model field.

Pydantic's ``use_attribute_docstrings`` does the same but reads every model's source
when the class is created; this reads it only when a schema is asked for. An install
that ships only bytecode (no ``.py`` files) has no source to read: its schema then
has no field descriptions, and nothing fails.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict

from ._cache import memoized

__all__ = ["FROZEN_DATA", "describe_fields", "field_docstrings"]


@memoized(max_entries=64)
def field_docstrings(model: type) -> dict[str, str]:
    """Return the docstring written under each field of ``model``'s class body.

    Returns an empty dict when the source cannot be read (a bytecode-only install).
    """
    # Only schema generation needs these, so they are imported here, not with the models.
    import ast
    import inspect
    import itertools
    import textwrap

    try:
        source = inspect.getsource(model)
    except (OSError, TypeError):
        return {}
    tree = ast.parse(textwrap.dedent(source))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    found: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = inspect.cleandoc(following.value.value)
    return found


def describe_fields(schema: dict[str, Any], model: type) -> None:
    """Put each field's docstring into ``schema`` as its description (``json_schema_extra``)."""
    properties = schema.get("properties", {})
    for name, description in field_docstrings(model).items():
        if name in properties:
            properties[name].setdefault("description", description)


#: The configuration of the package's frozen data models (``Labels``, ``Chunk``,
#: ``LocaleInfo``, ``Change``, ``PageLinks``...): immutable, strict about fields, their
#: JSON Schema described from the field docstrings, validators built on first use.
FROZEN_DATA = ConfigDict(
    frozen=True, extra="forbid", json_schema_extra=describe_fields, defer_build=True
)
