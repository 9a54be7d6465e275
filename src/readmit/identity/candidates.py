"""Candidate generation, recall first: the index keys under which to look for the applicant.

A foreign record is often wrong in two ways at once (a surname with one letter wrong and only
a year of birth; a spelling outside the romanisation lattice and a year one off), and a person
never retrieved can never be matched, however good the scoring. So the keys cover:

* every reading of the name as written, with the year and the years either side (``ny:``),
  the full date (family or given name and date, also a year either side, ``fd:``/``gd:``;
  date and an initial, ``dl:``; date and place, ``dp:``), the given name and the year either
  side (``gy:``: a surname the record spells beyond reach), the surname, the year either side
  and the area of birth (``fa:``: given names written as initials, or an alias), and the
  name alone (``n:``, capped);
* the same keys for the name's **spelling corrections**: each surname and given name of the
  application that the register does not know as written, within one edit (a letter wrong,
  dropped, doubled or two swapped) of a word of the register's own vocabulary, most common
  first. The vocabulary is the register's term counts (``f:``/``g:``), so the correction
  costs no index of its own;
* the national ID, and when it fails its check digit (a typing error: one substitution or
  two neighbours swapped, which the check digit always catches), every number one such slip
  away that passes it; the passport number up to OCR confusions and one character off;
* parents' names when no date is given.

Keys under which more persons are found than a cap are dropped by the lookup (too common to
say anything); the scoring then ranks what was found.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from string import ascii_lowercase, ascii_uppercase, digits

from readmit.documents.national_ids import (
    NationalIdError,
    has_validator,
    validate_national_id,
)
from readmit.identity.dates import parse_partial
from readmit.identity.docnums import confusion_key
from readmit.identity.features import PreparedApplication
from readmit.identity.store import Register

MAX_CORRECTIONS = 12  # vocabulary words kept per misspelt name part, most common first
MIN_CORRECTED = 3  # shorter words have too many neighbours one edit away (li, lu, wu …)
PASSPORT_ALPHABET = digits + ascii_uppercase


def one_edit(word: str, alphabet: str = ascii_lowercase) -> set[str]:
    """Every string one edit from `word`: a letter dropped, doubled or inserted, wrong, or
    two neighbours swapped."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    dropped = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    wrong = {a + c + b[1:] for a, b in splits if b for c in alphabet if c != b[0]}
    added = {a + c + b for a, b in splits for c in alphabet}
    return (dropped | swapped | wrong | added) - {word}


@dataclass
class Speller:
    """Spelling corrections of name parts against a register's vocabulary; each part is
    looked up once per engine."""

    register: Register
    _known: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def corrections(
        self, asked: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[str, ...]]:
        """Register words one edit from each (kind, word) ("f" surnames, "g" given names),
        the register asked once for all of them."""
        new = [
            (kind, word)
            for kind, word in dict.fromkeys(asked)
            if (kind, word) not in self._known and len(word) >= MIN_CORRECTED
        ]
        variants = [sorted(one_edit(word)) for _, word in new]
        counts = self.register.frequencies(
            [f"{kind}:{v}" for (kind, _), words in zip(new, variants, strict=True) for v in words]
        )
        start = 0
        for part, words in zip(new, variants, strict=True):
            found = sorted(
                ((c, v) for v, c in zip(words, counts[start : start + len(words)], strict=True)
                 if c > 0),
                reverse=True,
            )  # fmt: skip
            self._known[part] = tuple(v for _, v in found[:MAX_CORRECTIONS])
            start += len(words)
        return {part: self._known.get(part, ()) for part in asked}


def corrected_readings(app: PreparedApplication, speller: Speller) -> tuple[str, ...]:
    """Readings of the name with one part the register does not know spelt as it spells it
    (a word it knows, as a surname or a given name, is taken as written: most slips make a
    word no one bears, and readings in the other order hold known words in the other part)."""
    written = set(app.name_keys)
    halves = [key.partition("|")[::2] for key in app.name_keys]
    words = sorted({w for pair in halves for w in pair if w})
    terms = [f"{kind}:{w}" for w in words for kind in "fg"]
    counts = speller.register.frequencies(terms)
    known = {w for i, w in enumerate(words) if counts[2 * i] or counts[2 * i + 1]}
    asked = [("f", family) for family, _ in halves if family not in known]
    asked += [("g", given) for _, given in halves if given and given not in known]
    fixes = speller.corrections(asked)
    out: dict[str, None] = {}
    for family, given in halves:
        if family not in known:
            for better in fixes["f", family]:
                out[f"{better}|{given}"] = None
        if given and given not in known:
            for better in fixes["g", given]:
                out[f"{family}|{better}"] = None
    return tuple(k for k in out if k not in written)


