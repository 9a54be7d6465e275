"""A programme file: what a legal pathway offers, to whom, under which rules and ceilings.

Files are strict (no coercion, unknown keys refused) like agreement files, because a typo in
a ceiling or a rule would quietly change who gets a place."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from readmit import yamlfile
from readmit.agreements.schemas import StateCode
from readmit.i18n import _
from readmit.pathways.models import CaseStatus, PathwayKind
from readmit.yamlfile import YamlFileError

_STRICT = ConfigDict(strict=True, extra="forbid")
_IDENT = re.compile(r"[a-z][a-z0-9_]*")
_CODE = re.compile(r"[a-z][a-z0-9-]*")
MAX_FILE_BYTES = 1_000_000
MAX_PLACES = 10_000_000
# Facts every case has, whatever the programme asks: rules may test them by these names.
PERSON_FACTS = ("nationality", "age", "intake_state")
DOCUMENT_PREFIX = "document."


def _ident(value: str) -> str:
    if not _IDENT.fullmatch(value):
        raise ValueError(_("identifiers are lower-case snake_case names, e.g. 'petition_approved'"))
    return value


def _code(value: str) -> str:
    if not _CODE.fullmatch(value):
        raise ValueError(_("codes are lower-case words joined by hyphens, e.g. 'usa-frp'"))
    return value


Ident = Annotated[str, AfterValidator(_ident)]
Code = Annotated[str, AfterValidator(_code)]
Text = Annotated[str, Field(min_length=1, max_length=500)]


class IntakePlace(BaseModel):
    """A Safe Mobility Office or integration centre where people are taken in."""

    model_config = _STRICT

    code: Annotated[str, Field(pattern=r"^[A-Z0-9-]{3,40}$")]
    state: StateCode
    name: Text


class Fact(BaseModel):
    """A question the intake officer answers; rules test the answers."""

    model_config = _STRICT

    id: Ident
    label: Text
    type: Literal["boolean", "choice", "country", "date", "number"]
    choices: list[Ident] = Field(default_factory=list, max_length=50)
    # How each choice reads in an explanation ("us_citizen": "US citizen"); default: the id.
    choice_labels: dict[Ident, Text] = Field(default_factory=dict)
    help: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _choices_for_choice(self) -> Fact:
        if (self.type == "choice") != bool(self.choices):
            raise ValueError(_("a 'choice' fact lists its choices, and only a 'choice' fact does"))
        if set(self.choice_labels) - set(self.choices):
            raise ValueError(_("choice_labels names a choice the fact does not list"))
        return self


class Rule(BaseModel):
    """One eligibility rule: a fact and exactly one test. `fact` is a declared fact, one of
    the person's own facts (nationality, age, intake_state), or `document.<kind>` (whether
    that document was provided). An unanswered fact makes the rule "unknown", never "not met"."""

    model_config = _STRICT

    id: Ident
    text: Text
    fact: Annotated[str, Field(min_length=1, max_length=80)]
    equals: bool | str | int | None = None
    one_of: list[str] | None = Field(default=None, max_length=300)
    none_of: list[str] | None = Field(default=None, max_length=300)
    # A number, or a date for a date fact (e.g. in the country on or before a cut-off).
    at_least: int | date | None = None
    at_most: int | date | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Rule:
        tests = [self.equals, self.one_of, self.none_of, self.at_least, self.at_most]
        if sum(test is not None for test in tests) != 1:
            raise ValueError(
                _("a rule has exactly one test: equals, one_of, none_of, at_least or at_most")
            )
        return self


class Document(BaseModel):
    """A document the programme asks for."""

    model_config = _STRICT

    kind: Ident
    label: Text
    required: bool = True


class PriorityCategory(BaseModel):
    """A priority category; the first listed is allocated first."""

    model_config = _STRICT

    id: Ident
    label: Text


class Period(BaseModel):
    """A sub-period of the fiscal year with its own places (e.g. H-2B's halves), by month:
    `from_month` to `to_month` inclusive, wrapping over the calendar year if needed."""

    model_config = _STRICT

    id: Ident
    from_month: int = Field(ge=1, le=12)
    to_month: int = Field(ge=1, le=12)
    places: int = Field(ge=0, le=MAX_PLACES)


class FiscalYearCeiling(BaseModel):
    """The places of one fiscal year: a total, optional regional sub-ceilings (a case of that
    region takes a place from both) and optional sub-periods."""

    model_config = _STRICT

    fiscal_year: int = Field(ge=2000, le=2100)
    places: int = Field(ge=0, le=MAX_PLACES)
    regions: dict[Ident, Annotated[int, Field(ge=0, le=MAX_PLACES)]] = Field(default_factory=dict)
    periods: list[Period] = Field(default_factory=list, max_length=12)
    # Places of a period left unused at its end may be used by the next (H-2B's halves).
    carry_over: bool = False

    @model_validator(mode="after")
    def _parts_within_total(self) -> FiscalYearCeiling:
        if any(places > self.places for places in self.regions.values()):
            raise ValueError(_("a region's places cannot exceed the fiscal year's places"))
        if sum(period.places for period in self.periods) > self.places:
            raise ValueError(_("the periods' places add up to more than the fiscal year's"))
        return self


class Deadline(BaseModel):
    """Days allowed in a status before the case is overdue."""

    model_config = _STRICT

    days: int = Field(ge=1, le=366)


class PermitTerms(BaseModel):
    """Regularisation: the temporary permit issued, its validity and renewal."""

    model_config = _STRICT

    name: Text
    validity_days: int = Field(ge=1, le=3660)
    # A fixed end date for every permit of the programme (e.g. Colombia's PPT, 2031-05-30).
    valid_until: date | None = None
    renewal_days: int | None = Field(default=None, ge=1, le=3660)


class ProgrammeFile(BaseModel):
    """One programme, as an administrator writes it."""

    model_config = _STRICT

    code: Code
    version: int = Field(ge=1, le=10_000)
    title: Text
    # An enum: YAML gives its value as a string, which strict mode alone would refuse.
    kind: PathwayKind = Field(strict=False)
    state: StateCode
    source: str = Field(default="", max_length=2000)
    valid_from: date
    valid_until: date | None = None
    fiscal_year_start_month: int = Field(default=10, ge=1, le=12)
    eligible_nationalities: list[StateCode] = Field(min_length=1, max_length=250)
    intake_places: list[IntakePlace] = Field(min_length=1, max_length=200)
    facts: list[Fact] = Field(default_factory=list, max_length=100)
    rules: list[Rule] = Field(min_length=1, max_length=100)
    documents: list[Document] = Field(default_factory=list, max_length=50)
    priority_categories: list[PriorityCategory] = Field(default_factory=list, max_length=20)
    # Region of each nationality, for regional sub-ceilings.
    regions: dict[Ident, list[StateCode]] = Field(default_factory=dict)
    # No ceiling at all (e.g. H-2A); otherwise one entry per fiscal year.
    uncapped: bool = False
    ceilings: list[FiscalYearCeiling] = Field(default_factory=list, max_length=50)
    deadlines: dict[str, Deadline] = Field(default_factory=dict)
    # Programmes to suggest when this one's rules are not met.
    refer_to: list[Code] = Field(default_factory=list, max_length=20)
    permit: PermitTerms | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ProgrammeFile:
        errors = _consistency_errors(self)
        if errors:
            raise ValueError("; ".join(errors))
        return self

    def fact(self, fact_id: str) -> Fact | None:
        """The declared fact of this id, if any."""
        return next((fact for fact in self.facts if fact.id == fact_id), None)

    def region_of(self, nationality: str) -> str:
        """The region a nationality belongs to, or "" if none is listed."""
        return next((r for r, members in self.regions.items() if nationality in members), "")

    def ceiling(self, fiscal_year: int) -> FiscalYearCeiling | None:
        """The ceiling of a fiscal year, if the file sets one."""
        return next((c for c in self.ceilings if c.fiscal_year == fiscal_year), None)


def _consistency_errors(programme: ProgrammeFile) -> list[str]:
    errors: list[str] = [
        error for rule in programme.rules for error in _rule_errors(programme, rule)
    ]
    declared = {fact.id for fact in programme.facts}
    documents = {document.kind for document in programme.documents}
    for rule in programme.rules:
        if rule.fact.startswith(DOCUMENT_PREFIX):
            if rule.fact.removeprefix(DOCUMENT_PREFIX) not in documents:
                errors.append(
                    _("rule {rule}: no document {fact} is listed", rule=rule.id, fact=rule.fact)
                )
        elif rule.fact not in declared and rule.fact not in PERSON_FACTS:
            errors.append(
                _("rule {rule}: no fact {fact} is declared", rule=rule.id, fact=rule.fact)
            )
    if programme.uncapped and programme.ceilings:
        errors.append(_("an uncapped programme sets no ceilings"))
    years = [ceiling.fiscal_year for ceiling in programme.ceilings]
    if len(years) != len(set(years)):
        errors.append(_("a fiscal year's ceiling is set twice"))
    for ceiling in programme.ceilings:
        unknown = sorted(set(ceiling.regions) - set(programme.regions))
        if unknown:
            errors.append(
                _("ceiling regions not listed under regions: {regions}", regions=", ".join(unknown))
            )
    unknown_statuses = sorted(set(programme.deadlines) - {status.value for status in CaseStatus})
    if unknown_statuses:
        errors.append(
            _("deadlines for unknown statuses: {statuses}", statuses=", ".join(unknown_statuses))
        )
    if (programme.kind == PathwayKind.regularisation) != (programme.permit is not None):
        errors.append(_("a regularisation programme sets its permit, and only it does"))
    return errors


# The type of each person fact, and of every `document.<kind>` fact (whether it was provided).
PERSON_FACT_TYPES = {"nationality": "country", "age": "number", "intake_state": "country"}
# The tests each type of fact takes.
TESTS_BY_TYPE = {
    "boolean": {"equals"},
    "choice": {"equals", "one_of", "none_of"},
    "country": {"equals", "one_of", "none_of"},
    "date": {"at_least", "at_most"},
    "number": {"equals", "at_least", "at_most"},
}


def fact_type(programme: ProgrammeFile, fact_id: str) -> str | None:
    """The type of a fact a rule may test, or None if there is no such fact."""
    if fact_id.startswith(DOCUMENT_PREFIX):
        return "boolean"
    declared = programme.fact(fact_id)
    return declared.type if declared is not None else PERSON_FACT_TYPES.get(fact_id)


def _fits(kind: str, value: object, choices: list[str]) -> bool:
    """Whether a rule's value has the fact's type."""
    match kind:
        case "boolean":
            return isinstance(value, bool)
        case "choice":
            return isinstance(value, str) and value in choices
        case "country":
            return isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value) is not None
        case "date":
            return isinstance(value, date)
        case _:
            return isinstance(value, int) and not isinstance(value, bool)


def _rule_errors(programme: ProgrammeFile, rule: Rule) -> list[str]:
    """A rule whose test does not suit its fact's type (a date bound on a yes/no fact, a
    choice the fact does not list) would never be met: refused with the file."""
    kind = fact_type(programme, rule.fact)
    if kind is None:
        return []  # reported as an undeclared fact
    test = next(
        name
        for name in TESTS_BY_TYPE["choice"] | TESTS_BY_TYPE["number"]
        if getattr(rule, name) is not None
    )
    if test not in TESTS_BY_TYPE[kind]:
        return [
            _("rule {rule}: a {kind} fact takes no {test} test", rule=rule.id, kind=kind, test=test)
        ]
    declared = programme.fact(rule.fact)
    choices = declared.choices if declared is not None else []
    value = getattr(rule, test)
    values = value if isinstance(value, list) else [value]
    if not all(_fits(kind, one, choices) for one in values):
        return [
            _("rule {rule}: {test} does not suit a {kind} fact", rule=rule.id, test=test, kind=kind)
        ]
    return []


class ProgrammeFileError(YamlFileError):
    """A programme file could not be read, parsed or validated."""


def load_programme_file(path: Path) -> ProgrammeFile:
    """Read and validate a programme YAML file; the message names the field and line."""
    try:
        return yamlfile.read(path, ProgrammeFile, what="programme file", max_bytes=MAX_FILE_BYTES)
    except YamlFileError as exc:
        raise ProgrammeFileError(str(exc)) from exc


def from_stored(definition: dict[str, Any]) -> ProgrammeFile:
    """A stored programme's file, read back from its JSON."""
    return ProgrammeFile.model_validate(definition, strict=False)
