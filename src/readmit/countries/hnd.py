"""Honduras: Latin-script names and the national ID number's check (documents.national_ids)."""

from readmit.countries import ALPHA2, CountryProfile
from readmit.documents.national_ids import validate_hnd
from readmit.identity.profiles import generic_profile

PROFILE = CountryProfile(
    code="HND", alpha2=ALPHA2["HND"], names=generic_profile("HND"), check_id=validate_hnd
)
