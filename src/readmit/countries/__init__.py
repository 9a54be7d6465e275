"""One home per country: what Readmit knows of a state's names, places and documents.

Each country with rules of its own has a module here (`chn`, `gtm`, …) that builds its
`CountryProfile`: how its register's names and foreign records about its nationals are keyed
and compared, its birthplace gazetteer and the length of its division codes, the script its
register writes names in, how its national ID numbers are checked (and upgraded from older
forms), and how a native name is written in a travel document's machine-readable zone. Any
other country gets the generic Latin-script profile. Adding a country is one new module here
plus its data; nothing else names a country.

Profiles are built on first use, so that this package can be imported by the modules the
profiles are made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readmit.documents.national_ids import NationalIdInfo
    from readmit.identity.gazetteer import Gazetteer
    from readmit.identity.profiles import Profile

# Modules of the countries with rules of their own.
MODULES = {"CHN": "chn", "GTM": "gtm", "SLV": "slv", "HND": "hnd", "MEX": "mex"}
# ISO 3166 alpha-2 of the states the product deals with (certificates, seals, holidays).
ALPHA2 = {
    "USA": "US", "CHN": "CN", "GTM": "GT", "SLV": "SV", "HND": "HN", "MEX": "MX", "PAK": "PK",
    "LKA": "LK", "GEO": "GE", "NOR": "NO", "CHE": "CH", "CRI": "CR", "AUS": "AU",
}  # fmt: skip


@dataclass(frozen=True)
class CountryProfile:
    """Everything country-specific, in one place."""

    code: str
    alpha2: str
    names: Profile
    place_digits: int | None = None  # length of the register's division codes
    native_script: tuple[str, Callable[[str], bool]] | None = None  # (what, test) of names
    gazetteer: Callable[[], Gazetteer] | None = None  # builds the birthplace gazetteer
    check_id: Callable[[str], NationalIdInfo] | None = None  # raises NationalIdError
    upgrade_id: Callable[[str], str] = str  # an older form of the ID number in today's
    mrz_name: Callable[[str, str], tuple[str, str]] | None = None  # native name → Latin
    # The area (prefecture, department) a division code lies in, None for a wider one: with
    # a surname and a year, an area is selective enough to find a person by.
    area: Callable[[str], str | None] | None = None


def generic(code: str) -> CountryProfile:
    """The profile of a country without rules of its own: Latin-script names."""
    from readmit.countries.iso import alpha2
    from readmit.identity.profiles import generic_profile

    return CountryProfile(code, ALPHA2.get(code) or alpha2(code) or code[:2], generic_profile(code))


@cache
def country(code: str) -> CountryProfile:
    """A country's profile by ISO alpha-3 code (the generic one for any other)."""
    code = code.strip().upper()
    module = MODULES.get(code)
    if module is None:
        return generic(code)
    built: CountryProfile = import_module(f"readmit.countries.{module}").PROFILE
    return built


def by_alpha2(code: str) -> str | None:
    """The alpha-3 code of an alpha-2 one, among the states the product knows."""
    return next((a3 for a3, a2 in ALPHA2.items() if a2 == code.strip().upper()), None)