def id_variants(country: str, number: str) -> tuple[str, ...]:
    """Numbers one typing slip from an ID that fails its check digit, that pass it; none for
    a valid ID (the check digit catches every such slip, so a valid one was keyed right) or a
    country without a check."""
    if not has_validator(country):
        return ()
    try:
        validate_national_id(country, number)
        return ()
    except NationalIdError:
        pass
    found = []
    for variant in sorted(one_edit(number, digits + "X")):
        if len(variant) != len(number):
            continue  # a dropped or doubled digit changes the length the check rests on
        try:
            validate_national_id(country, variant)
        except NationalIdError:
            continue
        found.append(variant)
    return tuple(found)


def passport_variants(number: str) -> tuple[str, ...]:
    """Confusion keys of numbers one character wrong (OCR confusions are already one key)."""
    if len(number) < 6:
        return ()
    return tuple(
        sorted(
            {confusion_key(v) for v in one_edit(number, PASSPORT_ALPHABET) if len(v) == len(number)}
            - {confusion_key(number)}
        )
    )


@dataclass(frozen=True)
class Keys:
    """The keys of one application: `broad` ones (the name alone, parents) are capped harder
    when the date gives selective ones too; `partial` ones (another reading of the name, such
    as one surname or the first given name, and the year; the given name and the year; the
    surname, the year and the area) are kept only when few persons share them, since they
    serve when part of the name is beyond reach and a common other part then says nothing."""

    broad: list[str]
    narrow: list[str]
    partial: list[str]
    dated: bool


def _dates(birth_date: str | None) -> tuple[list[str], list[str], list[str]]:
    """(full ISO dates to try: the date and its day/month swap; the same day and month a year
    either side; years: ±1)."""
    parsed = parse_partial(birth_date)
    if parsed is None:
        return [], [], []
    years = [str(parsed.year + d) for d in (0, -1, 1)]
    if parsed.month is None or parsed.day is None:
        return [], [], years
    full = [f"{parsed.year:04d}-{parsed.month:02d}-{parsed.day:02d}"]
    if parsed.day <= 12 and parsed.day != parsed.month:
        full.append(f"{parsed.year:04d}-{parsed.day:02d}-{parsed.month:02d}")
    near = [f"{year}-{parsed.month:02d}-{parsed.day:02d}" for year in years[1:]]
    return full, near, years


def block_keys(
    app: PreparedApplication,
    *,
    country: str,
    speller: Speller,
    places: Iterable[str],
    areas: Iterable[str] = (),
) -> Keys:
    """Every key under which to look for the applicant (see the module docstring)."""
    person = app.person
    full, near, years = _dates(person.birth_date)
    readings = list(app.name_keys)
    corrected = list(corrected_readings(app, speller))
    everything = readings + corrected
    # The name as written (first reading, in either order) or as corrected, with the year, is
    # narrow; other readings (one surname, the first given name) are partial keys.
    family, _, given = readings[0].partition("|") if readings else ("", "", "")
    whole = {*readings[:1], f"{given}|{family}", *corrected}
    narrow = [f"ny:{k}|{y}" for k in everything if k in whole for y in years]
    partial = [f"ny:{k}|{y}" for k in everything if k not in whole for y in years]
    givens = dict.fromkeys(g for k in readings if (g := k.partition("|")[2]))
    partial += [f"gy:{g}|{y}" for g in givens for y in years]
    families = dict.fromkeys(k.partition("|")[0] for k in everything)
    partial += [f"fa:{f}|{y}|{a}" for f in families for y in years for a in dict.fromkeys(areas)]
    codes = list(places)
    for d in full:
        for key in everything:
            family, given = key.split("|", 1)
            narrow += [f"fd:{family}|{d}", f"gd:{given}|{d}"]
            narrow += [f"dl:{d}|f{family[:1]}", f"dl:{d}|g{given[:1]}"]
        narrow += [f"dp:{d}|{code}" for code in codes]
    for d in near:
        for key in everything:
            family, given = key.split("|", 1)
            narrow += [f"fd:{family}|{d}", f"gd:{given}|{d}"]
    broad = [f"n:{k}" for k in (readings if years else everything)]
    if not years:
        # Without a birth date, parents' names are the next most selective key.
        broad += [f"pa:{k}" for k in (*app.mother_keys, *app.father_keys)]
    for number in app.national_ids:
        narrow += [f"id:{n}" for n in (number, *id_variants(country, number))]
    for number in app.passports:
        narrow += [f"pp:{k}" for k in (confusion_key(number), *passport_variants(number))]
    return Keys(list(dict.fromkeys(broad)), list(dict.fromkeys(narrow)), partial, dated=bool(years))
