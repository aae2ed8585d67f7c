"""changes(): which chunks each release changed, per locale, against the real history.

The history (``src/acupuncture_content/_history.json``) is made from each release's
own JSON (``tests/compat/``). What these tests expect of 0.2.0 and 0.3.0 is what the
changelog says those releases changed; what they expect of the unreleased work is
what this round changed (the unreleased part grows with each content change until
the release: add it here with its changelog line).
"""

from __future__ import annotations

import datetime
import json

import pytest
from pydantic import ValidationError

from acupuncture_content import (
    Change,
    GuideNotFoundError,
    UnknownLocaleError,
    __version__,
    available_locales,
    changes,
    chunks,
    load_guide,
)
from acupuncture_content._changes import Edition, changes_between
from acupuncture_content._history import LABELS, ChunkState, GuideState, LocaleState, history
from acupuncture_content.cli import main

GUIDE = "acupuncture-for-back-pain"
SECTIONS = (
    "introduction",
    "how-acupuncture-helps-with-back-pain",
    "types-of-back-pain-treated",
    "what-to-expect-during-treatment",
    "safety-and-side-effects",
    "is-acupuncture-right-for-you",
)
# This round's work is released as 0.4.0. Until then changes() reports it under the
# installed .devN version, undated; once the release step has added 0.4.0 to the
# history, under 0.4.0 with its date.
THIS_ROUND = (
    ("0.4.0", history().release("0.4.0").date)
    if "0.4.0" in history().versions()
    else (__version__, None)
)

# What 0.3.0 changed (the changelog's 0.3.0 "Fixed" translation lines): the audit's
# fixes to the Arabic, German, Hindi, Japanese and Korean translations, and the
# interface strings (labels: the notices, the reading times) of every translation but
# Korean's. Nothing in English; every change is to a translation alone.
IN_0_3_0 = {
    "ar": [
        "how-acupuncture-helps-with-back-pain",
        "types-of-back-pain-treated",
        "what-to-expect-during-treatment",
        "is-acupuncture-right-for-you",
        LABELS,
    ],
    "de": ["what-to-expect-during-treatment", LABELS],
    "es": [LABELS],
    "fr": [LABELS],
    "hi": ["types-of-back-pain-treated", "what-to-expect-during-treatment", LABELS],
    "ja": [
        "how-acupuncture-helps-with-back-pain",
        "types-of-back-pain-treated",
        "what-to-expect-during-treatment",
        LABELS,
    ],
    "ko": ["types-of-back-pain-treated", "what-to-expect-during-treatment"],
    "pt-BR": [LABELS],
    "ru": [LABELS],
    "vi": [LABELS],
    "zh-Hans": [LABELS],
}
# What this round changed since 0.3.0 (the changelog's [Unreleased], then 0.4.0): the translation
# reviews' fixes in the sections below, and in every locale the labels (the disclaimer's
# new label "Medical disclaimer" in English too, the AI translation notice, the
# author's reading time). The English text of the guide itself is unchanged.
UNRELEASED_SECTIONS = {
    "ar": ["how-acupuncture-helps-with-back-pain", "what-to-expect-during-treatment"],
    "de": ["types-of-back-pain-treated"],
    "en": [],
    "es": [],
    "fr": list(SECTIONS),
    "hi": ["types-of-back-pain-treated"],
    "ja": ["how-acupuncture-helps-with-back-pain", "what-to-expect-during-treatment"],
    "ko": [section for section in SECTIONS if section != "safety-and-side-effects"],
    "pt-BR": ["how-acupuncture-helps-with-back-pain", "types-of-back-pain-treated"],
    "ru": [
        "how-acupuncture-helps-with-back-pain",
        "types-of-back-pain-treated",
        "is-acupuncture-right-for-you",
    ],
    "vi": [],
    "zh-Hans": [section for section in SECTIONS if section != "safety-and-side-effects"],
}


def _by_locale(found: tuple[Change, ...], release: str) -> dict[str, list[str]]:
    by_locale: dict[str, list[str]] = {}
    for change in found:
        if change.release == release:
            by_locale.setdefault(change.locale, []).append(change.chunk)
    return by_locale


# --- against the real history -------------------------------------------------------


