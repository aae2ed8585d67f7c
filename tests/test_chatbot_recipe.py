"""The chatbot recipe of docs/chatbots.md, run as written there, on patients' questions.

The recipe's code is taken from the documentation itself (the doctest block that defines
``GuideIndex``), so the page and these tests cannot drift apart. The questions are worded
as patients ask them, not with the guide's headings, and each names the section that
answers it.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path
from typing import Any

import pytest

from acupuncture_content import chunks, labels, load_guide

CHATBOTS = Path(__file__).parent.parent / "docs" / "chatbots.md"
BASE_URL = "https://clinic.example/guides/"

EXPECT = "what-to-expect-during-treatment"
SAFETY = "safety-and-side-effects"
TYPES = "types-of-back-pain-treated"
RIGHT = "is-acupuncture-right-for-you"
HOW = "how-acupuncture-helps-with-back-pain"
INTRODUCTION = "introduction"

QUESTIONS: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("How long does a session take?", EXPECT),
        ("How long is an acupuncture appointment?", EXPECT),
        ("Does it hurt?", EXPECT),
        ("How long do the needles stay in?", EXPECT),
        ("What happens at my first visit?", EXPECT),
        ("Is it safe?", SAFETY),
        ("What are the side effects?", SAFETY),
        ("Who should do the needling?", SAFETY),
        ("Will I get bruises?", SAFETY),
        ("Can it help sciatica?", TYPES),
        ("Can it help my back pain from stress?", TYPES),
        ("I pulled a muscle in my back, will it help?", TYPES),
        ("Can I combine it with physio?", RIGHT),
        ("I don't want to take painkillers. Is there a natural option?", RIGHT),
        ("How does it work?", HOW),
        ("Are the needles sterile?", HOW),
        ("Is there any evidence for it?", INTRODUCTION),
    ],
    "es": [
        ("¿Cuánto dura una sesión?", EXPECT),
        ("¿Duele?", EXPECT),
        ("¿Cuánto tiempo se dejan las agujas?", EXPECT),
        ("¿Es seguro?", SAFETY),
        ("¿Tiene efectos secundarios?", SAFETY),
        ("¿Quién me debe poner las agujas?", SAFETY),
        ("¿Me pueden salir moratones?", SAFETY),
        ("¿Sirve para la ciática?", TYPES),
        ("¿Ayuda con el dolor de espalda por estrés?", TYPES),
        ("¿Puedo combinarla con fisioterapia?", RIGHT),
        ("No quiero tomar pastillas, ¿hay algo natural?", RIGHT),
        ("¿Cómo funciona?", HOW),
        ("¿Hay evidencia de que sirva?", INTRODUCTION),
    ],
    "ja": [
        ("施術時間はどのくらいですか？", EXPECT),
        ("痛いですか？", EXPECT),
        ("鍼はどのくらい刺したままですか？", EXPECT),
        ("安全ですか？", SAFETY),
        ("副作用はありますか？", SAFETY),
        ("誰に鍼を打ってもらえばいいですか？", SAFETY),
        ("内出血することはありますか？", SAFETY),
        ("坐骨神経痛にも効きますか？", TYPES),
        ("ストレスによる腰痛にも効きますか？", TYPES),
        ("理学療法と一緒に受けられますか？", RIGHT),
        ("薬を使わない治療法を探しています", RIGHT),
        ("どういう仕組みで効くのですか？", HOW),
        ("科学的根拠はありますか？", INTRODUCTION),
    ],
}

OFF_TOPIC: dict[str, list[str]] = {
    "en": ["Hello there", "What's the weather tomorrow?", "Where can I park?", "?"],
    "es": ["Hola", "¿Qué tiempo hará mañana?", "¿Dónde puedo aparcar?"],
    "ja": ["こんにちは", "明日の天気は？", "駐車場はありますか？"],
}

CASES = [
    (locale, question, want) for locale, pairs in QUESTIONS.items() for question, want in pairs
]


def _recipe() -> dict[str, Any]:
    """Run the docs' block that defines GuideIndex, as a reader would, and return its names."""
    blocks = re.findall(
        r"^```python\n(.*?)^```$", CHATBOTS.read_text("utf-8"), re.DOTALL | re.MULTILINE
    )
    (block,) = [block for block in blocks if "class GuideIndex" in block]
    namespace: dict[str, Any] = {}
    for example in doctest.DocTestParser().get_examples(block):
        assert not example.want, f"the recipe block only defines names: {example.source}"
        exec(compile(example.source, str(CHATBOTS), "single"), namespace)  # noqa: S102
    return namespace


