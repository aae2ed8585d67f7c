"""Markdown output: CommonMark round trips give back exactly the content's text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pydantic import ValidationError

from acupuncture_content import Guide, _cache, load_guide, render
from acupuncture_content.renderers.markdown import escape_markdown
from helpers import guide_with_text, valid_text

PARSER = MarkdownIt("commonmark")

PUNCTUATION_HEAVY = st.text(
    alphabet="*_`[]<>&#!\\-+=.()1 :;~|{}\"'a", min_size=1, max_size=30
).filter(lambda text: text.strip())


def _inline_text(tokens) -> str:
    parts = []
    for token in tokens:
        if token.type == "text":
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append("\n")
        else:
            # Any other token (html_inline, link, image, code) means syntax leaked.
            parts.append(f"<{token.type}>")
    return "".join(parts)


def _section_texts(markdown: str) -> tuple[str, str, str]:
    tokens = PARSER.parse(markdown)
    types = [token.type for token in tokens]
    assert "html_block" not in types and "code_block" not in types and "fence" not in types
    inlines = [token for token in tokens if token.type == "inline"]
    # title, byline, intro paragraph, then section 1: heading, paragraph, list item
    heading, paragraph, item = inlines[3], inlines[4], inlines[5]
    return (
        _inline_text(heading.children),
        _inline_text(paragraph.children),
        _inline_text(item.children),
    )


@settings(max_examples=300, deadline=None)
@given(text=valid_text)
def test_any_text_survives_a_commonmark_round_trip(text):
    heading, paragraph, item = _section_texts(render(guide_with_text(text), "markdown"))
    assert heading == text
    assert paragraph == text
    assert item == text


@settings(max_examples=300, deadline=None)
@given(text=PUNCTUATION_HEAVY)
def test_markdown_syntax_characters_survive_a_round_trip(text):
    heading, paragraph, item = _section_texts(render(guide_with_text(text), "markdown"))
    assert (heading, paragraph, item) == (text, text, text)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<https://evil.example>",
        "[x](javascript:alert(1))",
        "![img](https://evil.example/x.png)",
        "&lt;b&gt; &#60; &amp;",
        "    four spaces of code",
        "# not a heading",
        "- not a list",
        "1. not a list",
        "---",
        "--",
        "- -",
        "-- x",
        "```fence",
        "> not a quote",
        "trailing backslash \\",
        "x <!-- comment -->",
    ],
)
def test_injection_strings_stay_text(text):
    assert _section_texts(render(guide_with_text(text), "markdown")) == (text, text, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pain-relieving", "pain-relieving"),
        ("30-60 minutes", "30-60 minutes"),
        ("(or qi)", "(or qi)"),
        ("Is Acupuncture Right for You?", "Is Acupuncture Right for You?"),
        ("a*b", "a\\*b"),
        ("<b>", "\\<b>"),
        ("AT&T", "AT&T"),
        ("&amp;", "\\&amp;"),
        ("C:\\path", "C:\\path"),
    ],
)
def test_only_syntax_is_escaped(text, expected):
    assert escape_markdown(text) == expected


def test_english_markdown_reads_like_the_seed():
    markdown = render(load_guide(), "markdown")
    lines = markdown.splitlines()
    assert lines[0] == "# Acupuncture for Back Pain: How It Works and What to Expect"
    assert lines[2] == "Sheila Woodford · May 31, 2025 · 2 min read"
    assert "A typical acupuncture session lasts about 30-60 minutes." in markdown
    assert "- Sciatica" in lines
    assert "\\" not in markdown


def test_heading_offset_adds_hashes():
    lines = render(load_guide(), "markdown", heading_offset=2).splitlines()
    assert lines[0].startswith("### Acupuncture")
    assert "#### Safety and Side Effects" in lines


def test_markdown_rejects_html_options():
    with pytest.raises(TypeError, match="unknown render option 'id_prefix' for format 'markdown'"):
        render(load_guide(), "markdown", id_prefix="x")


def test_inline_markup_round_trips_structurally(fixture_guide_source):
    from helpers import guide_from_source

    guide = guide_from_source(fixture_guide_source, "inline-markup-guide.md")
    markdown = render(guide, "markdown")
    again = guide_from_source(
        fixture_guide_source.split("+++\n", 2)[0]
        + "+++\n"
        + fixture_guide_source.split("+++\n", 2)[1]
        + "+++\n"
        + _body(markdown),
        "inline-markup-guide.md",
    )
    assert again.introduction == guide.introduction
    assert again.sections == guide.sections
    assert again.title == guide.title


def _body(markdown: str) -> str:
    """Drop the byline and the disclaimer (a break, its label, itself) around the content."""
    blocks = markdown.split("\n\n")
    return "\n\n".join([blocks[0], *blocks[2:-3]]) + "\n"


_SMALL = st.text(alphabet=st.sampled_from(list("ab *_[]\\<>&#!:.-`~é字")), min_size=1, max_size=6)
_INLINES = st.recursive(
    st.builds(lambda text: {"type": "text", "text": text}, _SMALL),
    lambda children: st.one_of(
        st.builds(
            lambda c: {"type": "emphasis", "children": c},
            st.lists(children, min_size=1, max_size=3),
        ),
        st.builds(
            lambda c: {"type": "strong", "children": c}, st.lists(children, min_size=1, max_size=3)
        ),
        st.builds(
            lambda c: {"type": "link", "href": "https://example.org/a_(b)", "children": c},
            st.lists(
                st.builds(lambda text: {"type": "text", "text": text}, _SMALL),
                min_size=1,
                max_size=2,
            ),
        ),
    ),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(content=st.lists(_INLINES, min_size=1, max_size=4))
def test_any_inline_markup_keeps_its_text_through_commonmark(content):
    from pydantic import ValidationError

    from acupuncture_content.models import plain_text

    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["introduction"] = [{"type": "paragraph", "content": content}]
    try:
        guide = Guide.model_validate(data)
    except ValidationError:  # e.g. whitespace-only content
        return
    tokens = PARSER.parse(render(guide, "markdown"))
    intro = [token for token in tokens if token.type == "inline"][2]
    allowed = {
        "text",
        "em_open",
        "em_close",
        "strong_open",
        "strong_close",
        "link_open",
        "link_close",
    }
    assert {child.type for child in intro.children} <= allowed
    text = "".join(child.content for child in intro.children if child.type == "text")
    assert text == plain_text(guide.introduction[0].content)


def test_ambiguous_nested_emphasis_keeps_its_text_and_drops_only_markup():
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    colon = {"type": "text", "text": ":"}
    nested = {
        "type": "emphasis",
        "children": [{"type": "emphasis", "children": [{"type": "emphasis", "children": [colon]}]}],
    }
    data["introduction"] = [{"type": "paragraph", "content": [nested]}]
    markdown = render(Guide.model_validate(data), "markdown")
    intro = [token for token in PARSER.parse(markdown) if token.type == "inline"][2]
    assert "".join(child.content for child in intro.children if child.type == "text") == ":"


def test_a_subclass_inline_rule_is_used_as_written(fixture_guide_source):
    from acupuncture_content.renderers import MarkdownRenderer
    from helpers import guide_from_source

    class MarkedLinks(MarkdownRenderer):
        def render_link(self, link):
            return super().render_link(link) + " (external)"

    guide = guide_from_source(fixture_guide_source, "inline-markup-guide.md")
    markdown = MarkedLinks().render(guide)
    assert "[link to *WHO*](<https://www.who.int/health-topics>) (external)" in markdown
    assert "**strong**" in markdown


# Structure: the inline tree reads back, except where the documented cases drop markup.

_DELIMITED = {"emphasis", "strong"}
_TOKEN_NODES = {"em_open": "emphasis", "strong_open": "strong", "link_open": "link"}


def _read_tree(tokens) -> list[dict]:
    """markdown-it inline tokens as the model's JSON shape (empty text left out)."""
    root: list[dict] = []
    stack = [root]
    for token in tokens:
        if token.type == "text" and token.content:
            siblings = stack[-1]
            if siblings and siblings[-1]["type"] == "text":
                siblings[-1]["text"] += token.content
            else:
                siblings.append({"type": "text", "text": token.content})
        elif token.type in _TOKEN_NODES:
            node = {"type": _TOKEN_NODES[token.type], "children": []}
            stack[-1].append(node)
            stack.append(node["children"])
        elif token.type.endswith("_close"):
            stack.pop()
        else:
            assert token.type == "text", token.type  # any other token: syntax leaked
    return root


