"""One person, one file: the same person found under name variants, among pathway cases and
(through `crosscheck`) readmission applications.

A case is kept with three kinds of key (table `pathway_name_keys`):

- name keys, "family|given", exactly as the search index keys an application's names
  (`search.keys.name_keys` under the naming rules of the person's nationality: a Han name's
  Latin readings in pinyin, Wade-Giles, Cantonese and dialect spellings, both name orders),
  with the Spanish keys of a Latin-script name whatever the nationality (both surnames, one,
  either order: most people on these pathways name themselves the Spanish way, and other
  Latin names only gain keys they already had in another order);
- slip keys, "~family|g@year": a name key with the given name cut to its initial, and the
  birth year, so that a typo in one part still meets the other part in a year ±1;
- the document number as the identity engine normalises it (letters and digits only).

Keys only propose: a candidate is the same person when its birth date is compatible (the
engine's date levels: exact, swapped, a few days or a year off, a year or year-month that
agrees, or unknown on one side) and the names agree by the screening comparison (score at
least `NAME_AGREES`), or the document number agrees.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from readmit.auth.models import User
from readmit.i18n import N_, _
from readmit.identity.dates import compare_birth_date, parse_partial
from readmit.identity.docnums import normalise_number
from readmit.identity.romanise import is_han
from readmit.identity.spanish import spanish_name_keys
from readmit.pathways.models import NameKey, PathwayCase
from readmit.screening.person_names import compare_person_names, name_form
from readmit.search.keys import expand, name_keys
from readmit.tenancy.service import held_by

KEY_LENGTH = 120  # the column's length; longer keys are cut the same way on every side
NAME_AGREES = 0.75  # the screening's name score from which two names are one person's
MAX_CANDIDATES = 200  # cases proposed by the keys that are compared in full
SHOWN_KEYS = 3  # agreeing keys named in the explanation
DATE_LABELS = {
    "null": N_("unknown on one side"),
    "exact": N_("the same"),
    "transposed": N_("the same with day and month swapped"),
    "off_by_days": N_("a few days apart"),
    "off_by_year": N_("the same day one year apart"),
    "placeholder_agrees": N_("the same year (one date is a placeholder)"),
    "digit_typo": N_("one digit apart"),
    "year_month": N_("the same year and month"),
    "year_agrees": N_("the same year"),
    "year_only": N_("the same year"),
    "year_apart": N_("one year apart"),
}


@dataclass(frozen=True)
class Person:
    """What two files are compared on."""

    names: tuple[tuple[str, str], ...]
    nationality: str
    birth_date: str
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Agreement:
    """Why two files are taken for one person."""

    name_score: float
    name: str  # the screening comparison's sentence
    keys: tuple[str, ...]  # name keys both files have
    birth_date: str  # a level of `identity.dates`
    document: bool

    def why(self) -> list[str]:
        """The agreeing fields, as sentences for the officer."""
        found = [_("Name: {explanation}", explanation=self.name)]
        if self.keys:
            found.append(_("Name keys in common: {keys}", keys=", ".join(self.keys)))
        found.append(_("Birth date: {level}", level=_(DATE_LABELS[self.birth_date])))
        if self.document:
            found.append(_("The document number is the same."))
        return found


@dataclass(frozen=True)
class Duplicate:
    """Another case of the same person, and why."""

    case: PathwayCase
    agreement: Agreement


def person_of(case: PathwayCase) -> Person:
    """A case's person as compared."""
    return Person(
        names=((case.family_name, case.given_names),),
        nationality=case.nationality,
        birth_date=case.birth_date,
        documents=(case.document_number,) if case.document_number else (),
    )


def _name_keys(nationality: str, family: str, given: str) -> set[str]:
    keys = name_keys(nationality, family, given)
    if not any(is_han(c) for c in family + given):
        spanish = (f"{f}|{g}" for f, g in spanish_name_keys(family, given))
        keys |= expand(spanish, romanised=False)
    return {key[:KEY_LENGTH] for key in keys}