@pytest.fixture(scope="module")
def recipe() -> dict[str, Any]:
    return _recipe()


@pytest.fixture(scope="module")
def indexes(recipe: dict[str, Any]) -> dict[tuple[str, str | None], Any]:
    """One index per (locale, base URL), built once."""
    return {
        (locale, base_url): recipe["GuideIndex"](load_guide(locale=locale), base_url=base_url)
        for locale in QUESTIONS
        for base_url in (BASE_URL, None)
    }


def test_every_language_has_ten_and_more_questions_over_every_chunk() -> None:
    for locale, pairs in QUESTIONS.items():
        assert len(pairs) >= 10, locale
        assert {want for _, want in pairs} == {
            part.id for part in chunks(load_guide(locale=locale))
        }, locale


@pytest.mark.parametrize(("locale", "question", "want"), CASES)
def test_a_patients_question_finds_the_section_that_answers_it(
    indexes: dict[tuple[str, str | None], Any], locale: str, question: str, want: str
) -> None:
    found = indexes[locale, BASE_URL].search(question)
    assert found is not None, question
    assert found.id == want, question


@pytest.mark.parametrize(("locale", "question", "want"), CASES)
def test_the_answer_quotes_the_section_and_cites_it_with_every_notice(
    indexes: dict[tuple[str, str | None], Any], locale: str, question: str, want: str
) -> None:
    guide = load_guide(locale=locale)
    part = next(part for part in chunks(guide, base_url=BASE_URL) if part.id == want)
    guide_labels = labels(guide)
    answer = indexes[locale, BASE_URL].answer(question)
    lines = answer.splitlines()
    assert lines[: -4 if guide_labels.translation_notice else -2] == [
        line for line in part.text.splitlines() if line
    ]
    where = part.title if part.heading is None else f"{part.title} › {part.heading}"
    assert lines[-4 if guide_labels.translation_notice else -2] == (
        f"{where}, Sheila Woodford ({guide_labels.published}). {part.url}"
    )
    notices = [guide_labels.translation_notice, guide_labels.review_notice]
    assert lines[-1] == guide_labels.disclaimer
    if locale == "en":
        assert notices == [None, None]
    else:
        assert lines[-3:-1] == notices
        assert all(notices)


@pytest.mark.parametrize(("locale", "question", "want"), CASES)
def test_without_a_base_url_the_citation_names_the_guide_and_section(
    indexes: dict[tuple[str, str | None], Any], locale: str, question: str, want: str
) -> None:
    guide = load_guide(locale=locale)
    part = next(part for part in chunks(guide) if part.id == want)
    answer = indexes[locale, None].answer(question)
    where = part.title if part.heading is None else f"{part.title} › {part.heading}"
    assert f"{where}, Sheila Woodford ({labels(guide).published}).\n" in answer
    assert "None" not in answer
    assert "http" not in answer
    assert answer.endswith(labels(guide).disclaimer)


@pytest.mark.parametrize(
    ("locale", "question"),
    [(locale, question) for locale, questions in OFF_TOPIC.items() for question in questions],
)
def test_a_greeting_or_an_off_topic_question_gets_no_answer(
    indexes: dict[tuple[str, str | None], Any], locale: str, question: str
) -> None:
    assert indexes[locale, BASE_URL].search(question) is None
    assert indexes[locale, BASE_URL].answer(question) is None
