"""No template shows words that bypass the catalogues: text between tags, prose attributes and
prose string literals must all go through {% trans %} or _()."""

import re
from pathlib import Path

import pytest

from readmit.web.templating import TEMPLATES_DIR, env

TAG = re.compile(r"<[^>]*>", re.DOTALL)
PROSE_ATTRIBUTE = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"{]*)"')
ATTRIBUTE = re.compile(r'[\w-]+="[^"\x00]*"?|"?\s*/?>')
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")
LETTERS = re.compile(r"[A-Za-z]{2,}")
# Literals that are words for people: two words or more, or one capitalised word.
PROSE_LITERAL = re.compile(r"^[A-Z][a-z]+\b|[A-Za-z]{2,}\s+[A-Za-z]{2,}")
# Text that is the same in every language: the product's name, units, ISO and ICAO terms.
SAME_EVERYWHERE = {"Readmit", "MRZ", "UTC", "ICAO", "PDF", "PNG", "JPEG", "ID", "OK", "API"}


def _words(text: str) -> list[str]:
    return [w for w in LETTERS.findall(ENTITY.sub(" ", text)) if w not in SAME_EVERYWHERE]


def untranslated(source: str) -> list[tuple[int, str]]:
    """(line, text) of every piece of visible English outside the catalogues."""
    tokens = [t for t in env.lex(source) if t[1] != "whitespace"]
    found: list[tuple[int, str]] = []
    # The page with every expression and statement replaced by a mark, so that tags cut by an
    # expression are still tags; translated text is left out.
    skeleton, starts = "", []
    in_trans = False
    for index, (lineno, kind, value) in enumerate(tokens):
        previous = tokens[index - 1][1] if index else ""
        if kind == "name" and value == "trans" and previous == "block_begin":
            in_trans = True
        elif kind == "name" and value == "endtrans":
            in_trans = False
        if kind == "data" and not in_trans:
            starts.append((len(skeleton), lineno))
            skeleton += value
        elif kind in ("variable_begin", "block_begin"):
            skeleton += MARK
        elif kind == "string" and PROSE_LITERAL.search(value[1:-1]) and _words(value):
            called = [v for _, _, v in tokens[max(0, index - 2) : index]]
            if called not in (["_", "("], ["gettext", "("], ["ngettext", "("], ["ngettext", ","]):
                found.append((lineno, value[1:-1]))
    for attribute in PROSE_ATTRIBUTE.finditer(skeleton):
        if _words(attribute.group(1)):
            found.append((_line(starts, attribute.start()), attribute.group(1)))
    text = TAG.sub(lambda tag: " " * len(tag.group()), skeleton)
    # What is left of a tag cut by a statement: ` aria-invalid="true"`, `">`.
    text = ATTRIBUTE.sub(lambda attr: " " * len(attr.group()), text)
    for run in re.finditer(f"[^{MARK}]+", text):
        if _words(run.group()):
            found.append((_line(starts, run.start()), " ".join(run.group().split())))
    return sorted(found)


MARK = "\x00"


def _line(starts: list[tuple[int, int]], offset: int) -> int:
    return max((line for start, line in starts if start <= offset), default=1)


TEMPLATES = sorted(p.relative_to(TEMPLATES_DIR).as_posix() for p in TEMPLATES_DIR.rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_visible_word_goes_through_the_catalogue(template: str) -> None:
    source = Path(TEMPLATES_DIR, template).read_text(encoding="utf-8")
    assert untranslated(source) == []


def test_the_check_finds_text_attributes_and_literals() -> None:
    source = (
        '<p>Case found</p><a title="Open the case">x</a>{{ field("Family name") }}'
        '{% trans %}Already fine{% endtrans %}{{ _("Also fine") }}<b>—</b>{{ x("css-class") }}'
    )
    assert sorted(text for _, text in untranslated(source)) == [
        "Case found x",
        "Family name",
        "Open the case",
    ]
