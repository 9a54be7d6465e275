"""Field comparisons between an application and a register person. Each returns an ordered
level (Null → Exact → fuzzy → Else, as Splink's comparison levels) and what was compared,
so that every weight in the ledger can be explained to the officer."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from readmit.applications.schemas import PersonIn
from readmit.identity.comparisons import NAME, NULL
from readmit.identity.dates import compare_birth_date, date_context
from readmit.identity.docnums import compare_document, compare_national_id, normalise_number
from readmit.identity.latin import fold, pinyin_split
from readmit.identity.places import compare_place
from readmit.identity.profiles import Profile
from readmit.identity.store import RegisterRow

PASSPORTS = ("passport", "expired_passport")
LEVEL_RANK = {
    "exact": 0,
    "ocr_confusion": 1,
    "invalid_checksum_one_edit": 1,
    "unchecked_one_edit": 1,
    "one_edit": 2,
    "unchecked_different": 3,
    "different": 3,
    "null": 4,
}


# Strongest evidence first: of all pairs of readings, the comparison keeps the one highest.
NAME_LEVELS = NAME.names
NAME_RANK = {level: rank for rank, level in enumerate(NAME_LEVELS)}


@dataclass(frozen=True, slots=True)
class Comparison:
    """One field's outcome: its level, the values behind it, and the context it was made in
    (for a birth date: what the application gives; see `comparisons`)."""

    field: str
    level: str
    application: str | None
    register: str | None
    variant: str | None = None
    context: str = ""


@dataclass(frozen=True)
class PreparedApplication:
    """An application's keys, computed once and compared with every candidate."""

    person: PersonIn
    name_keys: tuple[str, ...]
    mother_keys: tuple[str, ...]
    father_keys: tuple[str, ...]
    national_ids: tuple[str, ...]
    passports: tuple[str, ...]
    display_name: str
    date_context: str
    initials: frozenset[str]  # given names written as initials ("Z. H.", "JT"), as letters


def prepare(person: PersonIn, rules: Profile) -> PreparedApplication:
    """Latin keys of every name the person goes by, and normalised document numbers."""
    keys: list[str] = []
    for name in person.names:
        keys.extend(rules.application_keys(name.family, name.given))
    parents = person.parents
    docs = person.documents
    first = person.names[0] if person.names else None
    return PreparedApplication(
        person=person,
        name_keys=tuple(dict.fromkeys(keys)),
        mother_keys=rules.parent_keys(parents.mother if parents else None, register_side=False),
        father_keys=rules.parent_keys(parents.father if parents else None, register_side=False),
        national_ids=tuple(
            normalise_number(d.number) for d in docs if d.type == "national_id" and d.number
        ),
        passports=tuple(
            normalise_number(d.number) for d in docs if d.type in PASSPORTS and d.number
        ),
        display_name=f"{first.family} {first.given}".strip() if first else "",
        date_context=date_context(person.birth_date) or "",
        initials=frozenset(
            i for n in person.names for part in (n.given, n.family) if (i := initials(part))
        ),
    )


def initials(text: str) -> str | None:
    """The letters of a name part written as initials ("Z. H.", "J T", "JT", "M"), or None:
    single letters, or two or three that are no name syllable."""
    words = fold(text).split()
    if not words:
        return None
    if all(len(w) == 1 for w in words):
        return "".join(words)
    joined = "".join(words)
    if "." in text or (len(joined) <= 3 and pinyin_split(joined) is None and len(words) == 1):
        return joined if len(joined) <= 4 else None
    return None


@lru_cache(maxsize=1 << 16)
def given_initials(given: str, native: str) -> str:
    """The initials of a register given name: its pinyin syllables' first letters when it
    reads as pinyin, else its words' (a Latin-script register's native column)."""
    syllables = pinyin_split(given)
    if syllables:
        return "".join(s[0] for s in syllables)
    words = fold(native).split()
    return "".join(w[0] for w in words) if words else given[:1]


@lru_cache(maxsize=1 << 18)
def _halves(key: str) -> tuple[str, str]:
    family, _, given = key.partition("|")
    return family, given