def _shape(nodes: list[dict]) -> list[object]:
    """Structure and text, adjacent text merged (as the parser merges it)."""
    shape: list[object] = []
    for node in nodes:
        if node["type"] == "text":
            if shape and isinstance(shape[-1], str):
                shape[-1] += node["text"]
            else:
                shape.append(node["text"])
        else:
            shape.append((node["type"], _shape(node["children"])))
    return shape


def _may_lose_markup(nodes: list[dict], depth: int = 0) -> list[int]:
    """The ``id``s of the emphasis and strong nodes the renderer may write as plain text.

    ``depth`` counts the emphasis and strong around ``nodes``, from the nearest link
    (link text is read on its own). At depth 0 a node always keeps its markup; at
    depth 1 it does unless it directly follows another emphasis or strong; deeper,
    it may lose it (see the module docstring of ``renderers/markdown.py``).
    """
    found: list[int] = []
    for index, node in enumerate(nodes):
        if node["type"] == "text":
            continue
        delimited = node["type"] in _DELIMITED
        follows_run = index > 0 and nodes[index - 1]["type"] in _DELIMITED
        if delimited and (depth >= 2 or (depth == 1 and follows_run)):
            found.append(id(node))
        inner = 0 if node["type"] == "link" else depth + 1
        found.extend(_may_lose_markup(node["children"], inner))
    return found


