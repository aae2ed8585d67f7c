"""Check that the translated catalogs use the approved terms of the TBX glossary.

For every PO catalog, every translated unit whose English ``msgid`` contains an English
term of the glossary must contain, in its ``msgstr`` (every plural form, if any), one of
the approved target forms that the glossary lists for the catalog's locale.

Matching rules:

* Text on both sides is normalised first: Unicode NFKC, case folding, hyphens and dashes
  read as spaces, runs of white space collapsed. Arabic short-vowel marks (harakat,
  shadda, sukun), the tatweel and the hamza carriers of alef (أ إ آ ٱ → ا) are ignored,
  and so is the Devanagari nukta (फ़ = फ), so "عِرق النَّسا" matches the term "عرق النسا"
  and "फिजियोथेरेपी" matches "फ़िज़ियोथेरेपी".
* English terms match as whole words (``needle`` does not match inside ``needlework``);
  the glossary lists each English inflection it covers (needle/needles, side
  effect/side effects, ...).
* Overlapping English terms are counted once, longest match first: where "lower back
  pain" matches, the "back pain" and "back" inside it are not counted separately, so a
  segment that only says "Chronic lower back pain" must contain the approved term for
  *lower back pain* (e.g. ja 腰痛), not the one for *back pain* (背中や腰の痛み). A
  shorter term is still checked if it also occurs on its own elsewhere in the segment.
  Each concept is checked once per segment (presence, not number of occurrences).
* Target forms match as word prefixes: each word of a form may be followed by more
  letters (inflection endings, particles, compound tails: "Nadel" matches "Nadeln",
  "Akupunktur" matches "Akupunktursitzung", "허리와" matches "허리와도"). In Latin,
  Cyrillic, Greek and Devanagari script the form must also start at a word boundary;
  in Arabic (proclitics such as و ب ل), Hangul and in the scripts written without
  spaces (Chinese, Japanese) a form may start anywhere. In the scripts with word
  boundaries a form whose last word has at most three letters must also end at a word
  boundary ("ци" does not match "циркулирует", French "dos" does not match "dossier").
  Forms are otherwise contiguous:
  a modifier inserted inside a multi-word term is not skipped, so where a language
  regularly splits a term the glossary lists the split-tolerant form (with a note).
* Terms whose TBX ``administrativeStatus`` is deprecated or superseded are never
  accepted; preferred and admitted terms (or terms without a status) are.

Run it as a script (exit status 1 when there are violations) or import it:

    >>> from glossary import find_violations
    >>> violations = find_violations()  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.misc.xml_helpers import getXMLlang
from translate.storage import po, tbx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GLOSSARY = ROOT / "locales" / "glossary.tbx"
DEFAULT_LOCALES_DIR = ROOT / "locales"
DEFAULT_DOMAIN: str | None = None  # None: every catalog (the UI and each guide's domain)
SOURCE_LANGUAGE = "en"

_REJECTED_STATUSES = frozenset(
    {
        "deprecated",
        "deprecatedterm-admn-sts",
        "deprecatedtermadmnsts",
        "superseded",
        "supersededterm-admn-sts",
        "supersededtermadmnsts",
    }
)
_ARABIC_IGNORED = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_ALEFS = str.maketrans(
    {"\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627"}
)
_DEVANAGARI_NUKTA = "\u093c"
_DASHES = re.compile("[-\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")
_BOUNDARY_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "DEVANAGARI")
_SHORT_WORD = 3  # a final word this short must also end at a word boundary


@dataclass(frozen=True)
class Concept:
    """One glossary entry (a TBX ``termEntry``), reduced to what the check needs.

    Attributes:
        concept_id: The ``id`` of the ``termEntry``.
        name: The first English term of the entry, used in messages.
        source_forms: Every English term of the entry (all inflections to look for).
        approved: Approved target forms per language, keyed by normalised language tag
            (lower case, ``-`` separated: ``pt-br``, ``zh-hans``); deprecated and
            superseded terms are left out.
    """

    concept_id: str
    name: str
    source_forms: tuple[str, ...]
    approved: dict[str, tuple[str, ...]]

    def approved_for(self, locale: str) -> tuple[str, ...] | None:
        """Return the approved forms for a locale, or None if the entry has none.

        Args:
            locale: A gettext (``pt_BR``) or BCP 47 (``pt-BR``) locale code.

        Returns:
            The approved forms for the exact locale, else for its language alone
            (``pt`` for ``pt_BR``), else None.
        """
        tag = _language_tag(locale)
        if tag in self.approved:
            return self.approved[tag]
        return self.approved.get(tag.split("-", 1)[0])


@dataclass(frozen=True)
class TermUse:
    """How one segment of one catalog renders one glossary concept.

    Attributes:
        locale: Locale of the catalog, as gettext spells it (``pt_BR``).
        msgctxt: The segment id.
        concept: The glossary concept whose English term occurs in the ``msgid``.
        source_matches: The English wording matched in the ``msgid``.
        matched_forms: The approved target forms found in the translation (empty when
            none was found in at least one plural form).
        target: The translation (plural forms joined by `` | ``).
    """

    locale: str
    msgctxt: str
    concept: Concept
    source_matches: tuple[str, ...]
    matched_forms: tuple[str, ...]
    target: str

    @property
    def ok(self) -> bool:
        """Whether the translation contains an approved form."""
        return bool(self.matched_forms)


@dataclass(frozen=True)
class Violation:
    """A translated segment that lacks the approved term for a concept.

    Attributes:
        locale: Locale of the catalog, as gettext spells it (``pt_BR``).
        msgctxt: The segment id.
        term: The English term (the concept's name) found in the ``msgid``.
        expected: The approved target forms, any one of which would satisfy the check.
    """

    locale: str
    msgctxt: str
    term: str
    expected: tuple[str, ...]

    def __str__(self) -> str:
        """Format the violation as ``locale msgctxt: term 'X' expects one of [...]``."""
        return (
            f"{self.locale} {self.msgctxt}: term '{self.term}' expects one of {list(self.expected)}"
        )


def normalize(text: str) -> str:
    """Normalise text for term matching (see the module docstring).

    Args:
        text: Any text, source or translation.

    Returns:
        The normalised text.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_IGNORED.sub("", text).translate(_ARABIC_ALEFS)
    text = text.replace(_DEVANAGARI_NUKTA, "")
    text = _DASHES.sub(" ", text).casefold()
    return _SPACES.sub(" ", text).strip()


def _language_tag(locale: str) -> str:
    return locale.replace("_", "-").casefold()


def _needs_left_boundary(char: str) -> bool:
    try:
        return unicodedata.name(char).startswith(_BOUNDARY_SCRIPTS)
    except ValueError:
        return False


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def _target_pattern(form: str) -> re.Pattern[str]:
    words = normalize(form).split(" ")
    return re.compile(r"\S*\s+".join(re.escape(word) for word in words))


def _contains_form(text: str, form: str) -> bool:
    """Tell whether normalised text contains a target form (word-prefix rules)."""
    norm_form = normalize(form)
    if not norm_form:
        return False
    boundary = _needs_left_boundary(norm_form[0])
    short = boundary and len(norm_form.rsplit(" ", 1)[-1]) <= _SHORT_WORD
    for match in _target_pattern(form).finditer(text):
        start, end = match.span()
        if boundary and start > 0 and _is_word_char(text[start - 1]):
            continue
        if short and end < len(text) and _is_word_char(text[end]):
            continue
        return True
    return False


def _source_pattern(form: str) -> re.Pattern[str]:
    words = normalize(form).split(" ")
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)")


