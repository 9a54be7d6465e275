"""The comparisons the engine makes, as data: one ordered list of levels per field, strongest
evidence first (as Splink's comparison levels), each with the sentence an officer reads and the
prior probabilities it starts from: m, how often a level occurs when the application and the
register person are the same person, and u, when they are not. The engine, the parameter
estimation, the bench and the verifier's page all read the levels from here, by field name.

The birth date is compared in one of three contexts, by what the application gives: a full
date, a year and month, or a year. Each context has its own levels, and m is estimated within
it: a year-only date can never agree on the day, so it must not be judged against the share of
full dates that do.

A sentence may name one fact of the comparison in braces: {count}, the register persons who
share the matched name, or the part of it the level rests on (see PART_SHARE)."""

from dataclasses import dataclass

NULL = "null"
NOT_COMPARED = "not given on one side or both: not compared"


@dataclass(frozen=True)
class Level:
    """One outcome of a comparison: its code, what it means, and its prior m and u."""

    name: str
    sentence: str
    m: float
    u: float


@dataclass(frozen=True)
class Comparison:
    """One field's levels, strongest evidence first; the last one is "anything else"."""

    field: str
    title: str
    levels: tuple[Level, ...]
    contexts: tuple[str, ...] = ("",)

    def level(self, name: str) -> Level:
        """A level by its code."""
        for level in self.levels:
            if level.name == name:
                return level
        raise KeyError(f"{self.field} has no level {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        """The level codes, in order."""
        return tuple(level.name for level in self.levels)


L = Level
NAME = Comparison(
    "name",
    "Name",
    (
        L("exact", "same name, shared by {count} people in the register", 0.80, 1e-4),
        L(
            "family_exact_given_similar",
            "same surname (shared by {count} people), given names written alike",
            0.10,
            5e-4,
        ),
        L(
            "family_similar_given_exact",
            "same given names (shared by {count} people), surname spelt alike",
            0.04,
            2e-4,
        ),
        L("both_similar", "surname and given names both spelt alike", 0.02, 1e-4),
        L(
            "family_exact_given_initials",
            "same surname (shared by {count} people), given names as initials that agree",
            0.03,
            1e-3,
        ),
        L(
            "given_exact_family_differs",
            "same given names (shared by {count} people), another surname",
            0.03,
            2e-3,
        ),
        L(
            "family_exact_given_weak",
            "same surname (shared by {count} people), given names partly alike",
            0.04,
            0.01,
        ),
        L("else", "the names differ", 0.03, 0.99),
    ),
)
# Levels whose chance agreement rests on how common one part of the name is: the part
# ("family" or "given") and the share of that part's bearers whose other part agrees as the
# level says. Given names alone repeat far more than full names (José, María, 伟): of one
# surname's bearers, 1 in 200 has a given name alike a random one's. A surname "spelt alike"
# (陈 Chen / 沈 Shen / 程 Cheng) is held by at most a tenth of a register.
PART_SHARE = {
    "family_exact_given_similar": ("family", 0.005),
    "family_exact_given_initials": ("family", 0.02),
    "family_exact_given_weak": ("family", 0.05),
    "family_similar_given_exact": ("given", 0.1),
    "given_exact_family_differs": ("given", 1.0),
}

BIRTH_DATE = Comparison(
    "birth_date",
    "Date of birth",
    (
        L("exact", "same date of birth", 0.80, 4.6e-5),
        L("transposed", "day and month swapped", 0.03, 4.6e-5),
        L("off_by_days", "a few days apart", 0.04, 5e-4),
        L("off_by_year", "same day and month, the year one apart", 0.04, 1e-4),
        L(
            "placeholder_agrees",
            "the application's 1 January or 1 July stands for an unknown day; the year agrees",
            0.02,
            0.017,
        ),
        L("digit_typo", "one digit mistyped", 0.03, 2.5e-3),
        L("year_month", "the application gives year and month only, and they agree", 0.85, 1.4e-3),
        L(
            "year_agrees",
            "the application gives year and month; the year agrees, the month does not",
            0.05,
            0.015,
        ),
        L("year_only", "the application gives the year only, and it agrees", 0.85, 0.017),
        L("year_apart", "the application gives a year one apart from this person's", 0.06, 0.034),
        L("different", "the dates differ", 0.04, 0.95),
    ),
    contexts=("full", "year_month", "year"),
)
# Which levels can occur in each context ("different" in all).
DATE_CONTEXT_LEVELS = {
    "full": (
        "exact",
        "transposed",
        "off_by_days",
        "off_by_year",
        "placeholder_agrees",
        "digit_typo",
        "different",
    ),
    "year_month": ("year_month", "year_agrees", "year_apart", "different"),
    "year": ("year_only", "year_apart", "different"),
}

SEX = Comparison(
    "sex",
    "Sex",
    (L("exact", "same sex", 0.98, 0.5), L("different", "the sex differs", 0.02, 0.5)),
)
BIRTH_PLACE = Comparison(
    "birth_place",
    "Place of birth",
    (
        L("exact", "same place of birth", 0.70, 0.03),
        L("same_level2", "same prefecture or department", 0.12, 0.08),
        L("same_level1", "same province", 0.08, 0.25),
        L("different", "the places differ", 0.10, 0.64),
    ),
)
NATIONAL_ID = Comparison(
    "national_id",
    "National ID",
    (
        L("exact", "same national ID number", 0.97, 1e-9),
        L(
            "invalid_checksum_one_edit",
            "the application's number fails its check digit and is one slip away from this "
            "person's",
            0.02,
            1e-8,
        ),
        L(
            "unchecked_one_edit",
            "one character apart (these numbers carry no check digit)",
            0.02,
            1e-5,
        ),
        L("unchecked_different", "another number (these numbers carry no check digit)", 0.05, 1.0),
        L("different", "another number", 0.01, 1.0),
    ),
)
PASSPORT = Comparison(
    "passport",
    "Passport",
    (
        L("exact", "same passport number", 0.90, 1e-9),
        L(
            "ocr_confusion",
            "same number but for characters a scanner confuses (O/0, I/1, S/5)",
            0.05,
            1e-8,
        ),
        L("one_edit", "one character apart", 0.03, 1e-7),
        L("different", "another number", 0.02, 1.0),
    ),
)
PARENTS = Comparison(
    "parents",
    "Parents",
    (
        L("both", "both parents' names agree", 0.60, 1e-4),
        L("one", "one parent's name agrees", 0.25, 5e-3),
        L("conflict", "a parent's name differs", 0.15, 0.99),
    ),
)

COMPARISONS: dict[str, Comparison] = {
    c.field: c for c in (NAME, BIRTH_DATE, SEX, BIRTH_PLACE, NATIONAL_ID, PASSPORT, PARENTS)
}
# Facts a national ID implies: counted once, with the ID.
IMPLIED_BY_ID = frozenset({"birth_date", "sex", "birth_place"})
# Agreements that settle who a common name is.
HARD_EVIDENCE = {
    "national_id": frozenset({"exact", "invalid_checksum_one_edit"}),
    "passport": frozenset({"exact", "ocr_confusion"}),
    "parents": frozenset({"both"}),
    "birth_place": frozenset({"exact"}),
    "face": frozenset({"strong"}),
}


def sentence(field: str, level: str, **facts: object) -> str:
    """What a level means, in words, with the comparison's facts filled in."""
    if level == NULL:
        return NOT_COMPARED
    text = COMPARISONS[field].level(level).sentence
    try:
        return text.format(**facts)
    except (KeyError, IndexError):
        return text.replace("{count}", "some")
