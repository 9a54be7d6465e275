"""Every word of the label vocabularies and the audit trail reads in Chinese and Spanish: no code
shows its English words to a reader of another language, and audit phrases keep the fields
they are filled with."""

import string

import pytest

from readmit import i18n
from readmit.audit.events import AUDIT_EVENTS, event_words
from readmit.labels import VOCABULARIES, label

LANGUAGES = ["zh_Hans", "es"]
# English words that are also the right words in the language (Spanish shares a few titles).
SAME_IN = {"zh_Hans": set[str](), "es": {"Supervisor", "Auditor", "Alias", "Normal"}}
CODES = [(vocabulary, code) for vocabulary, words in VOCABULARIES.items() for code in words]


def _fields(phrase: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(phrase) if name is not None)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_label_reads_in_the_language(locale: str) -> None:
    english = {(vocabulary, code): label(code, vocabulary) for vocabulary, code in CODES}
    with i18n.using(locale):
        translated = {(vocabulary, code): label(code, vocabulary) for vocabulary, code in CODES}
    left_english = [
        key
        for key, words in translated.items()
        if words == english[key] and words not in SAME_IN[locale]
    ]
    assert left_english == []


def test_the_allowed_identical_words_are_still_labels() -> None:
    """The allow-list names only words the vocabularies use, so it cannot hide a stale entry."""
    words = {words for vocabulary in VOCABULARIES.values() for words in vocabulary.values()}
    assert SAME_IN["es"] <= words


def test_spanish_labels_keep_the_case_of_their_first_letter() -> None:
    """Labels go into sentences through in_sentence, which lowers a capital; a lower-case label
    (a unit after a number) stays lower case."""
    english = {(vocabulary, code): label(code, vocabulary) for vocabulary, code in CODES}
    with i18n.using("es"):
        spanish = {(vocabulary, code): label(code, vocabulary) for vocabulary, code in CODES}
    wrong = [
        (key, words)
        for key, words in spanish.items()
        if words[0].isupper() != english[key][0].isupper()
    ]
    assert wrong == []


@pytest.mark.parametrize("locale", LANGUAGES)
def test_audit_events_read_in_the_language_with_their_fields(locale: str) -> None:
    english = {code: event_words(code) for code in AUDIT_EVENTS}
    with i18n.using(locale):
        translated = {code: event_words(code) for code in AUDIT_EVENTS}
    untranslated, fields_changed = [], []
    for code, words in translated.items():
        for part in ("group", "kind", "phrase"):
            if getattr(words, part) == getattr(english[code], part):
                untranslated.append((code, part))
        if _fields(words.phrase) != _fields(english[code].phrase):
            fields_changed.append((code, words.phrase))
    assert untranslated == []
    assert fields_changed == []


def test_a_translated_phrase_fills_in_after_the_actor() -> None:
    with i18n.using("zh_Hans"):
        chinese = event_words("protection.open").phrase
    with i18n.using("es"):
        spanish = event_words("user.create").phrase
    assert chinese.format(case="USA-CHN-2026-000001", ground="庇护申请待决") == (
        "对案件 USA-CHN-2026-000001 开立了保护标记（庇护申请待决）"
    )
    assert spanish.format(email="li.na@example.org") == "agregó al usuario li.na@example.org"
