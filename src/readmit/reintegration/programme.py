"""A reintegration programme as its YAML file states it (data/*.yaml): the services it plans,
when follow-up surveys fall due, the survey's indicators with their answers and scores, the
formula's weights (readmit.reintegration.scoring applies them) and how long cases are kept.

Models are strict and forbid unknown keys: a typo in a weight would otherwise quietly change
every score. Weights must add up to 1 within each dimension and across the dimensions."""

import math
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, Self

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from readmit import yamlfile
from readmit.errors import NotFound
from readmit.i18n import _
from readmit.yamlfile import YamlFileError

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_FILE_BYTES = 200_000
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)
# Weights are decimals written by hand (0.34 + 0.33 + 0.33): equal to 1 up to float rounding.
TOLERANCE = 1e-9


def _key(value: str) -> str:
    if not KEY.match(value):
        raise ValueError(f"{value!r} is not a key such as job_placement")
    return value


Key = Annotated[str, AfterValidator(_key)]


def _distinct(keys: list[str], what: str) -> None:
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ValueError(f"{what} listed twice: {', '.join(twice)}")


class ServiceType(BaseModel):
    """A kind of service a plan may hold."""

    model_config = _STRICT

    key: Key
    label: str = Field(min_length=1, max_length=100)


class Schedule(BaseModel):
    """When follow-ups fall due: months after arrival, and the window around each due day."""

    model_config = _STRICT

    months: list[int] = Field(min_length=1, max_length=12)
    window_days: int = Field(ge=1, le=180)

    @field_validator("months")
    @classmethod
    def _increasing(cls, months: list[int]) -> list[int]:
        if any(m < 1 or m > 120 for m in months) or months != sorted(set(months)):
            raise ValueError("months must be distinct, from 1 to 120, listed in order")
        return months


class Dimension(BaseModel):
    """A dimension of reintegration and its weight in the overall score."""

    model_config = _STRICT

    key: Key
    label: str = Field(min_length=1, max_length=100)
    weight: float = Field(gt=0, le=1)


class Formula(BaseModel):
    """The dimensions and how many answered indicators a dimension needs to be scored."""

    model_config = _STRICT

    min_answered: int = Field(ge=1, le=15)
    dimensions: list[Dimension] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _weights(self) -> Self:
        _distinct([d.key for d in self.dimensions], "dimensions")
        total = sum(d.weight for d in self.dimensions)
        if not math.isclose(total, 1, abs_tol=TOLERANCE):
            raise ValueError(f"the dimensions' weights add up to {total:g}, not 1")
        return self


class Option(BaseModel):
    """One answer and its score from 0 (least sustainable) to 1; null: not applicable, the
    indicator counts as unanswered."""

    model_config = _STRICT

    key: Key
    label: str = Field(min_length=1, max_length=200)
    score: float | None = Field(ge=0, le=1)


class Indicator(BaseModel):
    """One survey question, its answers and its weight within its dimension."""

    model_config = _STRICT

    key: Key
    dimension: str
    weight: float = Field(gt=0, le=1)
    question: str = Field(min_length=1, max_length=300)
    options: list[Option] = Field(min_length=2, max_length=10)

    @field_validator("options")
    @classmethod
    def _distinct_options(cls, options: list[Option]) -> list[Option]:
        _distinct([o.key for o in options], "options")
        return options

    def option(self, key: str) -> Option | None:
        """The option with this key, if any."""
        return next((o for o in self.options if o.key == key), None)


class Retention(BaseModel):
    """How long a case is kept after it closes or its last follow-up ends, and then what."""

    model_config = _STRICT

    keep_months: int = Field(ge=1, le=240)
    then: Literal["delete", "reduce_to_statistics"]


class Programme(BaseModel):
    """A reintegration programme: services, follow-up schedule, survey, formula, retention."""

    model_config = _STRICT

    code: str = Field(pattern=r"^[a-z][a-z0-9-]{0,59}$")
    name: str = Field(min_length=1, max_length=200)
    version: str = Field(min_length=1, max_length=40, description="Stored with every score.")
    illustrative: bool = Field(description="Figures are examples, not the programme's own.")
    sources: list[str] = Field(default_factory=list, max_length=20)
    currency: str = Field(default="USD", description="Default ISO 4217 currency of budgets.")
    service_types: list[ServiceType] = Field(min_length=1, max_length=30)
    follow_up: Schedule
    formula: Formula
    indicators: list[Indicator] = Field(min_length=1, max_length=60)
    retention: Retention

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return checked_currency(value)

    @field_validator("service_types")
    @classmethod
    def _distinct_services(cls, service_types: list[ServiceType]) -> list[ServiceType]:
        _distinct([s.key for s in service_types], "service types")
        return service_types

    @field_validator("indicators")
    @classmethod
    def _consistent(cls, indicators: list[Indicator], info: ValidationInfo) -> list[Indicator]:
        _distinct([i.key for i in indicators], "indicators")
        formula = info.data.get("formula")
        if formula is None:
            return indicators  # the formula's own errors are reported
        known = {d.key for d in formula.dimensions}
        unknown = sorted({i.dimension for i in indicators} - known)
        if unknown:
            raise ValueError(f"indicators name unknown dimensions: {', '.join(unknown)}")
        for dimension in formula.dimensions:
            members = [i for i in indicators if i.dimension == dimension.key]
            if len(members) < formula.min_answered:
                raise ValueError(
                    f"dimension {dimension.key} has {len(members)} indicators, fewer than "
                    f"min_answered ({formula.min_answered}): it could never be scored"
                )
            total = sum(i.weight for i in members)
            if not math.isclose(total, 1, abs_tol=TOLERANCE):
                raise ValueError(
                    f"the weights of dimension {dimension.key} add up to {total:g}, not 1"
                )
        return indicators

    def of_dimension(self, key: str) -> list[Indicator]:
        """The dimension's indicators, in file order."""
        return [i for i in self.indicators if i.dimension == key]

    def indicator(self, key: str) -> Indicator | None:
        """The indicator with this key, if any."""
        return next((i for i in self.indicators if i.key == key), None)

    def service_type(self, key: str) -> ServiceType | None:
        """The service type with this key, if any."""
        return next((s for s in self.service_types if s.key == key), None)


def checked_currency(value: str) -> str:
    """An ISO 4217 alphabetic code, unchanged; ValueError otherwise."""
    if len(value) != 3 or not value.isupper() or pycountry.currencies.get(alpha_3=value) is None:
        raise ValueError(_("not an ISO 4217 currency code (such as USD)"))
    return value


class ProgrammeFileError(YamlFileError):
    """A programme file could not be read, parsed or validated."""


def load_programme_file(path: Path) -> Programme:
    """Read and validate a programme file; ProgrammeFileError names each field and line."""
    try:
        return yamlfile.read(path, Programme, what="programme file", max_bytes=MAX_FILE_BYTES)
    except YamlFileError as exc:
        raise ProgrammeFileError(str(exc)) from exc


@cache
def programmes() -> dict[str, Programme]:
    """Every programme shipped in data/, by code."""
    found = [load_programme_file(path) for path in sorted(DATA_DIR.glob("*.yaml"))]
    return {p.code: p for p in found}


def get(code: str) -> Programme:
    """A programme by code; NotFound otherwise."""
    found = programmes().get(code)
    if found is None:
        raise NotFound(_("No reintegration programme {code}.", code=code))
    return found
