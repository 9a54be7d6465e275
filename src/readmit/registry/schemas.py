"""Register persons as shown to the requested state's verifiers."""

from datetime import date

from pydantic import BaseModel, ConfigDict


class RegisterPersonPublic(BaseModel):
    """A register entry."""

    model_config = ConfigDict(from_attributes=True)

    person_id: str
    national_id: str | None
    family_name: str
    given_names: str
    family_name_latin: str | None
    given_names_latin: str | None
    sex: str | None
    birth_date: date | None
    birth_place: str | None
    mother_name: str | None
    father_name: str | None
    passport_numbers: list[str]