def _without(nodes: list[dict], dropped: set[int]) -> list[dict]:
    """``nodes`` with the ``dropped`` nodes replaced by their children."""
    result: list[dict] = []
    for node in nodes:
        if node["type"] == "text":
            result.append(node)
        elif id(node) in dropped:
            result.extend(_without(node["children"], dropped))
        else:
            result.append({**node, "children": _without(node["children"], dropped)})
    return result


def _reads_as_documented(parsed: list[dict], content: list[dict]) -> bool:
    """Whether ``parsed`` is ``content`` with only markup the docs allow to drop dropped."""
    candidates = _may_lose_markup(content)
    assert len(candidates) <= 12  # the strategy keeps trees small
    target = _shape(parsed)
    return any(
        _shape(_without(content, {node for bit, node in enumerate(candidates) if mask >> bit & 1}))
        == target
        for mask in range(2 ** len(candidates))
    )


_TEXT = st.text(alphabet=st.sampled_from(list("ab é字 *_!\\[&:-«»「」。€")), min_size=1, max_size=5)
_LINK = "https://example.org/a_(b)"
_TREES = st.recursive(
    st.builds(lambda text: {"type": "text", "text": text}, _TEXT),
    lambda children: st.one_of(
        st.builds(
            lambda kind, nodes: {"type": kind, "children": nodes},
            st.sampled_from(["emphasis", "strong"]),
            st.lists(children, min_size=1, max_size=3),
        ),
        st.builds(
            lambda nodes: {"type": "link", "href": _LINK, "children": nodes},
            st.lists(children, min_size=1, max_size=2),
        ),
    ),
    max_leaves=7,
)


def _guide_with_inlines(content: list[dict]) -> Guide | None:
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["introduction"] = [{"type": "paragraph", "content": content}]
    data["sections"][0]["blocks"] = [{"type": "bullet_list", "items": [{"content": content}]}]
    try:
        return Guide.model_validate(data)
    except ValidationError:  # whitespace-only content, a link in a link
        return None