def test_since_0_2_0_english_reports_only_this_round_s_disclaimer_label():
    # 0.3.0 changed nothing English; this round gave the disclaimer a label, an
    # interface string, so "labels" changed, in the source itself.
    found = [c for c in changes("0.2.0", locale="en") if c.release in {"0.3.0", THIS_ROUND[0]}]
    assert [(c.release, c.date, c.chunk, c.kind, c.source_changed) for c in found] == [
        (*THIS_ROUND, LABELS, "changed", True)
    ]


def test_since_0_2_0_the_audited_translations_report_exactly_the_sections_0_3_0_fixed():
    found = changes("0.2.0")
    in_0_3_0 = [change for change in found if change.release == "0.3.0"]
    assert _by_locale(found, "0.3.0") == IN_0_3_0
    assert {change.date for change in in_0_3_0} == {history().release("0.3.0").date}
    assert all(change.kind == "changed" for change in in_0_3_0)
    assert not any(change.source_changed for change in in_0_3_0)  # translations alone
    assert {change.release for change in found} >= {"0.3.0", THIS_ROUND[0]}


def test_since_0_1_0_the_korean_correction_of_0_2_0_comes_first():
    found = changes("0.1.0")
    assert [(c.release, c.locale, c.chunk) for c in found if c.release == "0.2.0"] == [
        ("0.2.0", "ko", "what-to-expect-during-treatment")
    ]
    assert found[0].release == "0.2.0"


def test_since_0_3_0_every_locale_reports_this_round_s_changes():
    found = [change for change in changes("0.3.0") if change.release == THIS_ROUND[0]]
    assert {change.date for change in found} == {THIS_ROUND[1]}
    assert _by_locale(found, THIS_ROUND[0]) == {
        tag: [*sections, LABELS] for tag, sections in UNRELEASED_SECTIONS.items()
    }
    # The guide's English text did not change, so every section change is to a
    # translation alone; the labels changed in English too.
    assert all(change.source_changed == (change.chunk == LABELS) for change in found)
    assert all(change.kind == "changed" for change in found)


def test_the_unreleased_changes_are_exactly_the_chunks_whose_fingerprints_moved():
    # Worked out another way: today's chunks() against the fingerprints 0.3.0 shipped.
    last = history().releases[-1].guides[GUIDE].locales
    found = changes(history().versions()[-1])
    for tag in available_locales():
        then = {chunk.id: chunk.fingerprint for chunk in last[tag].chunks}
        now = {chunk.id: chunk.fingerprint for chunk in chunks(load_guide(locale=tag))}
        moved = [chunk_id for chunk_id, fingerprint in now.items() if then[chunk_id] != fingerprint]
        reported = [c for c in found if c.locale == tag and c.chunk != LABELS]
        assert [c.chunk for c in reported] == moved, tag
        assert [(c.before, c.after) for c in reported] == [(then[i], now[i]) for i in moved]


def test_changes_are_ordered_by_release_then_locale_then_chunk():
    found = changes("0.1.0")
    releases = [*history().versions(), __version__]
    locales = available_locales()
    order = [*SECTIONS, LABELS]
    keys = [
        (releases.index(c.release), locales.index(c.locale), order.index(c.chunk)) for c in found
    ]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_one_locale_is_matched_as_load_guide_matches_it():
    assert changes("0.3.0", locale="de-CH") == changes("0.3.0", locale="de")
    assert changes("0.2.0", locale="pt_br") == changes("0.2.0", locale="pt-BR")
    assert {change.locale for change in changes("0.2.0", locale="PT-pt")} == {"pt-BR"}
    everything = changes("0.2.0")
    assert changes("0.2.0", locale="ja") == tuple(c for c in everything if c.locale == "ja")