def load_glossary(path: Path = DEFAULT_GLOSSARY) -> list[Concept]:
    """Read the TBX glossary with translate-toolkit.

    Args:
        path: The TBX file.

    Returns:
        The concepts, in file order. An entry's English terms are its ``langSet``
        in ``en``; every other ``langSet`` gives approved forms for that language.

    Raises:
        ValueError: If an entry has no English term.
    """
    store = tbx.tbxfile.parsefile(str(path))
    concepts: list[Concept] = []
    for unit in store.units:
        approved: dict[str, tuple[str, ...]] = {}
        source_forms: tuple[str, ...] = ()
        for lang_node in unit.getlanguageNodes():
            lang = getXMLlang(lang_node) or ""
            terms = [
                term
                for term in unit.get_target_terms(lang)
                if term.text.strip()
                and (term.administrative_status or "").strip().casefold() not in _REJECTED_STATUSES
            ]
            forms = tuple(dict.fromkeys(term.text.strip() for term in terms))
            if _language_tag(lang) == SOURCE_LANGUAGE:
                source_forms = forms
            else:
                approved[_language_tag(lang)] = forms
        concept_id = str(unit.getid())
        if not source_forms:
            raise ValueError(f"glossary entry {concept_id!r} has no English term")
        concepts.append(Concept(concept_id, source_forms[0], source_forms, approved))
    return concepts


def find_concepts(source: str, concepts: Sequence[Concept]) -> list[tuple[Concept, list[str]]]:
    """Find the glossary concepts named in an English text, longest match first.

    Args:
        source: The English text (a ``msgid``).
        concepts: The glossary.

    Returns:
        (concept, matched wording) pairs in order of first occurrence; occurrences
        that lie inside a longer matched term are not counted.
    """
    text = normalize(source)
    candidates: list[tuple[int, int, int]] = [
        (match.start(), match.end(), index)
        for index, concept in enumerate(concepts)
        for form in concept.source_forms
        for match in _source_pattern(form).finditer(text)
    ]
    candidates.sort(key=lambda item: (item[0] - item[1], item[0]))
    taken: list[tuple[int, int, int]] = []
    for start, end, index in candidates:
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in taken):
            taken.append((start, end, index))
    found: dict[int, list[str]] = {}
    for start, end, index in sorted(taken):
        found.setdefault(index, []).append(text[start:end])
    return [(concepts[index], words) for index, words in found.items()]