@settings(max_examples=500, deadline=None)
@given(content=st.lists(_TREES, min_size=1, max_size=4))
@example(  # the example: strong[a, emphasis[b]] came out as plain "ab"
    content=[
        {
            "type": "strong",
            "children": [
                {"type": "text", "text": "a"},
                {"type": "emphasis", "children": [{"type": "text", "text": "b"}]},
            ],
        }
    ]
)
def test_inline_structure_reads_back_except_where_documented(content):
    """Render random inline trees, parse the Markdown back, compare the trees.

    Normalisations, each one documented in ``renderers/markdown.py``:

    - adjacent runs of text are compared as one (Markdown cannot tell them apart), and
      link targets apart from the structure (every link keeps its target);
    - an emphasis or strong nested two deep in others, or directly after another one
      inside one, may keep its text and lose its markup (its children take its place):
      where both ``*`` and ``_`` are taken by the runs touching it, or where it must
      use the character of a run around it and its text starts or ends with
      whitespace, punctuation, a symbol or another run.

    Everything else must read back exactly: text, links, and every emphasis or strong
    that is not inside another, or inside one and not directly after another.
    """
    guide = _guide_with_inlines(content)
    if guide is None:
        return
    expected = [inline.model_dump(mode="json") for inline in guide.introduction[0].content]
    inlines = [token for token in PARSER.parse(render(guide, "markdown")) if token.type == "inline"]
    paragraph, item = inlines[2], inlines[4]
    for parsed in (paragraph.children, item.children):
        assert _reads_as_documented(_read_tree(parsed), expected), (expected, _shape(parsed))
        hrefs = [token.attrGet("href") for token in parsed if token.type == "link_open"]
        assert hrefs == [_LINK] * len(hrefs)


def _t(text: str) -> dict:
    return {"type": "text", "text": text}


def _em(*children: str | dict) -> dict:
    return {"type": "emphasis", "children": [_t(c) if isinstance(c, str) else c for c in children]}


def _strong(*children: str | dict) -> dict:
    return {"type": "strong", "children": [_t(c) if isinstance(c, str) else c for c in children]}


def _link(*children: str | dict) -> dict:
    nodes = [_t(c) if isinstance(c, str) else c for c in children]
    return {"type": "link", "href": "https://example.org/", "children": nodes}


@pytest.mark.parametrize(
    ("content", "markdown"),
    [
        # "*" unless a touching run took it; "_" never inside a word, so its neighbours
        # become references; a run of the character around it opens and closes only.
        ([_em("a"), _em("b")], "*a*_b_"),
        ([_strong("a"), _strong("b"), _strong("c")], "**a**__b__**c**"),
        ([_em(_em("x"))], "*_x_*"),
        ([_em("a", _em("b"), "c")], "*&#97;_b_&#99;*"),
        ([_strong("a", _em("b"))], "**&#97;_b_**"),
        ([_em(_strong("a", _em("b"), "c"))], "*__&#97;*b*&#99;__*"),
        ([_strong(_em(_strong("deep")))], "**_**deep**_**"),
        ([_em(_em(_em(":")))], "*_:_*"),
        # Both characters taken, or a run around's character with a space inside:
        # the text stays, the markup goes.
        ([_strong(_em("x"), _em("y"))], "**_x_&#121;**"),
        ([_em(_strong("a", _em(" b"), "c"))], "*__a bc__*"),
        # Link text is read on its own.
        ([_em("x", _link("a ", _strong("b")))], "*x[a **b**](<https://example.org/>)*"),
        # Unicode punctuation and symbols flank like ASCII punctuation.
        (["Le ", _em("«qi»"), "est"], "Le *«qi»*&#101;st"),
        (["鍼は", _strong("「安全」"), "です。"], "鍼&#12399;**「安全」**&#12391;す。"),
        (["鍼治療は", _strong("安全"), "です"], "鍼治療は**安全**です"),
        (["a", _em("€5")], "&#97;*€5*"),
        # A "!" before a link would make an image; a backslash before a reference
        # would escape it.
        (["Wow!", _link("more")], "Wow\\![more](<https://example.org/>)"),
        (["a\\!", _link("more")], "a\\\\\\![more](<https://example.org/>)"),
        (["a\\b", _strong(_em("c"))], "a\\\\&#98;**_c_**"),
    ],
)
def test_emphasis_is_written_as_documented(content, markdown):
    guide = _guide_with_inlines([_t(node) if isinstance(node, str) else node for node in content])
    assert guide is not None
    assert render(guide, "markdown").split("\n\n")[2] == markdown


