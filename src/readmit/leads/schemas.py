"""A lead rule file as its YAML states it (versions, the region, each rule with its id, label,
kind and parameters), and leads, flights and imports as the API returns them."""

import re
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from readmit import yamlfile
from readmit.countries import iso
from readmit.yamlfile import YamlFileError

_STRICT = ConfigDict(extra="forbid", frozen=True)
MAX_FILE_BYTES = 200_000  # a rule set is a page or two
RULE_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
AIRPORT = re.compile(r"^[A-Z]{3}$")


class RuleKind(StrEnum):
    """What a rule measures."""

    # Flights into a hub on which more than `threshold` of the passengers are one-way
    # passengers of nationalities from outside the region: at least `min_flights` of them
    # within `window_days`.
    one_way_share = "one_way_share"
    # Charter flights of one operator on one route: at least `min_flights` within
    # `window_days`.
    repeated_charters = "repeated_charters"


# The parameters each kind needs, and those it may have.
REQUIRED: dict[RuleKind, frozenset[str]] = {
    RuleKind.one_way_share: frozenset({"threshold", "min_flights", "window_days", "hubs"}),
    RuleKind.repeated_charters: frozenset({"min_flights", "window_days"}),
}
OPTIONAL: dict[RuleKind, frozenset[str]] = {
    RuleKind.one_way_share: frozenset({"min_passengers"}),
    RuleKind.repeated_charters: frozenset({"destinations"}),
}


def _airports(codes: list[str] | None) -> list[str] | None:
    if codes is None:
        return None
    wrong = [code for code in codes if not AIRPORT.match(code)]
    if wrong:
        raise ValueError(
            f"not IATA airport codes (three capital letters, such as MGA): {', '.join(wrong)}"
        )
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise ValueError(f"airports listed twice: {', '.join(twice)}")
    return codes


class Parameters(BaseModel):
    """A rule's parameters; which ones a rule needs depends on its kind (REQUIRED)."""

    model_config = _STRICT

    threshold: float | None = Field(
        default=None, ge=0, lt=1, description="A share from 0 to 1: the rule fires above it."
    )
    min_flights: int | None = Field(default=None, ge=1, le=1000)
    window_days: int | None = Field(
        default=None, ge=1, le=366, description="Flights on at most this many consecutive days."
    )
    min_passengers: int | None = Field(
        default=None, ge=1, le=1000, description="Flights with fewer passengers are not judged."
    )
    hubs: list[str] | None = Field(default=None, min_length=1, description="IATA airports.")
    destinations: list[str] | None = Field(
        default=None, min_length=1, description="IATA airports (none: any destination)."
    )

    @field_validator("hubs", "destinations")
    @classmethod
    def _iata_airports(cls, codes: list[str] | None) -> list[str] | None:
        return _airports(codes)

    def given(self) -> set[str]:
        """The names of the parameters the file gives."""
        return {name for name in type(self).model_fields if getattr(self, name) is not None}


class Rule(BaseModel):
    """One rule: an identifier (kept on its leads), a label for analysts, what it measures
    and its parameters."""

    model_config = _STRICT

    id: str = Field(description="Lower-case identifier, unique in its version.")
    label: str = Field(min_length=1, max_length=200)
    kind: RuleKind
    parameters: Parameters

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"{value!r} is not an identifier such as one_way_into_hub")
        return value

    @model_validator(mode="after")
    def _parameters_of_kind(self) -> Self:
        given = self.parameters.given()
        missing = sorted(REQUIRED[self.kind] - given)
        if missing:
            raise ValueError(f"a {self.kind} rule needs the parameter(s) {', '.join(missing)}")
        unknown = sorted(given - REQUIRED[self.kind] - OPTIONAL[self.kind])
        if unknown:
            raise ValueError(f"a {self.kind} rule takes no parameter(s) {', '.join(unknown)}")
        if self.kind == RuleKind.repeated_charters and (self.parameters.min_flights or 0) < 2:
            raise ValueError("min_flights of a repeated_charters rule must be 2 or more")
        return self