def catalog_locale(store: po.pofile, path: Path) -> str:
    """Return a catalog's locale: its ``Language`` header, else its directory name.

    Args:
        store: The parsed catalog.
        path: Its path (``.../<locale>/LC_MESSAGES/<domain>.po``).

    Returns:
        The locale, as gettext spells it (``pt_BR``).
    """
    header = store.parseheader() if store.header() is not None else {}
    language = str(header.get("Language", "")).strip()
    if language:
        return language
    return path.parent.parent.name if path.parent.name == "LC_MESSAGES" else path.stem


def _targets(unit: po.pounit) -> list[str]:
    target = unit.target
    strings = getattr(target, "strings", None)
    return [str(text) for text in (strings if strings is not None else [target])]


def analyse_catalog(
    path: Path, concepts: Sequence[Concept], locale: str | None = None
) -> list[TermUse]:
    """Report how each translated segment of one catalog renders each glossary concept.

    Args:
        path: The PO file.
        concepts: The glossary.
        locale: The catalog's locale; read from the catalog when omitted.

    Returns:
        One record per (segment, concept named in its ``msgid``). Untranslated and
        obsolete units are skipped.
    """
    store = po.pofile.parsefile(str(path))
    locale = locale or catalog_locale(store, path)
    uses: list[TermUse] = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete() or not unit.istranslated():
            continue
        source = " ".join(getattr(unit.source, "strings", None) or [str(unit.source)])
        targets = [normalize(text) for text in _targets(unit)]
        for concept, words in find_concepts(source, concepts):
            forms = concept.approved_for(locale) or ()
            matched = tuple(
                form for form in forms if all(_contains_form(text, form) for text in targets)
            )
            if not matched and all(
                any(_contains_form(text, form) for form in forms) for text in targets
            ):
                # Different plural forms may use different approved forms.
                matched = tuple(
                    form for form in forms if any(_contains_form(text, form) for text in targets)
                )
            uses.append(
                TermUse(
                    locale,
                    unit.getcontext(),
                    concept,
                    tuple(words),
                    matched,
                    " | ".join(_targets(unit)),
                )
            )
    return uses


def check_catalog(
    path: Path, concepts: Sequence[Concept], locale: str | None = None
) -> list[Violation]:
    """Check one catalog against the glossary.

    Args:
        path: The PO file.
        concepts: The glossary.
        locale: The catalog's locale; read from the catalog when omitted.

    Returns:
        The violations, in catalog order.
    """
    return [
        Violation(
            use.locale, use.msgctxt, use.concept.name, use.concept.approved_for(use.locale) or ()
        )
        for use in analyse_catalog(path, concepts, locale)
        if not use.ok
    ]


def default_catalogs(
    locales_dir: Path = DEFAULT_LOCALES_DIR, domain: str | None = DEFAULT_DOMAIN
) -> list[Path]:
    """List the catalogs ``<locales_dir>/<locale>/LC_MESSAGES/<domain>.po``.

    Args:
        locales_dir: The directory holding one folder per locale.
        domain: The gettext domain; None for every domain (the package may keep its
            interface strings and each guide in separate domains).

    Returns:
        The PO files, sorted by locale, then domain.
    """
    return sorted(locales_dir.glob(f"*/LC_MESSAGES/{domain or '*'}.po"))


def find_violations(
    po_files: Iterable[Path | str] | None = None, glossary: Path | str = DEFAULT_GLOSSARY
) -> list[Violation]:
    """Check catalogs against the glossary.

    Args:
        po_files: The PO files to check; by default every catalog under
            ``locales/`` of the repository.
        glossary: The TBX glossary.

    Returns:
        Every violation, catalog by catalog.
    """
    concepts = load_glossary(Path(glossary))
    paths = [Path(p) for p in po_files] if po_files is not None else default_catalogs()
    violations: list[Violation] = []
    for path in paths:
        violations.extend(check_catalog(path, concepts))
    return violations


def main(argv: Sequence[str] | None = None) -> int:
    """Run the check from the command line.

    Args:
        argv: Arguments (without the program name); ``sys.argv[1:]`` by default.

    Returns:
        0 when every catalog uses the approved terms, 1 when there are violations.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "po_files",
        nargs="*",
        type=Path,
        help="PO files (default: every catalog under --locales-dir)",
    )
    parser.add_argument(
        "--glossary",
        type=Path,
        default=DEFAULT_GLOSSARY,
        help=f"TBX glossary (default: {DEFAULT_GLOSSARY.name})",
    )
    parser.add_argument(
        "--locales-dir",
        type=Path,
        default=DEFAULT_LOCALES_DIR,
        help="directory of <locale>/LC_MESSAGES/<domain>.po catalogs",
    )
    parser.add_argument(
        "--domain", default=DEFAULT_DOMAIN, help="gettext domain (default: every domain)"
    )
    args = parser.parse_args(argv)
    paths = args.po_files or default_catalogs(args.locales_dir, args.domain)
    if not paths:
        parser.error("no PO files found")
    violations = find_violations(paths, args.glossary)
    for violation in violations:
        print(violation)
    print(f"{len(violations)} violation(s) in {len(paths)} catalog(s)", file=sys.stderr)
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
