"""A declaration as its YAML file states it (its signatories and the indicators they report),
and progress reports as the API returns them: aggregates only, withheld cells as "<5" or "x"."""

import re
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from readmit import yamlfile
from readmit.countries import iso
from readmit.statistics.schemas import Cell
from readmit.yamlfile import YamlFileError

_STRICT = ConfigDict(extra="forbid", frozen=True)
MAX_FILE_BYTES = 100_000  # a declaration is a page
KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class Kind(StrEnum):
    """How an indicator adds up over a state's corridors."""

    sum = "sum"  # a count, added up (withheld if any part is)
    median = "median"  # cannot be added up: one value per corridor


# The statistics columns a declaration's indicator may report, and how they add up. A column
# listed here that the statistics do not compute (yet) is reported as "not yet available".
SOURCES: dict[str, Kind] = {
    "submitted": Kind.sum,
    "decided": Kind.sum,
    "confirmed": Kind.sum,
    "rejected": Kind.sum,
    "arrived": Kind.sum,
    "no_shows": Kind.sum,
    "reintegration_referrals": Kind.sum,
    "decision_days_median": Kind.median,
    "document_days_median": Kind.median,
    "departure_days_median": Kind.median,
    "pathway_admissions": Kind.sum,
    "reintegration_sustainability_12m": Kind.median,
}
# Columns counted over the state's own legal pathway programmes (readmit.pathways.statistics),
# not over one side of its corridors: they have no side.
OWN_PROGRAMMES = frozenset({"pathway_admissions"})
# Columns computed from reintegration follow-ups (readmit.reintegration.indicators), per
# corridor on the indicator's side.
REINTEGRATION = frozenset({"reintegration_sustainability_12m"})


class Side(StrEnum):
    """Which of its corridors a state counts an indicator on."""

    requesting = "requesting"
    requested = "requested"


class Indicator(BaseModel):
    """One indicator the signatories report: a statistics column on one side of their
    corridors, or none (a commitment with no data source yet: "not yet available")."""

    model_config = _STRICT

    key: str = Field(description="Lower-case identifier, unique in the declaration.")
    label: str = Field(min_length=1, max_length=200)
    column: str | None = Field(default=None, description="The statistics column (SOURCES).")
    side: Side | None = Field(default=None, description="requesting or requested.")

    @field_validator("key")
    @classmethod
    def _key_shape(cls, value: str) -> str:
        if not KEY.match(value):
            raise ValueError(f"{value!r} is not a key such as returns_completed")
        return value

    @model_validator(mode="after")
    def _known_source(self) -> Self:
        if self.column is None:
            if self.side is not None:
                raise ValueError("side is given but no column: give both, or neither")
            return self
        if self.column not in SOURCES:
            raise ValueError(
                f"unknown indicator column {self.column!r}; known: {', '.join(sorted(SOURCES))}"
            )
        if self.column in OWN_PROGRAMMES:
            if self.side is not None:
                raise ValueError(f"column {self.column} counts the state's programmes: no side")
            return self
        if self.side is None:
            raise ValueError(f"column {self.column} needs its side: requesting or requested")
        return self

    @property
    def kind(self) -> Kind | None:
        """How the indicator adds up; None when it has no data source."""
        return None if self.column is None else SOURCES[self.column]


class Declaration(BaseModel):
    """A multilateral declaration: who signed it and what they report on."""

    model_config = _STRICT

    name: str = Field(min_length=1, max_length=200)
    adopted_on: date
    illustrative: bool = Field(default=False, description="An example, not the agreed text.")
    signatories: list[str] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)

    @field_validator("signatories")
    @classmethod
    def _iso_codes(cls, codes: list[str]) -> list[str]:
        return iso.checked_codes(codes, "signatories")

    @field_validator("indicators")
    @classmethod
    def _distinct_keys(cls, indicators: list[Indicator]) -> list[Indicator]:
        keys = [indicator.key for indicator in indicators]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise ValueError(f"indicator keys listed twice: {', '.join(twice)}")
        return indicators

    def indicator(self, key: str) -> Indicator | None:
        """The indicator with this key, if any."""
        return next((i for i in self.indicators if i.key == key), None)


class DeclarationFileError(YamlFileError):
    """A declaration file could not be read, parsed or validated."""


def load_declaration_file(path: Path) -> Declaration:
    """Read and validate a declaration file; DeclarationFileError names each field and line."""
    try:
        return yamlfile.read(path, Declaration, what="declaration file", max_bytes=MAX_FILE_BYTES)
    except YamlFileError as exc:
        raise DeclarationFileError(str(exc)) from exc


# --- the API -----------------------------------------------------------------------------

MONTH = r"^\d{4}-\d{2}$"


class IndicatorPublic(BaseModel):
    """A declaration's indicator as the API describes it."""

    key: str
    label: str
    column: str | None
    side: Side | None
    kind: Kind | None


class DeclarationPublic(BaseModel):
    """A declaration, its signatories and its indicators."""

    key: str
    name: str
    adopted_on: date
    illustrative: bool
    signatories: list[str]
    indicators: list[IndicatorPublic]


class Figure(BaseModel):
    """One corridor's value ("USA-CHN")."""

    corridor: str
    value: Cell


class IndicatorFigures(BaseModel):
    """One indicator of one state: `value` is the state's figure (a count summed over its
    corridors; a measure's only corridor, else None: see `corridors`); `available` is False
    while the indicator has no data source."""

    key: str
    label: str
    available: bool
    value: Cell = None
    corridors: list[Figure] = []
    narrative: str | None = None


class ReportCreate(BaseModel):
    """A new draft for a period of whole months, with the narratives written so far."""

    model_config = ConfigDict(extra="forbid")

    period_from: str = Field(pattern=MONTH)
    period_to: str = Field(pattern=MONTH)
    narratives: dict[str, str] = {}


class ReportUpdate(BaseModel):
    """The draft's narratives, by indicator key (an empty text removes one)."""

    model_config = ConfigDict(extra="forbid")

    narratives: dict[str, str]


class ReportPublic(BaseModel):
    """One version of a state's report: a draft's figures are computed now, a submitted
    report's are those it was submitted with."""

    id: int
    declaration: str
    state: str
    period_from: str
    period_to: str
    version: int
    status: Literal["draft", "submitted", "superseded"]
    created_at: datetime
    submitted_at: datetime | None
    indicators: list[IndicatorFigures]


class ReportSummary(BaseModel):
    """A version in the list of a state's reports."""

    id: int
    period_from: str
    period_to: str
    version: int
    status: Literal["draft", "submitted", "superseded"]
    created_at: datetime
    submitted_at: datetime | None


class StateColumn(BaseModel):
    """One signatory in the combined report: its submitted figures, or `submitted` False."""

    state: str
    submitted: bool
    report_id: int | None = None
    version: int | None = None
    submitted_at: datetime | None = None
    indicators: list[IndicatorFigures] = []


class CombinedPublic(BaseModel):
    """Every signatory's submitted report for the period, and the counts added up over those
    that submitted (withheld where any part is)."""

    declaration: str
    name: str
    period_from: str
    period_to: str
    states: list[StateColumn]
    totals: list[IndicatorFigures]