def test_a_subclass_can_build_on_the_emphasis_and_strong_rules(fixture_guide_source):
    from acupuncture_content.renderers import MarkdownRenderer
    from helpers import guide_from_source

    class Loud(MarkdownRenderer):
        def render_emphasis(self, emphasis):
            return super().render_emphasis(emphasis).upper()

        def render_strong(self, strong):
            return f"[{super().render_strong(strong)}]"

    markdown = Loud().render(guide_from_source(fixture_guide_source, "inline-markup-guide.md"))
    assert "Plain *EMPHASIS*, [**strong**], *[**BOTH**]*, and a [link to *WHO*](<" in markdown
    assert "- item with [**bold**]" in markdown


@pytest.mark.parametrize(
    ("content", "markdown"),
    [
        # A run's whitespace edge becomes a reference, whichever end a nested run takes.
        ([_em(_strong("a"), "b ")], "*__a__&#98;&#32;*"),
        ([_em(" a", _strong("b"))], "*&#32;&#97;__b__*"),
        ([_strong(_em("a"), " ")], "**_a_&#32;**"),
    ],
)
def test_a_run_never_flanks_whitespace(content, markdown):
    guide = _guide_with_inlines(content)
    assert guide is not None
    assert render(guide, "markdown").split("\n\n")[2] == markdown


@pytest.mark.parametrize("author", ["# Hash", "1. Number", "- Dash", "> Quote"])
def test_a_byline_that_starts_like_block_syntax_stays_a_paragraph(author):
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["author"]["name"] = author
    markdown = render(Guide.model_validate(data), "markdown")
    tokens = PARSER.parse(markdown)
    assert [token.type for token in tokens[3:6]] == ["paragraph_open", "inline", "paragraph_close"]
    assert _inline_text(tokens[4].children).startswith(f"{author} · ")


# The read-back net: a defect in the delimiter choice costs emphasis, never text or links.

_BROKEN_BLOCK = [_strong("a", _em("b")), _link("c"), _t(" d")]


@pytest.fixture
def fresh_renders():
    """Renders are cached by fingerprint: none made by a broken renderer may outlive it."""
    _cache.clear_caches()
    yield
    _cache.clear_caches()


@pytest.mark.usefixtures("fresh_renders")
def test_the_net_writes_a_block_without_emphasis_when_its_runs_are_misread(monkeypatch):
    from acupuncture_content.renderers import _emphasis

    guide = _guide_with_inlines(_BROKEN_BLOCK)
    assert render(guide, "markdown").split("\n\n")[2] == (
        "**&#97;_b_**[c](<https://example.org/>) d"
    )
    # Without the references that let "_" open inside a word, "**a_b_**" reads as strong
    # text with underscores: the block is written again without emphasis.
    monkeypatch.setattr(_emphasis, "_separate_runs", lambda *_arguments: None)
    _cache.clear_caches()
    assert render(guide, "markdown").split("\n\n")[2] == "ab[c](<https://example.org/>) d"


@pytest.mark.usefixtures("fresh_renders")
def test_the_net_writes_a_block_as_plain_text_when_even_that_is_misread(monkeypatch):
    from acupuncture_content.renderers import _emphasis

    guide = _guide_with_inlines(_BROKEN_BLOCK)
    # A link written as an image reads back as something the model cannot hold.
    monkeypatch.setattr(_emphasis, "link_markdown", lambda text, href: f"![{text}](<{href}>)")
    assert render(guide, "markdown").split("\n\n")[2] == "abc d"


@pytest.mark.usefixtures("fresh_renders")
def test_the_net_also_checks_blocks_without_text_and_unwraps_emphasis_in_links(monkeypatch):
    from acupuncture_content.renderers import _emphasis

    guide = _guide_with_inlines([_strong("a", _em("b")), _link(_em("c"))])
    assert render(guide, "markdown").split("\n\n")[2] == (
        "**&#97;_b_**[*c*](<https://example.org/>)"
    )
    monkeypatch.setattr(_emphasis, "_separate_runs", lambda *_arguments: None)
    _cache.clear_caches()
    # Every node is markup, none is text: the block is still read back, and written
    # again with the emphasis inside the link unwrapped too.
    assert render(guide, "markdown").split("\n\n")[2] == "ab[c](<https://example.org/>)"


