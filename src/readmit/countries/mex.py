"""Mexico: Latin-script names and the national ID number's check (documents.national_ids)."""

from readmit.countries import ALPHA2, CountryProfile
from readmit.documents.national_ids import validate_mex
from readmit.identity.profiles import generic_profile

PROFILE = CountryProfile(
    code="MEX", alpha2=ALPHA2["MEX"], names=generic_profile("MEX"), check_id=validate_mex
)