class Region(BaseModel):
    """The countries whose nationals are "from the region"."""

    model_config = _STRICT

    name: str = Field(min_length=1, max_length=200)
    countries: list[str] = Field(min_length=1)

    @field_validator("countries")
    @classmethod
    def _iso_codes(cls, codes: list[str]) -> list[str]:
        return iso.checked_codes(codes, "countries")


class RuleSet(BaseModel):
    """One version of the rules."""

    model_config = _STRICT

    name: str = Field(min_length=1, max_length=200)
    version: int = Field(ge=1)
    in_force_from: date
    region: Region
    rules: list[Rule] = Field(min_length=1)

    @field_validator("rules")
    @classmethod
    def _distinct_ids(cls, rules: list[Rule]) -> list[Rule]:
        ids = [rule.id for rule in rules]
        twice = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if twice:
            raise ValueError(f"rule ids listed twice: {', '.join(twice)}")
        return rules


class RuleFile(BaseModel):
    """Top level of a lead rule file: its versions, oldest first."""

    model_config = _STRICT

    illustrative: bool = Field(default=False, description="An example, not an agency's rules.")
    rule_sets: list[RuleSet] = Field(min_length=1)

    @model_validator(mode="after")
    def _versions_increase(self) -> Self:
        yamlfile.check_versions([(r.version, r.in_force_from) for r in self.rule_sets])
        return self


class RuleFileError(YamlFileError):
    """A lead rule file could not be read, parsed or validated."""


def load_rule_file(path: Path) -> RuleFile:
    """Read and validate a lead rule file; RuleFileError names each field and line."""
    try:
        return yamlfile.read(path, RuleFile, what="lead rule file", max_bytes=MAX_FILE_BYTES)
    except YamlFileError as exc:
        raise RuleFileError(str(exc)) from exc


# --- the API -----------------------------------------------------------------------------

Status = Literal["open", "dismissed", "referred"]


class RulePublic(BaseModel):
    """A rule as the API describes it."""

    id: str
    label: str
    kind: RuleKind
    parameters: dict[str, float | int | list[str]]


class RuleSetPublic(BaseModel):
    """The version of the rules in force, and its region."""

    name: str
    version: int
    in_force_from: date
    illustrative: bool
    region: str
    region_countries: list[str]
    rules: list[RulePublic]


class NationalityCount(BaseModel):
    """The passengers of one nationality on a flight, and how many flew one way."""

    nationality: str
    passengers: int
    one_way: int


class FlightPublic(BaseModel):
    """A flight behind a lead, with its counts and its own figure (`value`: its share of
    one-way passengers from outside the region, for a one_way_share rule)."""

    id: int
    operator_code: str
    operator_name: str
    flight_number: str
    date: date
    origin: str
    destination: str
    charter: bool
    passengers: int
    one_way: int
    value: float | None
    nationalities: list[NationalityCount]


class LeadSummary(BaseModel):
    """A lead in the list: which rule, which operator, the figure and its threshold."""

    id: int
    status: Status
    rule_id: str
    rule_label: str
    rule_kind: RuleKind
    rule_set: str
    rule_set_version: int
    operator_code: str
    operator_name: str
    value: float
    threshold: float
    flight_count: int
    created_at: datetime
    updated_at: datetime


class LeadPublic(LeadSummary):
    """A lead with the flights behind it and what became of it; `designation_url` is where a
    referred lead's designation proposal is drafted."""

    decided_at: datetime | None
    reason: str
    designation_url: str | None
    flights: list[FlightPublic]


class Dismissal(BaseModel):
    """Why the lead is no lead."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=3, max_length=2000)


class Referral(BaseModel):
    """A note on the referral to a designation proposal (optional)."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=2000)


class RunPublic(BaseModel):
    """What a run of the rules did."""

    rule_set: str | None  # None: no rules in force on the day of the run
    rule_set_version: int | None
    flights: int  # the state's flights the rules looked at
    leads_opened: int
    leads_updated: int


class ImportPublic(BaseModel):
    """One imported file and what the run that followed it found."""

    id: int
    filename: str
    rows: int
    flights: int
    leads_opened: int
    leads_updated: int
    imported_at: datetime