def test_a_locale_no_translation_serves_is_an_error_not_the_english_changes():
    with pytest.raises(UnknownLocaleError, match=r"serves locale 'zh-TW'; available locales: ar"):
        changes("0.2.0", locale="zh-TW")
    with pytest.raises(UnknownLocaleError, match=r"'not a locale!' is not a locale"):
        changes("0.2.0", locale="not a locale!")
    with pytest.raises(TypeError, match=r"locale must be a str or babel\.Locale, not int"):
        changes("0.2.0", locale=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("since", ["0.2.5", "9.9.9", "v0.3.0", "", "latest"])
def test_since_must_be_a_release_and_the_error_names_the_releases(since):
    known = ", ".join(history().versions())
    with pytest.raises(
        ValueError, match=r"^changes\(\) argument 'since' must be a release"
    ) as error:
        changes(since)
    assert str(error.value).endswith(f"not {since!r}; known releases: {known}")


def test_the_installed_version_is_a_release_with_no_later_changes_or_a_dev_build():
    if __version__ in history().versions():
        assert changes(__version__) == ()
    else:  # a .devN build: its own version is no release to count from
        with pytest.raises(ValueError, match=r"must be a release"):
            changes(__version__)


def test_since_and_guide_are_checked():
    with pytest.raises(TypeError, match=r"'since' must be a release version \(a str\), not float"):
        changes(0.3)  # type: ignore[arg-type]
    with pytest.raises(GuideNotFoundError, match="no-such-guide"):
        changes("0.2.0", guide="no-such-guide")
    with pytest.raises(TypeError, match="guide must be a str slug"):
        changes("0.2.0", guide=None)  # type: ignore[arg-type]


def test_since_the_newest_release_of_a_release_build_there_is_nothing(as_release):
    # As a release build sees it: the release step appended the installed content to
    # the history, under the installed version, with its date.
    as_release(("9.0.0", datetime.date(2099, 1, 31)))
    assert changes("9.0.0") == ()
    found = changes("0.3.0", locale="en")
    # English's one change of this round (the disclaimer's label) is 0.4.0's once that
    # is released, else the made-up release's, which holds the unreleased work.
    released, date = (
        THIS_ROUND if THIS_ROUND[1] is not None else ("9.0.0", datetime.date(2099, 1, 31))
    )
    assert [(c.release, c.date, c.chunk) for c in found] == [(released, date, LABELS)]


# --- the Change model ----------------------------------------------------------------


def test_a_change_is_frozen_json_data_that_round_trips():
    change = changes("0.1.0", locale="ko")[0]
    assert json.loads(change.model_dump_json()) == {
        "release": "0.2.0",
        "date": history().release("0.2.0").date.isoformat(),
        "guide": GUIDE,
        "locale": "ko",
        "chunk": "what-to-expect-during-treatment",
        "kind": "changed",
        "source_changed": False,
        "before": change.before,
        "after": change.after,
    }
    assert Change.model_validate_json(change.model_dump_json()) == change
    with pytest.raises(ValidationError, match="frozen"):
        change.kind = "added"  # type: ignore[misc]


def test_a_change_s_kind_must_fit_its_fingerprints():
    data = changes("0.1.0", locale="ko")[0].model_dump()
    with pytest.raises(ValidationError, match="kind 'added' does not fit"):
        Change.model_validate({**data, "kind": "added"})
    with pytest.raises(ValidationError, match="kind 'removed' does not fit"):
        Change.model_validate({**data, "kind": "removed"})
    with pytest.raises(ValidationError, match="kind 'changed' does not fit"):
        Change.model_validate({**data, "after": data["before"]})
    with pytest.raises(ValidationError, match="before"):
        Change.model_validate({**data, "before": "not a fingerprint"})
    with pytest.raises(ValidationError, match="kind"):
        Change.model_validate({**data, "kind": "edited"})
    assert Change.model_validate({**data, "kind": "added", "before": None}).kind == "added"


def test_change_is_in_the_json_schema_with_every_field_described():
    schema = Change.model_json_schema()
    assert list(schema["properties"]) == [
        "release", "date", "guide", "locale", "chunk", "kind", "source_changed", "before", "after",
    ]  # fmt: skip
    assert all("description" in field for field in schema["properties"].values())
    assert schema["properties"]["kind"]["enum"] == ["added", "removed", "changed"]


# --- chunks that come and go, locales that come -------------------------------------

A, B, C, D = ("a" * 64, "b" * 64, "c" * 64, "d" * 64)


def _state(**locales: list[tuple[str, str]]) -> GuideState:
    return GuideState(
        source_locale="en",
        locales={
            tag.replace("_", "-"): LocaleState(
                fingerprint=A,
                chunks=tuple(
                    ChunkState(id=chunk_id, fingerprint=fingerprint, source_changed=False)
                    for chunk_id, fingerprint in chunks_of
                ),
            )
            for tag, chunks_of in locales.items()
        },
    )


def test_added_and_removed_chunks_and_a_new_locale():
    first = Edition(
        "1.0.0",
        datetime.date(2030, 1, 1),
        _state(en=[("introduction", A), ("old", B), (LABELS, C)], de=[("introduction", A)]),
    )
    second = Edition(
        "1.1.0",
        datetime.date(2030, 2, 1),
        _state(
            en=[("introduction", A), ("new", D), (LABELS, C)],
            de=[("introduction", B)],
            fr=[("introduction", C)],
        ),
    )
    found = changes_between([first, second], 0, "g", ["de", "en", "fr"])
    assert [(c.locale, c.chunk, c.kind, c.source_changed, c.before, c.after) for c in found] == [
        ("de", "introduction", "changed", False, A, B),
        # A removed chunk is listed where it stood: after the introduction, as "new" is.
        ("en", "old", "removed", True, B, None),
        ("en", "new", "added", True, None, D),
        ("fr", "introduction", "added", False, None, C),
    ]
    assert changes_between([first, second], 1, "g", ["en"]) == ()


# --- the command line ----------------------------------------------------------------


def test_the_changes_command_prints_one_line_per_change(capsys):
    assert main(["changes", "--since", "0.2.0", "--locale", "de"]) == 0
    lines = capsys.readouterr().out.splitlines()
    date = history().release("0.3.0").date.isoformat()
    unreleased = THIS_ROUND[1].isoformat() if THIS_ROUND[1] else "unreleased"
    assert [line.split() for line in lines][:4] == [
        ["0.3.0", date, "de", "what-to-expect-during-treatment", "changed", "translation", "only"],
        ["0.3.0", date, "de", "labels", "changed", "translation", "only"],
        [THIS_ROUND[0], unreleased, "de", "types-of-back-pain-treated", "changed", "translation",
         "only"],
        [THIS_ROUND[0], unreleased, "de", "labels", "changed", "source", "changed"],
    ]  # fmt: skip
    # Padded into columns: the chunk column starts at the same place on every line.
    assert len({line.index(line.split()[3]) for line in lines}) == 1
    assert not any(line.endswith(" ") for line in lines)


def test_the_changes_command_prints_every_locale_s_changes_in_order(capsys):
    assert main(["changes", "--since", "0.2.0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[2:4] for line in lines] == [[c.locale, c.chunk] for c in changes("0.2.0")]


def test_the_changes_command_prints_json_change_objects(capsys):
    assert main(["changes", "--since", "0.1.0", "--locale", "ko_KR", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [Change.model_validate(item) for item in data] == list(changes("0.1.0", locale="ko"))
    assert data[0]["release"] == "0.2.0"
    assert data[0]["chunk"] == "what-to-expect-during-treatment"


def test_nothing_to_report_prints_nothing(capsys, as_release):
    as_release(("9.0.0", datetime.date(2099, 1, 31)))
    assert main(["changes", "--since", "9.0.0"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["changes", "--since", "9.0.0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--since", "0.2.5"],
            f"--since must be a release, not '0.2.5'; known releases: {', '.join(history().versions())}",
        ),
        (["--since", "9.9.9"], "--since must be a release, not '9.9.9'"),
        (["--since", "0.2.0", "--locale", "zh-TW"], "serves locale 'zh-TW'; available locales"),
        (["--since", "0.2.0", "--locale", "!!"], "'!!' is not a locale"),
        (["--since", "0.2.0", "--guide", "nope"], "nope"),
        (["--since", "0.2.0", "--guide", "de"], "did you mean --locale de?"),
        (["--since", "0.2.0", "--format", "html"], "invalid choice: 'html'"),
        ([], "the following arguments are required: --since"),
    ],
)
def test_bad_input_to_the_changes_command_exits_2_with_one_line(capsys, arguments, message):
    assert main(["changes", *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1
    assert message in captured.err
    assert "Traceback" not in captured.err