def compare_names(
    app: PreparedApplication, row: RegisterRow, rules: Profile, *, frequency: Callable[[str], int]
) -> Comparison:
    """Exact on a romanised variant (the rarest shared one, which says the most), else family
    exact with a similar given name, etc."""
    register = f"{row.family_name} {row.given_names}".strip()
    if not app.name_keys:
        return Comparison("name", NULL, None, register)
    shared = set(app.name_keys) & set(row.name_keys)
    conflict = given_conflict(app, row)
    if shared and not conflict:
        rarest = min(sorted(shared), key=frequency)
        return Comparison("name", "exact", app.display_name, register, rarest)
    best: tuple[int, float, str | None] = (NAME_RANK["else"], 0.0, None)
    row_halves = [(r, *_halves(r)) for r in row.name_keys]
    for a in app.name_keys:
        a_family, a_given = _halves(a)
        for r, r_family, r_given in row_halves:
            if a_family == r_family:
                score = rules.similarity(a_given, r_given) if a_given and r_given else 0.5
                level = (
                    "family_exact_given_similar"
                    if score >= 0.8
                    else "family_exact_given_initials"
                    if app.initials and given_initials(r_given, row.given_names) in app.initials
                    else "family_exact_given_weak"
                    if score >= 0.5
                    else None
                )
            elif a_given and a_given == r_given:
                score = rules.similarity(a_family, r_family)
                level = (
                    "family_similar_given_exact" if score >= 0.85 else "given_exact_family_differs"
                )
            elif (
                a_given
                and r_given
                and a_family[:1] == r_family[:1]
                and best[0] >= NAME_RANK["both_similar"]
            ):
                score = min(
                    rules.similarity(a_family, r_family), rules.similarity(a_given, r_given)
                )
                level = "both_similar" if score >= 0.85 else None
            else:
                continue
            if level and conflict and NAME_RANK[level] < NAME_RANK["family_exact_given_weak"]:
                level = "family_exact_given_weak"  # siblings share a first given name
            if level and (NAME_RANK[level], -score) < (best[0], -best[1]):
                best = (NAME_RANK[level], score, f"{a}~{r}")
    return Comparison("name", NAME_LEVELS[best[0]], app.display_name, register, best[2])


GIVEN_PARTICLES = frozenset({"de", "del", "la", "los", "las", "y"})


def _given_words(text: str) -> frozenset[str]:
    return frozenset(w for w in fold(text).split() if w not in GIVEN_PARTICLES)


def given_conflict(app: PreparedApplication, row: RegisterRow) -> bool:
    """Whether every name of the application gives two or more given names that the
    register's (two or more, in Latin script) contradict: María Isabel and María Ana share a
    first name, as sisters do, and are not the same person's names."""
    register = _given_words(row.given_names)
    if len(register) < 2:
        return False
    for name in app.person.names:
        given, family = _given_words(name.given), _given_words(name.family)
        if len(family) >= 2 and (family <= register or register <= family):
            return False  # the order reversed (ANA CATARINA | RAMIREZ LOPEZ)
        if len(given) < 2 or given <= register or register <= given:
            return False
    return True


def compare_sex(app: PreparedApplication, row: RegisterRow) -> Comparison:
    """Sex agrees, differs, or is unknown on one side."""
    a, r = app.person.sex, row.sex
    level = "null" if a in (None, "X") or r in (None, "X") else "exact" if a == r else "different"
    return Comparison("sex", level, a, r)


def compare_dob(app: PreparedApplication, row: RegisterRow) -> Comparison:
    """Partial and erroneous birth dates against the register's exact date."""
    register = row.birth_date.isoformat() if row.birth_date else None
    level = compare_birth_date(app.person.birth_date, row.birth_date)
    context = app.date_context if level != "null" else ""
    return Comparison("birth_date", level, app.person.birth_date, register, context=context)


def compare_birthplace(app: PreparedApplication, row: RegisterRow, country: str) -> Comparison:
    """Free-text place against the register's division code, along the hierarchy."""
    level = compare_place(app.person.birth_place, row.birth_place, country=country)
    return Comparison("birth_place", level, app.person.birth_place, row.birth_place)


def compare_ids(app: PreparedApplication, row: RegisterRow, country: str) -> Comparison:
    """The best agreement of any national ID number on the application."""
    levels: list[tuple[str, str | None]] = [
        (compare_national_id(n, row.national_id, country=country), n) for n in app.national_ids
    ] or [("null", None)]
    level, number = min(levels, key=lambda item: LEVEL_RANK.get(item[0], 9))
    return Comparison("national_id", level, number, row.national_id)


def compare_passports(app: PreparedApplication, row: RegisterRow) -> Comparison:
    """The best agreement of any passport number with the register's passports."""
    levels: list[tuple[str, str | None]] = [
        (compare_document(n, row.passport_numbers), n) for n in app.passports
    ] or [("null", None)]
    level, number = min(levels, key=lambda item: LEVEL_RANK.get(item[0], 9))
    return Comparison("passport", level, number, ";".join(row.passport_numbers) or None)


def compare_parents(app: PreparedApplication, row: RegisterRow) -> Comparison:
    """Parents' names: both agree, one agrees, a stated parent conflicts, or unknown."""
    if not row.parent_keys or not (app.mother_keys or app.father_keys):
        return Comparison("parents", "null", None, None)
    register = set(row.parent_keys)
    agree = [bool(register & set(keys)) for keys in (app.mother_keys, app.father_keys) if keys]
    shown = ", ".join(
        k
        for k in (
            app.person.parents.mother if app.person.parents else None,
            app.person.parents.father if app.person.parents else None,
        )
        if k
    )
    level = "both" if len(agree) == 2 and all(agree) else "one" if any(agree) else "conflict"
    register_shown = ", ".join(n for n in (row.mother_name, row.father_name) if n) or None
    return Comparison("parents", level, shown, register_shown)


def birth_year(value: date | None) -> str | None:
    """The year as text, for display."""
    return str(value.year) if value else None
