"""El Salvador: Latin-script names and the national ID number's check (documents.national_ids)."""

from readmit.countries import ALPHA2, CountryProfile
from readmit.documents.national_ids import validate_slv
from readmit.identity.profiles import generic_profile

PROFILE = CountryProfile(
    code="SLV", alpha2=ALPHA2["SLV"], names=generic_profile("SLV"), check_id=validate_slv
)