def _slip_keys(names: Iterable[str], years: Iterable[int]) -> set[str]:
    out: set[str] = set()
    for key in names:
        family, _sep, given = key.partition("|")
        if family and given:
            out.update(f"~{family}|{given[0]}@{year}"[:KEY_LENGTH] for year in years)
    return out


def _year(birth_date: str) -> int | None:
    parsed = parse_partial(birth_date)
    return parsed.year if parsed else None


def _documents(person: Person) -> set[str]:
    return {n[:KEY_LENGTH] for n in map(normalise_number, person.documents) if n}


def keys_of(person: Person, *, lookup: bool = False) -> set[str]:
    """The keys a person is kept under; to look a person up (`lookup`), with the slip keys
    of the year before and after too."""
    names: set[str] = set()
    for family, given in person.names:
        names |= _name_keys(person.nationality, family, given)
    year = _year(person.birth_date)
    years = [] if year is None else ([year - 1, year, year + 1] if lookup else [year])
    return names | _slip_keys(names, years) | _documents(person)


def index_case(*, session: Session, case: PathwayCase) -> None:
    """Rewrite a case's keys; call it whenever its names, birth date or document change."""
    session.flush()
    session.execute(delete(NameKey).where(NameKey.case_id == case.id))
    keys = keys_of(person_of(case))
    if keys:
        session.execute(insert(NameKey), [{"case_id": case.id, "key": k} for k in sorted(keys)])


def birth_dates(a: str | None, b: str | None) -> str:
    """The engine's level for two birth dates of which either or both may be partial."""
    first, second = parse_partial(a), parse_partial(b)
    if first is None or second is None:
        return "null"
    for partial, other in ((a, second), (b, first)):
        if other.month is not None and other.day is not None:
            try:
                return compare_birth_date(partial, date(other.year, other.month, other.day))
            except ValueError:
                continue  # not a calendar date: compared as partial
    if first.year != second.year:
        return "year_apart" if abs(first.year - second.year) == 1 else "different"
    if first.month is not None and second.month is not None:
        return "year_month" if first.month == second.month else "year_agrees"
    return "year_only"


def compare(a: Person, b: Person) -> Agreement | None:
    """Why `b` is taken for the same person as `a`, or None when it is not."""
    level = birth_dates(a.birth_date, b.birth_date)
    if level == "different":
        return None
    score, feature = compare_person_names(
        [name_form(f, g, query_side=True) for f, g in a.names],
        [name_form(f, g, query_side=False) for f, g in b.names],
    )
    document = bool(_documents(a) & _documents(b))
    if score < NAME_AGREES and not document:
        return None
    shared = [k for k in keys_of(a) & keys_of(b) if "|" in k and not k.startswith("~")]
    names = sorted(shared, key=lambda k: (-len(k), k))
    return Agreement(
        round(score, 3), feature.explanation, tuple(names[:SHOWN_KEYS]), level, document
    )


def possible_duplicates(*, session: Session, user: User, case: PathwayCase) -> list[Duplicate]:
    """Other cases of the same person held by the user's state, any programme, best first;
    the cases a referral links this one to are the same file moving on, not duplicates."""
    keys = keys_of(person_of(case), lookup=True)
    if not keys:
        return []
    linked = [case.id] + ([case.referred_from_id] if case.referred_from_id else [])
    candidates = session.scalars(
        select(PathwayCase)
        .where(
            held_by(user, PathwayCase.state_code),
            PathwayCase.id.not_in(linked),
            PathwayCase.referred_from_id.is_distinct_from(case.id),
            PathwayCase.id.in_(select(NameKey.case_id).where(NameKey.key.in_(sorted(keys)))),
        )
        .order_by(PathwayCase.id)
        .limit(MAX_CANDIDATES)
    )
    person = person_of(case)
    found = [
        Duplicate(other, agreement)
        for other in candidates
        if (agreement := compare(person, person_of(other))) is not None
    ]
    return sorted(found, key=lambda d: (-d.agreement.name_score, d.case.id))


def names_of(pairs: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Recorded names as compared: blank ones left out."""
    return tuple((f, g) for f, g in pairs if f.strip() or g.strip())
