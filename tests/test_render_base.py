"""The base renderer: the rule table comes from the models' node types."""

from __future__ import annotations

import pytest

from acupuncture_content.models import BLOCK_TYPES, INLINE_TYPES
from acupuncture_content.renderers import Renderer, _base, renderer_class


@pytest.mark.parametrize("format_name", ["html", "markdown", "text"])
def test_every_format_that_renders_nodes_has_a_rule_for_every_node_type(format_name):
    # A new block or inline type in the models is a rule every format must write: this
    # lists the renderers that lack it (mypy lists the models' own dispatches).
    renderer = renderer_class(format_name)
    for node_type in (*BLOCK_TYPES, *INLINE_TYPES):
        method = getattr(renderer, f"render_{node_type}", None)
        assert method is not None, f"{renderer.__name__} lacks render_{node_type}"
        assert method is not getattr(Renderer, f"render_{node_type}", None), (
            f"{renderer.__name__}.render_{node_type} is the base class's"
        )
    assert set(_base.NODE_TYPES) == {*BLOCK_TYPES, *INLINE_TYPES}


def test_a_format_without_a_rule_fails_on_that_node_naming_the_method(monkeypatch):
    # Binding used to need a method for every node type up front (AttributeError when
    # the renderer was made): JSON, which renders no nodes, would have needed a stub for
    # each new type.
    monkeypatch.setattr(_base, "NODE_TYPES", (*_base.NODE_TYPES, "callout"))
    renderer = renderer_class("json")()
    with pytest.raises(NotImplementedError, match=r"JsonRenderer has no render_callout\(\)"):
        renderer.rules["callout"](object())
