"""The hostile inputs an outside review found in 0.2.0, each reproduced exactly.

Every test here is one finding: untrusted guide JSON that hung validation, model
instances that smuggled unchecked content past it, characters that broke outputs,
caches that served one guide's page for another or grew without bound, quadratic
wrapping, a JSON Schema that needed source files. (Timing is checked as ratios by
``benchmarks/run.py``; the subprocess timeouts here only guard against a hang.)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest
from pydantic import ValidationError

from acupuncture_content import Guide, Link, Text, _cache, load_guide, render
from acupuncture_content._api import renders_cache
from acupuncture_content._urls import MAX_HREF_LENGTH, check_href
from acupuncture_content._width import wrap


def _data() -> dict:
    data = load_guide().model_dump(mode="json")
    del data["fingerprint"]
    return data


def _with_link(href: str) -> dict:
    data = _data()
    data["introduction"][0]["content"] = [
        {"type": "link", "href": href, "children": [{"type": "text", "text": "more"}]}
    ]
    return data


# 4. Validation is linear in the input, and hrefs are bounded.

LAYERED_PERCENT = "https://example.org/%" + "25" * 16000 + "41"
LAYERED_ENTITY = "https://example.org/?&" + "amp;" * 16000


@pytest.mark.parametrize("href", [LAYERED_PERCENT, LAYERED_ENTITY])
def test_a_huge_layered_href_is_refused_for_its_length(href):
    with pytest.raises(ValueError, match=f"must be 1 to {MAX_HREF_LENGTH} characters long"):
        check_href(href)


def test_an_83_kb_guide_json_is_refused_at_once(tmp_path):
    data = _with_link(LAYERED_PERCENT + "&amp;" * 10000)
    document = json.dumps(data)
    assert len(document) > 83_000
    script = textwrap.dedent(
        """
        import sys
        from pydantic import ValidationError
        from acupuncture_content import Guide
        try:
            Guide.model_validate_json(open(sys.argv[1], encoding="utf-8").read())
        except ValidationError as error:
            print(error.errors()[0]["loc"])
        """
    )
    path = tmp_path / "guide.json"
    path.write_text(document, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,  # 0.2.0 took 15 s; linear validation takes milliseconds
    )
    assert result.stdout.strip() == "('introduction', 0, 'paragraph', 'content', 0, 'link', 'href')"


@pytest.mark.parametrize(
    ("href", "message"),
    [
        # The link policy is ASCII after the host: anything else is percent-encoded.
        ("https://example.org/\ufdd0", "'\\ufdd0' at position 20: write it percent-encoded"),
        ("https://example.org/\u202e", "'\\u202e' at position 20: write it percent-encoded"),
        ("https://[::1", "must name a host alone"),  # urlsplit raises on the open bracket
        ("https://[::1/a", "must name a host alone"),
    ],
)
def test_check_href_names_what_is_wrong(href, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        check_href(href)


# 5. Model instances nested in input are validated like dicts.


def test_a_model_copy_link_with_javascript_is_validated_inside_a_guide():
    safe = Link(href="https://example.org/", children=[Text(text="x")])
    evil = safe.model_copy(update={"href": "javascript:alert(document.cookie)"})
    data = _data()
    data["introduction"][0]["content"] = [evil]
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate(data)
    assert caught.value.errors()[0]["loc"][-1] == "href"


def test_a_model_construct_text_with_terminal_escapes_is_validated_inside_a_guide():
    data = _data()
    data["introduction"][0]["content"] = [Text.model_construct(text="\x1b[2J\x00")]
    with pytest.raises(ValidationError, match="control character U\\+001B"):
        Guide.model_validate(data)


def test_a_guide_built_without_validation_is_validated_before_rendering():
    data = _data()
    data["title"] = "\x1b[2J"
    forged = Guide.model_construct(**Guide.model_validate(_data()).__dict__)
    object.__setattr__(forged, "title", "\x1b[2J")
    with pytest.raises(ValidationError, match="control character"):
        render(forged, "text")


# 6. Text that broke outputs is rejected, naming the field.


@pytest.mark.parametrize(
    ("character", "message"),
    [
        ("\uffff", "Unicode noncharacter U+FFFF"),
        ("\ufdd0", "Unicode noncharacter U+FDD0"),
        ("\U0010ffff", "Unicode noncharacter U+10FFFF"),
        ("\u202e", "bidirectional embedding or override U+202E"),
        ("\u202a", "bidirectional embedding or override U+202A"),
        ("\ud800", "lone surrogate U+D800"),
        ("\u2066", "is not closed by U+2069"),
        ("\u2069", "closes nothing"),
        # Text no reader sees but a language model reads ("ASCII smuggling"), found by
        # an outside tester in chunks and llms.txt.
        ("\U000e0049\U000e0067\U000e006e", "tag character (hidden text) U+E0049"),
        ("\ufff9", "invisible character U+FFF9"),
        ("\u2064", "invisible character U+2064"),
        ("\ufeff", "invisible character U+FEFF"),
        ("\ue000", "private-use character U+E000"),
        ("\U0010fffd", "private-use character U+10FFFD"),
    ],
)
@pytest.mark.parametrize("field", ["title", "author", "heading", "text"])
def test_characters_that_break_outputs_are_rejected_in_every_text_field(field, character, message):
    data = _data()
    value = f"Safe {character} text"
    location: tuple = ()
    if field == "title":
        data["title"], location = value, ("title",)
    elif field == "author":
        data["author"]["name"], location = value, ("author", "name")
    elif field == "heading":
        data["sections"][0]["heading"], location = value, ("sections", 0, "heading")
    else:
        data["sections"][0]["blocks"][0]["content"][0]["text"] = value
        location = ("sections", 0, "blocks", 0, "paragraph", "content", 0, "text", "text")
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate(data)
    assert caught.value.errors()[0]["loc"] == location
    # Pydantic itself refuses a lone surrogate in some fields, before the text rules run.
    assert message in str(caught.value) or "valid string" in str(caught.value)


def test_balanced_isolates_and_directional_marks_are_allowed():
    data = _data()
    data["title"] = "A \u2068Sheila\u2069 title \u200e\u200f\u061c"
    assert Guide.model_validate(data).title == data["title"]


def test_zero_width_spaces_joiners_and_soft_hyphens_that_scripts_need_are_allowed():
    data = _data()
    # Thai word boundaries, a Devanagari conjunct with ZWJ/ZWNJ, a soft hyphen.
    data["title"] = (
        "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b\u0e04\u0e23\u0e31\u0e1a \u0915\u094d\u200d\u0937 a\u00adb \u200c"
    )
    assert Guide.model_validate(data).title == data["title"]


@pytest.mark.parametrize("minutes", [1001, 10**25])
def test_an_absurd_reading_time_is_rejected_by_validation_not_by_rendering(minutes):
    data = {**_data(), "reading_time_minutes": minutes}
    with pytest.raises(ValidationError, match="less than or equal to 1000") as caught:
        Guide.model_validate(data)
    assert caught.value.errors()[0]["loc"] == ("reading_time_minutes",)
    assert (
        Guide.model_validate({**_data(), "reading_time_minutes": 1000}).reading_time_minutes == 1000
    )


# 7. Caches never answer for different content, and stay bounded.


def test_guides_built_with_model_construct_never_share_a_render():
    base = Guide.model_validate(_data())
    patient_a = Guide.model_construct(**{**base.__dict__, "title": "Patient A", "fingerprint": ""})
    patient_b = Guide.model_construct(**{**base.__dict__, "title": "Patient B", "fingerprint": ""})
    assert "Patient A" in render(patient_a, "html")
    assert "Patient B" in render(patient_b, "html")
    assert "Patient A" not in render(patient_b, "html")


def test_a_model_copy_cannot_get_or_poison_the_original_s_render():
    original = load_guide(locale="fr")
    expected = render(original, "html")
    changed = original.model_copy(update={"title": "Changed"})
    # The copy is validated, with a fingerprint of its own: it renders as itself.
    assert changed.fingerprint == changed.compute_fingerprint() != original.fingerprint
    assert "<h1>Changed</h1>" in render(changed, "html")
    assert render(original, "html") == expected


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


MEMORY = textwrap.dedent(
    """
    import gc, tracemalloc
    from acupuncture_content import UnknownLocaleError, load_guide
    from babel import localedata

    def ask(tag):
        try:
            load_guide(locale=tag)
        except UnknownLocaleError:
            pass

    for i in range(50):  # warm up what is loaded once
        ask(f"de-{i:03d}")
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(1024):
        ask("de." + str(i) + "x" * 1_000_000)
    for i in range(20000):
        ask(f"de-DE@{'y' * 4096}{i}")
        ask(f"de-DE-x-{i}")
    gc.collect()
    print(tracemalloc.get_traced_memory()[0] - before, localedata.exists.cache_info().currsize)
    """
)


def test_memory_stays_flat_however_many_distinct_tags_load_guide_is_asked_for():
    result = subprocess.run(
        [sys.executable, "-c", MEMORY], capture_output=True, text=True, check=True, timeout=300
    )
    growth, babel_entries = map(int, result.stdout.split())
    assert growth < 4 * 1024 * 1024, growth  # 0.2.0 kept +978 MB
    assert babel_entries < 50  # Babel's unbounded cache never sees a hostile tag


# 9. Wrapping is linear (the benchmark times it; here, the output is right).


@pytest.mark.parametrize("text", ["д" + "a" * 100_000, "ก" * 100_000, "字" * 10_000])
def test_a_long_run_without_break_opportunities_wraps_correctly(text):
    lines = wrap(text, 40)
    assert "".join(lines) == text
    if text[0] == "字":
        assert {len(line) for line in lines} == {20}
    else:
        assert lines == [text]  # one unbreakable word, kept whole


# 10. The JSON Schema works without source files.


def test_the_json_schema_works_in_a_bytecode_only_install(tmp_path):
    import compileall
    import shutil
    from importlib import resources

    package = tmp_path / "acupuncture_content"
    shutil.copytree(
        str(resources.files("acupuncture_content")),
        package,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    assert compileall.compile_dir(package, legacy=True, quiet=1)
    for source in package.rglob("*.py"):
        source.unlink()
    script = (
        "import acupuncture_content.models as m; "
        "schema = m.Guide.model_json_schema(); "
        "print(m.__file__.endswith('.pyc'), 'description' in schema['properties']['title'], "
        "schema['title'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
        timeout=120,
    )
    assert result.stdout.split() == ["True", "False", "Guide"]


@pytest.mark.parametrize(
    "href",
    [
        "https:%2F%2Fexample.org",  # a browser reads it as a path on the current site
        "https:/%2Fexample.org",
        "http:&#47;&#47;example.org",
        "https://@/",  # userinfo or a port, and no host
        "https://user@/",
        "https://:80/",
        "https://%40/",
        "http://\\/",
        "http://%5C/",
        "https://./",
        "https://../",
        "https://;/",
        "https://\u200b/",  # invisible hosts, raw or encoded
        "https://%E2%80%8B/",
        "https://\u3164/",
        "https://%EF%BB%BF/",
        "https://%E2%80%AE/",
        "https://%F3%A0%81%81/",
        "https://%ff/",
        "mailto:?subject=x",  # no address
        "mailto:%3F",
        "mailto:\u200b",
        "mailto:&#8203;",
        # Narrowed in issue 17: no IP address, port, user, or mailto: headers.
        "https://[::1]/",
        "http://localhost:8080/x",
        "https://user:secret@example.org/",
        "mailto:care@example.org?subject=Hi%20there",
    ],
)
def test_an_href_must_name_a_host_or_an_address_a_reader_sees(href):
    with pytest.raises(
        ValueError,
        match=r"must name (a host|a domain)|has the host label|must be one address|backslash",
    ):
        check_href(href)


@pytest.mark.parametrize(
    "href",
    [
        "https://www.nhs.uk/conditions/back-pain/",
        "https://bücher.example/",
        "mailto:care@example.org",
        "tel:+1-555-0100",
    ],
)
def test_ordinary_hosts_and_addresses_stay_accepted(href):
    assert check_href(href) == href