def test_emphasis_after_emphasis_inside_a_run_uses_the_run_s_character():
    from acupuncture_content.renderers.markdown import MarkdownRenderer

    content = (_strong("x", _em("a"), _em("b"), "y"),)
    guide = _guide_with_inlines(list(content))
    (paragraph,) = guide.introduction[:1]
    rendered = MarkdownRenderer().render_block_inlines(paragraph.content)
    # "b" cannot take "_" (the run just before) and is not at an edge of the strong
    # run, so it takes that run's "*", which its letters keep from closing it.
    assert rendered == "**&#120;_a_*b*&#121;**"
    assert _read_tree(PARSER.parseInline(rendered)[0].children) == [
        {
            "type": "strong",
            "children": [
                {"type": "text", "text": "x"},
                {"type": "emphasis", "children": [{"type": "text", "text": "a"}]},
                {"type": "emphasis", "children": [{"type": "text", "text": "b"}]},
                {"type": "text", "text": "y"},
            ],
        }
    ]


def _lists_in(markdown: str) -> list[list[str]]:
    """The bullet lists CommonMark reads in ``markdown``: each as its items' text."""
    lists: list[list[str]] = []
    for token in PARSER.parse(markdown):
        if token.type == "bullet_list_open":
            lists.append([])
        elif token.type == "inline" and lists and token.map and token.level >= 2:
            lists[-1].append(token.content)
    return lists


def _with_neighbouring_lists() -> Guide:
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]

    def bullets(*items: str) -> dict:
        return {"type": "bullet_list", "items": [{"content": [_t(item)]} for item in items]}

    data["introduction"] = [bullets("one", "two"), bullets("three"), bullets("four", "five")]
    data["sections"][0]["blocks"] = [
        bullets("a"),
        bullets("b"),
        {"type": "paragraph", "content": [_t("between")]},
        bullets("c"),
    ]
    return Guide.model_validate(data)


def test_neighbouring_bullet_lists_stay_apart():
    guide = _with_neighbouring_lists()
    markdown = render(guide, "markdown")
    assert "- one\n- two\n\n* three\n\n- four\n- five" in markdown
    assert "- a\n\n* b\n\nbetween\n\n- c" in markdown  # a paragraph in between resets
    expected = [["one", "two"], ["three"], ["four", "five"], ["a"], ["b"], ["c"]]
    assert _lists_in(markdown)[:6] == expected
    for token in PARSER.parse(markdown):
        if token.type == "paragraph_open" and token.level > 0 and not token.hidden:
            pytest.fail("a list read as loose: its items are paragraphs")


def test_a_renderer_with_its_own_list_items_gets_them_in_every_list():
    from acupuncture_content.renderers import MarkdownRenderer

    class PlusItems(MarkdownRenderer):
        def render_list_item(self, item):
            return f"+ {self.render_block_inlines(item.content)}"

    markdown = PlusItems().render(_with_neighbouring_lists())
    assert "+ one\n+ two\n\n+ three\n\n+ four\n+ five" in markdown
    assert "* " not in markdown


def test_neighbouring_bullet_lists_stay_apart_in_chunks():
    from acupuncture_content import chunks

    introduction, first = chunks(_with_neighbouring_lists())[:2]
    assert _lists_in(introduction.markdown) == [["one", "two"], ["three"], ["four", "five"]]
    assert _lists_in(first.markdown) == [["a"], ["b"], ["c"]]


