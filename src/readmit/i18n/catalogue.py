"""The message catalogues: extract every message id from the code, the templates and the
label vocabularies, and keep `messages.pot` and each language's `messages.po` up to date.

Run `make messages` after changing any visible text; then translate the new entries in
`locales/*/LC_MESSAGES/messages.po`. tests/i18n/ fails while any entry lacks a translation.
"""

import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from readmit import i18n, labels
from readmit.audit.events import AUDIT_EVENTS
from readmit.identity import explanations
from readmit.protection.models import DUE_LABELS, INDICATOR_LABELS

PACKAGE_DIR = Path(__file__).resolve().parent.parent
METHODS = [
    ("**/templates/**.html", "jinja2"),
    ("**.py", "python"),
]
OPTIONS = {
    "**/templates/**.html": {
        "extensions": "jinja2.ext.i18n",
        "trimmed": "true",
        "trim_blocks": "true",
        "lstrip_blocks": "true",
    }
}
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def _vocabulary_words() -> Iterator[str]:
    """The words of every label vocabulary and audit event (plain strings in readmit.labels),
    the sentences of the identity engine's comparison levels, and the protection checklists."""
    yield from explanations.templates()
    yield from INDICATOR_LABELS.values()
    yield from DUE_LABELS.values()
    for vocabulary in labels.VOCABULARIES.values():
        yield from vocabulary.values()
    for words in AUDIT_EVENTS.values():
        yield from (words.group, words.kind, words.phrase)


def extract() -> Catalog:
    """Every message id the interface can show."""
    catalogue = Catalog(project="Readmit", charset="utf-8")
    found = extract_from_dir(
        PACKAGE_DIR, METHODS, options_map=OPTIONS, keywords=KEYWORDS, comment_tags=("i18n:",)
    )
    for filename, lineno, message, comments, context in found:
        catalogue.add(
            message, locations=[(filename, lineno)], auto_comments=comments, context=context
        )
    for words in _vocabulary_words():
        catalogue.add(words, locations=[("labels.py", 0)])
    return catalogue


def po_path(locale: str) -> Path:
    """Where a language's catalogue lives."""
    return i18n.LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"


def read(locale: str) -> Catalog:
    """A language's catalogue as it is on disk (empty when there is none yet)."""
    path = po_path(locale)
    if not path.exists():
        return Catalog(locale=locale, project="Readmit", charset="utf-8")
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def write(catalogue: Catalog, path: Path) -> None:
    """Write a catalogue as a .po (or .pot) file, locations left out to keep diffs small."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalogue, omit_header=False, no_location=True, sort_output=True, width=100)


def update() -> dict[str, int]:
    """Rewrite the template and every language's catalogue; the count of untranslated ids."""
    template = extract()
    write(template, i18n.LOCALES_DIR / "messages.pot")
    missing = {}
    for locale in i18n.LOCALES:
        if locale == i18n.DEFAULT:
            continue
        catalogue = read(locale)
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        write(catalogue, po_path(locale))
        missing[locale] = sum(1 for m in catalogue if m.id and not m.string)
    return missing


if __name__ == "__main__":
    for locale, count in update().items():
        print(f"{locale}: {count} messages to translate", file=sys.stderr)