# The CommonMark escapes, one by one ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "heading", "escaped"),
    [
        ("C#", False, "C#"),  # a "#" ends a paragraph as itself
        ("C#", True, "C\\#"),  # a heading's closing "#" run would be dropped
        ("Item #", True, "Item \\#"),
        ("C\\#", True, "C\\\\#"),  # an escaped backslash, then "#": no closing run
        ("# one", False, "# one"),  # not at a block's start: text
    ],
)
def test_escape_markdown_escapes_a_heading_s_final_hash_only_in_headings(text, heading, escaped):
    assert escape_markdown(text, heading=heading) == escaped
    if heading:
        tokens = PARSER.parse(f"## {escaped}")
        assert [token.type for token in tokens] == ["heading_open", "inline", "heading_close"]
        assert _read_tree(tokens[1].children) == [{"type": "text", "text": text}]


def test_escape_markdown_without_options_is_not_heading_content():
    assert escape_markdown("Item #") == "Item #"


HREF_WITH_SYNTAX = "https://example.org/a<b>\\c?x=1&amp;y=2"
#: What the link policy lets through of Markdown's syntax: parentheses and entities.
ACCEPTED_HREF_WITH_SYNTAX = "https://example.org/a(b))*c*?x=1&amp;y=&#32;2"


def test_link_destinations_escape_angle_brackets_backslashes_and_entities():
    from acupuncture_content.renderers._commonmark import escape_link_destination

    assert escape_link_destination(HREF_WITH_SYNTAX) == (
        "https://example.org/a\\<b\\>\\\\c?x=1\\&amp;y=2"
    )
    guide = _guide_with_inlines([_t("see "), {**_link("here"), "href": ACCEPTED_HREF_WITH_SYNTAX}])
    paragraph = render(guide, "markdown").split("\n\n")[2]
    (link_open,) = [t for t in PARSER.parseInline(paragraph)[0].children if t.type == "link_open"]
    assert link_open.attrGet("href") == PARSER.normalizeLink(ACCEPTED_HREF_WITH_SYNTAX)


@pytest.mark.parametrize(
    ("rendered", "text", "protected"),
    [
        ("a", "a", "a"),
        ("a  ", "a  ", "a&#32;&#32;"),
        ("\t b", "\t b", "&#9;&#32;b"),
        ("x", "x", "x"),
    ],
)
def test_protect_edges_writes_every_edge_whitespace_as_a_reference(rendered, text, protected):
    from acupuncture_content.renderers._commonmark import protect_edges

    assert protect_edges(rendered, text) == protected
    assert _read_tree(PARSER.parseInline(protected)[0].children) == [{"type": "text", "text": text}]


@pytest.mark.parametrize(
    ("rendered", "referenced"),
    [
        ("ab", "a&#98;"),
        ("a\\b", "a\\\\&#98;"),  # the backslash would escape the reference's "&"
        ("a\\\\b", "a\\\\&#98;"),  # an escaped backslash already: left as is
        ("a\\\\\\b", "a\\\\\\\\&#98;"),
    ],
)
def test_reference_last_keeps_a_backslash_before_it_literal(rendered, referenced):
    from acupuncture_content.renderers._commonmark import reference_last

    assert reference_last(rendered) == referenced
    original = _read_tree(PARSER.parseInline(rendered)[0].children)
    assert _read_tree(PARSER.parseInline(referenced)[0].children) == original


def _text_read_back(markdown: str) -> str:
    tokens = PARSER.parseInline(markdown)[0].children
    return "".join(token.content for token in tokens if token.type == "text")


def test_markup_lost_inside_a_link_does_not_cost_the_rest_of_the_block_its_emphasis():
    # In a link, emphasis right after emphasis inside emphasis may lose its markup
    # (":" next to a run); the read-back must expect that, or the whole block would
    # be written again without any emphasis.
    content = [
        _em("a"),
        _t(" "),
        _link(_em(_em(":"), _em(":"))),
    ]
    paragraph = render(_guide_with_inlines(content), "markdown").split("\n\n")[2]
    tree = _read_tree(PARSER.parseInline(paragraph)[0].children)
    assert tree[0] == {"type": "emphasis", "children": [{"type": "text", "text": "a"}]}
    (link,) = [node for node in tree if node["type"] == "link"]
    assert link["children"][0]["type"] == "emphasis"
    assert _shape(link["children"]) in (
        [("emphasis", [("emphasis", [":"]), ("emphasis", [":"])])],
        [("emphasis", [("emphasis", [":"]), ":"])],
    )


def test_deep_nesting_renders_each_node_a_bounded_number_of_times(monkeypatch):
    """A node whose markup cannot be written is rendered again among its siblings.

    Without memoising what a block already rendered, markup nested 15 deep (the
    models allow 16) took 2**n renderings: a few hundred such nodes held a worker
    for minutes.
    """
    from acupuncture_content.models import Emphasis, Strong, Text
    from acupuncture_content.renderers._emphasis import InlineWriter
    from acupuncture_content.renderers.markdown import MarkdownRenderer

    node = Text(text="a!")
    for level in range(15):
        kind = Emphasis if level % 2 else Strong
        node = kind(children=(Text(text="x"), node, Text(text=".")))
    runs = []
    real_run = InlineWriter._run

    def counted(self, *arguments):
        runs.append(arguments[0])
        return real_run(self, *arguments)

    monkeypatch.setattr(InlineWriter, "_run", counted)
    rendered = MarkdownRenderer().render_block_inlines((node,))
    assert len(runs) <= 15 * 8 + 1  # each run of children in at most 8 contexts, plus the block
    assert _read_tree(PARSER.parseInline(rendered)[0].children)  # and it is Markdown
    assert _text_read_back(rendered) == "x" * 15 + "a!" + "." * 15


def test_a_heading_escapes_only_its_closing_hash():
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    data["sections"][0]["heading"] = "- 1. > Item #"
    markdown = render(Guide.model_validate(data), "markdown")
    assert "\n## - 1. > Item \\#\n" in markdown  # after "## " nothing else starts a block
    tokens = PARSER.parse(markdown)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert _text_read_back(headings[1]) == "- 1. > Item #"


# The disclaimer is set apart from the article ----------------------------------------


def test_the_disclaimer_follows_a_thematic_break_under_its_label():
    markdown = render(load_guide(), "markdown")
    assert markdown.endswith(
        "\n\n---\n\n**Medical disclaimer**\n\n"
        "This guide is general information only and is not a substitute for professional "
        "medical advice. Talk to a qualified health professional about your symptoms and "
        "treatment.\n"
    )
    tokens = PARSER.parse(markdown)
    hr = next(index for index, token in enumerate(tokens) if token.type == "hr")
    # After the break: the label's paragraph (in strong emphasis), then the disclaimer's.
    assert [token.type for token in tokens[hr:]] == [
        "hr",
        *["paragraph_open", "inline", "paragraph_close"] * 2,
    ]
    label, disclaimer = (token for token in tokens[hr:] if token.type == "inline")
    children = [child for child in label.children if child.type != "text" or child.content]
    assert [child.type for child in children] == ["strong_open", "text", "strong_close"]
    assert children[1].content == "Medical disclaimer"
    assert disclaimer.content.startswith("This guide is general information only")


@pytest.mark.parametrize("locale", ["ar", "ja", "ru"])
def test_every_locale_labels_its_disclaimer_in_its_language(locale):
    from acupuncture_content import labels

    guide = load_guide(locale=locale)
    strings = labels(guide)
    assert render(guide, "markdown").endswith(
        f"\n\n---\n\n**{strings.disclaimer_label}**\n\n{strings.disclaimer}\n"
    )


@pytest.mark.parametrize("label", ["*Note*", "(Note)", " Note", "# Note", "Note_", "**"])
def test_a_label_of_any_text_stays_that_text_in_strong_emphasis(label):
    from acupuncture_content import labels
    from acupuncture_content.renderers import MarkdownRenderer

    guide = load_guide()
    strings = labels(guide).model_copy(update={"disclaimer_label": label})
    markdown = MarkdownRenderer().render(guide, strings)
    tokens = PARSER.parse(markdown)
    hr = next(index for index, token in enumerate(tokens) if token.type == "hr")
    inline = tokens[hr + 2]
    assert inline.type == "inline"
    assert _inline_text(child for child in inline.children if "strong" not in child.type) == (label)
